//! Terminal tables (comfy-table) in the house style, fitted to the terminal width, and the task
//! table of `list` and `ready`. Every table of every command is built with [`new_table`]; this
//! module never decides what goes in a table, only how it is laid out.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::IsTerminal;

use comfy_table::{
    Attribute, Cell, Color, ColumnConstraint, ContentArrangement, Row, Table, Width, presets,
};

use crate::model::State;
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

/// A new table in the house style, fitted to the terminal's width.
pub fn new_table(headers: &[&str], color: bool) -> Table {
    table_with(headers, color, terminal_width())
}

/// A new table in the house style, fitted to `width` (none: as wide as its content).
fn table_with(headers: &[&str], color: bool, width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
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
    let rows: Vec<Vec<Cow<'a, str>>> = tasks
        .iter()
        .map(|(t, depth)| task_row(t, *depth, subtasks, opts.show_file))
        .collect();
    let width = terminal_width();
    // Piped and plain (a script, a pager, `todo list > file`): the layout needs no fitting,
    // and is drawn directly.
    if !opts.color
        && width.is_none()
        && let Some(text) = plain(&headers, &rows)
    {
        return text;
    }
    let colors: Vec<Option<Color>> = tasks
        .iter()
        .map(|(t, _)| {
            if opts.color {
                state_color(t.task.state)
            } else {
                None
            }
        })
        .collect();
    drawn(&headers, rows, &colors, opts.show_file, opts.color, width)
}

/// One task's cells, made safe for a terminal; a cell is borrowed from the task where the
/// text needs no change (most cells of most rows), so a long list allocates little.
fn task_row<'a>(
    t: &TaskRef<'a>,
    depth: usize,
    subtasks: &Subtasks,
    show_file: bool,
) -> Vec<Cow<'a, str>> {
    let task = t.task;
    let status = task.status().unwrap_or(task.state.name());
    let (mut done, mut total) = task.progress();
    if let Some((d, n)) = subtasks.progress(t) {
        done += d;
        total += n;
    }
    let title = if depth == 0 {
        sanitize(task.shown_title())
    } else {
        let indented = format!("{}└ {}", "  ".repeat(depth - 1), task.shown_title());
        sanitized(Cow::Owned(indented))
    };
    let progress = if total == 0 {
        Cow::Borrowed("")
    } else {
        Cow::Owned(format!("{done}/{total}"))
    };
    let deps = match task.dependencies.as_slice() {
        [] => Cow::Borrowed(""),
        [one] => sanitize(&one.value),
        many => {
            let joined: Vec<&str> = many.iter().map(|d| d.value.as_str()).collect();
            sanitized(Cow::Owned(joined.join(",")))
        }
    };
    let priority = sanitized(t.priority_text().unwrap_or_default());
    let mut row = Vec::with_capacity(8);
    row.extend([
        sanitize(task.id().unwrap_or("·")),
        title,
        sanitize(status),
        priority,
        sanitize(t.owner().unwrap_or("")),
        deps,
        progress,
    ]);
    if show_file {
        let mut file = sanitize(&t.file.display).into_owned();
        let _ = write!(file, ":{}", t.line());
        row.push(Cow::Owned(file));
    }
    row
}

/// [`sanitize`] for text that may be owned already: borrowed text stays borrowed where it
/// needs no change, owned text is kept rather than copied.
fn sanitized(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(t) => sanitize(t),
        Cow::Owned(t) => match sanitize(&t) {
            Cow::Borrowed(_) => Cow::Owned(t),
            Cow::Owned(escaped) => Cow::Owned(escaped),
        },
    }
}

/// The task table laid out by comfy-table: fitted to `width`, each row's Status cell in its
/// colour, each row one line high.
fn drawn(
    headers: &[&str],
    rows: Vec<Vec<Cow<'_, str>>>,
    colors: &[Option<Color>],
    show_file: bool,
    color: bool,
    width: Option<u16>,
) -> String {
    let mut table = table_with(headers, color, width);
    for (cells, fg) in rows.into_iter().zip(colors) {
        let cells: Vec<Cell> = cells
            .into_iter()
            .enumerate()
            .map(|(i, text)| match fg {
                Some(col) if i == 2 => Cell::new_owned(text.into_owned()).fg(*col),
                _ => Cell::new_owned(text.into_owned()),
            })
            .collect();
        let mut row = Row::from(cells);
        row.max_height(1);
        table.add_row(row);
    }
    fit_columns(&mut table, show_file);
    format!("{}\n", table.trim_fmt())
}

