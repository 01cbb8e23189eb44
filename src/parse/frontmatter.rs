//! YAML front matter, read by span.
//!
//! Task files may open with a `---` fenced YAML block (Backlog.md task files, per-task
//! files). [`read`] finds the block and reads its top-level entries so that every key and
//! value knows its byte range in the file: the caller reads task fields from them and edits one
//! scalar in place (see [`render_scalar`] and [`replacement`]), keeping comments, key order,
//! quoting and flow/block style. Nothing here re-renders YAML.
//!
//! The reader is a small line grammar that understands what task files use: `key: scalar`,
//! quoted scalars, block lists and one-line flow lists. Anything else (anchors, tags, block
//! scalars, nested maps, multi-line scalars) is [`Value::Complex`]: readable by a YAML parser,
//! not editable by span. Validity is checked by `serde_saphyr`, whose first error is reported
//! with a byte offset into the whole file, together with the line grammar's own checks.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::MessageFormatter as _;

use crate::document::Span;

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
    let error = if close.is_none() {
        Some(FmError {
            message: NOT_CLOSED.to_string(),
            offset: start,
        })
    } else {
        let yaml = yaml_error(text, body, &lines);
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
    })
}

/// The text that replaces `scalar.raw` to hold `value`, in the scalar's own quoting.
///
/// Single → `'v'` with `'` doubled; Double → `"v"` escaped; Plain → `v` as is when it is safe as
/// a plain scalar (see [`plain_safe`]), else single-quoted. Plain or Single values holding a
/// character YAML only accepts escaped (control characters, NEL, LS, PS, BOM) are
/// double-quoted instead. Returns `None` when `value` contains a line break (`\n`, `\r`).
pub(crate) fn render_scalar(value: &str, quote: Quote) -> Option<String> {
    if value.contains(['\n', '\r']) {
        return None;
    }
    let needs_escape = value.chars().any(needs_escape);
    Some(match quote {
        Quote::Double => double_quoted(value),
        _ if needs_escape => double_quoted(value),
        Quote::Plain if plain_safe(value) => value.to_string(),
        Quote::Plain | Quote::Single => single_quoted(value),
    })
}

/// The text that replaces `scalar.raw` so that the scalar holds `value`: [`render_scalar`], with
/// a leading space when the scalar is empty (an empty `key:` value has no space after the
/// colon to reuse). `None` when `value` contains a line break.
pub(crate) fn replacement(scalar: &Scalar, value: &str) -> Option<String> {
    let rendered = render_scalar(value, scalar.quote)?;
    Some(if scalar.raw.is_empty() {
        format!(" {rendered}")
    } else {
        rendered
    })
}

/// A new top-level line `key: value` (without line ending), quoting the value only when a plain
/// scalar would change its meaning. Line breaks in `value` are written as `\n` escapes in a
/// double-quoted scalar; the key is quoted when it could not be read back as a plain key.
pub(crate) fn render_entry(key: &str, value: &str) -> String {
    let key = if plain_key_safe(key) {
        key.to_string()
    } else if key.contains(['\n', '\r']) || key.chars().any(needs_escape) {
        double_quoted(key)
    } else {
        single_quoted(key)
    };
    let value = if value.contains(['\n', '\r']) {
        double_quoted(value)
    } else {
        render_scalar(value, Quote::Plain).unwrap_or_else(|| double_quoted(value))
    };
    format!("{key}: {value}")
}

