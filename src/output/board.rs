//! The board: tasks grouped into lanes (by status, state, owner, priority or section) and
//! drawn side by side to fit a width, as a GFM table, or as JSON grouped by lane.
//!
//! Building a board only groups what the project already holds; rendering only formats a
//! built board. Nothing here reads files, re-parses or edits: the interactive board in the
//! binary draws the same [`Board`] and moves cards through the edit layer.

use std::fmt::Write as _;

use serde::Serialize;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::{FieldKey, State, priority_rank};
use crate::output::format::{Format, write_json};
use crate::output::json::TaskJson;
use crate::output::sanitize;
use crate::project::{Project, TaskRef};

/// The formats `todo board` writes, the default first.
pub const FORMATS: &[Format] = &[Format::Text, Format::Md, Format::Json];

/// Writes `board` in `format`: lanes side by side fitted by `opts`, a GFM table, or JSON.
pub fn write(
    out: &mut dyn std::io::Write,
    format: Format,
    board: &Board<'_>,
    opts: TextOptions,
) -> std::io::Result<()> {
    match format {
        Format::Json => write_json(out, &BoardJson::new(board)),
        Format::Md => out.write_all(render_md(board).as_bytes()),
        _ => out.write_all(render_text(board, opts).as_bytes()),
    }
}

/// What the lanes stand for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LaneBy {
    /// One lane per state: todo, in-progress, blocked, done.
    State,
    /// One lane per status word of the files' schemas (and any other status in use).
    Status,
    /// One lane per owner.
    Owner,
    /// One lane per priority, highest first.
    Priority,
    /// One lane per section path.
    Section,
}

impl LaneBy {
    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            LaneBy::State => "state",
            LaneBy::Status => "status",
            LaneBy::Owner => "owner",
            LaneBy::Priority => "priority",
            LaneBy::Section => "section",
        }
    }
}

/// The lane of tasks without a value for the grouping field.
pub const NONE_LANE: &str = "(none)";

/// One lane: its name and its cards, highest priority first, then file order.
#[derive(Debug, Clone)]
pub struct Lane<'a> {
    /// The lane's title: a status as the schema spells it, a state name, an owner…
    pub name: String,
    /// The state the lane stands for, when lanes are statuses or states.
    pub state: Option<State>,
    /// The tasks in the lane.
    pub cards: Vec<TaskRef<'a>>,
}

/// Tasks grouped into lanes.
#[derive(Debug, Clone)]
pub struct Board<'a> {
    /// What the lanes stand for.
    pub by: LaneBy,
    /// The lanes, in board order (empty lanes of a schema included).
    pub lanes: Vec<Lane<'a>>,
}

/// Where a status sorts among lanes: by its state (cancelled after done), then by the order
/// the schema declares it, then by first use.
fn state_rank(state: State, name: &str) -> usize {
    let upper = name.to_ascii_uppercase();
    if state == State::Done && (upper.starts_with("CANCEL") || upper.starts_with("WONT")) {
        return 4;
    }
    state as usize
}

/// Builds the board of every task outside the archive file (with `archived`, of every task).
pub fn build(project: &Project, by: LaneBy, archived: bool) -> Board<'_> {
    let tasks: Vec<TaskRef<'_>> = project
        .tasks()
        .filter(|t| archived || !t.file.archive)
        .collect();
    let mut lanes: Vec<Lane<'_>> = match by {
        LaneBy::State => State::ALL
            .iter()
            .map(|s| Lane {
                name: s.name().to_string(),
                state: Some(*s),
                cards: Vec::new(),
            })
            .collect(),
        LaneBy::Status => status_lanes(project, &tasks),
        _ => Vec::new(),
    };
    for t in tasks {
        let key = lane_key(&t, by);
        let i = match lanes.iter().position(|l| l.name.eq_ignore_ascii_case(&key)) {
            Some(i) => i,
            None => {
                lanes.push(Lane {
                    name: key,
                    state: (by == LaneBy::Status).then_some(t.task.state),
                    cards: Vec::new(),
                });
                lanes.len() - 1
            }
        };
        lanes[i].cards.push(t);
    }
    match by {
        LaneBy::Priority => lanes.sort_by_key(|l| {
            let none = l.name == NONE_LANE;
            (none, priority_rank(Some(&l.name)), l.name.clone())
        }),
        LaneBy::Owner => {
            // Owners the schema declares first, in its order; then the others as met.
            let declared = declared_values(project, FieldKey::Owner);
            lanes.sort_by_key(|l| {
                let at = declared
                    .iter()
                    .position(|d| d.eq_ignore_ascii_case(&l.name));
                (l.name == NONE_LANE, at.unwrap_or(usize::MAX))
            })
        }
        LaneBy::Section => lanes.sort_by_key(|l| l.name == NONE_LANE),
        LaneBy::Status => {
            lanes.sort_by_key(|l| l.state.map_or(usize::MAX, |s| state_rank(s, &l.name)))
        }
        LaneBy::State => {}
    }
    for lane in &mut lanes {
        lane.cards
            .sort_by_cached_key(|t| priority_rank(t.priority_text().as_deref()));
    }
    Board { by, lanes }
}

