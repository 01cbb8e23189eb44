//! Task recognition: one walk over the classified lines that finds every task and its body.
//!
//! Styles, in the order they are tried (see docs/format.md for the reasons):
//! - a heading that starts with an ID (`### T-128: Title`), or a numbered heading (`## 3) …`)
//!   whose body holds fields or labelled lists, or a level-3+ heading whose body starts with a
//!   known field: the body runs to the next heading of any level;
//! - a checkbox item outside other tasks; a list item led by an explicit ID: the body is the
//!   Markdown item (nested content included);
//! - a plain line led by an ID and a separator (`C4 — Title`), or a plain title line directly
//!   followed by a known-field bullet (`- Priority: P0`): the body runs to the next heading,
//!   thematic break, task, or title-like line.
//!
//! Task headings never enter the section path, so they never pop group headings.
//!
//! Fallback for freeform lists: when nothing above matched and the file is a task list by its
//! name or first heading (todo, roadmap, backlog, tasks, task list, kanban), every top-level
//! list item is a task,
//! and a section heading that is a status word (`## Done`) gives its items their state.

use crate::document::{Document, Span};
use crate::model::schema::{Schema, from_declarations, is_schema_heading};
use crate::model::{
    Checkbox, FieldKey, Located, State, StateMap, Task, TaskKind, lead_id, outline_at, scan_ids,
};

mod styles;

pub(crate) use styles::file_task_heading;

use super::body::Body;
use super::inline::{field_at, label_at, title_like};
use super::scan::{Line, LineKind};
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

struct Walker<'a> {
    text: &'a str,
    lines: &'a [Line],
    states: &'a StateMap,
    tasks: Vec<Task>,
    sections: Vec<Vec<String>>,
    stack: Vec<(u8, String)>,
    title_h1: bool,
    schema: Option<Schema>,
    freeform: bool,
    /// Section stacks to restore at given line indexes (windowed recognition), sorted.
    resets: Vec<(usize, Vec<(u8, String)>)>,
    /// Every section heading seen, in order, as (level, title).
    pushes: Vec<(u8, String)>,
    /// First line to read (after any front matter).
    from: usize,
    /// Kanban board: a task's lane heading is its status.
    lanes: bool,
    /// Custom checkbox states a legend of this file declares (`- [~] In progress`).
    boxes: Vec<(char, State)>,
    /// The current section is a legend (`## Status legend`): its items are not tasks.
    legend: bool,
    /// Status values a legend table of this file maps to states.
    local_status: Vec<(String, State)>,
    /// Fields the next `build` starts with (table cells, read before the task is built).
    pending: Vec<crate::model::Field>,
}

