//! Git plumbing for `todo lint --staged`, `todo hook install` and `todo add`: the repository
//! around a directory, the bytes each path has in the index (what the next commit will
//! contain), where the repository's hooks live, what a file holds on every branch
//! ([`Repo::branch_blobs`], so IDs handed out on one branch are not reused on another), and
//! committing just the files a command changed ([`Repo::commit_paths`]).
//!
//! Only libgit2 (through `git2`) is used; the `git` binary is never run.
//!
//! # The index that is read
//! Git runs the pre-commit hook with `GIT_INDEX_FILE` set, and for `git commit -a` and
//! `git commit <paths>` that file is a temporary index (`.git/index.lock`,
//! `.git/next-index-*.lock`), not `.git/index`. [`Repo::discover`] therefore reads the index
//! named by `GIT_INDEX_FILE` (relative to the current directory, as git resolves it) when that
//! file lies directly in the repository's git directory; otherwise, and when the variable is
//! unset, it reads the repository's own index. The check keeps a stray variable (say, a test
//! suite run from another repository's hook) from pointing at an unrelated index.
//!
//! Every read loads the index fresh from disk, so an earlier `git add` is always seen.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use git2::{
    BranchType, Commit, ErrorCode, Index, IndexEntry, ObjectType, Oid, Repository,
    RepositoryOpenFlags, Signature, Tree,
};
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
    /// A path given to [`Repo::staged`] lies outside the working tree.
    #[error("{}: outside the repository's working tree {}", path.display(), workdir.display())]
    OutsideWorkdir {
        /// The path as given.
        path: PathBuf,
        /// The working tree.
        workdir: PathBuf,
    },
    /// A path given to [`Repo::commit_paths`] is not a file: the working tree root, or a
    /// directory or submodule.
    #[error("{}: not a file, so it cannot be committed on its own", path.display())]
    NotAFile {
        /// The path, relative to the working tree.
        path: PathBuf,
    },
    /// [`Repo::commit_paths`] refused: the index already holds changes to this path that the
    /// user staged, and committing the working file would sweep them in.
    #[error(
        "`{}` has other staged changes; commit or unstage them first, or run without --commit",
        path.display()
    )]
    OtherStagedChanges {
        /// The path, relative to the working tree.
        path: PathBuf,
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

/// File mode bits of an index entry (`S_IFMT`).
const MODE_TYPE: u32 = 0o170_000;
/// A regular file (any permission bits).
const MODE_FILE: u32 = 0o100_000;
/// A symbolic link; the blob holds the target.
const MODE_SYMLINK: u32 = 0o120_000;
/// The stage number is kept in bits 12-13 of an entry's flags; 0 is the merged stage.
const STAGE_SHIFT: u16 = 12;
const STAGE_MASK: u16 = 0x3000;
/// `git add -N`: the path is known but nothing of it is staged.
const INTENT_TO_ADD: u16 = 1 << 13;
/// How many symlinks in a row [`Repo::staged`] follows inside the index.
const MAX_SYMLINKS: usize = 8;

/// A non-bare git repository found around a directory.
pub struct Repo {
    repo: Repository,
    workdir: PathBuf,
    /// The index to read instead of the repository's own (from `GIT_INDEX_FILE`).
    index_file: Option<PathBuf>,
}

impl fmt::Debug for Repo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Repo")
            .field("workdir", &self.workdir)
            .field("git_dir", &self.repo.path())
            .field("index_file", &self.index_file)
            .finish()
    }
}

