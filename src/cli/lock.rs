//! The project's write lock as the writing commands take it, and the locked write itself.
//!
//! Every writer (`move`, `set`, `check`, `uncheck`, `add`, `archive`, `edit`, `claim`,
//! `release`, `lint --fix`, the interactive board, and so the MCP tools, which run these
//! commands) takes one lock before it reads the files it will change and keeps it until the
//! rename: `todo.lock` in git's common directory (shared by every worktree of a clone), or
//! `.todo.lock` beside the task files outside a repository. Writers therefore queue instead of
//! refusing each other. A writer that takes no lock (an editor, `git checkout`) can still
//! change a file between the read and the rename; [`plan_and_write`] then plans the edit again
//! on the new text and refuses only when the edit no longer applies or would now differ,
//! saying what changed.
//!
//! A wait is silent for a second, then one line on standard error; a lock left by a process
//! that was killed is taken over with one warning line. Nothing here writes to stdout.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use todo_md::fs::{LockEvent, WriteError, WriteLock, write_files};
use todo_md::model::ChangeKind;
use todo_md::ops::{Applied, Change, OpError};
use todo_md::output::sanitize;
use todo_md::project::Project;

use super::Ctx;

/// How long a writer waits for the lock unless `--lock-timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// How many times an edit is planned again when a writer that takes no lock changed its files
/// between the read and the rename.
const REPLANS: usize = 4;

/// `--lock-timeout`'s value: seconds, fractions allowed.
pub fn parse_timeout(s: &str) -> Result<Duration, String> {
    match s.trim().parse::<f64>() {
        Ok(secs) if secs.is_finite() && (0.0..=86_400.0).contains(&secs) => {
            Ok(Duration::from_secs_f64(secs))
        }
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 86400"
        )),
    }
}

/// Where the project's write lock lives: `todo.lock` in git's common directory, else
/// `.todo.lock` in the directory of the first `--file`, or of the discovered task files (the
/// directory holding `.git`, else the working directory).
pub fn lock_path(ctx: &Ctx) -> PathBuf {
    let cwd = std::fs::canonicalize(&ctx.cwd).unwrap_or_else(|_| ctx.cwd.clone());
    // Read from `.git` alone: opening the repository would cost more than the edit.
    if let Some(common) =
        todo_md::project::find_root(&cwd).and_then(|root| todo_md::git::common_dir_at(&root))
    {
        return common.join("todo.lock");
    }
    let dir = match ctx.files.first() {
        Some(f) => cwd
            .join(f)
            .parent()
            .map_or_else(|| cwd.clone(), Path::to_path_buf),
        None => todo_md::project::find_root(&cwd).unwrap_or(cwd),
    };
    dir.join(".todo.lock")
}

/// Takes the project's write lock, waiting up to `--lock-timeout`.
pub fn take(ctx: &Ctx) -> Result<WriteLock> {
    let path = lock_path(ctx);
    let command: Vec<String> = std::iter::once("todo".to_string())
        .chain(
            std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned()),
        )
        .collect();
    let lock = WriteLock::acquire(&path, ctx.lock_timeout, &command.join(" "), &mut |e| {
        let line = match e {
            LockEvent::Waiting(Some(owner)) => {
                format!("todo: waiting for the write lock held by {owner}")
            }
            LockEvent::Waiting(None) => "todo: waiting for the write lock".to_string(),
            LockEvent::TookOver(owner) => format!(
                "todo: warning: took over the write lock {} left by a process that ended without releasing it ({owner})",
                path.display()
            ),
        };
        eprintln!("{}", sanitize(&line));
    })?;
    Ok(lock)
}

