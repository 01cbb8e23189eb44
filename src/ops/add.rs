//! `todo add TITLE`: the next free ID, the section the task goes in, and a block copied from
//! a sibling task's shape. It must not invent a notation the file does not use.

use std::path::PathBuf;

use crate::model::{ChangeKind, Task, TaskStyle, id_at};
use crate::parse::style::{NewLike, add_like};
use crate::project::{LoadedFile, Project};

use super::blocks::{self, NewTask};
use super::fields;
use super::find::find;
use super::plan::{Common, checked, line, same, touch};
use super::{Change, OpError, Plan};

/// Options of `todo add`.
#[derive(Debug, Clone, Default)]
pub struct AddOptions {
    /// `--priority`.
    pub priority: Option<String>,
    /// `--status`.
    pub status: Option<String>,
    /// `--section NAME`.
    pub section: Option<String>,
    /// `--file PATH`: the task file to add to (default: the first non-archive file).
    pub file: Option<PathBuf>,
    /// IDs in use elsewhere (other branches), so the new ID is free everywhere.
    pub taken: Vec<String>,
    /// Task files as they are elsewhere (other branches, other worktrees), only searched for
    /// the new ID's prefix ([`crate::model::highest_number`]): the new ID is above every
    /// number written after it there.
    pub elsewhere: Vec<Vec<u8>>,
}

/// The next free ID for `file`: the schema pattern's prefix (or the file's most common one),
/// one more than the highest number in use anywhere, at the pattern's width.
pub fn next_id(
    project: &Project,
    fi: usize,
    taken: &[String],
    elsewhere: &[Vec<u8>],
) -> Result<String, OpError> {
    let f = &project.files[fi];
    let pattern = project
        .config
        .schema()
        .and_then(|s| s.id_pattern)
        .or_else(|| f.file.schema.as_ref().and_then(|s| s.id_pattern.clone()));
    let split = |id: &str| -> Option<(String, String)> {
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        (digits > 0).then(|| {
            (
                id[..id.len() - digits].to_string(),
                id[id.len() - digits..].to_string(),
            )
        })
    };
    let (prefix, width) = match &pattern {
        Some(p) if p.0.ends_with('#') => {
            let width = p.0.len() - p.0.trim_end_matches('#').len();
            (p.0.trim_end_matches('#').to_string(), width)
        }
        _ => {
            let mut counts: Vec<(String, usize, usize)> = Vec::new();
            for t in &f.file.tasks {
                if let Some((p, n)) = t.id().and_then(split) {
                    match counts.iter_mut().find(|c| c.0 == p) {
                        Some(c) => c.1 += 1,
                        None => counts.push((p, 1, n.len())),
                    }
                }
            }
            let best = counts.into_iter().max_by_key(|c| c.1).ok_or_else(|| {
                OpError::Invalid(format!(
                    "{} has no task IDs or ID pattern to continue",
                    f.display
                ))
            })?;
            (best.0, best.2)
        }
    };
    let mut max = 0u64;
    let ids = project
        .tasks()
        .filter_map(|t| t.task.id().map(str::to_string))
        .chain(taken.iter().cloned());
    for id in ids {
        if let Some((p, n)) = split(&id)
            && p == prefix
        {
            max = max.max(n.parse().unwrap_or(0));
        }
    }
    for text in elsewhere {
        max = max.max(crate::model::highest_number(text, &prefix));
    }
    Ok(format!("{prefix}{:0width$}", max + 1))
}

