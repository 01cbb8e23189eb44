//! One pass over the commits that reach a revision, following one task ID through the task
//! files of each commit: the shared engine of `todo log` and `todo blame`.
//!
//! Whole files are never parsed per commit. Each commit's task files are picked from its tree
//! with [`is_task_file`] (listings cached per tree ID, so unchanged directories cost nothing),
//! and each blob is searched once (results cached per blob ID) for the task's first line; only
//! that block is cut out, and a block is parsed only the first time its exact bytes are seen.
//! A commit whose task files hold the same blobs as its parent's is thus a few hash lookups.
//!
//! Which occurrence of the ID is the task: a line whose content starts with the ID (after
//! `#`s, a list marker and checkbox, a `**`/backtick wrapper, or an `ID:` key), headings
//! before list items before plain lines; a candidate counts only when the parser, run on its
//! block alone, finds the task there. Mentions (`Dependencies: T-1`) never match.
//!
//! Callers walking long histories should turn off libgit2's hash verification on read
//! (`git2::opts::strict_hash_verification(false)`, as `todo log` does): otherwise hashing
//! every blob costs more than everything else together.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use git2::{Commit, ObjectType, Oid, Repository, Sort};

use super::HistoryError;
use super::change::Seen;
use super::locate;
use crate::config::Config;
use crate::document::Document;
use crate::git::{GitError, Repo};
use crate::model::{StateMap, Task};
use crate::parse::TaskFile;
use crate::project::{DEFAULT_ARCHIVE, is_task_file};

/// Who made a commit and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The commit.
    pub id: Oid,
    /// The author's name.
    pub author: String,
    /// The author's email.
    pub email: String,
    /// Author time: seconds since the epoch.
    pub time: i64,
    /// The author's UTC offset, in minutes.
    pub offset: i32,
    /// Committer time: what `--since` and `--until` bound, as in git.
    pub commit_time: i64,
    /// The committer's UTC offset, in minutes.
    pub commit_offset: i32,
}

impl CommitInfo {
    fn of(c: &Commit<'_>) -> CommitInfo {
        let (a, m) = (c.author(), c.committer());
        CommitInfo {
            id: c.id(),
            author: String::from_utf8_lossy(a.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(a.email_bytes()).into_owned(),
            time: a.when().seconds(),
            offset: a.when().offset_minutes(),
            commit_time: m.when().seconds(),
            commit_offset: m.when().offset_minutes(),
        }
    }

    /// The abbreviated hash (7 hex digits).
    pub fn short(&self) -> String {
        let mut s = self.id.to_string();
        s.truncate(7);
        s
    }

    /// The author date in the author's own offset.
    pub fn date(&self) -> DateTime<FixedOffset> {
        at(self.time, self.offset)
    }

    /// The commit date in the committer's own offset.
    pub fn commit_date(&self) -> DateTime<FixedOffset> {
        at(self.commit_time, self.commit_offset)
    }
}

fn at(seconds: i64, offset_minutes: i32) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// The task as one commit holds it.
#[derive(Debug, Clone)]
pub struct Version {
    /// The task file, repository-relative.
    pub file: Rc<str>,
    /// The task's block, as cut from the file (dedented for nested list items).
    pub block: Rc<[u8]>,
    /// The block parsed.
    pub task: Rc<Task>,
}

impl Version {
    /// The view [`super::change::task_changes`] compares.
    pub fn seen(&self) -> Seen<'_> {
        Seen {
            task: &self.task,
            file: &self.file,
        }
    }

    fn same(a: Option<&Version>, b: Option<&Version>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => a.file == b.file && a.block == b.block,
            _ => false,
        }
    }
}

/// A commit in which the task's block or file differs from its parent's.
#[derive(Debug, Clone)]
pub struct Step {
    /// The commit.
    pub commit: CommitInfo,
    /// The task in the parent (first parent), or `None` when absent there.
    pub old: Option<Version>,
    /// The task in this commit, or `None` when deleted here.
    pub new: Option<Version>,
    /// True for a shallow clone's boundary commit: its parents are missing, so `old` is
    /// unknown (left `None`) and the commit is where the readable history ends, not where
    /// the task was created.
    pub boundary: bool,
}

