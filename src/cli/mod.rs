//! Command-line definitions and dispatch. Arguments are parsed into plain data first (no I/O),
//! then the project is loaded once in [`Ctx::project`] and handed to the command, which makes
//! one library call and hands the result to one renderer of `todo_md::output`.
//!
//! The formats a command accepts are its renderer's `FORMATS` lists ([`declared_formats`]):
//! they check `--format` and write the "Formats:" line of the command's help, so neither is
//! spelled out here. Nothing here renders command output.

pub(crate) mod alloc;
mod blame;
mod board;
mod board_tui;
mod claim;
mod commit;
mod diff;
mod doctor;
mod edit;
mod generate;
mod graph;
mod hook;
mod init;
mod lint;
mod list;
mod lock;
mod log;
mod mcp;
mod merge_driver;
mod prime;
mod push;
mod rules;
mod setup;
mod show;
mod stats;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
pub use todo_md::output::Format;
use todo_md::output::format::help_line;
use todo_md::project::Project;

const EXAMPLES: &str = "\
Examples:
  todo list                         every task in the repository's task files
  todo list --state todo -p P0,P1   open P0 and P1 tasks
  todo show T-128                   one task with its checklist and dependencies
  todo ready                        tasks someone can start now, highest priority first
  todo next --format json           the single next task, for scripts and agents
  todo --file ROADMAP.md list       read one file instead of discovering them
  todo -C ../other-repo list        run as if started in another directory
  todo --lock-timeout 30 archive    wait up to 30 s for another writer's lock";

/// Treat the TODO.md files a repository already keeps as a typed task database.
///
/// `todo` reads task files in place (TODO.md, ROADMAP.md, BACKLOG.md, TASKS.md and
/// TODOCOMPLETED.md at the repository root and in docs/, or the files `.todo.yml` names),
/// recognises tasks in the styles people already write, and answers in milliseconds.
#[derive(Debug, Parser)]
#[command(name = "todo", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Cli {
    /// Run as if started in DIR (like `git -C`).
    #[arg(
        short = 'C',
        value_name = "DIR",
        global = true,
        help_heading = "Global options"
    )]
    pub dir: Option<PathBuf>,
    /// Read this task file instead of discovering them (repeatable).
    #[arg(
        long = "file",
        value_name = "PATH",
        global = true,
        help_heading = "Global options"
    )]
    pub files: Vec<PathBuf>,
    /// Output format: table, json, csv, ids, text, md; for lint full, concise, json, github,
    /// sarif, junit; for graph mermaid, dot; for stats --history svg (each command says which
    /// it takes).
    #[arg(
        long,
        global = true,
        env = "TODO_FORMAT",
        value_parser = format_parser(),
        hide_possible_values = true,
        help_heading = "Global options"
    )]
    pub format: Option<Format>,
    /// Read the task files as of this git revision (`HEAD~3`, `origin/main`, a hash) instead of
    /// the working tree; for list, show, ready, next, stats, lint, log, blame, board, graph and
    /// doctor (others refuse it).
    #[arg(
        long = "ref",
        value_name = "REV",
        global = true,
        help_heading = "Global options"
    )]
    pub rev: Option<String>,
    /// When to use colour: auto honours NO_COLOR and whether output is a terminal.
    #[arg(
        long,
        value_enum,
        global = true,
        default_value_t = ColorChoice::Auto,
        help_heading = "Global options"
    )]
    pub color: ColorChoice,
    /// How long a writing command waits for another writer's lock, in seconds (default 5).
    #[arg(
        long,
        value_name = "SECS",
        global = true,
        env = "TODO_LOCK_TIMEOUT",
        value_parser = lock::parse_timeout,
        help_heading = "Global options"
    )]
    pub lock_timeout: Option<std::time::Duration>,
    /// Read list lines that CommonMark folds into a paragraph or makes a sibling (an item
    /// indented short of its parent's content column) as the children of the item above, as
    /// their author evidently meant. Without it, todo reads Markdown as CommonMark does and
    /// `lint` reports such lines (malformed-checklist) with a re-indenting fix.
    #[arg(long, global = true, help_heading = "Global options")]
    pub lenient_markdown: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// `--format`'s values: every format by its name, with its description for completions.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::ALL.map(|f| PossibleValue::new(f.name()).help(f.about())))
        .map(|name| Format::from_name(&name).expect("a name the parser offered"))
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List tasks, filtered and sorted.
    #[command(after_help = "\
