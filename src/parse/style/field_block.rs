//! Field block: a task written as a paragraph of `Key: value` lines with no title line
//! (`ID: SVC-7` / `Description: Rotate the keys` / `Status: ToDo`), blocks kept apart by
//! blank lines or `---` lines. The ID is the `ID` field's first ID (a `(was X)` note after it
//! is an alias, see [`crate::model::Task::aliases`]); the title is the `Title`, `Summary` or
//! `Description` field, the first of them the block has, in that order.
//!
//! A paragraph is a field block only when its first line is a field line, one of its lines is
//! an `ID` field naming an ID, and another names a field the alias table or the title keys
//! know: YAML-like prose, a `Status: draft` preamble or a line of notes is not taken. A block
//! followed by `---` is a setext heading to Markdown; it is read as the same block.
//!
//! Values are edited in place like any field line; `todo add` writes a new block shaped like
//! the last one, after it. This file must not read field values beyond picking the title.

use crate::document::Span;
use crate::edit::Edit;
use crate::model::{Field, FieldKey, FieldStyle, Task, TaskStyle, canonical_key, scan_ids};
use crate::parse::TaskFile;

use super::super::inline::field_at;
use super::super::recognize::Walker;
use super::super::scan::{Line, LineKind};
use super::lines::{self, key_spelling};
use super::{NewLike, Notation};

/// The field-block notation in the registry.
pub(super) struct FieldBlock;

/// The keys that give a block its title, in the order they are preferred.
const TITLE_KEYS: [&str; 3] = ["title", "summary", "description"];

impl Notation for FieldBlock {
    fn name(&self) -> &'static str {
        "field block"
    }

    fn field_block(&self, task: &Task) -> Option<bool> {
        (task.style == TaskStyle::FieldBlock).then_some(true)
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        (task.style == TaskStyle::FieldBlock)
            .then_some("field block (no title line: ID and title read from its field lines)")
    }

    fn insert(
        &self,
        file: &TaskFile,
        task: &Task,
        key: &str,
        value: &str,
    ) -> Option<Result<Edit, String>> {
        if task.style != TaskStyle::FieldBlock {
            return None;
        }
        if let Err(e) = lines::one_line(key, value) {
            return Some(Err(e));
        }
        // The ID field leads the block: a new field goes last, not before it by rank.
        let text = file.doc.text();
        let nl = file.doc.line_ending().as_str();
        let style = task.fields.first().map_or(FieldStyle::Plain, |f| f.style);
        let line = field_line(&key_spelling(file, key), value, style);
        let last = task.fields.iter().map(|f| f.span().end).max()?;
        let at = lines::end_of_line(text, last);
        let replacement = if at == text.len() && !text.ends_with(['\n', '\r']) {
            format!("{nl}{line}")
        } else {
            format!("{line}{nl}")
        };
        Some(Ok(Edit {
            span: Span::empty(at),
            replacement,
        }))
    }

    fn add_like(
        &self,
        file: &TaskFile,
        model: &Task,
        new: &NewLike<'_>,
    ) -> Option<Result<Edit, String>> {
        (model.style == TaskStyle::FieldBlock).then(|| Ok(new_block(file, model, new)))
    }
}

/// The title rank of a key (`Title` 0, `Summary` 1, `Description` 2), if it gives a title.
fn title_rank(key: &str) -> Option<usize> {
    let k = key.trim();
    TITLE_KEYS.iter().position(|t| t.eq_ignore_ascii_case(k))
}

/// True for a setext underline (`---`, `===`), which ends a block.
fn underline(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'='))
}

