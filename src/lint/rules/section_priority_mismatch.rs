//! `section-priority-mismatch`: a task's priority contradicts its section heading's.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::FieldKey;

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

/// The single priority a heading names (`P2 — Important`, `Blockers (P0)`), if exactly one.
pub fn heading_priority(heading: &str) -> Option<&str> {
    let b = heading.as_bytes();
    let mut found: Option<&str> = None;
    let mut i = 0;
    while i + 1 < b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if boundary && b[i] == b'P' && b[i + 1].is_ascii_digit() {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == b.len() || !b[j].is_ascii_alphanumeric() {
                if found.is_some_and(|f| f != &heading[i..j]) {
                    return None;
                }
                found = Some(&heading[i..j]);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    found
}

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        let Some(priority) = task.priority() else {
            continue;
        };
        let Some(heading) = file.file.section(task).last() else {
            continue;
        };
        let Some(expected) = heading_priority(heading) else {
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
            field.value_span,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_priority_from_a_heading() {
        assert_eq!(
            heading_priority("P2 — Important (do within 30 days)"),
            Some("P2")
        );
        assert_eq!(
            heading_priority("Phase 0 — Production blockers (P0)"),
            Some("P0")
        );
        assert_eq!(heading_priority("Phase 1 — Security (P1/P3)"), None);
        assert_eq!(heading_priority("Active tasks"), None);
        assert_eq!(heading_priority("HTTP2 support"), None);
    }
}
