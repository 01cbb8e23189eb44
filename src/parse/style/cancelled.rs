//! Cancelled work: how a file says a task was dropped rather than done, when it has no status
//! word for it. An open checkbox whose whole title is struck through (`- [ ] ~~Support the
//! old driver~~`) and an open task under a `Won't do`, `Descoped` or `Cancelled` section are
//! cancelled. (`[-]` and `Status: Cancelled` are read by the status table.)
//!
//! This file only answers whether an otherwise open task is cancelled; it recognises no task.

use crate::document::Span;

use super::super::recognize::Walker;

/// Section names, compared without case, punctuation or emoji, that hold dropped work.
const SECTION_WORDS: [&str; 14] = [
    "won t do",
    "wont do",
    "will not do",
    "won t fix",
    "wontfix",
    "descoped",
    "cancelled",
    "canceled",
    "dropped",
    "abandoned",
    "not doing",
    "out of scope",
    "rejected",
    "not planned",
];

/// A heading's words, lower-cased, up to an annotation (`(`, `:`, ` — `).
fn words(heading: &str) -> String {
    let head = heading
        .split(['(', ':', '—', '–'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    head.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// True when a section heading names dropped work.
pub(crate) fn is_cancelled_section(heading: &str) -> bool {
    let w = words(heading);
    SECTION_WORDS.contains(&w.as_str())
}

/// True when `title` is struck through as a whole (`~~text~~`), or its struck-through start
/// is followed by a note after a dash or colon (`~~Battery sense~~ — obsolete, see …`).
/// `~~old~~ new` (a replaced wording) is not.
pub(crate) fn struck_through(title: &str) -> bool {
    let t = title.trim();
    let Some(inner) = t.strip_prefix("~~") else {
        return false;
    };
    let Some(close) = inner.find("~~") else {
        return false;
    };
    let rest = inner[close + 2..].trim_start();
    close > 0 && (rest.is_empty() || rest.starts_with(['—', '–', ':']) || rest.starts_with("- "))
}

impl Walker<'_> {
    /// True when a task that would be open is cancelled: its checkbox title is struck
    /// through, or (without a status of its own) it stands in a dropped-work section.
    pub(crate) fn open_but_cancelled(&self, title: Span, checkbox: bool, has_status: bool) -> bool {
        (checkbox && struck_through(&self.text[title.range()]))
            || (!has_status && self.any_section(is_cancelled_section))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_work_sections_and_struck_titles() {
        for h in [
            "Won't do",
            "🚫 Wont do",
            "Descoped (v2)",
            "Cancelled",
            "Out of scope",
        ] {
            assert!(is_cancelled_section(h), "{h}");
        }
        for h in [
            "Done",
            "Dropped support for Python 2",
            "Cancel button",
            "Backlog",
        ] {
            assert!(!is_cancelled_section(h), "{h}");
        }
        assert!(struck_through("~~Support the old driver~~"));
        assert!(!struck_through("~~old~~ new"));
        assert!(!struck_through("~~a~~ and ~~b~~"));
        assert!(struck_through(
            "~~Battery sense~~ — obsolete, see the power notes"
        ));
    }
}