/// True when `value` can be written as a plain YAML scalar and reads back as the same string.
///
/// Not empty, no leading/trailing whitespace, no line break or character that needs escaping,
/// no flow indicator `,[]{}` (so it is also safe inside a flow list), does not start with an
/// indicator (`-?:` are fine when followed by a non-space), no `: `, trailing `:` or ` #`
/// inside, and not a word YAML reads as a non-string (`true`, `false`, `yes`, `no`, `on`,
/// `off`, `y`, `n`, `null`, `~`, any case). Numbers count as safe.
pub(crate) fn plain_safe(value: &str) -> bool {
    let bytes = value.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if value.starts_with([' ', '\t']) || value.ends_with([' ', '\t']) {
        return false;
    }
    if value
        .chars()
        .any(|c| matches!(c, '\n' | '\r' | ',' | '[' | ']' | '{' | '}') || needs_escape(c))
    {
        return false;
    }
    let indicator = match first {
        b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => true,
        b'-' | b'?' | b':' => bytes.len() == 1 || matches!(bytes[1], b' ' | b'\t'),
        _ => false,
    };
    if indicator {
        return false;
    }
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        if b == b':' && matches!(next, None | Some(b' ' | b'\t')) {
            return false;
        }
        if matches!(b, b' ' | b'\t') && next == Some(b'#') {
            return false;
        }
    }
    // `---` / `...` would close the block if the value ever started a line.
    if value.starts_with("---") || value.starts_with("...") {
        return false;
    }
    !is_special_word(value)
}

// ---------------------------------------------------------------------------------------------
// Lines

/// One line: `start..end` is its content, `next` the start of the following line.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

/// The line starting at `pos`. Lines end at `\n`; a `\r` just before it is not content.
fn line_at(text: &str, pos: usize) -> Line {
    let bytes = text.as_bytes();
    match memchr::memchr(b'\n', &bytes[pos..]) {
        Some(i) => {
            let nl = pos + i;
            let end = if nl > pos && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            Line {
                start: pos,
                end,
                next: nl + 1,
            }
        }
        None => Line {
            start: pos,
            end: text.len(),
            next: text.len(),
        },
    }
}

/// `---` (or, for a closing fence, `...`) followed only by spaces and tabs.
fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches([' ', '\t']);
    line == "---" || (closing && line == "...")
}

/// A comment line: optional spaces/tabs, then `#`.
fn is_comment(s: &str) -> bool {
    s.trim_start_matches([' ', '\t']).starts_with('#')
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Number of leading spaces.
fn indent(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b' ').count()
}

/// `-` followed by a space, a tab or the end of the line.
fn is_item(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() == Some(&b'-') && matches!(b.get(1), None | Some(b' ' | b'\t'))
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Skips spaces and tabs in `text[pos..end]`.
fn skip_ws(text: &str, mut pos: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while pos < end && is_ws(bytes[pos]) {
        pos += 1;
    }
    pos
}

/// True when `text[pos..end]` is only spaces/tabs, possibly followed by a comment (a `#` after
/// at least one space/tab, or at `pos` itself when `pos` follows whitespace already).
fn only_comment_after(text: &str, pos: usize, end: usize) -> bool {
    let after = skip_ws(text, pos, end);
    after == end || (text.as_bytes()[after] == b'#' && after > pos)
}

// ---------------------------------------------------------------------------------------------
// Entries

struct Reader<'a> {
    text: &'a str,
    lines: &'a [Line],
    entries: Vec<Entry>,
    error: Option<FmError>,
}

/// What follows a `key:` or a `-` on its own line.
enum Inline {
    /// Nothing, or only a comment.
    Empty,
    Scalar(Scalar),
    Flow(Vec<Scalar>, Span),
    Complex,
}