Examples:
  todo list --state todo,in-progress
  todo list --priority P0 --owner AGENT --sort priority
  todo list --section \"Phase 1\" --grep pagination
  todo list --blocked               blocked tasks and what each waits for
  todo list --format ids | xargs -n1 todo show")]
    List(list::ListArgs),
    /// Show one task: fields, checklist, section, dependencies both ways.
    ///
    /// `--format md` prints the task's source bytes.
    #[command(after_help = "\
Examples:
  todo show T-128
  todo show T-128 --format md       the task's source, byte for byte
  todo show TODO.md:45              the task at a line (for tasks without an ID)")]
    Show(show::ShowArgs),
    /// List the tasks someone can start now, highest priority first.
    ///
    /// A task is ready when its state is todo, it has no blocker, and nothing before it is
    /// open: every dependency (a field, or prose in the title such as `(depends on T010)`,
    /// `after T-004`) is done, cancelled or in the archive file, and no task of an earlier
    /// spec-kit phase is open. `--waves` shows all open tasks in the order they can be done.
    #[command(
        after_help = "Examples:\n  todo ready\n  todo ready --format ids\n  todo ready --waves\n  todo ready --waves --format json"
    )]
    Ready(list::ReadyCmdArgs),
    /// Print the single task to start next (exit 1 when none is ready).
    #[command(after_help = "Examples:\n  todo next\n  todo next --format json")]
    Next(list::ReadyArgs),
    /// Change a task's status; done may move it to the archive file.
    ///
    /// The status is checked against the schema (any case in, the schema's spelling out); a
    /// state name (todo, in-progress, blocked, done) maps to the schema's status for it. Moving
    /// to done is refused while checklist items or dependencies are open, unless --force.
    #[command(
        name = "move",
        after_help = "\
Examples:
  todo move T-128 READY
  todo move T-128 in-progress
  todo move T-042 done --force          archived when the schema has no done status
  todo move T-050 READY --blocker none  leave blocked and clear the blocker
  todo move T-7 READY --to ROADMAP.md#Later --dry-run"
    )]
    Move(edit::MoveArgs),
    /// Set fields of a task (inserted where its neighbours keep them when missing).
    #[command(after_help = "\
Examples:
  todo set T-139 --priority P1
  todo set T-139 --owner ana --effort M
  todo set T-139 --add-dep T-131
  todo set T-139 reviewer sam           any field, custom ones too")]
    Set(edit::SetArgs),
    /// Tick a checklist item, by number (as `todo show` numbers them) or unique text.
    #[command(
        after_help = "Examples:\n  todo check T-131 2\n  todo check T-131 \"branch protection\""
    )]
    Check(edit::CheckArgs),
    /// Untick a checklist item.
    #[command(after_help = "Examples:\n  todo uncheck T-131 2")]
    Uncheck(edit::CheckArgs),
    /// Add a task with the next free ID, written like its neighbours.
    #[command(after_help = "\
Examples:
  todo add \"Adopt a release checklist\" --priority P2
  todo add \"Fix the login redirect\" --section \"Phase 1\" --status READY")]
    Add(edit::AddArgs),
    /// Move every done task to the archive file.
    #[command(after_help = "Examples:\n  todo archive --dry-run\n  todo archive --commit")]
    Archive(edit::ArchiveArgs),
    /// Edit a task's block in $EDITOR; written back only if it still parses as one task.
    #[command(after_help = "Examples:\n  todo edit T-128\n  EDITOR=nano todo edit T-128")]
    Edit(edit::EditArgs),
    /// Take a task: you become its owner and it moves to the schema's in-progress status.
    ///
    /// Refused (exit 1, naming the holder) when another owner holds the task in progress, in
    /// this worktree or another worktree of the clone, unless --steal. Claims in one clone are
    /// atomic across its worktrees; --push makes them hold across clones through the upstream.
    #[command(after_help = "\
