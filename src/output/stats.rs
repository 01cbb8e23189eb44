//! Renderers of `todo stats`: the counts of a project ([`Counts`]) and, with `--history`, each
//! task's timeline ([`TaskTimeline`]), as tables, JSON or CSV.
//!
//! The numbers come from `history::stats`; this module only lays them out (and rounds days to
//! two decimals, the precision commit times support). The JSON shapes are the `*Json` types.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeMap;

use super::format::{Format, write_json};
use super::{csv, sanitize, table};
use crate::history::stats::{Counts, TaskTimeline};
use crate::model::State;

/// What `stats` writes, with or without `--history`; the first is the default.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Csv];

const NONE: &str = "(none)";

fn key(k: &Option<String>) -> &str {
    k.as_deref().unwrap_or(NONE)
}

/// Counts per key as a JSON object, in the order given. A key given twice (a priority spelled
/// `(none)`, say) keeps its first place and its last count, as a JSON object built key by key
/// would.
#[derive(Debug)]
pub struct Tally<'a>(pub Vec<(&'a str, usize)>);

impl<'a> Tally<'a> {
    fn of(list: &'a [(Option<String>, usize)]) -> Self {
        Tally(list.iter().map(|(k, n)| (key(k), *n)).collect())
    }
}

impl Serialize for Tally<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (i, (k, _)) in self.0.iter().enumerate() {
            if self.0[..i].iter().any(|(seen, _)| seen == k) {
                continue;
            }
            let last = self.0.iter().rev().find(|(other, _)| other == k);
            map.serialize_entry(k, &last.map_or(0, |(_, n)| *n))?;
        }
        map.end()
    }
}

/// Checklist completion over all tasks.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ChecklistJson {
    /// Ticked items.
    pub items_done: usize,
    /// All items.
    pub items_total: usize,
    /// Tasks with at least one item.
    pub tasks_with_items: usize,
    /// Tasks whose items are all ticked.
    pub tasks_complete: usize,
}

/// `todo stats --format json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CountsJson<'a> {
    /// Tasks in all.
    pub total: usize,
    /// Tasks in the archive file.
    pub archived: usize,
    /// Tasks per state name.
    #[schemars(with = "std::collections::BTreeMap<String, usize>")]
    pub by_state: Tally<'a>,
    /// Tasks per priority as written, `(none)` for none.
    #[schemars(with = "std::collections::BTreeMap<String, usize>")]
    pub by_priority: Tally<'a>,
    /// Tasks per owner, `(none)` for none.
    #[schemars(with = "std::collections::BTreeMap<String, usize>")]
    pub by_owner: Tally<'a>,
    /// Tasks per section path (` / `-joined), `(none)` for none.
    #[schemars(with = "std::collections::BTreeMap<String, usize>")]
    pub by_section: Tally<'a>,
    /// Checklist completion.
    pub checklist: ChecklistJson,
}

impl<'a> CountsJson<'a> {
    /// The JSON view of the counts.
    pub fn new(c: &'a Counts) -> Self {
        let ch = &c.checklist;
        CountsJson {
            total: c.total,
            archived: c.archived,
            by_state: Tally(c.by_state.iter().map(|(s, n)| (s.name(), *n)).collect()),
            by_priority: Tally::of(&c.by_priority),
            by_owner: Tally::of(&c.by_owner),
            by_section: Tally::of(&c.by_section),
            checklist: ChecklistJson {
                items_done: ch.items_done,
                items_total: ch.items_total,
                tasks_with_items: ch.tasks_with_items,
                tasks_complete: ch.tasks_complete,
            },
        }
    }
}

/// The project's counts.
pub fn write_counts(
    out: &mut dyn Write,
    format: Format,
    c: &Counts,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(out, &CountsJson::new(c)),
        Format::Csv => out.write_all(counts_csv(c).as_bytes()),
        _ => out.write_all(counts_table(c, color).as_bytes()),
    }
}

