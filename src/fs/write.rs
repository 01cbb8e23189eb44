//! The checked, atomic write of one or more files: resolve, lock, check, write temporary
//! files, check again, rename. It must not decide what to write; callers pass the bytes they
//! expect on disk and the bytes to put there.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::lock::{DirLock, TEMP_PREFIX, TEMP_SUFFIX};

/// Why a file could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The file changed on disk since it was read.
    #[error("{0}: changed on disk since it was read; nothing written (run the command again)")]
    ChangedOnDisk(PathBuf),
    /// A file to create appeared on disk since the project was read.
    #[error(
        "{0}: appeared on disk since the task files were read; nothing written (run the command again)"
    )]
    AppearedOnDisk(PathBuf),
    /// The file is read-only.
    #[error("{0}: the file is read-only; nothing written")]
    ReadOnly(PathBuf),
    /// The file (after following symbolic links) is outside the repository.
    #[error("{}: is outside the repository {}; refusing to write there, nothing written", path.display(), root.display())]
    Outside {
        /// The file, as given.
        path: PathBuf,
        /// The repository root (or the working directory outside a repository).
        root: PathBuf,
    },
    /// Another `todo` process held the directory's lock for too long.
    #[error(
        "{0}: another todo process is writing in this directory; nothing written (run the command again)"
    )]
    Busy(PathBuf),
    /// An I/O error; the original file is untouched.
    #[error("{path}: {source}; nothing written")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// Renaming one file of several into place failed after others were renamed.
    #[error("{path}: {source}; already written: {}; the other files are unchanged", written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Partial {
        /// The file that could not be renamed into place.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
        /// The files already replaced.
        written: Vec<PathBuf>,
    },
}

/// One file of a [`write_files`] batch.
#[derive(Debug, Clone, Copy)]
pub struct FileWrite<'a> {
    /// The file, as the project names it.
    pub path: &'a Path,
    /// The bytes the file must still hold, or `None` for a file to create (which must not
    /// exist yet).
    pub expected: Option<&'a [u8]>,
    /// The new bytes.
    pub new: &'a [u8],
}

/// A step of [`write_files`], where a test can inject a failure (see [`write_files_with`]).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The directory locks are held and every file is checked; no temporary file exists yet.
    Locked,
    /// The temporary file exists and is empty.
    Created,
    /// About to write the bytes of the temporary file from this offset on (an error here is a
    /// full disk part-way through the file).
    Write(usize),
    /// Every byte is written, not yet synced.
    Written,
    /// The temporary file is synced and carries the original's permissions.
    Synced,
    /// Every temporary file is ready and checked; the next step renames them into place.
    BeforeRename,
}

impl Stage {
    /// The stage's name in `TODO_FAILPOINT` (debug builds).
    pub fn name(self) -> &'static str {
        match self {
            Stage::Locked => "locked",
            Stage::Created => "created",
            Stage::Write(_) => "write",
            Stage::Written => "written",
            Stage::Synced => "synced",
            Stage::BeforeRename => "before-rename",
        }
    }
}

/// The bytes written between two [`Stage::Write`] points.
const CHUNK: usize = 64 * 1024;

/// Replaces a file's bytes safely: refuses when the file no longer holds `expected` or is
/// read-only, writes a temporary file in the same directory, syncs it, gives it the
/// original's permissions and renames it over the original. A symlink is followed to the
/// file it names, which is replaced; the link stays a link. See [`write_files`].
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    write_files(
        None,
        &[FileWrite {
            path,
            expected: Some(expected),
            new,
        }],
    )
}

