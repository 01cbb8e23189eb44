//! `todo move ID STATUS`: the status (or checkbox mark, or kanban lane) a task moves to, and
//! where its block goes when the move also relocates it. It must not cut or paste blocks
//! itself; `relocate` does that.

use std::path::PathBuf;

use crate::edit::Edit;
use crate::model::{ChangeKind, FieldKey, State, Task};
use crate::project::{LoadedFile, Project};

use super::fields;
use super::find::find;
use super::plan::{Common, allowed, key_of, line, same, spelled_here, touch};
use super::relocate::relocate;
use super::{Change, OpError, Plan};

/// Options of `todo move`.
#[derive(Debug, Clone, Default)]
pub struct MoveOptions {
    /// `--to FILE[#SECTION]`: move the block there.
    pub to: Option<(PathBuf, Option<String>)>,
    /// `--blocker none`: clear the blocker when leaving blocked.
    pub clear_blocker: bool,
}

/// What a move resolves to: the status to write (if any) and the state it stands for.
fn resolve_status(
    project: &Project,
    f: &LoadedFile,
    target: &str,
    force: bool,
) -> Result<(Option<String>, State), OpError> {
    let states = project.config.state_map();
    let values = allowed(project, f, "status");
    if let Some(v) = values.iter().find(|v| v.eq_ignore_ascii_case(target)) {
        let state = states.state_of(v).unwrap_or(State::Todo);
        return Ok((Some(v.clone()), state));
    }
    // With an enumerated status, only its values and the four state names are accepted; a
    // status word outside it (`SHIPPED`) is refused rather than guessed.
    let state = if values.is_empty() {
        State::parse(target).or_else(|| states.state_of(target))
    } else {
        State::parse(target)
    };
    if let Some(state) = state {
        if let Some(v) = values.iter().find(|v| states.state_of(v) == Some(state)) {
            return Ok((Some(v.clone()), state));
        }
        if values.is_empty() {
            // A state name as typed on the command line (`in-progress`) is written as a status
            // word; any other spelling (`In Progress`) as the user wrote it.
            let canonical = State::ALL.iter().any(|s| s.name() == target);
            if !canonical && State::parse(target).is_some() {
                return Ok((Some(target.to_string()), state));
            }
            let word = match State::parse(target) {
                Some(State::Todo) => "TODO".to_string(),
                Some(State::InProgress) => "IN-PROGRESS".to_string(),
                Some(State::Blocked) => "BLOCKED".to_string(),
                Some(State::Done) => "DONE".to_string(),
                Some(State::Cancelled) => "CANCELLED".to_string(),
                None => target.to_string(),
            };
            return Ok((Some(word), state));
        }
        if state == State::Done {
            // The schema has no done status: done means archiving, status as configured.
            return Ok((project.config.done_status.clone(), State::Done));
        }
    }
    if force {
        return Ok((Some(target.to_string()), state.unwrap_or(State::Todo)));
    }
    Err(OpError::NotAllowed {
        field: "status".into(),
        value: target.to_string(),
        allowed: if values.is_empty() {
            "todo, in-progress, blocked, done, cancelled".into()
        } else {
            values.join(" | ")
        },
    })
}

/// `todo move ID STATUS`, in four steps: resolve the status, plan the notation's edits,
/// choose the destination, relocate the block when it has one.
pub fn move_to(
    project: &Project,
    id: &str,
    target: &str,
    opts: &MoveOptions,
    common: Common,
) -> Result<(Plan, Vec<String>), OpError> {
    let (fi, task) = find(project, id)?;
    let f = &project.files[fi];
    let (status, state) = resolve(project, f, task, target, common.force)?;
    let mut plan = Plan::new();
    if common.force {
        plan.allowed_errors.push("invalid-value");
    }
    plan.touched.push(key_of(task));
    let edits = notation_edits(project, &mut plan, f, task, status.as_deref(), state, opts)?;
    match destination(project, f, task, state, opts, edits.lane) {
        None => plan.edit(fi, edits.block),
        Some((path, section)) => relocate(
            project,
            &mut plan,
            fi,
            task,
            &edits.block,
            &path,
            section.as_deref(),
        )?,
    }
    if status.is_some() || task.checkbox.is_some() {
        let (tid, want) = (key_of(task), state);
        plan.expect.push(Box::new(move |p: &Project| {
            let (_, t) = find(p, &tid).map_err(|e| e.to_string())?;
            // A task moved to done may read as cancelled (a status the schema maps there).
            if t.state == want || (want == State::Done && t.state.is_closed()) {
                Ok(())
            } else {
                Err(format!(
                    "{tid} would be {}, not {}",
                    t.state.name(),
                    want.name()
                ))
            }
        }));
    }
    touch(&mut plan, project, fi, common);
    Ok((plan, edits.warnings))
}

