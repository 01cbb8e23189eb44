//! Indentation near misses: list lines whose indentation makes Markdown read them otherwise
//! than their author evidently meant.
//!
//! Two shapes, both found in one forward pass over the classified lines with a stack of the
//! open list items:
//!
//! - a *folded* line: a line written as a list item (`- [x] step`) that CommonMark folds into
//!   the paragraph above as continuation text, typically because it stops short of the
//!   content column of the item above and stands four or more columns past the content of
//!   the item (or document) that does contain it;
//! - a *sibling* item: a list item indented past its predecessor's marker by two columns or
//!   more but short of that item's content column (`   - x` under `12. Title`), which
//!   CommonMark makes a sibling (or a new list) instead of a child.
//!
//! For each, the column the author evidently meant is the content column of the item it
//! follows (after that item's own correction): moving the line there makes it that item's
//! child. The result is one [`Shift`] per line that moves; lines with a tab in their
//! indentation are reported but get no target (only leading spaces may change).

use crate::document::Document;

use super::scan::{Line, LineKind};

/// How one line should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shift {
    /// The line's index (0-based).
    pub line: usize,
    /// True when Markdown folded the line into a paragraph; false for a sibling item.
    pub folded: bool,
    /// The line's indentation in columns.
    pub indent: usize,
    /// The column the author evidently meant, when it can be written with spaces only.
    pub target: Option<usize>,
    /// The line (0-based) of the item the line belongs under, when there is one.
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Open {
    line: usize,
    marker: usize,
    content: usize,
    end: usize,
    /// How far the item itself moves (columns; its content column moves as much).
    delta: isize,
    /// The item's own shift, when it moves under an item (how far, and that item's line): its
    /// later siblings move with it.
    shift: Option<(isize, usize)>,
}

/// Every line that moves, in line order; empty when no list line is mis-indented.
pub(crate) fn shifts(doc: &Document, lines: &[Line]) -> Vec<Shift> {
    let text = doc.text();
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Folded lines of the current paragraph: (indent, content column they stand for).
    let mut folded: Vec<(usize, usize)> = Vec::new();
    // Items closed at the current line (kept from line to line: most item lines close one).
    let mut popped: Vec<Open> = Vec::new();
    // Moved items closed at an earlier line, while only text indented past their marker has
    // come since (`- [x]` then `   more` is no paragraph to continue: the text line closes
    // the item and the list): a later item at the same column is still their sibling.
    let mut carried: Vec<Open> = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        let kind = l.kind();
        if kind == LineKind::Blank {
            continue;
        }
        popped.clear();
        while stack.last().is_some_and(|o| o.end <= l.start()) {
            popped.extend(stack.pop());
        }
        // Only list lines are read further: headings and most text lines just end a fold.
        if !matches!(kind, LineKind::Item { .. } | LineKind::Text) {
            folded.clear();
            carried.clear();
            continue;
        }
        if matches!(kind, LineKind::Text) {
            carried.retain(|o| o.marker < l.indent());
            carried.extend(
                popped
                    .iter()
                    .filter(|o| o.shift.is_some() && o.marker < l.indent()),
            );
        }
        let t = &text[l.text_start()..l.end()];
        let plain = !t.starts_with('>') && !has_tab(text, l);
        match kind {
            LineKind::Item { end, .. } if marker_len(t).is_some() => {
                folded.clear();
                let content = content_column(t).map_or(l.indent() + 2, |c| l.indent() + c);
                // The innermost item just closed that starts left of this one: if this line
                // stops short of its content column, it was meant as its child.
                let meant = popped
                    .iter()
                    .find(|o| o.marker < l.indent())
                    .filter(|o| plain && l.indent() >= o.marker + 2 && l.indent() < o.content);
                // A later sibling of an item that moves under its parent was meant there too:
                // moved alone, the first would leave the rest a list of their own.
                let sibling = popped
                    .iter()
                    .chain(&carried)
                    .find(|o| o.marker == l.indent())
                    .and_then(|o| o.shift)
                    .filter(|_| plain && meant.is_none());
                carried.clear();
                let mut delta = stack.last().map_or(0, |o| o.delta);
                let mut shift = None;
                let moved = match (meant, sibling) {
                    (Some(p), _) => Some((p.content as isize + p.delta, p.line)),
                    (None, Some((d, parent))) => Some((l.indent() as isize + d, parent)),
                    (None, None) => None,
                };
                if let Some((target, parent)) = moved {
                    delta = target - l.indent() as isize;
                    shift = Some((delta, parent));
                    out.push(Shift {
                        line: n,
                        folded: false,
                        indent: l.indent(),
                        target: usize::try_from(target).ok(),
                        parent: Some(parent),
                    });
                }
                stack.push(Open {
                    line: n,
                    marker: l.indent(),
                    content,
                    end,
                    delta,
                    shift,
                });
            }
            LineKind::Text if marker_len(t).is_some() => {
                while folded.last().is_some_and(|f| f.0 >= l.indent()) {
                    folded.pop();
                }
                let parent = stack.iter().rev().find(|o| o.marker < l.indent());
                let base = folded.last().map_or_else(
                    || parent.map_or(0, |o| o.content as isize + o.delta),
                    |f| f.1 as isize,
                );
                let target = usize::try_from(base).ok().filter(|_| plain);
                if let Some(target) = target {
                    let c = content_column(t).unwrap_or(2);
                    folded.push((l.indent(), target + c));
                }
                out.push(Shift {
                    line: n,
                    folded: true,
                    indent: l.indent(),
                    target,
                    parent: parent.map(|o| o.line),
                });
            }
            _ => folded.clear(),
        }
    }
    out.retain(|s| s.target != Some(s.indent));
    out
}

