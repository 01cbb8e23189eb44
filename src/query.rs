//! Task queries over a loaded project: the filters and sort orders of `todo list`, the ready
//! tasks of `todo ready` and `todo next`, what a task waits for, and finding the task an ID or
//! a `FILE:LINE` names.
//!
//! Queries only read a [`Project`] that is already loaded: they never load files, query git or
//! render. Their results are [`TaskRef`]s for the renderers of `output::tasks`.

use std::collections::HashMap;

use crate::model::{FieldKey, State, priority_rank};
use crate::project::{Project, TaskIndex, TaskRef};

/// What `todo list` keeps: every non-empty list must match (case-insensitively); within a
/// list any entry may.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Statuses as written.
    pub status: Vec<String>,
    /// State categories.
    pub states: Vec<State>,
    /// Priorities as written.
    pub priority: Vec<String>,
    /// Owners.
    pub owner: Vec<String>,
    /// Types.
    pub kind: Vec<String>,
    /// Text the ` / `-joined section path contains.
    pub section: Vec<String>,
    /// Text the title contains.
    pub grep: Vec<String>,
    /// Only tasks that wait on something ([`waits_for`]).
    pub blocked: bool,
    /// `#tag` names (without `#`), any of which the task has.
    pub tags: Vec<String>,
    /// `@person` names (without `@`), any of whom the title mentions.
    pub mentions: Vec<String>,
    /// Only tasks due before this `YYYY-MM-DD` date.
    pub due_before: Option<String>,
    /// Only open tasks due before this date (today, for `--overdue`).
    pub overdue_on: Option<String>,
}

impl TaskFilter {
    /// `tasks` narrowed to those whose title tokens pass (`ready` and `next` take `--tag`
    /// and `--mention` too).
    pub fn narrow<'p>(&self, mut tasks: Vec<TaskRef<'p>>) -> Vec<TaskRef<'p>> {
        tasks.retain(|t| self.tokens_pass(t));
        tasks
    }

    /// True when `t` passes the filters on its title tokens.
    fn tokens_pass(&self, t: &TaskRef<'_>) -> bool {
        if self.tags.is_empty()
            && self.mentions.is_empty()
            && self.due_before.is_none()
            && self.overdue_on.is_none()
        {
            return true;
        }
        let tokens = t.task.tokens();
        let named = |wanted: &[String], have: &[&str], sigil: char| {
            wanted.is_empty()
                || wanted.iter().any(|w| {
                    let w = w.trim().trim_start_matches(sigil);
                    have.iter().any(|h| h.eq_ignore_ascii_case(w))
                })
        };
        let before = |date: &Option<String>| {
            date.as_deref()
                .is_none_or(|d| tokens.due.is_some_and(|due| due < d.trim()))
        };
        named(&self.tags, &tokens.tags, '#')
            && named(&self.mentions, &tokens.mentions, '@')
            && before(&self.due_before)
            && before(&self.overdue_on)
            && (self.overdue_on.is_none() || !t.task.state.is_closed())
    }
}

/// The order of `todo list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// File order.
    #[default]
    File,
    /// Task ID, numbers compared as numbers.
    Id,
    /// Priority, highest first.
    Priority,
    /// State, then status text.
    Status,
}

/// The tasks `todo list` shows, and (for a `blocked` filter) what each waits for.
#[derive(Debug)]
pub struct Listed<'p> {
    /// The tasks, filtered and sorted.
    pub tasks: Vec<TaskRef<'p>>,
    /// With a `blocked` filter, `waits[i]` is what `tasks[i]` waits for; else empty.
    pub waits: Vec<Vec<String>>,
}

fn any_eq(wanted: &[String], value: Option<&str>) -> bool {
    wanted.is_empty()
        || value.is_some_and(|v| {
            wanted
                .iter()
                .any(|w| w.trim().eq_ignore_ascii_case(v.trim()))
        })
}

fn any_contains(wanted: &[String], value: &str) -> bool {
    let v = value.to_lowercase();
    wanted.is_empty() || wanted.iter().any(|w| v.contains(&w.to_lowercase()))
}

