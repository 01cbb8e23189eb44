//! A three-way comparison of sequences: which stretches of the ancestor each side changed,
//! and where the two sides' changes overlap.
//!
//! The merge runs it twice with different units: once over a file's chunks (a task block or
//! one line outside tasks) and once over the lines of one task. It only compares keys; what a
//! region becomes is decided by the caller. Unlike a line merge that stops at changes on
//! adjacent lines, two changes conflict here only when they touch the same ancestor units (or
//! insert at the same point); neighbours merge.

use std::hash::Hash;
use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One stretch of the ancestor and what each side made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Region {
    /// Neither side changed these units.
    Same { b: Range<usize>, o: Range<usize> },
    /// Only ours changed them (or both changed them identically).
    Ours { b: Range<usize>, o: Range<usize> },
    /// Only theirs changed them.
    Theirs { b: Range<usize>, t: Range<usize> },
    /// Both changed them differently.
    Both {
        b: Range<usize>,
        o: Range<usize>,
        t: Range<usize>,
    },
}

/// A change of one side: ancestor units `b` became the side's units `x`.
#[derive(Debug, Clone)]
struct Hunk {
    b: Range<usize>,
    x: Range<usize>,
    ours: bool,
}

/// The changes from `b` to `x`, adjacent operations joined.
fn hunks(ops: &[DiffOp], ours: bool) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in ops {
        if matches!(op, DiffOp::Equal { .. }) {
            continue;
        }
        let (br, xr) = (op.old_range(), op.new_range());
        match out.last_mut() {
            Some(h) if h.b.end == br.start && h.x.end == xr.start => {
                h.b.end = br.end;
                h.x.end = xr.end;
            }
            _ => out.push(Hunk { b: br, x: xr, ours }),
        }
    }
    out
}

/// True when two ancestor ranges are changed in a way whose order is ambiguous: they share a
/// unit, or both insert at one point, or one inserts strictly inside the other.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => a.start == b.start,
        (true, false) => b.start < a.start && a.start < b.end,
        (false, true) => a.start < b.start && b.start < a.end,
        (false, false) => a.start < b.end && b.start < a.end,
    }
}

/// The side's range for ancestor range `b`, given that side's hunks inside it and the shift
/// its earlier hunks made.
fn side_range(b: &Range<usize>, inside: &[&Hunk], shift: isize) -> Range<usize> {
    match (inside.first(), inside.last()) {
        (Some(first), Some(last)) => {
            (first.x.start - (first.b.start - b.start))..(last.x.end + (b.end - last.b.end))
        }
        _ => {
            let s = (b.start as isize + shift) as usize;
            s..s + b.len()
        }
    }
}

/// True when `a` and `b` must be decided together. With `after_replace`, an insertion right
/// after a stretch the other side replaced is one too, so that the caller can put it before
/// the replacement's new units: at the task level, a replacement is a deletion and an
/// addition, and additions at one place go ours first.
fn together(a: &Hunk, b: &Hunk, after_replace: bool) -> bool {
    overlaps(&a.b, &b.b)
        || (after_replace
            && a.ours != b.ours
            && [(a, b), (b, a)].iter().any(|(ins, rep)| {
                ins.b.is_empty()
                    && !rep.b.is_empty()
                    && !rep.x.is_empty()
                    && rep.b.end == ins.b.start
            }))
}

/// Splits `b` into regions by what `o` and `t` did to it.
fn diff3(b_len: usize, ops_o: &[DiffOp], ops_t: &[DiffOp], after_replace: bool) -> Vec<Region> {
    let mut all = hunks(ops_o, true);
    all.extend(hunks(ops_t, false));
    all.sort_by_key(|h| (h.b.start, h.b.end, !h.ours));
    let mut out = Vec::new();
    let (mut pos, mut shift_o, mut shift_t) = (0usize, 0isize, 0isize);
    let mut i = 0;
    while i < all.len() {
        let mut range = all[i].b.clone();
        let mut j = i + 1;
        while j < all.len()
            && all[i..j]
                .iter()
                .any(|h| together(h, &all[j], after_replace))
        {
            range.start = range.start.min(all[j].b.start);
            range.end = range.end.max(all[j].b.end);
            j += 1;
        }
        if pos < range.start {
            let o = (pos as isize + shift_o) as usize;
            out.push(Region::Same {
                b: pos..range.start,
                o: o..o + (range.start - pos),
            });
        }
        let group = &all[i..j];
        let ours: Vec<&Hunk> = group.iter().filter(|h| h.ours).collect();
        let theirs: Vec<&Hunk> = group.iter().filter(|h| !h.ours).collect();
        let o = side_range(&range, &ours, shift_o);
        let t = side_range(&range, &theirs, shift_t);
        out.push(match (ours.is_empty(), theirs.is_empty()) {
            (false, true) => Region::Ours {
                b: range.clone(),
                o,
            },
            (true, false) => Region::Theirs {
                b: range.clone(),
                t,
            },
            _ => Region::Both {
                b: range.clone(),
                o,
                t,
            },
        });
        shift_o += o_len_delta(&ours);
        shift_t += o_len_delta(&theirs);
        pos = range.end;
        i = j;
    }
    if pos < b_len {
        let o = (pos as isize + shift_o) as usize;
        out.push(Region::Same {
            b: pos..b_len,
            o: o..o + (b_len - pos),
        });
    }
    out
}

