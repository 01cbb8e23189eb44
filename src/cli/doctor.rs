//! `todo doctor`: how each task file was read (see `todo_md::doctor`).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use super::{Ctx, Format, emit};

#[derive(Debug, Args)]
pub struct DoctorArgs {}

pub fn run(ctx: &Ctx, _args: &DoctorArgs) -> Result<ExitCode> {
    let format = ctx.format(&[Format::Text, Format::Json], Format::Text)?;
    let project = ctx.project()?;
    let reports: Vec<todo_md::doctor::FileReport> =
        project.files.iter().map(todo_md::doctor::report).collect();
    let driver = todo_md::git::Repo::discover(&ctx.cwd)
        .map(|r| super::merge_driver::setup_problems(&r))
        .unwrap_or_default();
    if format == Format::Json {
        driver.iter().for_each(|p| eprintln!("warning: {p}"));
        emit(&format!("{}\n", serde_json::to_string_pretty(&reports)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if reports.is_empty() {
        out.push_str("no task files found (see `todo list --help` for how files are found)\n");
    }
    for r in &reports {
        out.push_str(&format!(
            "{}: {} task{}\n",
            r.file,
            r.tasks,
            if r.tasks == 1 { "" } else { "s" }
        ));
        for (style, n) in &r.styles {
            out.push_str(&format!("  {n:>5}  {style}\n"));
        }
        let mut declares = Vec::new();
        if r.front_matter {
            declares.push("YAML front matter".to_string());
        }
        if r.kanban {
            declares.push("kanban lanes (a card's lane is its status)".to_string());
        }
        if let Some(s) = r.schema {
            declares.push(format!("a schema from its {s}"));
        }
        if !declares.is_empty() {
            out.push_str(&format!("  declares: {}\n", declares.join(", ")));
        }
        for p in &r.problems {
            out.push_str(&format!("  problem {}:{}: {}\n", r.file, p.line, p.reason));
        }
        if !r.near_misses.is_empty() {
            out.push_str("  not read as tasks:\n");
            for m in &r.near_misses {
                out.push_str(&format!(
                    "    {}:{}: {}\n      {}\n",
                    r.file, m.line, m.text, m.reason
                ));
            }
        }
    }
    for p in &driver {
        out.push_str(&format!("merge driver: {p}\n"));
    }
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
