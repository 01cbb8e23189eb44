//! How one line that both sides changed merges part by part.
//!
//! The line's notation cuts it into keyed parts that tile it ([`style::split_three`]): a
//! table row into its cells, a checkbox line into its box, its description and each Obsidian
//! Tasks or Dataview token. Each part then merges on its own (a part one side changed takes
//! that side's bytes), so two cells of one row, or a tick and a new due date, merge. A part
//! both sides set differently is a true conflict, and the caller marks the whole line.
//!
//! Date stamps (`Last Updated:`, `updated_date:`) are the one rule here that looks at a
//! line's text: the later date wins, in any notation. This module must not hold a rule of
//! any one notation, nor decide anything about whole tasks or files.

use chrono::{NaiveDate, NaiveDateTime};

use crate::parse::style::{self, LineParts};

/// Merges one line both sides changed: a date stamp to the later date, else part by part in
/// the first notation all three versions are written in. `None` is a true conflict. Each
/// argument is the line without its line ending.
pub(crate) fn merge_line(b: &str, o: &str, t: &str) -> Option<String> {
    if let Some(line) = later_stamp(b, o, t) {
        return Some(line.to_string());
    }
    style::split_three(b, o, t).find_map(|[pb, po, pt]| merge_parts(&pb, &po, &pt, b, o, t))
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

/// One line merged part by part, given the three versions' parts.
fn merge_parts(
    pb: &LineParts,
    po: &LineParts,
    pt: &LineParts,
    b: &str,
    o: &str,
    t: &str,
) -> Option<String> {
    let same_keys = |x: &LineParts, y: &LineParts| {
        x.parts.len() == y.parts.len() && x.parts.iter().zip(&y.parts).all(|(p, q)| p.key == q.key)
    };
    if po.fixed && (!same_keys(pb, po) || !same_keys(po, pt)) {
        return None;
    }
    let (pb, po, pt) = (&pb.parts, &po.parts, &pt.parts);
    let value = |parts: &[style::Part], line: &'_ str, key: &str| -> Option<String> {
        parts
            .iter()
            .find(|p| p.key == key)
            .map(|p| line[p.range.clone()].to_string())
    };
    // (key, merged value) in ours' order; a part theirs added follows the part it follows
    // on their side.
    let mut out: Vec<(String, Option<String>)> = Vec::with_capacity(po.len() + 2);
    for p in po {
        let (bv, tv) = (value(pb, b, &p.key), value(pt, t, &p.key));
        let v = pick(bv.as_deref(), Some(&o[p.range.clone()]), tv.as_deref()).ok()?;
        out.push((p.key.clone(), v.map(str::to_string)));
    }
    for (i, p) in pt.iter().enumerate() {
        if po.iter().any(|q| q.key == p.key) {
            continue;
        }
        let bv = value(pb, b, &p.key);
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
