//! One-task file: a whole file that is one task. Either its YAML front matter has an `id`
//! (or, inside a task folder, a `title` and a `status`), or it has no front matter and a lone
//! title heading that is ID-led or says `Task:`, with a status field before its first
//! sub-heading (`# TASK-098: Title` then `**Status:** complete`). Fields are the front
//! matter's, the field lines under the title, and every section named like a field.
//!
//! A front-matter value is replaced in its own YAML quoting and a new field is a front-matter
//! line; without front matter a new field joins the field lines above the first sub-heading.
//! This file must not parse YAML itself (`frontmatter` does).

use crate::document::{Document, Span};
use crate::edit::Edit;
use crate::model::{
    Checklist, Field, FieldKey, FieldStyle, ListItem, Located, State, StateMap, Task, TaskStyle,
    canonical_key, lead_id, scan_ids,
};
use crate::parse::TaskFile;

use super::super::body::Body;
use super::super::frontmatter::{self, FrontMatter, Value};
use super::super::inline::field_at;
use super::super::recognize::references;
use super::super::scan::{Line, LineKind};
use super::heading::id_led_heading;
use super::lines::{self, key_spelling};
use super::{FileInput, Notation};

/// The one-task-file notation in the registry.
pub(super) struct OneTaskFile;

impl Notation for OneTaskFile {
    fn name(&self) -> &'static str {
        "one-task file"
    }

    fn read_file(&self, input: &FileInput) -> Option<Vec<Task>> {
        let task = file_task(
            input.doc,
            input.lines,
            input.states,
            input.front_matter,
            input.from,
            input.h1_count,
        )?;
        Some(vec![task])
    }

    fn label(&self, task: &Task, file: &TaskFile) -> Option<&'static str> {
        match task.style {
            TaskStyle::File if file.front_matter.is_some() => Some("task file (front matter)"),
            TaskStyle::File => Some("task file (title and field lines)"),
            _ => None,
        }
    }

    fn pinned(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::File)
            .then_some("{id} is a file of its own ({file}); move the file to move the task")
    }

    fn replace(&self, file: &TaskFile, f: &Field, value: &str) -> Option<Result<Edit, String>> {
        matches!(
            f.style,
            FieldStyle::FrontMatter | FieldStyle::FrontMatterComplex
        )
        .then(|| front_matter_edit(&file.doc, f.key_span(), value))
    }

    fn insert(
        &self,
        file: &TaskFile,
        task: &Task,
        key: &str,
        value: &str,
    ) -> Option<Result<Edit, String>> {
        if task.style != TaskStyle::File {
            return None;
        }
        if let Err(e) = lines::one_line(key, value) {
            return Some(Err(e));
        }
        let Some(fm) = file.front_matter else {
            // A task file's own fields stand before its first sub-heading.
            let head_end = file
                .headings
                .iter()
                .find(|h| h.span.start > task.title.span.end)
                .map_or(task.span.end, |h| h.span.start);
            return Some(lines::insert(file, task, key, value, head_end, || {
                lines::field_line(file, key, value)
            }));
        };
        let mut written = key_spelling(file, key);
        if !task
            .fields
            .iter()
            .any(|f| f.style == FieldStyle::FrontMatter && f.key == written)
        {
            written = written.to_lowercase();
        }
        // A new entry goes last; behind a problem (a front matter left open, a line the reader
        // stops at) it might not be read back, or be read as part of another value.
        let problem =
            frontmatter::read(file.doc.text(), file.doc.content_start()).and_then(|f| f.error);
        if let Some(p) = problem {
            return Some(Err(format!(
                "the front matter cannot take a new `{key}` until its problem is fixed: {} (see `todo lint`)",
                p.message
            )));
        }
        let line = frontmatter::render_entry(&written, value);
        let nl = file.doc.line_ending().as_str();
        Some(Ok(Edit {
            span: Span::empty(fm.body.end),
            replacement: format!("{line}{nl}"),
        }))
    }
}

