//! `unknown-field`: a field the file's schema does not declare.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::{Context, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD006",
    name: "unknown-field",
    severity: Severity::Warning,
    summary: "A task has a field its file's schema does not declare.",
    doc: r#"## What it does
When a schema applies (the file's `Task schema` section or `.todo.yml`), reports fields whose
key the schema does not declare, comparing through the alias table.

## Why is this bad?
An undeclared key is often a misspelling (`Priorty:`) that leaves the real field missing, or a
new convention the schema should document.

## Example
```markdown
- **Priority**: `P0 | P1 | P2`

### T-040: Retry failed webhooks
Priorty: P1
```

## How to fix
Correct the key, or declare the field in the schema."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        let Some(schema) = cx.schema(file).filter(|s| {
            !matches!(
                s.source,
                crate::schema::SchemaSource::Legend | crate::schema::SchemaSource::Backlog
            )
        }) else {
            continue;
        };
        for field in &task.fields {
            if schema.declaration(field).is_some() {
                continue;
            }
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                field.key_span(),
                Some(task),
                format!(
                    "{}: the schema does not declare the field `{}`",
                    name(task),
                    field.key
                ),
            );
            let known: Vec<&str> = schema.fields.iter().map(|f| f.name.as_str()).collect();
            if let Some(near) = known
                .iter()
                .map(|k| {
                    (
                        strsim::jaro_winkler(&k.to_lowercase(), &field.key.to_lowercase()),
                        k,
                    )
                })
                .filter(|(s, _)| *s >= 0.85)
                .max_by(|a, b| a.0.total_cmp(&b.0))
            {
                d.help = Some(format!("did you mean `{}`?", near.1));
            }
            out.push(d);
        }
    }
}
