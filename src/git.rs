//! Git plumbing for `todo lint --staged` and `todo hook install`: the repository around a
//! directory, the bytes each path has in the index (what the next commit will contain), and
//! where the repository's hooks live.
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

use std::ffi::OsString;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use git2::{ErrorCode, Index, IndexEntry, Repository, RepositoryOpenFlags};
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
    /// Any other libgit2 failure.
    #[error("{context}: {}", source.message())]
    Git {
        /// What was being done, usually led by the path involved.
        context: String,
        /// The underlying error.
        #[source]
        source: git2::Error,
    },
}

impl GitError {
    fn git(context: impl Into<String>) -> impl FnOnce(git2::Error) -> GitError {
        let context = context.into();
        move |source| GitError::Git { context, source }
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
                    source: err,
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
}
