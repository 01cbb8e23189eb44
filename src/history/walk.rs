//! The semantic side of the commit walk: following one task ID through the task files of
//! each commit, the shared engine of `todo log` and `todo blame`. The commits, the shallow
//! boundary and the caches come from the git layer's walk ([`crate::git::Repo::walk`]); this
//! module decides which files are task files ([`TaskFiles`]) and what a blob says about the
//! task. It must not walk commits or read objects itself.
//!
//! Whole files are never parsed per commit. Each commit's task files are picked from its tree
//! with [`is_task_file`] (listings cached per tree ID, so unchanged directories cost nothing),
//! and each blob is searched once (results cached per blob ID) for the task's first line; only
//! that block is cut out, and a block is parsed only the first time its exact bytes are seen.
//! A commit whose task files hold the same blobs as its parent's is thus a few hash lookups.
//! Along the first-parent chain (the default) even the listing is skipped: the tip's task
//! files are searched once, and each parent differs from its child only by the files a tree
//! diff limited to the task files names, so a folder of a thousand one-task files costs one
//! comparison of two sorted listings per commit, not a thousand lookups.
//!
//! Which occurrence of the ID is the task: a line whose content starts with the ID (after
//! `#`s, a list marker and checkbox, a `**`/backtick wrapper, or an `ID:` key), headings
//! before list items before plain lines; a candidate counts only when the parser, run on its
//! block alone, finds the task there. Mentions (`Dependencies: T-1`) never match.
//!
//! Callers walking long histories should turn off hash verification on read
//! ([`crate::git::skip_hash_verification`], as `todo log` does): otherwise hashing every blob
//! costs more than everything else together.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use super::HistoryError;
use super::change::Seen;
use super::locate;
use crate::config::Config;
use crate::document::Document;
/// Who made a commit and when: the git layer's record, named here too because every step
/// of a task's history carries one.
pub use crate::git::CommitInfo;
use crate::git::{BlobCache, CommitRef, Follow, Oid, Repo, TreeCache, TreeDiff, TreeFilter, Visit};
use crate::model::{StateMap, Task, TaskStyle};
use crate::parse::TaskFile;
use crate::project::{DEFAULT_ARCHIVE, TASK_FOLDERS, is_task_file};

/// The task as one commit holds it.
#[derive(Debug, Clone)]
pub struct Version {
    /// The task file, repository-relative.
    pub file: Rc<str>,
    /// The task's block, as cut from the file (dedented for nested list items), and as
    /// parsed: valid UTF-8, with any invalid byte of the file's replaced.
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
            src: std::str::from_utf8(&self.block).unwrap_or_default(),
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
    /// True when `old` is the task under another ID in another parent of this merge, which
    /// renumbered it ([`super::follow_renumbering`]).
    pub renumbered: bool,
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
///
/// By default a task kept in a file of its own (a Backlog.md task, `tasks/T-1.md`) follows
/// every parent, as `git log --follow` does on that file: the file is the task, so every
/// commit that changed it is the task's history. A task in a shared file (a TODO.md) follows
/// the first-parent chain, where a merged branch's work shows as its merge.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Follow every parent (each commit compared with its first parent, and merges that
    /// just take one parent's version skipped) instead of the first-parent chain.
    pub all_parents: bool,
    /// Follow the first-parent chain even for a task kept in a file of its own.
    pub first_parent: bool,
}

/// The history of task `id` in the commits reachable from `start`, newest first.
pub fn task_history(
    repo: &Repo,
    config: &Config,
    start: Oid,
    id: &str,
    opts: WalkOptions,
) -> Result<TaskHistory, HistoryError> {
    // A legacy `task-N` names the task Backlog.md's `task_prefix` spells `BACK-N` today;
    // the walk finds both spellings either way.
    let alias = config.legacy_alias(id);
    let mut w = Walker::new(repo, config, alias.as_deref().unwrap_or(id));
    let follow = if opts.all_parents {
        Follow::AllParents
    } else if opts.first_parent {
        Follow::FirstParent
    } else {
        // The start commit's version decides (its search is cached for the walk).
        let own_file = w
            .state(repo.commit_ref(start)?)?
            .is_some_and(|v| v.task.style == TaskStyle::File);
        if own_file {
            Follow::AllParents
        } else {
            Follow::FirstParent
        }
    };
    let mut out = TaskHistory::default();
    if follow == Follow::FirstParent {
        w.chain(start, &mut out)?;
    } else {
        w.every_parent(start, &mut out)?;
    }
    Ok(out)
}