impl Reader<'_> {
    fn fail(&mut self, offset: usize, message: &str) {
        if self.error.is_none() {
            self.error = Some(FmError {
                message: message.to_string(),
                offset,
            });
        }
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.lines[i];
            let s = &self.text[line.start..line.end];
            if is_blank(s) {
                i += 1;
                continue;
            }
            if is_comment(s) {
                i += 1;
                continue;
            }
            let ind = indent(s);
            let rest = &s[ind..];
            if rest.starts_with('\t') {
                self.fail(line.start + ind, TAB_INDENT);
                i += 1;
                continue;
            }
            if ind > 0 {
                self.fail(line.start + ind, BAD_INDENT);
                i += 1;
                continue;
            }
            if is_item(s) {
                self.fail(line.start, STRAY_ITEM);
                i += 1;
                continue;
            }
            match parse_key(self.text, line.start, line.end) {
                Some((key, key_span, after_colon)) => {
                    i = self.entry(i, key, key_span, after_colon);
                }
                None => {
                    self.fail(line.start, NOT_ENTRY);
                    i += 1;
                }
            }
        }
    }

    /// Reads the entry whose key is on line `i`; returns the index of the first line after it.
    fn entry(&mut self, i: usize, key: String, key_span: Span, after_colon: usize) -> usize {
        let text = self.text;
        let line = self.lines[i];
        let inline = parse_inline(text, after_colon, line.end, true);
        let mut pending = matches!(inline, Inline::Empty);
        let mut complex = matches!(inline, Inline::Complex);
        let mut last_end = line.end;
        // Block list state: the items' indentation, the items, the list span.
        let mut list_indent: Option<usize> = None;
        let mut items = Vec::new();
        let mut list_span = Span::empty(line.end);

        let mut j = i + 1;
        self.swallow_flow(after_colon, line.end, &mut j, &mut last_end);
        while j < self.lines.len() {
            let l = self.lines[j];
            let s = &text[l.start..l.end];
            if is_blank(s) {
                j += 1;
                continue;
            }
            let ind = indent(s);
            let rest = &s[ind..];
            if is_comment(s) {
                // Inside a block scalar or a nested node, an indented `#` line may be content.
                if complex && ind > 0 {
                    last_end = l.end;
                }
                j += 1;
                continue;
            }
            if rest.starts_with('\t') {
                // A tab in column 0 is never indentation; after spaces it may be content (in a
                // block scalar), so leave that to the YAML parser.
                if ind == 0 {
                    self.fail(l.start, TAB_INDENT);
                }
                complex = true;
                pending = false;
                last_end = l.end;
                j += 1;
                continue;
            }
            let item_here = is_item(rest) && (pending || list_indent == Some(ind));
            if ind == 0 && !item_here {
                break;
            }
            if item_here {
                if pending {
                    pending = false;
                    list_indent = Some(ind);
                    list_span.start = l.start + ind;
                }
                let after_dash = l.start + ind + 1;
                list_span.end = l.end;
                last_end = l.end;
                j += 1;
                match parse_inline(text, after_dash, l.end, false) {
                    Inline::Scalar(sc) => items.push(sc),
                    _ => {
                        complex = true;
                        self.swallow_flow(after_dash, l.end, &mut j, &mut last_end);
                    }
                }
                continue;
            }
            // Deeper lines: a nested map, a multi-line scalar, a block scalar's body.
            complex = true;
            pending = false;
            last_end = l.end;
            j += 1;
        }

        let value = if complex {
            Value::Complex
        } else if pending {
            // `key:` with nothing: an empty plain scalar at the end of the key line, or just
            // after the colon when a comment follows.
            let at = if skip_ws(text, after_colon, line.end) == line.end {
                line.end
            } else {
                after_colon
            };
            Value::Scalar(Scalar {
                text: String::new(),
                span: Span::empty(at),
                raw: Span::empty(at),
                quote: Quote::Plain,
            })
        } else if list_indent.is_some() {
            Value::List {
                items,
                flow: false,
                span: list_span,
            }
        } else {
            match inline {
                Inline::Scalar(sc) => Value::Scalar(sc),
                Inline::Flow(items, span) => Value::List {
                    items,
                    flow: true,
                    span,
                },
                Inline::Empty | Inline::Complex => Value::Complex,
            }
        };
        self.entries.push(Entry {
            key,
            key_span,
            value,
            span: Span::new(key_span.start, last_end),
        });
        j
    }
}

