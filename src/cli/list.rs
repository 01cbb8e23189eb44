//! `todo list`, `todo ready` and `todo next`: filtered, sorted views of the project's tasks.
//! The queries are `todo_md::query`'s and the renderers `todo_md::output::tasks`'; this module
//! turns arguments into a query.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use todo_md::model::State;
use todo_md::output::Format;
use todo_md::output::tasks::{self, LIST_FORMATS, ListView, NEXT_FORMATS};
use todo_md::output::waves;
use todo_md::query::{self, TaskFilter};

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
    /// Only tasks in this state: todo, in-progress, blocked, done, cancelled.
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
    /// Only tasks with this `#tag` in their title (repeatable or comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "TAG",
        help_heading = "Filters"
    )]
    tag: Vec<String>,
    /// Only tasks whose title mentions this `@person` (repeatable or comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "NAME",
        help_heading = "Filters"
    )]
    mention: Vec<String>,
    /// Only tasks due before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date, help_heading = "Filters")]
    due_before: Option<String>,
    /// Only open tasks whose due date has passed (due before today).
    #[arg(long, help_heading = "Filters")]
    overdue: bool,
    /// Sub-tasks indented under their parent (table output); JSON and the other formats list
    /// the tasks in the same order, each sub-task with its `parent`.
    #[arg(long)]
    tree: bool,
    /// Sort order.
    #[arg(long, value_enum, default_value_t = SortKey::File)]
    sort: SortKey,
}

/// A `YYYY-MM-DD` date argument.
fn parse_date(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| format!("`{s}` is not a date written YYYY-MM-DD"))
}

#[derive(Debug, Args)]
pub struct ReadyArgs {
    /// Only ready tasks with this priority.
    #[arg(short, long, value_delimiter = ',', value_name = "PRIORITY")]
    priority: Vec<String>,
    /// Only ready tasks with this owner.
    #[arg(long, value_delimiter = ',', value_name = "OWNER")]
    owner: Vec<String>,
    /// Only ready tasks with this `#tag` in their title.
    #[arg(long, value_delimiter = ',', value_name = "TAG")]
    tag: Vec<String>,
    /// Only ready tasks whose title mentions this `@person`.
    #[arg(long, value_delimiter = ',', value_name = "NAME")]
    mention: Vec<String>,
}

impl ReadyArgs {
    /// The title-token part of the filter.
    fn tokens(&self) -> TaskFilter {
        TaskFilter {
            tags: self.tag.clone(),
            mentions: self.mention.clone(),
            ..TaskFilter::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct ReadyCmdArgs {
    #[command(flatten)]
    base: ReadyArgs,
    /// Every open task in waves (Kahn's layers): wave 1 is what is ready now, each later wave
    /// what becomes ready once the waves before it (and the work in progress) are done. Tasks
    /// of one wave do not wait on each other; `[P]` tasks can run in parallel.
    #[arg(long)]
    waves: bool,
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

impl From<SortKey> for query::SortKey {
    fn from(key: SortKey) -> Self {
        match key {
            SortKey::File => query::SortKey::File,
            SortKey::Id => query::SortKey::Id,
            SortKey::Priority => query::SortKey::Priority,
            SortKey::Status => query::SortKey::Status,
        }
    }
}

pub fn list(ctx: &Ctx, args: &ListArgs) -> Result<ExitCode> {
    let format = ctx.format_in(LIST_FORMATS)?;
    let states: Vec<State> = args
        .state
        .iter()
        .map(|s| {
            State::parse(s).ok_or_else(|| {
                UsageError(format!(
                    "unknown state `{s}` (use todo, in-progress, blocked, done or cancelled)"
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let filter = TaskFilter {
        status: args.status.clone(),
        states,
        priority: args.priority.clone(),
        owner: args.owner.clone(),
        kind: args.kind.clone(),
        section: args.section.clone(),
        grep: args.grep.clone(),
        blocked: args.blocked,
        tags: args.tag.clone(),
        mentions: args.mention.clone(),
        due_before: args.due_before.clone(),
        overdue_on: args.overdue.then(|| {
            chrono::Local::now()
                .date_naive()
                .format("%Y-%m-%d")
                .to_string()
        }),
    };
    // Never dropped: the process ends after this command, and freeing a large model costs
    // more than nothing.
    todo_md::trace::phase("list start");
    let project = std::mem::ManuallyDrop::new(ctx.project()?);
    todo_md::trace::phase("project");
    if let Some(code) = no_task_files(&project, format) {
        return Ok(code);
    }
    let listed = query::list(&project, &filter, args.sort.into());
    todo_md::trace::phase("queried");
    let subtasks = query::Subtasks::of(&project);
    let view = ListView {
        show_file: project.files.len() > 1,
        tree: args.tree,
        subtasks: &subtasks,
    };
    write_stdout(|out| {
        if args.blocked {
            let waits = &listed.waits;
            tasks::write_blocked(out, format, &listed.tasks, waits, &view, ctx.color)
        } else {
            tasks::write_list(out, format, &listed.tasks, &view, ctx.color)
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

pub fn ready(ctx: &Ctx, cmd: &ReadyCmdArgs) -> Result<ExitCode> {
    let args = &cmd.base;
    let format = ctx.format_in(LIST_FORMATS)?;
    let project = ctx.project()?;
    if let Some(code) = no_task_files(&project, format) {
        return Ok(code);
    }
    let show_file = project.files.len() > 1;
    if cmd.waves {
        if format == Format::Csv {
            return Err(UsageError("--waves writes table, json or ids, not csv".into()).into());
        }
        let waves = query::waves(&project, &args.priority, &args.owner);
        write_stdout(|out| waves::write_waves(out, format, &waves, show_file, ctx.color))?;
        return Ok(ExitCode::SUCCESS);
    }
    let ready = args
        .tokens()
        .narrow(query::ready(&project, &args.priority, &args.owner));
    let subtasks = query::Subtasks::of(&project);
    let view = ListView {
        show_file,
        tree: false,
        subtasks: &subtasks,
    };
    write_stdout(|out| tasks::write_list(out, format, &ready, &view, ctx.color))?;
    Ok(ExitCode::SUCCESS)
}

pub fn next(ctx: &Ctx, args: &ReadyArgs) -> Result<ExitCode> {
    let format = ctx.format_in(NEXT_FORMATS)?;
    let project = ctx.project()?;
    let first = args
        .tokens()
        .narrow(query::ready(&project, &args.priority, &args.owner))
        .first()
        .copied();
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

/// With no task file found there is nothing to list: say which files were looked for and how
/// to start one, and exit 1 (a machine format still writes its empty result on stdout).
fn no_task_files(project: &todo_md::project::Project, format: Format) -> Option<ExitCode> {
    if !project.files.is_empty() {
        return None;
    }
    eprintln!(
        "todo: no task files found; looked for {}\nhint: run `todo init` to create TODO.md, or name a file with --file",
        project.looked_for()
    );
    if format != Format::Table {
        let view = ListView {
            show_file: false,
            tree: false,
            subtasks: &query::Subtasks::default(),
        };
        write_stdout(|out| tasks::write_list(out, format, &[], &view, false)).ok()?;
    }
    Some(ExitCode::from(1))
}
