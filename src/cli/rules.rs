//! `todo rules`: the lint rules, or one rule's documentation.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use todo_md::lint::{Applicability, RULES, registry};
use todo_md::output::table;

use super::{Ctx, Format, emit};

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// A rule's name or code: print its documentation.
    #[arg(value_name = "RULE")]
    rule: Option<String>,
}

fn fix_name(f: Option<Applicability>) -> &'static str {
    match f {
        Some(Applicability::Safe) => "safe",
        Some(Applicability::Unsafe) => "unsafe",
        _ => "",
    }
}

pub fn rules(ctx: &Ctx, args: &RulesArgs) -> Result<ExitCode> {
    let format = ctx.format(&[Format::Table, Format::Json, Format::Text], Format::Table)?;
    if let Some(name) = &args.rule {
        let Some(rule) = registry::find(name) else {
            eprintln!("todo: no rule `{name}` (run `todo rules` for the list)");
            return Ok(ExitCode::from(1));
        };
        if format == Format::Json {
            emit(&format!("{}\n", serde_json::to_string_pretty(&json(rule))?))?;
        } else {
            emit(&format!(
                "# {} ({}) — {}\n\n{}\n\n{}\n",
                rule.name,
                rule.code,
                rule.severity.name(),
                rule.summary,
                rule.doc
            ))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if format == Format::Json {
        let all: Vec<_> = RULES.iter().map(json).collect();
        emit(&format!("{}\n", serde_json::to_string_pretty(&all)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = table::new_table(&["Code", "Name", "Severity", "Fix", "Checks"], ctx.color);
    for r in RULES {
        t.add_row(vec![
            r.code,
            r.name,
            r.severity.name(),
            fix_name(r.fix),
            r.summary,
        ]);
    }
    emit(&format!("{}\n", t.trim_fmt()))?;
    Ok(ExitCode::SUCCESS)
}

fn json(r: &registry::RuleInfo) -> serde_json::Value {
    serde_json::json!({
        "code": r.code,
        "name": r.name,
        "severity": r.severity.name(),
        "fix": fix_name(r.fix),
        "summary": r.summary,
        "doc": r.doc,
    })
}