Examples:
  todo claim T-131 --as agent-7
  todo claim --next --as agent-7          the best ready task nobody holds
  todo claim --next -p P0,P1 --push       claim, commit and push; a lost race is undone
  todo claim T-131 --as ana --steal")]
    Claim(claim::ClaimArgs),
    /// Give a task back: it returns to the schema's ready status and to its previous owner.
    #[command(after_help = "\
Examples:
  todo release T-131
  todo release T-131 --owner AGENT --push")]
    Release(claim::ReleaseArgs),
    /// What an agent should read at the start of a session, in about 800 tokens.
    ///
    /// Counts by state, who holds what, the next ready tasks with their IDs, the allowed
    /// statuses and priorities, and the five commands an agent needs.
    #[command(after_help = "Examples:\n  todo prime\n  todo prime --format json")]
    Prime,
    /// Serve the tasks to agents over the Model Context Protocol (stdio).
    ///
    /// Tools: todo_list, todo_show, todo_update, todo_add, todo_claim, todo_lint. Every call
    /// reads the files afresh and writes like the CLI; a refusal is a tool error with the
    /// CLI's message. Logs go to standard error.
    #[command(after_help = "\
Examples:
  todo mcp                              register as a stdio server in an MCP client
  todo -C path/to/repo mcp")]
    Mcp,
    /// Every commit that changed a task, with what changed (newest first).
    #[command(after_help = "\
Examples:
  todo log T-050
  todo log T-050 --field status --since 2026-01-01
  todo log T-050 --format json")]
    Log(log::LogArgs),
    /// Who last set each field and checklist item of a task, and when.
    #[command(after_help = "Examples:\n  todo blame T-128")]
    Blame(blame::BlameArgs),
    /// The semantic difference of the task files between two revisions.
    #[command(after_help = "\
Examples:
  todo diff                          HEAD against the working tree
  todo diff main                     main against the working tree
  todo diff v1.0 v1.1 --format md    for a pull-request comment
  todo diff origin/main..HEAD")]
    Diff(diff::DiffArgs),
    /// The tasks in lanes side by side, fitted to the terminal; `-i` for the interactive board.
    ///
    /// Lanes are the file's statuses, ordered by state (todo, in progress, blocked, done,
    /// cancelled) then schema order; `--by` groups by state, owner, priority or section
    /// instead. A card shows ID, priority, checklist progress and the title cut to the lane.
    /// `--format md` writes a GFM table for a pull-request comment, `--format json` the tasks
    /// grouped by lane.
    #[command(after_help = "\
Examples:
  todo board                        lanes by status, fitted to the terminal
  todo board --by owner --width 100
  todo board --format md            a Markdown table to paste into a comment
  todo board --format json          tasks grouped by lane
  todo board -i                     interactive: > and < move the selected card")]
    Board(board::BoardArgs),
    /// The dependency graph: Mermaid (default, renders on GitHub) or Graphviz DOT.
    ///
    /// Nodes show ID and title and are styled by state; edges run from a dependency to the
    /// task that depends on it; dependencies on unknown tasks are drawn as missing nodes.
    #[command(after_help = "\
