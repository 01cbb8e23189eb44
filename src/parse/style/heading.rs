//! Heading task: a heading led by an ID (`### T-128: Title`), or a heading that carries its
//! status after a separator (`### 3. Offline sync — Status: approved`). Its body runs to the
//! next heading of any level, except a deeper heading named like a field.
//!
//! This file also drives every heading line of the walk: it asks the table, numbered-area
//! and legend notations in turn, and a heading none of them takes becomes a section. It must
//! not read field lines itself (the body grammar does).

use crate::document::Span;
use crate::model::schema::is_schema_heading;
use crate::model::{Field, FieldKey, FieldStyle, Task, TaskStyle, lead_id, outline_at};
use crate::parse::TaskFile;

use super::super::recognize::Walker;
use super::super::scan::{Line, LineKind};
use super::Notation;
use super::legend::is_legend_heading;

/// The heading notation in the registry.
pub(super) struct Heading;

impl Notation for Heading {
    fn name(&self) -> &'static str {
        "heading"
    }

    fn field_block(&self, task: &Task) -> Option<bool> {
        (task.style == TaskStyle::Heading).then_some(true)
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::Heading).then_some("heading")
    }
}

/// True when a heading's text makes it a task heading whatever its body holds (an explicit or
/// strong leading ID), as `Walker::heading` decides.
pub(crate) fn id_led_heading(text: &str) -> bool {
    if is_schema_heading(text) {
        return false;
    }
    let lead = lead_id(text, false);
    lead.id
        .is_some_and(|id| lead.explicit || text[id].contains(['-', '_', '.']))
}

impl Walker<'_> {
    /// A heading at line `i`: a task (this notation or a numbered area), or a section, a
    /// schema section or a legend. Returns the next line to read.
    pub(crate) fn heading(&mut self, i: usize, level: u8, text: Span) -> usize {
        let body_end = self.task_body_end(i + 1, level);
        let t = &self.text[text.range()];
        let legend = is_legend_heading(t);
        self.legend = false;
        // A heading over a task table is the table's group, not a task itself.
        let group = !legend && self.holds_task_table(i + 1..body_end);
        if !is_schema_heading(t) && !legend && !group {
            let lead = lead_id(t, false);
            if let Some(id) = lead.id.clone() {
                let strong = t[id.clone()].contains(['-', '_', '.']);
                if lead.explicit || strong {
                    let id = Span::new(text.start + id.start, text.start + id.end);
                    let title =
                        Span::new(text.start + lead.title.start, text.start + lead.title.end);
                    self.build(
                        TaskStyle::Heading,
                        i,
                        Some(id),
                        title,
                        None,
                        i + 1..body_end,
                    );
                    return body_end;
                }
            }
            // `#### 🚧 OPS-21: Guard`, `### 2.4 — Persist the cache` over a checklist.
            if self.decorated_heading(i, level, text, body_end) {
                return body_end;
            }
            // `### 3. Offline sync — Status: approved`: the heading carries its status. The
            // title must hold more than the outline number (`# 0. - status: x` has none).
            if let Some((title_end, field)) = heading_status(self.text, text)
                && let skip = outline_at(t).unwrap_or(0)
                && let lead_ws = t[skip..].len() - t[skip..].trim_start().len()
                && text.start + skip + lead_ws < title_end
            {
                let title = Span::new(text.start + skip + lead_ws, title_end);
                self.pending.push(field);
                self.build(TaskStyle::Heading, i, None, title, None, i + 1..body_end);
                return body_end;
            }
            if self.numbered_area(i, level, text, body_end) {
                return body_end;
            }
        }
        self.push_section(level, t.to_string());
        self.legend = legend;
        if is_schema_heading(t) {
            self.read_schema(text, i + 1..body_end);
        }
        if legend {
            self.read_legend(i + 1..body_end);
        }
        i + 1
    }

    /// Where a heading task's body ends (see [`body_end`]).
    pub(crate) fn task_body_end(&self, from: usize, level: u8) -> usize {
        body_end(self.text, self.lines, from, level)
    }
}

/// Where the body of a heading at `level` that starts at line `from` ends: at the next
/// heading, unless that heading is deeper and named like a field (`#### Acceptance Criteria`
/// under `### T-1`), which continues it. The walk and the line accounting both use it.
pub(crate) fn body_end(text: &str, lines: &[Line], from: usize, level: u8) -> usize {
    let mut j = from;
    loop {
        j = (j..lines.len())
            .find(|&k| matches!(lines[k].kind(), LineKind::Heading { .. }))
            .unwrap_or(lines.len());
        match lines.get(j).map(|l| l.kind()) {
            Some(LineKind::Heading { level: l, text: t }) if l > level => {
                let t = text[t.range()].trim_end_matches(':');
                if crate::model::canonical_key(t).is_none() {
                    return j;
                }
                j += 1;
            }
            _ => return j,
        }
    }
}

/// A status written at the end of a heading after a separator (`Title — Status: approved`):
/// the end of the title and the status field.
pub(crate) fn heading_status(text: &str, heading: Span) -> Option<(usize, Field)> {
    let t = &text[heading.range()];
    let lower = t.to_ascii_lowercase();
    let at = lower.rfind("status:")?;
    let b = t[..at].trim_end().trim_end_matches(['*', '(']).trim_end();
    let sep = ["—", "–", "-", "|"].iter().find(|s| {
        b.strip_suffix(**s)
            .is_some_and(|r| r.ends_with(' ') && !r.trim().is_empty())
    })?;
    let title = b[..b.len() - sep.len()].trim_end();
    let value_start = at + "status:".len();
    let raw = &t[value_start..];
    let value = raw.trim().trim_end_matches([')', '*']).trim();
    if value.is_empty() {
        return None;
    }
    let vs = heading.start + value_start + (raw.len() - raw.trim_start().len());
    let key_start = heading.start + at;
    Some((
        heading.start + title.len(),
        Field::from(crate::model::FieldParts {
            key: t[at..at + 6].into(),
            canon: Some(FieldKey::Status),
            key_span: Span::new(key_start, key_start + 6),
            value: value.into(),
            value_span: Span::new(vs, vs + value.len()),
            items: crate::model::ThinVec::new(),
            span: Span::new(key_start, vs + value.len()),
            bullet: false,
            style: FieldStyle::Plain,
        }),
    ))
}
