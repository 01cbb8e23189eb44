//! The accounting: every line that looks like a task, and what the file made of it.
//!
//! A person who opens a task file sees every `- [ ]` line, every ID-led heading or bullet and
//! every `Status:` line as a task or part of one. [`TaskFile::accounting`] finds those lines
//! with a cheap line scan (no Markdown) and gives each exactly one [`Class`]: a task, an item
//! or field of a task, deliberately not a task (with the reason), or a near miss (with the
//! reason and, where the intent is unambiguous, the re-indenting edit). Classification uses
//! what the model already holds (task spans, fields, items, criteria) and one more block scan
//! for code, comments and sections; only `lint`, `doctor` and the tests call it.

use crate::document::Span;
use crate::edit::Edit;
use crate::model::schema::is_schema_heading;
use crate::model::{FieldKey, TaskStyle, canonical_key, id_at, lead_id};

use super::TaskFile;
use super::indent::{Shift, marker_len, shifts};
use super::inline::field_at;
use super::scan::{Line, LineKind, scan};
use super::style::{id_led_heading, is_legend_heading, is_template_section};

/// What a line looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Looks {
    /// A checkbox at the start of a list item or of a line (`- [ ]`, `[x]`, `- [/]`, `-[ ]`).
    Checkbox,
    /// A heading or bullet led by a task ID (`### T-1: …`, `- **A-2** …`).
    IdLed,
    /// A `Status` or `Priority` field line (`Status: open`, `**Priority:** P1`, `- Status: x`).
    Field,
}

/// Why a task-looking line is deliberately not a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Inside a fenced or indented code block.
    CodeBlock,
    /// Inside an HTML comment or HTML block.
    Html,
    /// Inside YAML front matter that declares no task.
    FrontMatter,
    /// In a quotation (`> - [ ] …`).
    Quotation,
    /// In a template or checklist section (`## Definition of Done`, `## Task template`).
    Template,
    /// In a legend section (`## Status legend`), which declares marks.
    Legend,
    /// In a `Task schema` section, which declares fields.
    Schema,
    /// A table line.
    Table,
    /// A bracketed mark that nothing declares as a checkbox (`- [P] runs in parallel`).
    UndeclaredMark,
    /// An ID mentioned in running prose (`` - `T-2` must … ``), not set off as a task's ID.
    Mention,
    /// The heading over a table of tasks, which groups them (`### P6.1 RPC methods`).
    TableGroup,
    /// In a task's body, as its text (a one-task file's description).
    Description,
    /// A `#` line that Markdown reads as no heading (continuation text of a block above).
    NoHeading,
}

impl Reason {
    /// The reason in words.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::CodeBlock => "inside a code block",
            Reason::Html => "inside an HTML comment or block",
            Reason::FrontMatter => "inside front matter",
            Reason::Quotation => "in a quotation",
            Reason::Template => "in a template or checklist section",
            Reason::Legend => "in a legend",
            Reason::Schema => "in the task schema section",
            Reason::Table => "a table line",
            Reason::UndeclaredMark => "a bracketed mark no legend or config declares",
            Reason::Mention => "an ID mentioned in running prose",
            Reason::TableGroup => "the heading over a table of tasks",
            Reason::Description => "text in a task's body",
            Reason::NoHeading => "text that Markdown reads as no heading",
        }
    }
}

/// The kind of a near miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NearMissKind {
    /// A list line Markdown folds into the paragraph above (lazy continuation).
    Folded,
    /// An item whose indentation makes it a sibling instead of a child.
    Sibling,
    /// A checkbox Markdown does not read (`-[ ]`, `- []`).
    MalformedBox,
    /// A `Status` or `Priority` line outside any task.
    StrayField,
    /// A bullet led by an ID with no separator (`- T-1 fix it`).
    Unseparated,
    /// A checkbox line that a setext underline (`---`, `===`) below turns into a heading.
    Underlined,
    /// A box at the start of a line with no list marker before it (`[ ] step`).
    NoMarker,
    /// A list item whose box Markdown does not read as a checkbox (`- [ ]` with no text).
    NotABox,
}

