//! Tokens written among a task's words: `#tag`, `+project`, `@person`, and `key:value`
//! (`due:2026-03-01`). One reader serves both places they are written: a todo.txt line (whose
//! notation reads every such word as a field) and the title of a task in any other notation
//! (where only the clear cases count, see [`title_tokens`]).
//!
//! Pure functions over text: this module must not know where a title stands in its file or
//! build fields; it gives byte ranges in the text it was handed.

use std::ops::Range;

use super::Task;

/// What a word's sigil or key makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// `#name`
    Tag,
    /// `+name`
    Project,
    /// `@name`: a person in a Markdown title, a context in todo.txt.
    At,
    /// `key:value`; the key is the word's first `key_len` bytes.
    KeyValue {
        /// Bytes of the key, before the colon.
        key_len: usize,
    },
}

/// How a single word (no white space in it) reads as a token, as todo.txt reads it: a sigil
/// and at least one more character, or `key:value` with a key of letters, digits, `-` and `_`
/// starting with a letter and a value without a colon (`https://…` is a link, not a field).
pub fn word(word: &str) -> Option<WordKind> {
    if word.len() > 1 {
        match word.as_bytes()[0] {
            b'#' => return Some(WordKind::Tag),
            b'+' => return Some(WordKind::Project),
            b'@' => return Some(WordKind::At),
            _ => {}
        }
    }
    let (key, value) = word.split_once(':')?;
    let key_ok = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !key_ok || value.is_empty() || value.contains(':') || value.starts_with("//") {
        return None;
    }
    Some(WordKind::KeyValue { key_len: key.len() })
}

/// A token found in a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleToken {
    /// What it is (`KeyValue` only for `due:`).
    pub kind: WordKind,
    /// The whole word in the title, trailing punctuation left out.
    pub range: Range<usize>,
    /// The name (`bug` of `#bug`) or the value (the date of `due:`).
    pub name: Range<usize>,
}

/// The tokens of a title, in order. Only unmistakable ones count, as a title is prose: a word
/// that starts with `#`, `+` or `@` and then a letter or digit (`#12`, all digits, is an issue
/// reference; `+1` a vote), or `due:` and a real `YYYY-MM-DD` date. A sigil inside a word
/// (`C#`, `a@b.com`, `…/#anchor`) is no token, nor is anything inside a code span. Trailing
/// punctuation (`@ana,`) is not part of the name. A one-letter `@` name (`@f`) is a tool's
/// key rather than a person, and `#include` and the other C preprocessor words are code.
pub fn title_tokens(title: &str) -> Vec<TitleToken> {
    // Every token holds a sigil or a `key:`: most titles hold none, and are not split.
    if !title
        .bytes()
        .any(|b| matches!(b, b'#' | b'+' | b'@' | b':'))
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut in_code = false;
    let mut at = 0;
    for w in title.split(|c: char| c.is_ascii_whitespace()) {
        let start = at;
        at += w.len() + 1;
        if w.contains('`') {
            if w.matches('`').count() % 2 == 1 {
                in_code = !in_code;
            }
            continue;
        }
        if in_code || w.is_empty() {
            continue;
        }
        let trimmed = w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'']);
        let Some(kind) = word(trimmed) else { continue };
        let range = start..start + trimmed.len();
        let token = match kind {
            WordKind::KeyValue { key_len } => {
                let value = &trimmed[key_len + 1..];
                let due = trimmed[..key_len].eq_ignore_ascii_case("due") && is_date(value);
                due.then(|| TitleToken {
                    kind,
                    name: start + key_len + 1..range.end,
                    range,
                })
            }
            _ => {
                let name = &trimmed[1..];
                let first = name.chars().next().unwrap_or(' ');
                let ok = match kind {
                    WordKind::Tag => {
                        first.is_alphanumeric()
                            && !name.bytes().all(|b| b.is_ascii_digit())
                            && !DIRECTIVES.contains(&name)
                    }
                    WordKind::Project => first.is_alphabetic(),
                    // One letter after `@` is a tool's key (`@f`), not a person.
                    _ => first.is_alphanumeric() && name.chars().nth(1).is_some(),
                } && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
                ok.then(|| TitleToken {
                    kind,
                    name: start + 1..range.end,
                    range,
                })
            }
        };
        out.extend(token);
    }
    out
}

/// C preprocessor directives, which a title quoting code starts with `#` and are no tags.
const DIRECTIVES: &[&str] = &[
    "include", "define", "undef", "ifdef", "ifndef", "if", "else", "elif", "endif", "pragma",
];

/// A real calendar date written `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.as_bytes()[4] == b'-'
        && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// The typed tokens of a task (see [`Task::tokens`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens<'a> {
    /// `#tag` names.
    pub tags: Vec<&'a str>,
    /// `+project` names.
    pub projects: Vec<&'a str>,
    /// `@person` names (people mentioned in a Markdown title).
    pub mentions: Vec<&'a str>,
    /// todo.txt `@context` names.
    pub contexts: Vec<&'a str>,
    /// The `due:` date.
    pub due: Option<&'a str>,
    /// The title without the tokens at its start and end.
    pub title: &'a str,
}

