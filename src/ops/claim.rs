//! `todo claim` and `todo release`: a claim sets a task's owner and moves it to the schema's
//! in-progress status, a release moves it back to the ready status and gives the owner back.
//! Both are made of the same edits as `todo move` and `todo set` (the status first, then the
//! owner, each verified), so a claim changes exactly the bytes those commands would.
//!
//! A task is *held* when it is in progress under an owner. A claim refuses a task another
//! owner holds here or in another worktree of the clone ([`holders_elsewhere`]) unless it
//! steals; the caller makes the check and the write one step under the clone's claim lock.
//! This module must not write, lock, print or run programs.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{ChangeKind, State, Task};
use crate::project::Project;

use super::find::find;
use super::plan::{Common, key_of};
use super::{Applied, MoveOptions, OpError, Plan, move_to, set};

/// Who claims and how.
#[derive(Debug, Clone, Default)]
pub struct ClaimOptions {
    /// The new owner.
    pub agent: String,
    /// Take the task even when another owner holds it.
    pub steal: bool,
    /// Tasks held in the clone's other worktrees: ID → (owner, worktree).
    pub elsewhere: HashMap<String, (String, String)>,
}

/// The owner holding `task`: its owner while it is in progress. `src` is the text of the
/// task's document.
pub fn holder<'a>(task: &'a Task, src: &'a str) -> Option<&'a str> {
    (task.state == State::InProgress)
        .then(|| task.owner(src))
        .flatten()
        .map(str::trim)
        .filter(|o| !o.is_empty())
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The tasks held in the task files of the clone's other worktrees (uncommitted edits
/// included): ID → (owner, worktree). Worktrees that cannot be read are skipped.
pub fn holders_elsewhere(cwd: &Path) -> HashMap<String, (String, String)> {
    let mut held = HashMap::new();
    let Ok(repo) = crate::git::Repo::discover(cwd) else {
        return held;
    };
    for dir in repo.other_worktrees() {
        let Ok(project) = Project::load(&dir, &[]) else {
            continue;
        };
        for t in project.tasks() {
            if let (Some(id), Some(owner)) = (t.task.id(), holder(t.task, t.src())) {
                held.entry(id.to_string())
                    .or_insert_with(|| (owner.to_string(), dir.display().to_string()));
            }
        }
    }
    held
}

/// Refuses when someone other than the agent holds `id` (here or elsewhere) and it is not
/// a steal; a done task cannot be claimed.
fn check_free(task: &Task, src: &str, id: &str, opts: &ClaimOptions) -> Result<(), OpError> {
    if task.state == State::Done {
        return Err(OpError::Invalid(format!("{id} is done; nothing to claim")));
    }
    if opts.steal {
        return Ok(());
    }
    if let Some(owner) = holder(task, src).filter(|o| !same(o, &opts.agent)) {
        return Err(OpError::Held {
            id: id.to_string(),
            holder: owner.to_string(),
            place: None,
        });
    }
    if let Some((owner, place)) = opts
        .elsewhere
        .get(id)
        .filter(|(o, _)| !same(o, &opts.agent))
    {
        return Err(OpError::Held {
            id: id.to_string(),
            holder: owner.clone(),
            place: Some(place.clone()),
        });
    }
    Ok(())
}

/// Applies `first`'s plan, then `second`'s on the result: one verified change from the
/// original text, with both steps' change records.
fn chain(
    project: &Project,
    first: Plan,
    second: impl FnOnce(&Project) -> Result<Plan, OpError>,
) -> Result<Applied, OpError> {
    let a = first.apply(project)?;
    let texts: HashMap<usize, String> = a
        .files
        .iter()
        .map(|(fi, _, new)| (*fi, new.clone()))
        .collect();
    let mid = project.with_texts(texts);
    let b = second(&mid)?.apply(&mid)?;
    let mut files = a.files;
    for (fi, _, new) in b.files {
        match files.iter_mut().find(|(f, _, _)| *f == fi) {
            Some(entry) => entry.2 = new,
            None => files.push((fi, project.files[fi].file.doc.text().to_string(), new)),
        }
    }
    files.retain(|(_, old, new)| old != new);
    let mut changes = a.changes;
    changes.extend(b.changes);
    changes.retain(|c| c.old != c.new || c.kind == ChangeKind::LastUpdated);
    let mut new_files = a.new_files;
    new_files.extend(b.new_files);
    Ok(Applied {
        files,
        changes,
        new_files,
    })
}

/// `todo claim ID`: the owner becomes the agent and the status the schema's in-progress
/// value (the owner checked against the schema like `todo set`).
pub fn claim(
    project: &Project,
    id: &str,
    opts: &ClaimOptions,
    common: Common,
) -> Result<Applied, OpError> {
    let (fi, task) = find(project, id)?;
    let id = key_of(task);
    check_free(task, project.files[fi].file.doc.text(), &id, opts)?;
    let dated = Common {
        today: None,
        ..common
    };
    let (status, _) = move_to(project, &id, "in-progress", &MoveOptions::default(), common)?;
    let owner = [("owner".to_string(), opts.agent.clone())];
    chain(project, status, |p| set(p, &id, &owner, dated))
}

/// `todo claim --next`: the first task in `todo next` order (narrowed to `priority`) that
/// nobody holds, claimed; its ID with the result. `skip` lists IDs already lost to a race.
pub fn claim_next(
    project: &Project,
    priority: &[String],
    skip: &[String],
    opts: &ClaimOptions,
    common: Common,
) -> Result<(String, Applied), OpError> {
    let ready = crate::query::ready(project, priority, &[]);
    // A task another agent holds, or one that cannot be in progress (a plain checkbox item
    // has no such state), is passed over for the next; with none left, the first refusal
    // says why.
    let mut first_refusal = None;
    for t in ready {
        let Some(id) = t.task.id() else { continue };
        if skip.iter().any(|s| s == id) {
            continue;
        }
        match claim(project, id, opts, common) {
            Ok(applied) => return Ok((id.to_string(), applied)),
            Err(e) => {
                first_refusal.get_or_insert(e);
            }
        }
    }
    Err(first_refusal.unwrap_or_else(|| OpError::Invalid("no task is ready to claim".into())))
}

/// `todo release ID`: the status goes back to the schema's ready value and the owner to
/// `previous` (the owner before the claim, when the caller knows one); with none the owner
/// stays as written, which no longer holds the task.
pub fn release(
    project: &Project,
    id: &str,
    previous: Option<&str>,
    common: Common,
) -> Result<Applied, OpError> {
    let (fi, task) = find(project, id)?;
    let id = key_of(task);
    if task.state != State::InProgress {
        return Err(OpError::Invalid(format!(
            "{id} is {}, not in progress; nothing to release",
            task.state.name()
        )));
    }
    let (status, _) = move_to(project, &id, "todo", &MoveOptions::default(), common)?;
    let current = task
        .owner(project.files[fi].file.doc.text())
        .map(str::to_string);
    match previous.filter(|p| current.as_deref().is_none_or(|c| !same(c, p))) {
        None => status.apply(project),
        Some(p) => {
            let owner = [("owner".to_string(), p.to_string())];
            let dated = Common {
                today: None,
                ..common
            };
            chain(project, status, |mid| set(mid, &id, &owner, dated))
        }
    }
}

/// The owner `id` had in `before` (the file as last committed) when it was not held there:
/// what a release gives back.
pub fn previous_owner(before: &Project, id: &str) -> Option<String> {
    let t = before.find(id)?;
    (t.task.state != State::InProgress)
        .then(|| t.owner().map(str::to_string))
        .flatten()
}

/// The commit message of a claim or release: `todo: agent-7 claims T-131`.
pub fn message(agent: &str, verb: &str, id: &str) -> String {
    format!("todo: {agent} {verb} {id}")
}

/// True when `applied` changed nothing but the `Last Updated:` line (a claim the agent
/// already held).
pub fn is_noop(applied: &Applied) -> bool {
    applied
        .changes
        .iter()
        .all(|c| c.kind == ChangeKind::LastUpdated || c.old == c.new)
}
