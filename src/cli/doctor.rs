//! `todo doctor`: how each task file was read (see `todo_md::doctor`; rendered by
//! `todo_md::output::doctor`).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::doctor::{FileReport, report};
use todo_md::fs::{LockState, lock_state};
use todo_md::output::doctor::{FORMATS, write_reports};

use super::{Ctx, Format, write_stdout};

#[derive(Debug, Args)]
pub struct DoctorArgs {}

/// The write lock, when a process holds it or left it behind: its file and its owner.
fn lock_line(ctx: &Ctx) -> Option<String> {
    let path = super::lock::lock_path(ctx);
    match lock_state(&path) {
        LockState::Free => None,
        LockState::Held(Some(owner)) => Some(format!("{} is held by {owner}", path.display())),
        LockState::Held(None) => Some(format!("{} is held", path.display())),
        LockState::Left(owner) => Some(format!(
            "{} was left by a process that ended without releasing it ({owner}); the next writer takes it over",
            path.display()
        )),
    }
}

pub fn run(ctx: &Ctx, _args: &DoctorArgs) -> Result<ExitCode> {
    // Every line is accounted for: keep each parse's scan for it.
    todo_md::parse::set_keep_scan(true);
    let format = ctx.format_in(FORMATS)?;
    let project = ctx.project()?;
    let reports: Vec<FileReport> = project
        .files
        .iter()
        .map(|f| report(f, &project.config.priority_sections))
        .collect();
    // A task file git would merge as text without a word: said on stderr beside JSON, as
    // the last lines of the text report.
    let driver = todo_md::git::Repo::discover(&ctx.cwd)
        .map(|r| super::merge_driver::setup_problems(&r))
        .unwrap_or_default();
    if format == Format::Json {
        driver.iter().for_each(|p| eprintln!("warning: {p}"));
    }
    let lock = lock_line(ctx);
    if let (Format::Json, Some(l)) = (format, &lock) {
        eprintln!("write lock: {}", todo_md::output::sanitize(l));
    }
    let (shown, lock): (&[String], _) = if format == Format::Json {
        (&[], None)
    } else {
        (&driver, lock.as_deref())
    };
    write_stdout(|out| write_reports(out, format, &reports, shown, lock))?;
    Ok(ExitCode::SUCCESS)
}
