//! Line-level grammar: field lines (`Key: value`, `**Key**: value`, `**Key:** value`), list
//! labels (`- Gaps`) and title-like lines.
//!
//! These functions look at one line's text and return byte ranges into it; they never look at
//! neighbouring lines (that is `recognize`'s job).

use std::ops::Range;

use crate::model::{FieldStyle, id_at, outline_at};

/// A field line, as ranges into the text given to [`field_at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldMatch {
    pub key: Range<usize>,
    pub value: Range<usize>,
    pub style: FieldStyle,
}

/// Reads `text` as a field line.
pub(crate) fn field_at(text: &str) -> Option<FieldMatch> {
    let (key, after, style) = if let Some(inner) = text.strip_prefix("**") {
        let close = inner.find("**")?;
        let k = &inner[..close];
        let rest = 2 + close + 2;
        if let Some(k2) = k.strip_suffix(':') {
            (2..2 + k2.len(), rest, FieldStyle::BoldKeyColon)
        } else if text[rest..].starts_with(':') {
            (2..2 + k.len(), rest + 1, FieldStyle::BoldKey)
        } else {
            return None;
        }
    } else {
        let colon = memchr::memchr(b':', text.as_bytes())?;
        (0..colon, colon + 1, FieldStyle::Plain)
    };
    if !valid_key(&text[key.clone()]) {
        return None;
    }
    let rest = &text[after..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let value = trim(text, after..text.len());
    Some(FieldMatch { key, value, style })
}

/// A key is a short name: 1–5 words, starting with a letter, of letters, digits and a little
/// punctuation; never an ID or an outline number (`T-1: title` is a title, not a field).
fn valid_key(key: &str) -> bool {
    let key = key.trim_end();
    if key.is_ascii() {
        return valid_ascii_key(key);
    }
    valid_key_chars(key)
}

/// [`valid_key`] for an ASCII key, in one pass over its bytes: this runs for every line that
/// could be a field. An ID needs a digit and an outline number starts with one, so a key
/// that starts with a letter and has no digit is neither.
fn valid_ascii_key(key: &str) -> bool {
    let b = key.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if !first.is_ascii_alphabetic() || b.len() > 32 {
        return false;
    }
    let body = b.strip_suffix(b".").unwrap_or(b);
    let (mut words, mut gap, mut digit) = (0, true, false);
    for &c in body {
        match c {
            b' ' => gap = true,
            b'a'..=b'z' | b'A'..=b'Z' | b'-' | b'_' | b'&' | b'(' | b')' | b'\'' => {}
            b'0'..=b'9' => digit = true,
            _ => return false,
        }
        if c != b' ' && gap {
            words += 1;
            gap = false;
        }
    }
    // The final `.` left out above is a word of its own after a space (`Due .`).
    if body.len() < b.len() && gap {
        words += 1;
    }
    words <= 5 && !(digit && id_at(key).is_some())
}

/// [`valid_key`] for any key, character by character.
fn valid_key_chars(key: &str) -> bool {
    let Some(first) = key.chars().next() else {
        return false;
    };
    if !first.is_alphabetic() || key.chars().count() > 32 || key.split_whitespace().count() > 5 {
        return false;
    }
    if id_at(key).is_some() || outline_at(key).is_some() {
        return false;
    }
    let body = key.strip_suffix('.').unwrap_or(key);
    body.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '&' | '(' | ')' | '\''))
}

/// A list label: a short bullet text that introduces a nested list (`- Gaps`,
/// `- **How to implement**`, `- Notes:`). Returns the label's range.
pub(crate) fn label_at(text: &str) -> Option<Range<usize>> {
    let mut r = trim(text, 0..text.len());
    let t = &text[r.clone()];
    if let Some(inner) = t.strip_prefix("**").and_then(|s| s.strip_suffix("**")) {
        r = r.start + 2..r.start + 2 + inner.len();
    }
    let t = &text[r.clone()];
    if let Some(stripped) = t.strip_suffix(':') {
        r = r.start..r.start + stripped.len();
    }
    valid_key(&text[r.clone()]).then_some(r)
}