/// A task-looking line that is read as none, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// Which kind.
    pub kind: NearMissKind,
    /// What Markdown or `todo` made of the line, one sentence, lower-case start.
    pub reason: String,
    /// How to write it instead.
    pub help: String,
    /// The re-indenting edits (only leading spaces change) when the intent is unambiguous:
    /// this line's and those of the items above it that move too.
    pub fix: Vec<Edit>,
}

/// What a task-looking line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// (a) The first line of a task.
    Task,
    /// (b) A field, list item or checklist item of a task.
    Part,
    /// (c) Deliberately not a task.
    NotATask(Reason),
    /// (d) A near miss, reported by `lint` and `doctor`.
    NearMiss(NearMiss),
    /// None of the above: a line the file hides. The invariant tests find none.
    Unclassified,
}

impl Class {
    /// `a`, `b`, `c`, `d`, or `?` for an unclassified line.
    pub fn letter(&self) -> char {
        match self {
            Class::Task => 'a',
            Class::Part => 'b',
            Class::NotATask(_) => 'c',
            Class::NearMiss(_) => 'd',
            Class::Unclassified => '?',
        }
    }
}

/// One task-looking line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1-based line number.
    pub line: usize,
    /// The line, without its line ending.
    pub span: Span,
    /// What it looks like.
    pub looks: Looks,
    /// What it is.
    pub class: Class,
}

/// What a line of the file holds, from the model.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Held {
    None,
    /// Inside a task's span.
    Body,
    Part,
    Head,
}

impl TaskFile {
    /// One entry per task-looking line, in line order; see the module docs. Linear in the
    /// file; empty (and no Markdown scan) when no line looks like a task.
    ///
    /// A file read in part ([`Scope::Related`](super::Scope)) is accounted over the windows
    /// read: an edit's fast path compares their accounting before and after the edit. A line
    /// there is classified without the sections of the windows left out, so it may be a near
    /// miss here that the whole file declares a template or legend line: an edit that seems to
    /// add one is refused on the fast path and decided on the whole file.
    pub fn accounting(&self) -> Vec<Entry> {
        self.account(false)
    }

    /// The entries of [`accounting`](Self::accounting) that are near misses (class d), in line
    /// order: what `lint` reports, without holding an entry for every task-looking line.
    pub fn near_misses(&self) -> Vec<Entry> {
        match &self.near_misses {
            Some(found) => found.clone(),
            None => self.account(true),
        }
    }

    fn account(&self, misses_only: bool) -> Vec<Entry> {
        let text = self.doc.text();
        let partial: Option<&[Line]> = match (&self.scope, &self.scan) {
            (super::Scope::Whole, _) => None,
            (super::Scope::Related(_), Some(kept)) => Some(kept),
            (super::Scope::Related(_), None) => return Vec::new(),
        };
        // A large file's lines are looked at, and later classified, in parts on the cores
        // (joined in order: the same entries as one thread gives).
        let parts = crate::par::parts_for(text.len());
        let found: Vec<(u32, Looks)> = match partial {
            Some(lines) => lines
                .iter()
                .enumerate()
                .filter_map(|(i, l)| {
                    looks(&text[l.start().max(self.doc.content_start()).min(l.end())..l.end()])
                        .map(|x| (i as u32, x))
                })
                .collect(),
            None => self.looking_lines(parts),
        };
        if found.is_empty() {
            return Vec::new();
        }
        let scanned;
        let lines: &[Line] = match (partial, &self.scan) {
            (Some(lines), _) => lines,
            (None, Some(kept)) => kept,
            (None, None) => {
                scanned = scan(&self.doc);
                &scanned
            }
        };
        // The line number (0-based) of a line of `lines`, and the line of `lines` holding an
        // offset: the same for a whole file, found by the offsets for a partly read one.
        let number = |i: usize| match partial {
            Some(_) => self.doc.lines().line_of(lines[i].start()),
            None => i,
        };
        // The mis-indented lines are found on a thread of their own while the model's lines
        // and their contexts are marked: neither needs the other.
        let (held, moves, context) = std::thread::scope(|s| {
            let moves = (parts > 1).then(|| s.spawn(|| shifts(&self.doc, lines)));
            let held = self.held(lines, partial.is_some());
            let context = contexts(self, lines, &held);
            let moves = match moves {
                Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                None => shifts(&self.doc, lines),
            };
            (held, moves, context)
        });
        let one_task_file = self.tasks.iter().any(|t| t.style == TaskStyle::File);
        let points: Vec<usize> = (0..found.len()).step_by(256).collect();
        let ranges = crate::par::split(&points, found.len(), parts, |k| k);
        crate::par::map(&ranges, |range| {
            let mut out = Vec::with_capacity(if misses_only { 0 } else { range.len() });
            for &(n, looks) in &found[range] {
                let n = n as usize;
                let Some(l) = lines.get(n) else { continue };
                let class = match shift_of(&moves, n) {
                    Some(k) => Class::NearMiss(indent_miss(self, lines, &moves, k)),
                    None => {
                        let cx = (held[n], context[n], one_task_file);
                        self.classify(lines, n, looks, cx)
                    }
                };
                if misses_only && !matches!(class, Class::NearMiss(_)) {
                    continue;
                }
                out.push(Entry {
                    line: number(n) + 1,
                    span: Span::new(l.start(), l.end()),
                    looks,
                    class,
                });
            }
            out
        })
        .concat()
    }

