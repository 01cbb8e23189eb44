//! Field-level edits: set a field, tick a checkbox, refresh a `Last Updated:` date. Every edit
//! is built from model spans and copies the file's own spelling. How a value is replaced or a
//! field inserted depends on the task's notation, so those go through the notation registry
//! (`parse::style`); this module must not match on a notation itself.

use crate::document::Span;
use crate::edit::Edit;
use crate::model::{Field, Task};
use crate::parse::TaskFile;
use crate::parse::style;

pub use crate::parse::style::{end_of_line, key_spelling};

/// Edits that give `task` the field `key` with `value`: the value replaced in place when the
/// field exists, else a new field written as the task's notation writes one.
pub fn set_field(
    file: &TaskFile,
    task: &Task,
    key: &str,
    value: &str,
) -> Result<Vec<Edit>, String> {
    if let Some(f) = task.field_named(key) {
        return replace_everywhere(file, task, f, value);
    }
    Ok(vec![insert_field(file, task, key, value)?])
}

/// Replaces `f`'s value and every other place `task` writes the same field (the cell of its
/// index row, see [`style::copies`]), so the places cannot disagree.
pub fn replace_everywhere(
    file: &TaskFile,
    task: &Task,
    f: &Field,
    value: &str,
) -> Result<Vec<Edit>, String> {
    let mut edits = vec![replace_value(file, f, value)?];
    for copy in style::copies(task, f) {
        if copy.value != value {
            edits.push(replace_value(file, copy, value)?);
        }
    }
    Ok(edits)
}

/// Replaces a field's value in the field's own notation (see [`style::replace_value`]).
pub fn replace_value(file: &TaskFile, f: &Field, value: &str) -> Result<Edit, String> {
    style::replace_value(file, f, value)
}

/// A new field, written as the task's notation writes one (see [`style::insert_field`]).
pub fn insert_field(file: &TaskFile, task: &Task, key: &str, value: &str) -> Result<Edit, String> {
    style::insert_field(file, task, key, value)
}

/// Ticks or unticks a checklist item (or a checkbox task's own box).
pub fn tick(mark: Span, done: bool) -> Edit {
    Edit {
        span: mark,
        replacement: if done { "[x]" } else { "[ ]" }.to_string(),
    }
}

/// The edit that sets a `Last Updated:` header line (before the first task) to `today`, in the
/// date format the line already uses. `None` when the file has no such line or it is current.
pub fn touch_date(file: &TaskFile, today: chrono::NaiveDate) -> Option<Edit> {
    let header = file.last_updated.as_ref()?;
    Some(Edit {
        span: header.span,
        replacement: header.rewrite(today)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::edit::apply;

    fn file(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    }

    fn run(text: &str, f: impl Fn(&TaskFile) -> Vec<Edit>) -> String {
        let tf = file(text);
        apply(text, &f(&tf)).unwrap()
    }

    #[test]
    fn replaces_in_place_and_inserts_in_order_and_style() {
        let text = "### T-1: A\r\n- **Priority**: P2\r\n- **Status**: READY\r\n";
        assert_eq!(
            run(text, |f| set_field(f, &f.tasks[0], "status", "DONE")
                .unwrap()),
            "### T-1: A\r\n- **Priority**: P2\r\n- **Status**: DONE\r\n"
        );
        assert_eq!(
            run(text, |f| set_field(f, &f.tasks[0], "owner", "ana").unwrap()),
            "### T-1: A\r\n- **Priority**: P2\r\n- **Owner**: ana\r\n- **Status**: READY\r\n"
        );
        let plain = "### T-1: A\nStatus: READY\nBlocker:\nEffort: S";
        assert_eq!(
            run(plain, |f| set_field(f, &f.tasks[0], "blocker", "T-2")
                .unwrap()),
            "### T-1: A\nStatus: READY\nBlocker: T-2\nEffort: S"
        );
        assert_eq!(
            run(plain, |f| set_field(f, &f.tasks[0], "priority", "P1")
                .unwrap()),
            "### T-1: A\nPriority: P1\nStatus: READY\nBlocker:\nEffort: S"
        );
        let item = "- [ ] T-1: A\n  - [ ] step\n- [ ] T-2: B\n";
        assert_eq!(
            run(item, |f| set_field(f, &f.tasks[0], "priority", "P1")
                .unwrap()),
            "- [ ] T-1: A\n  - Priority: P1\n  - [ ] step\n- [ ] T-2: B\n"
        );
        let deep = "- [x] 1.1. A\n     - detail\n- [x] 1.2. B\n";
        assert_eq!(
            run(deep, |f| set_field(f, &f.tasks[0], "priority", "P1")
                .unwrap()),
            "- [x] 1.1. A\n     - Priority: P1\n     - detail\n- [x] 1.2. B\n"
        );
        assert_eq!(
            run(plain, |f| set_field(f, &f.tasks[0], "notes", "x").unwrap()),
            "### T-1: A\nStatus: READY\nBlocker:\nEffort: S\nNotes: x"
        );
    }

    #[test]
    fn touches_the_date_in_its_own_format() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let t = "# T\n\nLast Updated: 2026-01-20\n\n### T-1: A\n";
        assert_eq!(
            run(t, |f| touch_date(f, today).into_iter().collect()),
            t.replace("2026-01-20", "2026-11-23")
        );
        let t = "**Last Updated:** December 31, 2025\n\n- [ ] a\n";
        assert_eq!(
            run(t, |f| touch_date(f, today).into_iter().collect()),
            "**Last Updated:** November 23, 2026\n\n- [ ] a\n"
        );
        assert!(touch_date(&file("### T-1: A\nLast Updated: 2020-01-01\n"), today).is_none());
    }
}
