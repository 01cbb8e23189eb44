//! Numbers about a project: counts by state, priority, owner and section with checklist
//! completion ([`counts`], any [`Project`]), and per-task history from git ([`task_timelines`]):
//! when each ID first appeared, how long it spent in each state, and its lead time to done.
//!
//! The history comes from the git layer's walk, first parents from one tip, once. A commit
//! whose task-file blobs are those of the commit before it is skipped, and each distinct blob
//! is parsed once (the walk's blob cache), so the cost grows with the number of task-file
//! versions, not of commits. Subtrees are listed once per tree ID (the walk's tree cache) for
//! the same reason. This module must not read git objects itself.

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;

use super::walk::TaskFiles;
use super::{HistoryError, config_for};
use crate::document::Document;
use crate::git::{BlobCache, Follow, Repo, TreeCache, TreeFiles};
use crate::model::{FieldKey, State, StateMap, priority_rank};
use crate::parse::TaskFile;
use crate::project::Project;

/// Checklist completion over all tasks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checklist {
    /// Ticked items.
    pub items_done: usize,
    /// All items.
    pub items_total: usize,
    /// Tasks with at least one item.
    pub tasks_with_items: usize,
    /// Tasks with items, all of them ticked.
    pub tasks_complete: usize,
}

/// Task counts of a project. `None` keys stand for "not set" (no priority, owner or section).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Every task, the archive file's included.
    pub total: usize,
    /// Tasks in the archive file.
    pub archived: usize,
    /// All four states in workflow order, zeros included.
    pub by_state: Vec<(State, usize)>,
    /// Priority as written, highest first (by [`priority_rank`]), unset last.
    pub by_priority: Vec<(Option<String>, usize)>,
    /// Owner as written, most tasks first, unset last.
    pub by_owner: Vec<(Option<String>, usize)>,
    /// Section path joined with ` / `, in order of first appearance.
    pub by_section: Vec<(Option<String>, usize)>,
    /// Checklist completion.
    pub checklist: Checklist,
}

fn tally(list: &mut Vec<(Option<String>, usize)>, key: Option<String>) {
    match list.iter_mut().find(|(k, _)| *k == key) {
        Some((_, n)) => *n += 1,
        None => list.push((key, 1)),
    }
}

/// Counts the project's tasks.
pub fn counts(project: &Project) -> Counts {
    let mut c = Counts {
        by_state: State::ALL.iter().map(|s| (*s, 0)).collect(),
        ..Counts::default()
    };
    for t in project.tasks() {
        let task = t.task;
        c.total += 1;
        c.archived += usize::from(t.file.archive);
        c.by_state[task.state as usize].1 += 1;
        let owned = |s: Option<&str>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        tally(&mut c.by_priority, owned(task.priority()));
        tally(&mut c.by_owner, owned(task.value(FieldKey::Owner)));
        let section = t.section().join(" / ");
        tally(&mut c.by_section, (!section.is_empty()).then_some(section));
        let (done, total) = task.progress();
        c.checklist.items_done += done;
        c.checklist.items_total += total;
        if total > 0 {
            c.checklist.tasks_with_items += 1;
            c.checklist.tasks_complete += usize::from(done == total);
        }
    }
    c.by_priority
        .sort_by_cached_key(|(k, _)| (k.is_none(), priority_rank(k.as_deref()), k.clone()));
    c.by_owner
        .sort_by(|(ka, na), (kb, nb)| (ka.is_none(), nb, ka).cmp(&(kb.is_none(), na, kb)));
    c
}

/// One task's history along the walked commits.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskTimeline {
    /// The ID.
    pub id: String,
    /// The latest title seen.
    pub title: String,
    /// Commit time (seconds since the epoch) of the first commit holding the ID.
    pub created: i64,
    /// Commit time of the first commit of the task's last stretch in done (or in the archive
    /// file); `None` when it is not done at its last sighting, so a reopened task is not done.
    pub done: Option<i64>,
    /// The state at the tip, `None` when the task is gone by then.
    pub state: Option<State>,
    /// Seconds spent in each state, indexed by `State as usize`.
    pub seconds_in_state: [i64; State::ALL.len()],
}

const DAY: f64 = 86_400.0;

impl TaskTimeline {
    /// Days from created to done.
    pub fn lead_time_days(&self) -> Option<f64> {
        self.done.map(|d| (d - self.created).max(0) as f64 / DAY)
    }

    /// Days spent in `state`.
    pub fn days_in(&self, state: State) -> f64 {
        self.seconds_in_state[state as usize] as f64 / DAY
    }
}

/// A task as one commit has it. The state is already `done` for tasks in the archive file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenState {
    /// The ID.
    pub id: String,
    /// The title.
    pub title: String,
    /// The state.
    pub state: State,
}

