//! History-aware lint: the rules that need git besides the project.
//!
//! [`check_since`] compares the project at a revision with the project now (`task-deleted`,
//! `id-reused`, `status-transition`), [`check_branches`] reads every branch's task files
//! (`branch-id-collision`) and [`check_stale`] walks the history of each file
//! (`stale-last-updated`). The rules themselves live in `rules/` and stay pure; this module
//! does the git reading, through the git layer only: HEAD's history comes from its one walk
//! (so the shallow boundary is the same as `todo log`'s), and it must not open objects or
//! walk commits any other way. Their diagnostics go through [`configure`] (the `.todo.yml` levels
//! and inline suppressions, as for every rule) and [`merge`] into a [`Report`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::diagnostic::{Applicability, Diagnostic};
use super::registry::RuleInfo;
use super::rules::branch_id_collision::BranchTask;
use super::rules::stale_last_updated::{LastChange, header_date};
use super::rules::{
    Context, branch_id_collision, id_reused, stale_last_updated, status_transition, task_deleted,
};
use super::{FixOutcome, Report};
use crate::document::Document;
use crate::edit::{self, Edit};
use crate::git::{CommitInfo, Follow, GitError, Oid, Repo};
use crate::history::walk::KEPT_FOLDERS;
use crate::model::StateMap;
use crate::parse::TaskFile;
use crate::project::Project;

/// The rules run here rather than by `lint::run`: they need git (the one-per-rule fixture,
/// a plain file, cannot show them).
pub const RULES: [RuleInfo; 5] = [
    task_deleted::INFO,
    id_reused::INFO,
    status_transition::INFO,
    stale_last_updated::INFO,
    branch_id_collision::INFO,
];

/// Titles at least this similar (normalized Levenshtein, ignoring case) name the same task.
pub const SIMILAR: f64 = 0.5;

/// True when two titles name the same task: equal, or a rewording similar enough.
pub fn same_task(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
        || strsim::normalized_levenshtein(&a.to_lowercase(), &b.to_lowercase()) >= SIMILAR
}

/// The `--since` rules on the change from `before` (the project at a revision) to `after`.
/// Diagnostics point into `after`; levels and suppressions are not applied yet.
pub fn check_since(
    before: &Project,
    after: &Project,
    workflow: &BTreeMap<String, Vec<String>>,
) -> Vec<Diagnostic> {
    check_since_at(before, after, workflow, "the base revision")
}

/// [`check_since`], naming the revision (`main`, `HEAD~3`) in messages.
pub fn check_since_at(
    before: &Project,
    after: &Project,
    workflow: &BTreeMap<String, Vec<String>>,
    rev: &str,
) -> Vec<Diagnostic> {
    let cx = Context::new(after);
    let mut out = Vec::new();
    let kept = kept_ids(&after.root);
    task_deleted::check(before, rev, &cx, &kept, &mut out);
    id_reused::check(before, rev, &cx, &mut out);
    status_transition::check(before, rev, &cx, workflow, &mut out);
    out
}

/// The IDs (lower-case) of the task files in Backlog.md's archive and drafts folders under
/// `root`, read from the file names (`back-12 - Title.md` → `back-12`): the folders history
/// follows a task into, which the project does not list.
fn kept_ids(root: &Path) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for folder in KEPT_FOLDERS {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().to_ascii_lowercase();
            if let Some(stem) = name.strip_suffix(".md") {
                let id = stem.split([' ', '_']).next().unwrap_or(stem);
                out.insert(id.to_string());
            }
        }
    }
    out
}

/// Keeps only the files of `before` that `after` loads too: with explicit paths, the other
/// files of the revision are not part of the comparison.
pub fn restrict(before: &mut Project, after: &Project) {
    before.files.retain(|b| {
        after
            .files
            .iter()
            .any(|a| same_path(a.file.doc.path(), b.file.doc.path()))
    });
}

