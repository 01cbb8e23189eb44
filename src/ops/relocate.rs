//! Moving a task's block: out of its file into another file or section, or from one kanban
//! lane to another. It must not decide the status a move writes; `status` does that.

use std::path::Path;

use crate::document::Span;
use crate::edit::{self, Edit};
use crate::model::{ChangeKind, Task};
use crate::project::{LoadedFile, Project};

use super::blocks;
use super::plan::{key_of, line, same};
use super::{Change, OpError, Plan};

/// Step 4 of a move: the task's block, with `block_edits` (file offsets inside the block)
/// applied, leaves file `fi` for `path` (at the end of `section`, or of the lane).
pub(super) fn relocate(
    project: &Project,
    plan: &mut Plan,
    fi: usize,
    task: &Task,
    block_edits: &[Edit],
    path: &Path,
    section: Option<&str>,
) -> Result<(), OpError> {
    let f = &project.files[fi];
    if let Some(why) = crate::parse::style::pinned(task, &f.file) {
        return Err(OpError::Invalid(
            why.replace("{id}", &key_of(task))
                .replace("{file}", &f.display.to_string()),
        ));
    }
    let block = blocks::block_span(&f.file, task);
    // An edit outside the block (the cell of an index row) cannot travel with it.
    let shifted: Vec<Edit> = block_edits
        .iter()
        .map(|e| {
            let inside = e.span.start >= block.start && e.span.end <= block.end;
            inside
                .then(|| Edit {
                    span: Span::new(e.span.start - block.start, e.span.end - block.start),
                    replacement: e.replacement.clone(),
                })
                .ok_or_else(|| {
                    OpError::Invalid(format!(
                        "{} is written outside its block; it cannot be moved",
                        key_of(task)
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    let text = edit::apply(f.file.doc.slice(block), &shifted)
        .map_err(|e| OpError::Unverified(e.to_string()))?;
    move_block(project, plan, fi, task, &text, path, section)
}

/// Moves a task's block (already edited to `text`) out of file `fi` into `path`.
fn move_block(
    project: &Project,
    plan: &mut Plan,
    fi: usize,
    task: &Task,
    text: &str,
    path: &Path,
    section: Option<&str>,
) -> Result<(), OpError> {
    let f = &project.files[fi];
    if let Some(why) = crate::parse::style::pinned(task, &f.file) {
        return Err(OpError::Invalid(
            why.replace("{id}", &key_of(task))
                .replace("{file}", &f.display.to_string()),
        ));
    }
    let target = project
        .files
        .iter()
        .position(|x| same(x.file.doc.path(), path));
    if target == Some(fi)
        && f.file.lanes
        && let Some(lane) = section
    {
        return change_lane(plan, f, fi, task, text, lane);
    }
    if target == Some(fi) {
        return Err(OpError::Invalid(format!(
            "{} is already in {}",
            key_of(task),
            f.display
        )));
    }
    plan.edit(fi, [blocks::remove_block(&f.file, task)]);
    let display = target.map_or_else(
        || {
            path.strip_prefix(&project.root)
                .unwrap_or(path)
                .display()
                .to_string()
        },
        |t| project.files[t].display.clone(),
    );
    plan.changes.push(Change {
        task: key_of(task),
        kind: ChangeKind::Moved,
        old: Some(f.display.clone()),
        new: Some(match section {
            Some(s) => format!("{display}#{s}"),
            None => display.clone(),
        }),
        file: f.display.clone(),
        line: line(f, task.span.start),
    });
    let nl = f.file.doc.line_ending().as_str();
    match target {
        Some(t) => {
            let tf = &project.files[t].file;
            let ttext = tf.doc.text();
            let edit = match section.and_then(|s| blocks::section_end(tf, s)) {
                Some(at) => blocks::insert_block(ttext, at, text, tf.doc.line_ending().as_str()),
                None => blocks::append_section(ttext, section, text, tf.doc.line_ending().as_str()),
            };
            plan.edit(t, [edit]);
        }
        None => {
            if path.exists() {
                return Err(OpError::Invalid(format!(
                    "{} exists but is not a task file of this project; add it to `files` in .todo.yml",
                    path.display()
                )));
            }
            let heading = "# Completed tasks";
            let mut body = format!("{heading}{nl}{nl}");
            if let Some(s) = section {
                body.push_str(&format!("## {s}{nl}{nl}"));
            }
            body.push_str(text);
            plan.new_files.push((path.to_path_buf(), display, body));
        }
    }
    Ok(())
}

/// A kanban card changes lane: out of its lane, to the end of the new one.
fn change_lane(
    plan: &mut Plan,
    f: &LoadedFile,
    fi: usize,
    task: &Task,
    text: &str,
    lane: &str,
) -> Result<(), OpError> {
    let nl = f.file.doc.line_ending().as_str();
    // Right after the lane's last card, as a person drags it; into an empty lane at its end.
    let last_card = f
        .file
        .tasks
        .iter()
        .filter(|t| f.file.section(t).last().map(String::as_str) == Some(lane))
        .map(|t| t.span.end)
        .next_back();
    let insert = match last_card {
        Some(at) if f.file.doc.text()[..at].ends_with(['\n', '\r']) => {
            // A card that ended the file without a line ending gains one, or it would run
            // into the line after its new place.
            let mut replacement = text.to_string();
            if !replacement.ends_with(['\n', '\r']) {
                replacement.push_str(nl);
            }
            Edit {
                span: Span::empty(at),
                replacement,
            }
        }
        _ => {
            let at = blocks::section_end(&f.file, lane)
                .ok_or_else(|| OpError::Invalid(format!("no lane `{lane}` in {}", f.display)))?;
            blocks::insert_block(f.file.doc.text(), at, text, nl)
        }
    };
    plan.changes.push(Change {
        task: key_of(task),
        kind: ChangeKind::Lane,
        old: f.file.section(task).last().cloned(),
        new: Some(lane.to_string()),
        file: f.display.clone(),
        line: line(f, task.span.start),
    });
    plan.edit(fi, [blocks::remove_block(&f.file, task), insert]);
    Ok(())
}