/// The tasks of `project` that pass `filter`, in `sort` order.
pub fn list<'p>(project: &'p Project, filter: &TaskFilter, sort: SortKey) -> Listed<'p> {
    let index = if filter.blocked {
        project.index()
    } else {
        TaskIndex::default()
    };
    let mut tasks: Vec<TaskRef<'p>> = project
        .tasks()
        .filter(|t| {
            let task = t.task;
            any_eq(&filter.status, task.status())
                && (filter.states.is_empty() || filter.states.contains(&task.state))
                && any_eq(&filter.priority, t.priority_text().as_deref())
                && any_eq(&filter.owner, t.owner())
                && any_eq(&filter.kind, task.value(FieldKey::Type))
                && (filter.section.is_empty()
                    || any_contains(&filter.section, &t.section().join(" / ")))
                && any_contains(&filter.grep, &task.title.value)
                && filter.tokens_pass(t)
                && (!filter.blocked || !waits_for(t, &index).is_empty())
        })
        .collect();
    sort_tasks(&mut tasks, sort);
    let waits = if filter.blocked {
        tasks.iter().map(|t| waits_for(t, &index)).collect()
    } else {
        Vec::new()
    };
    Listed { tasks, waits }
}

/// What a task waits for: its blocker, and each dependency that is not done or archived.
pub fn waits_for(t: &TaskRef<'_>, index: &TaskIndex<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if t.task.state.is_closed() {
        return out;
    }
    if let Some(b) = t.blocker() {
        out.push(b);
    }
    for d in &t.task.dependencies {
        let named = t.task.blocker_refs.iter().any(|b| b.value == d.value);
        if !named && !Project::is_satisfied(index, &d.value) {
            let known = index.contains_key(d.value.as_str());
            out.push(if known {
                d.value.clone()
            } else {
                format!("{} (not found)", d.value)
            });
        }
    }
    if out.is_empty() && t.task.state == State::Blocked {
        out.push("(no blocker given)".to_string());
    }
    out
}

/// Natural order for IDs: `T-9` before `T-10`.
fn id_key(id: Option<&str>) -> (bool, Vec<(String, u64)>) {
    let Some(id) = id else {
        return (true, Vec::new());
    };
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut num = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            if !num.is_empty() {
                parts.push((std::mem::take(&mut text), num.parse().unwrap_or(u64::MAX)));
                num.clear();
            }
            text.push(c);
        }
    }
    parts.push((text, num.parse().unwrap_or(0)));
    (false, parts)
}

fn sort_tasks(tasks: &mut [TaskRef<'_>], key: SortKey) {
    match key {
        SortKey::File => {}
        SortKey::Id => tasks.sort_by_cached_key(|t| id_key(t.task.id())),
        SortKey::Priority => {
            tasks.sort_by_cached_key(|t| priority_rank(t.priority_text().as_deref()))
        }
        SortKey::Status => {
            tasks.sort_by_key(|t| (t.task.state, t.task.status().map(str::to_uppercase)))
        }
    }
}

/// The tasks someone can start now, highest priority first, then file order: state todo, no
/// blocker, no open predecessor (every dependency, in a field or in the title's prose, closed
/// or archived; no open task of an earlier spec-kit phase), outside the archive file;
/// narrowed to the given priorities and owners when those are not empty.
pub fn ready<'p>(project: &'p Project, priority: &[String], owner: &[String]) -> Vec<TaskRef<'p>> {
    let index = project.index();
    let phases = open_phases(project);
    let mut tasks: Vec<TaskRef<'p>> = project
        .tasks()
        .filter(|t| {
            startable(t)
                && t.task
                    .dependencies
                    .iter()
                    .all(|d| Project::is_satisfied(&index, &d.value))
                && !phases.held(t)
                && any_eq(priority, t.priority_text().as_deref())
                && any_eq(owner, t.owner())
        })
        .collect();
    tasks.sort_by_cached_key(|t| priority_rank(t.priority_text().as_deref()));
    tasks
}

/// A task that can be started once nothing comes before it: state todo, no blocker, outside
/// the archive.
fn startable(t: &TaskRef<'_>) -> bool {
    !t.file.archive && t.task.state == State::Todo && t.blocker().is_none()
}

/// Per file, the lowest spec-kit phase that still has an open task.
struct OpenPhases(Vec<Option<u32>>);

impl OpenPhases {
    /// True when `t` is in a later phase than an open task of its file.
    fn held(&self, t: &TaskRef<'_>) -> bool {
        let lowest = self.0.get(t.file_index).copied().flatten();
        phase(t).zip(lowest).is_some_and(|(p, low)| p > low)
    }
}

