//! A task whose ID alone changed between two versions, as a merge that renumbered a
//! colliding new ID leaves it: one task with a new ID, not one removed and one added.
//!
//! A task of the new side whose ID the old side does not have is paired with an unpaired task
//! of the old side that has an ID, the same kind and the same title, in the same file.

use super::HistoryError;
use super::change::TaskChange;
use super::walk::{TaskHistory, WalkOptions, task_history};
use crate::config::Config;
use crate::git::Repo;
use crate::model::ChangeKind;
use crate::project::TaskRef;

/// How many renumberings one task's history is followed through.
const MAX_HOPS: usize = 8;

/// Follows task `id`'s history back through the merges that renumbered it. When the oldest
/// step creates the task in a merge commit, and another parent of that merge holds a task of
/// the same kind and title under another ID (the merge driver renumbers a new ID both sides
/// added, keeping the task's title), that task's history is appended and the creation
/// becomes a renumbering (`old` is the task under its former ID).
pub fn follow_renumbering(
    repo: &Repo,
    config: &Config,
    history: &mut TaskHistory,
    opts: WalkOptions,
) -> Result<(), HistoryError> {
    for _ in 0..MAX_HOPS {
        let Some(last) = history.steps.last() else {
            return Ok(());
        };
        let Some(new) = last
            .new
            .as_ref()
            .filter(|_| last.old.is_none() && !last.boundary)
        else {
            return Ok(());
        };
        let parents = repo.parent_ids(last.commit.id)?;
        let mut former = None;
        for p in parents.iter().skip(1) {
            let project = super::project_at(repo, repo.workdir(), &p.to_string())?;
            former = project.tasks().find_map(|t| {
                let same =
                    t.task.style == new.task.style && t.task.title.value == new.task.title.value;
                let other = t.task.id().filter(|i| Some(*i) != new.task.id())?;
                same.then(|| (*p, other.to_string()))
            });
            if former.is_some() {
                break;
            }
        }
        let Some((parent, old_id)) = former else {
            return Ok(());
        };
        let before = task_history(repo, config, parent, &old_id, opts)?;
        let Some(head) = before.head else {
            return Ok(());
        };
        let last = history.steps.last_mut().expect("checked above");
        last.old = Some(head);
        last.renumbered = true;
        history.commits += before.commits;
        history.shallow = history.shallow.or(before.shallow);
        history.steps.extend(before.steps);
    }
    Ok(())
}

fn same_task(o: &TaskRef<'_>, t: &TaskRef<'_>) -> bool {
    o.task.style == t.task.style
        && o.task.title.value == t.task.title.value
        && o.file.display == t.file.display
}

/// Pairs renumbered tasks that the ID match left unpaired (`used`: old tasks already paired;
/// `matched`: each new task's old partner). When both sides of a merge added one ID, the ID
/// match pairs ours' task with theirs' old one; theirs' task, under its new ID and with its
/// title, takes its old version back, and ours' is an addition.
pub(super) fn pair_renumbered(
    old: &[TaskRef<'_>],
    new: &[TaskRef<'_>],
    used: &mut [bool],
    matched: &mut [Option<usize>],
) {
    let old_ids: std::collections::HashSet<&str> = old.iter().filter_map(|o| o.task.id()).collect();
    for (k, t) in new.iter().enumerate() {
        if matched[k].is_some() || t.task.id().is_none_or(|id| old_ids.contains(id)) {
            continue;
        }
        let taken = (0..new.len()).find(|&j| {
            matched[j].is_some_and(|i| same_task(&old[i], t) && !same_task(&old[i], &new[j]))
        });
        if let Some(j) = taken {
            matched[k] = matched[j].take();
        }
    }
    for (j, t) in new.iter().enumerate() {
        if matched[j].is_some() || t.task.id().is_none() {
            continue;
        }
        let partner = old
            .iter()
            .enumerate()
            .position(|(i, o)| !used[i] && o.task.id().is_some() && same_task(o, t));
        if let Some(i) = partner {
            used[i] = true;
            matched[j] = Some(i);
        }
    }
}

/// The `renumbered` change between two paired versions of a task, when their IDs differ.
pub(super) fn renumbering(old: &TaskRef<'_>, new: &TaskRef<'_>) -> Option<TaskChange> {
    renumbered(old.task, new.task)
}

/// The `renumbered` change between two versions of a task, when their IDs differ.
pub(super) fn renumbered(old: &crate::model::Task, new: &crate::model::Task) -> Option<TaskChange> {
    let (a, b) = (old.id()?, new.id()?);
    (a != b).then(|| TaskChange {
        kind: ChangeKind::Renumbered,
        field: Some("id".to_string()),
        old: Some(a.to_string()),
        new: Some(b.to_string()),
        detail: None,
    })
}

#[cfg(test)]
mod tests {
    use crate::history::diff::diff_projects;
    use crate::project::{LoadedFile, Project};
    use crate::{Document, TaskFile};

    fn project(text: &str) -> Project {
        Project {
            root: "/nonexistent".into(),
            config_path: None,
            config: Default::default(),
            files: vec![LoadedFile {
                display: "TODO.md".into(),
                file: TaskFile::parse(Document::from_string("/nonexistent/TODO.md", text.into())),
                archive: false,
            }],
        }
    }

    #[test]
    fn a_new_id_on_the_same_task_is_a_renumbering() {
        let old = project("### T-1: a\n\n### T-2: Export\nStatus: TODO\n");
        let new = project("### T-1: a\n\n### T-3: Export\nStatus: READY\n");
        let d = diff_projects(&old, &new);
        assert!(d.added.is_empty() && d.removed.is_empty(), "{d:?}");
        assert_eq!(d.changed.len(), 1);
        let shown: Vec<String> = d.changed[0].changes.iter().map(|c| c.to_string()).collect();
        assert_eq!(shown[0], "renumbered T-2 → T-3");
        assert!(shown.iter().any(|s| s.contains("READY")), "{shown:?}");
    }

    #[test]
    fn the_task_that_took_the_old_id_is_an_addition() {
        // Theirs had T-2 "Cache"; after the merge ours' "Export" is T-2 and "Cache" is T-3.
        let old = project("### T-1: a\n\n### T-2: Cache\n");
        let new = project("### T-1: a\n\n### T-2: Export\n\n### T-3: Cache\n");
        let d = diff_projects(&old, &new);
        assert_eq!(d.added.len(), 1, "{d:?}");
        assert_eq!(d.added[0].title, "Export");
        assert!(d.removed.is_empty());
        assert_eq!(d.changed[0].changes[0].to_string(), "renumbered T-2 → T-3");
    }

    #[test]
    fn another_title_is_an_addition_and_a_removal() {
        let d = diff_projects(&project("### T-2: Export\n"), &project("### T-3: Import\n"));
        assert_eq!((d.added.len(), d.removed.len()), (1, 1));
    }
}
