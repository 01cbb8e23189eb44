//! `todo board -i`: the board full screen (ratatui over crossterm). Arrows or hjkl select,
//! `>`/`<` (Shift+Right/Left) move the selected card to the next or previous lane, Enter shows
//! the task, `/` filters, q quits; the board reloads when a task file changes on disk.
//!
//! A move is `todo move`'s own path: `ops::move_to` plans it, `Plan::apply` verifies the
//! result, `fs::write_files` writes it atomically under the lock. This module never
//! builds an edit itself. The terminal is restored on every exit and on panic
//! (`ratatui::init` installs the hook).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use anyhow::Result;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::{DefaultTerminal, Frame};
use todo_md::fs::write_files;
use todo_md::model::State;
use todo_md::ops::{self, Common, MoveOptions};
use todo_md::output::board::{self, LaneBy, MIN_LANE, card_head, fit};
use todo_md::output::sanitize;
use todo_md::project::{Project, TaskRef};

use super::{Ctx, UsageError};

/// How often the files are checked for changes while no key is pressed.
const POLL: Duration = Duration::from_millis(250);

/// A card as drawn: owned, so the board survives reloading the project.
struct Card {
    id: Option<String>,
    head: String,
    title: String,
    details: Vec<String>,
}

/// A lane as drawn.
struct LaneView {
    name: String,
    state: Option<State>,
    cards: Vec<Card>,
}

/// What the keyboard is talking to.
#[derive(PartialEq, Eq)]
enum Mode {
    Board,
    Filter,
    Details,
}

struct App<'c> {
    ctx: &'c Ctx,
    by: LaneBy,
    archived: bool,
    lanes: Vec<LaneView>,
    lane: usize,
    card: usize,
    filter: String,
    mode: Mode,
    status: String,
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
    quit: bool,
}

pub fn run(ctx: &Ctx, by: LaneBy, archived: bool) -> Result<ExitCode> {
    let mut app = App {
        ctx,
        by,
        archived,
        lanes: Vec::new(),
        lane: 0,
        card: 0,
        filter: String::new(),
        mode: Mode::Board,
        status: String::new(),
        stamps: Vec::new(),
        quit: false,
    };
    // Load before taking over the terminal, so a broken file is an ordinary error message.
    app.reload(None)?;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(UsageError("the interactive board needs a terminal".into()).into());
    }
    let result = match ratatui::try_init() {
        Ok(mut terminal) => app.run_loop(&mut terminal),
        Err(e) => Err(anyhow::Error::new(e).context("cannot take over the terminal")),
    };
    // Also after a failed start: raw mode may be on already.
    ratatui::restore();
    result.map(|()| ExitCode::SUCCESS)
}

