//! Task ID grammar: what counts as an ID at the start of a title and inside a reference.
//!
//! An ID is an upper-case prefix followed by letters, digits and `-` `_` `.` groups, holding at
//! least one digit: `T-128`, `RM-01`, `C4`, `T01`, `P0-T1`, `ASSESS-C3.9`, `BACK-345.04`. A bare
//! priority label (`P0`…`P9`) is never an ID. "Strong" IDs contain a separator; a "weak" one
//! (`C4`) only counts as a leading ID when a separator such as `:` or `—` follows it. Pure text
//! functions: the ID index across files belongs to `crate::project`.

/// An ID found at the start of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdToken {
    /// Byte length of the ID.
    pub len: usize,
    /// True when the ID holds a `-`, `_` or `.` separator.
    pub strong: bool,
}

/// The ID at the very start of `s`, if there is one.
pub fn id_at(s: &str) -> Option<IdToken> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i].is_ascii_uppercase() || (i > 0 && b[i].is_ascii_digit())) {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let mut strong = false;
    loop {
        let group = i;
        if i + 1 < b.len() && matches!(b[i], b'-' | b'_' | b'.') && b[i + 1].is_ascii_alphanumeric()
        {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_alphanumeric() {
                j += 1;
            }
            i = j;
            strong = true;
        }
        if i == group {
            break;
        }
    }
    // A trailing lower-case run (`G18.5b` is fine; `Type` is not an ID).
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        if !strong {
            return None;
        }
        i += 1;
    }
    if !b[..i].iter().any(u8::is_ascii_digit) {
        return None;
    }
    if !strong && i == 2 && super::priority::is_label(&s[..i]) {
        return None; // a priority label
    }
    // Glued to a letter (`T1é`) it is a word, not an ID; punctuation (`T-1’s`) is fine.
    if i < b.len() && (b[i] == b'_' || s[i..].chars().next().is_some_and(char::is_alphanumeric)) {
        return None;
    }
    Some(IdToken { len: i, strong })
}

/// A leading ID with the title that follows it, as byte ranges into the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadId {
    /// The ID's range, if one leads.
    pub id: Option<std::ops::Range<usize>>,
    /// The title's range (trimmed).
    pub title: std::ops::Range<usize>,
    /// True when the ID is set off explicitly: wrapped (`**ID**`, `` `ID` ``, `[ID]`) or
    /// followed by a separator (`:`, `—`, `–`, ` - `, `)`, `. `).
    pub explicit: bool,
    /// True when a separator follows the ID (or its wrapper): `T-1: x`, `**T-1** — x`.
    pub separated: bool,
}

/// Splits a title-bearing text into its leading ID (if any) and the title.
///
/// Accepts `ID: title`, `ID — title`, `**ID** title`, `**ID title**`, `` `ID` title ``,
/// `[ID] title`, and a strong `ID title`. With `outline`, a leading outline number (`2.7`,
/// `1.`) counts as the ID too (checkbox items number their tasks that way).
pub fn lead_id(text: &str, outline: bool) -> LeadId {
    let whole = trim_range(text, 0..text.len());
    for (open, close) in [("**", "**"), ("__", "__"), ("`", "`"), ("[", "]")] {
        let Some(inner) = text.strip_prefix(open) else {
            continue;
        };
        let Some(end) = inner.find(close) else {
            continue;
        };
        let inner_text = &inner[..end];
        let Some(tok) = id_at(inner_text) else {
            continue;
        };
        let id = open.len()..open.len() + tok.len;
        let rest_in = &inner_text[tok.len..];
        let after = open.len() + end + close.len();
        if rest_in.trim().is_empty() {
            let title = skip_separators(text, after);
            return LeadId {
                id: Some(id),
                title,
                explicit: true,
                separated: starts_with_separator(&text[after..]),
            };
        }
        if open == "**" || open == "__" {
            let start = skip_separators(text, open.len() + tok.len).start;
            let mut title = trim_range(text, start.min(open.len() + end)..open.len() + end);
            if title.is_empty() {
                title = skip_separators(text, after); // `**TC-1.1:** Verify …`
            }
            return LeadId {
                id: Some(id),
                title,
                explicit: true,
                separated: starts_with_separator(rest_in),
            };
        }
    }
    // A bold span that runs past this line (`**R2-04 Batch export …` continued below).
    if let Some(inner) = text.strip_prefix("**").filter(|i| !i.contains("**"))
        && let Some(tok) = id_at(inner)
        && (tok.strong || starts_with_separator(&inner[tok.len..]))
    {
        return LeadId {
            id: Some(2..2 + tok.len),
            title: skip_separators(text, 2 + tok.len),
            explicit: true,
            separated: starts_with_separator(&inner[tok.len..]),
        };
    }
    if let Some(tok) = id_at(text) {
        let rest = &text[tok.len..];
        let sep = starts_with_separator(rest);
        if sep || (tok.strong && (rest.is_empty() || rest.starts_with(' '))) {
            return LeadId {
                id: Some(0..tok.len),
                title: skip_separators(text, tok.len),
                explicit: sep,
                separated: sep,
            };
        }
    }
    if outline && let Some(len) = outline_at(text) {
        let id_end = if text[..len].ends_with(['.', ')']) {
            len - 1
        } else {
            len
        };
        return LeadId {
            id: Some(0..id_end),
            title: skip_separators(text, len),
            explicit: true,
            separated: true,
        };
    }
    // No ID: a leading bold span is the title (`**Launch kit** — the rest is description`).
    let title = text
        .strip_prefix("**")
        .and_then(|inner| inner.find("**").filter(|&e| e > 0))
        .filter(|&e| !text[2 + e + 2..].trim_start().starts_with(['*', '_']))
        .map_or(whole, |e| trim_range(text, 2..2 + e));
    LeadId {
        id: None,
        title,
        explicit: false,
        separated: false,
    }
}

