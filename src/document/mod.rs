//! The lossless document: the exact text of a task file, its line index and byte-level facts.
//!
//! A [`Document`] owns the file's bytes (as validated UTF-8, BOM included) and never changes
//! them. Everything else in the crate points into it with [`Span`]s. This module must not know
//! about tasks or Markdown; recognition lives in `parse`.

mod line_index;

pub use line_index::{LineIndex, Position};
pub(crate) use line_index::{word, zero_bytes};

use std::io::Read as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// A half-open byte range `start..end` into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at` (an insertion point).
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Number of bytes covered.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The range form, for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// How the file ends its lines (the first line ending found decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// A lone `\r` (old Mac files).
    Cr,
}

impl LineEnding {
    /// The bytes of this line ending.
    pub fn as_str(&self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
}

/// Why a file could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path as given.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The path names a directory or another non-file.
    #[error("{path}: not a regular file")]
    NotAFile {
        /// The path as given.
        path: PathBuf,
    },
    /// The bytes are not UTF-8.
    #[error("{path}:{line}:{column}: not valid UTF-8 (task files must be UTF-8 text)")]
    InvalidUtf8 {
        /// The path as given.
        path: PathBuf,
        /// 1-based line of the first invalid byte.
        line: usize,
        /// 1-based byte column of the first invalid byte.
        column: usize,
    },
    /// The file starts with a UTF-16 byte-order mark.
    #[error("{path}: UTF-16 text is not supported (convert the file to UTF-8)")]
    Utf16 {
        /// The path as given.
        path: PathBuf,
    },
    /// The file holds NUL bytes: it is binary, not a task file.
    #[error("{path}: binary file (NUL byte at offset {offset})")]
    Binary {
        /// The path as given.
        path: PathBuf,
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("{path}: {size} bytes, over the 256 MiB limit for a task file")]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// The file's size in bytes (at least this many).
        size: u64,
    },
}

/// The largest task file [`Document::read`] reads: 256 MiB, far beyond any hand-kept task
/// list (a million tasks), and a bound on the memory one file can take (about eight times its
/// size once parsed). The parser's line records keep offsets in 32 bits, which this bounds.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

const BOM: &str = "\u{feff}";

/// A task file's exact text with its line index.
#[derive(Debug, Clone)]
pub struct Document {
    path: PathBuf,
    text: String,
    lines: LineIndex,
}

impl Document {
    /// Reads a file from disk: a regular file of at most [`MAX_FILE_BYTES`] (a directory, a
    /// FIFO or a device is refused without being opened).
    pub fn read(path: impl AsRef<Path>) -> Result<Self, LoadError> {
        let path = path.as_ref();
        let meta = std::fs::metadata(path).map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        if !meta.is_file() {
            return Err(LoadError::NotAFile {
                path: path.to_path_buf(),
            });
        }
        let too_large = |size| LoadError::TooLarge {
            path: path.to_path_buf(),
            size,
        };
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large(meta.len()));
        }
        // Read at most one byte past the limit, in case the file grows meanwhile.
        let io = |source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        crate::trace::phase("doc read start");
        crate::mem::reading(meta.len());
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        crate::mem::huge_pages(&mut bytes);
        std::fs::File::open(path)
            .map_err(io)?
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        crate::trace::phase("doc bytes");
        let r = Self::from_bytes(path, bytes);
        crate::trace::phase("doc indexed");
        r
    }

    /// Builds a document from bytes read elsewhere (a git blob, standard input, a test).
    /// Over [`MAX_FILE_BYTES`] it is refused, as [`read`](Self::read) refuses such a file.
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<Self, LoadError> {
        let path = path.into();
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(LoadError::TooLarge {
                path,
                size: bytes.len() as u64,
            });
        }
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(LoadError::Utf16 { path });
        }
        if let Some(offset) = memchr::memchr(0, &bytes) {
            return Err(LoadError::Binary { path, offset });
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let bad = err.utf8_error().valid_up_to();
                // The prefix is valid UTF-8: index it like any text. The column counts bytes
                // (as documented), not characters; a leading BOM is not a column.
                let prefix = std::str::from_utf8(&err.as_bytes()[..bad]).unwrap_or_default();
                let lines = LineIndex::new(prefix);
                let line = lines.line_of(bad);
                let mut start = lines.line_start(line);
                if start == 0 && prefix.starts_with(BOM) {
                    start = BOM.len();
                }
                return Err(LoadError::InvalidUtf8 {
                    path,
                    line: line + 1,
                    column: bad - start + 1,
                });
            }
        };
        Ok(Self::from_string(path, text))
    }

    /// Builds a document from text. The model keeps offsets in 32 bits, so the text must be
    /// under 4 GiB; [`read`](Self::read) and [`from_bytes`](Self::from_bytes) refuse anything
    /// over [`MAX_FILE_BYTES`], far below that.
    pub fn from_string(path: impl Into<PathBuf>, text: String) -> Self {
        let lines = LineIndex::new(&text);
        Document {
            path: path.into(),
            text,
            lines,
        }
    }

    /// The path the document was loaded from, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole text, exactly as read (BOM included).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The exact bytes, for writing back.
    pub fn as_bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// True when the file starts with a UTF-8 byte-order mark.
    pub fn has_bom(&self) -> bool {
        self.text.starts_with(BOM)
    }

    /// Byte length of the BOM (0 or 3): where Markdown content starts.
    pub fn content_start(&self) -> usize {
        if self.has_bom() { BOM.len() } else { 0 }
    }

    /// The line index.
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }

    /// 1-based line and column of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }

    /// The file's line ending: the first one found, LF when there is none.
    pub fn line_ending(&self) -> LineEnding {
        match self.text.find(['\n', '\r']) {
            Some(i) if self.text[i..].starts_with("\r\n") => LineEnding::CrLf,
            Some(i) if self.text.as_bytes()[i] == b'\r' => LineEnding::Cr,
            _ => LineEnding::Lf,
        }
    }

    /// True when the last line ends with a line ending (or the file is empty).
    pub fn ends_with_newline(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n') || self.text.ends_with('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_over_the_limit_are_refused_like_a_file_over_it() {
        let limit = MAX_FILE_BYTES as usize;
        let err = Document::from_bytes("big.md", vec![b'a'; limit + 1]).unwrap_err();
        assert!(
            matches!(err, LoadError::TooLarge { size, .. } if size == MAX_FILE_BYTES + 1),
            "{err}"
        );
        assert!(Document::from_bytes("ok.md", vec![b'a'; 1024]).is_ok());
    }

    #[test]
    fn keeps_bytes_and_reports_traits() {
        let text = "\u{feff}# A\r\n- [ ] b";
        let doc = Document::from_string("x.md", text.to_string());
        assert_eq!(doc.as_bytes(), text.as_bytes());
        assert!(doc.has_bom());
        assert_eq!(doc.content_start(), 3);
        assert_eq!(doc.line_ending(), LineEnding::CrLf);
        assert!(!doc.ends_with_newline());
    }

    #[test]
    fn rejects_bad_bytes_with_positions() {
        let err = Document::from_bytes("a.md", b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:2:3: not valid UTF-8 (task files must be UTF-8 text)"
        );
        let err = Document::from_bytes("b.md", b"x\0y".to_vec()).unwrap_err();
        assert!(matches!(err, LoadError::Binary { offset: 1, .. }));
        let err = Document::from_bytes("c.md", vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(matches!(err, LoadError::Utf16 { .. }));
    }
}