impl Walker<'_> {
    /// A field block starting at line `i` (see the module docs): builds the task and returns
    /// the line after it, or `None` when the paragraph there is not one. Only a paragraph's
    /// first line is looked at, and each paragraph once, so the walk stays linear.
    pub(crate) fn field_block(&mut self, i: usize) -> Option<usize> {
        let line = self.lines[i];
        let setext = match line.kind() {
            LineKind::Text => false,
            LineKind::Heading { .. } => !self.text[line.text_start()..].starts_with('#'),
            _ => return None,
        };
        if line.indent() > 0 {
            return None;
        }
        // A paragraph's first line: after a blank line, a rule, a heading or the start.
        if i > self.from
            && !matches!(
                self.lines[i - 1].kind(),
                LineKind::Blank
                    | LineKind::Rule
                    | LineKind::Heading { .. }
                    | LineKind::HeadingRest
                    | LineKind::Opaque
            )
        {
            return None;
        }
        let first = &self.text[line.text_start()..line.end()];
        field_at(first)?;
        let mut j = i;
        let mut id = false;
        let mut known = 0;
        let mut title: Option<(usize, Span)> = None;
        while j < self.lines.len() {
            let l = self.lines[j];
            let t = &self.text[l.text_start()..l.end()];
            let inside = match l.kind() {
                LineKind::Text => !setext,
                LineKind::Heading { .. } => j == i,
                LineKind::HeadingRest => setext && !underline(t),
                _ => false,
            };
            if !inside {
                break;
            }
            if let Some(m) = field_at(t) {
                let key = &t[m.key.clone()];
                let canon = canonical_key(key);
                let rank = title_rank(key);
                if canon == Some(FieldKey::Id) && !scan_ids(&t[m.value.clone()]).is_empty() {
                    id = true;
                }
                if canon.is_some() || rank.is_some() {
                    known += 1;
                }
                if let Some(r) = rank
                    && !m.value.is_empty()
                    && title.is_none_or(|(best, _)| r < best)
                {
                    let s = l.text_start();
                    title = Some((r, Span::new(s + m.value.start, s + m.value.end)));
                }
            }
            j += 1;
        }
        if !id || known < 2 {
            return None;
        }
        let title = title.map_or(Span::empty(line.end()), |(_, s)| s);
        if setext {
            // Markdown made the paragraph a heading: its lines are read here, not by the body
            // grammar, which takes a heading for a section name.
            self.pending = block_fields(self.text, &self.lines[i..j]);
            self.build(TaskStyle::FieldBlock, i, None, title, None, i + 1..j);
        } else {
            self.build(TaskStyle::FieldBlock, i, None, title, None, i..j);
        }
        Some(j)
    }
}

/// The field lines of a block Markdown read as a setext heading, one field each; a line that
/// is not a field line continues the field above it.
fn block_fields(text: &str, lines: &[Line]) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    for l in lines {
        let t = &text[l.text_start()..l.end()];
        let Some(m) = field_at(t) else {
            if let Some(f) = fields.last_mut() {
                f.set_end(l.end());
            }
            continue;
        };
        let base = l.text_start();
        let written = t[m.key.clone()].trim_end();
        let key_span = Span::new(base + m.key.start, base + m.key.start + written.len());
        let value_span = if m.value.is_empty() {
            Span::empty(l.end())
        } else {
            Span::new(base + m.value.start, base + m.value.end)
        };
        fields.push(Field::from(crate::model::FieldParts {
            key: written.into(),
            canon: canonical_key(written),
            key_span,
            value: text[value_span.range()].into(),
            value_span,
            items: crate::model::ThinVec::new(),
            span: Span::new(l.start(), l.end()),
            bullet: false,
            style: m.style,
        }));
    }
    fields
}

/// `key: value` with the key spelled in `style`.
fn field_line(key: &str, value: &str, style: FieldStyle) -> String {
    match style {
        FieldStyle::BoldKey => format!("**{key}**: {value}"),
        FieldStyle::BoldKeyColon => format!("**{key}:** {value}"),
        _ => format!("{key}: {value}"),
    }
}