struct Acc {
    history: TaskTimeline,
    /// The state held and since when, while the task exists.
    current: Option<(State, i64)>,
}

/// Builds histories from snapshots, oldest first: (commit time, the tasks then). State time is
/// counted from one snapshot to the next that differs, and up to `now` for the state at the
/// last snapshot; a task absent from a snapshot accrues nothing until it returns. Results are
/// in order of creation.
pub fn timelines(
    snapshots: impl IntoIterator<Item = (i64, Vec<SeenState>)>,
    now: i64,
) -> Vec<TaskTimeline> {
    let mut accs: Vec<Acc> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    // Committer times can go backwards (clock skew, rebases); never count negative time.
    let close = |acc: &mut Acc, at: i64| {
        if let Some((state, since)) = acc.current.take() {
            acc.history.seconds_in_state[state as usize] += (at - since).max(0);
        }
    };
    for (time, tasks) in snapshots {
        let mut present = vec![false; accs.len()];
        for seen in tasks {
            // Looked up before inserting: a known ID, the usual case, costs no allocation.
            let known = index.get(&seen.id).copied();
            let i = known.unwrap_or_else(|| {
                index.insert(seen.id.clone(), accs.len());
                accs.push(Acc {
                    history: TaskTimeline {
                        id: seen.id.clone(),
                        title: String::new(),
                        created: time,
                        done: None,
                        state: None,
                        seconds_in_state: [0; State::ALL.len()],
                    },
                    current: None,
                });
                present.push(false);
                accs.len() - 1
            });
            if std::mem::replace(&mut present[i], true) {
                continue; // a duplicate ID: the first occurrence speaks for it
            }
            let acc = &mut accs[i];
            acc.history.title = seen.title;
            if acc.current.is_none_or(|(s, _)| s != seen.state) {
                close(acc, time);
                acc.current = Some((seen.state, time));
            }
            // A reopened task is not done: `done` is the start of its last stretch in done.
            if seen.state != State::Done {
                acc.history.done = None;
            } else if acc.history.done.is_none() {
                acc.history.done = Some(time);
            }
        }
        for (acc, _) in accs.iter_mut().zip(&present).filter(|(_, p)| !**p) {
            close(acc, time);
        }
    }
    accs.into_iter()
        .map(|mut acc| {
            acc.history.state = acc.current.map(|(s, _)| s);
            close(&mut acc, now);
            acc.history
        })
        .collect()
}

/// The tasks with an ID in one blob: (id, title, state as written).
type BlobTasks = Rc<Vec<(String, String, State)>>;

/// The tasks with an ID in one blob: (id, title, state).
fn parse_blob(bytes: &[u8], path: &str, states: &StateMap) -> Vec<(String, String, State)> {
    // An unreadable version (binary, UTF-16) counts as holding no tasks.
    let Ok(doc) = Document::from_bytes(path, bytes.to_vec()) else {
        return Vec::new();
    };
    TaskFile::parse_with(doc, states)
        .tasks
        .iter()
        .filter_map(|t| Some((t.id()?.to_string(), t.title.value.clone(), t.state)))
        .collect()
}

/// Per-task history of the first-parent chain ending at `rev`, with the task files chosen by
/// the config in effect in `cwd` (as [`super::project_at`] chooses them). The state at the tip
/// runs until `now` (seconds since the epoch). Tasks without an ID are not tracked; a walk
/// through a shallow clone stops where the history does.
pub fn task_timelines(
    repo: &Repo,
    cwd: &Path,
    rev: &str,
    now: i64,
) -> Result<Vec<TaskTimeline>, HistoryError> {
    Ok(timelines(state_snapshots(repo, cwd, rev)?.snapshots, now))
}

/// The tasks with an ID at each commit of the first-parent chain ending at `rev` whose task
/// files differ from the commit before, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Snapshots {
    /// (committer time, the tasks then); archived tasks are `done`.
    pub snapshots: Vec<(i64, Vec<SeenState>)>,
    /// Committer time of the tip, which may hold no change of its own.
    pub tip: Option<i64>,
}

