//! List item: a GFM checkbox item outside other tasks (`- [ ] T-1: Title`, custom marks such
//! as `- [/]` included), a list item led by an explicit ID (`- T-1: Title`), or, in a file
//! that is a task list by its name or first heading, any top-level list item. The body is the
//! Markdown item, nested content included; a new field is a nested bullet under it.
//!
//! The custom-checkbox-mark rule lives here and nowhere else ([`is_custom_mark`]). This file
//! must not decide a checkbox's state (the status table and the file's legend do).

use std::ops::Range;

use crate::document::Span;
use crate::edit::Edit;
use crate::model::{Task, TaskStyle, lead_id};
use crate::parse::TaskFile;
use crate::parse::meta::{self, MetaKind};

use super::super::recognize::Walker;
use super::lines::{self, end_of_line, key_spelling};
use super::spec_kit::spec_kit_id;
use super::{LineParts, Notation, Part};

/// The list-item notation in the registry.
pub(super) struct ListItem;

impl Notation for ListItem {
    fn name(&self) -> &'static str {
        "list item"
    }

    fn label(&self, task: &Task, _file: &TaskFile) -> Option<&'static str> {
        match task.style {
            TaskStyle::Checkbox if task.checkbox.is_some_and(|c| is_custom_mark(c.symbol)) => {
                Some("checkbox with a custom mark")
            }
            TaskStyle::Checkbox => Some("checkbox"),
            TaskStyle::Bullet if task.id.is_none() => Some("list item of a task list"),
            TaskStyle::Bullet => Some("ID-led bullet"),
            _ => None,
        }
    }

    fn line_parts(&self, line: &str) -> Option<LineParts> {
        checkbox_parts(line)
    }

    fn insert(
        &self,
        file: &TaskFile,
        task: &Task,
        key: &str,
        value: &str,
    ) -> Option<Result<Edit, String>> {
        if !matches!(task.style, TaskStyle::Checkbox | TaskStyle::Bullet) {
            return None;
        }
        Some(lines::insert(file, task, key, value, task.span.end, || {
            // A list item's field is a nested bullet under its text.
            let text = file.doc.text();
            let first = &text[task.span.start..end_of_line(text, task.span.start)];
            // Same indentation as the item's own nested bullets, so it does not adopt them.
            let body = &text[end_of_line(text, task.span.start).min(task.span.end)..task.span.end];
            // Lines end at any line ending (a lone CR too); indentation is spaces and tabs.
            let nested = body.split(['\n', '\r']).find_map(|l| {
                let t = l.trim_start_matches([' ', '\t']);
                // A marker then a space (or nothing): `*D`, a lazy line, is no bullet.
                let mut c = t.chars();
                let bullet = matches!(c.next(), Some('-' | '*' | '+'))
                    && matches!(c.next(), None | Some(' ' | '\t'));
                bullet.then(|| &l[..l.len() - t.len()])
            });
            let indent = nested.map_or_else(|| " ".repeat(content_column(first)), str::to_string);
            format!("{indent}- {}: {value}", key_spelling(file, key))
        }))
    }
}

/// The column where a list item's text starts, so a line indented that far is the item's
/// child: past the marker and the white space after it (a tab reaches the next multiple of
/// 4). As in CommonMark, when that space is absent or five columns or more, the text starts
/// one column past the marker.
fn content_column(first_line: &str) -> usize {
    let mut chars = first_line.chars().peekable();
    let mut col = 0;
    let skip_space = |chars: &mut std::iter::Peekable<std::str::Chars>, col: &mut usize| {
        while let Some(&c) = chars.peek() {
            match c {
                ' ' => *col += 1,
                '\t' => *col = (*col / 4 + 1) * 4,
                _ => break,
            }
            chars.next();
        }
    };
    skip_space(&mut chars, &mut col);
    match chars.next() {
        Some('-' | '*' | '+') => col += 1,
        Some(c) if c.is_ascii_digit() => {
            col += 1;
            while chars.next_if(char::is_ascii_digit).is_some() {
                col += 1;
            }
            if chars.next_if(|c| matches!(c, '.' | ')')).is_some() {
                col += 1;
            }
        }
        _ => return col + 2,
    }
    let after_marker = col;
    skip_space(&mut chars, &mut col);
    let gap = col - after_marker;
    if gap == 0 || gap > 4 || chars.peek().is_none() {
        after_marker + 1
    } else {
        col
    }
}

