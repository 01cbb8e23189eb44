//! Renderers of `list`, `ready`, `next` and `show`: tasks as a table, JSON, CSV, IDs, text or
//! their source Markdown.
//!
//! Each function takes tasks the command has already chosen (filtered, sorted, located) and
//! writes them in one format. Nothing here filters, sorts or loads; the task JSON shape is
//! [`TaskJson`], the CSV and table layouts are in [`csv`] and [`table`].

use std::fmt::Write as _;
use std::io::{self, Write};

use super::format::{Format, write_json};
use super::json::TaskJson;
use super::{csv, sanitize, table};
use crate::model::{Checklist, FieldKey};
use crate::project::{Project, TaskRef};
use crate::query::Subtasks;

/// What `list` and `ready` write; the first is the default.
pub const LIST_FORMATS: &[Format] = &[
    Format::Table,
    Format::Json,
    Format::Csv,
    Format::Ids,
    Format::Compact,
];
/// What `next` writes; the first is the default.
pub const NEXT_FORMATS: &[Format] = &[Format::Text, Format::Json, Format::Ids];
/// What `show` writes; the first is the default (`md` is the task's source bytes).
pub const SHOW_FORMATS: &[Format] = &[Format::Text, Format::Json, Format::Md, Format::Compact];

/// The tasks of `list` or `ready`; a table gets a file column when `show_file` (tasks from
/// more than one file) and closes with the count line.
pub fn write_list(
    out: &mut dyn Write,
    format: Format,
    tasks: &[TaskRef<'_>],
    view: &ListView<'_>,
    color: bool,
) -> io::Result<()> {
    let show_file = view.show_file;
    let subtasks = view.subtasks;
    if view.tree {
        let tree = subtasks.tree(tasks);
        if format == Format::Table {
            let opts = table::TableOptions { color, show_file };
            if !tree.is_empty() {
                out.write_all(table::render_tree(&tree, subtasks, opts).as_bytes())?;
            }
            return out.write_all(table::count_line(tasks).as_bytes());
        }
        let ordered: Vec<TaskRef<'_>> = tree.into_iter().map(|(t, _)| t).collect();
        let flat = ListView {
            tree: false,
            ..*view
        };
        return write_list(out, format, &ordered, &flat, color);
    }
    match format {
        Format::Json => super::format::write_json_array_with(out, tasks, |t, buf| {
            TaskJson::new(*t)
                .with_subtasks(subtasks.progress(t))
                .write_pretty(buf, 1);
            Ok(())
        }),
        Format::Csv => out.write_all(csv::render(tasks.iter().copied()).as_bytes()),
        Format::Compact => super::compact::write(out, tasks),
        Format::Ids => {
            let mut text = String::new();
            for id in tasks.iter().filter_map(|t| t.task.id()) {
                text.push_str(id);
                text.push('\n');
            }
            out.write_all(text.as_bytes())
        }
        _ => {
            let opts = table::TableOptions { color, show_file };
            if !tasks.is_empty() {
                let rows: Vec<_> = tasks.iter().map(|t| (*t, 0)).collect();
                out.write_all(table::render_tree(&rows, subtasks, opts).as_bytes())?;
            }
            out.write_all(table::count_line(tasks).as_bytes())
        }
    }
}

/// How `list` and `ready` lay tasks out.
#[derive(Debug, Clone, Copy)]
pub struct ListView<'a> {
    /// A file column in the table (tasks from more than one file).
    pub show_file: bool,
    /// Sub-tasks under their parents (`--tree`).
    pub tree: bool,
    /// The project's parents and sub-tasks, whose progress the parents show.
    pub subtasks: &'a Subtasks,
}