impl Reader<'_> {
    /// When the value starting at `from` on a line ending at `end` is a quoted scalar or a flow
    /// collection left open on that line, moves `j` past the lines that continue it (whatever
    /// their indentation) and `last_end` to the end of the last one.
    fn swallow_flow(&self, from: usize, end: usize, j: &mut usize, last_end: &mut usize) {
        let a = skip_ws(self.text, from, end);
        if a >= end || !matches!(self.text.as_bytes()[a], b'\'' | b'"' | b'[' | b'{') {
            return;
        }
        let mut state = scan_flow(self.text, a, end, Flow::default());
        while state.is_open() && *j < self.lines.len() {
            let l = self.lines[*j];
            state = scan_flow(self.text, l.start, l.end, state);
            if !is_blank(&self.text[l.start..l.end]) {
                *last_end = l.end;
            }
            *j += 1;
        }
    }
}

/// Where a scan of quoted scalars and flow collections stands at the end of a line.
#[derive(Debug, Clone, Copy, Default)]
struct Flow {
    /// Open `[`/`{`.
    depth: usize,
    /// The open quote, if any.
    quote: Option<u8>,
}

impl Flow {
    fn is_open(&self) -> bool {
        self.depth > 0 || self.quote.is_some()
    }
}

/// Scans the line part `text[from..end]` for quotes, brackets and comments, from `state`.
/// Stops as soon as everything opened is closed again.
fn scan_flow(text: &str, from: usize, end: usize, mut state: Flow) -> Flow {
    let bytes = text.as_bytes();
    let was_open = state.is_open();
    let mut opened = was_open;
    let mut k = from;
    while k < end {
        let c = bytes[k];
        match state.quote {
            Some(b'\'') => {
                if c == b'\'' {
                    if k + 1 < end && bytes[k + 1] == b'\'' {
                        k += 2;
                        continue;
                    }
                    state.quote = None;
                }
            }
            Some(_) => {
                if c == b'\\' {
                    k += 2;
                    continue;
                }
                if c == b'"' {
                    state.quote = None;
                }
            }
            None => {
                let prev_sep =
                    k == from || matches!(bytes[k - 1], b'[' | b'{' | b',' | b':' | b' ' | b'\t');
                match c {
                    b'\'' | b'"' if prev_sep => state.quote = Some(c),
                    b'[' | b'{' => state.depth += 1,
                    b']' | b'}' => state.depth = state.depth.saturating_sub(1),
                    b'#' if k == from || is_ws(bytes[k - 1]) => break,
                    _ => {}
                }
            }
        }
        opened |= state.is_open();
        if opened && !state.is_open() {
            break;
        }
        k += 1;
    }
    state
}

/// A top-level key on the line `start..end`: the decoded key, its span and the offset just
/// after its colon.
fn parse_key(text: &str, start: usize, end: usize) -> Option<(String, Span, usize)> {
    let bytes = text.as_bytes();
    let first = *bytes.get(start)?;
    if start >= end {
        return None;
    }
    let (key, key_end, colon) = if first == b'\'' || first == b'"' {
        let (decoded, close) = if first == b'\'' {
            single_at(text, start, end)?
        } else {
            double_at(text, start, end)?
        };
        let colon = skip_ws(text, close, end);
        if colon >= end || bytes[colon] != b':' {
            return None;
        }
        (decoded, close, colon)
    } else {
        if matches!(
            first,
            b'#' | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'%'
                | b'@'
                | b'`'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
        ) {
            return None;
        }
        if matches!(first, b'-' | b'?' | b':') && (start + 1 >= end || is_ws(bytes[start + 1])) {
            return None;
        }
        let mut colon = None;
        let mut k = start;
        while k < end {
            let b = bytes[k];
            if b == b'\r' {
                return None;
            }
            if b == b'#' && k > start && is_ws(bytes[k - 1]) {
                return None;
            }
            if b == b':' && (k + 1 == end || is_ws(bytes[k + 1])) {
                colon = Some(k);
                break;
            }
            k += 1;
        }
        let colon = colon?;
        let key = text[start..colon].trim_end_matches([' ', '\t']);
        if key.is_empty() {
            return None;
        }
        (key.to_string(), start + key.len(), colon)
    };
    let after = colon + 1;
    if after < end && !is_ws(bytes[after]) {
        return None;
    }
    Some((key, Span::new(start, key_end), after))
}