/// True for a checkbox mark other than the GFM ones (`[ ]`, `[x]`, `[X]`): a state only a
/// legend or `checkboxes:` in `.todo.yml` gives a meaning.
pub fn is_custom_mark(symbol: char) -> bool {
    !matches!(symbol, ' ' | 'x' | 'X')
}

/// Obsidian's common marks beyond GFM's, read as checkboxes wherever they stand.
const COMMON_MARKS: [char; 7] = ['/', '-', '>', '<', '!', '?', '~'];

impl Walker<'_> {
    /// True when `[symbol]` at the start of an item is meant as a checkbox: a GFM mark, a
    /// common Obsidian mark, a mark the file's legend or `.todo.yml` declares, or any other
    /// mark on an item that leads with a task ID (`- [D] T-3: …`) or carries Obsidian Tasks'
    /// `#task` tag (`- [P] #task Pro`). `- [P] tasks can run in parallel` is prose about a
    /// marker, not a task.
    fn meant_as_checkbox(&self, symbol: char, has_id: bool) -> bool {
        !is_custom_mark(symbol)
            || COMMON_MARKS.contains(&symbol)
            || self.boxes.iter().any(|(c, _)| *c == symbol)
            || self.states.declares_box(symbol)
            || has_id
    }
}

impl Walker<'_> {
    /// A list item at line `i`: a task when it has a checkbox, leads with an ID set off by a
    /// separator or bold, or stands in a freeform task list. Returns the next line to read.
    pub(crate) fn item(
        &mut self,
        i: usize,
        content: usize,
        checkbox: Option<(Span, char)>,
        end: usize,
    ) -> usize {
        let line = self.lines[i];
        if self.legend {
            return self.last_line_before(i, end) + 1;
        }
        let c = &self.text[content..line.end()];
        // A checklist under "Definition of done" or a template is not a list of tasks: an item
        // with a box of any mark and no ID is read whole, a heading inside it included (the
        // line accounting reads it the same way).
        if checkbox.is_some() && self.in_template() && lead_id(c, true).id.is_none() {
            return self.last_line_before(i, end) + 1;
        }
        if let Some((_, symbol)) = checkbox
            && !self.meant_as_checkbox(
                symbol,
                lead_id(c, true).id.is_some() || c.split_whitespace().any(|w| w == "#task"),
            )
        {
            return i + 1;
        }
        let mut lead = lead_id(c, checkbox.is_some());
        if lead.id.is_none()
            && checkbox.is_some()
            && let Some(n) = spec_kit_id(c)
        {
            // spec-kit: `- [ ] T012 [P] [US1] Description`.
            let rest = &c[n..];
            let start = n + (rest.len() - rest.trim_start().len());
            lead.id = Some(0..n);
            lead.title = start..c.trim_end().len().max(start);
        }
        // A bullet is a task when its ID is set off by a separator or by bold (`**H9** text`);
        // a code-span ID in running prose (`` `P47-T2` must keep… ``) is a mention, not a task.
        let bullet_task = lead.id.is_some() && (lead.separated || c.starts_with("**"));
        if checkbox.is_none() && !bullet_task && !self.freeform {
            let last = self.last_line_before(i, end);
            if self.emoji_item(i, content, last) {
                return last + 1;
            }
            return i + 1;
        }
        let last = self.last_line_before(i, end);
        let id = lead
            .id
            .map(|r| Span::new(content + r.start, content + r.end));
        let title = Span::new(content + lead.title.start, content + lead.title.end);
        let kind = if checkbox.is_some() {
            TaskStyle::Checkbox
        } else {
            TaskStyle::Bullet
        };
        self.build(kind, i, id, title, checkbox, i + 1..last + 1);
        last + 1
    }

    /// The last line index of an item whose Markdown range ends at `end`, trailing blank lines
    /// excluded.
    pub(crate) fn last_line_before(&self, i: usize, end: usize) -> usize {
        use super::super::scan::LineKind;
        let mut last = i;
        let mut j = i + 1;
        while j < self.lines.len() && self.lines[j].start() < end {
            if !matches!(self.lines[j].kind(), LineKind::Blank | LineKind::Rule) {
                last = j;
            }
            j += 1;
        }
        last
    }
}

