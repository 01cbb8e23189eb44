//! Whole-block edits: take a task's exact bytes out of one file, put them at the end of a
//! section of another, and write a new task from the template of its neighbours.
//!
//! Attachment rule: a lint directive comment on the line directly above a task belongs to it
//! and moves with it. Removing a block also removes one blank line next to it (the one after
//! it, else the one before), so the file keeps one blank line between its neighbours.

use crate::document::Span;
use crate::edit::Edit;
use crate::model::{FieldKey, State, Task};
use crate::parse::TaskFile;

use super::fields::end_of_line;

/// The bytes a task occupies, with an attached directive comment above it.
pub fn block_span(file: &TaskFile, task: &Task) -> Span {
    let start = file
        .directives
        .iter()
        .find(|d| d.next_line == Some(task.span.start))
        .map_or(task.span.start, |d| d.span.start);
    Span::new(start, task.span.end)
}

/// `s` without its trailing blank: spaces, tabs and line endings, Markdown's white space.
/// (`str::trim_end` would also take a form feed or a no-break space, which Markdown reads as
/// text: a task's last line may consist of them.)
pub(crate) fn trim_blank_end(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\r'])
}

fn is_blank_line(text: &str, at: usize) -> Option<usize> {
    let end = end_of_line(text, at);
    (end > at && trim_blank_end(&text[at..end]).is_empty()).then_some(end)
}

/// The edit that removes a task's block. When the block stood between blank lines (or
/// between a blank line and the end of the file or a heading), one of them goes too, so the
/// neighbours keep a single blank line; a list item among list items takes no blank line.
pub fn remove_block(file: &TaskFile, task: &Task) -> Edit {
    let text = file.doc.text();
    let block = block_span(file, task);
    let mut span = block;
    let blank_before = block.start == 0 || {
        let prev = text[..block.start - 1]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        is_blank_line(text, prev) == Some(block.start)
    };
    let blank_after = is_blank_line(text, block.end);
    let rest = text[block.end..].trim_start_matches([' ', '\t', '\n', '\r']);
    if let Some(end) = blank_after
        && blank_before
    {
        span.end = end;
    } else if blank_after.is_none() && block.start > 0 && (rest.is_empty() || rest.starts_with('#'))
    {
        let prev = text[..block.start - 1]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        if is_blank_line(text, prev) == Some(block.start) {
            span.start = prev;
        }
    }
    Edit {
        span,
        replacement: String::new(),
    }
}

/// Where the section whose heading contains `name` (any case) ends: just after its last
/// non-blank line, before the next heading of the same or a higher level that is not a task.
/// `None` when no heading matches.
pub fn section_end(file: &TaskFile, name: &str) -> Option<usize> {
    let want = name.to_lowercase();
    let h = file
        .headings
        .iter()
        .position(|h| !h.task && file.heading_text(h).to_lowercase().contains(&want))?;
    let level = file.headings[h].level;
    let text = file.doc.text();
    let limit = file.headings[h + 1..]
        .iter()
        .find(|x| !x.task && x.level <= level)
        .map_or(text.len(), |x| x.span.start);
    Some(content_end(text, file.headings[h].span.end, limit))
}

/// The end of the last non-blank line in `from..limit` (line ending included).
fn content_end(text: &str, from: usize, limit: usize) -> usize {
    let trimmed = trim_blank_end(&text[from..limit]);
    end_of_line(text, from + trimmed.len()).min(limit.max(from + trimmed.len()))
}

/// The edit that inserts `block` (a task's bytes) at `at` in `text`, separated from what comes
/// before by one blank line.
pub fn insert_block(text: &str, at: usize, block: &str, nl: &str) -> Edit {
    let mut replacement = String::new();
    if at > 0 && !text[..at].ends_with(['\n', '\r']) {
        replacement.push_str(nl);
    }
    if at > 0 {
        replacement.push_str(nl);
    }
    replacement.push_str(block);
    if !block.ends_with(['\n', '\r']) {
        replacement.push_str(nl);
    }
    Edit {
        span: Span::empty(at),
        replacement,
    }
}

/// The edit that appends `block` under a heading `## {section}` at the end of `text`
/// (creating the heading when the section does not exist).
pub fn append_section(text: &str, section: Option<&str>, block: &str, nl: &str) -> Edit {
    let at = trim_blank_end(text).len();
    let at = if at == 0 {
        0
    } else {
        end_of_line(text, at.saturating_sub(1))
    };
    let mut replacement = String::new();
    if at > 0 && !text[..at].ends_with(['\n', '\r']) {
        replacement.push_str(nl);
    }
    if let Some(s) = section {
        if at > 0 {
            replacement.push_str(nl);
        }
        replacement.push_str(&format!("## {s}{nl}"));
    }
    let body = insert_block(text, at, block, nl).replacement;
    replacement.push_str(if section.is_none() && at == 0 {
        body.trim_start()
    } else {
        &body
    });
    Edit {
        span: Span::new(at, text.len()),
        replacement,
    }
}

