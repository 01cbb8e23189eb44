//! The repository around a directory: discovery (honouring `GIT_CEILING_DIRECTORIES` and a
//! hook's `GIT_INDEX_FILE`), the working tree, HEAD and revisions, the hooks directory, and
//! the branches ([`Repo::branch_blobs`], so IDs handed out on one branch are not reused on
//! another). It owns the one `git2::Repository` handle; it must not know about task files or
//! their notations, which callers pick by their own rules.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use git2::{BranchType, ErrorCode, Oid, Repository, RepositoryOpenFlags};

use super::GitError;
use super::index::hook_index_file;
use super::path::{key_to_path, tidy};

/// A non-bare git repository found around a directory.
pub struct Repo {
    pub(super) repo: Repository,
    pub(super) workdir: PathBuf,
    /// The index to read instead of the repository's own (from `GIT_INDEX_FILE`).
    pub(super) index_file: Option<PathBuf>,
    /// Where a shallow clone's history is cut (`walk.rs`), read on first use.
    pub(super) shallow: OnceCell<HashSet<Oid>>,
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
    pub(super) fn open(start: &Path, ceilings: &[PathBuf]) -> Result<Repo, GitError> {
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
            shallow: OnceCell::new(),
        })
    }

    /// Like [`Repo::discover`] but deaf to the environment, for tests.
    #[cfg(test)]
    pub(crate) fn open_isolated(start: &Path) -> Result<Repo, GitError> {
        Repo::open(start, &[])
    }

    /// A new repository at `dir` with `config` set in it, opened as
    /// [`Repo::open_isolated`] does, for tests outside the git layer.
    #[cfg(test)]
    pub(crate) fn init_isolated(dir: &Path, config: &[(&str, &str)]) -> Result<Repo, GitError> {
        let repo = Repository::init(dir).map_err(GitError::git("cannot create a repository"))?;
        let mut settings = repo
            .config()
            .map_err(GitError::git("cannot read the config"))?;
        for (key, value) in config {
            settings
                .set_str(key, value)
                .map_err(GitError::git("cannot write the config"))?;
        }
        Repo::open_isolated(dir)
    }

    /// A value of the repository's effective git config (every level), if set.
    pub fn config_str(&self, key: &str) -> Option<String> {
        let mut config = self.repo.config().ok()?;
        config.snapshot().ok()?.get_string(key).ok()
    }

    /// Sets `key` in the repository's own config (`.git/config`); returns whether the value
    /// changed.
    pub fn set_local_config(&self, key: &str, value: &str) -> Result<bool, GitError> {
        let mut config = self
            .repo
            .config()
            .and_then(|c| c.open_level(git2::ConfigLevel::Local))
            .map_err(GitError::git("cannot open the repository's config"))?;
        let changed = config.get_string(key).ok().as_deref() != Some(value);
        config
            .set_str(key, value)
            .map_err(GitError::git("cannot write the repository's config"))?;
        Ok(changed)
    }

    /// Removes `key` from the repository's own config (nothing when it is not set).
    pub fn unset_local_config(&self, key: &str) -> Result<(), GitError> {
        let mut config = self
            .repo
            .config()
            .and_then(|c| c.open_level(git2::ConfigLevel::Local))
            .map_err(GitError::git("cannot open the repository's config"))?;
        match config.remove(key) {
            Err(e) if e.code() != git2::ErrorCode::NotFound => {
                Err(GitError::git("cannot write the repository's config")(e))
            }
            _ => Ok(()),
        }
    }

    /// The working directories of every worktree of this repository that still exists: the
    /// main one (when this is a linked worktree) and each linked worktree, this one included.
    pub fn worktree_dirs(&self) -> Vec<PathBuf> {
        let raw = &self.repo;
        let mut dirs: Vec<PathBuf> = Vec::new();
        if raw.is_worktree()
            && let Some(main) = raw.commondir().parent()
            && main.join(".git").exists()
        {
            dirs.push(main.to_path_buf());
        }
        if let Ok(names) = raw.worktrees() {
            for name in names.iter().flatten().flatten() {
                if let Ok(wt) = raw.find_worktree(name)
                    && wt.validate().is_ok()
                {
                    dirs.push(wt.path().to_path_buf());
                }
            }
        }
        dirs
    }

    /// The root of the working tree (for a linked worktree, that worktree's root).
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// Where git looks for this repository's hooks: `core.hooksPath` when set (a relative
    /// value is taken from the working tree root, as git runs hooks there; `~` is expanded),
    /// otherwise `hooks` in the common git directory (shared by all worktrees).
    pub fn hooks_dir(&self) -> PathBuf {
        self.hooks_dir_inner()
    }

    /// The commit HEAD points at; `None` on an unborn branch or a broken HEAD.
    pub fn head_commit(&self) -> Option<Oid> {
        Some(self.repo.head().ok()?.peel_to_commit().ok()?.id())
    }

    /// True when HEAD's branch has no commit yet (a fresh `git init`).
    pub fn is_unborn(&self) -> bool {
        matches!(self.repo.head(), Err(e) if e.code() == ErrorCode::UnbornBranch)
    }

    /// The short name of the branch HEAD is on (`main`); `None` for a detached or unborn HEAD.
    pub fn head_branch(&self) -> Option<String> {
        self.repo
            .head()
            .ok()
            .filter(|h| h.is_branch())
            .and_then(|h| h.shorthand().ok().map(str::to_string))
    }

    /// The best common ancestor of revisions `a` and `b`.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<Oid, GitError> {
        let (ia, ib) = (self.resolve(a)?, self.resolve(b)?);
        self.repo.merge_base(ia, ib).map_err(GitError::git(format!(
            "`{a}` and `{b}` have no common ancestor"
        )))
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
}
