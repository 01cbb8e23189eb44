//! Task recognition: one walk over the classified lines that finds every task and its body.
//!
//! The walker is the driver: it keeps the section stack and the file's declarations (legend
//! marks and values, schema, kanban lanes), hands each line to the notation that owns its
//! kind (a heading to `style::heading`, a list item to `style::list_item`, a text line to
//! `style::plain_line`, a table to `style::table_row`), and builds every task's body with the
//! shared grammar of `body`. Which lines make a task in which notation is decided in the
//! notation's file under `style/`; docs/format.md lists the order and the reasons.
//!
//! Task headings never enter the section path, so they never pop group headings.
//!
//! Fallback for freeform lists: when nothing matched and the file is a task list by its
//! name or first heading (todo, roadmap, backlog, tasks, task list, kanban), every top-level
//! list item is a task, and a section heading that is a status word (`## Done`) gives its
//! items their state. A file that is one task is read whole before the walk.
//!
//! This module must not hold notation-specific rules.

use crate::document::{Document, Span};
use crate::model::schema::{Schema, from_declarations};
use crate::model::{
    Checkbox, Field, FieldKey, FieldStyle, Located, State, StateMap, Task, TaskStyle, scan_ids,
};

use super::body::Body;
use super::inline::field_at;
use super::scan::{Line, LineKind};
use super::style;
use super::{Directive, Heading, SuspectCheckbox};

pub(crate) struct Recognized {
    pub tasks: Vec<Task>,
    pub sections: Vec<Vec<String>>,
    pub schema: Option<Schema>,
    pub directives: Vec<Directive>,
    pub suspects: Vec<SuspectCheckbox>,
    pub headings: Vec<Heading>,
    pub front_matter: Option<super::FrontMatterBlock>,
    pub problems: Vec<super::Problem>,
    pub lanes: bool,
}

pub(super) struct Walker<'a> {
    pub(super) text: &'a str,
    pub(super) lines: &'a [Line],
    pub(super) states: &'a StateMap,
    pub(super) tasks: Vec<Task>,
    pub(super) sections: Vec<Vec<String>>,
    pub(super) stack: Vec<(u8, String)>,
    pub(super) title_h1: bool,
    pub(super) schema: Option<Schema>,
    pub(super) freeform: bool,
    /// Section stacks to restore at given line indexes (windowed recognition), sorted.
    pub(super) resets: Vec<(usize, Vec<(u8, String)>)>,
    /// Every section heading seen, in order, as (level, title).
    pub(super) pushes: Vec<(u8, String)>,
    /// First line to read (after any front matter).
    pub(super) from: usize,
    /// Kanban board: a task's lane heading is its status.
    pub(super) lanes: bool,
    /// Custom checkbox states a legend of this file declares (`- [~] In progress`).
    pub(super) boxes: Vec<(char, State)>,
    /// The current section is a legend (`## Status legend`): its items are not tasks.
    pub(super) legend: bool,
    /// Status values a legend table of this file maps to states.
    pub(super) local_status: Vec<(String, State)>,
    /// Fields the next `build` starts with (table cells, read before the task is built).
    pub(super) pending: Vec<crate::model::Field>,
    /// Emptied vectors a task's body reader grows its fields and checklist in, kept from task
    /// to task: each task then gets its vectors in one exact allocation.
    pub(super) scratch: (Vec<crate::model::Field>, Vec<crate::model::ChecklistItem>),
    /// Whether the file uses state-emoji list items, once asked (see `emoji_state`).
    pub(super) emoji_items: std::cell::Cell<Option<bool>>,
    /// Split recognition (see `split`): set when the walk looked at sections that a part
    /// walked alone cannot know (those above its first line).
    pub(super) consulted: std::cell::Cell<bool>,
    /// The lowest level of a section pushed in this walk (7 before any).
    pub(super) min_push: u8,
    /// A legend (section or table) was read: later lines read differently.
    pub(super) legend_seen: bool,
}