    /// The lines of the whole file that look like a task, by line number, found from the line
    /// index alone (no Markdown): in `parts` on the cores. Line numbers are kept in 32 bits
    /// (a document has fewer lines than bytes, at most 256 MiB): a large file has a task-looking
    /// line in every few.
    fn looking_lines(&self, parts: usize) -> Vec<(u32, Looks)> {
        let text = self.doc.text();
        let starts = self.doc.lines().starts();
        let points: Vec<usize> = (0..starts.len()).step_by(1024).collect();
        let ranges = crate::par::split(&points, starts.len(), parts, |n| {
            self.doc.lines().start_or(n, text.len())
        });
        crate::par::map(&ranges, |range| {
            let b = text.as_bytes();
            let mut found = Vec::new();
            for n in range {
                let s = (starts[n] as usize).max(self.doc.content_start());
                // The line index ends a line at LF, CRLF or a lone CR: its text is what is
                // left once the line ending is taken off.
                let mut e = self.doc.lines().start_or(n + 1, b.len()).max(s);
                if e > s && b[e - 1] == b'\n' {
                    e -= 1;
                }
                if e > s && b[e - 1] == b'\r' {
                    e -= 1;
                }
                debug_assert_eq!(e, super::line_end(text, s));
                if let Some(looks) = looks(&text[s..e]) {
                    found.push((n as u32, looks));
                }
            }
            found
        })
        .concat()
    }

    /// What the model holds at each line of `lines`: a task's first line, a part of one, its
    /// body. `partial`: `lines` are the windows of a partly read file, not every line.
    fn held(&self, lines: &[Line], partial: bool) -> Vec<Held> {
        let mut held = vec![Held::None; lines.len()];
        let line = |o: usize| -> Option<usize> {
            if !partial {
                return Some(self.doc.lines().line_of(o));
            }
            let i = lines.partition_point(|l| l.start() <= o).checked_sub(1)?;
            (o <= lines[i].end() || o < lines[i].next()).then_some(i)
        };
        let starts = self.doc.lines().starts();
        for t in &self.tasks {
            let (Some(first), Some(last)) =
                (line(t.span.start), line(t.span.end.saturating_sub(1)))
            else {
                continue;
            };
            for x in held.iter_mut().take(last + 1).skip(first) {
                if *x == Held::None {
                    *x = Held::Body;
                }
            }
            // Most offsets lie in the task's own lines, found among those in a few steps
            // rather than among every line of the file (an index row's cells lie elsewhere).
            let own = (!partial && first <= last && last < starts.len()).then(|| {
                let end = self.doc.lines().start_or(last + 1, usize::MAX);
                (starts[first] as usize, end)
            });
            let mut mark = |at: usize, h: Held| {
                let n = match own {
                    Some((lo, hi)) if lo <= at && at < hi => Some(
                        first + starts[first..=last].partition_point(|&s| s as usize <= at) - 1,
                    ),
                    _ => line(at),
                };
                if let Some(x) = n.and_then(|n| held.get_mut(n))
                    && (*x as u8) < (h as u8)
                {
                    *x = h;
                }
            };
            mark(t.span.start, Held::Head);
            mark(t.title.span.start, Held::Head);
            if let Some(id) = &t.id {
                mark(id.span.start, Held::Head);
            }
            for f in &t.fields {
                mark(f.span().start, Held::Part);
                mark(f.key_span().start, Held::Part);
                for i in &f.items {
                    mark(i.span().start, Held::Part);
                }
            }
            for c in &t.criteria {
                mark(c.span().start, Held::Part);
            }
        }
        held
    }

