//! End-to-end tests of the `todo` binary: exit codes, formats, filters, discovery, errors.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const TODO: &str = "# Roadmap

Last Updated: 2026-01-05

## Task schema (required)
- **ID**: `T-###` (unique)
- **Priority**: `P0 | P1 | P2`
- **Status**: `READY | BLOCKED | IN-PROGRESS | DONE`

## Active

### P0 — Now

### T-001: Parse the file
Priority: P0
Owner: ana
Status: DONE
Acceptance Criteria:
- [x] Reads headings
- [x] Reads fields
Dependencies: None

### T-002: List the tasks
Priority: P1
Owner: ben
Status: READY
Acceptance Criteria:
- [x] Table output
- [ ] JSON output
Dependencies: T-001

### P1 — Next

### T-003: Show one task
Priority: P0
Owner: ana
Status: BLOCKED
Blocker: T-002 (needs the list)
Dependencies: T-002, T-009

### T-004: Start from nothing
Priority: P2
Status: READY
Dependencies: None
";

/// A scratch repository holding `TODO.md`.
fn repo(todo: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("TODO.md"), todo).unwrap();
    dir
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("TODO_FORMAT");
    cmd
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = todo(dir)
        .args(args)
        .arg("--format")
        .arg("json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ids(v: &serde_json::Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[test]
fn list_prints_a_table_with_a_count_line() {
    let dir = repo(TODO);
    let out = todo(dir.path()).arg("list").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    insta::assert_snapshot!("list_table", stdout);
}

/// Piped with no width to fit, `list` draws its table directly; it must be the table that the
/// fitted layout gives when the width is no constraint.
#[test]
fn a_piped_list_is_the_table_a_wide_terminal_shows() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("."))
        .unwrap()
        .chain(std::fs::read_dir(fixture("notations3")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut compared = 0;
    for file in &files {
        let dir = repo(&std::fs::read_to_string(file).unwrap());
        for args in [&["list"][..], &["list", "--tree"], &["ready"]] {
            let run = |width: Option<&str>| {
                let mut cmd = todo(dir.path());
                match width {
                    Some(w) => cmd.env("COLUMNS", w),
                    None => cmd.env_remove("COLUMNS"),
                };
                let out = cmd.args(args).arg("--color=never").output().unwrap();
                (out.status.code(), String::from_utf8(out.stdout).unwrap())
            };
            let (piped, wide) = (run(None), run(Some("5000")));
            assert_eq!(piped, wide, "{} {args:?}", file.display());
            compared += 1;
        }
    }
    assert!(compared > 30, "only {compared} runs compared");
}

#[test]
fn list_json_has_the_documented_shape() {
    let dir = repo(TODO);
    let v = json(dir.path(), &["list"]);
    let t = &v[1];
    let mut keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "blocker",
            "criteria",
            "dependencies",
            "effort",
            "fields",
            "file",
            "id",
            "line",
            "owner",
            "priority",
            "section",
            "state",
            "status",
            "title",
            "type"
        ]
    );
    assert_eq!(t["id"], "T-002");
    assert_eq!(t["state"], "todo");
    assert_eq!(t["criteria"]["done"], 1);
    assert_eq!(t["criteria"]["total"], 2);
    assert_eq!(t["criteria"]["items"][1]["line"], 29);
    assert_eq!(t["section"], serde_json::json!(["Active", "P0 — Now"]));
    assert_eq!(t["file"], "TODO.md");
    assert_eq!(t["line"], 23);
    assert_eq!(t["dependencies"], serde_json::json!(["T-001"]));
    assert_eq!(t["fields"]["Owner"], "ben");
    assert_eq!(v[2]["blocker"], "T-002 (needs the list)");
    assert_eq!(v[0]["blocker"], serde_json::Value::Null);
}

