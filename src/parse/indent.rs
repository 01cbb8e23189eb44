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
}

/// Every line that moves, in line order; empty when no list line is mis-indented.
pub(crate) fn shifts(doc: &Document, lines: &[Line]) -> Vec<Shift> {
    let text = doc.text();
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    // Folded lines of the current paragraph: (indent, content column they stand for).
    let mut folded: Vec<(usize, usize)> = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        if l.kind == LineKind::Blank {
            continue;
        }
        let mut popped: Vec<Open> = Vec::new();
        while stack.last().is_some_and(|o| o.end <= l.start) {
            popped.extend(stack.pop());
        }
        let t = &text[l.text_start..l.end];
        let plain = !t.starts_with('>') && !has_tab(text, l);
        match l.kind {
            LineKind::Item { end, .. } if marker_len(t).is_some() => {
                folded.clear();
                let content = content_column(t).map_or(l.indent + 2, |c| l.indent + c);
                // The innermost item just closed that starts left of this one: if this line
                // stops short of its content column, it was meant as its child.
                let meant = popped
                    .iter()
                    .find(|o| o.marker < l.indent)
                    .filter(|o| plain && l.indent >= o.marker + 2 && l.indent < o.content);
                let mut delta = stack.last().map_or(0, |o| o.delta);
                if let Some(p) = meant {
                    let target = p.content as isize + p.delta;
                    delta = target - l.indent as isize;
                    out.push(Shift {
                        line: n,
                        folded: false,
                        indent: l.indent,
                        target: usize::try_from(target).ok(),
                        parent: Some(p.line),
                    });
                }
                stack.push(Open {
                    line: n,
                    marker: l.indent,
                    content,
                    end,
                    delta,
                });
            }
            LineKind::Text if marker_len(t).is_some() => {
                while folded.last().is_some_and(|f| f.0 >= l.indent) {
                    folded.pop();
                }
                let parent = stack.iter().rev().find(|o| o.marker < l.indent);
                let base = folded.last().map_or_else(
                    || parent.map_or(0, |o| o.content as isize + o.delta),
                    |f| f.1 as isize,
                );
                let target = usize::try_from(base).ok().filter(|_| plain);
                if let Some(target) = target {
                    let c = content_column(t).unwrap_or(2);
                    folded.push((l.indent, target + c));
                }
                out.push(Shift {
                    line: n,
                    folded: true,
                    indent: l.indent,
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
    text[l.start..l.text_start].contains('\t')
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
}