/// Values for a new task's fields.
pub struct NewTask<'a> {
    /// The new ID.
    pub id: &'a str,
    /// The title.
    pub title: &'a str,
    /// Explicit values by field name (`priority`, `status`, …).
    pub values: Vec<(String, String)>,
}

/// A new task written like `model` (a neighbour in the same file): its heading prefix and
/// separator, its fields in their order and spelling, list fields with one stub item.
/// Required schema fields the model lacks are added at the end.
pub fn from_template(file: &TaskFile, model: &Task, new: &NewTask<'_>) -> String {
    let text = file.doc.text();
    let nl = file.doc.line_ending().as_str();
    let head_start = model.span.start;
    let head = &text[head_start..end_of_line(text, head_start)];
    let (prefix, sep) = match &model.id {
        Some(id) => (
            &text[head_start..id.span.start],
            &text[id.span.end..model.title.span.start.max(id.span.end)],
        ),
        None => (&head[..0], ": "),
    };
    // A new task starts open: a ticked model's box is written unticked.
    let prefix = match &model.checkbox {
        Some(c) if c.mark.start >= head_start && c.mark.end <= head_start + prefix.len() => {
            let (a, b) = (c.mark.start - head_start, c.mark.end - head_start);
            format!("{}[ ]{}", &prefix[..a], &prefix[b..])
        }
        _ => prefix.to_string(),
    };
    let mut out = format!("{prefix}{}{sep}{}{nl}", new.id, new.title);
    let value_for = |key: &str| -> Option<String> {
        let canon = crate::model::canonical_key(key);
        if let Some((_, v)) =
            new.values
                .iter()
                .find(|(k, _)| match (canon, crate::model::canonical_key(k)) {
                    (Some(a), Some(b)) => a == b,
                    _ => k.eq_ignore_ascii_case(key),
                })
        {
            return Some(v.clone());
        }
        let declared = file.schema.as_ref().and_then(|s| s.field(key));
        let schema_first = declared.and_then(|f| f.values.first().cloned());
        // A field the schema requires is written even with no value to give (`None`), or
        // the new task would fail the file's own schema and the edit be refused.
        let required = declared
            .is_some_and(|f| f.required)
            .then(|| "None".to_string());
        match canon {
            Some(FieldKey::Blocker | FieldKey::Dependencies) => Some("None".to_string()),
            Some(FieldKey::Status) => schema_first.or_else(|| open_status(file)).or(required),
            _ => schema_first.or(required),
        }
    };
    let mut written: Vec<String> = Vec::new();
    for f in &model.fields {
        let line_start = text[..f.span().start]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1)
            .max(f.span().start);
        if f.items.is_empty() {
            // A field with no value to give is left out rather than written as `None`.
            let Some(value) = value_for(&f.key) else {
                continue;
            };
            let lead = &text[line_start..f.value_span().start.max(line_start)];
            let lead = if f.value_span().is_empty() {
                format!("{} ", lead.trim_end())
            } else {
                lead.to_string()
            };
            out.push_str(&format!("{lead}{value}{nl}"));
        } else {
            let header_end = end_of_line(text, line_start);
            out.push_str(text[line_start..header_end].trim_end_matches(['\n', '\r']));
            out.push_str(nl);
            let first = &f.items[0];
            let raw = &text[first.span().range()];
            let item_prefix = raw.strip_suffix(first.text(text)).unwrap_or_else(|| {
                // White space after the item's text: the prefix is the marker and the white
                // space around it.
                let rest = raw
                    .trim_start()
                    .trim_start_matches(['-', '*', '+'])
                    .trim_start();
                &raw[..raw.len() - rest.len()]
            });
            let stub = match f.canon {
                Some(FieldKey::Acceptance) => "[ ] Describe what done means",
                Some(FieldKey::Context) => "Why this task exists",
                Some(FieldKey::References) => "None yet",
                _ => "To be written",
            };
            out.push_str(&format!("{item_prefix}{stub}{nl}"));
        }
        written.push(f.key.as_str().to_lowercase());
    }
    if let Some(schema) = &file.schema {
        for f in schema.required().filter(|f| f.key != Some(FieldKey::Id)) {
            if model.field_named(&f.name).is_none()
                && let Some(value) = value_for(&f.name)
            {
                out.push_str(&format!("{}: {value}{nl}", f.name));
            }
        }
    }
    out
}