/// `list --blocked`: as a table, each task with what it waits for (`waits[i]` is what
/// `tasks[i]` waits for); any other format as [`write_list`].
pub fn write_blocked(
    out: &mut dyn Write,
    format: Format,
    tasks: &[TaskRef<'_>],
    waits: &[Vec<String>],
    view: &ListView<'_>,
    color: bool,
) -> io::Result<()> {
    if format != Format::Table {
        return write_list(out, format, tasks, view, color);
    }
    out.write_all(blocked_table(tasks, waits, color).as_bytes())?;
    out.write_all(table::count_line(tasks).as_bytes())
}

fn blocked_table(tasks: &[TaskRef<'_>], waits: &[Vec<String>], color: bool) -> String {
    if tasks.is_empty() {
        return String::new();
    }
    let mut t = table::new_table(&["ID", "Title", "Status", "Waiting for"], color);
    for (task, waits) in tasks.iter().zip(waits) {
        let c = if color {
            table::state_color(task.task.state)
        } else {
            None
        };
        let status = task.task.status().unwrap_or(task.task.state.name());
        let mut status_cell = comfy_table::Cell::new(sanitize(status));
        if let Some(c) = c {
            status_cell = status_cell.fg(c);
        }
        let mut row = comfy_table::Row::from(vec![
            comfy_table::Cell::new(task.task.id().unwrap_or("·")),
            comfy_table::Cell::new(sanitize(task.task.shown_title())),
            status_cell,
            comfy_table::Cell::new(sanitize(&waits.join("; "))),
        ]);
        row.max_height(1);
        t.add_row(row);
    }
    format!("{}\n", t.trim_fmt())
}

/// The task `next` chose; when there is none, JSON says `null` and the other formats write
/// nothing (the command says why on standard error).
pub fn write_next(
    out: &mut dyn Write,
    format: Format,
    task: Option<TaskRef<'_>>,
) -> io::Result<()> {
    let Some(t) = task else {
        return match format {
            Format::Json => out.write_all(b"null\n"),
            _ => Ok(()),
        };
    };
    match format {
        Format::Json => write_json(out, &TaskJson::new(t)),
        Format::Ids => writeln!(out, "{}", t.task.id().unwrap_or("")),
        _ => {
            let mut meta = Vec::new();
            if let Some(p) = t.priority_text() {
                meta.push(p.to_string());
            }
            meta.push(format!("{}:{}", t.file.display, t.line()));
            let id = t.task.id().map(|i| format!("{i}  ")).unwrap_or_default();
            writeln!(
                out,
                "{id}{}  ({})",
                sanitize(t.task.shown_title()),
                meta.join(", ")
            )
        }
    }
}

/// The checklists of `show`, numbered over every checkbox as `todo check N` counts them; a
/// Definition of Done is shown under its own heading, apart from the criteria that progress
/// counts.
fn write_checklists(out: &mut String, task: &crate::model::Task, bold: &dyn Fn(&str) -> String) {
    for (list, name, (done, total)) in [
        (Checklist::Criteria, "checklist", task.progress()),
        (
            Checklist::DefinitionOfDone,
            "definition of done",
            task.done_progress(),
        ),
    ] {
        if total == 0 {
            continue;
        }
        let _ = writeln!(out, "  {}", bold(&format!("{name} {done}/{total}")));
        for (n, c) in task
            .criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| c.list == list)
        {
            let mark = if c.done { "x" } else { " " };
            let _ = writeln!(out, "  {:>3}. [{mark}] {}", n + 1, sanitize(&c.text));
        }
    }
}

/// The sub-tasks of `show`, with their progress (done of counted, cancelled ones left out).
fn write_subtasks(
    out: &mut String,
    project: &Project,
    t: TaskRef<'_>,
    bold: &dyn Fn(&str) -> String,
) {
    let subtasks = Subtasks::of(project);
    let Some((done, total)) = subtasks.progress(&t) else {
        return;
    };
    let _ = writeln!(out, "  {}", bold(&format!("sub-tasks {done}/{total}")));
    let all: Vec<TaskRef<'_>> = project.tasks().collect();
    for (s, depth) in subtasks
        .tree(&all)
        .into_iter()
        .skip_while(|(s, _)| s.task.span != t.task.span || s.file_index != t.file_index)
        .skip(1)
        .take_while(|(_, d)| *d > 0)
    {
        let status = s.task.status().unwrap_or(s.task.state.name());
        let _ = writeln!(
            out,
            "  {:indent$}{:<10} {:<12} {}",
            "",
            s.task.id().unwrap_or("·"),
            sanitize(status),
            sanitize(s.task.shown_title()),
            indent = 2 * depth
        );
    }
}

/// What `show` adds to the fields: a priority from the section, and the title's tags,
/// projects, people, contexts and due date (a due date from a field is shown with the fields).
fn title_rows(t: TaskRef<'_>) -> Vec<(&'static str, String)> {
    let task = t.task;
    let mut rows = Vec::new();
    if let Some(p) = t.priority().filter(|p| p.from_section) {
        rows.push(("priority", format!("{} (from the section)", p.text)));
    }
    let tokens = task.tokens();
    for (name, list) in [
        ("tags", &tokens.tags),
        ("projects", &tokens.projects),
        ("mentions", &tokens.mentions),
        ("contexts", &tokens.contexts),
    ] {
        if !list.is_empty() {
            rows.push((name, list.join(", ")));
        }
    }
    if let Some(due) = tokens.due
        && !task
            .fields
            .iter()
            .any(|f| f.key.eq_ignore_ascii_case("due"))
    {
        rows.push(("due", due.to_string()));
    }
    rows
}

/// The parent's ID, with its title when the project has it (a legacy `task-N` spelling
/// resolves through the index).
fn parent_shown(project: &Project, t: &TaskRef<'_>) -> Option<String> {
    let parent = t.task.parent(t.src())?;
    let index = project.index();
    Some(match index.lookup(&parent).and_then(|v| v.first()) {
        Some(p) => format!("{} {}", p.task.id().unwrap_or(&parent), p.task.title.value),
        None => parent,
    })
}

/// One task in full for `show`: its fields and checklist, and (as text) the state of what it
/// depends on and what depends on it, looked up in `project`.
pub fn write_show(
    out: &mut dyn Write,
    format: Format,
    project: &Project,
    t: TaskRef<'_>,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Json => {
            let progress = Subtasks::of(project).progress(&t);
            write_json(out, &TaskJson::new(t).with_subtasks(progress))
        }
        Format::Md => out.write_all(t.file.file.doc.slice(t.task.span).as_bytes()),
        Format::Compact => super::compact::write(out, &[t]),
        _ => out.write_all(show_text(project, t, color).as_bytes()),
    }
}
fn show_text(project: &Project, t: TaskRef<'_>, color: bool) -> String {
    let task = t.task;
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let id = task.id().map(|i| format!("{i}  ")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        bold(&format!("{id}{}", sanitize(task.shown_title())))
    );
    let width = task
        .fields
        .iter()
        .map(|f| f.key.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let row = |out: &mut String, k: &str, v: &str| {
        let line = format!("  {:<width$} {}", sanitize(k), sanitize(v));
        let _ = writeln!(out, "{}", line.trim_end());
    };
    row(
        &mut out,
        "file",
        &format!("{}:{}", t.file.display, t.line()),
    );
    if !t.section().is_empty() {
        row(&mut out, "section", &t.section().join(" › "));
    }
    row(&mut out, "state", task.state.name());
    if let Some(parent) = parent_shown(project, &t) {
        row(&mut out, "parent", &parent);
    }
    for (k, v) in title_rows(t) {
        row(&mut out, k, &v);
    }
    for f in &task.fields {
        if f.canon == Some(FieldKey::Acceptance)
            && f.items.iter().all(|i| i.text(t.src()).starts_with('['))
            && !f.items.is_empty()
        {
            continue; // shown as the checklist below
        }
        row(&mut out, &f.key, &f.value);
        for item in &f.items {
            let _ = writeln!(out, "  {:<width$} - {}", "", sanitize(item.text(t.src())));
        }
    }
    write_checklists(&mut out, task, &bold);
    write_subtasks(&mut out, project, t, &bold);
    let index = project.index();
    if !task.dependencies.is_empty() {
        let _ = writeln!(out, "  {}", bold("depends on"));
        for d in &task.dependencies {
            match index.get(d.value.as_str()).and_then(|v| v.first()) {
                Some(dep) => {
                    let status = dep.task.status().unwrap_or(dep.task.state.name());
                    let archived = if dep.file.archive { " (archived)" } else { "" };
                    let _ = writeln!(
                        out,
                        "    {:<10} {:<12} {}{archived}",
                        d.value,
                        sanitize(status),
                        sanitize(&dep.task.title.value)
                    );
                }
                None => {
                    let _ = writeln!(out, "    {:<10} (not found in any task file)", d.value);
                }
            }
        }
    }
    if let Some(id) = task.id() {
        let needed: Vec<TaskRef<'_>> = project
            .tasks()
            .filter(|o| {
                o.task
                    .dependencies
                    .iter()
                    .chain(&o.task.blocker_refs)
                    .any(|d| d.value == id)
            })
            .collect();
        if !needed.is_empty() {
            let _ = writeln!(out, "  {}", bold("needed by"));
            for n in needed {
                let status = n.task.status().unwrap_or(n.task.state.name());
                let _ = writeln!(
                    out,
                    "    {:<10} {:<12} {}",
                    n.task.id().unwrap_or("·"),
                    sanitize(status),
                    sanitize(&n.task.title.value)
                );
            }
        }
    }
    out
}