#[test]
fn filters_combine_and_accept_lists() {
    let dir = repo(TODO);
    assert_eq!(
        ids(&json(dir.path(), &["list", "--state", "todo,blocked"])),
        ["T-002", "T-003", "T-004"]
    );
    assert_eq!(
        ids(&json(dir.path(), &["list", "-p", "P0", "--owner", "ANA"])),
        ["T-001", "T-003"]
    );
    assert_eq!(
        ids(&json(dir.path(), &["list", "--section", "p1 —"])),
        ["T-003", "T-004"]
    );
    assert_eq!(
        ids(&json(dir.path(), &["list", "--grep", "TASK"])),
        ["T-002", "T-003"]
    );
    assert_eq!(
        ids(&json(dir.path(), &["list", "--status", "ready"])),
        ["T-002", "T-004"]
    );
    assert_eq!(
        ids(&json(dir.path(), &["list", "--sort", "priority"])),
        ["T-001", "T-003", "T-002", "T-004"]
    );
    assert_eq!(ids(&json(dir.path(), &["list", "--blocked"])), ["T-003"]);
    todo(dir.path())
        .args(["list", "--state", "finished"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown state `finished`"));
}

#[test]
fn blocked_view_names_what_each_task_waits_for() {
    let dir = repo(TODO);
    todo(dir.path())
        .args(["list", "--blocked", "--color", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "T-002 (needs the list); T-009 (not found)",
        ));
}

#[test]
fn csv_and_ids_formats() {
    let dir = repo(TODO);
    todo(dir.path())
        .args(["list", "--format", "ids"])
        .assert()
        .success()
        .stdout("T-001\nT-002\nT-003\nT-004\n");
    let out = todo(dir.path())
        .args(["list", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("id,title,status,state,priority,"));
    assert!(text.contains(
        "T-003,Show one task,BLOCKED,blocked,P0,,ana,T-002 (needs the list),T-002 T-009,"
    ));
}

#[test]
fn show_prints_fields_checklist_and_both_dependency_directions() {
    let dir = repo(TODO);
    let out = todo(dir.path()).args(["show", "T-002"]).assert().success();
    insta::assert_snapshot!(
        "show_text",
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    );
    let v = json(dir.path(), &["show", "T-002"]);
    assert_eq!(v["id"], "T-002");
    assert_eq!(v["criteria"]["total"], 2);
}

#[test]
fn show_md_prints_the_source_bytes_even_with_crlf_and_bom() {
    let bytes = std::fs::read(fixture("crlf-bom.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("TODO.md"), &bytes).unwrap();
    let v = json(dir.path(), &["list"]);
    let first = v[0]["id"].as_str().unwrap().to_string();
    let out = todo(dir.path())
        .args(["show", &first, "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(bytes).unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("\r\n"), "CRLF kept");
    assert!(text.contains(&shown), "source bytes verbatim");
}

#[test]
fn show_by_file_and_line() {
    let dir = repo(TODO);
    todo(dir.path())
        .args(["show", "TODO.md:27"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("T-002  List the tasks"));
}

#[test]
fn unknown_id_exits_1_with_a_suggestion() {
    let dir = repo(TODO);
    todo(dir.path())
        .args(["show", "T-02"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("todo: no task `T-02`; did you mean `T-002`?\n");
    todo(dir.path())
        .args(["show", "zzz"])
        .assert()
        .code(1)
        .stderr("todo: no task `zzz`\n");
}

#[test]
fn ready_and_next_pick_startable_work_by_priority() {
    let dir = repo(TODO);
    // T-002 depends on T-001 (done); T-004 has no dependencies; T-003 is blocked.
    assert_eq!(ids(&json(dir.path(), &["ready"])), ["T-002", "T-004"]);
    let v = json(dir.path(), &["next"]);
    assert_eq!(v["id"], "T-002");
    todo(dir.path())
        .arg("next")
        .assert()
        .success()
        .stdout("T-002  List the tasks  (P1, TODO.md:23)\n");
    let none = repo("### T-1: Only\nStatus: DONE\n");
    todo(none.path())
        .arg("next")
        .assert()
        .code(1)
        .stderr("todo: no task is ready\n");
}

#[test]
fn archived_dependencies_count_as_done() {
    let dir = repo("### T-010: Later\nStatus: READY\nDependencies: T-005\n");
    todo(dir.path())
        .arg("ready")
        .arg("--format")
        .arg("ids")
        .assert()
        .success()
        .stdout("");
    std::fs::write(
        dir.path().join("TODOCOMPLETED.md"),
        "### T-005: Earlier\nStatus: READY\n",
    )
    .unwrap();
    todo(dir.path())
        .args(["ready", "--format", "ids"])
        .assert()
        .success()
        .stdout("T-010\n");
}

#[test]
fn global_options_dir_and_file() {
    let dir = repo(TODO);
    let elsewhere = tempfile::tempdir().unwrap();
    todo(elsewhere.path())
        .arg("-C")
        .arg(dir.path())
        .args(["list", "--format", "ids"])
        .assert()
        .success()
        .stdout("T-001\nT-002\nT-003\nT-004\n");
    let v = json(
        elsewhere.path(),
        &["--file", fixture("line-tasks.md").to_str().unwrap(), "list"],
    );
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert!(v[0]["file"].as_str().unwrap().ends_with("line-tasks.md"));
}

#[test]
fn discovers_docs_and_config_files() {
    let dir = repo("### T-001: Root\nStatus: READY\n");
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(
        dir.path().join("docs/roadmap.md"),
        "### R-001: Docs\nStatus: LANDED\n",
    )
    .unwrap();
    let v = json(dir.path(), &["list"]);
    assert_eq!(ids(&v), ["T-001", "R-001"]);
    assert_eq!(v[1]["file"], "docs/roadmap.md");
    assert_eq!(v[1]["state"], "todo", "LANDED is unknown without config");
    std::fs::write(
        dir.path().join(".todo.yml"),
        "files: ['docs/*.md']\nstates:\n  LANDED: done\n",
    )
    .unwrap();
    let v = json(dir.path(), &["list"]);
    assert_eq!(ids(&v), ["R-001"]);
    assert_eq!(v[0]["state"], "done");
    std::fs::write(dir.path().join(".todo.yml"), "fils: []\n").unwrap();
    todo(dir.path())
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".todo.yml").and(predicate::str::contains("fils")));
}

#[test]
fn bad_files_fail_with_one_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.md"), b"# ok\n\xff\xfe broken\n").unwrap();
    std::fs::write(dir.path().join("bin.md"), b"a\0b").unwrap();
    for (file, needle) in [
        ("bad.md", "bad.md:2:1: not valid UTF-8"),
        ("bin.md", "bin.md: binary file"),
        ("missing.md", "missing.md"),
        (".", "not a regular file"),
    ] {
        let out = todo(dir.path())
            .args(["--file", file, "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(needle), "{err}");
    }
}

#[test]
fn unsupported_format_is_a_usage_error() {
    let dir = repo(TODO);
    todo(dir.path())
        .args(["show", "T-001", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--format csv is not supported here",
        ));
    todo(dir.path()).arg("frobnicate").assert().code(2);
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = repo(TODO);
    todo(dir.path())
        .args(["list", "--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    todo(dir.path())
        .args(["list", "--color", "always"])
        .env("NO_COLOR", "1")
        .assert()
        .stdout(predicate::str::contains("\x1b["));
    todo(dir.path())
        .args(["list"])
        .env("NO_COLOR", "1")
        .assert()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn terminal_escapes_in_task_text_are_neutralised() {
    let dir = repo("- [ ] T-1: evil \x1b]0;pwned\x07\x1b[2J title\n");
    todo(dir.path())
        .args(["list", "--color", "never"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("\\x1b]0;pwned\\x07\\x1b[2J")
                .and(predicate::str::contains("\x1b").not()),
        );
}

#[test]
fn init_starts_files_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    todo(dir.path()).arg("init").assert().success();
    let v = json(dir.path(), &["list"]);
    assert_eq!(ids(&v), ["T-001"]);
    assert!(
        std::fs::read_to_string(dir.path().join(".todo.yml"))
            .unwrap()
            .contains("# archive:")
    );
    let before = std::fs::read(dir.path().join("TODO.md")).unwrap();
    todo(dir.path())
        .arg("init")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("init never overwrites"));
    assert_eq!(std::fs::read(dir.path().join("TODO.md")).unwrap(), before);
}

#[test]
fn help_completions_and_man_come_from_one_definition() {
    let dir = repo(TODO);
    for cmd in [
        "list",
        "show",
        "ready",
        "next",
        "init",
        "completions",
        "man",
    ] {
        todo(dir.path())
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    todo(dir.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ready").and(predicate::str::contains("--priority")));
    todo(dir.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH todo"));
}

#[test]
fn closed_pipe_is_not_an_error() {
    // Enough output that the writer meets the closed pipe.
    let big: String = (0..3000)
        .map(|n| format!("- [ ] T-{n}: task number {n}\n"))
        .collect();
    let dir = repo(&big);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_todo"))
        .current_dir(dir.path())
        .args(["list", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(status.code() == Some(0), "{status:?}");
}
