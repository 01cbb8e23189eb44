//! Two notations with no ID in a title line: field blocks (`ID: SVC-7` / `Description: …` /
//! `Status: ToDo`, apart by `---` or blank lines) and a one-task file whose title heading is
//! no ID (`# [Reviewer] Audit the imports` then `**ID:** JOB-7`). Each fixture is snapshotted
//! as `todo list --format json` and `todo doctor`; edits are checked byte for byte, and the
//! one-task file is read inside a task folder and followed by `todo log`.

#[allow(dead_code)] // each test file uses part of the shared helpers
mod common;
#[allow(dead_code)]
#[path = "common/notations3.rs"]
mod n3;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notations3")
}

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join(rel)).unwrap()
}

/// `todo ARGS…` in `dir`: (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    n3::run_args(dir, args)
}

/// A scratch repository holding `rel` with `text` (and an empty TODO.md).
fn scratch(rel: &str, text: &str) -> tempfile::TempDir {
    let dir = common::repo("");
    let path = dir.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    dir
}

/// `todo --file rel ARGS…` in `dir`, which must succeed; the file's bytes afterwards.
fn edit(dir: &Path, rel: &str, args: &[&str]) -> String {
    let mut all = vec!["--file", rel];
    all.extend(args);
    let (code, out, err) = run(dir, &all);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn list(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = extra.to_vec();
    args.extend(["list", "--format", "json"]);
    let (code, out, err) = run(dir, &args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn fixtures_are_snapshotted() {
    for name in ["field-blocks.md", "tasks/job-7.md"] {
        let (_, json, _) = run(&fixtures(), &["--file", name, "list", "--format", "json"]);
        let key = name.replace('/', "_");
        insta::assert_snapshot!(format!("list_{key}"), json);
        let (_, doctor, _) = run(&fixtures(), &["--file", name, "doctor"]);
        insta::assert_snapshot!(format!("doctor_{key}"), doctor);
    }
}

#[test]
fn field_blocks_give_id_title_state_dependencies_and_aliases() {
    let tasks = list(&fixtures(), &["--file", "field-blocks.md"]);
    let got: Vec<(&str, &str, &str)> = tasks
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap(),
                t["title"].as_str().unwrap(),
                t["state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("SVC-7", "Rotate the signing keys", "todo"),
            ("SVC-8", "Publish the key fingerprints", "done"),
            ("SVC-4", "Write the rotation runbook", "in-progress"),
            ("SVC-5", "Audit who can read the vault", "blocked"),
            ("SVC-3", "Move the keys to the new vault", "cancelled"),
        ]
    );
    assert_eq!(
        tasks[0]["dependencies"],
        serde_json::json!(["SVC-4", "SVC-5"])
    );
    assert_eq!(tasks[0]["aliases"], serde_json::json!(["TASK-31"]));
    assert_eq!(tasks[3]["dependencies"], serde_json::json!(["SVC-4"]));
    assert!(tasks[1].get("aliases").is_none());
}

#[test]
fn a_field_block_is_edited_in_its_value_bytes_only() {
    let before = fixture("field-blocks.md");
    let dir = scratch("chores.md", &before);
    let d = dir.path();
    // A block Markdown reads as a setext heading (a `---` line under it) and a blank-line one.
    let after = edit(d, "chores.md", &["set", "SVC-7", "priority", "Low"]);
    assert_eq!(
        after,
        before.replace("Priority: High\n", "Priority: Low\n"),
        "only the value changes"
    );
    let after = edit(d, "chores.md", &["move", "SVC-4", "Done"]);
    let want = before
        .replace("Priority: High\n", "Priority: Low\n")
        .replace("Status: In Progress\n", "Status: Done\n");
    assert_eq!(after, want);
    // A new field goes at the end of the block, spelled like its siblings.
    let after = edit(d, "chores.md", &["set", "SVC-8", "owner", "ana"]);
    let want = want.replace(
        "Status: Done\n---\nID: SVC-4",
        "Status: Done\nOwner: ana\n---\nID: SVC-4",
    );
    assert_eq!(after, want);
}

#[test]
fn a_former_id_finds_the_task() {
    let before = fixture("field-blocks.md");
    let dir = scratch("chores.md", &before);
    let (code, out, _) = run(dir.path(), &["--file", "chores.md", "show", "TASK-31"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("SVC-7  Rotate the signing keys"), "{out}");
    let after = edit(dir.path(), "chores.md", &["move", "TASK-31", "in-progress"]);
    assert_eq!(
        after,
        before.replace("Status: ToDo\n", "Status: IN-PROGRESS\n")
    );
}

#[test]
fn add_writes_a_block_shaped_like_the_last_one() {
    let text = "ID: OPS-1\nSummary: Renew the certificate\nStatus: Open\nPriority: Low\n---\nID: OPS-2\nSummary: Drain the old node\nStatus: Open\nPriority: Low\n";
    let dir = scratch("ops.md", text);
    let after = edit(dir.path(), "ops.md", &["add", "Rebuild the cache"]);
    assert_eq!(
        after,
        format!("{text}---\nID: OPS-3\nSummary: Rebuild the cache\nStatus: Open\n")
    );
    let text = "ID: OPS-1\nTitle: Renew\nStatus: Open\n\nID: OPS-2\nTitle: Drain\nStatus: Open";
    let dir = scratch("ops.md", text);
    let after = edit(
        dir.path(),
        "ops.md",
        &["add", "Rebuild", "--priority", "P2"],
    );
    assert_eq!(
        after,
        format!("{text}\n\nID: OPS-3\nTitle: Rebuild\nStatus: Open\nPriority: P2\n")
    );
    let tasks = list(dir.path(), &["--file", "ops.md"]);
    assert_eq!(tasks.len(), 3);
}

#[test]
fn a_titled_one_task_file_is_edited_in_place() {
    let before = fixture("tasks/job-7.md");
    let dir = scratch("tasks/job-7.md", &before);
    let d = dir.path();
    let after = edit(d, "tasks/job-7.md", &["move", "JOB-7", "in-progress"]);
    let want = before.replace("**Status:** PLANNED", "**Status:** IN-PROGRESS");
    assert_eq!(after, want);
    let after = edit(d, "tasks/job-7.md", &["set", "JOB-7", "owner", "ana"]);
    let want = want.replace("**Priority:** P1\n", "**Priority:** P1\n**Owner:** ana\n");
    assert_eq!(after, want);
}

#[test]
fn a_titled_one_task_file_is_read_in_a_task_folder_and_followed_by_log() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let git = |args: &[&str]| {
        common::git_as(
            d,
            ("Ana Lind", "ana@example.com"),
            "2026-04-02T10:00:00+00:00",
            args,
        )
    };
    git(&["init", "-q"]);
    let text = fixture("tasks/job-7.md");
    std::fs::create_dir_all(d.join("tasks")).unwrap();
    std::fs::write(d.join("tasks/job-7.md"), &text).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "Plan the import audit"]);
    let tasks = list(d, &[]);
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["id"], "JOB-7");
    assert_eq!(tasks[0]["title"], "[Reviewer] Audit the imports");
    assert_eq!(tasks[0]["criteria"]["total"], 3);
    std::fs::write(d.join("tasks/job-7.md"), text.replace("PLANNED", "DONE")).unwrap();
    git(&["commit", "-q", "-am", "Finish the import audit"]);
    let (code, out, err) = run(d, &["log", "JOB-7", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let log: Value = serde_json::from_str(&out).unwrap();
    let changes: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["changes"].as_array().unwrap())
        .map(|c| (c["kind"].as_str().unwrap(), c["new"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(changes, [("field", "DONE"), ("created", "")], "{out}");
}

#[test]
fn a_list_whose_title_has_field_lines_stays_a_list() {
    let dir = common::repo(
        "# Team plan\nOwner: ana\nStatus: active\n\n- [ ] T-1 Draft the agenda\n- [x] T-2 Book the room\n",
    );
    let tasks = list(dir.path(), &[]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["T-1", "T-2"]);
}

#[test]
fn blocks_between_rules_are_read_and_edited_like_others() {
    let text = "# Tracker\n\n---\nID: A-1\nDescription: Rotate\nStatus: ToDo\n---\n\n---\nID: A-2\nDescription: Publish\nStatus: Done\n---\n";
    let dir = scratch("tracker.md", text);
    let tasks = list(dir.path(), &["--file", "tracker.md"]);
    assert_eq!(tasks.len(), 2);
    let after = edit(dir.path(), "tracker.md", &["move", "A-1", "Done"]);
    let want = text.replace("Status: ToDo", "Status: Done");
    assert_eq!(after, want);
    // The new block follows the last one, apart by the `---` that stands before it.
    let after = edit(dir.path(), "tracker.md", &["add", "Check the log"]);
    assert_eq!(
        after,
        format!("{want}ID: A-3\nDescription: Check the log\n---\n")
    );
}

#[test]
fn a_status_word_leading_listed_lines_is_their_status() {
    let text = "# Work\n\n[T-1] - Skipped - 2025-05-27 - Draft the plan\n[T-2] - Done - 2025-05-29 - Fix the bug\n";
    let dir = scratch("work.md", text);
    let tasks = list(dir.path(), &["--file", "work.md"]);
    let got: Vec<(&str, &str)> = tasks
        .iter()
        .map(|t| (t["title"].as_str().unwrap(), t["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [("Draft the plan", "cancelled"), ("Fix the bug", "done")]
    );
    let after = edit(dir.path(), "work.md", &["move", "T-2", "Skipped"]);
    assert_eq!(after, text.replace("[T-2] - Done -", "[T-2] - Skipped -"));
}
