//! Finding the task an edit command names: by ID, exact first, then in any case, with a
//! did-you-mean. It must not plan edits.

use crate::model::Task;
use crate::project::Project;

use super::OpError;
use super::plan::{key_of, line};

/// Finds a task by ID (exact, then any case), with a did-you-mean.
pub fn find<'a>(project: &'a Project, id: &str) -> Result<(usize, &'a Task), OpError> {
    let found = project
        .find(id)
        .map(|t| (t.file_index, t.task))
        .ok_or_else(|| OpError::NotFound {
            id: id.to_string(),
            suggestion: project.suggest(id),
        })?;
    // The same ID as a table row and as a list item of one file (a summary table and its
    // checklist): which one to edit is a guess, so refuse and say where both are.
    let (fi, task) = found;
    let f = &project.files[fi];
    let twins: Vec<&Task> = f
        .file
        .tasks
        .iter()
        .filter(|t| t.id() == task.id())
        .collect();
    if twins.len() > 1
        && twins
            .iter()
            .any(|t| !crate::parse::style::moves_as_block(t, &f.file))
    {
        let places: Vec<String> = twins
            .iter()
            .map(|t| {
                let what = crate::parse::style::label(t, &f.file);
                format!("a {what} at {}:{}", f.display, line(f, t.span.start))
            })
            .collect();
        return Err(OpError::Invalid(format!(
            "{} is written {} times in {}: {}; edit the one you mean by hand, or give one of them another ID",
            key_of(task),
            twins.len(),
            f.display,
            places.join(", ")
        )));
    }
    Ok(found)
}
