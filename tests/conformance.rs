//! Conformance over the shared seeds and real-world corpus (`../shared`, optional): every file
//! loads and parses without error or panic, the task and done counts per file are snapshotted,
//! and the facts the core issue states about the five seed files hold.
//!
//! The shared folder is not part of every checkout; when it is missing the tests print a line
//! and pass without asserting anything.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use todo_md::{Document, FieldKey, State, Task, TaskFile};

fn shared_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "skipped: {} does not exist (no seeds or corpus in this checkout)",
            dir.display()
        );
        None
    }
}

/// Regular files directly inside `dir` accepted by `keep`, sorted by name.
fn files_in(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| keep(&p.file_name().unwrap().to_string_lossy()))
        .collect();
    out.sort();
    out
}

/// The seed files and the corpus task files. The corpus's own README.md (which describes the
/// corpus) and MANIFEST.tsv are not task files and are left out.
fn shared_files(shared: &Path) -> Vec<PathBuf> {
    let mut files = files_in(&shared.join("seeds"), |_| true);
    files.extend(files_in(&shared.join("corpus"), |name| {
        name.ends_with(".md") && name != "README.md"
    }));
    files
}

fn load(path: &Path) -> Result<TaskFile, String> {
    let doc = Document::read(path).map_err(|e| format!("{}: load error: {e}", path.display()))?;
    catch_unwind(AssertUnwindSafe(|| TaskFile::parse(doc)))
        .map_err(|_| format!("{}: TaskFile::parse panicked", path.display()))
}

/// The seed whose file name starts with `prefix` (`"002"`).
fn seed(shared: &Path, prefix: &str) -> TaskFile {
    let dir = shared.join("seeds");
    let found: Vec<PathBuf> = files_in(&dir, |name| name.starts_with(&format!("{prefix}_")));
    assert_eq!(
        found.len(),
        1,
        "expected one seed {prefix}_* in {}",
        dir.display()
    );
    load(&found[0]).unwrap()
}

fn task<'a>(file: &'a TaskFile, id: &str) -> &'a Task {
    file.find(id)
        .unwrap_or_else(|| panic!("{}: no task {id}", file.doc.path().display()))
}

fn done(file: &TaskFile) -> usize {
    file.tasks.iter().filter(|t| t.state == State::Done).count()
}

#[test]
fn every_shared_file_parses_and_task_counts_are_stable() {
    let Some(shared) = shared_dir() else { return };
    let files = shared_files(&shared);
    assert!(!files.is_empty(), "no seeds or corpus files found");
    let mut failures = Vec::new();
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for path in &files {
        match load(path) {
            Ok(file) => {
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                counts.insert(name, (file.tasks.len(), done(&file)));
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // (tasks, done) per file: a regression guard for recognition, not a statement that every
    // count is what a person would call the file's tasks.
    insta::assert_debug_snapshot!("task_counts", counts);
}

#[test]
fn seed_002_heading_tasks_with_plain_fields() {
    let Some(shared) = shared_dir() else { return };
    let file = seed(&shared, "002");
    assert_eq!(file.tasks.len(), 72);

    let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &file.tasks {
        *statuses.entry(t.status().unwrap_or("<none>")).or_default() += 1;
    }
    assert_eq!(
        statuses,
        BTreeMap::from([("BLOCKED", 7), ("IN-REVIEW", 16), ("READY", 49)])
    );

    let deps: Vec<&str> = task(&file, "T-086")
        .dependencies
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    assert_eq!(deps, ["T-064", "T-065", "T-066", "T-067"]);

    let t050 = task(&file, "T-050");
    assert!(
        t050.blocker_refs.iter().any(|r| r.value == "T-042"),
        "T-050 blocker refs: {:?}",
        t050.blocker_refs
    );

    assert_eq!(
        file.section(task(&file, "T-131")),
        [
            "Active tasks",
            "Phase 1 — Security and tenant isolation (P1/P3)",
            "P1 — High impact (do within 7 days)",
        ]
    );

    assert_eq!(task(&file, "T-128").progress(), (6, 9));
}

#[test]
fn seed_003_checkbox_list() {
    let Some(shared) = shared_dir() else { return };
    let file = seed(&shared, "003");
    assert_eq!(file.tasks.len(), 60);
    assert_eq!(done(&file), 7);
    for id in ["MISSING-1", "ASSESS-C3.9"] {
        assert!(file.find(id).is_some(), "003: no task {id}");
    }
}

#[test]
fn seed_004_titled_tasks_with_priority_bullets() {
    let Some(shared) = shared_dir() else { return };
    let file = seed(&shared, "004");
    let priorities: Vec<Option<&str>> = file.tasks.iter().map(Task::priority).collect();
    assert_eq!(
        priorities,
        [
            Some("P0"),
            Some("P1"),
            Some("P1"),
            Some("P1"),
            Some("P2"),
            Some("P2")
        ]
    );
}

#[test]
fn seed_000_line_tasks_with_effort() {
    let Some(shared) = shared_dir() else { return };
    let file = seed(&shared, "000");
    for (id, effort) in [("C4", "2 hours"), ("C6", "3 hours"), ("D3", "3 hours")] {
        let value = task(&file, id).value(FieldKey::Effort);
        assert!(
            value.is_some_and(|v| v.contains(effort)),
            "000: {id} effort {value:?} lacks {effort:?}"
        );
    }
}

#[test]
fn seed_001_numbered_sections_with_gaps() {
    let Some(shared) = shared_dir() else { return };
    let file = seed(&shared, "001");
    assert_eq!(file.tasks.len(), 12);
    for t in &file.tasks {
        let gaps = t.field_named("Gaps");
        assert!(
            gaps.is_some_and(|f| !f.items.is_empty()),
            "001: task {:?} has no Gaps field with items",
            t.title.value
        );
    }
}