/// The task files of one commit that hold the task, by (class, path): the first is the task.
type Holders = BTreeMap<(u8, Rc<str>), Block>;

/// A shallow clone's boundary commit: history stops there, so the task as it stands in it (if
/// it holds the task) is where the log begins.
fn boundary_step(visit: &Visit<'_>, new: Option<Version>, out: &mut TaskHistory) {
    out.shallow.get_or_insert(visit.id());
    if new.is_some() {
        out.steps.push(Step {
            commit: visit.info(),
            old: None,
            new,
            boundary: true,
            renumbered: false,
        });
    }
}

/// The task as it stands in the visited commit, whose holders are `now`, noted as the head
/// (the first commit) and as seen; `None` for a shallow clone's boundary, whose step is
/// recorded here and which has no parent to compare with.
fn arrive(visit: &Visit<'_>, now: &Holders, out: &mut TaskHistory) -> Option<Option<Version>> {
    let new = first_holder(now);
    if out.commits == 1 {
        out.head = new.clone();
    }
    out.seen |= new.is_some();
    if visit.is_boundary() {
        boundary_step(visit, new, out);
        return None;
    }
    Some(new)
}

fn first_holder(holders: &Holders) -> Option<Version> {
    holders
        .iter()
        .next()
        .map(|((_, file), (block, task))| Version {
            file: file.clone(),
            block: block.clone(),
            task: task.clone(),
        })
}

/// Which files of a tree are task files, by the same rule as the working tree's
/// ([`is_task_file`]; a directory is skipped only when no task file can lie in it): the
/// archive file is class [`TaskFiles::ARCHIVE`], every other task file class 0.
pub struct TaskFiles<'c> {
    config: &'c Config,
}

impl<'c> TaskFiles<'c> {
    /// The class of the archive file.
    pub const ARCHIVE: u8 = 1;
    /// The class of a task file Backlog.md keeps out of its board ([`KEPT_FOLDERS`]): still
    /// the task, so a move there is a change of file, not a deletion.
    pub const KEPT: u8 = 2;

    /// The task files `config` names.
    pub fn new(config: &'c Config) -> TaskFiles<'c> {
        TaskFiles { config }
    }

    /// True for the archive file (repository-relative path).
    fn is_archive(&self, rel: &str) -> bool {
        self.config
            .archive
            .as_deref()
            .map_or(rel.eq_ignore_ascii_case(DEFAULT_ARCHIVE), |a| a == rel)
    }
}

/// Backlog.md folders whose files are tasks kept off the board: archived tasks and drafts,
/// in today's `backlog/` and the older `.backlog/` layout. History follows a task into them.
pub const KEPT_FOLDERS: [&str; 6] = [
    "backlog/archive/tasks",
    "backlog/drafts",
    "backlog/archive/drafts",
    ".backlog/archive/tasks",
    ".backlog/drafts",
    ".backlog/archive/drafts",
];

/// The task folders of Backlog.md's older layout (`.backlog/`, renamed `backlog/` later): a
/// history reader treats them as the task folders they were.
pub const FORMER_FOLDERS: [&str; 2] = [".backlog/tasks", ".backlog/completed"];

/// Which of `folders` holds the file at `path` directly, if any.
fn folder_of<'f>(path: &str, folders: &[&'f str]) -> Option<&'f str> {
    let (dir, name) = path.rsplit_once('/')?;
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") && !lower.starts_with("readme"))
        .then(|| folders.iter().find(|f| **f == dir).copied())
        .flatten()
}

