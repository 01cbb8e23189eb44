//! The one commit walk every history reader uses (`todo log`, `todo blame`, `todo stats
//! --history`, the history lint rules), with what makes long walks cheap: the shallow
//! boundary, a tree-listing cache and a blob cache.
//!
//! The walk owns the rule for where history ends ([`Repo::walk`]): a commit listed in the
//! common git directory's `shallow` file, or one whose parents are not all in the object
//! store (a partial fetch), is a boundary; it is visited, but its parents are not. Every
//! reader gets that rule from here, so they cannot disagree about it.
//!
//! The caches are keyed by object ID, so a directory or file that did not change between
//! commits costs one hash lookup. What they keep is the caller's business: a [`TreeFilter`]
//! says which files of a tree to list and which directories could hold them, and a
//! [`BlobCache`] keeps whatever the caller reads into a blob. This module must not know what
//! a task file is.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use git2::{Commit, ObjectType, Oid, Revwalk, Sort};

use super::{CommitInfo, GitError, Repo};

/// Which parents a walk follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// The first-parent chain: each commit is compared with its first parent only.
    FirstParent,
    /// Every reachable commit, children before parents (then newest first), each compared
    /// with all its parents.
    AllParents,
}

/// A commit and its tree: what a caller needs to look at the commit's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommitRef {
    /// The commit.
    pub id: Oid,
    /// Its root tree.
    pub tree: Oid,
}

impl CommitRef {
    fn of(c: &Commit<'_>) -> CommitRef {
        CommitRef {
            id: c.id(),
            tree: c.tree_id(),
        }
    }
}

/// One commit of a walk, with the parents it is to be compared with.
pub struct Visit<'r> {
    commit: Commit<'r>,
    parents: Vec<Commit<'r>>,
    boundary: bool,
}

impl Visit<'_> {
    /// The commit and its tree.
    pub fn commit(&self) -> CommitRef {
        CommitRef::of(&self.commit)
    }

    /// The commit's ID.
    pub fn id(&self) -> Oid {
        self.commit.id()
    }

    /// The parents to compare with: the first one only when following first parents, none
    /// for a root commit or at the boundary.
    pub fn parents(&self) -> impl Iterator<Item = CommitRef> + '_ {
        self.parents.iter().map(CommitRef::of)
    }

    /// True when history ends here (see the module docs): the commit's parents are unknown,
    /// so it only looks like the first commit.
    pub fn is_boundary(&self) -> bool {
        self.boundary
    }

    /// Who made the commit and when.
    pub fn info(&self) -> CommitInfo {
        CommitInfo::of(&self.commit)
    }

    /// Committer time, seconds since the epoch.
    pub fn commit_time(&self) -> i64 {
        self.commit.time().seconds()
    }
}

/// The commits of a walk, newest first; see [`Repo::walk`].
pub struct CommitWalk<'r> {
    repo: &'r Repo,
    next: Next<'r>,
}

enum Next<'r> {
    /// The first-parent chain: the commit to visit next.
    Chain(Option<Commit<'r>>),
    /// Every parent, in libgit2's order.
    All(Revwalk<'r>),
}

impl Repo {
    /// Walks the commits reachable from `start`, newest first, following `follow`. Each
    /// [`Visit`] carries the parents to compare the commit with; the walk does not go past a
    /// boundary commit (see the module docs), and says so on the visit.
    pub fn walk(&self, start: Oid, follow: Follow) -> Result<CommitWalk<'_>, GitError> {
        let next = match follow {
            Follow::FirstParent => Next::Chain(Some(
                self.repo
                    .find_commit(start)
                    .map_err(GitError::git("cannot read the commit"))?,
            )),
            Follow::AllParents => {
                let context = || "cannot walk the history";
                let mut revwalk = self.repo.revwalk().map_err(GitError::git(context()))?;
                revwalk
                    .set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
                    .and_then(|()| revwalk.push(start))
                    .map_err(GitError::git(context()))?;
                Next::All(revwalk)
            }
        };
        Ok(CommitWalk { repo: self, next })
    }

    /// True for a shallow clone: some commits' parents were never fetched.
    pub fn is_shallow(&self) -> bool {
        !self.shallow_cut().is_empty()
    }

    /// The commits a shallow clone's history is cut at, read once. The file lives in the
    /// common git directory, which a linked worktree shares with the main one.
    fn shallow_cut(&self) -> &HashSet<Oid> {
        self.shallow.get_or_init(|| {
            std::fs::read_to_string(self.repo.commondir().join("shallow"))
                .unwrap_or_default()
                .lines()
                .filter_map(|line| Oid::from_str(line.trim()).ok())
                .collect()
        })
    }

    /// The parents `commit` is compared with, or `None` when it is a boundary: the one rule
    /// for where history ends.
    fn parents_to_compare<'r>(
        &self,
        commit: &Commit<'r>,
        follow: Follow,
    ) -> Option<Vec<Commit<'r>>> {
        if self.shallow_cut().contains(&commit.id()) {
            return None;
        }
        let wanted = match follow {
            Follow::FirstParent => commit.parent_count().min(1),
            Follow::AllParents => commit.parent_count(),
        };
        let parents: Vec<Commit<'r>> = (0..wanted).filter_map(|i| commit.parent(i).ok()).collect();
        (parents.len() == wanted).then_some(parents)
    }

    fn visit<'r>(&self, commit: Commit<'r>, follow: Follow) -> Visit<'r> {
        match self.parents_to_compare(&commit, follow) {
            Some(parents) => Visit {
                commit,
                parents,
                boundary: false,
            },
            None => Visit {
                commit,
                parents: Vec::new(),
                boundary: true,
            },
        }
    }
}