fn phase(t: &TaskRef<'_>) -> Option<u32> {
    crate::parse::style::phase_of(&t.file.file, t.task)
}

fn open_phases(project: &Project) -> OpenPhases {
    OpenPhases(
        project
            .files
            .iter()
            .map(|f| {
                f.file
                    .tasks
                    .iter()
                    .filter(|t| !f.archive && !t.state.is_closed())
                    .filter_map(|t| crate::parse::style::phase_of(&f.file, t))
                    .min()
            })
            .collect(),
    )
}

/// `todo ready --waves`: the open tasks in the order they can be done (Kahn's layers). The
/// first wave is exactly what [`ready`] offers; each later wave holds the tasks whose every
/// predecessor (dependency, earlier spec-kit phase) is closed, in progress, or in an earlier
/// wave. Tasks of one wave do not wait on each other; those marked `[P]` can run side by side.
#[derive(Debug)]
pub struct Waves<'p> {
    /// The waves, each highest priority first, then file order.
    pub waves: Vec<Vec<TaskRef<'p>>>,
    /// Open tasks no wave reaches: blocked, or behind a blocked, unknown or circular
    /// predecessor.
    pub stuck: Vec<TaskRef<'p>>,
}

/// The ready tasks in waves (see [`Waves`]), narrowed like [`ready`].
pub fn waves<'p>(project: &'p Project, priority: &[String], owner: &[String]) -> Waves<'p> {
    let index = project.index();
    let open: Vec<TaskRef<'p>> = project
        .tasks()
        .filter(|t| !t.file.archive && !t.task.state.is_closed())
        .collect();
    let key = |t: &TaskRef<'_>| (t.file_index, t.task.span.start);
    let phases: Vec<Option<u32>> = open.iter().map(phase).collect();
    // Predecessors of each open task, as indexes into `open`; `None` when one is unknown.
    let preds: Vec<Option<Vec<usize>>> = open
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let mut out = Vec::new();
            for d in &t.task.dependencies {
                if Project::is_satisfied(&index, &d.value) {
                    continue;
                }
                let found = index.lookup(d.value.as_str())?;
                for f in found {
                    out.extend(open.iter().position(|o| key(o) == key(f)));
                }
            }
            if let Some(p) = phases[ti] {
                out.extend(open.iter().enumerate().filter_map(|(i, o)| {
                    (o.file_index == t.file_index && phases[i].is_some_and(|q| q < p)).then_some(i)
                }));
            }
            Some(out)
        })
        .collect();
    // Closed within the plan: placed in a wave, or being worked on (done before the next).
    let mut placed: Vec<Option<usize>> = open
        .iter()
        .map(|t| (t.task.state == State::InProgress).then_some(0))
        .collect();
    let mut waves: Vec<Vec<TaskRef<'p>>> = Vec::new();
    loop {
        let wave = waves.len() + 1;
        let next: Vec<usize> = (0..open.len())
            .filter(|&i| placed[i].is_none() && startable(&open[i]))
            .filter(|&i| {
                preds[i].as_ref().is_some_and(|ps| {
                    ps.iter().all(|&p| {
                        // In the first wave only closed work counts as done.
                        placed[p].is_some_and(|w| w < wave && (wave > 1 || w > 0))
                    })
                })
            })
            .collect();
        if next.is_empty() {
            break;
        }
        for &i in &next {
            placed[i] = Some(wave);
        }
        let mut tasks: Vec<TaskRef<'p>> = next
            .into_iter()
            .map(|i| open[i])
            .filter(|t| any_eq(priority, t.priority_text().as_deref()))
            .filter(|t| any_eq(owner, t.owner()))
            .collect();
        tasks.sort_by_cached_key(|t| priority_rank(t.priority_text().as_deref()));
        waves.push(tasks);
    }
    let stuck = (0..open.len())
        .filter(|&i| placed[i].is_none())
        .map(|i| open[i])
        .collect();
    Waves { waves, stuck }
}

/// Where a task stands in the project: its file and first byte.
type Key = (usize, usize);

fn key(t: &TaskRef<'_>) -> Key {
    (t.file_index, t.task.span.start)
}

