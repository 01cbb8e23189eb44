//! The block scan's fast path: a part of a file written in plain Markdown is classified line
//! by line, without the Markdown parser.
//!
//! Most of a large task file is headings, field lines and flat lists. In that subset the
//! block structure is decided by each line's first bytes, so the kinds the scan would take
//! from pulldown-cmark's events can be read directly, at a small fraction of the cost. A part
//! is in the subset when every line is one of:
//!
//! - blank (spaces and tabs only);
//! - at the start of the file, a front matter block: a `---` line at the margin, a first line that starts
//!   with a letter or digit, and every line up to the first that is `---` or `...` (spaces
//!   may follow);
//! - a one-line HTML comment at the margin (`<!-- x -->`), a block of its own;
//! - an ATX heading at the margin: one to six `#` followed by a space or the line's end;
//! - a bullet item at the margin: `- ` and text that starts safely, optionally behind a
//!   box (`[ ]`, `[x]`, `[X]`, or a custom mark such as `[/]`) and one space;
//! - a paragraph line at the margin that starts safely.
//!
//! Text starts safely when its first bytes cannot open a block: a letter, a non-ASCII
//! character, a digit run not followed by `.` or `)`, `#`, `*` or `**` before a letter or
//! digit, one backtick before anything but another, or one of `( " ' / @ . , ; ? ! $ % & { }`. A
//! lone carriage return anywhere, indentation, and every other first byte (`>`, `<`, `|`,
//! `[`, `:`, `=`, `+`, `_`, `~`, a second `-`, …) leave the part to the parser.
//!
//! In the subset the only containers are top-level list items, and an item ends where
//! CommonMark closes it: at the next item, heading or comment, at a paragraph line after a
//! blank line (a paragraph line right after the item's text is a lazy continuation of it), or
//! at the end of the part. `scan::scan_lines` checks every result against the parser in debug
//! builds (the fuzz targets among them), and a property test compares the two on generated
//! parts.

use crate::document::{Document, Span};

use super::inline::custom_box;
use super::line::{Line, LineKind};
use super::scan::heading_text;

/// Gives `lines` (a part from `scan::plain_lines`, `hi` the end of its last line) the kinds
/// the Markdown pass would, and returns true, when every line is in the plain subset; returns
/// false and leaves the kinds as they were otherwise.
pub(super) fn classify(doc: &Document, lines: &mut [Line], hi: usize) -> bool {
    // A lone carriage return ends a line for Markdown and for the line index alike, but such
    // a file is rare enough to go to the parser (as the outline does).
    if lines.is_empty() || doc.lines().has_lone_cr() {
        return false;
    }
    let text = doc.text();
    let b = text.as_bytes();
    let from = match front_matter(b, lines) {
        Some(end) => {
            for l in &mut lines[..=end] {
                l.set_kind(LineKind::Opaque);
            }
            end + 1
        }
        None => 0,
    };
    let mut open: Option<usize> = None;
    let mut paragraph = false;
    for n in from..lines.len() {
        let line = lines[n];
        if line.kind() == LineKind::Blank {
            paragraph = false;
            continue;
        }
        let Some(kind) = (line.indent() == 0)
            .then(|| line_kind(text, &line))
            .flatten()
        else {
            undo(&mut lines[..n]);
            return false;
        };
        match kind {
            LineKind::Heading { .. } | LineKind::Item { .. } | LineKind::Opaque => {
                if let Some(o) = open.take() {
                    close(&mut lines[o], line.start());
                }
                open = matches!(kind, LineKind::Item { .. }).then_some(n);
            }
            _ if !paragraph => {
                if let Some(o) = open.take() {
                    close(&mut lines[o], line.start());
                }
            }
            _ => {} // a lazy continuation of the paragraph (or item text) above
        }
        paragraph = matches!(kind, LineKind::Item { .. } | LineKind::Text);
        lines[n].set_kind(kind);
    }
    if let Some(o) = open {
        close(&mut lines[o], hi);
    }
    true
}

