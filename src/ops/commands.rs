//! The edit commands as plans: `set`, `check`/`uncheck`, `move`, `archive`, `add`.

use std::path::PathBuf;

use crate::document::Span;
use crate::edit::{self, Edit};
use crate::model::{FieldKey, State, Task, TaskKind, id_at};
use crate::project::{LoadedFile, Project};

use super::blocks::{self, NewTask};
use super::fields;
use super::{Change, OpError, Plan};

/// Options shared by every edit.
#[derive(Debug, Clone, Copy)]
pub struct Common {
    /// Today, for `Last Updated:` lines; `None` leaves them alone (`--no-touch-date`).
    pub today: Option<chrono::NaiveDate>,
    /// Write values outside the schema and skip the done guards.
    pub force: bool,
}

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
    if twins.len() > 1 && twins.iter().any(|t| t.kind == TaskKind::Row) {
        let places: Vec<String> = twins
            .iter()
            .map(|t| {
                let what = match t.kind {
                    TaskKind::Row => "a table row",
                    TaskKind::Checkbox => "a checklist item",
                    TaskKind::Heading => "a heading",
                    _ => "a task",
                };
                format!("{what} at {}:{}", f.display, line(f, t.span.start))
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

fn key_of(t: &Task) -> String {
    t.id().map_or_else(|| t.title.value.clone(), str::to_string)
}

fn line(f: &LoadedFile, offset: usize) -> usize {
    f.file.doc.position(offset).line
}

/// The schema's allowed values for a field of this file (empty when free).
fn allowed<'a>(project: &'a Project, f: &'a LoadedFile, key: &str) -> Vec<String> {
    let config = project.config.schema();
    let schema = crate::schema::applicable(config.as_ref(), f.file.schema.as_ref());
    schema
        .and_then(|s| s.field(key))
        .map(|d| d.values.clone())
        .unwrap_or_default()
}

/// The value as the schema spells it; an error when it is not allowed (unless forced).
fn checked(
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

fn touch(plan: &mut Plan, project: &Project, fi: usize, common: Common) {
    let f = &project.files[fi];
    if let Some(today) = common.today
        && let Some(e) = fields::touch_date(&f.file, today)
    {
        plan.changes.push(Change {
            task: f.display.clone(),
            field: "Last Updated".into(),
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
fn spelled_here(f: &LoadedFile, key: &str) -> Result<(), OpError> {
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
fn expect_value(plan: &mut Plan, id: String, key: String, value: String) {
    plan.expect.push(Box::new(move |p: &Project| {
        let (_, t) = find(p, &id).map_err(|e| e.to_string())?;
        let got = t.field_named(&key).map(|f| f.text());
        if got.as_deref().map(str::trim) == Some(value.trim()) {
            Ok(())
        } else {
            Err(format!("{id}'s {key} would read {got:?}, not {value:?}"))
        }
    }));
}

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
    let mut seen: Vec<String> = Vec::new();
    for (key, value) in pairs {
        let name = fields::key_spelling(&f.file, key).to_lowercase();
        if seen.contains(&name) {
            return Err(OpError::Invalid(format!("`{key}` is given twice")));
        }
        seen.push(name);
        let value = checked(project, f, key, value, common.force)?;
        let old = task.field_named(key);
        if let Some(o) = old
            && !o.items.is_empty()
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
        let at = old.map_or(task.span.start, |o| o.span.start);
        plan.changes.push(Change {
            task: key_of(task),
            field: old.map_or_else(|| fields::key_spelling(&f.file, key), |o| o.key.clone()),
            old: old.map(|o| o.text()).filter(|t| !t.is_empty()),
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

/// `todo check ID N|TEXT` and `todo uncheck`.
pub fn check(
    project: &Project,
    id: &str,
    which: &str,
    done: bool,
    common: Common,
) -> Result<Plan, OpError> {
    let (fi, task) = find(project, id)?;
    let f = &project.files[fi];
    let index = match which.trim().parse::<usize>() {
        Ok(n) if n >= 1 && n <= task.criteria.len() => n - 1,
        Ok(n) => {
            return Err(OpError::Invalid(format!(
                "{id} has {} checklist item{}; there is no item {n}",
                task.criteria.len(),
                if task.criteria.len() == 1 { "" } else { "s" }
            )));
        }
        Err(_) => {
            let w = which.to_lowercase();
            let hits: Vec<usize> = (0..task.criteria.len())
                .filter(|&i| task.criteria[i].text.to_lowercase().contains(&w))
                .collect();
            match hits.as_slice() {
                [one] => *one,
                [] => {
                    return Err(OpError::Invalid(format!(
                        "no checklist item of {id} contains \"{which}\""
                    )));
                }
                many => {
                    return Err(OpError::Invalid(format!(
                        "\"{which}\" matches items {} of {id}; give the number",
                        many.iter()
                            .map(|i| (i + 1).to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
        }
    };
    let item = &task.criteria[index];
    let mut plan = Plan::new();
    plan.changes.push(Change {
        task: key_of(task),
        field: format!("criterion {}", index + 1),
        old: Some(if item.done { "[x]" } else { "[ ]" }.into()),
        new: Some(if done { "[x]" } else { "[ ]" }.into()),
        file: f.display.clone(),
        line: line(f, item.span.start),
    });
    if item.done != done {
        plan.edit(fi, [fields::tick(item.mark, done)]);
    }
    plan.touched.push(key_of(task));
    let (tid, n) = (key_of(task), index);
    plan.expect.push(Box::new(move |p: &Project| {
        let (_, t) = find(p, &tid).map_err(|e| e.to_string())?;
        match t.criteria.get(n) {
            Some(c) if c.done == done => Ok(()),
            _ => Err(format!(
                "{tid}'s item {} would not be {}",
                n + 1,
                if done { "ticked" } else { "unticked" }
            )),
        }
    }));
    if item.done != done {
        touch(&mut plan, project, fi, common);
    }
    Ok(plan)
}

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
            "todo, in-progress, blocked, done".into()
        } else {
            values.join(" | ")
        },
    })
}

/// `todo move ID STATUS`.
pub fn move_to(
    project: &Project,
    id: &str,
    target: &str,
    opts: &MoveOptions,
    common: Common,
) -> Result<(Plan, Vec<String>), OpError> {
    let (fi, task) = find(project, id)?;
    let f = &project.files[fi];
    let (status, state) = resolve_status(project, f, target, common.force)?;
    let mut warnings = Vec::new();
    if state == State::Done && !common.force {
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
    let mut plan = Plan::new();
    plan.touched.push(key_of(task));
    let mut block_edits: Vec<Edit> = Vec::new();
    // The status (or the task's own box).
    if let Some(new) = &status {
        if let Some(field) = task.field(FieldKey::Status) {
            if field.value != *new {
                plan.changes.push(Change {
                    task: key_of(task),
                    field: "status".into(),
                    old: Some(field.value.clone()),
                    new: Some(new.clone()),
                    file: f.display.clone(),
                    line: line(f, field.span.start),
                });
                block_edits
                    .push(fields::replace_value(&f.file, field, new).map_err(OpError::Invalid)?);
            }
        } else if task.checkbox.is_none() {
            spelled_here(f, "Status")?;
            plan.changes.push(Change {
                task: key_of(task),
                field: "status".into(),
                old: None,
                new: Some(new.clone()),
                file: f.display.clone(),
                line: line(f, task.span.start),
            });
            block_edits.push(
                fields::insert_field(&f.file, task, "Status", new).map_err(OpError::Invalid)?,
            );
        }
    }
    // A kanban card's lane is its status; a custom checkbox (`[/]`) writes the state's mark
    // when the file already uses custom marks.
    let lane = lane_for(project, f, task, state)?;
    let custom_marks = f.file.tasks.iter().any(|t| {
        t.checkbox
            .is_some_and(|c| !matches!(c.symbol, ' ' | 'x' | 'X'))
    });
    let states_map = project.config.state_map();
    if let Some(cb) = task.checkbox
        && lane.is_none()
        && task.field(FieldKey::Status).is_none()
        && custom_marks
        && !matches!(state, State::Done | State::Todo)
    {
        let symbol = states_map.box_for(state).ok_or_else(|| {
            OpError::Invalid(format!(
                "no checkbox mark stands for {}; name one under `checkboxes:` in .todo.yml",
                state.name()
            ))
        })?;
        if symbol != cb.symbol {
            plan.changes.push(Change {
                task: key_of(task),
                field: "checkbox".into(),
                old: Some(format!("[{}]", cb.symbol)),
                new: Some(format!("[{symbol}]")),
                file: f.display.clone(),
                line: line(f, task.span.start),
            });
            block_edits.push(Edit {
                span: cb.mark,
                replacement: format!("[{symbol}]"),
            });
        }
    } else if let Some(cb) = task.checkbox
        && lane.is_none()
    {
        let done = state == State::Done;
        if cb.done != done || (!done && cb.symbol != ' ') {
            plan.changes.push(Change {
                task: key_of(task),
                field: "checkbox".into(),
                old: Some(format!("[{}]", cb.symbol)),
                new: Some(if done { "[x]" } else { "[ ]" }.into()),
                file: f.display.clone(),
                line: line(f, task.span.start),
            });
            block_edits.push(fields::tick(cb.mark, done));
        }
    }
    if task.state == State::Blocked
        && state != State::Blocked
        && status.is_some()
        && task.blocker().is_some()
    {
        if opts.clear_blocker {
            if let Some(b) = task.field(FieldKey::Blocker) {
                block_edits
                    .push(fields::replace_value(&f.file, b, "None").map_err(OpError::Invalid)?);
            }
        } else {
            warnings.push(format!(
                "{} leaves blocked but keeps its blocker \"{}\"; pass --blocker none to clear it",
                key_of(task),
                task.blocker().unwrap_or_default()
            ));
        }
    }
    // Where the block goes: --to, or the archive when it becomes done and the config names
    // an archive or the schema has no done status.
    let states = project.config.state_map();
    let values = allowed(project, f, "status");
    let no_done_status = !values.is_empty()
        && !values
            .iter()
            .any(|v| states.state_of(v) == Some(State::Done));
    let archive_done =
        state == State::Done && !f.archive && (project.config.archive.is_some() || no_done_status);
    let destination = match &opts.to {
        Some((path, section)) => Some((path.clone(), section.clone())),
        None if lane.is_some() => Some((f.file.doc.path().to_path_buf(), lane.clone())),
        None if archive_done => Some((project.archive_path(), None)),
        None => None,
    };
    match destination {
        None => plan.edit(fi, block_edits),
        Some((path, section)) => {
            let block = blocks::block_span(&f.file, task);
            let shifted: Vec<Edit> = block_edits
                .iter()
                .map(|e| Edit {
                    span: Span::new(e.span.start - block.start, e.span.end - block.start),
                    replacement: e.replacement.clone(),
                })
                .collect();
            let text = edit::apply(f.file.doc.slice(block), &shifted)
                .map_err(|e| OpError::Unverified(e.to_string()))?;
            move_block(
                project,
                &mut plan,
                fi,
                task,
                &text,
                &path,
                section.as_deref(),
            )?;
        }
    }
    if status.is_some() || task.checkbox.is_some() {
        let (tid, want) = (key_of(task), state);
        plan.expect.push(Box::new(move |p: &Project| {
            let (_, t) = find(p, &tid).map_err(|e| e.to_string())?;
            if t.state == want || (want == State::Done) {
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
    Ok((plan, warnings))
}

/// Moves a task's block (already edited to `text`) out of file `fi` into `path`.
fn move_block(
    project: &Project,
    plan: &mut Plan,
    fi: usize,
    task: &Task,
    text: &str,
    path: &std::path::Path,
    section: Option<&str>,
) -> Result<(), OpError> {
    let f = &project.files[fi];
    match task.kind {
        TaskKind::Row => {
            return Err(OpError::Invalid(format!(
                "{} is a table row; it stays in its table (change its status cell with `todo move {} STATUS`)",
                key_of(task),
                key_of(task)
            )));
        }
        TaskKind::File => {
            return Err(OpError::Invalid(format!(
                "{} is a file of its own ({}); move the file to move the task",
                key_of(task),
                f.display
            )));
        }
        _ => {}
    }
    let target = project
        .files
        .iter()
        .position(|x| same(x.file.doc.path(), path));
    if target == Some(fi)
        && f.file.lanes
        && let Some(lane) = section
    {
        // A kanban card changes lane: out of its lane, to the end of the new one.
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
            Some(at) if f.file.doc.text()[..at].ends_with(['\n', '\r']) => Edit {
                span: Span::empty(at),
                replacement: text.to_string(),
            },
            _ => {
                let at = blocks::section_end(&f.file, lane).ok_or_else(|| {
                    OpError::Invalid(format!("no lane `{lane}` in {}", f.display))
                })?;
                blocks::insert_block(f.file.doc.text(), at, text, nl)
            }
        };
        plan.changes.push(Change {
            task: key_of(task),
            field: "lane".into(),
            old: f.file.section(task).last().cloned(),
            new: Some(lane.to_string()),
            file: f.display.clone(),
            line: line(f, task.span.start),
        });
        plan.edit(fi, [blocks::remove_block(&f.file, task), insert]);
        return Ok(());
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
        field: "moved".into(),
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

/// The lane a kanban card moves to for `state`: `None` when the file is no kanban board, the
/// task has a status field of its own, or it already sits in a lane of that state.
fn lane_for(
    project: &Project,
    f: &LoadedFile,
    task: &Task,
    state: State,
) -> Result<Option<String>, OpError> {
    if !f.file.lanes || task.field(FieldKey::Status).is_some() || task.kind == TaskKind::Row {
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
        .find(|h| states.state_of(&h.text) == Some(state))
        .map(|h| h.text.clone());
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

fn same(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

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
        for task in
            f.file.tasks.iter().filter(|t| {
                t.state == State::Done && !matches!(t.kind, TaskKind::Row | TaskKind::File)
            })
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
                field: "moved".into(),
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
}

/// The next free ID for `file`: the schema pattern's prefix (or the file's most common one),
/// one more than the highest number in use anywhere, at the pattern's width.
pub fn next_id(project: &Project, fi: usize, taken: &[String]) -> Result<String, OpError> {
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
    Ok(format!("{prefix}{:0width$}", max + 1))
}

/// `todo add TITLE`.
pub fn add(
    project: &Project,
    title: &str,
    opts: &AddOptions,
    common: Common,
) -> Result<Plan, OpError> {
    let fi = match &opts.file {
        Some(p) => project
            .files
            .iter()
            .position(|f| same(f.file.doc.path(), p) || f.display == p.display().to_string())
            .ok_or_else(|| {
                OpError::Invalid(format!("{} is not one of the task files", p.display()))
            })?,
        None => project
            .files
            .iter()
            .position(|f| !f.archive)
            .ok_or_else(|| OpError::Invalid("no task file to add to (run `todo init`)".into()))?,
    };
    let f = &project.files[fi];
    let title = title.trim();
    if title.is_empty() {
        return Err(OpError::Invalid("the title is empty".into()));
    }
    let id = next_id(project, fi, &opts.taken)?;
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
    // Where: the named section, else the first section whose heading names the priority, else
    // after the last task.
    let heading = match &opts.section {
        Some(s) => Some(
            f.file
                .headings
                .iter()
                .find(|h| !h.task && h.text.to_lowercase().contains(&s.to_lowercase()))
                .map(|h| h.text.clone())
                .ok_or_else(|| OpError::Invalid(format!("no section \"{s}\" in {}", f.display)))?,
        ),
        None => opts.priority.as_ref().and_then(|p| {
            f.file
                .headings
                .iter()
                .find(|h| {
                    !h.task
                        && crate::model::priority::in_heading(&h.text)
                            .is_some_and(|hp| hp.eq_ignore_ascii_case(p))
                })
                .map(|h| h.text.clone())
        }),
    };
    let section_index = heading
        .as_ref()
        .and_then(|h| f.file.sections.iter().position(|s| s.last() == Some(h)));
    let model = f
        .file
        .tasks
        .iter()
        .rev()
        .find(|t| section_index.is_none_or(|s| t.section == s) && !t.fields.is_empty())
        .or_else(|| f.file.tasks.iter().rev().find(|t| !t.fields.is_empty()));
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
    plan.edit(fi, [blocks::insert_block(text, at, &block, nl)]);
    plan.touched.push(id.clone());
    plan.changes.push(Change {
        task: id.clone(),
        field: "created".into(),
        old: None,
        new: Some(title.to_string()),
        file: f.display.clone(),
        line: line(f, at.min(text.len())) + usize::from(at > 0),
    });
    let (tid, ttl) = (id.clone(), title.to_string());
    plan.expect.push(Box::new(move |p: &Project| {
        let (_, t) = find(p, &tid).map_err(|e| e.to_string())?;
        if t.title.value == ttl {
            Ok(())
        } else {
            Err(format!("{tid} would read as \"{}\"", t.title.value))
        }
    }));
    touch(&mut plan, project, fi, common);
    Ok(plan)
}
