//! Field-level edits: replace a value, insert a missing field where its neighbours put it,
//! tick a checkbox, refresh a `Last Updated:` date. Every edit is built from model spans and
//! copies the file's own spelling (indentation, bullet, key style, line ending).

use crate::document::Span;
use crate::edit::Edit;
use crate::model::{Field, FieldKey, FieldStyle, Task, TaskKind, canonical_key};
use crate::parse::TaskFile;

/// Field order used to place a new field when neither the schema nor the task says more.
const ORDER: [FieldKey; 10] = [
    FieldKey::Priority,
    FieldKey::Type,
    FieldKey::Owner,
    FieldKey::Status,
    FieldKey::Blocker,
    FieldKey::Context,
    FieldKey::Acceptance,
    FieldKey::References,
    FieldKey::Dependencies,
    FieldKey::Effort,
];

/// Where a key sits in the preferred order (schema order first, then the default order).
fn rank(file: &TaskFile, key: &str) -> usize {
    let canon = canonical_key(key);
    if let Some(i) = file.schema.as_ref().and_then(|s| s.position(key)) {
        return i;
    }
    canon
        .and_then(|c| ORDER.iter().position(|k| *k == c))
        .map_or(usize::MAX - 1, |i| i + 100)
}

/// The key as this file spells it: the schema's name, else a sibling's, else the canonical
/// name capitalised.
pub fn key_spelling(file: &TaskFile, key: &str) -> String {
    let canon = canonical_key(key);
    if let Some(f) = file.schema.as_ref().and_then(|s| s.field(key)) {
        return f.name.clone();
    }
    if let Some(f) = file
        .tasks
        .iter()
        .flat_map(|t| &t.fields)
        .find(|f| canon.is_some() && f.canon == canon)
    {
        return f.key.clone();
    }
    let mut c = key.trim().chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Edits that give `task` the field `key` with `value`: the value replaced in place when the
/// field exists, else a new line written like its sibling fields.
pub fn set_field(
    file: &TaskFile,
    task: &Task,
    key: &str,
    value: &str,
) -> Result<Vec<Edit>, String> {
    if let Some(f) = task.field_named(key) {
        return Ok(vec![replace_value(file, f, value)?]);
    }
    Ok(vec![insert_field(file, task, key, value)?])
}

/// Replaces a field's inline value (or writes one after an empty `Key:`), in the field's own
/// notation: a YAML scalar keeps its quoting, a table cell its column's padding, an emoji
/// priority becomes the emoji for the new priority. `Err` says why a value cannot be written
/// there safely.
pub fn replace_value(file: &TaskFile, f: &Field, value: &str) -> Result<Edit, String> {
    let text = file.doc.text();
    match f.style {
        FieldStyle::FrontMatter | FieldStyle::FrontMatterComplex => {
            return crate::parse::front_matter_edit(&file.doc, f.key_span, value);
        }
        FieldStyle::Cell => {
            return crate::parse::cell_edit(&file.doc, f.key_span, f.span, value)
                .ok_or_else(|| format!("the `{}` cell could not be read back", f.key));
        }
        FieldStyle::Emoji if f.canon == Some(FieldKey::Priority) => {
            let emoji = crate::model::priority::emoji_for(value).ok_or_else(|| {
                format!(
                    "`{value}` is not an Obsidian Tasks priority (highest, high, medium, low, \
                     lowest, or P0–P4)"
                )
            })?;
            return Ok(Edit {
                span: f.value_span,
                replacement: emoji.to_string(),
            });
        }
        FieldStyle::Emoji | FieldStyle::Inline => {
            if value.contains(['\n', '\r']) {
                return Err(multi_line(f));
            }
            return Ok(Edit {
                span: f.value_span,
                replacement: value.to_string(),
            });
        }
        _ => {}
    }
    if f.value_span.is_empty() {
        // `Blocker:` with nothing after it: the value goes after the colon.
        let line_end = f.value_span.start;
        let at = text[f.key_span.end..line_end]
            .find(':')
            .map_or(line_end, |c| f.key_span.end + c + 1);
        let at = match f.style {
            FieldStyle::BoldKeyColon => (at + 2).min(line_end), // past the closing `**`
            _ => at,
        };
        return Ok(Edit {
            span: Span::new(at, line_end),
            replacement: format!(" {value}"),
        });
    }
    Ok(Edit {
        span: f.value_span,
        replacement: value.to_string(),
    })
}

fn multi_line(f: &Field) -> String {
    format!("a value for `{}` must be one line", f.key)
}

/// A new field, placed after the last field that comes before it in the preferred order,
/// spelled like the task's other fields: a line in the front matter for a task file with one,
/// an emoji token for an Obsidian task, a field line otherwise. A table row cannot gain a
/// column.
pub fn insert_field(file: &TaskFile, task: &Task, key: &str, value: &str) -> Result<Edit, String> {
    let text = file.doc.text();
    let nl = file.doc.line_ending().as_str();
    if task.kind == TaskKind::Row {
        return Err(format!(
            "the table has no `{}` column; add the column to the table by hand",
            key_spelling(file, key)
        ));
    }
    if value.contains(['\n', '\r']) {
        return Err(format!("a value for `{key}` must be one line"));
    }
    if task.kind == TaskKind::File
        && let Some(fm) = file.front_matter
    {
        let mut written = key_spelling(file, key);
        if !task
            .fields
            .iter()
            .any(|f| f.style == FieldStyle::FrontMatter && f.key == written)
        {
            written = written.to_lowercase();
        }
        let line = crate::parse::render_entry(&written, value);
        return Ok(Edit {
            span: Span::empty(fm.body.end),
            replacement: format!("{line}{nl}"),
        });
    }
    if task.fields.iter().any(|f| f.style == FieldStyle::Emoji) {
        let canon = canonical_key(key);
        let token = if canon == Some(FieldKey::Priority) {
            crate::model::priority::emoji_for(value).map(str::to_string)
        } else {
            crate::parse::meta_date_emoji(key).map(|e| format!("{e} {value}"))
        };
        if let Some(token) = token {
            return Ok(Edit {
                span: Span::empty(task.title.span.end),
                replacement: format!(" {token}"),
            });
        }
    }
    // A task file's own fields stand before its first sub-heading.
    let head_end = if task.kind == TaskKind::File {
        file.headings
            .iter()
            .find(|h| h.span.start > task.title.span.end)
            .map_or(task.span.end, |h| h.span.start)
    } else {
        task.span.end
    };
    let own: Vec<&Field> = task
        .fields
        .iter()
        .filter(|f| f.span.end <= head_end)
        .collect();
    let my_rank = rank(file, key);
    let sibling = own
        .iter()
        .copied()
        .find(|f| !f.items.is_empty() || !f.value.is_empty());
    let line = match sibling {
        Some(s) => {
            let line_start = text[..s.span.start]
                .rfind(['\n', '\r'])
                .map_or(0, |i| i + 1);
            let prefix = &text[line_start.max(s.span.start)..s.key_span.start];
            let prefix = prefix.trim_end_matches("**");
            let written = key_spelling(file, key);
            match s.style {
                FieldStyle::BoldKey => format!("{prefix}**{written}**: {value}"),
                FieldStyle::BoldKeyColon => format!("{prefix}**{written}:** {value}"),
                _ => format!("{prefix}{written}: {value}"),
            }
        }
        None if matches!(task.kind, TaskKind::Checkbox | TaskKind::Bullet) => {
            // A list item's field is a nested bullet under its text.
            let first = &text[task.span.start..end_of_line(text, task.span.start)];
            let lead = first.len() - first.trim_start().len();
            let marker = first.trim_start().split(' ').next().map_or(1, str::len);
            // Same indentation as the item's own nested bullets, so it does not adopt them.
            let body = &text[end_of_line(text, task.span.start).min(task.span.end)..task.span.end];
            let nested = body.lines().find_map(|l| {
                let t = l.trim_start();
                t.starts_with(['-', '*', '+'])
                    .then(|| &l[..l.len() - t.len()])
            });
            let indent = nested.map_or_else(|| " ".repeat(lead + marker + 1), str::to_string);
            format!("{indent}- {}: {value}", key_spelling(file, key))
        }
        None => format!("{}: {value}", key_spelling(file, key)),
    };
    // After the last field ranked before this one, else before the first field, else after
    // the task's first line.
    let before: Option<&Field> = own
        .iter()
        .rev()
        .copied()
        .find(|f| rank(file, &f.key) <= my_rank);
    let at = match before {
        Some(f) => end_of_line(text, f.span.end),
        None => match own.first() {
            Some(f) => {
                let start = text[..f.span.start]
                    .rfind(['\n', '\r'])
                    .map_or(0, |i| i + 1);
                return Ok(Edit {
                    span: Span::empty(start),
                    replacement: format!("{line}{nl}"),
                });
            }
            None => end_of_line(text, task.title.span.end),
        },
    };
    if at == text.len() && !text.ends_with(['\n', '\r']) {
        return Ok(Edit {
            span: Span::empty(at),
            replacement: format!("{nl}{line}"),
        });
    }
    Ok(Edit {
        span: Span::empty(at),
        replacement: format!("{line}{nl}"),
    })
}

/// The offset just past the line ending of the line holding `offset` (an offset inside a
/// multi-byte character belongs to that character's line).
pub fn end_of_line(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    match text[offset..].find(['\n', '\r']) {
        Some(i) => {
            let at = offset + i;
            if text[at..].starts_with("\r\n") {
                at + 2
            } else {
                at + 1
            }
        }
        None => text.len(),
    }
}

/// Ticks or unticks a checklist item (or a checkbox task's own box).
pub fn tick(mark: Span, done: bool) -> Edit {
    Edit {
        span: mark,
        replacement: if done { "[x]" } else { "[ ]" }.to_string(),
    }
}

/// The edit that sets a `Last Updated:` header line (before the first task) to `today`, in the
/// date format the line already uses. `None` when the file has no such line or it is current.
pub fn touch_date(file: &TaskFile, today: chrono::NaiveDate) -> Option<Edit> {
    let header = file.last_updated.as_ref()?;
    Some(Edit {
        span: header.span,
        replacement: header.rewrite(today)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::edit::apply;

    fn file(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    }

    fn run(text: &str, f: impl Fn(&TaskFile) -> Vec<Edit>) -> String {
        let tf = file(text);
        apply(text, &f(&tf)).unwrap()
    }

    #[test]
    fn replaces_in_place_and_inserts_in_order_and_style() {
        let text = "### T-1: A\r\n- **Priority**: P2\r\n- **Status**: READY\r\n";
        assert_eq!(
            run(text, |f| set_field(f, &f.tasks[0], "status", "DONE")
                .unwrap()),
            "### T-1: A\r\n- **Priority**: P2\r\n- **Status**: DONE\r\n"
        );
        assert_eq!(
            run(text, |f| set_field(f, &f.tasks[0], "owner", "ana").unwrap()),
            "### T-1: A\r\n- **Priority**: P2\r\n- **Owner**: ana\r\n- **Status**: READY\r\n"
        );
        let plain = "### T-1: A\nStatus: READY\nBlocker:\nEffort: S";
        assert_eq!(
            run(plain, |f| set_field(f, &f.tasks[0], "blocker", "T-2")
                .unwrap()),
            "### T-1: A\nStatus: READY\nBlocker: T-2\nEffort: S"
        );
        assert_eq!(
            run(plain, |f| set_field(f, &f.tasks[0], "priority", "P1")
                .unwrap()),
            "### T-1: A\nPriority: P1\nStatus: READY\nBlocker:\nEffort: S"
        );
        let item = "- [ ] T-1: A\n  - [ ] step\n- [ ] T-2: B\n";
        assert_eq!(
            run(item, |f| set_field(f, &f.tasks[0], "priority", "P1")
                .unwrap()),
            "- [ ] T-1: A\n  - Priority: P1\n  - [ ] step\n- [ ] T-2: B\n"
        );
        let deep = "- [x] 1.1. A\n     - detail\n- [x] 1.2. B\n";
        assert_eq!(
            run(deep, |f| set_field(f, &f.tasks[0], "priority", "P1")
                .unwrap()),
            "- [x] 1.1. A\n     - Priority: P1\n     - detail\n- [x] 1.2. B\n"
        );
        assert_eq!(
            run(plain, |f| set_field(f, &f.tasks[0], "notes", "x").unwrap()),
            "### T-1: A\nStatus: READY\nBlocker:\nEffort: S\nNotes: x"
        );
    }

    #[test]
    fn touches_the_date_in_its_own_format() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let t = "# T\n\nLast Updated: 2026-01-20\n\n### T-1: A\n";
        assert_eq!(
            run(t, |f| touch_date(f, today).into_iter().collect()),
            t.replace("2026-01-20", "2026-11-23")
        );
        let t = "**Last Updated:** December 31, 2025\n\n- [ ] a\n";
        assert_eq!(
            run(t, |f| touch_date(f, today).into_iter().collect()),
            "**Last Updated:** November 23, 2026\n\n- [ ] a\n"
        );
        assert!(touch_date(&file("### T-1: A\nLast Updated: 2020-01-01\n"), today).is_none());
    }
}
