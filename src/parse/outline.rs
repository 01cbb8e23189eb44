//! The outline: one cheap line pass that finds a file's top-level ATX headings without a
//! Markdown parse, so that one task can be read without building the model of the whole file.
//!
//! A `#` heading that starts its line, outside a fenced code block and an HTML comment, closes
//! every open container in CommonMark: the Markdown between two such headings parses the same
//! on its own as inside the file. Every task ends at such a heading (see `recognize`), so the
//! file falls into independent windows. The outline only vouches for files it can read
//! exactly: anything that could hide or fake a heading (front matter, setext underlines,
//! headings inside lists or block quotes, HTML blocks, a fence or comment that an outdented
//! line might close) makes it give up, and the caller parses the whole file instead.

use crate::document::{Document, Span};

/// A top-level ATX heading.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OutlineHeading {
    /// Start of the heading's line.
    pub start: usize,
    /// 1–6.
    pub level: u8,
    /// The heading's text, without markers, trimmed.
    pub text: Span,
}

/// The top-level headings of a file, in order.
pub(crate) struct Outline {
    pub headings: Vec<OutlineHeading>,
}

/// Reads the outline of `doc`, or `None` when the file holds structure the line pass cannot
/// read exactly.
pub(crate) fn outline(doc: &Document) -> Option<Outline> {
    let text = doc.text();
    let b = text.as_bytes();
    let base = doc.content_start();
    let mut headings = Vec::new();
    let mut fence: Option<(u8, usize, usize)> = None; // (char, length, indent)
    let mut comment: Option<usize> = None; // indent of the opening line
    let mut prev_blank = true;
    let mut prev_heading = false;
    let mut first = true;
    // A lone CR ends a line for Markdown and for the line index, but it is rare enough that
    // such a file is simply parsed whole.
    if doc.lines().has_lone_cr() {
        return None;
    }
    let starts = doc.lines().starts();
    for (n, &start) in starts.iter().enumerate() {
        let pos = if n == 0 { base } else { start as usize };
        let next = doc.lines().start_or(n + 1, b.len());
        if pos >= next {
            continue; // the empty remainder after a final line ending
        }
        if fence.is_none() && comment.is_none() && b[pos].is_ascii_alphabetic() {
            // Most lines of a task file (fields, prose) start with a letter: no heading,
            // fence, comment, HTML block, container or underline can, so nothing to read.
            first = false;
            prev_blank = false;
            prev_heading = false;
            continue;
        }
        if fence.is_none()
            && comment.is_none()
            && b[pos] == b'-'
            && b.get(pos + 1) == Some(&b' ')
            && b.get(pos + 2)
                .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'[')
        {
            // A bullet before a letter or a box (`- Fix it`, `- [ ] x`): no heading, fence,
            // comment, HTML block or underline either, however the rest of the line reads.
            first = false;
            prev_blank = false;
            prev_heading = false;
            continue;
        }
        let mut end = next;
        while end > pos && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let line = &b[pos..end];
        let (indent, lead) = indentation(line);
        let rest = &line[lead..];
        let blank = rest.is_empty();
        if first {
            first = false;
            if rest.starts_with(b"---") || rest.starts_with(b"+++") {
                return None; // front matter
            }
        }
        if let Some((ch, len, open_indent)) = fence {
            if indent < 4 && is_fence_close(rest, ch, len) {
                fence = None;
            } else if !blank && indent < open_indent {
                return None; // an outdented line may end the list item holding the fence
            }
        } else if let Some(open_indent) = comment {
            if !blank && indent < open_indent {
                return None;
            }
            if memchr::memmem::find(line, b"-->").is_some() {
                comment = None;
            }
        } else if blank {
            // nothing
        } else if indent == 0 && rest[0] == b'#' {
            let level = rest.iter().take_while(|c| **c == b'#').count();
            if level <= 6 && rest.get(level).is_none_or(|c| after_marker(*c)) {
                headings.push(OutlineHeading {
                    start: pos,
                    level: level as u8,
                    text: heading_text(b, pos + level, end),
                });
                prev_blank = false;
                prev_heading = true;
                continue;
            }
        } else if let Some((ch, len)) = fence_open(rest) {
            // Taken as a fence at any indentation: an outdented line inside gives up, so a
            // mistaken fence can only cost the fast path, never hide a heading.
            fence = Some((ch, len, indent));
        } else if rest.starts_with(b"<!--") {
            if memchr::memmem::find(&rest[4..], b"-->").is_none() {
                comment = Some(indent);
            }
        } else if rest[0] == b'<' && indent < 4 {
            return None; // an HTML block
        } else if heading_in_container(rest) {
            return None; // a heading inside a list or a block quote, or indented
        } else if !prev_blank && !prev_heading && maybe_setext_underline(rest) {
            return None; // maybe a setext underline (in a list item or block quote too)
        }
        prev_blank = blank;
        prev_heading = false;
    }
    Some(Outline { headings })
}