/// The edit that makes the front-matter entry whose key stands at `key` hold `value`, in the
/// scalar's own quoting (see `frontmatter::replacement`); the front matter is read again by
/// span. A list of one item or none holds the value as its one item; a longer list, a block
/// scalar, an anchor or a nested map is refused with the reason.
fn front_matter_edit(doc: &Document, key: Span, value: &str) -> Result<Edit, String> {
    let fm = frontmatter::read(doc.text(), doc.content_start())
        .ok_or_else(|| "the front matter could not be read again".to_string())?;
    let entry = fm
        .entries
        .iter()
        .find(|e| e.key_span == key)
        .ok_or_else(|| "the front matter could not be read again".to_string())?;
    match &entry.value {
        Value::Scalar(s) => Ok(Edit {
            span: s.raw,
            replacement: frontmatter::replacement(s, value)
                .ok_or_else(|| format!("a value for `{}` must be one line", entry.key))?,
        }),
        // A list of at most one item (`assignee: []`, `assignee:` then `  - '@ana'`, as
        // Backlog.md writes an owner) takes the value as its one item, in the item's own
        // quoting; a longer list would lose items, and is left to `todo edit`.
        Value::List { items, flow, span } => match items.as_slice() {
            [] if *flow && !value.trim().is_empty() => Ok(Edit {
                span: *span,
                replacement: format!(
                    "[{}]",
                    frontmatter::render_scalar(value.trim(), frontmatter::Quote::Plain)
                        .ok_or_else(|| format!("a value for `{}` must be one line", entry.key))?
                ),
            }),
            [item] if !value.trim().is_empty() => Ok(Edit {
                span: item.raw,
                replacement: frontmatter::replacement(item, value.trim())
                    .ok_or_else(|| format!("a value for `{}` must be one line", entry.key))?,
            }),
            _ => Err(format!(
                "`{}` in the front matter is a list of {} items; change it with `todo edit`",
                entry.key,
                items.len()
            )),
        },
        Value::Complex if frontmatter::block_scalar_text(doc.text(), entry).is_some() => {
            Err(format!(
                "`{}` in the front matter is a block scalar (`>-` or `|` then indented \
                 lines), which todo reads but does not rewrite; edit it by hand",
                entry.key
            ))
        }
        Value::Complex => Err(format!(
            "`{}` in the front matter is not a plain value (a block scalar, an anchor or a \
             nested map); edit it by hand",
            entry.key
        )),
    }
}

/// A file that is one task: front matter with an `id` (or a `title` and a `status`), or,
/// without one, a lone title heading that is ID-led or says `Task:` and has a status field
/// before its first sub-heading (`# TASK-098: Title` then `**Status:** complete`). `h1_count`
/// is the number of `#` headings in `lines`.
fn file_task(
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
    let h1 = opening_h1(lines, from);
    if !by_front_matter && !titled_with_status(text, lines, h1.filter(|_| h1_count == 1)) {
        return None;
    }
    Some(task_of_file(doc, lines, states, fm, from, h1))
}

/// The line of the `#` heading a file opens with (after front matter and blank lines), if any.
pub(super) fn opening_h1(lines: &[Line], from: usize) -> Option<usize> {
    lines[from.min(lines.len())..]
        .iter()
        .position(|l| {
            !matches!(
                l.kind(),
                LineKind::Blank | LineKind::Opaque | LineKind::Rule
            )
        })
        .map(|k| from + k)
        .filter(|&k| matches!(lines[k].kind(), LineKind::Heading { level: 1, .. }))
}

