//! Deterministic task files for benchmarks and tests: the 002 style (heading tasks with plain
//! fields, a task schema, checklists, acyclic dependencies and a few blocked tasks).
//!
//! The same `n` always yields the same bytes, so measurements compare like with like.

use std::fmt::Write;

/// A task file of `n` heading tasks with a `## Task schema (required)` section, grouped
/// under priority headings. Every tenth task depends on the one before it; every
/// twenty-fifth is blocked by its predecessor.
pub fn task_file(n: usize) -> String {
    let mut out = String::with_capacity(n * 420 + 1024);
    out.push_str(
        "# TODO.md — generated\n\nLast Updated: 2026-01-01\n\n## Task schema (required)\n\
         - **ID**: `T-#####` (unique)\n- **Priority**: `P0 | P1 | P2 | P3`\n\
         - **Type**: `FEATURE | BUG | DOCS | CHORE`\n- **Owner**: `AGENT | HUMAN`\n\
         - **Status**: `READY | BLOCKED | IN-PROGRESS | IN-REVIEW`\n\
         - **Blocker**: `None` or the reason\n- **Context**: why\n\
         - **Acceptance Criteria**: checklist\n- **References**: paths\n\
         - **Dependencies**: task IDs\n- **Effort**: `S | M | L`\n\n## Active tasks\n",
    );
    let groups = ["P0", "P1", "P2", "P3"];
    let per_group = n.div_ceil(groups.len()).max(1);
    for i in 0..n {
        let priority = groups[(i / per_group).min(groups.len() - 1)];
        if i % per_group == 0 {
            let _ = write!(out, "\n#### {priority} — generated group\n");
        }
        let id = i + 1;
        let blocked = i > 0 && i % 25 == 0;
        let status = if blocked {
            "BLOCKED"
        } else {
            ["READY", "IN-PROGRESS", "IN-REVIEW", "READY"][i % 4]
        };
        let blocker = if blocked {
            format!("T-{:05} (needs its result)", id - 1)
        } else {
            "None".to_string()
        };
        let deps = if i > 0 && i % 10 == 0 {
            format!("T-{:05}", id - 1)
        } else {
            "None".to_string()
        };
        let _ = write!(
            out,
            "\n### T-{id:05}: Generated task number {id} with a realistic title\n\
             Priority: {priority}\nType: {}\nOwner: {}\nStatus: {status}\nBlocker: {blocker}\n\
             Context:\n- Generated to measure how the tools scale with the number of tasks.\n\
             - The body has the fields and lists that real task files carry.\n\
             Acceptance Criteria:\n- [x] The first step of task {id} is done\n\
             - [ ] The second step of task {id} is open\n- [ ] The third step is open\n\
             References:\n- src/module_{}.rs\nDependencies: {deps}\nEffort: {}\n",
            ["FEATURE", "BUG", "DOCS", "CHORE"][i % 4],
            ["AGENT", "HUMAN"][i % 2],
            i % 97,
            ["S", "M", "L"][i % 3],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, State, TaskFile};

    #[test]
    fn generates_the_requested_tasks_deterministically() {
        let text = task_file(100);
        assert_eq!(text, task_file(100));
        let file = TaskFile::parse(Document::from_string("TODO.md", text));
        assert_eq!(file.tasks.len(), 100);
        assert_eq!(
            file.tasks
                .iter()
                .filter(|t| t.state == State::Blocked)
                .count(),
            3
        );
        assert_eq!(file.tasks[10].dependencies[0].value, "T-00010");
        assert_eq!(file.tasks[0].progress(), (1, 3));
        assert!(file.schema.is_some());
    }
}