impl Repo {
    /// Find the repository containing `start` (a directory or a file), searching upward like
    /// git does and honouring `GIT_CEILING_DIRECTORIES`. `GIT_INDEX_FILE` is honoured as the
    /// module documentation describes; `GIT_DIR` and `GIT_WORK_TREE` are not read.
    ///
    /// Fails with [`GitError::NotARepository`] when no repository is found and
    /// [`GitError::Bare`] for a bare repository.
    pub fn discover(start: &Path) -> Result<Repo, GitError> {
        let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
            .map(|value| {
                std::env::split_paths(&value)
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let mut repo = Repo::open(start, &ceilings)?;
        repo.index_file = hook_index_file(
            repo.repo.path(),
            std::env::var_os("GIT_INDEX_FILE"),
            std::env::current_dir().ok(),
        );
        Ok(repo)
    }

    /// Open without reading any environment variable.
    fn open(start: &Path, ceilings: &[PathBuf]) -> Result<Repo, GitError> {
        // Searching starts from a directory; for a file, from the one holding it.
        let from = match start.parent() {
            Some(parent) if start.is_file() => {
                if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                }
            }
            _ => start,
        };
        let repo = match Repository::open_ext(from, RepositoryOpenFlags::empty(), ceilings) {
            Ok(repo) => repo,
            Err(err) if err.code() == ErrorCode::NotFound => {
                return Err(GitError::NotARepository {
                    path: start.to_path_buf(),
                });
            }
            Err(err) if err.code() == ErrorCode::Owner => {
                return Err(GitError::Git {
                    context: format!(
                        "{}: the repository is owned by another user (see git's safe.directory)",
                        start.display()
                    ),
                    error: err,
                });
            }
            Err(err) => {
                return Err(GitError::git(format!(
                    "{}: cannot open the repository",
                    start.display()
                ))(err));
            }
        };
        let Some(workdir) = repo.workdir().filter(|_| !repo.is_bare()) else {
            return Err(GitError::Bare {
                path: tidy(repo.path()),
            });
        };
        let workdir = tidy(workdir);
        Ok(Repo {
            repo,
            workdir,
            index_file: None,
        })
    }

    /// Like [`Repo::discover`] but deaf to the environment, for tests.
    #[cfg(test)]
    pub(crate) fn open_isolated(start: &Path) -> Result<Repo, GitError> {
        Repo::open(start, &[])
    }

    /// The root of the working tree (for a linked worktree, that worktree's root).
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

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

    /// Where git looks for this repository's hooks: `core.hooksPath` when set (a relative
    /// value is taken from the working tree root, as git runs hooks there; `~` is expanded),
    /// otherwise `hooks` in the common git directory (shared by all worktrees).
    pub fn hooks_dir(&self) -> PathBuf {
        self.hooks_dir_inner()
    }

    /// The underlying libgit2 repository, for history walks (`crate::history`).
    pub fn raw(&self) -> &Repository {
        &self.repo
    }

    /// The commit a revision names (`HEAD`, `main`, `origin/main`, `HEAD~3`, a hash).
    pub fn resolve(&self, rev: &str) -> Result<Oid, GitError> {
        let obj = self
            .repo
            .revparse_single(rev)
            .map_err(GitError::git(format!("no revision `{rev}`")))?;
        let commit = obj
            .peel_to_commit()
            .map_err(GitError::git(format!("`{rev}` does not name a commit")))?;
        Ok(commit.id())
    }

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
}

impl Repo {
    fn hooks_dir_inner(&self) -> PathBuf {
        if let Ok(config) = self.repo.config()
            && let Ok(path) = config.get_path("core.hooksPath")
            && !path.as_os_str().is_empty()
        {
            return if path.is_absolute() {
                path
            } else {
                self.workdir.join(path)
            };
        }
        tidy(self.repo.commondir()).join("hooks")
    }