/// Parents and their sub-tasks: each task whose `parent` (a `parent` field, or the ID its
/// dotted ID extends) names a task of the project is a sub-task of that task.
#[derive(Debug, Default)]
pub struct Subtasks {
    /// Parent → its sub-tasks, in project order.
    children: HashMap<Key, Vec<Key>>,
    /// Parent → (sub-tasks done, sub-tasks counted).
    progress: HashMap<Key, (usize, usize)>,
}

impl Subtasks {
    /// The sub-tasks of `project`'s tasks. A cancelled sub-task is not counted; a sub-task
    /// counts as done in state done.
    pub fn of(project: &Project) -> Subtasks {
        let mut out = Subtasks::default();
        let parents: Vec<(TaskRef<'_>, String)> = project
            .tasks()
            .filter_map(|t| Some((t, t.task.parent(t.src())?)))
            .collect();
        if parents.is_empty() {
            return out;
        }
        let index = project.index();
        for (child, parent) in parents {
            let Some(p) = index.lookup(&parent).and_then(|v| v.first()) else {
                continue;
            };
            if key(p) == key(&child) {
                continue;
            }
            out.children.entry(key(p)).or_default().push(key(&child));
            if child.task.state != State::Cancelled {
                let e = out.progress.entry(key(p)).or_default();
                e.0 += usize::from(child.task.state == State::Done);
                e.1 += 1;
            }
        }
        out
    }

    /// `(done, total)` of `t`'s sub-tasks, when it has any that count.
    pub fn progress(&self, t: &TaskRef<'_>) -> Option<(usize, usize)> {
        self.progress.get(&key(t)).copied()
    }

    /// `tasks` with each sub-task right after its parent (and the parent's earlier
    /// sub-tasks), and each task's depth; a task whose parent is not among `tasks` stands at
    /// depth 0 where it was.
    pub fn tree<'p>(&self, tasks: &[TaskRef<'p>]) -> Vec<(TaskRef<'p>, usize)> {
        let at: HashMap<Key, usize> = tasks.iter().enumerate().map(|(i, t)| (key(t), i)).collect();
        let mut has_parent = vec![false; tasks.len()];
        for kids in self.children.values() {
            for k in kids {
                if let Some(&i) = at.get(k) {
                    has_parent[i] = true;
                }
            }
        }
        // A child whose parent is not listed is a root.
        for (p, kids) in &self.children {
            if !at.contains_key(p) {
                for k in kids {
                    if let Some(&i) = at.get(k) {
                        has_parent[i] = false;
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(tasks.len());
        let mut placed = vec![false; tasks.len()];
        let mut stack: Vec<(usize, usize)> = Vec::new();
        let roots: Vec<usize> = (0..tasks.len()).filter(|&i| !has_parent[i]).collect();
        for root in roots {
            stack.push((root, 0));
            while let Some((i, depth)) = stack.pop() {
                if std::mem::replace(&mut placed[i], true) {
                    continue;
                }
                out.push((tasks[i], depth));
                if let Some(kids) = self.children.get(&key(&tasks[i])) {
                    for k in kids.iter().rev() {
                        if let Some(&c) = at.get(k) {
                            stack.push((c, depth + 1));
                        }
                    }
                }
            }
        }
        // A cycle of parents leaves its tasks unplaced: list them as roots.
        for (i, t) in tasks.iter().enumerate() {
            if !placed[i] {
                out.push((*t, 0));
            }
        }
        out
    }
}

/// The task named by an ID (exact, then case-insensitive) or by `FILE:LINE` (any line of the
/// task; FILE as shown, or its last path components).
pub fn locate<'p>(project: &'p Project, what: &str) -> Option<TaskRef<'p>> {
    if let Some(t) = project.find(what) {
        return Some(t);
    }
    let (file, line) = what.rsplit_once(':')?;
    let line: usize = line.parse().ok()?;
    project.tasks().find(|t| {
        let d = &t.file.display;
        let file_ok = file.is_empty() || d == file || d.ends_with(&format!("/{file}"));
        let doc = &t.file.file.doc;
        let first = doc.position(t.task.span.start).line;
        let last = doc
            .position(t.task.span.end.saturating_sub(1).max(t.task.span.start))
            .line;
        file_ok && (first..=last).contains(&line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["T-10", "T-9", "T-100", "A-2"];
        ids.sort_by_key(|i| id_key(Some(i)));
        assert_eq!(ids, ["A-2", "T-9", "T-10", "T-100"]);
    }
}
