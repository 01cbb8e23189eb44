//! Dataview: inline fields in a one-line task's text (`- [ ] Call [due:: 2024-05-01]
//! (owner:: ana)`). Each is a field named by its key; its value is replaced in place, inside
//! the brackets. spec-kit markers (`[P]`, `[US1]`) are written back the same way.
//!
//! The token grammar is `meta`'s, shared with Obsidian Tasks. This file must not edit the
//! brackets or the key, only the value.

use crate::edit::Edit;
use crate::model::{Field, FieldKey, FieldStyle, Task, TaskKind, canonical_key};
use crate::parse::TaskFile;

use super::Notation;
use super::lines;

/// The Dataview notation in the registry.
pub(super) struct Dataview;

impl Notation for Dataview {
    fn name(&self) -> &'static str {
        "Dataview"
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.kind == TaskKind::Checkbox
            && task.fields.iter().any(|f| f.style == FieldStyle::Inline))
        .then_some("checkbox with inline fields")
    }

    fn replace(&self, _file: &TaskFile, f: &Field, value: &str) -> Option<Result<Edit, String>> {
        (f.style == FieldStyle::Inline).then(|| lines::token_value(f, value))
    }
}

/// The model key of a Dataview field's key, through the alias table.
pub(crate) fn field_key(key: &str) -> Option<FieldKey> {
    canonical_key(key)
}
