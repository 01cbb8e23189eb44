//! Commits and the objects they hold: who made a commit and when ([`CommitInfo`]), the files
//! of a commit's tree, one path in a tree, and blob bytes. It reads objects only; choosing
//! which commits to read is the walk's job (`walk.rs`), and choosing which files matter is
//! the caller's.

use std::path::Path;

use chrono::{DateTime, FixedOffset};
use git2::{Commit, ObjectType, Oid, Tree};

use super::index::{MAX_SYMLINKS, MODE_FILE, MODE_SYMLINK, MODE_TYPE};
use super::path::{key_to_path, resolve_link};
use super::{CommitRef, GitError, Repo};

/// Who made a commit and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The commit.
    pub id: Oid,
    /// The author's name.
    pub author: String,
    /// The author's email.
    pub email: String,
    /// Author time: seconds since the epoch.
    pub time: i64,
    /// The author's UTC offset, in minutes.
    pub offset: i32,
    /// Committer time: what `--since` and `--until` bound, as in git.
    pub commit_time: i64,
    /// The committer's UTC offset, in minutes.
    pub commit_offset: i32,
}

impl CommitInfo {
    pub(super) fn of(c: &Commit<'_>) -> CommitInfo {
        let (a, m) = (c.author(), c.committer());
        CommitInfo {
            id: c.id(),
            author: String::from_utf8_lossy(a.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(a.email_bytes()).into_owned(),
            time: a.when().seconds(),
            offset: a.when().offset_minutes(),
            commit_time: m.when().seconds(),
            commit_offset: m.when().offset_minutes(),
        }
    }

    /// The abbreviated hash (7 hex digits).
    pub fn short(&self) -> String {
        let mut s = self.id.to_string();
        s.truncate(7);
        s
    }

    /// The author date in the author's own offset.
    pub fn date(&self) -> DateTime<FixedOffset> {
        at(self.time, self.offset)
    }

    /// The commit date in the committer's own offset.
    pub fn commit_date(&self) -> DateTime<FixedOffset> {
        at(self.commit_time, self.commit_offset)
    }
}

fn at(seconds: i64, offset_minutes: i32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

impl Repo {
    /// Who made commit `id` and when.
    pub fn commit_info(&self, id: Oid) -> Result<CommitInfo, GitError> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(GitError::git("cannot read the commit"))?;
        Ok(CommitInfo::of(&commit))
    }

    /// The parents of commit `id`, first parent first.
    pub fn parent_ids(&self, id: Oid) -> Result<Vec<Oid>, GitError> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(GitError::git("cannot read the commit"))?;
        Ok(commit.parent_ids().collect())
    }

    /// What `tree` holds at `path` (relative to the tree): a file's blob or a directory's
    /// tree, `None` when nothing is there or the tree cannot be read.
    pub fn tree_entry(&self, tree: Oid, path: &Path) -> Option<Oid> {
        Some(self.repo.find_tree(tree).ok()?.get_path(path).ok()?.id())
    }

    /// Commit `id` and its root tree.
    pub fn commit_ref(&self, id: Oid) -> Result<CommitRef, GitError> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(GitError::git("cannot read the commit"))?;
        Ok(CommitRef {
            id,
            tree: commit.tree_id(),
        })
    }

    /// A blob's bytes.
    pub fn blob_bytes(&self, id: Oid) -> Result<Vec<u8>, GitError> {
        Ok(self
            .repo
            .find_blob(id)
            .map_err(GitError::git("cannot read a blob"))?
            .content()
            .to_vec())
    }

    /// The blob of the file `tree` holds at `key`, following symlinks inside the tree as
    /// [`Repo::staged`] does in the index; `None` when there is no file there.
    pub(super) fn tree_file(&self, tree: &Tree<'_>, key: &[u8]) -> Result<Option<Oid>, GitError> {
        let mut key = key.to_vec();
        for _ in 0..=MAX_SYMLINKS {
            let Some(entry) = key_to_path(&key).and_then(|p| tree.get_path(&p).ok()) else {
                return Ok(None);
            };
            if entry.kind() != Some(ObjectType::Blob) {
                return Ok(None);
            }
            match u32::try_from(entry.filemode()).unwrap_or(0) & MODE_TYPE {
                MODE_FILE => return Ok(Some(entry.id())),
                MODE_SYMLINK => {
                    let target =
                        self.repo
                            .find_blob(entry.id())
                            .map_err(GitError::git(format!(
                                "{}: cannot read the symlink",
                                String::from_utf8_lossy(&key)
                            )))?;
                    let parent = match key.iter().rposition(|&b| b == b'/') {
                        Some(slash) => &key[..slash],
                        None => &[][..],
                    };
                    match resolve_link(parent, target.content()) {
                        Some(next) => key = next,
                        None => return Ok(None),
                    }
                }
                _ => return Ok(None),
            }
        }
        Ok(None)
    }
}
