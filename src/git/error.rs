//! Why the git layer failed: every error any `git` function returns, with the path or
//! revision it concerns. It owns the messages people see; it must not decide what a caller
//! does about a failure (whether a missing repository is fatal is the command's call).

use std::path::PathBuf;

use thiserror::Error;

/// Why a repository could not be opened or read.
#[derive(Debug, Error)]
pub enum GitError {
    /// Neither the directory nor any parent is inside a git repository.
    #[error("{}: not inside a git repository", path.display())]
    NotARepository {
        /// The directory the search started from.
        path: PathBuf,
    },
    /// The repository is bare: it has no working tree and so nothing to lint or hook.
    #[error("{}: bare repository (it has no working tree)", path.display())]
    Bare {
        /// The repository's git directory.
        path: PathBuf,
    },
    /// A path given to [`Repo::staged`](super::Repo::staged) lies outside the working tree.
    #[error("{}: outside the repository's working tree {}", path.display(), workdir.display())]
    OutsideWorkdir {
        /// The path as given.
        path: PathBuf,
        /// The working tree.
        workdir: PathBuf,
    },
    /// A path given to [`Repo::commit_paths`](super::Repo::commit_paths) is not a file: the
    /// working tree root, or a directory or submodule.
    #[error("{}: not a file, so it cannot be committed on its own", path.display())]
    NotAFile {
        /// The path, relative to the working tree.
        path: PathBuf,
    },
    /// [`Repo::commit_paths`](super::Repo::commit_paths) refused: the index already holds
    /// changes to this path that the user staged, and committing the working file would sweep
    /// them in.
    #[error(
        "`{}` has other staged changes; commit or unstage them first, or run without --commit",
        path.display()
    )]
    OtherStagedChanges {
        /// The path, relative to the working tree.
        path: PathBuf,
    },
    /// A `git` command that `sync` runs (fetch, push, rebase) failed.
    #[error("git {command}: {message}")]
    Command {
        /// The command's arguments after `git`.
        command: String,
        /// What it printed on standard error (trimmed), or why it could not run.
        message: String,
    },
    /// Any other libgit2 failure.
    #[error("{context}: {}", error.message())]
    Git {
        /// What was being done, usually led by the path involved.
        context: String,
        /// The underlying error (its message is already in ours, so it is not the error's
        /// `source`: an error chain would print it twice).
        error: git2::Error,
    },
}

impl GitError {
    /// Wraps a libgit2 error with what was being done.
    pub(crate) fn git(context: impl Into<String>) -> impl FnOnce(git2::Error) -> GitError {
        let context = context.into();
        move |error| GitError::Git { context, error }
    }
}