/// `todo add TITLE`.
pub fn add(
    project: &Project,
    title: &str,
    opts: &AddOptions,
    common: Common,
) -> Result<Plan, OpError> {
    let fi = target_file(project, opts)?;
    let f = &project.files[fi];
    let title = title.trim();
    if title.is_empty() {
        return Err(OpError::Invalid("the title is empty".into()));
    }
    let id = next_id(project, fi, &opts.taken, &opts.elsewhere)?;
    if id_at(&id).is_none() {
        return Err(OpError::Invalid(format!("cannot make an ID from `{id}`")));
    }
    let mut values = Vec::new();
    if let Some(p) = &opts.priority {
        values.push((
            "priority".to_string(),
            checked(project, f, "priority", p, common.force)?,
        ));
    }
    if let Some(s) = &opts.status {
        values.push((
            "status".to_string(),
            checked(project, f, "status", s, common.force)?,
        ));
    }
    // Without `--priority` the task gets the schema's first priority, and is placed by it.
    let priority = opts.priority.clone().or_else(|| {
        super::plan::allowed(project, f, "priority")
            .first()
            .cloned()
    });
    let heading = section_for(f, opts, priority.as_deref())?;
    let section_index = heading
        .as_ref()
        .and_then(|h| f.file.sections.iter().position(|s| s.last() == Some(h)));
    let model = f
        .file
        .tasks
        .iter()
        .rev()
        .find(|t| section_index.is_none_or(|s| t.section == s) && is_model(t))
        .or_else(|| f.file.tasks.iter().rev().find(|t| is_model(t)))
        // A file of one-line tasks (checkboxes without fields): the last one is the model.
        .or_else(|| f.file.tasks.iter().rev().find(|t| t.id.is_some()));
    // A table row, or a field block with no title line: the notation writes the new task.
    if let Some(m) = model
        && matches!(m.style, TaskStyle::Row | TaskStyle::FieldBlock)
    {
        return add_row(project, fi, m, &id, title, values, common);
    }
    let nl = f.file.doc.line_ending().as_str();
    let block = match model {
        Some(m) => blocks::from_template(
            &f.file,
            m,
            &NewTask {
                id: &id,
                title,
                values: values.clone(),
            },
        ),
        None => {
            let mut b = format!("### {id}: {title}{nl}");
            for (k, v) in &values {
                b.push_str(&format!("{}: {v}{nl}", fields::key_spelling(&f.file, k)));
            }
            b
        }
    };
    let text = f.file.doc.text();
    let at = heading
        .as_deref()
        .and_then(|h| blocks::section_end(&f.file, h))
        .unwrap_or_else(|| {
            let end = blocks::trim_blank_end(text).len();
            if end == 0 {
                0
            } else {
                fields::end_of_line(text, end - 1)
            }
        });
    let mut plan = Plan::new();
    let tight = model.is_some_and(|m| m.fields.is_empty()) && after_list_item(text, at);
    let edit = if tight {
        // A one-line task joins its list: no blank line that would split it.
        let lead = if at > 0 && !text[..at].ends_with(['\n', '\r']) {
            nl
        } else {
            ""
        };
        crate::edit::Edit {
            span: crate::document::Span::empty(at),
            replacement: format!("{lead}{block}"),
        }
    } else {
        blocks::insert_block(text, at, &block, nl)
    };
    plan.edit(fi, [edit]);
    let at_line = line(f, at.min(text.len())) + usize::from(at > 0 && !tight);
    finish(&mut plan, project, fi, (&id, title, title), at_line, common);
    Ok(plan)
}

/// A task worth copying the shape of: one with fields, or a table row (whose cells are its
/// shape even when the table has only ID and title columns).
fn is_model(t: &Task) -> bool {
    !t.fields.is_empty() || t.style == TaskStyle::Row
}

