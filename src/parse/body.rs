//! The body grammar: fields, list-valued fields and checklist items inside one task's lines.
//!
//! A `Key: value` line (plain, `- ` bullet, or bold key) is a field. A field with no inline
//! value opens a list: under a plain header (`Context:`) every following bullet is an item until
//! the next plain line; under a bullet header (`- Dependencies:`) the same-indent bullets that
//! are not themselves fields, and anything nested deeper, are items. A short bullet label
//! followed by a deeper list (`- Gaps`) is a list field too. Every checkbox is a criterion.

use crate::document::Span;
use crate::model::{Checklist, ChecklistItem, Field, ListItem, State, canonical_key};

use super::inline::{field_at, label_at};
use super::scan::{Line, LineKind};

#[derive(Debug, Clone, Copy)]
struct Open {
    field: usize,
    indent: usize,
    bullet: bool,
    /// Same-indent bullets are items (a `- Key:` header with no inline value).
    siblings: bool,
}

/// Accumulates one task's fields and criteria, line by line.
pub(crate) struct Body<'a> {
    text: &'a str,
    pub fields: Vec<Field>,
    pub criteria: Vec<ChecklistItem>,
    /// The checklist new checkbox items join.
    pub list: Checklist,
    open: Option<Open>,
    /// The state of a checkbox character (`[/]`); without it only `[x]`/`[X]` are done.
    boxes: Option<&'a dyn Fn(char) -> State>,
}

impl<'a> Body<'a> {
    pub fn new(text: &'a str) -> Self {
        Body {
            text,
            fields: Vec::new(),
            criteria: Vec::new(),
            list: Checklist::Criteria,
            open: None,
            boxes: None,
        }
    }

    /// Grows the fields and checklist in these (emptied) vectors, kept from an earlier task.
    pub fn with_scratch(mut self, (fields, criteria): (Vec<Field>, Vec<ChecklistItem>)) -> Self {
        debug_assert!(fields.is_empty() && criteria.is_empty());
        self.fields = fields;
        self.criteria = criteria;
        self
    }

    /// The fields and checklist read.
    pub fn into_parts(self) -> (Vec<Field>, Vec<ChecklistItem>) {
        (self.fields, self.criteria)
    }

    /// Reads checklist items (`- [/] step`) as done when `boxes` gives their mark that state.
    pub fn with_boxes(mut self, boxes: &'a dyn Fn(char) -> State) -> Self {
        self.boxes = Some(boxes);
        self
    }

    /// Ends any open list field (a new section starts).
    pub fn close(&mut self) {
        self.open = None;
    }

    /// Reads line `j` of `lines` (lookahead may peek at later lines, never earlier ones).
    pub fn feed(&mut self, lines: &[Line], j: usize) {
        let line = lines[j];
        match line.kind() {
            LineKind::Item {
                content, checkbox, ..
            } => {
                let c = &self.text[content..line.end()];
                let item_start = checkbox.map_or(content, |(mark, _)| mark.start);
                // An item in a quotation (`> - note`) belongs to the quotation, never to a
                // field list opened above it.
                if self.text.as_bytes().get(line.text_start()) == Some(&b'>') {
                    self.open = None;
                }
                if let Some((mark, symbol)) = checkbox {
                    let done = match self.boxes {
                        Some(boxes) => boxes(symbol).is_closed(),
                        None => matches!(symbol, 'x' | 'X'),
                    };
                    self.criteria.push(ChecklistItem::new(
                        c.trim(),
                        done,
                        mark,
                        Span::new(line.start(), line.end()),
                        self.list,
                    ));
                    if self.takes_item(&line) {
                        self.add_item(item_start, &line);
                    }
                    return;
                }
                if let Some(open) = self.open
                    && (line.indent() > open.indent || !open.bullet)
                {
                    let _ = open;
                    self.add_item(item_start, &line);
                    return;
                }
                if let Some(m) = field_at(c) {
                    let siblings = m.value.is_empty();
                    self.push_field(content, m, &line, true);
                    self.open_list(line.indent(), true, siblings);
                    return;
                }
                if self.takes_item(&line) {
                    self.add_item(item_start, &line);
                    return;
                }
                if let Some(label) = label_at(c)
                    && next_is_deeper_item(lines, j)
                {
                    let key = Span::new(content + label.start, content + label.end);
                    self.push_header(key, &line, true);
                    self.open_list(line.indent(), true, false);
                    return;
                }
                self.open = None;
            }
            LineKind::Text => {
                let c = &self.text[line.text_start()..line.end()];
                if let Some(m) = field_at(c) {
                    // `Context:` takes every bullet that follows; `Status: READY` only deeper ones.
                    let header = m.value.is_empty();
                    self.push_field(line.text_start(), m, &line, false);
                    self.open_list(line.indent(), !header, false);
                    return;
                }
                match self.open {
                    Some(open) if line.indent() > open.indent => {
                        self.fields[open.field].set_end(line.end());
                    }
                    _ => self.open = None,
                }
            }
            LineKind::Heading { text, .. } => {
                // A sub-heading named like a field (`#### Acceptance Criteria`) is a list header.
                let trimmed = self.text[text.range()].trim_end_matches(':').len();
                self.push_header(Span::new(text.start, text.start + trimmed), &line, false);
                self.open_list(line.indent(), false, false);
            }
            _ => {}
        }
    }