/// Everything the walk learned about one task.
#[derive(Debug, Clone, Default)]
pub struct TaskHistory {
    /// Commits that changed the task's block, newest first.
    pub steps: Vec<Step>,
    /// The task at the start revision.
    pub head: Option<Version>,
    /// True when some walked commit holds the task.
    pub seen: bool,
    /// The shallow boundary the walk stopped at, if any.
    pub shallow: Option<Oid>,
    /// Commits walked.
    pub commits: usize,
}

/// How to walk.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Follow every parent (each commit compared with its first parent, and merges that
    /// just take one parent's version skipped) instead of the first-parent chain.
    pub all_parents: bool,
}

fn git_err(context: &'static str) -> impl FnOnce(git2::Error) -> HistoryError {
    move |error| HistoryError::Git(GitError::git(context)(error))
}

/// The history of task `id` in the commits reachable from `start`, newest first.
pub fn task_history(
    repo: &Repo,
    config: &Config,
    start: Oid,
    id: &str,
    opts: WalkOptions,
) -> Result<TaskHistory, HistoryError> {
    let raw = repo.raw();
    let mut w = Walker::new(raw, config, id);
    let mut out = TaskHistory::default();
    let head = raw
        .find_commit(start)
        .map_err(git_err("cannot read the commit"))?;
    out.head = w.state(&head)?;
    if opts.all_parents {
        let mut revwalk = raw.revwalk().map_err(git_err("cannot walk the history"))?;
        revwalk
            .set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .and_then(|()| revwalk.push(start))
            .map_err(git_err("cannot walk the history"))?;
        for oid in revwalk {
            let oid = oid.map_err(git_err("cannot walk the history"))?;
            let commit = raw
                .find_commit(oid)
                .map_err(git_err("cannot read a commit"))?;
            w.visit(&commit, &mut out, true)?;
        }
    } else {
        let mut next = Some(head);
        while let Some(commit) = next.take() {
            next = w.visit(&commit, &mut out, false)?;
            // The chain never comes back: a commit's state is needed only by its child.
            w.states.remove(&commit.id());
        }
    }
    Ok(out)
}

/// A commit's task files: (repository-relative path, blob ID), active files first.
type Files = Rc<[(Rc<str>, Oid)]>;
/// A task's block and the block parsed.
type Block = (Rc<[u8]>, Rc<Task>);

struct Walker<'r> {
    repo: &'r Repository,
    config: &'r Config,
    id: &'r str,
    states_map: StateMap,
    /// Task files per tree ID (with the path prefix the listing was made under).
    trees: HashMap<Oid, (Rc<str>, Files)>,
    /// The task's block in each blob read so far.
    blobs: HashMap<Oid, Option<Block>>,
    /// Each block parsed, by its exact bytes (`None`: the block holds no task with the ID).
    parsed: HashMap<Rc<[u8]>, Option<Rc<Task>>>,
    /// The task per commit, for commits whose children are still to be visited.
    states: HashMap<Oid, Option<Version>>,
    /// Commits whose parents a shallow clone lacks.
    shallow: HashSet<Oid>,
}