/// Indentation in columns and the offset of the first non-blank byte.
fn indentation(line: &[u8]) -> (usize, usize) {
    let mut cols = 0;
    let mut i = 0;
    while i < line.len() {
        match line[i] {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => break,
        }
        i += 1;
    }
    (cols, i)
}

/// A fence opening: three or more backticks (with no backtick in the info string) or tildes.
fn fence_open(rest: &[u8]) -> Option<(u8, usize)> {
    let ch = *rest.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.iter().take_while(|c| **c == ch).count();
    if len < 3 || (ch == b'`' && rest[len..].contains(&b'`')) {
        return None;
    }
    Some((ch, len))
}

/// True for a line that may underline a setext heading: `=` or `-` characters and white
/// space, after any block-quote markers. Its indentation is not looked at: under a list item
/// an underline may be indented four columns or more.
fn maybe_setext_underline(rest: &[u8]) -> bool {
    let start = rest
        .iter()
        .position(|c| *c != b'>' && !after_marker(*c))
        .unwrap_or(rest.len());
    let core = &rest[start..];
    matches!(core.first(), Some(b'=' | b'-'))
        && core.iter().all(|c| *c == core[0] || after_marker(*c))
}

/// A closing fence as pulldown-cmark reads one: only spaces may follow the fence characters
/// (a tab or any other byte there keeps the block open).
fn is_fence_close(rest: &[u8], ch: u8, len: usize) -> bool {
    let n = rest.iter().take_while(|c| **c == ch).count();
    n >= len && rest[n..].iter().all(|c| *c == b' ')
}

/// True for a byte that may follow an ATX heading's `#` marks (or a setext underline):
/// pulldown-cmark (and so the whole parse) takes any ASCII white space there, a line
/// tabulation and a form feed too.
fn after_marker(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | 0x0b | 0x0c)
}

/// True when a line that does not start with `#` holds a heading once block-quote and list
/// markers and indentation are stripped (`> # x`, `- ## x`, `  # x`): the outline does not
/// follow containers, so such a file is parsed whole.
fn heading_in_container(rest: &[u8]) -> bool {
    let mut i = 0;
    loop {
        while i < rest.len() && (rest[i] == b' ' || rest[i] == b'\t') {
            i += 1;
        }
        let Some(&c) = rest.get(i) else {
            return false;
        };
        match c {
            b'#' => {
                let level = rest[i..].iter().take_while(|c| **c == b'#').count();
                return level <= 6 && rest.get(i + level).is_none_or(|c| after_marker(*c));
            }
            b'>' => i += 1,
            b'-' | b'*' | b'+' if rest.get(i + 1).is_some_and(|c| *c == b' ' || *c == b'\t') => {
                i += 1;
            }
            b'0'..=b'9' => {
                let digits = rest[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let after = i + digits;
                if digits <= 9
                    && rest.get(after).is_some_and(|c| *c == b'.' || *c == b')')
                    && rest
                        .get(after + 1)
                        .is_some_and(|c| *c == b' ' || *c == b'\t')
                {
                    i = after + 1;
                } else {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// The text of an ATX heading line: markers and a closing `#` sequence removed, trimmed.
pub(super) fn heading_text(b: &[u8], after_marker: usize, end: usize) -> Span {
    let is_space = |c: u8| c == b' ' || c == b'\t';
    let mut s = after_marker;
    while s < end && is_space(b[s]) {
        s += 1;
    }
    let mut e = end;
    while e > s && is_space(b[e - 1]) {
        e -= 1;
    }
    let mut h = e;
    while h > s && b[h - 1] == b'#' {
        h -= 1;
    }
    if h < e && (h == s || is_space(b[h - 1])) {
        e = h;
        while e > s && is_space(b[e - 1]) {
            e -= 1;
        }
    }
    Span::new(s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heads(src: &str) -> Option<Vec<String>> {
        let doc = Document::from_string("t.md", src.to_string());
        outline(&doc).map(|o| {
            o.headings
                .iter()
                .map(|h| format!("{}:{}", h.level, &src[h.text.range()]))
                .collect()
        })
    }

    #[test]
    fn finds_top_level_headings_outside_code_and_comments() {
        let src = "# A\n\n```sh\n# not\n```\n<!-- x\n# not\n-->\n## B ##\ntext\n### C\n#tag\n";
        assert_eq!(heads(src).unwrap(), ["1:A", "2:B", "3:C"]);
    }

    #[test]
    fn gives_up_on_what_it_cannot_read_exactly() {
        for src in [
            "---\ntitle: x\n---\n# A\n",
            "Title\n=====\n",
            "Title\n---\n",
            "- # inside a list\n",
            "> ## quoted\n",
            "  # indented\n",
            "<details>\n# A\n</details>\n",
            "- item\n  ```\n# A\n",
            "a\rb\n",
        ] {
            assert!(heads(src).is_none(), "{src:?}");
        }
    }

    #[test]
    fn a_rule_after_a_blank_line_or_a_heading_is_fine() {
        assert_eq!(heads("# A\n---\ntext\n\n---\n").unwrap(), ["1:A"]);
    }
}
