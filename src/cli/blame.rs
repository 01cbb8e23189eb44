//! `todo blame` (being written).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::Ctx;

#[derive(Debug, Args)]
pub struct BlameArgs {}

pub fn run(_ctx: &Ctx, _args: &BlameArgs) -> Result<ExitCode> {
    eprintln!("todo: `todo blame` is not available yet");
    Ok(ExitCode::from(2))
}
