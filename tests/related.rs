//! The fast path for one task ([`TaskFile::parse_related`]) must read every task exactly as
//! the whole-file parse does: same task (spans, fields, state), same section path, same
//! schema and same first task. Checked for every ID of every fixture, generated file, seed
//! and corpus file (the last two when the shared folder sits beside the repository).

use todo_md::parse::Scope;
use todo_md::{Document, StateMap, TaskFile};

#[allow(dead_code)]
mod common;

#[path = "../benches/support/generate.rs"]
mod generate;

/// Compares the fast path with the whole parse for every ID; returns (IDs checked, IDs that
/// took the fast path).
fn check(doc: Document, name: &str) -> (usize, usize) {
    let states = StateMap::default();
    let whole = TaskFile::parse_with(doc.clone(), &states);
    let mut fast = 0;
    let ids: Vec<String> = whole
        .tasks
        .iter()
        .filter_map(|t| t.id().map(str::to_string))
        .collect();
    for id in &ids {
        let part = TaskFile::parse_related(doc.clone(), &states, &[id]);
        if part.scope == Scope::Whole {
            continue;
        }
        fast += 1;
        let want = whole.find(id).unwrap();
        let got = part
            .find(id)
            .unwrap_or_else(|| panic!("{name}: {id} not found by the fast path"));
        assert_eq!(
            part.section(got),
            whole.section(want),
            "{name}: {id} section"
        );
        // Section indexes differ (the fast path holds fewer sections); paths are compared.
        let bare = |t: &todo_md::Task| todo_md::Task {
            section: 0,
            ..t.clone()
        };
        assert_eq!(bare(got), bare(want), "{name}: {id}");
        assert_eq!(part.schema, whole.schema, "{name}: schema");
        assert_eq!(
            part.tasks.first().map(bare),
            whole.tasks.first().map(bare),
            "{name}: first task"
        );
    }
    (ids.len(), fast)
}

#[test]
fn the_fast_path_reads_every_task_as_the_whole_parse_does() {
    let mut total = (0, 0);
    for path in common::markdown_files() {
        let Ok(doc) = Document::read(&path) else {
            continue; // files that do not load are the bad-input tests' business
        };
        let (n, fast) = check(doc, &path.display().to_string());
        total.0 += n;
        total.1 += fast;
    }
    for n in [1, 7, 120] {
        let (ids, fast) = check(
            Document::from_string("gen.md", generate::task_file(n)),
            "generated",
        );
        assert_eq!(ids, fast, "every generated task takes the fast path");
        total.0 += ids;
        total.1 += fast;
    }
    eprintln!("{} IDs checked, {} through the fast path", total.0, total.1);
    assert!(total.1 > 0);
}
