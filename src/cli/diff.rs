//! `todo diff` (being written).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Ctx;

#[derive(Debug, Args)]
pub struct DiffArgs {}

pub fn run(_ctx: &Ctx, _args: &DiffArgs) -> Result<ExitCode> {
    eprintln!("todo: `todo diff` is not available yet");
    Ok(ExitCode::from(2))
}