    /// The class of line `n` of `lines`, which looks like `looks`; `(held, cx, one_task_file)`:
    /// what the model holds there, the line's context, and whether the file is one task.
    fn classify(&self, lines: &[Line], n: usize, looks: Looks, at: (Held, Cx, bool)) -> Class {
        let (held, cx, one_task_file) = at;
        let l = lines[n];
        let text = self.doc.text();
        let t = &text[l.text_start()..l.end()];
        match held {
            Held::Head => return Class::Task,
            Held::Part => return Class::Part,
            _ => {}
        }
        // The front matter as `todo` reads it (an unclosed one runs on, and is reported by
        // `invalid-front-matter`).
        if self
            .front_matter
            .is_some_and(|f| f.span.start <= l.start() && l.start() < f.span.end)
        {
            return Class::NotATask(Reason::FrontMatter);
        }
        match l.kind() {
            LineKind::Opaque => return Class::NotATask(cx.opaque),
            LineKind::Table { .. } => return Class::NotATask(Reason::Table),
            _ => {}
        }
        if t.starts_with('>') {
            return Class::NotATask(Reason::Quotation);
        }
        let k = self
            .suspect_checkboxes
            .partition_point(|s| s.span.start < l.start());
        if let Some(s) = self
            .suspect_checkboxes
            .get(k)
            .filter(|s| s.span.start <= l.end())
        {
            return Class::NearMiss(NearMiss {
                kind: NearMissKind::MalformedBox,
                reason: format!("`{}` is not read as a checkbox", &text[s.span.range()]),
                help: format!("write `{}`", s.replacement),
                fix: Vec::new(),
            });
        }
        if let Some(reason) = cx.section {
            return Class::NotATask(reason);
        }
        if looks == Looks::Checkbox
            && matches!(l.kind(), LineKind::Heading { .. } | LineKind::HeadingRest)
        {
            return Class::NearMiss(NearMiss {
                kind: NearMissKind::Underlined,
                reason: "the underline below (`---` or `===`) makes Markdown read this line as a heading, not a list item".into(),
                help: "put a blank line between this line and the underline".into(),
                fix: Vec::new(),
            });
        }
        if matches!(l.kind(), LineKind::Heading { .. }) && self.heads_table(lines, n) {
            return Class::NotATask(Reason::TableGroup);
        }
        let item = marker_len(t).map(|m| t[m..].trim_start());
        if looks == Looks::Checkbox
            && let Some(rest) = item.or(Some(t))
            && let Some(c) = rest.strip_prefix('[').and_then(|r| r.chars().next())
            && super::style::is_custom_mark(c)
        {
            return Class::NotATask(Reason::UndeclaredMark);
        }
        if looks == Looks::Checkbox
            && let Some(m) = box_miss(t, item.is_some(), l.kind())
        {
            return Class::NearMiss(m);
        }
        if looks == Looks::Field && held == Held::None {
            let key = field_key(t).unwrap_or("Status");
            return Class::NearMiss(NearMiss {
                kind: NearMissKind::StrayField,
                reason: format!("a `{key}` field outside any task"),
                help: "put it under a task heading (`### ID: Title`) or a checkbox item".into(),
                fix: Vec::new(),
            });
        }
        if looks == Looks::IdLed
            && let Some(rest) = item
        {
            let lead = rest.trim_start_matches(['*', '`', '[']);
            // A one-task file holds one task: an ID-led item in its body names another task.
            let in_file_task = held == Held::Body && one_task_file;
            if let Some(tok) = id_at(lead)
                && tok.strong
                && lead[tok.len..].starts_with(' ')
                && !rest.starts_with('`')
                && !in_file_task
            {
                let id = &lead[..tok.len];
                return Class::NearMiss(NearMiss {
                    kind: NearMissKind::Unseparated,
                    reason: format!("a list item led by `{id}` with no separator"),
                    help: format!("write `{id}: …` (or a checkbox) to make it a task"),
                    fix: Vec::new(),
                });
            }
            return Class::NotATask(Reason::Mention);
        }
        if held == Held::Body {
            return Class::NotATask(Reason::Description);
        }
        if looks == Looks::IdLed
            && t.starts_with('#')
            && !matches!(l.kind(), LineKind::Heading { .. })
        {
            return Class::NotATask(Reason::NoHeading);
        }
        Class::Unclassified
    }

