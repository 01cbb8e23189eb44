//! Behaviours the documentation promises, each pinned where docs and binary once disagreed:
//! `--force`, archive folders, Obsidian priorities, `add` placement and style, `TODO_FORMAT`,
//! `--ref`, `stats --history`, change records, `--dry-run --format json`, refused `--format`,
//! priority ranks and the freeform fallback.

#[allow(dead_code)] // `common::repo` serves the other test files.
mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::todo;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scratch repository (a bare `.git` marker) holding `files`.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("fixtures").join(name)).unwrap()
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Item 1: `--force` writes a value outside the schema.
#[test]
fn force_writes_a_value_outside_the_schema() {
    let dir = repo(&[("TODO.md", &fixture("heading-plain-fields.md"))]);
    todo(dir.path())
        .args(["set", "T-013", "--priority", "P7"])
        .assert()
        .code(2);
    todo(dir.path())
        .args([
            "set",
            "T-013",
            "--priority",
            "P7",
            "--force",
            "--no-touch-date",
        ])
        .assert()
        .success();
    assert!(read(dir.path(), "TODO.md").contains("Priority: P7"));
}

/// Item 2: the archive file is created when missing, with its folder.
#[test]
fn an_archive_in_a_missing_folder_is_created() {
    let dir = repo(&[
        ("TODO.md", &fixture("heading-plain-fields.md")),
        (".todo.yml", "archive: docs/DONE.md\n"),
    ]);
    todo(dir.path())
        .args(["move", "T-013", "done", "--force"])
        .assert()
        .success();
    assert!(read(dir.path(), "docs/DONE.md").contains("### T-013:"));
    assert!(!read(dir.path(), "TODO.md").contains("### T-013:"));
    // A missing folder outside the repository is neither written to nor created.
    let outer = tempfile::tempdir().unwrap();
    let inner = outer.path().join("repo");
    std::fs::create_dir_all(inner.join(".git")).unwrap();
    std::fs::write(inner.join("TODO.md"), fixture("heading-plain-fields.md")).unwrap();
    std::fs::write(inner.join(".todo.yml"), "archive: ../outside/DONE.md\n").unwrap();
    todo(&inner)
        .args(["move", "T-013", "done", "--force"])
        .assert()
        .code(2);
    assert!(!outer.path().join("outside").exists());
}

/// Item 3: `P0`…`P4` name the five Obsidian levels; setting one reads back as that level.
#[test]
fn an_obsidian_priority_set_as_a_label_is_written_as_its_emoji() {
    let dir = repo(&[("TODO.md", &fixture("formats/obsidian.md"))]);
    todo(dir.path())
        .args(["set", "g1", "priority", "P1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Some(").not());
    todo(dir.path())
        .args(["set", "g1", "priority", "P3"])
        .assert()
        .success();
    assert!(read(dir.path(), "TODO.md").contains("Water the tomatoes 📅 2026-06-01 🔽 🆔 g1"));
}

/// Item 4: a task added to a file of checkbox tasks is a checkbox task in the same list.
#[test]
fn add_writes_a_checkbox_task_among_checkbox_tasks() {
    let roadmap = "# Roadmap\n\n- [ ] R-1: Sketch the plan\n- [x] R-3: Pick a name\n";
    let dir = repo(&[("ROADMAP.md", roadmap)]);
    todo(dir.path())
        .args(["add", "Write it up", "--to-file", "ROADMAP.md"])
        .assert()
        .success()
        .stdout("R-4: created \"Write it up\" (ROADMAP.md:5)\n");
    assert_eq!(
        read(dir.path(), "ROADMAP.md"),
        format!("{roadmap}- [ ] R-4: Write it up\n")
    );
}

/// Item 5: without `--priority` a task gets the schema's first priority and goes under the
/// section that names it.
#[test]
fn add_without_priority_goes_under_the_first_priority_section() {
    let text = "# Plan\n\n## Task schema (required)\n- **Priority**: `P0 | P1 | P2`\n\n\
                ## P0 — Foundation\n\n### T-001: Lay the base\n- **Priority**: P0\n\n\
                ## P1 — Next\n\n### T-002: Build on it\n- **Priority**: P1\n\n## Notes\n\nFree text.\n";
    let dir = repo(&[("TODO.md", text)]);
    todo(dir.path())
        .args(["add", "No prio", "--no-touch-date"])
        .assert()
        .success();
    let after = read(dir.path(), "TODO.md");
    let new = after.find("### T-003: No prio").unwrap();
    assert!(new < after.find("## P1 — Next").unwrap(), "{after}");
}

