//! `todo completions` and `todo man`: generated from the same clap definitions as `--help`.

use std::process::ExitCode;

use super::{command, emit};
use anyhow::Result;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut cmd = command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "todo", &mut buf);
    emit(&String::from_utf8_lossy(&buf))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    let cmd = command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    emit(&String::from_utf8_lossy(&buf))?;
    Ok(ExitCode::SUCCESS)
}
