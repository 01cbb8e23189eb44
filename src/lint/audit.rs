//! The accounting invariant: every task-looking line of a file is classified, and every near
//! miss among them is a lint finding at its line. The tests check it over every fixture and
//! sample file, and the `load` fuzz target over generated inputs, so no line can hide.

use crate::config::Config;
use crate::parse::TaskFile;
use crate::parse::account::Class;
use crate::project::{LoadedFile, Project};

use super::rules;

/// Counts of the accounting classes of one file: tasks (a), parts of tasks (b), lines
/// deliberately not tasks (c), near misses (d), and unclassified lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// (a) Tasks.
    pub tasks: usize,
    /// (b) Fields, list items and checklist items of tasks.
    pub parts: usize,
    /// (c) Deliberately not tasks.
    pub not_tasks: usize,
    /// (d) Near misses.
    pub near_misses: usize,
    /// Lines of no class (the invariant wants none).
    pub unclassified: usize,
}

/// The class counts of `file` and the breaches of the invariant, one sentence each with its
/// line: an unclassified line, or a near miss no rule reports at its line. Runs the two rules
/// that report near misses directly, so no `todo-lint: disable` comment can hide one.
pub fn audit(file: TaskFile) -> (Counts, Vec<String>) {
    let entries = file.accounting();
    let project = Project {
        root: ".".into(),
        config_path: None,
        config: Config::default(),
        files: vec![LoadedFile {
            display: file.doc.path().display().to_string(),
            file,
            archive: false,
        }],
    };
    let cx = rules::Context::new(&project);
    let mut found = Vec::new();
    rules::malformed_checklist::check(&cx, &mut found);
    rules::unread_task_line::check(&cx, &mut found);
    let mut counts = Counts::default();
    let mut breaches = Vec::new();
    for e in &entries {
        match &e.class {
            Class::Task => counts.tasks += 1,
            Class::Part => counts.parts += 1,
            Class::NotATask(_) => counts.not_tasks += 1,
            Class::NearMiss(m) => {
                counts.near_misses += 1;
                if !found.iter().any(|d| d.primary.start.line == e.line) {
                    breaches.push(format!(
                        "line {}: near miss with no lint finding ({})",
                        e.line, m.reason
                    ));
                }
            }
            Class::Unclassified => {
                counts.unclassified += 1;
                breaches.push(format!("line {}: unclassified", e.line));
            }
        }
    }
    (counts, breaches)
}
