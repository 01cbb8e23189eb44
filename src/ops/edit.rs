//! `todo edit ID`: the task's block as text for an editor, and the plan that puts the edited
//! text back in its place. It must not run the editor or touch the disk: the CLI hands the
//! block to the user's editor and passes back what came out.

use crate::document::Document;
use crate::edit::Edit;
use crate::model::ChangeKind;
use crate::parse::TaskFile;
use crate::project::Project;

use super::blocks;
use super::find::find;
use super::{Change, OpError, Plan};

/// The text `todo edit` hands to the editor: the task's whole block.
pub fn block<'a>(project: &'a Project, id: &str) -> Result<&'a str, OpError> {
    let (fi, task) = find(project, id)?;
    let f = &project.files[fi];
    Ok(f.file.doc.slice(blocks::block_span(&f.file, task)))
}

/// The plan that replaces task `id`'s block with `edited`, or `None` when the text is
/// unchanged. The edited text must still read as exactly one task; it may change its ID.
pub fn edit(project: &Project, id: &str, edited: &str) -> Result<Option<Plan>, OpError> {
    let (fi, task) = find(project, id)?;
    let f = &project.files[fi];
    let span = blocks::block_span(&f.file, task);
    if f.file.doc.slice(span) == edited {
        return Ok(None);
    }
    let parsed = TaskFile::parse(Document::from_string("edit.md", edited.to_string()));
    if parsed.tasks.len() != 1 {
        return Err(OpError::Invalid(format!(
            "the edited text holds {} tasks, not one; nothing written",
            parsed.tasks.len()
        )));
    }
    let new_id = parsed.tasks[0].id().unwrap_or(id).to_string();
    let mut plan = Plan::new();
    plan.edit(
        fi,
        [Edit {
            span,
            replacement: edited.to_string(),
        }],
    );
    plan.touched.push(id.to_string());
    plan.touched.push(new_id.clone());
    plan.changes.push(Change {
        task: id.to_string(),
        kind: ChangeKind::Edited,
        old: None,
        new: Some(new_id),
        file: f.display.clone(),
        line: f.file.doc.position(span.start).line,
    });
    Ok(Some(plan))
}