    /// The bytes each of `paths` has at the tip of every local and remote-tracking branch, as
    /// `(branch, path, bytes)`: the branch's short name (`main`, `origin/topic`), the path
    /// relative to [`Repo::workdir`], and the file's content in that branch's tip commit.
    ///
    /// `paths` are absolute or relative to the working tree, as for [`Repo::staged`]; paths
    /// outside the working tree (and the root itself) are skipped. A branch where a path is
    /// missing or is not a file contributes nothing for it; a symlink is followed inside the
    /// commit's tree. Each distinct blob is returned once, under the first branch that has it:
    /// the current branch first, then the other local branches, then the remote-tracking ones,
    /// each group by name. Symbolic refs (`origin/HEAD`) and refs that do not lead to a commit
    /// are skipped. A repository without commits gives an empty list; a detached HEAD is not a
    /// branch, so only the branches are read.
    pub fn branch_blobs(
        &self,
        paths: &[PathBuf],
    ) -> Result<Vec<(String, PathBuf, Vec<u8>)>, GitError> {
        let mut keys: Vec<(Vec<u8>, PathBuf)> = Vec::new();
        for path in paths {
            let key = match self.index_key(path) {
                Ok(Some(key)) => key,
                Ok(None) | Err(GitError::OutsideWorkdir { .. }) => continue,
                Err(err) => return Err(err),
            };
            if let Some(relative) = key_to_path(&key)
                && !keys.iter().any(|(known, _)| *known == key)
            {
                keys.push((key, relative));
            }
        }
        if keys.is_empty() {
            return Ok(Vec::new());
        }

        let context = || format!("{}: cannot list the branches", self.workdir.display());
        // (not the current branch, remote-tracking, name, tip): sorts into the order above.
        let mut tips: Vec<(bool, bool, String, Oid)> = Vec::new();
        for kind in [BranchType::Local, BranchType::Remote] {
            let branches = self
                .repo
                .branches(Some(kind))
                .map_err(GitError::git(context()))?;
            for item in branches {
                let (branch, _) = item.map_err(GitError::git(context()))?;
                let reference = branch.get();
                if reference.symbolic_target_bytes().is_some() {
                    continue;
                }
                let (Ok(commit), Ok(name)) = (reference.peel_to_commit(), branch.name_bytes())
                else {
                    continue;
                };
                tips.push((
                    !branch.is_head(),
                    kind == BranchType::Remote,
                    String::from_utf8_lossy(name).into_owned(),
                    commit.id(),
                ));
            }
        }
        tips.sort();

        let mut trees_seen = HashSet::new();
        let mut blobs_seen = HashSet::new();
        let mut found = Vec::new();
        for (_, _, name, commit) in tips {
            let Ok(tree) = self.repo.find_commit(commit).and_then(|c| c.tree()) else {
                continue;
            };
            if !trees_seen.insert(tree.id()) {
                continue;
            }
            for (key, relative) in &keys {
                let Some(id) = self.tree_file(&tree, key)? else {
                    continue;
                };
                if !blobs_seen.insert(id) {
                    continue;
                }
                let blob = self.repo.find_blob(id).map_err(GitError::git(format!(
                    "{}: cannot read it on branch {name}",
                    relative.display()
                )))?;
                found.push((name.clone(), relative.clone(), blob.content().to_vec()));
            }
        }
        Ok(found)
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
    fn commit_over(
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

    /// The blob of the file `tree` holds at `key`, following symlinks inside the tree as
    /// [`Repo::staged`] does in the index; `None` when there is no file there.
    fn tree_file(&self, tree: &Tree<'_>, key: &[u8]) -> Result<Option<Oid>, GitError> {
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

    /// The index, read from disk now.
    fn fresh_index(&self) -> Result<Index, GitError> {
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

    fn blob(&self, entry: &IndexEntry) -> Result<Vec<u8>, GitError> {
        let blob = self
            .repo
            .find_blob(entry.id)
            .map_err(GitError::git(format!(
                "{}: cannot read the staged content",
                String::from_utf8_lossy(&entry.path)
            )))?;
        Ok(blob.content().to_vec())
    }

    /// The index key (`/`-separated, relative to the working tree) of `path`, or `None` for
    /// the working tree root itself.
    fn index_key(&self, path: &Path) -> Result<Option<Vec<u8>>, GitError> {
        let outside = || GitError::OutsideWorkdir {
            path: path.to_path_buf(),
            workdir: self.workdir.clone(),
        };
        let relative = if path.is_absolute() {
            match path.strip_prefix(&self.workdir) {
                Ok(rest) => rest.to_path_buf(),
                Err(_) => {
                    // Symlinked temp dirs (macOS /var -> /private/var) and the like.
                    let real = canonical_lenient(path);
                    let root = self
                        .workdir
                        .canonicalize()
                        .unwrap_or_else(|_| self.workdir.clone());
                    real.strip_prefix(&root)
                        .map_err(|_| outside())?
                        .to_path_buf()
                }
            }
        } else {
            path.to_path_buf()
        };
        let mut parts: Vec<Vec<u8>> = Vec::new();
        for component in relative.components() {
            match component {
                Component::Normal(part) => match os_bytes(part) {
                    Some(bytes) => parts.push(bytes),
                    None => return Ok(None),
                },
                Component::CurDir => {}
                Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(outside());
                    }
                }
                Component::RootDir | Component::Prefix(_) => return Err(outside()),
            }
        }
        if parts.is_empty() {
            return Ok(None);
        }
        Ok(Some(parts.join(&b'/')))
    }
}

/// Whether an index mode and a tree mode record the same kind of entry (old trees can hold
/// modes such as `100664`, which git reads as `100644`).
fn same_mode(index: u32, tree: u32) -> bool {
    let normal = |mode: u32| match mode & MODE_TYPE {
        MODE_FILE if mode & 0o100 != 0 => 0o100_755,
        MODE_FILE => 0o100_644,
        _ => mode,
    };
    normal(index) == normal(tree)
}

/// Drop a trailing separator and `.` components (libgit2 hands out `/repo/`).
fn tidy(path: &Path) -> PathBuf {
    path.components().collect()
}

/// `path` with symlinks resolved, even when the last component does not exist.
fn canonical_lenient(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => match parent.canonicalize() {
            Ok(real) => real.join(name),
            Err(_) => path.to_path_buf(),
        },
        _ => path.to_path_buf(),
    }
}

/// The index git's hook environment names, when it belongs to the repository at `git_dir`.
fn hook_index_file(
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

/// Resolve a symlink target recorded in the index against the directory key holding the
/// link. `None` for absolute targets and targets leaving the working tree.
fn resolve_link(parent: &[u8], target: &[u8]) -> Option<Vec<u8>> {
    if target.first() == Some(&b'/') || target.is_empty() {
        return None;
    }
    let mut parts: Vec<&[u8]> = parent
        .split(|&b| b == b'/')
        .filter(|p| !p.is_empty())
        .collect();
    for part in target.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join(&b'/'))
}

#[cfg(unix)]
fn os_bytes(part: &std::ffi::OsStr) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(part.as_bytes().to_vec())
}

#[cfg(not(unix))]
fn os_bytes(part: &std::ffi::OsStr) -> Option<Vec<u8>> {
    part.to_str().map(|s| s.as_bytes().to_vec())
}

/// An index key as a relative path with the platform's separators.
fn key_to_path(key: &[u8]) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in key.split(|&b| b == b'/') {
        if part.is_empty() || part == b"." || part == b".." {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            path.push(std::ffi::OsStr::from_bytes(part));
        }
        #[cfg(not(unix))]
        {
            path.push(std::str::from_utf8(part).ok()?);
        }
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A scratch non-bare repository with an empty index.
    fn scratch() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        (dir, repo)
    }