fn mtime(path: &std::path::Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn card(t: &TaskRef<'_>) -> Card {
    let task = t.task;
    let mut details = vec![
        format!(
            "{}{}",
            task.id().map(|i| format!("{i}: ")).unwrap_or_default(),
            task.title.value
        ),
        format!("{}:{}", t.file.display, t.line()),
    ];
    if !t.section().is_empty() {
        details.push(format!("Section: {}", t.section().join(" / ")));
    }
    details.push(String::new());
    for f in &task.fields {
        details.push(format!("{}: {}", f.key, f.value));
        details.extend(f.items.iter().map(|i| format!("  - {}", i.text(t.src()))));
    }
    // Checklist items outside every field (a bare checklist under the task).
    let loose: Vec<String> = task
        .criteria
        .iter()
        .filter(|c| {
            !task
                .fields
                .iter()
                .any(|f| f.span().range().contains(&c.span().start))
        })
        .map(|c| format!("  - [{}] {}", if c.done { "x" } else { " " }, c.text))
        .collect();
    if !loose.is_empty() {
        details.push("Checklist:".into());
        details.extend(loose);
    }
    Card {
        id: task.id().map(str::to_string),
        head: card_head(t),
        title: sanitize(&task.title.value).into_owned(),
        details: details.iter().map(|d| sanitize(d).into_owned()).collect(),
    }
}

impl App<'_> {
    /// Reads the project again and rebuilds the lanes, keeping the selection on `keep` (an
    /// ID), else on the same lane.
    fn reload(&mut self, keep: Option<&str>) -> Result<()> {
        let project: Project = self.ctx.project()?;
        let b = board::build(&project, self.by, self.archived);
        self.lanes = b
            .lanes
            .iter()
            .map(|l| LaneView {
                name: l.name.clone(),
                state: l.state,
                cards: l.cards.iter().map(card).collect(),
            })
            .collect();
        self.stamps = project
            .files
            .iter()
            .map(|f| f.file.doc.path().to_path_buf())
            .chain(project.config_path.clone())
            .map(|p| {
                let m = mtime(&p);
                (p, m)
            })
            .collect();
        self.lane = self.lane.min(self.lanes.len().saturating_sub(1));
        if let Some(id) = keep {
            for (li, lane) in self.lanes.iter().enumerate() {
                let visible = self.visible(lane);
                if let Some(ci) = visible.iter().position(|c| c.id.as_deref() == Some(id)) {
                    self.lane = li;
                    self.card = ci;
                    return Ok(());
                }
            }
        }
        self.clamp();
        Ok(())
    }

    fn visible<'a>(&self, lane: &'a LaneView) -> Vec<&'a Card> {
        let f = self.filter.to_lowercase();
        lane.cards
            .iter()
            .filter(|c| {
                f.is_empty()
                    || c.title.to_lowercase().contains(&f)
                    || c.head.to_lowercase().contains(&f)
            })
            .collect()
    }

    fn clamp(&mut self) {
        let n = self
            .lanes
            .get(self.lane)
            .map_or(0, |l| self.visible(l).len());
        self.card = self.card.min(n.saturating_sub(1));
    }

    fn selected(&self) -> Option<&Card> {
        let lane = self.lanes.get(self.lane)?;
        self.visible(lane).get(self.card).copied()
    }

    fn changed_on_disk(&self) -> bool {
        self.stamps.iter().any(|(p, m)| mtime(p) != *m)
    }

    fn run_loop(&mut self, terminal: &mut DefaultTerminal) -> Result<()> {
        while !self.quit {
            terminal.draw(|f| self.draw(f))?;
            if event::poll(POLL)? {
                if let Event::Key(key) = event::read()?
                    && key.kind == KeyEventKind::Press
                {
                    self.key(key);
                }
            } else if self.changed_on_disk() {
                let keep = self.selected().and_then(|c| c.id.clone());
                match self.reload(keep.as_deref()) {
                    Ok(()) => self.status = "reloaded: a task file changed on disk".into(),
                    Err(e) => self.status = format!("cannot reload: {e:#}"),
                }
            }
        }
        Ok(())
    }

    fn key(&mut self, key: KeyEvent) {
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        match self.mode {
            Mode::Details => {
                if matches!(key.code, KeyCode::Enter | KeyCode::Esc | KeyCode::Char('q')) {
                    self.mode = Mode::Board;
                }
            }
            Mode::Filter => {
                match key.code {
                    KeyCode::Enter => self.mode = Mode::Board,
                    KeyCode::Esc => {
                        self.filter.clear();
                        self.mode = Mode::Board;
                    }
                    KeyCode::Backspace => {
                        self.filter.pop();
                    }
                    // An Alt or Ctrl chord is not text.
                    KeyCode::Char(c)
                        if !key
                            .modifiers
                            .intersects(KeyModifiers::ALT | KeyModifiers::CONTROL) =>
                    {
                        self.filter.push(c)
                    }
                    _ => {}
                }
                self.card = 0;
                self.clamp();
            }
            Mode::Board => self.board_key(key),
        }
    }

    fn board_key(&mut self, key: KeyEvent) {
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match key.code {
            KeyCode::Char('q') => self.quit = true,
            KeyCode::Esc => {
                self.filter.clear();
                self.clamp();
            }
            KeyCode::Char('>') => self.move_card(1),
            KeyCode::Char('<') => self.move_card(-1),
            KeyCode::Right if shift => self.move_card(1),
            KeyCode::Left if shift => self.move_card(-1),
            KeyCode::Left | KeyCode::Char('h') => {
                self.lane = self.lane.saturating_sub(1);
                self.clamp();
            }
            KeyCode::Right | KeyCode::Char('l') => {
                self.lane = (self.lane + 1).min(self.lanes.len().saturating_sub(1));
                self.clamp();
            }
            KeyCode::Up | KeyCode::Char('k') => self.card = self.card.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                self.card += 1;
                self.clamp();
            }
            KeyCode::Enter if self.selected().is_some() => self.mode = Mode::Details,
            KeyCode::Char('/') => self.mode = Mode::Filter,
            KeyCode::Char('r') => {
                let keep = self.selected().and_then(|c| c.id.clone());
                self.status = match self.reload(keep.as_deref()) {
                    Ok(()) => "reloaded".into(),
                    Err(e) => format!("cannot reload: {e:#}"),
                };
            }
            _ => {}
        }
    }

    /// Moves the selected card `step` lanes over with `todo move`'s plan, verification and
    /// atomic write, then reloads and reports the change on the status line.
    fn move_card(&mut self, step: isize) {
        if !matches!(self.by, LaneBy::Status | LaneBy::State) {
            self.status = "cards move between lanes only on a board by status or by state".into();
            return;
        }
        let Some(id) = self.selected().and_then(|c| c.id.clone()) else {
            self.status = "no task with an ID is selected".into();
            return;
        };
        let Some(target) = self
            .lane
            .checked_add_signed(step)
            .and_then(|i| self.lanes.get(i))
            .map(|l| l.name.clone())
        else {
            self.status = "no lane there".into();
            return;
        };
        self.status = match move_task(self.ctx, &id, &target) {
            Ok(line) => line,
            Err(e) => sanitize(&format!("{e:#}")).replace('\n', " "),
        };
        if let Err(e) = self.reload(Some(&id)) {
            self.status = format!("cannot reload: {e:#}");
        }
    }

    fn draw(&self, frame: &mut Frame<'_>) {
        let [top, body, status, help] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(frame.area());
        let count: usize = self.lanes.iter().map(|l| l.cards.len()).sum();
        frame.render_widget(
            Line::from(format!(
                " todo board — by {} — {count} tasks",
                self.by.name()
            ))
            .style(Style::new().add_modifier(Modifier::BOLD)),
            top,
        );
        self.draw_lanes(frame, body);
        let status_line = if self.mode == Mode::Filter || !self.filter.is_empty() {
            format!("/{}", self.filter)
        } else {
            self.status.clone()
        };
        frame.render_widget(Line::from(status_line), status);
        frame.render_widget(
            Line::from(" ←→↑↓/hjkl select  >/< move  Enter details  / filter  r reload  q quit")
                .style(Style::new().fg(Color::DarkGray)),
            help,
        );
        if self.mode == Mode::Details
            && let Some(c) = self.selected()
        {
            let area = centered(frame.area(), 80, 80);
            let text = Text::from(
                c.details
                    .iter()
                    .map(|d| Line::from(d.as_str()))
                    .collect::<Vec<_>>(),
            );
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(Wrap { trim: false })
                    .block(Block::bordered().title(" details (Enter or Esc closes) ")),
                area,
            );
        }
    }

    fn draw_lanes(&self, frame: &mut Frame<'_>, area: Rect) {
        if self.lanes.is_empty() {
            frame.render_widget(Line::from(" no tasks"), area);
            return;
        }
        // As many lanes as fit at the narrowest width, in a window that holds the selection.
        let fit_n = (usize::from(area.width) / MIN_LANE).clamp(1, self.lanes.len());
        let first = self
            .lane
            .saturating_sub(fit_n - 1)
            .min(self.lanes.len() - fit_n);
        let columns =
            Layout::horizontal(vec![Constraint::Ratio(1, fit_n as u32); fit_n]).split(area);
        for (k, col) in columns.iter().enumerate() {
            let li = first + k;
            let lane = &self.lanes[li];
            let cards = self.visible(lane);
            let inner = usize::from(col.width.saturating_sub(2));
            let items: Vec<ListItem<'_>> = cards
                .iter()
                .map(|c| {
                    ListItem::new(Text::from(vec![
                        Line::from(Span::styled(
                            fit(&c.head, inner),
                            Style::new().add_modifier(Modifier::BOLD),
                        )),
                        Line::from(fit(&c.title, inner)),
                    ]))
                })
                .collect();
            let selected = li == self.lane;
            let mut block = Block::bordered()
                .title(format!(" {} ({}) ", sanitize(&lane.name), cards.len()))
                .title_style(
                    Style::new()
                        .fg(lane_color(lane.state))
                        .add_modifier(Modifier::BOLD),
                );
            if selected {
                block = block.border_style(Style::new().fg(Color::Cyan));
            }
            let mut state = ListState::default().with_selected(selected.then_some(self.card));
            frame.render_stateful_widget(
                List::new(items)
                    .block(block)
                    .highlight_style(Style::new().add_modifier(Modifier::REVERSED)),
                *col,
                &mut state,
            );
        }
    }
}

