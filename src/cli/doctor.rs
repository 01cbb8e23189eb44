//! `todo doctor`: how each task file was read (see `todo_md::doctor`; rendered by
//! `todo_md::output::doctor`).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::doctor::{FileReport, report};
use todo_md::output::doctor::{FORMATS, write_reports};

use super::{Ctx, write_stdout};

#[derive(Debug, Args)]
pub struct DoctorArgs {}

pub fn run(ctx: &Ctx, _args: &DoctorArgs) -> Result<ExitCode> {
    let format = ctx.format_in(FORMATS)?;
    let project = ctx.project()?;
    let reports: Vec<FileReport> = project.files.iter().map(report).collect();
    write_stdout(|out| write_reports(out, format, &reports))?;
    Ok(ExitCode::SUCCESS)
}
