//! The typed task model: what a task is once recognised, independent of how it was written.
//!
//! Every value keeps the [`Span`] it came from, so edits and diagnostics point at the exact
//! bytes. This module defines data and pure helpers (aliases, states, IDs); it must not read
//! files or talk to the Markdown parser.

mod alias;
mod change;
mod id;
pub mod last_updated;
mod parent;
pub mod priority;
pub mod schema;
mod state;
pub mod tokens;

pub use alias::{FieldKey, canonical_key};
pub use change::ChangeKind;
pub use id::{
    IdToken, LeadId, highest_number, id_at, is_none_value, lead_id, outline_at, scan_ids,
};
pub use last_updated::LastUpdated;
pub use parent::dotted_parent;
pub use priority::rank as priority_rank;
pub use state::{State, StateMap};

pub use compact_str::CompactString;
use serde::Serialize;
pub use thin_vec::ThinVec;

use crate::document::Span;

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it stands in the file.
    pub span: Span,
}

/// How a task was written: the recognition rule that found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStyle {
    /// A heading that starts with an ID, or a numbered or titled heading whose body holds fields.
    Heading,
    /// A GFM task-list item outside any other task.
    Checkbox,
    /// A list item that starts with an ID, outside any other task.
    Bullet,
    /// A plain paragraph line that starts with an ID (`C4 — Title`).
    Line,
    /// A plain title line directly followed by field bullets (`- Priority: P0`).
    Titled,
    /// A whole file that is one task: YAML front matter, or a title heading with field lines.
    File,
    /// A row of a task table.
    Row,
    /// A paragraph of field lines with no title line (`ID: T-1` / `Status: todo`), its title
    /// taken from a `Title`, `Summary` or `Description` field.
    FieldBlock,
}

/// How a field's key is spelled, so a new or edited field can copy it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldStyle {
    /// `Key: value`
    Plain,
    /// `**Key**: value`
    BoldKey,
    /// `**Key:** value`
    BoldKeyColon,
    /// `key: value` in YAML front matter (a scalar or a list of scalars).
    FrontMatter,
    /// A YAML front-matter value too complex to edit by span (anchors, block scalars, maps).
    FrontMatterComplex,
    /// A table cell under a header naming the field.
    Cell,
    /// An Obsidian Tasks emoji signifier and its value (`📅 2024-05-01`, `⏫`).
    Emoji,
    /// A Dataview inline field (`[due:: 2024-05-01]`).
    Inline,
}

/// One item of a list-valued field. Kept small (24 bytes), as [`Field`] is: its spans in 32
/// bits, and its text read from the document ([`ListItem::text`]) rather than copied. Only an
/// item whose text is not the document's bytes (a quoted YAML scalar with escapes) owns it.
/// Two items are equal when their spans (and any owned text) are: items of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    /// The text's span, then the line's, start and end each.
    spans: [u32; 4],
    /// The text, when it differs from the document's bytes at the text span.
    owned: Option<Box<Box<str>>>,
}

impl ListItem {
    /// An item whose text is the document's bytes at `text`, on the line `span` (line ending
    /// excluded).
    pub fn new(text: Span, span: Span) -> ListItem {
        ListItem {
            spans: [
                narrow(text.start),
                narrow(text.end),
                narrow(span.start),
                narrow(span.end),
            ],
            owned: None,
        }
    }

    /// An item of text `text`, written at `at` in `src` on the line `span`: it borrows the
    /// document's bytes when they are the text, and owns the text otherwise.
    pub fn read(src: &str, text: &str, at: Span, span: Span) -> ListItem {
        let mut item = ListItem::new(at, span);
        if src.get(at.range()) != Some(text) {
            item.owned = Some(Box::new(text.into()));
        }
        item
    }

    /// The item's text: after the list marker, as written (trailing white space trimmed).
    /// `src` is the text of the document the item was read from.
    pub fn text<'a>(&'a self, src: &'a str) -> &'a str {
        match &self.owned {
            Some(t) => t,
            None => src.get(self.text_span().range()).unwrap_or(""),
        }
    }

    /// Where the item's text is written.
    pub fn text_span(&self) -> Span {
        Span::new(self.spans[0] as usize, self.spans[1] as usize)
    }

    /// The item's line, without its line ending.
    pub fn span(&self) -> Span {
        Span::new(self.spans[2] as usize, self.spans[3] as usize)
    }
}