impl<'r> Iterator for CommitWalk<'r> {
    type Item = Result<Visit<'r>, GitError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.next {
            Next::Chain(next) => {
                let commit = next.take()?;
                let visit = self.repo.visit(commit, Follow::FirstParent);
                *next = visit.parents.first().cloned();
                Some(Ok(visit))
            }
            Next::All(revwalk) => {
                let id = match revwalk.next()? {
                    Ok(id) => id,
                    Err(e) => return Some(Err(GitError::git("cannot walk the history")(e))),
                };
                Some(
                    self.repo
                        .repo
                        .find_commit(id)
                        .map(|c| self.repo.visit(c, Follow::AllParents))
                        .map_err(GitError::git("cannot read a commit")),
                )
            }
        }
    }
}

/// Which files of a tree a [`TreeCache`] lists.
pub trait TreeFilter {
    /// `None` to leave the file at `path` (repository-relative, `/`-separated) out, or the
    /// class to list it with: callers order or mark files by it.
    fn class(&self, path: &str) -> Option<u8>;

    /// Whether directory `dir` (repository-relative, no trailing `/`) could hold a listed
    /// file; other directories are never opened, so big trees nobody names cost nothing.
    fn may_hold(&self, dir: &str) -> bool;
}

/// A file a [`TreeCache`] listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// The path, repository-relative and `/`-separated.
    pub path: Rc<str>,
    /// The file's blob.
    pub blob: Oid,
    /// The class [`TreeFilter::class`] gave it.
    pub class: u8,
}

/// The files of a tree, in tree order (which is path order).
pub type TreeFiles = Rc<[TreeFile]>;

/// Tree listings, each made once per tree ID.
pub struct TreeCache<F> {
    filter: F,
    /// The listing per tree, with the path prefix it was made under.
    listed: HashMap<Oid, (Rc<str>, TreeFiles)>,
}

impl<F: TreeFilter> TreeCache<F> {
    /// An empty cache listing what `filter` keeps.
    pub fn new(filter: F) -> TreeCache<F> {
        TreeCache {
            filter,
            listed: HashMap::new(),
        }
    }

    /// The files of root tree `tree` the filter keeps.
    pub fn files(&mut self, repo: &Repo, tree: Oid) -> Result<TreeFiles, GitError> {
        self.files_under(repo, tree, "")
    }

    /// The files under a tree (`prefix` is the tree's path, with a trailing `/`).
    fn files_under(&mut self, repo: &Repo, tree: Oid, prefix: &str) -> Result<TreeFiles, GitError> {
        if let Some((p, files)) = self.listed.get(&tree)
            && **p == *prefix
        {
            return Ok(files.clone());
        }
        let t = repo
            .repo
            .find_tree(tree)
            .map_err(GitError::git("cannot read a tree"))?;
        let mut out: Vec<TreeFile> = Vec::new();
        for entry in t.iter() {
            // Non-UTF-8 names cannot match a path rule.
            let Ok(name) = entry.name() else { continue };
            let rel = format!("{prefix}{name}");
            match entry.kind() {
                Some(ObjectType::Blob) => {
                    if let Some(class) = self.filter.class(&rel) {
                        out.push(TreeFile {
                            path: rel.into(),
                            blob: entry.id(),
                            class,
                        });
                    }
                }
                Some(ObjectType::Tree) if self.filter.may_hold(&rel) => {
                    let sub = self.files_under(repo, entry.id(), &format!("{rel}/"))?;
                    out.extend(sub.iter().cloned());
                }
                _ => {}
            }
        }
        let files: TreeFiles = out.into();
        self.listed.insert(tree, (prefix.into(), files.clone()));
        Ok(files)
    }
}

