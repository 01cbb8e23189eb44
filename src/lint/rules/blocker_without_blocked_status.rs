//! `blocker-without-blocked-status`: a blocker is set on a task that is not blocked.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::{FieldKey, State};

use super::{Context, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD011",
    name: "blocker-without-blocked-status",
    severity: Severity::Warning,
    summary: "A task names a blocker but its status is not blocked.",
    doc: r#"## What it does
Reports tasks that are not blocked (and not done) whose `Blocker` field names something.

## Why is this bad?
Either the blocker is stale and should be cleared, or the status is wrong and the task should
not appear in `todo ready`.

## Example
```markdown
### T-032: Consolidate the coverage tools
Status: IN-REVIEW
Blocker: CI runner lacks the plugin
```

## How to fix
Set the status to the blocked value, or set `Blocker: None`."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        if matches!(task.state, State::Blocked) || task.state.is_closed() {
            continue;
        }
        let Some(blocker) = task.blocker(file.file.doc.text()) else {
            continue;
        };
        let Some(field) = task.field(FieldKey::Blocker) else {
            continue;
        };
        let status = task.status().unwrap_or(task.state.name());
        let span = if field.value_span().is_empty() {
            field.span()
        } else {
            field.value_span()
        };
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            span,
            Some(task),
            format!(
                "{} names a blocker (\"{blocker}\") but its status is {status}",
                name(task)
            ),
        );
        d.help = Some("set the blocked status, or `Blocker: None`".to_string());
        out.push(d);
    }
}
