//! `todo blame ID`: who last set each field and checklist item of a task's current version
//! (the working tree's, or `--ref`'s), and when. The attribution is
//! `todo_md::history::blame`; this module finds the current version, and
//! `todo_md::output::blame` prints.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::history::blame::blame;
use todo_md::history::walk::WalkOptions;
use todo_md::model::Task;
use todo_md::output::blame::{FORMATS, write_blame};
use todo_md::project::Project;

use super::log::{note_shallow, open_repo, unknown, walk};
use super::{Ctx, write_stdout};

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The task's ID.
    #[arg(value_name = "ID")]
    id: String,
    /// Follow every parent of merges, not just the first (the default for a task kept in a
    /// file of its own).
    #[arg(long, conflicts_with = "first_parent")]
    all_parents: bool,
    /// Follow only the first parent of merges, also for a task kept in a file of its own.
    #[arg(long)]
    first_parent: bool,
}

pub fn run(ctx: &Ctx, args: &BlameArgs) -> Result<ExitCode> {
    let format = ctx.format_in(FORMATS)?;
    let repo = match open_repo(ctx)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    // The working tree's version, located like `todo show` does (exact ID, then any case).
    // The project stays loaded to the end: the task's list items are read from its text.
    let project = match ctx.rev {
        None => Some(ctx.project()?),
        Some(_) => None,
    };
    let mut current: Option<(&Task, &str, String)> = None;
    let mut id = args.id.clone();
    if let Some(project) = &project {
        let workdir = std::fs::canonicalize(repo.workdir()).unwrap_or(repo.workdir().into());
        let found = project
            .tasks()
            .find(|t| t.task.id() == Some(&args.id))
            .or_else(|| {
                project.tasks().find(|t| {
                    t.task
                        .id()
                        .is_some_and(|i| i.eq_ignore_ascii_case(&args.id))
                })
            });
        let Some(t) = found else {
            return Ok(not_found(project, &args.id));
        };
        id = t.task.id().unwrap_or(&args.id).to_string();
        let file = t
            .file
            .file
            .doc
            .path()
            .strip_prefix(&workdir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_else(|_| t.file.display.clone());
        current = Some((t.task, t.src(), file));
    }
    let opts = WalkOptions {
        all_parents: args.all_parents,
        first_parent: args.first_parent,
    };
    let history = match walk(ctx, &repo, &id, opts, false)? {
        Ok(h) => h,
        Err(code) => return Ok(code),
    };
    note_shallow(&history);
    let (task, src, file) = match current {
        Some(c) => c,
        None => match &history.head {
            Some(v) => (&*v.task, v.seen().src, v.file.to_string()),
            None => {
                return Ok(unknown(
                    ctx,
                    &repo,
                    ctx.rev.as_deref().unwrap_or("HEAD"),
                    &id,
                ));
            }
        },
    };
    let lines = blame(task, src, &file, &history, ctx.rev.is_none());
    write_stdout(|out| write_blame(out, format, &lines, ctx.color))?;
    Ok(ExitCode::SUCCESS)
}

fn not_found(project: &Project, id: &str) -> ExitCode {
    let mut msg = format!("todo: no task `{id}`");
    if let Some(s) = project.suggest(id) {
        let _ = write!(msg, "; did you mean `{s}`?");
    }
    eprintln!("{msg}");
    ExitCode::from(1)
}