/// Debug builds only, for the concurrency tests: with `TODO_TEST_PAUSE=PATH`, a writer that
/// holds the lock and has planned its edit (before its first write) creates PATH and waits (at most 60 s) until the test removes it, so the test
/// can change a file under it or kill it while it holds the lock. Release builds ignore it.
fn pause_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("TODO_TEST_PAUSE") {
        let path = PathBuf::from(path);
        if std::fs::write(&path, std::process::id().to_string()).is_ok() {
            let start = std::time::Instant::now();
            while path.exists() && start.elapsed() < Duration::from_secs(60) {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

/// One planning of an edit on the files as they are now.
pub struct Planned {
    /// The project the plan was made on.
    pub project: Project,
    /// The verified edit, or why it was refused.
    pub applied: Result<Applied, OpError>,
    /// Warnings to print when it is written.
    pub warnings: Vec<String>,
}

/// Whether a plan made again on changed files must mean what the first one meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replan {
    /// The same changes (task, field, new value; a checklist item with the same text):
    /// `move`, `set`, `check`, `claim`, `release`.
    Same,
    /// Whatever the new text gives: `add` (a new ID is still the same request), `archive`,
    /// `lint --fix`.
    Any,
}

/// A written edit (or one with nothing to write, or a `--dry-run`).
pub struct Written {
    /// The project the written plan was made on.
    pub project: Project,
    /// The written edit.
    pub applied: Applied,
    /// Its warnings.
    pub warnings: Vec<String>,
    /// The files written (none for `--dry-run` or nothing to write).
    pub touched: Vec<PathBuf>,
}

/// How a locked edit ended.
pub enum Landed {
    /// Written.
    Done(Box<Written>),
    /// Refused; with the files changed on disk during the edit, what changed there.
    Refused(OpError, Option<String>),
}

impl Landed {
    /// The refusal's line, naming what changed when the files changed under the edit.
    pub fn message(err: &OpError, changed: Option<&String>) -> String {
        let line = match changed {
            Some(what) => format!("{what}, and the edit no longer applies: {err}"),
            None => err.to_string(),
        };
        format!("todo: {}", sanitize(&line))
    }
}

/// Plans with `plan` and, unless `dry_run`, writes the result: the caller holds the lock. When
/// a writer that takes no lock changed a file between the read and the rename, the edit is
/// planned again on the new text (up to [`REPLANS`] times); with [`Replan::Same`] a new plan
/// that differs is refused.
pub fn plan_and_write(
    root: impl Fn(&Project) -> PathBuf,
    replan: Replan,
    dry_run: bool,
    plan: &mut dyn FnMut() -> Result<Planned>,
) -> Result<Landed> {
    let mut first: Option<Planned> = None;
    let mut attempt = 0;
    loop {
        let planned = plan()?;
        let changed = first
            .as_ref()
            .map(|f| what_changed(&f.project, &planned.project, f.applied.as_ref().ok()));
        let planned = match planned.applied {
            Err(e) => return Ok(Landed::Refused(e, changed)),
            Ok(a) => (planned.project, a, planned.warnings),
        };
        let (project, applied, warnings) = planned;
        let nothing = applied.files.is_empty() && applied.new_files.is_empty();
        if let (Some(f), Some(what), Replan::Same, false) = (&first, &changed, replan, nothing)
            && let Ok(before) = &f.applied
            && !same_meaning(&f.project, before, &project, &applied)
        {
            let (now, asked) = (summary(&applied.changes), summary(&before.changes));
            let err = OpError::Invalid(if now == asked {
                format!("{now} would now tick an item with other text; nothing written")
            } else {
                format!("it would now be {now}, not {asked}; nothing written")
            });
            return Ok(Landed::Refused(err, Some(what.clone())));
        }
        let (result, touched) = if dry_run || nothing {
            (Ok(()), Vec::new())
        } else {
            if attempt == 0 {
                pause_for_tests();
            }
            let writes = applied.writes(&project);
            let touched: Vec<PathBuf> = writes.iter().map(|w| w.path.to_path_buf()).collect();
            (write_files(Some(&root(&project)), &writes), touched)
        };
        match result {
            Ok(()) => {
                return Ok(Landed::Done(Box::new(Written {
                    project,
                    applied,
                    warnings,
                    touched,
                })));
            }
            Err(WriteError::ChangedOnDisk(_) | WriteError::AppearedOnDisk(_))
                if attempt < REPLANS =>
            {
                first.get_or_insert(Planned {
                    project,
                    applied: Ok(applied),
                    warnings,
                });
                attempt += 1;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// The changes as one line: `T-1 status → DONE, T-1 criterion 2 → [x]`.
fn summary(changes: &[Change]) -> String {
    let parts: Vec<String> = meaningful(changes)
        .map(|c| {
            format!(
                "{} {} → {}",
                c.task,
                c.kind,
                c.new.as_deref().unwrap_or("—")
            )
        })
        .collect();
    if parts.is_empty() {
        "no change".into()
    } else {
        parts.join(", ")
    }
}

fn meaningful(changes: &[Change]) -> impl Iterator<Item = &Change> {
    changes.iter().filter(|c| c.kind != ChangeKind::LastUpdated)
}

/// True when two plans make the same changes: the same tasks, fields and new values, and
/// each checklist item they tick is still the item with the same text.
fn same_meaning(old: &Project, before: &Applied, new: &Project, after: &Applied) -> bool {
    let key = |c: &Change| (c.task.clone(), c.kind.to_string(), c.new.clone());
    let mut a: Vec<_> = meaningful(&before.changes).map(key).collect();
    let mut b: Vec<_> = meaningful(&after.changes).map(key).collect();
    a.sort();
    b.sort();
    a == b
        && meaningful(&before.changes).all(|c| match c.kind {
            ChangeKind::Criterion(n) => item(old, &c.task, n) == item(new, &c.task, n),
            _ => true,
        })
}

fn item(project: &Project, task: &str, n: usize) -> Option<Box<str>> {
    let t = project.find(task)?;
    t.task
        .criteria
        .get(n.checked_sub(1)?)
        .map(|i| i.text.clone())
}

/// What changed on disk between two readings, for the tasks the first plan touched:
/// `TODO.md changed on disk during this edit (T-5's status became DONE, was READY)`.
fn what_changed(old: &Project, new: &Project, plan: Option<&Applied>) -> String {
    let mut tasks: Vec<&str> = plan
        .map(|a| meaningful(&a.changes).map(|c| c.task.as_str()).collect())
        .unwrap_or_default();
    tasks.dedup();
    let mut what: Vec<String> = Vec::new();
    for id in tasks {
        let Some(before) = old.find(id) else { continue };
        let Some(after) = new.find(id) else {
            what.push(format!("{id} is gone"));
            continue;
        };
        let status = |t: &todo_md::Task| {
            t.status()
                .map_or_else(|| t.state.name().to_string(), str::to_string)
        };
        let (s0, s1) = (status(before.task), status(after.task));
        if s0 != s1 {
            what.push(format!("{id}'s status became {s1}, was {s0}"));
        }
        for (n, (a, b)) in before
            .task
            .criteria
            .iter()
            .zip(&after.task.criteria)
            .enumerate()
        {
            if a.text == b.text && a.done != b.done {
                let now = if b.done { "ticked" } else { "open" };
                what.push(format!("{id}'s checklist item {} is now {now}", n + 1));
            }
            if a.text != b.text {
                what.push(format!(
                    "{id}'s checklist item {} now reads `{}`, was `{}`",
                    n + 1,
                    b.text,
                    a.text
                ));
            }
        }
        if before.task.criteria.len() != after.task.criteria.len() {
            what.push(format!(
                "{id} now has {} checklist items, was {}",
                after.task.criteria.len(),
                before.task.criteria.len()
            ));
        }
    }
    let files: Vec<&str> = new
        .files
        .iter()
        .filter(|f| {
            !old.files
                .iter()
                .any(|o| o.display == f.display && o.file.doc.text() == f.file.doc.text())
        })
        .map(|f| f.display.as_str())
        .collect();
    let mut line = format!("{} changed on disk during this edit", files.join(", "));
    if !what.is_empty() {
        line.push_str(&format!(" ({})", what.join("; ")));
    }
    line
}