/// The byte range of a list item's checkbox (`[ ]`, `[x]`, `[/]`) on a line, if it has one.
fn checkbox_mark(line: &str) -> Option<Range<usize>> {
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i < b.len() && b[i] == b'>' {
            i += 1;
        } else {
            break;
        }
    }
    match b.get(i)? {
        b'-' | b'*' | b'+' => i += 1,
        b'0'..=b'9' => {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'.' | b')')) {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    let gap = b[i..]
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    if gap == 0 {
        return None;
    }
    i += gap;
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let c = line[i + 1..].chars().next()?;
    let close = i + 1 + c.len_utf8();
    (b.get(close) == Some(&b']')).then_some(i..close + 1)
}

/// A checkbox line cut for a merge: the prefix, the box, the description, and each metadata token (an
/// Obsidian Tasks emoji with its value, a Dataview `[key:: value]`) with the white space
/// before it. The tokens are the Obsidian and Dataview notations' own, but a checkbox line
/// that gains its first token on one side must still cut like the other versions, so the cut
/// is this notation's.
fn checkbox_parts(line: &str) -> Option<LineParts> {
    let mark = checkbox_mark(line)?;
    let body = &line[mark.end..];
    let (metas, _) = meta::scan(body, mark.end);
    let mut starts: Vec<(usize, String)> = Vec::new();
    for m in &metas {
        let mut s = m.key_span.start;
        if m.kind == MetaKind::Dataview {
            s = line[..s].rfind(['[', '(']).unwrap_or(s);
        }
        while s > mark.end && line[..s].ends_with([' ', '\t']) {
            s -= 1;
        }
        let base = match m.kind {
            MetaKind::Emoji => format!("m:{}", m.key),
            MetaKind::Dataview => format!("dv:{}", m.key.to_ascii_lowercase()),
        };
        let n = starts.iter().filter(|(_, k)| k.starts_with(&base)).count();
        let key = if n == 0 { base } else { format!("{base}#{n}") };
        if starts.last().is_some_and(|(p, _)| *p >= s) {
            return None;
        }
        starts.push((s, key));
    }
    let mut parts = vec![
        Part {
            key: "prefix".into(),
            range: 0..mark.start,
        },
        Part {
            key: "mark".into(),
            range: mark.clone(),
        },
    ];
    let text_end = starts.first().map_or(line.len(), |(s, _)| *s);
    parts.push(Part {
        key: "text".into(),
        range: mark.end..text_end,
    });
    for (i, (s, key)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(line.len(), |(n, _)| *n);
        parts.push(Part {
            key: key.clone(),
            range: *s..end,
        });
    }
    Some(LineParts {
        parts,
        fixed: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(line: &str) -> Option<Vec<String>> {
        checkbox_parts(line).map(|p| p.parts.into_iter().map(|x| x.key).collect())
    }

    #[test]
    fn a_checkbox_line_is_cut_into_box_text_and_tokens() {
        assert_eq!(
            keys("  - [x] a ⏫ [due:: 2026-01-02] ⏫").unwrap(),
            [
                "prefix",
                "mark",
                "text",
                "m:priority",
                "dv:due",
                "m:priority#1"
            ]
        );
        assert!(!checkbox_parts("- [ ] a").unwrap().fixed);
        assert_eq!(keys("| a | b |"), None);
        assert_eq!(keys("-[ ] a"), None);
    }

    #[test]
    fn the_text_column_of_list_items() {
        assert_eq!(content_column("- [ ] T-1 a"), 2);
        assert_eq!(content_column("  * T-1 a"), 4);
        assert_eq!(content_column("10. T-1 a"), 4);
        assert_eq!(content_column("1)  T-1 a"), 4);
        // A tab after the marker reaches column 4, then one space: the text is at 5.
        assert_eq!(content_column("*\t T1:"), 5);
        assert_eq!(content_column("\t- T-1"), 6);
        // Five spaces or more: the text starts one past the marker.
        assert_eq!(content_column("-      code"), 2);
    }
}
