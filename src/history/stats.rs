//! Numbers about a project: counts by state, priority, owner and section with checklist
//! completion ([`counts`], any [`Project`]), and per-task history from git ([`task_timelines`]):
//! when each ID first appeared, how long it spent in each state, and its lead time to done.
//!
//! The history comes from the git layer's walk, first parents from one tip, once. Each commit
//! is compared with the one before by a tree diff limited to the task files
//! ([`crate::git::TreeDiff`]), only the files it changed are looked at, each distinct blob is
//! parsed once (the walk's blob cache), and what is kept per commit is the tasks whose state,
//! title or presence changed ([`Transition`]): the cost grows with the number of task-file
//! changes, not with commits times tasks. This module must not read git objects itself.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use super::walk::TaskFiles;
use super::{HistoryError, config_for};
use crate::config::Config;
use crate::document::Document;
use crate::git::{BlobCache, Follow, Repo, TreeDiff};
use crate::model::{State, StateMap, priority_rank};
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
        tally(&mut c.by_owner, owned(t.owner()));
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

/// What became of one task in a version of the task files: its title and state from then
/// on, or `None` when it is gone. Only tasks whose title, state or presence changed have one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The ID.
    pub id: Rc<str>,
    /// The title and state now; `None` when no task file holds the ID any more.
    pub now: Option<(Rc<str>, State)>,
}

struct Acc {
    history: TaskTimeline,
    /// The state held and since when, while the task exists.
    current: Option<(State, i64)>,
}