    /// True when heading `n` is the group of a table: a table stands in its body, as a heading
    /// task's body reaches (the walk reads an ID-led heading over a task table as the table's
    /// group, across a deeper heading named like a field such as `## Acceptance`).
    fn heads_table(&self, lines: &[Line], n: usize) -> bool {
        let LineKind::Heading { level, .. } = lines[n].kind() else {
            return false;
        };
        let end = super::style::heading_body_end(self.doc.text(), lines, n + 1, level);
        lines[n + 1..end]
            .iter()
            .any(|l| matches!(l.kind(), LineKind::Table { .. }))
    }
}

/// The near miss of a checkbox-looking line `t` that Markdown reads as no checkbox: a box
/// with no list marker, a numbered item folded into a paragraph, an item whose box has no
/// text after it.
fn box_miss(t: &str, item: bool, kind: LineKind) -> Option<NearMiss> {
    if !item && kind == LineKind::Text {
        let b = &t[..t.find(']').map_or(0, |e| e + 1)];
        return Some(NearMiss {
            kind: NearMissKind::NoMarker,
            reason: format!("`{b}` with no list marker before it is text, not a checkbox"),
            help: format!("write `- {b}`"),
            fix: Vec::new(),
        });
    }
    if item && kind == LineKind::Text {
        // Not moved by indentation: a numbered item other than 1 cannot start a list
        // after a paragraph line.
        return Some(NearMiss {
                kind: NearMissKind::Folded,
                reason: "Markdown folds this line into the paragraph above as text (a list numbered other than 1 cannot interrupt a paragraph), so it is read as neither a task nor a checklist item".into(),
                help: "put a blank line before it".into(),
                fix: Vec::new(),
            });
    }
    if let LineKind::Item { checkbox: None, .. } = kind {
        return Some(NearMiss {
            kind: NearMissKind::NotABox,
            reason: "Markdown does not read this box as a checkbox (a box needs text after it)"
                .into(),
            help: "write what the item is after the box (`- [ ] text`)".into(),
            fix: Vec::new(),
        });
    }
    None
}

/// Per-line context from one pass: the kind of the opaque block a line is in, and the
/// section (legend, template, schema) that makes its lines declarations, not tasks.
#[derive(Clone, Copy)]
struct Cx {
    opaque: Reason,
    section: Option<Reason>,
}

fn contexts(file: &TaskFile, lines: &[Line], held: &[Held]) -> Vec<Cx> {
    let text = file.doc.text();
    let mut out = Vec::with_capacity(lines.len());
    let mut opaque = Reason::CodeBlock;
    let mut section = None;
    let mut prev = LineKind::Blank;
    // The end of the list item the walk reads as a whole (a task, a template or legend
    // item): a heading inside it is the item's text, no section of the walk.
    let mut whole_item = 0;
    for (n, l) in lines.iter().enumerate() {
        match l.kind() {
            LineKind::Item { checkbox, end, .. }
                if l.start() >= whole_item
                    && (held[n] == Held::Head
                        || section == Some(Reason::Legend)
                        || section == Some(Reason::Template) && checkbox.is_some()) =>
            {
                whole_item = end;
            }
            LineKind::Heading { .. } if l.start() < whole_item => {}
            LineKind::Opaque if prev != LineKind::Opaque => {
                let t = &text[l.text_start()..l.end()];
                opaque = if t.starts_with('<') {
                    Reason::Html
                } else {
                    Reason::CodeBlock
                };
            }
            LineKind::Heading { level, text: h } if held[n] != Held::Head => {
                let h = &text[h.range()];
                section = if is_legend_heading(h) {
                    Some(Reason::Legend)
                } else if is_schema_heading(h) {
                    Some(Reason::Schema)
                } else if is_template_section(level, h) {
                    Some(Reason::Template)
                } else {
                    None
                };
            }
            _ => {}
        }
        prev = l.kind();
        out.push(Cx { opaque, section });
    }
    out
}

