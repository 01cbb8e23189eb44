//! Renderer of `todo rules`: the rule table ([`RuleInfo`]s) or one rule's documentation, as
//! text or JSON ([`RuleJson`]).
//!
//! The rules and their docs are the lint registry's; this module only lays them out.

use std::io::{self, Write};

use serde::Serialize;

use super::format::{Format, write_json};
use super::table;
use crate::lint::Applicability;
use crate::lint::registry::RuleInfo;

/// What `rules` writes for the rule list; the first is the default. `table` and `text` are
/// the one human form here (docs/cli.md promises both), a table for the list.
pub const FORMATS: &[Format] = &[Format::Table, Format::Json, Format::Text];
/// What `rules RULE` writes for one rule; the first is the default, and `table` is taken for
/// `text` as for the list.
pub const RULE_FORMATS: &[Format] = &[Format::Text, Format::Json, Format::Table];

/// One rule as JSON.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RuleJson<'a> {
    /// Stable short code (`TD004`).
    pub code: &'a str,
    /// Stable kebab-case name (`duplicate-id`).
    pub name: &'a str,
    /// Default severity.
    pub severity: &'a str,
    /// `safe`, `unsafe`, or empty when the rule offers no fix.
    pub fix: &'a str,
    /// One line: what the rule checks.
    pub summary: &'a str,
    /// Markdown documentation.
    pub doc: &'a str,
}

impl<'a> RuleJson<'a> {
    /// The JSON view of a rule.
    pub fn new(r: &'a RuleInfo) -> Self {
        RuleJson {
            code: r.code,
            name: r.name,
            severity: r.severity.name(),
            fix: fix_name(r.fix),
            summary: r.summary,
            doc: r.doc,
        }
    }
}

fn fix_name(f: Option<Applicability>) -> &'static str {
    match f {
        Some(Applicability::Safe) => "safe",
        Some(Applicability::Unsafe) => "unsafe",
        _ => "",
    }
}

/// Every rule: code, name, severity, fix and summary.
pub fn write_rules(
    out: &mut dyn Write,
    format: Format,
    rules: &[RuleInfo],
    color: bool,
) -> io::Result<()> {
    if format == Format::Json {
        let all: Vec<RuleJson<'_>> = rules.iter().map(RuleJson::new).collect();
        return write_json(out, &all);
    }
    let mut t = table::new_table(&["Code", "Name", "Severity", "Fix", "Checks"], color);
    for r in rules {
        t.add_row(vec![
            r.code,
            r.name,
            r.severity.name(),
            fix_name(r.fix),
            r.summary,
        ]);
    }
    writeln!(out, "{}", t.trim_fmt())
}

/// One rule's documentation.
pub fn write_rule(out: &mut dyn Write, format: Format, rule: &RuleInfo) -> io::Result<()> {
    if format == Format::Json {
        return write_json(out, &RuleJson::new(rule));
    }
    writeln!(
        out,
        "# {} ({}) — {}\n\n{}\n\n{}",
        rule.name,
        rule.code,
        rule.severity.name(),
        rule.summary,
        rule.doc
    )
}
