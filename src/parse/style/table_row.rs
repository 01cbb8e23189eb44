//! Table row: each row of a task table is a task. A table is a task table when its header
//! names an ID column and at least one more column, or a title column and a status or
//! priority column, and its rows are not counts or values (a summary); the other columns are
//! the row's fields, named by their header. A row whose ID is detailed under a heading task
//! of its own (an index table) is joined with that task (`join_index_rows`).
//!
//! A value is replaced inside its cell with the column's padding kept; a row cannot gain a
//! field (that needs a new column). This file must not take a legend table (`| Status |
//! Meaning |`), which `legend` reads.

use crate::document::{Document, Span};
use crate::edit::Edit;

use crate::model::{
    Field, FieldKey, FieldStyle, IndexRow, Task, TaskStyle, canonical_key, scan_ids,
};
use crate::parse::TaskFile;

use super::super::recognize::Walker;
use super::super::scan::LineKind;
use super::super::table::{self, Table};
use super::legend::is_legend_header;
use super::lines::key_spelling;
use super::{LineParts, NewLike, Notation, Part};

/// The table-row notation in the registry.
pub(super) struct TableRow;

impl Notation for TableRow {
    fn name(&self) -> &'static str {
        "table row"
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::Row).then_some("table row")
    }

    fn line_parts(&self, line: &str) -> Option<LineParts> {
        row_parts(line)
    }

    fn add_like(
        &self,
        file: &TaskFile,
        model: &Task,
        new: &NewLike<'_>,
    ) -> Option<Result<Edit, String>> {
        (model.style == TaskStyle::Row).then(|| new_row(file, model, new))
    }

    fn pinned(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        if task.index.is_some() {
            return Some(
                "{id} is listed in an index table of {file} and detailed under its heading; it stays where both are (change its status with `todo move {id} STATUS`)",
            );
        }
        (task.style == TaskStyle::Row).then_some(
            "{id} is a table row; it stays in its table (change its status cell with `todo move {id} STATUS`)",
        )
    }

    fn replace(&self, file: &TaskFile, f: &Field, value: &str) -> Option<Result<Edit, String>> {
        (f.style == FieldStyle::Cell).then(|| {
            cell_edit(&file.doc, f.key_span(), f.span(), value)
                .ok_or_else(|| format!("the `{}` cell could not be read back", f.key))
        })
    }

    fn insert(
        &self,
        file: &TaskFile,
        task: &Task,
        key: &str,
        _value: &str,
    ) -> Option<Result<Edit, String>> {
        (task.style == TaskStyle::Row).then(|| {
            Err(format!(
                "the table has no `{}` column; add the column to the table by hand",
                key_spelling(file, key)
            ))
        })
    }
}

/// A new row like `model`'s: its line with the ID, the title and every cell replaced (a cell
/// with no value left blank), appended after the last row of its table.
fn new_row(file: &TaskFile, model: &Task, new: &NewLike<'_>) -> Result<Edit, String> {
    let text = file.doc.text();
    let start = text[..model.span.start]
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let end = super::super::line_end(text, start);
    let mut parts: Vec<(Span, String)> = Vec::new();
    match &model.id {
        Some(id) => parts.push((id.span, new.id.to_string())),
        None => return Err("the table has no ID column to continue".into()),
    }
    if !model.title.span.is_empty() {
        parts.push((model.title.span, table::escape(new.title)));
    }
    for f in model.fields.iter().filter(|f| f.style == FieldStyle::Cell) {
        let value = new
            .values
            .iter()
            .find(|(k, _)| match (canonical_key(k), f.canon) {
                (Some(a), Some(b)) => a == b,
                _ => k.eq_ignore_ascii_case(&f.key),
            })
            .map(|(_, v)| table::escape(v.trim()));
        match (value, f.value_span().is_empty()) {
            (Some(v), false) => parts.push((f.value_span(), v)),
            (Some(v), true) => parts.push((f.span(), format!(" {v} "))),
            (None, false) => parts.push((f.value_span(), String::new())),
            (None, true) => {}
        }
    }
    parts.sort_by_key(|(s, _)| s.start);
    let mut row = String::new();
    let mut at = start;
    for (span, value) in parts {
        if span.start < at || span.end > end {
            return Err("the row's cells could not be read".into());
        }
        row.push_str(&text[at..span.start]);
        row.push_str(&value);
        at = span.end;
    }
    row.push_str(&text[at..end]);
    // The table goes on while lines hold a pipe; the new row follows its last line.
    let mut last = end;
    let mut next = super::end_of_line(text, end);
    while next < text.len() {
        let line_end = super::super::line_end(text, next);
        let line = &text[next..line_end];
        if line.trim().is_empty() || !line.contains('|') {
            break;
        }
        last = line_end;
        next = super::end_of_line(text, line_end);
    }
    let nl = file.doc.line_ending().as_str();
    let after = super::end_of_line(text, last);
    let replacement = if after == last {
        format!("{nl}{row}")
    } else {
        format!("{row}{nl}")
    };
    Ok(Edit {
        span: Span::empty(after),
        replacement,
    })
}

