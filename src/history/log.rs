//! `todo log`: the commits that changed one task, each with its semantic changes, filtered by
//! date, author and field. The walk itself is [`super::walk`]; this module turns its steps
//! into entries and owns the JSON shape (docs: `[{commit, date, author, email, file,
//! changes: [{kind, field, old, new}]}]`).

use chrono::NaiveDate;
use serde::Serialize;

use super::change::{TaskChange, task_changes};
use super::walk::{CommitInfo, TaskHistory, Version};
use crate::model::{FieldKey, canonical_key};

/// One end of a `--since`/`--until` range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// A calendar day, compared with the commit date in the committer's own offset; both
    /// ends include the day.
    Date(NaiveDate),
    /// A revision's commit time: `--since` takes commits after it, `--until` commits up to
    /// and including it.
    Time(i64),
}

/// What to show.
#[derive(Debug, Clone, Default)]
pub struct LogQuery {
    /// Only commits from this point on.
    pub since: Option<Bound>,
    /// Only commits up to this point.
    pub until: Option<Bound>,
    /// Only commits whose author's name or email contains this (any case).
    pub author: Option<String>,
    /// Only changes of this field (see [`field_name`]).
    pub field: Option<String>,
    /// At most this many entries (the newest ones, as `git log -n`).
    pub limit: Option<usize>,
    /// Oldest first.
    pub reverse: bool,
}

/// One commit that changed the task.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// The commit.
    pub commit: CommitInfo,
    /// The task file after the commit (before it, for a deletion).
    pub file: String,
    /// What changed, in [`task_changes`] order.
    pub changes: Vec<TaskChange>,
}

/// The field a change concerns, as `--field` names it: the field's canonical or lower-case
/// name for field changes, `criteria`, `dependencies`, `title`, `file` (moved); `None` for
/// `created` and `deleted`. [`task_changes`] records it on the change itself.
pub fn change_field(c: &TaskChange) -> Option<&str> {
    c.field.as_deref()
}

/// The `--field` spelling of a name the user typed: aliases (`deps`, `Acceptance Criteria`)
/// map to the names [`change_field`] returns, anything else is lower-cased.
pub fn field_name(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    match lower.as_str() {
        "moved" | "move" | "path" => return "file".into(),
        "checklist" | "criteria" => return "criteria".into(),
        _ => {}
    }
    match canonical_key(name) {
        Some(FieldKey::Acceptance) => "criteria".into(),
        Some(k) => k.name().into(),
        None => lower,
    }
}

fn within(info: &CommitInfo, since: Option<Bound>, until: Option<Bound>) -> bool {
    let day = || info.commit_date().date_naive();
    let after = match since {
        None => true,
        Some(Bound::Date(d)) => day() >= d,
        Some(Bound::Time(t)) => info.commit_time > t,
    };
    let before = match until {
        None => true,
        Some(Bound::Date(d)) => day() <= d,
        Some(Bound::Time(t)) => info.commit_time <= t,
    };
    after && before
}

/// The entries a query selects from a walk, newest first unless `reverse`.
pub fn entries(history: &TaskHistory, q: &LogQuery) -> Vec<LogEntry> {
    let author = q.author.as_deref().map(str::to_lowercase);
    let field = q.field.as_deref().map(field_name);
    let mut out = Vec::new();
    for step in history.steps.iter().filter(|s| !s.boundary) {
        if q.limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        let info = &step.commit;
        if !within(info, q.since, q.until) {
            continue;
        }
        if let Some(a) = &author
            && !info.author.to_lowercase().contains(a)
            && !info.email.to_lowercase().contains(a)
        {
            continue;
        }
        let mut changes = task_changes(
            step.old.as_ref().map(Version::seen),
            step.new.as_ref().map(Version::seen),
        );
        if step.renumbered
            && let (Some(o), Some(n)) = (&step.old, &step.new)
        {
            changes.splice(0..0, super::renumber::renumbered(&o.task, &n.task));
        }
        if let Some(f) = &field {
            changes.retain(|c| change_field(c) == Some(f.as_str()));
        }
        if changes.is_empty() {
            continue; // only layout changed (or nothing of the asked field)
        }
        let file = step.new.as_ref().or(step.old.as_ref()).map(|v| &*v.file);
        out.push(LogEntry {
            commit: info.clone(),
            file: file.unwrap_or_default().to_string(),
            changes,
        });
    }
    if q.reverse {
        out.reverse();
    }
    out
}

/// One entry as JSON.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct EntryJson<'a> {
    /// The full hash.
    pub commit: String,
    /// The author date, RFC 3339 in the author's offset.
    pub date: String,
    /// The author's name.
    pub author: &'a str,
    /// The author's email.
    pub email: &'a str,
    /// The task file.
    pub file: &'a str,
    /// The changes, the same records `diff` writes.
    pub changes: &'a [TaskChange],
}

impl<'a> EntryJson<'a> {
    /// The JSON view of an entry.
    pub fn new(e: &'a LogEntry) -> EntryJson<'a> {
        EntryJson {
            commit: e.commit.id.to_string(),
            date: e.commit.date().to_rfc3339(),
            author: &e.commit.author,
            email: &e.commit.email,
            file: &e.file,
            changes: &e.changes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChangeKind;

    #[test]
    fn field_names_take_aliases() {
        assert_eq!(field_name("Status"), "status");
        assert_eq!(field_name("Acceptance Criteria"), "criteria");
        assert_eq!(field_name("moved"), "file");
        assert_eq!(field_name("Reviewer"), "reviewer");
        let c = TaskChange {
            kind: ChangeKind::DependencyAdded,
            field: Some("dependencies".into()),
            old: None,
            new: Some("T-1".into()),
            detail: None,
        };
        assert_eq!(change_field(&c), Some("dependencies"));
    }
}
