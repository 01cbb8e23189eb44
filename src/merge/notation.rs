//! How one line that both sides changed is compared part by part, per notation.
//!
//! A line that both sides changed is split into keyed parts that tile it: a table row into
//! its cells, a checkbox line into its box, its description and each Obsidian Tasks or
//! Dataview token. Each part then merges on its own (a part one side changed takes that
//! side's bytes), so two cells of one row, or a tick and a new due date, merge. A part both
//! sides set differently is a true conflict, and the caller marks the whole line.
//!
//! The notations are one small table ([`NOTATIONS`]) of splitting functions, so that each can
//! move next to the reader of its notation. Date stamps (`Last Updated:`, `updated_date:`)
//! are the one line-level rule outside the table: the later date wins. This module must not
//! decide anything about whole tasks or files.

use std::ops::Range;

use chrono::{NaiveDate, NaiveDateTime};

use crate::parse::meta::{self, MetaKind};
use crate::parse::table;

/// One keyed part of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    /// What the part is (`c3` for a row's fourth cell, `mark`, `m:due`, `dv:priority`).
    pub key: String,
    /// Its bytes in the line (line ending excluded).
    pub range: Range<usize>,
}

/// A notation whose lines merge part by part.
pub(crate) struct Notation {
    /// For messages and tests.
    #[cfg_attr(not(test), allow(dead_code))]
    pub name: &'static str,
    /// Splits a line (without line ending) into parts tiling it; `None` when the line is not
    /// written in this notation.
    pub split: fn(&str) -> Option<Vec<Part>>,
    /// True when the three versions must have the same parts (table cells); otherwise a part
    /// only one side added is appended at the end of the line.
    pub fixed: bool,
}

/// Every notation with a finer unit than the line, tried in order.
pub(crate) const NOTATIONS: &[Notation] = &[
    Notation {
        name: "table row",
        split: table_row,
        fixed: true,
    },
    Notation {
        name: "checkbox line",
        split: checkbox_line,
        fixed: false,
    },
];

/// Merges one line both sides changed: a date stamp to the later date, else part by part in
/// the first notation all three versions are written in. `None` is a true conflict. Each
/// argument is the line without its line ending.
pub(crate) fn merge_line(b: &str, o: &str, t: &str) -> Option<String> {
    if let Some(line) = later_stamp(b, o, t) {
        return Some(line.to_string());
    }
    NOTATIONS.iter().find_map(|n| merge_parts(n, b, o, t))
}

/// The three-way choice for one value: the side that changed it, or the common change.
fn pick<'a>(
    b: Option<&'a str>,
    o: Option<&'a str>,
    t: Option<&'a str>,
) -> Result<Option<&'a str>, ()> {
    if o == b {
        Ok(t)
    } else if t == b || o == t {
        Ok(o)
    } else {
        Err(())
    }
}

fn merge_parts(n: &Notation, b: &str, o: &str, t: &str) -> Option<String> {
    let (pb, po, pt) = ((n.split)(b)?, (n.split)(o)?, (n.split)(t)?);
    let keys = |p: &[Part]| p.iter().map(|x| x.key.clone()).collect::<Vec<_>>();
    if n.fixed && (keys(&pb) != keys(&po) || keys(&po) != keys(&pt)) {
        return None;
    }
    let value = |parts: &[Part], line: &'_ str, key: &str| -> Option<String> {
        parts
            .iter()
            .find(|p| p.key == key)
            .map(|p| line[p.range.clone()].to_string())
    };
    // (key, merged value) in ours' order; a part theirs added follows the part it follows
    // on their side.
    let mut out: Vec<(String, Option<String>)> = Vec::with_capacity(po.len() + 2);
    for p in &po {
        let (bv, tv) = (value(&pb, b, &p.key), value(&pt, t, &p.key));
        let v = pick(bv.as_deref(), Some(&o[p.range.clone()]), tv.as_deref()).ok()?;
        out.push((p.key.clone(), v.map(str::to_string)));
    }
    for (i, p) in pt.iter().enumerate() {
        if po.iter().any(|q| q.key == p.key) {
            continue;
        }
        let bv = value(&pb, b, &p.key);
        let Some(v) = pick(bv.as_deref(), None, Some(&t[p.range.clone()])).ok()? else {
            continue;
        };
        let after = pt[..i]
            .iter()
            .rev()
            .find_map(|q| out.iter().position(|(k, _)| *k == q.key));
        let at = after.map_or(out.len(), |a| a + 1);
        out.insert(at, (p.key.clone(), Some(v.to_string())));
    }
    Some(out.into_iter().filter_map(|(_, v)| v).collect())
}

