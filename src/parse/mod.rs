//! From a [`Document`] to a [`TaskFile`]: block scan, then task recognition.
//!
//! This is the only module that talks to pulldown-cmark. `scan` classifies lines by Markdown
//! block structure; `recognize` walks those lines once, finds tasks in every supported style
//! and reads their bodies with the line grammar of `inline` and `body`.

mod body;
mod inline;
mod recognize;
mod scan;

use crate::document::{Document, Span};
use crate::model::{StateMap, Task};
use crate::schema::Schema;

/// A parsed task file: the document, its tasks and what the file declares.
#[derive(Debug, Clone)]
pub struct TaskFile {
    /// The exact text.
    pub doc: Document,
    /// Tasks in file order.
    pub tasks: Vec<Task>,
    /// Section paths; [`Task::section`] indexes this. Entry 0 is the empty path.
    pub sections: Vec<Vec<String>>,
    /// The schema the file declares in a `Task schema` section, if any.
    pub schema: Option<Schema>,
    /// Every heading (task headings included), in file order.
    pub headings: Vec<Heading>,
    /// `<!-- todo-lint: disable=RULE -->` comments, in file order.
    pub directives: Vec<Directive>,
    /// Lines that look like checkboxes but are not read as one by Markdown (`-[ ]`, `- []`).
    pub suspect_checkboxes: Vec<SuspectCheckbox>,
}

/// A heading of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading's text, trimmed, without `#` markers.
    pub text: String,
    /// The heading's line (ATX) or lines (setext), without the final line ending.
    pub span: Span,
    /// True when the heading is a task's first line.
    pub task: bool,
}

/// A `<!-- todo-lint: disable=RULE[,RULE…] -->` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The comment's line.
    pub span: Span,
    /// Rule names or codes (`all` disables every rule).
    pub rules: Vec<String>,
    /// Start of the next non-blank line (the task it sits above, if any).
    pub next_line: Option<usize>,
    /// True when no heading or task comes before it: it applies to the whole file.
    pub file_wide: bool,
}

/// A checkbox-like text that Markdown does not read as a checkbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuspectCheckbox {
    /// The malformed marker (`-[ ]`, `- []`).
    pub span: Span,
    /// What it should read (`- [ ]`).
    pub replacement: String,
}

impl TaskFile {
    /// Parses a document with the built-in status table.
    pub fn parse(doc: Document) -> TaskFile {
        Self::parse_with(doc, &StateMap::default())
    }

    /// Parses a document, mapping statuses to states with `states`.
    pub fn parse_with(doc: Document, states: &StateMap) -> TaskFile {
        let lines = scan::scan(&doc);
        let out = recognize::recognize(&doc, &lines, states);
        TaskFile {
            doc,
            tasks: out.tasks,
            sections: out.sections,
            schema: out.schema,
            headings: out.headings,
            directives: out.directives,
            suspect_checkboxes: out.suspects,
        }
    }

    /// The section path of a task.
    pub fn section(&self, task: &Task) -> &[String] {
        &self.sections[task.section]
    }

    /// 1-based line of a task's first line.
    pub fn line(&self, task: &Task) -> usize {
        self.doc.position(task.span.start).line
    }

    /// The task with this ID (first occurrence).
    pub fn find(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id() == Some(id))
    }
}
