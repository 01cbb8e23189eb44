//! Template checklists: a checklist under a heading that introduces a template or a quality
//! gate ("Definition of done", "Checklist for every task", "Template", "Every task must
//! meet") is a checklist that belongs to no task, not a list of tasks. Items that lead with a
//! task ID are still tasks.
//!
//! This file only answers whether the current section is such a template; it recognises no
//! task.

use super::super::recognize::Walker;

/// Phrases of a heading that introduces a template or a quality gate (lower case).
const TEMPLATE_WORDS: [&str; 8] = [
    "definition of done",
    "definition of ready",
    "checklist for every",
    "every task must",
    "quality gate",
    "before merging",
    "review checklist",
    "pr checklist",
];

/// True when a section heading introduces a template or quality-gate checklist: one of the
/// phrases above, or a heading that is a template by name (`Template`, `Task template`;
/// not `Round 3 — Template and Cross-Component Standardization`).
pub(crate) fn is_template_heading(heading: &str) -> bool {
    let h = heading.to_lowercase();
    let words: Vec<&str> = h
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    TEMPLATE_WORDS.iter().any(|w| h.contains(w))
        || words
            .last()
            .is_some_and(|w| *w == "template" || *w == "templates")
}

/// A top-level `## Acceptance Criteria` section of a task list: the project's own criteria,
/// not tasks (under a task's heading such a list is the task's criteria field instead).
fn is_project_criteria(heading: &str) -> bool {
    let h = heading.trim().trim_end_matches(':').to_lowercase();
    h == "acceptance criteria" || h == "success criteria"
}

/// True when a section heading at `level` makes its checklist a template (see the module
/// docs).
pub(crate) fn is_template_section(level: u8, heading: &str) -> bool {
    is_template_heading(heading) || (level <= 2 && is_project_criteria(heading))
}

impl Walker<'_> {
    /// True when the innermost section is a template checklist (see the module docs).
    pub(crate) fn in_template(&self) -> bool {
        self.innermost()
            .is_some_and(|(level, h)| is_template_section(*level, h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_headings() {
        for h in [
            "Definition of Done",
            "Checklist for every task",
            "PR template",
            "Every task must meet",
        ] {
            assert!(is_template_heading(h), "{h}");
        }
        for h in [
            "Backlog",
            "Sprint 3",
            "Done",
            "Round 3 — Template and Cross-Component Standardization",
        ] {
            assert!(!is_template_heading(h), "{h}");
        }
    }
}