/// Item 6: `TODO_FORMAT` is a default; a command without that format ignores it, while the
/// same format given as `--format` is refused.
#[test]
fn todo_format_is_a_default_that_other_commands_ignore() {
    let dir = repo(&[("TODO.md", &fixture("heading-plain-fields.md"))]);
    todo(dir.path())
        .env("TODO_FORMAT", "table")
        .args(["show", "T-013"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("T-013  Fix broken anchors"));
    todo(dir.path())
        .env("TODO_FORMAT", "json")
        .args(["show", "T-013"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("{"));
    todo(dir.path())
        .env("TODO_FORMAT", "svg")
        .args(["stats"])
        .assert()
        .success();
    todo(dir.path())
        .args(["show", "T-013", "--format", "table"])
        .assert()
        .code(2);
}

/// Item 7: `--ref` works with the commands that read task files and is refused, with a
/// reason, by the others.
#[test]
fn ref_is_read_by_the_reading_commands_and_refused_by_the_rest() {
    let Some((dir, git)) = git_repo() else { return };
    std::fs::write(
        dir.path().join("TODO.md"),
        fixture("heading-plain-fields.md"),
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "tasks"]);
    for args in [
        &["list"][..],
        &["show", "T-013"],
        &["ready"],
        &["next"],
        &["stats"],
        &["lint"],
        &["log", "T-013"],
        &["blame", "T-013"],
        &["board"],
        &["graph"],
        &["doctor"],
    ] {
        let out = todo(dir.path())
            .args(args)
            .args(["--ref", "HEAD"])
            .output()
            .unwrap();
        assert!(out.status.code() != Some(2), "{args:?}: {out:?}");
    }
    for (args, says) in [
        (&["move", "T-013", "READY"][..], "changes the working tree"),
        (
            &["set", "T-013", "--owner", "BOB"],
            "changes the working tree",
        ),
        (&["add", "New"], "changes the working tree"),
        (&["rules"], "reads no task file"),
        (&["init"], "reads no task file"),
        (&["man"], "reads no task file"),
        (&["diff"], "takes revisions as arguments"),
    ] {
        todo(dir.path())
            .args(args)
            .args(["--ref", "HEAD"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    assert_eq!(
        read(dir.path(), "TODO.md"),
        fixture("heading-plain-fields.md")
    );
}

/// Item 11: a command with no formats refuses `--format` on its command line; `rules RULE`
/// takes `table` as its text form, as its help says.
#[test]
fn commands_without_formats_refuse_the_flag() {
    let dir = repo(&[]);
    for args in [
        &["init"][..],
        &["hook", "install"],
        &["completions", "bash"],
        &["man"],
    ] {
        todo(dir.path())
            .args(args)
            .args(["--format", "sarif"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("writes no formatted output"));
    }
    assert!(!dir.path().join("TODO.md").exists());
    todo(dir.path())
        .args(["rules", "--help"])
        .assert()
        .stdout(predicate::str::contains(
            "with RULE: text (default), json, table",
        ));
    let text = todo(dir.path())
        .args(["rules", "missing-field"])
        .output()
        .unwrap();
    todo(dir.path())
        .args(["rules", "missing-field", "--format", "table"])
        .assert()
        .success()
        .stdout(text.stdout);
}

/// A git repository in a temporary directory, or `None` (with the reason printed) when git
/// is not installed.
fn git_repo() -> Option<(tempfile::TempDir, impl Fn(&[&str]))> {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: git is not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let git = move |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q"]);
    Some((dir, git))
}

fn json(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Item 9: `log` and `diff` write the same change records: a checklist change is
/// `field: "criteria"` with the ticked items in `detail`, a move is `field: "file"`.
#[test]
fn log_and_diff_write_the_same_change_records() {
    let Some((dir, git)) = git_repo() else { return };
    let d = dir.path();
    let v1 = "# Tasks\n\n### T-1: Paint the shed\nStatus: READY\nAcceptance Criteria:\n- [ ] Sand the walls\n- [ ] Prime\n";
    std::fs::write(d.join("TODO.md"), v1).unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "one"]);
    std::fs::write(d.join("TODO.md"), "# Tasks\n").unwrap();
    std::fs::write(d.join("ROADMAP.md"), v1.replace("- [ ] Sand", "- [x] Sand")).unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "two"]);
    let log = json(todo(d).args(["log", "T-1", "--format", "json"]));
    let diff = json(todo(d).args(["diff", "HEAD~1", "HEAD", "--format", "json"]));
    let from_log = &log[0]["changes"];
    let from_diff = &diff["changed"][0]["changes"];
    assert_eq!(from_log, from_diff);
    assert_eq!(
        from_log[0],
        serde_json::json!({"kind": "moved", "field": "file", "old": "TODO.md", "new": "ROADMAP.md"})
    );
    assert_eq!(
        from_log[1],
        serde_json::json!({"kind": "criteria", "field": "criteria", "old": "0/2", "new": "1/2",
                           "detail": "checked: \"Sand the walls\""})
    );
}

/// Item 10: `--dry-run --format json` prints JSON: the changes and the diff, nothing written.
#[test]
fn dry_run_as_json_is_json() {
    let text = fixture("heading-plain-fields.md");
    let dir = repo(&[("TODO.md", &text)]);
    let v = json(todo(dir.path()).args([
        "set",
        "T-013",
        "--owner",
        "ALICE",
        "--no-touch-date",
        "--dry-run",
        "--format",
        "json",
    ]));
    assert_eq!(v["dry_run"], true);
    assert_eq!(v["changed"], true);
    assert_eq!(v["changes"][0]["field"], "Owner");
    assert_eq!(v["changes"][0]["new"], "ALICE");
    assert!(v["diff"].as_str().unwrap().contains("+Owner: ALICE\n"));
    assert_eq!(read(dir.path(), "TODO.md"), text);
}

/// Item 13: a word joined to a number by `-` or `_` names one task (`TODO-12`); after a space
/// it names a list (`# Roadmap 2026`, `# TODO 12`), and the freeform fallback applies.
#[test]
fn a_heading_with_a_year_after_a_space_is_a_freeform_list() {
    for (heading, tasks) in [
        ("# Roadmap 2026", 2),
        ("# TODO 12", 2),
        ("# Roadmap-2026", 0),
        ("# Notes", 0),
    ] {
        let dir = repo(&[(
            "notes.md",
            &format!("{heading}\n\n- Ship the app\n- Write the guide\n"),
        )]);
        let v = json(todo(dir.path()).args(["--file", "notes.md", "list", "--format", "json"]));
        assert_eq!(v.as_array().unwrap().len(), tasks, "{heading}");
    }
}

/// Item 14: all digits of a `P` label count (`P12` ranks 12, after the words, which rank 0…4),
/// and `critical` ranks with `P0`.
#[test]
fn priorities_rank_on_one_scale() {
    let text = "# Tasks\n\n- [ ] A-1: twelve (P12)\n- [ ] A-2: trivial (trivial)\n\
                - [ ] A-3: critical (critical)\n- [ ] A-4: zero (P0)\n- [ ] A-5: one (P1)\n";
    let text = text
        .lines()
        .map(|l| match l.rsplit_once(" (") {
            Some((head, p)) => format!("{head}\n  - Priority: {}\n", p.trim_end_matches(')')),
            None => format!("{l}\n"),
        })
        .collect::<String>();
    let dir = repo(&[("TODO.md", &text)]);
    todo(dir.path())
        .args(["list", "--sort", "priority", "--format", "ids"])
        .assert()
        .success()
        .stdout("A-3\nA-4\nA-5\nA-2\nA-1\n");
}

/// Item 15: an `archive:` with another name and no `files:` list is read (when it exists), so
/// a dependency on an archived task counts as satisfied.
#[test]
fn an_archive_with_another_name_is_read() {
    let dir = repo(&[
        (".todo.yml", "archive: old/FINISHED.md\n"),
        (
            "TODO.md",
            "# Tasks\n\n### T-2: Next\nStatus: READY\nDependencies: T-1\n",
        ),
        (
            "old/FINISHED.md",
            "# Done\n\n### T-1: First\nStatus: DONE\n",
        ),
    ]);
    todo(dir.path()).args(["show", "T-1"]).assert().success();
    todo(dir.path())
        .args(["ready", "--format", "ids"])
        .assert()
        .success()
        .stdout("T-2\n");
}

/// Item 16: one man page per command, with the text of its `--help` (examples included).
#[test]
fn man_prints_one_page_per_command() {
    let dir = repo(&[]);
    for (args, title) in [
        (&["man"][..], ".TH todo 1"),
        (&["man", "move"], ".TH todo-move 1"),
        (&["man", "hook", "install"], ".TH todo-hook-install 1"),
        (&["man", "lint"], ".TH todo-lint 1"),
    ] {
        todo(dir.path())
            .args(args)
            .assert()
            .success()
            .stdout(predicate::str::contains(title));
    }
    todo(dir.path())
        .args(["man", "archive"])
        .assert()
        .stdout(predicate::str::contains("\\-\\-state"))
        .stdout(predicate::str::contains("Examples:"));
    todo(dir.path()).args(["man", "nope"]).assert().code(2);
}
