//! The styles beyond list items and headings: one-task files (front matter, or a title
//! heading with field lines), task tables, legends, custom checkboxes and inline metadata.
//! They share the walker and the body grammar of `recognize`, so every task has one model.

use crate::document::{Document, Span};
use crate::model::schema::{Schema, SchemaField, SchemaSource};
use crate::model::{
    Field, FieldKey, FieldStyle, ListItem, Located, State, StateMap, Task, TaskKind, canonical_key,
    lead_id, scan_ids,
};

use super::super::body::Body;
use super::super::frontmatter::{FrontMatter, Value};
use super::super::inline::field_at;
use super::super::meta::{self, MetaKind};
use super::super::scan::{Line, LineKind};
use super::super::table::{self, Table};
use super::{Walker, id_led_heading};

/// Header words that name a table's title column.
const TITLE_WORDS: [&str; 12] = [
    "task",
    "title",
    "description",
    "name",
    "item",
    "summary",
    "feature",
    "what",
    "todo",
    "story",
    "deliverable",
    "work item",
];

/// Header words that name a table's ID column (besides the `id` aliases).
const ID_WORDS: [&str; 5] = ["#", "task id", "key", "ticket", "ref"];

/// A header cell's text without emphasis or code marks, lower-cased.
fn header_word(text: &str) -> String {
    text.trim()
        .trim_matches(['*', '_', '`'])
        .trim()
        .to_ascii_lowercase()
}

/// Which columns of a task table hold the ID and the title.
pub(super) struct Columns {
    id: Option<usize>,
    title: Option<usize>,
}

/// The task columns of a table whose header makes it a task list: an ID column and at least
/// one more column, or a title column and a status or priority column. `None` for any other
/// table (a legend, a comparison, a key/value table).
pub(super) fn task_columns(t: &Table) -> Option<Columns> {
    let words: Vec<String> = t
        .header
        .cells
        .iter()
        .map(|c| header_word(&c.text))
        .collect();
    let keys: Vec<Option<FieldKey>> = words.iter().map(|w| canonical_key(w)).collect();
    let id = (0..words.len())
        .find(|&i| keys[i] == Some(FieldKey::Id) || ID_WORDS.contains(&words[i].as_str()));
    let title = (0..words.len()).find(|&i| TITLE_WORDS.contains(&words[i].as_str()));
    let state = keys
        .iter()
        .any(|k| matches!(k, Some(FieldKey::Status | FieldKey::Priority)));
    let with_id = id.is_some() && words.len() >= 2 && rows_have_ids(t, id?);
    if !(with_id || (title.is_some() && state)) {
        return None;
    }
    let id = id.filter(|_| with_id);
    // Without a title column, the first free-text column after the ID is the title.
    let title = title.or_else(|| {
        (0..words.len()).find(|&i| Some(i) != id && keys[i].is_none() && !words[i].is_empty())
    });
    Some(Columns { id, title })
}

/// True when most rows of the ID column hold an ID (a `#` column of bare numbers does not).
fn rows_have_ids(t: &Table, col: usize) -> bool {
    let with = t
        .rows
        .iter()
        .filter(|r| {
            r.cells
                .get(col)
                .is_some_and(|c| !scan_ids(&c.text).is_empty())
        })
        .count();
    with > 0 && with * 2 >= t.rows.len()
}

/// True for a two-column table headed by a field and its meaning (`| Status | Meaning |`).
fn is_legend_header(t: &Table) -> bool {
    let words: Vec<String> = t
        .header
        .cells
        .iter()
        .map(|c| header_word(&c.text))
        .collect();
    words.len() == 2
        && matches!(
            canonical_key(&words[0]),
            Some(FieldKey::Status | FieldKey::Priority)
        )
        && ["meaning", "description", "definition", "means"].contains(&words[1].as_str())
}