pub(crate) fn recognize(
    doc: &Document,
    lines: &[Line],
    bounds: &[usize],
    states: &StateMap,
) -> Recognized {
    let h1s = lines
        .iter()
        .filter(|l| matches!(l.kind(), LineKind::Heading { level: 1, .. }))
        .count();
    let first_heading_is_h1 = lines
        .iter()
        .find(|l| matches!(l.kind(), LineKind::Heading { .. }))
        .is_some_and(|l| matches!(l.kind(), LineKind::Heading { level: 1, .. }));
    crate::trace::phase("recognize start");
    let fm = super::frontmatter::read(doc.text(), doc.content_start());
    let mut problems = Vec::new();
    if let Some(e) = fm.as_ref().and_then(|f| f.error.as_ref()) {
        let at = e.offset.min(doc.text().len());
        let end = super::line_end(doc.text(), at);
        problems.push(super::Problem {
            span: Span::new(at, end),
            message: e.message.clone(),
        });
    }
    let front_matter = fm.as_ref().map(|f| super::FrontMatterBlock {
        span: f.span,
        body: f.body,
    });
    let from = fm
        .as_ref()
        .map_or(0, |f| lines.partition_point(|l| l.start() < f.span.end));
    let input = style::FileInput {
        doc,
        lines,
        states,
        front_matter: fm.as_ref(),
        from,
        h1_count: h1s,
    };
    if let Some(tasks) = style::read_whole_file(&input) {
        let headings = headings(lines, |l| {
            tasks
                .iter()
                .any(|t| t.title.span.start >= l.start() && t.title.span.end <= l.end())
        });
        let (directives, suspects) = notes(doc.text(), lines, &tasks);
        return Recognized {
            tasks,
            sections: vec![Vec::new()],
            schema: None,
            directives,
            suspects,
            headings,
            front_matter,
            problems,
            lanes: false,
        };
    }
    let lanes = style::is_board(fm.as_ref());
    // On a board every heading is a lane, a lone first `#` heading included: no document title.
    let title_h1 = !lanes && h1s == 1 && first_heading_is_h1;
    let split = if lanes || from > 0 {
        None
    } else {
        super::split::walk(doc, lines, bounds, states, title_h1)
    };
    crate::trace::phase("split walked");
    let (mut tasks, sections, schema) = match split {
        Some(walked) => walked,
        None => walk_whole(doc, lines, states, title_h1, from, lanes),
    };
    style::join_index_rows(&mut tasks);
    crate::trace::phase("joined");
    let (directives, suspects) = notes(doc.text(), lines, &tasks);
    crate::trace::phase("notes");
    let task_starts: crate::hash::Set<usize> = tasks.iter().map(|t| t.span.start).collect();
    let headings = headings(lines, |l| task_starts.contains(&l.start()));
    crate::trace::phase("headings");
    Recognized {
        tasks,
        sections,
        schema,
        directives,
        suspects,
        headings,
        front_matter,
        problems,
        lanes,
    }
}

/// Tasks, section paths and schema of the whole file in one walk; a file with no task is
/// walked again as a freeform list when it reads as one.
fn walk_whole(
    doc: &Document,
    lines: &[Line],
    states: &StateMap,
    title_h1: bool,
    from: usize,
    lanes: bool,
) -> super::split::Walked {
    let mut w = Walker {
        title_h1,
        from,
        lanes,
        ..Walker::new(doc.text(), lines, states)
    };
    w.walk();
    if w.tasks.is_empty() && is_task_list(doc, lines) {
        w.freeform = true;
        w.sections.truncate(1);
        w.stack.clear();
        w.boxes.clear();
        w.local_status.clear();
        w.legend = false;
        w.walk();
    }
    (w.tasks, w.sections, w.schema)
}

/// What one window of a file declares on its own: its section headings as (level, title), in
/// order, and whether it holds a task.
pub(crate) fn window_pushes(
    doc: &Document,
    lines: &[Line],
    states: &StateMap,
) -> (Vec<(u8, String)>, bool) {
    let mut w = Walker::new(doc.text(), lines, states);
    w.walk();
    (w.pushes, !w.tasks.is_empty())
}

