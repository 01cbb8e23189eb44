//! One line of a document as the block scan classifies it, kept in 44 bytes.
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

/// [`LineKind`] with 32-bit offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Packed {
    Blank,
    Opaque,
    Table(u32),
    Heading(u8, u32, u32),
    HeadingRest,
    Item {
        content: u32,
        checkbox: Option<(u32, u32, char)>,
        end: u32,
    },
    Rule,
    Text,
}

/// One line of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    start: u32,
    end: u32,
    next: u32,
    indent: u32,
    text_start: u32,
    kind: Packed,
}

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
        Line {
            start: narrow(start),
            end: narrow(end),
            next: narrow(next),
            indent: narrow(indent),
            text_start: narrow(text_start),
            kind: pack(kind),
        }
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
        wide(self.next)
    }

    /// Indentation in columns (a tab advances to the next multiple of 4).
    pub(crate) fn indent(&self) -> usize {
        wide(self.indent)
    }

    /// First non-blank byte.
    pub(crate) fn text_start(&self) -> usize {
        wide(self.text_start)
    }

    /// Classification.
    pub(crate) fn kind(&self) -> LineKind {
        match self.kind {
            Packed::Blank => LineKind::Blank,
            Packed::Opaque => LineKind::Opaque,
            Packed::Table(t) => LineKind::Table { table: wide(t) },
            Packed::Heading(level, s, e) => LineKind::Heading {
                level,
                text: Span::new(wide(s), wide(e)),
            },
            Packed::HeadingRest => LineKind::HeadingRest,
            Packed::Item {
                content,
                checkbox,
                end,
            } => LineKind::Item {
                content: wide(content),
                checkbox: checkbox.map(|(s, e, c)| (Span::new(wide(s), wide(e)), c)),
                end: wide(end),
            },
            Packed::Rule => LineKind::Rule,
            Packed::Text => LineKind::Text,
        }
    }

    pub(crate) fn set_kind(&mut self, kind: LineKind) {
        self.kind = pack(kind);
    }

    pub(crate) fn set_indent(&mut self, indent: usize) {
        self.indent = narrow(indent);
    }
}

fn pack(kind: LineKind) -> Packed {
    match kind {
        LineKind::Blank => Packed::Blank,
        LineKind::Opaque => Packed::Opaque,
        LineKind::Table { table } => Packed::Table(narrow(table)),
        LineKind::Heading { level, text } => {
            Packed::Heading(level, narrow(text.start), narrow(text.end))
        }
        LineKind::HeadingRest => Packed::HeadingRest,
        LineKind::Item {
            content,
            checkbox,
            end,
        } => Packed::Item {
            content: narrow(content),
            checkbox: checkbox.map(|(s, c)| (narrow(s.start), narrow(s.end), c)),
            end: narrow(end),
        },
        LineKind::Rule => Packed::Rule,
        LineKind::Text => Packed::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_record_is_small_and_gives_back_what_it_was_given() {
        assert!(
            std::mem::size_of::<Line>() <= 44,
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
    }
}
