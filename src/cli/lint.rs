//! `todo lint`: check task files against their schema and the consistency rules.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use todo_md::document::Document;
use todo_md::git::Repo;
use todo_md::lint::{self, Report, Severity};
use todo_md::output::Format;
use todo_md::output::diagnostics::{FORMATS, ReportOptions, Sources, write_report};
use todo_md::output::patch::write_file_diff;
use todo_md::project::{Project, is_task_file};

use super::{Ctx, UsageError, write_stdout};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Task files to check (default: the project's task files).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Check the files as staged in the git index (what a commit would record), not the
    /// working tree.
    #[arg(long)]
    staged: bool,
    // --- history lint ---
    /// Also check the change since REV (a commit, branch or tag) to the working tree, or to
    /// the index with --staged: tasks deleted, IDs reused for other tasks, status changes the
    /// `workflow:` of .todo.yml does not allow.
    #[arg(long, value_name = "REV")]
    since: Option<String>,
    /// Also report IDs that name different tasks on different local or remote-tracking
    /// branches.
    #[arg(long)]
    branches: bool,
    // --- end history lint ---
    /// Apply safe fixes (only the fixed bytes change).
    #[arg(long, conflicts_with = "staged")]
    fix: bool,
    /// With --fix or --diff, also apply fixes that may change meaning.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Show the fixes as a unified diff; write nothing.
    #[arg(long, conflicts_with = "staged")]
    diff: bool,
    /// Print only the diagnostics (no summary line).
    #[arg(short, long)]
    quiet: bool,
    /// Print the number of diagnostics per rule instead of the diagnostics.
    #[arg(long)]
    statistics: bool,
    /// Exit 1 on warnings too.
    #[arg(long)]
    warnings_as_errors: bool,
    /// Exit 0 even when errors are found.
    #[arg(long)]
    exit_zero: bool,
}