/// Step 1: the status to write (if any) and the state it stands for; a move to done is
/// refused while the configured guards find open items or dependencies (unless forced).
fn resolve(
    project: &Project,
    f: &LoadedFile,
    task: &Task,
    target: &str,
    force: bool,
) -> Result<(Option<String>, State), OpError> {
    let (status, state) = resolve_status(project, f, target, force)?;
    if state == State::Done && !force {
        let mut missing = Vec::new();
        if project.config.guards.open_criteria {
            let open: Vec<String> = task
                .criteria
                .iter()
                .enumerate()
                .filter(|(_, c)| !c.done)
                .map(|(i, c)| format!("item {} \"{}\" is not ticked", i + 1, c.text))
                .collect();
            missing.extend(open);
        }
        if project.config.guards.open_dependencies {
            let index = project.index();
            for d in &task.dependencies {
                if !Project::is_satisfied(&index, &d.value) {
                    missing.push(format!("dependency {} is not done", d.value));
                }
            }
        }
        if !missing.is_empty() {
            return Err(OpError::NotFinished {
                id: key_of(task),
                missing,
            });
        }
    }
    Ok((status, state))
}

/// What step 2 plans in the task's own notation.
struct NotationEdits {
    /// Edits inside the task's block, in file offsets.
    block: Vec<Edit>,
    /// The kanban lane the card moves to, when its lane is its status.
    lane: Option<String>,
    /// What the user should know (a blocker left behind).
    warnings: Vec<String>,
}

/// Step 2: the edits that write the new status in the task's notation: its status field, its
/// checkbox, its kanban lane, and the blocker it leaves behind.
fn notation_edits(
    project: &Project,
    plan: &mut Plan,
    f: &LoadedFile,
    task: &Task,
    status: Option<&str>,
    state: State,
    opts: &MoveOptions,
) -> Result<NotationEdits, OpError> {
    let mut block = Vec::new();
    // A kanban card's lane is its status: a card that changes lane gains no status field that
    // would say it a second time (a card without a checkbox included), and neither does one
    // moved `--to` a lane of its own board. Where that lane says another status, the plan's
    // check that the card reads as `state` refuses the move.
    let lane = lane_for(project, f, task, state)?;
    let to_own_lane = f.file.lanes
        && crate::parse::style::lane_is_status(task, &f.file)
        && opts
            .to
            .as_ref()
            .is_some_and(|(path, section)| section.is_some() && same(f.file.doc.path(), path));
    let lane_says = lane.is_some() || to_own_lane;
    if let Some(new) = status
        && !lane_says
    {
        block.extend(status_edit(plan, f, task, new)?);
    }
    if !lane_says {
        block.extend(checkbox_edit(project, plan, f, task, state)?);
    }
    let mut warnings = Vec::new();
    if task.state == State::Blocked
        && state != State::Blocked
        && status.is_some()
        && task.blocker(f.file.doc.text()).is_some()
    {
        if opts.clear_blocker {
            if let Some(b) = task.field(FieldKey::Blocker) {
                block.extend(
                    fields::replace_everywhere(&f.file, task, b, "None")
                        .map_err(OpError::Invalid)?,
                );
            }
        } else {
            warnings.push(format!(
                "{} leaves blocked but keeps its blocker \"{}\"; pass --blocker none to clear it",
                key_of(task),
                task.blocker(f.file.doc.text()).unwrap_or_default()
            ));
        }
    }
    Ok(NotationEdits {
        block,
        lane,
        warnings,
    })
}

/// The status field's new value (in every place the task writes it: a heading and the row of
/// its index table), or a new `Status:` line when the task has neither a status field nor a
/// checkbox of its own.
fn status_edit(
    plan: &mut Plan,
    f: &LoadedFile,
    task: &Task,
    new: &str,
) -> Result<Vec<Edit>, OpError> {
    if let Some(field) = task.field(FieldKey::Status) {
        let copies = crate::parse::style::copies(task, field);
        if field.value == new && copies.iter().all(|c| c.value == new) {
            return Ok(Vec::new());
        }
        plan.changes.push(Change {
            task: key_of(task),
            kind: ChangeKind::Status,
            old: Some(field.value.to_string()),
            new: Some(new.to_string()),
            file: f.display.clone(),
            line: line(f, field.span().start),
        });
        return fields::replace_everywhere(&f.file, task, field, new).map_err(OpError::Invalid);
    }
    if task.checkbox.is_some() {
        return Ok(Vec::new());
    }
    spelled_here(f, "Status")?;
    plan.changes.push(Change {
        task: key_of(task),
        kind: ChangeKind::Status,
        old: None,
        new: Some(new.to_string()),
        file: f.display.clone(),
        line: line(f, task.span.start),
    });
    fields::insert_field(&f.file, task, "Status", new)
        .map(|e| vec![e])
        .map_err(OpError::Invalid)
}

