//! `todo show`: one task in full, located by ID or by `FILE:LINE`.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::model::FieldKey;
use todo_md::output::{json::TaskJson, sanitize};
use todo_md::project::{Project, TaskRef};

use super::{Ctx, Format, emit};

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The task's ID, or FILE:LINE for any line of a task (also for tasks without an ID).
    #[arg(value_name = "ID")]
    id: String,
}

pub fn show(ctx: &Ctx, args: &ShowArgs) -> Result<ExitCode> {
    let format = ctx.format(&[Format::Text, Format::Json, Format::Md], Format::Text)?;
    let project = project_for(ctx, &args.id)?;
    let Some(t) = locate(&project, &args.id) else {
        let mut msg = format!("todo: no task `{}`", args.id);
        if let Some(s) = project.suggest(&args.id) {
            let _ = write!(msg, "; did you mean `{s}`?");
        }
        eprintln!("{msg}");
        return Ok(ExitCode::from(1));
    };
    match format {
        Format::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&TaskJson::new(t))?
        ))?,
        Format::Md => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let bytes = t.file.file.doc.slice(t.task.span).as_bytes();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
        _ => emit(&text(&project, t, ctx.color))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The project as far as showing `what` needs: the parts of the files that mention the ID
/// and, when the task has dependencies, the parts that mention those (their states are
/// shown); the whole project when the fast path does not find the task (a `FILE:LINE`, an ID
/// in another case, a typo to suggest for).
fn project_for(ctx: &Ctx, what: &str) -> Result<Project> {
    let project = ctx.project_for(&[what])?;
    let whole = project
        .files
        .iter()
        .all(|f| f.file.scope == todo_md::parse::Scope::Whole);
    if whole {
        return Ok(project);
    }
    let deps: Vec<String> = match project.find(what) {
        None => return ctx.project(),
        Some(t) => t
            .task
            .dependencies
            .iter()
            .map(|d| d.value.clone())
            .collect(),
    };
    if deps.is_empty() {
        return Ok(project);
    }
    let mut ids: Vec<&str> = vec![what];
    ids.extend(deps.iter().map(String::as_str));
    ctx.project_for(&ids)
}

/// The task named by an ID (exact, then case-insensitive) or by `FILE:LINE`.
fn locate<'a>(project: &'a Project, what: &str) -> Option<TaskRef<'a>> {
    if let Some(t) = project.find(what) {
        return Some(t);
    }
    let (file, line) = what.rsplit_once(':')?;
    let line: usize = line.parse().ok()?;
    project.tasks().find(|t| {
        let d = &t.file.display;
        let file_ok = file.is_empty() || d == file || d.ends_with(&format!("/{file}"));
        let doc = &t.file.file.doc;
        let first = doc.position(t.task.span.start).line;
        let last = doc
            .position(t.task.span.end.saturating_sub(1).max(t.task.span.start))
            .line;
        file_ok && (first..=last).contains(&line)
    })
}

fn text(project: &Project, t: TaskRef<'_>, color: bool) -> String {
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
        bold(&format!("{id}{}", sanitize(&task.title.value)))
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
    for f in &task.fields {
        if f.canon == Some(FieldKey::Acceptance)
            && f.items.iter().all(|i| i.text.starts_with('['))
            && !f.items.is_empty()
        {
            continue; // shown as the checklist below
        }
        row(&mut out, &f.key, &f.value);
        for item in &f.items {
            let _ = writeln!(out, "  {:<width$} - {}", "", sanitize(&item.text));
        }
    }
    if !task.criteria.is_empty() {
        let (done, total) = task.progress();
        let _ = writeln!(out, "  {}", bold(&format!("checklist {done}/{total}")));
        for (n, c) in task.criteria.iter().enumerate() {
            let mark = if c.done { "x" } else { " " };
            let _ = writeln!(out, "  {:>3}. [{mark}] {}", n + 1, sanitize(&c.text));
        }
    }
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
