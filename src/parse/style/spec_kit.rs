//! spec-kit: `- [ ] T012 [P] [US1] Description`. The ID is `T` and three or more digits;
//! `[P]` (parallel) and `[USn]` (user story) markers after it are fields, and the title
//! starts after them.
//!
//! Phase order: spec-kit files group tasks under `## Phase N: …` headings, and a phase's tasks
//! follow the previous phase's checkpoint (Setup before Foundational before the user
//! stories). [`phase_of`] gives a spec-kit task its phase number, so readiness can keep a task
//! back while a task of an earlier phase is open.
//!
//! A spec-kit task is a checkbox item once read, so `todo doctor` labels it with the list-item
//! notation; its markers are inline fields (replaced in place like a Dataview value). This
//! file must not read anything past the markers.

use crate::document::Span;
use crate::model::{Field, FieldStyle, Task};
use crate::parse::TaskFile;

use super::Notation;

/// The spec-kit notation in the registry (its tasks are labelled as checkboxes).
pub(super) struct SpecKit;

impl Notation for SpecKit {
    fn name(&self) -> &'static str {
        "spec-kit"
    }
}

/// The phase of a spec-kit task (`T012` under `## Phase 3: User Story 1`): the number of the
/// innermost `Phase N` heading of its section path. `None` for a task without a spec-kit ID
/// or outside any phase.
pub fn phase_of(file: &TaskFile, task: &Task) -> Option<u32> {
    let digits = task.id()?.strip_prefix('T')?;
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    file.section(task)
        .iter()
        .rev()
        .find_map(|h| phase_number(h))
}

/// `N` of a heading that starts with `Phase N` (any case, after emoji or emphasis).
fn phase_number(heading: &str) -> Option<u32> {
    let h = heading.trim_start_matches(|c: char| !c.is_alphanumeric());
    let rest = h.get(..5).filter(|p| p.eq_ignore_ascii_case("phase"))?;
    let digits: String = h[rest.len()..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The length of a spec-kit task ID (`T012`: `T` and three or more digits) that starts
/// `text` and is followed by white space.
pub(crate) fn spec_kit_id(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.first() != Some(&b'T') {
        return None;
    }
    let digits = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    (digits >= 3 && b.get(1 + digits).is_some_and(|c| *c == b' ' || *c == b'\t'))
        .then_some(1 + digits)
}

/// The `[P]` and `[USn]` markers at the start of a title, as fields, and the offset (within
/// the title) where the text after them starts.
pub(crate) fn markers(text: &str, title: Span) -> (Vec<Field>, usize) {
    let t = &text[title.range()];
    let mut fields = Vec::new();
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
        fields.push(Field::from(crate::model::FieldParts {
            key: key.into(),
            canon: None,
            key_span: Span::new(vs - 1, vs + inner.len() + 1),
            value: inner.into(),
            value_span: Span::new(vs, vs + inner.len()),
            items: crate::model::ThinVec::new(),
            span: Span::new(vs - 1, vs + inner.len() + 1),
            bullet: false,
            style: FieldStyle::Inline,
        }));
        let after = &rest[inner.len() + 2..];
        at += inner.len() + 2 + (after.len() - after.trim_start().len());
    }
    (fields, at)
}