/// The edit that writes `value` into a table cell: `header` is the span of its column's
/// header text (a [`crate::model::Field`]'s `key_span`), `slot` the text between the cell's
/// pipes (its `span`). The table is read again from the header line to the row's line only;
/// the padding rule needs no more (see `table::cell_edit`).
fn cell_edit(doc: &Document, header: Span, slot: Span, value: &str) -> Option<Edit> {
    let text = doc.text();
    let index = doc.lines();
    let (first, last) = (index.line_of(header.start), index.line_of(slot.start));
    let ranges: Vec<(usize, usize)> = (first..=last)
        .map(|n| {
            let start = index.line_start(n);
            (start, super::super::line_end(text, start))
        })
        .collect();
    let t = table::read(text, &ranges)?;
    let row = t.rows.last().filter(|r| r.span.start <= slot.start)?;
    let col = row.cells.iter().position(|c| c.slot == slot)?;
    table::cell_edit(text, &t, row, col, value)
}

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
pub(super) fn header_word(text: &str) -> String {
    text.trim()
        .trim_matches(['*', '_', '`'])
        .trim()
        .to_ascii_lowercase()
}

/// Every header cell of a table as [`header_word`] reads it.
pub(super) fn header_words(t: &Table) -> Vec<String> {
    t.header
        .cells
        .iter()
        .map(|c| header_word(&c.text))
        .collect()
}

/// Which columns of a task table hold the ID and the title.
struct Columns {
    id: Option<usize>,
    /// True when the ID column is headed by a spelling of `id` (not `#`, `Key`, …): its bare
    /// numbers (`001`) are the IDs a person reads.
    named_id: bool,
    title: Option<usize>,
}

/// How a table reads: as tasks, or not, with the reason when its header alone would have made
/// it a task table (so `todo doctor` can say why its rows are no tasks).
enum Verdict {
    Tasks(Columns),
    Refused(String),
    NotTasks,
}

/// The task columns of a table whose header makes it a task list (see [`verdict`]).
fn task_columns(t: &Table) -> Option<Columns> {
    match verdict(t) {
        Verdict::Tasks(c) => Some(c),
        _ => None,
    }
}