impl TreeFilter for TaskFiles<'_> {
    fn class(&self, path: &str) -> Option<u8> {
        if is_task_file(path, self.config) {
            return Some(if self.is_archive(path) {
                TaskFiles::ARCHIVE
            } else {
                0
            });
        }
        if !self.config.files.is_empty() {
            return None;
        }
        if folder_of(path, &FORMER_FOLDERS).is_some() {
            return Some(0);
        }
        folder_of(path, &KEPT_FOLDERS).map(|_| TaskFiles::KEPT)
    }

    fn may_hold(&self, dir: &str) -> bool {
        let under = |path: &str| path.starts_with(dir) && path[dir.len()..].starts_with('/');
        if self.config.archive.as_deref().is_some_and(under) {
            return true;
        }
        if self.config.files.is_empty() {
            // The default files: `docs/` and the task folders (and the folders above them).
            return dir == "docs"
                || TASK_FOLDERS
                    .iter()
                    .chain(&KEPT_FOLDERS)
                    .chain(&FORMER_FOLDERS)
                    .any(|folder| under(folder) || *folder == dir);
        }
        self.config.files.iter().any(|g| glob_may_enter(g, dir))
    }
}

/// Where a class of task file ranks when several hold the task: the active task files, then
/// the archive, then Backlog.md's kept folders (as [`Walker::state`] searches them).
fn holder_rank(class: u8) -> u8 {
    match class {
        TaskFiles::ARCHIVE => 1,
        TaskFiles::KEPT => 2,
        _ => 0,
    }
}

/// A task's block and the block parsed.
type Block = (Rc<[u8]>, Rc<Task>);

struct Walker<'r> {
    repo: &'r Repo,
    config: &'r Config,
    trees: TreeCache<TaskFiles<'r>>,
    /// The task's block in each blob read so far.
    blobs: BlobCache<Option<Block>>,
    blocks: Blocks<'r>,
    /// The task per commit, for commits whose children are still to be visited.
    states: HashMap<Oid, Option<Version>>,
}

/// The blocks parsed so far, by their exact bytes (`None`: the block holds no task with the
/// ID).
struct Blocks<'r> {
    id: &'r str,
    /// The ID's spelling before Backlog.md's `task_prefix` (`task-24.1` for `BACK-24.1`):
    /// the same task in older commits.
    legacy: Option<String>,
    states_map: StateMap,
    parsed: HashMap<Rc<[u8]>, Option<Block>>,
}

