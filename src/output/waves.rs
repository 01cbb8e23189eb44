//! `todo ready --waves`: the open tasks in the order they can be done, one block per wave
//! (the first is what `todo ready` offers), and the tasks no wave reaches. Nothing here
//! decides the waves; `query::waves` does.

use std::io::{self, Write};

use super::format::{Format, write_json};
use super::json::TaskJson;
use super::table;
use crate::project::TaskRef;
use crate::query::Waves;

/// `todo ready --waves --format json`: the tasks in the shape of `todo list`.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct WavesJson<'a> {
    /// The waves in order; the first is what `todo ready` offers, and every task of a wave
    /// waits only on tasks of earlier waves.
    pub waves: Vec<Vec<TaskJson<'a>>>,
    /// Open tasks no wave reaches: waiting on blocked, unknown or circular work.
    pub stuck: Vec<TaskJson<'a>>,
}

fn as_json<'a>(tasks: &'a [TaskRef<'a>]) -> Vec<TaskJson<'a>> {
    tasks.iter().map(|t| TaskJson::new(*t)).collect()
}

/// The waves in a format: a table per wave under `Wave N`, JSON, or one line of IDs per wave.
pub fn write_waves(
    out: &mut dyn Write,
    format: Format,
    waves: &Waves<'_>,
    show_file: bool,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(
            out,
            &WavesJson {
                waves: waves.waves.iter().map(|w| as_json(w)).collect(),
                stuck: as_json(&waves.stuck),
            },
        ),
        Format::Ids => {
            let mut text = String::new();
            for w in &waves.waves {
                let ids: Vec<&str> = w.iter().filter_map(|t| t.task.id()).collect();
                text.push_str(&ids.join(" "));
                text.push('\n');
            }
            out.write_all(text.as_bytes())
        }
        _ => {
            let opts = table::TableOptions { color, show_file };
            let mut text = String::new();
            for (n, w) in waves.waves.iter().enumerate() {
                let parallel = w
                    .iter()
                    .filter(|t| t.task.field_named("Parallel").is_some())
                    .count();
                let noun = if w.len() == 1 { "task" } else { "tasks" };
                text.push_str(&format!("Wave {} ({} {noun}", n + 1, w.len()));
                if parallel > 0 {
                    text.push_str(&format!(", {parallel} marked [P]"));
                }
                text.push_str(")\n");
                if !w.is_empty() {
                    text.push_str(&table::render(w, opts));
                }
            }
            let placed: usize = waves.waves.iter().map(Vec::len).sum();
            text.push_str(&format!(
                "{placed} tasks in {} waves; {} waiting on blocked, unknown or circular work\n",
                waves.waves.len(),
                waves.stuck.len()
            ));
            out.write_all(text.as_bytes())
        }
    }
}
