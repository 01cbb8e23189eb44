//! `todo doctor`: how each task file was read (see `todo_md::doctor`; rendered by
//! `todo_md::output::doctor`).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::doctor::{FileReport, report};
use todo_md::output::doctor::{FORMATS, write_reports};

use super::{Ctx, Format, write_stdout};

#[derive(Debug, Args)]
pub struct DoctorArgs {}

pub fn run(ctx: &Ctx, _args: &DoctorArgs) -> Result<ExitCode> {
    let format = ctx.format_in(FORMATS)?;
    let project = ctx.project()?;
    let reports: Vec<FileReport> = project.files.iter().map(report).collect();
    // A task file git would merge as text without a word: said on stderr beside JSON, as
    // the last lines of the text report.
    let driver = todo_md::git::Repo::discover(&ctx.cwd)
        .map(|r| super::merge_driver::setup_problems(&r))
        .unwrap_or_default();
    if format == Format::Json {
        driver.iter().for_each(|p| eprintln!("warning: {p}"));
    }
    let shown: &[String] = if format == Format::Json { &[] } else { &driver };
    write_stdout(|out| write_reports(out, format, &reports, shown))?;
    Ok(ExitCode::SUCCESS)
}