Examples:
  todo graph > deps.mmd
  todo graph --ready                highlight what can start now
  todo graph --focus T-131          only T-131's dependencies and dependents
  todo graph --format dot | dot -Tsvg > deps.svg")]
    Graph(graph::GraphArgs),
    /// Counts by state, priority, owner and section; --history adds lead times.
    #[command(
        after_help = "Examples:\n  todo stats\n  todo stats --history --format json\n  todo stats --history --format svg > flow.svg\n  todo stats --history --format svg --chart burnup > burnup.svg"
    )]
    Stats(stats::StatsArgs),
    /// How each task file was read: styles, task counts, declarations, near misses.
    ///
    /// For every task file: the task styles recognised and how many tasks each gave, what the
    /// file declares (front matter, schema, legend, kanban lanes), problems reading it, and
    /// lines that look like tasks but were not taken, with the reason.
    #[command(
        after_help = "Examples:\n  todo doctor\n  todo --file docs/BACKLOG.md doctor\n  todo doctor --format json"
    )]
    Doctor(doctor::DoctorArgs),
    /// Check task files against their schema and the consistency rules.
    ///
    /// The default format is github when GITHUB_ACTIONS=true. Exit 0 without errors, 1 with
    /// errors (or warnings with --warnings-as-errors), 2 on usage or I/O errors.
    #[command(after_help = "\
Examples:
  todo lint                         every task file of the repository
  todo lint --staged                the files as the next commit records them
  todo lint --fix                   apply safe fixes (only the fixed bytes change)
  todo lint --diff --unsafe-fixes   show every available fix as a diff
  todo lint --format sarif > todo.sarif
  todo lint --statistics            counts per rule")]
    Lint(lint::LintArgs),
    /// List the lint rules, or print one rule's documentation.
    #[command(
        after_help = "Examples:\n  todo rules\n  todo rules duplicate-id\n  todo rules TD014"
    )]
    Rules(rules::RulesArgs),
    /// Manage the git pre-commit hook.
    #[command(
        subcommand,
        after_help = "Examples:\n  todo hook install\n  todo hook install --force"
    )]
    Hook(hook::HookCommand),
    /// Git merge driver: merge a task file task by task and field by field.
    ///
    /// Git runs it as `todo merge-driver %O %A %B %L %P` once `todo hook install
    /// --merge-driver` has set it up. Writes the result over OURS; exit 0 merged cleanly, 1
    /// conflicts left between markers (around the one field or task), 2 error. Messages go
    /// to standard error. See docs/merge.md.
    #[command(after_help = "\
Examples:
  todo hook install --merge-driver          set it up in this repository
  git merge feature                         git then runs: todo merge-driver %O %A %B %L %P
  todo merge-driver base.md ours.md theirs.md 7 TODO.md   by hand: the result goes to ours.md")]
    MergeDriver(merge_driver::MergeDriverArgs),
    /// Set up a repository for coding agents.
    #[command(
        subcommand,
        after_help = "Examples:\n  todo setup agents\n  todo setup agents --write --file CLAUDE.md"
    )]
    Setup(setup::SetupCommand),
    /// Start a TODO.md with a task schema and a commented .todo.yml (never overwrites).
    ///
    /// In a git repository, init also offers to set up the merge driver (as `todo hook
    /// install --merge-driver` does): it asks when stdin is a terminal (Enter says yes), and
    /// otherwise prints a one-line hint on stderr. --merge-driver and --no-merge-driver
    /// answer without asking.
    #[command(
        after_help = "Examples:\n  todo init\n  todo init --merge-driver      also set up the merge driver, without asking\n  todo -C path/to/repo init --no-merge-driver"
    )]
    Init(init::InitArgs),
    /// Commit files in a child process (used by --commit, --push and claims).
    #[command(name = "__commit", hide = true)]
    InternalCommit(commit::CommitArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  todo completions bash > ~/.local/share/bash-completion/completions/todo\n  todo completions zsh > ~/.zfunc/_todo"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): todo(1), or one command's page such as todo-move(1).
    #[command(
        after_help = "Examples:\n  todo man > todo.1 && man ./todo.1\n  todo man move > todo-move.1\n  todo man hook install"
    )]
    Man {
        /// A command (and subcommand): print its own page, named `todo-COMMAND`.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

/// The formats each command declares, by subcommand name: its renderer's lists, the first
/// for the command itself and any further one for a variant of it (labelled for the help
/// line). Empty for a command that writes no formatted output.
fn declared_formats(command: &str) -> &'static [(&'static str, &'static [Format])] {
    use todo_md::output::{
        blame, board, changes, chart, diagnostics, diff, doctor, graph, log, prime, rules, stats,
        tasks,
    };
    match command {
        "list" | "ready" => &[("", tasks::LIST_FORMATS)],
        "next" => &[("", tasks::NEXT_FORMATS)],
        "show" => &[("", tasks::SHOW_FORMATS)],
        "move" | "set" | "check" | "uncheck" | "add" | "archive" | "edit" | "claim" | "release" => {
            &[("", changes::FORMATS)]
        }
        "log" => &[("", log::FORMATS)],
        "prime" => &[("", prime::FORMATS)],
        "blame" => &[("", blame::FORMATS)],
        "diff" => &[("", diff::FORMATS)],
        "stats" => &[
            ("", stats::FORMATS),
            ("with --history", chart::HISTORY_FORMATS),
        ],
        "board" => &[("", board::FORMATS)],
        "graph" => &[("", graph::FORMATS)],
        "doctor" => &[("", doctor::FORMATS)],
        "lint" => &[("", diagnostics::FORMATS)],
        "rules" => &[("", rules::FORMATS), ("with RULE", rules::RULE_FORMATS)],
        _ => &[],
    }
}

