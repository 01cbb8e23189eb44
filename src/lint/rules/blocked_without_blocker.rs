//! `blocked-without-blocker`: a blocked task that does not say what blocks it.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::{FieldKey, State};

use super::{Context, head_span, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD010",
    name: "blocked-without-blocker",
    severity: Severity::Error,
    summary: "A task's state is blocked but its blocker is empty or missing.",
    doc: r#"## What it does
Reports tasks whose status maps to the blocked state (`BLOCKED`, `ON-HOLD`, …) while their
`Blocker` field is missing or says `None`.

## Why is this bad?
Nobody can unblock a task without knowing what it waits for; `todo list --blocked` has nothing
to show.

## Example
```markdown
### T-050: Publish the runbook
Status: BLOCKED
Blocker: None
```

## How to fix
Name the blocker (`Blocker: T-042 (hosting decision)`), or move the task out of blocked."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        if task.state != State::Blocked || task.blocker(file.file.doc.text()).is_some() {
            continue;
        }
        let span = task
            .field(FieldKey::Blocker)
            .map(|f| f.span())
            .or_else(|| task.field(FieldKey::Status).map(|f| f.value_span()))
            .unwrap_or_else(|| head_span(file, task));
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            span,
            Some(task),
            format!("{} is blocked but names no blocker", name(task)),
        );
        d.help = Some("say what it waits for: `Blocker: T-042 (decision needed)`".to_string());
        out.push(d);
    }
}