/// The status word the file's tasks use for open work (state `todo`), the most common one;
/// `None` when no task in the file is open with a written status.
pub(crate) fn open_status(file: &TaskFile) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in file.tasks.iter().filter(|t| t.state == State::Todo) {
        if let Some(s) = t.status().map(str::trim).filter(|s| !s.is_empty()) {
            match counts.iter_mut().find(|c| c.0 == s) {
                Some(c) => c.1 += 1,
                None => counts.push((s, 1)),
            }
        }
    }
    // The first of the most common, so ties go to the word written first.
    let best = counts.iter().map(|c| c.1).max()?;
    counts
        .into_iter()
        .find(|c| c.1 == best)
        .map(|c| c.0.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::edit::apply;

    fn file(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    }

    #[test]
    fn removes_a_block_and_one_blank_line() {
        let text = "## A\n\n### T-1: a\nStatus: X\n\n### T-2: b\nStatus: Y\n\n## B\n";
        let f = file(text);
        let out = apply(text, &[remove_block(&f, &f.tasks[0])]).unwrap();
        assert_eq!(out, "## A\n\n### T-2: b\nStatus: Y\n\n## B\n");
        let out = apply(text, &[remove_block(&f, &f.tasks[1])]).unwrap();
        assert_eq!(out, "## A\n\n### T-1: a\nStatus: X\n\n## B\n");
        let list = "## A\n\n- [x] T-1: a\n- [ ] T-2: b\n";
        let f = file(list);
        let out = apply(list, &[remove_block(&f, &f.tasks[0])]).unwrap();
        assert_eq!(out, "## A\n\n- [ ] T-2: b\n");
    }

    #[test]
    fn inserts_at_the_end_of_a_section() {
        let text =
            "## A\n\n#### P1 — Soon\n\n### T-1: a\nStatus: X\n\n#### P2 — Later\n\n### T-2: b\n";
        let f = file(text);
        let at = section_end(&f, "P1").unwrap();
        let out = apply(text, &[insert_block(text, at, "### T-3: c\n", "\n")]).unwrap();
        assert_eq!(
            out,
            "## A\n\n#### P1 — Soon\n\n### T-1: a\nStatus: X\n\n### T-3: c\n\n#### P2 — Later\n\n### T-2: b\n"
        );
        let end = section_end(&f, "P2").unwrap();
        assert_eq!(end, text.len());
    }

    #[test]
    fn appends_a_section_to_a_file() {
        let e = append_section("# Done\n", Some("Archive"), "### T-1: a\r\n", "\r\n");
        assert_eq!(
            apply("# Done\n", &[e]).unwrap(),
            "# Done\n\r\n## Archive\r\n\r\n### T-1: a\r\n"
        );
        let e = append_section("", None, "### T-1: a\n", "\n");
        assert_eq!(apply("", &[e]).unwrap(), "### T-1: a\n");
    }

    #[test]
    fn a_new_task_without_a_schema_takes_the_open_status_and_no_empty_fields() {
        let text = "### T-1: a\nStatus: READY\nPriority: P2\n\n### T-2: b\nStatus: DONE\n";
        let f = file(text);
        let new = NewTask {
            id: "T-3",
            title: "c",
            values: vec![],
        };
        assert_eq!(
            from_template(&f, &f.tasks[1], &new),
            "### T-3: c\nStatus: READY\n"
        );
        assert_eq!(
            from_template(&f, &f.tasks[0], &new),
            "### T-3: c\nStatus: READY\n"
        );
    }

    #[test]
    fn writes_a_new_task_like_its_neighbour() {
        let text = "## Task schema (required)\n- **Priority**: `P0 | P1`\n- **Status**: `READY | BLOCKED`\n- **Effort**: `S | M`\n\n### T-1: Old\nPriority: P1\nStatus: BLOCKED\nBlocker: T-9\nContext:\n- because\nAcceptance Criteria:\n- [x] done\nDependencies: T-9\n";
        let f = file(text);
        let new = NewTask {
            id: "T-2",
            title: "New",
            values: vec![("priority".into(), "P0".into())],
        };
        assert_eq!(
            from_template(&f, &f.tasks[0], &new),
            "### T-2: New\nPriority: P0\nStatus: READY\nBlocker: None\nContext:\n- Why this task exists\nAcceptance Criteria:\n- [ ] Describe what done means\nDependencies: None\nEffort: S\n"
        );
    }
}
