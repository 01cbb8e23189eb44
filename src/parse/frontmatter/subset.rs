//! A strict subset of YAML that a YAML parser reads as a mapping with no error: the front
//! matter most task files have. `key: scalar` at the left margin, one-line plain or quoted
//! scalars, one-line flow lists of scalars, block lists of scalars under a `key:`, comment
//! lines and blank lines, every key once. A block in the subset needs no check by
//! `serde_saphyr`, which was half the work of listing a folder of one-task files; a block
//! outside it (anything the grammar here does not know, however valid) is checked as before.
//!
//! `scalar::plain_safe` answers another question, what a writer may put unquoted in any
//! context: it refuses `,` and brackets, which a plain value in block context may hold (task
//! titles often do), so it is not used here.
//!
//! Being in the subset must imply that the parser finds nothing: the property test
//! `a_simple_body_is_one_the_parser_accepts` and a debug assertion in [`super::read`] (on in
//! tests and fuzz builds) hold this file to that. When in doubt, a rule here says no.

use super::scan::Line;

/// Whether the lines of a front matter body are all in the subset.
pub(super) fn is_simple(text: &str, lines: &[Line]) -> bool {
    let mut keys: Vec<&str> = Vec::with_capacity(16);
    // After `key:` with nothing: `Some(None)`, a block list may follow; `Some(Some(n))`, one
    // is being read with its items at indent `n`. `None`: no list may follow.
    let mut list: Option<Option<usize>> = None;
    for l in lines {
        let s = &text[l.start..l.end];
        let rest = s.trim_start_matches(' ');
        let indent = s.len() - rest.len();
        if rest.is_empty() {
            continue;
        }
        if let Some(comment) = rest.strip_prefix('#') {
            if !comment.chars().all(printable) {
                return false;
            }
            continue;
        }
        if let Some(item) = rest.strip_prefix("- ") {
            match list {
                Some(Some(n)) if n == indent => {}
                Some(None) => list = Some(Some(indent)),
                _ => return false,
            }
            let item = item.trim_start_matches(' ');
            if item.is_empty() || item.starts_with('[') || !value(item) {
                return false;
            }
            continue;
        }
        if indent > 0 {
            return false;
        }
        let Some((key, after)) = key(rest) else {
            return false;
        };
        if keys.contains(&key) {
            return false;
        }
        keys.push(key);
        if after.bytes().all(|b| b == b' ') {
            list = Some(None);
            continue;
        }
        list = None;
        let Some(v) = after.strip_prefix(' ') else {
            return false;
        };
        let v = v.trim_start_matches(' ');
        if v.starts_with('#') || !value(v) {
            return false;
        }
    }
    // A body of comments and blank lines only is read as no mapping at all.
    !keys.is_empty()
}

/// `key:` at the start of `s`: a letter or `_`, then letters, digits, `_` and `-`; not a word
/// YAML reads as a boolean or null. Returns the key and what follows the colon.
fn key(s: &str) -> Option<(&str, &str)> {
    let end = s.find(':')?;
    let key = &s[..end];
    let mut bytes = key.bytes();
    let first = bytes.next()?;
    if !(first.is_ascii_alphabetic() || first == b'_')
        || !bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    const WORDS: [&str; 9] = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    if WORDS.iter().any(|w| key.eq_ignore_ascii_case(w)) {
        return None;
    }
    Some((key, &s[end + 1..]))
}

/// A value after `key: ` or `- `: a quoted scalar, a flow list or a plain scalar, then
/// spaces and an optional comment.
fn value(v: &str) -> bool {
    match v.as_bytes()[0] {
        q @ (b'\'' | b'"') => quoted(v, q).is_some_and(tail),
        b'[' => flow_list(v).is_some_and(tail),
        _ => plain(v),
    }
}

/// The quoted scalar at the start of `v` (single quotes with `''` inside, or double quotes
/// without any escape); returns what follows its closing quote.
fn quoted(v: &str, q: u8) -> Option<&str> {
    let bytes = v.as_bytes();
    let mut i = 1;
    loop {
        let b = *bytes.get(i)?;
        if b == q {
            if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            let inner = &v[1..i];
            return inner.chars().all(printable).then(|| &v[i + 1..]);
        }
        if b == b'\\' && q == b'"' {
            return None;
        }
        i += 1;
    }
}

/// `[a, 'b', "c"]` (or `[]`) at the start of `v`; returns what follows the `]`.
fn flow_list(v: &str) -> Option<&str> {
    let inner_end = v.find(']')?;
    let inner = &v[1..inner_end];
    let after = &v[inner_end + 1..];
    if inner.bytes().all(|b| b == b' ') {
        return Some(after);
    }
    // A quoted item holding `]` or `,` is left to the parser.
    for item in inner.split(',') {
        let item = item.trim_matches(' ');
        let ok = match item.as_bytes().first() {
            None => false,
            Some(&q @ (b'\'' | b'"')) => quoted(item, q).is_some_and(str::is_empty),
            Some(_) => {
                plain_start(item)
                    && item
                        .chars()
                        .all(|c| printable(c) && !matches!(c, ':' | '#' | '[' | ']' | '{' | '}'))
            }
        };
        if !ok {
            return None;
        }
    }
    Some(after)
}

