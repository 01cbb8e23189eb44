//! New IDs both sides gave to different tasks, and the renumbering of theirs.
//!
//! Two clones that each `todo add` a task pick the same next ID. The merge keeps ours and
//! gives theirs the next ID free in all three versions (and in any ID the caller knows of,
//! such as the project's other files), rewriting every mention of it in theirs' text: the ID
//! is new on their side, so every mention there is theirs' own addition.

use std::collections::HashSet;

use crate::document::Span;
use crate::model::TaskStyle;

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

/// True when the file is one task (a one-task file: front matter, or a titled file).
pub(crate) fn one_task_file(file: &TaskFile) -> bool {
    matches!(&file.tasks[..], [t] if t.style == TaskStyle::File)
}

fn ids(file: &TaskFile) -> impl Iterator<Item = &str> {
    file.tasks.iter().filter_map(|t| t.id())
}

/// The renumberings the merge needs. When ours and theirs added the same ID to tasks with
/// different text, theirs' added IDs of that prefix, from the first colliding one on, take
/// the next IDs free in every version (and in `extra`, IDs in use elsewhere), in their order:
/// what `todo add` would have given them after ours' additions.
pub(crate) fn collisions(
    base: &TaskFile,
    ours: &TaskFile,
    theirs: &TaskFile,
    extra: &[String],
    texts: &[&str],
) -> Vec<Renumbering> {
    let in_base: HashSet<&str> = ids(base).collect();
    let one_task_base = one_task_file(base);
    // Theirs' additions: (prefix, number, width, id), and whether each collides.
    let mut added: Vec<(&str, u64, usize, &str, bool)> = Vec::new();
    for t in &theirs.tasks {
        let Some(id) = t.id() else { continue };
        if in_base.contains(id) || added.iter().any(|a| a.3 == id) {
            continue;
        }
        let Some((prefix, n, width)) = split_number(id) else {
            continue;
        };
        // A file that is one task is the same task on both sides whatever ID each gave it:
        // two versions of it are merged as one task, never renumbered apart.
        let collides = ours.find(id).is_some_and(|o| {
            ours.doc.slice(o.span) != theirs.doc.slice(t.span)
                && !(one_task_base && o.style == TaskStyle::File && t.style == TaskStyle::File)
        });
        added.push((prefix, n, width, id, collides));
    }
    added.sort_by_key(|a| (a.0, a.1));
    let mut out = Vec::new();
    let mut prefixes: Vec<&str> = added.iter().filter(|a| a.4).map(|a| a.0).collect();
    prefixes.dedup();
    for prefix in prefixes {
        let group: Vec<_> = added.iter().filter(|a| a.0 == prefix).collect();
        let lowest = group.iter().filter(|a| a.4).map(|a| a.1).min().unwrap_or(0);
        let moving: Vec<_> = group
            .iter()
            .filter(|a| a.1 >= lowest && (a.4 || ours.find(a.3).is_none()))
            .collect();
        let kept = group
            .iter()
            .filter(|a| !moving.iter().any(|m| m.3 == a.3))
            .map(|a| a.3);
        let used: HashSet<String> = ids(base)
            .chain(ids(ours))
            .chain(kept)
            .map(str::to_string)
            .chain(extra.iter().cloned())
            .collect();
        // Parts of a large file may not be parsed: the texts' own mentions count too, but
        // not theirs' additions being renumbered.
        let in_texts = texts[..texts.len().min(2)]
            .iter()
            .map(|t| super::scope::highest_number(t, prefix))
            .max()
            .unwrap_or(0);
        let mut next = used
            .iter()
            .filter_map(|u| split_number(u).filter(|(p, _, _)| *p == prefix))
            .map(|(_, n, _)| n)
            .chain([in_texts])
            .max()
            .unwrap_or(0);
        for m in moving {
            let to = loop {
                next += 1;
                let candidate = format!("{prefix}{next:0w$}", w = m.2);
                if !used.contains(&candidate) {
                    break candidate;
                }
            };
            out.push(Renumbering {
                from: m.3.to_string(),
                to,
            });
        }
    }
    out
}

