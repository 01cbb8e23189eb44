//! `todo setup agents`: print the AGENTS.md section (`todo_md::output::agents`), or with
//! `--write` put it into AGENTS.md (or the file the global `--file` names) between its
//! marker comments, leaving every other byte of the file as it was.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Subcommand;
use todo_md::fs::{FileWrite, write_files};
use todo_md::output::agents;

use super::{Ctx, emit};

#[derive(Debug, Subcommand)]
pub enum SetupCommand {
    /// Print the AGENTS.md section on finding, claiming, updating and finishing tasks.
    ///
    /// With --write the section goes into AGENTS.md at the repository root (or the file the
    /// global --file names, such as CLAUDE.md), between marker comments: a later run replaces
    /// it there, and nothing else in the file changes.
    #[command(after_help = "\
Examples:
  todo setup agents                       print the section
  todo setup agents --write               add it to AGENTS.md (idempotent)
  todo setup agents --write --file CLAUDE.md")]
    Agents {
        /// Write the section into the file instead of printing it.
        #[arg(long)]
        write: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: &SetupCommand) -> Result<ExitCode> {
    let SetupCommand::Agents { write } = cmd;
    let section = agents::section();
    if !write {
        emit(&section)?;
        return Ok(ExitCode::SUCCESS);
    }
    let cwd = std::fs::canonicalize(&ctx.cwd).unwrap_or_else(|_| ctx.cwd.clone());
    let root = todo_md::project::find_root(&cwd).unwrap_or_else(|| cwd.clone());
    let path: PathBuf = match ctx.files.as_slice() {
        [] => root.join("AGENTS.md"),
        [one] => cwd.join(one),
        _ => return Err(super::UsageError("give one --file to write".into()).into()),
    };
    let old = match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let text = match &old {
        Some(bytes) => String::from_utf8(bytes.clone())
            .with_context(|| format!("{} is not UTF-8; not touched", path.display()))?,
        None => String::new(),
    };
    let new = agents::splice(&text, &section);
    if new == text {
        eprintln!("todo: {} already has the section", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    write_files(
        Some(&root),
        &[FileWrite {
            path: &path,
            expected: old.as_deref(),
            new: new.as_bytes(),
        }],
    )?;
    eprintln!("todo: wrote the agents section to {}", path.display());
    Ok(ExitCode::SUCCESS)
}
