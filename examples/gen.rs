//! Deterministic inputs for the whole-process benchmarks (`scripts/bench.sh`), over
//! benches/support/generate.rs: the same N tasks in `todo`'s format and in other tools' formats.
//!
//! Usage:
//!
//! ```text
//! gen todo N > TODO.md                 the 002-style task file (IDs T-00001 ...)
//! gen backlog N DIR                    Backlog.md: DIR/backlog/config.yml, DIR/backlog/tasks/*.md
//! gen taskwarrior N > tasks.json       JSON lines for `task import`
//! gen todotxt N > todo.txt             todo.txt lines
//! gen history COMMITS TASKS | git fast-import   a repository's history (see bench-history.sh)
//! ```

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

#[path = "../benches/support/generate.rs"]
mod generate;

const USAGE: &str =
    "usage: gen todo N | backlog N DIR | taskwarrior N | todotxt N | history COMMITS TASKS";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}");
            ExitCode::from(2)
        }
    }
}

fn number(arg: Option<&String>) -> io::Result<usize> {
    arg.and_then(|a| a.replace('_', "").parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, USAGE))
}

fn run(args: &[String]) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
    match args.first().map(String::as_str) {
        Some("todo") => out.write_all(generate::task_file(number(args.get(1))?).as_bytes())?,
        Some("taskwarrior") => {
            out.write_all(generate::taskwarrior_json(number(args.get(1))?).as_bytes())?
        }
        Some("todotxt") => out.write_all(generate::todotxt(number(args.get(1))?).as_bytes())?,
        Some("backlog") => {
            let n = number(args.get(1))?;
            let dir = args
                .get(2)
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, USAGE))?;
            backlog(n, Path::new(dir))?;
        }
        Some("history") => {
            generate::history_stream(number(args.get(1))?, number(args.get(2))?, &mut out)?
        }
        _ => return Err(io::Error::new(io::ErrorKind::InvalidInput, USAGE)),
    }
    out.flush()
}

/// Writes what `backlog init` and `backlog task create` would: the config, the folders
/// Backlog.md creates, and one file per task.
fn backlog(n: usize, dir: &Path) -> io::Result<()> {
    let root = dir.join("backlog");
    for sub in [
        "tasks",
        "drafts",
        "completed",
        "archive/tasks",
        "archive/drafts",
        "archive/milestones",
        "docs",
        "decisions",
        "milestones",
    ] {
        std::fs::create_dir_all(root.join(sub))?;
    }
    std::fs::write(root.join("config.yml"), generate::backlog_config())?;
    let tasks = root.join("tasks");
    for i in 0..n {
        let (name, text) = generate::backlog_task(n, i);
        std::fs::write(tasks.join(name), text)?;
    }
    Ok(())
}