/// The groups as (name, rows), shared by the table and CSV.
fn groups(c: &Counts) -> Vec<(&'static str, Vec<(String, usize)>)> {
    let rows = |list: &[(Option<String>, usize)]| {
        list.iter()
            .map(|(k, n)| (key(k).to_string(), *n))
            .collect::<Vec<_>>()
    };
    vec![
        (
            "state",
            c.by_state
                .iter()
                .map(|(s, n)| (s.name().to_string(), *n))
                .collect(),
        ),
        ("priority", rows(&c.by_priority)),
        ("owner", rows(&c.by_owner)),
        ("section", rows(&c.by_section)),
    ]
}

fn percent(part: usize, whole: usize) -> String {
    (part * 100)
        .checked_div(whole)
        .map_or_else(|| "-".to_string(), |p| format!("{p}%"))
}

fn counts_table(c: &Counts, color: bool) -> String {
    let mut out = String::new();
    for (name, rows) in groups(c) {
        let heading = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
        let mut t = table::new_table(&[&heading, "Tasks", "%"], color);
        for (k, n) in rows {
            t.add_row(vec![
                sanitize(&k).into_owned(),
                n.to_string(),
                percent(n, c.total),
            ]);
        }
        let _ = writeln!(out, "{}\n", t.trim_fmt());
    }
    let ch = &c.checklist;
    let _ = writeln!(
        out,
        "Checklists: {}/{} items done ({}); {} of {} tasks with a checklist complete",
        ch.items_done,
        ch.items_total,
        percent(ch.items_done, ch.items_total),
        ch.tasks_complete,
        ch.tasks_with_items
    );
    let noun = if c.total == 1 { "task" } else { "tasks" };
    let _ = writeln!(out, "{} {noun} ({} archived)", c.total, c.archived);
    out
}

/// A CSV cell, quoted as RFC 4180 needs.
fn quote(cell: &str) -> String {
    let mut out = String::new();
    csv::quote(&mut out, cell);
    out
}

fn counts_csv(c: &Counts) -> String {
    let mut out = String::from("group,key,count\n");
    let ch = &c.checklist;
    let totals = [
        ("total", "tasks", c.total),
        ("total", "archived", c.archived),
    ];
    let checklist = [
        ("checklist", "items_done", ch.items_done),
        ("checklist", "items_total", ch.items_total),
        ("checklist", "tasks_with_items", ch.tasks_with_items),
        ("checklist", "tasks_complete", ch.tasks_complete),
    ];
    for (g, k, n) in totals {
        let _ = writeln!(out, "{g},{k},{n}");
    }
    for (name, rows) in groups(c) {
        for (k, n) in rows {
            let _ = writeln!(out, "{name},{},{n}", quote(&k));
        }
    }
    for (g, k, n) in checklist {
        let _ = writeln!(out, "{g},{k},{n}");
    }
    out
}

fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

fn date(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Days to two decimals: finer is noise for commit-granular times.
fn days(d: f64) -> f64 {
    (d * 100.0).round() / 100.0
}

/// Days spent in each state.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DaysInStateJson {
    /// In a todo status.
    pub todo: f64,
    /// In an in-progress status.
    #[serde(rename = "in-progress")]
    pub in_progress: f64,
    /// In a blocked status.
    pub blocked: f64,
    /// Done (and still in the file).
    pub done: f64,
}

/// One task of `todo stats --history --format json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TimelineJson<'a> {
    /// The ID.
    pub id: &'a str,
    /// The latest title seen.
    pub title: &'a str,
    /// When the ID first appeared, RFC 3339 (UTC).
    pub created: String,
    /// When the task last became done (or archived), RFC 3339 (UTC); null when it is not
    /// done, a reopened task included.
    pub done: Option<String>,
    /// Days from created to done.
    pub lead_time_days: Option<f64>,
    /// Days in each state.
    pub time_in_state_days: DaysInStateJson,
    /// The state now, or null when the task is gone.
    pub state: Option<&'static str>,
}