/// True when `rest` (what follows an ID) starts with a separator: `:`, `—`, `–`, `)`, a spaced
/// ` - `, or `. ` (after an outline-style ID such as `T1.1.1.`).
fn starts_with_separator(rest: &str) -> bool {
    let r = rest.trim_start_matches(' ');
    r.starts_with([':', '—', '–', ')'])
        || (rest.starts_with(' ') && r.starts_with("- "))
        || r.starts_with(". ")
}

/// Length of a leading outline number (`2.7`, `1.`, `3)`; a bare `2` is not one) followed by a
/// space.
pub fn outline_at(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 4 {
            return None;
        }
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    if i < b.len() && matches!(b[i], b'.' | b')') {
        i += 1;
    }
    let dotted = b[..i].iter().any(|&c| c == b'.' || c == b')');
    (dotted && i < b.len() && b[i] == b' ').then_some(i)
}

fn skip_separators(text: &str, mut at: usize) -> std::ops::Range<usize> {
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        let skipped = rest.len() - trimmed.len();
        let sep = [":", "—", "–", "-", ".", ")"]
            .iter()
            .find(|s| trimmed.starts_with(**s));
        match sep {
            Some(s) => {
                // A hyphen only separates when spaced (`T-1 - title`), never inside a word.
                if *s == "-" && !trimmed[1..].starts_with(' ') {
                    at += skipped;
                    break;
                }
                at += skipped + s.len();
            }
            _ => {
                at += skipped;
                break;
            }
        }
    }
    trim_range(text, at..text.len())
}

fn trim_range(text: &str, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// True for values that mean "nothing": empty, `None`, `None.`, `-`, `N/A`, `n/a`, `—`.
pub fn is_none_value(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.').trim();
    t.is_empty()
        || t == "-"
        || t == "—"
        || t == "–"
        || ["none", "n/a", "na", "nil", "null", "no", "nothing"]
            .iter()
            .any(|n| t.eq_ignore_ascii_case(n))
}

/// Every ID token in a free-text value, with its byte range (`T-042 (deployment platform)` →
/// `T-042`). Weak IDs count only when they are a whole comma-separated element.
pub fn scan_ids(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let boundary =
            i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b"-_./#".contains(&b[i - 1]));
        if boundary
            && b[i].is_ascii_uppercase()
            && text.is_char_boundary(i)
            && let Some(tok) = id_at(&text[i..])
        {
            let before = text[..i].trim_end();
            let after = text[i + tok.len..].trim_start();
            let alone = (before.is_empty() || before.ends_with([',', ';', '(', '[']))
                && (after.is_empty() || after.starts_with([',', ';', ')', ']', '(']));
            if tok.strong || alone {
                out.push(i..i + tok.len);
            }
            i += tok.len;
            continue;
        }
        i += 1;
    }
    out
}

