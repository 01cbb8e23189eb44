//! The task notations, one file each, and the registry that dispatches on a task's notation.
//!
//! A notation file owns how its tasks are recognised (the `Walker` in `recognize` only walks
//! the lines and asks the notation files), how one of its values is replaced and a field
//! inserted, how `todo doctor` labels its tasks, how two spellings of one of its values
//! compare, and how a line written in it splits into parts that a merge driver merges one by
//! one (a table row by cell, a checkbox line by box, text and metadata token). [`NOTATIONS`] is the one list of notations: each operation
//! asks them in order and the first that answers wins, so the order is the precedence (a
//! checkbox with Obsidian metadata is labelled and edited as Obsidian before it is a plain
//! checkbox). A new notation is one new file, one line in the list, and its tests.
//!
//! This module must not hold a rule of its own about any notation; what no notation claims
//! falls back to the field-line grammar of `lines`.

mod cancelled;
mod dataview;
mod decorated_heading;
mod emoji_state;
mod field_block;
mod heading;
mod kanban;
mod legend;
mod lines;
mod list_item;
mod numbered;
mod obsidian;
mod one_task_file;
mod plain_line;
mod prose_deps;
mod spec_kit;
mod status_lead;
mod table_row;
mod template_list;
mod titled;
mod titled_file;
mod todo_txt;

pub(crate) use emoji_state::emoji_spells;
pub(crate) use heading::{body_end as heading_body_end, id_led_heading};
pub(crate) use kanban::is_board;
pub(crate) use legend::is_legend_heading;
pub use lines::{end_of_line, key_spelling};
pub use list_item::is_custom_mark;
pub(crate) use obsidian::metadata;
pub(crate) use one_task_file::file_task_heading;
pub(crate) use prose_deps::prose_refs;
pub(crate) use spec_kit::markers;
pub(crate) use table_row::join_index_rows;

/// Tables `todo doctor` explains: refused ones with the reason, index tables (see
/// `table_row::table_notes`).
pub fn table_notes(file: &TaskFile) -> Vec<(std::ops::Range<usize>, String)> {
    table_row::table_notes(file)
        .into_iter()
        .map(|(s, n)| (s.range(), n))
        .collect()
}
pub use spec_kit::phase_of;
pub(crate) use template_list::is_template_section;
pub(crate) use titled_file::may_be_titled_file;

use std::ops::Range;
use std::path::Path;

use crate::document::Document;
use crate::edit::Edit;
use crate::model::{Field, StateMap, Task};
use crate::parse::TaskFile;

use super::frontmatter::FrontMatter;
use super::scan::Line;

/// What a whole-file recognizer sees of a file before the Markdown walk.
pub(crate) struct FileInput<'a> {
    /// The file.
    pub doc: &'a Document,
    /// Its lines as the Markdown block scan classified them.
    pub lines: &'a [Line],
    /// The status table.
    pub states: &'a StateMap,
    /// Its YAML front matter, when it has one.
    pub front_matter: Option<&'a FrontMatter>,
    /// The first line after the front matter.
    pub from: usize,
    /// How many `#` headings it has.
    pub h1_count: usize,
}

/// One way of writing a task. Every method but [`Notation::name`] answers `None` (or
/// nothing) for a file, task or field written in another notation, so the registry asks the
/// next one.
pub(crate) trait Notation: Sync {
    /// The notation's name, as docs/format.md calls it.
    fn name(&self) -> &'static str;

