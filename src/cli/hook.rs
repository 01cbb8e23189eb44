//! `todo hook install`: a git pre-commit hook that runs `todo lint --staged`.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Subcommand;
use todo_md::git::Repo;
use todo_md::hook::{self, HookError, InstallOutcome};

use super::Ctx;

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Write .git/hooks/pre-commit so that every commit runs `todo lint --staged`.
    ///
    /// An existing hook of another tool is left alone unless --force, which keeps it as
    /// pre-commit.local and runs it first. With --merge-driver, set up the merge driver
    /// instead: `[merge "todo"]` in the repository's git config and a `merge=todo` line per
    /// task file in .gitattributes (added once, never duplicated).
    #[command(
        after_help = "Examples:\n  todo hook install\n  todo hook install --force   keep and chain an existing hook\n  todo hook install --merge-driver   merge task files task by task"
    )]
    Install {
        /// Chain an existing foreign hook instead of refusing.
        #[arg(long)]
        force: bool,
        /// Set up `todo merge-driver` for the task files (git config and .gitattributes).
        #[arg(long, conflicts_with = "force")]
        merge_driver: bool,
    },
}

pub fn hook(ctx: &Ctx, cmd: &HookCommand) -> Result<ExitCode> {
    let HookCommand::Install {
        force,
        merge_driver,
    } = cmd;
    let repo = Repo::discover(&ctx.cwd).context("hook install needs a git repository")?;
    if *merge_driver {
        return super::merge_driver::install(ctx, &repo);
    }
    match hook::install(&repo, *force) {
        Ok(InstallOutcome::Created { path }) => println!("installed {}", path.display()),
        Ok(InstallOutcome::Updated { path, .. }) => println!("updated {}", path.display()),
        Ok(InstallOutcome::Chained { path, local }) => println!(
            "installed {} (the previous hook runs first, kept as {})",
            path.display(),
            local.display()
        ),
        Err(e @ (HookError::Foreign { .. } | HookError::LocalExists { .. })) => {
            eprintln!("todo: {e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}
