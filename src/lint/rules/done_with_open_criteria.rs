//! `done-with-open-criteria`: a finished task whose checklist is not.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::{FieldKey, State};

use super::{Context, head_span, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD012",
    name: "done-with-open-criteria",
    severity: Severity::Warning,
    summary: "A task is done but some of its checklist items are not ticked.",
    doc: r#"## What it does
Reports tasks in the done state (by status or by a ticked checkbox) that still have unticked
checklist items.

## Why is this bad?
Either the work is not finished, or the checklist no longer tells the truth; reviewers cannot
tell which.

## Example
```markdown
- [x] Ship the exporter
  - [x] CSV
  - [ ] JSON
```

## How to fix
Tick the items that are done, move the rest to a new task, or reopen the task."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        if task.state != State::Done {
            continue;
        }
        let open: Vec<_> = task.criteria.iter().filter(|c| !c.done).collect();
        if open.is_empty() {
            continue;
        }
        let span = task
            .checkbox
            .map(|c| c.mark)
            .or_else(|| task.field(FieldKey::Status).map(|f| f.value_span()))
            .unwrap_or_else(|| head_span(file, task));
        let (done, total) = task.progress();
        // A Backlog.md Definition of Done is a checklist of its own: name the one left open.
        let (dod_done, dod_total) = task.done_progress();
        let message = if dod_total > 0 && done == total {
            format!(
                "{} is done but {dod_done}/{dod_total} of its definition of done is ticked",
                name(task)
            )
        } else {
            format!(
                "{} is done but {done}/{total} of its checklist is ticked",
                name(task)
            )
        };
        let mut d = cx.diagnostic(&INFO, fi, span, Some(task), message);
        for c in open {
            d.secondary
                .push(cx.location(fi, c.mark(), Some("not ticked".into())));
        }
        d.help = Some("tick what is done, or move the rest to a new task".to_string());
        out.push(d);
    }
}
