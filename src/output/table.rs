//! Terminal tables (comfy-table) in the house style, fitted to the terminal width, and the task
//! table of `list` and `ready`. Every table of every command is built with [`new_table`]; this
//! module never decides what goes in a table, only how it is laid out.

use std::io::IsTerminal;

use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Row, Table, Width, presets,
};

use crate::model::{FieldKey, State};
use crate::output::sanitize;
use crate::project::TaskRef;
use crate::query::Subtasks;

/// Table settings.
#[derive(Debug, Clone, Copy)]
pub struct TableOptions {
    /// Colour cells by state.
    pub color: bool,
    /// Add a file column (when tasks come from more than one file).
    pub show_file: bool,
}

/// The terminal width to fit: `COLUMNS`, else the terminal's, else none (no limit).
pub fn terminal_width() -> Option<u16> {
    if let Some(w) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(w);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let probe = Table::new();
    probe.width()
}

/// A new table in the house style.
pub fn new_table(headers: &[&str], color: bool) -> Table {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = terminal_width() {
        table.set_width(w);
    }
    table.force_no_tty();
    if color {
        table.enforce_styling();
    }
    table.set_header(
        headers
            .iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold))
            .collect::<Vec<_>>(),
    );
    table
}

/// The colour of a state.
pub fn state_color(state: State) -> Option<Color> {
    match state {
        State::Todo => None,
        State::InProgress => Some(Color::Yellow),
        State::Blocked => Some(Color::Red),
        State::Done => Some(Color::Green),
        // Dimmed: closed work that was not done.
        State::Cancelled => Some(Color::DarkGrey),
    }
}

fn cell(text: &str, color: Option<Color>) -> Cell {
    let c = Cell::new(sanitize(text));
    match color {
        Some(col) => c.fg(col),
        None => c,
    }
}

/// The task table of `list` and `ready`.
pub fn render<'a>(tasks: &[TaskRef<'a>], opts: TableOptions) -> String {
    let rows: Vec<(TaskRef<'a>, usize)> = tasks.iter().map(|t| (*t, 0)).collect();
    render_tree(&rows, &Subtasks::default(), opts)
}

/// The task table with each title indented by its depth (`list --tree`), and a parent's
/// Done column counting its sub-tasks with its checklist.
pub fn render_tree<'a>(
    tasks: &[(TaskRef<'a>, usize)],
    subtasks: &Subtasks,
    opts: TableOptions,
) -> String {
    let mut headers = vec!["ID", "Title", "Status", "Pri", "Owner", "Deps", "Done"];
    if opts.show_file {
        headers.push("File");
    }
    let mut table = new_table(&headers, opts.color);
    for (t, depth) in tasks {
        let task = t.task;
        let color = if opts.color {
            state_color(task.state)
        } else {
            None
        };
        let status = task.status().unwrap_or(task.state.name());
        let (mut done, mut total) = task.progress();
        if let Some((d, n)) = subtasks.progress(t) {
            done += d;
            total += n;
        }
        let title = if *depth == 0 {
            task.shown_title().to_string()
        } else {
            format!("{}└ {}", "  ".repeat(depth - 1), task.shown_title())
        };
        let progress = if total == 0 {
            String::new()
        } else {
            format!("{done}/{total}")
        };
        let deps: Vec<&str> = task.dependencies.iter().map(|d| d.value.as_str()).collect();
        let mut row = Row::from(vec![
            cell(task.id().unwrap_or("·"), None),
            cell(&title, None),
            cell(status, color),
            cell(t.priority_text().as_deref().unwrap_or(""), None),
            cell(task.value(FieldKey::Owner).unwrap_or(""), None),
            cell(&deps.join(","), None),
            cell(&progress, None),
        ]);
        if opts.show_file {
            row.add_cell(cell(&format!("{}:{}", t.file.display, t.line()), None));
        }
        row.max_height(1);
        table.add_row(row);
    }
    fit_columns(&mut table, opts.show_file);
    format!("{}\n", table.trim_fmt())
}

/// Lets the title take the room; keeps the small columns whole.
fn fit_columns(table: &mut Table, show_file: bool) {
    for (i, col) in table.column_iter_mut().enumerate() {
        match i {
            1 => continue,
            2 | 4 => col.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(15))),
            5 => col.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(15))),
            7 if show_file => {
                col.set_constraint(ColumnConstraint::UpperBoundary(Width::Percentage(25)))
            }
            _ => col.set_constraint(ColumnConstraint::ContentWidth),
        };
    }
}

/// `N tasks (a todo, b in-progress, c blocked, d done)`.
pub fn count_line<'a>(tasks: impl IntoIterator<Item = &'a TaskRef<'a>>) -> String {
    let mut counts = [0usize; State::ALL.len()];
    let mut n = 0;
    for t in tasks {
        n += 1;
        counts[t.task.state as usize] += 1;
    }
    let parts: Vec<String> = State::ALL
        .iter()
        .zip(counts)
        .filter(|(_, c)| *c > 0)
        .map(|(s, c)| format!("{c} {}", s.name()))
        .collect();
    let noun = if n == 1 { "task" } else { "tasks" };
    if parts.is_empty() {
        format!("{n} {noun}\n")
    } else {
        format!("{n} {noun} ({})\n", parts.join(", "))
    }
}
