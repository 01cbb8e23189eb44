//! `unknown-dependency`: a dependency or blocker names an ID found in no task file.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::{Context, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD007",
    name: "unknown-dependency",
    severity: Severity::Error,
    summary: "A dependency or blocker refers to an ID that no task file defines.",
    doc: r#"## What it does
Checks every task ID named in a `Dependencies` or `Blocker` field against the IDs of all the
project's task files, the archive file included.

## Why is this bad?
A dangling reference makes `todo ready` wait forever on a task that does not exist: usually a
typo, a renumbered task, or a finished task deleted instead of archived.

## Example
```markdown
### T-050: Publish the runbook
Dependencies: T-048, T-049
```
with no task `T-049` anywhere.

## How to fix
Correct the ID, restore the task (or move it to the archive file), or drop the reference."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, task) in cx.tasks() {
        for (field, refs) in [
            ("depends on", &task.dependencies),
            ("is blocked by", &task.blocker_refs),
        ] {
            for r in refs.iter() {
                if cx.index.lookup(r.value.as_str()).is_some() {
                    continue;
                }
                let mut d = cx.diagnostic(
                    &INFO,
                    fi,
                    r.span,
                    Some(task),
                    format!(
                        "{} {field} {}, which no task file defines",
                        name(task),
                        r.value
                    ),
                );
                d.help =
                    Some("fix the ID, or archive the finished task instead of deleting it".into());
                out.push(d);
            }
        }
    }
}