/// [`rewrite`] applied to theirs' additions: the lines of `tasks` (the spans of theirs' tasks
/// that carry a renumbered ID, added on their side as a whole) and every line of `theirs` the
/// ancestor does not hold. A line the ancestor already had elsewhere is not theirs' addition,
/// so a mention there (a column named like the ID, a note about another file's task) keeps
/// its bytes; so does a field's key (`AC T-002:` names the field, not the task). `keys` are
/// the key spans of theirs' fields, sorted; `ids` the spans of the renumbered tasks' IDs, which
/// are rewritten whatever stands next to them (`### -T000: Title` reads as ID `T000`).
pub(crate) fn rewrite_added(
    theirs: &str,
    base: &str,
    tasks: &[Span],
    ids: &[Span],
    keys: &[Span],
    map: &[Renumbering],
) -> String {
    let old: HashSet<&str> = base.split_inclusive('\n').map(|l| l.trim_end()).collect();
    let mut out = String::with_capacity(theirs.len() + 8);
    let mut at = 0;
    for line in theirs.split_inclusive('\n') {
        let (start, end) = (at, at + line.len());
        at = end;
        let in_task = tasks
            .iter()
            .any(|t| t.start < end && start < t.end.max(t.start + 1));
        if !in_task && old.contains(line.trim_end()) {
            out.push_str(line);
            continue;
        }
        // The keys on this line, relative to it: their bytes stay.
        let first = keys.partition_point(|k| k.end <= start);
        let kept: Vec<Span> = keys[first..]
            .iter()
            .take_while(|k| k.start < end)
            .map(|k| Span::new(k.start.saturating_sub(start), k.end - start.min(k.end)))
            .collect();
        let exact: Vec<Span> = ids
            .iter()
            .filter(|x| start <= x.start && x.start < end)
            .map(|x| Span::new(x.start - start, x.end - start))
            .collect();
        out.push_str(&rewrite_except(line, map, &kept, &exact));
    }
    out
}