/// The values the schemas of the (non-archive) files declare for a field, in order.
fn declared_values(project: &Project, key: FieldKey) -> Vec<String> {
    let config_schema = project.config.schema();
    let mut out: Vec<String> = Vec::new();
    for f in project.files.iter().filter(|f| !f.archive) {
        if let Some(schema) = project.schema_for(f, &config_schema) {
            for v in schema.values(key) {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(v)) {
                    out.push(v.clone());
                }
            }
        }
    }
    out
}

/// The schema's status values of every file, in declaration order, each with its state; then
/// the statuses in use that no schema declares, in file order (sorted by state later).
fn status_lanes<'a>(project: &Project, tasks: &[TaskRef<'a>]) -> Vec<Lane<'a>> {
    let states = project.config.state_map();
    let mut lanes: Vec<Lane<'a>> = Vec::new();
    let mut add = |name: &str, state: State| {
        if !lanes.iter().any(|l| l.name.eq_ignore_ascii_case(name)) {
            lanes.push(Lane {
                name: name.to_string(),
                state: Some(state),
                cards: Vec::new(),
            });
        }
    };
    for v in declared_values(project, FieldKey::Status) {
        add(&v, states.state_of(&v).unwrap_or(State::Todo));
    }
    for t in tasks {
        add(&lane_key(t, LaneBy::Status), t.task.state);
    }
    lanes
}

/// The lane a task belongs in.
pub fn lane_key(t: &TaskRef<'_>, by: LaneBy) -> String {
    let task = t.task;
    let or_none = |v: Option<&str>| v.map_or_else(|| NONE_LANE.to_string(), str::to_string);
    match by {
        LaneBy::State => task.state.name().to_string(),
        LaneBy::Status => task
            .status()
            .map_or_else(|| task.state.name().to_string(), str::to_string),
        LaneBy::Owner => or_none(t.owner()),
        LaneBy::Priority => or_none(t.priority_text().as_deref()),
        LaneBy::Section => {
            let path = t.section();
            if path.is_empty() {
                NONE_LANE.to_string()
            } else {
                path.join(" / ")
            }
        }
    }
}

/// Text cut to `width` terminal columns, with `…` when something was left out.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.truncate(out.trim_end().len());
        out.push('…');
    }
    out
}

/// `text` padded with spaces to `width` columns (cut first when longer).
fn pad(text: &str, width: usize) -> String {
    let cut = fit(text, width);
    let w = cut.width();
    format!("{cut}{}", " ".repeat(width.saturating_sub(w)))
}

/// The card's first line: ID, priority, checklist progress.
pub fn card_head(t: &TaskRef<'_>) -> String {
    let task = t.task;
    let mut parts: Vec<String> = vec![task.id().unwrap_or("·").to_string()];
    if let Some(p) = task.priority() {
        parts.push(p.to_string());
    }
    let (done, total) = task.progress();
    if total > 0 {
        parts.push(format!("☑ {done}/{total}"));
    }
    sanitize(&parts.join("  ")).into_owned()
}

/// The narrowest lane drawn; more lanes than fit side by side go on to a further band.
pub const MIN_LANE: usize = 18;
const GAP: &str = " │ ";

/// Text rendering settings.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// The width to fit, in terminal columns.
    pub width: usize,
    /// Colour lane titles by state (ANSI).
    pub color: bool,
}

/// How many lanes go side by side in `width` columns, and how wide each is.
pub fn lane_layout(lanes: usize, width: usize) -> (usize, usize) {
    let lanes = lanes.max(1);
    let gap = GAP.chars().count();
    let per_band = ((width + gap) / (MIN_LANE + gap)).clamp(1, lanes);
    let lane_width = (width.saturating_sub(gap * (per_band - 1)) / per_band).max(1);
    (per_band, lane_width)
}

