//! New IDs both sides gave to different tasks, and the renumbering of theirs.
//!
//! Two clones that each `todo add` a task pick the same next ID. The merge keeps ours and
//! gives theirs the next ID free in all three versions (and in any ID the caller knows of,
//! such as the project's other files), rewriting every mention of it in theirs' text: the ID
//! is new on their side, so every mention there is theirs' own addition.

use std::collections::HashSet;

use crate::parse::TaskFile;

/// An ID and what it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renumbering {
    /// The ID both sides added.
    pub from: String,
    /// Theirs' new ID.
    pub to: String,
}

/// The ID split into the text before its last run of digits and that number (with its width).
fn split_number(id: &str) -> Option<(&str, u64, usize)> {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 18 {
        return None;
    }
    let at = id.len() - digits;
    Some((&id[..at], id[at..].parse().ok()?, digits))
}

fn ids(file: &TaskFile) -> impl Iterator<Item = &str> {
    file.tasks.iter().filter_map(|t| t.id())
}

/// The renumberings the merge needs: one per ID that ours and theirs both added to tasks
/// with different text. `extra` holds further IDs in use elsewhere.
pub(crate) fn collisions(
    base: &TaskFile,
    ours: &TaskFile,
    theirs: &TaskFile,
    extra: &[String],
) -> Vec<Renumbering> {
    let in_base: HashSet<&str> = ids(base).collect();
    let mut used: HashSet<String> = ids(base)
        .chain(ids(ours))
        .chain(ids(theirs))
        .map(str::to_string)
        .chain(extra.iter().cloned())
        .collect();
    let mut out = Vec::new();
    for t in &theirs.tasks {
        let Some(id) = t.id() else { continue };
        if in_base.contains(id) || out.iter().any(|r: &Renumbering| r.from == id) {
            continue;
        }
        let Some(o) = ours.find(id) else { continue };
        if ours.doc.slice(o.span) == theirs.doc.slice(t.span) {
            continue;
        }
        let Some((prefix, _, width)) = split_number(id) else {
            continue;
        };
        let mut next = used
            .iter()
            .filter_map(|u| split_number(u).filter(|(p, _, _)| *p == prefix))
            .map(|(_, n, _)| n)
            .max()
            .unwrap_or(0)
            + 1;
        let to = loop {
            let candidate = format!("{prefix}{next:0width$}");
            if !used.contains(&candidate) {
                break candidate;
            }
            next += 1;
        };
        used.insert(to.clone());
        out.push(Renumbering {
            from: id.to_string(),
            to,
        });
    }
    out
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `text` with every whole-ID mention of each `from` replaced by its `to`.
pub(crate) fn rewrite(text: &str, map: &[Renumbering]) -> String {
    let mut out = text.to_string();
    for r in map {
        let mut next = String::with_capacity(out.len());
        let mut at = 0;
        while let Some(i) = out[at..].find(&r.from) {
            let s = at + i;
            let e = s + r.from.len();
            let before = out[..s].chars().next_back();
            let after = out[e..].chars().next();
            let after2 = out[e..].chars().nth(1);
            let glued_before = before.is_some_and(|c| id_char(c) || c == '-' || c == '.');
            let glued_after = after.is_some_and(id_char)
                || (matches!(after, Some('-' | '.')) && after2.is_some_and(id_char));
            next.push_str(&out[at..s]);
            next.push_str(if glued_before || glued_after {
                &r.from
            } else {
                &r.to
            });
            at = e;
        }
        next.push_str(&out[at..]);
        out = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn file(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    }

    #[test]
    fn theirs_takes_the_next_free_id() {
        let base = file("### T-009: a\n");
        let ours = file("### T-009: a\n\n### T-010: b\n");
        let theirs = file("### T-009: a\n\n### T-010: c\n");
        let r = collisions(&base, &ours, &theirs, &["T-011".to_string()]);
        assert_eq!(
            r,
            vec![Renumbering {
                from: "T-010".into(),
                to: "T-012".into()
            }]
        );
    }

    #[test]
    fn identical_additions_are_not_collisions() {
        let base = file("### T-1: a\n");
        let both = file("### T-1: a\n\n### T-2: b\n");
        assert!(collisions(&base, &both, &both, &[]).is_empty());
    }

    #[test]
    fn only_whole_ids_are_rewritten() {
        let map = [Renumbering {
            from: "T-14".into(),
            to: "T-15".into(),
        }];
        assert_eq!(
            rewrite("T-14 T-144 T-14.1 XT-14 (T-14), T-14.", &map),
            "T-15 T-144 T-14.1 XT-14 (T-15), T-15."
        );
    }
}
