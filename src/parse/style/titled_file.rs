//! Titled task file: a file that is one task whose title heading is not an ID
//! (`# [Reviewer] Audit the imports`), known by the field lines under that heading
//! (`**ID:** JOB-7`, `**Status:** PLANNED`). Its checklists (`## Subtasks`) are the task's
//! checklist, not tasks of their own.
//!
//! The file opens with its only `#` heading, has no front matter, and has at least two field
//! lines the alias table knows before its next heading; one of them is an `ID` field naming an
//! ID, or, inside a task folder, a `Status` field. No later heading may be a task heading
//! (`### T-4: …`): a list with a fielded preamble stays a list. A title that is ID-led or says
//! `Task:` is the one-task-file notation's; the task is read, edited and moved like its tasks.

use crate::model::{FieldKey, Task, TaskStyle, canonical_key, scan_ids};
use crate::parse::TaskFile;

use super::super::inline::field_at;
use super::super::scan::{Line, LineKind};
use super::heading::id_led_heading;
use super::one_task_file::{
    file_name_id, file_task_heading, in_task_folder, opening_h1, task_of_file,
};
use super::{FileInput, Notation};

/// The titled-task-file notation in the registry.
pub(super) struct TitledFile;

impl Notation for TitledFile {
    fn name(&self) -> &'static str {
        "titled task file"
    }

    fn read_file(&self, input: &FileInput) -> Option<Vec<Task>> {
        if input.front_matter.is_some() || input.h1_count != 1 {
            return None;
        }
        let text = input.doc.text();
        let lines = input.lines;
        let h1 = opening_h1(lines, input.from)?;
        let LineKind::Heading { text: ht, .. } = lines[h1].kind() else {
            return None;
        };
        if file_task_heading(&text[ht.range()]) {
            return None;
        }
        let next = (h1 + 1..lines.len())
            .find(|&j| matches!(lines[j].kind(), LineKind::Heading { .. }))
            .unwrap_or(lines.len());
        let keys = head_keys(text, &lines[h1 + 1..next]);
        let named = keys.iter().any(|(k, id)| *k == FieldKey::Id && *id);
        let status = keys.iter().any(|(k, _)| *k == FieldKey::Status);
        // A file named by a task ID (`TASK-001-1-write-tests.md`) is one task's, as a file in
        // a task folder is.
        let own_file = in_task_folder(input.doc) || file_name_id(input.doc).is_some();
        if keys.len() < 2 || !(named || (status && own_file)) {
            return None;
        }
        let task_heading = lines[next..].iter().any(|l| match l.kind() {
            LineKind::Heading { text: t, .. } => id_led_heading(&text[t.range()]),
            _ => false,
        });
        if task_heading {
            return None;
        }
        Some(vec![task_of_file(
            input.doc,
            lines,
            input.states,
            None,
            input.from,
            Some(h1),
        )])
    }

    fn label(&self, task: &Task, file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::File
            && file.front_matter.is_none()
            && file
                .headings
                .first()
                .is_some_and(|h| !file_task_heading(file.heading_text(h))))
        .then_some(
            "task file (a title heading with no ID, the ID read from the field lines under it)",
        )
    }
}

/// The known keys of the field lines (plain or `- ` bullets, no checkbox) among `lines`, each
/// with whether its value names an ID.
fn head_keys(text: &str, lines: &[Line]) -> Vec<(FieldKey, bool)> {
    lines
        .iter()
        .filter_map(|l| {
            let start = match l.kind() {
                LineKind::Item {
                    content,
                    checkbox: None,
                    ..
                } => content,
                LineKind::Text if l.indent() < 4 => l.text_start(),
                _ => return None,
            };
            let c = &text[start..l.end()];
            let m = field_at(c)?;
            let key = canonical_key(&c[m.key.clone()])?;
            Some((key, !scan_ids(&c[m.value]).is_empty()))
        })
        .collect()
}

