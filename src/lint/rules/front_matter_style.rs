//! `front-matter-style`: a front-matter value written unquoted although it starts with a
//! character YAML reserves (`assignee: @MrLesk`). `todo` reads it as the string it spells,
//! as Backlog.md does; strict YAML readers refuse the whole block, so the rule warns and
//! offers to quote the value.

use crate::edit::Edit;
use crate::lint::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::registry::RuleInfo;

use super::{Context, with_fix};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD025",
    name: "front-matter-style",
    severity: Severity::Warning,
    summary: "A front-matter value starts with a YAML indicator (`@`, a backtick) unquoted.",
    doc: r#"## What it does
Finds front-matter values and list items written without quotes although they start with
`@` or a backtick, characters that YAML reserves. Backlog.md writes assignees this way
(`assignee: @MrLesk`); `todo` reads such a value as the string it spells.

## Why is this bad?
A strict YAML reader (most static-site generators, `yq`, editors' YAML plugins) rejects the
whole front matter at that character, so the task's ID, status and dependencies are lost to
every tool but the few that tolerate it.

## Example
```markdown
---
id: task-12
assignee: @ana
---
```

## How to fix
Quote the value: `assignee: '@ana'`. `todo lint --fix` does it; the fix is safe: the value
reads the same, and every YAML reader accepts it."#,
    fix: Some(Applicability::Safe),
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f) in cx.files() {
        if f.file.front_matter.is_none() {
            continue;
        }
        let doc = &f.file.doc;
        for span in crate::parse::unquoted_reserved(doc) {
            let value = &doc.text()[span.range()];
            let task = f
                .file
                .tasks
                .first()
                .filter(|t| t.span.start <= span.start && span.start < t.span.end);
            let quoted = format!("'{}'", value.replace('\'', "''"));
            let mut d = cx.diagnostic(
                &INFO,
                fi,
                span,
                task,
                format!("`{value}` starts with a character YAML reserves; quote it"),
            );
            d.help = Some(format!("write {quoted}"));
            out.push(with_fix(
                d,
                Fix {
                    message: format!("quote as {quoted}"),
                    edits: vec![Edit {
                        span,
                        replacement: quoted,
                    }],
                    applicability: Applicability::Safe,
                },
            ));
        }
    }
}