impl<'r> Walker<'r> {
    fn new(repo: &'r Repo, config: &'r Config, id: &'r str) -> Walker<'r> {
        Walker {
            repo,
            config,
            trees: TreeCache::new(TaskFiles::new(config)),
            blobs: BlobCache::default(),
            blocks: Blocks {
                id,
                legacy: config.backlog.as_ref().and_then(|b| b.legacy_spelling(id)),
                states_map: config.state_map(),
                parsed: HashMap::new(),
            },
            states: HashMap::new(),
        }
    }

    /// The first-parent chain from `start`: the tip's task files are searched once, and each
    /// parent's holders of the task are the child's with the files the commit changed (a tree
    /// diff limited to the task files) searched again, so a commit that leaves the task's
    /// files alone costs one tree comparison.
    fn chain(&mut self, start: Oid, out: &mut TaskHistory) -> Result<(), HistoryError> {
        let mut diff = TreeDiff::new(self.repo, TaskFiles::new(self.config));
        let mut holders: Option<Holders> = None;
        for visit in self.repo.walk(start, Follow::FirstParent)? {
            let visit = visit?;
            out.commits += 1;
            let tree = visit.commit().tree;
            let mut now = match holders.take() {
                Some(h) => h,
                None => self.holders(&mut diff, tree)?,
            };
            let Some(new) = arrive(&visit, &now, out) else {
                continue;
            };
            let parent = visit.parents().next().map(|p| p.tree);
            self.back(&mut diff, parent, tree, &mut now)?;
            let old = first_holder(&now);
            if !Version::same(old.as_ref(), new.as_ref()) {
                out.seen |= old.is_some();
                out.steps.push(Step {
                    commit: visit.info(),
                    old,
                    new,
                    boundary: false,
                    renumbered: false,
                });
            }
            holders = Some(now);
        }
        Ok(())
    }

    /// Turns `holders`, the holders of the task in root tree `tree`, into those of `parent`
    /// (`None`: the empty tree): the files the two trees differ in are searched again.
    fn back(
        &mut self,
        diff: &mut TreeDiff<'_, TaskFiles<'_>>,
        parent: Option<Oid>,
        tree: Oid,
        holders: &mut Holders,
    ) -> Result<(), HistoryError> {
        for change in diff.changes(parent, Some(tree))? {
            let key = (holder_rank(change.class), change.path.clone());
            holders.remove(&key);
            if let Some(blob) = change.old
                && let Some(block) = self.block_in(blob, &change.path)?
            {
                holders.insert(key, block);
            }
        }
        Ok(())
    }

    /// The task files of root tree `tree` that hold the task.
    fn holders(
        &mut self,
        diff: &mut TreeDiff<'_, TaskFiles<'_>>,
        tree: Oid,
    ) -> Result<Holders, HistoryError> {
        let mut holders = Holders::new();
        for file in diff.changes(None, Some(tree))? {
            if let Some(blob) = file.new
                && let Some(block) = self.block_in(blob, &file.path)?
            {
                holders.insert((holder_rank(file.class), file.path), block);
            }
        }
        Ok(holders)
    }

    /// Every commit reachable from `start`, each compared with all its parents. As in
    /// [`Walker::chain`], a parent's holders of the task are its child's with the files the
    /// two trees differ in searched again; they wait in `pending` until the parent's visit
    /// (any child gives the same answer: holders depend on the tree alone).
    fn every_parent(&mut self, start: Oid, out: &mut TaskHistory) -> Result<(), HistoryError> {
        let mut diff = TreeDiff::new(self.repo, TaskFiles::new(self.config));
        let mut pending: HashMap<Oid, Holders> = HashMap::new();
        for visit in self.repo.walk(start, Follow::AllParents)? {
            let visit = visit?;
            out.commits += 1;
            let commit = visit.commit();
            let now = match pending.remove(&commit.id) {
                Some(h) => h,
                None => self.holders(&mut diff, commit.tree)?,
            };
            let Some(new) = arrive(&visit, &now, out) else {
                continue;
            };
            let mut olds = Vec::new();
            for p in visit.parents() {
                let old = match pending.get(&p.id) {
                    Some(h) => first_holder(h),
                    None => {
                        let mut then = now.clone();
                        self.back(&mut diff, Some(p.tree), commit.tree, &mut then)?;
                        let old = first_holder(&then);
                        pending.insert(p.id, then);
                        old
                    }
                };
                olds.push(old);
            }
            // A merge that just takes one parent's version of the task changed nothing.
            let unchanged = if olds.len() > 1 {
                olds.iter().any(|o| Version::same(o.as_ref(), new.as_ref()))
            } else {
                Version::same(olds.first().and_then(Option::as_ref), new.as_ref())
            };
            if !unchanged {
                out.seen |= olds.iter().any(Option::is_some);
                out.steps.push(Step {
                    commit: visit.info(),
                    old: olds.into_iter().next().flatten(),
                    new,
                    boundary: false,
                    renumbered: false,
                });
            }
        }
        Ok(())
    }

    /// The task in `commit` (cached per commit): the first hit among the active task files,
    /// then the archive, each group in tree order.
    fn state(&mut self, commit: CommitRef) -> Result<Option<Version>, HistoryError> {
        if let Some(v) = self.states.get(&commit.id) {
            return Ok(v.clone());
        }
        let files = self.trees.files(self.repo, commit.tree)?;
        let mut found = None;
        'classes: for class in [0, TaskFiles::ARCHIVE, TaskFiles::KEPT] {
            for f in files.iter().filter(|f| f.class == class) {
                if let Some((block, task)) = self.block_in(f.blob, &f.path)? {
                    found = Some(Version {
                        file: f.path.clone(),
                        block,
                        task,
                    });
                    break 'classes;
                }
            }
        }
        self.states.insert(commit.id, found.clone());
        Ok(found)
    }