/// The near miss of a line that moves (see `indent`), with its fix.
/// The index in `moves` (in line order, one per line) of the shift of line `n`, if it moves.
fn shift_of(moves: &[Shift], n: usize) -> Option<usize> {
    moves.binary_search_by_key(&n, |s| s.line).ok()
}

fn indent_miss(file: &TaskFile, lines: &[Line], moves: &[Shift], k: usize) -> NearMiss {
    let text = file.doc.text();
    let s = moves[k];
    let parent = s.parent.map(|p| {
        let pl = lines[p];
        // `p` counts `lines`, which are a partly read file's windows only: the file's line
        // comes from the offset.
        let line = file.doc.lines().line_of(pl.start()) + 1;
        (line, clip(&text[pl.text_start()..pl.end()], 40))
    });
    let under = parent
        .as_ref()
        .map_or("the paragraph above".to_string(), |(n, t)| {
            format!("`{t}` (line {n})")
        });
    let reason = if s.folded {
        format!(
            "Markdown folds this line into the text of {under} (lazy continuation): indented {} columns, it starts no list item, so it is read as neither a task nor a checklist item",
            s.indent
        )
    } else {
        format!(
            "indented {} columns, short of the content of {under}, Markdown reads this item as a sibling of that item, not as its child",
            s.indent
        )
    };
    let help = match s.target {
        Some(c) => format!("indent it by {c} spaces to make it a child of {under}"),
        None => format!("indent it with spaces to the content column of {under}"),
    };
    // This line's edit, and those of the moving items it hangs under.
    let mut fix = Vec::new();
    let mut at = Some(k);
    while let Some(i) = at {
        let m = moves[i];
        let Some(target) = m.target else {
            fix.clear();
            break;
        };
        let ml = lines[m.line];
        fix.push(Edit {
            span: Span::new(ml.start().max(file.doc.content_start()), ml.text_start()),
            replacement: " ".repeat(target),
        });
        at = m.parent.and_then(|p| shift_of(moves, p));
    }
    fix.reverse();
    NearMiss {
        kind: if s.folded {
            NearMissKind::Folded
        } else {
            NearMissKind::Sibling
        },
        reason,
        help,
        fix,
    }
}

fn clip(s: &str, n: usize) -> String {
    let t = s.trim();
    match t.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// What a line looks like, if like a task; `line` is the whole line.
pub(crate) fn looks(line: &str) -> Option<Looks> {
    if line.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        // Most lines (fields, prose) start with a letter: no heading, list item or box, so
        // only a `Status` or `Priority` field makes one look like a task line.
        return state_field(line);
    }
    // Markdown's white space before a block is spaces and tabs only (a form feed is text).
    let mut t = line.trim_start_matches([' ', '\t']);
    let ws = &line[..line.len() - t.len()];
    let columns = ws
        .chars()
        .fold(0, |c, ch| if ch == '\t' { c + 4 - c % 4 } else { c + 1 });
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start_matches([' ', '\t']);
    }
    if t.is_empty() {
        return None;
    }
    // Four columns in, `## T-8` is code or paragraph text, not a heading.
    if t.starts_with('#') && columns < 4 {
        let h = t.trim_start_matches('#');
        let level = t.len() - h.len();
        // Read as the block scan reads a heading's text: spaces and tabs trimmed, and a
        // closing run of `#` taken off (`# T0. #` is the heading `T0.`).
        let text = &t[super::outline::heading_text(t.as_bytes(), level, t.len()).range()];
        return (level <= 6 && h.starts_with([' ', '\t']) && id_led_heading(text))
            .then_some(Looks::IdLed);
    }
    let (rest, item) = match marker_len(t) {
        Some(m) => (t[m..].trim_start(), true),
        // `-[ ] x`: a bullet with no space before its box. Only a box: `+[T-1] text` is a
        // paragraph line to Markdown and looks like no bullet.
        None => match t.strip_prefix(['-', '*', '+']) {
            Some(r) if r.starts_with('[') && is_box(r, true) => (r, true),
            _ => (t, false),
        },
    };
    if is_box(rest, item) {
        return Some(Looks::Checkbox);
    }
    if item {
        let lead = lead_id(rest, false);
        if let Some(id) = lead.id
            && (lead.explicit || rest[id].contains(['-', '_', '.']))
        {
            return Some(Looks::IdLed);
        }
    }
    state_field(rest)
}

