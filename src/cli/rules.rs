//! `todo rules`: the lint rules, or one rule's documentation (rendered by
//! `todo_md::output::rules`).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::lint::{RULES, registry};
use todo_md::output::rules::{FORMATS, RULE_FORMATS, write_rule, write_rules};

use super::{Ctx, write_stdout};

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule's name or code: print its documentation.
    #[arg(value_name = "RULE")]
    rule: Option<String>,
}

pub fn rules(ctx: &Ctx, args: &RulesArgs) -> Result<ExitCode> {
    let Some(name) = &args.rule else {
        let format = ctx.format_in(FORMATS)?;
        write_stdout(|out| write_rules(out, format, RULES, ctx.color))?;
        return Ok(ExitCode::SUCCESS);
    };
    let format = ctx.format_in(RULE_FORMATS)?;
    let Some(rule) = registry::find(name) else {
        eprintln!("todo: no rule `{name}` (run `todo rules` for the list)");
        return Ok(ExitCode::from(1));
    };
    write_stdout(|out| write_rule(out, format, rule))?;
    Ok(ExitCode::SUCCESS)
}
