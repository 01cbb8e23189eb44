//! `todo show`: one task in full, located by ID or by `FILE:LINE`.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::output::tasks::{SHOW_FORMATS, write_show};
use todo_md::project::Project;
use todo_md::query::locate;

use super::{Ctx, write_stdout};

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The task's ID, or FILE:LINE for any line of a task (also for tasks without an ID).
    #[arg(value_name = "ID")]
    id: String,
}

pub fn show(ctx: &Ctx, args: &ShowArgs) -> Result<ExitCode> {
    let format = ctx.format_in(SHOW_FORMATS)?;
    let project = project_for(ctx, &args.id)?;
    let Some(t) = locate(&project, &args.id) else {
        let mut msg = format!("todo: no task `{}`", args.id);
        if let Some(s) = project.suggest(&args.id) {
            let _ = write!(msg, "; did you mean `{s}`?");
        }
        eprintln!("{msg}");
        return Ok(ExitCode::from(1));
    };
    write_stdout(|out| write_show(out, format, &project, t, ctx.color))?;
    Ok(ExitCode::SUCCESS)
}

/// The project as far as showing `what` needs: the parts of the files that mention the ID
/// and, when the task has dependencies, the parts that mention those (their states are
/// shown); the whole project when the fast path does not find the task (a `FILE:LINE`, an ID
/// in another case, a typo to suggest for).
fn project_for(ctx: &Ctx, what: &str) -> Result<Project> {
    let project = ctx.project_for(&[what])?;
    let whole = project
        .files
        .iter()
        .all(|f| f.file.scope == todo_md::parse::Scope::Whole);
    if whole {
        return Ok(project);
    }
    let deps: Vec<String> = match project.find(what) {
        None => return ctx.project(),
        Some(t) => t
            .task
            .dependencies
            .iter()
            .map(|d| d.value.clone())
            .collect(),
    };
    if deps.is_empty() {
        return Ok(project);
    }
    let mut ids: Vec<&str> = vec![what];
    ids.extend(deps.iter().map(String::as_str));
    ctx.project_for(&ids)
}
