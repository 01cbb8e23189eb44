//! `section-priority-mismatch`: a task's priority contradicts its section heading's.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::{FieldKey, priority};

use super::{Context, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD013",
    name: "section-priority-mismatch",
    severity: Severity::Warning,
    summary: "A task's priority differs from the priority its section heading names.",
    doc: r#"## What it does
When the nearest section heading above a task names one priority, either leading
(`#### P2 — Important`) or in parentheses (`### Phase 0 — Blockers (P0)`), checks that the
task's `Priority` field agrees. Headings naming several priorities (`(P1/P3)`) are ignored.

## Why is this bad?
The task was re-prioritised without being moved (or moved without being re-prioritised); the
file now says two different things.

## Example
```markdown
#### P2 — Important

### T-139: Add pagination
Priority: P1
```

## How to fix
Move the task under the matching heading, or correct its priority."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        let Some(priority) = task.priority() else {
            continue;
        };
        let Some(heading) = file.file.section(task).last() else {
            continue;
        };
        let Some(expected) = priority::in_heading(heading) else {
            continue;
        };
        if priority.trim().eq_ignore_ascii_case(expected) {
            continue;
        }
        let Some(field) = task.field(FieldKey::Priority) else {
            continue;
        };
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            field.value_span(),
            Some(task),
            format!(
                "{} has priority {priority} but sits under \"{heading}\" ({expected})",
                name(task)
            ),
        );
        d.help = Some(format!(
            "move the task to a {priority} section, or set `Priority: {expected}`"
        ));
        out.push(d);
    }
}