/// `text` with every whole-ID mention of each `from` replaced by its `to`, all at once (so
/// that `T-2 → T-3, T-3 → T-4` does not turn `T-2` into `T-4`).
#[cfg(test)]
fn rewrite(text: &str, map: &[Renumbering]) -> String {
    rewrite_except(text, map, &[], &[])
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// [`rewrite`], leaving the mentions that start inside `kept` as they are.
/// A mention that starts at one of `exact` (where the model read the ID itself) is replaced
/// whatever stands next to it.
fn rewrite_except(text: &str, map: &[Renumbering], kept: &[Span], exact: &[Span]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    let mut i = 0;
    while i < text.len() {
        let inside_kept = kept.iter().any(|k| k.start <= i && i < k.end);
        let exact_len = exact.iter().find(|x| x.start == i).map(|x| x.end - x.start);
        let hit = map.iter().find(|r| match exact_len {
            Some(len) => r.from.len() == len && text[i..].starts_with(&r.from),
            None => {
                !inside_kept && text[i..].starts_with(&r.from) && {
                    let e = i + r.from.len();
                    // Underscores next to an ID are emphasis (`__T-002__`) unless a word goes on
                    // beyond them, as the heading reader takes them.
                    let before = text[..i].trim_end_matches('_').chars().next_back();
                    let rest = &text[e..];
                    let after = rest.trim_start_matches('_').chars().next();
                    let after2 = rest.chars().nth(1);
                    let glued_before = before.is_some_and(|c| id_char(c) || c == '-' || c == '.');
                    let glued_after = after.is_some_and(id_char)
                        || (matches!(rest.chars().next(), Some('-' | '.'))
                            && after2.is_some_and(id_char));
                    !glued_before && !glued_after
                }
            }
        });
        match hit {
            Some(r) => {
                out.push_str(&text[at..i]);
                out.push_str(&r.to);
                i += r.from.len();
                at = i;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out.push_str(&text[at..]);
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
    fn a_line_the_ancestor_had_is_not_rewritten() {
        let map = [Renumbering {
            from: "F-1".into(),
            to: "F-2".into(),
        }];
        let base = "| ID | Task | Status (F-1) |\n| T-1 | a | TODO |\n";
        let theirs = "| ID | Task | Status (F-1) |\n| T-1 | a | TODO |\n- [ ] **F-1** new\n";
        assert_eq!(
            rewrite_added(theirs, base, &[], &[], &[], &map),
            "| ID | Task | Status (F-1) |\n| T-1 | a | TODO |\n- [ ] **F-2** new\n"
        );
    }

    #[test]
    fn a_renumbered_task_is_rewritten_even_where_the_ancestor_had_its_line() {
        let map = [Renumbering {
            from: "task-7".into(),
            to: "task-8".into(),
        }];
        let base = "note\nid: task-7\n";
        let theirs = "---\nid: task-7\n---\n";
        let span = Span::new(0, theirs.len());
        assert_eq!(
            rewrite_added(theirs, base, &[span], &[], &[], &map),
            "---\nid: task-8\n---\n"
        );
    }

    #[test]
    fn a_field_key_that_names_the_id_keeps_its_bytes() {
        let map = [Renumbering {
            from: "T-2".into(),
            to: "T-4".into(),
        }];
        let theirs = "### T-2: b\nAC T-2: yes, see T-2\n";
        let key = Span::new(11, 17);
        assert_eq!(&theirs[key.range()], "AC T-2");
        assert_eq!(
            rewrite_added(theirs, "", &[Span::new(0, theirs.len())], &[], &[key], &map),
            "### T-4: b\nAC T-2: yes, see T-4\n"
        );
    }

    #[test]
    fn the_id_the_model_read_is_rewritten_whatever_stands_next_to_it() {
        let map = [Renumbering {
            from: "T000".into(),
            to: "T001".into(),
        }];
        let theirs = "### -T000: Parser\nsee -T000\n";
        assert_eq!(
            rewrite_added(
                theirs,
                "",
                &[Span::new(0, 18)],
                &[Span::new(5, 9)],
                &[],
                &map
            ),
            "### -T001: Parser\nsee -T000\n"
        );
    }

    #[test]
    fn an_id_in_emphasis_is_rewritten_and_one_inside_a_word_is_not() {
        let map = [Renumbering {
            from: "T-2".into(),
            to: "T-4".into(),
        }];
        assert_eq!(rewrite("### __T-2: a\n", &map), "### __T-4: a\n");
        assert_eq!(rewrite("_T-2_ and **T-2**", &map), "_T-4_ and **T-4**");
        assert_eq!(
            rewrite("XT-2 T-21 T-2a a_T-2 T-2_b T-2.5", &map),
            "XT-2 T-21 T-2a a_T-2 T-2_b T-2.5"
        );
    }

    #[test]
    fn theirs_takes_the_next_free_id() {
        let base = file("### T-009: a\n");
        let ours = file("### T-009: a\n\n### T-010: b\n");
        let theirs = file("### T-009: a\n\n### T-010: c\n");
        let r = collisions(&base, &ours, &theirs, &["T-011".to_string()], &[]);
        assert_eq!(
            r,
            vec![Renumbering {
                from: "T-010".into(),
                to: "T-012".into()
            }]
        );
    }

    #[test]
    fn theirs_later_additions_move_up_in_order() {
        let base = file("### T-1: a\n");
        let ours = file("### T-1: a\n\n### T-2: b\n");
        let theirs = file("### T-1: a\n\n### T-2: c\n\n### T-3: d\nDependencies: T-2\n");
        let r = collisions(&base, &ours, &theirs, &[], &[]);
        let pairs: Vec<(&str, &str)> = r.iter().map(|r| (r.from.as_str(), r.to.as_str())).collect();
        assert_eq!(pairs, [("T-2", "T-3"), ("T-3", "T-4")]);
        assert_eq!(
            rewrite("### T-2: c\n### T-3: d\nDependencies: T-2\n", &r),
            "### T-3: c\n### T-4: d\nDependencies: T-3\n"
        );
    }

    #[test]
    fn identical_additions_are_not_collisions() {
        let base = file("### T-1: a\n");
        let both = file("### T-1: a\n\n### T-2: b\n");
        assert!(collisions(&base, &both, &both, &[], &[]).is_empty());
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
