//! The index: the bytes each path has staged (what the next commit will contain, read fresh
//! from disk on every call) and committing just the files a command changed
//! ([`Repo::commit_paths`]). It must not read the working tree beyond the paths it is given,
//! nor touch index entries other than theirs.
//!
//! # The index that is read
//! Git runs the pre-commit hook with `GIT_INDEX_FILE` set, and for `git commit -a` and
//! `git commit <paths>` that file is a temporary index (`.git/index.lock`,
//! `.git/next-index-*.lock`), not `.git/index`. [`Repo::discover`] therefore reads the index
//! named by `GIT_INDEX_FILE` (relative to the current directory, as git resolves it) when that
//! file lies directly in the repository's git directory; otherwise, and when the variable is
//! unset, it reads the repository's own index. The check keeps a stray variable (say, a test
//! suite run from another repository's hook) from pointing at an unrelated index.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use git2::{Commit, ErrorCode, Index, IndexEntry, ObjectType, Oid, Signature, Tree};

use super::path::{key_to_path, resolve_link};
use super::{GitError, Repo};

/// File mode bits of an index entry (`S_IFMT`).
pub(super) const MODE_TYPE: u32 = 0o170_000;
/// A regular file (any permission bits).
pub(super) const MODE_FILE: u32 = 0o100_000;
/// A symbolic link; the blob holds the target.
pub(super) const MODE_SYMLINK: u32 = 0o120_000;
/// The stage number is kept in bits 12-13 of an entry's flags; 0 is the merged stage.
const STAGE_SHIFT: u16 = 12;
const STAGE_MASK: u16 = 0x3000;
/// `git add -N`: the path is known but nothing of it is staged.
pub(super) const INTENT_TO_ADD: u16 = 1 << 13;
/// How many symlinks in a row [`Repo::staged`] follows inside the index.
pub(super) const MAX_SYMLINKS: usize = 8;

