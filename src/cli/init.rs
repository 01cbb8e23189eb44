//! `todo init`: a starting TODO.md (with its own task schema) and a commented `.todo.yml`,
//! and in a git repository the merge driver when the user wants it.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;

use super::Ctx;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Also set up `todo merge-driver` for TODO.md (git config and .gitattributes), without
    /// asking.
    #[arg(long, conflicts_with = "no_merge_driver")]
    merge_driver: bool,
    /// Do not set up the merge driver, and do not ask or hint.
    #[arg(long)]
    no_merge_driver: bool,
}

const TODO_MD: &str = "# TODO

Last Updated: {date}

The task list of this repository. Read and checked with `todo` (`todo list`, `todo lint`).

## Task schema (required)
- **ID**: `T-###` (unique)
- **Priority**: `P0 | P1 | P2 | P3`
- **Type**: `FEATURE | BUG | DOCS | CHORE`
- **Owner**: who does it
- **Status**: `READY | BLOCKED | IN-PROGRESS | IN-REVIEW | DONE`
- **Blocker**: `None` or what the task waits for
- **Context**: why the task exists (1–5 bullets)
- **Acceptance Criteria**: verifiable checklist
- **Dependencies**: task IDs (if any)
- **Effort**: `S | M | L`

## Active tasks

### T-001: Write down the first real task
Priority: P2
Type: CHORE
Owner: me
Status: READY
Blocker: None
Context:
- This example shows the fields every task carries.
Acceptance Criteria:
- [ ] Replace this task with real work
- [ ] Run `todo list` and `todo show T-001`
Dependencies: None
Effort: S
";

const TODO_YML: &str = "# Configuration of `todo` (https://docs.rs/todo-md). Every key is optional.

# Task files, as paths or globs relative to this file. Default: TODO.md, TODOCOMPLETED.md,
# ROADMAP.md, BACKLOG.md and TASKS.md at the repository root and in docs/.
# files:
#   - TODO.md
#   - docs/*.md

# Where finished tasks are archived; its tasks count as done for dependencies.
# archive: TODOCOMPLETED.md

# Extra status words and their state (todo, in-progress, blocked or done).
# states:
#   SHIPPED: done
#   PARKED: blocked

# A schema here overrides the `## Task schema` section of the task files.
# schema:
#   id: T-###
#   required: [priority, status]
#   values:
#     priority: [P0, P1, P2, P3]
#     status: [READY, BLOCKED, IN-PROGRESS, IN-REVIEW, DONE]
";

pub fn init(ctx: &Ctx, args: &InitArgs) -> Result<ExitCode> {
    let dir = &ctx.cwd;
    let todo = dir.join("TODO.md");
    let yml = dir.join(".todo.yml");
    let existing: Vec<String> = [&todo, &yml]
        .iter()
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "todo: {} already exist{}; init never overwrites",
            existing.join(" and "),
            if existing.len() == 1 { "s" } else { "" }
        );
        return Ok(ExitCode::from(1));
    }
    let date = chrono::Local::now().format("%Y-%m-%d").to_string();
    write_new(&todo, &TODO_MD.replace("{date}", &date))?;
    write_new(&yml, TODO_YML)?;
    println!("created {} and {}", todo.display(), yml.display());
    if !args.no_merge_driver {
        offer_merge_driver(ctx, args.merge_driver)?;
    }
    println!("next: `todo list`, then edit TODO.md");
    Ok(ExitCode::SUCCESS)
}

/// Sets up the merge driver when `wanted`, or when the user says yes at a terminal; prints a
/// hint instead when nobody can be asked. Outside a git repository there is nothing to set up.
fn offer_merge_driver(ctx: &Ctx, wanted: bool) -> Result<()> {
    let Ok(repo) = todo_md::git::Repo::discover(&ctx.cwd) else {
        if wanted {
            eprintln!("todo: not a git repository; the merge driver was not set up");
        }
        return Ok(());
    };
    let yes = wanted || (std::io::stdin().is_terminal() && ask_yes());
    if yes {
        super::merge_driver::install(ctx, &repo)?;
    } else if !std::io::stdin().is_terminal() {
        eprintln!(
            "todo: hint: `todo hook install --merge-driver` makes git merge TODO.md task by task"
        );
    }
    Ok(())
}

/// Asks whether to set up the merge driver; Enter (or a read error) says yes.
fn ask_yes() -> bool {
    eprint!("Set up the git merge driver so that branches merge TODO.md task by task? [Y/n] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return true;
    }
    !matches!(answer.trim().to_ascii_lowercase().as_str(), "n" | "no")
}

/// Creates a file that must not exist yet (no race with another writer).
fn write_new(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}
