//! `--push`: after an edit is committed, push it to the upstream; when the push is rejected,
//! fetch and rebase (the merge driver keeps task files clean), let the command check its
//! change again, and push again, a bounded number of times. A rebase that stops is aborted
//! and the command's own commit undone, so neither a half-done rebase nor an unpushed commit
//! is left behind unannounced. It never force-pushes.

use anyhow::{Context as _, Result};
use todo_md::git::{PushOutcome, Repo};

/// How many rejected pushes one command rebases and retries before it gives up.
pub const MAX_PUSHES: usize = 8;

/// How a push ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushEnd {
    /// On the remote, after this many rejected pushes.
    Pushed { retries: usize },
    /// The remote moved in a way that conflicts with the change, or the change no longer
    /// holds after a rebase: the commit was undone and the branch is the upstream's.
    Undone { retries: usize },
}

/// The upstream `--push` pushes to, or why there is none.
pub fn require_upstream(repo: &Repo) -> Result<String> {
    repo.upstream().ok_or_else(|| {
        super::UsageError(
            "--push needs a branch with an upstream (git push -u origin BRANCH)".to_string(),
        )
        .into()
    })
}

/// Pushes HEAD (whose last commit is the command's own). `still_holds` is asked after every
/// clean rebase whether the change is still what the command meant (a claim still ours).
pub fn push_with_retry(
    repo: &Repo,
    still_holds: &mut dyn FnMut() -> Result<bool>,
) -> Result<PushEnd> {
    let mut retries = 0;
    loop {
        let outcome = repo.push_upstream().context("cannot push")?;
        if outcome == PushOutcome::Pushed {
            return Ok(PushEnd::Pushed { retries });
        }
        retries += 1;
        let rebased = repo
            .rebase_onto_upstream()
            .map_err(|e| unpushed(repo, e.into()))?;
        if !rebased || !still_holds()? || retries >= MAX_PUSHES {
            repo.undo_last_commit()
                .map_err(|e| unpushed(repo, e.into()))?;
            if !rebased {
                repo.sync_upstream().context("cannot fetch the upstream")?;
            }
            return Ok(PushEnd::Undone { retries });
        }
    }
}

/// An error after the commit was made: say the commit is still there, unpushed.
fn unpushed(repo: &Repo, err: anyhow::Error) -> anyhow::Error {
    let head = repo
        .head_commit()
        .map(|c| c.to_string()[..8].to_string())
        .unwrap_or_default();
    err.context(format!(
        "the commit {head} was made but not pushed (push it or `git reset --keep HEAD~1`)"
    ))
}

/// `--push` for an edit command: commit exactly `touched`, push, rebase on rejection; exit 1
/// when the upstream's change conflicts (the commit undone, the branch the upstream's).
pub fn commit_and_push(
    repo: &Repo,
    touched: &[std::path::PathBuf],
    message: &str,
) -> Result<std::process::ExitCode> {
    let oid = super::commit::commit_paths(repo, touched, message).context("cannot commit")?;
    match push_with_retry(repo, &mut || Ok(true))? {
        PushEnd::Pushed { .. } => {
            eprintln!("todo: pushed {} \"{message}\"", &oid.to_string()[..8]);
            Ok(std::process::ExitCode::SUCCESS)
        }
        PushEnd::Undone { .. } => {
            eprintln!(
                "todo: the upstream changed the same lines; the commit was undone and the file is the upstream's (run the command again)"
            );
            Ok(std::process::ExitCode::from(1))
        }
    }
}