/// The task's own checkbox for `state`: a custom mark (`[/]`) when the file already uses
/// custom marks and the state is neither done nor todo, else `[x]` or `[ ]`.
fn checkbox_edit(
    project: &Project,
    plan: &mut Plan,
    f: &LoadedFile,
    task: &Task,
    state: State,
) -> Result<Option<Edit>, OpError> {
    let Some(cb) = task.checkbox else {
        return Ok(None);
    };
    let custom_marks = f.file.tasks.iter().any(|t| {
        t.checkbox
            .is_some_and(|c| crate::parse::style::is_custom_mark(c.symbol))
    });
    // Cancelled has no GFM mark: it is written `[-]` (Obsidian's) even in a plain list.
    let (symbol, edit) = if task.field(FieldKey::Status).is_none()
        && (custom_marks || state == State::Cancelled)
        && !matches!(state, State::Done | State::Todo)
    {
        let symbol = project.config.state_map().box_for(state).ok_or_else(|| {
            OpError::Invalid(format!(
                "no checkbox mark stands for {}; name one under `checkboxes:` in .todo.yml",
                state.name()
            ))
        })?;
        if symbol == cb.symbol {
            return Ok(None);
        }
        let edit = Edit {
            span: cb.mark,
            replacement: format!("[{symbol}]"),
        };
        (symbol, edit)
    } else {
        let done = state == State::Done;
        if cb.done == done && (done || cb.symbol == ' ') {
            return Ok(None);
        }
        (if done { 'x' } else { ' ' }, fields::tick(cb.mark, done))
    };
    plan.changes.push(Change {
        task: key_of(task),
        kind: ChangeKind::Checkbox,
        old: Some(format!("[{}]", cb.symbol)),
        new: Some(format!("[{symbol}]")),
        file: f.display.clone(),
        line: line(f, task.span.start),
    });
    Ok(Some(edit))
}

/// Step 3: where the block goes: `--to`, the card's new lane, or the archive when the task
/// becomes done and the config names an archive or the schema has no done status. `None`
/// leaves it where it is.
fn destination(
    project: &Project,
    f: &LoadedFile,
    task: &Task,
    state: State,
    opts: &MoveOptions,
    lane: Option<String>,
) -> Option<(PathBuf, Option<String>)> {
    let states = project.config.state_map();
    let values = allowed(project, f, "status");
    let no_done_status = !values.is_empty()
        && !values
            .iter()
            .any(|v| states.state_of(v) == Some(State::Done));
    // A task its notation pins (a table row, a one-task file, a todo.txt line) is done in
    // place; only `--to` asks to move it, and is refused with the notation's reason.
    let archive_done = state == State::Done
        && !f.archive
        && (project.config.archive.is_some() || no_done_status)
        && crate::parse::style::moves_as_block(task, &f.file);
    match &opts.to {
        Some((path, section)) => Some((path.clone(), section.clone())),
        None if lane.is_some() => Some((f.file.doc.path().to_path_buf(), lane)),
        None if archive_done => Some((project.archive_path(), None)),
        None => None,
    }
}

/// The lane a kanban card moves to for `state`: `None` when the file is no kanban board, the
/// task has a status field of its own, or it already sits in a lane of that state.
fn lane_for(
    project: &Project,
    f: &LoadedFile,
    task: &Task,
    state: State,
) -> Result<Option<String>, OpError> {
    if !crate::parse::style::lane_is_status(task, &f.file) {
        return Ok(None);
    }
    let states = project.config.state_map();
    let here = f.file.section(task).last();
    if here.is_some_and(|h| states.state_of(h) == Some(state)) {
        return Ok(None);
    }
    let lane = f
        .file
        .headings
        .iter()
        .filter(|h| !h.task)
        .find(|h| states.state_of(f.file.heading_text(h)) == Some(state))
        .map(|h| f.file.heading_text(h).to_string());
    match lane {
        Some(l) => Ok(Some(l)),
        None => Err(OpError::Invalid(format!(
            "{} has no lane for {}; add a lane heading such as `## {}`",
            f.display,
            state.name(),
            state.name().to_uppercase()
        ))),
    }
}
