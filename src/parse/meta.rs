//! Inline task metadata: Obsidian Tasks emoji signifiers and Dataview inline fields.
//!
//! [`scan`] reads the text of a checklist line after its checkbox and returns every metadata
//! token with exact byte spans for its key and value, so a token becomes a typed task field and
//! an edit can rewrite one token without touching the rest of the line.
//!
//! # Emoji tokens (Obsidian Tasks)
//!
//! | key             | signifiers   | value                                              |
//! |-----------------|--------------|----------------------------------------------------|
//! | `priority`      | 🔺 ⏫ 🔼 🔽 ⏬ | the level name; the value span is the emoji itself |
//! | `due`           | 📅 📆 🗓      | a date-like word                                   |
//! | `scheduled`     | ⏳ ⌛         | a date-like word                                   |
//! | `start`         | 🛫           | a date-like word                                   |
//! | `created`       | ➕           | a date-like word                                   |
//! | `done`          | ✅           | a date-like word                                   |
//! | `cancelled`     | ❌           | a date-like word                                   |
//! | `id`            | 🆔           | `[A-Za-z0-9_-]+`                                   |
//! | `depends`       | ⛔           | ids separated by commas, spaces allowed around them |
//! | `recurrence`    | 🔁           | free text, see below                               |
//! | `on-completion` | 🏁           | an ASCII word (`keep`, `delete`; others kept for lint) |
//!
//! Any signifier may carry the variation selector U+FE0F; it belongs to the key span. White
//! space between a signifier and its value is optional (`📅2021-08-22` counts).
//!
//! A *date-like word* is the run of characters after the signifier up to the next white space
//! or signifier emoji, when it starts with an ASCII digit. It is kept even when it is not a real
//! date (`2022-02-30`) so lint can flag it with [`valid_date`]. A date signifier followed by
//! nothing date-like (`📅 soon`, a lone `📅`) is not a token: it is plain text.
//!
//! The recurrence text runs from after 🔁 to the next signifier emoji, the next `#tag` or
//! `^block-id` word, the next Dataview field, or the end of the line, and is trimmed. An empty
//! recurrence is not a token.
//!
//! # Dataview inline fields
//!
//! `[key:: value]` and `(key:: value)` anywhere in the line. The key is word characters, `-`
//! and inner spaces; key and value are trimmed and their spans cover the trimmed text. The
//! closing bracket is the one that balances the opening one, so `[link:: [[Page]]]` reads
//! whole. A value may be empty (its span is then empty). Unbracketed `key:: value` is not read
//! here.
//!
//! Nothing inside a Markdown code span (`` `[due:: x]` ``, `` `📅 2024-01-01` ``) is metadata.
//!
//! # Where metadata starts
//!
//! Obsidian Tasks reads metadata from the end of the line backwards. The rule here: the line is
//! split into metadata tokens, `#tags`, `^block-ids`, white space and other text. The *trailing
//! run* is the tokens after the last piece of other text. Emoji tokens count only inside the
//! trailing run; an emoji earlier in the line (`Call ⏫ boss 📅 2024-01-02`) is description
//! text. Dataview fields count anywhere. The description ends before the first token of the
//! trailing run, trailing white space trimmed (tags before that token stay in the
//! description); with no trailing run it ends at the end of the trimmed line.

use crate::document::Span;

/// Which syntax a metadata token is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaKind {
    /// An Obsidian Tasks signifier emoji and its value.
    Emoji,
    /// A Dataview inline field in brackets or parentheses.
    Dataview,
}

/// One metadata token of a task line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    /// "priority", "due", "scheduled", "start", "created", "done", "cancelled", "id",
    /// "depends", "recurrence", "on-completion" for emoji; for Dataview the key as written
    /// (`due`, `priority`, `completion`...).
    pub key: String,
    /// The signifier emoji (with any U+FE0F variation selector) or the Dataview key text.
    pub key_span: Span,
    /// For priority: "highest" | "high" | "medium" | "low" | "lowest". Otherwise the value
    /// text, trimmed (`2024-05-01`, `a1b2`, `c3d4,e5f6`, `every week`).
    pub value: String,
    /// For priority: the emoji itself (same as key_span). Otherwise the value's bytes, trimmed.
    pub value_span: Span,
    /// Emoji signifier or Dataview field.
    pub kind: MetaKind,
}

