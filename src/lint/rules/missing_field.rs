//! `missing-field`: a field the schema requires is absent.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::FieldKey;

use super::{Context, has_field_block, head_span, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD001",
    name: "missing-field",
    severity: Severity::Error,
    summary: "A field the schema marks as required is missing from a task.",
    doc: r#"## What it does
Checks that every task written as a block (a heading task, a titled task, a plain-line task)
has each field the schema requires. A `## Task schema (required)` section makes every field
it lists required; a single declaration can say `(required)` or `(optional)`; `.todo.yml`
lists required fields under `schema.required`.

## Why is this bad?
A missing `Owner` or `Priority` means nobody can filter or sort the task correctly, and the
file no longer keeps the promise its own schema makes.

## Example
```markdown
## Task schema (required)
- **Priority**: `P0 | P1 | P2`
- **Effort**: `S | M | L`

### T-007: Rotate the signing key
Priority: P1
```
`T-007` has no `Effort` field.

## How to fix
Add the field, with `None` if there is really nothing to say:
```markdown
### T-007: Rotate the signing key
Priority: P1
Effort: S
```
One-line tasks (checkboxes, bullets) carry no field block and are not checked."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        let Some(schema) = cx.schema(file) else {
            continue;
        };
        if !has_field_block(task) {
            continue;
        }
        for decl in schema.required() {
            let present = match decl.key {
                Some(FieldKey::Id) => task.id.is_some(),
                Some(key) => task.field(key).is_some(),
                None => task.field_named(&decl.name).is_some(),
            };
            if present {
                continue;
            }
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                head_span(file, task),
                Some(task),
                format!(
                    "{} has no `{}` field, which the schema requires",
                    name(task),
                    decl.name
                ),
            );
            d.help = Some(if decl.values.is_empty() {
                format!("add the field `{}:` to the task", decl.name)
            } else {
                format!(
                    "add `{}: {}` to the task",
                    decl.name,
                    decl.values.join(" | ")
                )
            });
            out.push(d);
        }
    }
}