/// [`Looks::Field`] for a `Status` or `Priority` field line.
fn state_field(rest: &str) -> Option<Looks> {
    // Every spelling of `Status` and `Priority` starts with `s`, `p` or `c` (`current state`):
    // the usual line, of another field or of prose, is not read as a field at all.
    let field = may_be_state_key(rest)
        && field_key(rest).is_some_and(|k| {
            matches!(
                canonical_key(k),
                Some(FieldKey::Status | FieldKey::Priority)
            )
        });
    field.then_some(Looks::Field)
}

/// False when the line cannot be a `Status` or `Priority` field line: the first character of
/// its key (after a list marker and `**`) is none of the first letters of their spellings. A
/// key starts with a letter (`valid_key`), and [`canonical_key`] only lower-cases ASCII.
fn may_be_state_key(t: &str) -> bool {
    let t = marker_len(t).map_or(t, |m| t[m..].trim_start());
    let k = t.strip_prefix("**").unwrap_or(t).trim_start();
    matches!(
        k.as_bytes().first(),
        Some(b's' | b'S' | b'p' | b'P' | b'c' | b'C')
    )
}

/// The key of a field line with a value (`Status: open`, `**Priority:** P1`).
fn field_key(t: &str) -> Option<&str> {
    let t = marker_len(t).map_or(t, |m| t[m..].trim_start());
    let m = field_at(t)?;
    (!m.value.is_empty()).then(|| t[m.key].trim_end())
}

