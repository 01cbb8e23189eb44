//! How much of the three versions the merge parses: for a large file, only the parts around
//! what changed, found by a line comparison before any Markdown is parsed.
//!
//! Every changed line (on either side, against the ancestor) must name a task ID, or lie
//! under a heading or list item that does; those IDs are handed to
//! [`TaskFile::parse_related`], which reads exactly the parts of the file that mention them
//! (with the same tasks, spans and section paths a whole parse gives). The rest of the file
//! is the same in all three versions and is merged as unchanged lines. When a changed line
//! names no ID, or a version would be parsed whole anyway, all three are parsed whole, so
//! the three models always have the same scope.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::document::Document;
use crate::model::{StateMap, scan_ids};
use crate::parse::{Scope, TaskFile};

/// Below this total size the whole files are parsed: it is fast, and it checks more.
pub(crate) const RELATED_FROM: usize = 512 * 1024;

/// How many lines above a changed line are searched for the task it belongs to.
const LOOK_BACK: usize = 400;

/// The ID-led lines above `at` in `lines` (the nearest heading, and the nearest line less
/// indented than each line on the way), as far as the first heading.
fn owners<'a>(lines: &[&'a str], at: usize, out: &mut Vec<&'a str>) {
    let mut indent = usize::MAX;
    for i in (at.saturating_sub(LOOK_BACK)..at).rev() {
        let line = lines[i];
        let body = line.trim_start();
        if body.trim().is_empty() {
            continue;
        }
        let this = line.len() - body.len();
        if body.starts_with('#') {
            out.push(line);
            return;
        }
        if this < indent {
            out.push(line);
            indent = this;
        }
    }
}

/// The task IDs the changes between `base` and `side` touch, added to `ids`; `false` when a
/// change names none (the caller then parses whole).
fn touched(base: &[&str], side: &[&str], ids: &mut Vec<String>) -> bool {
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        let mut lines: Vec<&str> = Vec::new();
        for (seq, range) in [(base, op.old_range()), (side, op.new_range())] {
            lines.extend(&seq[range.clone()]);
            owners(seq, range.start, &mut lines);
        }
        let mut named = false;
        for line in lines {
            for r in scan_ids(line) {
                named = true;
                let id = &line[r];
                if !ids.iter().any(|x| x == id) {
                    ids.push(id.to_string());
                }
            }
        }
        if !named {
            return false;
        }
    }
    true
}

/// The lines of `s`, each with its line ending (as `split_inclusive('\n')` gives them, but
/// found with one vectorised scan: the merge splits three whole files).
pub(crate) fn lines(s: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(s.len() / 32 + 1);
    let mut at = 0;
    for nl in memchr::memchr_iter(b'\n', s.as_bytes()) {
        out.push(&s[at..nl + 1]);
        at = nl + 1;
    }
    if at < s.len() {
        out.push(&s[at..]);
    }
    out
}

/// Parses the three versions with one scope: related to the changed tasks when the files are
/// large and every change names its task, else whole.
pub(crate) fn parse_three(path: &str, b: &str, o: &str, t: &str) -> [TaskFile; 3] {
    let texts = [b, o, t];
    let size = b.len() + o.len() + t.len();
    let whole = || {
        each3(size, |i| {
            TaskFile::parse(Document::from_string(path, texts[i].to_string()))
        })
    };
    if size < RELATED_FROM {
        return whole();
    }
    let [bl, ol, tl] = each3(size, |i| lines(texts[i]));
    // Both sides' changes against the ancestor, compared at once.
    let [(ours_named, ours_ids), (theirs_named, theirs_ids), _] = each3(size, |i| {
        let mut ids = Vec::new();
        let named = match i {
            0 => touched(&bl, &ol, &mut ids),
            1 => touched(&bl, &tl, &mut ids),
            _ => true,
        };
        (named, ids)
    });
    let mut ids = ours_ids;
    for id in theirs_ids {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if !ours_named || !theirs_named || ids.is_empty() {
        return whole();
    }
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let states = StateMap::default();
    let files = each3(size, |i| {
        TaskFile::parse_related(
            Document::from_string(path, texts[i].to_string()),
            &states,
            &refs,
        )
    });
    if files.iter().any(|f| f.scope == Scope::Whole) {
        return whole();
    }
    files
}

/// `f` of 0, 1 and 2, on threads of their own when `bytes` of input make that pay
/// ([`crate::par::parts_for`]), in order.
pub(crate) fn each3<R: Send>(bytes: usize, f: impl Fn(usize) -> R + Sync) -> [R; 3] {
    let out: Vec<R> = if crate::par::parts_for(bytes) > 1 {
        crate::par::map(&[0..1, 1..2, 2..3], |r| f(r.start))
    } else {
        (0..3).map(&f).collect()
    };
    let mut out = out.into_iter();
    match (out.next(), out.next(), out.next()) {
        (Some(a), Some(b), Some(c)) => [a, b, c],
        _ => unreachable!("three results for three inputs"),
    }
}

/// The highest number after `prefix` in any ID-like token of `text` (`T-` and `T-0042` →
/// 42), for a next free ID that no unparsed part of the file holds.
pub(crate) fn highest_number(text: &str, prefix: &str) -> u64 {
    crate::model::highest_number(text.as_bytes(), prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_found_with_their_task() {
        let b = "# P\n\n### T-1: a\nStatus: X\n- [ ] one\n\n### T-2: b\nStatus: Y\n";
        let o = b.replace("- [ ] one", "- [x] one");
        let t = b.replace("Status: Y", "Status: Z");
        let (bl, ol, tl) = (lines(b), lines(&o), lines(&t));
        let mut ids = Vec::new();
        assert!(touched(&bl, &ol, &mut ids));
        assert!(touched(&bl, &tl, &mut ids));
        assert_eq!(ids, ["T-1", "T-2"]);
        let mut none = Vec::new();
        assert!(!touched(&["a\n"], &["b\n"], &mut none));
    }

    #[test]
    fn lines_split_like_split_inclusive() {
        for s in ["", "a", "a\n", "a\r\n\nb", "\n\n", "é\nü"] {
            assert_eq!(
                lines(s),
                s.split_inclusive('\n').collect::<Vec<_>>(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn highest_numbers() {
        assert_eq!(highest_number("T-9 T-0042 XT-99 T-", "T-"), 42);
    }
}
