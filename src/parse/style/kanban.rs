//! Kanban lane: an Obsidian Kanban board (front matter with `kanban-plugin`) whose cards are
//! checkbox items under lane headings. A card's lane is its status unless it has a status
//! field of its own. The same rule gives a freeform task list's items the state of a section
//! heading that is a status word (`## Done`).
//!
//! Moving a card between lanes is a block move, planned by the edit layer; this file must not
//! plan it.

use crate::model::{FieldKey, State, Task, TaskStyle};
use crate::parse::TaskFile;
use crate::parse::frontmatter::FrontMatter;

use super::super::recognize::Walker;
use super::Notation;

/// The kanban notation in the registry.
pub(super) struct Kanban;

impl Notation for Kanban {
    fn name(&self) -> &'static str {
        "kanban lane"
    }

    fn label(&self, task: &Task, file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::Checkbox && file.lanes).then_some("kanban card")
    }
}

/// True when `task`'s lane is its status: a card of a board with no status field of its own
/// (a table row on a board keeps its status cell).
pub(super) fn lane_is_status(task: &Task, file: &TaskFile) -> bool {
    file.lanes && task.field(FieldKey::Status).is_none() && task.style != TaskStyle::Row
}

/// True for a kanban board: known by its front matter alone.
pub(crate) fn is_board(fm: Option<&FrontMatter>) -> bool {
    fm.is_some_and(|f| {
        f.entries
            .iter()
            .any(|e| e.key.eq_ignore_ascii_case("kanban-plugin"))
    })
}

impl Walker<'_> {
    /// The state the current lane (section heading) gives a task, on a board or in a freeform
    /// list.
    pub(crate) fn lane_state(&self) -> Option<State> {
        self.innermost()
            .filter(|_| self.freeform || self.lanes)
            .and_then(|(_, h)| self.states.state_of(h))
    }
}
