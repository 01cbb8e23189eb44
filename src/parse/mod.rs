//! From a [`Document`] to a [`TaskFile`]: block scan, then task recognition.
//!
//! This is the only module that talks to pulldown-cmark. `scan` classifies lines by Markdown
//! block structure; `recognize` walks those lines once and asks the notations of `style`
//! (one file per way of writing a task, and their registry) which lines make tasks, reading
//! their bodies with the line grammar of `inline` and `body`.

pub mod account;
mod body;
pub(crate) mod frontmatter;
mod indent;
mod inline;
mod line;
pub(crate) mod meta;
mod outline;
mod plain;
mod recognize;
mod scan;
mod split;
pub mod style;
pub(crate) mod table;
mod window;

use crate::document::{Document, Span};
use crate::model::schema::Schema;
use crate::model::{LastUpdated, StateMap, Task};

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
    /// What the model covers: the whole file, or only the parts related to some IDs.
    pub scope: Scope,
    /// The file's YAML front matter, when it has one.
    pub front_matter: Option<FrontMatterBlock>,
    /// Problems found while reading the file (a front matter that is not valid YAML).
    pub problems: Vec<Problem>,
    /// True for a kanban board: the lane (section heading) a task sits in is its status.
    pub lanes: bool,
    /// The `Last Updated:` line before the first task, read once here for every user.
    pub last_updated: Option<LastUpdated>,
    /// The block scan of the whole file, kept when [`set_keep_scan`] asked for it; for a file
    /// read in part ([`Scope::Related`]), always the scan of the windows read.
    pub(crate) scan: Option<std::sync::Arc<Vec<scan::Line>>>,
    /// The near misses of the accounting, found while the parse still held its block scan
    /// when [`set_near_misses_on_parse`] asked for them.
    pub(crate) near_misses: Option<Vec<account::Entry>>,
}

/// The front-matter values written unquoted although they start with a character YAML
/// reserves (`assignee: @MrLesk`): read as strings, reported by `front-matter-style`. Reads
/// the front matter again; empty without one.
pub fn unquoted_reserved(doc: &Document) -> Vec<Span> {
    frontmatter::read(doc.text(), doc.content_start()).map_or_else(Vec::new, |f| f.reserved)
}

static KEEP_SCAN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// From now on, every whole parse of this process keeps its block scan, so that
/// [`TaskFile::accounting`] does not scan the file a second time: for `lint` and `doctor`,
/// which account for every line. Other commands keep no scan (it is most of a model's size).
pub fn set_keep_scan(on: bool) {
    KEEP_SCAN.store(on, std::sync::atomic::Ordering::Relaxed);
}

static NEAR_MISSES_ON_PARSE: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// From now on, every whole parse of this process finds the near misses of its accounting
/// ([`TaskFile::near_misses`]) while it still holds its block scan, and then lets the scan go:
/// for `lint`, which reports them. The scan is the largest part of a parse after the model
/// itself, and a large file's lines would otherwise stay in memory through every rule.
pub fn set_near_misses_on_parse(on: bool) {
    NEAR_MISSES_ON_PARSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

static LENIENT_MARKDOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Chooses how list lines that CommonMark reads otherwise than their indentation suggests are
/// read from now on, by every parse of this process: `false` (the default) keeps CommonMark's
/// reading (`lint` reports them), `true` reads them as their author evidently meant, as the
/// children of the item above (`--lenient-markdown`; see docs/format.md).
pub fn set_lenient_markdown(on: bool) {
    LENIENT_MARKDOWN.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// True when [`set_lenient_markdown`] chose the lenient reading.
pub fn lenient_markdown() -> bool {
    LENIENT_MARKDOWN.load(std::sync::atomic::Ordering::Relaxed)
}

/// The end of the line holding `offset` (its line ending excluded).
pub(crate) fn line_end(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    memchr::memchr2(b'\n', b'\r', &text.as_bytes()[at..]).map_or(text.len(), |e| at + e)
}

/// True for a real `YYYY-MM-DD` calendar date.
pub fn valid_date(s: &str) -> bool {
    meta::valid_date(s)
}

/// Where a file's YAML front matter stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatterBlock {
    /// Opening fence through closing fence, its line ending included.
    pub span: Span,
    /// The YAML between the fences.
    pub body: Span,
}

/// Something in the file that could not be read as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub span: Span,
    /// What, one line, lower-case start.
    pub message: String,
}

