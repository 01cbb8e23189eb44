//! Committing the files an edit wrote, in a child `todo` (`todo __commit`, hidden).
//!
//! libgit2 moves the index and the branch through lock files (`index.lock`,
//! `refs/heads/NAME.lock`); a process killed while it holds one leaves it behind, and every
//! later git command that needs it then refuses to run until someone deletes it. An agent's
//! `todo` may be killed at any moment, and the kill test did catch one such lock in about 150
//! kills of `claim --push`. A SIGKILL of the parent does not reach its child, which finishes
//! the commit and removes its locks. The child is this very binary: no other program runs.

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};
use clap::Args;
use todo_md::git::{Oid, Repo};

use super::Ctx;

#[derive(Debug, Args)]
pub struct CommitArgs {
    /// The commit message.
    #[arg(long)]
    message: String,
    /// The files to commit, absolute or relative to the working tree.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

/// Commits exactly `paths` of `repo` with `message` (see [`Repo::commit_paths`]) in a child
/// process; in this one when the binary cannot be found again.
pub fn commit_paths(repo: &Repo, paths: &[PathBuf], message: &str) -> Result<Oid> {
    let Ok(exe) = std::env::current_exe() else {
        return Ok(repo.commit_paths(paths, message)?);
    };
    let out = Command::new(exe)
        .arg("-C")
        .arg(repo.workdir())
        .arg("__commit")
        .arg(format!("--message={message}"))
        .arg("--")
        .args(paths)
        .stdin(Stdio::null())
        .output()
        .context("cannot start todo to commit")?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err.trim();
        bail!("{}", err.strip_prefix("todo: ").unwrap_or(err));
    }
    let id = String::from_utf8_lossy(&out.stdout);
    Oid::from_str(id.trim()).context("the commit's id is missing")
}

/// `todo __commit`: the child's side. Prints the new commit's id.
pub fn run(ctx: &Ctx, args: &CommitArgs) -> Result<ExitCode> {
    let repo = Repo::discover(&ctx.cwd).context("--commit needs a git repository")?;
    let id = repo.commit_paths(&args.paths, &args.message)?;
    println!("{id}");
    Ok(ExitCode::SUCCESS)
}