/// Reads the value that starts after a `key:` or a `-` at `from`, up to the line end `end`.
fn parse_inline(text: &str, from: usize, end: usize, flow_ok: bool) -> Inline {
    let bytes = text.as_bytes();
    let a = skip_ws(text, from, end);
    if a >= end || bytes[a] == b'#' {
        return Inline::Empty;
    }
    match bytes[a] {
        b'\'' | b'"' => match quoted_at(text, a, end) {
            Some(sc) if only_comment_after(text, sc.raw.end, end) => Inline::Scalar(sc),
            _ => Inline::Complex,
        },
        b'[' if flow_ok => match flow_list(text, a, end) {
            Some((items, span)) if only_comment_after(text, span.end, end) => {
                Inline::Flow(items, span)
            }
            _ => Inline::Complex,
        },
        _ => match plain_at(text, a, end, false) {
            Some((sc, _)) => Inline::Scalar(sc),
            None => Inline::Complex,
        },
    }
}

/// A single- or double-quoted scalar starting at `at` and closed on the same line.
fn quoted_at(text: &str, at: usize, end: usize) -> Option<Scalar> {
    let (decoded, close, quote) = if text.as_bytes()[at] == b'\'' {
        let (d, c) = single_at(text, at, end)?;
        (d, c, Quote::Single)
    } else {
        let (d, c) = double_at(text, at, end)?;
        (d, c, Quote::Double)
    };
    Some(Scalar {
        text: decoded,
        span: Span::new(at + 1, close - 1),
        raw: Span::new(at, close),
        quote,
    })
}

/// A single-quoted scalar at `at` (its `'`): the decoded text and the offset after the closing
/// quote. `None` when not closed before `end` (multi-line or unterminated).
fn single_at(text: &str, at: usize, end: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut seg = at + 1;
    let mut k = at + 1;
    while k < end {
        match bytes[k] {
            b'\'' => {
                out.push_str(&text[seg..k]);
                if k + 1 < end && bytes[k + 1] == b'\'' {
                    out.push('\'');
                    k += 2;
                    seg = k;
                } else {
                    return Some((out, k + 1));
                }
            }
            b'\r' => return None,
            _ => k += 1,
        }
    }
    None
}

/// A double-quoted scalar at `at` (its `"`): the decoded text and the offset after the closing
/// quote. `None` when not closed before `end`, on a line-continuation `\` or a bad escape.
fn double_at(text: &str, at: usize, end: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut seg = at + 1;
    let mut k = at + 1;
    while k < end {
        match bytes[k] {
            b'"' => {
                out.push_str(&text[seg..k]);
                return Some((out, k + 1));
            }
            b'\r' => return None,
            b'\\' => {
                out.push_str(&text[seg..k]);
                let e = *bytes.get(k + 1).filter(|_| k + 1 < end)?;
                let (c, len) = match e {
                    b'0' => ('\0', 2),
                    b'a' => ('\x07', 2),
                    b'b' => ('\x08', 2),
                    b't' | b'\t' => ('\t', 2),
                    b'n' => ('\n', 2),
                    b'v' => ('\x0b', 2),
                    b'f' => ('\x0c', 2),
                    b'r' => ('\r', 2),
                    b'e' => ('\x1b', 2),
                    b' ' => (' ', 2),
                    b'"' => ('"', 2),
                    b'/' => ('/', 2),
                    b'\\' => ('\\', 2),
                    b'N' => ('\u{85}', 2),
                    b'_' => ('\u{a0}', 2),
                    b'L' => ('\u{2028}', 2),
                    b'P' => ('\u{2029}', 2),
                    b'x' | b'u' | b'U' => {
                        let n = match e {
                            b'x' => 2,
                            b'u' => 4,
                            _ => 8,
                        };
                        let hex = text.get(k + 2..k + 2 + n).filter(|_| k + 2 + n <= end)?;
                        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                            return None;
                        }
                        let code = u32::from_str_radix(hex, 16).ok()?;
                        (char::from_u32(code)?, 2 + n)
                    }
                    _ => return None,
                };
                out.push(c);
                k += len;
                seg = k;
            }
            _ => k += 1,
        }
    }
    None
}

