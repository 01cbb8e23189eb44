//! `todo archive`: every done task outside the archive file moves there, one edit per file.
//! It must not change a task's own text.

use crate::model::ChangeKind;
use crate::project::Project;

use super::blocks;
use super::plan::{Common, key_of, line, same, touch};
use super::{Change, OpError, Plan};

/// `todo archive`: every done task outside the archive moves there, in one edit per file.
pub fn archive(project: &Project, common: Common) -> Result<Plan, OpError> {
    let mut plan = Plan::new();
    let path = project.archive_path();
    let mut moved = String::new();
    let mut nl = "\n";
    for (fi, f) in project.files.iter().enumerate() {
        if f.archive {
            continue;
        }
        let mut edits = Vec::new();
        // Table rows stay in their table, and a task file is moved as a file.
        for task in f
            .file
            .tasks
            .iter()
            .filter(|t| t.state.is_closed() && crate::parse::style::moves_as_block(t, &f.file))
        {
            edits.push(blocks::remove_block(&f.file, task));
            let block = f.file.doc.slice(blocks::block_span(&f.file, task));
            if !moved.is_empty() {
                moved.push_str(f.file.doc.line_ending().as_str());
            }
            moved.push_str(block);
            nl = f.file.doc.line_ending().as_str();
            plan.touched.push(key_of(task));
            plan.changes.push(Change {
                task: key_of(task),
                kind: ChangeKind::Moved,
                old: Some(f.display.clone()),
                new: Some(
                    path.strip_prefix(&project.root)
                        .unwrap_or(&path)
                        .display()
                        .to_string(),
                ),
                file: f.display.clone(),
                line: line(f, task.span.start),
            });
        }
        if !edits.is_empty() {
            plan.edit(fi, edits);
            touch(&mut plan, project, fi, common);
        }
    }
    if moved.is_empty() {
        return Ok(plan);
    }
    match project
        .files
        .iter()
        .position(|x| same(x.file.doc.path(), &path))
    {
        Some(t) => {
            let tf = &project.files[t].file;
            plan.edit(
                t,
                [blocks::append_section(
                    tf.doc.text(),
                    None,
                    &moved,
                    tf.doc.line_ending().as_str(),
                )],
            );
        }
        None => {
            let display = path
                .strip_prefix(&project.root)
                .unwrap_or(&path)
                .display()
                .to_string();
            plan.new_files.push((
                path.clone(),
                display,
                format!("# Completed tasks{nl}{nl}{moved}"),
            ));
        }
    }
    Ok(plan)
}
