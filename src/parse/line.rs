//! One line of a document as the block scan classifies it, kept in 32 bytes.
//!
//! A parse keeps one record per line (a 20,000-task file has 360,000 lines), and the records
//! were the largest single allocation of `lint`. Offsets are stored in 32 bits, which every
//! document holds: [`Document::read`](crate::document::Document::read) and `from_bytes`
//! refuse files over [`MAX_FILE_BYTES`](crate::document::MAX_FILE_BYTES) (256 MiB). The
//! accessors give `usize` offsets and the [`LineKind`] the rest of the parser matches on.

use crate::document::Span;

/// What a line is, as far as block structure goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// Only white space.
    Blank,
    /// Inside a code block, HTML block or front matter.
    Opaque,
    /// A line of a table (header, delimiter or row); never read as a task line by itself.
    Table {
        /// Start of the table's first line: the same for every line of one table.
        table: usize,
    },
    /// The text line of a heading.
    Heading {
        /// 1–6.
        level: u8,
        /// The heading's text, trimmed, without `#` markers.
        text: Span,
    },
    /// A setext underline or a further line of a multi-line heading.
    HeadingRest,
    /// The first line of a list item.
    Item {
        /// Where the item's text starts (after the marker and any checkbox).
        content: usize,
        /// The checkbox and the character between its brackets: a GFM task-list box
        /// (`[ ]`, `[x]`), or a custom mark (`[/]`, `[-]`) that GFM reads as text.
        checkbox: Option<(Span, char)>,
        /// End of the item (nested content and lazy lines included), per Markdown.
        end: usize,
    },
    /// A thematic break (`---`, `***`): no content, never the end of a task's span.
    Rule,
    /// Any other line of text (paragraph lines, lazy continuations).
    Text,
}

/// One line of the document, in eight 32-bit words.
///
/// `flags` holds the kind's tag (bits 0–2), whether an item has a checkbox (bit 3), the
/// checkbox's length in bytes (bits 4–10: `[`, one character, `]`, so 3 to 6) and its
/// character, or a heading's level (bits 11–31). `indent_eol` holds the indentation in
/// columns (bits 2–31: a tab counts four columns at most, and a document is at most 256 MiB,
/// so it fits) and the line ending's length (bits 0–1: none, LF or CR, CRLF). The words `a`,
/// `b` and `c` are the kind's offsets: a table's first line (`a`); a heading's text (`a..b`);
/// an item's content, end and checkbox start (`a`, `b`, `c`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    start: u32,
    end: u32,
    indent_eol: u32,
    text_start: u32,
    flags: u32,
    a: u32,
    b: u32,
    c: u32,
}

const BLANK: u32 = 0;
const OPAQUE: u32 = 1;
const TABLE: u32 = 2;
const HEADING: u32 = 3;
const HEADING_REST: u32 = 4;
const ITEM: u32 = 5;
const RULE: u32 = 6;
const TEXT: u32 = 7;
const HAS_BOX: u32 = 1 << 3;

