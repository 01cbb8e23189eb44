//! `duplicate-field`: the same field twice in one task.

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
    // The keys seen in the task so far, with their field's index: a task has a few fields, so a
    // list searched in place beats a map, and known keys are compared without a string.
    let mut seen: Vec<(Key, usize)> = Vec::new();
    for (fi, file, task) in cx.tasks() {
        let schema = cx.schema(file);
        seen.clear();
        for (n, field) in task.fields.iter().enumerate() {
            // Free-form notes may repeat a label (`Impact:` under each sub-item); only keys
            // the model or the schema knows must be single.
            if field.canon.is_none() && schema.is_none_or(|s| s.declaration(field).is_none()) {
                continue;
            }
            let key = match field.canon {
                Some(k) => Key::Known(k),
                None => Key::Other(field.key.as_str().to_lowercase()),
            };
            match seen.iter().find(|(k, _)| k.same(&key)) {
                None => seen.push((key, n)),
                Some(&(_, first)) => {
                    let f = &task.fields[first];
                    let mut d = cx.diagnostic(
                        &INFO,
                        fi,
                        field.key_span(),
                        Some(task),
                        format!("{} has the field `{}` twice", name(task), field.key),
                    );
                    d.secondary
                        .push(cx.location(fi, f.key_span(), Some("first here".into())));
                    d.help = Some("keep one of them".to_string());
                    out.push(d);
                }
            }
        }
    }
}

/// A field's key: one of the alias table's, or another written key in lower case.
enum Key {
    Known(crate::model::FieldKey),
    Other(String),
}

impl Key {
    fn name(&self) -> &str {
        match self {
            Key::Known(k) => k.name(),
            Key::Other(s) => s,
        }
    }

    fn same(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Known(a), Key::Known(b)) => a == b,
            _ => self.name() == other.name(),
        }
    }
}
