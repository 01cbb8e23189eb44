//! Legend: a section under a heading named like a legend (`## Status legend`), or a
//! two-column `| Status | Meaning |` table anywhere. Its `- [~] In progress` items declare
//! the file's custom checkbox marks, and its tables the allowed values of a field (and, for
//! a status, the state each value stands for). A legend holds no tasks.
//!
//! This file owns the file-local lookups that follow from a legend: the state of a checkbox
//! mark and of a status value. It must not take a legend's items as tasks.

use crate::document::Span;
use crate::model::schema::{Schema, SchemaField, SchemaSource};
use crate::model::{FieldKey, State, canonical_key};

use super::super::recognize::Walker;
use super::super::scan::LineKind;
use super::super::table::Table;
use super::Notation;
use super::list_item::is_custom_mark;
use super::table_row::{header_word, header_words};

/// The legend notation in the registry (it declares; it holds no task to label or edit).
pub(super) struct Legend;

impl Notation for Legend {
    fn name(&self) -> &'static str {
        "legend"
    }
}

/// True for a heading that introduces a legend (`Status legend`, `Legend`): its checkbox
/// items declare custom checkbox states and its tables declare allowed values; neither holds
/// tasks.
pub(crate) fn is_legend_heading(text: &str) -> bool {
    text.to_ascii_lowercase().contains("legend")
}

/// True for a two-column table headed by a field and its meaning (`| Status | Meaning |`).
pub(super) fn is_legend_header(t: &Table) -> bool {
    let words = header_words(t);
    words.len() == 2
        && matches!(
            canonical_key(&words[0]),
            Some(FieldKey::Status | FieldKey::Priority)
        )
        && ["meaning", "description", "definition", "means"].contains(&words[1].as_str())
}

impl Walker<'_> {
    /// The state of a checkbox character, with this file's legend first.
    pub(crate) fn box_state(&self, symbol: char) -> State {
        self.boxes
            .iter()
            .find(|(c, _)| *c == symbol)
            .map_or_else(|| self.states.box_state(symbol), |(_, s)| *s)
    }

    /// A legend section: `- [~] In progress` items declare checkbox states; a table whose
    /// first column is headed by a field name (or sits under a `Status legend` heading)
    /// enumerates that field's values, and its second column their meaning (and so state).
    pub(crate) fn read_legend(&mut self, body: std::ops::Range<usize>) {
        self.legend_seen = true;
        let heading = self.innermost().map(|(_, t)| t.clone()).unwrap_or_default();
        let mut j = body.start;
        while j < body.end {
            let l = self.lines[j];
            match l.kind() {
                LineKind::Item {
                    content,
                    checkbox: Some((_, symbol)),
                    ..
                } => {
                    if is_custom_mark(symbol)
                        && let Some(state) =
                            self.states.state_of(self.text[content..l.end()].trim())
                    {
                        self.boxes.push((symbol, state));
                    }
                    j += 1;
                }
                LineKind::Table { table } => {
                    let end = self.table_end(j, table);
                    if let Some(t) = self.read_table(j..end) {
                        self.legend_table(&heading, &t, Span::new(l.start(), l.end()));
                    }
                    j = end;
                }
                _ => j += 1,
            }
        }
    }

    pub(crate) fn legend_table(&mut self, heading: &str, t: &Table, at: Span) {
        self.legend_seen = true;
        let first = t.header.cells.first().map(|c| header_word(&c.text));
        let key = first
            .as_deref()
            .and_then(canonical_key)
            .or_else(|| canonical_key(heading.split_whitespace().next().unwrap_or("")))
            .filter(|k| matches!(k, FieldKey::Status | FieldKey::Priority | FieldKey::Type));
        let Some(key) = key else { return };
        let mut values = Vec::new();
        for row in &t.rows {
            let Some(v) = row.cells.first().map(|c| c.text.trim().to_string()) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            if key == FieldKey::Status
                && let Some(meaning) = row.cells.get(1)
                && let Some(state) = self.states.state_of(meaning.text.trim())
            {
                self.local_status.push((v.clone(), state));
            }
            values.push(v);
        }
        if values.is_empty() {
            return;
        }
        let field = SchemaField {
            name: key.name().to_string(),
            key: Some(key),
            values,
            required: false,
            description: format!("values from the legend table \"{heading}\""),
            span: Some(at),
        };
        match &mut self.schema {
            Some(s) => {
                if let Some(f) = s.fields.iter_mut().find(|f| f.key == Some(key)) {
                    if f.values.is_empty() {
                        f.values = field.values;
                    }
                } else {
                    s.fields.push(field);
                }
            }
            None => {
                self.schema = Some(Schema {
                    source: SchemaSource::Legend,
                    id_pattern: None,
                    unique_ids: true,
                    fields: vec![field],
                    span: Some(at),
                })
            }
        }
    }

    /// The state of a status value: this file's legend first, then the status table.
    pub(crate) fn status_state(&self, status: &str) -> Option<State> {
        self.local_status
            .iter()
            .find(|(v, _)| v == status.trim())
            .map(|(_, s)| *s)
            .or_else(|| self.states.state_of(status))
            .or_else(|| super::emoji_state::emoji_state(status))
    }
}