/// Builds histories from versions, oldest first: (commit time, the transitions then). State
/// time is counted from one transition to the next, and up to `now` for the state at the
/// last version; a task that is gone accrues nothing until it returns. Results are in order
/// of creation.
pub fn timelines(
    versions: impl IntoIterator<Item = (i64, Vec<Transition>)>,
    now: i64,
) -> Vec<TaskTimeline> {
    let mut accs: Vec<Acc> = Vec::new();
    let mut index: HashMap<Rc<str>, usize> = HashMap::new();
    // Committer times can go backwards (clock skew, rebases); never count negative time.
    let close = |acc: &mut Acc, at: i64| {
        if let Some((state, since)) = acc.current.take() {
            acc.history.seconds_in_state[state as usize] += (at - since).max(0);
        }
    };
    for (time, changes) in versions {
        for change in changes {
            let Some((title, state)) = change.now else {
                if let Some(&i) = index.get(&change.id) {
                    close(&mut accs[i], time);
                }
                continue;
            };
            let i = *index.entry(change.id.clone()).or_insert_with(|| {
                accs.push(Acc {
                    history: TaskTimeline {
                        id: change.id.to_string(),
                        title: String::new(),
                        created: time,
                        done: None,
                        state: None,
                        seconds_in_state: [0; State::ALL.len()],
                    },
                    current: None,
                });
                accs.len() - 1
            });
            let acc = &mut accs[i];
            acc.history.title = title.to_string();
            if acc.current.is_none_or(|(s, _)| s != state) {
                close(acc, time);
                acc.current = Some((state, time));
            }
            // A reopened task is not done: `done` is the start of its last stretch in done.
            if state != State::Done {
                acc.history.done = None;
            } else if acc.history.done.is_none() {
                acc.history.done = Some(time);
            }
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
type BlobTasks = Rc<Vec<(Rc<str>, Rc<str>, State)>>;

/// The tasks with an ID in one blob: (id, title, state), a legacy `task-N` ID already spelled
/// as Backlog.md's `task_prefix` names it today.
fn parse_blob(bytes: &[u8], path: &str, config: &Config, states: &StateMap) -> BlobTasks {
    // An unreadable version (binary, UTF-16) counts as holding no tasks.
    let Ok(doc) = Document::from_bytes(path, bytes.to_vec()) else {
        return Rc::default();
    };
    let tasks = TaskFile::parse_with(doc, states)
        .tasks
        .iter()
        .filter_map(|t| {
            let id = t.id()?;
            let id = config.legacy_alias(id).unwrap_or_else(|| id.to_string());
            Some((id.into(), t.title.value.as_str().into(), t.state))
        })
        .collect();
    Rc::new(tasks)
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
    Ok(timelines(state_snapshots(repo, cwd, rev)?.versions, now))
}

/// The versions of the task files along the first-parent chain ending at `rev`: each commit
/// whose task files differ from the commit before, oldest first, with what changed then.
#[derive(Debug, Clone, Default)]
pub struct Snapshots {
    /// (committer time, the tasks whose title, state or presence changed then); archived
    /// tasks are `done`.
    pub versions: Vec<(i64, Vec<Transition>)>,
    /// Committer time of the tip, which may hold no change of its own.
    pub tip: Option<i64>,
}

/// Where a task occurs: a file and its place there.
struct Occurrence {
    path: Rc<str>,
    place: usize,
    title: Rc<str>,
    state: State,
}

/// The tasks of one version of the task files, kept up to date change by change: only the
/// files a commit changed are looked at.
#[derive(Default)]
struct Tracker {
    /// The tasks of each task file now.
    files: HashMap<Rc<str>, BlobTasks>,
    /// Where each ID occurs, in (path, place) order: the first occurrence speaks for it.
    ids: HashMap<Rc<str>, Vec<Occurrence>>,
    /// The title and state last reported per ID.
    reported: HashMap<Rc<str>, (Rc<str>, State)>,
}

impl Tracker {
    /// Applies one file's change (its new tasks, `None` when gone); the IDs it touched are
    /// appended to `touched`.
    fn apply(
        &mut self,
        path: &Rc<str>,
        new: Option<(BlobTasks, bool)>,
        touched: &mut Vec<Rc<str>>,
    ) {
        if let Some(old) = self.files.remove(path) {
            for (id, _, _) in old.iter() {
                if let Some(occ) = self.ids.get_mut(id) {
                    occ.retain(|o| o.path != *path);
                }
                touched.push(id.clone());
            }
        }
        let Some((tasks, archive)) = new else {
            return;
        };
        for (place, (id, title, state)) in tasks.iter().enumerate() {
            let occ = self.ids.entry(id.clone()).or_default();
            let at = occ.partition_point(|o| (&*o.path, o.place) < (&**path, place));
            occ.insert(
                at,
                Occurrence {
                    path: path.clone(),
                    place,
                    title: title.clone(),
                    state: if archive { State::Done } else { *state },
                },
            );
            touched.push(id.clone());
        }
        self.files.insert(path.clone(), tasks);
    }

    /// The transitions of the touched IDs whose reported title, state or presence changed,
    /// in order of first touch.
    fn transitions(&mut self, touched: Vec<Rc<str>>) -> Vec<Transition> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for id in touched {
            if !seen.insert(id.clone()) {
                continue;
            }
            let now = self
                .ids
                .get(&id)
                .and_then(|occ| occ.first())
                .map(|o| (o.title.clone(), o.state));
            let before = match &now {
                Some(v) => self.reported.insert(id.clone(), v.clone()),
                None => self.reported.remove(&id),
            };
            if before != now {
                out.push(Transition { id, now });
            }
        }
        out
    }
}

/// Every version of the task files along the first-parent chain ending at `rev`, as
/// [`task_timelines`] reads them (the same walk, shared by the charts of `todo stats`). Each
/// commit is compared with the one before by a tree diff limited to the task files, and only
/// the blobs it changed are parsed (each distinct blob once).
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
    let mut diff = TreeDiff::new(repo, TaskFiles::new(&config));
    let mut blobs: BlobCache<BlobTasks> = BlobCache::default();
    let mut tracker = Tracker::default();
    let mut versions = Vec::new();
    let mut last = None;
    for (tree, time) in chain.into_iter().rev() {
        let changes = diff.changes(last, Some(tree))?;
        last = Some(tree);
        if changes.is_empty() {
            continue;
        }
        let mut touched = Vec::new();
        for change in changes {
            let new = change.new.map(|blob| {
                blobs
                    .get(repo, blob, |bytes| {
                        parse_blob(bytes, &change.path, &config, &states)
                    })
                    .unwrap_or_default()
            });
            let archive = change.class == TaskFiles::ARCHIVE;
            tracker.apply(&change.path, new.map(|t| (t, archive)), &mut touched);
        }
        versions.push((time, tracker.transitions(touched)));
    }
    Ok(Snapshots { versions, tip })
}

/// The transitions between whole snapshots (each the tasks of one version, in file order):
/// what [`state_snapshots`] records, for tests written as snapshots.
#[cfg(test)]
pub(crate) fn transitions_of(
    snapshots: impl IntoIterator<Item = (i64, Vec<SeenState>)>,
) -> Vec<(i64, Vec<Transition>)> {
    type Reported = Vec<(Rc<str>, (Rc<str>, State))>;
    let mut reported: Reported = Vec::new();
    let mut out = Vec::new();
    for (time, tasks) in snapshots {
        let mut now: Reported = Vec::new();
        for t in tasks {
            if !now.iter().any(|(id, _)| **id == *t.id) {
                now.push((t.id.as_str().into(), (t.title.as_str().into(), t.state)));
            }
        }
        let mut changes = Vec::new();
        for (id, v) in &now {
            if reported.iter().find(|(r, _)| r == id).map(|(_, w)| w) != Some(v) {
                changes.push(Transition {
                    id: id.clone(),
                    now: Some(v.clone()),
                });
            }
        }
        for (id, _) in &reported {
            if !now.iter().any(|(n, _)| n == id) {
                changes.push(Transition {
                    id: id.clone(),
                    now: None,
                });
            }
        }
        reported = now;
        out.push((time, changes));
    }
    out
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
            transitions_of([
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
            ]),
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
            transitions_of([
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
            ]),
            5 * d,
        );
        assert_eq!(h[0].done, Some(4 * d));
        assert_eq!(h[0].lead_time_days(), Some(4.0));
        assert_eq!(h[1].done, None);
    }
}
