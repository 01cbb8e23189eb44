//! libgit2's three-way file merge (the one `git merge-file` mirrors): the line-based fallback
//! of the task merge. It owns no rule of the task merge; it merges bytes.

use git2::MergeFileInput;

use super::error::GitError;

/// The line merge of `ours` and `theirs` against `base`: the merged bytes (with libgit2's
/// seven-character conflict markers labelled `file`) and whether it merged cleanly. No input
/// may hold a NUL byte: libgit2 hands back no bytes for a binary version.
pub fn merge_file(base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<(Vec<u8>, bool), GitError> {
    let input = |bytes| {
        let mut i = MergeFileInput::new();
        i.content(bytes).path("file");
        i
    };
    // git2's merge_file does not initialise libgit2 itself (its allocator and error state);
    // without that a merge with conflicts fails with "no error". Buf::new() initialises it.
    drop(git2::Buf::new());
    let r = git2::merge_file(&input(base), &input(ours), &input(theirs), None)
        .map_err(GitError::git("cannot merge the file line by line"))?;
    Ok((r.content().to_vec(), r.is_automergeable()))
}
