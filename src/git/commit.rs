//! Commits and the objects they hold: who made a commit and when ([`CommitInfo`]), the files
//! of a commit's tree, one path in a tree, and blob bytes. It reads objects only; choosing
//! which commits to read is the walk's job (`walk.rs`), and choosing which files matter is
//! the caller's.

use std::path::PathBuf;

use git2::{ObjectType, Oid, Tree};

use super::index::{MAX_SYMLINKS, MODE_FILE, MODE_SYMLINK, MODE_TYPE};
use super::path::{key_to_path, resolve_link};
use super::{GitError, Repo};

impl Repo {
    /// Every file of a commit's tree: (repository-relative path, blob ID).
    pub fn tree_files(&self, commit: Oid) -> Result<Vec<(PathBuf, Oid)>, GitError> {
        let commit = self
            .repo
            .find_commit(commit)
            .map_err(GitError::git("cannot read the commit"))?;
        let tree = commit
            .tree()
            .map_err(GitError::git("cannot read the commit's tree"))?;
        let mut out = Vec::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                out.push((
                    PathBuf::from(format!("{dir}{}", entry.name().unwrap_or(""))),
                    entry.id(),
                ));
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(GitError::git("cannot walk the commit's tree"))?;
        Ok(out)
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
