//! Plain line: a paragraph line led by an ID and a separator (`C4 — Title`). Its body runs to
//! the next heading, thematic break, task, or title-like line.
//!
//! This file also drives every plain text line of the walk: a line that is not ID-led may
//! still start a titled block (see `titled`). It must not read field lines itself.

use crate::document::Span;
use crate::model::{Task, TaskStyle, lead_id};
use crate::parse::TaskFile;

use super::super::inline::title_like;
use super::super::recognize::Walker;
use super::super::scan::LineKind;
use super::Notation;

/// The plain-line notation in the registry.
pub(super) struct PlainLine;

impl Notation for PlainLine {
    fn name(&self) -> &'static str {
        "plain line"
    }

    fn field_block(&self, task: &Task) -> Option<bool> {
        (task.style == TaskStyle::Line).then_some(true)
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::Line).then_some("ID-led line")
    }
}

impl Walker<'_> {
    /// A text line at line `i`: a plain-line or titled task, with the lines of its body.
    /// Returns the next line to read.
    pub(crate) fn text_line(&mut self, i: usize) -> usize {
        let Some((id, title)) = self.line_task_head(i) else {
            return i + 1;
        };
        let kind = if id.is_some() {
            TaskStyle::Line
        } else {
            TaskStyle::Titled
        };
        let mut j = i + 1;
        while j < self.lines.len() {
            let l = self.lines[j];
            match l.kind() {
                LineKind::Heading { .. } | LineKind::Rule => break,
                LineKind::Text if l.indent() == 0 => {
                    let t = &self.text[l.text_start()..l.end()];
                    if self.line_task_head(j).is_some() || title_like(t) {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        self.build(kind, i, id, title, None, i + 1..j);
        j
    }

    /// The ID and title of a line task (`C4 — Title`) or a titled task starting at line `i`.
    fn line_task_head(&self, i: usize) -> Option<(Option<Span>, Span)> {
        let line = self.lines[i];
        let t = &self.text[line.text_start()..line.end()];
        let base = line.text_start();
        let lead = lead_id(t, false);
        if let Some(id) = lead.id
            && lead.separated
        {
            let title = Span::new(base + lead.title.start, base + lead.title.end);
            return Some((Some(Span::new(base + id.start, base + id.end)), title));
        }
        self.titled_head(i).map(|title| (None, title))
    }
}
