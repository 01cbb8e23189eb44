//! Finding a task's block in a file's bytes without parsing the file.
//!
//! Used by `walk` so that `todo log` never parses a whole file per commit: the block is cut
//! from the blob bytes and compared before anything is parsed.

use crate::model::{canonical_key, id_at};

/// How much a candidate line looks like the task's own first line; lower wins, so a
/// checklist line `- [ ] T-1 first` inside another task loses to the heading `### T-1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Rank {
    Heading,
    Item,
    Nested,
    Line,
    IdField,
}

/// Lines where `id` starts the line's content (after `#`s, a list marker, a checkbox, a
/// `**`/backtick/`[` wrapper, or an `ID:` key), as (rank, line start), best first and in
/// file order within a rank. `Dependencies: T-1` and `T-10` never match `T-1`.
pub(super) fn candidates(bytes: &[u8], id: &[u8]) -> Vec<(Rank, usize)> {
    let mut found = Vec::new();
    if id.is_empty() {
        return found;
    }
    // memchr's vectorised search, one searcher for the whole blob: this runs on every blob
    // of a file's history that `log` has not seen yet.
    for p in memchr::memmem::find_iter(bytes, id) {
        if !id_ends(bytes, p + id.len()) {
            continue;
        }
        let line = bytes[..p]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if let Some(rank) = classify(&bytes[line..p]) {
            found.push((rank, line));
        }
    }
    found.sort_by_key(|&(rank, _)| rank);
    found
}

/// Whether an ID ending at `end` ends there (as `id_at` reads IDs): `T-1` is not the
/// start of `T-10`, `T-1.2`, `T-1_b` or `T-1é`.
fn id_ends(bytes: &[u8], end: usize) -> bool {
    match bytes.get(end) {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => false,
        Some(b'-' | b'.') => !bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
        Some(b) if *b >= 0x80 => {
            let tail = &bytes[end..bytes.len().min(end + 4)];
            let text = match std::str::from_utf8(tail) {
                Ok(t) => t,
                Err(e) => std::str::from_utf8(&tail[..e.valid_up_to()]).unwrap_or(""),
            };
            !text.chars().next().is_some_and(char::is_alphanumeric)
        }
        Some(_) => true,
    }
}

fn indent(line: &[u8]) -> usize {
    line.iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// `**`, `__`, a backtick or `[` (or nothing) before the ID.
fn wrapper(p: &[u8]) -> bool {
    p.len() <= 3 && p.iter().all(|b| matches!(b, b'*' | b'_' | b'`' | b'['))
}

fn strip_list_marker(p: &[u8]) -> Option<&[u8]> {
    let digits = p.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = match p.get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => return None,
    };
    let spaces = indent(&p[marker..]);
    (spaces > 0).then(|| &p[marker + spaces..])
}

fn strip_checkbox(p: &[u8]) -> &[u8] {
    match p {
        [b'[', b' ' | b'x' | b'X', b']', rest @ ..] if indent(rest) > 0 => &rest[indent(rest)..],
        _ => p,
    }
}

/// `ID:`, `**ID**:`, `**ID:**` (any case), then spaces and an optional wrapper.
fn id_field(p: &[u8]) -> bool {
    let strip = |p: &'static [u8], s: &[u8]| -> Option<usize> {
        s.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| p.len())
    };
    let mut i = strip(b"**", p).unwrap_or(0);
    let Some(n) = strip(b"id", &p[i..]) else {
        return false;
    };
    i += n;
    i += strip(b"**", &p[i..]).unwrap_or(0);
    if p.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    i += strip(b"**", &p[i..]).unwrap_or(0);
    let spaces = indent(&p[i..]);
    spaces > 0 && wrapper(&p[i + spaces..])
}

fn classify(prefix: &[u8]) -> Option<Rank> {
    let ind = indent(prefix);
    let p = &prefix[ind..];
    let hashes = p.iter().take_while(|&&b| b == b'#').count();
    if hashes > 0 {
        let rest = &p[hashes..];
        let spaces = indent(rest);
        return (hashes <= 6 && ind <= 3 && spaces > 0 && wrapper(&rest[spaces..]))
            .then_some(Rank::Heading);
    }
    let (item, p) = match strip_list_marker(p) {
        Some(rest) => (true, strip_checkbox(rest)),
        None => (false, p),
    };
    if wrapper(p) {
        return Some(match (item, ind) {
            (true, 0) => Rank::Item,
            (true, _) => Rank::Nested,
            (false, 0..=3) => Rank::Line,
            (false, _) => return None,
        });
    }
    id_field(p).then_some(Rank::IdField)
}

