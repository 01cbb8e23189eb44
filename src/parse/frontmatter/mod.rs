//! YAML front matter, read by span.
//!
//! Task files may open with a `---` fenced YAML block (Backlog.md task files, per-task
//! files). [`read`] finds the block and reads its top-level entries so that every key and
//! value knows its byte range in the file: the caller reads task fields from them and edits one
//! scalar in place (see [`scalar::render_scalar`] and [`replacement`]), keeping comments, key
//! order, quoting and flow/block style. Nothing here re-renders YAML.
//!
//! The reader is a small line grammar that understands what task files use: `key: scalar`,
//! quoted scalars, block lists and one-line flow lists. Anything else (anchors, tags, block
//! scalars, nested maps, multi-line scalars) is [`Value::Complex`]: readable by a YAML parser,
//! not editable by span. Validity is checked by `serde_saphyr`, whose first error is reported
//! with a byte offset into the whole file, together with the line grammar's own checks.
//!
//! This file owns the model of a front matter block and [`read`]; the line grammar is in
//! `scan`, the spelling of one scalar (decoding and quoting) in `scalar`, and the check by a
//! real YAML parser in `validate` (skipped for a body in the strict subset of `subset`). It must not know task fields: `parse/recognize` decides what
//! an entry means.

mod block;
mod scalar;
mod scan;
mod subset;
mod validate;

use crate::document::Span;

pub(crate) use block::block_scalar_text;
#[cfg(test)]
use scalar::plain_safe;
pub(crate) use scalar::{render_entry, render_scalar, replacement};
use scan::{Reader, is_fence, line_at};
use validate::yaml_error;

/// A file's YAML front matter, read by span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// The whole block: opening fence line through the closing fence line, closing line ending
    /// included.
    pub span: Span,
    /// The text between the fences (from the start of the line after the opening fence to the
    /// start of the closing fence line).
    pub body: Span,
    /// Top-level entries in file order.
    pub entries: Vec<Entry>,
    /// The first YAML problem, if any.
    pub error: Option<FmError>,
    /// Plain scalars that start with a character YAML reserves (`@MrLesk`, `` `x` ``),
    /// with their spans: read as the strings they spell, as Backlog.md reads them, and
    /// left out of the YAML check (`front-matter-style` reports them).
    pub reserved: Vec<Span>,
}

impl FrontMatter {
    /// The first entry named `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }
}

/// A problem in the front matter, at a byte offset into the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FmError {
    /// One line, lower-case start, no trailing period.
    pub message: String,
    /// Byte offset into the whole file (always on a char boundary).
    pub offset: usize,
}

/// One top-level `key: value` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The decoded key.
    pub key: String,
    /// The key as written (quotes included when quoted).
    pub key_span: Span,
    pub value: Value,
    /// From the key's first byte to the end of the entry's last line (line ending excluded).
    pub span: Span,
}

/// The value of an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// `key: v`, `key: 'v'`, `key: "v"`, and `key:` with nothing (text "", span/raw empty,
    /// `Quote::Plain`), also `key: null` / `key: ~` (text "" but span covering `null`/`~`).
    ///
    /// For `key:` with nothing the empty span sits at the end of the key line, or just after the
    /// colon when a comment follows; a value inserted there needs a leading space (see
    /// [`replacement`]).
    Scalar(Scalar),
    /// A block list (`key:` then `  - a` lines, indented or not) or a flow list
    /// (`key: [a, 'b']`, `key: []`).
    List {
        items: Vec<Scalar>,
        flow: bool,
        /// Block: from the first item's `-` to the end of the last item line; flow: the `[...]`.
        span: Span,
    },
    /// Anything not safe to edit by span: anchors `&a`, aliases `*a`, tags `!x`, block scalars
    /// `|`/`>`, nested maps, multi-line plain or quoted scalars, flow maps `{}`.
    Complex,
}

