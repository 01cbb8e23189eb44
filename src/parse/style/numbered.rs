//! Numbered area: a heading with an outline number (`## 3) Offline sync`) whose body holds
//! fields or labelled lists, or a level-3+ heading whose body starts with a known field. The
//! task is the whole section; its fields are the body's field lines.
//!
//! It is a heading task once read, so `todo doctor` labels it with the heading notation, and
//! its values are field lines (replaced and inserted by the shared field-line grammar). It
//! must not take a section whose top-level checkboxes are tasks of their own.

use crate::document::Span;
use crate::model::{TaskStyle, outline_at};

use super::super::inline::{field_at, label_at};
use super::super::recognize::Walker;
use super::super::scan::LineKind;
use super::Notation;

/// The numbered-area notation in the registry (its tasks are labelled as headings).
pub(super) struct Numbered;

impl Notation for Numbered {
    fn name(&self) -> &'static str {
        "numbered area"
    }
}

/// What a heading's body holds, as far as deciding whether the heading is a task.
#[derive(Default)]
struct Signals {
    known_field: bool,
    label_list: bool,
    top_checkbox: bool,
    starts_with_field: bool,
}

impl Walker<'_> {
    /// Builds the heading at line `i` as a numbered-area task when its body says so; false
    /// leaves the heading to be a section.
    pub(crate) fn numbered_area(&mut self, i: usize, level: u8, text: Span, end: usize) -> bool {
        let t = &self.text[text.range()];
        let sig = self.signals(i + 1..end);
        let outline = outline_at(t);
        let numbered =
            outline.is_some() && (sig.known_field || sig.label_list) && !sig.top_checkbox;
        if !(numbered || (level >= 3 && sig.starts_with_field)) {
            return false;
        }
        let skip = outline.unwrap_or(0);
        let rest = &t[skip..];
        let lead_ws = rest.len() - rest.trim_start().len();
        let title = Span::new(text.start + skip + lead_ws, text.end);
        self.build(TaskStyle::Heading, i, None, title, None, i + 1..end);
        true
    }

    fn signals(&self, body: std::ops::Range<usize>) -> Signals {
        let mut s = Signals::default();
        let mut first = true;
        for j in body {
            let l = self.lines[j];
            let (start, checkbox) = match l.kind() {
                LineKind::Blank
                | LineKind::Opaque
                | LineKind::Table { .. }
                | LineKind::HeadingRest
                | LineKind::Rule => {
                    continue;
                }
                LineKind::Item {
                    content, checkbox, ..
                } => (content, checkbox.is_some()),
                LineKind::Text => (l.text_start(), false),
                LineKind::Heading { .. } => break,
            };
            let t = &self.text[start..l.end()];
            if checkbox && l.indent() < 2 {
                s.top_checkbox = true;
            }
            let known = !checkbox
                && field_at(t).is_some_and(|m| {
                    crate::model::canonical_key(&t[m.key]).is_some_and(|k| k.marks_task())
                });
            if first && known {
                s.starts_with_field = true;
            }
            s.known_field |= known;
            if matches!(l.kind(), LineKind::Item { .. })
                && !checkbox
                && label_at(t).is_some()
                && self.lines[j + 1..]
                    .iter()
                    .find(|n| n.kind() != LineKind::Blank)
                    .is_some_and(|n| {
                        matches!(n.kind(), LineKind::Item { .. }) && n.indent() > l.indent()
                    })
            {
                s.label_list = true;
            }
            first = false;
        }
        s
    }
}
