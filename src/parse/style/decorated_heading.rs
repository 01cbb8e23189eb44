//! Decorated heading task: a heading whose text, after decoration (emoji, strike-through,
//! bold), starts with a task ID (`#### 🚧 OPS-21: Guard the shell call`), or a level-3+ heading
//! that starts with a dotted section number and a separator (`### 2.4 — Persist the cache`)
//! and has a checklist or field lines under it. A leading state emoji or a trailing status
//! badge (`✅ COMPLETE`) is the task's status; the title is the text between.
//!
//! It is a heading task once read (`todo doctor` labels it with the heading notation). It must
//! not take a plain numbered section whose checkboxes are tasks with IDs of their own.

use crate::document::Span;
use crate::model::{Field, FieldKey, FieldStyle, TaskStyle, lead_id, outline_at};

use super::super::inline::field_at;
use super::super::recognize::Walker;
use super::super::scan::LineKind;
use super::emoji_state::leading_emoji;

/// The length of the decoration a heading's text starts with: white space, `~`, `*`, `_` and
/// symbols that are not letters or digits (emoji and their joiners).
fn decoration_len(t: &str) -> usize {
    t.char_indices()
        .find(|(_, c)| c.is_alphanumeric() || *c == '#' || *c == '[' || *c == '`')
        .map_or(t.len(), |(i, _)| i)
}

/// A status badge at the end of a title: a state emoji followed by upper-case words
/// (`✅ COMPLETE`), or the emoji alone. Returns where it starts (in `t`).
fn badge_start(t: &str) -> Option<usize> {
    let trimmed = t.trim_end();
    // Look at the last few words only.
    let mut at = trimmed.len();
    for (i, c) in trimmed.char_indices().rev() {
        let rest = &trimmed[i..];
        if !c.is_whitespace()
            && leading_emoji(rest).is_some_and(|(n, _)| {
                rest[n..]
                    .trim()
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_whitespace() || c == '-')
            })
        {
            at = i;
        }
        if trimmed.len() - i > 32 {
            break;
        }
    }
    (at < trimmed.len()).then_some(at)
}

impl Walker<'_> {
    /// A decorated heading task at line `i` (see the module docs). Returns false when the
    /// heading is not one.
    pub(crate) fn decorated_heading(
        &mut self,
        i: usize,
        level: u8,
        text: Span,
        body_end: usize,
    ) -> bool {
        let t = &self.text[text.range()];
        let skip = decoration_len(t);
        let rest = &t[skip..];
        let lead = lead_id(rest, false);
        let id = lead
            .id
            .clone()
            .filter(|id| skip > 0 && (lead.explicit || rest[id.clone()].contains(['-', '_', '.'])));
        let (id, title_start) = match id {
            Some(r) => (Some(r), lead.title.start),
            None => {
                let Some(n) = outline_at(rest).filter(|_| level >= 3) else {
                    return false;
                };
                let after = rest[n..].trim_start();
                let Some(sep) = ["—", "–", ":", "-"].iter().find(|s| after.starts_with(**s))
                else {
                    return false;
                };
                if !rest[..n].trim_end_matches('.').contains('.')
                    || !self.has_checklist_or_fields(i + 1, body_end)
                {
                    return false;
                }
                let title_at = rest.len() - after.len() + sep.len();
                let title_at =
                    title_at + (rest[title_at..].len() - rest[title_at..].trim_start().len());
                (None, title_at)
            }
        };
        let mut title_end = rest.trim_end().len();
        if title_start > title_end {
            // Nothing after the ID but white space `trim_end` takes and the ID reader does not
            // (`T-002:` and a line tabulation): no title, so no decorated heading.
            return false;
        }
        let badge = badge_start(&rest[..title_end]).filter(|&b| b >= title_start);
        if let Some(b) = badge {
            title_end = b;
        }
        let title_text = rest[title_start..title_end]
            .trim_end()
            .trim_end_matches(['~', '*'])
            .trim_end();
        let base = text.start + skip;
        let title = Span::new(base + title_start, base + title_start + title_text.len());
        // The status: a badge at the end, else a state emoji in the decoration.
        let status = match badge {
            Some(b) => Some(Span::new(base + b, base + rest.trim_end().len())),
            None => leading_emoji(&t[..skip]).map(|(n, _)| {
                let e = t[..n].trim_start();
                let s = text.start + n - e.len();
                Span::new(s, text.start + n)
            }),
        };
        if let Some(s) = status {
            let value = self.text[s.range()].into();
            self.pending.push(Field::from(crate::model::FieldParts {
                key: "Status".into(),
                canon: Some(FieldKey::Status),
                key_span: s,
                value,
                value_span: s,
                items: crate::model::ThinVec::new(),
                span: s,
                bullet: false,
                style: FieldStyle::Inline,
            }));
        }
        let id = id.map(|r| Span::new(base + r.start, base + r.end));
        self.build(TaskStyle::Heading, i, id, title, None, i + 1..body_end);
        true
    }

    /// True when lines `from..to` hold a checklist item without an ID of its own, or a field
    /// line.
    fn has_checklist_or_fields(&self, from: usize, to: usize) -> bool {
        self.lines[from..to.min(self.lines.len())]
            .iter()
            .any(|l| match l.kind() {
                LineKind::Item {
                    content,
                    checkbox: Some(_),
                    ..
                } => lead_id(&self.text[content..l.end()], true).id.is_none(),
                LineKind::Text => field_at(&self.text[l.text_start()..l.end()]).is_some_and(|f| {
                    crate::model::canonical_key(&self.text[l.text_start()..l.end()][f.key.clone()])
                        .is_some()
                }),
                _ => false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoration_and_badges() {
        assert_eq!(decoration_len("🚧 OPS-21: Guard"), "🚧 ".len());
        assert_eq!(decoration_len("~~4.4 — Publish~~"), 2);
        assert_eq!(decoration_len("T-1: x"), 0);
        let t = "4.4 — Publish the wheel~~ ✅ COMPLETE";
        assert_eq!(badge_start(t), Some(t.find('✅').unwrap()));
        assert_eq!(badge_start("Publish the wheel"), None);
    }

    // Found by the `merge` fuzz target: an ID-led heading whose title is only a line
    // tabulation (`### \x0bT-002:\x0b`) sliced its title backwards and panicked.
    #[test]
    fn a_heading_with_only_a_line_tabulation_after_its_id_does_not_panic() {
        let text = "-\r-i:tle\n### \x0b\x0bT-002:\x0b\r-i:tle\n### \x0bT-002:\x0b Lexe\x0b\n";
        let f = crate::TaskFile::parse(crate::Document::from_string("TODO.md", text.to_string()));
        assert!(
            f.tasks
                .iter()
                .all(|t| t.title.span.start <= t.title.span.end)
        );
    }
}