/// Lines from `start`: (start, end without the line ending, start of the next line).
fn lines(bytes: &[u8], start: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        (at < bytes.len()).then(|| {
            let s = at;
            let nl = bytes[s..].iter().position(|&b| b == b'\n');
            let next = nl.map_or(bytes.len(), |n| s + n + 1);
            let mut end = nl.map_or(bytes.len(), |n| s + n);
            if end > s && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            at = next;
            (s, end, next)
        })
    })
}

fn blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// The level of an ATX heading line, if it is one.
fn heading_level(line: &[u8]) -> Option<usize> {
    let ind = indent(line);
    let p = &line[ind..];
    let n = p.iter().take_while(|&&b| b == b'#').count();
    (ind <= 3 && (1..=6).contains(&n) && p.get(n).is_none_or(|b| *b == b' ' || *b == b'\t'))
        .then_some(n)
}

/// The task's block starting at `line`, as the parser will need it.
pub(super) fn cut(bytes: &[u8], line: usize, rank: Rank) -> Vec<u8> {
    match rank {
        Rank::Heading => heading_block(bytes, line),
        Rank::Item | Rank::Nested => item_block(bytes, line),
        Rank::Line => line_block(bytes, line),
        Rank::IdField => {
            // The ID is in a field: the task starts at the heading above, or else at the
            // paragraph's first line (a title line with field bullets).
            let (mut end, mut para) = (line, None);
            while end > 0 {
                let s = bytes[..end - 1]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let text = &bytes[s..end - 1];
                if heading_level(text).is_some() {
                    return heading_block(bytes, s);
                }
                if para.is_none() && blank(text) {
                    para = Some(end);
                }
                end = s;
            }
            line_block(bytes, para.unwrap_or(0))
        }
    }
}

/// To the next heading, except a deeper one named like a field (`#### Acceptance
/// Criteria`), which continues the task as the parser reads it; fenced code is skipped.
fn heading_block(bytes: &[u8], start: usize) -> Vec<u8> {
    let mut it = lines(bytes, start);
    let Some((_, first_end, mut last)) = it.next() else {
        return Vec::new();
    };
    let level = heading_level(&bytes[start..first_end]).unwrap_or(1);
    let mut fence: Option<u8> = None;
    for (s, e, next) in it {
        let text = &bytes[s..e];
        let t = &text[indent(text).min(3)..];
        if let Some(&f) = t.first().filter(|f| matches!(f, b'`' | b'~'))
            && t.starts_with(&[f; 3])
        {
            fence = match fence {
                None => Some(f),
                Some(open) if open == f => None,
                other => other,
            };
        } else if fence.is_none()
            && let Some(l) = heading_level(text)
        {
            let name = std::str::from_utf8(&t[l..]).unwrap_or("").trim();
            if l <= level || canonical_key(name.trim_end_matches(':')).is_none() {
                break;
            }
        }
        if !blank(text) {
            last = next;
        }
    }
    bytes[start..last].to_vec()
}

/// To the next non-blank line indented no deeper than the item (or a heading), dedented
/// so a nested item parses alone as the list item it is.
fn item_block(bytes: &[u8], start: usize) -> Vec<u8> {
    let mut it = lines(bytes, start);
    let Some((s0, e0, mut last)) = it.next() else {
        return Vec::new();
    };
    let ind = indent(&bytes[s0..e0]);
    for (s, e, next) in it {
        let text = &bytes[s..e];
        if blank(text) {
            continue;
        }
        if indent(text) <= ind || heading_level(text).is_some() {
            break;
        }
        last = next;
    }
    let mut out = Vec::with_capacity(last - start);
    for (s, _, next) in lines(&bytes[..last], start) {
        let line = &bytes[s..next];
        out.extend_from_slice(&line[indent(line).min(ind)..]);
    }
    out
}

/// A plain line task (`C4 — Title`) or a title line with field bullets: to the next
/// heading, thematic break, or unindented line led by another ID.
fn line_block(bytes: &[u8], start: usize) -> Vec<u8> {
    let mut it = lines(bytes, start);
    let Some((_, _, mut last)) = it.next() else {
        return Vec::new();
    };
    for (s, e, next) in it {
        let text = &bytes[s..e];
        if blank(text) {
            continue;
        }
        let t = std::str::from_utf8(text).unwrap_or("");
        let tt = t.trim().as_bytes();
        let rule = tt.len() >= 3
            && matches!(tt[0], b'-' | b'*' | b'_')
            && tt.iter().all(|&x| x == tt[0] || x == b' ');
        if heading_level(text).is_some() || rule || (indent(text) == 0 && id_at(t).is_some()) {
            break;
        }
        last = next;
    }
    bytes[start..last].to_vec()
}
