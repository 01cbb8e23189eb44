//! Renderer of `todo log`: a task's [`LogEntry`]s, newest first (or as the query ordered
//! them), as text or JSON ([`EntryJson`]).
//!
//! The walk and the filters are `history::log`'s; this module only lays the entries out.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::format::{Format, write_json};
use super::sanitize;
use crate::history::log::{EntryJson, LogEntry};

/// What `log` writes; the first is the default.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json];

/// The entries: per commit `<hash> <date> <author>  <file>`, then one line per change.
pub fn write_log(
    out: &mut dyn Write,
    format: Format,
    list: &[LogEntry],
    color: bool,
) -> io::Result<()> {
    if format == Format::Json {
        let json: Vec<EntryJson<'_>> = list.iter().map(EntryJson::new).collect();
        return write_json(out, &json);
    }
    let width = list
        .iter()
        .map(|e| e.commit.author.chars().count())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for e in list {
        let hash = e.commit.short();
        let hash = if color {
            format!("\x1b[33m{hash}\x1b[0m")
        } else {
            hash
        };
        let _ = writeln!(
            text,
            "{hash} {} {:<width$}  {}",
            e.commit.date().format("%Y-%m-%d"),
            sanitize(&e.commit.author),
            sanitize(&e.file),
        );
        for c in &e.changes {
            let _ = writeln!(text, "    {}", sanitize(&c.to_string()));
        }
    }
    out.write_all(text.as_bytes())
}
