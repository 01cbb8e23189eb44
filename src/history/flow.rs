//! Tasks per state over time, from the versions of the task files along the history: the
//! numbers behind the cumulative flow and burn-up charts of `todo stats --history`.
//!
//! It counts what [`super::stats::state_snapshots`] walks; it never reads git itself and
//! draws nothing (the charts are rendered in `output::chart`).

use std::collections::HashMap;
use std::path::Path;

use super::HistoryError;
use super::stats::{Snapshots, state_snapshots};
use crate::git::Repo;
use crate::model::State;

/// How many tasks were in each state from `time` until the next point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowPoint {
    /// Committer time, seconds since the epoch.
    pub time: i64,
    /// Tasks per state, indexed by `State as usize`.
    pub counts: [usize; State::ALL.len()],
}

impl FlowPoint {
    /// Every task then.
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Tasks in `state` then.
    pub fn count(&self, state: State) -> usize {
        self.counts[state as usize]
    }
}

/// One point per version of the task files, oldest first, and a last one at the tip when the
/// tip changed no task file. A task is counted once per version, by its first occurrence.
pub fn flow_points(s: &Snapshots) -> Vec<FlowPoint> {
    let mut state: HashMap<&str, State> = HashMap::new();
    let mut counts = [0; State::ALL.len()];
    let mut out: Vec<FlowPoint> = s
        .versions
        .iter()
        .map(|(time, changes)| {
            for change in changes {
                let before = match change.now {
                    Some((_, now)) => state.insert(&change.id, now),
                    None => state.remove(&*change.id),
                };
                if let Some(b) = before {
                    counts[b as usize] -= 1;
                }
                if let Some((_, now)) = change.now {
                    counts[now as usize] += 1;
                }
            }
            FlowPoint {
                time: *time,
                counts,
            }
        })
        .collect();
    if let (Some(tip), Some(last)) = (s.tip, out.last().copied())
        && tip > last.time
    {
        out.push(FlowPoint { time: tip, ..last });
    }
    out
}

/// The flow of the first-parent chain ending at `rev`, with the task files the config in
/// `cwd` names.
pub fn flow(repo: &Repo, cwd: &Path, rev: &str) -> Result<Vec<FlowPoint>, HistoryError> {
    Ok(flow_points(&state_snapshots(repo, cwd, rev)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::stats::{SeenState, transitions_of};

    fn seen(id: &str, state: State) -> SeenState {
        SeenState {
            id: id.into(),
            title: id.into(),
            state,
        }
    }

    #[test]
    fn counts_each_task_once_per_version_and_ends_at_the_tip() {
        let s = Snapshots {
            versions: transitions_of([
                (10, vec![seen("T-1", State::Todo), seen("T-2", State::Todo)]),
                (
                    20,
                    vec![
                        seen("T-1", State::InProgress),
                        seen("T-2", State::Todo),
                        seen("T-2", State::Done),
                    ],
                ),
                (30, vec![seen("T-1", State::Done)]),
            ]),
            tip: Some(45),
        };
        let p = flow_points(&s);
        let counts: Vec<(i64, [usize; 5])> = p.iter().map(|p| (p.time, p.counts)).collect();
        assert_eq!(
            counts,
            [
                (10, [2, 0, 0, 0, 0]),
                (20, [1, 1, 0, 0, 0]),
                (30, [0, 0, 0, 1, 0]),
                (45, [0, 0, 0, 1, 0])
            ]
        );
        assert_eq!(p[1].total(), 2);
        assert_eq!(p[3].count(State::Done), 1);
    }
}
