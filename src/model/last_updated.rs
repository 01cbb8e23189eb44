//! The `Last Updated:` header line: where its date stands, which formats it may be written in,
//! and how it is rewritten in its own format.
//!
//! The parser reads the line once into [`crate::parse::TaskFile::last_updated`]; the editing
//! commands (which refresh it) and the `stale-last-updated` rule (which compares it with the
//! history) both use that one reading. Pure text functions: nothing here reads files or builds
//! edits.

use chrono::NaiveDate;

use crate::document::Span;

/// The key the header line starts with (after any `**`).
const KEY: &str = "Last Updated";

/// Date formats a `Last Updated:` line may use, tried in this order.
pub const FORMATS: [&str; 6] = [
    "%Y-%m-%d",
    "%B %-d, %Y",
    "%b %-d, %Y",
    "%-d %B %Y",
    "%Y/%m/%d",
    "%d.%m.%Y",
];

/// A file's `Last Updated:` header line, as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastUpdated {
    /// The value, without the `**` and blanks around it.
    pub span: Span,
    /// The date and the format it is written in; `None` when the value is in no known format.
    pub date: Option<(NaiveDate, &'static str)>,
}

impl LastUpdated {
    /// The first `Last Updated:` line of `text` before `limit` (the file's first task), if it
    /// has a colon after the key.
    pub fn find(text: &str, limit: usize) -> Option<LastUpdated> {
        let head = &text[..limit];
        let key = memchr::memmem::find(head.as_bytes(), KEY.as_bytes())?;
        let line_end = head[key..]
            .find(['\n', '\r'])
            .map_or(head.len(), |e| key + e);
        let rest = &head[key + KEY.len()..line_end];
        let colon = rest.find(':')?;
        let value_start = key + KEY.len() + colon + 1;
        let value = &head[value_start..line_end];
        let lead = value.len() - value.trim_start_matches(['*', ' ', '\t']).len();
        let body = value[lead..].trim_end_matches(['*', ' ', '\t']);
        let span = Span::new(value_start + lead, value_start + lead + body.len());
        let date = FORMATS
            .iter()
            .find_map(|&f| NaiveDate::parse_from_str(body, f).ok().map(|d| (d, f)));
        Some(LastUpdated { span, date })
    }

    /// The value that sets the line to `day` in the format it already uses; `None` when it
    /// already says `day` or its value is in no known format.
    pub fn rewrite(&self, day: NaiveDate) -> Option<String> {
        let (date, format) = self.date?;
        (date != day).then(|| day.format(format).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_date_in_its_format() {
        let text = "# P\n\n**Last Updated:** March 2, 2026\n\n### T-1: A\n";
        let h = LastUpdated::find(text, text.len()).unwrap();
        assert_eq!(&text[h.span.range()], "March 2, 2026");
        let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(h.date, Some((day, "%B %-d, %Y")));
        assert_eq!(h.rewrite(day), None);
        let later = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(h.rewrite(later).as_deref(), Some("November 23, 2026"));
        let soon = LastUpdated::find("Last Updated: soon\n", 19).unwrap();
        assert_eq!((soon.date, soon.rewrite(later)), (None, None));
        assert!(LastUpdated::find("Last Updated 2026-01-01\n", 24).is_none());
    }
}
