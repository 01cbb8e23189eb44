//! Renderer of `todo doctor`: the [`FileReport`] of each task file as text or JSON.
//!
//! The reports are `doctor::report`'s; this module only lays them out.

use std::io::{self, Write};

use super::format::{Format, write_json};
use crate::doctor::FileReport;

/// What `doctor` writes; the first is the default.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json];

/// How each file was read; in text, then the merge driver's setup problems and the state of
/// the write lock, when someone holds it or left it behind (JSON leaves both to stderr).
pub fn write_reports(
    out: &mut dyn Write,
    format: Format,
    reports: &[FileReport],
    merge_driver: &[String],
    lock: Option<&str>,
) -> io::Result<()> {
    if format == Format::Json {
        return write_json(out, reports);
    }
    out.write_all(text(reports).as_bytes())?;
    for p in merge_driver {
        writeln!(out, "merge driver: {p}")?;
    }
    if let Some(lock) = lock {
        writeln!(out, "write lock: {}", crate::output::sanitize(lock))?;
    }
    Ok(())
}

fn text(reports: &[FileReport]) -> String {
    let mut out = String::new();
    if reports.is_empty() {
        out.push_str("no task files found (see `todo list --help` for how files are found)\n");
    }
    for r in reports {
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
        for s in &r.section_priorities {
            out.push_str(&format!(
                "  section priority {}:{}: `{}`: {}\n",
                r.file, s.line, s.text, s.reason
            ));
        }
        if r.titles_with_tokens > 0 {
            out.push_str(&format!(
                "  {} title{} carry #tags, +projects, @people or due: dates (read as fields; \
                 those that open or close a title are not shown in it)\n",
                r.titles_with_tokens,
                if r.titles_with_tokens == 1 { "" } else { "s" }
            ));
        }
        if r.subtasks > 0 {
            out.push_str(&format!(
                "  {} sub-task{} name a parent (a parent field or a dotted ID)\n",
                r.subtasks,
                if r.subtasks == 1 { "" } else { "s" }
            ));
        }
        for p in &r.problems {
            out.push_str(&format!("  problem {}:{}: {}\n", r.file, p.line, p.reason));
        }
        if !r.tables.is_empty() {
            out.push_str("  tables:\n");
            for m in &r.tables {
                out.push_str(&format!(
                    "    {}:{}: {}\n      {}\n",
                    r.file, m.line, m.text, m.reason
                ));
            }
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
    out
}
