//! The task files of a repository's other worktrees, read from their directories with their
//! uncommitted edits, so that `todo add` does not hand out an ID that another worktree has
//! already given to a task nobody has committed yet.
//!
//! Layer: beside `git` (it only uses the repository handle); it reads files and never
//! writes.

use std::path::{Path, PathBuf};

use crate::git::Repo;

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The working directories of the repository's worktrees other than `repo`'s own: the main
/// one (when `repo` is a linked worktree) and every linked worktree that still exists.
pub fn other_worktrees(repo: &Repo) -> Vec<PathBuf> {
    let mut dirs = repo.worktree_dirs();
    dirs.retain(|d| !same_dir(d, repo.workdir()));
    dirs.dedup();
    dirs
}

/// The bytes of each of `paths` (absolute, or relative to `repo`'s working tree) in every
/// other worktree where it exists, as `(worktree directory, path in it, bytes)`. Files that
/// cannot be read are skipped.
pub fn other_worktree_files(repo: &Repo, paths: &[PathBuf]) -> Vec<(PathBuf, PathBuf, Vec<u8>)> {
    let rels: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| {
            let abs = if p.is_absolute() {
                p.clone()
            } else {
                repo.workdir().join(p)
            };
            let base = repo.workdir().canonicalize().ok()?;
            let abs = abs.canonicalize().unwrap_or(abs);
            abs.strip_prefix(&base).ok().map(Path::to_path_buf)
        })
        .collect();
    let mut out = Vec::new();
    for dir in other_worktrees(repo) {
        for rel in &rels {
            let file = dir.join(rel);
            if let Ok(bytes) = std::fs::read(&file) {
                out.push((dir.clone(), rel.clone(), bytes));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) -> bool {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "a")
            .env("GIT_AUTHOR_EMAIL", "a@b")
            .env("GIT_COMMITTER_NAME", "a")
            .env("GIT_COMMITTER_EMAIL", "a@b")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    #[test]
    fn reads_uncommitted_files_of_the_other_worktrees() {
        let tmp = tempfile::tempdir().unwrap();
        let main = tmp.path().join("main");
        std::fs::create_dir(&main).unwrap();
        if !git(&main, &["init", "-q"]) {
            eprintln!("skipped: git is not installed");
            return;
        }
        std::fs::write(main.join("TODO.md"), "### T-1: a\n").unwrap();
        assert!(git(&main, &["add", "-A"]) && git(&main, &["commit", "-qm", "x"]));
        let other = tmp.path().join("other");
        assert!(git(
            &main,
            &["worktree", "add", "-q", other.to_str().unwrap()]
        ));
        std::fs::write(other.join("TODO.md"), "### T-1: a\n\n### T-2: b\n").unwrap();

        let repo = Repo::discover(&main).unwrap();
        let files = other_worktree_files(&repo, &[PathBuf::from("TODO.md")]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].2, b"### T-1: a\n\n### T-2: b\n");

        let linked = Repo::discover(&other).unwrap();
        let files = other_worktree_files(&linked, &[other.join("TODO.md")]);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].2, b"### T-1: a\n");
    }
}