    /// The task's block in a blob, searched once per blob.
    fn block_in(&mut self, blob: Oid, path: &str) -> Result<Option<Block>, HistoryError> {
        let blocks = &mut self.blocks;
        Ok(self.blobs.get(self.repo, blob, |bytes| {
            let legacy = blocks.legacy.clone();
            let spellings: Vec<String> = std::iter::once(blocks.id.to_string())
                .chain(legacy)
                .collect();
            if in_task_folder(path) {
                // A one-task file is the task's block as a whole: its criteria, Definition of
                // Done and sub-sections lie past the `id:` line or the title heading.
                let whole = spellings
                    .iter()
                    .filter(|id| memchr_find(bytes, id.as_bytes()))
                    .find_map(|id| blocks.parse(bytes.to_vec(), path, id))
                    .filter(|(_, task)| task.style == TaskStyle::File);
                if whole.is_some() {
                    return whole;
                }
            }
            spellings.iter().find_map(|id| {
                locate::candidates(bytes, id.as_bytes())
                    .into_iter()
                    .find_map(|(rank, line)| blocks.parse(locate::cut(bytes, line, rank), path, id))
            })
        })?)
    }
}

impl Blocks<'_> {
    /// The task with the ID in one block, parsed the first time these bytes are seen.
    fn parse(&mut self, block: Vec<u8>, path: &str, id: &str) -> Option<Block> {
        if let Some(found) = self.parsed.get(block.as_slice()) {
            return found.clone();
        }
        // The task's list items are read from the text it was parsed from: the block itself
        // unless it had invalid UTF-8.
        let key: Rc<[u8]> = block.into();
        let (text, parsed) = match String::from_utf8_lossy(&key) {
            std::borrow::Cow::Borrowed(t) => (t.to_string(), key.clone()),
            std::borrow::Cow::Owned(t) => {
                let parsed = t.as_bytes().into();
                (t, parsed)
            }
        };
        let file = TaskFile::parse_with(Document::from_string(path, text), &self.states_map);
        let found = file
            .tasks
            .into_iter()
            .find(|t| t.id() == Some(id))
            .map(|t| (parsed, Rc::new(t)));
        self.parsed.insert(key, found.clone());
        found
    }
}

/// True for a file in a task folder (`tasks/`, `.tasks/`, `backlog/…`), where a file may be
/// one task as a whole.
fn in_task_folder(path: &str) -> bool {
    path.rsplit_once('/').is_some_and(|(dir, _)| {
        dir.split('/')
            .any(|c| c.eq_ignore_ascii_case("tasks") || c.eq_ignore_ascii_case(".tasks"))
            || dir.starts_with("backlog/")
            || dir.starts_with(".backlog/")
    })
}

/// True when `needle` occurs in `hay` (a cheap pre-check before a parse).
fn memchr_find(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && memchr::memmem::find(hay, needle).is_some()
}

/// Whether glob `pattern` could match a path under directory `dir`: compared component by
/// component; a component with a wildcard is assumed to match, and `**` matches any depth.
fn glob_may_enter(pattern: &str, dir: &str) -> bool {
    let mut pat = pattern.split('/');
    for part in dir.split('/') {
        match pat.next() {
            None => return false,
            // `**` crosses directories, even inside a component (`docs**`).
            Some(p) if p.contains("**") => return true,
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
        assert!(glob_may_enter("docs/**.md", "docs/sub"));
    }

    #[test]
    fn default_task_files_include_the_task_folders() {
        let config = Config::default();
        let files = TaskFiles::new(&config);
        for dir in ["docs", "backlog", "backlog/tasks", "tasks", ".tasks"] {
            assert!(files.may_hold(dir), "{dir}");
        }
        assert!(!files.may_hold("src"));
        assert!(!files.may_hold("backlog/tasks/sub"));
        assert_eq!(files.class("backlog/tasks/task-1.md"), Some(0));
        assert_eq!(files.class("TODOCOMPLETED.md"), Some(TaskFiles::ARCHIVE));
        assert_eq!(files.class("src/TODO.md"), None);
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
