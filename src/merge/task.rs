//! The merge of one task's block (or of the lines between tasks) that both sides changed:
//! line by line, then part by part within a line, with conflict markers around exactly the
//! lines that cannot merge.
//!
//! Fields sit on their own lines (heading fields, bullet fields, bold fields, front-matter
//! keys, checklist items), so a line-level three-way comparison in which only changes to the
//! same line conflict already merges two fields of one task. Lines both sides changed go to
//! [`super::line`]. This module knows nothing about files or task identity.

use super::diff3::{Region, diff3_eq};
use super::line;
use super::scope::lines;

/// How conflict markers are written.
#[derive(Debug, Clone)]
pub(crate) struct Markers {
    /// Marker length (git's `%L`, 7 by default).
    pub size: usize,
    /// The file's line ending.
    pub eol: &'static str,
}

impl Markers {
    /// `ours` and `theirs` between standard conflict markers.
    pub(crate) fn wrap(&self, ours: &str, theirs: &str) -> String {
        let mut s = String::with_capacity(ours.len() + theirs.len() + 3 * self.size + 24);
        let line = |s: &mut String, c: char, label: &str| {
            s.extend(std::iter::repeat_n(c, self.size));
            if !label.is_empty() {
                s.push(' ');
                s.push_str(label);
            }
            s.push_str(self.eol);
        };
        let body = |s: &mut String, text: &str| {
            s.push_str(text);
            if !text.is_empty() && !text.ends_with('\n') {
                s.push_str(self.eol);
            }
        };
        line(&mut s, '<', "ours");
        body(&mut s, ours);
        line(&mut s, '=', "");
        body(&mut s, theirs);
        line(&mut s, '>', "theirs");
        s
    }
}

/// A merged text and how many conflicts it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Merged {
    pub text: String,
    pub conflicts: usize,
}

fn split_eol(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    (body, &line[body.len()..])
}

/// One line both sides changed, merged part by part (keeping ours' line ending).
fn merge_one(b: &str, o: &str, t: &str) -> Option<String> {
    if o == b {
        return Some(t.to_string());
    }
    if t == b || t == o {
        return Some(o.to_string());
    }
    let (bb, _) = split_eol(b);
    let (ob, oe) = split_eol(o);
    let (tb, _) = split_eol(t);
    line::merge_line(bb, ob, tb).map(|mut s| {
        s.push_str(oe);
        s
    })
}

/// Three-way merge of three texts by lines; lines both sides changed merge part by part;
/// what cannot merge is marked.
pub(crate) fn merge_text(b: &str, o: &str, t: &str, m: &Markers) -> Merged {
    let (bl, ol, tl) = (lines(b), lines(o), lines(t));
    let mut out = Merged {
        text: String::with_capacity(o.len().max(t.len()) + 8),
        conflicts: 0,
    };
    for r in diff3_eq(&bl, &ol, &tl, false) {
        match r {
            Region::Same { o, .. } | Region::Ours { o, .. } => {
                ol[o].iter().for_each(|l| out.text.push_str(l))
            }
            Region::Theirs { t, .. } => tl[t].iter().for_each(|l| out.text.push_str(l)),
            Region::Both { b, o, t } => both(&bl[b], &ol[o], &tl[t], m, &mut out),
        }
    }
    out
}

/// The key of a field line (`Owner: ana`, `- **Owner**: ana`, `owner: ana`), lower-cased.
fn field_key(line: &str) -> Option<String> {
    let s = line
        .trim_start()
        .trim_start_matches(['-', '*', '+'])
        .trim_start();
    let s = s.trim_start_matches('*');
    let colon = s.find(':')?;
    let key = s[..colon].trim_end_matches('*').trim();
    let plain = key
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '_' | '-'));
    (plain && !key.is_empty() && key.split_whitespace().count() <= 4).then(|| key.to_lowercase())
}

fn both(b: &[&str], o: &[&str], t: &[&str], m: &Markers, out: &mut Merged) {
    if b.is_empty()
        && o.iter().any(|ol| {
            t.iter()
                .any(|tl| field_key(ol).is_some() && field_key(ol) == field_key(tl))
        })
    {
        // Both added the same field with different values.
        out.text.push_str(&m.wrap(&o.concat(), &t.concat()));
        out.conflicts += 1;
        return;
    }
    if b.is_empty() {
        // Both added lines at one place: ours first, then theirs.
        o.iter().chain(t).for_each(|l| out.text.push_str(l));
        return;
    }
    if b.len() == o.len() && o.len() == t.len() {
        for i in 0..b.len() {
            match merge_one(b[i], o[i], t[i]) {
                Some(line) => out.text.push_str(&line),
                None => {
                    out.text.push_str(&m.wrap(o[i], t[i]));
                    out.conflicts += 1;
                }
            }
        }
        return;
    }
    out.text.push_str(&m.wrap(&o.concat(), &t.concat()));
    out.conflicts += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: Markers = Markers { size: 7, eol: "\n" };

    #[test]
    fn two_fields_on_adjacent_lines_merge() {
        let b = "### T-1: a\nPriority: P2\nStatus: TODO\n";
        let o = "### T-1: a\nPriority: P0\nStatus: TODO\n";
        let t = "### T-1: a\nPriority: P2\nStatus: DONE\n";
        let r = merge_text(b, o, t, &M);
        assert_eq!(r.text, "### T-1: a\nPriority: P0\nStatus: DONE\n");
        assert_eq!(r.conflicts, 0);
    }

    #[test]
    fn one_field_set_twice_is_marked_alone() {
        let b = "### T-1: a\nPriority: P2\nStatus: TODO\n";
        let o = "### T-1: a\nPriority: P0\nStatus: READY\n";
        let t = "### T-1: a\nPriority: P2\nStatus: DONE\n";
        let r = merge_text(b, o, t, &M);
        assert_eq!(r.conflicts, 1);
        assert_eq!(
            r.text,
            "### T-1: a\nPriority: P0\n<<<<<<< ours\nStatus: READY\n=======\nStatus: DONE\n>>>>>>> theirs\n"
        );
    }

    #[test]
    fn the_same_new_field_with_two_values_conflicts() {
        let b = "- [ ] **R-2** Docs\n";
        let o = "- [ ] **R-2** Docs\n  - Owner: ana\n";
        let t = "- [ ] **R-2** Docs\n  - Owner: bo\n";
        let r = merge_text(b, o, t, &M);
        assert_eq!(r.conflicts, 1);
        let t2 = "- [ ] **R-2** Docs\n  - Effort: S\n";
        let r = merge_text(b, o, t2, &M);
        assert_eq!(
            (r.conflicts, r.text.as_str()),
            (0, "- [ ] **R-2** Docs\n  - Owner: ana\n  - Effort: S\n")
        );
    }

    #[test]
    fn neighbouring_ticks_merge() {
        let b = "- [ ] a\n- [ ] b\n- [ ] c\n";
        let r = merge_text(
            b,
            "- [x] a\n- [ ] b\n- [ ] c\n",
            "- [ ] a\n- [x] b\n- [ ] c\n",
            &M,
        );
        assert_eq!(r.text, "- [x] a\n- [x] b\n- [ ] c\n");
    }

    #[test]
    fn marker_size_is_honoured() {
        let m = Markers {
            size: 3,
            eol: "\r\n",
        };
        assert_eq!(
            m.wrap("a", "b\r\n"),
            "<<< ours\r\na\r\n===\r\nb\r\n>>> theirs\r\n"
        );
    }
}
