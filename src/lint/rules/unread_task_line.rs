//! `unread-task-line`: a line outside every task that looks like part of one.

use crate::document::Span;
use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::parse::account::NearMissKind;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD026",
    name: "unread-task-line",
    severity: Severity::Warning,
    summary: "A task-looking line outside every task that is read as no task.",
    doc: r#"## What it does
Reports lines that look like a task or part of one but that no task holds: a `Status` or
`Priority` field line outside every task, and a list item led by a task ID with no
separator after it (`- T-7 fix the parser`).

## Why is this bad?
A person reading the file takes such a line for a task or a task's field; `todo` reads it as
prose, so the task is missing from `list`, `ready` and the board, or the status belongs to
nothing.

## Example
```markdown
## Import
Status: in progress

- T-7 fix the parser
```

## How to fix
Put the field under a task (`### ID: Title`, or a checkbox item) and set the ID off with a
separator (`- T-7: fix the parser`) or a checkbox (`- [ ] T-7 fix the parser`). If the line
is meant as prose, reword it (`Status of the import: in progress`)."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file) in cx.files() {
        let text = file.file.doc.text();
        for (e, m) in cx.near_misses(fi) {
            if !matches!(m.kind, NearMissKind::StrayField | NearMissKind::Unseparated) {
                continue;
            }
            let line = &text[e.span.range()];
            let span = Span::new(
                e.span.start + line.len() - line.trim_start().len(),
                e.span.end,
            );
            let mut d = cx.diagnostic(&INFO, fi, span, None, m.reason.clone());
            d.help = Some(m.help.clone());
            out.push(d);
        }
    }
}