/// Which checklist an item belongs to. Backlog.md task files keep two: the acceptance
/// criteria, which progress counts, and the `## Definition of Done`, shown apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Checklist {
    /// Acceptance criteria, and every checkbox outside a Definition of Done section.
    #[default]
    Criteria,
    /// The items of a one-task file's `## Definition of Done` section.
    DefinitionOfDone,
}

/// A `Key: value` field of a task.
///
/// A large file holds hundreds of thousands of fields, so a field is kept small (88 bytes):
/// its three spans as 32-bit offsets (no document is longer, see
/// [`MAX_FILE_BYTES`](crate::document::MAX_FILE_BYTES)), read with [`Field::key_span`],
/// [`Field::value_span`] and [`Field::span`], and its items in a vector that takes one word
/// when empty, as most are. A reader builds one from [`FieldParts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The key as written (`Depends on`): kept inline up to 24 bytes, as most keys are.
    pub key: CompactString,
    /// The inline value, trimmed; empty when the value is a list. Kept inline up to 24 bytes,
    /// as most values are (a status, a priority, a date, an ID or two).
    pub value: CompactString,
    /// Items of a list-valued field (`Context:` followed by bullets).
    pub items: ThinVec<ListItem>,
    /// Key, value and extent spans, start and end each.
    spans: [u32; 6],
    /// The canonical key, when the alias table knows it.
    pub canon: Option<FieldKey>,
    /// True when the field is written as a list item (`- Priority: P0`).
    pub bullet: bool,
    /// Key spelling.
    pub style: FieldStyle,
}

/// Every part of a [`Field`], spelled out: what a reader gives to make one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldParts {
    /// The key as written.
    pub key: CompactString,
    /// The canonical key, when the alias table knows it.
    pub canon: Option<FieldKey>,
    /// Span of the key text (inside any emphasis markers).
    pub key_span: Span,
    /// The inline value, trimmed; empty when the value is a list.
    pub value: CompactString,
    /// Span of the inline value; empty (at the end of the key line) when there is none.
    pub value_span: Span,
    /// Items of a list-valued field.
    pub items: ThinVec<ListItem>,
    /// The field's whole extent: from its line's start to the end of its last item.
    pub span: Span,
    /// True when the field is written as a list item.
    pub bullet: bool,
    /// Key spelling.
    pub style: FieldStyle,
}

impl From<FieldParts> for Field {
    fn from(p: FieldParts) -> Field {
        let mut f = Field {
            key: p.key,
            value: p.value,
            items: p.items,
            spans: [0; 6],
            canon: p.canon,
            bullet: p.bullet,
            style: p.style,
        };
        f.set_key_span(p.key_span);
        f.set_value_span(p.value_span);
        f.set_span(p.span);
        f
    }
}

/// An offset in 32 bits: every document fits (see [`MAX_FILE_BYTES`](crate::document::MAX_FILE_BYTES)).
fn narrow(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

impl Field {
    /// Span of the key text (inside any emphasis markers).
    pub fn key_span(&self) -> Span {
        Span::new(self.spans[0] as usize, self.spans[1] as usize)
    }

    /// Span of the inline value; empty (at the end of the key line) when there is none.
    pub fn value_span(&self) -> Span {
        Span::new(self.spans[2] as usize, self.spans[3] as usize)
    }

    /// The field's whole extent: from its line's start to the end of its last item.
    pub fn span(&self) -> Span {
        Span::new(self.spans[4] as usize, self.spans[5] as usize)
    }

    /// Sets [`Field::key_span`].
    pub fn set_key_span(&mut self, s: Span) {
        self.spans[0] = narrow(s.start);
        self.spans[1] = narrow(s.end);
    }

    /// Sets [`Field::value_span`].
    pub fn set_value_span(&mut self, s: Span) {
        self.spans[2] = narrow(s.start);
        self.spans[3] = narrow(s.end);
    }

    /// Sets [`Field::span`].
    pub fn set_span(&mut self, s: Span) {
        self.spans[4] = narrow(s.start);
        self.spans[5] = narrow(s.end);
    }

    /// Moves the end of [`Field::span`] to `end` (a list grown by one more line).
    pub fn set_end(&mut self, end: usize) {
        self.spans[5] = narrow(end);
    }

    /// The field's text as written: the inline value, then one line per item. `src` is the
    /// text of the document the field was read from.
    pub fn text(&self, src: &str) -> String {
        if self.items.is_empty() {
            return self.value.to_string();
        }
        let mut out = self.value.to_string();
        for item in &self.items {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(item.text(src));
        }
        out
    }
}

/// One checklist item (`- [ ] text`) in a task's body. Kept small (40 bytes), as [`Field`]
/// is: its spans in 32 bits, its text in a box of its exact length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    /// The text after the checkbox, trimmed.
    pub text: Box<str>,
    /// The box and the item's line (line ending excluded), start and end each.
    spans: [u32; 4],
    /// True for `[x]` / `[X]`.
    pub done: bool,
    /// Which checklist of the task the item belongs to.
    pub list: Checklist,
}