impl<'a> TimelineJson<'a> {
    /// The JSON view of a timeline.
    pub fn new(t: &'a TaskTimeline) -> Self {
        TimelineJson {
            id: &t.id,
            title: &t.title,
            created: rfc3339(t.created),
            done: t.done.map(rfc3339),
            lead_time_days: t.lead_time_days().map(days),
            time_in_state_days: DaysInStateJson {
                todo: days(t.days_in(State::Todo)),
                in_progress: days(t.days_in(State::InProgress)),
                blocked: days(t.days_in(State::Blocked)),
                done: days(t.days_in(State::Done)),
            },
            state: t.state.map(|s| s.name()),
        }
    }
}

/// `todo stats --history --format json`: `{"tasks": [...]}`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TimelinesJson<'a> {
    /// Every task with an ID in the history.
    pub tasks: Vec<TimelineJson<'a>>,
}

/// Each task's timeline (`stats --history`).
pub fn write_timelines(
    out: &mut dyn Write,
    format: Format,
    tasks: &[TaskTimeline],
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(
            out,
            &TimelinesJson {
                tasks: tasks.iter().map(TimelineJson::new).collect(),
            },
        ),
        Format::Csv => out.write_all(history_csv(tasks).as_bytes()),
        _ => out.write_all(history_table(tasks, color).as_bytes()),
    }
}
fn history_csv(tasks: &[TaskTimeline]) -> String {
    let mut out = String::from(
        "id,title,state,created,done,lead_time_days,todo_days,in_progress_days,blocked_days,done_days\n",
    );
    for t in tasks {
        let lead = t
            .lead_time_days()
            .map(|d| days(d).to_string())
            .unwrap_or_default();
        let _ = write!(
            out,
            "{},{},{},{},{},{lead}",
            quote(&t.id),
            quote(&t.title),
            t.state.map_or("", |s| s.name()),
            rfc3339(t.created),
            t.done.map(rfc3339).unwrap_or_default(),
        );
        // The four columns the CSV has always had; time spent cancelled is not a column.
        for s in &State::ALL[..4] {
            let _ = write!(out, ",{}", days(t.days_in(*s)));
        }
        out.push('\n');
    }
    out
}

fn history_table(tasks: &[TaskTimeline], color: bool) -> String {
    if tasks.is_empty() {
        return "no task with an ID in the history\n".into();
    }
    let mut t = table::new_table(
        &[
            "ID",
            "Title",
            "Created",
            "Done",
            "Lead (d)",
            "Todo",
            "In progress",
            "Blocked",
        ],
        color,
    );
    let short = |d: f64| {
        if d == 0.0 {
            String::new()
        } else {
            format!("{:.1}", d)
        }
    };
    for h in tasks {
        let mut row = comfy_table::Row::from(vec![
            h.id.clone(),
            sanitize(&h.title).into_owned(),
            date(h.created),
            h.done.map(date).unwrap_or_default(),
            h.lead_time_days()
                .map(|d| format!("{d:.1}"))
                .unwrap_or_default(),
            short(h.days_in(State::Todo)),
            short(h.days_in(State::InProgress)),
            short(h.days_in(State::Blocked)),
        ]);
        row.max_height(1);
        t.add_row(row);
    }
    let done: Vec<f64> = tasks
        .iter()
        .filter_map(TaskTimeline::lead_time_days)
        .collect();
    let mut out = format!("{}\n", t.trim_fmt());
    let noun = if tasks.len() == 1 { "task" } else { "tasks" };
    if done.is_empty() {
        let _ = writeln!(out, "{} {noun}, none done yet", tasks.len());
    } else {
        let mean = done.iter().sum::<f64>() / done.len() as f64;
        let _ = writeln!(
            out,
            "{} {noun}, {} done; mean lead time {mean:.1} days",
            tasks.len(),
            done.len()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_keeps_its_place_and_its_last_count() {
        let list = vec![
            (Some("(none)".to_string()), 2),
            (Some("P1".to_string()), 1),
            (None, 5),
        ];
        let json = serde_json::to_string(&Tally::of(&list)).unwrap();
        assert_eq!(json, r#"{"(none)":5,"P1":1}"#);
    }
}
