//! `invalid-front-matter`: a file's YAML front matter does not parse.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD022",
    name: "invalid-front-matter",
    severity: Severity::Error,
    summary: "A file's YAML front matter is not valid YAML.",
    doc: r#"## What it does
Reads the YAML front matter at the top of every task file (the block between two `---`
lines) and reports the first place where it is not valid YAML: a line without `key: value`,
an unclosed quote, a tab used for indentation, a front matter with no closing `---`.

## Why is this bad?
In a one-file-per-task folder the front matter *is* the task: its ID, title, status and
dependencies. A task whose front matter does not parse is invisible to every other tool
that reads the folder, and `todo` could only guess at it.

## Example
```markdown
---
id: task-12
status In Progress
---
```

## How to fix
Write each key as `key: value` (`status: In Progress`), quote values that hold `: ` or start
with a YAML indicator (`'@ana'`), and close the block with `---`."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f) in cx.files() {
        for p in &f.file.problems {
            let task = f
                .file
                .tasks
                .first()
                .filter(|t| t.span.start <= p.span.start && p.span.start < t.span.end);
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                p.span,
                task,
                format!("front matter is not valid YAML: {}", p.message),
            );
            d.help = Some("write each entry as `key: value` and close the block with `---`".into());
            out.push(d);
        }
    }
}
