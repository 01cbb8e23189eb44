//! The edit commands: `move`, `set`, `check`, `uncheck`, `add`, `archive`, `edit`.
//!
//! Each builds a plan in `todo_md::ops`, which verifies the result before anything is
//! written; this layer prints the one-line report, the `--dry-run` diff or JSON, writes the
//! files atomically and makes the `--commit`.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use todo_md::model::ChangeKind;
use todo_md::ops::{self, AddOptions, Applied, Common, MoveOptions, OpError, Plan};
use todo_md::output::{changes, sanitize};
use todo_md::project::Project;

use super::lock::{self, Landed, Planned, Replan, Written};
use super::{Ctx, Format};

/// Options every edit command takes.
#[derive(Debug, Args)]
pub struct EditOptions {
    /// Print the change as a unified diff (with --format json, the changes and the diff as
    /// JSON) and write nothing.
    #[arg(long, help_heading = "Edit options")]
    dry_run: bool,
    /// Write values outside the schema; skip the done guards.
    #[arg(long, help_heading = "Edit options")]
    force: bool,
    /// Leave the file's `Last Updated:` line alone.
    #[arg(long, help_heading = "Edit options")]
    no_touch_date: bool,
    /// Commit exactly the touched files (refused if they hold other staged changes).
    #[arg(long, help_heading = "Edit options", conflicts_with = "dry_run")]
    commit: bool,
    /// Commit exactly the touched files and push to the upstream; when the upstream changed
    /// the same lines, the commit is undone and the command exits 1.
    #[arg(long, help_heading = "Edit options", conflicts_with = "dry_run")]
    push: bool,
}

#[derive(Debug, Args)]
pub struct MoveArgs {
    /// The task's ID.
    id: String,
    /// A status of the schema (any case) or a state: todo, in-progress, blocked, done, cancelled.
    status: String,
    /// Move the task's block to FILE (at the end of SECTION, created if missing).
    #[arg(long, value_name = "FILE[#SECTION]")]
    to: Option<String>,
    /// `--blocker none` clears the blocker when the task leaves blocked.
    #[arg(long, value_name = "none")]
    blocker: Option<String>,
    #[command(flatten)]
    opts: EditOptions,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The task's ID.
    id: String,
    /// A field and its value (`owner ana`), for fields without a flag of their own.
    #[arg(value_names = ["FIELD", "VALUE"], num_args = 0..)]
    field: Vec<String>,
    /// Set the priority.
    #[arg(long)]
    priority: Option<String>,
    /// Set the owner.
    #[arg(long)]
    owner: Option<String>,
    /// Set the type.
    #[arg(long = "type")]
    kind: Option<String>,
    /// Set the effort.
    #[arg(long)]
    effort: Option<String>,
    /// Set the blocker (`none` clears it).
    #[arg(long)]
    blocker: Option<String>,
    /// Replace the dependencies (comma-separated IDs, or `none`).
    #[arg(long, value_name = "IDS")]
    depends: Option<String>,
    /// Add a dependency.
    #[arg(long, value_name = "ID")]
    add_dep: Vec<String>,
    /// Remove a dependency.
    #[arg(long, value_name = "ID")]
    rm_dep: Vec<String>,
    #[command(flatten)]
    opts: EditOptions,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The task's ID.
    id: String,
    /// The item's number (as `todo show` numbers them) or a unique part of its text.
    item: String,
    #[command(flatten)]
    opts: EditOptions,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The new task's title.
    title: String,
    /// Its priority (also picks the section whose heading names it).
    #[arg(short, long)]
    priority: Option<String>,
    /// Its status (default: the schema's first).
    #[arg(long)]
    status: Option<String>,
    /// Add it at the end of the section whose heading contains NAME.
    #[arg(long, value_name = "NAME")]
    section: Option<String>,
    /// Add it to this task file (default: the first one).
    #[arg(long = "to-file", value_name = "PATH")]
    to_file: Option<PathBuf>,
    /// Do not read other branches when picking the next free ID.
    #[arg(long)]
    no_branches: bool,
    #[command(flatten)]
    opts: EditOptions,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Only `done` is supported: every done task moves to the archive file.
    #[arg(long, default_value = "done", value_parser = ["done"])]
    state: String,
    #[command(flatten)]
    opts: EditOptions,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The task's ID.
    id: String,
    #[command(flatten)]
    opts: EditOptions,
}