/// A plain scalar running to the end of the line, with an optional ` # comment`.
fn plain(v: &str) -> bool {
    if !plain_start(v) {
        return false;
    }
    let mut prev = ' ';
    for (i, c) in v.char_indices() {
        if c == '#' && prev == ' ' {
            return v[i..].chars().all(printable) && !v[..i].trim_end().ends_with(':');
        }
        if !printable(c) || (c == ':' && v[i + 1..].bytes().next().is_none_or(|b| b == b' ')) {
            return false;
        }
        prev = c;
    }
    true
}

/// A plain scalar may not start with a space or an indicator character.
fn plain_start(v: &str) -> bool {
    !v.starts_with([
        ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
        '@', '`',
    ])
}

/// After a scalar or a flow list: nothing but spaces, or spaces and a comment.
fn tail(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty()
        || (trimmed.len() < rest.len()
            && trimmed.starts_with('#')
            && trimmed.chars().all(printable))
}

/// A character YAML allows in a line, tabs aside (they are left to the parser).
fn printable(c: char) -> bool {
    matches!(c, ' '..='~')
        || (c >= '\u{A0}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
            ))
}

#[cfg(test)]
mod tests {
    use super::super::scan::line_at;
    use super::super::validate::yaml_error;
    use super::*;
    use crate::document::Span;
    use proptest::prelude::*;

    fn lines(text: &str) -> Vec<Line> {
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let l = line_at(text, pos);
            out.push(l);
            pos = l.next;
        }
        out
    }

    fn simple(text: &str) -> bool {
        is_simple(text, &lines(text))
    }

    #[test]
    fn the_usual_task_front_matter_is_simple() {
        let text = "id: task-12\ntitle: Fix the [parser] for {x}, again\nstatus: In Progress\n\
                    assignee: []\nlabels: [cli, 'a b', \"c\"]\ncreated_date: '2024-01-02 10:00'\n\
                    dependencies:\n  - task-3\n  - 'task-4'\n# a comment\n\nordinal: 1000 # end\n";
        assert!(simple(text));
        assert!(simple("key:\n- a\n- b\nnext: x\n"));
        assert!(simple("title: it''s\nother: 'it''s'\n"));
    }

    #[test]
    fn anything_else_is_left_to_the_parser() {
        for text in [
            "",
            "# only a comment\n",
            "a: 1\na: 2\n",
            "a:\n  b: 1\n",
            "a: x\n  more\n",
            "a:\n  - x\n - y\n",
            "- x\n",
            "a: @me\n",
            "a: \"\\n\"\n",
            "a: 'open\n",
            "a: [x, [y]]\n",
            "a: [x,]\n",
            "a: b: c\n",
            "a: b:\n",
            "a: |\n  x\n",
            "a: &x 1\n",
            "a:\tx\n",
            "a: x\tb\n",
            "True: 1\n",
            "a b: 1\n",
            "a:x\n",
            " a: 1\n",
            "a: - x\n",
            "a: [x] y\n",
        ] {
            assert!(!simple(text), "{text:?}");
        }
    }

    /// Generated bodies from pieces in and around the subset: whenever the grammar says
    /// simple, the parser must find nothing.
    fn piece() -> impl Strategy<Value = String> {
        let atom = prop::sample::select(vec![
            "a",
            "x y",
            "it''s",
            "a:b",
            "a #c",
            "1",
            "2024-01-02",
            "[b]",
            "{c}",
            ":",
            "#",
            "-",
            " ",
            "'",
            "\"",
            "\\",
            "é",
            "\u{85}",
            "\u{2028}",
            "\t",
            "@",
            "&",
            "*",
            "!",
            "|",
            "?",
            ",",
            "]",
            "[",
            "true",
            "~",
            "null",
            "%",
            "`",
        ]);
        prop::collection::vec(atom, 0..5).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn a_simple_body_is_one_the_parser_accepts(
            body in proptest::collection::vec(
                (0usize..8, piece(), piece()).prop_map(|(shape, a, b)| match shape {
                    0 => format!("key{}: {a}", a.len() % 3),
                    1 => format!("{a}: {b}"),
                    2 => format!("  - {a}"),
                    3 => format!("- {a}"),
                    4 => format!("k{}: [{a}, {b}]", b.len()),
                    5 => format!("k{}:", a.len()),
                    6 => format!("k{}: '{a}' {b}", b.len()),
                    _ => format!("{a}{b}"),
                }),
                0..8,
            ).prop_map(|lines| lines.join("\n") + "\n")
        ) {
            if simple(&body) {
                let found = yaml_error(&body, Span::new(0, body.len()), &lines(&body));
                proptest::prop_assert!(found.is_none(), "{body:?}: {found:?}");
            }
        }
    }
}