impl<'r> Walker<'r> {
    fn new(repo: &'r Repository, config: &'r Config, id: &'r str) -> Walker<'r> {
        let shallow = if repo.is_shallow() {
            std::fs::read_to_string(repo.path().join("shallow"))
                .unwrap_or_default()
                .lines()
                .filter_map(|l| Oid::from_str(l.trim()).ok())
                .collect()
        } else {
            HashSet::new()
        };
        Walker {
            repo,
            config,
            id,
            states_map: config.state_map(),
            trees: HashMap::new(),
            blobs: HashMap::new(),
            parsed: HashMap::new(),
            states: HashMap::new(),
            shallow,
        }
    }

    /// Compares `commit` with its parents, records a step when the task differs, and returns
    /// the first parent (for the first-parent chain).
    fn visit<'c>(
        &mut self,
        commit: &Commit<'c>,
        out: &mut TaskHistory,
        all_parents: bool,
    ) -> Result<Option<Commit<'c>>, HistoryError> {
        out.commits += 1;
        let new = self.state(commit)?;
        out.seen |= new.is_some();
        let wanted = if all_parents {
            commit.parent_count()
        } else {
            commit.parent_count().min(1)
        };
        let boundary = self.shallow.contains(&commit.id());
        let parents: Vec<Commit<'c>> = if boundary {
            Vec::new()
        } else {
            (0..wanted).filter_map(|i| commit.parent(i).ok()).collect()
        };
        // A parent missing from the object store is a boundary too: a partially fetched
        // repository stops there rather than failing.
        let boundary = boundary || parents.len() < wanted;
        if boundary {
            out.shallow.get_or_insert(commit.id());
            if new.is_some() {
                out.steps.push(Step {
                    commit: CommitInfo::of(commit),
                    old: None,
                    new,
                    boundary: true,
                });
            }
            return Ok(None);
        }
        let mut olds = Vec::with_capacity(parents.len());
        for p in &parents {
            olds.push(self.state(p)?);
        }
        let unchanged = if all_parents && !olds.is_empty() {
            olds.iter().any(|o| Version::same(o.as_ref(), new.as_ref()))
        } else {
            Version::same(olds.first().and_then(Option::as_ref), new.as_ref())
        };
        if !unchanged {
            out.seen |= olds.iter().any(Option::is_some);
            out.steps.push(Step {
                commit: CommitInfo::of(commit),
                old: olds.into_iter().next().flatten(),
                new,
                boundary: false,
            });
        }
        Ok(parents.into_iter().next())
    }

    /// The task in `commit` (cached per commit).
    fn state(&mut self, commit: &Commit<'_>) -> Result<Option<Version>, HistoryError> {
        if let Some(v) = self.states.get(&commit.id()) {
            return Ok(v.clone());
        }
        let files = self.files_in(commit.tree_id(), "")?;
        let mut found = None;
        for (path, blob) in files.iter() {
            if let Some((block, task)) = self.block_in(*blob, path)? {
                found = Some(Version {
                    file: path.clone(),
                    block,
                    task,
                });
                break;
            }
        }
        self.states.insert(commit.id(), found.clone());
        Ok(found)
    }

    /// The task files under a tree (`prefix` is the tree's path, with a trailing `/`): active
    /// files first, then the archive, each group in tree order.
    fn files_in(&mut self, tree: Oid, prefix: &str) -> Result<Files, HistoryError> {
        if let Some((p, files)) = self.trees.get(&tree)
            && **p == *prefix
        {
            return Ok(files.clone());
        }
        let t = self
            .repo
            .find_tree(tree)
            .map_err(git_err("cannot read a tree"))?;
        let mut out: Vec<(Rc<str>, Oid)> = Vec::new();
        for entry in t.iter() {
            // Non-UTF-8 names cannot match a task-file rule.
            let Ok(name) = entry.name() else { continue };
            let rel = format!("{prefix}{name}");
            match entry.kind() {
                Some(ObjectType::Blob) if is_task_file(&rel, self.config) => {
                    out.push((rel.into(), entry.id()));
                }
                Some(ObjectType::Tree) if self.may_hold(&rel) => {
                    let sub = self.files_in(entry.id(), &format!("{rel}/"))?;
                    out.extend(sub.iter().cloned());
                }
                _ => {}
            }
        }
        if prefix.is_empty() {
            out.sort_by_key(|(path, _)| self.is_archive(path));
        }
        let files: Files = out.into();
        self.trees.insert(tree, (prefix.into(), files.clone()));
        Ok(files)
    }

    fn is_archive(&self, rel: &str) -> bool {
        self.config
            .archive
            .as_deref()
            .map_or(rel.eq_ignore_ascii_case(DEFAULT_ARCHIVE), |a| a == rel)
    }

    /// Whether directory `dir` can hold a task file, so other directories are never listed.
    fn may_hold(&self, dir: &str) -> bool {
        let under = |path: &str| path.starts_with(dir) && path[dir.len()..].starts_with('/');
        if self.config.archive.as_deref().is_some_and(under) {
            return true;
        }
        if self.config.files.is_empty() {
            return dir == "docs";
        }
        self.config.files.iter().any(|g| glob_may_enter(g, dir))
    }

    /// The task's block in a blob, searched once per blob.
    fn block_in(&mut self, blob: Oid, path: &str) -> Result<Option<Block>, HistoryError> {
        if let Some(hit) = self.blobs.get(&blob) {
            return Ok(hit.clone());
        }
        let b = self
            .repo
            .find_blob(blob)
            .map_err(git_err("cannot read a blob"))?;
        let mut found = None;
        let bytes = b.content();
        for (rank, line) in locate::candidates(bytes, self.id.as_bytes()) {
            if let Some(task) = self.parse(locate::cut(bytes, line, rank), path) {
                found = Some(task);
                break;
            }
        }
        self.blobs.insert(blob, found.clone());
        Ok(found)
    }

    /// The task with the ID in one block, parsed the first time these bytes are seen.
    fn parse(&mut self, block: Vec<u8>, path: &str) -> Option<Block> {
        if let Some((key, task)) = self.parsed.get_key_value(block.as_slice()) {
            return task.clone().map(|t| (key.clone(), t));
        }
        let text = String::from_utf8_lossy(&block).into_owned();
        let file = TaskFile::parse_with(Document::from_string(path, text), &self.states_map);
        let task = file
            .tasks
            .into_iter()
            .find(|t| t.id() == Some(self.id))
            .map(Rc::new);
        let key: Rc<[u8]> = block.into();
        self.parsed.insert(key.clone(), task.clone());
        task.map(|t| (key, t))
    }
}

