//! Renderers, one module per command: [`tasks`] (list, ready, next, show), [`stats`],
//! [`diff`], [`log`], [`blame`], [`doctor`], [`rules`] and [`diagnostics`] (lint), plus the
//! building blocks they share ([`table`], [`csv`], the task JSON shape in [`json`], unified
//! diffs in [`patch`]).
//!
//! Each renderer module declares the formats it writes in one `FORMATS` list ([`format`]),
//! and takes the typed result of one library call and writes it in one of those formats to a
//! `Write`. The JSON shapes are `Serialize` types here (or next to their data), never built ad
//! hoc. Renderers only format what they are given: they never read files, re-parse, query git
//! or decide exit codes.

pub mod agents;
pub mod blame;
pub mod board;
pub mod changes;
pub mod chart;
pub mod compact;
pub mod csv;
pub mod diagnostics;
pub mod diff;
pub mod doctor;
pub mod format;
pub mod graph;
pub mod json;
pub mod log;
pub mod patch;
mod pretty;
pub mod prime;
pub mod rules;
pub mod schema;
pub mod stats;
pub mod table;
pub mod tasks;
pub mod waves;

pub use format::Format;

use std::borrow::Cow;

/// Neutralises control characters so task text cannot move the cursor, recolour, clear or
/// retitle a terminal: each becomes a visible escape (`\x1b`). Tabs become a space.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    // Printable ASCII, the usual text, needs no decoding to tell.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) || !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            c if is_control(c) => {
                use std::fmt::Write;
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn is_control(c: char) -> bool {
    c.is_control() && c != '\n'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(
            sanitize("a\x1b]0;pwned\x07\x1b[2Jb"),
            "a\\x1b]0;pwned\\x07\\x1b[2Jb"
        );
        assert_eq!(sanitize("plain ✅"), "plain ✅");
        assert_eq!(sanitize("\u{9b}x"), "\\x9bx");
    }
}