impl Walker<'_> {
    /// The state of a checkbox character, with this file's legend first.
    pub(super) fn box_state(&self, symbol: char) -> State {
        self.boxes
            .iter()
            .find(|(c, _)| *c == symbol)
            .map_or_else(|| self.states.box_state(symbol), |(_, s)| *s)
    }

    /// True when the lines hold a top-level task table.
    pub(super) fn holds_task_table(&self, body: std::ops::Range<usize>) -> bool {
        let mut j = body.start;
        while j < body.end {
            if let LineKind::Table { table } = self.lines[j].kind {
                let end = self.table_end(j, table);
                if self.lines[j].indent < 4
                    && let Some(t) = self.read_table(j..end)
                    && task_columns(&t).is_some()
                {
                    return true;
                }
                j = end;
            } else {
                j += 1;
            }
        }
        false
    }

    fn table_end(&self, from: usize, table: usize) -> usize {
        let mut j = from;
        while j < self.lines.len()
            && matches!(self.lines[j].kind, LineKind::Table { table: t } if t == table)
        {
            j += 1;
        }
        j
    }

    fn read_table(&self, lines: std::ops::Range<usize>) -> Option<Table> {
        let ranges: Vec<(usize, usize)> =
            self.lines[lines].iter().map(|l| (l.start, l.end)).collect();
        table::read(self.text, &ranges)
    }

    /// A table at line `i`: each row of a task table is a task. Returns the line after it.
    pub(super) fn table(&mut self, i: usize, table: usize) -> usize {
        let end = self.table_end(i, table);
        if self.legend || self.lines[i].indent >= 4 {
            return end;
        }
        let Some(t) = self.read_table(i..end) else {
            return end;
        };
        let Some(cols) = task_columns(&t) else {
            // `| Status | Meaning |`: a legend wherever it stands.
            if is_legend_header(&t) {
                let l = self.lines[i];
                let heading = self
                    .stack
                    .last()
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                self.legend_table(&heading, &t, Span::new(l.start, l.end));
            }
            return end;
        };
        for row in &t.rows {
            let Some(line) = (i..end).find(|&j| self.lines[j].start == row.span.start) else {
                continue;
            };
            self.row_task(line, &t, row, &cols);
        }
        end
    }

    fn row_task(&mut self, line: usize, t: &Table, row: &table::Row, cols: &Columns) {
        let id = cols.id.and_then(|c| row.cells.get(c)).and_then(|cell| {
            let raw = &self.text[cell.span.range()];
            scan_ids(raw)
                .into_iter()
                .next()
                .map(|r| Span::new(cell.span.start + r.start, cell.span.start + r.end))
        });
        let title = cols
            .title
            .and_then(|c| row.cells.get(c))
            .map(|c| c.span)
            .unwrap_or(Span::empty(row.span.start));
        if id.is_none() && title.is_empty() {
            return;
        }
        let mut fields = Vec::new();
        for (c, cell) in row.cells.iter().enumerate() {
            if Some(c) == cols.id || Some(c) == cols.title {
                continue;
            }
            let Some(head) = t.header.cells.get(c) else {
                continue;
            };
            let key = head.text.trim().trim_matches(['*', '_', '`']).trim();
            if key.is_empty() {
                continue;
            }
            let key_start = head.span.start + self.text[head.span.range()].find(key).unwrap_or(0);
            fields.push(Field {
                key: key.to_string(),
                canon: canonical_key(key),
                key_span: Span::new(key_start, key_start + key.len()),
                value: cell.text.clone(),
                value_span: cell.span,
                items: Vec::new(),
                span: cell.slot,
                bullet: false,
                style: FieldStyle::Cell,
            });
        }
        self.pending = fields;
        self.build(TaskKind::Row, line, id, title, None, line + 1..line + 1);
    }

    /// A legend section: `- [~] In progress` items declare checkbox states; a table whose
    /// first column is headed by a field name (or sits under a `Status legend` heading)
    /// enumerates that field's values, and its second column their meaning (and so state).
    pub(super) fn read_legend(&mut self, body: std::ops::Range<usize>) {
        let heading = self
            .stack
            .last()
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        let mut j = body.start;
        while j < body.end {
            let l = self.lines[j];
            match l.kind {
                LineKind::Item {
                    content,
                    checkbox: Some((_, symbol)),
                    ..
                } => {
                    if !matches!(symbol, ' ' | 'x' | 'X')
                        && let Some(state) = self.states.state_of(self.text[content..l.end].trim())
                    {
                        self.boxes.push((symbol, state));
                    }
                    j += 1;
                }
                LineKind::Table { table } => {
                    let end = self.table_end(j, table);
                    if let Some(t) = self.read_table(j..end) {
                        self.legend_table(&heading, &t, Span::new(l.start, l.end));
                    }
                    j = end;
                }
                _ => j += 1,
            }
        }
    }

    fn legend_table(&mut self, heading: &str, t: &Table, at: Span) {
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
    pub(super) fn status_state(&self, status: &str) -> Option<State> {
        self.local_status
            .iter()
            .find(|(v, _)| v == status.trim())
            .map(|(_, s)| *s)
            .or_else(|| self.states.state_of(status))
    }
}

