//! What changed between two trees, among the files a [`TreeFilter`] keeps: the cheap step of a
//! long walk. Directories whose tree IDs are equal are never opened, and only directories the
//! filter says could hold a kept file are entered, so a commit that changes one task file in a
//! folder of a thousand costs one merge of two sorted listings and no allocation per
//! unchanged entry.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use git2::{ObjectType, Oid, Tree, TreeEntry};

use super::walk::TreeFilter;
use super::{GitError, Repo};

/// A kept file that differs between two trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The path, repository-relative and `/`-separated.
    pub path: Rc<str>,
    /// The blob in the old tree, `None` when the file is new.
    pub old: Option<Oid>,
    /// The blob in the new tree, `None` when the file is gone.
    pub new: Option<Oid>,
    /// The class [`TreeFilter::class`] gave the path.
    pub class: u8,
}

fn kind(e: &TreeEntry<'_>) -> Option<bool> {
    match e.kind() {
        Some(ObjectType::Tree) => Some(true),
        Some(ObjectType::Blob) => Some(false),
        _ => None,
    }
}

/// git's order of tree entries: by name, a directory's name compared as if it ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        // Names hold no `/`, so the first byte past the common part decides.
        let next = |name: &[u8], tree: bool| name.get(n).copied().or(tree.then_some(b'/'));
        next(a, a_tree).cmp(&next(b, b_tree))
    })
}

/// Compares trees commit after commit. The trees read for one comparison are kept for the
/// next, which a walk shares one side with: libgit2 does not cache a big tree (a folder of a
/// thousand files) and would parse it again.
pub struct TreeDiff<'r, F> {
    repo: &'r Repo,
    filter: F,
    last: HashMap<Oid, Tree<'r>>,
    now: HashMap<Oid, Tree<'r>>,
}

impl<'r, F: TreeFilter> TreeDiff<'r, F> {
    /// A differ listing the changes of the files `filter` keeps.
    pub fn new(repo: &'r Repo, filter: F) -> TreeDiff<'r, F> {
        TreeDiff {
            repo,
            filter,
            last: HashMap::new(),
            now: HashMap::new(),
        }
    }

    /// The kept files that differ between root trees `old` and `new` (`None`: the empty
    /// tree), in path order. Equal subtrees are skipped by ID; mode-only changes are not
    /// changes.
    pub fn changes(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
    ) -> Result<Vec<FileChange>, GitError> {
        let mut out = Vec::new();
        self.dirs(old, new, "", &mut out)?;
        self.last = std::mem::take(&mut self.now);
        Ok(out)
    }

    fn tree(&mut self, id: Option<Oid>) -> Result<Option<Tree<'r>>, GitError> {
        let Some(id) = id else { return Ok(None) };
        let tree = match self.last.get(&id).or_else(|| self.now.get(&id)) {
            Some(t) => t.clone(),
            None => self
                .repo
                .repo
                .find_tree(id)
                .map_err(GitError::git("cannot read a tree"))?,
        };
        self.now.insert(id, tree.clone());
        Ok(Some(tree))
    }

