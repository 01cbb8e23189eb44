//! `status-transition` (`todo lint --since REV`): a status change the `workflow:` of
//! `.todo.yml` does not allow.

use std::collections::BTreeMap;

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::history::same_task;
use crate::lint::registry::RuleInfo;
use crate::model::FieldKey;
use crate::project::Project;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD019",
    name: "status-transition",
    severity: Severity::Error,
    summary: "With --since REV: a status changed in a way the configured workflow does not allow.",
    doc: r#"## What it does
Runs with `todo lint --since REV`, and only when `.todo.yml` declares a `workflow:`, a map from
each status to the statuses it may move to. For every task whose status differs from its
status in REV, checks that the new status is listed under the old one, and reports the new
status value otherwise. Statuses are compared ignoring case, spaces and underscores
(`in progress` is `IN-PROGRESS`).

A status that is not a key of the workflow is not checked; list it with an empty list
(`DONE: []`) to forbid leaving it. Only the status in REV and the status now are compared, so
run it against the last commit (`--since HEAD`, or `--staged --since HEAD` in a pre-commit
hook) to check each step.

## Why is this bad?
A team's workflow says how work moves: nothing is done without review, a blocked task goes
back to ready before it is started again. A task that skips a step skips what that step is
for, and the history stops telling the true story.

## Example
```yaml
# .todo.yml
workflow:
  READY: [IN-PROGRESS, BLOCKED]
  IN-PROGRESS: [REVIEW, BLOCKED]
  REVIEW: [DONE, IN-PROGRESS]
```
A task at `READY` in `main` and `DONE` now is reported: from READY only IN-PROGRESS or BLOCKED
may follow.

## How to fix
Move the task through the allowed statuses, or change the workflow if it no longer matches how
the team works."#,
    fix: None,
};

/// Runs the rule: `before` is the project at `rev` (`rev` is only named in messages); `cx`
/// reads the project now. Does nothing for an empty workflow.
pub fn check(
    before: &Project,
    rev: &str,
    cx: &Context,
    workflow: &BTreeMap<String, Vec<String>>,
    out: &mut Vec<Diagnostic>,
) {
    if workflow.is_empty() {
        return;
    }
    let then = before.index();
    for (fi, _, task) in cx.tasks() {
        let Some(id) = task.id() else { continue };
        let Some(field) = task.field(FieldKey::Status).filter(|f| !f.value.is_empty()) else {
            continue;
        };
        // The same task in REV (an ID reused for another task is `id-reused`'s report).
        let Some(from) = then.get(id).and_then(|olds| {
            olds.iter()
                .filter(|o| same_task(&o.task.title.value, &task.title.value))
                .find_map(|o| o.task.status())
        }) else {
            continue;
        };
        let to = field.value.as_str();
        if status_key(from) == status_key(to) {
            continue;
        }
        let Some((key, allowed)) = workflow
            .iter()
            .find(|(k, _)| status_key(k) == status_key(from))
        else {
            continue;
        };
        if allowed.iter().any(|a| status_key(a) == status_key(to)) {
            continue;
        }
        let next = if allowed.is_empty() {
            format!("nothing may follow {key}")
        } else {
            format!("from {key} only {} may follow", allowed.join(", "))
        };
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            field.value_span(),
            Some(task),
            format!("{id} went from {from} (in {rev}) to {to}, which the workflow does not allow: {next}"),
        );
        d.help = Some(if allowed.is_empty() {
            format!("{key} is final in the workflow of .todo.yml")
        } else {
            format!("set the status to one of {}", allowed.join(", "))
        });
        out.push(d);
    }
}

/// A status as compared: upper case, words joined by `-` (`in progress` → `IN-PROGRESS`).
fn status_key(status: &str) -> String {
    status
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    #[test]
    fn status_keys_ignore_case_and_separators() {
        assert_eq!(super::status_key("in progress"), "IN-PROGRESS");
        assert_eq!(super::status_key("IN_PROGRESS"), "IN-PROGRESS");
        assert_eq!(super::status_key(" Done "), "DONE");
    }
}
