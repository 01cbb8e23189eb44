//! The line grammar of a front matter block: lines, top-level `key: value` entries, block and
//! flow lists, and where a quoted scalar or flow collection left open on a line ends. It must
//! not decode or render a scalar's spelling (that is `scalar`) nor judge YAML validity beyond
//! what span-editing needs (that is `validate`).

use super::scalar::{double_at, flow_list, plain_at, quoted_at, single_at};
use super::{
    BAD_INDENT, Entry, FmError, NOT_ENTRY, Quote, STRAY_ITEM, Scalar, Span, TAB_INDENT, Value,
};

/// One line: `start..end` is its content, `next` the start of the following line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) next: usize,
}

/// The line starting at `pos`. Lines end at `\n`; a `\r` just before it is not content.
pub(super) fn line_at(text: &str, pos: usize) -> Line {
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
pub(super) fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches([' ', '\t']);
    line == "---" || (closing && line == "...")
}

/// A comment line: optional spaces/tabs, then `#`.
pub(super) fn is_comment(s: &str) -> bool {
    s.trim_start_matches([' ', '\t']).starts_with('#')
}

pub(super) fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Number of leading spaces.
pub(super) fn indent(s: &str) -> usize {
    s.bytes().take_while(|&b| b == b' ').count()
}

/// `-` followed by a space, a tab or the end of the line.
fn is_item(s: &str) -> bool {
    let b = s.as_bytes();
    b.first() == Some(&b'-') && matches!(b.get(1), None | Some(b' ' | b'\t'))
}

pub(super) fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Skips spaces and tabs in `text[pos..end]`.
pub(super) fn skip_ws(text: &str, mut pos: usize, end: usize) -> usize {
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

pub(super) struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) lines: &'a [Line],
    pub(super) entries: Vec<Entry>,
    pub(super) error: Option<FmError>,
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

    pub(super) fn run(&mut self) {
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
