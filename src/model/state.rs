//! State categories and the status → state mapping.
//!
//! Every task has one of five states. Status words map through a built-in table that a
//! `.todo.yml` can extend or override; a word the table does not know leaves the state to the
//! checkbox, or `todo`. The table is data; reading `.todo.yml` into it belongs to
//! `crate::config`.

use serde::Serialize;

/// A task's state category.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Not started.
    Todo,
    /// Being worked on or reviewed.
    InProgress,
    /// Waiting on something.
    Blocked,
    /// Finished.
    Done,
    /// Closed without being done: dropped, descoped, won't do. Closed like done for
    /// dependencies and readiness.
    Cancelled,
}

impl State {
    /// The state's name as written in JSON and on the command line.
    pub fn name(&self) -> &'static str {
        match self {
            State::Todo => "todo",
            State::InProgress => "in-progress",
            State::Blocked => "blocked",
            State::Done => "done",
            State::Cancelled => "cancelled",
        }
    }

    /// True for the states in which nothing is left to do (done, cancelled): a dependency in
    /// one of them no longer holds anything up.
    pub fn is_closed(&self) -> bool {
        matches!(self, State::Done | State::Cancelled)
    }

    /// Parses a state name (`todo`, `in-progress`, `blocked`, `done`, `cancelled`; `_` or a
    /// space for `-`; `canceled` too).
    pub fn parse(text: &str) -> Option<State> {
        match normalize(text).as_str() {
            "TODO" => Some(State::Todo),
            "IN-PROGRESS" => Some(State::InProgress),
            "BLOCKED" => Some(State::Blocked),
            "DONE" => Some(State::Done),
            "CANCELLED" | "CANCELED" => Some(State::Cancelled),
            _ => None,
        }
    }

    /// All states in workflow order.
    pub const ALL: [State; 5] = [
        State::Todo,
        State::InProgress,
        State::Blocked,
        State::Done,
        State::Cancelled,
    ];
}

const BUILTIN: &[(&str, State)] = &[
    ("READY", State::Todo),
    ("TODO", State::Todo),
    ("TO-DO", State::Todo),
    ("OPEN", State::Todo),
    ("BACKLOG", State::Todo),
    ("PLANNED", State::Todo),
    ("NEW", State::Todo),
    ("PENDING", State::Todo),
    ("NOT-STARTED", State::Todo),
    ("PROPOSED", State::Todo),
    ("IN-PROGRESS", State::InProgress),
    ("INPROGRESS", State::InProgress),
    ("DOING", State::InProgress),
    ("WIP", State::InProgress),
    ("IN-REVIEW", State::InProgress),
    ("REVIEW", State::InProgress),
    ("STARTED", State::InProgress),
    ("ACTIVE", State::InProgress),
    ("BLOCKED", State::Blocked),
    ("ON-HOLD", State::Blocked),
    ("WAITING", State::Blocked),
    ("DONE", State::Done),
    ("COMPLETE", State::Done),
    ("COMPLETED", State::Done),
    ("CLOSED", State::Done),
    ("RESOLVED", State::Done),
    ("FINISHED", State::Done),
    ("SHIPPED", State::Done),
    ("MERGED", State::Done),
    ("CANCELLED", State::Cancelled),
    ("CANCELED", State::Cancelled),
    ("WONT-DO", State::Cancelled),
    ("WON-T-DO", State::Cancelled),
    ("WONTFIX", State::Cancelled),
    ("WONT-FIX", State::Cancelled),
    ("DESCOPED", State::Cancelled),
    ("DROPPED", State::Cancelled),
    ("ABANDONED", State::Cancelled),
    ("OBSOLETE", State::Cancelled),
    ("SKIPPED", State::Cancelled),
];

/// Status word → state, built in and extended by configuration.
#[derive(Debug, Clone)]
pub struct StateMap {
    map: crate::hash::Map<String, State>,
    /// Custom checkbox characters (`[/]`, `[-]`) → state.
    boxes: crate::hash::Map<char, State>,
    /// The state of a one-task file that gives no status (Backlog.md's `default_status`).
    file_default: Option<State>,
}

