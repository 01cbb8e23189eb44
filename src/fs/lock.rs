//! The advisory lock on a directory that makes a check-then-rename atomic with respect to
//! every other `todo` writer, and the names of the temporary files a writer leaves behind if
//! it crashes. It must not read or write task files themselves.

use std::fs::File;
use std::path::Path;
use std::time::Duration;
#[cfg(unix)]
use std::time::Instant;

use super::write::WriteError;

/// How long a writer waits for another `todo` process to release a directory.
const LOCK_WAIT: Duration = Duration::from_secs(10);

pub(super) const TEMP_PREFIX: &str = ".todo-";
pub(super) const TEMP_SUFFIX: &str = ".tmp";

#[cfg_attr(not(unix), allow(dead_code))]
fn is_temp_name(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| {
        n.strip_prefix(TEMP_PREFIX)
            .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
            .is_some_and(|mid| mid.len() == 6 && mid.bytes().all(|b| b.is_ascii_alphanumeric()))
    })
}

/// An advisory lock on a directory, held until dropped.
pub(super) struct DirLock {
    /// The open directory, when it could be opened (unix); `None` elsewhere.
    dir: Option<File>,
}

impl DirLock {
    /// Locks `path` (waiting up to [`LOCK_WAIT`] for other `todo` writers), then removes the
    /// temporary files a crashed writer left there: while the lock is held no other `todo`
    /// writer can be using one.
    #[cfg(unix)]
    pub(super) fn acquire(path: &Path) -> Result<DirLock, WriteError> {
        let Ok(dir) = File::open(path) else {
            // An unreadable directory cannot be locked; fall back to the checks alone.
            return Ok(DirLock { dir: None });
        };
        let start = Instant::now();
        loop {
            match dir.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(WriteError::Busy(path.to_path_buf()));
                }
                // Locks unsupported here (some network file systems): checks alone.
                Err(std::fs::TryLockError::Error(_)) => return Ok(DirLock { dir: None }),
            }
        }
        if let Ok(entries) = std::fs::read_dir(path) {
            for e in entries.flatten() {
                if is_temp_name(&e.file_name()) && e.file_type().is_ok_and(|t| t.is_file()) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Ok(DirLock { dir: Some(dir) })
    }

    /// Elsewhere directories cannot be opened as files: no lock, the checks alone.
    #[cfg(not(unix))]
    pub(super) fn acquire(_path: &Path) -> Result<DirLock, WriteError> {
        Ok(DirLock { dir: None })
    }

    /// Makes the renames durable (best effort: some file systems refuse to sync a directory).
    pub(super) fn sync(&self) {
        if let Some(dir) = &self.dir {
            let _ = dir.sync_all();
        }
    }
}

/// An exclusive lock on a lock file (created when missing), held until dropped: what makes
/// a claim atomic among every `todo` process that uses the same file. Claims keep theirs in
/// git's common directory, which all worktrees of a clone share.
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Locks `path`, waiting up to [`LOCK_WAIT`] for the process holding it; fails with
    /// [`WriteError::Busy`] after that, and with [`WriteError::Io`] when the file cannot be
    /// created.
    pub fn acquire(path: &Path) -> Result<FileLock, WriteError> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|source| WriteError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        let start = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(FileLock { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(WriteError::Busy(path.to_path_buf()));
                }
                // Locks unsupported here: the checks alone.
                Err(std::fs::TryLockError::Error(_)) => return Ok(FileLock { _file: file }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        assert!(is_temp_name(std::ffi::OsStr::new(".todo-x1Y2z3.tmp")));
        assert!(!is_temp_name(std::ffi::OsStr::new(".todo-x1Y2z.tmp")));
        assert!(!is_temp_name(std::ffi::OsStr::new("todo-x1Y2z3.tmp")));
        assert!(!is_temp_name(std::ffi::OsStr::new(".todo-x1Y2-3.tmp")));
    }
}