/// What a signifier emoji introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sig {
    Priority(&'static str),
    Date(&'static str),
    Id,
    Depends,
    Recurrence,
    OnCompletion,
}

const VS16: char = '\u{FE0F}';

/// The signifier a character is, if any.
fn signifier(c: char) -> Option<Sig> {
    if let Some(level) = crate::model::priority::emoji_char_name(c) {
        return Some(Sig::Priority(level));
    }
    Some(match c {
        '📅' | '📆' | '🗓' => Sig::Date("due"),
        '⏳' | '⌛' => Sig::Date("scheduled"),
        '🛫' => Sig::Date("start"),
        '➕' => Sig::Date("created"),
        '✅' => Sig::Date("done"),
        '❌' => Sig::Date("cancelled"),
        '🆔' => Sig::Id,
        '⛔' => Sig::Depends,
        '🔁' => Sig::Recurrence,
        '🏁' => Sig::OnCompletion,
        _ => return None,
    })
}

/// The emoji Obsidian Tasks writes for each date field (the first of its spellings).
const DATES: [(&str, &str); 6] = [
    ("due", "📅"),
    ("scheduled", "⏳"),
    ("start", "🛫"),
    ("created", "➕"),
    ("done", "✅"),
    ("cancelled", "❌"),
];

/// The emoji for a date field's key (case-insensitive): `"due"` → `"📅"`.
pub(crate) fn date_emoji(key: &str) -> Option<&'static str> {
    DATES
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key.trim()))
        .map(|&(_, e)| e)
}

/// A real calendar date written exactly `YYYY-MM-DD`.
pub(crate) fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
        && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// True when `line` may hold metadata: it has an emoji signifier or a `::` (a possible
/// Dataview field). A quick, conservative test before [`scan`].
pub(crate) fn has_meta(line: &str) -> bool {
    line.contains("::") || line.chars().any(|c| signifier(c).is_some())
}

/// Reads the metadata of a task line's text (the text after the checkbox).
///
/// Returns the tokens in line order and the absolute byte offset where the description ends:
/// before the first token of the trailing metadata run, trailing white space trimmed; with no
/// trailing run, the end of the trimmed line. See the module documentation for the rule.
pub(crate) fn scan(line: &str, base: usize) -> (Vec<Meta>, usize) {
    let sc = Scanner::new(line);
    // (token start, token) in line order.
    let mut tokens: Vec<(usize, Meta)> = Vec::new();
    let mut last_other: usize = 0;
    let mut last_token_end: usize = 0;
    let mut i = 0;
    while i < line.len() {
        if let Some(end) = sc.code_span_at(i) {
            last_other = end;
            i = end;
            continue;
        }
        let Some(c) = sc.char_at(i) else { break };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let word_start = i == 0 || i == last_token_end || sc.after_space(i);
        let parsed = if let Some(sig) = signifier(c) {
            sc.emoji_token(i, sig).map(|(m, end)| (Some(m), end))
        } else if c == '[' || c == '(' {
            sc.field(i).map(|(m, end)| (Some(m), end))
        } else if c == '#' && word_start {
            sc.tag(i).map(|end| (None, end))
        } else if c == '^' && word_start {
            sc.block_id(i).map(|end| (None, end))
        } else {
            None
        };
        match parsed {
            Some((meta, end)) => {
                if let Some(m) = meta {
                    tokens.push((i, m));
                    last_token_end = end;
                }
                i = end;
            }
            None => {
                i += c.len_utf8();
                last_other = i;
            }
        }
    }

    let first_trailing = tokens.iter().position(|(start, _)| *start >= last_other);
    let desc_end = match first_trailing {
        Some(k) => line[..tokens[k].0].trim_end().len(),
        None => line.trim_end().len(),
    };
    let metas = tokens
        .into_iter()
        .enumerate()
        .filter(|(k, (_, m))| {
            m.kind == MetaKind::Dataview || first_trailing.is_some_and(|f| *k >= f)
        })
        .map(|(_, (_, m))| shift(m, base))
        .collect();
    (metas, base + desc_end)
}