/// The file as one task, once a rule took it: its fields, its ID (the front matter's, the
/// title heading's at line `h1`, an `ID` field's, else the file name's) and its title.
pub(super) fn task_of_file(
    doc: &Document,
    lines: &[Line],
    states: &StateMap,
    fm: Option<&FrontMatter>,
    from: usize,
    h1: Option<usize>,
) -> Task {
    let text = doc.text();
    // Fields: the front matter's, then the field lines under the title heading, and every
    // section named like a field (`## Acceptance Criteria`). Every checkbox is a criterion.
    let (mut fields, mut id, mut title) =
        fm.map_or_else(Default::default, |f| front_matter_fields(text, f));
    let boxes = |c: char| states.box_state(c);
    let mut body = Body::new(text).with_boxes(&boxes);
    // A section named like a key the front matter already gives is prose about it
    // (`## Current State` in a description), not the field a second time.
    let given: Vec<FieldKey> = fields.iter().filter_map(|f| f.canon).collect();
    let heading_line = read_body(&mut body, text, lines, from, h1, &given);
    fields.extend(body.fields);
    let criteria = body.criteria;
    if let Some(ht) = heading_line.and_then(|k| heading_text(lines, k)) {
        let (head_id, head_title) = heading_id_title(text, ht);
        id = id.or(head_id);
        title = title.or(Some(head_title));
    }
    // An `ID` field under a title heading that names none (`**ID:** JOB-7`).
    if id.is_none()
        && let Some(f) = fields.iter().find(|f| f.canon == Some(FieldKey::Id))
        && let Some(r) = scan_ids(&f.value).into_iter().next()
        && !f.value_span().is_empty()
    {
        let span = Span::new(f.value_span().start + r.start, f.value_span().start + r.end);
        id = Some(Located {
            value: text[span.range()].to_string(),
            span,
        });
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
    // No status at all is the project's default status (Backlog.md's `default_status`); a
    // status no table knows stays todo.
    let state = match status {
        Some(s) => states.state_of(s).unwrap_or(State::Todo),
        None => states.file_default(),
    };
    let dependencies = references(text, &fields, FieldKey::Dependencies);
    let blocker_refs = references(text, &fields, FieldKey::Blocker);
    let start = lines.first().map_or(0, |l| l.start());
    Task {
        style: TaskStyle::File,
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
        index: None,
    }
}

/// The text span of the heading at line `k`.
fn heading_text(lines: &[Line], k: usize) -> Option<Span> {
    match lines[k].kind() {
        LineKind::Heading { text: t, .. } => Some(t),
        _ => None,
    }
}

/// True when the lone title heading at line `h1` may make the file one task and a status
/// field stands before the next heading.
fn titled_with_status(text: &str, lines: &[Line], h1: Option<usize>) -> bool {
    let Some(k) = h1 else { return false };
    let Some(ht) = heading_text(lines, k) else {
        return false;
    };
    if !file_task_heading(&text[ht.range()]) {
        return false;
    }
    let head_end = (k + 1..lines.len())
        .find(|&j| matches!(lines[j].kind(), LineKind::Heading { .. }))
        .unwrap_or(lines.len());
    (k + 1..head_end).any(|j| {
        let l = lines[j];
        let start = match l.kind() {
            LineKind::Item {
                content,
                checkbox: None,
                ..
            } => content,
            LineKind::Text => l.text_start(),
            _ => return false,
        };
        let c = &text[start..l.end()];
        field_at(c).is_some_and(|m| canonical_key(&c[m.key]) == Some(FieldKey::Status))
    })
}

/// The front matter's entries as fields, with the ID and title they give.
fn front_matter_fields(
    text: &str,
    f: &FrontMatter,
) -> (Vec<Field>, Option<Located<String>>, Option<Located<String>>) {
    let mut fields = Vec::new();
    let mut id: Option<Located<String>> = None;
    let mut title: Option<Located<String>> = None;
    for e in &f.entries {
        // `created_date`: YAML joins words with `_` (copied only for a key that has one).
        let canon = if e.key.contains('_') {
            canonical_key(&e.key.replace('_', " "))
        } else {
            canonical_key(&e.key)
        };
        let (value, value_span, items, style) = match &e.value {
            Value::Scalar(s) => (
                s.text.clone(),
                s.span,
                crate::model::ThinVec::new(),
                FieldStyle::FrontMatter,
            ),
            Value::List { items, .. } => (
                String::new(),
                Span::empty(super::super::line_end(text, e.key_span.end)),
                items
                    .iter()
                    .map(|s| ListItem::read(text, &s.text, s.span, s.span))
                    .collect(),
                FieldStyle::FrontMatter,
            ),
            // A block scalar (`title: >-`) is read for display and lint, never edited.
            Value::Complex => (
                frontmatter::block_scalar_text(text, e)
                    .map(|t| t.trim_end_matches('\n').to_string())
                    .unwrap_or_default(),
                Span::empty(super::super::line_end(text, e.key_span.end)),
                crate::model::ThinVec::new(),
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
        fields.push(Field::from(crate::model::FieldParts {
            key: e.key.as_str().into(),
            canon,
            key_span: e.key_span,
            value: value.into(),
            value_span,
            items,
            span: e.span,
            bullet: false,
            style,
        }));
    }
    (fields, id, title)
}

/// Feeds the body reader the file's own lines: those under the title heading, the sections
/// named like a field that `given` (the front matter's keys) does not hold, and every
/// checkbox. Returns the title heading's line, if read.
fn read_body(
    body: &mut Body,
    text: &str,
    lines: &[Line],
    from: usize,
    h1: Option<usize>,
    given: &[FieldKey],
) -> Option<usize> {
    let mut j = from;
    let mut in_head = true;
    let mut field_section = false;
    let mut heading_line = None;
    while j < lines.len() {
        let l = lines[j];
        match l.kind() {
            LineKind::Heading { level, text: ht } => {
                if Some(j) == h1 && heading_line.is_none() {
                    heading_line = Some(j);
                    j += 1;
                    continue;
                }
                in_head = false;
                let name = text[ht.range()].trim_end_matches(':');
                // Backlog.md's `## Definition of Done` is a checklist of its own, kept apart
                // from the acceptance criteria, not a second acceptance field.
                let dod = level > 1 && is_definition_of_done(name);
                body.list = if dod {
                    Checklist::DefinitionOfDone
                } else {
                    Checklist::Criteria
                };
                field_section =
                    level > 1 && !dod && canonical_key(name).is_some_and(|k| !given.contains(&k));
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
    heading_line
}

/// True for a `Definition of Done` section name (any case, spacing folded).
fn is_definition_of_done(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.len() == 3
        && ["definition", "of", "done"]
            .iter()
            .zip(&words)
            .all(|(w, n)| n.eq_ignore_ascii_case(w))
}

/// The ID (when the heading is ID-led) and the title of a title heading whose text is `ht`.
fn heading_id_title(text: &str, ht: Span) -> (Option<Located<String>>, Located<String>) {
    let t = &text[ht.range()];
    let lead = lead_id(t, false);
    let mut title_span = Span::new(ht.start + lead.title.start, ht.start + lead.title.end);
    let mut id = None;
    if let Some(r) = lead.id.clone()
        && id_led_heading(t)
    {
        id = Some(Located {
            value: t[r.clone()].to_string(),
            span: Span::new(ht.start + r.start, ht.start + r.end),
        });
    } else {
        title_span = ht;
        if t.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("task:")) {
            let rest = &t[5..];
            let skip = 5 + rest.len() - rest.trim_start().len();
            title_span = Span::new(ht.start + skip, ht.end);
        }
    }
    let title = Located {
        value: text[title_span.range()].to_string(),
        span: title_span,
    };
    (id, title)
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
/// `task-epic-11.106-Title.md`, `TASK-001-1-write-tests.md`), when the file names none
/// itself: letters, `-`-joined words, then a number with optional `.` or `-` parts. Its span is empty, at the start of the file.
pub(super) fn file_name_id(doc: &Document) -> Option<Located<String>> {
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
        // `.106` continues the number; so does `-1` when the name goes on with `-` or ends
        // there (`TASK-001-1-write-tests.md` is the sub-task TASK-001-1).
        let digits_after = |k: usize| b[k..].iter().take_while(|c| c.is_ascii_digit()).count();
        let dotted = b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        let dashed = b.get(i) == Some(&b'-')
            && digits_after(i + 1) > 0
            && matches!(b.get(i + 1 + digits_after(i + 1)), None | Some(b'-'));
        if !(dotted || dashed) {
            break;
        }
        i += 1;
    }
    if b.get(i).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(Located {
        value: stem[..i].to_string(),
        span: Span::empty(0),
    })
}
