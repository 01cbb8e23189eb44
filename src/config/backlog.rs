//! Backlog.md's own `backlog/config.yml`, read for what it says about tasks: the ID prefix
//! (`task_prefix: "back"`, so a legacy `task-24.1` reference is `BACK-24.1`), the statuses in
//! board order, and the default status. Only those keys are read; the rest of the file is
//! Backlog.md's business, and a file this reader cannot make sense of is left alone (it is
//! not `todo`'s config, so it is never an error). It must not know task files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::model::{State, StateMap};
use crate::schema::{Schema, SchemaSource};

/// Where Backlog.md keeps its config, relative to the repository root.
pub const BACKLOG_CONFIG: [&str; 2] = ["backlog/config.yml", "backlog/config.yaml"];

/// The prefix Backlog.md wrote task IDs with before `task_prefix` existed.
const LEGACY_PREFIX: &str = "task";

/// What `backlog/config.yml` says about tasks.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct BacklogConfig {
    /// The ID prefix (`back` → `BACK-12`); `task` when not set.
    #[serde(default)]
    pub task_prefix: Option<String>,
    /// The statuses, in board order (first: not started, last: finished).
    #[serde(default)]
    pub statuses: Vec<String>,
    /// The status a new task gets.
    #[serde(default)]
    pub default_status: Option<String>,
}

impl BacklogConfig {
    /// Reads the Backlog.md config under `root`, if there is one that parses.
    pub fn discover(root: &Path) -> Option<BacklogConfig> {
        BACKLOG_CONFIG.iter().find_map(|rel| {
            let text = std::fs::read_to_string(root.join(rel)).ok()?;
            BacklogConfig::parse(&text)
        })
    }

    /// Reads config text; `None` when it is not a mapping this reader understands.
    pub fn parse(text: &str) -> Option<BacklogConfig> {
        std::panic::catch_unwind(|| serde_saphyr::from_str::<BacklogConfig>(text))
            .ok()?
            .ok()
    }

    /// The ID a legacy `task-N` reference stands for under the configured prefix
    /// (`task-24.1` → `BACK-24.1`), or `None` when `id` is not in the legacy spelling or the
    /// prefix is still `task`.
    pub fn legacy_alias(&self, id: &str) -> Option<String> {
        let prefix = self.task_prefix.as_deref()?.trim();
        if prefix.is_empty() || prefix.eq_ignore_ascii_case(LEGACY_PREFIX) {
            return None;
        }
        let (head, rest) = id.split_once('-')?;
        (head.eq_ignore_ascii_case(LEGACY_PREFIX) && rest.starts_with(|c: char| c.is_ascii_digit()))
            .then(|| format!("{}-{rest}", prefix.to_ascii_uppercase()))
    }

    /// How Backlog.md spelled `id` before the configured prefix (`BACK-24.1` → `task-24.1`),
    /// for following a task back through commits that predate `task_prefix`.
    pub fn legacy_spelling(&self, id: &str) -> Option<String> {
        let prefix = self.task_prefix.as_deref()?.trim();
        if prefix.is_empty() || prefix.eq_ignore_ascii_case(LEGACY_PREFIX) {
            return None;
        }
        let (head, rest) = id.split_once('-')?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| format!("{LEGACY_PREFIX}-{rest}"))
    }

    /// The statuses as a schema for Backlog.md's task files: they enumerate the values of
    /// `status` and say nothing about other fields. `None` when none are configured.
    pub fn status_schema(&self) -> Option<Schema> {
        if self.statuses.is_empty() {
            return None;
        }
        let values = BTreeMap::from([("status".to_string(), self.statuses.clone())]);
        Some(Schema {
            source: SchemaSource::Backlog,
            ..crate::schema::from_config(None, &[], &values)
        })
    }

    /// Adds the configured statuses the built-in table does not know (the first stands for
    /// not started, the last for finished, those between for in progress), and the default
    /// status as the state of a task file that gives none.
    pub fn add_states(&self, map: &mut StateMap) {
        let n = self.statuses.len();
        let builtin = StateMap::default();
        for (k, status) in self.statuses.iter().enumerate() {
            if builtin.state_of(status).is_some() {
                continue;
            }
            let state = match k {
                0 => State::Todo,
                _ if k + 1 == n => State::Done,
                _ => State::InProgress,
            };
            map.insert(status, state);
        }
        if let Some(state) = self.default_status.as_deref().and_then(|s| map.state_of(s)) {
            map.set_file_default(state);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prefix_statuses_and_default() {
        let text = "project_name: \"Demo\"\ndefault_status: \"Queued\"\nstatuses: [\"Queued\", \"Doing\", \"Shipped\"]\ntask_prefix: \"dem\"\ndate_format: yyyy-mm-dd hh:mm\nauto_commit: false\n";
        let c = BacklogConfig::parse(text).unwrap();
        assert_eq!(c.task_prefix.as_deref(), Some("dem"));
        assert_eq!(c.default_status.as_deref(), Some("Queued"));
        assert_eq!(c.legacy_alias("task-24.1").as_deref(), Some("DEM-24.1"));
        assert_eq!(c.legacy_alias("TASK-7").as_deref(), Some("DEM-7"));
        assert_eq!(c.legacy_alias("DEM-7"), None);
        assert_eq!(c.legacy_alias("task-list"), None);
        assert_eq!(c.legacy_spelling("DEM-24.1").as_deref(), Some("task-24.1"));
        assert_eq!(c.legacy_spelling("T-3"), None);
        let mut map = StateMap::default();
        c.add_states(&mut map);
        assert_eq!(map.state_of("queued"), Some(State::Todo));
        assert_eq!(map.state_of("Doing"), Some(State::InProgress));
        assert_eq!(map.state_of("Shipped"), Some(State::Done));
        assert_eq!(map.file_default(), State::Todo);
        let doing = BacklogConfig {
            default_status: Some("Doing".into()),
            ..c.clone()
        };
        let mut map = StateMap::default();
        doing.add_states(&mut map);
        assert_eq!(map.file_default(), State::InProgress);
        let schema = c.status_schema().unwrap();
        assert_eq!(schema.source, SchemaSource::Backlog);
        assert_eq!(schema.fields[0].values, ["Queued", "Doing", "Shipped"]);
        assert!(!schema.fields[0].required);
        assert_eq!(BacklogConfig::default().status_schema(), None);
    }

    #[test]
    fn the_default_prefix_has_no_alias_and_junk_is_ignored() {
        let c = BacklogConfig::parse("task_prefix: task\n").unwrap();
        assert_eq!(c.legacy_alias("task-3"), None);
        assert_eq!(BacklogConfig::parse("[not, a, map]"), None);
        assert_eq!(BacklogConfig::default().legacy_alias("task-3"), None);
    }
}
