//! Template checklists: a checklist under a heading that introduces a template or a quality
//! gate ("Definition of done", "Checklist for every task", "Template", "Every task must
//! meet") is a checklist that belongs to no task, not a list of tasks. Items that lead with a
//! task ID are still tasks.
//!
//! This file only answers whether the current section is such a template; it recognises no
//! task.

use super::super::recognize::Walker;

/// Words of a heading that introduces a template or a quality gate (lower case).
const TEMPLATE_WORDS: [&str; 9] = [
    "definition of done",
    "definition of ready",
    "checklist for every",
    "every task must",
    "template",
    "quality gate",
    "before merging",
    "review checklist",
    "pr checklist",
];

/// True when a section heading introduces a template or quality-gate checklist.
pub(crate) fn is_template_heading(heading: &str) -> bool {
    let h = heading.to_lowercase();
    TEMPLATE_WORDS.iter().any(|w| h.contains(w))
}

impl Walker<'_> {
    /// True when the innermost section is a template checklist (see the module docs).
    pub(crate) fn in_template(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|(_, h)| is_template_heading(h))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_headings() {
        for h in ["Definition of Done", "Checklist for every task", "PR template", "Every task must meet"] {
            assert!(is_template_heading(h), "{h}");
        }
        for h in ["Backlog", "Sprint 3", "Done"] {
            assert!(!is_template_heading(h), "{h}");
        }
    }
}
