//! Byte offset → (line, column) mapping, built once per document.
//!
//! LF, CRLF and a lone CR each end a line. Lookups are a binary search over line starts, never
//! a rescan of the text. Columns count characters, not bytes, and a leading BOM is not a column.
//!
//! Offsets are kept in 32 bits (a document is at most [`MAX_FILE_BYTES`](super::MAX_FILE_BYTES),
//! 256 MiB), and a small table of the line at every 4 KiB of text narrows each search to the
//! few lines of one block: a listing looks up the line of every task and checklist item, and
//! a search over all line starts of a large file misses the cache at every step.

/// 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// The line holding offset `b << BLOCK_SHIFT`, for every block `b` of the text.
    blocks: Vec<u32>,
    /// Some line ends with a lone CR (read once here for the readers that give such a file
    /// to the Markdown parser).
    lone_cr: bool,
}

/// A block of text is `1 << BLOCK_SHIFT` bytes.
const BLOCK_SHIFT: u32 = 12;

/// An offset in 32 bits: documents are smaller (see the module docs).
fn narrow(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

/// The line of each block of `len` bytes from `first_block` on, while a block starts before
/// `end`, where `starts` are line starts (ascending) and `starts[0]` is line `base`; the
/// first block must start at or after `starts[0]`.
fn blocks_of(starts: &[u32], base: usize, first_block: usize, end: usize, out: &mut Vec<u32>) {
    let mut line = 0;
    let mut b = first_block;
    while b << BLOCK_SHIFT < end {
        let at = b << BLOCK_SHIFT;
        while line + 1 < starts.len() && starts[line + 1] as usize <= at {
            line += 1;
        }
        out.push(narrow(base + line));
        b += 1;
    }
}

/// Eight bytes of `word` (fewer at the end of a text: the rest are zero) as one number.
pub(crate) fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w[..bytes.len().min(8)].copy_from_slice(&bytes[..bytes.len().min(8)]);
    u64::from_le_bytes(w)
}

/// The high bit of every byte of `x` that is zero, and no other bit: exact, since no carry
/// crosses a byte (SWAR). Eight bytes are searched at once for a byte `c` as
/// `zero_bytes(word ^ (c * 0x0101_0101_0101_0101))`; each set bit's `trailing_zeros() / 8` is
/// its byte's index.
pub(crate) fn zero_bytes(x: u64) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW).wrapping_add(LOW)) | x | LOW)
}

/// Pushes the offset after every `\n` of `bytes` (which start at `offset` in the text),
/// sixteen bytes at a time: task files have short lines, where a search call per line costs
/// more than the scan.
fn newlines(bytes: &[u8], offset: usize, starts: &mut Vec<u32>) {
    const NL: u64 = 0x0a0a_0a0a_0a0a_0a0a;
    let mut blocks = bytes.chunks_exact(16);
    let mut base = offset;
    for block in &mut blocks {
        let (a, b) = (
            zero_bytes(word(&block[..8]) ^ NL),
            zero_bytes(word(&block[8..]) ^ NL),
        );
        if a | b != 0 {
            for (mut h, at) in [(a, base), (b, base + 8)] {
                while h != 0 {
                    starts.push(narrow(at + (h.trailing_zeros() / 8) as usize + 1));
                    h &= h - 1;
                }
            }
        }
        base += 16;
    }
    for (i, &b) in blocks.remainder().iter().enumerate() {
        if b == b'\n' {
            starts.push(narrow(base + i + 1));
        }
    }
}