/// Table rows: the pipes and each cell's slot, keyed by column.
fn table_row(line: &str) -> Option<Vec<Part>> {
    let slots = table::row_slots(line)?;
    let mut parts = Vec::with_capacity(slots.len() * 2 + 1);
    let mut at = 0;
    for (i, s) in slots.iter().enumerate() {
        parts.push(Part {
            key: format!("p{i}"),
            range: at..s.start,
        });
        parts.push(Part {
            key: format!("c{i}"),
            range: s.start..s.end,
        });
        at = s.end;
    }
    parts.push(Part {
        key: "end".into(),
        range: at..line.len(),
    });
    Some(parts)
}

/// The byte range of a list item's checkbox (`[ ]`, `[x]`, `[/]`) on a line, if it has one.
fn checkbox_mark(line: &str) -> Option<Range<usize>> {
    let b = line.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i < b.len() && b[i] == b'>' {
            i += 1;
        } else {
            break;
        }
    }
    match b.get(i)? {
        b'-' | b'*' | b'+' => i += 1,
        b'0'..=b'9' => {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'.' | b')')) {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    let gap = b[i..]
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    if gap == 0 {
        return None;
    }
    i += gap;
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let c = line[i + 1..].chars().next()?;
    let close = i + 1 + c.len_utf8();
    (b.get(close) == Some(&b']')).then_some(i..close + 1)
}

/// Checkbox lines: the prefix, the box, the description, and each metadata token (an
/// Obsidian Tasks emoji with its value, a Dataview `[key:: value]`) with the white space
/// before it.
fn checkbox_line(line: &str) -> Option<Vec<Part>> {
    let mark = checkbox_mark(line)?;
    let body = &line[mark.end..];
    let (metas, _) = meta::scan(body, mark.end);
    let mut starts: Vec<(usize, String)> = Vec::new();
    for m in &metas {
        let mut s = m.key_span.start;
        if m.kind == MetaKind::Dataview {
            s = line[..s].rfind(['[', '(']).unwrap_or(s);
        }
        while s > mark.end && line[..s].ends_with([' ', '\t']) {
            s -= 1;
        }
        let base = match m.kind {
            MetaKind::Emoji => format!("m:{}", m.key),
            MetaKind::Dataview => format!("dv:{}", m.key.to_ascii_lowercase()),
        };
        let n = starts.iter().filter(|(_, k)| k.starts_with(&base)).count();
        let key = if n == 0 { base } else { format!("{base}#{n}") };
        if starts.last().is_some_and(|(p, _)| *p >= s) {
            return None;
        }
        starts.push((s, key));
    }
    let mut parts = vec![
        Part {
            key: "prefix".into(),
            range: 0..mark.start,
        },
        Part {
            key: "mark".into(),
            range: mark.clone(),
        },
    ];
    let text_end = starts.first().map_or(line.len(), |(s, _)| *s);
    parts.push(Part {
        key: "text".into(),
        range: mark.end..text_end,
    });
    for (i, (s, key)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(line.len(), |(n, _)| *n);
        parts.push(Part {
            key: key.clone(),
            range: *s..end,
        });
    }
    Some(parts)
}

/// A date stamp line: the text before the date (key and separator), and the date.
fn stamp(line: &str) -> Option<(&str, NaiveDateTime)> {
    let colon = line.find(':')?;
    let key = line[..colon].to_ascii_lowercase();
    if !(key.contains("updated") || key.contains("modified")) {
        return None;
    }
    let value = line[colon + 1..].trim_matches([' ', '\t', '*', '\'', '"', '_']);
    const TIMES: [&str; 4] = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%SZ",
    ];
    let when = TIMES
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
        .or_else(|| {
            crate::model::last_updated::FORMATS
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(value, f).ok())
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    Some((&line[..colon], when))
}

