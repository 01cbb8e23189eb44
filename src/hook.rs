//! `todo hook install`: write a git pre-commit hook that runs `todo lint --staged`.
//!
//! The hook is a POSIX `sh` script at `<hooks dir>/pre-commit` (see [`Repo::hooks_dir`],
//! which honours `core.hooksPath`) carrying the line [`MARKER`], by which a later install
//! recognises it as its own. It calls `todo` by name, so `todo` must be on the `PATH` git
//! runs hooks with, and exits with `todo lint --staged`'s status.
//!
//! Rules:
//! - No hook yet: write one ([`InstallOutcome::Created`]); the hooks directory is created
//!   when missing.
//! - Our hook (it has [`MARKER`]): rewrite it with the current script
//!   ([`InstallOutcome::Updated`]). A hook chained by an earlier `--force` stays chained as
//!   long as `pre-commit.local` is still there.
//! - Any other hook: refuse ([`HookError::Foreign`]) unless `force`. With `force` the old
//!   hook is kept, unchanged, as `pre-commit.local` next to it, and the new hook runs it first
//!   with the same arguments, stopping with its status when it fails, then runs todo
//!   ([`InstallOutcome::Chained`]). If `pre-commit.local` already exists (a file, directory
//!   or link of any kind, ours or not) nothing is touched and [`HookError::LocalExists`] is
//!   returned: two foreign hooks cannot be merged safely, so a person must decide.
//! - Symbolic links are never followed: when the hooks directory or `pre-commit` is a
//!   symlink (tools such as husky or a dotfiles manager own those), installing is refused
//!   with [`HookError::Symlink`].
//!
//! Every write goes to a temporary file in the hooks directory that is then renamed over
//! `pre-commit`, so git never sees a half-written hook. On unix the hook is mode 0755.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::git::Repo;

/// The line that marks a hook as written by `todo hook install`.
pub const MARKER: &str = "# installed by todo hook install";

/// The line that marks our hook as running `pre-commit.local` first.
const CHAIN_MARKER: &str = "# todo hook install: runs pre-commit.local first";

/// The hook's file name.
pub const HOOK_NAME: &str = "pre-commit";

/// Where a foreign hook is kept when `--force` chains it.
pub const LOCAL_NAME: &str = "pre-commit.local";

/// What [`install`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallOutcome {
    /// There was no pre-commit hook; ours was written.
    Created {
        /// The hook written.
        path: PathBuf,
    },
    /// Our own hook was there and has been rewritten.
    Updated {
        /// The hook written.
        path: PathBuf,
        /// The chained `pre-commit.local` the hook still runs first, if any.
        local: Option<PathBuf>,
    },
    /// A foreign hook was moved to `pre-commit.local` and ours runs it first.
    Chained {
        /// The hook written.
        path: PathBuf,
        /// Where the previous hook now lives.
        local: PathBuf,
    },
}

impl InstallOutcome {
    /// The hook written.
    pub fn path(&self) -> &Path {
        match self {
            InstallOutcome::Created { path }
            | InstallOutcome::Updated { path, .. }
            | InstallOutcome::Chained { path, .. } => path,
        }
    }
}

/// Why the hook was not installed.
#[derive(Debug, Error)]
pub enum HookError {
    /// A pre-commit hook not written by todo is in the way.
    #[error(
        "{}: a pre-commit hook not installed by todo is already there; rerun with --force to keep it as {LOCAL_NAME} and run it before todo",
        path.display()
    )]
    Foreign {
        /// The existing hook.
        path: PathBuf,
    },
    /// `--force` would move a foreign hook to `pre-commit.local`, but that name is taken.
    #[error(
        "{}: a pre-commit hook not installed by todo is there and {} already exists; merge or remove one of them, then rerun",
        path.display(),
        local.display()
    )]
    LocalExists {
        /// The existing hook.
        path: PathBuf,
        /// The `pre-commit.local` in the way.
        local: PathBuf,
    },
    /// The hooks directory or the hook is a symbolic link; todo does not write through links.
    #[error(
        "{}: is a symbolic link, probably managed by another tool; todo does not write through links (add `todo lint --staged` to the hook it points to instead)",
        path.display()
    )]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// `pre-commit` exists but is not a regular file.
    #[error("{}: exists but is not a regular file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The hooks directory exists but is not a directory.
    #[error("{}: exists but is not a directory", path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// Reading or writing failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> HookError + '_ {
    move |source| HookError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The commands both scripts end with.