/// Writes several files as one step, as far as a file system allows:
///
/// 1. Each path is resolved (symbolic links followed); with `root`, a file that resolves
///    outside it is refused ([`WriteError::Outside`]).
/// 2. The directories holding the files are locked (on unix an advisory `flock` on the
///    directory itself, taken in path order; other `todo` processes wait up to 10 s), so the
///    check and the rename below are atomic with respect to every other `todo` writer.
///    Temporary files that a crashed `todo` left in those directories are removed.
/// 3. Every existing file must still hold its `expected` bytes and be writable, and every file
///    to create must still be missing; otherwise nothing is written.
/// 4. Each new text goes to a temporary file in the target's directory, which is synced and
///    given the original's permissions. Any failure (a full disk included) removes the
///    temporary files and leaves every original as it was.
/// 5. The files are checked once more (a writer that does not take the lock, such as an
///    editor, wins), then renamed into place and the directories synced.
pub fn write_files(root: Option<&Path>, writes: &[FileWrite<'_>]) -> Result<(), WriteError> {
    write_files_with(root, writes, &env_failpoint)
}

/// [`write_files`] with a hook called at each [`Stage`]; an error from it aborts the write
/// like a real I/O error at that point. For tests of the failure paths.
#[doc(hidden)]
pub fn write_files_with(
    root: Option<&Path>,
    writes: &[FileWrite<'_>],
    inject: &dyn Fn(Stage) -> io::Result<()>,
) -> Result<(), WriteError> {
    let io_at = |path: &Path| {
        let path = path.to_path_buf();
        move |source| WriteError::Io { path, source }
    };
    // 1. Resolve.
    let mut targets = Vec::with_capacity(writes.len());
    for w in writes {
        let target = resolve(w.path, w.expected.is_none()).map_err(io_at(w.path))?;
        if let Some(root) = root {
            let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
            if !target.starts_with(&root) {
                return Err(WriteError::Outside {
                    path: w.path.to_path_buf(),
                    root,
                });
            }
        }
        targets.push(target);
    }
    for (w, target) in writes.iter().zip(&targets) {
        if w.expected.is_none() {
            std::fs::create_dir_all(parent(target)).map_err(io_at(w.path))?;
        }
    }
    // 2. Lock.
    let mut dirs: Vec<&Path> = targets.iter().map(|t| parent(t)).collect();
    dirs.sort();
    dirs.dedup();
    let mut locks = Vec::with_capacity(dirs.len());
    for dir in &dirs {
        locks.push(DirLock::acquire(dir)?);
    }
    // 3. Check.
    let mut perms = Vec::with_capacity(writes.len());
    for (w, target) in writes.iter().zip(&targets) {
        perms.push(check(w, target)?);
    }
    inject(Stage::Locked).map_err(io_at(writes.first().map_or(Path::new("."), |w| w.path)))?;
    // 4. Prepare.
    let mut temps = Vec::with_capacity(writes.len());
    for ((w, target), perm) in writes.iter().zip(&targets).zip(perms) {
        temps.push(prepare(w, target, perm, inject).map_err(io_at(w.path))?);
    }
    // 5. Check again, then rename.
    for (w, target) in writes.iter().zip(&targets) {
        check(w, target)?;
    }
    inject(Stage::BeforeRename)
        .map_err(io_at(writes.first().map_or(Path::new("."), |w| w.path)))?;
    let mut written = Vec::new();
    for ((w, target), temp) in writes.iter().zip(&targets).zip(temps) {
        let renamed = if w.expected.is_some() {
            temp.persist(target)
        } else {
            temp.persist_noclobber(target)
        };
        if let Err(e) = renamed {
            if written.is_empty() {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    return Err(WriteError::AppearedOnDisk(w.path.to_path_buf()));
                }
                return Err(io_at(w.path)(e.error));
            }
            return Err(WriteError::Partial {
                path: w.path.to_path_buf(),
                source: e.error,
                written,
            });
        }
        written.push(w.path.to_path_buf());
    }
    for lock in &locks {
        lock.sync();
    }
    Ok(())
}

/// The file a write replaces: the path with symbolic links resolved. A file to create is
/// resolved through its directory (or that directory's nearest existing ancestor, when the
/// folders are still to be created); its name must be a plain file name.
fn resolve(path: &Path, create: bool) -> io::Result<PathBuf> {
    if !create {
        return std::fs::canonicalize(path);
    }
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Folders that do not exist yet (an archive in `docs/` before `docs/` exists) are
    // resolved through their nearest existing ancestor and created after the root check.
    let mut existing = dir;
    let mut missing = Vec::new();
    while !existing.exists() {
        let (Some(up), Some(last)) = (existing.parent(), existing.file_name()) else {
            break;
        };
        missing.push(last);
        existing = if up.as_os_str().is_empty() {
            Path::new(".")
        } else {
            up
        };
    }
    let mut resolved = std::fs::canonicalize(existing)?;
    for part in missing.into_iter().rev() {
        resolved.push(part);
    }
    Ok(resolved.join(name))
}

fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// Checks that a file still holds the expected bytes and may be written (or, for a file to
/// create, that it is still missing); returns the permissions the new file gets.
fn check(w: &FileWrite<'_>, target: &Path) -> Result<Option<std::fs::Permissions>, WriteError> {
    let io = |source| WriteError::Io {
        path: w.path.to_path_buf(),
        source,
    };
    let Some(expected) = w.expected else {
        return match std::fs::symlink_metadata(target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(e)),
            Ok(_) => Err(WriteError::AppearedOnDisk(w.path.to_path_buf())),
        };
    };
    let meta = std::fs::metadata(target).map_err(io)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(w.path.to_path_buf()));
    }
    if !meta.is_file()
        || meta.len() != expected.len() as u64
        || std::fs::read(target).map_err(io)? != expected
    {
        return Err(WriteError::ChangedOnDisk(w.path.to_path_buf()));
    }
    Ok(Some(meta.permissions()))
}

