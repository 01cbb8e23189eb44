//! The task-level merge: which units of ours stay, which change, and what of theirs is
//! inserted where, as span edits on ours' exact text.
//!
//! The three versions are compared unit by unit ([`super::chunks`]). A stretch only one side
//! changed takes that side's units; tasks added by both at one place are kept, ours first; a
//! task moved by one side goes where that side put it. Every task kept takes the merge of its
//! three versions ([`super::task`]), so a move on one side and an edit on the other keep both.
//! A task deleted on one side and changed on the other is left between conflict markers. The
//! result is a list of edits on ours: units of ours that stay are never rewritten.

use std::ops::Range;

use super::chunks::Side;
use super::diff3::{Region, compare};
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
    b: &'a Side<'a>,
    o: &'a Side<'a>,
    t: &'a Side<'a>,
    m: &'a Markers,
    /// Ours' and theirs' units matched to ancestor units (`None`: added or moved).
    mo: Vec<Option<usize>>,
    mt: Vec<Option<usize>>,
    /// Ancestor units → theirs' units.
    bt: Vec<Option<usize>>,
    conflicts: usize,
}

impl Ctx<'_> {
    /// A task block changed on one side and deleted on the other, between markers; the
    /// blank lines above the block stay outside them.
    fn conflict(&mut self, ours: &str, theirs: &str) -> String {
        self.conflicts += 1;
        let kept = if ours.is_empty() { theirs } else { ours };
        let lead = leading_blank_lines(kept);
        let (o, t) = match ours.is_empty() {
            true => ("", &theirs[lead..]),
            false => (&ours[lead..], theirs),
        };
        format!("{}{}", &kept[..lead], self.m.wrap(o, t))
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
            Region::Same { b, o } => {
                for (bi, oi) in b.zip(o) {
                    out.push(self.kept_line(bi, oi));
                }
            }
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

    fn both(&mut self, b: Range<usize>, o: Range<usize>, t: Range<usize>, out: &mut Vec<Out>) {
        let is_task =
            |s: &Side<'_>, r: &Range<usize>| r.clone().any(|i| s.chunks[i].task.is_some());
        if !b.is_empty() && !is_task(self.b, &b) && !is_task(self.o, &o) && !is_task(self.t, &t) {
            // Lines outside tasks both sides replaced: merged line by line (stamps, parts).
            let cat = |s: &Side<'_>, r: Range<usize>| r.map(|i| s.text(i)).collect::<String>();
            let r = merge_text(
                &cat(self.b, b),
                &cat(self.o, o.clone()),
                &cat(self.t, t),
                self.m,
            );
            self.conflicts += r.conflicts;
            match o.start < o.end {
                true => out.push(Out::OursAs(o.start, r.text)),
                false => out.push(Out::Text(r.text)),
            }
            return;
        }
        // Interleave the two sides' changes along the ancestor: before each ancestor unit,
        // what ours inserted there, then what theirs inserted; the unit itself stays when
        // both kept it.
        let mut ins_o: Vec<Vec<usize>> = vec![Vec::new(); b.len() + 1];
        let mut ins_t: Vec<Vec<usize>> = vec![Vec::new(); b.len() + 1];
        let mut kept_o: Vec<Option<usize>> = vec![None; b.len()];
        let mut kept_t = vec![false; b.len()];
        let mut pending = Vec::new();
        for oi in o {
            match self.mo[oi] {
                Some(bi) => {
                    ins_o[bi - b.start].append(&mut pending);
                    kept_o[bi - b.start] = Some(oi);
                }
                None => pending.push(oi),
            }
        }
        ins_o[b.len()].append(&mut pending);
        for ti in t {
            match self.mt[ti] {
                Some(bi) => {
                    ins_t[bi - b.start].append(&mut pending);
                    kept_t[bi - b.start] = true;
                }
                None => pending.push(ti),
            }
        }
        ins_t[b.len()].append(&mut pending);
        for k in 0..=b.len() {
            out.extend(ins_o[k].iter().map(|&i| Out::Ours(i)));
            out.extend(ins_t[k].iter().map(|&i| Out::Theirs(i)));
            if k == b.len() {
                break;
            }
            let bi = b.start + k;
            match (kept_o[k], kept_t[k]) {
                (Some(oi), true) => out.push(self.kept_line(bi, oi)),
                (Some(oi), false) => {
                    // Theirs deleted or moved it; a task theirs deleted that ours changed
                    // is a conflict, a moved one goes where theirs put it.
                    if let Some(key) = self.o.task_key(oi).map(str::to_string) {
                        if !self.t.tasks.contains_key(&key) {
                            self.dropped(bi, true, out);
                        } else {
                            out.push(Out::Ours(oi));
                        }
                    }
                }
                (None, _) => self.dropped(bi, false, out),
            }
        }
    }

    /// Unit `b[bi]`, kept by both sides as ours' `oi`: a line outside tasks takes theirs'
    /// bytes when only theirs changed it (the blank lines above it).
    fn kept_line(&self, bi: usize, oi: usize) -> Out {
        if self.o.chunks[oi].task.is_none()
            && let Some(ti) = self.bt[bi]
            && self.o.text(oi) == self.b.text(bi)
            && self.t.text(ti) != self.b.text(bi)
        {
            return Out::OursAs(oi, self.t.text(ti).to_string());
        }
        Out::Ours(oi)
    }

    /// True when ours holds task `key` away from its ancestor's place (moved or added).
    fn ours_placed(&self, key: &str) -> bool {
        self.o.tasks.get(key).is_some_and(|&i| self.mo[i].is_none())
    }

    /// True when theirs holds task `key` away from its ancestor's place (moved or added).
    fn theirs_placed(&self, key: &str) -> bool {
        self.t.tasks.get(key).is_some_and(|&i| self.mt[i].is_none())
    }

    /// Decides every unit's bytes: merged task texts, ours' placement of a task both moved,
    /// theirs' tasks ours deleted.
    fn settle(&mut self, out: Vec<Out>) -> Vec<Out> {
        let mut settled = Vec::with_capacity(out.len());
        for u in out {
            match u {
                Out::Ours(oi) => {
                    let Some(k) = self.o.task_key(oi).map(str::to_string) else {
                        settled.push(Out::Ours(oi));
                        continue;
                    };
                    let in_b = self.b.tasks.contains_key(&k);
                    if in_b && !self.t.tasks.contains_key(&k) {
                        let bi = self.b.tasks[&k];
                        if self.o.text(oi) != self.b.text(bi) {
                            let text = self.o.text(oi).to_string();
                            let c = self.conflict(&text, "");
                            settled.push(Out::OursAs(oi, c));
                        }
                    } else if in_b && self.theirs_placed(&k) && !self.ours_placed(&k) {
                        // Theirs moved it and ours did not: it goes where theirs put it.
                    } else {
                        match self.task_text(&k) {
                            Some(text) if text != self.o.text(oi) => {
                                settled.push(Out::OursAs(oi, text))
                            }
                            _ => settled.push(Out::Ours(oi)),
                        }
                    }
                }
                Out::Theirs(ti) => {
                    let text = self.t.text(ti).to_string();
                    let Some(k) = self.t.task_key(ti).map(str::to_string) else {
                        settled.push(Out::Text(text));
                        continue;
                    };
                    let (in_b, in_o) =
                        (self.b.tasks.contains_key(&k), self.o.tasks.contains_key(&k));
                    if in_o && self.ours_placed(&k) {
                        // Ours moved or added it too: ours' place wins; a different task
                        // both added under one key (no ID to renumber) is kept as well.
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

/// The length of the blank lines a text starts with.
fn leading_blank_lines(text: &str) -> usize {
    let mut at = 0;
    for line in super::scope::lines(text) {
        if !line.trim().is_empty() || !line.ends_with('\n') {
            break;
        }
        at += line.len();
    }
    at
}

/// Turns the result's units into edits on ours. `None` when ours' units would not stay in
/// order (never expected; the caller then merges by lines).
fn edits(o: &Side<'_>, out: &[Out], eol: &str) -> Option<Vec<Edit>> {
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
pub(crate) fn plan<'a>(
    b: &'a Side<'a>,
    o: &'a Side<'a>,
    t: &'a Side<'a>,
    m: &'a Markers,
) -> Option<Plan> {
    let c = compare(&b.keys, &o.keys, &t.keys, true);
    let mut cx = Ctx {
        b,
        o,
        t,
        m,
        mo: c.mo,
        mt: c.mt,
        bt: vec![None; b.chunks.len()],
        conflicts: 0,
    };
    for (ti, bi) in cx.mt.iter().enumerate() {
        if let Some(bi) = bi {
            cx.bt[*bi] = Some(ti);
        }
    }
    let mut out = Vec::with_capacity(o.chunks.len() + 8);
    for r in c.regions {
        cx.region(r, &mut out);
    }
    let out = cx.settle(out);
    let edits = edits(o, &out, m.eol)?;
    Some(Plan {
        edits,
        conflicts: cx.conflicts,
    })
}
