//! `stale-last-updated`: the header's `Last Updated:` date is older than the last commit that
//! changed the file's tasks.
//!
//! The commit dates come from git, read by `crate::lint::history`; this rule only compares.
//! The date line is read by the parser into `TaskFile::last_updated` and rewritten in its own
//! format by `model::LastUpdated`, so lint and the editing commands agree on what the line is.

use chrono::NaiveDate;

use crate::document::Span;
use crate::edit::Edit;
use crate::lint::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::registry::RuleInfo;
use crate::parse::TaskFile;

use super::{Context, with_fix};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD020",
    name: "stale-last-updated",
    severity: Severity::Warning,
    summary: "The `Last Updated:` date is older than the last commit that changed the tasks.",
    doc: r#"## What it does
In a git repository, for each tracked task file with a `Last Updated:` line in its header
(before the first task), finds the last commit that changed the file's tasks: the walk follows
first parents from HEAD and stops at the first commit that changed anything from the first task
on, or that added the file. Edits of the header alone (the date itself, the title) do not
count. When the header's date is older than that commit's author date, it is reported.

## Why is this bad?
Readers trust the header to say how current the plan is. A date that lags behind the history
makes a maintained file look abandoned, and hides which version of the plan someone read.

## Example
```markdown
# Roadmap

Last Updated: 2026-01-20

### T-004: Ship the importer
Status: DONE
```
with T-004 last changed by a commit of 2026-03-02.

## How to fix
`todo lint --fix` sets the date to the commit's date, written in the format the line already
uses (`2026-03-02`, `March 2, 2026`, …); nothing else in the file changes. The editing commands
of `todo` keep the date current on their own."#,
    fix: Some(Applicability::Safe),
};

/// The last commit that changed a file's tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// Its author date, in the author's time zone.
    pub date: NaiveDate,
    /// Its abbreviated hash, for the message.
    pub commit: String,
}

/// The header's `Last Updated:` date and the span of its value, or `None` when the file has
/// no such line or its date is in no known format.
pub fn header_date(file: &TaskFile) -> Option<(Span, NaiveDate)> {
    let header = file.last_updated.as_ref()?;
    Some((header.span, header.date?.0))
}

/// Runs the rule: `changes[i]` is the last change of file `i`, `None` when it is not tracked
/// (or there is no repository, or no date line to compare).
pub fn check(cx: &Context, changes: &[Option<LastChange>], out: &mut Vec<Diagnostic>) {
    for (fi, file) in cx.files() {
        let Some(Some(change)) = changes.get(fi) else {
            continue;
        };
        let Some((span, date)) = header_date(&file.file) else {
            continue;
        };
        // A date ahead of the history (edited, not committed yet) is not stale.
        if date >= change.date {
            continue;
        }
        let Some(edit) = file.file.last_updated.and_then(|h| {
            Some(Edit {
                span,
                replacement: h.rewrite(change.date)?,
            })
        }) else {
            continue;
        };
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            span,
            None,
            format!(
                "Last Updated is {}, but the tasks last changed on {} (commit {})",
                file.file.doc.slice(span),
                change.date.format("%Y-%m-%d"),
                change.commit
            ),
        );
        d.help = Some(format!("set the date to {}", edit.replacement));
        let fix = Fix {
            message: format!("set to {}", edit.replacement),
            edits: vec![edit],
            applicability: Applicability::Safe,
        };
        out.push(with_fix(d, fix));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    #[test]
    fn reads_the_header_date_in_its_format() {
        let parse = |t: &str| TaskFile::parse(Document::from_string("TODO.md", t.to_string()));
        let f = parse("# P\n\n**Last Updated:** March 2, 2026\n\n### T-1: A\n");
        let (span, date) = header_date(&f).unwrap();
        assert_eq!(f.doc.slice(span), "March 2, 2026");
        assert_eq!(date, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert!(header_date(&parse("### T-1: A\nLast Updated: 2026-01-01\n")).is_none());
        assert!(header_date(&parse("Last Updated: soon\n\n### T-1: A\n")).is_none());
    }
}
