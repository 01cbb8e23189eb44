//! `todo set ID FIELD VALUE…`: one small edit per field, each built against the original
//! text. It must not write values a notation cannot hold; `fields` decides how each is written.

use crate::model::{ChangeKind, FieldStyle};
use crate::project::Project;

use super::fields;
use super::find::find;
use super::plan::{Common, checked, expect_value, key_of, line, spelled_here, touch};
use super::{Change, OpError, Plan};

/// `todo set ID FIELD VALUE…`: every field's edit is built against the same original text, so
/// the plan holds one small edit per field (new fields given together keep their order).
pub fn set(
    project: &Project,
    id: &str,
    pairs: &[(String, String)],
    common: Common,
) -> Result<Plan, OpError> {
    let (fi, task) = find(project, id)?;
    let f = &project.files[fi];
    let mut plan = Plan::new();
    if common.force {
        plan.allowed_errors.push("invalid-value");
    }
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in pairs {
        let name = fields::key_spelling(&f.file, key).to_lowercase();
        if seen.contains(&name) {
            return Err(OpError::Invalid(format!("`{key}` is given twice")));
        }
        seen.push(name);
        let value = checked(project, f, key, value, common.force)?;
        let old = task.field_named(key);
        // A list-valued field would lose its items; a front-matter list is left to its
        // notation, which writes a list of one item or none and refuses a longer one.
        if let Some(o) = old
            && !o.items.is_empty()
            && o.style != FieldStyle::FrontMatter
        {
            return Err(OpError::Invalid(format!(
                "{}'s `{}` is a list of {} item{}; change it with `todo edit {}`",
                key_of(task),
                o.key,
                o.items.len(),
                if o.items.len() == 1 { "" } else { "s" },
                key_of(task)
            )));
        }
        if old.is_none() {
            spelled_here(f, key)?;
        }
        let at = old.map_or(task.span.start, |o| o.span().start);
        plan.changes.push(Change {
            task: key_of(task),
            kind: ChangeKind::Field(
                old.map_or_else(|| fields::key_spelling(&f.file, key), |o| o.key.to_string()),
            ),
            old: old
                .map(|o| o.text(f.file.doc.text()))
                .filter(|t| !t.is_empty()),
            new: Some(value.clone()),
            file: f.display.clone(),
            line: line(f, at),
        });
        plan.edit(
            fi,
            fields::set_field(&f.file, task, key, &value).map_err(OpError::Invalid)?,
        );
        expect_value(&mut plan, key_of(task), key.to_string(), value);
    }
    plan.touched.push(key_of(task));
    touch(&mut plan, project, fi, common);
    Ok(plan)
}
