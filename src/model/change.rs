//! What one change record is about: the kind shared by the edit commands' reports (`ops`) and
//! history's semantic diffs (`history`), so neither compares the other's strings.
//!
//! Each kind has two spellings, both fixed by today's JSON: its [`label`](ChangeKind::label)
//! (what an edit report and its `field` key show: `status`, `Priority` as the file spells it,
//! `criterion 2`, `Last Updated`) and its [`name`](ChangeKind::name) (history's `kind` key,
//! where every field change is `field`). This module holds data only; it must not know how a
//! change is found or rendered beyond those two spellings.

use std::borrow::Cow;

use serde::{Serialize, Serializer};

/// What changed in a task (or its file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// The task appeared: `todo add`, or its first version in history.
    Created,
    /// The task disappeared (history).
    Deleted,
    /// The task's block went to another file (or file and section).
    Moved,
    /// A kanban card went to another lane of its board.
    Lane,
    /// The task's ID alone changed (a merge renumbered a colliding new ID).
    Renumbered,
    /// The title changed (history).
    Title,
    /// The status field, as `todo move` writes it.
    Status,
    /// The task's own checkbox.
    Checkbox,
    /// Any other field, by the name the file (or history's canonical key) gives it.
    Field(String),
    /// One checklist item, numbered from 1 as `todo show` numbers them.
    Criterion(usize),
    /// The checklist's progress as a whole (history).
    Criteria,
    /// A dependency was added (history).
    DependencyAdded,
    /// A dependency was removed (history).
    DependencyRemoved,
    /// The file's `Last Updated:` line, touched by an edit.
    LastUpdated,
    /// The block was rewritten by hand (`todo edit`).
    Edited,
}

impl ChangeKind {
    /// What changed, as an edit's report and its JSON `field` show it.
    pub fn label(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self {
            ChangeKind::Field(name) => return Cow::Borrowed(name),
            ChangeKind::Criterion(n) => return Cow::Owned(format!("criterion {n}")),
            ChangeKind::Created => "created",
            ChangeKind::Deleted => "deleted",
            ChangeKind::Moved => "moved",
            ChangeKind::Lane => "lane",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Title => "title",
            ChangeKind::Status => "status",
            ChangeKind::Checkbox => "checkbox",
            ChangeKind::Criteria => "criteria",
            ChangeKind::DependencyAdded => "dependency-added",
            ChangeKind::DependencyRemoved => "dependency-removed",
            ChangeKind::LastUpdated => "Last Updated",
            ChangeKind::Edited => "edited",
        })
    }

    /// The kind's class, as history's JSON `kind` names it: every field change (status and
    /// checkbox included) is `field`, every checklist change `criteria`.
    pub fn name(&self) -> &'static str {
        match self {
            ChangeKind::Status
            | ChangeKind::Checkbox
            | ChangeKind::Field(_)
            | ChangeKind::LastUpdated => "field",
            ChangeKind::Criterion(_) | ChangeKind::Criteria => "criteria",
            ChangeKind::Created => "created",
            ChangeKind::Deleted => "deleted",
            ChangeKind::Moved => "moved",
            ChangeKind::Lane => "lane",
            ChangeKind::Renumbered => "renumbered",
            ChangeKind::Title => "title",
            ChangeKind::DependencyAdded => "dependency-added",
            ChangeKind::DependencyRemoved => "dependency-removed",
            ChangeKind::Edited => "edited",
        }
    }

    /// Serialises the kind as its [`name`](ChangeKind::name), for `#[serde(serialize_with)]`.
    pub fn serialize_name<S: Serializer>(kind: &ChangeKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.name())
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label())
    }
}

/// A kind serialises as its [`label`](ChangeKind::label).
impl Serialize for ChangeKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_match_the_json_of_edits_and_history() {
        let json = |k: ChangeKind| serde_json::to_string(&k).unwrap();
        assert_eq!(json(ChangeKind::LastUpdated), "\"Last Updated\"");
        assert_eq!(json(ChangeKind::Criterion(2)), "\"criterion 2\"");
        assert_eq!(json(ChangeKind::Field("Priority".into())), "\"Priority\"");
        assert_eq!(ChangeKind::Status.name(), "field");
        assert_eq!(ChangeKind::DependencyAdded.name(), "dependency-added");
        assert_eq!(ChangeKind::Moved.to_string(), "moved");
    }
}