/// What callers read into blobs, each blob read once.
pub struct BlobCache<T> {
    read: HashMap<Oid, T>,
}

impl<T> Default for BlobCache<T> {
    fn default() -> Self {
        BlobCache {
            read: HashMap::new(),
        }
    }
}

impl<T: Clone> BlobCache<T> {
    /// What `meaning` made of blob `id`, calling it (with the blob's bytes) only the first
    /// time the blob is asked for.
    pub fn get(
        &mut self,
        repo: &Repo,
        id: Oid,
        meaning: impl FnOnce(&[u8]) -> T,
    ) -> Result<T, GitError> {
        if let Some(hit) = self.read.get(&id) {
            return Ok(hit.clone());
        }
        let blob = repo
            .repo
            .find_blob(id)
            .map_err(GitError::git("cannot read a blob"))?;
        let value = meaning(blob.content());
        self.read.insert(id, value.clone());
        Ok(value)
    }
}

/// Stops libgit2 re-hashing every object it reads (SHA-1 with collision detection), which
/// was two thirds of a long walk's time; git re-hashes only in fsck. The setting is
/// process-wide, so a command that only reads makes it, not the library.
pub fn skip_hash_verification() {
    git2::opts::strict_hash_verification(false);
}

#[cfg(test)]
mod tests {
    use git2::Repository;

    use super::super::testing::commit;
    use super::*;

    struct Markdown;

    impl TreeFilter for Markdown {
        fn class(&self, path: &str) -> Option<u8> {
            path.ends_with(".md")
                .then_some(u8::from(path.starts_with("docs/")))
        }

        fn may_hold(&self, dir: &str) -> bool {
            dir == "docs"
        }
    }

    #[test]
    fn the_walk_stops_at_the_shallow_list_of_the_common_git_dir() {
        let dir = tempfile::tempdir().unwrap();
        let git = Repository::init(dir.path()).unwrap();
        let first = commit(&git, &[("TODO.md", "a\n")]);
        let second = commit(&git, &[("TODO.md", "b\n")]);
        let third = commit(&git, &[("TODO.md", "c\n")]);
        let repo = Repo::open_isolated(dir.path()).unwrap();
        let ids = |follow| -> Vec<(Oid, bool)> {
            repo.walk(third, follow)
                .unwrap()
                .map(|v| v.map(|v| (v.id(), v.is_boundary())).unwrap())
                .collect()
        };
        assert!(!repo.is_shallow());
        assert_eq!(
            ids(Follow::FirstParent),
            [(third, false), (second, false), (first, false)]
        );

        std::fs::write(git.commondir().join("shallow"), format!("{second}\n")).unwrap();
        let repo = Repo::open_isolated(dir.path()).unwrap();
        assert!(repo.is_shallow());
        let visits: Vec<_> = repo.walk(third, Follow::FirstParent).unwrap().collect();
        assert_eq!(visits.len(), 2);
        let boundary = visits[1].as_ref().unwrap();
        assert!(boundary.is_boundary());
        assert_eq!(boundary.parents().count(), 0);

        // A linked worktree shares the list: it lives in the common git directory.
        let outer = tempfile::tempdir().unwrap();
        git.worktree("wt", &outer.path().join("wt"), None).unwrap();
        let linked = Repo::open_isolated(&outer.path().join("wt")).unwrap();
        assert!(linked.is_shallow());
        assert_eq!(linked.walk(third, Follow::FirstParent).unwrap().count(), 2);
    }

    #[test]
    fn trees_are_listed_through_the_filter_and_blobs_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let git = Repository::init(dir.path()).unwrap();
        let head = commit(
            &git,
            &[
                ("TODO.md", "same\n"),
                ("docs/PLAN.md", "same\n"),
                ("src/NOTES.md", "skipped\n"),
                ("a.txt", "skipped\n"),
            ],
        );
        let repo = Repo::open_isolated(dir.path()).unwrap();
        let mut trees = TreeCache::new(Markdown);
        let tree = repo.commit_ref(head).unwrap().tree;
        let files = trees.files(&repo, tree).unwrap();
        let listed: Vec<(&str, u8)> = files.iter().map(|f| (&*f.path, f.class)).collect();
        assert_eq!(listed, [("TODO.md", 0), ("docs/PLAN.md", 1)]);
        assert!(Rc::ptr_eq(&files, &trees.files(&repo, tree).unwrap()));

        let mut blobs = BlobCache::default();
        let mut reads = 0;
        for f in files.iter() {
            let text = blobs
                .get(&repo, f.blob, |bytes| {
                    reads += 1;
                    String::from_utf8_lossy(bytes).into_owned()
                })
                .unwrap();
            assert_eq!(text, "same\n");
        }
        assert_eq!(reads, 1, "both files hold the same blob");
    }
}
