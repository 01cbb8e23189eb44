//! `invalid-date`: a date field holds a date that does not exist.

use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::FieldStyle;

use super::{Context, name};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD023",
    name: "invalid-date",
    severity: Severity::Error,
    summary: "A date field (`📅 2024-02-30`, `[due:: …]`) is not a real calendar date.",
    doc: r#"## What it does
Checks the date fields of Obsidian Tasks (`📅` due, `⏳` scheduled, `🛫` start, `➕` created,
`✅` done, `❌` cancelled) and the Dataview inline fields named like dates (`[due:: …]`,
`[scheduled:: …]`, `[start:: …]`, `[created:: …]`, `[completion:: …]`) and reports a value
that is not a real `YYYY-MM-DD` date: `2023-02-29`, `2024-13-01`, `2024-1-5`.

## Why is this bad?
A date that does not exist sorts nowhere: Obsidian Tasks drops the task from date queries,
and `todo` cannot tell whether the task is due.

## Example
```markdown
- [ ] Renew the domain 📅 2025-02-29
```

## How to fix
Write a date that exists, in `YYYY-MM-DD` form: `📅 2025-02-28`."#,
    fix: None,
};

const DATE_KEYS: [&str; 9] = [
    "due",
    "scheduled",
    "start",
    "created",
    "done",
    "cancelled",
    "completion",
    "date",
    "deadline",
];

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, _, task) in cx.tasks() {
        for field in &task.fields {
            if !matches!(field.style, FieldStyle::Emoji | FieldStyle::Inline)
                || !DATE_KEYS.contains(&field.key.to_ascii_lowercase().as_str())
                || crate::parse::valid_date(&field.value)
            {
                continue;
            }
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                field.value_span(),
                Some(task),
                format!(
                    "{}: `{}` date `{}` is not a real date",
                    name(task),
                    field.key,
                    field.value
                ),
            );
            d.help = Some("write an existing date as YYYY-MM-DD".into());
            out.push(d);
        }
    }
}