/// The later of two stamps of the same key, when all three lines are stamps of that key.
fn later_stamp<'a>(b: &str, o: &'a str, t: &'a str) -> Option<&'a str> {
    let (kb, _) = stamp(b)?;
    let (ko, wo) = stamp(o)?;
    let (kt, wt) = stamp(t)?;
    (kb == ko && ko == kt).then_some(if wt > wo { t } else { o })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_cells_of_one_row_merge() {
        let b = "| T-1 | Parse | TODO | P2 |";
        let o = "| T-1 | Parse | DONE | P2 |";
        let t = "| T-1 | Parse | TODO | P0 |";
        assert_eq!(
            merge_line(b, o, t).as_deref(),
            Some("| T-1 | Parse | DONE | P0 |")
        );
    }

    #[test]
    fn one_cell_set_twice_conflicts() {
        let b = "| T-1 | Parse | TODO |";
        assert_eq!(
            merge_line(b, "| T-1 | Parse | DONE |", "| T-1 | Parse | WIP |"),
            None
        );
    }

    #[test]
    fn a_tick_and_a_new_due_date_merge() {
        let b = "- [ ] Water the tomatoes 📅 2026-06-01 ⏫";
        let o = "- [x] Water the tomatoes 📅 2026-06-01 ⏫ ✅ 2026-06-02";
        let t = "- [ ] Water the tomatoes 📅 2026-06-09 ⏫";
        assert_eq!(
            merge_line(b, o, t).as_deref(),
            Some("- [x] Water the tomatoes 📅 2026-06-09 ⏫ ✅ 2026-06-02")
        );
    }

    #[test]
    fn a_token_theirs_added_stays_where_they_put_it() {
        let b = "- [ ] Call mom [due:: 2026-06-02] 🆔 w2";
        let o = "- [x] Call mom [due:: 2026-06-02] 🆔 w2";
        let t = "- [ ] Call mom ⏫ [due:: 2026-06-02] 🆔 w2";
        assert_eq!(
            merge_line(b, o, t).as_deref(),
            Some("- [x] Call mom ⏫ [due:: 2026-06-02] 🆔 w2")
        );
    }

    #[test]
    fn dataview_fields_merge_by_key() {
        let b = "- [ ] Call mom [due:: 2026-06-02]";
        let o = "- [x] Call mom [due:: 2026-06-02]";
        let t = "- [ ] Call mom [due:: 2026-06-05] [priority:: high]";
        assert_eq!(
            merge_line(b, o, t).as_deref(),
            Some("- [x] Call mom [due:: 2026-06-05] [priority:: high]")
        );
    }

    #[test]
    fn every_notation_splits_its_own_lines_only() {
        let row = NOTATIONS.iter().find(|n| n.name == "table row").unwrap();
        assert!((row.split)("| a | b |").is_some());
        assert!((row.split)("- [ ] a").is_none());
        let cb = NOTATIONS
            .iter()
            .find(|n| n.name == "checkbox line")
            .unwrap();
        assert!((cb.split)("  - [x] a ⏫").is_some());
        assert!((cb.split)("| a | b |").is_none());
    }

    #[test]
    fn two_titles_conflict() {
        assert_eq!(merge_line("- [ ] a", "- [ ] b", "- [ ] c"), None);
        assert_eq!(merge_line("Status: A", "Status: B", "Status: C"), None);
    }

    #[test]
    fn the_later_stamp_wins() {
        let b = "Last Updated: 2026-01-10";
        let o = "Last Updated: 2026-02-03";
        let t = "Last Updated: 2026-02-01";
        assert_eq!(merge_line(b, o, t).as_deref(), Some(o));
        assert_eq!(merge_line(b, t, o).as_deref(), Some(o));
        let y = "updated_date: '2026-01-02 10:30'";
        let z = "updated_date: '2026-01-02 11:00'";
        assert_eq!(
            merge_line("updated_date: '2026-01-01'", z, y).as_deref(),
            Some(z)
        );
    }
}