/// Whether a table is a task list. By its header: an ID column and at least one more column,
/// or a title column and a status or priority column; a legend, a comparison or a key/value
/// table is not. Then by its rows, when it has no ID column: a table of counts (a `Count`
/// column of numbers), one whose title cells are values (priorities, numbers, dates, totals),
/// or one whose first column holds numbers or dates, is a summary, not a list of tasks.
fn verdict(t: &Table) -> Verdict {
    let words = header_words(t);
    let keys: Vec<Option<FieldKey>> = words.iter().map(|w| canonical_key(w)).collect();
    let id = (0..words.len())
        .find(|&i| keys[i] == Some(FieldKey::Id) || ID_WORDS.contains(&words[i].as_str()));
    let named_id = id.is_some_and(|i| keys[i] == Some(FieldKey::Id));
    let title = (0..words.len()).find(|&i| TITLE_WORDS.contains(&words[i].as_str()));
    let state = keys
        .iter()
        .any(|k| matches!(k, Some(FieldKey::Status | FieldKey::Priority)));
    let with_id = id.is_some_and(|i| words.len() >= 2 && rows_have_ids(t, i, named_id));
    if !(with_id || (title.is_some() && state)) {
        // `| Status | Count |`: a summary a person might take for the task list; say so.
        let count =
            (0..words.len()).find(|&i| is_count_word(&words[i]) && column_is(t, i, is_number));
        if let (Some(c), true) = (count, state) {
            return Verdict::Refused(format!(
                "a summary: its `{}` column counts tasks by status or priority",
                t.header.cells[c].text.trim()
            ));
        }
        return Verdict::NotTasks;
    }
    let id = id.filter(|_| with_id);
    // Without a title column, the first free-text column after the ID is the title.
    let title = title.or_else(|| {
        (0..words.len()).find(|&i| Some(i) != id && keys[i].is_none() && !words[i].is_empty())
    });
    if id.is_none() {
        if let Some(c) =
            (0..words.len()).find(|&i| is_count_word(&words[i]) && column_is(t, i, is_number))
        {
            return Verdict::Refused(format!(
                "a table of counts: its `{}` column holds numbers and it has no ID column",
                t.header.cells[c].text.trim()
            ));
        }
        if let Some(c) = title.filter(|&c| column_is(t, c, is_value)) {
            return Verdict::Refused(format!(
                "its `{}` column holds values (priorities, numbers, dates, totals), not titles",
                t.header.cells[c].text.trim()
            ));
        }
        // A `#` (or `No.`) column numbers the rows of a list; other numbers are not a list's.
        let numbers_rows = [
            "#", "no", "no.", "nr", "nr.", "n°", "num", "step", "order", "rank",
        ]
        .contains(&words.first().map_or("", String::as_str));
        if title != Some(0) && column_is(t, 0, |c| is_date(c) || (is_number(c) && !numbers_rows)) {
            return Verdict::Refused(
                "its first column holds numbers or dates, neither IDs nor titles".into(),
            );
        }
    }
    Verdict::Tasks(Columns {
        id,
        named_id,
        title,
    })
}

/// Header words that name a column of counts.
fn is_count_word(w: &str) -> bool {
    const WORDS: [&str; 10] = [
        "count", "total", "totals", "number", "qty", "quantity", "amount", "sum", "tally", "n",
    ];
    WORDS.contains(&w)
        || w.starts_with("# of")
        || w.starts_with("number of")
        || w.starts_with("no. of")
}

/// True when most cells of column `col` that hold text pass `f` (and there is one at least).
fn column_is(t: &Table, col: usize, f: impl Fn(&str) -> bool) -> bool {
    let mut with = 0;
    let mut pass = 0;
    for r in &t.rows {
        let Some(c) = r.cells.get(col) else { continue };
        let v = plain_cell(&c.text);
        if v.is_empty() {
            continue;
        }
        with += 1;
        if f(v) {
            pass += 1;
        }
    }
    with > 0 && pass * 2 > with
}

/// A cell's text without emphasis and code marks around it.
fn plain_cell(text: &str) -> &str {
    text.trim().trim_matches(['*', '_', '`', '~']).trim()
}

/// A number, a fraction or a percentage (`12`, `3/4`, `40%`, `1,200`).
fn is_number(v: &str) -> bool {
    !v.is_empty()
        && v.bytes().any(|b| b.is_ascii_digit())
        && v.bytes()
            .all(|b| b.is_ascii_digit() || b",./%+- ".contains(&b))
}