/// The highest number written right after `prefix` in `text`, where the prefix is not glued
/// to a letter or digit before it (`T-` in `T-9 T-0042 XT-99` → 42). A byte scan for the
/// prefix alone, with no UTF-8 check and no tokenising: what a next free ID needs from files
/// that are only searched (other branches' and worktrees' task files). An empty prefix finds
/// nothing.
pub fn highest_number(text: &[u8], prefix: &str) -> u64 {
    if prefix.is_empty() {
        return 0;
    }
    let mut best = 0;
    for s in memchr::memmem::find_iter(text, prefix.as_bytes()) {
        let e = s + prefix.len();
        let glued = s > 0 && text[s - 1].is_ascii_alphanumeric();
        let digits = text[e..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !glued && digits > 0 && digits <= 18 {
            let n = text[e..e + digits]
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            best = best.max(n);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_numbers_after_a_prefix() {
        assert_eq!(highest_number(b"T-9 T-0042 XT-99 T- 7T-100", "T-"), 42);
        assert_eq!(highest_number(b"T-3\xff T-12abc", "T-"), 12);
        assert_eq!(highest_number(b"T-3", ""), 0);
    }

    fn split(text: &str, outline: bool) -> (Option<&str>, &str) {
        let l = lead_id(text, outline);
        (l.id.map(|r| &text[r]), &text[l.title])
    }

    #[test]
    fn recognises_ids() {
        for id in [
            "T-128",
            "RM-01",
            "C4",
            "T01",
            "P0-T1",
            "ASSESS-C3.9",
            "BACK-345.04",
            "ASSESS-G18.5b",
            "P6.1.4",
        ] {
            assert_eq!(id_at(id).map(|t| t.len), Some(id.len()), "{id}");
        }
        for not in ["P0", "Type", "Phase", "T", "ID", "MVP", "t-1", "Δ-1"] {
            assert_eq!(id_at(not), None, "{not}");
        }
        assert_eq!(id_at("T-1.").map(|t| t.len), Some(3));
        assert_eq!(id_at("T-1’s").map(|t| t.len), Some(3));
        assert_eq!(id_at("T1é"), None);
    }

    #[test]
    fn splits_leading_ids_and_titles() {
        assert_eq!(
            split("T-128: Fix CSRF (x)", false),
            (Some("T-128"), "Fix CSRF (x)")
        );
        assert_eq!(split("RM-01 — Title", false), (Some("RM-01"), "Title"));
        assert_eq!(
            split("C4 — Regression tests", false),
            (Some("C4"), "Regression tests")
        );
        assert_eq!(
            split("C4 Regression tests", false),
            (None, "C4 Regression tests")
        );
        assert_eq!(
            split("**ASSESS-C3.9** Refactor", false),
            (Some("ASSESS-C3.9"), "Refactor")
        );
        assert_eq!(
            split("**FEAT-004 word timing** — x", false),
            (Some("FEAT-004"), "word timing")
        );
        assert_eq!(
            split("MISSING-1 Support **❌ INCOMPLETE**", false),
            (Some("MISSING-1"), "Support **❌ INCOMPLETE**")
        );
        assert_eq!(
            split("`P1-T1` Configure.", false),
            (Some("P1-T1"), "Configure.")
        );
        assert_eq!(
            split("2.7 Add approval", true),
            (Some("2.7"), "Add approval")
        );
        assert_eq!(split("1. Set up", true), (Some("1"), "Set up"));
        assert_eq!(split("2.7 Add approval", false), (None, "2.7 Add approval"));
        assert_eq!(
            split("9 snapshots unchanged", true),
            (None, "9 snapshots unchanged")
        );
        assert_eq!(
            split("`src/x.py` - Implement", false),
            (None, "`src/x.py` - Implement")
        );
        assert_eq!(split("P1 — High impact", false), (None, "P1 — High impact"));
        assert!(!lead_id("`P36-T1` defines the contract", false).separated);
        assert_eq!(
            split("**TC-1.1.1:** Verify the layout", false),
            (Some("TC-1.1.1"), "Verify the layout")
        );
        assert_eq!(
            split("**R2-04 Batch retry runs twice", false),
            (Some("R2-04"), "Batch retry runs twice")
        );
        assert_eq!(
            split("**Launch kit** — README, posting", false),
            (None, "Launch kit")
        );
        assert!(lead_id("`P37-T2`: define", false).separated);
        assert!(lead_id("C4 — Title", false).separated);
        assert_eq!(
            split("[TASK-001] Title", false),
            (Some("TASK-001"), "Title")
        );
        assert_eq!(
            split("T-002: `todo lint` rules", false),
            (Some("T-002"), "`todo lint` rules")
        );
        assert_eq!(
            split("**T-3**: **Bold** title", false),
            (Some("T-3"), "**Bold** title")
        );
    }

    #[test]
    fn scans_references() {
        let t = "T-064, T-065 (deployment platform); see C4";
        let ids: Vec<&str> = scan_ids(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(ids, ["T-064", "T-065"]);
        let t = "C4, D3";
        let ids: Vec<&str> = scan_ids(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(ids, ["C4", "D3"]);
        assert!(scan_ids("Deployment platform decision (Owner: Trevor).").is_empty());
        assert!(is_none_value("None.") && is_none_value(" - ") && is_none_value("N/A"));
    }
}
