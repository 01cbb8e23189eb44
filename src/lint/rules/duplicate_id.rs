//! `duplicate-id`: the same ID on two tasks, in one file or across the project's files.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD004",
    name: "duplicate-id",
    severity: Severity::Error,
    summary: "Two tasks carry the same ID, in one file or across the task files.",
    doc: r#"## What it does
Finds IDs used by more than one task, within a file or across every task file of the
project (the archive file included). Each later occurrence is reported, pointing at the first.

## Why is this bad?
References, `todo show`, dependencies and history all assume an ID names one task. Duplicates
usually come from two branches handing out the same next ID, or a task copied instead of moved.

## Example
```markdown
### T-020: Split the settings page
...
### T-020: Add an audit log
```

## How to fix
Give one of the tasks a new, unused ID and update references to it. If the task was moved to
the archive, delete the stale copy."#,
    fix: None,
};

/// Runs the rule: one hash map, no pairwise comparison.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut dups: Vec<_> = cx.index.iter().filter(|(_, ts)| ts.len() > 1).collect();
    dups.sort_by_key(|(_, ts)| (ts[0].file_index, ts[0].task.span.start));
    for (id, tasks) in dups {
        let first = tasks[0];
        let first_file = first.file_index;
        let first_span = first.task.id.as_ref().map_or(first.task.span, |i| i.span);
        for later in &tasks[1..] {
            let fi = later.file_index;
            let span = later.task.id.as_ref().map_or(later.task.span, |i| i.span);
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                span,
                Some(later.task),
                format!(
                    "{id} is also the ID of \"{}\" ({}:{})",
                    first.task.title.value,
                    first.file.display,
                    first.line()
                ),
            );
            d.secondary
                .push(cx.location(first_file, first_span, Some("first used here".into())));
            d.help = Some("give one of the tasks an unused ID".to_string());
            out.push(d);
        }
    }
}