/// A `YYYY-MM-DD` date, possibly with more after it (a time).
fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// A value rather than a title: a number, a date, a priority code or word, or a total.
fn is_value(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    let priority_code =
        lower.len() == 2 && lower.starts_with('p') && lower.as_bytes()[1].is_ascii_digit();
    is_number(v)
        || is_date(v)
        || priority_code
        || [
            "critical", "highest", "high", "medium", "normal", "low", "lowest", "urgent", "total",
            "totals", "sum", "overall", "all",
        ]
        .contains(&lower.as_str())
}

/// A cell that stands for no value at all (`-`, `—`, `…`): a placeholder row of a template.
fn is_placeholder(v: &str) -> bool {
    matches!(
        plain_cell(v),
        "" | "-" | "--" | "—" | "–" | "..." | "…" | "n/a" | "N/A" | "TBD"
    )
}

/// True when most rows of the ID column hold an ID (a `#` column of bare numbers does not;
/// a column headed `ID` does, since its numbers are what a person calls the rows).
fn rows_have_ids(t: &Table, col: usize, named_id: bool) -> bool {
    let with = t
        .rows
        .iter()
        .filter(|r| {
            r.cells
                .get(col)
                .is_some_and(|c| cell_id(&c.text, named_id).is_some())
        })
        .count();
    with > 0 && with * 2 >= t.rows.len()
}

/// The ID in an ID cell, as a range of its text: the first ID token, or, in a column headed
/// `ID`, a bare number of up to six digits that is the whole cell (`001`).
fn cell_id(raw: &str, named_id: bool) -> Option<std::ops::Range<usize>> {
    if let Some(r) = scan_ids(raw).into_iter().next() {
        return Some(r);
    }
    let v = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    (named_id && (1..=6).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| lead..lead + v.len())
}