/// The board as text lanes side by side, every line at most `opts.width` columns wide.
pub fn render_text(board: &Board<'_>, opts: TextOptions) -> String {
    let mut out = String::new();
    if board.lanes.is_empty() {
        return "no tasks\n".to_string();
    }
    let (per_band, w) = lane_layout(board.lanes.len(), opts.width);
    for (b, band) in board.lanes.chunks(per_band).enumerate() {
        if b > 0 {
            out.push('\n');
        }
        let heads: Vec<String> = band
            .iter()
            .map(|l| {
                let title = pad(&format!("{} ({})", sanitize(&l.name), l.cards.len()), w);
                paint(&title, l.state, opts.color)
            })
            .collect();
        push_row(&mut out, &heads);
        let rule: Vec<String> = band.iter().map(|_| "─".repeat(w)).collect();
        let _ = writeln!(out, "{}", rule.join("─┼─").trim_end());
        let rows = band.iter().map(|l| l.cards.len()).max().unwrap_or(0);
        for r in 0..rows {
            if r > 0 {
                push_row(&mut out, &vec![" ".repeat(w); band.len()]);
            }
            let cell = |l: &Lane<'_>, line: usize| {
                l.cards.get(r).map_or_else(
                    || " ".repeat(w),
                    |t| {
                        if line == 0 {
                            pad(&card_head(t), w)
                        } else {
                            pad(&sanitize(&t.task.title.value), w)
                        }
                    },
                )
            };
            for line in 0..2 {
                let cells: Vec<String> = band.iter().map(|l| cell(l, line)).collect();
                push_row(&mut out, &cells);
            }
        }
    }
    out
}

