//! `todo stats`: counts by state, priority, owner and section with checklist completion (of the
//! working tree, or `--ref`), and with `--history` per-task dates, time in each state and lead
//! time from git. The numbers come from `todo_md::history::stats` and are rendered by
//! `todo_md::output::stats`.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::git::Repo;
use todo_md::history::stats::{counts, task_timelines};
use todo_md::output::stats::{FORMATS, write_counts, write_timelines};

use super::{Ctx, UsageError, write_stdout};

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Per task from git history: created, done, lead time and days in each state.
    #[arg(long)]
    history: bool,
}

pub fn run(ctx: &Ctx, args: &StatsArgs) -> Result<ExitCode> {
    let format = ctx.format_in(FORMATS)?;
    if args.history {
        if !ctx.files.is_empty() {
            // The walk chooses task files per commit; a path on disk names none of them.
            return Err(UsageError("--history reads every task file; drop --file".into()).into());
        }
        // Discover from the absolute path so the error names a real directory, not `.`.
        let repo = Repo::discover(&std::fs::canonicalize(&ctx.cwd).unwrap_or(ctx.cwd.clone()))?;
        let rev = ctx.rev.as_deref().unwrap_or("HEAD");
        let now = chrono::Utc::now().timestamp();
        let tasks = task_timelines(&repo, &ctx.cwd, rev, now)?;
        write_stdout(|out| write_timelines(out, format, &tasks, ctx.color))?;
        return Ok(ExitCode::SUCCESS);
    }
    let project = ctx.project()?;
    let c = counts(&project);
    write_stdout(|out| write_counts(out, format, &c, ctx.color))?;
    Ok(ExitCode::SUCCESS)
}
