//! `todo stats`: counts by state, priority, owner and section with checklist completion (of the
//! working tree, or `--ref`), and with `--history` per-task dates, time in each state and lead
//! time from git; `--format svg` draws the history as a cumulative flow or burn-up chart. The
//! numbers come from `todo_md::history::stats` and `history::flow`; this module renders them.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde_json::{Map, Value, json};
use todo_md::git::Repo;
use todo_md::history::stats::{Counts, TaskTimeline, counts, task_timelines};
use todo_md::model::State;
use todo_md::output::chart::ChartKind;
use todo_md::output::{sanitize, table};

use super::{Ctx, Format, UsageError, emit};

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Per task from git history: created, done, lead time and days in each state.
    #[arg(long)]
    history: bool,
    /// With --history --format svg: a cumulative flow diagram (default) or a burn-up chart.
    #[arg(long, value_enum, requires = "history")]
    chart: Option<Chart>,
}

/// The chart `--format svg` draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Chart {
    /// Tasks per state over time, stacked.
    Flow,
    /// Done against total over time.
    Burnup,
}

const NONE: &str = "(none)";

pub fn run(ctx: &Ctx, args: &StatsArgs) -> Result<ExitCode> {
    let formats = [Format::Table, Format::Json, Format::Csv, Format::Svg];
    let default = if args.chart.is_some() {
        Format::Svg
    } else {
        Format::Table
    };
    let format = ctx.format(&formats, default)?;
    if format == Format::Svg && !args.history {
        return Err(UsageError("--format svg charts the history; add --history".into()).into());
    }
    if args.chart.is_some() && format != Format::Svg {
        return Err(UsageError("--chart draws an SVG; use --format svg".into()).into());
    }
    if args.history {
        if !ctx.files.is_empty() {
            // The walk chooses task files per commit; a path on disk names none of them.
            return Err(UsageError("--history reads every task file; drop --file".into()).into());
        }
        // Discover from the absolute path so the error names a real directory, not `.`.
        let repo = Repo::discover(&std::fs::canonicalize(&ctx.cwd).unwrap_or(ctx.cwd.clone()))?;
        let rev = ctx.rev.as_deref().unwrap_or("HEAD");
        if format == Format::Svg {
            let kind = match args.chart {
                Some(Chart::Burnup) => ChartKind::Burnup,
                _ => ChartKind::Flow,
            };
            let points = todo_md::history::flow::flow(&repo, &ctx.cwd, rev)?;
            emit(&todo_md::output::chart::svg(&points, kind)?)?;
            return Ok(ExitCode::SUCCESS);
        }
        let now = chrono::Utc::now().timestamp();
        let tasks = task_timelines(&repo, &ctx.cwd, rev, now)?;
        emit(&match format {
            Format::Json => history_json(&tasks)?,
            Format::Csv => history_csv(&tasks),
            _ => history_table(&tasks, ctx.color),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let project = ctx.project()?;
    let c = counts(&project);
    emit(&match format {
        Format::Json => counts_json(&c)?,
        Format::Csv => counts_csv(&c),
        _ => counts_table(&c, ctx.color),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn key(k: &Option<String>) -> &str {
    k.as_deref().unwrap_or(NONE)
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

fn counts_json(c: &Counts) -> Result<String> {
    let map = |list: &[(Option<String>, usize)]| {
        list.iter()
            .map(|(k, n)| (key(k).to_string(), json!(n)))
            .collect::<Map<String, Value>>()
    };
    let by_state: Map<String, Value> = c
        .by_state
        .iter()
        .map(|(s, n)| (s.name().to_string(), json!(n)))
        .collect();
    let ch = &c.checklist;
    let v = json!({
        "total": c.total,
        "archived": c.archived,
        "by_state": by_state,
        "by_priority": map(&c.by_priority),
        "by_owner": map(&c.by_owner),
        "by_section": map(&c.by_section),
        "checklist": {
            "items_done": ch.items_done,
            "items_total": ch.items_total,
            "tasks_with_items": ch.tasks_with_items,
            "tasks_complete": ch.tasks_complete,
        },
    });
    Ok(format!("{}\n", serde_json::to_string_pretty(&v)?))
}

/// RFC 4180 quoting.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
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

fn history_json(tasks: &[TaskTimeline]) -> Result<String> {
    let list: Vec<Value> = tasks
        .iter()
        .map(|t| {
            let in_state: Map<String, Value> = State::ALL
                .iter()
                .map(|s| (s.name().to_string(), json!(days(t.days_in(*s)))))
                .collect();
            json!({
                "id": t.id,
                "title": t.title,
                "created": rfc3339(t.created),
                "done": t.done.map(rfc3339),
                "lead_time_days": t.lead_time_days().map(days),
                "time_in_state_days": in_state,
                "state": t.state.map(|s| s.name()),
            })
        })
        .collect();
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&json!({ "tasks": list }))?
    ))
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
        for s in State::ALL {
            let _ = write!(out, ",{}", days(t.days_in(s)));
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
