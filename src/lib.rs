//! `todo_md` reads the TODO.md files a repository already keeps as a typed task database.
//!
//! A task file is loaded into a [`Document`] (its exact bytes and a line index) and parsed
//! into a [`TaskFile`]: tasks with IDs, titles, fields, checklists and byte spans, the section
//! path above each task, and the schema the file declares. Nothing is ever re-rendered: the
//! text is kept as read, and every value points back at the bytes it came from.
//!
//! ```
//! use todo_md::{Document, TaskFile, State};
//!
//! let text = "## Work\n\n### T-001: Write the parser\nStatus: IN-PROGRESS\nDependencies: T-000\n";
//! let file = TaskFile::parse(Document::from_string("TODO.md", text.to_string()));
//! let task = &file.tasks[0];
//! assert_eq!(task.id(), Some("T-001"));
//! assert_eq!(task.state, State::InProgress);
//! assert_eq!(task.dependencies[0].value, "T-000");
//! assert_eq!(file.section(task), ["Work"]);
//! assert_eq!(file.line(task), 3);
//! ```
//!
//! # What is read
//! The same walk reads every notation into the same [`Task`] model, each value with its span:
//! heading tasks, checkbox items (with custom marks such as `[/]`), ID-led bullets and lines,
//! titled blocks, task tables (one row per task, one field per column), one-task files (YAML
//! front matter or bold field lines under the title), Obsidian Tasks emoji and Dataview
//! `[key:: value]` fields, kanban boards (a card's lane is its status), spec-kit lists,
//! legends (which declare marks and allowed values) and todo.txt files. Each notation lives
//! in one file of `parse::style`, which also says how its values are edited. docs/format.md gives the exact rules,
//! and docs/architecture.md shows how the modules below fit together.
//!
//! # Limitations
//! - Only UTF-8 files are read; UTF-16 and binary files are refused with an error.
//! - Task recognition is heuristic for files without Markdown structure (a plain line led by
//!   an ID, a title line followed by field bullets); docs/format.md lists the exact rules.
//! - A field's value is the rest of its line; a wrapped value's further lines are body text.
//! - Nested YAML (a front-matter map, a block scalar, an anchor) is kept as written, read as
//!   an opaque field and never edited; a YAML list such as `dependencies:` is read but edited
//!   only by `todo edit`.
//! - A table inside a task's body adds no fields, a table row cannot gain a column, and a row
//!   never moves out of its table.
//! - A sub-heading not named like a field ends a heading task's body.

pub mod config;
pub mod doctor;
pub mod document;
pub mod edit;
pub mod fs;
pub mod git;
pub mod hash;
pub mod history;
pub mod hook;
pub mod lint;
pub mod mcp;
pub mod mem;
pub mod merge;
pub mod model;
pub mod ops;
pub mod output;
pub mod par;
pub mod parse;
pub mod project;
pub mod query;
pub mod schema;
pub mod trace;
pub mod worktrees;

pub use document::{Document, LineEnding, LoadError, Position, Span};
pub use model::{Field, FieldKey, State, StateMap, Task, TaskStyle};
pub use parse::TaskFile;
pub use schema::Schema;
