//! `todo prime`: the session primer for agents (`todo_md::output::prime`), built from the
//! project and its ready tasks.

use std::process::ExitCode;

use anyhow::Result;
use todo_md::output::prime::{self, Prime};
use todo_md::query;

use super::{Ctx, write_stdout};

pub fn run(ctx: &Ctx) -> Result<ExitCode> {
    let format = ctx.format_in(prime::FORMATS)?;
    let project = ctx.project()?;
    let ready = query::ready(&project, &[], &[]);
    let primer = Prime::new(&project, &ready);
    write_stdout(|out| prime::write(out, format, &primer))?;
    Ok(ExitCode::SUCCESS)
}