const RUN_TODO: &str = r#"if ! command -v todo >/dev/null 2>&1; then
    echo "pre-commit: the todo command is not on PATH; install todo-md, or skip this check once with git commit --no-verify" >&2
    exit 127
fi
exec todo lint --staged
"#;

/// The hook script; `chained` runs `pre-commit.local` first.
pub fn script(chained: bool) -> String {
    let mut out = String::from("#!/bin/sh\n");
    out.push_str(MARKER);
    out.push('\n');
    if chained {
        out.push_str(CHAIN_MARKER);
        out.push('\n');
    }
    out.push_str(
        "#\n\
         # Lints the task files (TODO.md and friends) as staged for this commit.\n\
         # Update: run `todo hook install` again. Remove: delete this file.\n\
         # Skip once: git commit --no-verify\n",
    );
    if chained {
        out.push_str(
            "#\n\
             # The pre-commit hook that was here before `todo hook install --force` is kept as\n\
             # pre-commit.local next to this file. It runs first, with the same arguments, and\n\
             # todo runs only when it succeeds.\n\
             \n\
             local_hook=\"$(dirname \"$0\")/pre-commit.local\"\n\
             if [ -x \"$local_hook\" ]; then\n    \
                 \"$local_hook\" \"$@\" || exit $?\n\
             elif [ -e \"$local_hook\" ]; then\n    \
                 echo \"pre-commit: $local_hook is not executable; skipped\" >&2\n\
             fi\n",
        );
    }
    out.push('\n');
    out.push_str(RUN_TODO);
    out
}

/// Install the pre-commit hook in `repo`'s hooks directory; see the module documentation
/// for the rules.
pub fn install(repo: &Repo, force: bool) -> Result<InstallOutcome, HookError> {
    install_in(&repo.hooks_dir(), force)
}

/// [`install`] into an explicit hooks directory.
pub fn install_in(dir: &Path, force: bool) -> Result<InstallOutcome, HookError> {
    ensure_dir(dir)?;
    let hook = dir.join(HOOK_NAME);
    let local = dir.join(LOCAL_NAME);

    let existing = match fs::symlink_metadata(&hook) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(HookError::Symlink { path: hook });
        }
        Ok(meta) if !meta.is_file() => return Err(HookError::NotAFile { path: hook }),
        Ok(_) => Some(fs::read(&hook).map_err(io_err(&hook))?),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(io_err(&hook)(err)),
    };

    let Some(existing) = existing else {
        let temp = prepare(dir, &script(false))?;
        persist(temp, &hook)?;
        return Ok(InstallOutcome::Created { path: hook });
    };

    if has_line(&existing, MARKER) {
        let chained = has_line(&existing, CHAIN_MARKER) && exists(&local)?;
        let temp = prepare(dir, &script(chained))?;
        persist(temp, &hook)?;
        return Ok(InstallOutcome::Updated {
            path: hook,
            local: chained.then_some(local),
        });
    }

    if !force {
        return Err(HookError::Foreign { path: hook });
    }
    if exists(&local)? {
        return Err(HookError::LocalExists { path: hook, local });
    }
    let temp = prepare(dir, &script(true))?;
    // Keep the old hook as pre-commit.local. A hard link never replaces an existing file,
    // so a pre-commit.local that appeared meanwhile is not lost, and the old hook stays in
    // place until ours replaces it. Where hard links are unsupported, fall back to a rename.
    let linked = match fs::hard_link(&hook, &local) {
        Ok(()) => true,
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            return Err(HookError::LocalExists { path: hook, local });
        }
        Err(_) => {
            if exists(&local)? {
                return Err(HookError::LocalExists { path: hook, local });
            }
            fs::rename(&hook, &local).map_err(io_err(&local))?;
            false
        }
    };
    if let Err(err) = persist(temp, &hook) {
        // Put things back as they were; the original error is the one worth reporting.
        if linked {
            let _ = fs::remove_file(&local);
        } else {
            let _ = fs::rename(&local, &hook);
        }
        return Err(err);
    }
    Ok(InstallOutcome::Chained { path: hook, local })
}