    /// Write `rel` in the working tree and stage it.
    fn stage(repo: &Repository, rel: &str, bytes: &[u8]) {
        let path = repo.workdir().unwrap().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, bytes).unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new(rel)).unwrap();
        index.write().unwrap();
    }

    fn commit_all(repo: &Repository) {
        let mut index = repo.index().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        repo.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[])
            .unwrap();
    }

    #[test]
    fn staged_returns_index_bytes_not_working_tree() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"## T-001: staged\n");
        fs::write(dir.path().join("TODO.md"), b"## T-001: edited later\n").unwrap();

        let repo = Repo::open_isolated(dir.path()).unwrap();
        let want = Some(b"## T-001: staged\n".to_vec());
        assert_eq!(repo.staged(Path::new("TODO.md")).unwrap(), want);
        assert_eq!(repo.staged(&dir.path().join("TODO.md")).unwrap(), want);
        assert_eq!(repo.staged(&repo.workdir().join("TODO.md")).unwrap(), want);
        assert_eq!(repo.staged(Path::new("./docs/../TODO.md")).unwrap(), want);
    }

    #[test]
    fn staged_reads_the_index_fresh() {
        let (dir, git) = scratch();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(repo.staged(Path::new("TODO.md")).unwrap(), None);
        stage(&git, "TODO.md", b"one\n");
        assert_eq!(
            repo.staged(Path::new("TODO.md")).unwrap(),
            Some(b"one\n".to_vec())
        );
        stage(&git, "TODO.md", b"two\n");
        assert_eq!(
            repo.staged(Path::new("TODO.md")).unwrap(),
            Some(b"two\n".to_vec())
        );
    }

    #[test]
    fn staged_survives_deleting_the_working_file() {
        let (dir, git) = scratch();
        stage(&git, "docs/TODO.md", b"kept\n");
        fs::remove_file(dir.path().join("docs/TODO.md")).unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(
            repo.staged(&dir.path().join("docs/TODO.md")).unwrap(),
            Some(b"kept\n".to_vec())
        );
    }

    #[test]
    fn path_not_in_index_is_none() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"x\n");
        fs::write(dir.path().join("ROADMAP.md"), b"untracked\n").unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(repo.staged(Path::new("ROADMAP.md")).unwrap(), None);
        assert_eq!(repo.staged(Path::new("missing/TODO.md")).unwrap(), None);
        assert_eq!(repo.staged(Path::new(".")).unwrap(), None);
        assert_eq!(repo.staged(dir.path()).unwrap(), None);
    }

    #[test]
    fn staged_removal_is_none() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"x\n");
        commit_all(&git);
        let mut index = git.index().unwrap();
        index.remove_path(Path::new("TODO.md")).unwrap();
        index.write().unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(repo.staged(Path::new("TODO.md")).unwrap(), None);
    }

    #[test]
    fn path_outside_workdir_is_an_error() {
        let (dir, _git) = scratch();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        let err = repo.staged(Path::new("../TODO.md")).unwrap_err();
        assert!(matches!(err, GitError::OutsideWorkdir { .. }), "{err:?}");
        let elsewhere = tempfile::tempdir().unwrap();
        let err = repo.staged(&elsewhere.path().join("TODO.md")).unwrap_err();
        assert!(matches!(err, GitError::OutsideWorkdir { .. }), "{err:?}");
    }

    #[test]
    fn not_a_repository_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        // The ceiling keeps the search from wandering into a repository above the temp dir.
        let ceiling = dir.path().parent().unwrap().to_path_buf();
        let err = Repo::open(dir.path(), &[ceiling]).unwrap_err();
        match &err {
            GitError::NotARepository { path } => assert_eq!(path, dir.path()),
            other => panic!("expected NotARepository, got {other:?}"),
        }
        assert!(err.to_string().contains("not inside a git repository"));
    }

    #[test]
    fn bare_repository_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        Repository::init_bare(dir.path()).unwrap();
        let err = Repo::open_isolated(dir.path()).unwrap_err();
        assert!(matches!(err, GitError::Bare { .. }), "{err:?}");
    }

    #[test]
    fn discover_searches_upward_from_a_subdirectory() {
        let (dir, git) = scratch();
        stage(&git, "docs/TODO.md", b"x\n");
        let repo = Repo::open_isolated(&dir.path().join("docs")).unwrap();
        assert_eq!(
            repo.workdir().canonicalize().unwrap(),
            dir.path().canonicalize().unwrap()
        );
        let from_file = Repo::open_isolated(&dir.path().join("docs/TODO.md")).unwrap();
        assert_eq!(from_file.workdir(), repo.workdir());
        // Relative paths are relative to the working tree, not to the start directory.
        assert_eq!(
            repo.staged(Path::new("docs/TODO.md")).unwrap(),
            Some(b"x\n".to_vec())
        );
    }

    #[test]
    fn staged_paths_lists_the_index() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"a\n");
        stage(&git, "docs/ROADMAP.md", b"b\n");
        stage(&git, "src/main.rs", b"fn main() {}\n");
        fs::write(dir.path().join("BACKLOG.md"), b"untracked\n").unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        let paths = repo.staged_paths().unwrap();
        assert_eq!(
            paths,
            vec![
                PathBuf::from("TODO.md"),
                Path::new("docs").join("ROADMAP.md"),
                Path::new("src").join("main.rs"),
            ]
        );
    }

    #[test]
    fn staged_paths_skips_intent_to_add() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"a\n");
        fs::write(dir.path().join("TASKS.md"), b"b\n").unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        let mut index = git.index().unwrap();
        let mut entry = index.get_path(Path::new("TODO.md"), 0).unwrap();
        entry.path = b"TASKS.md".to_vec();
        entry.flags |= 0x4000; // extended flags present
        entry.flags_extended |= INTENT_TO_ADD;
        index.add(&entry).unwrap();
        index.write().unwrap();
        assert_eq!(repo.staged_paths().unwrap(), vec![PathBuf::from("TODO.md")]);
        assert_eq!(repo.staged(Path::new("TASKS.md")).unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn staged_follows_symlinks_inside_the_index() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"real\n");
        fs::create_dir_all(dir.path().join("docs")).unwrap();
        std::os::unix::fs::symlink("../TODO.md", dir.path().join("docs/TODO.md")).unwrap();
        let mut index = git.index().unwrap();
        index.add_path(Path::new("docs/TODO.md")).unwrap();
        index.write().unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(
            repo.staged(Path::new("docs/TODO.md")).unwrap(),
            Some(b"real\n".to_vec())
        );
    }

    #[test]
    fn hook_index_file_is_honoured_only_inside_the_git_dir() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"in .git/index\n");
        // Simulate `git commit -a`: the hook sees a temporary index with other content.
        let blob = git.blob(b"in index.lock\n").unwrap();
        let lock = git.path().join("index.lock");
        let mut temp = Index::open(&lock).unwrap();
        let mut entry = git
            .index()
            .unwrap()
            .get_path(Path::new("TODO.md"), 0)
            .unwrap();
        entry.id = blob;
        entry.file_size = 14;
        temp.add(&entry).unwrap();
        temp.write().unwrap();

        let mut repo = Repo::open_isolated(dir.path()).unwrap();
        repo.index_file = hook_index_file(
            git.path(),
            Some(OsString::from(".git/index.lock")),
            Some(dir.path().to_path_buf()),
        );
        assert!(repo.index_file.is_some());
        assert_eq!(
            repo.staged(Path::new("TODO.md")).unwrap(),
            Some(b"in index.lock\n".to_vec())
        );

        let elsewhere = tempfile::tempdir().unwrap();
        let stray = elsewhere.path().join("index");
        assert_eq!(
            hook_index_file(git.path(), Some(stray.into_os_string()), None),
            None
        );
        assert_eq!(hook_index_file(git.path(), None, None), None);
        assert_eq!(
            hook_index_file(git.path(), Some(OsString::new()), None),
            None
        );
    }

    /// With the real `git`: what a pre-commit hook sees for `git commit -a` is accepted by
    /// [`hook_index_file`], and reading that index gives the content being committed.
    #[cfg(unix)]
    #[test]
    fn real_git_commit_all_uses_a_temporary_index() {
        use std::os::unix::fs::PermissionsExt;
        use std::process::Command;
        if Command::new("git").arg("--version").output().is_err() {
            return;
        }
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"staged\n");
        commit_all(&git);
        fs::write(dir.path().join("TODO.md"), b"from commit -a\n").unwrap();
        let hooks = git.path().join("hooks");
        fs::create_dir_all(&hooks).unwrap();
        let hook = hooks.join("pre-commit");
        fs::write(
            &hook,
            "#!/bin/sh\nprintf '%s\\n%s\\n' \"$GIT_INDEX_FILE\" \"$(pwd)\" > .git/hook-env\n\
             cp \"$GIT_INDEX_FILE\" .git/hook-index\nexit 1\n",
        )
        .unwrap();
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
        let status = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(["commit", "-q", "-a", "-m", "x"])
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .status()
            .unwrap();
        assert!(!status.success(), "the hook fails the commit");
        let env = fs::read_to_string(git.path().join("hook-env")).unwrap();
        let mut lines = env.lines();
        let (value, cwd) = (lines.next().unwrap(), lines.next().unwrap());
        let chosen = hook_index_file(
            git.path(),
            Some(OsString::from(value)),
            Some(PathBuf::from(cwd)),
        );
        assert!(
            chosen.is_some(),
            "GIT_INDEX_FILE={value} in {cwd} was not honoured"
        );

        let mut repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(
            repo.staged(Path::new("TODO.md")).unwrap(),
            Some(b"staged\n".to_vec())
        );
        repo.index_file = Some(git.path().join("hook-index"));
        assert_eq!(
            repo.staged(Path::new("TODO.md")).unwrap(),
            Some(b"from commit -a\n".to_vec())
        );
    }

    #[test]
    fn hooks_dir_defaults_to_git_hooks() {
        let (dir, git) = scratch();
        fs::create_dir_all(git.path().join("hooks")).unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(
            repo.hooks_dir().canonicalize().unwrap(),
            git.path().join("hooks").canonicalize().unwrap()
        );
    }

    #[test]
    fn hooks_dir_honours_core_hooks_path() {
        let (dir, git) = scratch();
        git.config()
            .unwrap()
            .set_str("core.hooksPath", ".githooks")
            .unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(repo.hooks_dir(), repo.workdir().join(".githooks"));

        let elsewhere = tempfile::tempdir().unwrap();
        git.config()
            .unwrap()
            .set_str("core.hooksPath", elsewhere.path().to_str().unwrap())
            .unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert_eq!(repo.hooks_dir(), elsewhere.path());
    }

    #[test]
    fn hooks_dir_of_a_worktree_is_the_common_one() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"x\n");
        commit_all(&git);
        let outer = tempfile::tempdir().unwrap();
        let wt_path = outer.path().join("wt");
        git.worktree("wt", &wt_path, None).unwrap();
        fs::create_dir_all(git.path().join("hooks")).unwrap();
        let repo = Repo::open_isolated(&wt_path).unwrap();
        assert_eq!(
            repo.workdir().canonicalize().unwrap(),
            wt_path.canonicalize().unwrap()
        );
        assert_eq!(
            repo.hooks_dir().canonicalize().unwrap(),
            git.path().join("hooks").canonicalize().unwrap()
        );
        assert_eq!(
            repo.staged(Path::new("TODO.md")).unwrap(),
            Some(b"x\n".to_vec())
        );
        drop(dir);
    }

    #[test]
    fn resolve_link_stays_inside_the_tree() {
        assert_eq!(
            resolve_link(b"docs", b"../TODO.md"),
            Some(b"TODO.md".to_vec())
        );
        assert_eq!(
            resolve_link(b"", b"docs/./a.md"),
            Some(b"docs/a.md".to_vec())
        );
        assert_eq!(resolve_link(b"", b"../outside.md"), None);
        assert_eq!(resolve_link(b"a", b"/etc/passwd"), None);
    }

    /// Give the scratch repository an identity, as `commit_paths` needs one.
    fn identify(repo: &Repository) {
        let mut config = repo.config().unwrap();
        config.set_str("user.name", "t").unwrap();
        config.set_str("user.email", "t@example.com").unwrap();
    }

    /// Commit `rel` = `bytes` on `refname` (on top of its tip, if any) without touching the
    /// working tree or the index.
    fn commit_on(repo: &Repository, refname: &str, rel: &str, bytes: &[u8]) -> Oid {
        let parent = repo
            .find_reference(refname)
            .ok()
            .map(|r| r.peel_to_commit().unwrap());
        let blob = repo.blob(bytes).unwrap();
        let mut update = git2::build::TreeUpdateBuilder::new();
        update.upsert(rel, blob, git2::FileMode::Blob);
        let tree = match &parent {
            Some(commit) => update.create_updated(repo, &commit.tree().unwrap()),
            None => {
                let empty = repo.treebuilder(None).unwrap().write().unwrap();
                update.create_updated(repo, &repo.find_tree(empty).unwrap())
            }
        }
        .unwrap();
        let tree = repo.find_tree(tree).unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        let parents: Vec<&Commit<'_>> = parent.iter().collect();
        repo.commit(Some(refname), &sig, &sig, "on branch", &tree, &parents)
            .unwrap()
    }

    fn head_name(repo: &Repository) -> String {
        repo.head().unwrap().shorthand().unwrap().to_owned()
    }

    /// The bytes HEAD's tree holds at `rel`.
    fn in_head(repo: &Repository, rel: &str) -> Option<Vec<u8>> {
        let tree = repo.head().unwrap().peel_to_tree().unwrap();
        let entry = tree.get_path(Path::new(rel)).ok()?;
        Some(repo.find_blob(entry.id()).unwrap().content().to_vec())
    }

    /// The bytes the repository's index holds at `rel`.
    fn in_index(repo: &Repository, rel: &str) -> Option<Vec<u8>> {
        let mut index = repo.index().unwrap();
        index.read(true).unwrap();
        let entry = index.get_path(Path::new(rel), 0)?;
        Some(repo.find_blob(entry.id).unwrap().content().to_vec())
    }

    #[test]
    fn branch_blobs_reads_every_branch() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"## T-001: main\n");
        commit_all(&git);
        let main = head_name(&git);
        let tip = git.head().unwrap().peel_to_commit().unwrap();
        git.branch("topic", &tip, false).unwrap();
        commit_on(&git, "refs/heads/topic", "TODO.md", b"## T-002: topic\n");

        let repo = Repo::open_isolated(dir.path()).unwrap();
        let paths = vec![
            PathBuf::from("TODO.md"),
            dir.path().join("TODO.md"),
            PathBuf::from("missing.md"),
            PathBuf::from("../outside.md"),
        ];
        let blobs = repo.branch_blobs(&paths).unwrap();
        assert_eq!(
            blobs,
            vec![
                (
                    main.clone(),
                    PathBuf::from("TODO.md"),
                    b"## T-001: main\n".to_vec()
                ),
                (
                    "topic".to_owned(),
                    PathBuf::from("TODO.md"),
                    b"## T-002: topic\n".to_vec()
                ),
            ]
        );

        // A detached HEAD changes nothing: the branches are still read.
        git.set_head_detached(tip.id()).unwrap();
        assert_eq!(repo.branch_blobs(&paths).unwrap().len(), 2);
    }

    #[test]
    fn branch_blobs_returns_identical_content_once() {
        let (dir, git) = scratch();
        stage(&git, "docs/TODO.md", b"same\n");
        commit_all(&git);
        let tip = git.head().unwrap().peel_to_commit().unwrap();
        git.branch("topic", &tip, false).unwrap();
        // Same content in a different commit on the other branch.
        commit_on(&git, "refs/heads/topic", "other.md", b"x\n");

        let repo = Repo::open_isolated(dir.path()).unwrap();
        let blobs = repo
            .branch_blobs(&[Path::new("docs").join("TODO.md")])
            .unwrap();
        assert_eq!(
            blobs,
            vec![(
                head_name(&git),
                Path::new("docs").join("TODO.md"),
                b"same\n".to_vec()
            )]
        );
    }

    #[test]
    fn branch_blobs_includes_remote_tracking_branches() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"local\n");
        commit_all(&git);
        let remote = commit_on(&git, "refs/remotes/origin/x", "TODO.md", b"remote\n");
        git.reference_symbolic(
            "refs/remotes/origin/HEAD",
            "refs/remotes/origin/x",
            true,
            "test",
        )
        .unwrap();
        assert_eq!(git.find_commit(remote).unwrap().parent_count(), 0);

        let repo = Repo::open_isolated(dir.path()).unwrap();
        let blobs = repo.branch_blobs(&[PathBuf::from("TODO.md")]).unwrap();
        let names: Vec<&str> = blobs.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(names, vec![head_name(&git).as_str(), "origin/x"]);
        assert_eq!(blobs[1].2, b"remote\n");
    }

    #[test]
    fn branch_blobs_of_an_empty_repository_is_empty() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"staged only\n");
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert!(
            repo.branch_blobs(&[PathBuf::from("TODO.md")])
                .unwrap()
                .is_empty()
        );
    }

    #[cfg(unix)]
    #[test]
    fn branch_blobs_follows_symlinks_in_the_tree() {
        let (dir, git) = scratch();
        stage(&git, "TODO.md", b"real\n");
        fs::create_dir_all(dir.path().join("docs")).unwrap();
        std::os::unix::fs::symlink("../TODO.md", dir.path().join("docs/TODO.md")).unwrap();
        let mut index = git.index().unwrap();
        index.add_path(Path::new("docs/TODO.md")).unwrap();
        index.write().unwrap();
        commit_all(&git);
        let repo = Repo::open_isolated(dir.path()).unwrap();
        let blobs = repo
            .branch_blobs(&[Path::new("docs").join("TODO.md")])
            .unwrap();
        assert_eq!(blobs.len(), 1);
        assert_eq!(blobs[0].2, b"real\n");
    }

    #[test]
    fn commit_paths_commits_only_the_given_file() {
        let (dir, git) = scratch();
        identify(&git);
        stage(&git, "TODO.md", b"one\n");
        stage(&git, "other.txt", b"other one\n");
        commit_all(&git);
        let before = git.head().unwrap().peel_to_commit().unwrap().id();
        fs::write(dir.path().join("TODO.md"), b"two\n").unwrap();
        stage(&git, "other.txt", b"other two\n");

        let repo = Repo::open_isolated(dir.path()).unwrap();
        let id = repo
            .commit_paths(&[dir.path().join("TODO.md")], "todo: add T-002")
            .unwrap();

        let head = git.head().unwrap().peel_to_commit().unwrap();
        assert_eq!(head.id(), id);
        assert_eq!(head.message().unwrap(), "todo: add T-002");
        assert_eq!(head.parent_ids().collect::<Vec<_>>(), vec![before]);
        assert_eq!(head.author().name().unwrap(), "t");
        assert_eq!(in_head(&git, "TODO.md"), Some(b"two\n".to_vec()));
        assert_eq!(in_head(&git, "other.txt"), Some(b"other one\n".to_vec()));
        assert_eq!(in_index(&git, "TODO.md"), Some(b"two\n".to_vec()));
        assert_eq!(in_index(&git, "other.txt"), Some(b"other two\n".to_vec()));
        assert_eq!(
            git.status_file(Path::new("TODO.md")).unwrap(),
            git2::Status::CURRENT
        );
        assert_eq!(
            git.status_file(Path::new("other.txt")).unwrap(),
            git2::Status::INDEX_MODIFIED
        );
    }

    #[test]
    fn commit_paths_refuses_a_path_with_staged_changes() {
        let (dir, git) = scratch();
        identify(&git);
        stage(&git, "TODO.md", b"one\n");
        commit_all(&git);
        let before = git.head().unwrap().peel_to_commit().unwrap().id();
        stage(&git, "TODO.md", b"two, staged\n");
        fs::write(dir.path().join("TODO.md"), b"three\n").unwrap();

        let repo = Repo::open_isolated(dir.path()).unwrap();
        let err = repo
            .commit_paths(&[PathBuf::from("TODO.md")], "todo: edit")
            .unwrap_err();
        match &err {
            GitError::OtherStagedChanges { path } => assert_eq!(path, Path::new("TODO.md")),
            other => panic!("expected OtherStagedChanges, got {other:?}"),
        }
        assert!(
            err.to_string()
                .starts_with("`TODO.md` has other staged changes;"),
            "{err}"
        );
        assert_eq!(git.head().unwrap().peel_to_commit().unwrap().id(), before);
        assert_eq!(in_index(&git, "TODO.md"), Some(b"two, staged\n".to_vec()));

        // A staged new file counts too.
        stage(&git, "NEW.md", b"new\n");
        let err = repo
            .commit_paths(&[PathBuf::from("NEW.md")], "todo: edit")
            .unwrap_err();
        assert!(
            matches!(err, GitError::OtherStagedChanges { .. }),
            "{err:?}"
        );
        assert_eq!(git.head().unwrap().peel_to_commit().unwrap().id(), before);
    }

    #[test]
    fn commit_paths_makes_the_first_commit() {
        let (dir, git) = scratch();
        identify(&git);
        stage(&git, "staged.txt", b"staged\n");
        fs::write(dir.path().join("TODO.md"), b"first\n").unwrap();

        let repo = Repo::open_isolated(dir.path()).unwrap();
        let id = repo
            .commit_paths(&[PathBuf::from("./TODO.md")], "todo: init")
            .unwrap();
        let head = git.head().unwrap().peel_to_commit().unwrap();
        assert_eq!(head.id(), id);
        assert_eq!(head.parent_count(), 0);
        assert_eq!(head.tree().unwrap().len(), 1);
        assert_eq!(in_head(&git, "TODO.md"), Some(b"first\n".to_vec()));
        assert_eq!(in_head(&git, "staged.txt"), None);
        assert_eq!(in_index(&git, "staged.txt"), Some(b"staged\n".to_vec()));
        assert_eq!(
            git.status_file(Path::new("TODO.md")).unwrap(),
            git2::Status::CURRENT
        );
    }

    #[test]
    fn commit_paths_removes_deleted_and_adds_new_files() {
        let (dir, git) = scratch();
        identify(&git);
        stage(&git, "TODO.md", b"old\n");
        stage(&git, "keep.txt", b"keep\n");
        commit_all(&git);
        fs::remove_file(dir.path().join("TODO.md")).unwrap();
        fs::create_dir_all(dir.path().join("docs")).unwrap();
        fs::write(dir.path().join("docs/TODO.md"), b"new\n").unwrap();

        let repo = Repo::open_isolated(dir.path()).unwrap();
        repo.commit_paths(
            &[PathBuf::from("TODO.md"), Path::new("docs").join("TODO.md")],
            "todo: move",
        )
        .unwrap();
        assert_eq!(in_head(&git, "TODO.md"), None);
        assert_eq!(in_head(&git, "docs/TODO.md"), Some(b"new\n".to_vec()));
        assert_eq!(in_head(&git, "keep.txt"), Some(b"keep\n".to_vec()));
        assert_eq!(in_index(&git, "TODO.md"), None);
        assert_eq!(in_index(&git, "docs/TODO.md"), Some(b"new\n".to_vec()));
        let statuses = git.statuses(None).unwrap();
        assert!(statuses.is_empty(), "{} changes left", statuses.len());
    }

    #[test]
    fn commit_paths_rejects_paths_that_are_not_files() {
        let (dir, git) = scratch();
        identify(&git);
        stage(&git, "docs/TODO.md", b"x\n");
        commit_all(&git);
        let before = git.head().unwrap().peel_to_commit().unwrap().id();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        for path in [PathBuf::from("."), PathBuf::from("docs")] {
            let err = repo.commit_paths(&[path], "x").unwrap_err();
            assert!(matches!(err, GitError::NotAFile { .. }), "{err:?}");
        }
        let err = repo
            .commit_paths(&[PathBuf::from("../TODO.md")], "x")
            .unwrap_err();
        assert!(matches!(err, GitError::OutsideWorkdir { .. }), "{err:?}");
        assert_eq!(git.head().unwrap().peel_to_commit().unwrap().id(), before);
    }

    /// With the real `git`: after `commit_paths`, `git status` shows the committed files as
    /// clean (an intent to add included) and other staged changes still staged.
    #[cfg(unix)]
    #[test]
    fn real_git_status_after_commit_paths() {
        use std::process::Command;
        if Command::new("git").arg("--version").output().is_err() {
            return;
        }
        let (dir, git) = scratch();
        identify(&git);
        stage(&git, "TODO.md", b"one\n");
        stage(&git, "other.txt", b"o1\n");
        commit_all(&git);
        fs::write(dir.path().join("TODO.md"), b"two\n").unwrap();
        fs::write(dir.path().join("NEW.md"), b"new\n").unwrap();
        stage(&git, "other.txt", b"o2\n");
        let run = |args: &[&str]| {
            let out = Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env_remove("GIT_DIR")
                .env_remove("GIT_WORK_TREE")
                .env_remove("GIT_INDEX_FILE")
                .output()
                .unwrap();
            assert!(out.status.success(), "git {args:?} failed");
            String::from_utf8(out.stdout).unwrap()
        };
        run(&["add", "-N", "NEW.md"]);

        let repo = Repo::open_isolated(dir.path()).unwrap();
        repo.commit_paths(
            &[PathBuf::from("TODO.md"), PathBuf::from("NEW.md")],
            "todo: edit",
        )
        .unwrap();
        assert_eq!(run(&["status", "--porcelain"]), "M  other.txt\n");
        assert_eq!(run(&["show", "HEAD:NEW.md"]), "new\n");
        assert_eq!(run(&["show", "HEAD:other.txt"]), "o1\n");
    }
}
