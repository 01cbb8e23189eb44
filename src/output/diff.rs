//! Renderers of `todo diff`: a [`ProjectDiff`] as text lines, JSON ([`DiffJson`]) or a
//! Markdown summary for pull requests.
//!
//! The comparison is `history::diff`; this module only lays it out.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::format::{Format, write_json};
use super::sanitize;
use crate::history::change::TaskChange;
use crate::history::diff::{ChangedTask, ProjectDiff, Side, TaskEntry};

/// What `diff` writes; the first is the default.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json, Format::Md];

/// `todo diff --format json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DiffJson<'a> {
    /// The old side's revision, null for the working tree.
    pub from: Option<&'a str>,
    /// The new side's revision, null for the working tree.
    pub to: Option<&'a str>,
    /// Tasks only on the new side.
    pub added: &'a [TaskEntry],
    /// Tasks only on the old side.
    pub removed: &'a [TaskEntry],
    /// Tasks on both sides that differ.
    pub changed: &'a [ChangedTask],
}

/// The difference from `from` to `to`.
pub fn write_diff(
    out: &mut dyn Write,
    format: Format,
    diff: &ProjectDiff,
    from: &Side,
    to: &Side,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Json => write_json(
            out,
            &DiffJson {
                from: from.rev(),
                to: to.rev(),
                added: &diff.added,
                removed: &diff.removed,
                changed: &diff.changed,
            },
        ),
        Format::Md => out.write_all(markdown(diff, from, to).as_bytes()),
        _ => out.write_all(text(diff, color).as_bytes()),
    }
}

/// A change on one line: list-valued fields hold line breaks.
fn one_line(c: &TaskChange) -> String {
    sanitize(&c.to_string()).replace('\n', ", ")
}

fn changes_line(changes: &[TaskChange]) -> String {
    changes.iter().map(one_line).collect::<Vec<_>>().join("; ")
}

fn named(id: Option<&str>, title: &str) -> String {
    match id {
        Some(id) => format!("{id} {}", sanitize(title)),
        None => sanitize(title).into_owned(),
    }
}

fn text(diff: &ProjectDiff, color: bool) -> String {
    let paint = |code: &str, s: String| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s
        }
    };
    let mut out = String::new();
    for e in &diff.added {
        let line = format!("+ {} ({})", named(e.id.as_deref(), &e.title), e.file);
        let _ = writeln!(out, "{}", paint("32", line));
    }
    for e in &diff.removed {
        let line = format!("- {} ({})", named(e.id.as_deref(), &e.title), e.file);
        let _ = writeln!(out, "{}", paint("31", line));
    }
    for c in &diff.changed {
        // With an ID the ID is enough; without one, the title and file say which task.
        let who = match &c.id {
            Some(id) => id.clone(),
            None => format!("{} ({})", sanitize(&c.title), c.file),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint("33", format!("~ {who}")),
            changes_line(&c.changes)
        );
    }
    let _ = writeln!(out, "{}", diff.summary());
    out
}

fn markdown(diff: &ProjectDiff, from: &Side, to: &Side) -> String {
    let side = |s: &Side| match s.rev() {
        Some(r) => format!("`{r}`"),
        None => "the working tree".to_string(),
    };
    let bold_id = |id: Option<&str>, title: &str| match id {
        Some(id) => format!("**{id}** {}", sanitize(title)),
        None => sanitize(title).into_owned(),
    };
    let mut out = String::new();
    let _ = writeln!(out, "## Task changes: {} → {}\n", side(from), side(to));
    let summary = diff.summary();
    let mut first = summary.chars();
    let summary: String = first
        .next()
        .map(|c| c.to_uppercase().chain(first).collect())
        .unwrap_or_default();
    let _ = writeln!(out, "{summary}.");
    let lists = [("Added", &diff.added), ("Removed", &diff.removed)];
    for (heading, entries) in lists {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {heading}\n");
        for e in entries {
            let _ = writeln!(
                out,
                "- {} (`{}`)",
                bold_id(e.id.as_deref(), &e.title),
                e.file
            );
        }
    }
    if !diff.changed.is_empty() {
        let _ = writeln!(out, "\n### Changed\n");
        for c in &diff.changed {
            let _ = writeln!(
                out,
                "- {} (`{}`)",
                bold_id(c.id.as_deref(), &c.title),
                c.file
            );
            for ch in &c.changes {
                let _ = writeln!(out, "  - {}", one_line(ch));
            }
        }
    }
    out
}