    /// File names (matched in any letter case) read at the repository root when no config
    /// names the task files.
    fn default_names(&self) -> &'static [&'static str] {
        &[]
    }

    /// True when every file at `path` is read by this notation as a whole ([`Self::read_file`]),
    /// so a parse of a part of the file must not be tried.
    fn whole_file(&self, _path: &Path) -> bool {
        false
    }

    /// The tasks of a file this notation reads as a whole, before (and instead of) the
    /// Markdown walk.
    fn read_file(&self, _input: &FileInput) -> Option<Vec<Task>> {
        None
    }

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

    /// The edit that adds a new task written like `model` (a task of this notation) where
    /// this notation puts one, when it does not take a block of its own: a table row goes
    /// after the last row of `model`'s table. `values` are by field name.
    fn add_like(
        &self,
        _file: &TaskFile,
        _model: &Task,
        _new: &NewLike<'_>,
    ) -> Option<Result<Edit, String>> {
        None
    }

    /// Why `task`'s block cannot be cut out of its file and written elsewhere (`--to`, the
    /// archive, a kanban lane), when this notation pins it: a table row stays in its table, a
    /// one-task file is moved as a file. The text may name `{id}` and `{file}`.
    fn pinned(&self, _task: &Task, _file: &TaskFile) -> Option<&'static str> {
        None
    }

    /// Whether `task` is written as a block of field lines (so a schema's required fields
    /// apply to it), rather than on one line that carries no field block.
    fn field_block(&self, _task: &Task) -> Option<bool> {
        None
    }

    /// Whether `a` and `b`, two versions of `field`'s value, are the same value.
    fn same_value(&self, _file: &TaskFile, _field: &Field, _a: &str, _b: &str) -> Option<bool> {
        None
    }

    /// `line` (without its line ending) cut into keyed parts that tile it, each of which a
    /// merge of a line both sides changed merges on its own; `None` when the line is not
    /// written in this notation or has no finer unit than the line.
    fn line_parts(&self, _line: &str) -> Option<LineParts> {
        None
    }
}

/// One keyed part of a line (see [`Notation::line_parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// What the part is (`c3` for a row's fourth cell, `mark`, `m:due`, `dv:priority`); the
    /// same part of another version of the line has the same key.
    pub key: String,
    /// Its bytes in the line (line ending excluded).
    pub range: Range<usize>,
}

/// A line cut into parts by its notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineParts {
    /// The parts, in line order, tiling the line.
    pub parts: Vec<Part>,
    /// True when the versions of a line must have the same parts to merge (a table row's
    /// cells); otherwise a part only one side added is kept where that side put it.
    pub fixed: bool,
}

/// A task to add like a neighbour (see [`add_like`]).
pub struct NewLike<'a> {
    /// The new ID.
    pub id: &'a str,
    /// The title.
    pub title: &'a str,
    /// Values by field name (`status`, `priority`, …); a field not named stays empty.
    pub values: &'a [(String, String)],
}

/// Every notation, in the order they are asked.
static NOTATIONS: &[&dyn Notation] = &[
    &todo_txt::TodoTxt,
    &heading::Heading,
    &numbered::Numbered,
    &obsidian::Obsidian,
    &dataview::Dataview,
    &kanban::Kanban,
    &spec_kit::SpecKit,
    &list_item::ListItem,
    &field_block::FieldBlock,
    &plain_line::PlainLine,
    &titled::Titled,
    &titled_file::TitledFile,
    &one_task_file::OneTaskFile,
    &table_row::TableRow,
    &legend::Legend,
];

/// The tasks of a file one notation reads as a whole (a one-task file), if one does.
pub(crate) fn read_whole_file(input: &FileInput) -> Option<Vec<Task>> {
    NOTATIONS.iter().find_map(|n| n.read_file(input))
}

/// True when a notation reads the file at `path` as a whole, by its name.
pub(crate) fn whole_file(path: &Path) -> bool {
    NOTATIONS.iter().any(|n| n.whole_file(path))
}

/// The file names notations read by default at the repository root, in registry order.
pub fn default_names() -> impl Iterator<Item = &'static str> {
    NOTATIONS
        .iter()
        .flat_map(|n| n.default_names().iter().copied())
}

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

/// The edit that adds `new` like `model` when `model`'s notation places new tasks itself (a
/// table row is appended to its table); `None` when a new task is a block of its own.
pub fn add_like(file: &TaskFile, model: &Task, new: &NewLike<'_>) -> Option<Result<Edit, String>> {
    NOTATIONS.iter().find_map(|n| n.add_like(file, model, new))
}

/// The other places `field`'s value is written for `task` (the cells of the index row of a
/// task detailed under its heading); an edit of the value writes them too.
pub fn copies<'a>(task: &'a Task, field: &Field) -> Vec<&'a Field> {
    table_row::index_copies(task, field)
}

/// True when `task`'s block can be cut out of its file and written elsewhere; a task whose
/// notation keeps it in place (a table row, a one-task file) is not.
pub fn moves_as_block(task: &Task, file: &TaskFile) -> bool {
    pinned(task, file).is_none()
}

