//! `todo list`, `todo ready` and `todo next`: filtered, sorted views of the project's tasks.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use todo_md::model::{FieldKey, State, priority_rank};
use todo_md::output::tasks::{self, LIST_FORMATS, NEXT_FORMATS};
use todo_md::project::{Project, TaskRef};

use super::{Ctx, UsageError, write_stdout};

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only tasks with this status, as written (case-insensitive; repeatable or comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "STATUS",
        help_heading = "Filters"
    )]
    status: Vec<String>,
    /// Only tasks in this state: todo, in-progress, blocked, done.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "STATE",
        help_heading = "Filters"
    )]
    state: Vec<String>,
    /// Only tasks with this priority (P0, P1, …).
    #[arg(
        short,
        long,
        value_delimiter = ',',
        value_name = "PRIORITY",
        help_heading = "Filters"
    )]
    priority: Vec<String>,
    /// Only tasks with this owner.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "OWNER",
        help_heading = "Filters"
    )]
    owner: Vec<String>,
    /// Only tasks of this type.
    #[arg(
        long = "type",
        value_delimiter = ',',
        value_name = "TYPE",
        help_heading = "Filters"
    )]
    kind: Vec<String>,
    /// Only tasks whose section path contains this text (case-insensitive).
    #[arg(long, value_name = "TEXT", help_heading = "Filters")]
    section: Vec<String>,
    /// Only tasks whose title contains this text (case-insensitive).
    #[arg(long, value_name = "TEXT", help_heading = "Filters")]
    grep: Vec<String>,
    /// Only tasks that wait on something (state blocked, a blocker, or an open dependency),
    /// with what each waits for.
    #[arg(long, help_heading = "Filters")]
    blocked: bool,
    /// Sort order.
    #[arg(long, value_enum, default_value_t = SortKey::File)]
    sort: SortKey,
}