/// Adds an empty stand-in for each file of `before` that held open tasks and is gone now, so
/// `task-deleted` can point at the deleted file itself (a project without files has no place
/// to show a diagnostic). Nothing is written; call it after fixes are written.
pub fn add_gone_files(after: &mut Project, before: &Project) {
    for b in &before.files {
        let open = b.file.tasks.iter().any(|t| !t.state.is_closed());
        let path = b.file.doc.path();
        if open
            && !b.archive
            && !after
                .files
                .iter()
                .any(|a| same_path(a.file.doc.path(), path))
        {
            after.add_file(path.to_path_buf(), b.display.clone(), String::new(), false);
        }
    }
}

/// `branch-id-collision`: the tasks of the project's files at every branch tip against each
/// other and the working tree. Each distinct blob is parsed once.
pub fn check_branches(after: &Project, repo: &Repo) -> Result<Vec<Diagnostic>, GitError> {
    let paths: Vec<PathBuf> = after
        .files
        .iter()
        .map(|f| f.file.doc.path().to_path_buf())
        .collect();
    let states = after.config.state_map();
    let mut seen = Vec::new();
    for (branch, rel, bytes) in repo.branch_blobs(&paths)? {
        let path = repo.workdir().join(&rel);
        // A blob that is not text cannot hold tasks.
        let Ok(doc) = Document::from_bytes(path.clone(), bytes) else {
            continue;
        };
        let file = after
            .files
            .iter()
            .position(|f| same_path(f.file.doc.path(), &path));
        for t in TaskFile::parse_with(doc, &states).tasks {
            if let Some(id) = t.id() {
                seen.push(BranchTask {
                    branch: branch.clone(),
                    file,
                    id: id.to_string(),
                    title: t.title.value.clone(),
                });
            }
        }
    }
    // A detached HEAD is on no branch: the working tree is then named after HEAD.
    let current = repo.head_branch().unwrap_or_else(|| "HEAD".to_string());
    let mut out = Vec::new();
    branch_id_collision::check(&Context::new(after), &current, &seen, &mut out);
    Ok(out)
}

/// `stale-last-updated` for every file with a `Last Updated:` header that HEAD tracks; none
/// without commits. Levels and suppressions are not applied yet.
pub fn check_stale(project: &Project, repo: &Repo) -> Vec<Diagnostic> {
    let Some(head) = repo.head_commit() else {
        return Vec::new();
    };
    let states = project.config.state_map();
    let changes: Vec<Option<LastChange>> = project
        .files
        .iter()
        .map(|f| {
            // Only a file with a date to compare is worth a walk.
            header_date(&f.file)?;
            let rel = repo_relative(repo, f.file.doc.path())?;
            last_change(repo, head, &rel, &states)
        })
        .collect();
    let mut out = Vec::new();
    stale_last_updated::check(&Context::new(project), &changes, &mut out);
    out
}

/// The last commit on HEAD's first-parent line that changed the tasks of `rel`: the first
/// whose content from the first task on differs from its parent's, or that adds the file.
/// `None` when HEAD does not track the file, or the history is cut before the change is found.
fn last_change(repo: &Repo, head: Oid, rel: &Path, states: &StateMap) -> Option<LastChange> {
    let tasks_of = |id: Oid| -> Option<String> {
        let bytes = repo.blob_bytes(id).ok()?;
        let file = TaskFile::parse_with(Document::from_bytes(rel, bytes).ok()?, states);
        let start = file
            .tasks
            .first()
            .map_or(file.doc.text().len(), |t| t.span.start);
        Some(file.doc.text()[start..].to_string())
    };
    // The file's blob in the commit being visited, known from its child after the first.
    let mut blob = None;
    // The tasks part of `blob`, parsed only once a parent's blob differs.
    let mut tasks: Option<Option<String>> = None;
    for visit in repo.walk(head, Follow::FirstParent).ok()? {
        let visit = visit.ok()?;
        let current = match blob {
            Some(b) => b,
            None => repo.tree_entry(visit.commit().tree, rel)?,
        };
        if visit.is_boundary() {
            // A shallow clone (CI checkouts) or a missing object: the commit only looks like
            // the file's first; its real last change is unknown, so nothing is reported.
            return None;
        }
        let parent_blob = visit
            .parents()
            .next()
            .and_then(|p| repo.tree_entry(p.tree, rel));
        let changed = match parent_blob {
            None => true,
            Some(p) if p == current => false,
            Some(p) => {
                let mine = tasks.get_or_insert_with(|| tasks_of(current)).clone();
                let theirs = tasks_of(p);
                let changed = mine.is_none() || mine != theirs;
                tasks = Some(theirs);
                changed
            }
        };
        if changed {
            let info = visit.info();
            return Some(LastChange {
                date: author_date(&info)?,
                commit: info.short(),
            });
        }
        blob = parent_blob;
    }
    None
}