/// The fields of a one-line task's title: Obsidian Tasks emoji and Dataview inline fields,
/// and spec-kit markers (`[P]` parallel, `[US1]` story) at the start. Returns the fields, the
/// title without them, and the `🆔` ID span when there is one.
pub(super) fn title_fields(text: &str, title: Span) -> (Vec<Field>, Span, Option<Span>) {
    let t = &text[title.range()];
    let mut fields = Vec::new();
    let mut end = title.end;
    let mut id = None;
    // spec-kit: `T012 [P] [US1] Description`.
    let mut at = 0;
    loop {
        let rest = &t[at..];
        // Only a closed marker counts: `[P` at the end of a line is text.
        let Some((inner, _)) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
            break;
        };
        let key = if inner == "P" {
            "Parallel"
        } else if inner.len() >= 3
            && inner.starts_with("US")
            && inner[2..].bytes().all(|b| b.is_ascii_digit())
        {
            "Story"
        } else {
            break;
        };
        let vs = title.start + at + 1;
        fields.push(Field {
            key: key.to_string(),
            canon: None,
            key_span: Span::new(vs - 1, vs + inner.len() + 1),
            value: inner.to_string(),
            value_span: Span::new(vs, vs + inner.len()),
            items: Vec::new(),
            span: Span::new(vs - 1, vs + inner.len() + 1),
            bullet: false,
            style: FieldStyle::Inline,
        });
        let after = &rest[inner.len() + 2..];
        at += inner.len() + 2 + (after.len() - after.trim_start().len());
    }
    let has_dataview = t.contains("::");
    let start = title.start + at;
    if !(meta::has_meta(t) || has_dataview) {
        return (fields, Span::new(start, end.max(start)), id);
    }
    let (metas, desc_end) = meta::scan(t, title.start);
    for m in metas {
        let canon = match (m.kind, m.key.as_str()) {
            (MetaKind::Emoji, "priority") => Some(FieldKey::Priority),
            (MetaKind::Emoji, "id") => Some(FieldKey::Id),
            (MetaKind::Emoji, "depends") => Some(FieldKey::Dependencies),
            (MetaKind::Emoji, _) => None,
            (MetaKind::Dataview, k) => canonical_key(k),
        };
        if canon == Some(FieldKey::Id) && id.is_none() && !m.value_span.is_empty() {
            id = Some(m.value_span);
        }
        let style = match m.kind {
            MetaKind::Emoji => FieldStyle::Emoji,
            MetaKind::Dataview => FieldStyle::Inline,
        };
        fields.push(Field {
            key: m.key.clone(),
            canon,
            key_span: m.key_span,
            value: m.value.clone(),
            value_span: m.value_span,
            items: Vec::new(),
            span: Span::new(m.key_span.start.min(m.value_span.start), m.value_span.end),
            bullet: false,
            style,
        });
    }
    end = desc_end.clamp(start, title.end);
    (fields, Span::new(start, end), id)
}

/// A status written at the end of a heading after a separator (`Title — Status: approved`):
/// the end of the title and the status field.
pub(super) fn heading_status(text: &str, heading: Span) -> Option<(usize, Field)> {
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
        Field {
            key: t[at..at + 6].to_string(),
            canon: Some(FieldKey::Status),
            key_span: Span::new(key_start, key_start + 6),
            value: value.to_string(),
            value_span: Span::new(vs, vs + value.len()),
            items: Vec::new(),
            span: Span::new(key_start, vs + value.len()),
            bullet: false,
            style: FieldStyle::Plain,
        },
    ))
}

/// The task IDs the fields with canonical key `key` reference (dependencies, blockers), in
/// field order. Free text is scanned for IDs (`T-042 (deploy)` → `T-042`); a front-matter
/// list item or an Obsidian `⛔` list names IDs as written, in any spelling.
pub(super) fn references(text: &str, fields: &[Field], key: FieldKey) -> Vec<Located<String>> {
    let mut out = Vec::new();
    for f in fields.iter().filter(|f| f.canon == Some(key)) {
        match f.style {
            FieldStyle::Emoji => out.extend(comma_refs(text, f.value_span)),
            FieldStyle::FrontMatter => {
                for item in &f.items {
                    if !item.text.trim().is_empty() {
                        out.push(Located {
                            value: item.text.trim().to_string(),
                            span: item.span,
                        });
                    }
                }
                out.extend(comma_refs(text, f.value_span));
            }
            _ => {
                let mut scan = |base: usize, s: &str| {
                    for r in scan_ids(s) {
                        out.push(Located {
                            value: s[r.clone()].to_string(),
                            span: Span::new(base + r.start, base + r.end),
                        });
                    }
                };
                scan(f.value_span.start, &f.value);
                for item in &f.items {
                    scan(item.span.end - item.text.len(), &item.text);
                }
            }
        }
    }
    out
}

