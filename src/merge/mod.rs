//! Three-way merge of task files, task by task and field by field: what `todo merge-driver`
//! runs when git merges, rebases, cherry-picks, reverts or pops a stash.
//!
//! The ancestor, ours and theirs are parsed with the shared model and cut into units (a task's
//! block, a line outside tasks). The result starts from ours' exact text, and theirs' changes
//! relative to the ancestor are applied to it as span edits, as `todo set`, `move`, `check`
//! and `add` would make them: unchanged bytes stay, and the result is what applying ours'
//! edits and then theirs' gives. Changes to different tasks, to different fields or checklist
//! items of one task, to two cells of one table row, a move on one side and an edit on the
//! other, and tasks added on both sides all merge; a `Last Updated:` stamp merges to the later
//! date; a new ID both sides added is kept by ours and renumbered on theirs. A field set to
//! two values, or a task changed on one side and deleted on the other, is a conflict, marked
//! around that line or that task only.
//!
//! A version that is binary, not UTF-8, holds no task, or cannot be cut into units is merged
//! by lines instead ([`fallback`]), which never loses a line.
//!
//! Layer: above `parse` and `edit` (and beside `git`); it must not import `project`, `ops`,
//! `lint` or anything above them, so that those can check the driver's setup through
//! [`setup`].

mod chunks;
mod diff3;
mod fallback;
mod ids;
mod line;
mod plan;
mod scope;
pub mod setup;
mod task;
mod verify;

use std::collections::HashSet;

use thiserror::Error;

pub use ids::Renumbering;

use crate::document::Document;
use crate::parse::TaskFile;
use chunks::Side;
use task::Markers;

/// What to merge.
#[derive(Debug, Clone, Copy)]
pub struct MergeRequest<'a> {
    /// The common ancestor (`%O`).
    pub base: &'a [u8],
    /// Ours (`%A`), the version the result replaces.
    pub ours: &'a [u8],
    /// Theirs (`%B`).
    pub theirs: &'a [u8],
    /// The path in the repository (`%P`), for the model and messages.
    pub path: &'a str,
    /// Length of conflict markers (`%L`).
    pub marker_size: usize,
    /// IDs in use outside this file, so that a renumbered ID is free in the whole project.
    pub known_ids: &'a [String],
}

/// How the result was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// Task by task.
    Tasks,
    /// Line by line, for the reason given.
    Lines(String),
}

/// The merged bytes and what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeOutcome {
    /// The result, to be written over ours.
    pub bytes: Vec<u8>,
    /// Conflicts left between markers (for a line merge, at least 1 when not clean).
    pub conflicts: usize,
    /// IDs of theirs that were renumbered.
    pub renumbered: Vec<Renumbering>,
    /// Task merge or line fallback.
    pub method: Method,
}

/// Why no result could be made at all.
#[derive(Debug, Error)]
pub enum MergeError {
    /// libgit2's line merge failed (it only fails on resource exhaustion or bad input sizes).
    #[error("line merge failed: {0}")]
    Lines(#[from] crate::git::GitError),
}

fn decode<'a>(bytes: &'a [u8], which: &str) -> Result<&'a str, String> {
    if bytes.contains(&0) {
        return Err(format!("{which} holds binary bytes"));
    }
    std::str::from_utf8(bytes).map_err(|_| format!("{which} is not UTF-8"))
}

fn parse(path: &str, text: &str) -> TaskFile {
    TaskFile::parse(Document::from_string(path, text.to_string()))
}

fn ids(file: &TaskFile) -> HashSet<String> {
    file.tasks
        .iter()
        .filter_map(|t| t.id())
        .map(str::to_string)
        .collect()
}

/// Merges the three versions; see the module documentation.
pub fn merge(req: &MergeRequest<'_>) -> Result<MergeOutcome, MergeError> {
    match merge_tasks(req) {
        Ok(outcome) => Ok(outcome),
        Err(reason) => {
            let size = req.marker_size.clamp(1, u16::MAX as usize) as u16;
            let r = fallback::merge_lines(req.base, req.ours, req.theirs, size)?;
            Ok(MergeOutcome {
                conflicts: usize::from(!r.clean),
                bytes: r.bytes,
                renumbered: Vec::new(),
                method: Method::Lines(reason),
            })
        }
    }
}

