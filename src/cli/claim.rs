//! `todo claim` and `todo release`: take a task (by ID, or the next ready one nobody holds)
//! or give it back. The check and the write happen under the clone's claim lock in git's
//! common directory, so claims in all worktrees of a clone exclude each other; `--push`
//! makes the claim hold across clones through the upstream (see `push.rs`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use todo_md::git::Repo;
use todo_md::ops::claim::{self as claims, ClaimOptions, holder, holders_elsewhere};
use todo_md::ops::{Applied, Common, OpError};
use todo_md::output::changes;
use todo_md::project::Project;

use super::lock::{self, Landed, Planned, Replan};
use super::push::{MAX_PUSHES, PushEnd, push_with_retry, require_upstream};
use super::{Ctx, UsageError};

/// Options `claim` and `release` share.
#[derive(Debug, Args)]
pub struct ClaimCommon {
    /// Commit exactly the task file and push it to the upstream; a lost race is undone.
    #[arg(long)]
    push: bool,
    /// Print the change as a unified diff and write nothing.
    #[arg(long, conflicts_with = "push")]
    dry_run: bool,
    /// Leave the file's `Last Updated:` line alone.
    #[arg(long)]
    no_touch_date: bool,
}

#[derive(Debug, Args)]
pub struct ClaimArgs {
    /// The task's ID (or use --next).
    #[arg(required_unless_present = "next", conflicts_with = "next")]
    id: Option<String>,
    /// Claim the best ready task nobody holds, in `todo next` order.
    #[arg(long)]
    next: bool,
    /// With --next: only ready tasks of this priority (repeatable or comma-separated).
    #[arg(short, long, value_delimiter = ',', requires = "next")]
    priority: Vec<String>,
    /// Sign as NAME (default: git's user.name).
    #[arg(long = "as", value_name = "NAME")]
    agent: Option<String>,
    /// Take the task even when another owner holds it.
    #[arg(long)]
    steal: bool,
    #[command(flatten)]
    opts: ClaimCommon,
}

#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The task's ID.
    id: String,
    /// Give the task to this owner (default: the owner it had before the claim, as last
    /// committed, when known; else the owner stays and no longer holds it).
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    #[command(flatten)]
    opts: ClaimCommon,
}

fn common(o: &ClaimCommon) -> Common {
    Common {
        today: (!o.no_touch_date).then(|| chrono::Local::now().date_naive()),
        force: false,
    }
}

/// The exit code of a refusal: held, unknown or not claimable is 1, a value the schema
/// refuses is 2 (as `todo set` exits). `changed` says what changed on disk meanwhile.
fn refused(e: &OpError, changed: Option<&String>) -> ExitCode {
    eprintln!("{}", Landed::message(e, changed));
    ExitCode::from(match e {
        OpError::NotAllowed { .. } | OpError::Unverified(_) => 2,
        _ => 1,
    })
}

/// The project's write lock (unless `--dry-run`): the check and the write are one step among
/// every writer of the clone's worktrees.
fn take_lock(ctx: &Ctx, dry_run: bool) -> Result<Option<todo_md::fs::WriteLock>> {
    (!dry_run).then(|| lock::take(ctx)).transpose()
}

/// A written claim or release: the project it was planned on, the edit, the files written.
type Claimed = (Project, Applied, Vec<PathBuf>);

/// Plans under the lock and writes (or, with `--dry-run`, prints the diff): the project, the
/// written edit and the files written, or the exit code of a refusal.
fn write(
    replan: Replan,
    dry_run: bool,
    plan: &mut dyn FnMut() -> Result<Planned>,
) -> Result<Result<Claimed, ExitCode>> {
    let (project, applied, touched) =
        match lock::plan_and_write(|p| p.root.clone(), replan, dry_run, plan)? {
            Landed::Refused(e, changed) => return Ok(Err(refused(&e, changed.as_ref()))),
            Landed::Done(w) => (w.project, w.applied, w.touched),
        };
    if dry_run {
        let files = applied.files.iter().map(|(fi, old, new)| {
            (
                project.files[*fi].display.as_str(),
                old.as_str(),
                new.as_str(),
            )
        });
        super::write_stdout(|out| changes::write_dry_run(out, files, std::iter::empty()))?;
    }
    Ok(Ok((project, applied, touched)))
}

fn report(ctx: &Ctx, applied: &Applied) -> Result<()> {
    let format = ctx.format_in(changes::FORMATS)?;
    let unchanged = applied.files.is_empty();
    super::write_stdout(|out| changes::write_report(out, format, &applied.changes, unchanged))
}

