//! The git layer: everything `todo` reads from or writes to a repository goes through here,
//! and nothing outside this module names libgit2. It owns the repository around a directory
//! (`repo.rs`), the index and committing chosen files (`index.rs`), commits, trees and blobs
//! (`commit.rs`), and the commit walk with its shallow boundary and caches (`walk.rs`). It
//! must not know what a task is: callers say which files and directories matter, and read
//! meaning into the bytes they get back.
//!
//! Only libgit2 (through `git2`) is used, except by `sync.rs`: exchanging commits with a
//! remote runs the `git` binary, so the user's credentials, hooks and configured merge
//! drivers apply as they do for `git pull` and `git push`.

mod commit;
mod error;
mod index;
mod merge_file;
mod path;
mod repo;
mod sync;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
mod tree_diff;
mod walk;
mod worktree;

pub use commit::CommitInfo;
pub use error::GitError;
/// An object ID (commit, tree or blob). Its type is libgit2's own: it is a plain value, and
/// wrapping it would only copy twenty bytes around.
pub use git2::Oid;
pub use merge_file::merge_file;
pub use repo::Repo;
pub use sync::PushOutcome;
pub use tree_diff::{FileChange, TreeDiff};
pub use walk::{
    BlobCache, CommitRef, CommitWalk, Follow, TreeCache, TreeFile, TreeFiles, TreeFilter, Visit,
    skip_hash_verification,
};
pub use worktree::common_dir_at;