impl Value {
    /// The scalar, when the value is one.
    #[cfg_attr(not(test), allow(dead_code))] // used by the tests' round trips
    pub(crate) fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

/// A one-line scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scalar {
    /// Decoded text ('' → ' in single quotes, \" \\ \n etc. in double quotes; plain trimmed, a
    /// trailing ` # comment` removed; `null`/`~` → "").
    pub text: String,
    /// The scalar's text without its quotes.
    pub span: Span,
    /// The scalar with its quotes.
    pub raw: Span,
    pub quote: Quote,
}

/// How a scalar is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quote {
    Plain,
    Single,
    Double,
}

const NOT_CLOSED: &str = "front matter is not closed";
const NOT_MAPPING: &str = "front matter is not a mapping of keys to values";
const NOT_ENTRY: &str = "expected `key: value`";
const TAB_INDENT: &str = "tabs are not allowed for indentation";
const BAD_INDENT: &str = "indented line does not belong to any key";
const STRAY_ITEM: &str = "list item does not belong to any key";

/// Reads the front matter of `text` starting at byte `start` (the content start: after a UTF-8
/// BOM if any).
///
/// `None` when the text at `start` does not open with a line that is exactly `---` (trailing
/// spaces/tabs allowed; LF or CRLF). A block with no closing `---` or `...` line gives `Some`
/// with `error` = "front matter is not closed" at the opening fence, entries read as far as
/// possible, span/body to the end of text.
pub(crate) fn read(text: &str, start: usize) -> Option<FrontMatter> {
    if start > text.len() || !text.is_char_boundary(start) {
        return None;
    }
    let open = line_at(text, start);
    if !is_fence(&text[open.start..open.end], false) {
        return None;
    }
    let body_start = open.next;
    let mut lines = Vec::new();
    let mut close = None;
    let mut pos = body_start;
    while pos < text.len() {
        let line = line_at(text, pos);
        if is_fence(&text[line.start..line.end], true) {
            close = Some(line);
            break;
        }
        lines.push(line);
        pos = line.next;
    }
    let (span, body) = match close {
        Some(c) => (Span::new(start, c.next), Span::new(body_start, c.start)),
        None => (
            Span::new(start, text.len()),
            Span::new(body_start.min(text.len()), text.len()),
        ),
    };
    let mut reader = Reader {
        text,
        lines: &lines,
        entries: Vec::new(),
        error: None,
    };
    reader.run();
    let Reader { entries, error, .. } = reader;
    let reserved = reserved_scalars(text, &entries);
    let error = if close.is_none() {
        Some(FmError {
            message: NOT_CLOSED.to_string(),
            offset: start,
        })
    } else if subset::is_simple(text, &lines) {
        debug_assert!(
            yaml_error(text, body, &lines).is_none(),
            "a body in the simple subset has a YAML error"
        );
        error
    } else {
        let yaml = match masked(text, &reserved) {
            Some(masked) => yaml_error(&masked, body, &lines),
            None => yaml_error(text, body, &lines),
        };
        match (error, yaml) {
            (Some(own), Some(yaml)) => Some(if yaml.offset < own.offset { yaml } else { own }),
            (own, yaml) => own.or(yaml),
        }
    };
    Some(FrontMatter {
        span,
        body,
        entries,
        error,
        reserved,
    })
}

/// The raw spans of plain scalars (entry values and list items) that start with `@` or a
/// backtick, which YAML reserves and Backlog.md writes unquoted (`assignee: @MrLesk`).
fn reserved_scalars(text: &str, entries: &[Entry]) -> Vec<Span> {
    let scalars = entries.iter().flat_map(|e| match &e.value {
        Value::Scalar(s) => std::slice::from_ref(s),
        Value::List { items, .. } => items.as_slice(),
        Value::Complex => &[],
    });
    scalars
        .filter(|s| s.quote == Quote::Plain && text[s.raw.range()].starts_with(['@', '`']))
        .map(|s| s.raw)
        .collect()
}

