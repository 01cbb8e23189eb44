//! `todo doctor`: how each file was read. For every file, the task styles recognised and how
//! many tasks each gave, what the file declares (front matter, schema, legend, kanban lanes),
//! the problems found, and lines that look like tasks but were not taken, with the reason,
//! so a person can see why a line is or is not a task. It reads the same model as every other
//! command; the "near misses" are the task-looking lines the file's accounting
//! ([`crate::TaskFile::accounting`]) finds read as no task, with the reason and what to write.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Task;
use crate::parse::account::Class;
use crate::project::LoadedFile;

/// What `doctor` says about one file.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FileReport {
    /// The file as shown elsewhere.
    pub file: String,
    /// Task count per recognised style, by style name.
    pub styles: BTreeMap<&'static str, usize>,
    /// Tasks in all.
    pub tasks: usize,
    /// True when the file opens with YAML front matter.
    pub front_matter: bool,
    /// True when the file is a kanban board (lanes give the status).
    pub kanban: bool,
    /// Where the schema comes from: `section`, `legend`, or none.
    pub schema: Option<&'static str>,
    /// Problems reading the file, as `line: message`.
    pub problems: Vec<Note>,
    /// Lines that look like tasks but are not read as one.
    pub near_misses: Vec<Note>,
    /// Tables read otherwise than their header suggests: a table of counts or values that
    /// gives no tasks, an index table whose rows are one task with a heading each.
    pub tables: Vec<Note>,
}

/// A line and what to say about it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Note {
    /// 1-based line.
    pub line: usize,
    /// The line's text, trimmed (at most 80 characters).
    pub text: String,
    /// Why.
    pub reason: String,
}

/// The style name of a task, as `doctor` reports it: the name its notation gives it.
pub fn style(task: &Task, file: &LoadedFile) -> &'static str {
    crate::parse::style::label(task, &file.file)
}

fn clip(s: &str) -> String {
    let t = s.trim();
    match t.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// The report for one file.
pub fn report(f: &LoadedFile) -> FileReport {
    let file = &f.file;
    let text = file.doc.text();
    let mut styles = BTreeMap::new();
    for t in &file.tasks {
        *styles.entry(style(t, f)).or_insert(0) += 1;
    }
    let schema = file.schema.as_ref().map(|s| match s.source {
        crate::schema::SchemaSource::Legend => "legend",
        crate::schema::SchemaSource::Backlog => "backlog/config.yml statuses",
        _ => "schema section",
    });
    let problems = file
        .problems
        .iter()
        .map(|p| Note {
            line: file.doc.position(p.span.start).line,
            text: clip(&text[p.span.range()]),
            reason: p.message.clone(),
        })
        .collect();
    // Every task-looking line that is read as no task (class d of the accounting).
    let near: Vec<Note> = file
        .accounting()
        .into_iter()
        .filter_map(|e| match e.class {
            Class::NearMiss(m) => Some(Note {
                line: e.line,
                text: clip(&text[e.span.range()]),
                reason: format!("{}: {}", m.reason, m.help),
            }),
            _ => None,
        })
        .collect();
    let tables = crate::parse::style::table_notes(file)
        .into_iter()
        .map(|(span, reason)| Note {
            line: file.doc.position(span.start).line,
            text: clip(&text[span]),
            reason,
        })
        .collect();
    FileReport {
        file: f.display.clone(),
        styles,
        tasks: file.tasks.len(),
        front_matter: file.front_matter.is_some(),
        kanban: file.lanes,
        schema,
        problems,
        near_misses: near,
        tables,
    }
}