    fn dirs(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        prefix: &str,
        out: &mut Vec<FileChange>,
    ) -> Result<(), GitError> {
        if old == new {
            return Ok(());
        }
        let (a, b) = (self.tree(old)?, self.tree(new)?);
        let len = |t: &Option<Tree<'_>>| t.as_ref().map_or(0, Tree::len);
        let (a_len, b_len) = (len(&a), len(&b));
        let (mut i, mut j) = (0, 0);
        while i < a_len || j < b_len {
            let x = a.as_ref().and_then(|t| t.get(i).filter(|_| i < a_len));
            let y = b.as_ref().and_then(|t| t.get(j).filter(|_| j < b_len));
            let (xk, yk) = (x.as_ref().map(kind), y.as_ref().map(kind));
            // Entries that are neither blob nor tree (submodules) are stepped over.
            if xk == Some(None) {
                i += 1;
                continue;
            }
            if yk == Some(None) {
                j += 1;
                continue;
            }
            let order = match (&x, &y) {
                (Some(x), Some(y)) => git_order(
                    x.name_bytes(),
                    xk.flatten() == Some(true),
                    y.name_bytes(),
                    yk.flatten() == Some(true),
                ),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            let (x, y) = match order {
                Ordering::Less => (x, None),
                Ordering::Greater => (None, y),
                Ordering::Equal => (x, y),
            };
            i += usize::from(order != Ordering::Greater);
            j += usize::from(order != Ordering::Less);
            if let (Some(x), Some(y)) = (&x, &y)
                && x.id() == y.id()
            {
                continue;
            }
            let Some(e) = x.as_ref().or(y.as_ref()) else {
                break;
            };
            // Non-UTF-8 names cannot match a path rule.
            let Ok(name) = std::str::from_utf8(e.name_bytes()) else {
                continue;
            };
            let rel = format!("{prefix}{name}");
            let (old_id, new_id) = (x.as_ref().map(TreeEntry::id), y.as_ref().map(TreeEntry::id));
            if kind(e) == Some(true) {
                if self.filter.may_hold(&rel) {
                    self.dirs(old_id, new_id, &format!("{rel}/"), out)?;
                }
            } else if let Some(class) = self.filter.class(&rel) {
                out.push(FileChange {
                    path: rel.into(),
                    old: old_id,
                    new: new_id,
                    class,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use git2::Repository;

    use super::*;

    /// Commits `files` (path, bytes) as the whole tree on top of HEAD; returns the tree.
    fn commit(git: &Repository, files: &[(&str, &str)]) -> Oid {
        let id = super::super::testing::commit(git, files);
        git.find_commit(id).unwrap().tree_id()
    }

    /// Markdown files in `tasks/` (class 1) and at the root (class 0).
    struct Tasks;

    impl TreeFilter for Tasks {
        fn class(&self, path: &str) -> Option<u8> {
            path.ends_with(".md")
                .then_some(u8::from(path.starts_with("tasks/")))
        }

        fn may_hold(&self, dir: &str) -> bool {
            dir == "tasks"
        }
    }

    #[test]
    fn lists_added_changed_renamed_and_removed_files_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let git = Repository::init(dir.path()).unwrap();
        let one = commit(
            &git,
            &[
                ("TODO.md", "a\n"),
                ("tasks/t-1 - Old.md", "one\n"),
                ("tasks/t-2.md", "two\n"),
                ("tasks.md", "x\n"),
                ("src/x.md", "skipped\n"),
            ],
        );
        let two = commit(
            &git,
            &[
                ("TODO.md", "a\n"),
                ("tasks/t-1 - New.md", "one\n"),
                ("tasks/t-3.md", "three\n"),
                ("tasks.md", "y\n"),
                ("src/x.md", "changed, still skipped\n"),
            ],
        );
        let repo = Repo::open_isolated(dir.path()).unwrap();
        let mut diff = TreeDiff::new(&repo, Tasks);
        let got: Vec<(String, bool, bool, u8)> = diff
            .changes(Some(one), Some(two))
            .unwrap()
            .into_iter()
            .map(|c| {
                (
                    c.path.to_string(),
                    c.old.is_some(),
                    c.new.is_some(),
                    c.class,
                )
            })
            .collect();
        // `tasks.md` sorts before the folder `tasks/`, as git orders them.
        assert_eq!(
            got,
            [
                ("tasks.md".to_string(), true, true, 0),
                ("tasks/t-1 - New.md".to_string(), false, true, 1),
                ("tasks/t-1 - Old.md".to_string(), true, false, 1),
                ("tasks/t-2.md".to_string(), true, false, 1),
                ("tasks/t-3.md".to_string(), false, true, 1),
            ]
        );
        assert!(diff.changes(Some(two), Some(two)).unwrap().is_empty());
        let all = diff.changes(None, Some(one)).unwrap();
        assert_eq!(all.len(), 4, "{all:?}");
        assert!(all.iter().all(|c| c.old.is_none()));
    }
}