/// A new block shaped like `model`: its fields in its order and spelling, the new ID in the
/// ID field, the title in its title field, a value of `new` in the field of that name (others
/// left out), then `new`'s values the model has no field for. It follows `model`, apart from
/// it by the line that stands between `model` and its neighbour (`---`, else a blank line).
fn new_block(file: &TaskFile, model: &Task, new: &NewLike<'_>) -> Edit {
    let text = file.doc.text();
    let nl = file.doc.line_ending().as_str();
    let mut block = String::new();
    let mut used = Vec::new();
    let mut line = |key: &str, value: &str, style: FieldStyle| {
        block.push_str(&field_line(key, value, style));
        block.push_str(nl);
    };
    for f in &model.fields {
        if f.canon == Some(FieldKey::Id) {
            line(&f.key, new.id, f.style);
        } else if f.value_span() == model.title.span && !f.value_span().is_empty() {
            line(&f.key, new.title, f.style);
        } else if let Some((name, v)) = new
            .values
            .iter()
            .find(|(name, _)| f.canon.is_some_and(|c| c.name() == name))
        {
            used.push(name.as_str());
            line(&f.key, v, f.style);
        }
    }
    let style = model.fields.first().map_or(FieldStyle::Plain, |f| f.style);
    for (name, v) in new.values {
        if !used.contains(&name.as_str()) {
            line(&key_spelling(file, name), v, style);
        }
    }
    let at = model.span.end;
    let lead = if at > 0 && !text[..at].ends_with(['\n', '\r']) {
        nl
    } else {
        ""
    };
    Edit {
        span: Span::empty(at),
        replacement: format!("{lead}{}{block}", separator(text, model, nl)),
    }
}

/// The line that keeps blocks apart around `model`: a `---` line (as written) when one stands
/// right before or after it, else an empty line.
fn separator(text: &str, model: &Task, nl: &str) -> String {
    let before = text[..model.span.start].trim_end_matches(['\n', '\r']);
    let prev = &before[before.rfind(['\n', '\r']).map_or(0, |k| k + 1)..];
    let after = &text[model.span.end..];
    let next = after.split(['\n', '\r']).next().unwrap_or("");
    [prev, next]
        .into_iter()
        .find(|l| underline(l) && l.trim().starts_with('-'))
        .map_or_else(|| nl.to_string(), |l| format!("{}{nl}", l.trim()))
}

#[cfg(test)]
mod tests {
    use crate::{Document, TaskFile};

    fn parse(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("notes.md", text.to_string()))
    }

    #[test]
    fn blocks_apart_by_rules_or_blank_lines_are_tasks() {
        let f = parse(
            "ID: A-1 (was T-9)\nDescription: Rotate\nStatus: ToDo\nDependsOn: [A-2, A-3]\n---\nID: A-2\nTitle: Publish\nSummary: no\nStatus: Done\n\nID: A-3\nSummary: Write\n",
        );
        let got: Vec<_> = f
            .tasks
            .iter()
            .map(|t| (t.id().unwrap(), t.title.value.as_str(), t.state.name()))
            .collect();
        assert_eq!(
            got,
            [
                ("A-1", "Rotate", "todo"),
                ("A-2", "Publish", "done"),
                ("A-3", "Write", "todo")
            ]
        );
        let deps: Vec<_> = f.tasks[0].dependencies.iter().map(|d| &d.value).collect();
        assert_eq!(deps, ["A-2", "A-3"]);
        assert_eq!(f.tasks[0].aliases(), ["T-9"]);
    }

    #[test]
    fn blocks_between_rules_are_tasks() {
        let f = parse(
            "# Tracker\n\n---\nID: A-1\nStatus: Done\n---\n\n---\nID: A-2\nStatus: ToDo\n---\n",
        );
        let ids: Vec<_> = f.tasks.iter().map(|t| t.id().unwrap()).collect();
        assert_eq!(ids, ["A-1", "A-2"]);
    }

    #[test]
    fn prose_and_lone_fields_are_not_blocks() {
        for text in [
            "Status: draft\nOwner: me\n",
            "ID: A-1\n",
            "ID: none yet\nStatus: todo\n",
            "Some words first\nID: A-1\nStatus: todo\n",
            "  ID: A-1\n  Status: todo\n",
        ] {
            assert!(parse(text).tasks.is_empty(), "{text:?}");
        }
    }
}
