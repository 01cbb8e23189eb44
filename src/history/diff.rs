//! The semantic difference between two projects (two revisions, or a revision and the working
//! tree): tasks added, removed and changed, the last with the [`TaskChange`]s of
//! [`task_changes`] (a move between files is one of them). `todo diff` renders it; anything
//! else that compares two versions of the task files (lint's history rules) can call
//! [`diff_projects`] on any two [`Project`]s, in memory or read from git.
//!
//! Tasks are matched by ID across all files; tasks without an ID by title within the same
//! file (a retitled ID-less task therefore reads as one removed and one added).

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::change::{Seen, TaskChange, task_changes};
use super::{HistoryError, project_at};
use crate::git::Repo;
use crate::model::ChangeKind;
use crate::project::{Project, TaskRef};

/// A task that exists on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TaskEntry {
    /// The ID, when the task has one.
    pub id: Option<String>,
    /// The title.
    pub title: String,
    /// The file, as shown (repository-relative).
    pub file: String,
}

/// A task present on both sides that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ChangedTask {
    /// The ID, when the task has one.
    pub id: Option<String>,
    /// The title on the new side.
    pub title: String,
    /// The file on the new side.
    pub file: String,
    /// What changed, in [`task_changes`] order (a move first).
    pub changes: Vec<TaskChange>,
}

/// The semantic difference of two projects. Added and changed tasks are in the new side's
/// file order, removed ones in the old side's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProjectDiff {
    /// Tasks only on the new side.
    pub added: Vec<TaskEntry>,
    /// Tasks only on the old side.
    pub removed: Vec<TaskEntry>,
    /// Tasks on both sides with at least one change.
    pub changed: Vec<ChangedTask>,
}

impl ProjectDiff {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// How many changed tasks moved to another file.
    pub fn moved(&self) -> usize {
        self.changed
            .iter()
            .filter(|c| c.changes.iter().any(|ch| ch.kind == ChangeKind::Moved))
            .count()
    }

    /// `1 added, 2 removed, 3 changed (1 moved)`, or `no task changes`.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no task changes".to_string();
        }
        let mut s = format!(
            "{} added, {} removed, {} changed",
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        let moved = self.moved();
        if moved > 0 {
            s.push_str(&format!(" ({moved} moved)"));
        }
        s
    }
}

/// How a task is matched across the two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Id(&'a str),
    Untitled { file: &'a str, title: &'a str },
}

fn key<'a>(t: &TaskRef<'a>) -> Key<'a> {
    match t.task.id() {
        Some(id) => Key::Id(id),
        None => Key::Untitled {
            file: &t.file.display,
            title: &t.task.title.value,
        },
    }
}

fn entry(t: &TaskRef<'_>) -> TaskEntry {
    TaskEntry {
        id: t.task.id().map(str::to_string),
        title: t.task.title.value.clone(),
        file: t.file.display.clone(),
    }
}

fn seen<'a>(t: &TaskRef<'a>) -> Seen<'a> {
    Seen {
        task: t.task,
        file: &t.file.display,
        src: t.src(),
    }
}

/// What changed from `old` to `new`.
///
/// A duplicated ID (which lint reports) is paired occurrence by occurrence: first with an
/// occurrence in the same file, then in file order; occurrences left over are added or removed.
pub fn diff_projects(old: &Project, new: &Project) -> ProjectDiff {
    let old_tasks: Vec<TaskRef<'_>> = old.tasks().collect();
    let new_tasks: Vec<TaskRef<'_>> = new.tasks().collect();
    let mut old_by_key: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    for (i, t) in old_tasks.iter().enumerate() {
        old_by_key.entry(key(t)).or_default().push(i);
    }
    let mut used = vec![false; old_tasks.len()];
    let mut matched: Vec<Option<usize>> = vec![None; new_tasks.len()];
    // Same-file pairs first, so a duplicate ID kept in place is not reported as a move.
    for (j, t) in new_tasks.iter().enumerate() {
        if let Some(cands) = old_by_key.get(&key(t))
            && let Some(&i) = cands
                .iter()
                .find(|&&i| !used[i] && old_tasks[i].file.display == t.file.display)
        {
            used[i] = true;
            matched[j] = Some(i);
        }
    }
    for (j, t) in new_tasks.iter().enumerate() {
        if matched[j].is_none()
            && let Some(cands) = old_by_key.get(&key(t))
            && let Some(&i) = cands.iter().find(|&&i| !used[i])
        {
            used[i] = true;
            matched[j] = Some(i);
        }
    }
    super::renumber::pair_renumbered(&old_tasks, &new_tasks, &mut used, &mut matched);
    let mut diff = ProjectDiff::default();
    for (j, t) in new_tasks.iter().enumerate() {
        match matched[j] {
            None => diff.added.push(entry(t)),
            Some(i) => {
                let mut changes = task_changes(Some(seen(&old_tasks[i])), Some(seen(t)));
                changes.splice(0..0, super::renumber::renumbering(&old_tasks[i], t));
                if !changes.is_empty() {
                    let e = entry(t);
                    diff.changed.push(ChangedTask {
                        id: e.id,
                        title: e.title,
                        file: e.file,
                        changes,
                    });
                }
            }
        }
    }
    for (i, t) in old_tasks.iter().enumerate() {
        if !used[i] {
            diff.removed.push(entry(t));
        }
    }
    diff
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// The task files as of a revision, read from git objects.
    Rev(String),
    /// The task files on disk.
    WorkTree,
}

