//! The places one clone shares among its worktrees: git's common directory (where the write
//! lock lives, so writers in every worktree of a clone exclude each other) and the working
//! trees of the clone's other worktrees (whose uncommitted task files a claim must see). It
//! must not read the task files; callers do.

use std::path::{Path, PathBuf};

use super::Repo;
use super::path::tidy;

/// Git's common directory for the working tree at `root` (the directory holding `.git`), read
/// from the files alone without opening the repository: `.git` itself when it is a directory;
/// for a linked worktree or a submodule (`.git` is a file `gitdir: DIR`), DIR's `commondir`
/// when it has one, else DIR. `None` when `.git` is neither.
pub fn common_dir_at(root: &Path) -> Option<PathBuf> {
    let dot_git = root.join(".git");
    if dot_git.is_dir() {
        return Some(dot_git);
    }
    let text = std::fs::read_to_string(&dot_git).ok()?;
    let git_dir = root.join(text.strip_prefix("gitdir:")?.trim());
    match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(common) => Some(tidy(&git_dir.join(common.trim()))),
        Err(_) => Some(tidy(&git_dir)),
    }
}

impl Repo {
    /// Git's common directory: `.git` of the main worktree, shared by every linked worktree.
    pub fn common_dir(&self) -> PathBuf {
        tidy(self.repo.commondir())
    }

    /// The working trees of this clone's other worktrees (the main one included when this is
    /// a linked one), skipping any that is missing or locked away on another disk.
    pub fn other_worktrees(&self) -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        let own = std::fs::canonicalize(&self.workdir).unwrap_or_else(|_| self.workdir.clone());
        let mut push = |dir: PathBuf| {
            if let Ok(canon) = std::fs::canonicalize(&dir)
                && canon != own
                && !dirs.contains(&canon)
            {
                dirs.push(canon);
            }
        };
        // The main worktree: the parent of the common directory, unless that is bare.
        let common = self.common_dir();
        if common.file_name().is_some_and(|n| n == ".git")
            && let Some(main) = common.parent()
        {
            push(main.to_path_buf());
        }
        if let Ok(names) = self.repo.worktrees() {
            for name in names.iter().flatten().flatten() {
                if let Ok(wt) = self.repo.find_worktree(name) {
                    push(wt.path().to_path_buf());
                }
            }
        }
        dirs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linked_worktree_shares_the_common_dir_and_sees_the_main_one() {
        let tmp = tempfile::tempdir().unwrap();
        let main = tmp.path().join("main");
        std::fs::create_dir(&main).unwrap();
        let repo = Repo::init_isolated(
            &main,
            &[("user.name", "t"), ("user.email", "t@example.com")],
        )
        .unwrap();
        std::fs::write(main.join("a.md"), "x\n").unwrap();
        repo.commit_paths(&[main.join("a.md")], "first").unwrap();
        assert!(repo.other_worktrees().is_empty());
        let linked = tmp.path().join("linked");
        repo.repo.worktree("linked", &linked, None).unwrap();
        let other = Repo::open_isolated(&linked).unwrap();
        assert_eq!(
            std::fs::canonicalize(other.common_dir()).unwrap(),
            std::fs::canonicalize(repo.common_dir()).unwrap()
        );
        assert_eq!(
            other.other_worktrees(),
            vec![std::fs::canonicalize(&main).unwrap()]
        );
        assert_eq!(
            repo.other_worktrees(),
            vec![std::fs::canonicalize(&linked).unwrap()]
        );
        // Read from the files alone, the same directory.
        for root in [&main, &linked] {
            assert_eq!(
                std::fs::canonicalize(common_dir_at(root).unwrap()).unwrap(),
                std::fs::canonicalize(repo.common_dir()).unwrap()
            );
        }
        assert_eq!(common_dir_at(tmp.path()), None);
    }
}
