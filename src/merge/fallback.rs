//! The line-based three-way merge used when the three versions cannot be merged as tasks:
//! libgit2's file merge (the one `git merge-file` mirrors), with standard conflict markers.
//! It keeps every line of both sides, conflicting ones between markers.
//!
//! libgit2 hands back no bytes for a binary version (a NUL byte) and may hand back none for
//! an empty result, which git2 cannot tell apart from a buffer. So binary versions are never
//! given to it (ours is kept and the merge reported as conflicting, as git's binary driver
//! does), and a common last line is added to all three versions and taken off the result,
//! which is therefore never empty.

use crate::git::{GitError, merge_file};

/// The result of a line merge: the bytes and whether conflicts were left in them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineMerge {
    pub bytes: Vec<u8>,
    pub clean: bool,
}

/// The line added to every version so that the result is never empty.
const SENTINEL: &[u8] = b"\ntodo merge: end of file\n";

/// Merges `ours` and `theirs` against `base` line by line.
pub(crate) fn merge_lines(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    marker_size: u16,
) -> Result<LineMerge, GitError> {
    if [base, ours, theirs].iter().any(|v| v.contains(&0)) {
        return Ok(LineMerge {
            bytes: ours.to_vec(),
            clean: ours == theirs,
        });
    }
    let with_end = |v: &[u8]| [v, SENTINEL].concat();
    let (base, ours, theirs) = (with_end(base), with_end(ours), with_end(theirs));
    let (mut bytes, clean) = merge_file(&base, &ours, &theirs)?;
    if bytes.ends_with(SENTINEL) {
        bytes.truncate(bytes.len() - SENTINEL.len());
    }
    if !clean {
        bytes = relabel_markers(&bytes, marker_size as usize);
    }
    Ok(LineMerge { bytes, clean })
}

/// Rewrites libgit2's marker lines (7 characters, labelled with the path) to `size`
/// characters labelled `ours` and `theirs`, as the task merge writes them.
fn relabel_markers(bytes: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        let marker = [b'<', b'=', b'>', b'|'].into_iter().find(|&c| {
            line.len() >= 7
                && line[..7].iter().all(|&b| b == c)
                && matches!(line.get(7), None | Some(b' ' | b'\n' | b'\r'))
        });
        match marker {
            Some(c) => {
                out.extend(std::iter::repeat_n(c, size));
                out.extend_from_slice(match c {
                    b'<' => b" ours",
                    b'>' => b" theirs",
                    _ => b"",
                });
                let eol = line.len() - line.trim_ascii_end().len();
                out.extend_from_slice(&line[line.len() - eol..]);
            }
            None => out.extend_from_slice(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_both_sides_of_a_conflict() {
        let r = merge_lines(b"a\nb\nc\n", b"a\nX\nc\n", b"a\nY\nc\n", 7).unwrap();
        assert!(!r.clean);
        let s = String::from_utf8(r.bytes).unwrap();
        assert!(
            s.contains("<<<<<<< ours\nX\n=======\nY\n>>>>>>> theirs\n"),
            "{s}"
        );
    }

    #[test]
    fn keeps_ours_for_binary_and_keeps_missing_final_newlines() {
        let r = merge_lines(b"a\0", b"a\0b", b"c", 7).unwrap();
        assert_eq!((r.bytes.as_slice(), r.clean), (&b"a\0b"[..], false));
        let r = merge_lines(b"a\nb", b"x\nb", b"a\nb", 7).unwrap();
        assert_eq!((r.bytes.as_slice(), r.clean), (&b"x\nb"[..], true));
        let r = merge_lines(b"a\n", b"", b"a\n", 7).unwrap();
        assert_eq!((r.bytes.as_slice(), r.clean), (&b""[..], true));
    }

    #[test]
    fn marker_size_is_honoured() {
        let r = merge_lines(b"a\nb\nc\n", b"a\nX\nc\n", b"a\nY\nc\n", 4).unwrap();
        let s = String::from_utf8(r.bytes).unwrap();
        assert!(s.contains("<<<< ours\nX\n====\nY\n>>>> theirs\n"), "{s}");
    }

    #[test]
    fn merges_distant_changes() {
        let r = merge_lines(
            b"a\nb\nc\nd\ne\n",
            b"A\nb\nc\nd\ne\n",
            b"a\nb\nc\nd\nE\n",
            7,
        )
        .unwrap();
        assert!(r.clean);
        assert_eq!(r.bytes, b"A\nb\nc\nd\nE\n");
    }
}