fn common(o: &EditOptions) -> Common {
    Common {
        today: (!o.no_touch_date).then(|| chrono::Local::now().date_naive()),
        force: o.force,
    }
}

/// The exit code of a refused edit: an unknown task is 1, any other refusal 2.
fn refusal_code(e: &OpError) -> ExitCode {
    ExitCode::from(match e {
        OpError::NotFound { .. } => 1,
        _ => 2,
    })
}

/// What an edit command hands to [`finish`] besides its planning.
struct Finish<'a> {
    opts: &'a EditOptions,
    /// Whether a plan made again on changed files must mean the same.
    replan: Replan,
    /// The one-line commit message of the written edit.
    message: &'a dyn Fn(&Applied) -> String,
    /// Said (exit 0) instead of the report when the edit changes nothing.
    when_nothing: Option<&'a str>,
}

/// Takes the write lock, plans (again, if a file changed under the edit), verifies, writes,
/// prints and commits.
fn finish(
    ctx: &Ctx,
    f: &Finish<'_>,
    plan: &mut dyn FnMut() -> Result<Planned>,
) -> Result<ExitCode> {
    let o = f.opts;
    let format = ctx.format(changes::FORMATS, Format::Text)?;
    let push_repo = if o.push {
        let repo =
            todo_md::git::Repo::discover(&ctx.cwd).context("--push needs a git repository")?;
        super::push::require_upstream(&repo)?;
        Some(repo)
    } else {
        None
    };
    // Held from the first read to the commit: other writers queue behind it.
    let _lock = if o.dry_run {
        None
    } else {
        Some(lock::take(ctx)?)
    };
    let landed = lock::plan_and_write(|p| p.root.clone(), f.replan, o.dry_run, plan)?;
    let (project, applied, warnings, touched) = match landed {
        Landed::Refused(e, changed) => {
            // Messages can quote task text (an open checklist item, a schema value).
            eprintln!("{}", Landed::message(&e, changed.as_ref()));
            return Ok(refusal_code(&e));
        }
        Landed::Done(w) => {
            let Written {
                project,
                applied,
                warnings,
                touched,
            } = *w;
            (project, applied, warnings, touched)
        }
    };
    let nothing = applied.files.is_empty() && applied.new_files.is_empty();
    if let (true, Some(note)) = (nothing, f.when_nothing) {
        eprintln!("todo: {note}");
        return Ok(ExitCode::SUCCESS);
    }
    for w in &warnings {
        eprintln!("todo: warning: {}", sanitize(w));
    }
    if nothing {
        report(format, &applied, true)?;
        return Ok(ExitCode::SUCCESS);
    }
    if o.dry_run {
        let files = applied.files.iter().map(|(fi, old, new)| {
            (
                project.files[*fi].display.as_str(),
                old.as_str(),
                new.as_str(),
            )
        });
        let new_files = applied
            .new_files
            .iter()
            .map(|(_, name, text)| (name.as_str(), text.as_str()));
        super::write_stdout(|out| match format {
            Format::Json => changes::write_dry_run_json(out, &applied.changes, files, new_files),
            _ => changes::write_dry_run(out, files, new_files),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    report(format, &applied, false)?;
    let message = (f.message)(&applied);
    if o.commit && !o.push {
        let repo =
            todo_md::git::Repo::discover(&ctx.cwd).context("--commit needs a git repository")?;
        let oid =
            super::commit::commit_paths(&repo, &touched, &message).context("cannot commit")?;
        eprintln!("todo: committed {} \"{message}\"", &oid.to_string()[..8]);
    }
    if let Some(repo) = push_repo {
        return super::push::commit_and_push(&repo, &touched, &message);
    }
    Ok(ExitCode::SUCCESS)
}

fn report(format: Format, applied: &Applied, unchanged: bool) -> Result<()> {
    super::write_stdout(|out| changes::write_report(out, format, &applied.changes, unchanged))
}

fn summary(changes: &[todo_md::ops::Change]) -> String {
    changes
        .iter()
        .filter(|c| c.kind != ChangeKind::LastUpdated)
        .map(|c| match (&c.old, &c.new) {
            (Some(o), Some(n)) if c.kind == ChangeKind::Status => format!("{} {o} → {n}", c.task),
            (_, Some(n)) => format!("{} {} {n}", c.task, c.kind),
            _ => format!("{} {}", c.task, c.kind),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn load(ctx: &Ctx) -> Result<Project> {
    ctx.project()
}

/// A verified edit and what its planning returned besides, or why it was refused.
type Verified<T> = Result<(Applied, T), OpError>;

/// Plans and verifies an edit of task `id` on only the parts of the files that mention it
/// (no full parse of a large file); a refusal is confirmed on the whole project.
fn plan_related<T>(
    ctx: &Ctx,
    id: &str,
    make: impl Fn(&Project) -> Result<(Plan, T), OpError>,
) -> Result<(Project, Verified<T>)> {
    let run = |project: &Project| make(project).and_then(|(p, t)| Ok((p.apply(project)?, t)));
    let project = ctx.project_for(&[id])?;
    let partial = project
        .files
        .iter()
        .any(|f| f.file.scope != todo_md::parse::Scope::Whole);
    match run(&project) {
        // Any refusal is decided again on the whole project: it may rest on a part of a file
        // the fast path did not read (a dependency's state for the done guard, a task to
        // suggest, a verification).
        Err(_) if partial => {
            let project = load(ctx)?;
            let out = run(&project);
            Ok((project, out))
        }
        out => Ok((project, out)),
    }
}

/// A planned and verified edit as [`finish`] takes it; `T` is what planning returned besides.
fn planned<T: Default + Into<Vec<String>>>(project: Project, out: Verified<T>) -> Planned {
    let (applied, warnings) = match out {
        Ok((a, t)) => (Ok(a), t.into()),
        Err(e) => (Err(e), Vec::new()),
    };
    Planned {
        project,
        applied,
        warnings,
    }
}

/// The options of an edit whose commit message is its report line after `verb`.
fn finishing<'a>(
    opts: &'a EditOptions,
    replan: Replan,
    message: &'a dyn Fn(&Applied) -> String,
) -> Finish<'a> {
    Finish {
        opts,
        replan,
        message,
        when_nothing: None,
    }
}

pub fn move_cmd(ctx: &Ctx, a: &MoveArgs) -> Result<ExitCode> {
    let to = a.to.as_ref().map(|t| {
        let (file, section) = match t.split_once('#') {
            Some((f, s)) => (f, Some(s.to_string())),
            None => (t.as_str(), None),
        };
        (
            std::fs::canonicalize(&ctx.cwd)
                .unwrap_or_else(|_| ctx.cwd.clone())
                .join(file),
            section,
        )
    });
    let cwd = std::fs::canonicalize(&ctx.cwd).unwrap_or_else(|_| ctx.cwd.clone());
    let root = todo_md::project::find_root(&cwd).unwrap_or(cwd);
    if let Some((path, _)) = &to
        && !path_inside(&root, path)
    {
        eprintln!(
            "todo: {} is outside the repository; refusing to write there",
            path.display()
        );
        return Ok(ExitCode::from(2));
    }
    let clear = match a.blocker.as_deref() {
        None => false,
        Some(b) if b.eq_ignore_ascii_case("none") => true,
        Some(b) => {
            eprintln!(
                "todo: --blocker takes only `none` here (use `todo set ID --blocker TEXT`), not `{b}`"
            );
            return Ok(ExitCode::from(2));
        }
    };
    let whole = to.is_some(); // a move into another file's section needs its headings
    let opts = MoveOptions {
        to,
        clear_blocker: clear,
    };
    let make = |p: &Project| ops::move_to(p, &a.id, &a.status, &opts, common(&a.opts));
    let mut plan = || -> Result<Planned> {
        let (project, out) = if whole {
            let project = load(ctx)?;
            let out = make(&project).and_then(|(p, w)| Ok((p.apply(&project)?, w)));
            (project, out)
        } else {
            plan_related(ctx, &a.id, make)?
        };
        Ok(planned(project, out))
    };
    let message = |ap: &Applied| message(ap, "");
    finish(ctx, &finishing(&a.opts, Replan::Same, &message), &mut plan)
}

/// The one-line report of an applied edit.
fn message(applied: &Applied, verb: &str) -> String {
    format!("todo: {verb}{}", summary(&applied.changes))
}

fn path_inside(root: &std::path::Path, path: &std::path::Path) -> bool {
    let parent = path.parent().and_then(|p| std::fs::canonicalize(p).ok());
    parent.is_some_and(|p| p.starts_with(root))
}

pub fn set_cmd(ctx: &Ctx, a: &SetArgs) -> Result<ExitCode> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (flag, key) in [
        (&a.priority, "priority"),
        (&a.owner, "owner"),
        (&a.kind, "type"),
        (&a.effort, "effort"),
    ] {
        if let Some(v) = flag {
            pairs.push((key.into(), v.clone()));
        }
    }
    if let Some(b) = &a.blocker {
        pairs.push((
            "blocker".into(),
            if b.eq_ignore_ascii_case("none") {
                "None".into()
            } else {
                b.clone()
            },
        ));
    }
    match a.field.as_slice() {
        [] => {}
        [k, rest @ ..] if !rest.is_empty() => pairs.push((k.clone(), rest.join(" "))),
        _ => {
            eprintln!("todo: give a FIELD and a VALUE (`todo set T-1 owner ana`)");
            return Ok(ExitCode::from(2));
        }
    }
    let deps = a.depends.is_some() || !a.add_dep.is_empty() || !a.rm_dep.is_empty();
    if pairs.is_empty() && !deps {
        eprintln!("todo: nothing to set (see `todo set --help`)");
        return Ok(ExitCode::from(2));
    }
    let mut plan = || -> Result<Planned> {
        let (project, out) = plan_related(ctx, &a.id, |p: &Project| {
            let mut pairs = pairs.clone();
            if deps {
                pairs.push(("dependencies".into(), dependencies(p, a)?));
            }
            ops::set(p, &a.id, &pairs, common(&a.opts)).map(|plan| (plan, Vec::new()))
        })?;
        Ok(planned(project, out))
    };
    let message = |ap: &Applied| message(ap, "");
    finish(ctx, &finishing(&a.opts, Replan::Same, &message), &mut plan)
}

/// The dependency list `set` writes: `--depends`, else the task's own, with `--add-dep` and
/// `--rm-dep` applied.
fn dependencies(project: &Project, a: &SetArgs) -> Result<String, OpError> {
    let current: Vec<String> = ops::find(project, &a.id)?
        .1
        .dependencies
        .iter()
        .map(|d| d.value.clone())
        .collect();
    let mut deps: Vec<String> = match &a.depends {
        Some(d) if d.eq_ignore_ascii_case("none") => Vec::new(),
        Some(d) => d
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => current,
    };
    for d in &a.add_dep {
        if !deps.contains(d) {
            deps.push(d.clone());
        }
    }
    deps.retain(|d| !a.rm_dep.contains(d));
    Ok(if deps.is_empty() {
        "None".into()
    } else {
        deps.join(", ")
    })
}

pub fn check_cmd(ctx: &Ctx, a: &CheckArgs, done: bool) -> Result<ExitCode> {
    let mut plan = || -> Result<Planned> {
        let (project, out) = plan_related(ctx, &a.id, |p: &Project| {
            ops::check(p, &a.id, &a.item, done, common(&a.opts)).map(|plan| (plan, Vec::new()))
        })?;
        Ok(planned(project, out))
    };
    let msg = format!(
        "todo: {} {} item {}",
        a.id,
        if done { "check" } else { "uncheck" },
        a.item
    );
    let message = |_: &Applied| msg.clone();
    finish(ctx, &finishing(&a.opts, Replan::Same, &message), &mut plan)
}

/// The IDs given on other branches and in other worktrees (uncommitted), which a new task
/// must not take.
/// The task files of other branches (each distinct blob once) and of the clone's other
/// worktrees (as they are on disk), for the next free ID.
fn elsewhere(ctx: &Ctx, project: &Project) -> Vec<Vec<u8>> {
    let Ok(repo) = todo_md::git::Repo::discover(&ctx.cwd) else {
        return Vec::new();
    };
    // Objects are only read here (and each distinct blob once), so they need not be
    // re-hashed: with many branches, hashing would cost more than everything else.
    todo_md::git::skip_hash_verification();
    let paths: Vec<PathBuf> = project
        .files
        .iter()
        .map(|f| f.file.doc.path().to_path_buf())
        .collect();
    let mut texts: Vec<Vec<u8>> = match repo.branch_blobs(&paths) {
        Ok(blobs) => blobs.into_iter().map(|(_, _, bytes)| bytes).collect(),
        Err(_) => Vec::new(),
    };
    // Other worktrees' files as they are on disk: IDs given there but not committed.
    texts.extend(
        todo_md::worktrees::other_worktree_files(&repo, &paths)
            .into_iter()
            .map(|(_, _, bytes)| bytes),
    );
    texts
}

pub fn add_cmd(ctx: &Ctx, a: &AddArgs) -> Result<ExitCode> {
    let mut plan = || -> Result<Planned> {
        let project = load(ctx)?;
        let opts = AddOptions {
            priority: a.priority.clone(),
            status: a.status.clone(),
            section: a.section.clone(),
            file: a.to_file.as_ref().map(|p| ctx.cwd.join(p)),
            taken: Vec::new(),
            elsewhere: if a.no_branches {
                Vec::new()
            } else {
                elsewhere(ctx, &project)
            },
        };
        let applied =
            ops::add(&project, &a.title, &opts, common(&a.opts)).and_then(|p| p.apply(&project));
        Ok(Planned {
            project,
            applied,
            warnings: Vec::new(),
        })
    };
    let message = |ap: &Applied| message(ap, "add ");
    // A new ID on a changed file is still the same request.
    finish(ctx, &finishing(&a.opts, Replan::Any, &message), &mut plan)
}

pub fn archive_cmd(ctx: &Ctx, a: &ArchiveArgs) -> Result<ExitCode> {
    let mut plan = || -> Result<Planned> {
        let project = load(ctx)?;
        let applied = ops::archive(&project, common(&a.opts)).and_then(|p| p.apply(&project));
        Ok(Planned {
            project,
            applied,
            warnings: Vec::new(),
        })
    };
    let message = |ap: &Applied| {
        let n = ap
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Moved)
            .count();
        format!(
            "todo: archive {n} done task{}",
            if n == 1 { "" } else { "s" }
        )
    };
    let f = Finish {
        when_nothing: Some("no done task to archive"),
        ..finishing(&a.opts, Replan::Any, &message)
    };
    finish(ctx, &f, &mut plan)
}

pub fn edit_cmd(ctx: &Ctx, a: &EditArgs) -> Result<ExitCode> {
    // The editor runs without the lock (it may stay open for minutes); the block is checked
    // again under the lock before the edit is written.
    let project = load(ctx)?;
    let original = match ops::edit::block(&project, &a.id) {
        Ok(text) => text.to_string(),
        Err(e) => {
            eprintln!("todo: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    drop(project);
    let Some(edited) = run_editor(&original)? else {
        return Ok(ExitCode::from(2));
    };
    if edited == original {
        eprintln!("todo: no change");
        return Ok(ExitCode::SUCCESS);
    }
    let mut plan = || -> Result<Planned> {
        let project = load(ctx)?;
        let applied = match ops::edit::block(&project, &a.id) {
            Ok(now) if now != original => Err(OpError::Invalid(format!(
                "{} changed on disk while it was being edited; nothing written (run the command again)",
                a.id
            ))),
            Ok(_) => match ops::edit::edit(&project, &a.id, &edited) {
                Ok(Some(plan)) => plan.apply(&project),
                Ok(None) => Ok(Applied {
                    files: Vec::new(),
                    changes: Vec::new(),
                    new_files: Vec::new(),
                }),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        Ok(Planned {
            project,
            applied,
            warnings: Vec::new(),
        })
    };
    let msg = format!("todo: edit {}", a.id);
    let message = |_: &Applied| msg.clone();
    // The plan checks the block itself: any other change to the file is fine.
    finish(ctx, &finishing(&a.opts, Replan::Any, &message), &mut plan)
}

/// Opens `text` in `$VISUAL`, `$EDITOR` or `vi` and returns what the user saved; `None`
/// (after saying why) when the editor failed.
fn run_editor(text: &str) -> Result<Option<String>> {
    let mut tmp = tempfile::Builder::new()
        .prefix("todo-")
        .suffix(".md")
        .tempfile()?;
    tmp.write_all(text.as_bytes())?;
    tmp.flush()?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("todo-edit")
        .arg(tmp.path())
        .status()
        .with_context(|| format!("cannot run the editor `{editor}`"))?;
    if !status.success() {
        eprintln!("todo: the editor exited with {status}; nothing written");
        return Ok(None);
    }
    let edited = std::fs::read_to_string(tmp.path()).context("cannot read the edited task back")?;
    Ok(Some(edited))
}
