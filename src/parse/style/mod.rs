//! The task notations, one file each, and the registry that dispatches on a task's notation.
//!
//! A notation file owns how its tasks are recognised (the `Walker` in `recognize` only walks
//! the lines and asks the notation files), how one of its values is replaced and a field
//! inserted, how `todo doctor` labels its tasks, and how two spellings of one of its values
//! compare (for a merge driver). [`NOTATIONS`] is the one list of notations: each operation
//! asks them in order and the first that answers wins, so the order is the precedence (a
//! checkbox with Obsidian metadata is labelled and edited as Obsidian before it is a plain
//! checkbox). A new notation is one new file, one line in the list, and its tests.
//!
//! This module must not hold a rule of its own about any notation; what no notation claims
//! falls back to the field-line grammar of `lines`.

mod dataview;
mod heading;
mod kanban;
mod legend;
mod lines;
mod list_item;
mod numbered;
mod obsidian;
mod one_task_file;
mod plain_line;
mod spec_kit;
mod table_row;
mod titled;

pub(crate) use heading::id_led_heading;
pub(crate) use kanban::is_board;
pub(crate) use legend::is_legend_heading;
pub use lines::{end_of_line, key_spelling};
pub use list_item::is_custom_mark;
pub(crate) use obsidian::metadata;
pub(crate) use one_task_file::{file_task, file_task_heading};
pub(crate) use spec_kit::markers;

use crate::edit::Edit;
use crate::model::{Field, Task};
use crate::parse::TaskFile;

/// One way of writing a task. Every method but [`Notation::name`] answers `None` for a task
/// or field written in another notation, so the registry asks the next one.
pub trait Notation: Sync {
    /// The notation's name, as docs/format.md calls it.
    fn name(&self) -> &'static str;

    /// How `todo doctor` names the style of `task`.
    fn label(&self, _task: &Task, _file: &TaskFile) -> Option<&'static str> {
        None
    }

    /// The edit that makes `field` hold `value`, in this notation's spelling; `Err` says why
    /// the value cannot be written there safely.
    fn replace(
        &self,
        _file: &TaskFile,
        _field: &Field,
        _value: &str,
    ) -> Option<Result<Edit, String>> {
        None
    }

    /// The edit that gives `task` a new field `key` with `value`.
    fn insert(
        &self,
        _file: &TaskFile,
        _task: &Task,
        _key: &str,
        _value: &str,
    ) -> Option<Result<Edit, String>> {
        None
    }

    /// Whether `a` and `b`, two versions of `field`'s value, are the same value.
    fn same_value(&self, _file: &TaskFile, _field: &Field, _a: &str, _b: &str) -> Option<bool> {
        None
    }
}

/// Every notation, in the order they are asked.
static NOTATIONS: &[&dyn Notation] = &[
    &heading::Heading,
    &numbered::Numbered,
    &obsidian::Obsidian,
    &dataview::Dataview,
    &kanban::Kanban,
    &spec_kit::SpecKit,
    &list_item::ListItem,
    &plain_line::PlainLine,
    &titled::Titled,
    &one_task_file::OneTaskFile,
    &table_row::TableRow,
    &legend::Legend,
];

/// The names of every notation, in registry order.
pub fn names() -> impl Iterator<Item = &'static str> {
    NOTATIONS.iter().map(|n| n.name())
}

/// The style name of a task, as `todo doctor` reports it.
pub fn label(task: &Task, file: &TaskFile) -> &'static str {
    NOTATIONS
        .iter()
        .find_map(|n| n.label(task, file))
        .unwrap_or("task")
}

/// Replaces a field's value in the field's own notation: a YAML scalar keeps its quoting, a
/// table cell its column's padding, an emoji priority becomes the emoji for the new priority,
/// a field line keeps its key style. `Err` says why a value cannot be written there safely.
pub fn replace_value(file: &TaskFile, field: &Field, value: &str) -> Result<Edit, String> {
    NOTATIONS
        .iter()
        .find_map(|n| n.replace(file, field, value))
        .unwrap_or_else(|| Ok(lines::replace(file, field, value)))
}

/// A new field for `task`, written as its notation writes one: a front-matter line for a task
/// file with front matter, an emoji token for an Obsidian task, a field line placed after the
/// last field that comes before it in the preferred order otherwise. A table row cannot gain
/// a column.
pub fn insert_field(file: &TaskFile, task: &Task, key: &str, value: &str) -> Result<Edit, String> {
    NOTATIONS
        .iter()
        .find_map(|n| n.insert(file, task, key, value))
        .unwrap_or_else(|| {
            lines::insert(file, task, key, value, task.span.end, || {
                lines::field_line(file, key, value)
            })
        })
}

/// True when `a` and `b` are the same value of `field` as its notation reads values (an emoji
/// priority and its name are one); by default, the same text but for surrounding white space.
pub fn same_value(file: &TaskFile, field: &Field, a: &str, b: &str) -> bool {
    NOTATIONS
        .iter()
        .find_map(|n| n.same_value(file, field, a, b))
        .unwrap_or_else(|| a.trim() == b.trim())
}
