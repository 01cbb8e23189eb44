//! `todo diff`: the semantic difference of the task files between two revisions, or a revision
//! and the working tree, as text lines, JSON or a Markdown summary for pull requests. The
//! comparison itself is `todo_md::history::diff`; this module parses the revision arguments,
//! and `todo_md::output::diff` renders.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::git::Repo;
use todo_md::history::diff::{Side, diff_projects, load_side, merge_base};
use todo_md::output::diff::{FORMATS, write_diff};

use super::{Ctx, UsageError, write_stdout};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old side (default HEAD), or a range: `A..B`, or `A...B` for B against the point
    /// where it forked from A.
    #[arg(value_name = "REV_A")]
    from: Option<String>,
    /// The new side (default: the working tree).
    #[arg(value_name = "REV_B")]
    to: Option<String>,
    /// Exit 1 when there are differences, 0 when there are none (as `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
}

/// The two sides the arguments name, following git: no argument is HEAD against the working
/// tree, one is that revision against it, and an empty end of a range stands for HEAD.
fn sides(repo: &Repo, args: &DiffArgs) -> Result<(Side, Side)> {
    let rev = |s: &str| Side::Rev(if s.is_empty() { "HEAD" } else { s }.to_string());
    match (&args.from, &args.to) {
        (None, _) => Ok((rev("HEAD"), Side::WorkTree)),
        (Some(a), Some(b)) => {
            if a.contains("..") || b.contains("..") {
                return Err(UsageError(
                    "give either a range A..B or two revisions, not both".into(),
                )
                .into());
            }
            Ok((rev(a), rev(b)))
        }
        (Some(a), None) => {
            if let Some((x, y)) = a.split_once("...") {
                let (x, y) = (rev(x), rev(y));
                let base = merge_base(repo, x.label(), y.label())?;
                Ok((Side::Rev(base), y))
            } else if let Some((x, y)) = a.split_once("..") {
                Ok((rev(x), rev(y)))
            } else {
                Ok((rev(a), Side::WorkTree))
            }
        }
    }
}

pub fn run(ctx: &Ctx, args: &DiffArgs) -> Result<ExitCode> {
    let format = ctx.format_in(FORMATS)?;
    // Silently ignoring these would compare something other than what was asked.
    if ctx.rev.is_some() {
        return Err(UsageError("todo diff takes revisions as arguments, not --ref".into()).into());
    }
    if !ctx.files.is_empty() {
        return Err(UsageError("todo diff compares every task file; drop --file".into()).into());
    }
    // Discover from the absolute path so the error names a real directory, not `.`.
    let repo = Repo::discover(&std::fs::canonicalize(&ctx.cwd).unwrap_or(ctx.cwd.clone()))?;
    let (from, to) = sides(&repo, args)?;
    let old = load_side(&repo, &ctx.cwd, &from)?;
    let new = load_side(&repo, &ctx.cwd, &to)?;
    let diff = diff_projects(&old, &new);
    write_stdout(|out| write_diff(out, format, &diff, &from, &to, ctx.color))?;
    Ok(if args.exit_code && !diff.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
