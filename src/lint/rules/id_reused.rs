//! `id-reused` (`todo lint --since REV`): an ID that named one task in REV names another now.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::history::same_task;
use crate::lint::registry::RuleInfo;
use crate::model::TaskStyle;
use crate::project::Project;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD018",
    name: "id-reused",
    severity: Severity::Error,
    summary: "With --since REV: an ID that named one task in REV now names a different task.",
    doc: r#"## What it does
Runs with `todo lint --since REV`. For every task now whose ID also existed in REV (in any task
file, the archive included), compares the two titles. When the title changed so much that it
cannot be the same task reworded (a normalized Levenshtein similarity below 0.5, ignoring
case), the ID was reused for a different task and is reported at the ID now.

## Why is this bad?
IDs are how commits, pull requests, dependencies and `todo log` refer to a task. Reusing one
makes every earlier reference point at the wrong work, and splices two unrelated histories.
It usually happens when a task is deleted or archived and its number handed out again, or when
a task is overwritten instead of a new one being added.

## Example
In `main`, `### T-007: Cache the search index`; now:
```markdown
### T-007: Migrate the billing tables
```

## How to fix
Give the new task an unused ID (`todo add` picks one) and restore the old task if it was
overwritten by mistake. A genuine rewording of the same task is fine: keep enough of the old
title, or suppress the report on that task with `<!-- todo-lint: disable=id-reused -->`."#,
    fix: None,
};

/// Runs the rule: `before` is the project at `rev` (`rev` is only named in messages); `cx`
/// reads the project now.
pub fn check(before: &Project, rev: &str, cx: &Context, out: &mut Vec<Diagnostic>) {
    let then = before.index();
    for (fi, file, task) in cx.tasks() {
        let (Some(id), Some(located)) = (task.id(), task.id.as_ref()) else {
            continue;
        };
        let Some(olds) = then.get(id) else { continue };
        // A file that is one task and still holds it was retitled, not reused.
        let same_file = |o: &crate::project::TaskRef<'_>| {
            task.style == TaskStyle::File
                && o.task.style == TaskStyle::File
                && o.file.file.doc.path() == file.file.doc.path()
        };
        // An empty title is `empty-title`'s business, not a different task.
        if task.title.value.is_empty()
            || olds.iter().any(|o| {
                o.task.title.value.is_empty()
                    || same_file(o)
                    || same_task(&o.task.title.value, &task.title.value)
            })
        {
            continue;
        }
        let old = olds[0];
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            located.span,
            Some(task),
            format!(
                "{id} now names \"{}\"; in {rev} it named \"{}\" ({}:{})",
                task.title.value,
                old.task.title.value,
                old.file.display,
                old.line()
            ),
        );
        d.help = Some("give the new task an unused ID".to_string());
        out.push(d);
    }
}