/// Create the hooks directory when missing; refuse a symlink or a non-directory.
fn ensure_dir(dir: &Path) -> Result<(), HookError> {
    let check = |meta: fs::Metadata| {
        if meta.file_type().is_symlink() {
            Err(HookError::Symlink {
                path: dir.to_path_buf(),
            })
        } else if !meta.is_dir() {
            Err(HookError::NotADirectory {
                path: dir.to_path_buf(),
            })
        } else {
            Ok(())
        }
    };
    match fs::symlink_metadata(dir) {
        Ok(meta) => check(meta),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(io_err(dir))?;
            check(fs::symlink_metadata(dir).map_err(io_err(dir))?)
        }
        Err(err) => Err(io_err(dir)(err)),
    }
}

/// Whether anything (even a dangling link) is at `path`.
fn exists(path: &Path) -> Result<bool, HookError> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(io_err(path)(err)),
    }
}

/// Whether `text` has `line` as one of its lines (trailing blanks and `\r` ignored).
fn has_line(text: &[u8], line: &str) -> bool {
    text.split(|&b| b == b'\n')
        .any(|l| l.trim_ascii_end() == line.as_bytes())
}

/// A temporary file in `dir` holding `script`, executable, flushed to disk.
fn prepare(dir: &Path, script: &str) -> Result<tempfile::NamedTempFile, HookError> {
    let mut temp = tempfile::Builder::new()
        .prefix(".pre-commit.")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io_err(dir))?;
    let path = temp.path().to_path_buf();
    temp.write_all(script.as_bytes()).map_err(io_err(&path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o755))
            .map_err(io_err(&path))?;
    }
    temp.as_file().sync_all().map_err(io_err(&path))?;
    Ok(temp)
}