/// Moves a line-relative token to absolute offsets.
fn shift(mut m: Meta, base: usize) -> Meta {
    m.key_span = Span::new(base + m.key_span.start, base + m.key_span.end);
    m.value_span = Span::new(base + m.value_span.start, base + m.value_span.end);
    m
}

/// Trims `[start, end)` of `s` and returns the trimmed bounds.
fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    let part = &s[start..end];
    let lead = part.len() - part.trim_start().len();
    let trimmed = part.trim();
    (start + lead, start + lead + trimmed.len())
}

fn is_id_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '_' | '-' | '/')
        || (!c.is_ascii() && !c.is_whitespace() && signifier(c).is_none())
}

/// One line and its code spans; every position is a char boundary of `line`.
struct Scanner<'a> {
    line: &'a str,
    /// Half-open byte ranges of code spans, backticks included, in order.
    code: Vec<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    fn new(line: &'a str) -> Self {
        Scanner {
            line,
            code: code_spans(line),
        }
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.line.get(i..).and_then(|s| s.chars().next())
    }

    /// The end of the code span that starts at `i`.
    fn code_span_at(&self, i: usize) -> Option<usize> {
        self.code.iter().find(|(s, _)| *s == i).map(|&(_, e)| e)
    }

    /// True when the character before `i` is white space.
    fn after_space(&self, i: usize) -> bool {
        self.line[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace)
    }

    /// The end of the signifier at `i`, U+FE0F included.
    fn after_emoji(&self, i: usize) -> usize {
        let c = self.char_at(i).map_or(0, char::len_utf8);
        let j = i + c;
        if self.char_at(j) == Some(VS16) {
            j + VS16.len_utf8()
        } else {
            j
        }
    }

    /// Skips white space from `j`.
    fn skip_space(&self, mut j: usize) -> usize {
        while let Some(c) = self.char_at(j) {
            if !c.is_whitespace() {
                break;
            }
            j += c.len_utf8();
        }
        j
    }

    /// Skips ASCII id bytes from `j`.
    fn skip_id(&self, mut j: usize) -> usize {
        let b = self.line.as_bytes();
        while j < b.len() && is_id_byte(b[j]) {
            j += 1;
        }
        j
    }

    /// The emoji token starting at `i` and its end.
    fn emoji_token(&self, i: usize, sig: Sig) -> Option<(Meta, usize)> {
        let key_end = self.after_emoji(i);
        let key_span = Span::new(i, key_end);
        let v = self.skip_space(key_end);
        let make = |key: &str, vs: usize, ve: usize| Meta {
            key: key.to_string(),
            key_span,
            value: self.line[vs..ve].to_string(),
            value_span: Span::new(vs, ve),
            kind: MetaKind::Emoji,
        };
        match sig {
            Sig::Priority(name) => Some((
                Meta {
                    key: "priority".to_string(),
                    key_span,
                    value: name.to_string(),
                    value_span: key_span,
                    kind: MetaKind::Emoji,
                },
                key_end,
            )),
            Sig::Date(key) => {
                if !self.char_at(v).is_some_and(|c| c.is_ascii_digit()) {
                    return None;
                }
                let mut e = v;
                while let Some(c) = self.char_at(e) {
                    if c.is_whitespace() || signifier(c).is_some() {
                        break;
                    }
                    e += c.len_utf8();
                }
                Some((make(key, v, e), e))
            }
            Sig::Id => {
                let e = self.skip_id(v);
                (e > v).then(|| (make("id", v, e), e))
            }
            Sig::Depends => {
                let mut e = self.skip_id(v);
                if e == v {
                    return None;
                }
                loop {
                    let comma = self.skip_space(e);
                    if self.line.as_bytes().get(comma) != Some(&b',') {
                        break;
                    }
                    let next = self.skip_space(comma + 1);
                    let next_end = self.skip_id(next);
                    if next_end == next {
                        break;
                    }
                    e = next_end;
                }
                Some((make("depends", v, e), e))
            }
            Sig::OnCompletion => {
                let b = self.line.as_bytes();
                let mut e = v;
                while e < b.len() && b[e].is_ascii_alphabetic() {
                    e += 1;
                }
                (e > v).then(|| (make("on-completion", v, e), e))
            }
            Sig::Recurrence => {
                let mut e = v;
                while let Some(c) = self.char_at(e) {
                    let stop = signifier(c).is_some()
                        || ((c == '[' || c == '(') && self.field(e).is_some())
                        || (c == '#' && self.after_space(e) && self.tag(e).is_some())
                        || (c == '^' && self.after_space(e) && self.block_id(e).is_some());
                    if stop {
                        break;
                    }
                    e += c.len_utf8();
                }
                let (vs, ve) = trim_range(self.line, v, e);
                (ve > vs).then(|| (make("recurrence", vs, ve), ve))
            }
        }
    }

    /// The Dataview field whose bracket or parenthesis opens at `i`, and its end.
    fn field(&self, i: usize) -> Option<(Meta, usize)> {
        let b = self.line.as_bytes();
        let (open, close) = match b.get(i)? {
            b'[' => (b'[', b']'),
            b'(' => (b'(', b')'),
            _ => return None,
        };
        let key_start = i + 1;
        let mut k = key_start;
        while let Some(c) = self.char_at(k) {
            if !(c.is_alphanumeric() || c == '_' || c == '-' || c == ' ' || c == '\t') {
                break;
            }
            k += c.len_utf8();
        }
        if !self.line[k..].starts_with("::") {
            return None;
        }
        let (ks, ke) = trim_range(self.line, key_start, k);
        if ks == ke {
            return None;
        }
        let value_start = k + 2;
        // The balancing closer; other brackets are plain bytes (ASCII, so boundaries hold).
        let mut depth = 0usize;
        let mut j = value_start;
        let closer = loop {
            let &c = b.get(j)?;
            if c == open {
                depth += 1;
            } else if c == close {
                if depth == 0 {
                    break j;
                }
                depth -= 1;
            }
            j += 1;
        };
        let (vs, ve) = trim_range(self.line, value_start, closer);
        Some((
            Meta {
                key: self.line[ks..ke].to_string(),
                key_span: Span::new(ks, ke),
                value: self.line[vs..ve].to_string(),
                value_span: Span::new(vs, ve),
                kind: MetaKind::Dataview,
            },
            closer + 1,
        ))
    }

    /// The end of the `#tag` at `i`.
    fn tag(&self, i: usize) -> Option<usize> {
        let mut e = i + 1;
        while let Some(c) = self.char_at(e) {
            if !is_tag_char(c) {
                break;
            }
            e += c.len_utf8();
        }
        (e > i + 1).then_some(e)
    }

    /// The end of the `^block-id` at `i`, which must end at white space or the line end.
    fn block_id(&self, i: usize) -> Option<usize> {
        let b = self.line.as_bytes();
        let mut e = i + 1;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'-') {
            e += 1;
        }
        let ends = self.char_at(e).is_none_or(char::is_whitespace);
        (e > i + 1 && ends).then_some(e)
    }
}

