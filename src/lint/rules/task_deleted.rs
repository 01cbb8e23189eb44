//! `task-deleted` (`todo lint --since REV`): an open task of REV is in no task file any more.
//!
//! Tasks with an ID are matched by ID across every file, so moving a task between files or
//! to the archive is not a deletion. Tasks without one are matched by title: exactly first,
//! then a reworded title (see [`crate::lint::history::same_task`]) among the titles that are
//! new, so editing a checkbox item's wording is not a deletion either.

use std::collections::{HashMap, HashSet};

use crate::document::Span;
use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::history::same_task;
use crate::lint::registry::RuleInfo;
use crate::model::Task;
use crate::project::{LoadedFile, Project};

use super::{Context, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD017",
    name: "task-deleted",
    severity: Severity::Error,
    summary: "With --since REV: an open task of REV is gone from every task file.",
    doc: r#"## What it does
Runs with `todo lint --since REV`. Compares the task files at REV with the working tree (or the
index, with `--staged`) and reports each task of REV that is no longer in any task file,
unless it was done in REV or was already in the archive file. A task that moved to another
file or to the archive (for example with `todo archive`) is not reported: tasks are matched by
ID across all files, and tasks without an ID by their title.

The report points at the section heading the task was under, or at the file's first line when
that heading is gone too, and says where the task was in REV.

## Why is this bad?
An open task that silently disappears is lost work: it usually comes from a merge conflict
resolved by taking one side, or from an editor or script that rewrote the file. Finished or
abandoned work should leave a trace: a done status, or a line in the archive.

## Example
In `main`:
```markdown
### T-012: Rotate the signing keys
Status: READY
```
On the branch, T-012 is gone and no file mentions it:
```console
$ todo lint --since main
error[task-deleted]: T-012 "Rotate the signing keys" was deleted (it was at TODO.md:40 in main)
```

## How to fix
Restore the task if it was lost. If the work is finished or abandoned, set its status to a done
status (`todo move T-012 done`) or move it to the archive instead of deleting it."#,
    fix: None,
};

/// Runs the rule: `before` is the project at `rev` (`rev` is only named in messages); `cx`
/// reads the project now. `kept` holds the IDs (lower-case) Backlog.md keeps in its archive
/// and drafts folders now: a task moved there was archived, not deleted.
pub fn check(
    before: &Project,
    rev: &str,
    cx: &Context,
    kept: &HashSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let is_kept = |id: &str| {
        kept.contains(&id.to_ascii_lowercase())
            || cx
                .project
                .config
                .legacy_alias(id)
                .is_some_and(|a| kept.contains(&a.to_ascii_lowercase()))
    };
    if cx.project.files.is_empty() {
        // Nothing to point at; the diagnostic could not be shown.
        return;
    }
    // Titles of the tasks without an ID now, counted, so a title matches one task each.
    let mut untitled: HashMap<String, usize> = HashMap::new();
    for (_, _, t) in cx.tasks().filter(|(_, _, t)| t.id().is_none()) {
        *untitled.entry(t.title.value.to_lowercase()).or_default() += 1;
    }
    let open = |f: &LoadedFile, t: &Task| !f.archive && !t.state.is_closed();
    let mut gone: Vec<(&LoadedFile, &Task)> = Vec::new();
    let mut unmatched: Vec<(&LoadedFile, &Task)> = Vec::new();
    for f in &before.files {
        for t in &f.file.tasks {
            match t.id() {
                Some(id) => {
                    if open(f, t) && cx.index.lookup(id).is_none() && !is_kept(id) {
                        gone.push((f, t));
                    }
                }
                None if t.title.value.is_empty() => {}
                None => match untitled.get_mut(&t.title.value.to_lowercase()) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ if open(f, t) => unmatched.push((f, t)),
                    _ => {}
                },
            }
        }
    }
    // What is left of `untitled` are new titles: a reworded task is one of them.
    let mut fresh: Vec<&str> = untitled
        .iter()
        .flat_map(|(title, n)| std::iter::repeat_n(title.as_str(), *n))
        .collect();
    fresh.sort_unstable();
    for (f, t) in unmatched {
        match fresh.iter().position(|n| same_task(n, &t.title.value)) {
            Some(i) => {
                fresh.remove(i);
            }
            None => gone.push((f, t)),
        }
    }
    gone.sort_by_key(|(f, t)| (f.display.as_str(), t.span.start));
    for (f, t) in gone {
        let (fi, span) = place(cx, f, t);
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            span,
            Some(t),
            format!(
                "{} \"{}\" was deleted (it was at {}:{} in {rev})",
                name(t),
                t.title.value,
                f.display,
                f.file.line(t)
            ),
        );
        d.help = Some(
            "restore it, or mark it done or move it to the archive instead of deleting it"
                .to_string(),
        );
        out.push(d);
    }
}

/// Where to report a task of `old` (a file of REV): the same file now, at the heading of the
/// section the task was in when that heading is still there, else at the file's first line.
/// When the file is gone, the first task file's first line.
fn place(cx: &Context, old: &LoadedFile, task: &Task) -> (usize, Span) {
    let Some(fi) = cx
        .project
        .files
        .iter()
        .position(|f| crate::lint::history::same_path(f.file.doc.path(), old.file.doc.path()))
    else {
        return (0, first_line(&cx.project.files[0]));
    };
    let file = &cx.project.files[fi];
    let heading = old.file.section(task).last().and_then(|section| {
        file.file
            .headings
            .iter()
            .find(|h| !h.task && file.file.heading_text(h) == section.as_str())
    });
    match heading {
        Some(h) => (fi, h.span),
        None => (fi, first_line(file)),
    }
}

/// The file's first line (after a BOM), without its line ending.
fn first_line(file: &LoadedFile) -> Span {
    let text = file.file.doc.text();
    let start = file.file.doc.content_start();
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |e| start + e);
    Span::new(start, end)
}