impl Side {
    /// The revision as given, or `None` for the working tree.
    pub fn rev(&self) -> Option<&str> {
        match self {
            Side::Rev(r) => Some(r),
            Side::WorkTree => None,
        }
    }

    /// How the side is shown to people: the revision, or `working tree`.
    pub fn label(&self) -> &str {
        self.rev().unwrap_or("working tree")
    }
}

/// The project on one side: [`project_at`] for a revision, the files on disk (discovered from
/// `cwd`, as `todo list` would) for the working tree. The revision is resolved either way, so
/// an unknown one fails here rather than reading as an empty project.
pub fn load_side(repo: &Repo, cwd: &Path, side: &Side) -> Result<Project, HistoryError> {
    match side {
        Side::Rev(rev) => project_at(repo, cwd, rev),
        Side::WorkTree => Ok(Project::load(cwd, &[])?),
    }
}

/// The best common ancestor of `a` and `b` as a full hex ID (for `A...B`, as git reads it).
pub fn merge_base(repo: &Repo, a: &str, b: &str) -> Result<String, HistoryError> {
    Ok(repo.merge_base(a, b)?.to_string())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Config;
    use crate::project::LoadedFile;
    use crate::{Document, TaskFile};

    fn project(files: &[(&str, &str)]) -> Project {
        Project {
            root: PathBuf::from("/repo"),
            config_path: None,
            config: Config::default(),
            files: files
                .iter()
                .map(|(name, text)| LoadedFile {
                    display: name.to_string(),
                    file: TaskFile::parse(Document::from_string(*name, text.to_string())),
                    archive: *name == "TODOCOMPLETED.md",
                })
                .collect(),
        }
    }

    #[test]
    fn added_removed_moved_changed() {
        let a = project(&[(
            "TODO.md",
            "### T-1: One\nStatus: READY\nPriority: P2\n\n### T-2: Two\nStatus: READY\n\n\
             ### T-3: Three\nStatus: DONE\n",
        )]);
        let b = project(&[
            (
                "TODO.md",
                "### T-1: One\nStatus: IN-PROGRESS\nPriority: P1\n\n### T-4: Four\n\
                 Status: READY\n",
            ),
            ("TODOCOMPLETED.md", "### T-3: Three\nStatus: DONE\n"),
        ]);
        let d = diff_projects(&a, &b);
        assert_eq!(d.added.len(), 1);
        assert_eq!(d.added[0].id.as_deref(), Some("T-4"));
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed[0].id.as_deref(), Some("T-2"));
        let changed: Vec<(Option<&str>, Vec<String>)> = d
            .changed
            .iter()
            .map(|c| {
                (
                    c.id.as_deref(),
                    c.changes.iter().map(ToString::to_string).collect(),
                )
            })
            .collect();
        assert_eq!(
            changed,
            [
                (
                    Some("T-1"),
                    vec![
                        "status READY → IN-PROGRESS".to_string(),
                        "priority P2 → P1".to_string()
                    ]
                ),
                (
                    Some("T-3"),
                    vec!["moved TODO.md → TODOCOMPLETED.md".to_string()]
                ),
            ]
        );
        assert_eq!(d.moved(), 1);
        assert_eq!(d.summary(), "1 added, 1 removed, 2 changed (1 moved)");
        assert!(diff_projects(&b, &b).is_empty());
    }

    #[test]
    fn untitled_tasks_match_by_title_within_a_file() {
        let a = project(&[
            ("TODO.md", "- [ ] Buy milk\n- [ ] Call Bob\n"),
            ("BACKLOG.md", "- [ ] Buy milk\n"),
        ]);
        let b = project(&[
            ("TODO.md", "- [x] Buy milk\n- [ ] Call Bob\n"),
            ("BACKLOG.md", "- [ ] Call Bob\n"),
        ]);
        let d = diff_projects(&a, &b);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].file, "TODO.md");
        assert_eq!(d.changed[0].changes[0].field.as_deref(), Some("checkbox"));
        assert_eq!(d.added.len(), 1);
        assert_eq!(
            (d.added[0].title.as_str(), d.added[0].file.as_str()),
            ("Call Bob", "BACKLOG.md")
        );
        assert_eq!(d.removed.len(), 1);
        assert_eq!(d.removed[0].file, "BACKLOG.md");
    }

    #[test]
    fn duplicate_ids_pair_within_a_file_first() {
        let a = project(&[
            ("TODO.md", "### T-1: A\nStatus: READY\n"),
            ("BACKLOG.md", "### T-1: B\nStatus: READY\n"),
        ]);
        let b = project(&[
            ("TODO.md", "### T-1: A\nStatus: READY\n"),
            ("BACKLOG.md", "### T-1: B\nStatus: DONE\n"),
        ]);
        let d = diff_projects(&a, &b);
        assert!(d.added.is_empty() && d.removed.is_empty());
        assert_eq!(d.changed.len(), 1);
        assert_eq!(d.changed[0].file, "BACKLOG.md");
        assert_eq!(d.changed[0].changes.len(), 1);
    }
}
