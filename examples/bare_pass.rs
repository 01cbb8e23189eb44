//! The floor for whole-process comparisons: read each file named on the command line and walk
//! it once with pulldown-cmark's offset iterator, with the options `todo`'s parser uses.
//! A directory stands for every `.md` file under it (walked in name order, on one thread), so
//! a folder of one-task files is read as `todo` reads it. Prints the number of events.
//!
//! Usage: `cargo run --release --example bare_pass -- TODO.md`
//!        `cargo run --release --example bare_pass -- backlog/`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser};

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if args.is_empty() {
        eprintln!("usage: bare_pass FILE|DIR...");
        return ExitCode::from(2);
    }
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    let mut files = Vec::new();
    for arg in &args {
        if let Err(e) = collect(arg, &mut files) {
            eprintln!("bare_pass: cannot read {}: {e}", arg.display());
            return ExitCode::from(2);
        }
    }
    let mut events = 0;
    for path in &files {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("bare_pass: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        };
        events += Parser::new_ext(&text, opts).into_offset_iter().count();
    }
    println!("{events}");
    ExitCode::SUCCESS
}

/// `path` itself when it is a file, else every `.md` file under it, in name order.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if entry.extension().is_some_and(|x| x == "md") {
            out.push(entry);
        }
    }
    Ok(())
}