/// Every version of the task files along the first-parent chain ending at `rev`, as
/// [`task_timelines`] reads them (the same walk, shared by the charts of `todo stats`).
pub fn state_snapshots(repo: &Repo, cwd: &Path, rev: &str) -> Result<Snapshots, HistoryError> {
    let config = config_for(repo, cwd)?;
    let states = config.state_map();
    // The chain, newest first: (tree, committer time).
    let mut chain = Vec::new();
    for visit in repo.walk(repo.resolve(rev)?, Follow::FirstParent)? {
        let visit = visit?;
        chain.push((visit.commit().tree, visit.commit_time()));
    }
    let tip = chain.first().map(|(_, time)| *time);
    let mut trees = TreeCache::new(TaskFiles::new(&config));
    let mut blobs: BlobCache<BlobTasks> = BlobCache::default();
    let mut snapshots = Vec::new();
    let mut last: Option<TreeFiles> = None;
    for (tree, time) in chain.into_iter().rev() {
        let files = trees.files(repo, tree)?;
        if last.as_ref().is_some_and(|l| **l == *files) {
            continue;
        }
        let mut tasks = Vec::new();
        for file in files.iter() {
            let archive = file.class == TaskFiles::ARCHIVE;
            let parsed = blobs
                .get(repo, file.blob, |bytes| {
                    Rc::new(parse_blob(bytes, &file.path, &states))
                })
                .unwrap_or_default();
            // A legacy `task-N` ID is the task Backlog.md's `task_prefix` names today.
            tasks.extend(parsed.iter().map(|(id, title, state)| SeenState {
                id: config.legacy_alias(id).unwrap_or_else(|| id.clone()),
                title: title.clone(),
                state: if archive { State::Done } else { *state },
            }));
        }
        snapshots.push((time, tasks));
        last = Some(files);
    }
    Ok(Snapshots { snapshots, tip })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Config;
    use crate::project::LoadedFile;

    fn seen(id: &str, state: State) -> SeenState {
        SeenState {
            id: id.into(),
            title: format!("Task {id}"),
            state,
        }
    }

    #[test]
    fn counts_by_state_priority_owner_section() {
        let text = "## A\n\n### T-1: One\nStatus: READY\nPriority: P1\nOwner: ana\n- [x] a\n- [x] b\n\n\
                    ### T-2: Two\nStatus: DONE\nPriority: P0\nOwner: ana\n- [ ] c\n\n\
                    ## B\n\n### T-3: Three\nStatus: BLOCKED\n";
        let project = Project {
            root: PathBuf::from("/r"),
            config_path: None,
            config: Config::default(),
            files: vec![LoadedFile {
                display: "TODO.md".into(),
                file: TaskFile::parse(Document::from_string("TODO.md", text.to_string())),
                archive: false,
            }],
        };
        let c = counts(&project);
        assert_eq!(c.total, 3);
        assert_eq!(
            c.by_state,
            [
                (State::Todo, 1),
                (State::InProgress, 0),
                (State::Blocked, 1),
                (State::Done, 1),
                (State::Cancelled, 0)
            ]
        );
        let some = |s: &str| Some(s.to_string());
        assert_eq!(c.by_priority, [(some("P0"), 1), (some("P1"), 1), (None, 1)]);
        assert_eq!(c.by_owner, [(some("ana"), 2), (None, 1)]);
        assert_eq!(c.by_section, [(some("A"), 2), (some("B"), 1)]);
        assert_eq!(
            c.checklist,
            Checklist {
                items_done: 2,
                items_total: 3,
                tasks_with_items: 2,
                tasks_complete: 1
            }
        );
    }

    #[test]
    fn timelines_count_state_time_and_lead_time() {
        let d = 86_400;
        let h = timelines(
            [
                (0, vec![seen("T-1", State::Todo)]),
                (
                    2 * d,
                    vec![seen("T-1", State::InProgress), seen("T-2", State::Todo)],
                ),
                (5 * d, vec![seen("T-1", State::Done)]),
                (
                    6 * d,
                    vec![seen("T-1", State::Done), seen("T-2", State::Blocked)],
                ),
            ],
            10 * d,
        );
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].created, 0);
        assert_eq!(h[0].done, Some(5 * d));
        assert_eq!(h[0].lead_time_days(), Some(5.0));
        assert_eq!(h[0].seconds_in_state, [2 * d, 3 * d, 0, 5 * d, 0]);
        assert_eq!(h[0].state, Some(State::Done));
        // T-2 is absent from day 5 to day 6: that day counts for nothing.
        assert_eq!(h[1].seconds_in_state, [3 * d, 0, 4 * d, 0, 0]);
        assert_eq!(h[1].lead_time_days(), None);
    }

    #[test]
    fn a_reopened_task_is_not_done_and_its_lead_time_runs_to_its_last_done() {
        let d = 86_400;
        let h = timelines(
            [
                (0, vec![seen("T-1", State::Todo), seen("T-2", State::Todo)]),
                (d, vec![seen("T-1", State::Done), seen("T-2", State::Done)]),
                (
                    2 * d,
                    vec![seen("T-1", State::Todo), seen("T-2", State::Todo)],
                ),
                (
                    4 * d,
                    vec![seen("T-1", State::Done), seen("T-2", State::Todo)],
                ),
            ],
            5 * d,
        );
        assert_eq!(h[0].done, Some(4 * d));
        assert_eq!(h[0].lead_time_days(), Some(4.0));
        assert_eq!(h[1].done, None);
    }
}