/// Rename the prepared file over `hook`.
fn persist(temp: tempfile::NamedTempFile, hook: &Path) -> Result<(), HookError> {
    temp.persist(hook).map_err(|err| HookError::Io {
        path: hook.to_path_buf(),
        source: err.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> (tempfile::TempDir, Repo) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::init_isolated(dir.path(), &[]).unwrap();
        (dir, repo)
    }

    const FOREIGN: &str = "#!/bin/sh\necho foreign\n";

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn script_has_marker_and_runs_todo() {
        for chained in [false, true] {
            let text = script(chained);
            assert!(text.starts_with("#!/bin/sh\n"));
            assert!(has_line(text.as_bytes(), MARKER));
            assert_eq!(has_line(text.as_bytes(), CHAIN_MARKER), chained);
            assert!(text.contains("exec todo lint --staged\n"));
            assert_eq!(
                text.contains("\"$local_hook\" \"$@\" || exit $?\n"),
                chained
            );
        }
    }

    #[test]
    fn creates_hook_and_hooks_dir() {
        let (_dir, repo) = scratch();
        let hooks = repo.hooks_dir();
        let _ = fs::remove_dir_all(&hooks);
        let outcome = install(&repo, false).unwrap();
        let hook = hooks.join(HOOK_NAME);
        assert_eq!(outcome, InstallOutcome::Created { path: hook.clone() });
        assert_eq!(fs::read_to_string(&hook).unwrap(), script(false));
        #[cfg(unix)]
        assert_eq!(mode(&hook), 0o755);
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(&hooks)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [HOOK_NAME]);
    }

    #[test]
    fn honours_core_hooks_path() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::init_isolated(dir.path(), &[("core.hooksPath", "tools/hooks")]).unwrap();
        let outcome = install(&repo, false).unwrap();
        assert_eq!(
            outcome.path(),
            repo.workdir().join("tools/hooks").join(HOOK_NAME)
        );
        assert!(outcome.path().is_file());
    }

    #[test]
    fn updates_own_hook() {
        let (_dir, repo) = scratch();
        let hook = repo.hooks_dir().join(HOOK_NAME);
        fs::create_dir_all(repo.hooks_dir()).unwrap();
        fs::write(&hook, format!("#!/bin/sh\n{MARKER}\necho old version\n")).unwrap();
        let outcome = install(&repo, false).unwrap();
        assert_eq!(
            outcome,
            InstallOutcome::Updated {
                path: hook.clone(),
                local: None
            }
        );
        assert_eq!(fs::read_to_string(&hook).unwrap(), script(false));
        #[cfg(unix)]
        assert_eq!(mode(&hook), 0o755);
        // Installing again is idempotent.
        assert!(matches!(
            install(&repo, false).unwrap(),
            InstallOutcome::Updated { .. }
        ));
        assert_eq!(fs::read_to_string(&hook).unwrap(), script(false));
    }

    #[test]
    fn refuses_foreign_hook_without_force() {
        let (_dir, repo) = scratch();
        let hook = repo.hooks_dir().join(HOOK_NAME);
        fs::create_dir_all(repo.hooks_dir()).unwrap();
        fs::write(&hook, FOREIGN).unwrap();
        let err = install(&repo, false).unwrap_err();
        assert!(
            matches!(&err, HookError::Foreign { path } if *path == hook),
            "{err:?}"
        );
        assert!(err.to_string().contains("--force"));
        assert_eq!(fs::read_to_string(&hook).unwrap(), FOREIGN);
        assert!(!repo.hooks_dir().join(LOCAL_NAME).exists());
    }

    #[test]
    fn chains_foreign_hook_with_force() {
        let (_dir, repo) = scratch();
        let hooks = repo.hooks_dir();
        let hook = hooks.join(HOOK_NAME);
        let local = hooks.join(LOCAL_NAME);
        fs::create_dir_all(&hooks).unwrap();
        fs::write(&hook, FOREIGN).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&hook, fs::Permissions::from_mode(0o700)).unwrap();
        }
        let outcome = install(&repo, true).unwrap();
        assert_eq!(
            outcome,
            InstallOutcome::Chained {
                path: hook.clone(),
                local: local.clone()
            }
        );
        assert_eq!(fs::read_to_string(&local).unwrap(), FOREIGN);
        #[cfg(unix)]
        assert_eq!(mode(&local), 0o700, "the old hook keeps its mode");
        assert_eq!(fs::read_to_string(&hook).unwrap(), script(true));

        // Installing again keeps the chain.
        assert_eq!(
            install(&repo, false).unwrap(),
            InstallOutcome::Updated {
                path: hook.clone(),
                local: Some(local.clone())
            }
        );
        assert_eq!(fs::read_to_string(&hook).unwrap(), script(true));
        assert_eq!(fs::read_to_string(&local).unwrap(), FOREIGN);

        // Once pre-commit.local is gone, an update drops the chain.
        fs::remove_file(&local).unwrap();
        assert_eq!(
            install(&repo, false).unwrap(),
            InstallOutcome::Updated {
                path: hook.clone(),
                local: None
            }
        );
        assert_eq!(fs::read_to_string(&hook).unwrap(), script(false));
    }

    #[test]
    fn force_refuses_when_local_exists() {
        let (_dir, repo) = scratch();
        let hooks = repo.hooks_dir();
        fs::create_dir_all(&hooks).unwrap();
        fs::write(hooks.join(HOOK_NAME), FOREIGN).unwrap();
        fs::write(hooks.join(LOCAL_NAME), "#!/bin/sh\necho older\n").unwrap();
        let err = install(&repo, true).unwrap_err();
        assert!(matches!(err, HookError::LocalExists { .. }), "{err:?}");
        assert_eq!(fs::read_to_string(hooks.join(HOOK_NAME)).unwrap(), FOREIGN);
        assert_eq!(
            fs::read_to_string(hooks.join(LOCAL_NAME)).unwrap(),
            "#!/bin/sh\necho older\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinked_hook() {
        let (dir, repo) = scratch();
        let hooks = repo.hooks_dir();
        fs::create_dir_all(&hooks).unwrap();
        let target = dir.path().join("shared-hook");
        fs::write(&target, FOREIGN).unwrap();
        std::os::unix::fs::symlink(&target, hooks.join(HOOK_NAME)).unwrap();
        for force in [false, true] {
            let err = install(&repo, force).unwrap_err();
            assert!(matches!(err, HookError::Symlink { .. }), "{err:?}");
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), FOREIGN);
        assert!(
            fs::symlink_metadata(hooks.join(HOOK_NAME))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(!hooks.join(LOCAL_NAME).exists());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_symlinked_hooks_dir() {
        let (dir, repo) = scratch();
        let hooks = repo.hooks_dir();
        let _ = fs::remove_dir_all(&hooks);
        let real = dir.path().join("real-hooks");
        fs::create_dir_all(&real).unwrap();
        std::os::unix::fs::symlink(&real, &hooks).unwrap();
        let err = install(&repo, false).unwrap_err();
        assert!(matches!(err, HookError::Symlink { .. }), "{err:?}");
        assert_eq!(fs::read_dir(&real).unwrap().count(), 0);
    }

    #[test]
    fn refuses_directory_in_place_of_hook() {
        let (_dir, repo) = scratch();
        fs::create_dir_all(repo.hooks_dir().join(HOOK_NAME)).unwrap();
        let err = install(&repo, true).unwrap_err();
        assert!(matches!(err, HookError::NotAFile { .. }), "{err:?}");
    }

    /// Run the installed hook with `sh`, a fake `todo` first on PATH, and a log both write to.
    #[cfg(unix)]
    fn run_hook(hook: &Path, bin: &Path, log: &Path, local_status: i32) -> i32 {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![bin.to_path_buf()];
        dirs.extend(std::env::split_paths(&path));
        std::process::Command::new("sh")
            .arg(hook)
            .arg("extra-arg")
            .env("PATH", std::env::join_paths(dirs).unwrap())
            .env("HOOK_LOG", log)
            .env("LOCAL_STATUS", local_status.to_string())
            .status()
            .unwrap()
            .code()
            .unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn chained_hook_runs_local_first_and_stops_on_failure() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, repo) = scratch();
        let hooks = repo.hooks_dir();
        fs::create_dir_all(&hooks).unwrap();
        let exe = |path: &Path, text: &str| {
            fs::write(path, text).unwrap();
            fs::set_permissions(path, fs::Permissions::from_mode(0o755)).unwrap();
        };
        exe(
            &hooks.join(HOOK_NAME),
            "#!/bin/sh\necho \"local $*\" >> \"$HOOK_LOG\"\nexit \"$LOCAL_STATUS\"\n",
        );
        let bin = dir.path().join("bin");
        fs::create_dir_all(&bin).unwrap();
        exe(
            &bin.join("todo"),
            "#!/bin/sh\necho \"todo $*\" >> \"$HOOK_LOG\"\nexit 3\n",
        );
        assert!(matches!(
            install(&repo, true).unwrap(),
            InstallOutcome::Chained { .. }
        ));
        let hook = hooks.join(HOOK_NAME);
        let log = dir.path().join("log");

        // The old hook succeeds: todo runs next and its status is the hook's.
        assert_eq!(run_hook(&hook, &bin, &log, 0), 3);
        assert_eq!(
            fs::read_to_string(&log).unwrap(),
            "local extra-arg\ntodo lint --staged\n"
        );

        // The old hook fails: todo does not run and the old hook's status is kept.
        fs::remove_file(&log).unwrap();
        assert_eq!(run_hook(&hook, &bin, &log, 5), 5);
        assert_eq!(fs::read_to_string(&log).unwrap(), "local extra-arg\n");
    }

    #[cfg(unix)]
    #[test]
    fn plain_hook_exits_with_todo_status() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, repo) = scratch();
        let hook = install(&repo, false).unwrap().path().to_path_buf();
        let bin = dir.path().join("bin");
        fs::create_dir_all(&bin).unwrap();
        fs::write(
            bin.join("todo"),
            "#!/bin/sh\necho \"todo $*\" >> \"$HOOK_LOG\"\nexit 1\n",
        )
        .unwrap();
        fs::set_permissions(bin.join("todo"), fs::Permissions::from_mode(0o755)).unwrap();
        let log = dir.path().join("log");
        assert_eq!(run_hook(&hook, &bin, &log, 0), 1);
        assert_eq!(fs::read_to_string(&log).unwrap(), "todo lint --staged\n");
    }
}