fn push_row(out: &mut String, cells: &[String]) {
    let line = cells.join(GAP);
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Bold, and coloured by state, when colour is on.
fn paint(text: &str, state: Option<State>, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match state {
        Some(State::InProgress) => "1;33",
        Some(State::Blocked) => "1;31",
        Some(State::Done) => "1;32",
        Some(State::Cancelled) => "2",
        _ => "1",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// A table cell's text: control characters escaped, pipes escaped, on one line.
fn md_cell(text: &str) -> String {
    sanitize(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

/// The board as a GFM table: one column per lane, one card per cell.
pub fn render_md(board: &Board<'_>) -> String {
    let mut out = String::new();
    if board.lanes.is_empty() {
        return "_No tasks._\n".to_string();
    }
    let heads: Vec<String> = board
        .lanes
        .iter()
        .map(|l| format!("{} ({})", md_cell(&l.name), l.cards.len()))
        .collect();
    let _ = writeln!(out, "| {} |", heads.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(board.lanes.len()));
    let rows = board.lanes.iter().map(|l| l.cards.len()).max().unwrap_or(0);
    for r in 0..rows {
        let cells: Vec<String> = board
            .lanes
            .iter()
            .map(|l| l.cards.get(r).map(md_card).unwrap_or_default())
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}

fn md_card(t: &TaskRef<'_>) -> String {
    let task = t.task;
    let mut out = match task.id() {
        Some(id) => format!("**{}** {}", md_cell(id), md_cell(&task.title.value)),
        None => md_cell(&task.title.value),
    };
    let mut meta = Vec::new();
    if let Some(p) = task.priority() {
        meta.push(md_cell(p));
    }
    let (done, total) = task.progress();
    if total > 0 {
        meta.push(format!("{done}/{total}"));
    }
    if !meta.is_empty() {
        let _ = write!(out, " ({})", meta.join(", "));
    }
    out
}

/// The board as JSON: `{ "by": …, "lanes": [{ "name", "state", "count", "tasks": [task] }] }`,
/// each task in the shape of docs/json.md.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct BoardJson<'a> {
    /// What the lanes stand for.
    pub by: LaneBy,
    /// The lanes.
    pub lanes: Vec<LaneJson<'a>>,
}

/// One lane as JSON.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LaneJson<'a> {
    /// The lane's title.
    pub name: &'a str,
    /// Its state, for status and state lanes.
    pub state: Option<State>,
    /// Number of tasks.
    pub count: usize,
    /// The tasks, in board order.
    pub tasks: Vec<TaskJson<'a>>,
}

impl<'a> BoardJson<'a> {
    /// The JSON view of a board.
    pub fn new(board: &'a Board<'a>) -> Self {
        BoardJson {
            by: board.by,
            lanes: board
                .lanes
                .iter()
                .map(|l| LaneJson {
                    name: &l.name,
                    state: l.state,
                    count: l.cards.len(),
                    tasks: l.cards.iter().map(|t| TaskJson::new(*t)).collect(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::project::LoadedFile;
    use crate::{Document, TaskFile};

    const TEXT: &str = "# Work\n\n## Task schema\n- **Status**: `READY | BLOCKED | IN-PROGRESS | IN-REVIEW | DONE`\n\n\
        ## Now\n\n### T-1: Write the reader\nStatus: IN-REVIEW\nPriority: P1\nOwner: ana\n- [x] a\n- [ ] b\n\n\
        ### T-2: Draw the lanes side by side so they fit any terminal\nStatus: READY\nPriority: P2\n\n\
        ### T-3: Wait for review\nStatus: BLOCKED\nPriority: P0\nOwner: ben\n\n\
        ### T-4: Ship\nStatus: READY\nPriority: P0\n";

    /// A project of one file, `TODO.md`, holding `text` (shared with the graph's tests).
    pub(crate) fn project(text: &str) -> Project {
        let file = TaskFile::parse(Document::from_string("TODO.md", text.to_string()));
        Project {
            root: ".".into(),
            config_path: None,
            config: Default::default(),
            files: vec![LoadedFile {
                display: "TODO.md".into(),
                file,
                archive: false,
            }],
        }
    }

    fn names(b: &Board<'_>) -> Vec<(String, Vec<String>)> {
        b.lanes
            .iter()
            .map(|l| {
                let ids = l.cards.iter().map(|t| t.task.id().unwrap().to_string());
                (l.name.clone(), ids.collect())
            })
            .collect()
    }

    fn lane(name: &str, ids: &[&str]) -> (String, Vec<String>) {
        (name.into(), ids.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn status_lanes_follow_state_then_schema_order() {
        let p = project(TEXT);
        let b = build(&p, LaneBy::Status, false);
        assert_eq!(
            names(&b),
            [
                lane("READY", &["T-4", "T-2"]),
                lane("IN-PROGRESS", &[]),
                lane("IN-REVIEW", &["T-1"]),
                lane("BLOCKED", &["T-3"]),
                lane("DONE", &[]),
            ]
        );
    }

    #[test]
    fn other_groupings() {
        let p = project(TEXT);
        let by = |b| names(&build(&p, b, false));
        assert_eq!(
            by(LaneBy::Owner),
            [
                lane("ana", &["T-1"]),
                lane("ben", &["T-3"]),
                lane(NONE_LANE, &["T-4", "T-2"])
            ]
        );
        assert_eq!(
            by(LaneBy::Priority),
            [
                lane("P0", &["T-3", "T-4"]),
                lane("P1", &["T-1"]),
                lane("P2", &["T-2"])
            ]
        );
        assert_eq!(by(LaneBy::State)[0], lane("todo", &["T-4", "T-2"]));
        assert_eq!(
            by(LaneBy::Section),
            [lane("Now", &["T-3", "T-4", "T-1", "T-2"])]
        );
    }

    #[test]
    fn text_fits_the_width_and_cuts_titles() {
        let p = project(TEXT);
        let b = build(&p, LaneBy::Status, false);
        for width in [40, 80, 120] {
            let text = render_text(
                &b,
                TextOptions {
                    width,
                    color: false,
                },
            );
            for line in text.lines() {
                assert!(line.width() <= width, "{width}: {line:?}");
            }
        }
        let text = render_text(
            &b,
            TextOptions {
                width: 120,
                color: false,
            },
        );
        assert!(text.starts_with("READY (2)"), "{text}");
        assert!(text.contains("Draw the lanes side…  │"), "{text}");
        assert!(text.contains("T-1  P1  ☑ 1/2"), "{text}");
    }

    #[test]
    fn lanes_that_do_not_fit_go_to_another_band() {
        assert_eq!(lane_layout(5, 120), (5, 21));
        assert_eq!(lane_layout(5, 60), (3, 18));
        assert_eq!(lane_layout(3, 10), (1, 10));
    }

    #[test]
    fn markdown_cells_escape_pipes() {
        let p = project("### T-1: a | b\nStatus: READY\n");
        let md = render_md(&build(&p, LaneBy::Status, false));
        assert_eq!(md, "| READY (1) |\n|---|\n| **T-1** a \\| b |\n");
    }

    #[test]
    fn fit_counts_wide_characters() {
        assert_eq!(fit("日本語のタイトル", 7), "日本語…");
        assert_eq!(fit("short", 7), "short");
    }
}
