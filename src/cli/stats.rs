//! `todo stats`: counts by state, priority, owner and section with checklist completion (of the
//! working tree, or `--ref`), and with `--history` per-task dates, time in each state and lead
//! time from git; `--history --format svg` draws the history as a cumulative flow or burn-up
//! chart. The numbers come from `todo_md::history::stats` and `history::flow` and are rendered
//! by `todo_md::output::stats` and `output::chart`.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::git::Repo;
use todo_md::history::stats::{counts, task_timelines};
use todo_md::output::Format;
use todo_md::output::chart::{ChartKind, HISTORY_FORMATS};
use todo_md::output::stats::{FORMATS, write_counts, write_timelines};

use super::{Ctx, UsageError, write_stdout};

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Per task from git history: created, done, lead time and days in each state.
    #[arg(long)]
    history: bool,
    /// With --history --format svg: a cumulative flow diagram (default) or a burn-up chart.
    #[arg(long, value_enum, requires = "history")]
    chart: Option<Chart>,
}

/// The chart `--format svg` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Chart {
    /// Tasks per state over time, stacked.
    Flow,
    /// Done against total over time.
    Burnup,
}

pub fn run(ctx: &Ctx, args: &StatsArgs) -> Result<ExitCode> {
    let format = match (args.history, args.chart) {
        (true, Some(_)) => ctx.format(HISTORY_FORMATS, Format::Svg)?,
        (true, None) => ctx.format_in(HISTORY_FORMATS)?,
        (false, _) => ctx.format_in(FORMATS)?,
    };
    if args.chart.is_some() && format != Format::Svg {
        return Err(UsageError("--chart draws an SVG; use --format svg".into()).into());
    }
    if args.history {
        if !ctx.files.is_empty() {
            // The walk chooses task files per commit; a path on disk names none of them.
            return Err(UsageError("--history reads every task file; drop --file".into()).into());
        }
        // Discover from the absolute path so the error names a real directory, not `.`.
        let repo = Repo::discover(&std::fs::canonicalize(&ctx.cwd).unwrap_or(ctx.cwd.clone()))?;
        let rev = ctx.rev.as_deref().unwrap_or("HEAD");
        // Nothing is written here, so objects need not be re-hashed on read.
        todo_md::git::skip_hash_verification();
        if format == Format::Svg {
            let kind = match args.chart {
                Some(Chart::Burnup) => ChartKind::Burnup,
                _ => ChartKind::Flow,
            };
            let points = todo_md::history::flow::flow(&repo, &ctx.cwd, rev)?;
            let svg = todo_md::output::chart::svg(&points, kind)?;
            write_stdout(|out| out.write_all(svg.as_bytes()))?;
            return Ok(ExitCode::SUCCESS);
        }
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
