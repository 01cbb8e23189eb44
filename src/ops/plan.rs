//! What every edit command shares while it plans: the options all of them take, how a task
//! and a line are named in a change record, the schema's allowed values, the `Last Updated`
//! touch, and the checks a plan carries. It must not plan a command of its own.

use crate::model::{ChangeKind, Task};
use crate::parse::style::same_value;
use crate::project::{LoadedFile, Project};

use super::fields;
use super::find::find;
use super::{Change, OpError, Plan};

/// Options shared by every edit.
#[derive(Debug, Clone, Copy)]
pub struct Common {
    /// Today, for `Last Updated:` lines; `None` leaves them alone (`--no-touch-date`).
    pub today: Option<chrono::NaiveDate>,
    /// Write values outside the schema and skip the done guards.
    pub force: bool,
}

pub(super) fn key_of(t: &Task) -> String {
    t.id().map_or_else(|| t.title.value.clone(), str::to_string)
}

pub(super) fn line(f: &LoadedFile, offset: usize) -> usize {
    f.file.doc.position(offset).line
}

/// The schema's allowed values for a field of this file (empty when free): the schema `lint`
/// checks the file against, Backlog.md's configured statuses included.
pub(super) fn allowed<'a>(project: &'a Project, f: &'a LoadedFile, key: &str) -> Vec<String> {
    let config = project.config.schema();
    let backlog = project
        .config
        .backlog
        .as_ref()
        .and_then(|b| b.status_schema());
    crate::project::schema_of(f, config.as_ref(), backlog.as_ref())
        .and_then(|s| s.field(key))
        .map(|d| d.values.clone())
        .unwrap_or_default()
}

/// The value as the schema spells it; an error when it is not allowed (unless forced).
pub(super) fn checked(
    project: &Project,
    f: &LoadedFile,
    key: &str,
    value: &str,
    force: bool,
) -> Result<String, OpError> {
    let values = allowed(project, f, key);
    if values.is_empty() || force {
        return Ok(values
            .iter()
            .find(|v| v.eq_ignore_ascii_case(value))
            .cloned()
            .unwrap_or_else(|| value.to_string()));
    }
    values
        .iter()
        .find(|v| v.eq_ignore_ascii_case(value))
        .cloned()
        .ok_or_else(|| OpError::NotAllowed {
            field: key.to_lowercase(),
            value: value.to_string(),
            allowed: values.join(" | "),
        })
}

pub(super) fn touch(plan: &mut Plan, project: &Project, fi: usize, common: Common) {
    let f = &project.files[fi];
    if let Some(today) = common.today
        && let Some(e) = fields::touch_date(&f.file, today)
    {
        plan.changes.push(Change {
            task: f.display.clone(),
            kind: ChangeKind::LastUpdated,
            old: Some(f.file.doc.slice(e.span).to_string()),
            new: Some(e.replacement.clone()),
            file: f.display.clone(),
            line: line(f, e.span.start),
        });
        plan.edit(fi, [e]);
    }
}

/// A new field's key is spelled as the file's schema names it, else as the file's first task
/// with that field spells it (`fields::key_spelling`). A file read only in part
/// (`TaskFile::parse_related`) cannot tell the latter, so there a new field the schema does
/// not name is refused and left to the whole project (the CLI retries any refusal there).
pub(super) fn spelled_here(f: &LoadedFile, key: &str) -> Result<(), OpError> {
    let named = f
        .file
        .schema
        .as_ref()
        .is_some_and(|s| s.field(key).is_some());
    if f.file.scope == crate::parse::Scope::Whole || named {
        Ok(())
    } else {
        Err(OpError::Unverified(format!(
            "spelling a new `{key}` field like the rest of {} needs the whole file",
            f.display
        )))
    }
}

/// Expect `id` to read back with `key` = `value`.
pub(super) fn expect_value(plan: &mut Plan, id: String, key: String, value: String) {
    plan.expect.push(Box::new(move |p: &Project| {
        let (fi, t) = find(p, &id).map_err(|e| e.to_string())?;
        let field = t.field_named(&key);
        // The notation decides what counts as the same value (`⏫` is `high` is `P1`).
        let src = p.files[fi].file.doc.text();
        if field.is_some_and(|f| same_value(&p.files[fi].file, f, &f.text(src), &value)) {
            return Ok(());
        }
        match field.map(|f| f.text(src)) {
            Some(got) => Err(format!("{id}'s {key} would read `{got}`, not `{value}`")),
            None => Err(format!("{id} would have no {key}, not `{value}`")),
        }
    }));
}

pub(super) fn same(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}
