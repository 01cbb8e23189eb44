//! `todo doctor`: how each file was read. For every file, the task styles recognised and how
//! many tasks each gave, what the file declares (front matter, schema, legend, kanban lanes),
//! the problems found, and lines that look like tasks but were not taken, with the reason,
//! so a person can see why a line is or is not a task. It reads the same model as every other
//! command; the "near misses" are hints about the prose and list lines (as the block scan
//! classifies them) that stand outside every task.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{FieldKey, Task, canonical_key, id_at};
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
    let mut near = Vec::new();
    for s in &file.suspect_checkboxes {
        let line_start = text[..s.span.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[s.span.end..]
            .find('\n')
            .map_or(text.len(), |e| s.span.end + e);
        near.push(Note {
            line: file.doc.position(s.span.start).line,
            text: clip(&text[line_start..line_end]),
            reason: format!(
                "looks like a checkbox but Markdown does not read one; write `{}`",
                s.replacement
            ),
        });
    }
    // Prose and list lines (the block scan leaves out code, HTML, front matter and tables)
    // outside every task.
    let mut spans: Vec<(usize, usize)> = file
        .tasks
        .iter()
        .map(|t| (t.span.start, t.span.end))
        .collect();
    // A front matter with blank lines inside is not one for Markdown: skip it by its span.
    spans.extend(file.front_matter.map(|fm| (fm.span.start, fm.span.end)));
    spans.sort_unstable();
    let mut k = 0;
    for line in crate::parse::prose_lines(&file.doc) {
        while k < spans.len() && spans[k].1 <= line.start {
            k += 1;
        }
        if spans.get(k).is_some_and(|s| s.0 <= line.start) {
            continue;
        }
        let t = &text[line.range()];
        if let Some(reason) = near_miss(t) {
            near.push(Note {
                line: file.doc.position(line.start).line,
                text: clip(t),
                reason,
            });
        }
    }
    near.sort_by_key(|x| x.line);
    FileReport {
        file: f.display.clone(),
        styles,
        tasks: file.tasks.len(),
        front_matter: file.front_matter.is_some(),
        kanban: file.lanes,
        schema,
        problems,
        near_misses: near,
    }
}

/// Why a line outside every task looks like one, if it does.
fn near_miss(t: &str) -> Option<String> {
    let item = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "));
    if let Some(rest) = item {
        let rest = rest.trim_start();
        let lead = rest.trim_start_matches(['*', '`', '[']);
        if let Some(tok) = id_at(lead)
            && tok.strong
            && lead[tok.len..].starts_with(' ')
        {
            return Some(format!(
                "a list item led by `{}` with no separator: write `{}: …` (or a checkbox) to make it a task",
                &lead[..tok.len],
                &lead[..tok.len]
            ));
        }
        return None;
    }
    // A field line no task holds.
    let plain = t.trim_start_matches('*');
    if let Some(colon) = plain.find(':') {
        let key = plain[..colon].trim_end_matches('*').trim();
        if matches!(
            canonical_key(key),
            Some(FieldKey::Status | FieldKey::Priority)
        ) && !plain[colon + 1..]
            .trim()
            .trim_start_matches('*')
            .trim()
            .is_empty()
        {
            return Some(format!(
                "a `{key}` field outside any task: put it under a task heading (`### ID: Title`) or a checkbox item"
            ));
        }
    }
    None
}