/// Why `task`'s block stays where it is (see [`Notation::pinned`]), with `{id}` and `{file}`
/// left for the caller to fill in; `None` when it can move.
pub fn pinned(task: &Task, file: &TaskFile) -> Option<&'static str> {
    NOTATIONS.iter().find_map(|n| n.pinned(task, file))
}

/// True when `task` is written as a block of field lines (see [`Notation::field_block`]);
/// one-line tasks (checkboxes, bullets, rows) are not.
pub fn has_field_block(task: &Task) -> bool {
    NOTATIONS
        .iter()
        .find_map(|n| n.field_block(task))
        .unwrap_or(false)
}

/// True when `task`'s lane (section heading) on a kanban board is its status, so a change
/// of status is a move to another lane.
pub fn lane_is_status(task: &Task, file: &TaskFile) -> bool {
    kanban::lane_is_status(task, file)
}

/// True when `a` and `b` are the same value of `field` as its notation reads values (an emoji
/// priority and its name are one); by default, the same text but for surrounding white space.
pub fn same_value(file: &TaskFile, field: &Field, a: &str, b: &str) -> bool {
    NOTATIONS
        .iter()
        .find_map(|n| n.same_value(file, field, a, b))
        .unwrap_or_else(|| a.trim() == b.trim())
}

/// The three versions of a line cut into parts, by each notation that cuts all three, in
/// registry order; a merge takes the first cut that merges.
pub(crate) fn split_three<'a>(
    b: &'a str,
    o: &'a str,
    t: &'a str,
) -> impl Iterator<Item = [LineParts; 3]> + 'a {
    NOTATIONS
        .iter()
        .filter_map(move |n| Some([n.line_parts(b)?, n.line_parts(o)?, n.line_parts(t)?]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn file(name: &str, text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string(name, text.to_string()))
    }

    #[test]
    fn a_line_is_cut_by_the_notations_that_read_it() {
        let cuts = |l| split_three(l, l, l).count();
        assert_eq!(cuts("| a | b |"), 1);
        assert_eq!(cuts("  - [x] a ⏫"), 1);
        assert_eq!(cuts("Status: READY"), 0);
    }

    #[test]
    fn every_notation_has_its_own_name() {
        let mut seen: Vec<&str> = names().collect();
        let all = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), all);
    }

    #[test]
    fn the_first_notation_that_answers_labels_the_task() {
        let f = file(
            "TODO.md",
            "- [ ] Call ⏫ 📅 2024-05-01\n- [/] Draft\n- [ ] Plain\n",
        );
        let labels: Vec<&str> = f.tasks.iter().map(|t| label(t, &f)).collect();
        assert_eq!(
            labels,
            [
                "checkbox with Obsidian Tasks metadata",
                "checkbox with a custom mark",
                "checkbox"
            ]
        );
    }

    #[test]
    fn values_compare_as_their_notation_reads_them() {
        let f = file("TODO.md", "- [ ] Call ⏫\n### T-1: A\nStatus: READY\n");
        let emoji = &f.tasks[0].fields[0];
        assert!(same_value(&f, emoji, "⏫", "high"));
        assert!(!same_value(&f, emoji, "⏫", "low"));
        let plain = &f.tasks[1].fields[0];
        assert!(same_value(&f, plain, "READY ", "READY"));
        assert!(!same_value(&f, plain, "READY", "DONE"));
    }

    #[test]
    fn rows_and_task_files_stay_in_place_and_lanes_give_a_card_its_status() {
        let f = file(
            "TODO.md",
            "| ID | Task | Status |\n|---|---|---|\n| T-1 | A | todo |\n\n- [ ] T-2: B\n",
        );
        assert!(!moves_as_block(&f.tasks[0], &f));
        assert!(moves_as_block(&f.tasks[1], &f));
        let one = file(
            "tasks/T-3.md",
            "---\nid: T-3\ntitle: C\nstatus: todo\n---\n",
        );
        assert!(!moves_as_block(&one.tasks[0], &one));
        let board = file(
            "board.md",
            "---\nkanban-plugin: basic\n---\n\n## Todo\n\n- [ ] K-1: card\n- [ ] K-2: own\n  - Status: DONE\n",
        );
        assert!(lane_is_status(&board.tasks[0], &board));
        assert!(!lane_is_status(&board.tasks[1], &board));
        assert!(!lane_is_status(&f.tasks[1], &f));
    }
}