/// The IDs of a comma-separated list (`a1b2, c3d4`), with their spans.
fn comma_refs(text: &str, span: Span) -> Vec<Located<String>> {
    let mut out = Vec::new();
    let mut at = span.start;
    for part in text[span.range()].split(',') {
        let lead = part.len() - part.trim_start().len();
        let token = part.trim();
        if !token.is_empty() {
            let s = at + lead;
            out.push(Located {
                value: token.to_string(),
                span: Span::new(s, s + token.len()),
            });
        }
        at += part.len() + 1;
    }
    out
}

/// A file that is one task: front matter with an `id` (or a `title` and a `status`), or,
/// without one, a lone title heading that is ID-led or says `Task:` and has a status field
/// before its first sub-heading (`# TASK-098: Title` then `**Status:** complete`). `h1_count`
/// is the number of `#` headings in `lines`.
pub(super) fn file_task(
    doc: &Document,
    lines: &[Line],
    states: &StateMap,
    fm: Option<&FrontMatter>,
    from: usize,
    h1_count: usize,
) -> Option<Task> {
    let text = doc.text();
    let has = |k: &str| fm.is_some_and(|f| f.get(k).is_some());
    // `title` and `status` alone also head documentation pages (`status: draft`), so they
    // make a task file only inside a task folder.
    let by_front_matter = has("id") || (has("title") && has("status") && in_task_folder(doc));
    let h1 = lines[from.min(lines.len())..]
        .iter()
        .position(|l| !matches!(l.kind, LineKind::Blank | LineKind::Opaque | LineKind::Rule))
        .map(|k| from + k)
        .filter(|&k| matches!(lines[k].kind, LineKind::Heading { level: 1, .. }));
    let head_end = |k: usize| {
        (k + 1..lines.len())
            .find(|&j| matches!(lines[j].kind, LineKind::Heading { .. }))
            .unwrap_or(lines.len())
    };
    let h1_text = |k: usize| match lines[k].kind {
        LineKind::Heading { text: t, .. } => Some(t),
        _ => None,
    };
    if !by_front_matter {
        let k = h1.filter(|_| h1_count == 1)?;
        let t = &text[h1_text(k)?.range()];
        if !file_task_heading(t) {
            return None;
        }
        let status = (k + 1..head_end(k)).any(|j| {
            let l = lines[j];
            let start = match l.kind {
                LineKind::Item {
                    content,
                    checkbox: None,
                    ..
                } => content,
                LineKind::Text => l.text_start,
                _ => return false,
            };
            let c = &text[start..l.end];
            field_at(c).is_some_and(|m| canonical_key(&c[m.key]) == Some(FieldKey::Status))
        });
        if !status {
            return None;
        }
    }

    // Fields: the front matter's, then the field lines under the title heading, and every
    // section named like a field (`## Acceptance Criteria`). Every checkbox is a criterion.
    let mut fields = Vec::new();
    let mut id: Option<Located<String>> = None;
    let mut title: Option<Located<String>> = None;
    if let Some(f) = fm {
        for e in &f.entries {
            let canon = canonical_key(&e.key.replace('_', " "));
            let (value, value_span, items, style) = match &e.value {
                Value::Scalar(s) => (s.text.clone(), s.span, Vec::new(), FieldStyle::FrontMatter),
                Value::List { items, .. } => (
                    String::new(),
                    Span::empty(super::super::line_end(text, e.key_span.end)),
                    items
                        .iter()
                        .map(|s| ListItem {
                            text: s.text.clone(),
                            span: s.span,
                        })
                        .collect(),
                    FieldStyle::FrontMatter,
                ),
                Value::Complex => (
                    String::new(),
                    Span::empty(super::super::line_end(text, e.key_span.end)),
                    Vec::new(),
                    FieldStyle::FrontMatterComplex,
                ),
            };
            if e.key.eq_ignore_ascii_case("title") && !value.is_empty() {
                title = Some(Located {
                    value: value.clone(),
                    span: value_span,
                });
            }
            if canon == Some(FieldKey::Id) && !value.is_empty() && id.is_none() {
                id = Some(Located {
                    value: value.clone(),
                    span: value_span,
                });
            }
            fields.push(Field {
                key: e.key.clone(),
                canon,
                key_span: e.key_span,
                value,
                value_span,
                items,
                span: e.span,
                bullet: false,
                style,
            });
        }
    }
    let boxes = |c: char| states.box_state(c);
    let mut body = Body::new(text).with_boxes(&boxes);
    let mut j = from;
    let mut in_head = true;
    let mut field_section = false;
    let mut heading_line = None;
    while j < lines.len() {
        let l = lines[j];
        match l.kind {
            LineKind::Heading { level, text: ht } => {
                if Some(j) == h1 && heading_line.is_none() {
                    heading_line = Some(j);
                    j += 1;
                    continue;
                }
                in_head = false;
                let name = text[ht.range()].trim_end_matches(':');
                field_section = level > 1 && canonical_key(name).is_some();
                body.close();
                if field_section {
                    body.feed(lines, j);
                }
            }
            LineKind::Item {
                checkbox: Some(_), ..
            } => body.feed(lines, j),
            _ if in_head || field_section => body.feed(lines, j),
            _ => {}
        }
        j += 1;
    }
    fields.extend(body.fields);
    let criteria = body.criteria;
    if let Some(k) = heading_line
        && let Some(ht) = h1_text(k)
    {
        let t = &text[ht.range()];
        let lead = lead_id(t, false);
        let mut title_span = Span::new(ht.start + lead.title.start, ht.start + lead.title.end);
        if let Some(r) = lead.id.clone()
            && id_led_heading(t)
        {
            if id.is_none() {
                id = Some(Located {
                    value: t[r.clone()].to_string(),
                    span: Span::new(ht.start + r.start, ht.start + r.end),
                });
            }
        } else {
            title_span = ht;
            if t.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("task:")) {
                let rest = &t[5..];
                let skip = 5 + rest.len() - rest.trim_start().len();
                title_span = Span::new(ht.start + skip, ht.end);
            }
        }
        if title.is_none() {
            title = Some(Located {
                value: text[title_span.range()].to_string(),
                span: title_span,
            });
        }
    }
    if id.is_none() {
        id = file_name_id(doc);
    }
    let title = title.unwrap_or(Located {
        value: String::new(),
        span: Span::empty(0),
    });
    let status = fields
        .iter()
        .find(|f| f.canon == Some(FieldKey::Status))
        .map(|f| f.value.as_str());
    let state = status
        .and_then(|s| states.state_of(s))
        .unwrap_or(State::Todo);
    let dependencies = references(text, &fields, FieldKey::Dependencies);
    let blocker_refs = references(text, &fields, FieldKey::Blocker);
    let start = lines.first().map_or(0, |l| l.start);
    Some(Task {
        kind: TaskKind::File,
        id,
        title,
        span: Span::new(start, text.len()),
        section: 0,
        checkbox: None,
        fields,
        criteria,
        state,
        dependencies,
        blocker_refs,
    })
}

