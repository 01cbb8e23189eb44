//! What a new user meets first: `todo add` in a file with no schema and in a task table,
//! `todo list` where there is no task file, and a blocker left behind by finished work.

mod common;

use common::{repo, todo};

fn read(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("TODO.md")).unwrap()
}

#[test]
fn add_without_a_schema_writes_the_neighbours_open_status_and_no_empty_fields() {
    let text = "# Chores\n\n### T-001: Water the plants\nStatus: READY\nPriority: P2\n\n### T-002: Mend the fence\nStatus: DONE\n";
    let dir = repo(text);
    todo(dir.path())
        .args(["add", "Paint the shed", "--no-touch-date"])
        .assert()
        .success();
    let after = read(dir.path());
    assert_eq!(
        after,
        format!("{text}\n### T-003: Paint the shed\nStatus: READY\n"),
        "no `None` values, the open status of the neighbours"
    );
    // The template is the last task with fields, and its priority is not copied as `None`.
    todo(dir.path())
        .args([
            "add",
            "Sweep the path",
            "--priority",
            "P1",
            "--no-touch-date",
        ])
        .assert()
        .success();
    let after = read(dir.path());
    assert!(
        after.ends_with("### T-004: Sweep the path\nStatus: READY\n"),
        "{after}"
    );
    assert!(!after.contains("None"), "{after}");
}

#[test]
fn add_to_a_task_table_appends_a_row_in_the_tables_format() {
    let text = "# Backlog\n\n| ID | Title | Status | Priority |\n|----|-------|--------|----------|\n| PB-023 | Speed up the list | Done | P1 |\n| PB-024 | Add a search box | Todo | P2 |\n\nNotes below the table.\n";
    let dir = repo(text);
    todo(dir.path())
        .args([
            "add",
            "Export to CSV",
            "--priority",
            "P1",
            "--no-touch-date",
        ])
        .assert()
        .success()
        .stdout("PB-025: created \"Export to CSV\" (TODO.md:7)\n");
    assert_eq!(
        read(dir.path()),
        text.replace(
            "| Todo | P2 |\n",
            "| Todo | P2 |\n| PB-025 | Export to CSV | Todo | P1 |\n"
        )
    );
    todo(dir.path())
        .args(["add", "Read | from stdin", "--no-touch-date"])
        .assert()
        .success();
    let out = todo(dir.path())
        .args(["list", "--format", "ids"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "PB-023\nPB-024\nPB-025\nPB-026\n"
    );
    assert!(
        read(dir.path()).contains("| PB-026 | Read \\| from stdin | Todo |  |\n"),
        "{}",
        read(dir.path())
    );
}

#[test]
fn add_to_a_table_without_a_final_newline() {
    let text = "| ID | Task | Status |\n|---|---|---|\n| A-1 | First | open |";
    let dir = repo(text);
    todo(dir.path())
        .args(["add", "Second", "--no-touch-date"])
        .assert()
        .success();
    assert_eq!(read(dir.path()), format!("{text}\n| A-2 | Second | open |"));
}

#[test]
fn list_without_task_files_says_what_it_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("README.md"), "# A project\n").unwrap();
    let out = todo(dir.path()).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no task files found"), "{err}");
    assert!(
        err.contains("TODO.md") && err.contains("tasks/*.md"),
        "{err}"
    );
    assert!(err.contains("todo init"), "{err}");
    let out = todo(dir.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "[]");
    let out = todo(dir.path()).arg("ready").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    // An empty task file is a task file: its empty list is an answer.
    std::fs::write(dir.path().join("TODO.md"), "").unwrap();
    todo(dir.path()).arg("list").assert().success();
}

#[test]
fn lint_reports_and_fixes_a_stale_blocker() {
    let text = "### T-001: Build the engine\nStatus: DONE\n\n### T-002: Use the engine\nStatus: BLOCKED\nBlocker: T-001 (needs the engine)\n";
    let dir = repo(text);
    let out = todo(dir.path())
        .args(["lint", "--format", "concise", "--color", "never"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(
            "TODO.md:6:10: warning[TD024 stale-blocker] T-002 is blocked by T-001, which is done"
        ),
        "{stdout}"
    );
    todo(dir.path()).args(["lint", "--fix"]).output().unwrap();
    assert_eq!(
        read(dir.path()),
        text.replace("Blocker: T-001 (needs the engine)", "Blocker: None")
    );
}
