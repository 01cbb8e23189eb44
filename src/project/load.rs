//! Reading and parsing a project's task files: on every core when there are many (a Backlog.md
//! folder, a monorepo's many TODO.md files), in an order that does not depend on the threads.
//!
//! Files named up front (`--file`, a config's `files`, a revision's tree) are loaded by
//! [`parse_all`]. Files found by walking the working tree are loaded by [`streamed`] while the
//! walk goes on: listing a folder of a thousand entries takes the kernel about as long as
//! parsing a third of them, so the parsing threads start on the first entries instead of
//! waiting for the last, and the files are put in their order once all are loaded.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};

use super::LoadedFile;
use crate::document::{Document, LoadError};
use crate::model::StateMap;
use crate::parse::TaskFile;

/// How a loaded document becomes a task file.
pub(super) type Parse<'p> = dyn Fn(Document, &StateMap) -> TaskFile + Sync + 'p;

/// One file to load: its text, or the path to read it from.
pub(super) enum Input {
    Doc(Document),
    Path(PathBuf),
}

/// Files per thread below which a parse stays on one thread (starting a thread costs more).
const PARALLEL_MIN: usize = 16;

/// Files a thread takes at a time when loading on several.
const BATCH: usize = 16;

fn load(
    (display, input, archive): (String, Input, bool),
    states: &StateMap,
    parse: &Parse<'_>,
) -> Result<LoadedFile, LoadError> {
    let doc = match input {
        Input::Doc(doc) => doc,
        Input::Path(path) => Document::read(&path)?,
    };
    Ok(LoadedFile {
        display,
        file: parse(doc, states),
        archive,
    })
}

/// The threads to load `n` files on: at most one per [`PARALLEL_MIN`] files.
fn threads_for(n: usize) -> usize {
    crate::par::threads().clamp(1, n.div_ceil(PARALLEL_MIN).max(1))
}

/// Loads files named up front, in their order, whatever the threads do; so is the error
/// reported: the first file's that fails. `TODO_THREADS=1` loads on one thread.
///
/// The files are cut into small batches that the threads, this one among them, take in turn,
/// so that a thread started late or slowed by the machine leaves its share to the others
/// instead of holding up the join.
pub(super) fn parse_all(
    found: Vec<(String, Input, bool)>,
    states: &StateMap,
    parse: &Parse<'_>,
) -> Result<Vec<LoadedFile>, LoadError> {
    crate::mem::loading(found.len());
    let threads = threads_for(found.len());
    if threads == 1 {
        return found.into_iter().map(|f| load(f, states, parse)).collect();
    }
    let mut batches: Vec<Mutex<Vec<(String, Input, bool)>>> = Vec::new();
    let mut rest = found.into_iter().peekable();
    while rest.peek().is_some() {
        batches.push(Mutex::new(rest.by_ref().take(BATCH).collect()));
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Takes batches until none is left: (batch number, its files loaded), in the order taken.
    let work = || {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(batch) = batches.get(k) else {
                return done;
            };
            let files = std::mem::take(&mut *lock(batch));
            let loaded: Vec<_> = files.into_iter().map(|f| load(f, states, parse)).collect();
            done.push((k, loaded));
        }
    };
    let mut loaded = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut loaded = work();
        for h in helpers {
            loaded.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        loaded
    });
    loaded.sort_unstable_by_key(|(k, _)| *k);
    loaded.into_iter().flat_map(|(_, files)| files).collect()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Where a file found by a walk goes in the project's order: its group (a place among the
/// default names, a task folder), then its name within the group, compared as bytes.
pub(super) type Key = (usize, OsString);

/// Files found by a walk, not yet taken by a thread, and whether the walk is over.
struct Queue {
    files: Vec<(usize, PathBuf)>,
    walked: bool,
}

/// Sets the walk over when dropped, however the walk ends, so that no thread waits for files
/// that will not come.
struct Walked<'q>(&'q Mutex<Queue>, &'q Condvar);

impl Drop for Walked<'_> {
    fn drop(&mut self) {
        lock(self.0).walked = true;
        self.1.notify_all();
    }
}

/// Loads the files `walk` finds while it finds them, and returns them in the order of their
/// [`Key`]s, whatever the threads do; so is the error reported: the first file's that fails.
/// `walk` calls its argument with each file's key and path; `name` gives a path's display name
/// and whether it is the archive. Threads start once the files found add up to a large input
/// (so that they make their heaps as a large input's), or when the walk ends with more than a
/// few files; `TODO_THREADS=1` loads on this thread alone, after the walk.
pub(super) fn streamed(
    walk: impl FnOnce(&mut dyn FnMut(Key, PathBuf)),
    name: &(dyn Fn(&Path) -> (String, bool) + Sync),
    states: &StateMap,
    parse: &Parse<'_>,
) -> Result<Vec<LoadedFile>, LoadError> {
    let queue = Mutex::new(Queue {
        files: Vec::new(),
        walked: false,
    });
    let more = Condvar::new();
    // Loads batches of files until the walk is over and none is left: (file number, file).
    let work = || {
        let mut done = Vec::new();
        loop {
            let batch = {
                let mut q = lock(&queue);
                while q.files.len() < BATCH && !q.walked {
                    q = more.wait(q).unwrap_or_else(|e| e.into_inner());
                }
                let from = q.files.len().saturating_sub(BATCH);
                q.files.split_off(from)
            };
            if batch.is_empty() {
                return done;
            }
            for (k, path) in batch {
                let (display, archive) = name(&path);
                done.push((
                    k,
                    load((display, Input::Path(path), archive), states, parse),
                ));
            }
        }
    };
    let threads = crate::par::threads();
    let (keys, mut loaded) = std::thread::scope(|scope| {
        let mut keys: Vec<Key> = Vec::new();
        let mut helpers = Vec::new();
        let start = |helpers: &mut Vec<_>, n: usize| {
            for _ in 1..threads_for(n) {
                helpers.push(scope.spawn(work));
            }
        };
        {
            let _walked = Walked(&queue, &more);
            walk(&mut |key, path| {
                keys.push(key);
                crate::mem::loading(1);
                let pending = {
                    let mut q = lock(&queue);
                    q.files.push((keys.len() - 1, path));
                    q.files.len()
                };
                if helpers.is_empty() && threads > 1 && crate::mem::is_large_input() {
                    start(&mut helpers, usize::MAX);
                } else if !helpers.is_empty() && pending == BATCH {
                    more.notify_one();
                }
            });
        }
        if helpers.is_empty() && threads > 1 {
            start(&mut helpers, keys.len());
        }
        let mut loaded = work();
        for h in helpers {
            loaded.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        (keys, loaded)
    });
    // Into the order of the keys.
    loaded.sort_unstable_by(|(a, _), (b, _)| keys[*a].cmp(&keys[*b]));
    loaded.into_iter().map(|(_, file)| file).collect()
}