/// Whether glob `pattern` could match a path under directory `dir`: compared component by
/// component; a component with a wildcard is assumed to match, and `**` matches any depth.
fn glob_may_enter(pattern: &str, dir: &str) -> bool {
    let mut pat = pattern.split('/');
    for part in dir.split('/') {
        match pat.next() {
            None => return false,
            Some("**") => return true,
            Some(p) if p.contains(['*', '?', '[']) => {}
            Some(p) if p == part => {}
            Some(_) => return false,
        }
    }
    pat.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_prune_directories() {
        assert!(glob_may_enter("docs/*.md", "docs"));
        assert!(!glob_may_enter("docs/*.md", "src"));
        assert!(!glob_may_enter("docs/*.md", "docs/sub"));
        assert!(glob_may_enter("**/TODO.md", "a"));
        assert!(glob_may_enter("*/TODO.md", "a"));
        assert!(!glob_may_enter("TODO.md", "a"));
    }

    fn blocks(text: &str, id: &str) -> Vec<String> {
        locate::candidates(text.as_bytes(), id.as_bytes())
            .into_iter()
            .map(|(rank, line)| {
                String::from_utf8(locate::cut(text.as_bytes(), line, rank)).unwrap()
            })
            .collect()
    }

    #[test]
    fn finds_headings_not_mentions() {
        let text = "## Now\n\n### T-10: Ten\nDependencies: T-1\n- [ ] T-1 first\n\n\
                    ### T-1: One\nStatus: READY\n\n```\n# not a heading\n```\n\
                    #### Acceptance Criteria\n- [ ] a\n\n#### Notes\nx\n";
        let got = blocks(text, "T-1");
        assert_eq!(
            got[0],
            "### T-1: One\nStatus: READY\n\n```\n# not a heading\n```\n\
             #### Acceptance Criteria\n- [ ] a\n"
        );
        // The checklist line inside T-10 is a candidate too, but ranks after the heading.
        assert_eq!(got[1], "- [ ] T-1 first\n");
        assert_eq!(got.len(), 2);
        assert!(blocks(text, "T-").is_empty());
    }

    #[test]
    fn cuts_list_items_and_id_fields() {
        let text = "- [ ] **T-2** parent\n  - [ ] T-3: child\n    - Status: READY\n\n    more\n  - [ ] T-4: next\n";
        assert_eq!(
            blocks(text, "T-3"),
            ["- [ ] T-3: child\n  - Status: READY\n\n  more\n"]
        );
        assert_eq!(blocks(text, "T-2")[0], text);
        let text = "# Plan\n\n### Write docs\n- **ID**: `D-7`\n- Status: READY\n\n### Other\n";
        assert_eq!(
            blocks(text, "D-7"),
            ["### Write docs\n- **ID**: `D-7`\n- Status: READY\n"]
        );
        let text = "K7 — Log the relay\nStatus: READY\n\nK8 — Next\n";
        assert_eq!(blocks(text, "K7"), ["K7 — Log the relay\nStatus: READY\n"]);
        assert!(blocks("T-1é\nT-1.2: x\nT-1_b\n", "T-1").is_empty());
    }
}