fn lane_color(state: Option<State>) -> Color {
    match state {
        Some(State::InProgress) => Color::Yellow,
        Some(State::Blocked) => Color::Red,
        Some(State::Done) => Color::Green,
        Some(State::Cancelled) => Color::DarkGray,
        _ => Color::Reset,
    }
}

/// A rectangle of `pw`% × `ph`% in the middle of `area`.
fn centered(area: Rect, pw: u16, ph: u16) -> Rect {
    let w = area.width * pw / 100;
    let h = area.height * ph / 100;
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// `todo move ID TARGET` as the command runs it: plan, verify, write every changed file
/// atomically. Returns the one-line report.
fn move_task(ctx: &Ctx, id: &str, target: &str) -> Result<String> {
    let _lock = super::lock::take(ctx)?;
    let project = ctx.project()?;
    let common = Common {
        today: Some(chrono::Local::now().date_naive()),
        force: false,
    };
    let (plan, warnings) = ops::move_to(&project, id, target, &MoveOptions::default(), common)?;
    let applied = plan.apply(&project)?;
    let writes = applied.writes(&project);
    write_files(Some(&project.root), &writes)?;
    let mut line: Vec<String> = applied
        .changes
        .iter()
        .filter(|c| c.kind != todo_md::model::ChangeKind::LastUpdated)
        .map(|c| c.to_string())
        .collect();
    if applied.files.is_empty() && applied.new_files.is_empty() {
        line.push("(already so; nothing written)".into());
    }
    line.extend(warnings.iter().map(|w| format!("warning: {w}")));
    Ok(sanitize(&line.join("; ")).into_owned())
}
