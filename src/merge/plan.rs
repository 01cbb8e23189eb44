//! The task-level merge: which units of ours stay, which change, and what of theirs is
//! inserted where, as span edits on ours' exact text.
//!
//! The three versions are compared unit by unit ([`super::chunks`]). A stretch only one side
//! changed takes that side's units; tasks added by both at one place are kept, ours first; a
//! task moved by one side goes where that side put it. Every task kept takes the merge of its
//! three versions ([`super::task`]), so a move on one side and an edit on the other keep both.
//! A task deleted on one side and changed on the other is left between conflict markers. The
//! result is a list of edits on ours: units of ours that stay are never rewritten.

use std::collections::HashSet;

use super::chunks::{Key, Side};
use super::diff3::{Region, diff3_eq};
use super::task::{Markers, merge_text};
use crate::document::Span;
use crate::edit::Edit;

/// One unit of the result.
#[derive(Debug, Clone)]
enum Out {
    /// Unit `i` of ours, unchanged.
    Ours(usize),
    /// Unit `i` of ours, its bytes replaced.
    OursAs(usize, String),
    /// Unit `i` of theirs, to be decided once every unit is placed.
    Theirs(usize),
    /// New text.
    Text(String),
}

/// Edits on ours and the number of conflicts they leave.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub edits: Vec<Edit>,
    pub conflicts: usize,
}

struct Ctx<'a> {
    b: &'a Side,
    o: &'a Side,
    t: &'a Side,
    m: &'a Markers,
    conflicts: usize,
}

impl Ctx<'_> {
    fn conflict(&mut self, ours: &str, theirs: &str) -> String {
        self.conflicts += 1;
        self.m.wrap(ours, theirs)
    }

    /// The merge of one task's three versions (any may be missing).
    fn task_text(&mut self, key: &str) -> Option<String> {
        let (b, o, t) = (
            self.b.task_text(key),
            self.o.task_text(key),
            self.t.task_text(key),
        );
        match (b, o, t) {
            (Some(b), Some(o), Some(t)) if o == b => Some(t.to_string()),
            (Some(b), Some(o), Some(t)) if t == b || o == t => Some(o.to_string()),
            (Some(b), Some(o), Some(t)) => {
                let r = merge_text(b, o, t, self.m);
                self.conflicts += r.conflicts;
                Some(r.text)
            }
            (_, Some(o), _) => Some(o.to_string()),
            (_, None, t) => t.map(str::to_string),
        }
    }

    /// A task of `b[bi]` that one side dropped here: a conflict when the other side changed it.
    fn dropped(&mut self, bi: usize, by_theirs: bool, out: &mut Vec<Out>) {
        let Some(k) = self.b.task_key(bi) else { return };
        let (gone, kept) = if by_theirs {
            (self.t, self.o)
        } else {
            (self.o, self.t)
        };
        if gone.tasks.contains_key(k) {
            return;
        }
        let Some(&ki) = kept.tasks.get(k) else { return };
        if kept.text(ki) == self.b.text(bi) {
            return;
        }
        let text = kept.text(ki).to_string();
        if by_theirs {
            let c = self.conflict(&text, "");
            out.push(Out::OursAs(ki, c));
        } else {
            let c = self.conflict("", &text);
            out.push(Out::Text(c));
        }
    }

    fn region(&mut self, r: Region, out: &mut Vec<Out>) {
        match r {
            Region::Same { o, .. } => out.extend(o.map(Out::Ours)),
            Region::Ours { b, o } => {
                out.extend(o.map(Out::Ours));
                b.for_each(|bi| self.dropped(bi, false, out));
            }
            Region::Theirs { b, t } => {
                b.for_each(|bi| self.dropped(bi, true, out));
                out.extend(t.map(Out::Theirs));
            }
            Region::Both { b, o, t } => self.both(b, o, t, out),
        }
    }

    fn both(
        &mut self,
        b: std::ops::Range<usize>,
        o: std::ops::Range<usize>,
        t: std::ops::Range<usize>,
        out: &mut Vec<Out>,
    ) {
        let is_task = |s: &Side, r: &std::ops::Range<usize>| r.clone().any(|i| s.chunks[i].task.is_some());
        if b.is_empty() {
            // Both added units at one place: ours first, then theirs.
            out.extend(o.map(Out::Ours));
            out.extend(t.map(Out::Theirs));
            return;
        }
        if !is_task(self.b, &b) && !is_task(self.o, &o) && !is_task(self.t, &t) {
            let cat = |s: &Side, r: std::ops::Range<usize>| r.map(|i| s.text(i)).collect::<String>();
            let r = merge_text(&cat(self.b, b), &cat(self.o, o.clone()), &cat(self.t, t), self.m);
            self.conflicts += r.conflicts;
            match o.start < o.end {
                true => out.push(Out::OursAs(o.start, r.text)),
                false => out.push(Out::Text(r.text)),
            }
            return;
        }
        let b_keys: HashSet<&Key> = b.clone().map(|i| &self.b.keys[i]).collect();
        let t_keys: HashSet<&Key> = t.clone().map(|i| &self.t.keys[i]).collect();
        let o_keys: HashSet<&Key> = o.clone().map(|i| &self.o.keys[i]).collect();
        for oi in o {
            let key = &self.o.keys[oi];
            match key {
                Key::Line(_) if b_keys.contains(key) && !t_keys.contains(key) => {}
                Key::Task(k) if self.b.tasks.contains_key(k) && !self.t.tasks.contains_key(k) => {
                    let bi = self.b.tasks[k];
                    if self.o.text(oi) != self.b.text(bi) {
                        let text = self.o.text(oi).to_string();
                        let c = self.conflict(&text, "");
                        out.push(Out::OursAs(oi, c));
                    }
                }
                _ => out.push(Out::Ours(oi)),
            }
        }
        for ti in t {
            let key = &self.t.keys[ti];
            if !b_keys.contains(key) && !o_keys.contains(key) || matches!(key, Key::Task(_)) {
                out.push(Out::Theirs(ti));
            }
        }
        for bi in b {
            self.dropped(bi, false, out);
        }
    }

    /// Decides every unit's bytes: merged task texts, ours' placement of a task both moved,
    /// theirs' tasks ours deleted.
    fn settle(&mut self, out: Vec<Out>) -> Vec<Out> {
        let placed_by_ours: HashSet<String> = out
            .iter()
            .filter_map(|u| match u {
                Out::Ours(i) | Out::OursAs(i, _) => self.o.task_key(*i).map(str::to_string),
                _ => None,
            })
            .collect();
        let mut settled = Vec::with_capacity(out.len());
        for u in out {
            match u {
                Out::Ours(oi) => match self.o.task_key(oi).map(str::to_string) {
                    Some(k) if self.b.tasks.contains_key(&k) && !self.t.tasks.contains_key(&k) => {
                        let bi = self.b.tasks[&k];
                        if self.o.text(oi) != self.b.text(bi) {
                            let text = self.o.text(oi).to_string();
                            let c = self.conflict(&text, "");
                            settled.push(Out::OursAs(oi, c));
                        }
                    }
                    Some(k) => match self.task_text(&k) {
                        Some(text) if text != self.o.text(oi) => settled.push(Out::OursAs(oi, text)),
                        _ => settled.push(Out::Ours(oi)),
                    },
                    None => settled.push(Out::Ours(oi)),
                },
                Out::Theirs(ti) => {
                    let text = self.t.text(ti).to_string();
                    let Some(k) = self.t.task_key(ti).map(str::to_string) else {
                        settled.push(Out::Text(text));
                        continue;
                    };
                    let (in_b, in_o) = (self.b.tasks.contains_key(&k), self.o.tasks.contains_key(&k));
                    if placed_by_ours.contains(&k) {
                        if !in_b && self.o.task_text(&k) != Some(text.as_str()) {
                            settled.push(Out::Text(text));
                        }
                    } else if in_b && !in_o {
                        if self.b.task_text(&k) != Some(text.as_str()) {
                            let c = self.conflict("", &text);
                            settled.push(Out::Text(c));
                        }
                    } else if let Some(merged) = self.task_text(&k) {
                        settled.push(Out::Text(merged));
                    }
                }
                other => settled.push(other),
            }
        }
        settled
    }
}

