//! `todo diff`: the semantic difference of the task files between two revisions, or a revision
//! and the working tree, as text lines, JSON or a Markdown summary for pull requests. The
//! comparison itself is `todo_md::history::diff`; this module parses the revision arguments
//! and renders.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde_json::json;
use todo_md::git::Repo;
use todo_md::history::change::TaskChange;
use todo_md::history::diff::{ProjectDiff, Side, diff_projects, load_side, merge_base};
use todo_md::output::sanitize;

use super::{Ctx, Format, UsageError, emit};

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
    let format = ctx.format(&[Format::Text, Format::Json, Format::Md], Format::Text)?;
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
    let out = match format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "from": from.rev(),
                "to": to.rev(),
                "added": diff.added,
                "removed": diff.removed,
                "changed": diff.changed,
            }))?
        ),
        Format::Md => markdown(&diff, &from, &to),
        _ => text(&diff, ctx.color),
    };
    emit(&out)?;
    Ok(if args.exit_code && !diff.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A change on one line: list-valued fields hold line breaks.
fn one_line(c: &TaskChange) -> String {
    sanitize(&c.to_string()).replace('\n', ", ")
}

fn changes_line(changes: &[TaskChange]) -> String {
    changes.iter().map(one_line).collect::<Vec<_>>().join("; ")
}

fn named(id: Option<&str>, title: &str) -> String {
    match id {
        Some(id) => format!("{id} {}", sanitize(title)),
        None => sanitize(title).into_owned(),
    }
}

fn text(diff: &ProjectDiff, color: bool) -> String {
    let paint = |code: &str, s: String| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s
        }
    };
    let mut out = String::new();
    for e in &diff.added {
        let line = format!("+ {} ({})", named(e.id.as_deref(), &e.title), e.file);
        let _ = writeln!(out, "{}", paint("32", line));
    }
    for e in &diff.removed {
        let line = format!("- {} ({})", named(e.id.as_deref(), &e.title), e.file);
        let _ = writeln!(out, "{}", paint("31", line));
    }
    for c in &diff.changed {
        // With an ID the ID is enough; without one, the title and file say which task.
        let who = match &c.id {
            Some(id) => id.clone(),
            None => format!("{} ({})", sanitize(&c.title), c.file),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint("33", format!("~ {who}")),
            changes_line(&c.changes)
        );
    }
    let _ = writeln!(out, "{}", diff.summary());
    out
}

fn markdown(diff: &ProjectDiff, from: &Side, to: &Side) -> String {
    let side = |s: &Side| match s.rev() {
        Some(r) => format!("`{r}`"),
        None => "the working tree".to_string(),
    };
    let bold_id = |id: Option<&str>, title: &str| match id {
        Some(id) => format!("**{id}** {}", sanitize(title)),
        None => sanitize(title).into_owned(),
    };
    let mut out = String::new();
    let _ = writeln!(out, "## Task changes: {} → {}\n", side(from), side(to));
    let summary = diff.summary();
    let mut first = summary.chars();
    let summary: String = first
        .next()
        .map(|c| c.to_uppercase().chain(first).collect())
        .unwrap_or_default();
    let _ = writeln!(out, "{summary}.");
    let lists = [("Added", &diff.added), ("Removed", &diff.removed)];
    for (heading, entries) in lists {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading}\n");
        for e in entries {
            let _ = writeln!(
                out,
                "- {} (`{}`)",
                bold_id(e.id.as_deref(), &e.title),
                e.file
            );
        }
    }
    if !diff.changed.is_empty() {
        let _ = writeln!(out, "\n### Changed\n");
        for c in &diff.changed {
            let _ = writeln!(
                out,
                "- {} (`{}`)",
                bold_id(c.id.as_deref(), &c.title),
                c.file
            );
            for ch in &c.changes {
                let _ = writeln!(out, "  - {}", one_line(ch));
            }
        }
    }
    out
}
