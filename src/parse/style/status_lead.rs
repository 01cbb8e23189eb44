//! Status lead: an ID-led line or bullet whose title opens with a status word and a dash
//! (`[TASK-030] - Done - 2025-06-23 - Implement the test`) has that word as its status, and a
//! date right after it (`2025-06-23 - `) as its `Date`; the title is what follows. Both are
//! inline fields, so `todo move` rewrites the word in place.
//!
//! A line is read so only when a neighbouring line (the one above or below) is an ID-led task
//! of the same shape: a list written this way reads so throughout, while a lone title that
//! happens to open with a status word (`T-5: Review - the docs`) keeps its words. This file
//! must not read anything but the title's opening segments.

use crate::document::Span;
use crate::model::{Field, FieldStyle, lead_id};

use super::super::recognize::Walker;
use super::super::scan::LineKind;

/// The dashes that end a segment.
const DASHES: [&str; 3] = [" - ", " — ", " – "];

/// The length of the first segment of `t` and where the next one starts, when a dash
/// follows it.
fn segment(t: &str) -> Option<(usize, usize)> {
    DASHES
        .iter()
        .filter_map(|d| t.find(d).map(|at| (at, at + d.len())))
        .min()
}

/// True for `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

impl Walker<'_> {
    /// The status word a title opens with and where the rest starts (`Done - …`), when the
    /// status table knows the word (three words at most).
    fn status_segment(&self, t: &str) -> Option<(usize, usize)> {
        let (len, next) = segment(t)?;
        let word = &t[..len];
        (!word.is_empty()
            && word.split_whitespace().count() <= 3
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
            && self.status_state(word).is_some())
        .then_some((len, next))
    }

    /// True when line `j` is an ID-led line or bullet whose title opens with a status segment.
    fn has_status_lead(&self, j: usize) -> bool {
        let Some(l) = self.lines.get(j) else {
            return false;
        };
        let start = match l.kind() {
            LineKind::Text => l.text_start(),
            LineKind::Item {
                content,
                checkbox: None,
                ..
            } => content,
            _ => return false,
        };
        let c = &self.text[start..l.end()];
        let lead = lead_id(c, false);
        lead.id.is_some() && lead.separated && self.status_segment(&c[lead.title]).is_some()
    }

    /// The status (and date) fields of an ID-led task at line `i` whose title is `title`, and
    /// the title after them; `None` unless the line and a neighbour open their titles with a
    /// status word and a dash.
    pub(crate) fn status_lead(&self, i: usize, title: Span) -> Option<(Vec<Field>, Span)> {
        let t = &self.text[title.range()];
        let (len, mut next) = self.status_segment(t)?;
        if !(i.checked_sub(1).is_some_and(|p| self.has_status_lead(p))
            || self.has_status_lead(i + 1))
        {
            return None;
        }
        let inline = |key: &str, span: Span| {
            Field::from(crate::model::FieldParts {
                key: key.into(),
                canon: crate::model::canonical_key(key),
                key_span: span,
                value: self.text[span.range()].into(),
                value_span: span,
                items: crate::model::ThinVec::new(),
                span,
                bullet: false,
                style: FieldStyle::Inline,
            })
        };
        let mut fields = vec![inline("Status", Span::new(title.start, title.start + len))];
        if let Some((dlen, dnext)) =
            segment(&t[next..]).filter(|&(n, _)| is_date(&t[next..next + n]))
        {
            let at = title.start + next;
            fields.push(inline("Date", Span::new(at, at + dlen)));
            next += dnext;
        }
        Some((fields, Span::new(title.start + next, title.end)))
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, TaskFile};

    fn parse(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("notes.md", text.to_string()))
    }

    #[test]
    fn a_list_of_lines_led_by_status_words_gives_each_its_status() {
        let f = parse(
            "[T-1] - Skipped - 2025-05-27 - Draft the plan\n[T-2] - Done - 2025-05-29 - Fix the bug\n[T-3] - Later - Think\n",
        );
        let got: Vec<_> = f
            .tasks
            .iter()
            .map(|t| (t.title.value.as_str(), t.state.name(), t.status()))
            .collect();
        assert_eq!(
            got,
            [
                ("Draft the plan", "cancelled", Some("Skipped")),
                ("Fix the bug", "done", Some("Done")),
                ("Later - Think", "todo", None)
            ]
        );
        assert_eq!(f.tasks[0].field_named("date").unwrap().value, "2025-05-27");
    }

    #[test]
    fn a_lone_title_keeps_its_status_word() {
        let f = parse("T-5: Review - the docs\n\nT-6: Write - more\n");
        assert_eq!(f.tasks[0].title.value, "Review - the docs");
        assert_eq!(f.tasks[0].status(), None);
    }
}
