//! Edits as data: `(span, replacement)` pairs applied to the original text.
//!
//! An edit never re-renders Markdown: bytes outside the edited spans are copied unchanged.
//! The edit commands and `lint --fix` build their changes from model spans and apply them
//! here; applying no edit returns the input byte for byte.
//!
//! This module owns only text in memory: it must not touch the disk. Writing the result is
//! [`crate::fs`]'s job.

use thiserror::Error;

use crate::document::Span;

/// Replace the bytes of `span` with `replacement` (an insertion when the span is empty, a
/// deletion when the replacement is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What replaces them.
    pub replacement: String,
}

/// Why a set of edits could not be applied.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    /// Two edits touch the same bytes.
    #[error("edits overlap at bytes {0}..{1}")]
    Overlap(usize, usize),
    /// An edit reaches past the end of the text or splits a character.
    #[error("edit span {0}..{1} is not a valid range of the text")]
    BadSpan(usize, usize),
}

/// Applies `edits` to `text` in one pass and returns the new text.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(
        text.len() + edits.iter().map(|e| e.replacement.len()).sum::<usize>(),
    );
    let mut at = 0;
    for e in order {
        let Span { start, end } = e.span;
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return Err(EditError::BadSpan(start, end));
        }
        if start < at {
            return Err(EditError::Overlap(start, at));
        }
        out.push_str(&text[at..start]);
        out.push_str(&e.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit {
            span: Span::new(s, e),
            replacement: r.to_string(),
        }
    }

    #[test]
    fn applies_in_any_order_and_keeps_the_rest() {
        let text = "Status: READY\r\nPriority: P2";
        let out = apply(text, &[edit(25, 27, "P1"), edit(8, 13, "DONE")]).unwrap();
        assert_eq!(out, "Status: DONE\r\nPriority: P1");
        assert_eq!(apply(text, &[]).unwrap(), text);
    }

    #[test]
    fn refuses_overlaps_and_bad_spans() {
        assert_eq!(
            apply("abcdef", &[edit(1, 4, "x"), edit(3, 5, "y")]),
            Err(EditError::Overlap(3, 4))
        );
        assert_eq!(
            apply("é", &[edit(1, 2, "x")]),
            Err(EditError::BadSpan(1, 2))
        );
        assert_eq!(
            apply("ab", &[edit(1, 9, "x")]),
            Err(EditError::BadSpan(1, 9))
        );
    }
}