impl Task {
    /// The task's tags, projects, people, contexts and due date, read from its title, and
    /// for a todo.txt line from its token fields (there `@` names a context, not a person);
    /// a `due` field with a date (todo.txt's `due:`, Obsidian's 📅, Dataview's `[due:: …]`,
    /// a `Due:` line) gives the due date when the title has none.
    /// The title returned leaves out the runs of tokens that open and close the title;
    /// tokens between words stay, since they are words of the sentence (`Ask @ana about it`).
    pub fn tokens(&self) -> Tokens<'_> {
        let title = self.title.value.as_str();
        let mut t = Tokens {
            title,
            ..Tokens::default()
        };
        // A todo.txt line: its notation made every token a field keyed by the sigil's name.
        let todo_txt = self
            .fields
            .iter()
            .any(|f| f.key_span().len() == 1 && matches!(f.key.as_str(), "project" | "context"));
        let found = title_tokens(title);
        for tok in &found {
            let name = &title[tok.name.clone()];
            let list = match tok.kind {
                WordKind::Tag => &mut t.tags,
                WordKind::Project => &mut t.projects,
                WordKind::At if todo_txt => &mut t.contexts,
                WordKind::At => &mut t.mentions,
                WordKind::KeyValue { .. } => {
                    t.due.get_or_insert(name);
                    continue;
                }
            };
            if !list.contains(&name) {
                list.push(name);
            }
        }
        for f in &self.fields {
            let sigil = f.key_span().len() == 1;
            let list = match f.key.as_str() {
                "project" if sigil => &mut t.projects,
                "context" if sigil => &mut t.contexts,
                k if k.eq_ignore_ascii_case("due") && is_date(f.value.trim()) => {
                    t.due.get_or_insert(f.value.trim());
                    continue;
                }
                _ => continue,
            };
            if !list.contains(&f.value.as_str()) {
                list.push(f.value.as_str());
            }
        }
        t.title = strip_ends(title, &found);
        t
    }
}

impl Task {
    /// The title as shown: without the tokens that open and close it (see [`Task::tokens`]).
    pub fn shown_title(&self) -> &str {
        let title = self.title.value.as_str();
        // Most titles have no sigil at all: no scan needed.
        if !title
            .bytes()
            .any(|b| matches!(b, b'#' | b'+' | b'@' | b':'))
        {
            return title;
        }
        strip_ends(title, &title_tokens(title))
    }
}

/// `title` without the tokens that open it and close it (and the white space between).
fn strip_ends<'a>(title: &'a str, tokens: &[TitleToken]) -> &'a str {
    let mut start = 0;
    for tok in tokens {
        if title[start..tok.range.start].trim().is_empty() {
            start = tok.range.end;
        } else {
            break;
        }
    }
    let mut end = title.len();
    for tok in tokens.iter().rev() {
        if tok.range.start >= start && title[tok.range.end..end].trim().is_empty() {
            end = tok.range.start;
        } else {
            break;
        }
    }
    let shown = title[start..end.max(start)].trim();
    // A title that is nothing but tokens is shown as written.
    if shown.is_empty() { title } else { shown }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(title: &str) -> Vec<(WordKind, &str)> {
        title_tokens(title)
            .into_iter()
            .map(|t| (t.kind, &title[t.name]))
            .collect()
    }

    #[test]
    fn reads_the_clear_tokens_of_a_title() {
        assert_eq!(
            names("Fix the parser #bug +core @ana due:2026-03-01"),
            [
                (WordKind::Tag, "bug"),
                (WordKind::Project, "core"),
                (WordKind::At, "ana"),
                (WordKind::KeyValue { key_len: 3 }, "2026-03-01"),
            ]
        );
        assert_eq!(
            names("Ask @ana, then #ship."),
            [(WordKind::At, "ana"), (WordKind::Tag, "ship")]
        );
    }

    #[test]
    fn issue_numbers_code_mail_and_links_are_not_tokens() {
        for title in [
            "Close #12 and #345",
            "Port the C# client",
            "Mail a@b.com about it",
            "See https://x.org/#top",
            "Run `git log #main @HEAD`",
            "Count +1 votes",
            "Add @f and @+ to @s",
            "#include the header",
            "Due due:2026-02-30",
            "Plan due:tomorrow",
            "A [#link](#link)",
        ] {
            assert_eq!(names(title), [], "{title}");
        }
    }

    #[test]
    fn only_the_end_runs_leave_the_title() {
        let strip = |t: &str| strip_ends(t, &title_tokens(t)).to_string();
        assert_eq!(strip("Fix the parser #bug @ana"), "Fix the parser");
        assert_eq!(strip("#ui Round the corners"), "Round the corners");
        assert_eq!(
            strip("Ask @ana about #42 today"),
            "Ask @ana about #42 today"
        );
        assert_eq!(strip("#a #b"), "#a #b");
    }

    #[test]
    fn todo_txt_reads_words_loosely() {
        assert_eq!(word("+x"), Some(WordKind::Project));
        assert_eq!(word("@"), None);
        assert_eq!(
            word("due:2026-01-01"),
            Some(WordKind::KeyValue { key_len: 3 })
        );
        assert_eq!(word("https://x.org"), None);
    }
}