/// A plain scalar starting at `at` on one line. In block context it runs to the end of the
/// line or a ` #` comment; in flow context it also stops at `,` and `]`. Returns the scalar and
/// the offset where reading stopped. `None` when the scalar is not a safe one-line plain
/// scalar (indicator start, `: ` inside, flow indicators, stray `\r`).
fn plain_at(text: &str, at: usize, end: usize, flow: bool) -> Option<(Scalar, usize)> {
    let bytes = text.as_bytes();
    let first = bytes[at];
    match first {
        b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'{' | b'}' | b'[' | b']'
        | b',' | b'#' | b'\'' | b'"' => return None,
        b'-' | b'?' | b':' => {
            let next = bytes.get(at + 1).copied().filter(|_| at + 1 < end);
            if next.is_none_or(|b| is_ws(b) || (flow && matches!(b, b',' | b'[' | b']'))) {
                return None;
            }
        }
        _ => {}
    }
    let mut k = at;
    while k < end {
        let b = bytes[k];
        if b == b'\r' {
            return None;
        }
        if b == b'#' && k > at && is_ws(bytes[k - 1]) {
            break;
        }
        if b == b':' {
            let next = bytes.get(k + 1).copied().filter(|_| k + 1 < end);
            if next
                .is_none_or(|n| is_ws(n) || (flow && matches!(n, b',' | b']' | b'[' | b'{' | b'}')))
            {
                return None;
            }
        }
        if flow {
            match b {
                b',' | b']' => break,
                b'[' | b'{' | b'}' => return None,
                _ => {}
            }
        }
        k += 1;
    }
    let raw = text[at..k].trim_end_matches([' ', '\t']);
    let span = Span::new(at, at + raw.len());
    let decoded = if is_null(raw) { "" } else { raw };
    Some((
        Scalar {
            text: decoded.to_string(),
            span,
            raw: span,
            quote: Quote::Plain,
        },
        k,
    ))
}

/// A one-line flow list `[...]` at `at` (its `[`): the items and the span of the brackets.
fn flow_list(text: &str, at: usize, end: usize) -> Option<(Vec<Scalar>, Span)> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut k = at + 1;
    loop {
        k = skip_ws(text, k, end);
        if k >= end {
            return None;
        }
        match bytes[k] {
            b']' => return Some((items, Span::new(at, k + 1))),
            b',' => return None,
            b'\'' | b'"' => {
                let sc = quoted_at(text, k, end)?;
                k = sc.raw.end;
                items.push(sc);
            }
            _ => {
                let (sc, stop) = plain_at(text, k, end, true)?;
                if sc.raw.is_empty() {
                    return None;
                }
                k = stop;
                items.push(sc);
            }
        }
        k = skip_ws(text, k, end);
        if k >= end {
            return None;
        }
        match bytes[k] {
            b',' => k += 1,
            b']' => return Some((items, Span::new(at, k + 1))),
            _ => return None,
        }
    }
}

fn is_null(s: &str) -> bool {
    matches!(s, "null" | "Null" | "NULL" | "~")
}

/// Words some YAML reader takes for something other than a string.
fn is_special_word(s: &str) -> bool {
    if s.len() > 5 {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
    )
}

/// A key that [`parse_key`] reads back as itself without quotes.
fn plain_key_safe(key: &str) -> bool {
    plain_safe(key) && !key.contains(['#', ':']) && !is_special_word(key)
}

// ---------------------------------------------------------------------------------------------
// Rendering

/// Characters YAML only accepts escaped, or that some readers take as line breaks.
fn needs_escape(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n' && c != '\r')
        || (0x7f..=0x9f).contains(&u)
        || matches!(u, 0x2028 | 0x2029 | 0xfeff | 0xfffe | 0xffff)
}