impl Repo {
    /// The bytes `path` has in the index (stage 0): what the next commit will contain.
    ///
    /// `path` is absolute or relative to [`Repo::workdir`] (not to the current directory);
    /// `.` and `..` components are resolved lexically. Returns `None` when the path is not in
    /// the index, is only an intent to add (`git add -N`), is conflicted (no stage 0), or is
    /// a submodule. A symlink recorded in the index is followed to its target inside the
    /// index. The bytes are as stored: after clean filters such as `core.autocrlf`, so they
    /// can differ from the working file's line endings.
    pub fn staged(&self, path: &Path) -> Result<Option<Vec<u8>>, GitError> {
        let Some(mut key) = self.index_key(path)? else {
            return Ok(None);
        };
        let index = self.fresh_index()?;
        for _ in 0..=MAX_SYMLINKS {
            let Some(entry) = key_to_path(&key).and_then(|p| index.get_path(&p, 0)) else {
                return Ok(None);
            };
            if entry.flags_extended & INTENT_TO_ADD != 0 {
                return Ok(None);
            }
            match entry.mode & MODE_TYPE {
                MODE_FILE => return self.blob(&entry).map(Some),
                MODE_SYMLINK => {
                    let target = self.blob(&entry)?;
                    let parent = match key.iter().rposition(|&b| b == b'/') {
                        Some(slash) => &key[..slash],
                        None => &[][..],
                    };
                    match resolve_link(parent, &target) {
                        Some(next) => key = next,
                        None => return Ok(None),
                    }
                }
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    /// Every path staged in the index (stage 0), relative to [`Repo::workdir`], in index
    /// order. Files and symlinks are listed; submodules, intents to add and conflicted paths
    /// are not.
    pub fn staged_paths(&self) -> Result<Vec<PathBuf>, GitError> {
        let index = self.fresh_index()?;
        let mut paths = Vec::with_capacity(index.len());
        for entry in index.iter() {
            let stage = (entry.flags & STAGE_MASK) >> STAGE_SHIFT;
            let kind = entry.mode & MODE_TYPE;
            if stage != 0
                || entry.flags_extended & INTENT_TO_ADD != 0
                || (kind != MODE_FILE && kind != MODE_SYMLINK)
            {
                continue;
            }
            if let Some(path) = key_to_path(&entry.path) {
                paths.push(path);
            }
        }
        Ok(paths)
    }

    /// Commit exactly `paths` as they are in the working tree now, on top of HEAD (or as the
    /// first commit of an unborn branch), move HEAD's branch (or a detached HEAD) to the new
    /// commit and return its id.
    ///
    /// `paths` are absolute or relative to [`Repo::workdir`]. A path missing from the working
    /// tree is removed in the commit; a new file is added. Nothing else the index holds goes
    /// into the commit: the new tree is HEAD's tree with only these paths replaced, and other
    /// staged changes stay staged. Afterwards the repository's index entries for these paths,
    /// and only them, hold the committed content, so the files show as clean. The content goes
    /// through the same clean filters (`core.autocrlf`) as `git add`.
    ///
    /// Before anything is written this refuses with [`GitError::OtherStagedChanges`] when the
    /// index already differs from HEAD for one of the paths (something was staged there, or
    /// the path is conflicted), with [`GitError::OutsideWorkdir`] for a path outside the
    /// working tree and [`GitError::NotAFile`] for the root, a directory or a submodule. The
    /// author and committer come from `user.name` and `user.email`. The repository's own index
    /// is used even when `GIT_INDEX_FILE` named another one to [`Repo::discover`].
    pub fn commit_paths(&self, paths: &[PathBuf], message: &str) -> Result<Oid, GitError> {
        let mut targets: Vec<PathBuf> = Vec::new();
        for path in paths {
            let relative = self
                .index_key(path)?
                .and_then(|key| key_to_path(&key))
                .ok_or_else(|| GitError::NotAFile { path: path.clone() })?;
            if !targets.contains(&relative) {
                targets.push(relative);
            }
        }
        let signature = self.repo.signature().map_err(GitError::git(
            "cannot commit: set user.name and user.email (git config user.name \"Your Name\")",
        ))?;

        let head_context = || format!("{}: cannot read HEAD", self.repo.path().display());
        let parent = match self.repo.head() {
            Ok(head) => Some(
                head.peel_to_commit()
                    .map_err(GitError::git(head_context()))?,
            ),
            Err(err) if err.code() == ErrorCode::UnbornBranch => None,
            Err(err) => return Err(GitError::git(head_context())(err)),
        };
        let base = parent
            .as_ref()
            .map(Commit::tree)
            .transpose()
            .map_err(GitError::git(head_context()))?;

        let index_context = || format!("{}: cannot read the index", self.repo.path().display());
        let mut index = self.repo.index().map_err(GitError::git(index_context()))?;
        index.read(true).map_err(GitError::git(index_context()))?;

        // Check every path before touching anything; note which still exist.
        let mut checked: Vec<(PathBuf, bool)> = Vec::with_capacity(targets.len());
        for relative in &targets {
            let in_head = match &base {
                Some(tree) => match tree.get_path(relative) {
                    Ok(entry) => Some(entry),
                    Err(err) if err.code() == ErrorCode::NotFound => None,
                    Err(err) => return Err(GitError::git(head_context())(err)),
                },
                None => None,
            };
            if in_head
                .as_ref()
                .is_some_and(|entry| entry.kind() != Some(ObjectType::Blob))
            {
                return Err(GitError::NotAFile {
                    path: relative.clone(),
                });
            }
            let staged = index
                .get_path(relative, 0)
                .filter(|entry| entry.flags_extended & INTENT_TO_ADD == 0);
            let conflicted = (1..=3).any(|stage| index.get_path(relative, stage).is_some());
            let unchanged = match (&staged, &in_head) {
                (None, None) => true,
                (Some(staged), Some(committed)) => {
                    staged.id == committed.id()
                        && u32::try_from(committed.filemode())
                            .is_ok_and(|mode| same_mode(staged.mode, mode))
                }
                _ => false,
            };
            if conflicted || !unchanged {
                return Err(GitError::OtherStagedChanges {
                    path: relative.clone(),
                });
            }
            match std::fs::symlink_metadata(self.workdir.join(relative)) {
                Ok(meta) if meta.is_dir() => {
                    return Err(GitError::NotAFile {
                        path: relative.clone(),
                    });
                }
                Err(err)
                    if matches!(
                        err.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) =>
                {
                    checked.push((relative.clone(), false));
                }
                // Other errors surface when the file is read.
                _ => checked.push((relative.clone(), true)),
            }
        }

        let committed = self.commit_over(
            &mut index,
            &checked,
            parent.as_ref(),
            base.as_ref(),
            &signature,
            message,
        );
        match committed {
            Ok(id) => {
                index.write().map_err(GitError::git(format!(
                    "committed {id}, but cannot update the index {}",
                    self.repo.path().join("index").display()
                )))?;
                Ok(id)
            }
            Err(err) => {
                // The index object is shared with `self.repo`: drop the unwritten changes.
                let _ = index.read(true);
                Err(err)
            }
        }
    }

    /// Stage `targets` in `index` (in memory only), build `base` (HEAD's tree) with just those
    /// paths replaced and commit it on `parent`. Each target says whether the path exists in
    /// the working tree (it is added) or not (it is removed).
    pub(super) fn commit_over(
        &self,
        index: &mut Index,
        targets: &[(PathBuf, bool)],
        parent: Option<&Commit<'_>>,
        base: Option<&Tree<'_>>,
        signature: &Signature<'_>,
        message: &str,
    ) -> Result<Oid, GitError> {
        let tree_context = || format!("{}: cannot build the tree", self.workdir.display());
        let mut next = Index::new().map_err(GitError::git(tree_context()))?;
        if let Some(tree) = base {
            next.read_tree(tree)
                .map_err(GitError::git(tree_context()))?;
        }
        for (relative, present) in targets {
            let context = || format!("{}: cannot stage it", relative.display());
            if *present {
                index.add_path(relative).map_err(GitError::git(context()))?;
                let entry = index
                    .get_path(relative, 0)
                    .ok_or_else(|| GitError::NotAFile {
                        path: relative.clone(),
                    })?;
                next.add(&entry).map_err(GitError::git(context()))?;
            } else {
                index
                    .remove_path(relative)
                    .map_err(GitError::git(context()))?;
                next.remove_path(relative)
                    .map_err(GitError::git(context()))?;
            }
        }
        let tree = next
            .write_tree_to(&self.repo)
            .and_then(|id| self.repo.find_tree(id))
            .map_err(GitError::git(tree_context()))?;
        let parents: Vec<&Commit<'_>> = parent.into_iter().collect();
        self.repo
            .commit(Some("HEAD"), signature, signature, message, &tree, &parents)
            .map_err(GitError::git(format!(
                "{}: cannot commit",
                self.workdir.display()
            )))
    }

    /// The index, read from disk now.
    pub(super) fn fresh_index(&self) -> Result<Index, GitError> {
        match &self.index_file {
            Some(path) => Index::open(path).map_err(GitError::git(format!(
                "{}: cannot read the index",
                path.display()
            ))),
            None => {
                let context = || format!("{}: cannot read the index", self.repo.path().display());
                let mut index = self.repo.index().map_err(GitError::git(context()))?;
                index.read(true).map_err(GitError::git(context()))?;
                Ok(index)
            }
        }
    }

    pub(super) fn blob(&self, entry: &IndexEntry) -> Result<Vec<u8>, GitError> {
        let blob = self
            .repo
            .find_blob(entry.id)
            .map_err(GitError::git(format!(
                "{}: cannot read the staged content",
                String::from_utf8_lossy(&entry.path)
            )))?;
        Ok(blob.content().to_vec())
    }
}

/// Whether an index mode and a tree mode record the same kind of entry (old trees can hold
/// modes such as `100664`, which git reads as `100644`).
pub(super) fn same_mode(index: u32, tree: u32) -> bool {
    let normal = |mode: u32| match mode & MODE_TYPE {
        MODE_FILE if mode & 0o100 != 0 => 0o100_755,
        MODE_FILE => 0o100_644,
        _ => mode,
    };
    normal(index) == normal(tree)
}

/// The index git's hook environment names, when it belongs to the repository at `git_dir`.
pub(super) fn hook_index_file(
    git_dir: &Path,
    value: Option<OsString>,
    cwd: Option<PathBuf>,
) -> Option<PathBuf> {
    let value = value.filter(|v| !v.is_empty())?;
    let path = PathBuf::from(value);
    let path = if path.is_absolute() {
        path
    } else {
        cwd?.join(path)
    };
    let parent = path.parent()?.canonicalize().ok()?;
    let git_dir = git_dir.canonicalize().ok()?;
    (parent == git_dir).then_some(path)
}
