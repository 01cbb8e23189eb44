//! Semantic differences between two versions of one task: what `log`, `blame` and `diff`
//! report instead of text hunks.

use serde::Serialize;

use crate::model::{ChangeKind, Checklist, FieldKey, Task};

/// One semantic change of a task: the one change record of `log`, `diff` and `blame`, in
/// text and JSON alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TaskChange {
    /// What changed; serialised as its class (`created`, `deleted`, `moved`, `title`,
    /// `renumbered`, `field`, `criteria`, `dependency-added`, `dependency-removed`).
    #[serde(serialize_with = "ChangeKind::serialize_name")]
    #[schemars(with = "String")]
    pub kind: ChangeKind,
    /// The field concerned, as `log --field` names it: `status`, `priority`, a custom key,
    /// `checkbox`, `criteria`, `dependencies`, `title`, `file` (a move); null for `created`
    /// and `deleted`.
    pub field: Option<String>,
    /// The value before.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
    /// For `criteria`: which items were ticked (`checked: "…"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl std::fmt::Display for TaskChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let old = self.old.as_deref().unwrap_or("—");
        let new = self.new.as_deref().unwrap_or("—");
        match self.kind {
            ChangeKind::Created | ChangeKind::Deleted => f.write_str(self.kind.name()),
            ChangeKind::Moved => write!(f, "moved {old} → {new}"),
            ChangeKind::Renumbered => write!(f, "renumbered {old} → {new}"),
            ChangeKind::Title => write!(f, "title changed: \"{old}\" → \"{new}\""),
            ChangeKind::DependencyAdded => write!(f, "dependency added {new}"),
            ChangeKind::DependencyRemoved => write!(f, "dependency removed {old}"),
            ChangeKind::Criteria => match &self.detail {
                Some(detail) => write!(f, "criteria {old} → {new} ({detail})"),
                None => write!(f, "criteria {old} → {new}"),
            },
            _ => write!(
                f,
                "{} {old} → {new}",
                self.field.as_deref().unwrap_or("field")
            ),
        }
    }
}

/// A task as seen in one version: the model and the file it was in.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// The task.
    pub task: &'a Task,
    /// The file, as shown (repository-relative).
    pub file: &'a str,
    /// The text the task was parsed from.
    pub src: &'a str,
}

fn field_name(f: &crate::model::Field) -> String {
    match f.canon {
        Some(k) => k.name().to_string(),
        None => f.key.as_str().to_lowercase(),
    }
}

/// The state a Backlog.md task folder stands for, by the folder holding `file`.
fn folder_state(file: &str) -> Option<&'static str> {
    let (dir, _) = file.rsplit_once('/')?;
    let dir = dir.strip_prefix('.').unwrap_or(dir);
    Some(match dir {
        "backlog/tasks" => "active",
        "backlog/completed" => "completed",
        "backlog/archive/tasks" => "archived",
        "backlog/drafts" => "draft",
        "backlog/archive/drafts" => "archived draft",
        _ => return None,
    })
}

/// Backlog.md says a task's state with its folder too: into `completed/` is finished, into
/// `archive/tasks/` archived, out of `drafts/` promoted. A `folder` change, when it differs.
fn folder_change(old: &str, new: &str) -> Option<TaskChange> {
    let (from, to) = (folder_state(old)?, folder_state(new)?);
    (from != to).then(|| TaskChange {
        kind: ChangeKind::Field("folder".into()),
        field: Some("folder".into()),
        old: Some(from.into()),
        new: Some(to.into()),
        detail: None,
    })
}

/// A Backlog.md Definition of Done is its own checklist, reported apart from the criteria.
fn done_change(old: &Task, new: &Task) -> Option<TaskChange> {
    let ((od, ot), (nd, nt)) = (old.done_progress(), new.done_progress());
    ((od, ot) != (nd, nt)).then(|| TaskChange {
        kind: ChangeKind::Field("definition of done".into()),
        field: Some("definition of done".into()),
        old: Some(format!("{od}/{ot}")),
        new: Some(format!("{nd}/{nt}")),
        detail: None,
    })
}