pub fn claim_cmd(ctx: &Ctx, a: &ClaimArgs) -> Result<ExitCode> {
    ctx.format_in(changes::FORMATS)?;
    let repo = Repo::discover(&ctx.cwd).ok();
    let Some(agent) = a
        .agent
        .clone()
        .or_else(|| repo.as_ref().and_then(Repo::user_name))
    else {
        return Err(
            UsageError("give a name with --as NAME (no git user.name is set)".into()).into(),
        );
    };
    let push_repo = match (a.opts.push, &repo) {
        (false, _) => None,
        (true, None) => return Err(UsageError("--push needs a git repository".into()).into()),
        (true, Some(r)) => {
            require_upstream(r)?;
            Some(r)
        }
    };
    let _lock = take_lock(ctx, a.opts.dry_run)?;
    if let Some(r) = push_repo {
        r.sync_upstream().context("cannot fetch the upstream")?;
    }
    let mut skip: Vec<String> = Vec::new();
    let mut lost = 0;
    // With an ID the claim must still mean that task; --next takes whatever is best now.
    let replan = if a.id.is_some() {
        Replan::Same
    } else {
        Replan::Any
    };
    for _ in 0..MAX_PUSHES {
        let mut id = String::new();
        let mut plan = || -> Result<Planned> {
            let project = ctx.project()?;
            let opts = ClaimOptions {
                agent: agent.clone(),
                steal: a.steal,
                elsewhere: holders_elsewhere(&ctx.cwd),
            };
            let planned = match &a.id {
                Some(id) => {
                    claims::claim(&project, id, &opts, common(&a.opts)).map(|ap| (id.clone(), ap))
                }
                None => claims::claim_next(&project, &a.priority, &skip, &opts, common(&a.opts)),
            };
            let applied = planned.map(|(picked, applied)| {
                id = picked;
                applied
            });
            Ok(Planned {
                project,
                applied,
                warnings: Vec::new(),
            })
        };
        let (_, applied, touched) = match write(replan, a.opts.dry_run, &mut plan)? {
            Ok(done) => done,
            Err(code) => return Ok(code),
        };
        if a.opts.dry_run {
            return Ok(ExitCode::SUCCESS);
        }
        let Some(r) = push_repo.filter(|_| !touched.is_empty()) else {
            report(ctx, &applied)?;
            return Ok(ExitCode::SUCCESS);
        };
        super::commit::commit_paths(r, &touched, &claims::message(&agent, "claims", &id))
            .context("cannot commit the claim")?;
        let mut still_ours = || -> Result<bool> {
            let p = ctx.project_for(&[id.as_str()])?;
            Ok(p.find(&id)
                .and_then(|t| holder(t.task, t.src()))
                .is_some_and(|h| h.eq_ignore_ascii_case(&agent)))
        };
        match push_with_retry(r, &mut still_ours)? {
            PushEnd::Pushed { retries } => {
                report(ctx, &applied)?;
                eprintln!(
                    "todo: {agent} claims {id}, pushed to {} ({} lost race{}, {retries} retr{})",
                    r.upstream().unwrap_or_default(),
                    lost,
                    if lost == 1 { "" } else { "s" },
                    if retries == 1 { "y" } else { "ies" }
                );
                return Ok(ExitCode::SUCCESS);
            }
            PushEnd::Undone { .. } => {
                lost += 1;
                eprintln!(
                    "todo: another claim on {id} reached the upstream first; undone, trying again"
                );
                if skip.contains(&id) || a.id.is_none() {
                    skip.push(id);
                }
            }
        }
    }
    eprintln!("todo: {agent} lost every race ({lost} tries); nothing claimed");
    Ok(ExitCode::from(1))
}

pub fn release_cmd(ctx: &Ctx, a: &ReleaseArgs) -> Result<ExitCode> {
    ctx.format_in(changes::FORMATS)?;
    let repo = Repo::discover(&ctx.cwd).ok();
    if a.opts.push {
        let Some(r) = &repo else {
            return Err(UsageError("--push needs a git repository".into()).into());
        };
        require_upstream(r)?;
    }
    let previous = a.owner.clone().or_else(|| {
        let r = repo.as_ref()?;
        let before = todo_md::history::project_at(r, &ctx.cwd, "HEAD").ok()?;
        claims::previous_owner(&before, &a.id)
    });
    let _lock = take_lock(ctx, a.opts.dry_run)?;
    let mut plan = || -> Result<Planned> {
        let project = ctx.project()?;
        let applied = claims::release(&project, &a.id, previous.as_deref(), common(&a.opts));
        Ok(Planned {
            project,
            applied,
            warnings: Vec::new(),
        })
    };
    let (project, applied, touched) = match write(Replan::Same, a.opts.dry_run, &mut plan)? {
        Ok(done) => done,
        Err(code) => return Ok(code),
    };
    if a.opts.dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    if let (true, Some(r), false) = (a.opts.push, &repo, touched.is_empty()) {
        let who = project
            .find(&a.id)
            .and_then(|t| holder(t.task, t.src()))
            .unwrap_or("todo")
            .to_string();
        super::commit::commit_paths(r, &touched, &claims::message(&who, "releases", &a.id))
            .context("cannot commit the release")?;
        if let PushEnd::Undone { .. } = push_with_retry(r, &mut || Ok(true))? {
            eprintln!(
                "todo: the upstream changed {} too; the release was undone, run it again",
                a.id
            );
            return Ok(ExitCode::from(1));
        }
    }
    report(ctx, &applied)?;
    Ok(ExitCode::SUCCESS)
}