/// The task merge, or the reason it does not apply.
fn merge_tasks(req: &MergeRequest<'_>) -> Result<MergeOutcome, String> {
    let size = req.base.len() + req.ours.len() + req.theirs.len();
    let [base, ours, theirs] = scope::each3(size, |i| match i {
        0 => decode(req.base, "the ancestor"),
        1 => decode(req.ours, "ours"),
        _ => decode(req.theirs, "theirs"),
    });
    let (base, ours, theirs) = (base?, ours?, theirs?);
    let [b, o, mut t] = scope::parse_three(req.path, base, ours, theirs);
    let related = b.scope != crate::parse::Scope::Whole;
    if b.tasks.is_empty() && o.tasks.is_empty() && t.tasks.is_empty() {
        return Err("no version holds a task".into());
    }
    // A file both sides made one task of their own (from a file that was not one) cannot hold
    // the two tasks: merged by lines, where a difference is a conflict and nothing is lost.
    let one_task = ids::one_task_file;
    if one_task(&o) && one_task(&t) && !one_task(&b) && ours != theirs {
        return Err("both sides made the file a task of their own".into());
    }
    let renumbered = ids::collisions(&b, &o, &t, req.known_ids, &[base, ours, theirs]);
    if !renumbered.is_empty() {
        // Theirs' new IDs are named in its changed lines, so the same scope finds them.
        let ids: Vec<String> = match &b.scope {
            crate::parse::Scope::Related(ids) => ids
                .iter()
                .cloned()
                .chain(renumbered.iter().map(|r| r.to.clone()))
                .collect(),
            crate::parse::Scope::Whole => Vec::new(),
        };
        // A renumbered task's lines, and the row of an index table it is joined with (whose
        // cells are its fields, even on a line the ancestor had): its ID changes there too.
        let moved: Vec<crate::document::Span> = t
            .tasks
            .iter()
            .filter(|task| {
                renumbered
                    .iter()
                    .any(|r| task.id() == Some(r.from.as_str()))
            })
            .flat_map(|task| std::iter::once(task.span).chain(task.index.as_ref().map(|r| r.span)))
            .collect();
        // Bytes no renumbering touches: theirs' field keys, and the IDs and references the
        // model read there that name another task, even one whose ID starts with a renumbered
        // one (`w2-` is not `w2`).
        let other =
            |id: &crate::model::Located<String>| renumbered.iter().all(|r| r.from != id.value);
        let mut keys: Vec<crate::document::Span> = t
            .tasks
            .iter()
            .flat_map(|task| {
                let refs = task.dependencies.iter().chain(&task.blocker_refs);
                task.fields.iter().map(|f| f.key_span()).chain(
                    task.id
                        .iter()
                        .chain(refs)
                        .filter(|x| other(x))
                        .map(|x| x.span),
                )
            })
            .collect();
        keys.sort_by_key(|k| (k.start, k.end));
        let id_spans: Vec<crate::document::Span> = t
            .tasks
            .iter()
            .filter_map(|task| task.id.as_ref())
            .filter(|id| renumbered.iter().any(|r| r.from == id.value))
            .map(|id| id.span)
            .collect();
        let text = ids::rewrite_added(theirs, base, &moved, &id_spans, &keys, &renumbered);
        t = match related {
            true => {
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                let doc = Document::from_string(req.path, text);
                TaskFile::parse_related(doc, &crate::model::StateMap::default(), &refs)
            }
            false => parse(req.path, &text),
        };
        if related && t.scope == crate::parse::Scope::Whole {
            return Err("theirs could not be read again after renumbering".into());
        }
    }
    let markers = Markers {
        size: req.marker_size.max(1),
        eol: o.doc.line_ending().as_str(),
    };
    let expected = expected_ids(&b, &o, &t);
    let (bf, of, tf) = (b, o, t);
    let unit = |f| Side::new(f).ok_or_else(|| "two tasks share a line".to_string());
    let files = [&bf, &of, &tf];
    let [b, o, t] = scope::each3(size, |i| unit(files[i]));
    let (b, mut o, mut t) = (b?, o?, t?);
    chunks::pair_file_task(&b, &mut o);
    chunks::pair_file_task(&b, &mut t);
    chunks::pair_retitled(&b, &mut o);
    chunks::pair_retitled(&b, &mut t);
    let plan = plan::plan(&b, &o, &t, &markers).ok_or("the units could not be ordered")?;
    let text = crate::edit::apply(of.doc.text(), &plan.edits).map_err(|e| e.to_string())?;
    // A large file's merge is checked by the property tests and the fuzzer rather than by a
    // fourth whole parse.
    if !related && plan.conflicts == 0 {
        let result = parse(req.path, &text);
        if ids(&result) != expected {
            return Err("the task merge could not be verified".into());
        }
        if let Some(what) = verify::lost(&bf, &of, &tf, &result) {
            return Err(format!("the task merge would lose {what}"));
        }
    }
    Ok(MergeOutcome {
        bytes: text.into_bytes(),
        conflicts: plan.conflicts,
        renumbered,
        method: Method::Tasks,
    })
}

/// The IDs a clean merge must hold: every ID of either side, but those one side deleted.
fn expected_ids(b: &TaskFile, o: &TaskFile, t: &TaskFile) -> HashSet<String> {
    let (ib, io, it) = (ids(b), ids(o), ids(t));
    io.union(&it)
        .filter(|id| !ib.contains(*id) || (io.contains(*id) && it.contains(*id)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests;
