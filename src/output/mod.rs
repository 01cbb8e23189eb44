//! Renderers: JSON, CSV and terminal tables of tasks. Renderers only format what the model
//! holds; they never read files or re-parse.

pub mod board;
pub mod chart;
pub mod csv;
pub mod diagnostics;
pub mod graph;
pub mod json;
pub mod table;

use std::borrow::Cow;

/// Neutralises control characters so task text cannot move the cursor, recolour, clear or
/// retitle a terminal: each becomes a visible escape (`\x1b`). Tabs become a space.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
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
