//! Field lines, the grammar the Markdown notations share for a task's body: `Key: value`,
//! `**Key**: value`, `**Key:** value`, bare or as a bullet. Replacing a value and inserting a
//! field line that copies its siblings' indentation, bullet, key style and line ending live
//! here, for every notation that has no rule of its own.
//!
//! This is not a notation: the registry falls back to it. It must not know any notation's
//! special cases (those are in the notation's file, which calls in here).

use crate::document::Span;
use crate::edit::Edit;
use crate::model::{Field, FieldKey, FieldStyle, Task, canonical_key};
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
        return f.key.to_string();
    }
    let mut c = key.trim().chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// `Err` when `value` would not stay on one line.
pub(super) fn one_line(key: &str, value: &str) -> Result<(), String> {
    if value.contains(['\n', '\r']) {
        return Err(format!("a value for `{key}` must be one line"));
    }
    Ok(())
}

/// The edit that writes `value` over a token's value, which must stay on one line.
pub(super) fn token_value(f: &Field, value: &str) -> Result<Edit, String> {
    one_line(&f.key, value)?;
    Ok(Edit {
        span: f.value_span(),
        replacement: value.to_string(),
    })
}

/// Replaces a field line's value, or writes one after an empty `Key:`.
pub(super) fn replace(file: &TaskFile, f: &Field, value: &str) -> Edit {
    let text = file.doc.text();
    if f.value_span().is_empty() {
        // `Blocker:` with nothing after it: the value goes after the colon.
        let line_end = f.value_span().start;
        let at = text[f.key_span().end..line_end]
            .find(':')
            .map_or(line_end, |c| f.key_span().end + c + 1);
        let at = match f.style {
            FieldStyle::BoldKeyColon => (at + 2).min(line_end), // past the closing `**`
            _ => at,
        };
        return Edit {
            span: Span::new(at, line_end),
            replacement: format!(" {value}"),
        };
    }
    Edit {
        span: f.value_span(),
        replacement: value.to_string(),
    }
}

/// A field line with no sibling to copy: `Key: value`.
pub(super) fn field_line(file: &TaskFile, key: &str, value: &str) -> String {
    format!("{}: {value}", key_spelling(file, key))
}

/// A new field line among the task's fields that end before `head_end`, placed after the last
/// field that comes before it in the preferred order and spelled like them; `first` writes the
/// line when the task has no field to copy.
pub(super) fn insert(
    file: &TaskFile,
    task: &Task,
    key: &str,
    value: &str,
    head_end: usize,
    first: impl FnOnce() -> String,
) -> Result<Edit, String> {
    one_line(key, value)?;
    let text = file.doc.text();
    let nl = file.doc.line_ending().as_str();
    let own: Vec<&Field> = task
        .fields
        .iter()
        // A cell of the task's index row lies outside its block: no sibling to copy there.
        .filter(|f| f.span().start >= task.span.start && f.span().end <= head_end)
        .collect();
    let my_rank = rank(file, key);
    let sibling = own
        .iter()
        .copied()
        .find(|f| !f.items.is_empty() || !f.value.is_empty());
    let line = match sibling {
        Some(s) => {
            let line_start = text[..s.span().start]
                .rfind(['\n', '\r'])
                .map_or(0, |i| i + 1);
            let prefix = &text[line_start.max(s.span().start)..s.key_span().start];
            let prefix = prefix.trim_end_matches("**");
            let written = key_spelling(file, key);
            match s.style {
                FieldStyle::BoldKey => format!("{prefix}**{written}**: {value}"),
                FieldStyle::BoldKeyColon => format!("{prefix}**{written}:** {value}"),
                _ => format!("{prefix}{written}: {value}"),
            }
        }
        None => first(),
    };
    // After the last field ranked before this one, else before the first field, else after
    // the task's first line.
    let before: Option<&Field> = own
        .iter()
        .rev()
        .copied()
        .find(|f| rank(file, &f.key) <= my_rank);
    let at = match before {
        Some(f) => end_of_line(text, f.span().end),
        None => match own.first() {
            Some(f) => {
                let start = text[..f.span().start]
                    .rfind(['\n', '\r'])
                    .map_or(0, |i| i + 1);
                return Ok(Edit {
                    span: Span::empty(start),
                    replacement: format!("{line}{nl}"),
                });
            }
            None => past_setext(text, task, end_of_line(text, task.title.span.end)),
        },
    };
    if at == text.len() && !text.ends_with(['\n', '\r']) {
        return Ok(Edit {
            span: Span::empty(at),
            replacement: format!("{nl}{line}"),
        });
    }
    // A task without fields gets its first field line right under its title: when body text
    // follows there, a blank line keeps that text from continuing the field's line.
    let gap = if before.is_none() && own.is_empty() && runs_on(text, at, &line) {
        nl
    } else {
        ""
    };
    Ok(Edit {
        span: Span::empty(at),
        replacement: format!("{line}{nl}{gap}"),
    })
}

/// Past the underline when the task's title starts a setext heading of several lines (its
/// first line, then more text, then `---` or `===`): a line put inside would change the
/// heading's text. `at` is the start of the line after the title's.
fn past_setext(text: &str, task: &Task, at: usize) -> usize {
    // The title's own line: an ATX heading (`# …`, after any byte-order mark) is one line.
    let title = task.title.span.start.min(text.len());
    let line_start = text[..title].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = text[line_start..].trim_start_matches(['\u{feff}', ' ', '\t']);
    if task.style != crate::model::TaskStyle::Heading || line.starts_with('#') {
        return at;
    }
    let mut pos = at;
    while pos < text.len() {
        let next = end_of_line(text, pos);
        let line = text[pos..next].trim();
        if line.is_empty() {
            return at;
        }
        if line.bytes().all(|b| b == b'-') || line.bytes().all(|b| b == b'=') {
            return next;
        }
        pos = next;
    }
    at
}

/// Whether the line starting at `at` is text that would join a new plain field line written
/// just above it: not blank, and neither the new line nor it is a list item, a heading, a
/// quotation or a fence, which each stand on their own.
fn runs_on(text: &str, at: usize, line: &str) -> bool {
    let next = &text[at..end_of_line(text, at)];
    let next = next.trim();
    let stands_alone = |l: &str| {
        let l = l.trim_start();
        l.is_empty()
            || l.starts_with(['#', '>'])
            || l.starts_with("```")
            || l.starts_with("~~~")
            || ["-", "*", "+"].contains(&l.trim_end())
            || l.starts_with("- ")
            || l.starts_with("* ")
            || l.starts_with("+ ")
            || l.split_once(['.', ')'])
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    !next.is_empty() && !stands_alone(line) && !stands_alone(next)
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
