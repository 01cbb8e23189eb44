//! `todo prime`: what an agent reads at the start of a session, small enough to cost at
//! most about 800 tokens on a project of a hundred tasks — counts by state, who holds what,
//! the next ready tasks, the allowed statuses and priorities, and the five commands an agent
//! needs. [`Prime`] is built from tasks the caller already chose; text and JSON render it.

use std::io::{self, Write};

use serde::Serialize;

use super::compact;
use super::format::{Format, write_json};
use crate::model::State;
use crate::project::{Project, TaskRef};

/// What `prime` writes; the first is the default.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json];

/// The version of `todo prime --format json`'s shape (docs/json.md).
pub const SCHEMA_VERSION: u32 = 1;

/// How many ready tasks and holders are listed.
const SHOWN: usize = 5;

/// The commands an agent needs, with one example each.
pub const COMMANDS: [(&str, &str); 5] = [
    (
        "todo claim --next --as NAME",
        "take the best ready task nobody holds",
    ),
    (
        "todo show ID --format compact",
        "one task (drop --format for its checklist)",
    ),
    ("todo check ID 2", "tick checklist item 2 when it is done"),
    ("todo set ID blocker \"why\"", "say what stops you"),
    (
        "todo move ID done",
        "finish (or `todo release ID` to give it back)",
    ),
];

/// The session primer.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Prime {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Tasks per state, in state order (states without tasks left out).
    pub counts: serde_json::Map<String, serde_json::Value>,
    /// Tasks in progress under an owner, at most five.
    pub held: Vec<Held>,
    /// Tasks held beyond those listed.
    pub held_more: usize,
    /// The next ready tasks, compact lines, best first, at most five.
    pub ready: Vec<String>,
    /// Ready tasks beyond those listed.
    pub ready_more: usize,
    /// The statuses the schema allows (empty when free).
    pub statuses: Vec<String>,
    /// The priorities the schema allows (empty when free).
    pub priorities: Vec<String>,
    /// The commands, with what each does.
    pub commands: Vec<CommandHelp>,
}

/// A task in progress and its owner.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Held {
    /// The task's ID.
    pub id: String,
    /// Its owner.
    pub owner: String,
}

/// A command an agent needs, with what it does.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CommandHelp {
    /// The command line.
    pub command: String,
    /// What it does.
    pub does: String,
}

impl Prime {
    /// The primer of `project`, whose ready tasks (in `todo next` order) are `ready`.
    pub fn new(project: &Project, ready: &[TaskRef<'_>]) -> Prime {
        let mut counts = serde_json::Map::new();
        for state in State::ALL {
            let n = project
                .tasks()
                .filter(|t| !t.file.archive && t.task.state == state)
                .count();
            if n > 0 {
                counts.insert(state.name().to_string(), n.into());
            }
        }
        let held: Vec<Held> = project
            .tasks()
            .filter(|t| t.task.state == State::InProgress)
            .filter_map(|t| {
                let owner = t.owner()?.trim();
                Some(Held {
                    id: t.task.id()?.to_string(),
                    owner: owner.to_string(),
                })
            })
            .filter(|h| !h.owner.is_empty())
            .collect();
        let config = project.config.schema();
        let schema = project.files.iter().find_map(|f| {
            crate::schema::applicable(config.as_ref(), f.file.schema.as_ref()).cloned()
        });
        let values = |key: &str| {
            schema
                .as_ref()
                .and_then(|s| s.field(key))
                .map(|d| d.values.clone())
                .unwrap_or_default()
        };
        Prime {
            schema_version: SCHEMA_VERSION,
            counts,
            held_more: held.len().saturating_sub(SHOWN),
            held: held.into_iter().take(SHOWN).collect(),
            ready: ready.iter().take(SHOWN).map(compact::line).collect(),
            ready_more: ready.len().saturating_sub(SHOWN),
            statuses: values("status"),
            priorities: values("priority"),
            commands: COMMANDS
                .iter()
                .map(|(c, w)| CommandHelp {
                    command: c.to_string(),
                    does: w.to_string(),
                })
                .collect(),
        }
    }

    /// The primer as text.
    pub fn text(&self) -> String {
        let mut out = String::from("# todo: task state\n");
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(s, n)| format!("{s} {n}"))
            .collect();
        out.push_str(&format!("Tasks: {}\n", counts.join(", ")));
        if self.held.is_empty() {
            out.push_str("Held: nobody holds a task\n");
        } else {
            let held: Vec<String> = self
                .held
                .iter()
                .map(|h| format!("{} @{}", h.id, h.owner))
                .collect();
            let more = more(self.held_more);
            out.push_str(&format!("Held: {}{more}\n", held.join(", ")));
        }
        if self.ready.is_empty() {
            out.push_str("Next: no task is ready\n");
        } else {
            out.push_str("Next ready (ID status priority owner title):\n");
            for line in &self.ready {
                out.push_str(&format!("  {line}\n"));
            }
            if self.ready_more > 0 {
                out.push_str(&format!(
                    "  …and {} more (`todo ready --format compact`)\n",
                    self.ready_more
                ));
            }
        }
        if !self.statuses.is_empty() {
            out.push_str(&format!("Statuses: {}\n", self.statuses.join(" | ")));
        }
        if !self.priorities.is_empty() {
            out.push_str(&format!("Priorities: {}\n", self.priorities.join(" | ")));
        }
        out.push_str("Commands:\n");
        for c in &self.commands {
            out.push_str(&format!("  {:<32} {}\n", c.command, c.does));
        }
        out
    }
}

fn more(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" and {n} more")
    }
}

/// Writes the primer in `format`.
pub fn write(out: &mut dyn Write, format: Format, prime: &Prime) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, prime),
        _ => out.write_all(super::sanitize(&prime.text()).as_bytes()),
    }
}