/// Recognition over the lines of several windows of one file, concatenated in file order; the
/// section stack is set from `resets` where each window starts. Freeform lists are not read
/// (a file with no other task is parsed whole).
pub(crate) fn recognize_windows(
    doc: &Document,
    lines: &[Line],
    resets: Vec<(usize, Vec<(u8, String)>)>,
    title_h1: bool,
    states: &StateMap,
) -> Recognized {
    let mut w = Walker {
        title_h1,
        resets,
        ..Walker::new(doc.text(), lines, states)
    };
    w.walk();
    style::join_index_rows(&mut w.tasks);
    let (directives, suspects) = notes(doc.text(), lines, &w.tasks);
    let task_starts: crate::hash::Set<usize> = w.tasks.iter().map(|t| t.span.start).collect();
    let headings = headings(lines, |l| task_starts.contains(&l.start()));
    Recognized {
        tasks: w.tasks,
        sections: w.sections,
        schema: w.schema,
        directives,
        suspects,
        headings,
        front_matter: None,
        problems: Vec::new(),
        lanes: false,
    }
}

/// Every heading of `lines`, marked as a task's when `is_task` says so of its line.
fn headings(lines: &[Line], is_task: impl Fn(&Line) -> bool) -> Vec<Heading> {
    lines
        .iter()
        .filter_map(|l| match l.kind() {
            LineKind::Heading { level, text } => Some(Heading {
                level,
                text,
                span: Span::new(l.start(), l.end()),
                task: is_task(l),
            }),
            _ => None,
        })
        .collect()
}

/// Lint directives and malformed checkboxes, read from the classified lines in one pass.
fn notes(text: &str, lines: &[Line], tasks: &[Task]) -> (Vec<Directive>, Vec<SuspectCheckbox>) {
    let mut directives = Vec::new();
    let mut suspects = Vec::new();
    let first_task = tasks.first().map_or(usize::MAX, |t| t.span.start);
    let mut seen_heading = false;
    let b = text.as_bytes();
    for (n, l) in lines.iter().enumerate() {
        // Most lines are neither: only their first byte is read.
        let t = || &text[l.text_start()..l.end()];
        match l.kind() {
            LineKind::Heading { .. } => seen_heading = true,
            LineKind::Opaque if t().starts_with("<!--") => {
                if let Some(rules) = directive_rules(t()) {
                    let next_line = lines[n + 1..]
                        .iter()
                        .find(|x| x.kind() != LineKind::Blank)
                        .map(|x| x.start());
                    directives.push(Directive {
                        span: Span::new(l.start(), l.end()),
                        rules,
                        next_line,
                        file_wide: !seen_heading
                            && l.start() < first_task
                            && next_line != Some(first_task),
                    });
                }
            }
            LineKind::Text if matches!(b.get(l.text_start()), Some(b'-' | b'*' | b'+')) => {
                // `-[ ] x`: no space after the bullet.
                let t = t();
                let b = t.as_bytes();
                if b.len() >= 3
                    && matches!(b[0], b'-' | b'*' | b'+')
                    && b[1] == b'['
                    && let Some(fixed) = fixed_box(&t[1..])
                {
                    let len = t[1..].find(']').map_or(0, |e| e + 2);
                    suspects.push(SuspectCheckbox {
                        span: Span::new(l.text_start(), l.text_start() + len),
                        replacement: format!("{} {fixed}", &t[..1]),
                    });
                }
            }
            LineKind::Item {
                content,
                checkbox: None,
                ..
            } if b.get(content) == Some(&b'[') => {
                let c = &text[content..l.end()];
                if c.starts_with('[')
                    && !c.starts_with("[ ]")
                    && !c.starts_with("[x]")
                    && !c.starts_with("[X]")
                    && let Some(fixed) = fixed_box(c)
                {
                    let len = c.find(']').map_or(0, |e| e + 1);
                    suspects.push(SuspectCheckbox {
                        span: Span::new(content, content + len),
                        replacement: fixed,
                    });
                }
            }
            _ => {}
        }
    }
    (directives, suspects)
}