fn o_len_delta(hunks: &[&Hunk]) -> isize {
    hunks
        .iter()
        .map(|h| h.x.len() as isize - h.b.len() as isize)
        .sum()
}

/// For each unit of `x`, the unit of `b` it is matched to by the same comparison [`diff3`]
/// makes (`None` for a unit `x` added or moved), from that comparison's operations.
fn matches_of(ops: &[DiffOp], x_len: usize) -> Vec<Option<usize>> {
    let mut out = vec![None; x_len];
    for op in ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for k in 0..len {
                out[new_index + k] = Some(old_index + k);
            }
        }
    }
    out
}

/// [`diff3`], with a `Both` region whose two sides hold equal units turned into `Ours`.
/// `after_replace`: see [`together`].
pub(crate) fn diff3_eq<K: Eq + Hash>(
    b: &[K],
    o: &[K],
    t: &[K],
    after_replace: bool,
) -> Vec<Region> {
    let ops_o = capture_diff_slices(Algorithm::Myers, b, o);
    let ops_t = capture_diff_slices(Algorithm::Myers, b, t);
    regions_eq(b.len(), &ops_o, &ops_t, o, t, after_replace)
}

/// Both sides' [`matches`] and the [`diff3_eq`] regions, from one comparison per side.
pub(crate) struct Compared {
    pub mo: Vec<Option<usize>>,
    pub mt: Vec<Option<usize>>,
    pub regions: Vec<Region>,
}

/// See [`Compared`].
pub(crate) fn compare<K: Eq + Hash>(b: &[K], o: &[K], t: &[K], after_replace: bool) -> Compared {
    let ops_o = capture_diff_slices(Algorithm::Myers, b, o);
    let ops_t = capture_diff_slices(Algorithm::Myers, b, t);
    Compared {
        mo: matches_of(&ops_o, o.len()),
        mt: matches_of(&ops_t, t.len()),
        regions: regions_eq(b.len(), &ops_o, &ops_t, o, t, after_replace),
    }
}

fn regions_eq<K: Eq>(
    b_len: usize,
    ops_o: &[DiffOp],
    ops_t: &[DiffOp],
    o: &[K],
    t: &[K],
    after_replace: bool,
) -> Vec<Region> {
    diff3(b_len, ops_o, ops_t, after_replace)
        .into_iter()
        .map(|r| match r {
            Region::Both {
                b: br,
                o: or,
                t: tr,
            } if o[or.clone()] == t[tr.clone()] => Region::Ours { b: br, o: or },
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn run(b: &str, o: &str, t: &str) -> Vec<Region> {
        diff3_eq(&chars(b), &chars(o), &chars(t), false)
    }

    #[test]
    fn neighbouring_changes_do_not_overlap() {
        let r = run("abcd", "aXcd", "abYd");
        assert_eq!(
            r,
            vec![
                Region::Same { b: 0..1, o: 0..1 },
                Region::Ours { b: 1..2, o: 1..2 },
                Region::Theirs { b: 2..3, t: 2..3 },
                Region::Same { b: 3..4, o: 3..4 },
            ]
        );
    }

    #[test]
    fn same_unit_changed_twice_is_both() {
        let r = run("abc", "aXc", "aYc");
        assert_eq!(
            r[1],
            Region::Both {
                b: 1..2,
                o: 1..2,
                t: 1..2
            }
        );
    }

    #[test]
    fn insertions_at_one_point_are_both_and_equal_changes_are_ours() {
        let r = run("ab", "aXb", "aYb");
        assert_eq!(
            r[1],
            Region::Both {
                b: 1..1,
                o: 1..2,
                t: 1..2
            }
        );
        let r = run("ab", "aXb", "aXb");
        assert_eq!(r[1], Region::Ours { b: 1..1, o: 1..2 });
    }

    #[test]
    fn an_insertion_after_a_replacement_goes_with_it_when_asked() {
        let (b, o, t) = (chars("abc"), chars("abXc"), chars("aYc"));
        assert_eq!(diff3_eq(&b, &o, &t, false).len(), 4);
        let r = diff3_eq(&b, &o, &t, true);
        assert_eq!(
            r[1],
            Region::Both {
                b: 1..2,
                o: 1..3,
                t: 1..2
            }
        );
    }

    #[test]
    fn ranges_map_through_earlier_changes() {
        let r = run("abcde", "XXabcde", "abcdY");
        assert_eq!(r.last(), Some(&Region::Theirs { b: 4..5, t: 4..5 }));
        assert!(r.contains(&Region::Same { b: 0..4, o: 2..6 }));
    }
}
