//! CSV output (RFC 4180 quoting), one row per task, and the quoting every CSV renderer uses.
//! It only formats the tasks it is given; it never filters or sorts them.

use std::fmt::Write;

use crate::model::FieldKey;
use crate::project::TaskRef;

const HEADER: &str = "id,title,status,state,priority,type,owner,blocker,dependencies,effort,done,total,section,file,line";

/// Renders tasks as CSV with a header row.
pub fn render<'a>(tasks: impl IntoIterator<Item = TaskRef<'a>>) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for t in tasks {
        let task = t.task;
        let (done, total) = task.progress();
        let deps: Vec<&str> = task.dependencies.iter().map(|d| d.value.as_str()).collect();
        let cells = [
            task.id().unwrap_or("").to_string(),
            task.shown_title().to_string(),
            task.status().unwrap_or("").to_string(),
            task.state.name().to_string(),
            t.priority_text().unwrap_or_default().into_owned(),
            task.value(FieldKey::Type).unwrap_or("").to_string(),
            t.owner().unwrap_or("").to_string(),
            t.blocker().unwrap_or_default(),
            deps.join(" "),
            task.value(FieldKey::Effort).unwrap_or("").to_string(),
            done.to_string(),
            total.to_string(),
            t.section().join(" / "),
            t.file.display.clone(),
            t.line().to_string(),
        ];
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            quote(&mut out, cell);
        }
        out.push('\n');
    }
    out
}

/// Appends `cell`, quoted when it holds a comma, a quote or a line break (RFC 4180).
pub(crate) fn quote(out: &mut String, cell: &str) {
    if cell.contains([',', '"', '\n', '\r']) {
        let _ = write!(out, "\"{}\"", cell.replace('"', "\"\""));
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_when_needed() {
        let mut s = String::new();
        quote(&mut s, "a, \"b\"");
        assert_eq!(s, "\"a, \"\"b\"\"\"");
    }
}
