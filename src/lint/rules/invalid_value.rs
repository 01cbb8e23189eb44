//! `invalid-value`: a field's value is not one the schema allows.

use crate::lint::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::FieldKey;

use super::{Context, name, with_fix};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD002",
    name: "invalid-value",
    severity: Severity::Error,
    summary: "A field's value is outside the values the schema enumerates.",
    doc: r#"## What it does
Checks every field whose schema declaration enumerates its values (a code span such as
`` `READY | BLOCKED | IN-PROGRESS` ``, or `schema.values` in `.todo.yml`) against that list.
In a Backlog.md folder without such a schema, the `statuses` of `backlog/config.yml` are the
allowed statuses. The message lists the allowed values and the nearest one.

## Why is this bad?
`Status: WIP` is invisible to `todo list --status IN-PROGRESS`, to dashboards and to every
other reader that trusts the schema; typos split one state into two.

## Example
```markdown
- **Status**: `READY | BLOCKED | IN-PROGRESS | IN-REVIEW`

### T-010: Cache the parsed schema
Status: WIP
```

## How to fix
Use one of the allowed values (`Status: IN-PROGRESS`), or add the new value to the schema.

## Fix safety
A value that differs only in letter case (`ready`) is fixed safely to the schema's spelling.
Replacing any other value with the nearest allowed one is an unsafe fix: it may not be what
the author meant. A value written as a sign (a state emoji such as `✅` leading an item, an
Obsidian Tasks priority such as `⏫`) has no fix: a word in its place would not read back."#,
    fix: Some(Applicability::Safe),
};

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let states = cx.project.config.state_map();
    for (fi, file, task) in cx.tasks() {
        let Some(schema) = cx.schema(file) else {
            continue;
        };
        for field in &task.fields {
            let Some(decl) = schema.declaration(field) else {
                continue;
            };
            if decl.values.is_empty() || field.value.is_empty() {
                continue;
            }
            let value = field.value.as_str();
            // A value written as a sign, whose span is its key's (a state emoji such as `✅`
            // leading an item, an Obsidian priority such as `⏫`), does not read back as a word
            // put in its place; a state emoji is the legend's value that it leads (`✅ Done`).
            let writable = field.value_span() != field.key_span();
            if decl
                .values
                .iter()
                .any(|v| v == value || !writable && crate::parse::style::emoji_spells(value, v))
            {
                continue;
            }
            let allowed = decl.values.join(" | ");
            let same_case = decl.values.iter().find(|v| v.eq_ignore_ascii_case(value));
            // For a status, the nearest value is the allowed one with the same state (`WIP` →
            // `IN-PROGRESS`); otherwise the closest spelling.
            let same_state = (field.canon == Some(FieldKey::Status))
                .then(|| states.state_of(value))
                .flatten()
                .and_then(|st| decl.values.iter().find(|v| states.state_of(v) == Some(st)));
            let nearest = same_case
                .or(same_state)
                .or_else(|| nearest(&decl.values, value));
            let mut message = format!(
                "{}: `{}: {value}` is not an allowed value ({allowed})",
                name(task),
                field.key
            );
            if let Some(n) = nearest {
                message.push_str(&format!("; nearest: {n}"));
            }
            let d = cx.diagnostic(&INFO, fi, field.value_span(), Some(task), message);
            // The value is written as `todo set` writes it, in the field's notation (a table
            // cell escapes a `|`, a YAML scalar keeps its quoting); no fix where it cannot be.
            let edit = nearest.filter(|_| writable).and_then(|n| {
                crate::parse::style::replace_value(&file.file, field, n)
                    .ok()
                    .map(|e| (n, e))
            });
            let d = match edit {
                Some((n, edit)) => with_fix(
                    d,
                    Fix {
                        message: format!("replace with `{n}`"),
                        edits: vec![edit],
                        applicability: if same_case.is_some() {
                            Applicability::Safe
                        } else {
                            Applicability::Unsafe
                        },
                    },
                ),
                None => d,
            };
            out.push(d);
        }
    }
}

/// The allowed value closest to `value` (ignoring case), when one is reasonably close.
fn nearest<'v>(values: &'v [String], value: &str) -> Option<&'v String> {
    let v = value.to_uppercase();
    values
        .iter()
        .map(|c| (strsim::jaro_winkler(&c.to_uppercase(), &v), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_value() {
        let values: Vec<String> = ["READY", "BLOCKED", "IN-PROGRESS", "IN-REVIEW"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            nearest(&values, "IN PROGRESS").map(String::as_str),
            Some("IN-PROGRESS")
        );
        assert_eq!(
            nearest(&values, "blocked").map(String::as_str),
            Some("BLOCKED")
        );
        assert_eq!(nearest(&values, "zzzz"), None);
    }
}