/// How much of a file the model holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every task, heading and note of the file.
    Whole,
    /// Only the windows of the file (text between two top-level headings) that mention these
    /// IDs, the file's head up to its first task, and its schema section; see
    /// [`TaskFile::parse_related`].
    Related(Vec<String>),
}

/// A heading of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading's text, trimmed, without `#` markers (see [`TaskFile::heading_text`]).
    pub text: Span,
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
        crate::trace::phase("parse start");
        let (mut lines, mut bounds) = scan::scan_parts(&doc);
        crate::trace::phase("scanned");
        // The accounting reads Markdown as CommonMark does.
        let mut keep = KEEP_SCAN.load(std::sync::atomic::Ordering::Relaxed);
        let mut near = NEAR_MISSES_ON_PARSE.load(std::sync::atomic::Ordering::Relaxed) && !keep;
        if lenient_markdown()
            && let Some(meant) = indent::scan_as_meant(&doc, &lines)
        {
            // Read as meant, the lines no longer fall into the outline's parts.
            lines = meant;
            bounds = Vec::new();
            keep = false;
            near = false;
        }
        let out = recognize::recognize(&doc, &lines, &bounds, states);
        crate::trace::phase("recognized");
        let mut file = TaskFile {
            scan: (keep || near).then(|| std::sync::Arc::new(lines)),
            near_misses: None,
            doc,
            tasks: out.tasks,
            sections: out.sections,
            schema: out.schema,
            headings: out.headings,
            directives: out.directives,
            suspect_checkboxes: out.suspects,
            scope: Scope::Whole,
            front_matter: out.front_matter,
            problems: out.problems,
            lanes: out.lanes,
            last_updated: None,
        }
        .with_last_updated();
        crate::trace::phase("built");
        if near {
            file.near_misses = Some(file.near_misses());
            file.scan = None;
        }
        crate::trace::phase("near misses");
        file
    }

    /// Parses only what a command about `ids` needs: every window of the file that mentions
    /// one of them, the head of the file up to its first task, and the schema section. The
    /// tasks found are exactly those of a whole parse (same spans, fields, states and section
    /// paths); lists of all tasks, headings or notes are partial, and [`TaskFile::scope`]
    /// says so. A file with a shape the fast path does not read exactly, or with no task
    /// outside freeform lists, is parsed whole (scope [`Scope::Whole`]).
    pub fn parse_related(doc: Document, states: &StateMap, ids: &[&str]) -> TaskFile {
        if lenient_markdown() {
            return Self::parse_with(doc, states);
        }
        match window::recognize_related(&doc, states, ids) {
            // The windows' lines are kept (a small part of the file): the accounting of a
            // partly read file classifies them, so that an edit's fast path sees the near
            // misses it would cause.
            Some((out, lines)) => TaskFile {
                scan: Some(std::sync::Arc::new(lines)),
                near_misses: None,
                doc,
                tasks: out.tasks,
                sections: out.sections,
                schema: out.schema,
                headings: out.headings,
                directives: out.directives,
                suspect_checkboxes: out.suspects,
                scope: Scope::Related(ids.iter().map(|s| s.to_string()).collect()),
                front_matter: out.front_matter,
                problems: out.problems,
                lanes: out.lanes,
                last_updated: None,
            }
            .with_last_updated(),
            None => Self::parse_with(doc, states),
        }
    }

    /// Parses `doc` (the text after an edit) with the same scope as `self`.
    pub fn reparse_like(&self, doc: Document, states: &StateMap) -> TaskFile {
        match &self.scope {
            Scope::Whole => Self::parse_with(doc, states),
            Scope::Related(ids) => {
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                Self::parse_related(doc, states, &ids)
            }
        }
    }

    /// Reads the header's `Last Updated:` line, which ends where the first task begins.
    fn with_last_updated(mut self) -> TaskFile {
        let text = self.doc.text();
        let limit = self.tasks.first().map_or(text.len(), |t| t.span.start);
        self.last_updated = LastUpdated::find(text, limit);
        self
    }

    /// A heading's text, trimmed, without `#` markers.
    pub fn heading_text(&self, heading: &Heading) -> &str {
        self.doc.slice(heading.text)
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