/// The command line's definition: the derived one, with each command's "Formats:" line
/// appended to its long help from [`declared_formats`]. Help, completions and the man page
/// all come from this.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    // Every subcommand goes through `mut_subcommand`, which moves the one it changes to the
    // end: all of them, in order, keep the order of the definition.
    for name in names {
        let lists = declared_formats(&name);
        cmd = cmd.mut_subcommand(name, |c| {
            if lists.is_empty() {
                return c;
            }
            let about = match (c.get_long_about(), c.get_about()) {
                (Some(long), _) => long.to_string(),
                // clap drops a lone paragraph's closing period; a help of paragraphs keeps it.
                (None, Some(short)) => format!("{short}."),
                (None, None) => String::new(),
            };
            let long = format!("{about}\n\n{}", help_line(lists));
            c.long_about(long)
        });
    }
    cmd
}

/// True when the command line may ask for help: an argument `help`, `--help`, or a short
/// option cluster holding `h` (`-h`). A false alarm (a title `help`) only costs time.
fn wants_help(args: &[std::ffi::OsString]) -> bool {
    args.iter().skip(1).any(|a| {
        let a = a.to_string_lossy();
        a == "help"
            || a == "--help"
            || (a.starts_with('-') && !a.starts_with("--") && a.contains('h'))
    })
}

/// What every command gets: parsed global options and output settings.
pub struct Ctx {
    /// The subcommand's name, for messages.
    pub command: String,
    pub cwd: PathBuf,
    pub files: Vec<PathBuf>,
    pub rev: Option<String>,
    pub format: Option<Format>,
    /// True when `format` came from `TODO_FORMAT`: a default, which a command (or a mode of
    /// it) without that format ignores.
    pub format_from_env: bool,
    pub color: bool,
    /// How long a writer waits for the write lock (`--lock-timeout`).
    pub lock_timeout: std::time::Duration,
}

impl Ctx {
    /// Loads the project (config and task files) once.
    pub fn project(&self) -> Result<Project> {
        if let Some(rev) = &self.rev {
            let repo =
                todo_md::git::Repo::discover(&self.cwd).context("--ref needs a git repository")?;
            return todo_md::history::project_at(&repo, &self.cwd, rev)
                .with_context(|| format!("cannot read the task files at {rev}"));
        }
        Project::load(&self.cwd, &self.files).with_context(|| {
            if self.files.is_empty() {
                format!("cannot load the task files of {}", self.cwd.display())
            } else {
                "cannot load the task file".to_string()
            }
        })
    }