/// The kind of one unindented, non-blank line, or `None` outside the subset. An item's end is
/// left at its line's end, for `close` to set.
fn line_kind(text: &str, line: &Line) -> Option<LineKind> {
    let b = text.as_bytes();
    let at = line.text_start();
    let t = &b[at..line.end()];
    match t.first()? {
        b'#' if !safe_start(t) => {
            let level = t.iter().take_while(|&&c| c == b'#').count();
            let ok = level <= 6 && matches!(t.get(level), None | Some(b' '));
            ok.then(|| LineKind::Heading {
                level: level as u8,
                text: heading_text(text, line, true),
            })
        }
        // The end of a comment after its opening, so that `<!-->` is not taken for one.
        b'<' => (t.starts_with(b"<!--") && memchr::memmem::find(&t[4..], b"-->").is_some())
            .then_some(LineKind::Opaque),
        b'-' => {
            if t.get(1) != Some(&b' ') {
                return None;
            }
            let content = at + 2;
            let (checkbox, content) = match t.get(2)? {
                b'[' => {
                    let (symbol, len) = match t.get(3..5)? {
                        [c @ (b' ' | b'x' | b'X'), b']'] => (char::from(*c), 3),
                        _ => custom_box(&text[content..line.end()])?,
                    };
                    if b.get(content + len) != Some(&b' ') {
                        return None;
                    }
                    let mark = Span::new(content, content + len);
                    (Some((mark, symbol)), content + len + 1)
                }
                _ => (None, content),
            };
            safe_start(&b[content..line.end()]).then_some(LineKind::Item {
                content,
                checkbox,
                end: line.end(),
            })
        }
        _ => safe_start(t).then_some(LineKind::Text),
    }
}

/// True when text starting with `t` cannot open a block of its own (see the module's notes).
fn safe_start(t: &[u8]) -> bool {
    let alnum = |i: usize| t.get(i).is_some_and(u8::is_ascii_alphanumeric);
    match t.first() {
        Some(c) if c.is_ascii_alphabetic() || *c >= 0x80 => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = t.iter().take_while(|c| c.is_ascii_digit()).count();
            !matches!(t.get(digits), Some(b'.' | b')'))
        }
        Some(b'#') => alnum(1),
        Some(b'*') => alnum(1) || (t.get(1) == Some(&b'*') && alnum(2)),
        Some(b'`') => t.get(1).is_some_and(|&c| c != b'`'),
        Some(
            b'(' | b'"' | b'\'' | b'/' | b'@' | b'.' | b',' | b';' | b'?' | b'!' | b'$' | b'%'
            | b'&' | b'{' | b'}',
        ) => true,
        _ => false,
    }
}

