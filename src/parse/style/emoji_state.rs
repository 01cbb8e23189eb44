//! Emoji as status: `- ✅ Resume interrupted downloads` is a done task with no checkbox, and a
//! status cell or value that is (or starts with) a state emoji (`⬜`, `🔄`) has that emoji's
//! state. A list item is read this way only where the file uses such items consistently (two
//! or more); a lone emoji in prose is not a task. A legend of the file overrides the meaning
//! of an emoji (it is asked first).
//!
//! The emoji is the item's status field, so `todo move` replaces it with another emoji.

use crate::document::Span;
use crate::model::{Field, FieldStyle, State, TaskStyle};

use super::super::recognize::Walker;

/// State emoji and what they mean when no legend says otherwise.
const EMOJI: [(&str, State); 13] = [
    ("✅", State::Done),
    ("✔️", State::Done),
    ("☑️", State::Done),
    ("🟢", State::Done),
    ("⬜", State::Todo),
    ("🔲", State::Todo),
    ("⏳", State::Todo),
    ("🔄", State::InProgress),
    ("🚧", State::InProgress),
    ("🟡", State::InProgress),
    ("🔴", State::Blocked),
    ("⛔", State::Blocked),
    ("❌", State::Cancelled),
];

/// The state emoji `text` starts with (after white space), and its length in bytes.
pub(crate) fn leading_emoji(text: &str) -> Option<(usize, State)> {
    let t = text.trim_start();
    let skip = text.len() - t.len();
    EMOJI.iter().find_map(|(e, s)| {
        t.starts_with(e).then(|| {
            // A trailing variation selector belongs to the emoji.
            let mut n = e.len();
            if t[n..].starts_with('\u{fe0f}') {
                n += '\u{fe0f}'.len_utf8();
            }
            (skip + n, *s)
        })
    })
}

/// The state a status value stands for by its leading emoji (`⬜ Todo` is read by its word
/// first; `⬜` alone by this).
pub(crate) fn emoji_state(status: &str) -> Option<State> {
    leading_emoji(status).map(|(_, s)| s)
}

/// True when `allowed` is the value that the state emoji `value` stands for in a legend that
/// spells it out: `✅` and `✅ Finished`.
pub(crate) fn emoji_spells(value: &str, allowed: &str) -> bool {
    leading_emoji(value).is_some_and(|(n, _)| n == value.len())
        && leading_emoji(allowed).is_some_and(|(n, _)| allowed[..n].trim_start() == value)
}

impl Walker<'_> {
    /// True when at least two lines of the whole file start, after indentation, with a
    /// bullet marker and a state emoji. Decided on the file's text, not on the lines this
    /// walker reads, so that a part of the file read alone (`show`, a large file on several
    /// cores) reads such items as the whole file does; asked once per walker, and only when
    /// an item starts with a state emoji.
    fn uses_emoji_items(&self) -> bool {
        if let Some(known) = self.emoji_items.get() {
            return known;
        }
        let used = self
            .text
            .lines()
            .filter(|line| {
                let t = line.trim_start();
                let rest = t.trim_start_matches(['-', '*', '+']);
                rest.len() < t.len() && leading_emoji(rest).is_some()
            })
            .take(2)
            .count()
            == 2;
        self.emoji_items.set(Some(used));
        used
    }

    /// A list item whose text (from `content`) starts with a state emoji, in a file that uses
    /// them: a task whose status is the emoji. Returns false when the item is not one.
    pub(crate) fn emoji_item(&mut self, i: usize, content: usize, last: usize) -> bool {
        let end = self.lines[i].end();
        let c = &self.text[content..end];
        let Some((n, _)) = leading_emoji(c) else {
            return false;
        };
        if !self.uses_emoji_items() {
            return false;
        }
        let emoji = c[..n].trim_start();
        let es = content + (n - emoji.len());
        let rest = &c[n..];
        // An emoji with no text after it names no task (and has no title to read).
        if rest.trim().is_empty() {
            return false;
        }
        let ts = content + n + (rest.len() - rest.trim_start().len());
        let title = Span::new(ts, content + c.trim_end().len().max(n));
        self.pending.push(Field::from(crate::model::FieldParts {
            key: "Status".into(),
            canon: Some(crate::model::FieldKey::Status),
            key_span: Span::new(es, es + emoji.len()),
            value: emoji.into(),
            value_span: Span::new(es, es + emoji.len()),
            items: crate::model::ThinVec::new(),
            span: Span::new(es, es + emoji.len()),
            bullet: false,
            style: FieldStyle::Inline,
        }));
        let id = crate::model::lead_id(&self.text[ts..end], false)
            .id
            .map(|r| Span::new(ts + r.start, ts + r.end));
        self.build(TaskStyle::Bullet, i, id, title, None, i + 1..last + 1);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_emoji_with_nothing_after_it_is_no_task() {
        // Found by the load fuzz target: `- ✅ ` at the end of a file gave a title span that
        // ended before it started, and reading it panicked.
        let text = "# Plan\n\n- ✅ Ship the importer\n- ⬜ Write the docs\n- ✅ ";
        let f = crate::TaskFile::parse(crate::Document::from_string("TODO.md", text.to_string()));
        let titles: Vec<&str> = f.tasks.iter().map(|t| t.title.value.as_str()).collect();
        assert_eq!(titles, ["Ship the importer", "Write the docs"]);
    }

    #[test]
    fn reads_leading_state_emoji() {
        assert_eq!(emoji_state("✅"), Some(State::Done));
        assert_eq!(emoji_state(" ✔️ shipped"), Some(State::Done));
        assert_eq!(emoji_state("🔄 Doing"), Some(State::InProgress));
        assert_eq!(emoji_state("Done ✅"), None);
        assert_eq!(leading_emoji("✔️ x").map(|x| x.0), Some("✔️".len()));
    }
}