    /// Loads the project with only what a command about `ids` needs (see
    /// [`Project::load_related`]); with `--ref`, the whole project at that revision.
    pub fn project_for(&self, ids: &[&str]) -> Result<Project> {
        if self.rev.is_some() {
            return self.project();
        }
        Project::load_related(&self.cwd, &self.files, ids).with_context(|| {
            if self.files.is_empty() {
                format!("cannot load the task files of {}", self.cwd.display())
            } else {
                "cannot load the task file".to_string()
            }
        })
    }

    /// The format to use: the one given if the command supports it, else the default.
    pub fn format(&self, supported: &[Format], default: Format) -> Result<Format> {
        match self.format {
            None => Ok(default),
            Some(f) if supported.contains(&f) => Ok(f),
            Some(_) if self.format_from_env => Ok(default),
            Some(f) => Err(self.unsupported(f, supported).into()),
        }
    }

    /// The format to use from a renderer's list: the one given if the list has it, else the
    /// list's first.
    pub fn format_in(&self, formats: &[Format]) -> Result<Format> {
        self.format(formats, formats[0])
    }

    fn unsupported(&self, f: Format, supported: &[Format]) -> UsageError {
        if supported.is_empty() {
            return UsageError(format!(
                "--format {} is not supported here (`todo {}` writes no formatted output)",
                f.name(),
                self.command
            ));
        }
        let names: Vec<&str> = supported.iter().map(|f| f.name()).collect();
        UsageError(format!(
            "--format {} is not supported here (use one of: {})",
            f.name(),
            names.join(", ")
        ))
    }

    /// Refuses, before any work, a format given on the command line that none of the
    /// command's lists has. One from `TODO_FORMAT` is a default: a command without that
    /// format ignores it.
    fn check_format(&mut self, from_env: bool) -> Result<()> {
        let lists = declared_formats(&self.command);
        let mut all: Vec<Format> = Vec::new();
        for f in lists.iter().flat_map(|(_, l)| l.iter().copied()) {
            if !all.contains(&f) {
                all.push(f);
            }
        }
        match self.format {
            Some(f) if from_env && !all.contains(&f) => self.format = None,
            Some(f) if !all.contains(&f) => return Err(self.unsupported(f, &all).into()),
            _ => {}
        }
        Ok(())
    }
}

/// The commands that read task files as of `--ref REV`; `diff` takes its revisions as
/// arguments, and the others write the working tree or read no task file.
pub const READS_AT_REF: &[&str] = &[
    "list", "show", "ready", "next", "stats", "lint", "log", "blame", "board", "graph", "doctor",
];

impl Ctx {
    /// Refuses `--ref` on a command that cannot read a revision, instead of ignoring it or
    /// failing later with a misleading message.
    fn check_ref(&self) -> Result<()> {
        if self.rev.is_none() || READS_AT_REF.contains(&self.command.as_str()) {
            return Ok(());
        }
        let why = match self.command.as_str() {
            "diff" => "todo diff takes revisions as arguments, not --ref".to_string(),
            "move" | "set" | "check" | "uncheck" | "add" | "archive" | "edit" => format!(
                "--ref is not supported here (`todo {}` changes the working tree; a revision is read-only)",
                self.command
            ),
            _ => format!(
                "--ref is not supported here (`todo {}` reads no task file; --ref is for {})",
                self.command,
                READS_AT_REF.join(", ")
            ),
        };
        Err(UsageError(why).into())
    }
}

