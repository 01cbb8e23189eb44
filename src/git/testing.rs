//! Test helpers of the git layer.

use std::path::Path;

use git2::{Commit, Oid, Repository, Signature};

/// Commits `files` (path, bytes) as the whole tree on top of HEAD; returns the commit.
pub(super) fn commit(git: &Repository, files: &[(&str, &str)]) -> Oid {
    let mut index = git.index().unwrap();
    index.clear().unwrap();
    for (rel, bytes) in files {
        let path = git.workdir().unwrap().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        index.add_path(Path::new(rel)).unwrap();
    }
    let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::now("t", "t@example.com").unwrap();
    let parent = git.head().ok().map(|h| h.peel_to_commit().unwrap());
    let parents: Vec<&Commit<'_>> = parent.iter().collect();
    git.commit(Some("HEAD"), &sig, &sig, "c", &tree, &parents)
        .unwrap()
}
