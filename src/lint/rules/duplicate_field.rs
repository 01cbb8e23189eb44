//! `duplicate-field`: the same field twice in one task.

use std::collections::HashMap;

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::{Context, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD005",
    name: "duplicate-field",
    severity: Severity::Error,
    summary: "A task has the same field twice.",
    doc: r#"## What it does
Finds a field written twice in one task, comparing keys through the alias table (so
`Depends on:` and `Dependencies:` are the same field). Only keys of the alias table or of the
schema are checked: free-form notes may repeat a label.

## Why is this bad?
Only the first value is read; the second is silently ignored, and a reader of the file cannot
tell which one is true.

## Example
```markdown
### T-031: Paginate the export
Status: READY
Priority: P2
Status: IN-PROGRESS
```

## How to fix
Keep one of the two lines."#,
    fix: None,
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file, task) in cx.tasks() {
        let schema = cx.schema(file);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (n, field) in task.fields.iter().enumerate() {
            // Free-form notes may repeat a label (`Impact:` under each sub-item); only keys
            // the model or the schema knows must be single.
            if field.canon.is_none() && schema.is_none_or(|s| s.declaration(field).is_none()) {
                continue;
            }
            let key = match field.canon {
                Some(k) => k.name().to_string(),
                None => field.key.to_lowercase(),
            };
            match seen.get(&key) {
                None => {
                    seen.insert(key, n);
                }
                Some(&first) => {
                    let f = &task.fields[first];
                    let mut d = cx.diagnostic(
                        &INFO,
                        fi,
                        field.key_span,
                        Some(task),
                        format!("{} has the field `{}` twice", name(task), field.key),
                    );
                    d.secondary
                        .push(cx.location(fi, f.key_span, Some("first here".into())));
                    d.help = Some("keep one of them".to_string());
                    out.push(d);
                }
            }
        }
    }
}