impl ChecklistItem {
    /// An item of text `text`, ticked or not, with its box at `mark`, on the line `span`.
    pub fn new(
        text: impl Into<Box<str>>,
        done: bool,
        mark: Span,
        span: Span,
        list: Checklist,
    ) -> ChecklistItem {
        ChecklistItem {
            text: text.into(),
            spans: [
                narrow(mark.start),
                narrow(mark.end),
                narrow(span.start),
                narrow(span.end),
            ],
            done,
            list,
        }
    }

    /// The bytes of the box (`[ ]`).
    pub fn mark(&self) -> Span {
        Span::new(self.spans[0] as usize, self.spans[1] as usize)
    }

    /// The item's line, without its line ending.
    pub fn span(&self) -> Span {
        Span::new(self.spans[2] as usize, self.spans[3] as usize)
    }
}

/// A task's own checkbox, for checkbox tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkbox {
    /// The bytes of the box (`[ ]`, `[x]`, `[/]`).
    pub mark: Span,
    /// True when ticked (`[x]`, or a custom character whose state is done).
    pub done: bool,
    /// The character between the brackets (a space for `[ ]`).
    pub symbol: char,
}

/// A recognised task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// Which rule recognised it.
    pub style: TaskStyle,
    /// The task's ID, when it has one.
    pub id: Option<Located<String>>,
    /// The title, trimmed.
    pub title: Located<String>,
    /// The whole block: first line's start to the end of its last non-blank line (line ending
    /// included).
    pub span: Span,
    /// Index into [`crate::TaskFile::sections`]: the non-task headings above the task.
    pub section: usize,
    /// The task's own checkbox (checkbox tasks).
    pub checkbox: Option<Checkbox>,
    /// Fields in file order.
    pub fields: Vec<Field>,
    /// Every checklist item in the body, in file order.
    pub criteria: Vec<ChecklistItem>,
    /// State category, from the status or the checkbox.
    pub state: State,
    /// Task IDs referenced by the dependencies field(s).
    pub dependencies: Vec<Located<String>>,
    /// Task IDs referenced by the blocker field.
    pub blocker_refs: Vec<Located<String>>,
    /// The row of an index table that lists this task, when the task is detailed under a
    /// heading of its own and the table only indexes it (see docs/format.md, Task tables).
    pub index: Option<Box<IndexRow>>,
}

/// A row of an index table joined with the heading task of the same ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRow {
    /// The row's line, without its line ending.
    pub span: Span,
    /// Every cell but the ID and title, as fields in column order. Those the heading does not
    /// give are among the task's fields too; all are written when the task's value changes.
    pub fields: Vec<Field>,
}

impl Task {
    /// The ID as text.
    pub fn id(&self) -> Option<&str> {
        self.id.as_ref().map(|id| id.value.as_str())
    }

    /// The former IDs its ID field notes in parentheses after the ID (`ID: SVC-7 (was
    /// TASK-31)`, also `formerly` and `previously`): the task is found by them too.
    pub fn aliases(&self) -> Vec<&str> {
        let Some(f) = self.field(FieldKey::Id) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut rest = f.value.as_str();
        while let Some(open) = rest.find('(') {
            let inner = &rest[open + 1..];
            let close = inner.find(')').unwrap_or(inner.len());
            let note = inner[..close].trim_start();
            for word in ["was ", "formerly ", "previously "] {
                if note
                    .get(..word.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(word))
                {
                    let named = &note[word.len()..];
                    out.extend(scan_ids(named).into_iter().map(|r| &named[r]));
                }
            }
            rest = &inner[close..];
        }
        out
    }

