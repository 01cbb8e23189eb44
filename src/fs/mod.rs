//! Writing task files: the atomic, checked write ([`write_files`], [`write_atomic`]), the
//! project's write lock ([`WriteLock`]) that every `todo` writer holds from reading to the
//! rename, and the directory lock under the check-then-rename.
//!
//! Writing is crash-safe and safe against other `todo` processes: a directory lock, a check
//! that every file still holds the bytes the edit was planned on, a synced temporary file
//! renamed into place. docs/reliability.md lists the guarantees and the tests that check them.
//! This module knows bytes and paths only: it must not parse, plan or verify task files.

mod lock;
mod write;

pub use lock::{LockError, LockEvent, LockOwner, LockState, NOTICE_AFTER, WriteLock, lock_state};
pub use write::{FileWrite, WriteError, write_atomic, write_files};
#[doc(hidden)]
pub use write::{Stage, write_files_with};