impl Walker<'_> {
    /// True when the lines hold a top-level task table.
    pub(crate) fn holds_task_table(&self, body: std::ops::Range<usize>) -> bool {
        let mut j = body.start;
        while j < body.end {
            if let LineKind::Table { table } = self.lines[j].kind() {
                let end = self.table_end(j, table);
                if self.lines[j].indent() < 4
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

    pub(crate) fn table_end(&self, from: usize, table: usize) -> usize {
        let mut j = from;
        while j < self.lines.len()
            && matches!(self.lines[j].kind(), LineKind::Table { table: t } if t == table)
        {
            j += 1;
        }
        j
    }

    pub(crate) fn read_table(&self, lines: std::ops::Range<usize>) -> Option<Table> {
        let ranges: Vec<(usize, usize)> = self.lines[lines]
            .iter()
            .map(|l| (l.start(), l.end()))
            .collect();
        table::read(self.text, &ranges)
    }

    /// A table at line `i`: each row of a task table is a task. Returns the line after it.
    pub(crate) fn table(&mut self, i: usize, table: usize) -> usize {
        let end = self.table_end(i, table);
        if self.legend || self.lines[i].indent() >= 4 {
            return end;
        }
        let Some(t) = self.read_table(i..end) else {
            return end;
        };
        let Some(cols) = task_columns(&t) else {
            // `| Status | Meaning |`: a legend wherever it stands.
            if is_legend_header(&t) {
                let l = self.lines[i];
                let heading = self.innermost().map(|(_, t)| t.clone()).unwrap_or_default();
                self.legend_table(&heading, &t, Span::new(l.start(), l.end()));
            }
            return end;
        };
        for row in &t.rows {
            let Some(line) = (i..end).find(|&j| self.lines[j].start() == row.span.start) else {
                continue;
            };
            self.row_task(line, &t, row, &cols);
        }
        end
    }

    fn row_task(&mut self, line: usize, t: &Table, row: &table::Row, cols: &Columns) {
        let id = cols.id.and_then(|c| row.cells.get(c)).and_then(|cell| {
            let raw = &self.text[cell.span.range()];
            cell_id(raw, cols.named_id)
                .map(|r| Span::new(cell.span.start + r.start, cell.span.start + r.end))
        });
        let title = cols
            .title
            .and_then(|c| row.cells.get(c))
            .map(|c| c.span)
            .unwrap_or(Span::empty(row.span.start));
        // A row of a template (`| - | - | - |`) or a total (`| **Total** | 12 |`) is no task.
        let title_text = &self.text[title.range()];
        if id.is_none() && (is_placeholder(title_text) || is_value(plain_cell(title_text))) {
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
            fields.push(Field::from(crate::model::FieldParts {
                key: key.into(),
                canon: canonical_key(key),
                key_span: Span::new(key_start, key_start + key.len()),
                value: cell.text.as_str().into(),
                value_span: cell.span,
                items: crate::model::ThinVec::new(),
                span: cell.slot,
                bullet: false,
                style: FieldStyle::Cell,
            }));
        }
        self.pending = fields;
        self.build(TaskStyle::Row, line, id, title, None, line + 1..line + 1);
    }
}

/// What `todo doctor` says about the tables of `file` read otherwise than their header
/// suggests: a table whose header names tasks but whose rows are counts or values (why it
/// gives no tasks), and an index table whose rows are joined with the headings that detail
/// them. Each note is the table's header line and the reason. Scans the file when the parse
/// kept no scan.
pub(crate) fn table_notes(file: &TaskFile) -> Vec<(Span, String)> {
    let text = file.doc.text();
    if memchr::memchr(b'|', text.as_bytes()).is_none() {
        return Vec::new();
    }
    let scanned;
    let lines: &[super::super::scan::Line] = match &file.scan {
        Some(kept) => kept,
        None => {
            scanned = super::super::scan::scan(&file.doc);
            &scanned
        }
    };
    let indexed: Vec<usize> = file
        .tasks
        .iter()
        .filter_map(|t| t.index.as_ref().map(|r| r.span.start))
        .collect();
    let mut notes = Vec::new();
    let mut j = 0;
    while j < lines.len() {
        let LineKind::Table { table } = lines[j].kind() else {
            j += 1;
            continue;
        };
        let mut end = j;
        while end < lines.len()
            && matches!(lines[end].kind(), LineKind::Table { table: t } if t == table)
        {
            end += 1;
        }
        let ranges: Vec<(usize, usize)> =
            lines[j..end].iter().map(|l| (l.start(), l.end())).collect();
        let head = Span::new(lines[j].start(), lines[j].end());
        if lines[j].indent() < 4
            && let Some(t) = table::read(text, &ranges)
            && !is_legend_header(&t)
        {
            match verdict(&t) {
                Verdict::Refused(why) => notes.push((head, format!("not read as tasks: {why}"))),
                Verdict::Tasks(_) => {
                    let (from, to) = (lines[j].start(), lines[end - 1].next());
                    let joined = indexed.iter().filter(|&&s| from <= s && s < to).count();
                    if joined > 0 {
                        notes.push((
                            head,
                            format!(
                                "an index: {joined} of its {} rows are one task each with the heading of the same ID below",
                                t.rows.len()
                            ),
                        ));
                    }
                }
                Verdict::NotTasks => {}
            }
        }
        j = end;
    }
    // A row that says otherwise than its heading: the heading's value is read; say so.
    for t in &file.tasks {
        let Some(row) = &t.index else { continue };
        for f in &t.fields {
            for c in index_copies(t, f) {
                if c.value.trim() != f.value.trim()
                    && !row.fields.iter().any(|g| g.span() == f.span())
                {
                    notes.push((
                        Span::new(row.span.start, super::super::line_end(text, row.span.start)),
                        format!(
                            "{}: the row's `{}` is `{}`, the heading's `{}`; the heading's value is read, and an edit writes both",
                            t.id().unwrap_or_default(),
                            c.key,
                            c.value.trim(),
                            f.value.trim()
                        ),
                    ));
                }
            }
        }
    }
    notes.sort_by_key(|(s, _)| s.start);
    notes
}

/// Joins each row of an index table with the heading task of the same ID (`| T-4 | Title |
/// P1 | todo |` above `### T-4: Title` with its fields and checklist): one task, the
/// heading's, with the row kept as its [`IndexRow`]. The heading's value wins where both give
/// one; a field only the row gives (a `Pri` column) is the task's field in its cell. Only an
/// ID written exactly twice, once as a row and once as a heading, is joined: a row repeated
/// by a checklist item stays two tasks (see docs/format.md). Linear in the number of tasks.
pub(crate) fn join_index_rows(tasks: &mut Vec<Task>) {
    // A pair needs a row: most files have none, and need no map of every ID.
    if !tasks.iter().any(|t| t.style == TaskStyle::Row) {
        return;
    }
    let mut by_id: crate::hash::Map<&str, (usize, Option<usize>, Option<usize>)> =
        crate::hash::Map::default();
    for (i, t) in tasks.iter().enumerate() {
        let Some(id) = t.id() else { continue };
        let e = by_id.entry(id).or_insert((0, None, None));
        e.0 += 1;
        match t.style {
            TaskStyle::Row => e.1 = Some(i),
            TaskStyle::Heading => e.2 = Some(i),
            _ => {}
        }
    }
    let pairs: Vec<(usize, usize)> = by_id
        .into_values()
        .filter_map(|(n, row, head)| (n == 2).then_some((row?, head?)))
        .collect();
    if pairs.is_empty() {
        return;
    }
    let mut gone = vec![false; tasks.len()];
    for (r, h) in pairs {
        let row = std::mem::replace(&mut tasks[r], placeholder());
        gone[r] = true;
        let head = &mut tasks[h];
        let has = |fields: &[Field], f: &Field| {
            fields.iter().any(|g| match (g.canon, f.canon) {
                (Some(a), Some(b)) => a == b,
                _ => g.key.eq_ignore_ascii_case(&f.key),
            })
        };
        let own_status = head.field(FieldKey::Status).is_some();
        let own_deps = head.field(FieldKey::Dependencies).is_some();
        let own_blocker = head.field(FieldKey::Blocker).is_some();
        let extra: Vec<Field> = row
            .fields
            .iter()
            .filter(|f| !has(&head.fields, f))
            .cloned()
            .collect();
        head.fields.extend(extra);
        if !own_status && row.field(FieldKey::Status).is_some() {
            head.state = row.state;
        }
        if !own_deps {
            head.dependencies.extend(row.dependencies);
        }
        if !own_blocker {
            head.blocker_refs.extend(row.blocker_refs);
        }
        head.index = Some(Box::new(IndexRow {
            span: row.span,
            fields: row.fields,
        }));
    }
    let mut k = 0;
    tasks.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}

/// An empty task, left for a moment where a joined row was.
fn placeholder() -> Task {
    Task {
        style: TaskStyle::Row,
        id: None,
        title: crate::model::Located {
            value: String::new(),
            span: Span::empty(0),
        },
        span: Span::empty(0),
        section: 0,
        checkbox: None,
        fields: Vec::new(),
        criteria: Vec::new(),
        state: crate::model::State::Todo,
        dependencies: Vec::new(),
        blocker_refs: Vec::new(),
        index: None,
    }
}

/// The cells of `task`'s index row that hold the same field as `field` (but are not
/// `field`): a new value is written there too, so the row and the heading cannot disagree.
pub(crate) fn index_copies<'a>(task: &'a Task, field: &Field) -> Vec<&'a Field> {
    let Some(row) = &task.index else {
        return Vec::new();
    };
    row.fields
        .iter()
        .filter(|g| g.span() != field.span())
        .filter(|g| match (g.canon, field.canon) {
            (Some(a), Some(b)) => a == b,
            _ => g.key.eq_ignore_ascii_case(&field.key),
        })
        .collect()
}

