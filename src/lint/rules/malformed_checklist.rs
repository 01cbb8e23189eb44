//! `malformed-checklist`: lines that look like checkboxes but are not read as one.

use crate::edit::Edit;
use crate::lint::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::registry::RuleInfo;

use super::{Context, with_fix};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD016",
    name: "malformed-checklist",
    severity: Severity::Error,
    summary: "A checkbox-like line that Markdown does not read as a checkbox.",
    doc: r#"## What it does
Finds lines written as checkboxes that CommonMark with task lists does not recognise:
no space after the bullet (`-[ ] item`), an empty box (`- [] item`), or a padded mark
(`- [ x] item`).

## Why is this bad?
Such a line is plain text: it is not a task, not a criterion, and its tick is never counted,
although it looks like one to the person who wrote it.

## Example
```markdown
-[ ] Rotate the keys
- [] Update the docs
```

## How to fix
Write `- [ ] text` (or `- [x] text`).

## Fix safety
Unsafe: after the fix the line becomes a task or a criterion, which changes what `todo`
counts."#,
    fix: Some(Applicability::Unsafe),
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, file) in cx.files() {
        for s in &file.file.suspect_checkboxes {
            let written = file.file.doc.slice(s.span);
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                s.span,
                None,
                format!("`{written}` is not read as a checkbox"),
            );
            d.help = Some(format!("write `{}`", s.replacement));
            out.push(with_fix(
                d,
                Fix {
                    message: format!("replace with `{}`", s.replacement),
                    edits: vec![Edit {
                        span: s.span,
                        replacement: s.replacement.clone(),
                    }],
                    applicability: Applicability::Unsafe,
                },
            ));
        }
    }
}
