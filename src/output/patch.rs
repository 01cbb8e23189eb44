//! Unified diffs of whole-file rewrites, as `lint --diff` and the edit commands' `--dry-run`
//! show them (`a/NAME`, `b/NAME` headers; `/dev/null` for a new file).
//!
//! Only the text of the two versions is compared; nothing is read or written here.

use std::io::{self, Write};

/// The change of one file from `old` to `new`, as a unified diff.
pub fn write_file_diff(out: &mut dyn Write, name: &str, old: &str, new: &str) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    out.write_all(text.as_bytes())
}

/// A file that does not exist yet, as a unified diff from `/dev/null`.
pub fn write_new_file(out: &mut dyn Write, name: &str, text: &str) -> io::Result<()> {
    let diff = similar::TextDiff::from_lines("", text);
    let text = diff
        .unified_diff()
        .header("/dev/null", &format!("b/{name}"))
        .to_string();
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_both_sides() {
        let mut out = Vec::new();
        write_file_diff(&mut out, "TODO.md", "a\nb\n", "a\nc\n").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("--- a/TODO.md\n+++ b/TODO.md\n"), "{text}");
        assert!(text.contains("-b\n+c\n"), "{text}");
        let mut out = Vec::new();
        write_new_file(&mut out, "done.md", "x\n").unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("--- /dev/null\n+++ b/done.md\n"), "{text}");
    }
}
