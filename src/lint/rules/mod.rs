//! One module per rule, each with its documentation (`INFO`) and a `check` over the shared
//! [`Context`]. Rules read the parsed project; they never parse or read files.

pub mod blocked_without_blocker;
pub mod blocker_without_blocked_status;
pub mod dependency_cycle;
pub mod done_with_open_criteria;
pub mod duplicate_field;
pub mod duplicate_id;
pub mod empty_title;
pub mod encoding_damage;
pub mod front_matter_style;
pub mod invalid_date;
pub mod invalid_front_matter;
pub mod invalid_id;
pub mod invalid_value;
pub mod malformed_checklist;
pub mod missing_field;
pub mod section_priority_mismatch;
pub mod stale_blocker;
pub mod unknown_dependency;
pub mod unknown_field;
pub mod unread_task_line;
// History rules (TD017…): checked by `crate::lint::history`, which reads git.
pub mod branch_id_collision;
pub mod id_reused;
pub mod stale_last_updated;
pub mod status_transition;
pub mod task_deleted;

use crate::document::Span;
use crate::model::Task;
use crate::project::{LoadedFile, Project};
use crate::schema::Schema;

use super::diagnostic::{Diagnostic, Fix, Location};
use super::registry::RuleInfo;

/// What every rule reads.
pub struct Context<'a> {
    /// The project.
    pub project: &'a Project,
    /// The schema from `.todo.yml`, which overrides the files' own.
    pub config_schema: Option<Schema>,
    /// ID → every task carrying it, in file order.
    pub index: crate::project::TaskIndex<'a>,
    /// Backlog.md's configured statuses, for its task files that no other schema covers.
    pub backlog_schema: Option<Schema>,
    /// Each file's near misses (class d of its accounting), computed on first use.
    accounting: std::sync::OnceLock<Vec<Vec<crate::parse::account::Entry>>>,
}

impl<'a> Context<'a> {
    /// Builds the context (one pass over the tasks for the index).
    pub fn new(project: &'a Project) -> Self {
        Context {
            project,
            config_schema: project.config.schema(),
            index: project.index(),
            backlog_schema: project
                .config
                .backlog
                .as_ref()
                .and_then(|b| b.status_schema()),
            accounting: std::sync::OnceLock::new(),
        }
    }

    /// The near misses of file `file` (class d of its accounting), in line order.
    pub fn near_misses(
        &self,
        file: usize,
    ) -> impl Iterator<
        Item = (
            &crate::parse::account::Entry,
            &crate::parse::account::NearMiss,
        ),
    > {
        let all = self.accounting.get_or_init(|| {
            self.project
                .files
                .iter()
                // A file read in part (an edit's fast path, which lints to verify) is accounted
                // over the windows it read, so that the near misses an edit causes there are
                // found without reading the whole file's Markdown.
                .map(|f| f.file.near_misses())
                .collect()
        });
        all[file].iter().filter_map(|e| match &e.class {
            crate::parse::account::Class::NearMiss(m) => Some((e, m)),
            _ => None,
        })
    }

    /// Files with their index.
    pub fn files(&self) -> impl Iterator<Item = (usize, &'a LoadedFile)> {
        self.project.files.iter().enumerate()
    }

    /// Every task with its file index and file.
    pub fn tasks(&self) -> impl Iterator<Item = (usize, &'a LoadedFile, &'a Task)> {
        self.files()
            .flat_map(|(i, f)| f.file.tasks.iter().map(move |t| (i, f, t)))
    }

    /// The schema that applies to a file.
    pub fn schema(&self, file: &'a LoadedFile) -> Option<&Schema> {
        crate::project::schema_of(
            file,
            self.config_schema.as_ref(),
            self.backlog_schema.as_ref(),
        )
    }

    /// A location in a file.
    pub fn location(&self, file: usize, span: Span, label: Option<String>) -> Location {
        let f = &self.project.files[file];
        let doc = &f.file.doc;
        Location {
            file: f.display.clone(),
            file_index: file,
            span,
            start: doc.position(span.start),
            end: doc.position(span.end),
            label,
        }
    }

    /// A diagnostic of `rule` at `span` of `file`, with the rule's default severity.
    pub fn diagnostic(
        &self,
        rule: &RuleInfo,
        file: usize,
        span: Span,
        task: Option<&Task>,
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.name,
            code: rule.code,
            severity: rule.severity,
            primary: self.location(file, span, None),
            secondary: Vec::new(),
            task_id: task.and_then(|t| t.id().map(str::to_string)),
            message,
            help: None,
            fix: None,
        }
    }
}

/// The span of a task's first line (its heading, checkbox line or title line), without the
/// line ending.
pub fn head_span(file: &LoadedFile, task: &Task) -> Span {
    let text = file.file.doc.text();
    let start = task.span.start;
    let end = text[start..task.span.end]
        .find(['\n', '\r'])
        .map_or(task.span.end, |e| start + e);
    Span::new(start, end)
}

/// How a task is named in messages: its ID, or its title in quotes.
pub fn name(task: &Task) -> String {
    match task.id() {
        Some(id) => id.to_string(),
        None => format!("\"{}\"", task.title.value),
    }
}

/// Tasks written as blocks carry fields; one-line tasks (checkbox, bullet) do not.
pub fn has_field_block(task: &Task) -> bool {
    crate::parse::style::has_field_block(task)
}

/// Attaches a fix.
pub fn with_fix(mut d: Diagnostic, fix: Fix) -> Diagnostic {
    d.fix = Some(fix);
    d
}
