//! todo.txt end to end: a repository with `todo.txt` and `done.txt` at its root (read by
//! default), listed, linted and edited. Every edit test states the exact bytes that change;
//! the rest of the file is kept.

#[allow(dead_code)] // `common::repo` writes a TODO.md; these tests copy their own files.
mod common;

use std::path::{Path, PathBuf};

use common::todo;

/// A scratch repository holding a copy of `fixtures/formats/todotxt`.
fn repo() -> tempfile::TempDir {
    let from = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats/todotxt");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for f in ["todo.txt", "done.txt"] {
        std::fs::copy(from.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("todo.txt")).unwrap()
}

/// Runs `args` and checks that `todo.txt` changed exactly from `old` to `new`.
fn edits(dir: &Path, args: &[&str], old: &str, new: &str) {
    let before = read(dir);
    assert_eq!(before.matches(old).count(), 1, "`{old}` is not unique");
    todo(dir).args(args).assert().success();
    assert_eq!(read(dir), before.replacen(old, new, 1), "{args:?}");
}

fn list(dir: &Path) -> Vec<serde_json::Value> {
    let out = todo(dir)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn both_files_are_read_by_default_with_ids_fields_and_states() {
    let dir = repo();
    let tasks = list(dir.path());
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["1", "boiler", "3", "4", "6", "car"]);
    let first = &tasks[0];
    assert_eq!(first["title"], "Call the bank about the card");
    assert_eq!(first["state"], "todo");
    assert_eq!(first["fields"]["priority"], "A");
    assert_eq!(first["fields"]["project"], "finance");
    assert_eq!(first["fields"]["context"], "phone");
    assert_eq!(first["fields"]["due"], "2026-02-01");
    assert_eq!(tasks[2]["dependencies"][0], "boiler");
    assert_eq!(tasks[4]["state"], "done");
    assert_eq!(tasks[5]["file"], "done.txt");
    todo(dir.path())
        .arg("lint")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "no problems in 2 files (6 tasks)",
        ));
    todo(dir.path())
        .arg("doctor")
        .assert()
        .success()
        .stdout(predicates::str::contains("5  todo.txt line"));
}

#[test]
fn done_writes_x_and_today_and_drops_the_priority() {
    let dir = repo();
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    edits(
        dir.path(),
        &["move", "1", "done"],
        "(A) 2026-01-03 Call the bank",
        &format!("x {today} 2026-01-03 Call the bank"),
    );
    edits(
        dir.path(),
        &["move", "4", "done"],
        "Fix the shed door",
        &format!("x {today} Fix the shed door"),
    );
    // Reopening takes the mark and the completion date away again.
    edits(
        dir.path(),
        &["move", "6", "todo"],
        "x 2026-01-06 2026-01-02 Return",
        "2026-01-02 Return",
    );
    // A task with an open dependency is not finished.
    todo(dir.path())
        .args(["move", "3", "done"])
        .assert()
        .failure();
}

#[test]
fn set_changes_only_its_token() {
    let dir = repo();
    edits(
        dir.path(),
        &["set", "1", "priority", "C"],
        "(A) 2026",
        "(C) 2026",
    );
    edits(
        dir.path(),
        &["set", "1", "due", "2026-03-01"],
        "due:2026-02-01",
        "due:2026-03-01",
    );
    edits(
        dir.path(),
        &["set", "4", "priority", "B"],
        "Fix the shed",
        "(B) Fix the shed",
    );
    edits(
        dir.path(),
        &["set", "boiler", "owner", "ana"],
        "id:boiler\n",
        "id:boiler owner:ana\n",
    );
    for refused in [["1", "due", "next week"], ["1", "priority", "P1"]] {
        todo(dir.path()).arg("set").args(refused).assert().failure();
    }
}

#[test]
fn archive_leaves_done_todo_txt_lines_where_they_are() {
    let dir = repo();
    let before = read(dir.path());
    let out = todo(dir.path()).args(["archive"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        read(dir.path()),
        before,
        "a todo.txt line was cut out of its file"
    );
    assert!(!dir.path().join("TODOCOMPLETED.md").exists());
}

#[test]
fn done_with_an_archive_configured_stays_on_its_line() {
    let dir = repo();
    std::fs::write(dir.path().join(".todo.yml"), "archive: DONE.md\n").unwrap();
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    edits(
        dir.path(),
        &["move", "4", "done"],
        "Fix the shed door",
        &format!("x {today} Fix the shed door"),
    );
    assert!(!dir.path().join("DONE.md").exists());
}