/// Writes the new text to a synced temporary file next to `target`.
fn prepare(
    w: &FileWrite<'_>,
    target: &Path,
    perm: Option<std::fs::Permissions>,
    inject: &dyn Fn(Stage) -> io::Result<()>,
) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    if perm.is_none() {
        // A new file gets the usual 0666 less the umask, as `File::create` would give it.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(parent(target))?;
    inject(Stage::Created)?;
    for (n, chunk) in w.new.chunks(CHUNK).enumerate() {
        inject(Stage::Write(n * CHUNK))?;
        // Through the `File`: `NamedTempFile`'s own writer adds the temporary path to errors.
        tmp.as_file_mut().write_all(chunk)?;
    }
    inject(Stage::Written)?;
    tmp.as_file().sync_all()?;
    if let Some(perm) = perm {
        tmp.as_file().set_permissions(perm)?;
    }
    inject(Stage::Synced)?;
    Ok(tmp)
}

/// In debug builds, `TODO_FAILPOINT=STAGE[:error|full|abort]` makes the write fail at that
/// stage (with an error, a full-disk error, or by aborting the process like a crash), so the
/// tests can exercise the failure paths of the real binary. Release builds ignore it.
fn env_failpoint(stage: Stage) -> io::Result<()> {
    #[cfg(debug_assertions)]
    if let Some(spec) = std::env::var_os("TODO_FAILPOINT") {
        let spec = spec.to_string_lossy();
        let (name, action) = spec.split_once(':').unwrap_or((&spec, "error"));
        if name == stage.name() {
            match action {
                "abort" => std::process::abort(),
                "full" => {
                    return Err(io::Error::new(
                        io::ErrorKind::StorageFull,
                        "no space left on device (injected)",
                    ));
                }
                _ => return Err(io::Error::other(format!("injected failure at {name}"))),
            }
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = stage;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::time::Duration;

    use super::*;

    /// The names in a directory, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_only_when_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("TODO.md");
        std::fs::write(&p, "a\r\n").unwrap();
        write_atomic(&p, b"a\r\n", b"b\r\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"b\r\n");
        let err = write_atomic(&p, b"a\r\n", b"c").unwrap_err();
        assert!(matches!(err, WriteError::ChangedOnDisk(_)));
        assert_eq!(std::fs::read(&p).unwrap(), b"b\r\n");
        assert_eq!(
            names(dir.path()),
            ["TODO.md"],
            "no temporary file left behind"
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_read_only_files_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("TODO.md");
        std::fs::write(&p, "a").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"a", b"b").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o440)).unwrap();
        assert!(matches!(
            write_atomic(&p, b"b", b"c"),
            Err(WriteError::ReadOnly(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"b");
    }

    #[test]
    fn every_injected_failure_leaves_the_original_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("TODO.md");
        let old = b"old\n".repeat(50_000); // 200 KB: several write chunks
        let new = b"new\n".repeat(60_000);
        std::fs::write(&p, &old).unwrap();
        for stage in [
            Stage::Locked,
            Stage::Created,
            Stage::Write(0),
            Stage::Write(CHUNK),
            Stage::Write(2 * CHUNK),
            Stage::Written,
            Stage::Synced,
            Stage::BeforeRename,
        ] {
            let fail = |s: Stage| {
                if s == stage {
                    Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
                } else {
                    Ok(())
                }
            };
            let w = FileWrite {
                path: &p,
                expected: Some(&old),
                new: &new,
            };
            let err = write_files_with(None, &[w], &fail).unwrap_err();
            assert!(
                matches!(&err, WriteError::Io { source, .. } if source.kind() == io::ErrorKind::StorageFull),
                "{stage:?}: {err:?}"
            );
            assert!(
                err.to_string().ends_with("disk full; nothing written"),
                "{err}"
            );
            assert_eq!(std::fs::read(&p).unwrap(), old, "{stage:?}");
            assert_eq!(names(dir.path()), ["TODO.md"], "{stage:?}");
        }
        write_atomic(&p, &old, &new).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), new);
    }

    #[test]
    fn a_failure_in_one_file_of_a_batch_writes_none() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            dir.path().join("A.md"),
            dir.path().join("B.md"),
            dir.path().join("C.md"),
        );
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let writes = [
            FileWrite {
                path: &a,
                expected: Some(b"a"),
                new: b"A",
            },
            FileWrite {
                path: &b,
                expected: Some(b"changed"),
                new: b"B",
            },
            FileWrite {
                path: &c,
                expected: None,
                new: b"C",
            },
        ];
        assert!(matches!(
            write_files(None, &writes),
            Err(WriteError::ChangedOnDisk(p)) if p == b
        ));
        assert_eq!(names(dir.path()), ["A.md", "B.md"]);
        assert_eq!(std::fs::read(&a).unwrap(), b"a");
        // A file to create that exists meanwhile is refused too.
        std::fs::write(&c, "c").unwrap();
        let mut writes = writes;
        writes[1].expected = Some(b"b");
        assert!(matches!(
            write_files(None, &writes),
            Err(WriteError::AppearedOnDisk(p)) if p == c
        ));
        std::fs::remove_file(&c).unwrap();
        write_files(None, &writes).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"A");
        assert_eq!(std::fs::read(&b).unwrap(), b"B");
        assert_eq!(std::fs::read(&c).unwrap(), b"C");
        assert_eq!(names(dir.path()), ["A.md", "B.md", "C.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_files_that_resolve_outside_the_root() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let real = outside.path().join("TODO.md");
        std::fs::write(&real, "x").unwrap();
        let link = root.path().join("TODO.md");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        for (path, expected) in [
            (link.as_path(), Some(&b"x"[..])),
            (real.as_path(), Some(&b"x"[..])),
            (&outside.path().join("NEW.md"), None),
            (&root.path().join("../NEW.md"), None),
        ] {
            let err = write_files(
                Some(root.path()),
                &[FileWrite {
                    path,
                    expected,
                    new: b"y",
                }],
            )
            .unwrap_err();
            assert!(matches!(err, WriteError::Outside { .. }), "{err:?}");
        }
        assert_eq!(std::fs::read(&real).unwrap(), b"x");
        assert_eq!(names(outside.path()), ["TODO.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_held_lock_makes_the_writer_wait_and_stale_temporary_files_go() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("TODO.md");
        std::fs::write(&p, "a").unwrap();
        let stale = dir.path().join(".todo-AbC123.tmp");
        std::fs::write(&stale, "left by a crash").unwrap();
        let other = dir.path().join(".todo-notes.tmp");
        std::fs::write(&other, "not ours").unwrap();
        let held = File::open(dir.path()).unwrap();
        held.lock().unwrap();
        let writer = {
            let p = p.clone();
            std::thread::spawn(move || write_atomic(&p, b"a", b"b"))
        };
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(std::fs::read(&p).unwrap(), b"a", "waits for the lock");
        held.unlock().unwrap();
        writer.join().unwrap().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"b");
        assert_eq!(names(dir.path()), [".todo-notes.tmp", "TODO.md"]);
    }
}