/// `text` with the reserved first character of each span replaced by a plain one of the same
/// length, so the YAML check sees the rest of the block at the same offsets; `None` when
/// there is nothing to mask.
fn masked(text: &str, reserved: &[Span]) -> Option<String> {
    if reserved.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for s in reserved {
        bytes[s.start] = b'_';
    }
    // Only ASCII bytes were replaced by ASCII, so the text stays UTF-8.
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> FrontMatter {
        read(text, 0).expect("front matter")
    }

    fn scalar<'a>(fm: &'a FrontMatter, key: &str) -> &'a Scalar {
        fm.get(key)
            .and_then(|e| e.value.as_scalar())
            .unwrap_or_else(|| panic!("{key} is not a scalar: {:?}", fm.get(key)))
    }

    fn list<'a>(fm: &'a FrontMatter, key: &str) -> (Vec<&'a str>, bool, Span) {
        match &fm.get(key).expect("key").value {
            Value::List { items, flow, span } => (
                items.iter().map(|i| i.text.as_str()).collect(),
                *flow,
                *span,
            ),
            other => panic!("{key} is not a list: {other:?}"),
        }
    }

    fn line_of(text: &str, offset: usize) -> &str {
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        &text[start..end]
    }

    fn replace(text: &str, span: Span, with: &str) -> String {
        format!("{}{}{}", &text[..span.start], with, &text[span.end..])
    }

    const BACKLOG: &str = concat!(
        "---\n",
        "id: task-12\n",
        "title: Wire up the exporter\n",
        "status: In Progress\n",
        "assignee:\n",
        "  - '@ana'\n",
        "  - \"@bo\"\n",
        "reporter: '@carl'\n",
        "created_date: '2025-03-04 10:20'\n",
        "labels:\n",
        "  - backend\n",
        "  - export # why not\n",
        "dependencies: []\n",
        "priority: high\n",
        "---\n",
        "\n",
        "## Description\n",
    );

    #[test]
    fn backlog_task_file() {
        let f = fm(BACKLOG);
        assert_eq!(f.error, None);
        let keys: Vec<&str> = f.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "id",
                "title",
                "status",
                "assignee",
                "reporter",
                "created_date",
                "labels",
                "dependencies",
                "priority"
            ]
        );
        assert_eq!(scalar(&f, "id").text, "task-12");
        assert_eq!(scalar(&f, "title").text, "Wire up the exporter");
        assert_eq!(scalar(&f, "status").text, "In Progress");
        let created = scalar(&f, "created_date");
        assert_eq!(created.text, "2025-03-04 10:20");
        assert_eq!(created.quote, Quote::Single);
        assert_eq!(&BACKLOG[created.raw.range()], "'2025-03-04 10:20'");
        assert_eq!(&BACKLOG[created.span.range()], "2025-03-04 10:20");

        let (assignee, flow, span) = list(&f, "assignee");
        assert_eq!(assignee, ["@ana", "@bo"]);
        assert!(!flow);
        assert_eq!(&BACKLOG[span.range()], "- '@ana'\n  - \"@bo\"");
        let (labels, _, span) = list(&f, "labels");
        assert_eq!(labels, ["backend", "export"]);
        assert_eq!(&BACKLOG[span.range()], "- backend\n  - export # why not");
        let (deps, flow, span) = list(&f, "dependencies");
        assert!(deps.is_empty());
        assert!(flow);
        assert_eq!(&BACKLOG[span.range()], "[]");

        let body_end = BACKLOG.find("---\n\n##").unwrap();
        assert_eq!(f.span, Span::new(0, body_end + 4));
        assert_eq!(f.body, Span::new(4, body_end));

        let e = f.get("assignee").unwrap();
        assert_eq!(&BACKLOG[e.key_span.range()], "assignee");
        assert_eq!(
            &BACKLOG[e.span.range()],
            "assignee:\n  - '@ana'\n  - \"@bo\""
        );
        let e = f.get("title").unwrap();
        assert_eq!(&BACKLOG[e.span.range()], "title: Wire up the exporter");
    }

    #[test]
    fn plain_spans_are_the_text() {
        let f = fm(BACKLOG);
        for e in &f.entries {
            let items: Vec<&Scalar> = match &e.value {
                Value::Scalar(s) => vec![s],
                Value::List { items, .. } => items.iter().collect(),
                Value::Complex => vec![],
            };
            for s in items {
                if s.quote == Quote::Plain {
                    assert_eq!(&BACKLOG[s.span.range()], s.text, "{}", e.key);
                    assert_eq!(s.span, s.raw);
                } else {
                    assert_eq!(s.raw.start + 1, s.span.start);
                    assert_eq!(s.raw.end - 1, s.span.end);
                }
            }
        }
    }

    #[test]
    fn empty_and_null_values() {
        let text = "---\nassignee: null\nowner: ~\nparent:\nnote:   # nothing yet\nz: NULL\n---\n";
        let f = fm(text);
        assert_eq!(f.error, None);
        let a = scalar(&f, "assignee");
        assert_eq!(a.text, "");
        assert_eq!(&text[a.raw.range()], "null");
        assert_eq!(&text[scalar(&f, "owner").raw.range()], "~");
        assert_eq!(scalar(&f, "z").text, "");
        let p = scalar(&f, "parent");
        assert_eq!(p.text, "");
        assert!(p.raw.is_empty());
        assert_eq!(p.raw.start, text.find("parent:").unwrap() + "parent:".len());
        let n = scalar(&f, "note");
        assert!(n.raw.is_empty());
        // Filling an empty value keeps the comment.
        let edited = replace(text, n.raw, &replacement(n, "soon").unwrap());
        assert!(edited.contains("note: soon   # nothing yet\n"), "{edited}");
        assert_eq!(scalar(&fm(&edited), "note").text, "soon");
        let edited = replace(text, p.raw, &replacement(p, "task-1").unwrap());
        assert!(edited.contains("parent: task-1\n"));
        assert_eq!(fm(&edited).error, None);
    }

    #[test]
    fn unsorted_keys_blank_lines_and_comments() {
        let text = "---\n# a comment\nzeta: 1\n\nalpha: two words\n\n  # indented comment\nmid: 'x'\n\n---\nbody\n";
        let f = fm(text);
        assert_eq!(f.error, None);
        let keys: Vec<&str> = f.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["zeta", "alpha", "mid"]);
        assert_eq!(scalar(&f, "alpha").text, "two words");
        assert_eq!(
            &text[f.get("alpha").unwrap().span.range()],
            "alpha: two words"
        );
    }

    #[test]
    fn crlf_and_bom() {
        let text = "\u{feff}---\r\ntitle: Fix it \r\ntags: [a, 'b c']\r\nlist:\r\n- one\r\n- 'two'\r\n---\r\nrest\r\n";
        assert!(read(text, 0).is_none());
        let f = read(text, 3).unwrap();
        assert_eq!(f.error, None);
        let t = scalar(&f, "title");
        assert_eq!(t.text, "Fix it");
        assert_eq!(&text[t.span.range()], "Fix it");
        let (tags, flow, span) = list(&f, "tags");
        assert_eq!(tags, ["a", "b c"]);
        assert!(flow);
        assert_eq!(&text[span.range()], "[a, 'b c']");
        let (items, flow, span) = list(&f, "list");
        assert_eq!(items, ["one", "two"]);
        assert!(!flow);
        assert_eq!(&text[span.range()], "- one\r\n- 'two'");
        assert_eq!(&text[f.span.range()], &text[3..text.find("rest").unwrap()]);
        assert_eq!(f.body.start, 3 + 5);
        assert!(text[f.body.range()].ends_with("- 'two'\r\n"));
        let e = f.get("list").unwrap();
        assert_eq!(&text[e.span.range()], "list:\r\n- one\r\n- 'two'");
    }

    #[test]
    fn fences() {
        assert!(read("title: x\n", 0).is_none());
        assert!(read("--- \t\nk: v\n--- \n", 0).is_some());
        assert!(read("----\nk: v\n---\n", 0).is_none());
        assert!(read("---x\n", 0).is_none());
        assert!(read("", 0).is_none());
        assert!(read("---", 5).is_none());
        assert!(read("é---\n", 1).is_none());
        // Closing with `...`.
        let text = "---\nk: v\n...\nafter";
        let f = fm(text);
        assert_eq!(f.error, None);
        assert_eq!(&text[f.span.range()], "---\nk: v\n...\n");
        // Closing fence at the end of the text without a line ending.
        let text = "---\nk: v\n---";
        let f = fm(text);
        assert_eq!(f.span, Span::new(0, text.len()));
        assert_eq!(f.body, Span::new(4, 9));
        // Empty front matter.
        let f = fm("---\n---\n");
        assert!(f.entries.is_empty());
        assert_eq!(f.error, None);
        assert_eq!(f.body, Span::new(4, 4));
        let f = fm("---\n\n# only a comment\n\n---\n");
        assert!(f.entries.is_empty());
        assert_eq!(f.error, None);
    }

    #[test]
    fn unclosed() {
        let text = "---\ntitle: x\nstatus: Done\n";
        let f = fm(text);
        assert_eq!(
            f.error,
            Some(FmError {
                message: "front matter is not closed".into(),
                offset: 0
            })
        );
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.span, Span::new(0, text.len()));
        assert_eq!(f.body, Span::new(4, text.len()));
        let f = read("xx---", 2).unwrap();
        assert_eq!(f.error.unwrap().offset, 2);
        assert_eq!(f.body, Span::new(5, 5));
    }

    #[test]
    fn comments_after_values() {
        let text = "---\nstatus: Done # finished\npriority: high\t# tab before\nurl: http://x.y/#frag\n---\n";
        let f = fm(text);
        assert_eq!(f.error, None);
        let s = scalar(&f, "status");
        assert_eq!(s.text, "Done");
        assert_eq!(&text[s.span.range()], "Done");
        assert_eq!(
            &text[f.get("status").unwrap().span.range()],
            "status: Done # finished"
        );
        assert_eq!(scalar(&f, "priority").text, "high");
        assert_eq!(scalar(&f, "url").text, "http://x.y/#frag");
    }

    #[test]
    fn quoted_scalars() {
        let text = "---\na: \"say \\\"hi\\\"\\n\\ttab \\\\ \\x41\\u00e9\"\nb: 'it''s'\n'quoted key': \"\"\n\"k\\u0031\": v\n---\n";
        let f = fm(text);
        assert_eq!(f.error, None);
        let a = scalar(&f, "a");
        assert_eq!(a.text, "say \"hi\"\n\ttab \\ Aé");
        assert_eq!(a.quote, Quote::Double);
        let b = scalar(&f, "b");
        assert_eq!(b.text, "it's");
        assert_eq!(&text[b.span.range()], "it''s");
        assert_eq!(&text[b.raw.range()], "'it''s'");
        let q = f.get("quoted key").unwrap();
        assert_eq!(&text[q.key_span.range()], "'quoted key'");
        assert_eq!(q.value.as_scalar().unwrap().text, "");
        assert_eq!(q.value.as_scalar().unwrap().quote, Quote::Double);
        assert!(f.get("k1").is_some());
    }

    #[test]
    fn complex_values() {
        let text = "---\n\
base: &b\n  x: 1\n\
copy: *b\n\
tagged: !custom v\n\
description: |\n  First line\n  \tcode\n\n  # not a comment\n\
folded: >-\n  a\n  b\n\
nested:\n  k: v\n\
multi: first\n  second\n\
quoted: 'one\n  two'\n\
map: {a: 1}\n\
items:\n  - a: 1\n  - b\n\
deep:\n  - - x\n\
after: ok\n\
---\n";
        let f = fm(text);
        assert_eq!(f.error, None, "{:?}", f.error);
        for key in [
            "base",
            "copy",
            "tagged",
            "description",
            "folded",
            "nested",
            "multi",
            "quoted",
            "map",
            "items",
            "deep",
        ] {
            assert_eq!(f.get(key).unwrap().value, Value::Complex, "{key}");
        }
        assert_eq!(scalar(&f, "after").text, "ok");
        assert_eq!(
            &text[f.get("description").unwrap().span.range()],
            "description: |\n  First line\n  \tcode\n\n  # not a comment"
        );
    }

    #[test]
    fn bad_line_without_colon() {
        let text = "---\ntitle: x\nstatus Done\npriority: low\n---\n";
        let f = fm(text);
        let e = f.error.clone().unwrap();
        assert_eq!(line_of(text, e.offset), "status Done");
        assert_eq!(e.offset, text.find("status").unwrap());
        assert_eq!(f.entries.len(), 2);
        let text = "---\nstatus Done\n---\n";
        let e = fm(text).error.unwrap();
        assert_eq!(e.offset, 4);
    }

    #[test]
    fn yaml_errors_have_offsets() {
        let text = "---\ntitle: x\nbad: b: c\n---\n";
        let e = fm(text).error.unwrap();
        assert_eq!(line_of(text, e.offset), "bad: b: c");
        assert!(e.message.starts_with("mapping values"), "{}", e.message);

        let text = "---\nparent:\n    a: 1\n  b: 2\nz: 1\n---\n";
        let e = fm(text).error.unwrap();
        assert_eq!(line_of(text, e.offset), "  b: 2", "{e:?}");

        let text = "---\na: 'open\nb: c\n---\n";
        let f = fm(text);
        assert!(f.error.is_some());
        assert_eq!(f.get("a").unwrap().value, Value::Complex);

        let text = "---\na: 1\na: 2\n---\n";
        let e = fm(text).error.unwrap();
        assert_eq!(line_of(text, e.offset), "a: 2");
        assert_eq!(e.message, "duplicate mapping key: a");

        let text = "---\nlist:\n\t- a\n---\n";
        let e = fm(text).error.unwrap();
        assert_eq!(line_of(text, e.offset), "\t- a");

        let text = "---\n- a\n- b\n---\n";
        assert!(fm(text).error.is_some());
        let text = "---\njust words\n---\n";
        assert_eq!(fm(text).error.unwrap().offset, 4);
        let text = "---\nk: v\n  stray\n---\n";
        assert_eq!(fm(text).get("k").unwrap().value, Value::Complex);
        let text = "---\n  k: v\n---\n";
        assert_eq!(fm(text).error.unwrap().offset, 6);

        for text in [
            "---\nbad: b: c\n---\n",
            "---\na: [1, 2\n---\n",
            "---\na: *nope\n---\n",
            "---\na: \"\\q\"\n---\n",
        ] {
            let e = fm(text).error.unwrap();
            assert!(!e.message.is_empty());
            assert!(!e.message.ends_with('.'));
            assert!(!e.message.contains('\n'));
            assert!(e.message.starts_with(|c: char| !c.is_uppercase()));
            assert!(e.offset >= 4 && e.offset < text.len() - 4, "{text:?} {e:?}");
        }
    }

    #[test]
    fn render_scalar_round_trips() {
        for value in [
            "it's",
            "a: b",
            "#x",
            "yes",
            "\"q\"",
            "",
            " lead",
            "trail ",
            "plain words",
            "x # y",
            "[x]",
            "- a",
            "-1",
            "null",
            "~",
            "back\\slash",
            "tab\there",
            "é日本",
            "ctl\u{1}x",
            "@me",
            "a,b",
            "ends:",
            "---",
        ] {
            for quote in [Quote::Plain, Quote::Single, Quote::Double] {
                let rendered = render_scalar(value, quote).unwrap();
                let text = format!("---\nk: {rendered}\nl: [{rendered}]\n---\n");
                let f = fm(&text);
                assert_eq!(f.error, None, "{value:?} {quote:?} {text:?}");
                assert_eq!(scalar(&f, "k").text, value, "{quote:?} {text:?}");
                assert_eq!(list(&f, "l").0, [value], "{quote:?} {text:?}");
            }
        }
        assert_eq!(render_scalar("it's", Quote::Single).unwrap(), "'it''s'");
        assert_eq!(render_scalar("it's", Quote::Plain).unwrap(), "it's");
        assert_eq!(render_scalar("yes", Quote::Plain).unwrap(), "'yes'");
        assert_eq!(
            render_scalar("\"q\"", Quote::Double).unwrap(),
            "\"\\\"q\\\"\""
        );
        assert_eq!(render_scalar("a\nb", Quote::Double), None);
        assert_eq!(render_scalar("a\rb", Quote::Plain), None);
    }

    #[test]
    fn plain_safety() {
        for ok in [
            "Done",
            "In Progress",
            "task-12",
            "12",
            "1.5",
            "a:b",
            "-x",
            "x#y",
            "é",
        ] {
            assert!(plain_safe(ok), "{ok}");
        }
        for bad in [
            "", " a", "a ", "a: b", "a:", "a #b", "#a", "&a", "*a", "!a", "|", ">", "'a", "\"a",
            "%a", "@a", "`a", "- a", "-", "?", "True", "NO", "off", "Null", "~", "y", "a\nb", "[a",
            "{a", "a,b",
        ] {
            assert!(!plain_safe(bad), "{bad:?}");
        }
    }

    #[test]
    fn render_entry_reads_back() {
        for (key, value) in [
            ("status", "Done"),
            ("title", "Fix: the thing"),
            ("flag", "true"),
            ("empty", ""),
            ("multi", "a\nb"),
            ("my key", "x"),
            ("a: b", "c"),
            ("#k", "v"),
            ("yes", "v"),
        ] {
            let line = render_entry(key, value);
            let text = format!("---\n{line}\n---\n");
            let f = fm(&text);
            assert_eq!(f.error, None, "{text:?}");
            assert_eq!(f.entries.len(), 1);
            assert_eq!(f.entries[0].key, key, "{text:?}");
            if value.contains('\n') {
                assert_eq!(f.entries[0].value.as_scalar().unwrap().text, value);
            } else {
                assert_eq!(scalar(&f, key).text, value, "{text:?}");
            }
        }
        assert_eq!(render_entry("status", "Done"), "status: Done");
        assert_eq!(render_entry("flag", "yes"), "flag: 'yes'");
        assert_eq!(render_entry("multi", "a\nb"), "multi: \"a\\nb\"");
    }

    /// A tiny deterministic generator (no extra crates).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
    }

    const PIECES: &[&str] = &[
        "a", "Z", "1", " ", "  ", "'", "\"", "\\", ":", ": ", "#", " #", "-", "- ", "[", "]", ",",
        "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "?", "~", "\t", "é", "日", "\u{1}",
        "\u{7f}", "\u{85}", "\u{2028}", "\u{feff}", "yes", "null", "true", ".", "---", "x", "\\n",
        "''",
    ];

    #[test]
    fn generated_values_round_trip() {
        let mut rng = Lcg(42);
        for n in 0..600 {
            let len = rng.next() % 7;
            let mut value = String::new();
            for _ in 0..len {
                value.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
            }
            let quote = [Quote::Plain, Quote::Single, Quote::Double][n % 3];
            let text =
                "---\ntitle: old # keep\ntags: [one, 'two']\nlist:\n  - \"first\"\nend: x\n---\n";
            let f = fm(text);
            let t = scalar(&f, "title");
            let t = Scalar { quote, ..t.clone() };
            let edited = replace(text, t.raw, &replacement(&t, &value).unwrap());
            let g = fm(&edited);
            assert_eq!(g.error, None, "{value:?} {edited:?}");
            assert_eq!(scalar(&g, "title").text, value, "{edited:?}");
            assert!(edited.contains(" # keep\n"));
            assert_eq!(scalar(&g, "end").text, "x");

            // The same value as a flow list item and a block list item.
            let Value::List { items, .. } = &f.get("tags").unwrap().value else {
                panic!()
            };
            let edited = replace(text, items[1].raw, &render_scalar(&value, quote).unwrap());
            let g = fm(&edited);
            assert_eq!(g.error, None, "{value:?} {edited:?}");
            assert_eq!(list(&g, "tags").0, ["one", value.as_str()], "{edited:?}");
            let Value::List { items, .. } = &f.get("list").unwrap().value else {
                panic!()
            };
            let edited = replace(text, items[0].raw, &render_scalar(&value, quote).unwrap());
            let g = fm(&edited);
            assert_eq!(g.error, None, "{value:?} {edited:?}");
            assert_eq!(list(&g, "list").0, [value.as_str()], "{edited:?}");

            let line = render_entry("k", &value);
            let g = fm(&format!("---\n{line}\n---\n"));
            assert_eq!(g.error, None, "{line:?}");
            assert_eq!(scalar(&g, "k").text, value, "{line:?}");
            // A YAML parser reads the same string (numbers aside).
            let parsed: std::collections::BTreeMap<String, serde_json::Value> =
                serde_saphyr::from_str(&line).unwrap();
            match &parsed["k"] {
                serde_json::Value::String(s) => assert_eq!(s, &value, "{line:?}"),
                other => assert!(other.is_number(), "{line:?} {other:?}"),
            }
        }
    }

    /// Where the reader finds a scalar or a list and saphyr reports no error, both agree on the
    /// strings.
    #[test]
    fn agrees_with_saphyr() {
        let mut rng = Lcg(99);
        let mut checked = 0;
        for _ in 0..1500 {
            let mut body = String::new();
            for k in 0..1 + rng.next() % 3 {
                body.push_str(&format!("k{k}:"));
                if rng.next().is_multiple_of(4) {
                    body.push('\n');
                    for _ in 0..1 + rng.next() % 2 {
                        body.push_str("  - ");
                        for _ in 0..rng.next() % 4 {
                            body.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
                        }
                        body.push('\n');
                    }
                } else {
                    body.push(' ');
                    for _ in 0..rng.next() % 5 {
                        body.push_str(PIECES[(rng.next() as usize) % PIECES.len()]);
                    }
                    body.push('\n');
                }
            }
            let text = format!("---\n{body}---\n");
            let f = fm(&text);
            if f.error.is_some() {
                continue;
            }
            let Ok(parsed) = serde_saphyr::from_str::<
                std::collections::BTreeMap<String, serde_json::Value>,
            >(&body) else {
                continue;
            };
            let same = |s: &Scalar, v: &serde_json::Value| match v {
                serde_json::Value::String(t) => assert_eq!(&s.text, t, "{text:?}"),
                serde_json::Value::Null => assert_eq!(s.text, "", "{text:?}"),
                _ => assert_eq!(s.quote, Quote::Plain, "{text:?}"),
            };
            for e in &f.entries {
                let v = parsed
                    .get(&e.key)
                    .unwrap_or_else(|| panic!("{text:?} {parsed:?}"));
                match &e.value {
                    Value::Scalar(s) => {
                        same(s, v);
                        checked += 1;
                    }
                    Value::List { items, .. } => {
                        let arr = v.as_array().unwrap_or_else(|| panic!("{text:?}"));
                        assert_eq!(arr.len(), items.len(), "{text:?}");
                        for (s, v) in items.iter().zip(arr) {
                            same(s, v);
                        }
                        checked += 1;
                    }
                    Value::Complex => {}
                }
            }
        }
        assert!(checked > 300, "{checked}");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut rng = Lcg(7);
        let pieces: Vec<&str> = PIECES
            .iter()
            .copied()
            .chain([
                "\n", "\r\n", "\r", "\n---\n", "k: ", "\n  ", "\n- ", "\"\\u12", "\\x",
            ])
            .collect();
        for _ in 0..400 {
            let mut text = String::from("---\n");
            for _ in 0..rng.next() % 30 {
                text.push_str(pieces[(rng.next() as usize) % pieces.len()]);
            }
            if rng.next().is_multiple_of(2) {
                text.push_str("\n---\n");
            }
            let f = fm(&text);
            if let Some(e) = &f.error {
                assert!(text.is_char_boundary(e.offset) && e.offset <= text.len());
            }
            for e in &f.entries {
                assert!(e.span.end <= text.len() && text.is_char_boundary(e.span.start));
            }
        }
        for text in [
            "---\rtitle: x\r---\r",
            "---\ntitle: a\rstatus: b\n---\n",
            "---\na: \"x\\",
            "---\na: 'x",
            "---\n\"k",
            "---\n'k': ",
            "---\n-",
            "---\nk: [",
            "---\nk: [a,",
            "---\nk: \"\\U0011FFFF\"\n---\n",
        ] {
            let _ = read(text, 0);
        }
        let long = format!("---\nk: {}\n---\n", "ab ".repeat(100_000));
        assert_eq!(scalar(&fm(&long), "k").text.len(), 299_999);
    }
}
