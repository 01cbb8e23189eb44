//! Titled block: a plain title line directly followed by a known-field bullet
//! (`Fix the login` then `- Priority: P0`). The title line has no ID; the body runs like a
//! plain line's (see `plain_line`, which drives text lines).
//!
//! It must not take a line that is itself a field line or is indented.

use crate::document::Span;
use crate::model::{Task, TaskStyle};
use crate::parse::TaskFile;

use super::super::inline::field_at;
use super::super::recognize::Walker;
use super::super::scan::LineKind;
use super::Notation;

/// The titled-block notation in the registry.
pub(super) struct Titled;

impl Notation for Titled {
    fn name(&self) -> &'static str {
        "titled block"
    }

    fn field_block(&self, task: &Task) -> Option<bool> {
        (task.style == TaskStyle::Titled).then_some(true)
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::Titled).then_some("titled paragraph")
    }
}

impl Walker<'_> {
    /// The title of a titled block whose title line is line `i`.
    pub(crate) fn titled_head(&self, i: usize) -> Option<Span> {
        let line = self.lines[i];
        let t = &self.text[line.text_start()..line.end()];
        let base = line.text_start();
        if line.indent() > 0 || field_at(t).is_some() {
            return None;
        }
        let next = self.lines.get(i + 1)?;
        let LineKind::Item {
            content,
            checkbox: None,
            ..
        } = next.kind()
        else {
            return None;
        };
        let m = field_at(&self.text[content..next.end()])?;
        let key =
            crate::model::canonical_key(&self.text[content + m.key.start..content + m.key.end])?;
        key.marks_task()
            .then(|| Span::new(base, base + t.trim_end().len()))
    }
}