/// A checkbox at the start of `t`: `[c]` with one character (no digit or bracket) and a
/// space, tab or line end after it; after a list marker also a malformed one (`[]`, `[ x]`).
fn is_box(t: &str, item: bool) -> bool {
    let Some(inner) = t.strip_prefix('[') else {
        return false;
    };
    let Some(close) = inner.find(']') else {
        return false;
    };
    let after = &inner[close + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return false;
    }
    let b = &inner[..close];
    let mut chars = b.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => !c.is_ascii_digit() && c != '[',
        _ => item && matches!(b.trim(), "" | "x" | "X") && b.len() <= 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    /// The line a mis-indented item's message names is the file's line, also when only the
    /// windows that mention an ID were read (an edit's fast path).
    #[test]
    fn a_near_miss_in_a_partly_read_file_names_the_files_line() {
        let src = "# A\n\n## T-1: First\nStatus: todo\n\n# B\n\n## T-2: Second\nStatus: todo\n\n\
                   1. parent step\n  - [ ] child step\n";
        let doc = || Document::from_string("TODO.md", src.to_string());
        let whole = TaskFile::parse(doc()).near_misses();
        let states = crate::model::StateMap::default();
        let part = TaskFile::parse_related(doc(), &states, &["T-2"]);
        assert!(matches!(part.scope, crate::parse::Scope::Related(_)));
        let reasons = |e: &[Entry]| -> Vec<String> {
            e.iter()
                .map(|e| match &e.class {
                    Class::NearMiss(m) => format!("{}: {}", e.line, m.reason),
                    c => format!("{}: {c:?}", e.line),
                })
                .collect()
        };
        let want = reasons(&whole);
        assert!(want.iter().any(|r| r.contains("(line 11)")), "{want:?}");
        assert_eq!(reasons(&part.near_misses()), want);
    }

    fn classes(src: &str) -> Vec<(usize, char)> {
        let f = TaskFile::parse(Document::from_string("TODO.md", src.to_string()));
        f.accounting()
            .iter()
            .map(|e| (e.line, e.class.letter()))
            .collect()
    }

    #[test]
    fn what_looks_like_a_task() {
        for (l, want) in [
            ("- [ ] a", Some(Looks::Checkbox)),
            ("    - [x] a", Some(Looks::Checkbox)),
            ("> 3. [/] a", Some(Looks::Checkbox)),
            ("-[ ] a", Some(Looks::Checkbox)),
            ("- [] a", Some(Looks::Checkbox)),
            ("[x] a", Some(Looks::Checkbox)),
            ("- [link](x)", None),
            ("- [1] note", None),
            ("### T-1: a", Some(Looks::IdLed)),
            ("    ## T-8", None),
            ("- **A-2** b", Some(Looks::IdLed)),
            ("- T-3 b", Some(Looks::IdLed)),
            ("Status: open", Some(Looks::Field)),
            ("- **Priority:** P1", Some(Looks::Field)),
            ("Status:", None),
            ("Owner: me", None),
            ("plain text", None),
        ] {
            assert_eq!(looks(l), want, "{l}");
        }
    }

    #[test]
    fn the_folded_checklist_is_a_near_miss_with_a_fix() {
        let src = "# Roadmap\n\n12. [x] Title\n   - Phases:\n    - [x] a\n    - [ ] b\n";
        let f = TaskFile::parse(Document::from_string("TODO.md", src.to_string()));
        let acc = f.accounting();
        assert_eq!(
            acc.iter()
                .map(|e| (e.line, e.class.letter()))
                .collect::<Vec<_>>(),
            [(3, 'a'), (5, 'd'), (6, 'd')]
        );
        let Class::NearMiss(m) = &acc[1].class else {
            panic!()
        };
        assert_eq!(m.kind, NearMissKind::Folded);
        let fixed = crate::edit::apply(src, &m.fix).unwrap();
        assert_eq!(
            fixed,
            "# Roadmap\n\n12. [x] Title\n    - Phases:\n      - [x] a\n    - [ ] b\n"
        );
    }

    // In a one-task file every line belongs to its one task: a bullet led by another task's
    // ID is a reference (in Backlog.md's own tasks, "- BACK-349 (…): superseded"), not a
    // task written without a separator.
    #[test]
    fn an_id_led_item_in_a_one_task_file_names_another_task() {
        let src = "---\nid: LAB-5\ntitle: Sow the beans\nstatus: Queued\n---\n\n## Related\n\n- LAB-2 (the trays) comes first\n";
        let f = TaskFile::parse(Document::from_string(
            "backlog/tasks/lab-5 - Sow-the-beans.md",
            src.to_string(),
        ));
        let acc = f.accounting();
        let last = acc.last().unwrap();
        assert_eq!(
            (last.line, last.class.letter()),
            (9, 'c'),
            "{:?}",
            acc.len()
        );
    }

    // Found by the `load` fuzz target: a heading inside a template item ended the template
    // section here though the walk reads the item whole, so the boxes after it were unclassified.
    #[test]
    fn a_heading_inside_a_template_item_does_not_end_the_template() {
        let src = "## PR checklist\n\n- [x] Update the data\n   # Notes\n  - [x] Re-run the checks\n- [ ] Refresh translations\n";
        assert_eq!(classes(src), [(3, 'c'), (5, 'c'), (6, 'c')]);
    }

    // Found by the `load` fuzz target again: the item's box had a mark other than GFM's
    // (`[!]`), which the walk read whole but the accounting did not, so the heading inside it
    // ended the template section for the accounting alone.
    #[test]
    fn a_heading_inside_a_template_item_of_any_mark_does_not_end_the_template() {
        let src =
            "## PR checklist\n\n- [!] Warn the reviewers\n  # Notes\n- [x] Re-run the checks\n";
        assert_eq!(classes(src), [(3, 'c'), (5, 'c')]);
    }

    #[test]
    fn reasons_for_lines_that_are_not_tasks() {
        let src = "# Plan\n\n```\n- [ ] code\n```\n<!--\n- [ ] hidden\n-->\n> - [ ] quoted\n\n## Status legend\n- [~] In progress\n\n## Work\n- [ ] real\n  - [x] step\n\nStatus: loose\n- T-9 no separator\n";
        assert_eq!(
            classes(src),
            [
                (4, 'c'),
                (7, 'c'),
                (9, 'a'),
                (12, 'c'),
                (15, 'a'),
                (16, 'b'),
                (18, 'd'),
                (19, 'd')
            ]
        );
    }
}
