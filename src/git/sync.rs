//! Exchanging commits with the upstream for `--push`: fetch and fast-forward, push (never
//! forced), rebase onto the upstream (aborted when it stops, so no half-done rebase is ever
//! left), and undoing one's own last commit. These run the `git` binary in the working tree,
//! so credentials, hooks and the merge driver configured for task files apply as they do for
//! `git pull --rebase`. It must not decide what a rejected push means for a task.

use std::process::Command;

use super::{GitError, Repo};

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushOutcome {
    /// The remote branch now points at our commit.
    Pushed,
    /// The remote had moved on (or refused): fetch, rebase and check again. Holds git's
    /// message.
    Rejected(String),
}

impl Repo {
    /// Runs `git ARGS` in the working tree; its trimmed standard output, or its standard
    /// error as the failure.
    fn run_git(&self, args: &[&str]) -> Result<String, GitError> {
        let out = Command::new("git")
            .args(args)
            .current_dir(&self.workdir)
            .env("GIT_TERMINAL_PROMPT", "0")
            .output()
            .map_err(|e| GitError::Command {
                command: args.join(" "),
                message: format!("cannot run git: {e}"),
            })?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(GitError::Command {
                command: args.join(" "),
                message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            })
        }
    }

    /// Git's `user.name`, the name a claim signs with by default.
    pub fn user_name(&self) -> Option<String> {
        self.repo
            .config()
            .ok()?
            .get_string("user.name")
            .ok()
            .filter(|n| !n.trim().is_empty())
    }

    /// The current branch's upstream (`origin/main`), if it has one.
    pub fn upstream(&self) -> Option<String> {
        self.run_git(&["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"])
            .ok()
            .filter(|u| !u.is_empty())
    }

    /// Fetches the upstream and fast-forwards to it when the branch has not diverged; a
    /// branch with commits of its own is left as it is (the push will say so).
    pub fn sync_upstream(&self) -> Result<(), GitError> {
        self.run_git(&["fetch", "--quiet"])?;
        let _ = self.run_git(&["merge", "--ff-only", "--quiet", "@{u}"]);
        Ok(())
    }

    /// Pushes the current branch to its upstream, never forcing.
    pub fn push_upstream(&self) -> Result<PushOutcome, GitError> {
        match self.run_git(&["push", "--quiet", "--porcelain"]) {
            Ok(_) => Ok(PushOutcome::Pushed),
            Err(GitError::Command { message, .. }) => Ok(PushOutcome::Rejected(message)),
            Err(e) => Err(e),
        }
    }

    /// Fetches and rebases the local commits onto the upstream. `Ok(false)` when the rebase
    /// stopped on a conflict: it is aborted, and the branch is as it was.
    pub fn rebase_onto_upstream(&self) -> Result<bool, GitError> {
        self.run_git(&["fetch", "--quiet"])?;
        match self.run_git(&["rebase", "--quiet", "@{u}"]) {
            Ok(_) => Ok(true),
            Err(_) => {
                let _ = self.run_git(&["rebase", "--abort"]);
                Ok(false)
            }
        }
    }

    /// Drops the last commit and gives its files their previous content, keeping any other
    /// local change (`git reset --keep HEAD~1`).
    pub fn undo_last_commit(&self) -> Result<(), GitError> {
        self.run_git(&["reset", "--quiet", "--keep", "HEAD~1"])
            .map(|_| ())
    }

    /// True when the local branch holds commits the upstream does not.
    pub fn ahead_of_upstream(&self) -> bool {
        self.run_git(&["rev-list", "--count", "@{u}..HEAD"])
            .is_ok_and(|n| n != "0")
    }
}
