//! The JSON Schema of every `--format json` output, generated from the `Serialize` types the
//! renderers write (schemars), so the documented shape cannot drift from the real one.
//!
//! `docs/schema/NAME.json` holds each schema; `tests/json_schema.rs` regenerates them
//! (`UPDATE_DOCS=1`), fails when they are stale, and validates real outputs against them.
//! This module only names the types; it must not render or read anything.

use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::board::BoardJson;
use super::changes::{ChangesJson, DryRunJson};
use super::diagnostics::json::LintJson;
use super::diff::DiffJson;
use super::json::TaskJson;
use super::prime::Prime;
use super::rules::RuleJson;
use super::stats::{CountsJson, TimelinesJson};
use super::waves::WavesJson;
use crate::doctor::FileReport;
use crate::history::blame::BlameJson;
use crate::history::log::EntryJson;

/// One documented output: its file name in `docs/schema/`, the commands that write it, and
/// its schema.
pub struct OutputSchema {
    /// The schema's file stem (`list` → `docs/schema/list.json`).
    pub name: &'static str,
    /// The commands that write this shape.
    pub commands: &'static str,
    /// The JSON Schema (draft 2020-12).
    pub schema: Schema,
}

fn schema<T: JsonSchema>(name: &'static str, commands: &'static str) -> OutputSchema {
    let mut schema = SchemaGenerator::default().into_root_schema_for::<T>();
    schema.insert(
        "$id".into(),
        format!("https://todo-md.invalid/schema/{name}.json").into(),
    );
    OutputSchema {
        name,
        commands,
        schema,
    }
}

/// Every `--format json` output, in the order docs/json.md lists them.
pub fn all() -> Vec<OutputSchema> {
    vec![
        schema::<Vec<TaskJson<'_>>>("list", "todo list, todo ready"),
        schema::<TaskJson<'_>>("show", "todo show ID"),
        schema::<Option<TaskJson<'_>>>("next", "todo next"),
        schema::<WavesJson<'_>>("waves", "todo ready --waves"),
        schema::<Prime>("prime", "todo prime"),
        schema::<BoardJson<'_>>("board", "todo board"),
        schema::<Vec<FileReport>>("doctor", "todo doctor"),
        schema::<LintJson<'_>>("lint", "todo lint"),
        schema::<Vec<RuleJson<'_>>>("rules", "todo rules"),
        schema::<RuleJson<'_>>("rule", "todo rules RULE"),
        schema::<Vec<EntryJson<'_>>>("log", "todo log ID"),
        schema::<Vec<BlameJson<'_>>>("blame", "todo blame ID"),
        schema::<DiffJson<'_>>("diff", "todo diff"),
        schema::<CountsJson<'_>>("stats", "todo stats"),
        schema::<TimelinesJson<'_>>("stats-history", "todo stats --history"),
        schema::<ChangesJson<'_>>(
            "changes",
            "todo move, set, check, uncheck, add, archive, edit",
        ),
        schema::<DryRunJson<'_>>("dry-run", "the edit commands with --dry-run"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_has_a_distinct_name_and_a_type() {
        let all = all();
        for (i, s) in all.iter().enumerate() {
            assert!(all[..i].iter().all(|o| o.name != s.name), "{}", s.name);
            let v = s.schema.as_value();
            assert!(
                v.get("type").is_some() || v.get("anyOf").is_some() || v.get("oneOf").is_some(),
                "{}: {v}",
                s.name
            );
        }
    }
}
