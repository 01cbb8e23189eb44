//! The floor for whole-process comparisons: read the file named on the command line and walk
//! it once with pulldown-cmark's offset iterator, with the options `todo`'s parser uses.
//! Prints the number of events.
//!
//! Usage: `cargo run --release --example bare_pass -- TODO.md`

use std::process::ExitCode;

use pulldown_cmark::{Options, Parser};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: bare_pass FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("bare_pass: cannot read {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    let events = Parser::new_ext(&text, opts).into_offset_iter().count();
    println!("{events}");
    ExitCode::SUCCESS
}
