//! `.todo.yml`: which files hold tasks, the archive file, extra status words and a schema.
//!
//! The file is found by walking up from the working directory, stopping at the repository
//! root. It is read, never written. Unknown keys are an error, so a typo cannot silently turn
//! a setting off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::model::{State, StateMap};
use crate::schema::Schema;

mod backlog;
pub use backlog::{BACKLOG_CONFIG, BacklogConfig};

/// Config file names, in the order they are looked for.
pub const CONFIG_NAMES: [&str; 2] = [".todo.yml", ".todo.yaml"];

/// Why a config file could not be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// Reading failed.
    #[error("{path}: {source}")]
    Io {
        /// The config file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The YAML is invalid or does not fit the config's shape.
    #[error("{path}: {message}")]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// What is wrong, with its position.
        message: String,
    },
}

/// The contents of `.todo.yml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Task files, as paths or globs (`*`, `**`, `?`) relative to the config's directory.
    #[serde(default)]
    pub files: Vec<String>,
    /// The archive file finished tasks move to (`TODOCOMPLETED.md`).
    #[serde(default)]
    pub archive: Option<String>,
    /// Extra status words and the state each stands for (`SHIPPED: done`).
    #[serde(default)]
    pub states: BTreeMap<String, String>,
    /// Custom checkbox marks and the state each stands for (`"!": blocked`).
    #[serde(default)]
    pub checkboxes: BTreeMap<String, String>,
    /// The status written when a task is moved to done (for schemas without a done status).
    #[serde(default)]
    pub done_status: Option<String>,
    /// A schema that overrides the one the task files declare.
    #[serde(default)]
    pub schema: Option<ConfigSchema>,
    /// Lint rule levels by name or code: `error`, `warning`, `info` or `off`, kept as written;
    /// `crate::lint::check_levels` validates them (the config cannot know the rules).
    #[serde(default)]
    pub lint: BTreeMap<String, String>,
    /// Guards of `todo move … done`.
    #[serde(default)]
    pub guards: Guards,
    /// Extra words that name a priority level in section headings (`low: [someday]`), added
    /// to the built-in table of `model::priority`.
    #[serde(default)]
    pub priority_sections: crate::model::priority::SectionWords,
    // --- history lint (`status-transition`) ---
    /// Allowed status changes: each status and the statuses it may move to
    /// (`READY: [IN-PROGRESS, BLOCKED]`). Empty: any change is allowed.
    #[serde(default)]
    pub workflow: BTreeMap<String, Vec<String>>,
    // --- end history lint ---
    /// Backlog.md's `backlog/config.yml` at the repository root, when there is one (not a
    /// `.todo.yml` key: see [`Config::with_backlog`]).
    #[serde(skip)]
    pub backlog: Option<BacklogConfig>,
}

/// What `todo move ID done` checks first (both on by default).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Guards {
    /// Refuse while checklist items are unticked.
    #[serde(default = "yes")]
    pub open_criteria: bool,
    /// Refuse while dependencies are not done.
    #[serde(default = "yes")]
    pub open_dependencies: bool,
}

fn yes() -> bool {
    true
}

impl Default for Guards {
    fn default() -> Self {
        Guards {
            open_criteria: true,
            open_dependencies: true,
        }
    }
}

/// The `schema:` block of `.todo.yml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigSchema {
    /// The ID pattern (`T-###`).
    #[serde(default)]
    pub id: Option<String>,
    /// Fields every task must have.
    #[serde(default)]
    pub required: Vec<String>,
    /// Allowed values per field.
    #[serde(default)]
    pub values: BTreeMap<String, Vec<String>>,
}

impl Config {
    /// Parses config text; `path` names the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let options = serde_saphyr::options! { strict_booleans: true };
        let config: Config = serde_saphyr::from_str_with_options(text, options).map_err(|e| {
            ConfigError::Invalid {
                path: path.to_path_buf(),
                message: e.to_string(),
            }
        })?;
        for (status, state) in &config.states {
            if State::parse(state).is_none() {
                return Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!(
                        "states: `{status}: {state}`: a state is one of todo, in-progress, blocked, done, cancelled"
                    ),
                });
            }
        }
        Ok(config)
    }

    /// Finds and reads the nearest config between `start` and `root` (both included).
    pub fn discover(start: &Path, root: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
        let mut dir = Some(start);
        while let Some(d) = dir {
            for name in CONFIG_NAMES {
                let path = d.join(name);
                if path.is_file() {
                    let text =
                        std::fs::read_to_string(&path).map_err(|source| ConfigError::Io {
                            path: path.clone(),
                            source,
                        })?;
                    let config = Config::parse(&path, &text)?;
                    return Ok(Some((path, config)));
                }
            }
            if d == root {
                break;
            }
            dir = d.parent();
        }
        Ok(None)
    }

    /// This config with Backlog.md's `backlog/config.yml` under `root` read into it, when
    /// there is one.
    pub fn with_backlog(mut self, root: &Path) -> Config {
        self.backlog = BacklogConfig::discover(root);
        self
    }

    /// The ID a reference written in Backlog.md's legacy `task-N` spelling stands for under
    /// the configured `task_prefix`, if any.
    pub fn legacy_alias(&self, id: &str) -> Option<String> {
        self.backlog.as_ref()?.legacy_alias(id)
    }

    /// The status table: built in, then Backlog.md's statuses, then this config's words.
    pub fn state_map(&self) -> StateMap {
        let mut map = StateMap::default();
        if let Some(b) = &self.backlog {
            b.add_states(&mut map);
        }
        for (status, state) in &self.states {
            if let Some(state) = State::parse(state) {
                map.insert(status, state);
            }
        }
        for (mark, state) in &self.checkboxes {
            let mut chars = mark.chars();
            if let (Some(c), None, Some(state)) = (chars.next(), chars.next(), State::parse(state))
            {
                map.insert_box(c, state);
            }
        }
        map
    }

    /// The config's schema, when it declares one.
    pub fn schema(&self) -> Option<Schema> {
        let s = self.schema.as_ref()?;
        Some(crate::schema::from_config(
            s.id.as_deref(),
            &s.required,
            &s.values,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_config() {
        let text = "files: [TODO.md, 'docs/*.md']\narchive: TODOCOMPLETED.md\nstates:\n  SHIPPED: done\nschema:\n  id: T-###\n  required: [priority]\n  values:\n    priority: [P0, P1]\n";
        let c = Config::parse(Path::new(".todo.yml"), text).unwrap();
        assert_eq!(c.files, ["TODO.md", "docs/*.md"]);
        assert_eq!(c.state_map().state_of("shipped"), Some(State::Done));
        let s = c.schema().unwrap();
        assert_eq!(s.fields[0].values, ["P0", "P1"]);
        assert!(s.fields[0].required);
        let t = "schema:\n  required: [deps]\n  values:\n    dependencies: [T-1]\n";
        let s = Config::parse(Path::new("c"), t).unwrap().schema().unwrap();
        assert_eq!(s.fields.len(), 1);
        assert_eq!(s.fields[0].values, ["T-1"]);
    }

    #[test]
    fn rejects_unknown_keys_and_states() {
        let e = Config::parse(Path::new("c.yml"), "fiels: [a]\n").unwrap_err();
        assert!(e.to_string().starts_with("c.yml: "), "{e}");
        let e = Config::parse(Path::new("c.yml"), "states:\n  X: finished\n").unwrap_err();
        assert!(e.to_string().contains("a state is one of"), "{e}");
    }
}