/// A title-like line: short, capitalised, not a sentence (no final punctuation), not a field.
/// In files without headings, such a line closes the task above it (`Larger deferred work`).
pub(crate) fn title_like(text: &str) -> bool {
    let t = text.trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    (first.is_uppercase() || first.is_ascii_digit() || !first.is_alphanumeric() && first != '-')
        && t.chars().count() <= 72
        && t.split_whitespace().count() <= 10
        && !t.ends_with(['.', ':', ';', ',', '!', '?'])
        && field_at(t).is_none()
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// A custom checkbox at the start of a list item's text: `[c]` with one character other than
/// a space, `x` or `X` (those are GFM's own), followed by white space. Returns the
/// character and the byte length of `[c]`. A digit is no mark: `- [1] Smith 2020` is a
/// reference list.
pub(crate) fn custom_box(text: &str) -> Option<(char, usize)> {
    let rest = text.strip_prefix('[')?;
    let mut chars = rest.chars();
    let c = chars.next()?;
    if c.is_whitespace() || c.is_ascii_digit() || matches!(c, 'x' | 'X' | ']' | '[') {
        return None;
    }
    let after = chars.as_str().strip_prefix(']')?;
    if !after.starts_with([' ', '\t']) {
        return None;
    }
    Some((c, 2 + c.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(t: &str) -> Option<(&str, &str, FieldStyle)> {
        field_at(t).map(|m| (&t[m.key], &t[m.value], m.style))
    }

    #[test]
    fn the_ascii_key_check_agrees_with_the_character_check() {
        // Every string of up to four characters from an alphabet of the interesting bytes,
        // and longer keys around the limits.
        let alphabet = [
            "a", "T", "1", " ", ".", "-", "_", "&", "(", "'", "\t", ":", "é",
        ];
        let mut keys: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = keys
                .iter()
                .flat_map(|k| alphabet.iter().map(move |c| format!("{k}{c}")))
                .collect();
            keys.extend(next);
        }
        keys.extend([
            "Depends on the other one".into(),
            "One two three four five six".into(),
            "Due .".into(),
            "T-1".into(),
            "Step 1".into(),
            "Phase 2 work".into(),
            "A".repeat(32),
            "A".repeat(33),
            "Won't do (yet)".into(),
        ]);
        for k in keys {
            let k = k.trim_end();
            if k.is_ascii() {
                assert_eq!(valid_ascii_key(k), valid_key_chars(k), "{k:?}");
            }
        }
    }

    #[test]
    fn reads_field_spellings() {
        assert_eq!(
            kv("Priority: P0"),
            Some(("Priority", "P0", FieldStyle::Plain))
        );
        assert_eq!(
            kv("**Status**: DONE "),
            Some(("Status", "DONE", FieldStyle::BoldKey))
        );
        assert_eq!(
            kv("**Status:** Planned"),
            Some(("Status", "Planned", FieldStyle::BoldKeyColon))
        );
        assert_eq!(kv("Context:"), Some(("Context", "", FieldStyle::Plain)));
        assert_eq!(
            kv("Why this stays active: x"),
            Some(("Why this stays active", "x", FieldStyle::Plain))
        );
        assert_eq!(kv("상태: 진행"), Some(("상태", "진행", FieldStyle::Plain)));
        for not in [
            "https://example.com",
            "T-128: Fix it",
            "1. Step: one",
            "`code`: x",
            "Policy Lifecycle / Ghost Policies: x",
            "this sentence is much too long to be a key: x",
            "See TODO_ANALYSIS.md #10: x y",
        ] {
            assert_eq!(kv(not), None, "{not}");
        }
    }

    #[test]
    fn reads_labels_and_titles() {
        assert!(label_at("Gaps").is_some());
        assert!(label_at("**How to implement**").is_some());
        assert!(label_at("Add endpoints: `POST /auth`").is_none());
        assert!(title_like("Larger deferred initiatives"));
        assert!(title_like("P1 — Enterprise Maturity"));
        assert!(!title_like("Effort: ~3 hours."));
        assert!(!title_like("The TS-side calibration is tested in scoring."));
        assert!(!title_like("deandenon core governance surfaces"));
    }
}