/// The well-formed box for a malformed one: `[]` → `[ ]`, `[ x]` → `[x]`; `None` when the
/// bracket is not a checkbox attempt (`[link](…)`, `[P1]`).
fn fixed_box(s: &str) -> Option<String> {
    let end = s.find(']')?;
    let inner = &s[1..end];
    if s[end + 1..].starts_with(['(', '[', ':']) {
        return None; // a link or a reference
    }
    match inner.trim() {
        "" => Some("[ ]".to_string()),
        "x" | "X" => Some("[x]".to_string()),
        _ => None,
    }
}

/// The rules of a `<!-- todo-lint: disable=a,b -->` comment.
fn directive_rules(line: &str) -> Option<Vec<String>> {
    let body = line.strip_prefix("<!--")?.trim_start();
    let rest = body.strip_prefix("todo-lint:")?.trim_start();
    let list = rest
        .strip_prefix("disable")?
        .trim_start()
        .strip_prefix('=')?;
    let list = list.split("-->").next()?.trim();
    let rules: Vec<String> = list
        .split([',', ' '])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    (!rules.is_empty()).then_some(rules)
}

impl<'a> Walker<'a> {
    pub(super) fn new(text: &'a str, lines: &'a [Line], states: &'a StateMap) -> Walker<'a> {
        Walker {
            text,
            lines,
            states,
            // Room for a task every 16 lines, the density of a file of heading tasks with a
            // few fields and a checklist each: a large part's task vector is then allocated
            // once, not grown and copied a dozen times (a denser file grows it from there).
            tasks: Vec::with_capacity(lines.len() / 16),
            sections: vec![Vec::new()],
            stack: Vec::new(),
            title_h1: false,
            schema: None,
            freeform: false,
            resets: Vec::new(),
            pushes: Vec::new(),
            from: 0,
            lanes: false,
            boxes: Vec::new(),
            legend: false,
            local_status: Vec::new(),
            pending: Vec::new(),
            scratch: (Vec::new(), Vec::new()),
            emoji_items: std::cell::Cell::new(None),
            consulted: std::cell::Cell::new(false),
            min_push: 7,
            legend_seen: false,
        }
    }

    /// The innermost section, as (level, heading).
    pub(crate) fn innermost(&self) -> Option<&(u8, String)> {
        if self.stack.is_empty() && self.min_push == 7 {
            self.consulted.set(true);
        }
        self.stack.last()
    }

    /// True when any enclosing section's heading passes `f`.
    pub(crate) fn any_section(&self, f: impl Fn(&str) -> bool) -> bool {
        if self.min_push > 1 {
            self.consulted.set(true);
        }
        self.stack.iter().any(|(_, h)| f(h))
    }

    pub(super) fn walk(&mut self) {
        let n = self.lines.len();
        let mut i = self.from;
        let mut reset = 0;
        while i < n {
            while reset < self.resets.len() && self.resets[reset].0 <= i {
                self.stack = std::mem::take(&mut self.resets[reset].1);
                self.sections
                    .push(self.stack.iter().map(|(_, t)| t.clone()).collect());
                reset += 1;
            }
            let line = self.lines[i];
            if let Some(next) = self.field_block(i) {
                i = next;
                continue;
            }
            i = match line.kind() {
                LineKind::Heading { level, text } => self.heading(i, level, text),
                LineKind::Item {
                    content,
                    checkbox,
                    end,
                } => self.item(i, content, checkbox, end),
                LineKind::Text if line.indent() < 4 => self.text_line(i),
                LineKind::Table { table } => self.table(i, table),
                _ => i + 1,
            };
        }
    }

    /// The fields (those pending first) and checklist of a task's body lines, and its last
    /// line that is not blank (`first` when none is).
    fn read_body(
        &mut self,
        first: usize,
        body: std::ops::Range<usize>,
    ) -> (
        Vec<crate::model::Field>,
        Vec<crate::model::ChecklistItem>,
        usize,
    ) {
        let pending = std::mem::take(&mut self.pending);
        let scratch = std::mem::take(&mut self.scratch);
        let boxes = |c: char| self.box_state(c);
        let mut reader = Body::new(self.text)
            .with_boxes(&boxes)
            .with_scratch(scratch);
        let mut last = first;
        for j in body {
            // A task ends at its last line with text: a line of white space inside a code block
            // that runs to the end (lone CR line endings can leave one there) is not text.
            let l = &self.lines[j];
            if l.text_start() < l.end() && !matches!(l.kind(), LineKind::Blank | LineKind::Rule) {
                last = j;
            }
            reader.feed(self.lines, j);
        }
        // The model of a large file is mostly these vectors: keep no spare capacity.
        let (mut read_fields, mut read_criteria) = reader.into_parts();
        let mut fields = pending;
        fields.reserve_exact(read_fields.len());
        fields.append(&mut read_fields);
        let mut criteria = Vec::with_capacity(read_criteria.len());
        criteria.append(&mut read_criteria);
        self.scratch = (read_fields, read_criteria);
        (fields, criteria, last)
    }

    pub(super) fn build(
        &mut self,
        kind: TaskStyle,
        first: usize,
        id: Option<Span>,
        title: Span,
        checkbox: Option<(Span, char)>,
        body: std::ops::Range<usize>,
    ) {
        // Every recognizer gives a title inside its line; the fuzz targets, built with debug
        // assertions, stop here on one that does not.
        debug_assert!(
            title.start <= title.end && self.text.get(title.range()).is_some(),
            "title span {title:?} of line {first}"
        );
        let (mut fields, mut criteria, last) = self.read_body(first, body);
        // Inline metadata of a one-line task (Obsidian Tasks emoji, Dataview `[key:: value]`)
        // and spec-kit markers (`[P]`, `[US1]`) are fields; the title ends before them.
        let mut title = title;
        let mut id = id;
        if matches!(
            kind,
            TaskStyle::Checkbox | TaskStyle::Bullet | TaskStyle::Line
        ) {
            let (mut extra, inner, meta_id) = title_fields(self.text, title);
            title = inner;
            if id.is_none() {
                id = meta_id;
            }
            extra.append(&mut fields);
            fields = extra;
        }
        // `[T-1] - Done - 2025-05-29 - Title`: a status word leading the title of an ID-led
        // line, in a list written so.
        if matches!(kind, TaskStyle::Bullet | TaskStyle::Line)
            && id.is_some()
            && let Some((mut lead, rest)) = self.status_lead(first, title)
        {
            title = rest;
            lead.append(&mut fields);
            fields = lead;
        }
        fields.shrink_to_fit();
        for f in &mut fields {
            f.items.shrink_to_fit();
        }
        criteria.shrink_to_fit();
        let mut id = id.map(|s| Located {
            value: self.text[s.range()].to_string(),
            span: s,
        });
        if id.is_none()
            && let Some(f) = fields.iter().find(|f| f.canon == Some(FieldKey::Id))
            && let Some(r) = scan_ids(&f.value).into_iter().next()
        {
            let span = Span::new(f.value_span().start + r.start, f.value_span().start + r.end);
            id = Some(Located {
                value: self.text[span.range()].to_string(),
                span,
            });
        }
        let status = fields
            .iter()
            .find(|f| f.canon == Some(FieldKey::Status))
            .map(|f| f.value.as_str());
        let lane = || self.lane_state();
        let state = status
            .and_then(|s| self.status_state(s))
            .or_else(|| if self.lanes { lane() } else { None })
            .or_else(|| checkbox.map(|(_, symbol)| self.box_state(symbol)))
            .or_else(lane)
            .unwrap_or(State::Todo);
        let state = if state == State::Todo
            && self.open_but_cancelled(title, checkbox.is_some(), status.is_some())
        {
            State::Cancelled
        } else {
            state
        };
        let mut dependencies = references(self.text, &fields, FieldKey::Dependencies);
        for r in style::prose_refs(self.text, title) {
            if !dependencies.iter().any(|d| d.value == r.value) {
                dependencies.push(r);
            }
        }
        let blocker_refs = references(self.text, &fields, FieldKey::Blocker);
        self.tasks.push(Task {
            style: kind,
            id,
            title: Located {
                value: self.text[title.range()].to_string(),
                span: title,
            },
            span: Span::new(self.lines[first].start(), self.lines[last].next()),
            section: self.sections.len() - 1,
            checkbox: checkbox.map(|(mark, symbol)| Checkbox {
                mark,
                done: self.box_state(symbol).is_closed(),
                symbol,
            }),
            fields,
            criteria,
            state,
            dependencies,
            blocker_refs,
            index: None,
        });
    }

    pub(super) fn push_section(&mut self, level: u8, title: String) {
        self.min_push = self.min_push.min(level);
        self.pushes.push((level, title.clone()));
        while self.stack.last().is_some_and(|(l, _)| *l >= level) {
            self.stack.pop();
        }
        if !(level == 1 && self.title_h1) {
            self.stack.push((level, title));
        }
        self.sections
            .push(self.stack.iter().map(|(_, t)| t.clone()).collect());
    }

    pub(super) fn read_schema(&mut self, heading: Span, body: std::ops::Range<usize>) {
        let mut decls = Vec::new();
        for j in body {
            let l = self.lines[j];
            let start = match l.kind() {
                LineKind::Item { content, .. } => content,
                LineKind::Text => l.text_start(),
                _ => continue,
            };
            let t = &self.text[start..l.end()];
            if let Some(m) = field_at(t) {
                decls.push((&t[m.key], &t[m.value], Span::new(l.start(), l.end())));
            }
        }
        if decls.is_empty() {
            return;
        }
        let lower = self.text[heading.range()].to_lowercase();
        let required = lower.contains("required") && !lower.contains("not required");
        self.schema = Some(from_declarations(decls, required, heading));
    }
}

/// The fields of a one-line task's title: spec-kit markers (`[P]` parallel, `[US1]` story)
/// at the start, then Obsidian Tasks emoji and Dataview inline fields. Returns the fields,
/// the title without them, and the `🆔` ID span when there is one.
fn title_fields(text: &str, title: Span) -> (Vec<Field>, Span, Option<Span>) {
    let (mut fields, at) = style::markers(text, title);
    let t = &text[title.range()];
    let start = title.start + at;
    if !(super::meta::has_meta(t) || t.contains("::")) {
        return (fields, Span::new(start, title.end.max(start)), None);
    }
    let (mut metas, desc_end, id) = style::metadata(text, title);
    fields.append(&mut metas);
    (
        fields,
        Span::new(start, desc_end.clamp(start, title.end)),
        id,
    )
}

/// The task IDs the fields with canonical key `key` reference (dependencies, blockers), in
/// field order. Free text is scanned for IDs (`T-042 (deploy)` → `T-042`); a front-matter
/// list item or an Obsidian `⛔` list names IDs as written, in any spelling.
pub(crate) fn references(text: &str, fields: &[Field], key: FieldKey) -> Vec<Located<String>> {
    let mut out = Vec::new();
    for f in fields.iter().filter(|f| f.canon == Some(key)) {
        match f.style {
            FieldStyle::Emoji => out.extend(comma_refs(text, f.value_span())),
            FieldStyle::FrontMatter => {
                for item in &f.items {
                    let t = item.text(text).trim();
                    if !t.is_empty() {
                        out.push(Located {
                            value: t.to_string(),
                            span: item.span(),
                        });
                    }
                }
                out.extend(comma_refs(text, f.value_span()));
            }
            _ => {
                let mut scan = |base: usize, s: &str| {
                    for r in scan_ids(s) {
                        out.push(Located {
                            value: s[r.clone()].to_string(),
                            span: Span::new(base + r.start, base + r.end),
                        });
                    }
                };
                scan(f.value_span().start, &f.value);
                for item in &f.items {
                    scan(item.text_span().start, item.text(text));
                }
            }
        }
    }
    out
}

/// The IDs of a comma-separated list (`a1b2, c3d4`), with their spans.
fn comma_refs(text: &str, span: Span) -> Vec<Located<String>> {
    let mut out = Vec::new();
    let mut at = span.start;
    for part in text[span.range()].split(',') {
        let lead = part.len() - part.trim_start().len();
        let token = part.trim();
        if !token.is_empty() {
            let s = at + lead;
            out.push(Located {
                value: token.to_string(),
                span: Span::new(s, s + token.len()),
            });
        }
        at += part.len() + 1;
    }
    out
}

/// True when a file presents itself as a task list: its file name holds one of the words
/// todo, roadmap, backlog, tasks or kanban (not as one task's name such as `todo-12.md`),
/// or its first heading starts with one.
fn is_task_list(doc: &Document, lines: &[Line]) -> bool {
    const WORDS: [&str; 8] = [
        "todo",
        "to-do",
        "roadmap",
        "backlog",
        "tasks",
        "task list",
        "tasklist",
        "kanban",
    ];
    let name = doc
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    // A word joined to a number names one task (`todo-12`), not a list (`Roadmap 2026` is one).
    let listed = |text: &str, at: usize, w: &str| {
        let rest = &text[at + w.len()..];
        !rest
            .strip_prefix(['-', '_'])
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    };
    let in_name = WORDS
        .iter()
        .any(|w| name.match_indices(w).any(|(at, _)| listed(&name, at, w)));
    let heading = lines
        .iter()
        .find_map(|l| match l.kind() {
            LineKind::Heading { text, .. } => Some(doc.slice(text).to_lowercase()),
            _ => None,
        })
        .unwrap_or_default();
    let heading = heading.trim_start_matches(|c: char| !c.is_alphanumeric());
    in_name
        || WORDS
            .iter()
            .any(|w| heading.starts_with(w) && listed(heading, 0, w))
}

#[cfg(test)]
mod tests {
    use crate::{Document, TaskFile};

