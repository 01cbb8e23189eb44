//! Edits as data: `(span, replacement)` pairs applied to the original text.
//!
//! An edit never re-renders Markdown: bytes outside the edited spans are copied unchanged.
//! The edit commands and `lint --fix` build their changes from model spans and apply them
//! here; applying no edit returns the input byte for byte.

use thiserror::Error;

use crate::document::Span;

/// Replace the bytes of `span` with `replacement` (an insertion when the span is empty, a
/// deletion when the replacement is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced.
    pub span: Span,
    /// What replaces them.
    pub replacement: String,
}

/// Why a set of edits could not be applied.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum EditError {
    /// Two edits touch the same bytes.
    #[error("edits overlap at bytes {0}..{1}")]
    Overlap(usize, usize),
    /// An edit reaches past the end of the text or splits a character.
    #[error("edit span {0}..{1} is not a valid range of the text")]
    BadSpan(usize, usize),
}

/// Applies `edits` to `text` in one pass and returns the new text.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut order: Vec<&Edit> = edits.iter().collect();
    order.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(
        text.len() + edits.iter().map(|e| e.replacement.len()).sum::<usize>(),
    );
    let mut at = 0;
    for e in order {
        let Span { start, end } = e.span;
        if start > end
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            return Err(EditError::BadSpan(start, end));
        }
        if start < at {
            return Err(EditError::Overlap(start, at));
        }
        out.push_str(&text[at..start]);
        out.push_str(&e.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit {
            span: Span::new(s, e),
            replacement: r.to_string(),
        }
    }

    #[test]
    fn applies_in_any_order_and_keeps_the_rest() {
        let text = "Status: READY\r\nPriority: P2";
        let out = apply(text, &[edit(25, 27, "P1"), edit(8, 13, "DONE")]).unwrap();
        assert_eq!(out, "Status: DONE\r\nPriority: P1");
        assert_eq!(apply(text, &[]).unwrap(), text);
    }

    #[test]
    fn refuses_overlaps_and_bad_spans() {
        assert_eq!(
            apply("abcdef", &[edit(1, 4, "x"), edit(3, 5, "y")]),
            Err(EditError::Overlap(3, 4))
        );
        assert_eq!(
            apply("é", &[edit(1, 2, "x")]),
            Err(EditError::BadSpan(1, 2))
        );
        assert_eq!(
            apply("ab", &[edit(1, 9, "x")]),
            Err(EditError::BadSpan(1, 9))
        );
    }
}

/// Why a file could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The file changed on disk since it was read.
    #[error("{0}: changed on disk since it was read; nothing written (run the command again)")]
    ChangedOnDisk(std::path::PathBuf),
    /// The file is read-only.
    #[error("{0}: the file is read-only; nothing written")]
    ReadOnly(std::path::PathBuf),
    /// An I/O error; the original file is untouched.
    #[error("{path}: {source}; nothing written")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

/// Replaces a file's bytes safely: refuses when the file no longer holds `expected` or is
/// read-only, writes a temporary file in the same directory, syncs it, gives it the
/// original's permissions and renames it over the original. A symlink is followed to the
/// file it names, which is replaced; the link stays a link.
pub fn write_atomic(path: &std::path::Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    use std::io::Write;
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = std::fs::canonicalize(path).map_err(io)?;
    let meta = std::fs::metadata(&target).map_err(io)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    if std::fs::read(&target).map_err(io)? != expected {
        return Err(WriteError::ChangedOnDisk(path.to_path_buf()));
    }
    let dir = target.parent().unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".todo-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    tmp.write_all(new).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(io)?;
    // A last look: a writer that slipped in while we wrote wins, and we refuse.
    if std::fs::read(&target).map_err(io)? != expected {
        return Err(WriteError::ChangedOnDisk(path.to_path_buf()));
    }
    tmp.persist(&target).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod write_tests {
    use super::*;

    #[test]
    fn writes_only_when_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("TODO.md");
        std::fs::write(&p, "a\r\n").unwrap();
        write_atomic(&p, b"a\r\n", b"b\r\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"b\r\n");
        let err = write_atomic(&p, b"a\r\n", b"c").unwrap_err();
        assert!(matches!(err, WriteError::ChangedOnDisk(_)));
        assert_eq!(std::fs::read(&p).unwrap(), b"b\r\n");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_read_only_files_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("TODO.md");
        std::fs::write(&p, "a").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"a", b"b").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o440)).unwrap();
        assert!(matches!(
            write_atomic(&p, b"b", b"c"),
            Err(WriteError::ReadOnly(_))
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"b");
    }
}
