//! Work split over the machine's cores, with results in input order.
//!
//! Large files are scanned and recognised in parts on several threads, and large outputs are
//! rendered in parts; the parts are joined in order, so the result is the same as one thread
//! would give. `TODO_THREADS=1` turns this off.

use std::cell::Cell;
use std::ops::Range;
use std::sync::OnceLock;

/// Inputs smaller than this many bytes are not worth a thread.
const MIN_BYTES: usize = 512 * 1024;

thread_local! {
    static FORCED: Cell<Option<usize>> = const { Cell::new(None) };
}

/// The threads parallel work may use: `TODO_THREADS` when set to a positive number, else the
/// machine's available parallelism (at most 16).
pub fn threads() -> usize {
    static N: OnceLock<usize> = OnceLock::new();
    *N.get_or_init(|| {
        std::env::var("TODO_THREADS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .filter(|&n: &usize| n > 0)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .min(16)
    })
}

/// How many parts to split work on `bytes` bytes of input into: 1 below a size where threads
/// pay off, else [`threads`]. Inside [`with_threads`], its count, whatever the size.
pub fn parts_for(bytes: usize) -> usize {
    if let Some(n) = FORCED.with(Cell::get) {
        return n;
    }
    if bytes < MIN_BYTES { 1 } else { threads() }
}

/// Runs `f` with work split into `n` parts on this thread, whatever the input's size: for
/// tests that compare a split run with a single-threaded one.
pub fn with_threads<R>(n: usize, f: impl FnOnce() -> R) -> R {
    let before = FORCED.with(|c| c.replace(Some(n.max(1))));
    let out = f();
    FORCED.with(|c| c.set(before));
    out
}

/// Runs `f` on each range, the first on this thread and the others on threads of their own,
/// and returns the results in order.
pub fn map<R: Send>(ranges: &[Range<usize>], f: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    let forced = FORCED.with(Cell::get);
    match ranges {
        [] => Vec::new(),
        [only] => vec![f(only.clone())],
        [first, rest @ ..] => std::thread::scope(|s| {
            let f = &f;
            let handles: Vec<_> = rest
                .iter()
                .map(|r| {
                    let r = r.clone();
                    s.spawn(move || {
                        FORCED.with(|c| c.set(forced));
                        f(r)
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(ranges.len());
            out.push(f(first.clone()));
            for h in handles {
                match h.join() {
                    Ok(r) => out.push(r),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            out
        }),
    }
}

/// Cuts `points[0]..end` into at most `n` ranges of about equal weight, each starting at one of
/// the sorted `points` (the places where a part may start, such as line numbers);
/// `weight(p)` is the cumulative weight at `p` (such as its byte offset).
pub fn split(
    points: &[usize],
    end: usize,
    n: usize,
    weight: impl Fn(usize) -> usize,
) -> Vec<Range<usize>> {
    let Some(&first) = points.first() else {
        return Vec::new();
    };
    let total_from = weight(first);
    let total = weight(end).saturating_sub(total_from);
    let mut out = Vec::with_capacity(n);
    let mut start = first;
    let mut k = 1;
    for &p in &points[1..] {
        if k >= n {
            break;
        }
        if p > start && weight(p).saturating_sub(total_from) >= total / n * k {
            out.push(start..p);
            start = p;
            k += 1;
        }
    }
    out.push(start..end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_balances_weight_and_covers_everything() {
        let points: Vec<usize> = (0..100).collect();
        let parts = split(&points, 100, 4, |p| p);
        assert_eq!(parts, vec![0..25, 25..50, 50..75, 75..100]);
        assert_eq!(split(&[3], 9, 4, |p| p), vec![3..9]);
        assert!(split(&[], 9, 4, |p| p).is_empty());
        // Weight all at the start: one part takes it, the rest goes to the others.
        let parts = split(&[0, 1, 2, 3], 4, 2, |p| if p == 0 { 0 } else { 100 });
        assert_eq!(parts, vec![0..1, 1..4]);
    }

    #[test]
    fn map_keeps_order() {
        let r = with_threads(3, || map(&[0..1, 1..5, 5..6], |r| r.len()));
        assert_eq!(r, vec![1, 4, 1]);
        assert_eq!(parts_for(10), 1);
        assert_eq!(with_threads(4, || parts_for(10)), 4);
    }
}