/// A usage error found after parsing (exit 2).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Writes to standard output; a closed pipe (`todo list | head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    if text.len() > WIDEN_AFTER {
        widen_stdout_pipe();
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Lets `render` write to standard output, buffered and streamed (no string of the whole
/// output need be built); a closed pipe ends the output quietly.
pub fn write_stdout(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let widening = Widening {
        inner: std::io::stdout().lock(),
        written: 0,
        widened: false,
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, widening);
    match render(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Output past this many bytes asks for a wider pipe (see [`widen_stdout_pipe`]).
const WIDEN_AFTER: usize = 1 << 18;

/// Standard output that widens its pipe once the output grows past [`WIDEN_AFTER`]: the
/// short output of most commands leaves the pipe as it is (a wide pipe counts against the
/// user's share of pipe memory, which many agents at once could use up).
struct Widening<W> {
    inner: W,
    written: usize,
    widened: bool,
}

impl<W: Write> Write for Widening<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.widened && self.written + buf.len() > WIDEN_AFTER {
            self.widened = true;
            widen_stdout_pipe();
        }
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A pipe to the next program (`todo list --format json | jq`) holds 64 KiB by default, so a
/// long list goes through in hundreds of rounds of waking the reader. Widened to 1 MiB (what
/// an unprivileged process may ask for), it goes through in a few: a third less time for the
/// JSON of 20,000 tasks. Standard output that is no pipe refuses, and that is fine.
fn widen_stdout_pipe() {
    #[cfg(target_os = "linux")]
    let _ = rustix::pipe::fcntl_setpipe_size(std::io::stdout(), 1 << 20);
}

pub fn main() -> ExitCode {
    // The format lists that `command` adds to each subcommand's long help cost a third of a
    // small command's start-up, and only `--help` (or `-h`, `help`) shows them. Nor is the
    // definition worth freeing just before the process ends.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut cmd = if wants_help(&args) {
        command()
    } else {
        Cli::command()
    };
    let matches = cmd
        .try_get_matches_from_mut(args)
        .unwrap_or_else(|e| e.exit());
    std::mem::forget(cmd);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let from_env = matches.value_source("format") == Some(ValueSource::EnvVariable);
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    todo_md::parse::set_lenient_markdown(cli.lenient_markdown);
    let cwd = match &cli.dir {
        Some(d) => d.clone(),
        None => PathBuf::from("."),
    };
    let mut ctx = Ctx {
        command: matches.subcommand_name().unwrap_or_default().to_string(),
        cwd,
        files: cli.files,
        rev: cli.rev,
        format: cli.format,
        format_from_env: from_env,
        color,
        lock_timeout: cli.lock_timeout.unwrap_or(lock::DEFAULT_TIMEOUT),
    };
    if let Err(err) = ctx.check_format(from_env).and_then(|()| ctx.check_ref()) {
        eprintln!("todo: {}", error_line(&err));
        return ExitCode::from(2);
    }
    let result = match cli.command {
        Command::List(args) => list::list(&ctx, &args),
        Command::Show(args) => show::show(&ctx, &args),
        Command::Ready(args) => list::ready(&ctx, &args),
        Command::Next(args) => list::next(&ctx, &args),
        Command::Init(args) => init::init(&ctx, &args),
        Command::Move(a) => edit::move_cmd(&ctx, &a),
        Command::Set(a) => edit::set_cmd(&ctx, &a),
        Command::Check(a) => edit::check_cmd(&ctx, &a, true),
        Command::Uncheck(a) => edit::check_cmd(&ctx, &a, false),
        Command::Add(a) => edit::add_cmd(&ctx, &a),
        Command::Archive(a) => edit::archive_cmd(&ctx, &a),
        Command::Edit(a) => edit::edit_cmd(&ctx, &a),
        Command::Claim(a) => claim::claim_cmd(&ctx, &a),
        Command::Release(a) => claim::release_cmd(&ctx, &a),
        Command::Prime => prime::run(&ctx),
        Command::Mcp => mcp::run(&ctx),
        Command::Lint(args) => lint::lint(&ctx, &args),
        Command::Log(args) => log::run(&ctx, &args),
        Command::Blame(args) => blame::run(&ctx, &args),
        Command::Diff(args) => diff::run(&ctx, &args),
        Command::Stats(args) => stats::run(&ctx, &args),
        Command::Board(args) => board::run(&ctx, &args),
        Command::Graph(args) => graph::run(&ctx, &args),
        Command::Doctor(args) => doctor::run(&ctx, &args),
        Command::Rules(args) => rules::rules(&ctx, &args),
        Command::Hook(cmd) => hook::hook(&ctx, &cmd),
        Command::MergeDriver(args) => merge_driver::run(&ctx, &args),
        Command::Setup(cmd) => setup::run(&ctx, &cmd),
        Command::Completions { shell } => generate::completions(shell),
        Command::Man { command } => generate::man(&command),
        Command::InternalCommit(a) => commit::run(&ctx, &a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("todo: {}", error_line(&err));
            ExitCode::from(2)
        }
    }
}

/// An error and its causes on one line, `a: b: c`, leaving out a cause the line already
/// quotes (`path: No such file…` twice), with control characters escaped: an error can quote
/// a task file or `.todo.yml`.
fn error_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    todo_md::output::sanitize(&line).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_command_line_that_may_ask_for_help_builds_the_long_help() {
        let args = |line: &str| -> Vec<std::ffi::OsString> {
            line.split(' ').map(std::ffi::OsString::from).collect()
        };
        for line in [
            "todo list --help",
            "todo help list",
            "todo -h",
            "todo lint -qh",
        ] {
            assert!(wants_help(&args(line)), "{line}");
        }
        for line in [
            "todo list --format json",
            "todo show T-1",
            "todo -C home list",
        ] {
            assert!(!wants_help(&args(line)), "{line}");
        }
    }

    fn ctx(command: &str, format: Option<Format>) -> Ctx {
        Ctx {
            command: command.to_string(),
            cwd: PathBuf::from("."),
            files: Vec::new(),
            rev: None,
            format,
            format_from_env: false,
            color: false,
            lock_timeout: lock::DEFAULT_TIMEOUT,
        }
    }

    #[test]
    fn every_command_with_formats_prints_its_list_in_its_help() {
        let cmd = command();
        let mut seen = 0;
        for sub in cmd.get_subcommands() {
            let lists = declared_formats(sub.get_name());
            if lists.is_empty() {
                continue;
            }
            seen += 1;
            let long = sub
                .get_long_about()
                .map(|a| a.to_string())
                .unwrap_or_default();
            assert!(
                long.ends_with(&format!("\n\n{}", help_line(lists))),
                "{}: {long}",
                sub.get_name()
            );
            assert_eq!(long.matches("Formats:").count(), 1, "{}", sub.get_name());
        }
        // list, show, ready, next, seven edit commands, claim, release, log, blame, diff,
        // prime, stats, board, graph, doctor, lint, rules.
        assert_eq!(seen, 23);
        let order = |c: &clap::Command| -> Vec<String> {
            c.get_subcommands()
                .map(|s| s.get_name().to_string())
                .collect()
        };
        assert_eq!(order(&cmd), order(&Cli::command()));
    }

    #[test]
    fn a_format_outside_the_commands_lists_is_refused() {
        let mut c = ctx("show", Some(Format::Csv));
        let err = c.check_format(false).unwrap_err().to_string();
        assert_eq!(
            err,
            "--format csv is not supported here (use one of: text, json, md, compact)"
        );
        let mut c = ctx("rules", Some(Format::Text));
        assert!(c.check_format(false).is_ok());
        assert_eq!(
            c.format_in(todo_md::output::rules::FORMATS).unwrap(),
            Format::Text
        );
        let c = ctx("list", None);
        assert_eq!(
            c.format_in(todo_md::output::tasks::LIST_FORMATS).unwrap(),
            Format::Table
        );
    }

    #[test]
    fn a_command_without_formats_refuses_the_flag_but_not_the_environment() {
        let mut c = ctx("init", Some(Format::Json));
        let err = c.check_format(false).unwrap_err().to_string();
        assert!(
            err.contains("`todo init` writes no formatted output"),
            "{err}"
        );
        let mut c = ctx("init", Some(Format::Json));
        assert!(c.check_format(true).is_ok());
        assert_eq!(c.format, None);
        // A command with formats ignores one from the environment that it does not have.
        let mut c = ctx("doctor", Some(Format::Csv));
        assert!(c.check_format(true).is_ok());
        assert_eq!(c.format, None);
    }
}