/// What [`drawn`] gives with no width to fit and no colour, built directly (comfy-table's
/// general layout was a quarter of `list`'s time on 1,000 tasks): each column as wide as its
/// widest cell and at least 1, a space either side, no borders, each line's trailing white
/// space trimmed. `None` for what only comfy-table lays out: a cell with a line break (cut to
/// its first line and `…`), a column too wide for its `u16` widths, a row of another length.
fn plain(headers: &[&str], rows: &[Vec<Cow<'_, str>>]) -> Option<String> {
    let header_widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    let mut widths: Vec<usize> = header_widths.iter().map(|&w| w.max(1)).collect();
    // Each cell's width, measured once, row after row.
    let mut cell_widths = Vec::with_capacity(rows.len() * headers.len());
    let mut bytes = 0;
    for row in rows {
        if row.len() != headers.len() {
            return None;
        }
        for (w, cell) in widths.iter_mut().zip(row) {
            if cell.contains('\n') {
                return None;
            }
            let cw = text_width(cell);
            *w = (*w).max(cw);
            cell_widths.push(cw);
            bytes += cell.len();
        }
    }
    if widths.iter().any(|&w| w >= usize::from(u16::MAX)) {
        return None;
    }
    let line_width: usize = widths.iter().map(|w| w + 2).sum();
    let mut out = String::with_capacity(bytes + (rows.len() + 1) * (line_width + 1));
    let mut line = String::with_capacity(line_width);
    let header = headers.iter().copied().zip(header_widths.iter().copied());
    plain_line(&mut out, &mut line, &widths, header);
    for (row, measured) in rows.iter().zip(cell_widths.chunks(headers.len().max(1))) {
        let cells = row.iter().map(|c| &**c).zip(measured.iter().copied());
        plain_line(&mut out, &mut line, &widths, cells);
    }
    Some(out)
}

/// One line of [`plain`]: each cell (with its measured width) padded to its column's width.
fn plain_line<'s>(
    out: &mut String,
    line: &mut String,
    widths: &[usize],
    cells: impl Iterator<Item = (&'s str, usize)>,
) {
    line.clear();
    for ((cell, cw), &w) in cells.zip(widths) {
        line.push(' ');
        line.push_str(cell);
        pad(line, w - cw + 1);
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Appends `n` spaces.
fn pad(line: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        line.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// The columns `text` takes, as comfy-table measures it (Unicode width; a printable ASCII
/// character is one column).
fn text_width(text: &str) -> usize {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        text.len()
    } else {
        unicode_width::UnicodeWidthStr::width(text)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const HEADERS: [&str; 7] = ["ID", "Title", "Status", "Pri", "Owner", "Deps", "Done"];

    /// The direct layout and comfy-table's, with no width and no colour.
    fn both(rows: Vec<Vec<String>>) -> (Option<String>, String) {
        let colors = vec![None; rows.len()];
        let rows: Vec<Vec<Cow<'_, str>>> = rows
            .into_iter()
            .map(|r| r.into_iter().map(Cow::Owned).collect())
            .collect();
        let fast = plain(&HEADERS, &rows);
        (fast, drawn(&HEADERS, rows, &colors, false, false, None))
    }

    /// Cells made of pieces that measure differently: wide, combining, zero-width, white space
    /// that `trim_end` takes (a no-break space, an ideographic space) and text.
    fn cell() -> impl Strategy<Value = String> {
        let pieces = vec![
            "a",
            "Fix it",
            " ",
            "  ",
            "T-1",
            "漢字",
            "🙂",
            "e\u{301}",
            "\u{200b}",
            "\u{a0}",
            "\u{3000}",
            "·",
            "└ ",
            "-",
            "\u{7f}",
            "a longer title with words",
        ];
        prop::collection::vec(prop::sample::select(pieces), 0..5).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn the_plain_layout_is_what_comfy_table_draws(
            rows in prop::collection::vec(prop::collection::vec(cell(), 7), 0..6)
        ) {
            let (fast, drawn) = both(rows);
            prop_assert_eq!(fast.as_deref(), Some(drawn.as_str()));
        }
    }

    #[test]
    fn an_empty_table_is_its_header() {
        let (fast, drawn) = both(Vec::new());
        assert_eq!(
            fast.as_deref(),
            Some(" ID  Title  Status  Pri  Owner  Deps  Done\n")
        );
        assert_eq!(fast.as_deref(), Some(drawn.as_str()));
    }

    #[test]
    fn a_cell_with_a_line_break_is_left_to_comfy_table() {
        let mut row = vec![String::new(); 7];
        row[1] = "two\nlines".into();
        let (fast, drawn) = both(vec![row]);
        assert_eq!(fast, None);
        // Cut to its first line, with the mark that something was cut.
        assert_eq!(drawn.lines().count(), 2);
        assert!(drawn.contains("two…"), "{drawn}");
    }
}