/// Built-in custom checkbox states, as Obsidian Tasks defines them (`[/]` in progress, `[-]`
/// cancelled) plus `[~]`, a common in-progress mark. Any other single character between the
/// brackets (`[!]`, `[?]`, `[P]`) is still a checkbox, in state `todo` unless configured.
const BUILTIN_BOXES: &[(char, State)] = &[
    ('/', State::InProgress),
    ('~', State::InProgress),
    ('-', State::Cancelled),
];

impl Default for StateMap {
    fn default() -> Self {
        StateMap {
            map: BUILTIN.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            boxes: BUILTIN_BOXES.iter().copied().collect(),
            file_default: None,
        }
    }
}

impl StateMap {
    /// Adds or overrides one status word.
    pub fn insert(&mut self, status: &str, state: State) {
        self.map.insert(normalize(status), state);
    }

    /// Sets the state a one-task file without a status field reads as (todo unless set).
    pub fn set_file_default(&mut self, state: State) {
        self.file_default = Some(state);
    }

    /// The state of a one-task file that gives no status.
    pub fn file_default(&self) -> State {
        self.file_default.unwrap_or(State::Todo)
    }

    /// Sets the state of a custom checkbox character (`!` → blocked).
    pub fn insert_box(&mut self, mark: char, state: State) {
        self.boxes.insert(mark, state);
    }

    /// True when `mark` has a state of its own here (built in or configured), beyond the GFM
    /// marks.
    pub fn declares_box(&self, mark: char) -> bool {
        self.boxes.contains_key(&mark)
    }

    /// The state of a checkbox character: `x`/`X` done, a space todo, a custom character as
    /// configured (built in: `/` and `~` in progress, `-` cancelled), any other todo.
    pub fn box_state(&self, mark: char) -> State {
        match mark {
            'x' | 'X' => State::Done,
            c if c.is_whitespace() => State::Todo,
            c => self.boxes.get(&c).copied().unwrap_or(State::Todo),
        }
    }

    /// The checkbox character that writes `state` for a task that already uses custom marks:
    /// `x` for done, a space for todo, else the first configured character for the state.
    pub fn box_for(&self, state: State) -> Option<char> {
        match state {
            State::Done => Some('x'),
            State::Todo => Some(' '),
            s => {
                let mut marks: Vec<char> = self
                    .boxes
                    .iter()
                    .filter(|(_, st)| **st == s)
                    .map(|(c, _)| *c)
                    .collect();
                marks.sort_unstable();
                // `/` (Obsidian's in-progress mark) before `~`.
                marks.first().copied()
            }
        }
    }

    /// The state a status text stands for: the whole text, else its first words
    /// (`DONE (2026-01-02)` → done). `None` when no word is known.
    pub fn state_of(&self, status: &str) -> Option<State> {
        let norm = normalize(status);
        if let Some(s) = self.map.get(&norm) {
            return Some(*s);
        }
        let words: Vec<&str> = norm.split('-').filter(|w| !w.is_empty()).collect();
        for n in (1..words.len().min(3)).rev() {
            if let Some(s) = self.map.get(&words[..n].join("-")) {
                return Some(*s);
            }
        }
        None
    }
}

/// Upper-cases, keeps letters and digits, and joins words with `-` (`In progress` →
/// `IN-PROGRESS`, `✅ Done` → `DONE`).
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.extend(c.to_uppercase());
        } else if c == '(' || c == ':' || c == ',' || c == '|' {
            // Stop at annotations: `DONE (2026-01-02)`, `Planned | Effort: High`.
            if !out.is_empty() {
                break;
            }
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_statuses_to_states() {
        let m = StateMap::default();
        assert_eq!(m.state_of("IN-REVIEW"), Some(State::InProgress));
        assert_eq!(m.state_of("in progress"), Some(State::InProgress));
        assert_eq!(m.state_of("✅ Done"), Some(State::Done));
        assert_eq!(m.state_of("DONE (2026-01-02)"), Some(State::Done));
        assert_eq!(m.state_of("On hold"), Some(State::Blocked));
        assert_eq!(m.state_of("Assessment Complete"), None);
    }
}
