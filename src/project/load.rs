//! Reading and parsing a project's task files: on every core when there are many (a Backlog.md
//! folder, a monorepo's many TODO.md files), in an order that does not depend on the threads.
//!
//! Files named up front (`--file`, a config's `files`, a revision's tree) are loaded by
//! [`parse_all`]. Files found by walking the working tree are loaded by [`streamed`] while the
//! walk goes on (both through one scheduler, [`on_threads`]): listing a folder of a thousand entries takes the kernel about as long as
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
pub(super) fn parse_all(
    found: Vec<(String, Input, bool)>,
    states: &StateMap,
    parse: &Parse<'_>,
) -> Result<Vec<LoadedFile>, LoadError> {
    crate::mem::loading(found.len());
    on_threads(|emit| found.into_iter().for_each(emit), &|f| {
        load(f, states, parse)
    })
    .into_iter()
    .collect()
}

/// Where a file found by a walk goes in the project's order: its group (a place among the
/// default names, a task folder), then its name within the group, compared as bytes.
pub(super) type Key = (usize, OsString);

/// Loads the files `walk` finds while it finds them, and returns them in the order of their
/// [`Key`]s, whatever the threads do; so is the error reported: the first file's that fails.
/// `walk` calls its argument with each file's key and path; `name` gives a path's display name
/// and whether it is the archive.
pub(super) fn streamed(
    walk: impl FnOnce(&mut dyn FnMut(Key, PathBuf)),
    name: &(dyn Fn(&Path) -> (String, bool) + Sync),
    states: &StateMap,
    parse: &Parse<'_>,
) -> Result<Vec<LoadedFile>, LoadError> {
    let mut keys: Vec<Key> = Vec::new();
    let loaded = on_threads(
        |emit| {
            walk(&mut |key, path| {
                keys.push(key);
                crate::mem::loading(1);
                emit(path);
            })
        },
        &|path: PathBuf| {
            let (display, archive) = name(&path);
            load((display, Input::Path(path), archive), states, parse)
        },
    );
    // Into the order of the keys.
    let mut order: Vec<(Key, Result<LoadedFile, LoadError>)> =
        keys.into_iter().zip(loaded).collect();
    order.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    order.into_iter().map(|(_, file)| file).collect()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Items given, not yet taken by a thread, and whether the giving is over.
struct Queue<T> {
    items: Vec<(usize, T)>,
    given: bool,
}

/// Sets the giving over when dropped, however it ends, so that no thread waits for items that
/// will not come.
struct Given<'q, T>(&'q Mutex<Queue<T>>, &'q Condvar);

impl<T> Drop for Given<'_, T> {
    fn drop(&mut self) {
        lock(self.0).given = true;
        self.1.notify_all();
    }
}

/// Runs `work` on every item `give` gives, while it gives them, and returns the results in
/// the order given, whatever the threads do.
///
/// The items are taken in small batches by the threads, this one among them (once the giving
/// is over), so that a thread started late or slowed by the machine leaves its share to the
/// others instead of holding up the join. Helper threads start once more than a few items
/// have been given and they add up to a large input (so that the helpers make their heaps as
/// a large input's: [`crate::mem`]), or else when the giving ends with more than a few;
/// `TODO_THREADS=1` runs everything on this thread, after the giving.
fn on_threads<T: Send, R: Send>(
    give: impl FnOnce(&mut dyn FnMut(T)),
    work: &(dyn Fn(T) -> R + Sync),
) -> Vec<R> {
    let queue = Mutex::new(Queue {
        items: Vec::new(),
        given: false,
    });
    let more = Condvar::new();
    // Takes batches until the giving is over and none is left: (item number, result).
    let take = || {
        let mut done = Vec::new();
        loop {
            let batch = {
                let mut q = lock(&queue);
                while q.items.len() < BATCH && !q.given {
                    q = more.wait(q).unwrap_or_else(|e| e.into_inner());
                }
                let from = q.items.len().saturating_sub(BATCH);
                q.items.split_off(from)
            };
            if batch.is_empty() {
                return done;
            }
            done.extend(batch.into_iter().map(|(k, item)| (k, work(item))));
        }
    };
    let threads = crate::par::threads();
    let mut results = std::thread::scope(|scope| {
        let mut helpers = Vec::new();
        let start = |helpers: &mut Vec<_>, n: usize| {
            for _ in 1..threads_for(n) {
                helpers.push(scope.spawn(take));
            }
        };
        let mut given = 0;
        {
            let _given = Given(&queue, &more);
            give(&mut |item| {
                let pending = {
                    let mut q = lock(&queue);
                    q.items.push((given, item));
                    q.items.len()
                };
                given += 1;
                if helpers.is_empty()
                    && threads > 1
                    && given > PARALLEL_MIN
                    && crate::mem::is_large_input()
                {
                    start(&mut helpers, usize::MAX);
                } else if !helpers.is_empty() && pending == BATCH {
                    more.notify_one();
                }
            });
        }
        if helpers.is_empty() && threads > 1 {
            start(&mut helpers, given);
        }
        let mut results = take();
        for h in helpers {
            results.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        results
    });
    results.sort_unstable_by_key(|(k, _)| *k);
    results.into_iter().map(|(_, r)| r).collect()
}
