//! A task file cut into the units the merge compares: each task's block, and each line
//! outside every task. Blank lines belong to the unit below them (a task's blank line above
//! it moves with it), so that the units the comparison anchors on are headings and tasks,
//! never interchangeable blank lines.
//!
//! A task's unit is keyed by its ID (or, without one, by its kind and title), so a task that
//! changed inside still compares equal to its ancestor at this level, and a task that moved
//! is found in its new place. A line outside tasks is keyed by its text. This module only
//! cuts and keys; it does not decide what the merge does.

use std::collections::{HashMap, HashSet};

use crate::document::Span;
use crate::model::TaskStyle;
use crate::parse::TaskFile;

/// What a unit is, for comparison across the three versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key<'a> {
    /// A line outside tasks, by its text (line ending included), without the blank lines
    /// joined to it: a blank line more or less above a heading is a change of that unit, not
    /// another unit.
    Line(&'a str),
    /// A task, by ID (or kind and title) and the section it stands in: a task moved to
    /// another section then compares unequal at its old place, so that the headings around
    /// it, not the task, are what stays in place.
    Task(String),
}

/// One unit: its bytes and, for a task, its index in [`TaskFile::tasks`].
#[derive(Debug, Clone)]
pub(crate) struct Chunk {
    pub span: Span,
    pub task: Option<usize>,
}

/// One version of the file, cut into units.
#[derive(Debug)]
pub(crate) struct Side<'a> {
    pub file: &'a TaskFile,
    pub chunks: Vec<Chunk>,
    pub keys: Vec<Key<'a>>,
    /// Per unit, the task's identity (ID, or kind and title), without its section.
    pub ids: Vec<Option<String>>,
    /// Task key → chunk index.
    pub tasks: HashMap<String, usize>,
}

/// Extends `span` to whole lines: from its line's start to after its last line's ending.
fn whole_lines(text: &str, span: Span) -> Span {
    let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = if span.end > span.start && text.as_bytes()[span.end - 1] == b'\n' {
        span.end
    } else {
        text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i + 1)
    };
    Span::new(start, end)
}

/// True when `line` is only white space (as `str::trim` reads it), looking at the first
/// bytes only in the usual case of a line that starts with text.
fn is_blank(line: &str) -> bool {
    match line
        .bytes()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
    {
        None => true,
        Some(b) if b.is_ascii() => false,
        Some(_) => line.trim().is_empty(),
    }
}

/// Pushes the lines of `from..to` as units, blank lines joined to the line below them;
/// returns where trailing blank lines (waiting for the next unit) start.
fn push_lines(text: &str, from: usize, to: usize, chunks: &mut Vec<Chunk>) -> usize {
    let mut start = from;
    let mut at = from;
    while at < to {
        let end = memchr::memchr(b'\n', &text.as_bytes()[at..to]).map_or(to, |i| at + i + 1);
        if !is_blank(&text[at..end]) {
            chunks.push(Chunk {
                span: Span::new(start, end),
                task: None,
            });
            start = end;
        }
        at = end;
    }
    start
}

/// The key of a task without its duplicate counter.
fn task_key(file: &TaskFile, i: usize) -> String {
    let t = &file.tasks[i];
    match t.id() {
        Some(id) => format!("id {id}"),
        None => format!("{:?} {}", t.style, t.title.value),
    }
}

/// The comparison key of a task: its identity and its section path.
fn diff_key(file: &TaskFile, ti: usize, key: &str) -> String {
    format!(
        "{key}\u{1f}{}",
        file.section(&file.tasks[ti]).join("\u{1e}")
    )
}