pub(crate) fn recognize(doc: &Document, lines: &[Line], states: &StateMap) -> Recognized {
    let h1s = lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Heading { level: 1, .. }))
        .count();
    let first_heading_is_h1 = lines
        .iter()
        .find(|l| matches!(l.kind, LineKind::Heading { .. }))
        .is_some_and(|l| matches!(l.kind, LineKind::Heading { level: 1, .. }));
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
        .map_or(0, |f| lines.partition_point(|l| l.start < f.span.end));
    if let Some(task) = styles::file_task(doc, lines, states, fm.as_ref(), from, h1s) {
        let title = task.title.span;
        let headings = headings(doc, lines, |l| title.start >= l.start && title.end <= l.end);
        let (directives, suspects) = notes(doc.text(), lines, std::slice::from_ref(&task));
        return Recognized {
            tasks: vec![task],
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
    let lanes = fm.as_ref().is_some_and(|f| {
        f.entries
            .iter()
            .any(|e| e.key.eq_ignore_ascii_case("kanban-plugin"))
    });
    let mut w = Walker {
        text: doc.text(),
        lines,
        states,
        tasks: Vec::new(),
        sections: vec![Vec::new()],
        stack: Vec::new(),
        title_h1: h1s == 1 && first_heading_is_h1,
        schema: None,
        freeform: false,
        resets: Vec::new(),
        pushes: Vec::new(),
        from,
        lanes,
        boxes: Vec::new(),
        legend: false,
        local_status: Vec::new(),
        pending: Vec::new(),
    };
    w.walk();
    let (directives, suspects) = notes(doc.text(), lines, &w.tasks);
    let task_starts: std::collections::HashSet<usize> =
        w.tasks.iter().map(|t| t.span.start).collect();
    let headings = headings(doc, lines, |l| task_starts.contains(&l.start));
    if w.tasks.is_empty() && is_task_list(doc, lines) {
        w.freeform = true;
        w.sections.truncate(1);
        w.stack.clear();
        w.boxes.clear();
        w.local_status.clear();
        w.legend = false;
        w.walk();
    }
    Recognized {
        tasks: w.tasks,
        sections: w.sections,
        schema: w.schema,
        directives,
        suspects,
        headings,
        front_matter,
        problems,
        lanes,
    }
}

/// What one window of a file declares on its own: its section headings as (level, title), in
/// order, and whether it holds a task.
pub(crate) fn window_pushes(
    doc: &Document,
    lines: &[Line],
    states: &StateMap,
) -> (Vec<(u8, String)>, bool) {
    let mut w = Walker {
        text: doc.text(),
        lines,
        states,
        tasks: Vec::new(),
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
    };
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
        text: doc.text(),
        lines,
        states,
        tasks: Vec::new(),
        sections: vec![Vec::new()],
        stack: Vec::new(),
        title_h1,
        schema: None,
        freeform: false,
        resets,
        pushes: Vec::new(),
        from: 0,
        lanes: false,
        boxes: Vec::new(),
        legend: false,
        local_status: Vec::new(),
        pending: Vec::new(),
    };
    w.walk();
    let (directives, suspects) = notes(doc.text(), lines, &w.tasks);
    let task_starts: std::collections::HashSet<usize> =
        w.tasks.iter().map(|t| t.span.start).collect();
    let headings = headings(doc, lines, |l| task_starts.contains(&l.start));
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

/// The length of a spec-kit task ID (`T012`: `T` and three or more digits) that starts
/// `text` and is followed by white space.
fn spec_kit_id(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    if b.first() != Some(&b'T') {
        return None;
    }
    let digits = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
    (digits >= 3 && b.get(1 + digits).is_some_and(|c| *c == b' ' || *c == b'\t'))
        .then_some(1 + digits)
}

/// Every heading of `lines`, marked as a task's when `is_task` says so of its line.
fn headings(doc: &Document, lines: &[Line], is_task: impl Fn(&Line) -> bool) -> Vec<Heading> {
    lines
        .iter()
        .filter_map(|l| match l.kind {
            LineKind::Heading { level, text } => Some(Heading {
                level,
                text: doc.slice(text).to_string(),
                span: Span::new(l.start, l.end),
                task: is_task(l),
            }),
            _ => None,
        })
        .collect()
}

/// True for a heading that introduces a legend (`Status legend`, `Legend`): its checkbox
/// items declare custom checkbox states and its tables declare allowed values; neither holds
/// tasks.
pub(crate) fn is_legend_heading(text: &str) -> bool {
    text.to_ascii_lowercase().contains("legend")
}

/// True when a heading's text makes it a task heading whatever its body holds (an explicit or
/// strong leading ID), as `heading` decides.
pub(crate) fn id_led_heading(text: &str) -> bool {
    if is_schema_heading(text) {
        return false;
    }
    let lead = lead_id(text, false);
    lead.id
        .is_some_and(|id| lead.explicit || text[id].contains(['-', '_', '.']))
}

/// Lint directives and malformed checkboxes, read from the classified lines in one pass.
fn notes(text: &str, lines: &[Line], tasks: &[Task]) -> (Vec<Directive>, Vec<SuspectCheckbox>) {
    let mut directives = Vec::new();
    let mut suspects = Vec::new();
    let first_task = tasks.first().map_or(usize::MAX, |t| t.span.start);
    let mut seen_heading = false;
    for (n, l) in lines.iter().enumerate() {
        let t = &text[l.text_start..l.end];
        match l.kind {
            LineKind::Heading { .. } => seen_heading = true,
            LineKind::Opaque if t.starts_with("<!--") => {
                if let Some(rules) = directive_rules(t) {
                    let next_line = lines[n + 1..]
                        .iter()
                        .find(|x| x.kind != LineKind::Blank)
                        .map(|x| x.start);
                    directives.push(Directive {
                        span: Span::new(l.start, l.end),
                        rules,
                        next_line,
                        file_wide: !seen_heading
                            && l.start < first_task
                            && next_line != Some(first_task),
                    });
                }
            }
            LineKind::Text => {
                // `-[ ] x`: no space after the bullet.
                let b = t.as_bytes();
                if b.len() >= 3
                    && matches!(b[0], b'-' | b'*' | b'+')
                    && b[1] == b'['
                    && let Some(fixed) = fixed_box(&t[1..])
                {
                    let len = t[1..].find(']').map_or(0, |e| e + 2);
                    suspects.push(SuspectCheckbox {
                        span: Span::new(l.text_start, l.text_start + len),
                        replacement: format!("{} {fixed}", &t[..1]),
                    });
                }
            }
            LineKind::Item {
                content,
                checkbox: None,
                ..
            } => {
                let c = &text[content..l.end];
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

impl Walker<'_> {
    fn walk(&mut self) {
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
            i = match line.kind {
                LineKind::Heading { level, text } => self.heading(i, level, text),
                LineKind::Item {
                    content,
                    checkbox,
                    end,
                } => self.item(i, content, checkbox, end),
                LineKind::Text if line.indent < 4 => self.text_line(i),
                LineKind::Table { table } => self.table(i, table),
                _ => i + 1,
            };
        }
    }

    fn heading(&mut self, i: usize, level: u8, text: Span) -> usize {
        let body_end = self.task_body_end(i + 1, level);
        let t = &self.text[text.range()];
        let legend = is_legend_heading(t);
        self.legend = false;
        // A heading over a task table is the table's group, not a task itself.
        let group = !legend && self.holds_task_table(i + 1..body_end);
        if !is_schema_heading(t) && !legend && !group {
            let lead = lead_id(t, false);
            if let Some(id) = lead.id.clone() {
                let strong = t[id.clone()].contains(['-', '_', '.']);
                if lead.explicit || strong {
                    let id = Span::new(text.start + id.start, text.start + id.end);
                    let title =
                        Span::new(text.start + lead.title.start, text.start + lead.title.end);
                    self.build(TaskKind::Heading, i, Some(id), title, None, i + 1..body_end);
                    return body_end;
                }
            }
            // `### 3. Offline sync — Status: approved`: the heading carries its status.
            if let Some((title_end, field)) = styles::heading_status(self.text, text) {
                let skip = outline_at(t).unwrap_or(0);
                let rest = &t[skip..];
                let lead_ws = rest.len() - rest.trim_start().len();
                let title = Span::new(text.start + skip + lead_ws, title_end);
                self.pending.push(field);
                self.build(TaskKind::Heading, i, None, title, None, i + 1..body_end);
                return body_end;
            }
            let sig = self.signals(i + 1..body_end);
            let outline = outline_at(t);
            let numbered =
                outline.is_some() && (sig.known_field || sig.label_list) && !sig.top_checkbox;
            if numbered || (level >= 3 && sig.starts_with_field) {
                let skip = outline.unwrap_or(0);
                let rest = &t[skip..];
                let lead_ws = rest.len() - rest.trim_start().len();
                let title = Span::new(text.start + skip + lead_ws, text.end);
                self.build(TaskKind::Heading, i, None, title, None, i + 1..body_end);
                return body_end;
            }
        }
        self.push_section(level, t.to_string());
        self.legend = legend;
        if is_schema_heading(t) {
            self.read_schema(text, i + 1..body_end);
        }
        if legend {
            self.read_legend(i + 1..body_end);
        }
        i + 1
    }

    fn item(
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
        let c = &self.text[content..line.end];
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
            return i + 1;
        }
        let last = self.last_line_before(i, end);
        let id = lead
            .id
            .map(|r| Span::new(content + r.start, content + r.end));
        let title = Span::new(content + lead.title.start, content + lead.title.end);
        let kind = if checkbox.is_some() {
            TaskKind::Checkbox
        } else {
            TaskKind::Bullet
        };
        self.build(kind, i, id, title, checkbox, i + 1..last + 1);
        last + 1
    }

    fn text_line(&mut self, i: usize) -> usize {
        let Some((id, title)) = self.line_task_head(i) else {
            return i + 1;
        };
        let kind = if id.is_some() {
            TaskKind::Line
        } else {
            TaskKind::Titled
        };
        let mut j = i + 1;
        while j < self.lines.len() {
            let l = self.lines[j];
            match l.kind {
                LineKind::Heading { .. } | LineKind::Rule => break,
                LineKind::Text if l.indent == 0 => {
                    let t = &self.text[l.text_start..l.end];
                    if self.line_task_head(j).is_some() || title_like(t) {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        self.build(kind, i, id, title, None, i + 1..j);
        j
    }

    /// The ID and title of a line task (`C4 — Title`) or a titled task (a title line followed
    /// by a known-field bullet) starting at line `i`.
    fn line_task_head(&self, i: usize) -> Option<(Option<Span>, Span)> {
        let line = self.lines[i];
        let t = &self.text[line.text_start..line.end];
        let base = line.text_start;
        let lead = lead_id(t, false);
        if let Some(id) = lead.id
            && lead.separated
        {
            let title = Span::new(base + lead.title.start, base + lead.title.end);
            return Some((Some(Span::new(base + id.start, base + id.end)), title));
        }
        if line.indent > 0 || field_at(t).is_some() {
            return None;
        }
        let next = self.lines.get(i + 1)?;
        let LineKind::Item {
            content,
            checkbox: None,
            ..
        } = next.kind
        else {
            return None;
        };
        let m = field_at(&self.text[content..next.end])?;
        let key =
            crate::model::canonical_key(&self.text[content + m.key.start..content + m.key.end])?;
        key.marks_task()
            .then(|| (None, Span::new(base, base + t.trim_end().len())))
    }

    fn build(
        &mut self,
        kind: TaskKind,
        first: usize,
        id: Option<Span>,
        title: Span,
        checkbox: Option<(Span, char)>,
        body: std::ops::Range<usize>,
    ) {
        let pending = std::mem::take(&mut self.pending);
        let boxes = |c: char| self.box_state(c);
        let mut reader = Body::new(self.text).with_boxes(&boxes);
        let mut last = first;
        for j in body {
            if !matches!(self.lines[j].kind, LineKind::Blank | LineKind::Rule) {
                last = j;
            }
            reader.feed(self.lines, j);
        }
        // The model of a large file is mostly these vectors: keep no spare capacity.
        let mut fields = pending;
        fields.append(&mut reader.fields);
        let mut criteria = reader.criteria;
        // Inline metadata of a one-line task (Obsidian Tasks emoji, Dataview `[key:: value]`)
        // and spec-kit markers (`[P]`, `[US1]`) are fields; the title ends before them.
        let mut title = title;
        let mut id = id;
        if matches!(kind, TaskKind::Checkbox | TaskKind::Bullet | TaskKind::Line) {
            let (mut extra, inner, meta_id) = styles::title_fields(self.text, title);
            title = inner;
            if id.is_none() {
                id = meta_id;
            }
            extra.append(&mut fields);
            fields = extra;
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
            let span = Span::new(f.value_span.start + r.start, f.value_span.start + r.end);
            id = Some(Located {
                value: self.text[span.range()].to_string(),
                span,
            });
        }
        let status = fields
            .iter()
            .find(|f| f.canon == Some(FieldKey::Status))
            .map(|f| f.value.as_str());
        let lane = || {
            self.stack
                .last()
                .filter(|_| self.freeform || self.lanes)
                .and_then(|(_, h)| self.states.state_of(h))
        };
        let state = status
            .and_then(|s| self.status_state(s))
            .or_else(|| if self.lanes { lane() } else { None })
            .or_else(|| checkbox.map(|(_, symbol)| self.box_state(symbol)))
            .or_else(lane)
            .unwrap_or(State::Todo);
        let dependencies = styles::references(self.text, &fields, FieldKey::Dependencies);
        let blocker_refs = styles::references(self.text, &fields, FieldKey::Blocker);
        self.tasks.push(Task {
            kind,
            id,
            title: Located {
                value: self.text[title.range()].to_string(),
                span: title,
            },
            span: Span::new(self.lines[first].start, self.lines[last].next),
            section: self.sections.len() - 1,
            checkbox: checkbox.map(|(mark, symbol)| Checkbox {
                mark,
                done: self.box_state(symbol) == State::Done,
                symbol,
            }),
            fields,
            criteria,
            state,
            dependencies,
            blocker_refs,
        });
    }

    fn push_section(&mut self, level: u8, title: String) {
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

    fn read_schema(&mut self, heading: Span, body: std::ops::Range<usize>) {
        let mut decls = Vec::new();
        for j in body {
            let l = self.lines[j];
            let start = match l.kind {
                LineKind::Item { content, .. } => content,
                LineKind::Text => l.text_start,
                _ => continue,
            };
            let t = &self.text[start..l.end];
            if let Some(m) = field_at(t) {
                decls.push((&t[m.key], &t[m.value], Span::new(l.start, l.end)));
            }
        }
        if decls.is_empty() {
            return;
        }
        let lower = self.text[heading.range()].to_lowercase();
        let required = lower.contains("required") && !lower.contains("not required");
        self.schema = Some(from_declarations(decls, required, heading));
    }

    /// Where a heading task's body ends: at the next heading, unless that heading is deeper and
    /// named like a field (`#### Acceptance Criteria` under `### T-1`), which continues it.
    fn task_body_end(&self, from: usize, level: u8) -> usize {
        let mut j = from;
        loop {
            j = self.next_heading(j);
            match self.lines.get(j).map(|l| l.kind) {
                Some(LineKind::Heading { level: l, text }) if l > level => {
                    let t = self.text[text.range()].trim_end_matches(':');
                    if crate::model::canonical_key(t).is_none() {
                        return j;
                    }
                    j += 1;
                }
                _ => return j,
            }
        }
    }

    fn next_heading(&self, from: usize) -> usize {
        (from..self.lines.len())
            .find(|&j| matches!(self.lines[j].kind, LineKind::Heading { .. }))
            .unwrap_or(self.lines.len())
    }

    /// The last line index of an item whose Markdown range ends at `end`, trailing blank lines
    /// excluded.
    fn last_line_before(&self, i: usize, end: usize) -> usize {
        let mut last = i;
        let mut j = i + 1;
        while j < self.lines.len() && self.lines[j].start < end {
            if !matches!(self.lines[j].kind, LineKind::Blank | LineKind::Rule) {
                last = j;
            }
            j += 1;
        }
        last
    }

    fn signals(&self, body: std::ops::Range<usize>) -> Signals {
        let mut s = Signals::default();
        let mut first = true;
        for j in body {
            let l = self.lines[j];
            let (start, checkbox) = match l.kind {
                LineKind::Blank
                | LineKind::Opaque
                | LineKind::Table { .. }
                | LineKind::HeadingRest
                | LineKind::Rule => {
                    continue;
                }
                LineKind::Item {
                    content, checkbox, ..
                } => (content, checkbox.is_some()),
                LineKind::Text => (l.text_start, false),
                LineKind::Heading { .. } => break,
            };
            let t = &self.text[start..l.end];
            if checkbox && l.indent < 2 {
                s.top_checkbox = true;
            }
            let known = !checkbox
                && field_at(t).is_some_and(|m| {
                    crate::model::canonical_key(&t[m.key]).is_some_and(|k| k.marks_task())
                });
            if first && known {
                s.starts_with_field = true;
            }
            s.known_field |= known;
            if matches!(l.kind, LineKind::Item { .. })
                && !checkbox
                && label_at(t).is_some()
                && self.lines[j + 1..]
                    .iter()
                    .find(|n| n.kind != LineKind::Blank)
                    .is_some_and(|n| matches!(n.kind, LineKind::Item { .. }) && n.indent > l.indent)
            {
                s.label_list = true;
            }
            first = false;
        }
        s
    }
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
        .find_map(|l| match l.kind {
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

#[derive(Default)]
struct Signals {
    known_field: bool,
    label_list: bool,
    top_checkbox: bool,
    starts_with_field: bool,
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