/// Code spans of a line: a backtick run closed by the next run of the same length.
fn code_spans(line: &str) -> Vec<(usize, usize)> {
    let b = line.as_bytes();
    let run_end = |mut j: usize| {
        while j < b.len() && b[j] == b'`' {
            j += 1;
        }
        j
    };
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let open_end = run_end(i);
        let n = open_end - i;
        let mut j = open_end;
        let mut closed = None;
        while j < b.len() {
            if b[j] == b'`' {
                let e = run_end(j);
                if e - j == n {
                    closed = Some(e);
                    break;
                }
                j = e;
            } else {
                j += 1;
            }
        }
        match closed {
            Some(e) => {
                spans.push((i, e));
                i = e;
            }
            None => i = open_end,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_date_emoji_reads_back_as_its_key() {
        for (key, emoji) in super::DATES {
            assert_eq!(super::date_emoji(key), Some(emoji));
            let (metas, _) = super::scan(&format!("x {emoji} 2024-01-02"), 0);
            assert_eq!(metas[0].key, key);
        }
    }

    use super::*;

    /// Scans `line` placed after a checkbox (so base and spans are absolute), checks every
    /// span against the reported strings and returns the full text, tokens and description.
    fn run_with(prefix: &str, line: &str) -> (String, Vec<Meta>, String) {
        let full = format!("{prefix}{line}");
        let (metas, end) = scan(line, prefix.len());
        for m in &metas {
            if m.kind == MetaKind::Dataview {
                assert_eq!(&full[m.key_span.range()], m.key);
            }
            if m.kind == MetaKind::Emoji && m.key == "priority" {
                assert_eq!(m.value_span, m.key_span);
                assert_eq!(
                    crate::model::priority::emoji_name(&full[m.key_span.range()]),
                    Some(m.value.as_str())
                );
            } else {
                assert_eq!(&full[m.value_span.range()], m.value);
            }
        }
        let desc = full[prefix.len()..end].to_string();
        (full, metas, desc)
    }

    fn run(line: &str) -> (String, Vec<Meta>, String) {
        run_with("- [ ] ", line)
    }

    fn run_emoji(line: &str) -> (String, Vec<Meta>, String) {
        run_with("* [x] ", line)
    }

    fn pairs(metas: &[Meta]) -> Vec<(&str, &str)> {
        metas
            .iter()
            .map(|m| (m.key.as_str(), m.value.as_str()))
            .collect()
    }

    fn check_key_spans(full: &str, metas: &[Meta], keys: &[&str]) {
        let got: Vec<&str> = metas.iter().map(|m| &full[m.key_span.range()]).collect();
        assert_eq!(got, keys);
    }

    #[test]
    fn every_emoji_kind() {
        let line = "Ship it 🔺 📅 2024-05-01 ⏳ 2024-04-20 🛫 2024-04-15 ➕ 2024-04-01 \
                    ✅ 2024-05-02 ❌ 2024-05-03 🆔 x9_k-1 ⛔ a1,b2 🔁 every month 🏁 delete";
        let (full, metas, desc) = run_emoji(line);
        assert_eq!(desc, "Ship it");
        assert_eq!(
            pairs(&metas),
            vec![
                ("priority", "highest"),
                ("due", "2024-05-01"),
                ("scheduled", "2024-04-20"),
                ("start", "2024-04-15"),
                ("created", "2024-04-01"),
                ("done", "2024-05-02"),
                ("cancelled", "2024-05-03"),
                ("id", "x9_k-1"),
                ("depends", "a1,b2"),
                ("recurrence", "every month"),
                ("on-completion", "delete"),
            ]
        );
        check_key_spans(
            &full,
            &metas,
            &[
                "🔺", "📅", "⏳", "🛫", "➕", "✅", "❌", "🆔", "⛔", "🔁", "🏁",
            ],
        );
        assert!(metas.iter().all(|m| m.kind == MetaKind::Emoji));
    }

    #[test]
    fn every_priority_and_alternate_signifiers() {
        for (emoji, name) in [
            ("🔺", "highest"),
            ("⏫", "high"),
            ("🔼", "medium"),
            ("🔽", "low"),
            ("⏬", "lowest"),
        ] {
            let (full, metas, desc) = run_emoji(&format!("Water plants {emoji}"));
            assert_eq!(desc, "Water plants");
            assert_eq!(pairs(&metas), vec![("priority", name)]);
            check_key_spans(&full, &metas, &[emoji]);
        }
        let (full, metas, _) = run_emoji("x 📆 2023-01-09 🗓 2023-01-10 ⌛ 2023-01-08");
        assert_eq!(
            pairs(&metas),
            vec![
                ("due", "2023-01-09"),
                ("due", "2023-01-10"),
                ("scheduled", "2023-01-08")
            ]
        );
        check_key_spans(&full, &metas, &["📆", "🗓", "⌛"]);
    }

    #[test]
    fn glued_and_invalid_dates_are_tokens() {
        let (full, metas, desc) = run_emoji("Pay rent 📅2021-08-22 ⏳2022-02-30 🛫 2022-13-01");
        assert_eq!(desc, "Pay rent");
        assert_eq!(
            pairs(&metas),
            vec![
                ("due", "2021-08-22"),
                ("scheduled", "2022-02-30"),
                ("start", "2022-13-01")
            ]
        );
        check_key_spans(&full, &metas, &["📅", "⏳", "🛫"]);
        assert!(valid_date(&metas[0].value));
        assert!(!valid_date(&metas[1].value));
        assert!(!valid_date(&metas[2].value));
        // Two tokens glued together.
        let (_, metas, _) = run_emoji("a 📅2021-08-22⏫");
        assert_eq!(
            pairs(&metas),
            vec![("due", "2021-08-22"), ("priority", "high")]
        );
    }

    #[test]
    fn variation_selectors_are_in_key_span() {
        let line = "Plan trip 🗓\u{FE0F} 2025-03-03 ⏫\u{FE0F} ⛔\u{FE0F} trip1";
        let (full, metas, desc) = run_emoji(line);
        assert_eq!(desc, "Plan trip");
        assert_eq!(
            pairs(&metas),
            vec![
                ("due", "2025-03-03"),
                ("priority", "high"),
                ("depends", "trip1")
            ]
        );
        check_key_spans(&full, &metas, &["🗓\u{FE0F}", "⏫\u{FE0F}", "⛔\u{FE0F}"]);
        assert_eq!(metas[1].value_span, metas[1].key_span);
    }

    #[test]
    fn recurrence_stops_at_next_emoji_tag_or_field() {
        let (_, metas, desc) = run_emoji("Gym 🔁 every week on Monday when done 📅 2024-02-05");
        assert_eq!(desc, "Gym");
        assert_eq!(
            pairs(&metas),
            vec![
                ("recurrence", "every week on Monday when done"),
                ("due", "2024-02-05")
            ]
        );
        let (_, metas, _) = run_emoji("Gym 🔁 every day  #health [area:: body] ^r1");
        assert_eq!(
            pairs(&metas),
            vec![("recurrence", "every day"), ("area", "body")]
        );
        let (_, metas, desc) = run_emoji("Gym 🔁   ");
        assert!(metas.is_empty());
        assert_eq!(desc, "Gym 🔁");
    }

    #[test]
    fn depends_lists_with_spaces() {
        let (full, metas, desc) = run_emoji("Deploy ⛔ a1, b2 ,c3 🆔 d4");
        assert_eq!(desc, "Deploy");
        assert_eq!(pairs(&metas), vec![("depends", "a1, b2 ,c3"), ("id", "d4")]);
        assert_eq!(&full[metas[0].value_span.range()], "a1, b2 ,c3");
        // A dangling comma is text, so the list no longer trails (as in Obsidian Tasks).
        let (_, metas, desc) = run_emoji("Deploy ⛔ a1, ");
        assert!(metas.is_empty());
        assert_eq!(desc, "Deploy ⛔ a1,");
        let (_, metas, desc) = run_emoji("Deploy ⛔ a1, then test");
        assert!(metas.is_empty());
        assert_eq!(desc, "Deploy ⛔ a1, then test");
    }

    #[test]
    fn tags_and_block_ids_between_tokens() {
        let (_, metas, desc) =
            run_emoji("Read book #home 📅 2024-03-01 #reading ⏬ #later ^blk-42  ");
        assert_eq!(desc, "Read book #home");
        assert_eq!(
            pairs(&metas),
            vec![("due", "2024-03-01"), ("priority", "lowest")]
        );
    }

    #[test]
    fn description_end_trims_trailing_space() {
        let (_, metas, desc) = run_emoji("Call mom   \t 🔼  ");
        assert_eq!(desc, "Call mom");
        assert_eq!(pairs(&metas), vec![("priority", "medium")]);
        let (_, metas, desc) = run_emoji("Call mom   ");
        assert!(metas.is_empty());
        assert_eq!(desc, "Call mom");
        let (_, metas, desc) = run_emoji("🔼 📅 2024-01-01");
        assert_eq!(metas.len(), 2);
        assert_eq!(desc, "");
    }

    #[test]
    fn emoji_in_the_middle_is_description() {
        let (full, metas, desc) = run_emoji("Buy 🍎 apples 📅 2024-01-02");
        assert_eq!(desc, "Buy 🍎 apples");
        assert_eq!(pairs(&metas), vec![("due", "2024-01-02")]);
        check_key_spans(&full, &metas, &["📅"]);
        // A signifier followed by ordinary words stays in the description.
        let (_, metas, desc) = run_emoji("Call ⏫ boss ✅ first 📅 2024-01-02");
        assert_eq!(desc, "Call ⏫ boss ✅ first");
        assert_eq!(pairs(&metas), vec![("due", "2024-01-02")]);
        let (_, metas, desc) = run_emoji("Fix ❌ tests now");
        assert!(metas.is_empty());
        assert_eq!(desc, "Fix ❌ tests now");
    }

    #[test]
    fn dataview_brackets_and_parens() {
        let (full, metas, desc) = run("Review PR [ due :: 2024-06-01 ] (priority::high)");
        assert_eq!(desc, "Review PR");
        assert_eq!(
            pairs(&metas),
            vec![("due", "2024-06-01"), ("priority", "high")]
        );
        check_key_spans(&full, &metas, &["due", "priority"]);
        assert!(metas.iter().all(|m| m.kind == MetaKind::Dataview));
        // A field in the middle of text is read but does not end the description.
        let (_, metas, desc) = run("Ask (who:: Ana Lima) about it 📅 2024-01-02");
        assert_eq!(desc, "Ask (who:: Ana Lima) about it");
        assert_eq!(
            pairs(&metas),
            vec![("who", "Ana Lima"), ("due", "2024-01-02")]
        );
        // Balanced brackets, keys with spaces and dashes, empty values.
        let (_, metas, _) = run("x [see also:: [[Page]]] [on-completion::] [::] [a:b]");
        assert_eq!(
            pairs(&metas),
            vec![("see also", "[[Page]]"), ("on-completion", "")]
        );
        assert!(metas[1].value_span.is_empty());
        // Single colon and unbracketed fields are not fields.
        let (_, metas, desc) = run("due: 2021-08-22 due:: 2021-08-23");
        assert!(metas.is_empty());
        assert_eq!(desc, "due: 2021-08-22 due:: 2021-08-23");
    }

    #[test]
    fn code_spans_are_text() {
        let (_, metas, desc) = run("Use `[due:: x]` and ``📅 2024-01-01``");
        assert!(metas.is_empty());
        assert_eq!(desc, "Use `[due:: x]` and ``📅 2024-01-01``");
        let (_, metas, desc) = run("Use `cargo` ⏫ `fmt`");
        assert!(metas.is_empty());
        assert_eq!(desc, "Use `cargo` ⏫ `fmt`");
        // An unclosed backtick is a literal.
        let (_, metas, desc) = run("Use ` here 📅 2024-01-01");
        assert_eq!(pairs(&metas), vec![("due", "2024-01-01")]);
        assert_eq!(desc, "Use ` here");
    }

    #[test]
    fn multibyte_text_before_tokens() {
        let (full, metas, desc) =
            run_emoji("Café für Jürgen 日本語 ⏫ 📅 2024-07-07 [notiz:: schön] 🆔 k-1");
        assert_eq!(desc, "Café für Jürgen 日本語");
        check_key_spans(&full, &metas, &["⏫", "📅", "notiz", "🆔"]);
        assert_eq!(&full[metas[1].value_span.range()], "2024-07-07");
        assert_eq!(&full[metas[2].value_span.range()], "schön");
        assert_eq!(&full[metas[3].value_span.range()], "k-1");
    }

    #[test]
    fn non_ascii_id_is_text() {
        // `🆔 ü1` has no ASCII id: it is text, so the Dataview field stays but the date does
        // not trail and is description.
        let (_, metas, desc) = run_emoji("Café 📅 2024-07-07 [k:: v] 🆔 ü1");
        assert_eq!(pairs(&metas), vec![("k", "v")]);
        assert_eq!(desc, "Café 📅 2024-07-07 [k:: v] 🆔 ü1");
    }

    #[test]
    fn base_offsets_are_applied() {
        let (metas, end) = scan("a 📅 2024-01-01", 100);
        assert_eq!(end, 101);
        assert_eq!(metas[0].key_span, Span::new(102, 106));
        assert_eq!(metas[0].value_span, Span::new(107, 117));
    }

    #[test]
    fn valid_dates() {
        assert!(valid_date("2024-02-29"));
        assert!(valid_date("2000-02-29"));
        assert!(!valid_date("2022-02-29"));
        assert!(!valid_date("1900-02-29"));
        assert!(!valid_date("2023-13-01"));
        assert!(!valid_date("2023-00-10"));
        assert!(!valid_date("2023-1-01"));
        assert!(!valid_date("2023-01-1"));
        assert!(!valid_date("+2023-01-01"));
        assert!(!valid_date("2023-01-01 "));
        assert!(!valid_date("2023/01/01"));
        assert!(!valid_date(""));
    }

    #[test]
    fn has_meta_quick_test() {
        assert!(has_meta("x 📅 2024-01-01"));
        assert!(has_meta("x ⏫"));
        assert!(has_meta("x [due:: y]"));
        assert!(!has_meta("Buy 🍎 apples"));
        assert!(!has_meta("plain text"));
    }

    #[test]
    fn odd_input_never_panics() {
        let odd = [
            "",
            " ",
            "📅",
            "📅 ",
            "x 📅",
            "⏫",
            "\u{FE0F}",
            "📅\u{FE0F}",
            "🔁",
            "🔁 \u{FE0F}",
            "⛔",
            "⛔ ,",
            "⛔ a,",
            "🆔",
            "🏁",
            "[::]",
            "(x::",
            "[x::",
            "[x:: [y]",
            "(x:: (y)",
            "[ :: v]",
            "`",
            "``",
            "```x``",
            "`[a:: b]",
            "#",
            "^",
            "# ^ 📅 #",
            "é📅é",
            "[é:: ü]",
            "🗓\u{FE0F}\u{FE0F}2024",
            "::",
            "a::b",
            "((((x:: ))))",
        ];
        for s in odd {
            let (metas, end) = scan(s, 7);
            assert!(end >= 7 && end <= 7 + s.len(), "{s:?}");
            assert!(s.is_char_boundary(end - 7), "{s:?}");
            for m in metas {
                for sp in [m.key_span, m.value_span] {
                    assert!(sp.start >= 7 && sp.start <= sp.end && sp.end <= 7 + s.len());
                    assert!(s.is_char_boundary(sp.start - 7) && s.is_char_boundary(sp.end - 7));
                }
            }
            let _ = has_meta(s);
        }
        // Every prefix and suffix at char boundaries of a dense line.
        let dense =
            "Ä `c` 📅2024-01-01⏫\u{FE0F}🔁 every day #t ⛔ a , b [k:: [v]] (p:: q) ^id 🏁 keep";
        for (i, _) in dense.char_indices() {
            let _ = scan(&dense[i..], 0);
            let _ = scan(&dense[..i], 0);
        }
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_lines_keep_spans_in_bounds(
            s in "[ a1,:#^`()\\[\\]\u{FE0F}é日📅⏫🔁⛔🆔🏁✅2-]{0,40}"
        ) {
            let (metas, end) = scan(&s, 3);
            proptest::prop_assert!(end >= 3 && end <= 3 + s.len());
            proptest::prop_assert!(s.is_char_boundary(end - 3));
            for m in metas {
                for sp in [m.key_span, m.value_span] {
                    proptest::prop_assert!(sp.start >= 3 && sp.start <= sp.end);
                    proptest::prop_assert!(sp.end <= 3 + s.len());
                    proptest::prop_assert!(s.is_char_boundary(sp.start - 3));
                    proptest::prop_assert!(s.is_char_boundary(sp.end - 3));
                }
            }
        }
    }
}