impl<'a> Side<'a> {
    /// Cuts a parsed file into units. `None` when two tasks share a line (the merge then
    /// falls back to lines).
    pub(crate) fn new(file: &'a TaskFile) -> Option<Side<'a>> {
        let text = file.doc.text();
        // At most one unit a line: reserved once, since growing by doubling copied and held
        // twice the units of a large file.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut chunks = Vec::with_capacity(lines);
        let mut at = 0;
        for (i, t) in file.tasks.iter().enumerate() {
            if t.span.end > text.len() || t.span.start > t.span.end {
                return None;
            }
            let span = whole_lines(text, t.span);
            if span.start < at {
                return None;
            }
            let start = push_lines(text, at, span.start, &mut chunks);
            chunks.push(Chunk {
                span: Span::new(start, span.end),
                task: Some(i),
            });
            at = span.end;
        }
        let rest = push_lines(text, at, text.len(), &mut chunks);
        if rest < text.len() {
            chunks.push(Chunk {
                span: Span::new(rest, text.len()),
                task: None,
            });
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut keys = Vec::with_capacity(chunks.len());
        let mut ids = Vec::with_capacity(chunks.len());
        let mut tasks = HashMap::new();
        for (ci, c) in chunks.iter().enumerate() {
            match c.task {
                None => {
                    let unit = &text[c.span.start..c.span.end];
                    let blank = unit.len() - unit.trim_start_matches(['\n', '\r', ' ', '\t']).len();
                    let line_start = match blank {
                        0 => 0,
                        _ => memchr::memrchr(b'\n', &unit.as_bytes()[..blank]).map_or(0, |i| i + 1),
                    };
                    keys.push(Key::Line(&unit[line_start..]));
                    ids.push(None);
                }
                Some(ti) => {
                    let k = task_key(file, ti);
                    let n = seen.entry(k.clone()).or_default();
                    let k = if *n == 0 { k } else { format!("{k}#{n}") };
                    *n += 1;
                    tasks.insert(k.clone(), ci);
                    keys.push(Key::Task(diff_key(file, ti, &k)));
                    ids.push(Some(k));
                }
            }
        }
        Some(Side {
            file,
            chunks,
            keys,
            ids,
            tasks,
        })
    }

    /// The bytes of unit `i`.
    pub(crate) fn text(&self, i: usize) -> &str {
        self.file.doc.slice(self.chunks[i].span)
    }

    /// The task key of unit `i`, if it is a task.
    pub(crate) fn task_key(&self, i: usize) -> Option<&str> {
        self.ids[i].as_deref()
    }

    /// The bytes of the task with this key.
    pub(crate) fn task_text(&self, key: &str) -> Option<&str> {
        self.tasks.get(key).map(|&i| self.text(i))
    }

    fn kind(&self, i: usize) -> Option<TaskStyle> {
        self.chunks[i].task.map(|t| self.file.tasks[t].style)
    }

    fn has_id(&self, i: usize) -> bool {
        self.chunks[i]
            .task
            .is_some_and(|t| self.file.tasks[t].id.is_some())
    }

    /// The key of the nearest task before unit `i` (empty at the start).
    fn previous_task(&self, i: usize) -> &str {
        (0..i).rev().find_map(|j| self.task_key(j)).unwrap_or("")
    }

    fn rekey(&mut self, i: usize, key: String) {
        if let Some(old) = &self.ids[i] {
            self.tasks.remove(old);
        }
        self.tasks.insert(key.clone(), i);
        if let Some(ti) = self.chunks[i].task {
            self.keys[i] = Key::Task(diff_key(self.file, ti, &key));
        }
        self.ids[i] = Some(key);
    }
}

/// Gives the task of a one-task file its ancestor's key when the side changed its ID: the
/// file is the task (as history reads it), so a new ID is an edit of that task, merged with
/// the other side's edits, never a deletion and an addition.
pub(crate) fn pair_file_task(base: &Side<'_>, side: &mut Side<'_>) {
    let only = |s: &Side<'_>| {
        let mut tasks = (0..s.chunks.len()).filter(|&i| s.chunks[i].task.is_some());
        match (tasks.next(), tasks.next()) {
            (Some(i), None) if s.kind(i) == Some(TaskStyle::File) => Some(i),
            _ => None,
        }
    };
    let (Some(bi), Some(si)) = (only(base), only(side)) else {
        return;
    };
    if let (Some(bk), Some(sk)) = (base.task_key(bi), side.task_key(si))
        && bk != sk
    {
        let key = bk.to_string();
        side.rekey(si, key);
    }
}

/// Gives a task without an ID whose title changed on `side` its ancestor's key: an ID-less
/// task of `side` unknown to `base` takes the key of an ID-less task of `base` unknown to
/// `side`, of the same kind, after the same task.
pub(crate) fn pair_retitled(base: &Side<'_>, side: &mut Side<'_>) {
    let mut free: Vec<usize> = (0..base.chunks.len())
        .filter(|&i| {
            !base.has_id(i)
                && base
                    .task_key(i)
                    .is_some_and(|k| !side.tasks.contains_key(k))
        })
        .collect();
    if free.is_empty() {
        return;
    }
    let taken: HashSet<String> = base.tasks.keys().cloned().collect();
    for i in 0..side.chunks.len() {
        let Some(k) = side.task_key(i) else { continue };
        if side.has_id(i) || taken.contains(k) {
            continue;
        }
        let prev = side.previous_task(i).to_string();
        let found = free
            .iter()
            .position(|&bi| base.kind(bi) == side.kind(i) && base.previous_task(bi) == prev);
        if let Some(p) = found {
            let bi = free.remove(p);
            let key = base.task_key(bi).unwrap_or_default().to_string();
            side.rekey(i, key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn file(text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    }

    #[test]
    fn tasks_and_lines_tile_the_file() {
        let text = "# P\n\n### T-1: a\nStatus: X\n\n### T-2: b\n";
        let f = file(text);
        let s = Side::new(&f).unwrap();
        let joined: String = (0..s.chunks.len()).map(|i| s.text(i)).collect();
        assert_eq!(joined, text);
        assert_eq!(s.task_key(1), Some("id T-1"));
        assert_eq!(s.keys[1], Key::Task("id T-1\u{1f}".into()));
        assert_eq!(s.task_text("id T-2"), Some("\n### T-2: b\n"));
        let f = file("a\n\n");
        assert_eq!(
            Side::new(&f).unwrap().keys,
            [Key::Line("a\n"), Key::Line("")]
        );
        let f = file("\n\n  b\n");
        assert_eq!(Side::new(&f).unwrap().keys, [Key::Line("  b\n")]);
    }

    #[test]
    fn a_retitled_task_keeps_its_key() {
        let (fb, fo) = (
            file("- [ ] **R-1** a\n- [ ] water\n- [ ] dig\n"),
            file("- [ ] **R-1** a\n- [ ] water twice\n- [ ] dig\n"),
        );
        let base = Side::new(&fb).unwrap();
        let mut ours = Side::new(&fo).unwrap();
        pair_retitled(&base, &mut ours);
        assert_eq!(ours.keys[1], base.keys[1]);
        assert_eq!(ours.keys[2], base.keys[2]);
        assert_eq!(ours.task_key(1), base.task_key(1));
    }
}