    /// The first field with this canonical key.
    pub fn field(&self, key: FieldKey) -> Option<&Field> {
        self.fields.iter().find(|f| f.canon == Some(key))
    }

    /// The first field whose key matches `name` (canonical aliases, or the written key,
    /// case-insensitively).
    pub fn field_named(&self, name: &str) -> Option<&Field> {
        match canonical_key(name) {
            Some(key) => self.field(key),
            None => self
                .fields
                .iter()
                .find(|f| f.key.eq_ignore_ascii_case(name.trim())),
        }
    }

    /// The inline value of a canonical field, or `None` when absent or empty.
    pub fn value(&self, key: FieldKey) -> Option<&str> {
        self.field(key)
            .map(|f| f.value.as_str())
            .filter(|v| !v.is_empty())
    }

    /// The owner: the owner field's value, or the first item of a list-valued one (Backlog.md
    /// writes `assignee:` as a YAML list). `src` is the text of the task's document.
    pub fn owner<'a>(&'a self, src: &'a str) -> Option<&'a str> {
        self.value(FieldKey::Owner).or_else(|| {
            self.field(FieldKey::Owner)?
                .items
                .first()
                .map(|i| i.text(src))
                .filter(|v| !v.is_empty())
        })
    }

    /// The raw status text.
    pub fn status(&self) -> Option<&str> {
        self.value(FieldKey::Status)
    }

    /// The raw priority text.
    pub fn priority(&self) -> Option<&str> {
        self.value(FieldKey::Priority)
    }

    /// The blocker text, or `None` when absent or a "none" value (`None`, `-`, `N/A`). `src`
    /// is the text of the task's document.
    pub fn blocker(&self, src: &str) -> Option<String> {
        let field = self.field(FieldKey::Blocker)?;
        let text = field.text(src);
        (!is_none_value(&text)).then_some(text)
    }

    /// Checked and total checklist items, the Definition of Done left out.
    pub fn progress(&self) -> (usize, usize) {
        Self::count(self.checklist(Checklist::Criteria))
    }

    /// Checked and total items of the Definition of Done (`(0, 0)` without one).
    pub fn done_progress(&self) -> (usize, usize) {
        Self::count(self.checklist(Checklist::DefinitionOfDone))
    }

    /// The items of one checklist, in file order.
    pub fn checklist(&self, list: Checklist) -> impl Iterator<Item = &ChecklistItem> {
        self.criteria.iter().filter(move |c| c.list == list)
    }

    fn count<'a>(items: impl Iterator<Item = &'a ChecklistItem>) -> (usize, usize) {
        items.fold((0, 0), |(d, t), c| (d + usize::from(c.done), t + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_items_are_small() {
        // A large file holds hundreds of thousands of each: with full spans and growable
        // vectors a field took 128 bytes, a list item 40 and a checklist item 64.
        assert!(
            std::mem::size_of::<Field>() <= 88,
            "{}",
            std::mem::size_of::<Field>()
        );
        assert!(std::mem::size_of::<ListItem>() <= 24);
        assert!(std::mem::size_of::<ChecklistItem>() <= 40);
        let f = Field::from(FieldParts {
            key: "Status".into(),
            canon: Some(FieldKey::Status),
            key_span: Span::new(1, 7),
            value: "open".into(),
            value_span: Span::new(9, 13),
            items: ThinVec::new(),
            span: Span::new(0, 13),
            bullet: false,
            style: FieldStyle::Plain,
        });
        assert_eq!(
            (f.key_span(), f.value_span(), f.span()),
            (Span::new(1, 7), Span::new(9, 13), Span::new(0, 13))
        );
        let c = ChecklistItem::new(
            "a",
            true,
            Span::new(2, 5),
            Span::new(0, 7),
            Checklist::Criteria,
        );
        assert_eq!((c.mark(), c.span()), (Span::new(2, 5), Span::new(0, 7)));
        let item = ListItem::new(Span::new(5, 6), Span::new(3, 6));
        assert_eq!((item.text("012- b"), item.span()), ("b", Span::new(3, 6)));
        let owned = ListItem::read("- 'it''s'", "it's", Span::new(3, 8), Span::new(0, 9));
        assert_eq!(owned.text("- 'it''s'"), "it's");
    }
}