fn single_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

fn double_quoted(value: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if needs_escape(c) => {
                let u = c as u32;
                if u <= 0xff {
                    let _ = write!(out, "\\x{u:02X}");
                } else {
                    let _ = write!(out, "\\u{u:04X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---------------------------------------------------------------------------------------------
// YAML validation

/// What the top level of the YAML document is.
struct TopLevel {
    mapping: bool,
}

struct TopVisitor;

impl<'de> Visitor<'de> for TopVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(TopLevel { mapping: true })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TopLevel { mapping: false })
    }

    fn visit_unit<E: de::Error>(self) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: true })
    }

    fn visit_none<E: de::Error>(self) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: true })
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<TopLevel, D::Error> {
        d.deserialize_any(TopVisitor)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_char<E: de::Error>(self, _: char) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }

    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<TopLevel, E> {
        Ok(TopLevel { mapping: false })
    }
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TopVisitor)
    }
}

/// The first problem `serde_saphyr` finds in the body, at an offset into the whole file.
fn yaml_error(text: &str, body: Span, lines: &[Line]) -> Option<FmError> {
    let first_content = lines.iter().find(|l| {
        let s = &text[l.start..l.end];
        !is_blank(s) && !is_comment(s)
    })?;
    let yaml = &text[body.range()];
    // The parser is not expected to panic; if it ever does, the front matter is still read.
    let parsed = std::panic::catch_unwind(|| serde_saphyr::from_str::<TopLevel>(yaml)).ok()?;
    match parsed {
        Ok(TopLevel { mapping: true }) => None,
        Ok(TopLevel { mapping: false }) => Some(FmError {
            message: NOT_MAPPING.to_string(),
            offset: first_content.start + indent(&text[first_content.start..first_content.end]),
        }),
        Err(err) => {
            let err = err.without_snippet();
            let message = tidy_message(&serde_saphyr::DefaultMessageFormatter.format_message(err));
            let offset = err
                .location()
                .filter(|loc| loc.line() > 0)
                .map(|loc| location_offset(text, body, lines, loc))
                .unwrap_or(first_content.start);
            Some(FmError { message, offset })
        }
    }
}

/// A byte offset into the whole file for a saphyr location in the body.
fn location_offset(text: &str, body: Span, lines: &[Line], loc: serde_saphyr::Location) -> usize {
    let yaml = &text[body.range()];
    if let Some(b) = loc.span().byte_offset()
        && let Ok(b) = usize::try_from(b)
        && b <= yaml.len()
        && yaml.is_char_boundary(b)
    {
        return body.start + b;
    }
    // Fall back on line/column (1-based, columns in characters).
    let line = usize::try_from(loc.line()).unwrap_or(usize::MAX).max(1);
    let Some(l) = lines.get(line - 1) else {
        return body.end;
    };
    let column = usize::try_from(loc.column()).unwrap_or(usize::MAX).max(1);
    text[l.start..l.end]
        .char_indices()
        .nth(column - 1)
        .map_or(l.end, |(i, _)| l.start + i)
}

/// One line, lower-case start, no trailing period, no location suffix.
fn tidy_message(raw: &str) -> String {
    let line = raw.lines().next().unwrap_or("").trim();
    let line = match line.find(" at line ") {
        Some(i) => &line[..i],
        None => line,
    };
    // "duplicate mapping key: a, set DuplicateKeyPolicy in Options if acceptable"
    let line = match line.find(", set DuplicateKeyPolicy") {
        Some(i) => &line[..i],
        None => line,
    };
    let line = line.trim_end_matches('.').trim_end();
    let mut chars = line.chars();
    let mut out = match chars.next() {
        Some(c) => {
            let mut s: String = c.to_lowercase().collect();
            s.push_str(chars.as_str());
            s
        }
        None => String::new(),
    };
    if out.is_empty() {
        out = "invalid YAML".to_string();
    }
    out
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