impl LineIndex {
    /// Indexes `text` in one pass.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let len = bytes.len();
        let mut starts = Vec::with_capacity(len / 24 + 1);
        crate::mem::huge_pages(&mut starts);
        starts.push(0);
        if memchr::memchr(b'\r', bytes).is_none() {
            // A large text is searched in parts on the cores, joined in order; each part
            // notes the lines of the blocks that start in it.
            let parts = crate::par::parts_for(len);
            let mut blocks = Vec::with_capacity((len >> BLOCK_SHIFT) + 1);
            if parts < 2 {
                newlines(bytes, 0, &mut starts);
                blocks_of(&starts, 0, 0, len.max(1), &mut blocks);
                return LineIndex {
                    starts,
                    blocks,
                    lone_cr: false,
                };
            }
            let first_block = |at: usize| at.div_ceil(1 << BLOCK_SHIFT);
            let ranges: Vec<std::ops::Range<usize>> = (0..parts)
                .map(|k| k * len / parts..(k + 1) * len / parts)
                .collect();
            for (found, part_blocks) in crate::par::map(&ranges, |r| {
                // The part's lines, led by the start of the line it begins in (unknown
                // here: its offset is no later than the part's start, which is enough).
                let mut found = Vec::with_capacity(r.len() / 24 + 2);
                found.push(narrow(r.start));
                newlines(&bytes[r.clone()], r.start, &mut found);
                let mut local = Vec::new();
                blocks_of(&found, 0, first_block(r.start), r.end, &mut local);
                (found, local)
            }) {
                // Line numbers in the part count from the line its start falls in.
                let base = starts.len() - 1;
                blocks.extend(part_blocks.iter().map(|&l| narrow(base + l as usize)));
                starts.extend_from_slice(&found[1..]);
            }
            if len == 0 || blocks.is_empty() {
                blocks.push(0);
            }
            return LineIndex {
                starts,
                blocks,
                lone_cr: false,
            };
        }
        // memchr2 skips the bytes between line endings at SIMD speed.
        let mut lone_cr = false;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            match bytes[i] {
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {} // the `\n` ends this line
                b'\r' => {
                    lone_cr = true;
                    starts.push(narrow(i + 1));
                }
                _ => starts.push(narrow(i + 1)),
            }
        }
        let mut blocks = Vec::with_capacity((len >> BLOCK_SHIFT) + 1);
        blocks_of(&starts, 0, 0, len.max(1), &mut blocks);
        LineIndex {
            starts,
            blocks,
            lone_cr,
        }
    }

    /// True when some line ends with a carriage return alone (no line feed after it).
    pub fn has_lone_cr(&self) -> bool {
        self.lone_cr
    }

    /// Number of lines (a final line ending does not open a new counted line of text, but
    /// the empty remainder after it is still addressable).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True for an index of nothing (never: one line always exists).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        // The lines from the one holding this block's start to the one holding the next's.
        let b = offset >> BLOCK_SHIFT;
        let (lo, hi) = match self.blocks.get(b) {
            Some(&lo) => (
                lo as usize,
                self.blocks
                    .get(b + 1)
                    .map_or(self.starts.len(), |&h| h as usize + 1),
            ),
            None => (
                self.blocks.last().map_or(0, |&l| l as usize),
                self.starts.len(),
            ),
        };
        let target = narrow(offset);
        lo + self.starts[lo..hi].partition_point(|&s| s <= target) - 1
    }

    /// Start offset of a 0-based line.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line] as usize
    }

    /// Start offset of a 0-based line, or `past_end` when there is no such line (the usual
    /// end of the line before it: the text's length).
    pub fn start_or(&self, line: usize, past_end: usize) -> usize {
        self.starts.get(line).map_or(past_end, |&s| s as usize)
    }

    /// Line starts, in order.
    pub fn starts(&self) -> &[u32] {
        &self.starts
    }

    /// 1-based position of `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let mut start = self.starts[line] as usize;
        if start == 0 && text.starts_with('\u{feff}') {
            start = 3.min(offset);
        }
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position {
            line: line + 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let norm = before.replace("\r\n", "\n").replace('\r', "\n");
        let line = norm.matches('\n').count() + 1;
        let last = norm.rsplit('\n').next().unwrap_or("");
        let col = last.trim_start_matches('\u{feff}').chars().count() + 1;
        (line, col)
    }

    #[test]
    fn the_word_scan_finds_every_line_feed() {
        let mut text = String::new();
        for i in 0..300 {
            // Lines of every length mod 8, bytes next to `\n` (0x0b, 0x09, 0x8a in `Ċ`).
            text.extend(['a', '\u{0b}', '\t', 'Ċ', 'x', 'y'].iter().take(i % 7));
            text.push('\n');
            if i % 5 == 0 {
                text.push('\n');
            }
        }
        for end in 0..text.len() {
            if !text.is_char_boundary(end) {
                continue;
            }
            let t = &text[..end];
            let naive: Vec<u32> = std::iter::once(0)
                .chain(t.match_indices('\n').map(|(i, _)| i as u32 + 1))
                .collect();
            assert_eq!(LineIndex::new(t).starts(), naive, "{end}");
            // Searched in parts, as a large text is: cut anywhere, even inside a character.
            if end % 7 == 0 {
                for parts in [2, 3, 8] {
                    let split = crate::par::with_threads(parts, || LineIndex::new(t));
                    assert_eq!(split.starts(), naive, "{end} in {parts} parts");
                }
            }
        }
    }

    #[test]
    fn the_line_of_every_offset_is_found_through_its_block() {
        // Lines of many lengths across many 4 KiB blocks: blocks with no line start, lines
        // longer than a block, empty lines, a text ending with and without a line feed.
        let mut text = String::new();
        for i in 0..400usize {
            let len = match i % 9 {
                0 => 0,
                4 => 5000 + i,
                7 => 4096,
                _ => (i * 37) % 300,
            };
            text.extend(std::iter::repeat_n('x', len));
            text.push('\n');
        }
        for t in [text.as_str(), text.trim_end_matches('\n'), "", "\n", "a"] {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(t.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            for parts in [1, 2, 3, 8] {
                let idx = crate::par::with_threads(parts, || LineIndex::new(t));
                for offset in 0..=t.len() + 2 {
                    let want = starts.partition_point(|&s| s <= offset) - 1;
                    assert_eq!(
                        idx.line_of(offset),
                        want,
                        "offset {offset} in {parts} parts"
                    );
                }
            }
        }
    }

    #[test]
    fn matches_a_naive_count_for_every_char_boundary() {
        let text = "\u{feff}ab\r\ncé\rd\n\nÜ🚀x\r\n";
        let idx = LineIndex::new(text);
        for (offset, _) in text.char_indices() {
            if offset > 0 && text[offset..].starts_with('\n') && text[..offset].ends_with('\r') {
                continue; // the middle of a CRLF belongs to no column
            }
            let p = idx.position(text, offset);
            assert_eq!((p.line, p.column), naive(text, offset), "offset {offset}");
        }
        assert_eq!(idx.len(), 6);
        assert!(idx.has_lone_cr());
        assert!(!LineIndex::new("a\r\nb\n").has_lone_cr());
        assert!(!LineIndex::new("a\nb").has_lone_cr());
        assert!(LineIndex::new("a\rb").has_lone_cr());
    }
}