/// The last line of the front matter block that `lines` start with, when they start the file
/// with one as pulldown-cmark reads it (see the module's notes).
fn front_matter(b: &[u8], lines: &[Line]) -> Option<usize> {
    let (first, second) = (lines.first()?, lines.get(1)?);
    // At the margin: an indented `---` is a thematic break (the fuzz targets found one read
    // as front matter).
    if first.start() != 0 || first.indent() != 0 || &b[first.text_start()..first.end()] != b"---" {
        return None;
    }
    if !b[second.start()..second.end()]
        .first()
        .is_some_and(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    lines
        .iter()
        .skip(2)
        .position(|l| {
            let t = &b[l.start()..l.end()];
            (t.starts_with(b"---") || t.starts_with(b"...")) && t[3..].iter().all(|&c| c == b' ')
        })
        .map(|k| k + 2)
}

/// Sets the end of the item on `line`.
fn close(line: &mut Line, end: usize) {
    if let LineKind::Item {
        content, checkbox, ..
    } = line.kind()
    {
        line.set_kind(LineKind::Item {
            content,
            checkbox,
            end,
        });
    }
}

/// Gives lines classified before a line outside the subset their plain kinds back.
fn undo(lines: &mut [Line]) {
    for l in lines {
        let blank = l.text_start() == l.end();
        l.set_kind(if blank {
            LineKind::Blank
        } else {
            LineKind::Text
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::scan::{markdown_pass, plain_lines};
    use super::*;
    use crate::document::Document;
    use proptest::prelude::*;

    /// The fast path's kinds when it accepts the text, and the Markdown pass's.
    fn both(src: &str) -> (Option<Vec<Line>>, Vec<Line>) {
        let doc = Document::from_string("t.md", src.to_string());
        let count = doc.lines().starts().len();
        let mut slow = plain_lines(&doc, 0..count);
        markdown_pass(&doc, &mut slow, 0);
        let mut fast = plain_lines(&doc, 0..count);
        let hi = fast.last().map_or(0, |l| l.next());
        let accepted = classify(&doc, &mut fast, hi);
        if !accepted {
            assert_eq!(fast, plain_lines(&doc, 0..count), "kinds left as they were");
        }
        (accepted.then_some(fast), slow)
    }

    #[test]
    fn a_plain_task_file_is_read_as_the_markdown_pass_reads_it() {
        for src in [
            "# Tasks\n\n## T-1: First\nStatus: todo\nContext:\n- one\n- two\nAcceptance:\n\
             - [ ] a\n- [x] b\n- [X] c\n- [/] d\nEffort: S\n\n### T-2\n- x\n\nText after\n",
            "\u{feff}- [ ] a\r\n- [x] b\r\n\r\nPara\r\n# H #\r\n#\n",
            "- item\nlazy line\n\n- next\n\n\n",
            "**Status**: done\n*note* here\n`code` and 2026-01-01 and 12 apples\n- **B**: v\n",
            "Intro\n- a\n## H\n- b\n",
            "- a",
            "---\nid: TASK-1\nlabels:\n  - x\n\n---\n\n## Description\n\n<!-- S:BEGIN -->\n\
             Some text.\n<!-- S:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n\
             - [x] #1 First\n- [ ] #2 Second\n<!-- AC:END -->\n",
            "\u{feff}---\r\ntitle: x\r\n...  \r\n#tag line\r\n",
            "- a\n<!-- c -->\ntext\n",
            "#no space\n",
        ] {
            let (fast, slow) = both(src);
            assert_eq!(fast.as_ref(), Some(&slow), "{src:?}");
        }
    }

    #[test]
    fn anything_else_is_left_to_the_markdown_pass() {
        for src in [
            "  indented\n",
            "- a\n  continued\n",
            "---\n",
            "a\n---\n",
            "a\n===\n",
            "* star\n",
            "+ plus\n",
            "1. one\n",
            "2) two\n",
            "1.5 hours\n",
            "> quote\n",
            "<div>\n",
            "```\ncode\n```\n",
            "~~~\n",
            "| a | b |\n",
            "a | b\n--|--\n",
            "[ref]: /url\n",
            "####### seven\n",
            "#\tTab\n",
            "- \n",
            "-\n",
            "- - x\n",
            "- # h\n",
            "-  two spaces\n",
            "- [ ]\n",
            "- [ ]x\n",
            "- [ ] # h\n",
            "- [[x]] y\n",
            "a\rb\n",
            "***\n",
            "** x\n",
            "``` x\n",
            "_x_\n",
            "\tTab\n",
            "\\# x\n",
            "<!-- open\n",
            "<!-->\n",
            "##x\n",
            "---\n\nx\n---\n",
            "---\na: 1\n",
            "---\na: 1\n----\n",
            "x\n---\na: 1\n---\n",
            " ---\ni\n---",
            "    ---\n1\n---\n",
        ] {
            assert_eq!(both(src).0, None, "{src:?}");
        }
    }

    /// Lines in and around the subset, four in the subset to one outside it, so that many
    /// generated parts are accepted.
    fn piece() -> impl Strategy<Value = &'static str> {
        let inside = prop::sample::select(vec![
            "",
            "  ",
            "# Title",
            "## T-1: Sub ##",
            "###### six",
            "#",
            "#no space",
            "#1 tag",
            "- item",
            "- [ ] open",
            "- [x] done",
            "- [X] Done",
            "- [/] half",
            "- [~] dropped",
            "- [ ] #1 step",
            "- `code`",
            "- *em*",
            "- **B**: v",
            "**Bold**: v",
            "*em*",
            "Status: todo",
            "plain words",
            "12 apples",
            "2026-01-01 date",
            "`code` x",
            "<!-- c -->",
            "é accent",
            "(paren) & more",
            "...",
            "--- ",
        ]);
        let outside = prop::sample::select(vec![
            "####### seven",
            "##x",
            "- [ ]",
            "- [ ]x",
            "- [ ] [l]: x",
            "- ",
            "-",
            "--",
            "---",
            "- - x",
            "- # h",
            "- #",
            "- 1. n",
            "- > q",
            "* star",
            "***",
            "1. one",
            "2) two",
            "```",
            "~~~",
            "> quote",
            "<div>",
            "<!--",
            "-->",
            "<!-->",
            "| a | b |",
            "|---|---|",
            "a | b",
            "--|--",
            ":--",
            "  indented",
            "    code",
            "  - nested",
            "\tTab",
            "[ref]: /url",
            "===",
            "a\rb",
        ]);
        prop_oneof![4 => inside, 1 => outside]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn whenever_the_fast_path_accepts_a_part_it_agrees_with_the_markdown_pass(
            lines in proptest::collection::vec(piece(), 0..12),
            crlf in any::<bool>(),
            last in any::<bool>(),
            bom in any::<bool>(),
            front in prop::sample::select(vec!["", "---\nid: 1\n", " ---\nid: 1\n", "---\n\n"]),
        ) {
            let mut src = String::from(if bom { "\u{feff}" } else { "" });
            src.push_str(front);
            src.push_str(&lines.join(if crlf { "\r\n" } else { "\n" }));
            if last {
                src.push('\n');
            }
            let (fast, slow) = both(&src);
            if let Some(fast) = fast {
                proptest::prop_assert_eq!(fast, slow, "{:?}", src);
            }
        }
    }
}