/// A row cut for a merge: the pipes and each cell's slot, keyed by column, so two cells of one
/// row edited on two sides merge.
fn row_parts(line: &str) -> Option<LineParts> {
    let slots = table::row_slots(line)?;
    let mut parts = Vec::with_capacity(slots.len() * 2 + 1);
    let mut at = 0;
    for (i, s) in slots.iter().enumerate() {
        parts.push(Part {
            key: format!("p{i}"),
            range: at..s.start,
        });
        parts.push(Part {
            key: format!("c{i}"),
            range: s.start..s.end,
        });
        at = s.end;
    }
    parts.push(Part {
        key: "end".into(),
        range: at..line.len(),
    });
    Some(LineParts { parts, fixed: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn table(text: &str) -> Table {
        let mut ranges = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            ranges.push((at, at + line.trim_end_matches('\n').len()));
            at += line.len();
        }
        table::read(text, &ranges).unwrap()
    }

    fn refused(text: &str) -> bool {
        matches!(verdict(&table(text)), Verdict::Refused(_))
    }

    #[test]
    fn counts_values_and_dates_are_no_task_tables_but_a_priority_first_list_is() {
        assert!(refused(
            "| Priority | Description | Count |\n|---|---|---|\n| P0 | Critical | 0 |\n"
        ));
        assert!(refused("| Status | Count |\n|---|---|\n| Done | 4 |\n"));
        assert!(refused(
            "| Date | Task | Status |\n|---|---|---|\n| 2025-01-02 | Ship | done |\n"
        ));
        assert!(refused(
            "| Task | Priority | Status |\n|---|---|---|\n| High | P1 | todo |\n"
        ));
        let list = "| Priority | Feature | Status |\n|---|---|---|\n| P0 | Setup wizard | todo |\n";
        assert!(matches!(verdict(&table(list)), Verdict::Tasks(_)));
        let numbered = "| ID | Title | Status |\n|---|---|---|\n| 001 | Seed | Done |\n";
        assert!(matches!(
            verdict(&table(numbered)),
            Verdict::Tasks(Columns { id: Some(0), .. })
        ));
        let hash = "| # | Title | Status |\n|---|---|---|\n| 1 | Seed | Done |\n";
        assert!(matches!(
            verdict(&table(hash)),
            Verdict::Tasks(Columns { id: None, .. })
        ));
    }

    #[test]
    fn a_row_and_a_heading_of_one_id_join_but_a_row_and_an_item_do_not() {
        let text = "| ID | Title | Pri | Status |\n|---|---|---|---|\n| A-1 | One | P1 | todo |\n| A-2 | Two | P2 | todo |\n\n- [ ] A-2: Two again\n\n## Notes\n\n### A-1: One\nStatus: DONE\n";
        let f = TaskFile::parse(Document::from_string("TODO.md", text.to_string()));
        let ids: Vec<(&str, TaskStyle)> =
            f.tasks.iter().map(|t| (t.id().unwrap(), t.style)).collect();
        assert_eq!(
            ids,
            [
                ("A-2", TaskStyle::Row),
                ("A-2", TaskStyle::Checkbox),
                ("A-1", TaskStyle::Heading)
            ]
        );
        let a1 = &f.tasks[2];
        assert_eq!(a1.state, crate::model::State::Done);
        assert_eq!(a1.value(FieldKey::Priority), Some("P1"));
        let status = a1.field(FieldKey::Status).unwrap();
        assert_eq!(status.value, "DONE");
        let copies = index_copies(a1, status);
        assert_eq!(copies.len(), 1);
        assert_eq!(copies[0].value, "todo");
        assert_eq!(
            table_notes(&f).len(),
            2,
            "the index and the row that disagrees with its heading"
        );
    }

    #[test]
    fn a_row_is_cut_into_its_cells_and_nothing_else_is() {
        let p = row_parts("| a | bc |").unwrap();
        let keys: Vec<&str> = p.parts.iter().map(|x| x.key.as_str()).collect();
        assert_eq!(keys, ["p0", "c0", "p1", "c1", "end"]);
        assert_eq!(p.parts[3].range, 5..9);
        assert!(p.fixed);
        assert!(row_parts("- [ ] a").is_none());
    }
}
