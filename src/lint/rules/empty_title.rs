//! `empty-title`: a task with no title.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::{Context, head_span};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD015",
    name: "empty-title",
    severity: Severity::Error,
    summary: "A task has an ID but no title.",
    doc: r#"## What it does
Reports tasks whose title is empty: a heading or checkbox that holds only an ID.

## Why is this bad?
Lists, reviews and history show the title; an ID alone tells nobody what the task is.

## Example
```markdown
### T-077:
Status: READY
```

## How to fix
Write the title after the ID: `### T-077: Archive closed sprints`."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        if !task.title.value.trim().is_empty() {
            continue;
        }
        let who = task.id().unwrap_or("a task");
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            head_span(file, task),
            Some(task),
            format!("{who} has no title"),
        );
        d.help = Some("write what the task is after its ID".to_string());
        out.push(d);
    }
}
