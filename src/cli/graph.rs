//! `todo graph`: the dependency graph as Mermaid (default) or Graphviz DOT. The graph is built
//! and rendered by `todo_md::output::graph`; this module maps the options and prints.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::output::graph::{self, GraphError, GraphOptions};
use todo_md::output::sanitize;

use super::{Ctx, write_stdout};

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Highlight the tasks that can start now (todo, no blocker, every dependency done).
    #[arg(long)]
    pub ready: bool,
    /// Only this task, what it depends on and what depends on it.
    #[arg(long, value_name = "ID")]
    pub focus: Option<String>,
}

pub fn run(ctx: &Ctx, args: &GraphArgs) -> Result<ExitCode> {
    let format = ctx.format_in(graph::FORMATS)?;
    let project = ctx.project()?;
    let opts = GraphOptions {
        ready: args.ready,
        focus: args.focus.clone(),
    };
    let g = match graph::build(&project, &opts) {
        Ok(g) => g,
        Err(e @ GraphError::UnknownTask { .. }) => {
            eprintln!("todo: {}", sanitize(&e.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    write_stdout(|out| graph::write(out, format, &g))?;
    Ok(ExitCode::SUCCESS)
}