/// A commit's author date in the author's time zone: when the change was written, which a
/// rebase or cherry-pick keeps.
fn author_date(info: &CommitInfo) -> Option<NaiveDate> {
    let offset = FixedOffset::east_opt(info.offset * 60)?;
    Some(
        DateTime::from_timestamp(info.time, 0)?
            .with_timezone(&offset)
            .date_naive(),
    )
}

/// Applies the `.todo.yml` levels (`off` drops) and inline suppressions, as `lint::run` does
/// for the other rules.
pub fn configure(project: &Project, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    super::configure(project, diagnostics)
}

/// Adds configured history diagnostics to a report, keeping its order (file, position, code).
pub fn merge(report: &mut Report, project: &Project, diagnostics: Vec<Diagnostic>) {
    report.diagnostics.extend(configure(project, diagnostics));
    report.diagnostics.sort_by(|a, b| {
        (a.primary.file_index, a.primary.span.start, a.code).cmp(&(
            b.primary.file_index,
            b.primary.span.start,
            b.code,
        ))
    });
}

/// Applies the `stale-last-updated` fixes (after `lint::fix`, so the dates land in the fixed
/// text), folding them into `outcome`: its changed files, count and report.
pub fn fix_stale(project: &mut Project, repo: &Repo, outcome: &mut FixOutcome) {
    let found = configure(project, check_stale(project, repo));
    let mut per_file: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    for d in found {
        if let Some(fix) = d.fix.filter(|f| f.applicability == Applicability::Safe) {
            per_file
                .entry(d.primary.file_index)
                .or_default()
                .extend(fix.edits);
        }
    }
    let mut applied = 0;
    for (fi, edits) in per_file {
        let before = project.files[fi].file.doc.text().to_string();
        let Ok(after) = edit::apply(&before, &edits) else {
            continue;
        };
        project.replace_text(fi, after.clone());
        match outcome.changed.iter_mut().find(|c| c.0 == fi) {
            Some(c) => c.2 = after,
            None => outcome.changed.push((fi, before, after)),
        }
        // One date per file: one fix.
        applied += 1;
    }
    if applied > 0 {
        outcome.changed.sort_by_key(|c| c.0);
        outcome.applied += applied;
        // Positions after a date of another length moved.
        outcome.report = super::run(project);
    }
}

/// `path` relative to the repository's working tree, or `None` outside it.
fn repo_relative(repo: &Repo, path: &Path) -> Option<PathBuf> {
    if let Ok(rel) = path.strip_prefix(repo.workdir()) {
        return Some(rel.to_path_buf());
    }
    // Symlinked temp dirs, `..` in an explicit path.
    let real = lenient_canonical(path);
    let root = lenient_canonical(repo.workdir());
    real.strip_prefix(root).ok().map(Path::to_path_buf)
}

/// True when two paths name the same file, whether or not it exists (a file of a revision may
/// be gone from the working tree).
pub fn same_path(a: &Path, b: &Path) -> bool {
    a == b || lenient_canonical(a) == lenient_canonical(b)
}

/// The canonical path, or the canonical parent joined with the name when the file is missing.
fn lenient_canonical(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => std::fs::canonicalize(parent)
            .map(|p| p.join(name))
            .unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    }
}