/// `todo add` written by the neighbour's notation: a row in a task table's own format after its
/// last row, a field block shaped like the last block after it.
fn add_row(
    project: &Project,
    fi: usize,
    model: &Task,
    id: &str,
    title: &str,
    mut values: Vec<(String, String)>,
    common: Common,
) -> Result<Plan, OpError> {
    let f = &project.files[fi];
    if !values.iter().any(|(k, _)| k == "status")
        && let Some(open) = blocks::open_status(&f.file)
    {
        values.push(("status".to_string(), open));
    }
    let new = NewLike {
        id,
        title,
        values: &values,
    };
    let edit = add_like(&f.file, model, &new)
        .unwrap_or_else(|| Err("the task cannot be written like its neighbour".into()))
        .map_err(OpError::Invalid)?;
    let at = edit.span.start;
    // The row starts a line of its own, or the line after the table's last when that line
    // had no line ending.
    let at_line = line(f, at.min(f.file.doc.text().len()))
        + usize::from(edit.replacement.starts_with(['\n', '\r']));
    let mut plan = Plan::new();
    plan.edit(fi, [edit]);
    // A cell reads a `|` of the title back escaped, as it is written.
    let reads_as = if model.style == TaskStyle::Row {
        title.replace("\\|", "|").replace('|', "\\|")
    } else {
        title.to_string()
    };
    finish(
        &mut plan,
        project,
        fi,
        (id, title, &reads_as),
        at_line,
        common,
    );
    Ok(plan)
}

/// The change record, the check that the new task reads back with its title, and the date.
fn finish(
    plan: &mut Plan,
    project: &Project,
    fi: usize,
    (id, title, reads_as): (&str, &str, &str),
    at_line: usize,
    common: Common,
) {
    let f = &project.files[fi];
    plan.touched.push(id.to_string());
    plan.changes.push(Change {
        task: id.to_string(),
        kind: ChangeKind::Created,
        old: None,
        new: Some(title.to_string()),
        file: f.display.clone(),
        line: at_line,
    });
    let (tid, ttl) = (id.to_string(), reads_as.to_string());
    plan.expect.push(Box::new(move |p: &Project| {
        let (_, t) = find(p, &tid).map_err(|e| e.to_string())?;
        if t.title.value == ttl {
            Ok(())
        } else {
            Err(format!("{tid} would read as \"{}\"", t.title.value))
        }
    }));
    touch(plan, project, fi, common);
}

/// True when the last line before `at` is a list item, so a one-line task written there
/// continues that list.
fn after_list_item(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(['\n', '\r']);
    let line = before[before.rfind(['\n', '\r']).map_or(0, |i| i + 1)..].trim_start();
    line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ")
}

/// The file a new task goes to: `--file`, else the first file that is not the archive.
fn target_file(project: &Project, opts: &AddOptions) -> Result<usize, OpError> {
    match &opts.file {
        Some(p) => project
            .files
            .iter()
            .position(|f| same(f.file.doc.path(), p) || f.display == p.display().to_string())
            .ok_or_else(|| {
                OpError::Invalid(format!("{} is not one of the task files", p.display()))
            }),
        None => project
            .files
            .iter()
            .position(|f| !f.archive)
            .ok_or_else(|| OpError::Invalid("no task file to add to (run `todo init`)".into())),
    }
}

/// The heading of the section a new task goes in: the named section, else the first section
/// whose heading names the priority (given, or the schema's first); `None` puts it after the
/// last task.
fn section_for(
    f: &LoadedFile,
    opts: &AddOptions,
    priority: Option<&str>,
) -> Result<Option<String>, OpError> {
    Ok(match &opts.section {
        Some(s) => Some(
            f.file
                .headings
                .iter()
                .find(|h| {
                    !h.task
                        && f.file
                            .heading_text(h)
                            .to_lowercase()
                            .contains(&s.to_lowercase())
                })
                .map(|h| f.file.heading_text(h).to_string())
                .ok_or_else(|| OpError::Invalid(format!("no section \"{s}\" in {}", f.display)))?,
        ),
        None => priority.and_then(|p| {
            f.file
                .headings
                .iter()
                .find(|h| {
                    !h.task
                        && crate::model::priority::in_heading(f.file.heading_text(h))
                            .is_some_and(|hp| hp.eq_ignore_ascii_case(p))
                })
                .map(|h| f.file.heading_text(h).to_string())
        }),
    })
}
