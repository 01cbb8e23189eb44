//! `malformed-checklist`: lines that look like checkboxes but are not read as one: a
//! malformed box, or a list line whose indentation makes Markdown fold it into a paragraph or
//! read it as a sibling instead of a child.

use crate::document::Span;
use crate::edit::Edit;
use crate::lint::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::registry::RuleInfo;
use crate::parse::account::NearMissKind;

use super::{Context, with_fix};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD016",
    name: "malformed-checklist",
    severity: Severity::Error,
    summary: "A checkbox-like line that Markdown does not read as a checkbox.",
    doc: r#"## What it does
Finds lines written as checkboxes that CommonMark with task lists does not read as the
person who wrote them sees them:

- a malformed box: no space after the bullet (`-[ ] item`), an empty box (`- [] item`), or a
  padded mark (`- [ x] item`);
- a list line folded into the paragraph above (lazy continuation): indented short of the
  content column of the item above and four columns or more past the content of the
  item that does contain it, it is paragraph text;
- a list item indented past the marker of the item above but short of its content column,
  which Markdown reads as a sibling of that item (or a new list), not as its child;
- a checkbox line that a setext underline (`---`) below turns into a heading;
- a box at the start of a line with no list marker (`[ ] step`), or with no text after it
  (`- [ ]`).

Also reported for a `Status` or `Priority` line folded the same way.

## Why is this bad?
Such a line is plain text, or stands elsewhere than it seems: it is not a task, not a
criterion, and its tick is never counted, although it looks like one to the person who
wrote it. Nothing else says so: `list` simply does not show it.

## Example
```markdown
12. [x] Ship the importer
   - Phases:
    - [x] Read the old format
-[ ] Rotate the keys
```

## How to fix
Write `- [ ] text` (or `- [x] text`). Indent a nested item to the content column of its
parent: the column where the parent's text starts (four spaces under `12. `, two under
`- `).

## Fix safety
Re-indenting is safe: only leading spaces change, to the content column of the item the
line evidently belongs under (and that item's own, when it is mis-indented too), which is
where Markdown reads it as that item's child; lines indented with tabs get no fix. Rewriting
a malformed box is unsafe: after the fix the line becomes a task or a criterion, which
changes what `todo` counts."#,
    fix: Some(Applicability::Safe),
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
        for (e, m) in cx.near_misses(fi) {
            if !matches!(
                m.kind,
                NearMissKind::Folded
                    | NearMissKind::Sibling
                    | NearMissKind::Underlined
                    | NearMissKind::NoMarker
                    | NearMissKind::NotABox
            ) {
                continue;
            }
            let text = file.file.doc.text();
            let lead = text[e.span.range()].len() - text[e.span.range()].trim_start().len();
            let span = Span::new(e.span.start + lead, e.span.end);
            let mut d = cx.diagnostic(&INFO, fi, span, None, m.reason.clone());
            d.help = Some(m.help.clone());
            out.push(if m.fix.is_empty() {
                d
            } else {
                with_fix(
                    d,
                    Fix {
                        message: "re-indent (only leading spaces change)".into(),
                        edits: m.fix.clone(),
                        applicability: Applicability::Safe,
                    },
                )
            });
        }
    }
}