/// True for a file inside a task folder (`tasks/`, `.tasks/`, `backlog/…`).
pub(crate) fn in_task_folder(doc: &Document) -> bool {
    doc.path().parent().is_some_and(|p| {
        p.components().any(|c| {
            let c = c.as_os_str().to_string_lossy().to_ascii_lowercase();
            c == "tasks" || c == ".tasks" || c == "backlog"
        })
    })
}

/// True when a file's lone title heading (`# T-013: Title`, `# Task: Title`) may make the
/// whole file one task; the windowed parse leaves such files to the whole parse.
pub(crate) fn file_task_heading(text: &str) -> bool {
    id_led_heading(text)
        || text
            .get(..5)
            .is_some_and(|w| w.eq_ignore_ascii_case("task:"))
        || (text
            .get(..5)
            .is_some_and(|w| w.eq_ignore_ascii_case("task "))
            && text.contains(':'))
}

/// The task ID a file's name starts with (`task-12 - Title.md`, `T-013.md`,
/// `task-epic-11.106-Title.md`), when the file names none itself: letters, `-`-joined
/// words, then a number with optional `.` parts. Its span is empty, at the start of the file.
fn file_name_id(doc: &Document) -> Option<Located<String>> {
    let stem = doc.path().file_stem()?.to_str()?;
    let b = stem.as_bytes();
    let mut i = 0;
    // Letter words joined by `-`, then `-` and digits.
    loop {
        let w = b[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if w == 0 || b.get(i + w) != Some(&b'-') {
            return None;
        }
        i += w + 1;
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            break;
        }
    }
    loop {
        let d = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 {
            return None;
        }
        i += d;
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            break;
        }
    }
    if b.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(Located {
        value: stem[..i].to_string(),
        span: Span::empty(0),
    })
}
