//! `invalid-id`: an ID that does not match the schema's ID pattern.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD003",
    name: "invalid-id",
    severity: Severity::Error,
    summary: "A task ID does not match the ID pattern the schema declares.",
    doc: r#"## What it does
Checks each task's ID against the schema's pattern: `- **ID**: `T-###`` in the file's
`Task schema` section, or `schema.id` in `.todo.yml`. In a pattern `#` is one digit and `*`
any run of letters and digits; every other character stands for itself.

## Why is this bad?
IDs that drift from the pattern (`T-12`, `t-012`, `TASK-012`) break sorting, references and
the next-free-ID computation, and usually mean a task was copied in from somewhere else.

## Example
```markdown
- **ID**: `T-###` (unique)

### T-12: Remove the legacy exporter
```

## How to fix
Renumber the task to match (`T-012`), and update the references to it."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        let Some(pattern) = cx.schema(file).and_then(|s| s.id_pattern.as_ref()) else {
            continue;
        };
        let Some(id) = &task.id else { continue };
        if pattern.matches(&id.value) {
            continue;
        }
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            id.span,
            Some(task),
            format!(
                "`{}` does not match the ID pattern `{}`",
                id.value, pattern.0
            ),
        );
        d.help = Some("`#` stands for one digit, `*` for letters and digits".to_string());
        out.push(d);
    }
}
