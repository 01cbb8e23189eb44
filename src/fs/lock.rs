//! The locks of writing: the project's write lock ([`WriteLock`]), which every `todo` writer
//! holds from reading the files it changes to the rename; the advisory lock on a directory
//! that makes a check-then-rename atomic with respect to every other `todo` writer; and the
//! names of the temporary files a writer leaves behind if it crashes. It must not read or
//! write task files themselves.

use std::fs::File;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[cfg(unix)]
use std::time::Instant;
use thiserror::Error;

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

/// Who holds a write lock (or held it, when a process ended without releasing it), as the
/// lock file records it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LockOwner {
    /// The process ID.
    pub pid: u32,
    /// The host the process runs on.
    pub host: String,
    /// When the lock was taken, in seconds since the Unix epoch.
    pub since: u64,
    /// The command line that took it (`todo move T-1 DONE`).
    pub command: String,
}

impl LockOwner {
    /// This process, taking the lock now to run `command`.
    pub fn current(command: &str) -> LockOwner {
        LockOwner {
            pid: std::process::id(),
            host: host_name(),
            since: now_secs(),
            command: command.replace(['\n', '\r'], " "),
        }
    }

    /// How long ago the lock was taken.
    pub fn age(&self) -> Duration {
        Duration::from_secs(now_secs().saturating_sub(self.since))
    }

    fn render(&self) -> String {
        format!(
            "pid {}\nhost {}\nsince {}\ncommand {}\n",
            self.pid, self.host, self.since, self.command
        )
    }

    /// Reads a record written by [`LockOwner::render`]; `None` for an empty or foreign file.
    fn parse(text: &str) -> Option<LockOwner> {
        let mut owner = LockOwner::default();
        let mut pid = None;
        for line in text.lines() {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "pid" => pid = value.trim().parse().ok(),
                "host" => owner.host = value.trim().to_string(),
                "since" => owner.since = value.trim().parse().unwrap_or(0),
                "command" => owner.command = value.to_string(),
                _ => {}
            }
        }
        owner.pid = pid?;
        Some(owner)
    }
}