    fn parse(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    }

    #[test]
    fn a_valued_plain_field_does_not_take_the_bullets_after_it() {
        let f = parse("### T-1: A\nStatus: READY\n- Depends on: T-9\n- [ ] step\n");
        let t = &f.tasks[0];
        assert_eq!(t.field_named("status").unwrap().items.len(), 0);
        assert_eq!(t.dependencies[0].value, "T-9");
        assert_eq!(t.progress(), (0, 1));
    }

    #[test]
    fn a_sub_heading_named_like_a_field_continues_the_task() {
        let f = parse(
            "## Work\n\n### T-1: A\nStatus: READY\n\n#### Acceptance Criteria\n- [x] one\n- [ ] two\n\n### T-2: B\nStatus: READY\n\n#### Notes\n- [ ] loose\n",
        );
        assert_eq!(
            f.tasks.len(),
            3,
            "the checkbox under `Notes` is a task of its own"
        );
        assert_eq!(f.tasks[0].progress(), (1, 2));
        assert_eq!(
            f.section(&f.tasks[1]),
            ["Work"],
            "no `Acceptance Criteria` section"
        );
        assert_eq!(f.section(&f.tasks[2]), ["Work", "Notes"]);
    }

    #[test]
    fn headings_led_by_priority_labels_are_groups_not_tasks() {
        let f = parse("## Active\n\n#### P1 — High\n\n### T-3: C\nPriority: P1\n");
        assert_eq!(f.tasks.len(), 1);
        assert_eq!(f.section(&f.tasks[0]), ["Active", "P1 — High"]);
    }

    #[test]
    fn a_lone_h1_is_the_title_but_several_are_sections() {
        let f = parse("# Plan\n\n## Now\n- [ ] a\n");
        assert_eq!(f.section(&f.tasks[0]), ["Now"]);
        let f = parse("# One\n- [ ] a\n# Two\n- [ ] b\n");
        assert_eq!(f.section(&f.tasks[1]), ["Two"]);
    }
}
