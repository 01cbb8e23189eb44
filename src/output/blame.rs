//! Renderer of `todo blame`: who last set each field and checklist item of a task
//! ([`BlameLine`]s), as text or JSON ([`BlameJson`]).
//!
//! The attribution is `history::blame`'s; this module only lays the lines out.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::format::{Format, write_json};
use super::sanitize;
use crate::history::blame::{BlameJson, BlameLine, Origin, Target};

/// What `blame` writes; the first is the default.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json];

/// The blame lines of one task.
pub fn write_blame(
    out: &mut dyn Write,
    format: Format,
    lines: &[BlameLine],
    color: bool,
) -> io::Result<()> {
    if format == Format::Json {
        let json: Vec<BlameJson<'_>> = lines.iter().map(BlameJson::new).collect();
        return write_json(out, &json);
    }
    out.write_all(text(lines, color).as_bytes())
}

/// `<hash> <date> <author>  <Field>: <value>`, the origin column padded to one width.
fn text(lines: &[BlameLine], color: bool) -> String {
    let origins: Vec<(String, String)> = lines
        .iter()
        .map(|l| match &l.origin {
            Origin::Uncommitted => ("(uncommitted)".to_string(), String::new()),
            Origin::Commit(c) | Origin::Boundary(c) => {
                let mark = if matches!(l.origin, Origin::Boundary(_)) {
                    "^"
                } else {
                    ""
                };
                (
                    format!("{mark}{} {}", c.short(), c.date().format("%Y-%m-%d")),
                    sanitize(&c.author).into_owned(),
                )
            }
        })
        .collect();
    let head = origins
        .iter()
        .map(|(h, _)| h.chars().count())
        .max()
        .unwrap_or(0);
    let who = origins
        .iter()
        .map(|(_, a)| a.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (l, (h, a)) in lines.iter().zip(&origins) {
        let what = match &l.target {
            Target::Title => format!("Title: {}", sanitize(&l.value)),
            Target::File => format!("File: {}", sanitize(&l.value)),
            Target::Field { key, .. } => {
                format!(
                    "{}: {}",
                    sanitize(key),
                    sanitize(&l.value.replace('\n', "; "))
                )
            }
            Target::Checkbox => format!("Checkbox: {}", l.value),
            Target::Item { text, .. } => format!("{} {}", l.value, sanitize(text)),
        };
        let h = if color && !h.starts_with('(') {
            let (hash, date) = h.split_once(' ').unwrap_or((h, ""));
            format!(
                "\x1b[33m{hash}\x1b[0m {date}{}",
                " ".repeat(head - h.chars().count())
            )
        } else {
            format!("{h:<head$}")
        };
        let line = format!("{h} {a:<who$}  {what}");
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}
