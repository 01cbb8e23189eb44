//! `todo board`: the project's tasks in lanes, printed side by side to fit the terminal, as a
//! Markdown table or as JSON; with `-i`, the interactive board of [`super::board_tui`].
//! Grouping and layout live in `todo_md::output::board`; this module only picks the width and
//! the format.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use todo_md::output::Format;
use todo_md::output::board::{self, LaneBy, TextOptions};
use todo_md::output::table::terminal_width;

use super::{Ctx, UsageError, write_stdout};

#[derive(Debug, Args)]
pub struct BoardArgs {
    /// What the lanes are: the file's statuses (default), states, owners, priorities or
    /// sections.
    #[arg(long, value_enum, default_value_t = By::Status)]
    pub by: By,
    /// Fit this many columns (default: the terminal's width, or 120 when not a terminal).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Include the tasks of the archive file.
    #[arg(long)]
    pub archived: bool,
    /// Full-screen interactive board: arrows or hjkl select, `>`/`<` move the card to the
    /// next/previous lane (as `todo move` would), Enter shows details, `/` filters, q quits.
    #[arg(short, long, conflicts_with = "width")]
    pub interactive: bool,
}

/// What the lanes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// One lane per state: todo, in-progress, blocked, done.
    State,
    /// One lane per status of the schema, ordered by state then schema order.
    Status,
    /// One lane per owner.
    Owner,
    /// One lane per priority, highest first.
    Priority,
    /// One lane per section.
    Section,
}

impl By {
    pub fn lane_by(self) -> LaneBy {
        match self {
            By::State => LaneBy::State,
            By::Status => LaneBy::Status,
            By::Owner => LaneBy::Owner,
            By::Priority => LaneBy::Priority,
            By::Section => LaneBy::Section,
        }
    }
}

/// The width a board is fitted to when neither `--width` nor a terminal says.
const DEFAULT_WIDTH: usize = 120;

pub fn run(ctx: &Ctx, args: &BoardArgs) -> Result<ExitCode> {
    let format = ctx.format_in(board::FORMATS)?;
    if args.interactive {
        if format != Format::Text {
            return Err(UsageError("--interactive draws the board; drop --format".into()).into());
        }
        if ctx.rev.is_some() {
            return Err(
                UsageError("--interactive edits the working tree; drop --ref".into()).into(),
            );
        }
        return super::board_tui::run(ctx, args.by.lane_by(), args.archived);
    }
    let project = ctx.project()?;
    let board = board::build(&project, args.by.lane_by(), args.archived);
    let width = args
        .width
        .or_else(|| terminal_width().map(usize::from))
        .unwrap_or(DEFAULT_WIDTH);
    let opts = TextOptions {
        width,
        color: ctx.color,
    };
    write_stdout(|out| board::write(out, format, &board, opts))?;
    Ok(ExitCode::SUCCESS)
}
