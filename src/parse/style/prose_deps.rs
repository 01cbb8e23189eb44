//! Dependencies written in prose inside a task's title: `Add retries (depends on T010)`,
//! `Deploy after T-004`, `Blocked by #12`, `requires A-1, A-2`. The phrase must be followed
//! directly by the IDs; the IDs become the task's dependencies, pointing at their bytes in the
//! title (the title keeps its words). Field forms (`Requires: A-1`, `DependsOn: [X-9]`) are
//! field keys in the alias table.
//!
//! This file reads only a title's text; it recognises no task.

use crate::document::Span;
use crate::model::{Located, id_at};

/// Phrases that introduce predecessors, lower-case; the longer ones first.
const PHRASES: [&str; 12] = [
    "depends on",
    "depending on",
    "dependent on",
    "blocked by",
    "blocked on",
    "waiting for",
    "waiting on",
    "waits for",
    "requires",
    "needs",
    "after",
    "following",
];

/// The predecessors a title names in prose, with their spans in `text` (the title is
/// `title` of `text`).
pub(crate) fn prose_refs(text: &str, title: Span) -> Vec<Located<String>> {
    // A title is always a span of its line; a bad one reads as no prose, never a panic.
    let Some(t) = text.get(title.range()) else {
        return Vec::new();
    };
    if !t.is_ascii() && !t.contains(|c: char| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let mut out: Vec<Located<String>> = Vec::new();
    let mut from = 0;
    while from < t.len() {
        let Some((at, phrase)) = next_phrase(t.as_bytes(), from) else {
            break;
        };
        let end = at + phrase.len();
        let starts_word = at == 0 || !t.as_bytes()[at - 1].is_ascii_alphanumeric();
        if starts_word {
            for r in refs_after(t, end) {
                if !out.iter().any(|o| o.value == t[r.clone()]) {
                    out.push(Located {
                        value: t[r.clone()].to_string(),
                        span: Span::new(title.start + r.start, title.start + r.end),
                    });
                }
            }
        }
        from = end;
    }
    out
}

/// The first phrase at or after `from` that starts a word, ignoring ASCII case, the longest
/// where several start at one place. One pass over the bytes, no allocation: it runs for
/// every task's title. (A phrase inside a word is never taken, and none can start inside
/// another: their inner words, `on`, `by` and `for`, start none.)
fn next_phrase(t: &[u8], from: usize) -> Option<(usize, &'static str)> {
    (from..t.len()).find_map(|i| {
        let c = t[i].to_ascii_lowercase();
        if !matches!(c, b'd' | b'b' | b'w' | b'r' | b'n' | b'a' | b'f')
            || (i > 0 && t[i - 1].is_ascii_alphanumeric())
        {
            return None;
        }
        PHRASES
            .iter()
            .filter(|p| {
                p.as_bytes()[0] == c
                    && t.len() - i >= p.len()
                    && t[i..i + p.len()].eq_ignore_ascii_case(p.as_bytes())
            })
            .max_by_key(|p| p.len())
            .map(|p| (i, *p))
    })
}

/// The IDs listed from `at` on: after an optional `:`, IDs (or `#12`) joined by `,`, `;`,
/// `/`, `&`, `and`, `or` and white space, up to the first other word.
fn refs_after(t: &str, mut at: usize) -> Vec<std::ops::Range<usize>> {
    let b = t.as_bytes();
    // The phrase must end a word (`aftermath` is not `after`).
    if b.get(at).is_some_and(u8::is_ascii_alphanumeric) {
        return Vec::new();
    }
    let mut out = Vec::new();
    loop {
        while at < b.len() && (b[at].is_ascii_whitespace() || b",;/&:[(`*".contains(&b[at])) {
            at += 1;
        }
        let rest = &t[at..];
        let word_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        let word = &rest[..word_len];
        if !out.is_empty() && (word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or"))
        {
            at += word_len;
            continue;
        }
        if let Some(n) = issue_number(rest) {
            out.push(at..at + n);
            at += n;
        } else if let Some(tok) = id_at(rest) {
            out.push(at..at + tok.len);
            at += tok.len;
        } else {
            break;
        }
        while at < b.len() && b"])`*".contains(&b[at]) {
            at += 1;
        }
    }
    out
}

/// `#12`: a number after `#`, ending a word.
fn issue_number(s: &str) -> Option<usize> {
    let digits = s
        .strip_prefix('#')?
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    let n = 1 + digits;
    (digits > 0 && !s.as_bytes().get(n).is_some_and(u8::is_ascii_alphanumeric)).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(title: &str) -> Vec<String> {
        prose_refs(title, Span::new(0, title.len()))
            .into_iter()
            .map(|l| {
                assert_eq!(&title[l.span.range()], l.value);
                l.value
            })
            .collect()
    }

    #[test]
    fn reads_the_prose_forms() {
        assert_eq!(refs("Add retries (depends on T010)"), ["T010"]);
        assert_eq!(refs("Deploy after T-004 is merged"), ["T-004"]);
        assert_eq!(refs("Blocked by #12"), ["#12"]);
        assert_eq!(refs("Needs A-1, A-2 and A-3"), ["A-1", "A-2", "A-3"]);
        assert_eq!(refs("Requires: [X-9]"), ["X-9"]);
        assert_eq!(
            refs("Wire it up (after T-1; blocked by T-2)"),
            ["T-1", "T-2"]
        );
    }

    #[test]
    fn leaves_other_prose_alone() {
        assert!(refs("Clean up after the party").is_empty());
        assert!(refs("The aftermath T-3 report").is_empty());
        assert!(refs("Requires care").is_empty());
        assert!(refs("Add OAuth2 login").is_empty());
        assert!(refs("Café after T-9").len() == 1);
    }

    /// The search as it was first written: every position, a phrase inside a word skipped
    /// whole. Reading only word starts must find the same.
    fn refs_by_every_position(title: &str) -> Vec<String> {
        let b = title.as_bytes();
        let mut out: Vec<String> = Vec::new();
        let mut from = 0;
        while from < b.len() {
            let Some((at, phrase)) = (from..b.len()).find_map(|i| {
                PHRASES
                    .iter()
                    .filter(|p| {
                        b.len() - i >= p.len()
                            && b[i..i + p.len()].eq_ignore_ascii_case(p.as_bytes())
                    })
                    .max_by_key(|p| p.len())
                    .map(|p| (i, *p))
            }) else {
                break;
            };
            let end = at + phrase.len();
            if at == 0 || !b[at - 1].is_ascii_alphanumeric() {
                for r in refs_after(title, end) {
                    if !out.iter().any(|o| *o == title[r.clone()]) {
                        out.push(title[r].to_string());
                    }
                }
            }
            from = end;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn reading_only_word_starts_finds_what_every_position_finds(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "depends on", "Depending On", "dependent", "blocked by", "BLOCKED on", "after",
                "xafter", "aftermath", "needs", "requires", "waits for", "waiting", "following",
                "T-1", "A-2", "#12", "and", "or", ",", ";", ":", "(", ")", "é", "x", "on", "by",
                "for", "a", "d",
            ]), 0..10),
            glue in proptest::collection::vec(proptest::sample::select(vec![" ", "", "-"]), 10),
        ) {
            let mut title = String::new();
            for (w, g) in words.iter().zip(glue.iter()) {
                title.push_str(w);
                title.push_str(g);
            }
            proptest::prop_assert_eq!(refs(&title), refs_by_every_position(&title), "{:?}", title);
        }
    }
}
