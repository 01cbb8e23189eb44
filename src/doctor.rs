//! `todo doctor`: how each file was read. For every file, the task styles recognised and how
//! many tasks each gave, what the file declares (front matter, schema, legend, kanban lanes),
//! the problems found, and lines that look like tasks but were not taken, with the reason,
//! so a person can see why a line is or is not a task. It reads the same model as every other
//! command; the "near misses" are the task-looking lines the file's accounting
//! ([`crate::TaskFile::accounting`]) finds read as no task, with the reason and what to write.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Task;
use crate::model::priority::{self, SectionWords};
use crate::model::tokens::title_tokens;
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
    /// Sections whose heading gives the tasks under it a priority: the first such task's
    /// line, the heading, and what it gives to how many tasks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub section_priorities: Vec<Note>,
    /// Tasks whose title carries tokens (`#tag`, `+project`, `@person`, `due:`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub titles_with_tokens: usize,
    /// Tasks that name a parent (a parent field or a dotted ID).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub subtasks: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
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

/// The section headings of `f` that give tasks a priority (see [`FileReport`]).
fn section_priorities(f: &LoadedFile, words: &SectionWords) -> Vec<Note> {
    let file = &f.file;
    // (first line, heading, priority, tasks), one per giving heading: the same heading text
    // under another parent is another section.
    let mut found: Vec<(usize, String, String, usize)> = Vec::new();
    let mut by_heading: std::collections::HashMap<&[String], usize> = Default::default();
    let mut by_section: BTreeMap<usize, Option<usize>> = BTreeMap::new();
    for t in file.tasks.iter().filter(|t| t.priority().is_none()) {
        let slot = *by_section.entry(t.section).or_insert_with(|| {
            let path = file.section(t);
            let (i, p) = path
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, h)| Some((i, priority::from_section(h, words)?)))?;
            Some(*by_heading.entry(&path[..=i]).or_insert_with(|| {
                found.push((file.line(t), path[i].clone(), p, 0));
                found.len() - 1
            }))
        });
        if let Some(i) = slot {
            found[i].3 += 1;
        }
    }
    found
        .into_iter()
        .map(|(line, heading, p, n)| Note {
            line,
            text: clip(&heading),
            reason: if n == 1 {
                format!("1 task without a priority of its own takes `{p}` from this section")
            } else {
                format!("{n} tasks without a priority of their own take `{p}` from this section")
            },
        })
        .collect()
}

/// The report for one file; `words` are the config's extra words for section priorities.
pub fn report(f: &LoadedFile, words: &SectionWords) -> FileReport {
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
        section_priorities: section_priorities(f, words),
        titles_with_tokens: file
            .tasks
            .iter()
            .filter(|t| !title_tokens(&t.title.value).is_empty())
            .count(),
        subtasks: file
            .tasks
            .iter()
            .filter(|t| t.parent(file.doc.text()).is_some())
            .count(),
    }
}