#[derive(Debug, Args)]
pub struct ReadyArgs {
    /// Only ready tasks with this priority.
    #[arg(short, long, value_delimiter = ',', value_name = "PRIORITY")]
    priority: Vec<String>,
    /// Only ready tasks with this owner.
    #[arg(long, value_delimiter = ',', value_name = "OWNER")]
    owner: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SortKey {
    /// File order.
    File,
    /// Task ID (numbers compared as numbers).
    Id,
    /// Priority, highest first.
    Priority,
    /// State, then status text.
    Status,
}

fn any_eq(wanted: &[String], value: Option<&str>) -> bool {
    wanted.is_empty()
        || value.is_some_and(|v| {
            wanted
                .iter()
                .any(|w| w.trim().eq_ignore_ascii_case(v.trim()))
        })
}

fn any_contains(wanted: &[String], value: &str) -> bool {
    let v = value.to_lowercase();
    wanted.is_empty() || wanted.iter().any(|w| v.contains(&w.to_lowercase()))
}

pub fn list(ctx: &Ctx, args: &ListArgs) -> Result<ExitCode> {
    let format = ctx.format_in(LIST_FORMATS)?;
    let states: Vec<State> = args
        .state
        .iter()
        .map(|s| {
            State::parse(s).ok_or_else(|| {
                UsageError(format!(
                    "unknown state `{s}` (use todo, in-progress, blocked or done)"
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    // Never dropped: the process ends after this command, and freeing a large model costs
    // more than nothing.
    let project = std::mem::ManuallyDrop::new(ctx.project()?);
    let index = if args.blocked {
        project.index()
    } else {
        todo_md::project::TaskIndex::default()
    };
    let mut tasks: Vec<TaskRef<'_>> = project
        .tasks()
        .filter(|t| {
            let task = t.task;
            any_eq(&args.status, task.status())
                && (states.is_empty() || states.contains(&task.state))
                && any_eq(&args.priority, task.priority())
                && any_eq(&args.owner, task.value(FieldKey::Owner))
                && any_eq(&args.kind, task.value(FieldKey::Type))
                && (args.section.is_empty()
                    || any_contains(&args.section, &t.section().join(" / ")))
                && any_contains(&args.grep, &task.title.value)
                && (!args.blocked || !waits_for(t, &index).is_empty())
        })
        .collect();
    sort(&mut tasks, args.sort);
    let show_file = project.files.len() > 1;
    if args.blocked {
        let waits: Vec<Vec<String>> = tasks.iter().map(|t| waits_for(t, &index)).collect();
        write_stdout(|out| {
            tasks::write_blocked(out, format, &tasks, &waits, show_file, ctx.color)
        })?;
    } else {
        write_stdout(|out| tasks::write_list(out, format, &tasks, show_file, ctx.color))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What a task waits for: its blocker, and each dependency that is not done or archived.
fn waits_for(t: &TaskRef<'_>, index: &todo_md::project::TaskIndex<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if t.task.state == State::Done {
        return out;
    }
    if let Some(b) = t.task.blocker() {
        out.push(b);
    }
    for d in &t.task.dependencies {
        let named = t.task.blocker_refs.iter().any(|b| b.value == d.value);
        if !named && !Project::is_satisfied(index, &d.value) {
            let known = index.contains_key(d.value.as_str());
            out.push(if known {
                d.value.clone()
            } else {
                format!("{} (not found)", d.value)
            });
        }
    }
    if out.is_empty() && t.task.state == State::Blocked {
        out.push("(no blocker given)".to_string());
    }
    out
}

/// Natural order for IDs: `T-9` before `T-10`.
fn id_key(id: Option<&str>) -> (bool, Vec<(String, u64)>) {
    let Some(id) = id else {
        return (true, Vec::new());
    };
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut num = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            if !num.is_empty() {
                parts.push((std::mem::take(&mut text), num.parse().unwrap_or(u64::MAX)));
                num.clear();
            }
            text.push(c);
        }
    }
    parts.push((text, num.parse().unwrap_or(0)));
    (false, parts)
}

fn sort(tasks: &mut [TaskRef<'_>], key: SortKey) {
    match key {
        SortKey::File => {}
        SortKey::Id => tasks.sort_by_cached_key(|t| id_key(t.task.id())),
        SortKey::Priority => tasks.sort_by_key(|t| priority_rank(t.task.priority())),
        SortKey::Status => {
            tasks.sort_by_key(|t| (t.task.state, t.task.status().map(str::to_uppercase)))
        }
    }
}

/// Ready tasks, highest priority first, then file order.
fn ready_tasks<'a>(project: &'a Project, args: &ReadyArgs) -> Vec<TaskRef<'a>> {
    let index = project.index();
    let mut tasks: Vec<TaskRef<'a>> = project
        .tasks()
        .filter(|t| {
            !t.file.archive
                && t.task.state == State::Todo
                && t.task.blocker().is_none()
                && t.task
                    .dependencies
                    .iter()
                    .all(|d| Project::is_satisfied(&index, &d.value))
                && any_eq(&args.priority, t.task.priority())
                && any_eq(&args.owner, t.task.value(FieldKey::Owner))
        })
        .collect();
    tasks.sort_by_key(|t| priority_rank(t.task.priority()));
    tasks
}

pub fn ready(ctx: &Ctx, args: &ReadyArgs) -> Result<ExitCode> {
    let format = ctx.format_in(LIST_FORMATS)?;
    let project = ctx.project()?;
    let ready = ready_tasks(&project, args);
    let show_file = project.files.len() > 1;
    write_stdout(|out| tasks::write_list(out, format, &ready, show_file, ctx.color))?;
    Ok(ExitCode::SUCCESS)
}

pub fn next(ctx: &Ctx, args: &ReadyArgs) -> Result<ExitCode> {
    let format = ctx.format_in(NEXT_FORMATS)?;
    let project = ctx.project()?;
    let first = ready_tasks(&project, args).first().copied();
    if first.is_none() && format != todo_md::output::Format::Json {
        eprintln!("todo: no task is ready");
    }
    write_stdout(|out| tasks::write_next(out, format, first))?;
    Ok(if first.is_some() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["T-10", "T-9", "T-100", "A-2"];
        ids.sort_by_key(|i| id_key(Some(i)));
        assert_eq!(ids, ["A-2", "T-9", "T-10", "T-100"]);
    }
}
