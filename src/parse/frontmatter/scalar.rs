//! One scalar's spelling: decoding a quoted, plain or flow-list scalar from its bytes, and
//! writing a value back in a given quoting style ([`render_scalar`], [`replacement`],
//! [`render_entry`]). It must not walk lines or entries (that is `scan`).

use super::scan::{is_ws, skip_ws};
use super::{Quote, Scalar, Span};

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

/// A single- or double-quoted scalar starting at `at` and closed on the same line.
pub(super) fn quoted_at(text: &str, at: usize, end: usize) -> Option<Scalar> {
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
pub(super) fn single_at(text: &str, at: usize, end: usize) -> Option<(String, usize)> {
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
pub(super) fn double_at(text: &str, at: usize, end: usize) -> Option<(String, usize)> {
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
pub(super) fn plain_at(text: &str, at: usize, end: usize, flow: bool) -> Option<(Scalar, usize)> {
    let bytes = text.as_bytes();
    let first = bytes[at];
    // `@` and a backtick are reserved by YAML but read here as the plain text they start,
    // as Backlog.md writes them (`assignee: @ana`); `FrontMatter::reserved` lists them.
    match first {
        b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'{' | b'}' | b'[' | b']' | b',' | b'#'
        | b'\'' | b'"' => return None,
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
pub(super) fn flow_list(text: &str, at: usize, end: usize) -> Option<(Vec<Scalar>, Span)> {
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
