//! End-to-end tests of `todo diff` and `todo stats` on scratch git repositories built with the
//! git binary (fixed identities and dates, so results are exact).

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const V1: &str = "# Tasks

## Now

### T-001: Parse the file
Status: READY
Priority: P2
Owner: ana

### T-002: Drop the old parser
Status: READY
Priority: P3

### T-003: Ship it
Status: DONE
Priority: P1
";

const V2: &str = "# Tasks

## Now

### T-001: Parse the file
Status: IN-PROGRESS
Priority: P1
Owner: ana

### T-144: Adopt a release checklist
Status: READY
Priority: P2
";

const ARCHIVE: &str = "# Done

### T-003: Ship it
Status: DONE
Priority: P1
";

fn git_at(dir: &Path, date: Option<&str>, args: &[&str]) {
    let mut cmd = Std::new("git");
    cmd.current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) {
    git_at(dir, None, args);
}

/// Writes the files and commits them all (at `date` when given).
fn commit(dir: &Path, files: &[(&str, &str)], date: Option<&str>, message: &str) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    git_at(dir, date, &["add", "-A"]);
    git_at(dir, date, &["commit", "-qm", message]);
}

fn scratch() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    dir
}

/// Two commits: V1, then V2 with T-003 archived (removed T-002, added T-144, moved T-003,
/// changed T-001).
fn two_commits() -> TempDir {
    let dir = scratch();
    commit(dir.path(), &[("TODO.md", V1)], None, "one");
    commit(
        dir.path(),
        &[("TODO.md", V2), ("TODOCOMPLETED.md", ARCHIVE)],
        None,
        "two",
    );
    dir
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    let ceiling = dir.parent().unwrap_or(dir);
    cmd.current_dir(dir)
        .env("COLUMNS", "120")
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .env_remove("GIT_INDEX_FILE")
        .env_remove("NO_COLOR")
        .env_remove("TODO_FORMAT");
    cmd
}