/// What changed from `old` to `new` (either may be absent: created, deleted).
pub fn task_changes(old: Option<Seen<'_>>, new: Option<Seen<'_>>) -> Vec<TaskChange> {
    let change =
        |kind, field: Option<String>, old: Option<String>, new: Option<String>| TaskChange {
            kind,
            field,
            old,
            new,
            detail: None,
        };
    let (old, new) = match (old, new) {
        (None, None) => return Vec::new(),
        (None, Some(_)) => return vec![change(ChangeKind::Created, None, None, None)],
        (Some(_), None) => return vec![change(ChangeKind::Deleted, None, None, None)],
        (Some(o), Some(n)) => (o, n),
    };
    let mut out = Vec::new();
    if old.file != new.file {
        out.push(change(
            ChangeKind::Moved,
            Some("file".into()),
            Some(old.file.into()),
            Some(new.file.into()),
        ));
        out.extend(folder_change(old.file, new.file));
    }
    if old.task.title.value != new.task.title.value {
        out.push(change(
            ChangeKind::Title,
            Some("title".into()),
            Some(old.task.title.value.clone()),
            Some(new.task.title.value.clone()),
        ));
    }
    // Single-valued fields, in the new version's order, then fields that disappeared.
    let skip = |f: &crate::model::Field| {
        matches!(f.canon, Some(FieldKey::Dependencies | FieldKey::Acceptance))
    };
    for nf in new.task.fields.iter().filter(|f| !skip(f)) {
        let name = field_name(nf);
        let of = old.task.fields.iter().find(|f| field_name(f) == name);
        let (ov, nv) = (of.map(|f| f.text(old.src)), nf.text(new.src));
        if ov.as_deref() != Some(nv.as_str()) {
            out.push(change(
                ChangeKind::Field(name.clone()),
                Some(name),
                ov,
                Some(nv),
            ));
        }
    }
    for of in old.task.fields.iter().filter(|f| !skip(f)) {
        let name = field_name(of);
        if !new.task.fields.iter().any(|f| field_name(f) == name) {
            out.push(change(
                ChangeKind::Field(name.clone()),
                Some(name),
                Some(of.text(old.src)),
                None,
            ));
        }
    }
    // The checkbox of a checkbox task reads as its status.
    if let (Some(a), Some(b)) = (old.task.checkbox, new.task.checkbox)
        && a.done != b.done
    {
        let word = |d: bool| if d { "[x]" } else { "[ ]" }.to_string();
        out.push(change(
            ChangeKind::Checkbox,
            Some("checkbox".into()),
            Some(word(a.done)),
            Some(word(b.done)),
        ));
    }
    let (od, ot) = old.task.progress();
    let (nd, nt) = new.task.progress();
    let checked: Vec<&str> = new
        .task
        .checklist(Checklist::Criteria)
        .filter(|c| c.done && !old.task.criteria.iter().any(|o| o.done && o.text == c.text))
        .map(|c| &*c.text)
        .collect();
    if (od, ot) != (nd, nt) || !checked.is_empty() {
        let detail = (!checked.is_empty()).then(|| {
            let list: Vec<String> = checked.iter().map(|t| format!("\"{t}\"")).collect();
            format!("checked: {}", list.join(", "))
        });
        out.push(TaskChange {
            detail,
            ..change(
                ChangeKind::Criteria,
                Some("criteria".into()),
                Some(format!("{od}/{ot}")),
                Some(format!("{nd}/{nt}")),
            )
        });
    }
    out.extend(done_change(old.task, new.task));
    for d in &new.task.dependencies {
        if !old.task.dependencies.iter().any(|o| o.value == d.value) {
            out.push(change(
                ChangeKind::DependencyAdded,
                Some("dependencies".into()),
                None,
                Some(d.value.clone()),
            ));
        }
    }
    for d in &old.task.dependencies {
        if !new.task.dependencies.iter().any(|n| n.value == d.value) {
            out.push(change(
                ChangeKind::DependencyRemoved,
                Some("dependencies".into()),
                Some(d.value.clone()),
                None,
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, TaskFile};

    fn task(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    }

    #[test]
    fn describes_changes_semantically() {
        let a = task(
            "### T-1: A\nStatus: READY\nPriority: P2\nDependencies: T-9\nAcceptance Criteria:\n- [ ] one\n- [ ] two\n",
        );
        let b = task(
            "### T-1: A\nStatus: IN-PROGRESS\nPriority: P1\nDependencies: T-9, T-8\nAcceptance Criteria:\n- [x] one\n- [ ] two\n",
        );
        let changes = task_changes(
            Some(Seen {
                task: &a.tasks[0],
                file: "TODO.md",
                src: a.doc.text(),
            }),
            Some(Seen {
                task: &b.tasks[0],
                file: "docs/TODO.md",
                src: b.doc.text(),
            }),
        );
        let text: Vec<String> = changes.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "moved TODO.md → docs/TODO.md",
                "status READY → IN-PROGRESS",
                "priority P2 → P1",
                "criteria 0/2 → 1/2 (checked: \"one\")",
                "dependency added T-8",
            ]
        );
        assert_eq!(
            task_changes(
                None,
                Some(Seen {
                    task: &a.tasks[0],
                    file: "x",
                    src: a.doc.text(),
                })
            )[0]
            .kind,
            ChangeKind::Created
        );
    }
}