impl std::fmt::Display for LockOwner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "pid {} on {}", self.pid, self.host)?;
        if !self.command.is_empty() {
            write!(f, ", `{}`", self.command)?;
        }
        if self.since > 0 {
            write!(f, ", taken {} s ago", self.age().as_secs())?;
        }
        Ok(())
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// This machine's name, read without a system call of our own (best effort).
fn host_name() -> String {
    for file in ["/proc/sys/kernel/hostname", "/etc/hostname"] {
        if let Ok(name) = std::fs::read_to_string(file)
            && !name.trim().is_empty()
        {
            return name.trim().to_string();
        }
    }
    ["HOSTNAME", "COMPUTERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
        .unwrap_or_else(|| "an unknown host".into())
}

/// Why the write lock could not be taken. Nothing is written in any of these cases.
#[derive(Debug, Error)]
pub enum LockError {
    /// Another process held the lock for longer than the wait allowed.
    #[error("{}: another todo process ({}) held the write lock for longer than {waited:.1?}; nothing written (run the command again, or wait longer with --lock-timeout)", path.display(), owner.as_ref().map_or_else(|| "unknown".to_string(), ToString::to_string))]
    Held {
        /// The lock file.
        path: PathBuf,
        /// Who holds it, when its record could be read.
        owner: Option<LockOwner>,
        /// How long the writer waited.
        waited: Duration,
    },
    /// The file system cannot lock files, so writers could not be kept apart.
    #[error("{}: cannot lock ({source}): this file system has no working file locks, so concurrent writers cannot be kept apart; nothing written", path.display())]
    Unsupported {
        /// The lock file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The lock file cannot be created or read.
    #[error("{}: cannot open the lock file: {source}; nothing written", path.display())]
    Io {
        /// The lock file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

/// What happens while [`WriteLock::acquire`] waits, for the caller to tell the user.
#[derive(Debug, Clone, Copy)]
pub enum LockEvent<'a> {
    /// The wait passed [`NOTICE_AFTER`]; the holder, when its record could be read. Sent once.
    Waiting(Option<&'a LockOwner>),
    /// The lock was free but its file still named a holder: a process that ended (was killed)
    /// while holding it. The lock is taken over.
    TookOver(&'a LockOwner),
}

/// How long a writer waits in silence before [`LockEvent::Waiting`].
pub const NOTICE_AFTER: Duration = Duration::from_secs(1);

/// The exclusive write lock every `todo` writer takes before it reads the files it will
/// change, and keeps until the rename: an advisory `flock` on a lock file that records its
/// holder ([`LockOwner`]). The kernel releases the lock when the holder's process ends, however
/// it ends; a record left behind then tells the next writer it is taking over. The file is
/// removed on release.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
    path: PathBuf,
}

impl WriteLock {
    /// Takes the lock at `path` (creating the file), waiting up to `timeout` for the process
    /// holding it; records this process as the holder of `command`. `on_event` hears of a
    /// long wait and of a takeover.
    pub fn acquire(
        path: &Path,
        timeout: Duration,
        command: &str,
        on_event: &mut dyn FnMut(LockEvent<'_>),
    ) -> Result<WriteLock, LockError> {
        let io = |source| LockError::Io {
            path: path.to_path_buf(),
            source,
        };
        let start = std::time::Instant::now();
        let mut noticed = false;
        let mut pause = Duration::from_millis(1);
        let mut file = open_lock(path).map_err(io)?;
        loop {
            match file.try_lock() {
                Ok(()) if !same_file(&file, path) => {
                    // Released and removed since we opened it: lock the current file.
                    file = open_lock(path).map_err(io)?;
                }
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    let waited = start.elapsed();
                    if waited >= timeout {
                        return Err(LockError::Held {
                            path: path.to_path_buf(),
                            owner: read_owner(path),
                            waited,
                        });
                    }
                    if !noticed && waited >= NOTICE_AFTER {
                        noticed = true;
                        on_event(LockEvent::Waiting(read_owner(path).as_ref()));
                    }
                    std::thread::sleep(pause.min(timeout.saturating_sub(waited)));
                    pause = (pause * 2).min(Duration::from_millis(16));
                }
                Err(std::fs::TryLockError::Error(source)) => {
                    return Err(LockError::Unsupported {
                        path: path.to_path_buf(),
                        source,
                    });
                }
            }
        }
        let mut left = String::new();
        let _ = (&file).read_to_string(&mut left);
        if let Some(owner) = LockOwner::parse(&left) {
            on_event(LockEvent::TookOver(&owner));
        }
        // The record only informs (a wait, a takeover, `todo doctor`): the lock holds without
        // it, so a full disk does not stop the write here.
        let record = LockOwner::current(command).render();
        let _ = file
            .set_len(0)
            .and_then(|()| (&file).seek(SeekFrom::Start(0)).map(drop))
            .and_then(|()| (&file).write_all(record.as_bytes()));
        Ok(WriteLock {
            file,
            path: path.to_path_buf(),
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WriteLock {
    /// Removes the lock file (or, where that fails, empties it) while still holding the lock,
    /// so that no record outlives a clean release; closing the file then releases the lock.
    fn drop(&mut self) {
        if !(cfg!(unix) && same_file(&self.file, &self.path) && remove(&self.path)) {
            let _ = self.file.set_len(0);
        }
    }
}

fn remove(path: &Path) -> bool {
    std::fs::remove_file(path).is_ok()
}

fn open_lock(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// True when `file` is still the file at `path` (it was not removed or replaced).
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere the lock file is never removed, so it is always the same file.
#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

fn read_owner(path: &Path) -> Option<LockOwner> {
    LockOwner::parse(&std::fs::read_to_string(path).ok()?)
}

/// The state of a write lock, for `todo doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockState {
    /// Nobody holds it.
    Free,
    /// A process holds it (its record, when readable).
    Held(Option<LockOwner>),
    /// Nobody holds it, but a process ended while holding it; the next writer takes it over.
    Left(LockOwner),
}

/// Looks at the write lock at `path` without taking it for more than an instant.
pub fn lock_state(path: &Path) -> LockState {
    let Ok(file) = File::open(path) else {
        return LockState::Free;
    };
    let owner = read_owner(path);
    match file.try_lock() {
        Ok(()) => owner.map_or(LockState::Free, LockState::Left),
        Err(_) => LockState::Held(owner),
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

    fn take(
        path: &Path,
        timeout: Duration,
        events: &mut Vec<String>,
    ) -> Result<WriteLock, LockError> {
        WriteLock::acquire(path, timeout, "todo test", &mut |e| {
            events.push(match e {
                LockEvent::Waiting(o) => format!("waiting {}", o.map_or(0, |o| o.pid)),
                LockEvent::TookOver(o) => format!("took over {}", o.pid),
            });
        })
    }

    #[test]
    fn the_write_lock_records_its_holder_and_goes_on_release() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("todo.lock");
        let mut events = Vec::new();
        let lock = take(&path, Duration::ZERO, &mut events).unwrap();
        let owner = read_owner(&path).unwrap();
        assert_eq!(owner.pid, std::process::id());
        assert_eq!(owner.command, "todo test");
        assert!(
            owner
                .to_string()
                .starts_with(&format!("pid {} on ", owner.pid))
        );
        assert_eq!(lock_state(&path), LockState::Held(Some(owner.clone())));
        // A second taker (another open file description) waits, then gives up naming the holder.
        let err = take(&path, Duration::from_millis(50), &mut events).unwrap_err();
        assert!(
            matches!(&err, LockError::Held { owner: Some(o), .. } if o.pid == owner.pid),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("held the write lock for longer than"),
            "{err}"
        );
        drop(lock);
        #[cfg(unix)]
        assert!(!path.exists(), "a clean release leaves no file");
        assert_eq!(lock_state(&path), LockState::Free);
        assert!(events.is_empty(), "{events:?}");
    }

    #[test]
    fn a_record_left_by_an_ended_holder_is_taken_over_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("todo.lock");
        let dead = LockOwner {
            pid: 999_999,
            host: "elsewhere".into(),
            since: 0,
            command: "todo move T-1 DONE".into(),
        };
        std::fs::write(&path, dead.render()).unwrap();
        assert_eq!(lock_state(&path), LockState::Left(dead));
        let mut events = Vec::new();
        let lock = take(&path, Duration::from_secs(1), &mut events).unwrap();
        assert_eq!(events, ["took over 999999"]);
        assert_eq!(read_owner(&path).unwrap().pid, std::process::id());
        drop(lock);
        let _again = take(&path, Duration::ZERO, &mut events).unwrap();
        assert_eq!(
            events.len(),
            1,
            "a clean release leaves nothing to take over"
        );
    }

    #[test]
    fn a_long_wait_is_announced_once_and_the_lock_then_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("todo.lock");
        let lock = take(&path, Duration::ZERO, &mut Vec::new()).unwrap();
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut events = Vec::new();
                let got = take(&path, Duration::from_secs(10), &mut events).map(drop);
                (got.is_ok(), events)
            })
        };
        std::thread::sleep(NOTICE_AFTER + Duration::from_millis(300));
        drop(lock);
        let (ok, events) = waiter.join().unwrap();
        assert!(ok);
        assert_eq!(events, [format!("waiting {}", std::process::id())]);
    }

    #[test]
    fn owner_records_parse_leniently() {
        assert_eq!(LockOwner::parse(""), None);
        assert_eq!(LockOwner::parse("garbage"), None);
        let o = LockOwner::parse("pid 12\nhost h\n").unwrap();
        assert_eq!((o.pid, o.host.as_str(), o.since), (12, "h", 0));
        let me = LockOwner::current("todo add \"a\nb\"");
        assert_eq!(LockOwner::parse(&me.render()), Some(me));
    }
}