/// An offset in 32 bits (see the module docs: no document is longer).
fn narrow(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

fn wide(x: u32) -> usize {
    x as usize
}

impl Line {
    /// A line from its offsets: `start` of the line, `end` of its text (line ending
    /// excluded), `next` line's start, `indent` in columns, first non-blank byte.
    pub(crate) fn new(
        start: usize,
        end: usize,
        next: usize,
        indent: usize,
        text_start: usize,
        kind: LineKind,
    ) -> Line {
        let eol = next.saturating_sub(end);
        debug_assert!(eol <= 2, "a line ending of {eol} bytes");
        let mut line = Line {
            start: narrow(start),
            end: narrow(end),
            indent_eol: eol.min(3) as u32,
            text_start: narrow(text_start),
            flags: 0,
            a: 0,
            b: 0,
            c: 0,
        };
        line.set_indent(indent);
        line.set_kind(kind);
        line
    }

    /// First byte of the line.
    pub(crate) fn start(&self) -> usize {
        wide(self.start)
    }

    /// End of the line's text (line ending excluded).
    pub(crate) fn end(&self) -> usize {
        wide(self.end)
    }

    /// Start of the next line (line ending included).
    pub(crate) fn next(&self) -> usize {
        wide(self.end) + wide(self.indent_eol & 3)
    }

    /// Indentation in columns (a tab advances to the next multiple of 4).
    pub(crate) fn indent(&self) -> usize {
        wide(self.indent_eol >> 2)
    }

    /// First non-blank byte.
    pub(crate) fn text_start(&self) -> usize {
        wide(self.text_start)
    }

    /// Classification.
    pub(crate) fn kind(&self) -> LineKind {
        let f = self.flags;
        match f & 7 {
            BLANK => LineKind::Blank,
            OPAQUE => LineKind::Opaque,
            TABLE => LineKind::Table {
                table: wide(self.a),
            },
            HEADING => LineKind::Heading {
                level: (f >> 11) as u8,
                text: Span::new(wide(self.a), wide(self.b)),
            },
            HEADING_REST => LineKind::HeadingRest,
            ITEM => LineKind::Item {
                content: wide(self.a),
                checkbox: (f & HAS_BOX != 0).then(|| {
                    let len = wide((f >> 4) & 0x7f);
                    let c = char::from_u32(f >> 11).unwrap_or(' ');
                    (Span::new(wide(self.c), wide(self.c) + len), c)
                }),
                end: wide(self.b),
            },
            RULE => LineKind::Rule,
            _ => LineKind::Text,
        }
    }

    pub(crate) fn set_kind(&mut self, kind: LineKind) {
        let (flags, a, b, c) = match kind {
            LineKind::Blank => (BLANK, 0, 0, 0),
            LineKind::Opaque => (OPAQUE, 0, 0, 0),
            LineKind::Table { table } => (TABLE, narrow(table), 0, 0),
            LineKind::Heading { level, text } => (
                HEADING | u32::from(level) << 11,
                narrow(text.start),
                narrow(text.end),
                0,
            ),
            LineKind::HeadingRest => (HEADING_REST, 0, 0, 0),
            LineKind::Item {
                content,
                checkbox,
                end,
            } => {
                let (flags, c) = match checkbox {
                    Some((mark, ch)) => {
                        let len = mark.end.saturating_sub(mark.start);
                        debug_assert!(len <= 0x7f, "a checkbox of {len} bytes");
                        (
                            ITEM | HAS_BOX | (len.min(0x7f) as u32) << 4 | u32::from(ch) << 11,
                            narrow(mark.start),
                        )
                    }
                    None => (ITEM, 0),
                };
                (flags, narrow(content), narrow(end), c)
            }
            LineKind::Rule => (RULE, 0, 0, 0),
            LineKind::Text => (TEXT, 0, 0, 0),
        };
        (self.flags, self.a, self.b, self.c) = (flags, a, b, c);
    }

    pub(crate) fn set_indent(&mut self, indent: usize) {
        self.indent_eol = (narrow(indent).min(u32::MAX >> 2) << 2) | (self.indent_eol & 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_record_is_small_and_gives_back_what_it_was_given() {
        assert!(
            std::mem::size_of::<Line>() <= 32,
            "{}",
            std::mem::size_of::<Line>()
        );
        let kinds = [
            LineKind::Blank,
            LineKind::Opaque,
            LineKind::Table { table: 7 },
            LineKind::Heading {
                level: 3,
                text: Span::new(4, 9),
            },
            LineKind::HeadingRest,
            LineKind::Item {
                content: 12,
                checkbox: Some((Span::new(6, 9), 'x')),
                end: 40,
            },
            LineKind::Item {
                content: 2,
                checkbox: None,
                end: 3,
            },
            LineKind::Item {
                content: 14,
                checkbox: Some((Span::new(8, 13), '\u{2713}')),
                end: u32::MAX as usize,
            },
            LineKind::Heading {
                level: 6,
                text: Span::new(0, 0),
            },
            LineKind::Rule,
            LineKind::Text,
        ];
        for kind in kinds {
            let l = Line::new(1, 2, 3, 4, 5, kind);
            assert_eq!(
                (l.start(), l.end(), l.next(), l.indent(), l.text_start()),
                (1, 2, 3, 4, 5)
            );
            assert_eq!(l.kind(), kind);
        }
        // Every line ending: none (the last line), LF or a lone CR, CRLF; and a wide indent.
        for eol in 0..=2 {
            let l = Line::new(10, 20, 20 + eol, 1 << 29, 12, LineKind::Text);
            assert_eq!((l.end(), l.next(), l.indent()), (20, 20 + eol, 1 << 29));
        }
    }
}
