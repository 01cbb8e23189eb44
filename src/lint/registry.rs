//! The rule table: stable code ↔ kebab-case name, default severity, summary and docs.
//!
//! Codes and names never change once released; a retired rule keeps its code unused. The same
//! doc text feeds `todo rules NAME`, docs/rules.md and SARIF's `fullDescription`. The table only
//! describes rules; running them belongs to `lint::run` and `lint::history`.

use super::diagnostic::{Applicability, Severity};
use super::rules;

/// A rule's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable short code (`TD004`).
    pub code: &'static str,
    /// Stable kebab-case name (`duplicate-id`).
    pub name: &'static str,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// Markdown: what it does, why, an example, how to fix.
    pub doc: &'static str,
    /// The kind of fix the rule can offer, if any.
    pub fix: Option<Applicability>,
}

/// Every rule, in code order.
pub const RULES: &[RuleInfo] = &[
    rules::missing_field::INFO,
    rules::invalid_value::INFO,
    rules::invalid_id::INFO,
    rules::duplicate_id::INFO,
    rules::duplicate_field::INFO,
    rules::unknown_field::INFO,
    rules::unknown_dependency::INFO,
    rules::dependency_cycle::INFO,
    rules::dependency_cycle::SELF_INFO,
    rules::blocked_without_blocker::INFO,
    rules::blocker_without_blocked_status::INFO,
    rules::done_with_open_criteria::INFO,
    rules::section_priority_mismatch::INFO,
    rules::encoding_damage::INFO,
    rules::empty_title::INFO,
    rules::malformed_checklist::INFO,
    // History rules: run by `lint::history` (git), not by `lint::run`.
    rules::task_deleted::INFO,
    rules::id_reused::INFO,
    rules::status_transition::INFO,
    rules::stale_last_updated::INFO,
    rules::branch_id_collision::INFO,
    // Rules over the newer task styles (front matter, Obsidian dates), run by `lint::run`.
    rules::invalid_front_matter::INFO,
    rules::invalid_date::INFO,
    // Rules added later, run by `lint::run`.
    rules::stale_blocker::INFO,
    rules::front_matter_style::INFO,
    rules::unread_task_line::INFO,
];

/// A rule by name or code (any case).
pub fn find(name_or_code: &str) -> Option<&'static RuleInfo> {
    let n = name_or_code.trim();
    RULES
        .iter()
        .find(|r| r.name.eq_ignore_ascii_case(n) || r.code.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(
                r.code,
                format!("TD{:03}", i + 1),
                "codes are dense and ordered"
            );
            assert!(RULES.iter().filter(|o| o.name == r.name).count() == 1);
            for section in ["## What it does", "## Why", "## Example", "## How to fix"] {
                assert!(r.doc.contains(section), "{} lacks {section}", r.name);
            }
            assert_eq!(find(r.code), Some(r));
        }
    }
}
