//! `branch-id-collision` (`todo lint --branches`): one ID names different tasks on different
//! branches.
//!
//! The branches' task files are read by `crate::lint::history`; this rule groups the tasks of
//! every branch and of the working tree by ID, then the titles of each ID into tasks (titles
//! that are rewordings of each other are one task).

use std::collections::BTreeMap;

use crate::document::Span;
use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::history::same_task;
use crate::lint::registry::RuleInfo;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD021",
    name: "branch-id-collision",
    severity: Severity::Error,
    summary: "With --branches: an ID names different tasks on different branches.",
    doc: r#"## What it does
Runs with `todo lint --branches`. Reads the task files at the tip of every local and
remote-tracking branch, and reports each ID that names different tasks (titles that are not
rewordings of each other) on different branches. The working tree counts as the current
branch. The report is at the task's ID in the working tree when the ID is there, else at the
first line of the file, and names the branches with the title each gives.

## Why is this bad?
Two branches that each hand out "the next ID" pick the same one. Whichever merges second
creates a duplicate ID (or, after a conflict resolution, overwrites a task), and references to
the ID in commits and pull requests become ambiguous. Caught before merging, renumbering one
task is cheap.

## Example
On `main`: `### T-031: Add CSV export`; on `feature/audit`: `### T-031: Record an audit trail`.
```console
$ todo lint --branches
error[branch-id-collision]: T-031 names different tasks on different branches: "Add CSV export" on main, "Record an audit trail" on feature/audit
```

## How to fix
Renumber the task on the branch that has not merged yet (`todo add` on an up-to-date branch
picks an unused ID) and update references to it. Delete stale branches that no longer
matter."#,
    fix: None,
};

/// A task read from a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchTask {
    /// The branch (`main`, `origin/topic`).
    pub branch: String,
    /// The project file (index) with the same path in the working tree, if it is loaded.
    pub file: Option<usize>,
    /// The task's ID.
    pub id: String,
    /// The task's title.
    pub title: String,
}

/// Runs the rule. `current` names the branch the working tree is on; `seen` holds the tasks
/// with an ID of every branch.
pub fn check(cx: &Context, current: &str, seen: &[BranchTask], out: &mut Vec<Diagnostic>) {
    // ID → (source, title), the working tree first.
    let mut by_id: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (_, _, t) in cx.tasks() {
        if let Some(id) = t.id() {
            by_id.entry(id).or_default().push((current, &t.title.value));
        }
    }
    for b in seen {
        by_id.entry(&b.id).or_default().push((&b.branch, &b.title));
    }
    for (id, entries) in by_id {
        // Tasks: a title and the sources that give it (a reworded title joins its task).
        let mut tasks: Vec<(&str, Vec<&str>)> = Vec::new();
        for &(source, title) in &entries {
            match tasks.iter_mut().find(|(t, _)| same_task(t, title)) {
                Some((_, sources)) if sources.contains(&source) => {}
                Some((_, sources)) => sources.push(source),
                None => tasks.push((title, vec![source])),
            }
        }
        let mut sources: Vec<&str> = entries.iter().map(|(s, _)| *s).collect();
        sources.sort_unstable();
        sources.dedup();
        // Two titles within one branch are `duplicate-id`, not a collision between branches.
        if tasks.len() < 2 || sources.len() < 2 {
            continue;
        }
        let listed = tasks
            .iter()
            .map(|(title, sources)| format!("\"{title}\" on {}", sources.join(", ")))
            .collect::<Vec<_>>()
            .join(", ");
        let here = cx.index.get(id).and_then(|ts| ts.first());
        let (fi, span, task) = match here {
            Some(t) => (
                t.file_index,
                t.task.id.as_ref().map_or(t.task.span, |i| i.span),
                Some(t.task),
            ),
            None => {
                let fi = seen
                    .iter()
                    .find(|b| b.id == id)
                    .and_then(|b| b.file)
                    .unwrap_or(0);
                let Some(file) = cx.project.files.get(fi) else {
                    continue;
                };
                (fi, Span::empty(file.file.doc.content_start()), None)
            }
        };
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            span,
            task,
            format!("{id} names different tasks on different branches: {listed}"),
        );
        d.task_id = Some(id.to_string());
        d.help = Some("renumber the task on the branch that merges last".to_string());
        out.push(d);
    }
}
