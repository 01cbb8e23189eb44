//! `todo log ID`: every commit that changed a task, newest first, with what changed. The
//! walk and the filters live in `todo_md::history::{walk, log}`; this module reads the
//! arguments and reports the repository's state (not a repository, unknown ID, shallow
//! clone); `todo_md::output::log` prints.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::Args;
use todo_md::git::{GitError, Repo};
use todo_md::history::log::{Bound, LogQuery, entries};
use todo_md::history::walk::{TaskHistory, WalkOptions, task_history};
use todo_md::history::{config_for, project_at};
use todo_md::output::log::{FORMATS, write_log};
use todo_md::project::Project;

use super::{Ctx, UsageError, write_stdout};

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The task's ID.
    #[arg(value_name = "ID")]
    id: String,
    /// Only commits on or after DATE (YYYY-MM-DD, by commit date), or after REV's commit time.
    #[arg(long, value_name = "DATE|REV")]
    since: Option<String>,
    /// Only commits on or before DATE (YYYY-MM-DD), or up to REV's commit time.
    #[arg(long, value_name = "DATE|REV")]
    until: Option<String>,
    /// Only commits whose author's name or email contains TEXT (any case).
    #[arg(long, value_name = "TEXT")]
    author: Option<String>,
    /// Only changes of this field: status, priority, owner, …, criteria, dependencies, title,
    /// file (moves between files).
    #[arg(long, value_name = "NAME")]
    field: Option<String>,
    /// Show at most N commits (the newest).
    #[arg(short = 'n', long = "max-count", value_name = "N")]
    max_count: Option<usize>,
    /// Oldest first.
    #[arg(long)]
    reverse: bool,
    /// Follow every parent of merges, not just the first (changes made on merged branches
    /// show at their own commits). The default for a task kept in a file of its own, as
    /// `git log --follow` on that file.
    #[arg(long, conflicts_with = "first_parent")]
    all_parents: bool,
    /// Follow only the first parent of merges, also for a task kept in a file of its own
    /// (the default for tasks in a shared file such as TODO.md).
    #[arg(long)]
    first_parent: bool,
}

/// The repository around the working directory, or exit 2 with a one-line message.
pub(super) fn open_repo(ctx: &Ctx) -> Result<std::result::Result<Repo, ExitCode>> {
    match Repo::discover(&ctx.cwd) {
        Ok(repo) => Ok(Ok(repo)),
        Err(GitError::NotARepository { .. }) => {
            eprintln!("todo: not a git repository: {}", ctx.cwd.display());
            Ok(Err(ExitCode::from(2)))
        }
        Err(e) => Err(e.into()),
    }
}

/// Explains that `id` is not in the history of `rev` and returns exit code 1. Only this
/// error path parses whole files: the start revision's (for a suggestion) and the working
/// tree's (the task may just not be committed yet).
pub(super) fn unknown(ctx: &Ctx, repo: &Repo, rev: &str, id: &str) -> ExitCode {
    if ctx.rev.is_none()
        && let Ok(p) = Project::load(&ctx.cwd, &ctx.files)
        && p.tasks().any(|t| t.task.id() == Some(id))
    {
        eprintln!("todo: `{id}` has no history yet: it is not committed");
        return ExitCode::from(1);
    }
    let mut msg = format!("todo: no task `{id}` in the history of {rev}");
    if let Ok(p) = project_at(repo, &ctx.cwd, rev)
        && let Some(s) = p.suggest(id)
    {
        let _ = write!(msg, "; did you mean `{s}`?");
    }
    eprintln!("{msg}");
    ExitCode::from(1)
}

/// Walks the history of `id` from `--ref` (or HEAD); `Err` is the exit code when the
/// repository has no commits.
pub(super) fn walk(
    ctx: &Ctx,
    repo: &Repo,
    id: &str,
    opts: WalkOptions,
    need_commits: bool,
) -> Result<std::result::Result<TaskHistory, ExitCode>> {
    let rev = ctx.rev.as_deref().unwrap_or("HEAD");
    if ctx.rev.is_none() && repo.is_unborn() {
        if need_commits {
            eprintln!("todo: the repository has no commits yet");
            return Ok(Err(ExitCode::from(1)));
        }
        return Ok(Ok(TaskHistory::default()));
    }
    // Nothing is written here, so objects need not be re-hashed on read.
    todo_md::git::skip_hash_verification();
    let start = repo.resolve(rev)?;
    let config = config_for(repo, &ctx.cwd)?;
    let mut history = task_history(repo, &config, start, id, opts)
        .with_context(|| format!("cannot read the history of {rev}"))?;
    todo_md::history::follow_renumbering(repo, &config, &mut history, opts)
        .with_context(|| format!("cannot follow a renumbering in the history of {rev}"))?;
    Ok(Ok(history))
}

/// Says on standard error where a shallow clone's history ended, if the walk got there.
pub(super) fn note_shallow(history: &TaskHistory) {
    if let Some(at) = history.shallow {
        let mut short = at.to_string();
        short.truncate(7);
        eprintln!("todo: note: history is shallow: stopped at {short}");
    }
}

fn bound(repo: &Repo, flag: &str, text: &str) -> Result<Bound> {
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Bound::Date(d));
    }
    let commit = repo
        .resolve(text)
        .ok()
        .and_then(|id| repo.commit_info(id).ok())
        .ok_or_else(|| {
            UsageError(format!(
                "{flag}: `{text}` is neither a date (YYYY-MM-DD) nor a revision"
            ))
        })?;
    Ok(Bound::Time(commit.commit_time))
}

pub fn run(ctx: &Ctx, args: &LogArgs) -> Result<ExitCode> {
    let format = ctx.format_in(FORMATS)?;
    let repo = match open_repo(ctx)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let query = LogQuery {
        since: args
            .since
            .as_deref()
            .map(|s| bound(&repo, "--since", s))
            .transpose()?,
        until: args
            .until
            .as_deref()
            .map(|s| bound(&repo, "--until", s))
            .transpose()?,
        author: args.author.clone(),
        field: args.field.clone(),
        limit: args.max_count,
        reverse: args.reverse,
    };
    let opts = WalkOptions {
        all_parents: args.all_parents,
        first_parent: args.first_parent,
    };
    let rev = ctx.rev.as_deref().unwrap_or("HEAD");
    let mut history = match walk(ctx, &repo, &args.id, opts, true)? {
        Ok(h) => h,
        Err(code) => return Ok(code),
    };
    if !history.seen {
        // Like `todo show`, take the ID in any case when the start revision has it.
        let other = project_at(&repo, &ctx.cwd, rev).ok().and_then(|p| {
            p.tasks()
                .filter_map(|t| t.task.id())
                .find(|i| i.eq_ignore_ascii_case(&args.id) && *i != args.id)
                .map(str::to_string)
        });
        if let Some(id) = other
            && let Ok(h) = walk(ctx, &repo, &id, opts, true)?
        {
            history = h;
        }
    }
    if !history.seen {
        return Ok(unknown(ctx, &repo, rev, &args.id));
    }
    note_shallow(&history);
    let list = entries(&history, &query);
    write_stdout(|out| write_log(out, format, &list, ctx.color))?;
    Ok(ExitCode::SUCCESS)
}