fn stdout(dir: &Path, args: &[&str]) -> String {
    let out = todo(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "todo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&stdout(dir, &all)).unwrap()
}

const EXPECTED_TEXT: &str = "\
+ T-144 Adopt a release checklist (TODO.md)
- T-002 Drop the old parser (TODO.md)
~ T-001: status READY → IN-PROGRESS; priority P2 → P1
~ T-003: moved TODO.md → TODOCOMPLETED.md
1 added, 1 removed, 2 changed (1 moved)
";

#[test]
fn diff_between_two_commits_as_text() {
    let dir = two_commits();
    assert_eq!(
        stdout(dir.path(), &["diff", "HEAD~1", "HEAD"]),
        EXPECTED_TEXT
    );
}

#[test]
fn diff_range_form_matches_two_arguments() {
    let dir = two_commits();
    assert_eq!(stdout(dir.path(), &["diff", "HEAD~1..HEAD"]), EXPECTED_TEXT);
    // `A...B`: B against where it forked from A (here A is B's parent).
    assert_eq!(
        stdout(dir.path(), &["diff", "HEAD~1...HEAD"]),
        EXPECTED_TEXT
    );
    todo(dir.path())
        .args(["diff", "HEAD~1..HEAD", "HEAD"])
        .assert()
        .code(2);
}

#[test]
fn diff_as_json() {
    let dir = two_commits();
    let v = json(dir.path(), &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(v["from"], "HEAD~1");
    assert_eq!(v["to"], "HEAD");
    assert_eq!(
        v["added"],
        serde_json::json!([{"id": "T-144", "title": "Adopt a release checklist", "file": "TODO.md"}])
    );
    assert_eq!(v["removed"][0]["id"], "T-002");
    assert_eq!(v["removed"][0]["file"], "TODO.md");
    let changed = v["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 2);
    assert_eq!(changed[0]["id"], "T-001");
    assert_eq!(changed[0]["title"], "Parse the file");
    assert_eq!(
        changed[0]["changes"][0],
        serde_json::json!({"kind": "field", "field": "status", "old": "READY", "new": "IN-PROGRESS"})
    );
    assert_eq!(changed[1]["id"], "T-003");
    assert_eq!(changed[1]["file"], "TODOCOMPLETED.md");
    assert_eq!(
        changed[1]["changes"][0],
        serde_json::json!({"kind": "moved", "field": "file", "old": "TODO.md", "new": "TODOCOMPLETED.md"})
    );
}

#[test]
fn diff_defaults_to_head_against_the_working_tree() {
    let dir = two_commits();
    assert_eq!(stdout(dir.path(), &["diff"]), "no task changes\n");
    let edited = V2.replace("Status: IN-PROGRESS", "Status: BLOCKED");
    std::fs::write(dir.path().join("TODO.md"), edited).unwrap();
    assert_eq!(
        stdout(dir.path(), &["diff"]),
        "~ T-001: status IN-PROGRESS → BLOCKED\n0 added, 0 removed, 1 changed\n"
    );
    // One revision: that revision against the working tree.
    let v = json(dir.path(), &["diff", "HEAD~1"]);
    assert_eq!(v["from"], "HEAD~1");
    assert_eq!(v["to"], serde_json::Value::Null);
    assert_eq!(v["changed"][0]["changes"][0]["new"], "BLOCKED");
}

#[test]
fn diff_as_markdown() {
    let dir = two_commits();
    let md = stdout(dir.path(), &["diff", "HEAD~1", "HEAD", "--format", "md"]);
    assert!(
        md.starts_with("## Task changes: `HEAD~1` → `HEAD`\n"),
        "{md}"
    );
    assert!(
        md.contains("1 added, 1 removed, 2 changed (1 moved)."),
        "{md}"
    );
    for heading in ["### Added", "### Removed", "### Changed"] {
        assert!(md.contains(heading), "{heading} in {md}");
    }
    assert!(md.contains("- **T-144** Adopt a release checklist (`TODO.md`)"));
    assert!(md.contains("  - status READY → IN-PROGRESS"));
}

#[test]
fn diff_exit_code() {
    let dir = two_commits();
    todo(dir.path()).args(["diff"]).assert().code(0);
    todo(dir.path())
        .args(["diff", "--exit-code"])
        .assert()
        .code(0);
    todo(dir.path())
        .args(["diff", "HEAD~1", "HEAD"])
        .assert()
        .code(0);
    todo(dir.path())
        .args(["diff", "HEAD~1", "HEAD", "--exit-code"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("T-144"));
}

#[test]
fn diff_outside_a_repository_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("TODO.md"), V1).unwrap();
    let out = todo(dir.path()).arg("diff").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not inside a git repository"), "{err}");
    // An unknown revision is one too.
    let repo = two_commits();
    todo(repo.path())
        .args(["diff", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rev"));
}

const STATS: &str = "# Tasks

## Now

### T-1: One
Status: READY
Priority: P1
Owner: ana
- [x] a
- [x] b

### T-2: Two
Status: IN-PROGRESS
Priority: P0
Owner: ana
- [ ] c

## Later

### T-3: Three
Status: BLOCKED
Priority: P1
Owner: ben

### T-4: Four
Status: READY
";

#[test]
fn stats_counts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("TODO.md"), STATS).unwrap();
    std::fs::write(dir.path().join("TODOCOMPLETED.md"), ARCHIVE).unwrap();
    let v = json(dir.path(), &["stats"]);
    assert_eq!(v["total"], 5);
    assert_eq!(v["archived"], 1);
    assert_eq!(
        v["by_state"],
        serde_json::json!({"todo": 2, "in-progress": 1, "blocked": 1, "done": 1, "cancelled": 0})
    );
    assert_eq!(
        v["by_priority"],
        serde_json::json!({"P0": 1, "P1": 3, "(none)": 1})
    );
    assert_eq!(
        v["by_owner"],
        serde_json::json!({"ana": 2, "ben": 1, "(none)": 2})
    );
    assert_eq!(
        v["by_section"],
        serde_json::json!({"Now": 2, "Later": 2, "(none)": 1})
    );
    assert_eq!(
        v["checklist"],
        serde_json::json!({"items_done": 2, "items_total": 3, "tasks_with_items": 2, "tasks_complete": 1})
    );
    let csv = stdout(dir.path(), &["stats", "--format", "csv"]);
    assert!(csv.starts_with("group,key,count\ntotal,tasks,5\n"), "{csv}");
    assert!(csv.contains("\npriority,P1,3\n"), "{csv}");
    let table = stdout(dir.path(), &["stats"]);
    assert!(
        table.contains("Checklists: 2/3 items done (66%); 1 of 2 tasks with a checklist complete"),
        "{table}"
    );
    assert!(table.ends_with("5 tasks (1 archived)\n"), "{table}");
}

#[test]
fn stats_honours_ref() {
    let dir = two_commits();
    let v = json(dir.path(), &["--ref", "HEAD~1", "stats"]);
    assert_eq!(v["total"], 3);
    assert_eq!(v["archived"], 0);
    let v = json(dir.path(), &["stats"]);
    assert_eq!(v["archived"], 1);
}

#[test]
fn stats_history_dates_and_lead_time() {
    let dir = scratch();
    let task = |status: &str| {
        format!(
            "# Tasks\n\n### T-1: Write docs\nStatus: {status}\n\n### T-2: Later\nStatus: READY\n"
        )
    };
    let p = dir.path();
    commit(
        p,
        &[("TODO.md", &task("READY"))],
        Some("2026-01-01T10:00:00Z"),
        "add",
    );
    // Touches no task file: skipped by the walk.
    commit(
        p,
        &[("notes.txt", "x")],
        Some("2026-01-02T10:00:00Z"),
        "notes",
    );
    commit(
        p,
        &[("TODO.md", &task("IN-PROGRESS"))],
        Some("2026-01-03T10:00:00Z"),
        "start",
    );
    let archived = "# Done\n\n### T-1: Write docs\nStatus: IN-PROGRESS\n";
    commit(
        p,
        &[
            ("TODO.md", "# Tasks\n\n### T-2: Later\nStatus: READY\n"),
            ("TODOCOMPLETED.md", archived),
        ],
        Some("2026-01-06T22:00:00Z"),
        "archive",
    );
    let v = json(p, &["stats", "--history"]);
    let tasks = v["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    let t1 = &tasks[0];
    assert_eq!(t1["id"], "T-1");
    assert_eq!(t1["title"], "Write docs");
    assert_eq!(t1["created"], "2026-01-01T10:00:00Z");
    // In the archive file counts as done, whatever the status says.
    assert_eq!(t1["done"], "2026-01-06T22:00:00Z");
    assert_eq!(t1["lead_time_days"], 5.5);
    assert_eq!(t1["time_in_state_days"]["todo"], 2.0);
    assert_eq!(t1["time_in_state_days"]["in-progress"], 3.5);
    assert_eq!(t1["time_in_state_days"]["blocked"], 0.0);
    assert_eq!(t1["state"], "done");
    let t2 = &tasks[1];
    assert_eq!(t2["created"], "2026-01-01T10:00:00Z");
    assert_eq!(t2["done"], serde_json::Value::Null);
    assert_eq!(t2["lead_time_days"], serde_json::Value::Null);
    let table = stdout(p, &["stats", "--history"]);
    assert!(table.contains("2026-01-06"), "{table}");
    assert!(
        table.contains("2 tasks, 1 done; mean lead time 5.5 days"),
        "{table}"
    );
}