pub fn lint(ctx: &Ctx, args: &LintArgs) -> Result<ExitCode> {
    // Every line is accounted for: each parse finds its near misses while it has its scan.
    todo_md::parse::set_near_misses_on_parse(true);
    let default = if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        Format::Github
    } else {
        Format::Full
    };
    let format = ctx.format(FORMATS, default)?;
    if ctx.rev.is_some() && (args.fix || args.staged) {
        return Err(UsageError("--ref cannot be combined with --fix or --staged".into()).into());
    }
    let mut files = ctx.files.clone();
    files.extend(args.paths.iter().cloned());
    // `--fix` writes: the write lock is held from the first read to the last rename.
    let _lock = (args.fix && !args.diff)
        .then(|| super::lock::take(ctx))
        .transpose()?;
    // Never dropped: the process ends after this command, and freeing a large model costs
    // more than nothing.
    let mut project = std::mem::ManuallyDrop::new(if args.staged {
        load_staged(ctx, &files)?
    } else if ctx.rev.is_some() {
        ctx.project()?
    } else {
        Project::load(&ctx.cwd, &files).context("cannot load the task files")?
    });
    lint::check_levels(&project).context("cannot load the task files")?;
    // --- history lint: git is optional (stale-last-updated) unless a flag needs it ---
    let repo = match Repo::discover(&ctx.cwd) {
        Ok(repo) => Some(repo),
        Err(err) if args.since.is_some() || args.branches => {
            let flag = if args.since.is_some() {
                "--since"
            } else {
                "--branches"
            };
            return Err(anyhow::Error::new(err).context(format!("{flag} needs a git repository")));
        }
        Err(_) => None,
    };
    if let Some(repo) = &repo {
        super::merge_driver::warn_setup(repo);
    }
    let before = match (&args.since, &repo) {
        (Some(rev), Some(repo)) => {
            let mut before = todo_md::history::project_at(repo, &ctx.cwd, rev)
                .with_context(|| format!("cannot read the task files at {rev}"))?;
            if !files.is_empty() {
                lint::history::restrict(&mut before, &project);
            }
            Some((rev.as_str(), before))
        }
        _ => None,
    };
    // --- end history lint ---
    let report = if args.fix || args.diff {
        let reload = || -> Result<Project> {
            if args.staged {
                load_staged(ctx, &files)
            } else {
                Project::load(&ctx.cwd, &files).context("cannot load the task files")
            }
        };
        fix(&mut project, repo.as_ref(), args, &reload)?
    } else {
        lint::run(&project)
    };
    if let Some((_, before)) = &before {
        lint::history::add_gone_files(&mut project, before);
    }
    let report = history(
        &project,
        report,
        repo.as_ref(),
        before.as_ref(),
        args.branches,
    )?;
    if !args.diff {
        let opts = ReportOptions {
            color: ctx.color,
            quiet: args.quiet,
            statistics: args.statistics,
        };
        let sources = Sources::of(&project);
        write_stdout(|out| write_report(out, format, &report, &sources, opts))?;
    }
    let failing = report.count(Severity::Error)
        + if args.warnings_as_errors {
            report.count(Severity::Warning)
        } else {
            0
        };
    Ok(if failing > 0 && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How many times `--fix` finds its fixes again when a file changed under it.
const FIX_REPLANS: usize = 4;

/// `--fix` and `--diff`: applies the safe (or all) fixes, writes them or shows them as a
/// diff, and returns the report of what is left.
fn fix(
    project: &mut Project,
    repo: Option<&Repo>,
    args: &LintArgs,
    reload: &dyn Fn() -> Result<Project>,
) -> Result<todo_md::lint::Report> {
    let plan = |project: &mut Project| {
        let mut outcome = lint::fix(project, args.unsafe_fixes);
        if let Some(repo) = repo {
            lint::history::fix_stale(project, repo, &mut outcome);
        }
        outcome
    };
    let mut outcome = plan(project);
    if args.diff {
        write_stdout(|out| {
            for (fi, before, after) in &outcome.changed {
                write_file_diff(out, &project.files[*fi].display, before, after)?;
            }
            Ok(())
        })?;
        eprintln!(
            "todo: {} available in {} (not written)",
            counted(outcome.applied, "fix", "fixes"),
            counted(outcome.changed.len(), "file", "files"),
        );
    } else {
        let mut attempts = 0;
        loop {
            let written = {
                let writes: Vec<todo_md::fs::FileWrite<'_>> = outcome
                    .changed
                    .iter()
                    .map(|(fi, before, after)| todo_md::fs::FileWrite {
                        path: project.files[*fi].file.doc.path(),
                        expected: Some(before.as_bytes()),
                        new: after.as_bytes(),
                    })
                    .collect();
                todo_md::fs::write_files(Some(&project.root), &writes)
            };
            match written {
                // A writer that takes no lock (an editor) changed a file since it was read:
                // the fixes are found again on the new text.
                Err(todo_md::fs::WriteError::ChangedOnDisk(_)) if attempts < FIX_REPLANS => {
                    attempts += 1;
                    *project = reload()?;
                    outcome = plan(project);
                }
                other => {
                    other?;
                    break;
                }
            }
        }
        if outcome.applied > 0 {
            eprintln!(
                "todo: fixed {} in {}",
                counted(outcome.applied, "problem", "problems"),
                counted(outcome.changed.len(), "file", "files"),
            );
        }
    }
    Ok(outcome.report)
}

/// Adds the history rules to `report`: stale-last-updated in a repository, the `--since` and
/// `--branches` rules when asked for.
fn history(
    project: &Project,
    mut report: Report,
    repo: Option<&Repo>,
    before: Option<&(&str, Project)>,
    branches: bool,
) -> Result<Report> {
    let Some(repo) = repo else {
        return Ok(report);
    };
    let mut found = lint::history::check_stale(project, repo);
    if let Some((rev, before)) = before {
        found.extend(lint::history::check_since_at(
            before,
            project,
            &project.config.workflow,
            rev,
        ));
    }
    if branches {
        found.extend(
            lint::history::check_branches(project, repo).context("cannot read the branches")?,
        );
    }
    lint::history::merge(&mut report, project, found);
    Ok(report)
}

/// `1 fix`, `2 fixes`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The project as the git index holds it: discovered from the staged paths, read from the
/// index.
fn load_staged(ctx: &Ctx, explicit: &[PathBuf]) -> Result<Project> {
    let repo = Repo::discover(&ctx.cwd).context("--staged needs a git repository")?;
    let workdir = repo.workdir().to_path_buf();
    let mut files: Vec<PathBuf> = explicit.to_vec();
    if files.is_empty() {
        let config =
            todo_md::config::Config::discover(&std::fs::canonicalize(&ctx.cwd)?, &workdir)?
                .map(|(_, c)| c)
                .unwrap_or_default();
        for p in repo.staged_paths()? {
            if is_task_file(&p.to_string_lossy().replace('\\', "/"), &config) {
                files.push(workdir.join(&p));
            }
        }
        if files.is_empty() {
            return Err(UsageError("no task file is staged".to_string()).into());
        }
    }
    let mut read = |path: &Path| -> Result<Option<Document>, todo_md::LoadError> {
        match repo.staged(path) {
            Ok(Some(bytes)) => Document::from_bytes(path, bytes).map(Some),
            _ => Ok(None),
        }
    };
    let mut project = Project::load_from(&ctx.cwd, &files, &mut read)
        .context("cannot load the staged task files")?;
    if explicit.is_empty() {
        project.display_relative_to(&workdir);
    }
    Ok(project)
}
