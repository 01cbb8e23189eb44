//! `--format compact`: one line per task for agents and scripts that pay for every token —
//! ID, status, priority, owner and title separated by single spaces, `-` for a missing value,
//! the owner led by `@`, the title last and cut so a line never passes [`MAX_LINE`]
//! characters (40 tokens at four characters a token). Nothing else: no header, no count.

use std::io::{self, Write};

use super::sanitize;
use crate::project::TaskRef;

/// The longest line written, in characters.
pub const MAX_LINE: usize = 160;

/// One task's line, without the newline.
pub fn line(t: &TaskRef<'_>) -> String {
    let task = t.task;
    let word = |s: Option<&str>| -> String {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => sanitize(s).replace(char::is_whitespace, "_"),
            None => "-".to_string(),
        }
    };
    let status = task.status().unwrap_or(task.state.name());
    let owner = t
        .owner()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .map_or_else(|| "-".to_string(), |o| format!("@{}", word(Some(o))));
    let head = format!(
        "{} {} {} {}",
        word(task.id()),
        word(Some(status)),
        word(task.priority()),
        owner
    );
    let title = sanitize(task.shown_title()).replace('\n', " ");
    let room = MAX_LINE.saturating_sub(head.chars().count() + 1).max(1);
    let title = if title.chars().count() > room {
        let cut: String = title.chars().take(room.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        title
    };
    format!("{head} {title}")
}

/// Every task's line.
pub fn write(out: &mut dyn Write, tasks: &[TaskRef<'_>]) -> io::Result<()> {
    let mut text = String::new();
    for t in tasks {
        text.push_str(&line(t));
        text.push('\n');
    }
    out.write_all(text.as_bytes())
}
