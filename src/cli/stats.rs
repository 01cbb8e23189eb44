//! `todo stats` (being written).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Ctx;

#[derive(Debug, Args)]
pub struct StatsArgs {}

pub fn run(_ctx: &Ctx, _args: &StatsArgs) -> Result<ExitCode> {
    eprintln!("todo: `todo stats` is not available yet");
    Ok(ExitCode::from(2))
}