/// True when the text after a lone title heading that ends at `from`, up to `until` (the
/// start of the next heading, as the outline finds headings: exactly, so a `#` line that is
/// no heading does not end the region), holds two field lines or more, so the file may be
/// one titled task file and the windowed parse must leave it to the whole parse. Looser than
/// the rule itself, never stricter.
pub(crate) fn may_be_titled_file(text: &str, from: usize, until: usize) -> bool {
    let mut fields = 0;
    // From the line after the heading's (whose rest may hold closing `#`s).
    let from = super::lines::end_of_line(text, from).min(until);
    for line in text[from..until].lines() {
        let t = line.trim_start();
        let t = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .unwrap_or(t);
        if field_at(t).is_some_and(|m| canonical_key(&t[m.key]).is_some()) {
            fields += 1;
            if fields >= 2 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::model::TaskStyle;
    use crate::{Document, TaskFile};

    fn parse(name: &str, text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string(name, text.to_string()))
    }

    #[test]
    fn a_title_heading_with_an_id_field_is_one_task() {
        let f = parse(
            "job.md",
            "# [Reviewer] Audit\n\n**ID:** JOB-7\n**Status:** PLANNED\n\n## Subtasks\n- [ ] a\n- [x] b\n",
        );
        assert_eq!(f.tasks.len(), 1);
        let t = &f.tasks[0];
        assert_eq!(
            (t.id(), t.title.value.as_str()),
            (Some("JOB-7"), "[Reviewer] Audit")
        );
        assert_eq!(t.progress(), (1, 2));
    }

    #[test]
    fn a_list_with_a_fielded_preamble_stays_a_list() {
        for (name, text) in [
            (
                "TODO.md",
                "# Plan\nOwner: ana\nStatus: active\n\n- [ ] a\n- [ ] b\n",
            ),
            (
                "TODO.md",
                "# Plan\nID: PLAN-1\nStatus: active\n\n### T-1: a\n",
            ),
            ("TODO.md", "# Plan\nID: PLAN-1\n\n- [ ] a\n"),
        ] {
            let f = parse(name, text);
            assert!(
                f.tasks.iter().all(|t| t.style != TaskStyle::File) && !f.tasks.is_empty(),
                "{text:?}"
            );
        }
        let f = parse(
            "tasks/audit.md",
            "# Audit\nOwner: ana\nStatus: open\n\n- [ ] a\n",
        );
        assert_eq!(f.tasks.len(), 1, "inside a task folder a status will do");
    }

    #[test]
    fn a_file_named_by_a_task_id_is_one_task_with_a_status() {
        let text =
            "# Write the tests\n\n**Status**: Active\n**Priority**: HIGH\n\n## Steps\n- [ ] one\n";
        let f = parse("TASK-001-1-write-tests.md", text);
        assert_eq!(f.tasks.len(), 1);
        assert_eq!(f.tasks[0].id(), Some("TASK-001-1"));
        for name in ["notes.md", "TODO.md"] {
            let f = parse(name, text);
            assert!(f.tasks.iter().all(|t| t.style != TaskStyle::File), "{name}");
        }
        let f = parse("T-013-fix-login.md", text);
        assert_eq!(f.tasks[0].id(), Some("T-013"));
    }

    #[test]
    fn the_windowed_parse_is_told_when_to_stand_aside() {
        let text = "# A #\nID: A-1\n- Status: x\n";
        assert!(super::may_be_titled_file(text, 4, text.len()));
        let text = "# A\nID: A-1\n## B\nStatus: x\n";
        assert!(!super::may_be_titled_file(text, 3, 13));
        // Found by the `load` fuzz target: a `#` line that is no heading (`#??# x`) does not
        // end the title's region, as it does not for the whole parse.
        let text = "# Title\n- [x.\n\n#??# Task\n- **ID**: A-6.3\n- **Type**: `BUG`\n";
        assert!(super::may_be_titled_file(text, 7, text.len()));
    }
}