fn has_tab(text: &str, l: &Line) -> bool {
    l.text_start() > l.start() && text[l.start()..l.text_start()].contains('\t')
}

/// Length of a list marker at the start of `t` (`-`, `*`, `+`, `1.`, `1)`) when a space, a
/// tab or the end of the line follows it.
pub(crate) fn marker_len(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    let n = match b.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(b.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match b.get(n) {
        None | Some(b' ' | b'\t') => Some(n),
        _ => None,
    }
}

/// The content column of a list item line relative to its marker: after the marker and one to
/// four spaces (one when more follow, or when the line is only the marker).
fn content_column(t: &str) -> Option<usize> {
    let n = marker_len(t)?;
    let spaces = t[n..].bytes().take_while(|&c| c == b' ').count();
    Some(if spaces == 0 || spaces > 4 || n + spaces == t.len() {
        n + 1
    } else {
        n + spaces
    })
}

/// The block scan of the lenient reading (`--lenient-markdown`): the lines of `doc` as
/// Markdown reads them once every line that [`shifts`] moves stands at its target column, with
/// every offset mapped back to `doc`'s own bytes. `None` when nothing moves.
pub(crate) fn scan_as_meant(doc: &Document, lines: &[Line]) -> Option<Vec<Line>> {
    let text = doc.text();
    let edits: Vec<crate::edit::Edit> = shifts(doc, lines)
        .into_iter()
        .filter_map(|s| {
            let l = lines[s.line];
            s.target.map(|t| crate::edit::Edit {
                span: crate::document::Span::new(
                    l.start().max(doc.content_start()),
                    l.text_start(),
                ),
                replacement: " ".repeat(t),
            })
        })
        .collect();
    if edits.is_empty() {
        return None;
    }
    let fixed_text = crate::edit::apply(text, &edits).ok()?;
    let fixed = Document::from_string(doc.path(), fixed_text);
    let moved = super::scan::scan(&fixed);
    if moved.len() != lines.len() {
        return None;
    }
    let starts: Vec<usize> = moved.iter().map(|l| l.start()).collect();
    // An offset of the re-indented text, on the same line of the original.
    let back = |o: usize| -> usize {
        let n = starts.partition_point(|&s| s <= o).saturating_sub(1);
        let (m, l) = (moved[n], lines[n]);
        if o >= m.next() && n + 1 == lines.len() {
            return text.len();
        }
        if o < m.text_start() {
            l.start().max(doc.content_start())
        } else {
            (l.text_start() + (o - m.text_start())).min(l.next())
        }
    };
    let span = |s: crate::document::Span| crate::document::Span::new(back(s.start), back(s.end));
    Some(
        moved
            .iter()
            .zip(lines)
            .map(|(m, l)| {
                let kind = match m.kind() {
                    LineKind::Item {
                        content,
                        checkbox,
                        end,
                    } => LineKind::Item {
                        content: back(content),
                        checkbox: checkbox.map(|(c, ch)| (span(c), ch)),
                        end: back(end),
                    },
                    LineKind::Heading { level, text } => LineKind::Heading {
                        level,
                        text: span(text),
                    },
                    LineKind::Table { table } => LineKind::Table { table: back(table) },
                    k => k,
                };
                let mut line = *l;
                line.set_indent(m.indent());
                line.set_kind(kind);
                line
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shifted(src: &str) -> Vec<(usize, bool, Option<usize>)> {
        let doc = Document::from_string("t.md", src.to_string());
        let lines = super::super::scan::scan(&doc);
        shifts(&doc, &lines)
            .into_iter()
            .map(|s| (s.line + 1, s.folded, s.target))
            .collect()
    }

    #[test]
    fn the_ordered_item_with_a_short_bullet_and_folded_boxes() {
        let src = "12. [x] Title\n   - Phases:\n    - [x] one\n    - [ ] two\n";
        assert_eq!(
            shifted(src),
            [(2, false, Some(4)), (3, true, Some(6)), (4, true, Some(6))]
        );
    }

    #[test]
    fn siblings_move_together_past_text_that_closed_their_list() {
        // An empty box leaves no paragraph to continue, so `   packed` closes the item and
        // its list; the next item at the same column is still the moved item's sibling.
        let src = "4. Trip\n  - [x]\n   packed\n  - [ ]\n   tent\n  - [ ] lamp\n";
        assert_eq!(
            shifted(src),
            [
                (2, false, Some(3)),
                (4, false, Some(3)),
                (6, false, Some(3))
            ]
        );
        // Text back at the item's column or left of it ends the run.
        let src = "4. Trip\n  - [x]\n  packed\n  - [ ] lamp\n";
        assert_eq!(shifted(src), [(2, false, Some(3))]);
    }

    #[test]
    fn well_indented_lists_do_not_move() {
        for src in [
            "- a\n  - b\n    - c\n",
            "1. a\n   - b\n",
            "- a\n - b\n",
            "text\n- a\n\n    code\n",
            "- a\n\n  para\n",
        ] {
            assert_eq!(shifted(src), [], "{src:?}");
        }
    }

    #[test]
    fn folded_lines_under_a_paragraph_and_deeper_folds() {
        assert_eq!(
            shifted("Criteria:\n    - [ ] a\n      - [ ] b\n"),
            [(2, true, Some(0)), (3, true, Some(2))]
        );
        assert_eq!(shifted("1. a\n  - b\n"), [(2, false, Some(3))]);
        assert_eq!(shifted("- a\n\t- [ ] b\n"), [], "a tab nests");
    }

    #[test]
    fn the_lenient_reading_maps_every_offset_back() {
        let src = "12. [x] Title\n   - Phases:\n    - [x] one\n    - [ ] two\n";
        let doc = Document::from_string("t.md", src.to_string());
        let lines = super::super::scan::scan(&doc);
        let meant = scan_as_meant(&doc, &lines).unwrap();
        for (m, l) in meant.iter().zip(&lines) {
            assert_eq!(
                (m.start(), m.end(), m.text_start()),
                (l.start(), l.end(), l.text_start())
            );
        }
        let LineKind::Item { checkbox, end, .. } = meant[2].kind() else {
            panic!("{:?}", meant[2]);
        };
        assert_eq!(&src[checkbox.unwrap().0.range()], "[x]");
        assert!(end <= src.len());
        let LineKind::Item { end, .. } = meant[0].kind() else {
            panic!()
        };
        assert_eq!(end, src.len(), "item 12 holds every line");
    }
}
