//! The text of a block scalar (`title: >-` then indented lines, `notes: |`), read for display
//! and lint. Backlog.md folds long titles this way. The value stays [`super::Value::Complex`]:
//! it is read, never edited by span. This file must not know task fields.

use super::Entry;

/// The text of `entry` when its value is a block scalar: literal (`|`) lines kept, folded
/// (`>`) lines joined by spaces (a blank line is a line break), the indentation indicator
/// honoured, and the chomping indicator applied (`-` strips the final line break, `+` keeps
/// every trailing one, none keeps one). `None` for any other value.
pub(crate) fn block_scalar_text(text: &str, entry: &Entry) -> Option<String> {
    let rest = &text[entry.key_span.end..entry.span.end];
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    let header_line = after.split('\n').next().unwrap_or("");
    let header = header_line.trim_start_matches([' ', '\t']);
    let header = header
        .split(" #")
        .next()
        .unwrap_or("")
        .trim_end_matches(['\r', ' ', '\t']);
    let mut chars = header.chars();
    let folded = match chars.next()? {
        '>' => true,
        '|' => false,
        _ => return None,
    };
    let mut chomp = ' ';
    let mut explicit = None;
    for c in chars {
        match c {
            '+' | '-' if chomp == ' ' => chomp = c,
            '1'..='9' if explicit.is_none() => explicit = c.to_digit(10),
            _ => return None,
        }
    }
    let body_start = header_line.len() + 1;
    let body = after.get(body_start..).unwrap_or("");
    let lines: Vec<&str> = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let indent = match explicit {
        Some(n) => n as usize,
        None => lines
            .iter()
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len()),
    };
    let content: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end_matches(' '))
        .collect();
    Some(chomped(&join(&content, folded), chomp))
}

/// The lines joined: literal keeps each break; folded turns a single break between two
/// non-empty lines into a space and keeps the breaks of blank lines.
fn join(lines: &[&str], folded: bool) -> String {
    let mut out = String::new();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            let joins = folded && !line.is_empty() && !lines[k - 1].is_empty();
            let more_indented = line.starts_with(' ') || lines[k - 1].starts_with(' ');
            if folded && line.is_empty() && !lines[k - 1].is_empty() && !more_indented {
                // The break before blank lines is dropped; each blank line is one break.
            } else {
                out.push(if joins && !more_indented { ' ' } else { '\n' });
            }
        }
        out.push_str(line);
    }
    out
}

/// Applies the chomping indicator to the joined text.
fn chomped(text: &str, chomp: char) -> String {
    let body = text.trim_end_matches('\n');
    match chomp {
        '-' => body.to_string(),
        '+' => text.to_string(),
        _ if body.is_empty() => String::new(),
        _ => format!("{body}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Value, read};
    use super::*;

    fn text_of(yaml: &str, key: &str) -> Option<String> {
        let doc = format!("---\n{yaml}---\n");
        let fm = read(&doc, 0).unwrap();
        let entry = fm.get(key).unwrap();
        assert_eq!(entry.value, Value::Complex, "{yaml}");
        block_scalar_text(&doc, entry)
    }

    #[test]
    fn folds_and_keeps_lines() {
        let yaml = "title: >-\n  Read the folded\n  title whole\nstatus: To Do\n";
        assert_eq!(
            text_of(yaml, "title").unwrap(),
            "Read the folded title whole"
        );
        let yaml = "notes: |\n  first line\n  second line\n";
        assert_eq!(text_of(yaml, "notes").unwrap(), "first line\nsecond line\n");
        let yaml = "notes: >\n  one\n\n  two\n";
        assert_eq!(text_of(yaml, "notes").unwrap(), "one\ntwo\n");
        let yaml = "notes: |+\n  kept\n\n  more\n";
        assert_eq!(text_of(yaml, "notes").unwrap(), "kept\n\nmore");
        let yaml = "notes: |2-\n    deeper\n";
        assert_eq!(text_of(yaml, "notes").unwrap(), "  deeper");
    }

    #[test]
    fn other_complex_values_have_no_block_text() {
        assert_eq!(text_of("anchor: &a x\n", "anchor"), None);
        assert_eq!(text_of("map:\n  a: 1\n", "map"), None);
    }
}
