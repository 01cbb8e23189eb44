//! `todo log` (being written).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Ctx;

#[derive(Debug, Args)]
pub struct LogArgs {}

pub fn run(_ctx: &Ctx, _args: &LogArgs) -> Result<ExitCode> {
    eprintln!("todo: `todo log` is not available yet");
    Ok(ExitCode::from(2))
}