/// Turns the result's units into edits on ours. `None` when ours' units would not stay in
/// order (never expected; the caller then merges by lines).
fn edits(o: &Side, out: &[Out], eol: &str) -> Option<Vec<Edit>> {
    let text = o.file.doc.text();
    let start_of = |i: usize| o.chunks.get(i).map_or(text.len(), |c| c.span.start);
    let mut edits = Vec::new();
    let mut next = 0;
    let mut pending = String::new();
    // Whether the text so far ends a line (a unit of ours at the end of the file may not).
    let mut line_ended = true;
    let add = |pending: &mut String, s: &str, line_ended: &mut bool| {
        if !*line_ended && !s.is_empty() {
            pending.push_str(eol);
        }
        pending.push_str(s);
        if !s.is_empty() {
            *line_ended = s.ends_with('\n');
        }
    };
    for u in out {
        match u {
            Out::Text(s) => add(&mut pending, s, &mut line_ended),
            Out::Ours(i) | Out::OursAs(i, _) => {
                let i = *i;
                if i < next {
                    return None;
                }
                if !line_ended {
                    pending.push_str(eol);
                }
                let gap = Span::new(start_of(next), start_of(i));
                if !gap.is_empty() || !pending.is_empty() {
                    edits.push(Edit {
                        span: gap,
                        replacement: std::mem::take(&mut pending),
                    });
                }
                let own = o.text(i);
                match u {
                    Out::OursAs(_, s) => {
                        edits.push(Edit {
                            span: o.chunks[i].span,
                            replacement: s.clone(),
                        });
                        line_ended = s.is_empty() || s.ends_with('\n');
                    }
                    _ => line_ended = own.ends_with('\n'),
                }
                next = i + 1;
            }
            Out::Theirs(_) => return None,
        }
    }
    let gap = Span::new(start_of(next), text.len());
    if !gap.is_empty() || !pending.is_empty() {
        edits.push(Edit {
            span: gap,
            replacement: pending,
        });
    }
    Some(edits)
}

/// Plans the merge of `t` into `o` against `b`.
pub(crate) fn plan(b: &Side, o: &Side, t: &Side, m: &Markers) -> Option<Plan> {
    let mut cx = Ctx {
        b,
        o,
        t,
        m,
        conflicts: 0,
    };
    let mut out = Vec::with_capacity(o.chunks.len() + 8);
    for r in diff3_eq(&b.keys, &o.keys, &t.keys) {
        cx.region(r, &mut out);
    }
    let out = cx.settle(out);
    let edits = edits(o, &out, m.eol)?;
    Some(Plan {
        edits,
        conflicts: cx.conflicts,
    })
}