    fn takes_item(&self, line: &Line) -> bool {
        self.open.is_some_and(|o| {
            line.indent() > o.indent || !o.bullet || (line.indent() == o.indent && o.siblings)
        })
    }

    fn open_list(&mut self, indent: usize, bullet: bool, siblings: bool) {
        self.open = Some(Open {
            field: self.fields.len() - 1,
            indent,
            bullet,
            siblings,
        });
    }

    fn add_item(&mut self, start: usize, line: &Line) {
        let Some(open) = self.open else { return };
        let field = &mut self.fields[open.field];
        let text = self.text[start..line.end()].trim_end();
        // An empty bullet (`-`) belongs to the list but says nothing: no item of the value.
        if !text.is_empty() {
            field.items.push(ListItem::new(
                Span::new(start, start + text.len()),
                Span::new(line.start(), line.end()),
            ));
        }
        field.set_end(line.end());
    }

    /// A list header with no inline value: a label bullet (`- Gaps`) or a field-named
    /// sub-heading (`#### Acceptance Criteria`).
    fn push_header(&mut self, key: Span, line: &Line, bullet: bool) {
        self.fields.push(Field::from(crate::model::FieldParts {
            key: self.text[key.range()].into(),
            canon: canonical_key(&self.text[key.range()]),
            key_span: key,
            value: Default::default(),
            value_span: Span::empty(line.end()),
            items: crate::model::ThinVec::new(),
            span: Span::new(line.start(), line.end()),
            bullet,
            style: crate::model::FieldStyle::Plain,
        }));
    }

    fn push_field(&mut self, base: usize, m: super::inline::FieldMatch, line: &Line, bullet: bool) {
        let key = Span::new(base + m.key.start, base + m.key.end);
        let written = self.text[key.range()].trim_end();
        let value_span = if m.value.is_empty() {
            Span::empty(line.end())
        } else {
            Span::new(base + m.value.start, base + m.value.end)
        };
        self.fields.push(Field::from(crate::model::FieldParts {
            key: written.into(),
            canon: canonical_key(written),
            key_span: Span::new(key.start, key.start + written.len()),
            value: self.text[value_span.range()].into(),
            value_span,
            items: crate::model::ThinVec::new(),
            span: Span::new(line.start(), line.end()),
            bullet,
            style: m.style,
        }));
    }
}

fn next_is_deeper_item(lines: &[Line], j: usize) -> bool {
    let indent = lines[j].indent();
    lines[j + 1..]
        .iter()
        .find(|l| l.kind() != LineKind::Blank)
        .is_some_and(|l| matches!(l.kind(), LineKind::Item { .. }) && l.indent() > indent)
}

#[cfg(test)]
mod tests {
    use crate::{Document, TaskFile};

    /// A quotation after a field holds its own list: its empty bullet (`>-`) is no item of
    /// the field, whose value stays `high` (found by the `front_matter` fuzz target).
    #[test]
    fn an_item_in_a_quotation_or_an_empty_bullet_is_no_item_of_the_field_above() {
        for text in [
            "## W\n\n### T-1: Ras\nMilestone: high\n\n>-\n",
            "## W\n\n### T-1: Ras\nMilestone: high\n\n> - a note\n",
            "# T-1: Ras\nMilestone: high\n\n Radependstask-1\n>-\n oit\n",
        ] {
            let file = TaskFile::parse(Document::from_string("TODO.md", text.to_string()));
            let f = file.tasks[0].field_named("milestone").expect("the field");
            assert_eq!(f.value, "high", "in {text:?}");
            assert!(f.items.is_empty(), "in {text:?}: {:?}", f.items);
        }
        // An empty deeper bullet is no item either.
        let text = "# T-1: Rake\nOwner: a \"b\" c\n\n  - \n  - two\n";
        let file = TaskFile::parse(Document::from_string("tasks/T-1.md", text.to_string()));
        let f = file.tasks[0].field_named("owner").expect("the field");
        assert_eq!(f.items.len(), 1, "{:?}", f.items);
        // Outside a quotation, a deeper bullet still is an item.
        let text = "## W\n\n### T-1: Ras\nReferences: two\n  - a.md\n";
        let file = TaskFile::parse(Document::from_string("TODO.md", text.to_string()));
        assert_eq!(file.tasks[0].fields[0].items.len(), 1);
    }
}
