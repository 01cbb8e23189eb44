//! `todo blame`: for each field and checklist item of a task's current version, the commit
//! that last set its current value. Values are compared, not lines, so reformatting a task
//! never takes the credit for a status someone else set.

use serde::Serialize;

use super::walk::{CommitInfo, TaskHistory};
use crate::model::{FieldKey, Task};

/// What a blame line is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The title.
    Title,
    /// The file the task is in (set by the commit that created or moved it there).
    File,
    /// A field: its key as written now, and the name versions are matched by (the
    /// canonical name, or the key lower-cased).
    Field {
        /// The key as written.
        key: String,
        /// The canonical or lower-cased name.
        name: String,
    },
    /// A checkbox task's own box.
    Checkbox,
    /// A checklist item: its text and which occurrence of that text it is (0 for the first).
    Item {
        /// The item's text.
        text: String,
        /// Occurrence among items with the same text.
        nth: usize,
    },
}

/// Where a current value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The working tree differs from the start revision: not committed yet.
    Uncommitted,
    /// This commit set it.
    Commit(CommitInfo),
    /// It was already so at a shallow clone's boundary commit; who set it is not known.
    Boundary(CommitInfo),
}

/// One blamed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameLine {
    /// What.
    pub target: Target,
    /// The current value (`[x]`/`[ ]` for boxes and items).
    pub value: String,
    /// Who set it.
    pub origin: Origin,
}

fn field_name(f: &crate::model::Field) -> String {
    match f.canon {
        Some(k) => k.name().to_string(),
        None => f.key.as_str().to_lowercase(),
    }
}

fn mark(done: bool) -> String {
    if done { "[x]" } else { "[ ]" }.to_string()
}

/// The targets of a task, in display order: title, file, fields, own box, checklist items.
/// A checklist-only `Acceptance Criteria` field is left to its items.
pub fn targets(task: &Task) -> Vec<Target> {
    let mut out = vec![Target::Title, Target::File];
    for f in &task.fields {
        if f.canon == Some(FieldKey::Acceptance) && f.value.is_empty() {
            continue;
        }
        let t = Target::Field {
            key: f.key.to_string(),
            name: field_name(f),
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if task.checkbox.is_some() {
        out.push(Target::Checkbox);
    }
    for (i, c) in task.criteria.iter().enumerate() {
        let nth = task.criteria[..i]
            .iter()
            .filter(|o| o.text == c.text)
            .count();
        out.push(Target::Item {
            text: c.text.to_string(),
            nth,
        });
    }
    out
}

/// The value a target has in one version of the task (`None`: absent), parsed from `src`.
pub fn value_of(task: &Task, src: &str, file: &str, target: &Target) -> Option<String> {
    match target {
        Target::Title => Some(task.title.value.clone()),
        Target::File => Some(file.to_string()),
        Target::Field { name, .. } => task
            .fields
            .iter()
            .find(|f| field_name(f) == *name)
            .map(|f| f.text(src)),
        Target::Checkbox => task.checkbox.map(|c| mark(c.done)),
        Target::Item { text, nth } => task
            .criteria
            .iter()
            .filter(|c| *c.text == **text)
            .nth(*nth)
            .map(|c| mark(c.done)),
    }
}

/// Blames every target of `current` (in `file`) against the walk `history` (newest first).
/// With `worktree`, `current` is the working tree's version and values that differ from the
/// walk's start revision are [`Origin::Uncommitted`]; otherwise `current` is the start
/// revision's version. A value no step explains (the task is only in the working tree, or
/// the walk started elsewhere) is uncommitted.
pub fn blame(
    current: &Task,
    src: &str,
    file: &str,
    history: &TaskHistory,
    worktree: bool,
) -> Vec<BlameLine> {
    let mut out: Vec<BlameLine> = Vec::new();
    for target in targets(current) {
        let Some(value) = value_of(current, src, file, &target) else {
            continue;
        };
        let at = |v: Option<&super::walk::Version>| {
            v.and_then(|v| value_of(&v.task, v.seen().src, &v.file, &target))
        };
        let mut origin = None;
        if !worktree || at(history.head.as_ref()).as_ref() == Some(&value) {
            for step in &history.steps {
                let new = at(step.new.as_ref());
                let old = at(step.old.as_ref());
                if new.as_ref() == Some(&value) && old.as_ref() != Some(&value) {
                    origin = Some(if step.boundary {
                        Origin::Boundary(step.commit.clone())
                    } else {
                        Origin::Commit(step.commit.clone())
                    });
                    break;
                }
            }
        }
        out.push(BlameLine {
            target,
            value,
            origin: origin.unwrap_or(Origin::Uncommitted),
        });
    }
    out
}

/// One blame line as JSON: `field` (the name `todo log --field` takes) or `item` (the
/// item's text); commit, date, author and email are null for uncommitted values.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct BlameJson<'a> {
    /// The field's name, for fields, the title (`title`), the file (`file`) and a box.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The item's text, for checklist items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<&'a str>,
    /// The current value.
    pub value: &'a str,
    /// The full hash.
    pub commit: Option<String>,
    /// The author date, RFC 3339 in the author's offset.
    pub date: Option<String>,
    /// The author's name.
    pub author: Option<&'a str>,
    /// The author's email.
    pub email: Option<&'a str>,
    /// True when the value predates a shallow clone's boundary (the commit is the boundary).
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub boundary: bool,
}

impl<'a> BlameJson<'a> {
    /// The JSON view of a line.
    pub fn new(line: &'a BlameLine) -> BlameJson<'a> {
        let (field, item) = match &line.target {
            Target::Title => (Some("title".to_string()), None),
            Target::File => (Some("file".to_string()), None),
            Target::Field { name, .. } => (Some(name.clone()), None),
            Target::Checkbox => (Some("checkbox".to_string()), None),
            Target::Item { text, .. } => (None, Some(text.as_str())),
        };
        let (info, boundary) = match &line.origin {
            Origin::Uncommitted => (None, false),
            Origin::Commit(c) => (Some(c), false),
            Origin::Boundary(c) => (Some(c), true),
        };
        BlameJson {
            field,
            item,
            value: &line.value,
            commit: info.map(|c| c.id.to_string()),
            date: info.map(|c| c.date().to_rfc3339()),
            author: info.map(|c| c.author.as_str()),
            email: info.map(|c| c.email.as_str()),
            boundary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, TaskFile};

    #[test]
    fn targets_cover_fields_and_items() {
        let f = TaskFile::parse(Document::from_string(
            "TODO.md",
            "### T-1: A\nStatus: READY\nAcceptance Criteria:\n- [x] one\n- [ ] one\n".into(),
        ));
        let t = &f.tasks[0];
        let ts = targets(t);
        assert_eq!(ts.len(), 5, "{ts:?}");
        assert_eq!(
            value_of(t, f.doc.text(), "TODO.md", &ts[2]).as_deref(),
            Some("READY")
        );
        assert_eq!(
            value_of(t, f.doc.text(), "TODO.md", &ts[3]).as_deref(),
            Some("[x]")
        );
        assert_eq!(
            value_of(t, f.doc.text(), "TODO.md", &ts[4]).as_deref(),
            Some("[ ]")
        );
        // Without history every value is uncommitted.
        let lines = blame(t, f.doc.text(), "TODO.md", &TaskHistory::default(), true);
        assert!(lines.iter().all(|l| l.origin == Origin::Uncommitted));
    }
}
