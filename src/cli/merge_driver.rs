//! `todo merge-driver %O %A %B %L %P`: git's merge-driver contract around
//! [`todo_md::merge::merge`]. Reads the three versions, writes the result over ours
//! atomically, and answers with git's exit codes (0 clean, 1 conflicts). Messages, such as a
//! renumbered ID, go to standard error, where git shows them.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use todo_md::merge::{self, MergeRequest, Method};
use todo_md::project::Project;

use super::Ctx;

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O).
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Ours (git's %A); the result is written over it.
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Theirs (git's %B).
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// Length of conflict markers (git's %L).
    #[arg(value_name = "MARKER_SIZE", default_value_t = 7)]
    pub marker_size: usize,
    /// The file's path in the repository (git's %P), for messages and the task model.
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
}

fn read(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// IDs of the project's other task files, so that a renumbered ID is free everywhere. Best
/// effort: a project that cannot be loaded adds nothing.
fn other_ids(ctx: &Ctx, path: &str) -> Vec<String> {
    let Ok(project) = Project::load(&ctx.cwd, &[]) else {
        return Vec::new();
    };
    project
        .files
        .iter()
        .filter(|f| f.display != path)
        .flat_map(|f| {
            f.file
                .tasks
                .iter()
                .filter_map(|t| t.id())
                .map(str::to_string)
        })
        .collect()
}

/// What is wrong with the merge driver's setup in the repository (none outside a
/// repository, or when .gitattributes does not name the driver), one sentence each.
pub fn setup_problems(repo: &todo_md::git::Repo) -> Vec<String> {
    merge::setup::check(repo)
        .iter()
        .map(|p| todo_md::output::sanitize(&p.to_string()).into_owned())
        .collect()
}

/// Prints [`setup_problems`] on standard error as warnings.
pub fn warn_setup(repo: &todo_md::git::Repo) {
    for p in setup_problems(repo) {
        eprintln!("warning: {p}");
    }
}

/// `todo hook install --merge-driver`: the git config section and the `.gitattributes` lines
/// for the project's task files (TODO.md when none exists yet).
pub fn install(ctx: &Ctx, repo: &todo_md::git::Repo) -> Result<ExitCode> {
    let mut files: Vec<String> = match Project::load(&ctx.cwd, &ctx.files) {
        Ok(mut p) => {
            p.display_relative_to(repo.workdir());
            p.files
                .iter()
                .map(|f| f.display.replace('\\', "/"))
                .collect()
        }
        Err(_) => Vec::new(),
    };
    if files.is_empty() {
        files.push("TODO.md".to_string());
    }
    let done = merge::setup::install(repo, &files).context("cannot set up the merge driver")?;
    println!(
        "{} merge.{}.driver = {}",
        if done.config_changed { "set" } else { "kept" },
        merge::setup::DRIVER,
        merge::setup::COMMAND
    );
    for line in &done.lines_added {
        println!(
            "added to .gitattributes: {}",
            todo_md::output::sanitize(line)
        );
    }
    if done.lines_added.is_empty() {
        println!(".gitattributes already names the driver for every task file");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(ctx: &Ctx, args: &MergeDriverArgs) -> Result<ExitCode> {
    // Relative paths start at -C DIR, like every other path.
    let at = |p: &PathBuf| match ctx.cwd.as_os_str() == "." {
        true => p.clone(),
        false => ctx.cwd.join(p),
    };
    let ours_path = at(&args.ours);
    let (base, ours, theirs) = (
        read(&at(&args.base))?,
        read(&ours_path)?,
        read(&at(&args.theirs))?,
    );
    let path = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let known = other_ids(ctx, &path);
    let outcome = merge::merge(&MergeRequest {
        base: &base,
        ours: &ours,
        theirs: &theirs,
        path: &path,
        marker_size: args.marker_size,
        known_ids: &known,
    })
    .with_context(|| format!("cannot merge {path}"))?;
    if outcome.bytes != ours {
        todo_md::fs::write_atomic(&ours_path, &ours, &outcome.bytes)
            .with_context(|| format!("cannot write the merge of {path}"))?;
    }
    let shown = todo_md::output::sanitize(&path);
    for r in &outcome.renumbered {
        eprintln!(
            "todo: {shown}: both sides added {}; theirs is renumbered to {}",
            r.from, r.to
        );
    }
    if let Method::Lines(reason) = &outcome.method {
        eprintln!("todo: {shown}: merged line by line ({reason})");
    }
    if outcome.conflicts > 0 {
        let n = outcome.conflicts;
        eprintln!(
            "todo: {shown}: {n} conflict{} left between markers",
            if n == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
