//! Obsidian Tasks: signifier emoji after a one-line task's text (`- [ ] Call ⏫ 📅
//! 2024-05-01 🆔 a1b2 ⛔ c3d4`). Each emoji and its value is a field; the title ends before the
//! trailing run of tokens. A priority is the emoji itself, so a new priority is written as its
//! emoji, and a new date field as an emoji token after the title.
//!
//! The token grammar (which emoji, where the run starts) is `meta`'s, shared with Dataview;
//! this file maps tokens to fields and writes them. It must not edit a field written in
//! another notation on the same line.

use crate::document::Span;
use crate::edit::Edit;
use crate::model::{Field, FieldKey, FieldStyle, Task, TaskStyle, priority};
use crate::parse::TaskFile;

use super::super::meta::{self, MetaKind};
use super::Notation;
use super::lines;

/// The Obsidian Tasks notation in the registry.
pub(super) struct Obsidian;

impl Notation for Obsidian {
    fn name(&self) -> &'static str {
        "Obsidian Tasks"
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::Checkbox && has_emoji(task))
            .then_some("checkbox with Obsidian Tasks metadata")
    }

    fn replace(&self, _file: &TaskFile, f: &Field, value: &str) -> Option<Result<Edit, String>> {
        if f.style != FieldStyle::Emoji {
            return None;
        }
        if f.canon != Some(FieldKey::Priority) {
            return Some(lines::token_value(f, value));
        }
        Some(
            priority::emoji_for(value)
                .ok_or_else(|| {
                    format!(
                        "`{value}` is not an Obsidian Tasks priority (highest, high, medium, \
                         low, lowest, or P0–P4)"
                    )
                })
                .map(|emoji| Edit {
                    span: f.value_span(),
                    replacement: emoji.to_string(),
                }),
        )
    }

    fn insert(
        &self,
        _file: &TaskFile,
        task: &Task,
        key: &str,
        value: &str,
    ) -> Option<Result<Edit, String>> {
        if !has_emoji(task) {
            return None;
        }
        if let Err(e) = lines::one_line(key, value) {
            return Some(Err(e));
        }
        let token = if crate::model::canonical_key(key) == Some(FieldKey::Priority) {
            priority::emoji_for(value).map(str::to_string)
        } else {
            meta::date_emoji(key).map(|e| format!("{e} {value}"))
        }?;
        Some(Ok(Edit {
            span: Span::empty(task.title.span.end),
            replacement: format!(" {token}"),
        }))
    }

    fn same_value(&self, _file: &TaskFile, f: &Field, a: &str, b: &str) -> Option<bool> {
        // `⏫` and `high` (or `P1`) are one priority.
        (f.style == FieldStyle::Emoji && f.canon == Some(FieldKey::Priority)).then(|| {
            let emoji = |v: &str| {
                priority::emoji_name(v.trim())
                    .and_then(priority::emoji)
                    .or_else(|| priority::emoji_for(v))
            };
            emoji(a).is_some_and(|x| Some(x) == emoji(b))
        })
    }
}

fn has_emoji(task: &Task) -> bool {
    task.fields.iter().any(|f| f.style == FieldStyle::Emoji)
}

/// The inline metadata of a one-line task's title (from `title_start` on): Obsidian Tasks
/// emoji and Dataview fields, in line order, the end of the description, and the `🆔` ID
/// span when there is one.
pub(crate) fn metadata(text: &str, title: Span) -> (Vec<Field>, usize, Option<Span>) {
    let t = &text[title.range()];
    let mut fields = Vec::new();
    let mut id = None;
    let (metas, desc_end) = meta::scan(t, title.start);
    for m in metas {
        let (canon, style) = match m.kind {
            MetaKind::Emoji => (emoji_key(&m.key), FieldStyle::Emoji),
            MetaKind::Dataview => (super::dataview::field_key(&m.key), FieldStyle::Inline),
        };
        if canon == Some(FieldKey::Id) && id.is_none() && !m.value_span.is_empty() {
            id = Some(m.value_span);
        }
        fields.push(Field::from(crate::model::FieldParts {
            key: m.key.as_str().into(),
            canon,
            key_span: m.key_span,
            value: m.value.as_str().into(),
            value_span: m.value_span,
            items: crate::model::ThinVec::new(),
            span: Span::new(m.key_span.start.min(m.value_span.start), m.value_span.end),
            bullet: false,
            style,
        }));
    }
    (fields, desc_end, id)
}

/// The model key of a signifier's name.
fn emoji_key(name: &str) -> Option<FieldKey> {
    match name {
        "priority" => Some(FieldKey::Priority),
        "id" => Some(FieldKey::Id),
        "depends" => Some(FieldKey::Dependencies),
        _ => None,
    }
}
