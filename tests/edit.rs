//! The edit commands end to end: minimal diffs, byte-level traits kept, archive moves, new
//! tasks, refusals that leave the file untouched, --dry-run, --format json and --commit.

use std::path::{Path, PathBuf};
use std::process::Command as Std;

use assert_cmd::Command;
use predicates::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env_remove("TODO_FORMAT")
        .env("NO_COLOR", "1");
    cmd
}

/// A scratch repository holding `text` as TODO.md.
fn repo(text: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("TODO.md"), text).unwrap();
    dir
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("TODO.md")).unwrap()
}

/// Lines removed and added between two texts (a multiset diff, as `--numstat` counts them).
fn changed_lines(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let mut removed: Vec<String> = Vec::new();
    let mut added: Vec<String> = b.split_inclusive('\n').map(str::to_string).collect();
    for line in a.split_inclusive('\n') {
        match added.iter().position(|x| x == line) {
            Some(i) => {
                added.remove(i);
            }
            None => removed.push(line.to_string()),
        }
    }
    (removed, added)
}

fn fixture() -> Vec<u8> {
    std::fs::read(root().join("fixtures/heading-plain-fields.md")).unwrap()
}

#[test]
fn move_set_and_check_change_one_line_each_plus_the_date() {
    let before = String::from_utf8(fixture()).unwrap();
    for (args, want_removed, want_added) in [
        (
            vec!["move", "T-013", "ready"],
            "Status: IN-REVIEW",
            "Status: READY",
        ),
        (
            vec!["set", "T-015", "--priority", "P1"],
            "Priority: P2",
            "Priority: P1",
        ),
        (
            vec!["check", "T-010", "1"],
            "- [ ] Mixed numbers",
            "- [x] Mixed numbers",
        ),
    ] {
        let dir = repo(before.as_bytes());
        todo(dir.path()).args(&args).assert().success();
        let (removed, added) = changed_lines(&before, &read(dir.path()));
        assert_eq!(removed.len(), 2, "{args:?}: {removed:?}");
        assert_eq!(added.len(), 2, "{args:?}: {added:?}");
        assert!(
            removed
                .iter()
                .any(|l| l.starts_with("Last Updated: 2026-01-05"))
        );
        assert!(
            removed.iter().any(|l| l.starts_with(want_removed)),
            "{removed:?}"
        );
        assert!(added.iter().any(|l| l.starts_with(want_added)), "{added:?}");
        assert!(
            added
                .iter()
                .any(|l| l.starts_with("Last Updated: ") && !l.contains("2026-01-05"))
        );
    }
    let dir = repo(before.as_bytes());
    todo(dir.path())
        .args(["check", "T-010", "unicode vulgar", "--no-touch-date"])
        .assert()
        .success()
        .stdout("T-010: criterion 2 [ ] → [x] (TODO.md:38)\n");
    let after = read(dir.path());
    assert_eq!(after.len(), before.len());
    let differing: Vec<usize> = (0..before.len())
        .filter(|&i| before.as_bytes()[i] != after.as_bytes()[i])
        .collect();
    assert_eq!(differing.len(), 1, "exactly the box's middle byte changes");
}

#[test]
fn crlf_and_bom_survive_edits() {
    let text = String::from_utf8(fixture()).unwrap().replace('\n', "\r\n");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(text.as_bytes());
    let dir = repo(&bytes);
    todo(dir.path())
        .args(["move", "T-013", "READY"])
        .assert()
        .success();
    todo(dir.path())
        .args(["set", "T-014", "--owner", "BOB", "--effort", "L"])
        .assert()
        .success();
    todo(dir.path())
        .args(["set", "T-016", "notes", "added", "by", "a", "test"])
        .assert()
        .success();
    let after = std::fs::read(dir.path().join("TODO.md")).unwrap();
    assert!(after.starts_with(b"\xef\xbb\xbf"));
    let s = String::from_utf8(after).unwrap();
    assert_eq!(
        s.matches('\n').count(),
        s.matches("\r\n").count(),
        "every line ends in CRLF"
    );
    assert!(
        s.contains("Notes: added by a test\r\nContext:")
            || s.contains("Notes: added by a test\r\n")
    );
    todo(dir.path())
        .args(["show", "T-016", "--format", "json"])
        .assert()
        .stdout(predicate::str::contains("\"Notes\": \"added by a test\""));
}

#[test]
fn refusals_leave_the_file_byte_for_byte() {
    let before = fixture();
    let dir = repo(&before);
    todo(dir.path())
        .args(["move", "T-010", "SHIPPED"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`SHIPPED` is not an allowed status (allowed: READY | BLOCKED | IN-PROGRESS | IN-REVIEW)"));
    todo(dir.path())
        .args(["set", "T-010", "--priority", "P9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an allowed priority"));
    todo(dir.path())
        .args(["move", "T-10", "READY"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no task `T-10`; did you mean `T-010`?",
        ));
    todo(dir.path())
        .args(["set", "T-010", "context", "one line"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`Context` is a list of 2 items; change it with `todo edit T-010`",
        ));
    todo(dir.path())
        .args(["check", "T-010", "9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no item 9"));
    todo(dir.path())
        .args(["move", "T-010", "done"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("T-010 is not finished: item 1"));
    assert_eq!(std::fs::read(dir.path().join("TODO.md")).unwrap(), before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = dir.path().join("TODO.md");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        todo(dir.path())
            .args(["move", "T-013", "READY"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("read-only"));
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }
}

#[cfg(unix)]
#[test]
fn a_file_changed_while_editing_is_not_overwritten() {
    let dir = repo(&fixture());
    // The "editor" changes the task and, meanwhile, someone else changes another part of the
    // file: the edit is made again on the new text, and both changes land.
    let script = dir.path().join("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/Status: READY/Status: IN-PROGRESS/' \"$1\"\necho '<!-- concurrent -->' >> TODO.md\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    todo(dir.path())
        .args(["edit", "T-010"])
        .env("VISUAL", script.to_str().unwrap())
        .assert()
        .success();
    let now = read(dir.path());
    assert!(
        now.ends_with("<!-- concurrent -->\n"),
        "the other writer's change is kept"
    );
    assert!(now.contains("### T-010: Parse fractional quantities in ingredient lines\nPriority: P1\nType: BUG\nOwner: ALICE\nStatus: IN-PROGRESS"));
    // Someone else changes the task itself while it is being edited: refused, theirs kept.
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^Owner: ALICE/Owner: BOB/' \"$1\"\nsed -i 's/^Owner: ALICE/Owner: CAROL/' TODO.md\n",
    )
    .unwrap();
    todo(dir.path())
        .args(["edit", "T-010"])
        .env("VISUAL", script.to_str().unwrap())
        .assert()
        .code(2)
        .stderr("todo: T-010 changed on disk while it was being edited; nothing written (run the command again)\n");
    let after = read(dir.path());
    assert_eq!(after, now.replace("Owner: ALICE", "Owner: CAROL"));
    std::fs::write(dir.path().join("TODO.md"), &now).unwrap();
    // Without interference, the edit is written.
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^Owner: ALICE/Owner: BOB/' \"$1\"\n",
    )
    .unwrap();
    todo(dir.path())
        .args(["edit", "T-010"])
        .env("VISUAL", script.to_str().unwrap())
        .assert()
        .success();
    assert!(read(dir.path()).contains("### T-010: Parse fractional quantities in ingredient lines\nPriority: P1\nType: BUG\nOwner: BOB\n"));
}

#[test]
fn dry_run_and_json() {
    let before = fixture();
    let dir = repo(&before);
    todo(dir.path())
        .args(["move", "T-013", "READY", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "-Status: IN-REVIEW\n+Status: READY\n",
        ));
    assert_eq!(std::fs::read(dir.path().join("TODO.md")).unwrap(), before);
    let out = todo(dir.path())
        .args([
            "move",
            "T-013",
            "READY",
            "--format",
            "json",
            "--no-touch-date",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changed"], true);
    assert_eq!(v["changes"][0]["task"], "T-013");
    assert_eq!(v["changes"][0]["old"], "IN-REVIEW");
    assert_eq!(v["changes"][0]["new"], "READY");
    assert_eq!(v["changes"][0]["line"], 86);
}

#[test]
fn moving_out_of_blocked_asks_about_the_blocker() {
    let dir = repo(&fixture());
    todo(dir.path())
        .args(["move", "T-011", "READY"])
        .assert()
        .success()
        .stderr(predicate::str::contains("keeps its blocker"));
    let dir = repo(&fixture());
    todo(dir.path())
        .args(["move", "T-011", "READY", "--blocker", "none"])
        .assert()
        .success()
        .stderr("");
    assert!(read(dir.path()).contains("Status: READY\nBlocker: None\n"));
}

#[test]
fn checkbox_tasks_tick_and_untick() {
    let dir = repo(b"## Now\n- [ ] T-1: first\n- [x] T-2: second\n");
    todo(dir.path())
        .args(["move", "T-1", "done"])
        .assert()
        .success();
    todo(dir.path())
        .args(["move", "T-2", "todo"])
        .assert()
        .success();
    assert_eq!(
        read(dir.path()),
        "## Now\n- [x] T-1: first\n- [ ] T-2: second\n"
    );
}

#[test]
fn add_writes_the_next_id_from_the_neighbours_template() {
    let dir = repo(&fixture());
    todo(dir.path())
        .args([
            "add",
            "Import recipes from a URL",
            "--priority",
            "P2",
            "--no-touch-date",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "T-017: created \"Import recipes from a URL\"",
        ));
    let text = read(dir.path());
    let block = &text[text.find("### T-017").unwrap()..];
    assert!(block.starts_with("### T-017: Import recipes from a URL\nPriority: P2\nType: BUG\nOwner: ALICE\nStatus: READY\nBlocker: None\nContext:\n"), "{block}");
    todo(dir.path())
        .args(["lint", "--format", "concise"])
        .assert()
        .success();
    todo(dir.path())
        .args(["list", "--section", "P2 — Important", "--format", "ids"])
        .assert()
        .stdout("T-015\nT-016\nT-017\n");
}

#[test]
fn archive_moves_done_tasks_in_one_edit_per_file() {
    let dir =
        repo(b"# Plan\n\n## Now\n\n- [x] T-1: shipped\n- [ ] T-2: open\n- [x] T-3: also shipped\n");
    todo(dir.path()).arg("archive").assert().success();
    assert_eq!(read(dir.path()), "# Plan\n\n## Now\n\n- [ ] T-2: open\n");
    let archive = std::fs::read_to_string(dir.path().join("TODOCOMPLETED.md")).unwrap();
    assert_eq!(
        archive,
        "# Completed tasks\n\n- [x] T-1: shipped\n\n- [x] T-3: also shipped\n"
    );
    todo(dir.path())
        .arg("archive")
        .assert()
        .success()
        .stderr(predicate::str::contains("no done task"));
    todo(dir.path())
        .args(["list", "--format", "ids"])
        .assert()
        .stdout("T-2\nT-1\nT-3\n");
}

#[test]
fn to_refuses_paths_outside_the_repository() {
    let dir = repo(&fixture());
    todo(dir.path())
        .args(["move", "T-010", "READY", "--to", "../elsewhere.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside the repository"));
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Std::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn commit_records_exactly_the_touched_file() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["config", "user.name", "Test"]);
    git(dir.path(), &["config", "user.email", "test@example.com"]);
    std::fs::write(dir.path().join("TODO.md"), fixture()).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "a\n").unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "start"]);
    std::fs::write(dir.path().join("notes.txt"), "b\n").unwrap();
    git(dir.path(), &["add", "notes.txt"]);
    todo(dir.path())
        .args(["move", "T-013", "READY", "--commit", "--no-touch-date"])
        .assert()
        .success()
        .stderr(predicate::str::contains("committed"));
    assert_eq!(
        git(dir.path(), &["log", "-1", "--format=%s"]),
        "todo: T-013 IN-REVIEW → READY\n"
    );
    assert_eq!(
        git(dir.path(), &["show", "--name-only", "--format=", "HEAD"]),
        "TODO.md\n"
    );
    assert_eq!(
        git(dir.path(), &["status", "--porcelain"]),
        "M  notes.txt\n"
    );
}

// ---- The acceptance checks on the 002 seed ----

fn seed_002() -> Option<Vec<u8>> {
    std::fs::read(root().join("../shared/seeds/002_4948ce811faa5fb3.txt")).ok()
}

#[test]
fn seed_002_archive_move_and_add() {
    let Some(seed) = seed_002() else {
        eprintln!("skipped: ../shared is not present");
        return;
    };
    let before = String::from_utf8(seed.clone()).unwrap();
    let dir = repo(&seed);
    let lint_before = todo(dir.path())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    std::fs::write(dir.path().join(".todo.yml"), "archive: TODOCOMPLETED.md\n").unwrap();
    todo(dir.path())
        .args(["move", "T-042", "DONE", "--force", "--no-touch-date"])
        .assert()
        .success()
        .stdout("T-042: moved TODO.md → TODOCOMPLETED.md (TODO.md:122)\n");
    let after = read(dir.path());
    let start = before.find("### T-042:").unwrap();
    let end = before.find("### Phase 1 —").unwrap();
    let block = before[start..end].trim_end_matches('\n').to_string() + "\n";
    let archive = std::fs::read_to_string(dir.path().join("TODOCOMPLETED.md")).unwrap();
    assert!(archive.contains(&block), "the block's bytes, unchanged");
    let (removed, added) = changed_lines(&before, &after);
    assert!(added.is_empty());
    assert_eq!(
        removed.len(),
        block.lines().count() + 1,
        "the block and one blank line"
    );
    let lint_after = todo(dir.path())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    let errors = |o: &std::process::Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            v["summary"]["errors"].as_u64(),
            v["summary"]["warnings"].as_u64(),
        )
    };
    assert_eq!(errors(&lint_before), errors(&lint_after));

    let dir = repo(&seed);
    todo(dir.path())
        .args(["add", "Adopt a release checklist", "--priority", "P2"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("T-144: created"));
    let out = todo(dir.path())
        .args(["show", "T-144", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["section"].as_array().unwrap().last().unwrap(),
        "P2 — Important (do within 30 days)"
    );
    for key in [
        "Priority",
        "Type",
        "Owner",
        "Status",
        "Blocker",
        "Context",
        "Acceptance Criteria",
        "References",
        "Dependencies",
        "Effort",
    ] {
        assert!(v["fields"][key].is_string(), "{key}");
    }
    let lint = todo(dir.path())
        .args(["lint", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(errors(&lint), errors(&lint_before), "no new lint finding");
}

#[test]
fn add_skips_ids_taken_on_other_branches() {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(
        dir.path().join("TODO.md"),
        "## Work\n\n### T-001: First\nStatus: READY\n",
    )
    .unwrap();
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "one"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    std::fs::write(
        dir.path().join("TODO.md"),
        "## Work\n\n### T-001: First\nStatus: READY\n\n### T-002: Made on a branch\nStatus: READY\n",
    )
    .unwrap();
    git(dir.path(), &["commit", "-qam", "two"]);
    git(dir.path(), &["checkout", "-q", "main"]);
    todo(dir.path())
        .args(["add", "Next thing", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("+### T-003: Next thing"));
    todo(dir.path())
        .args(["add", "Next thing", "--no-branches", "--dry-run"])
        .assert()
        .success()
        .stdout(predicate::str::contains("+### T-002: Next thing"));
}

#[test]
fn setting_several_fields_changes_only_their_lines() {
    let before = String::from_utf8(fixture()).unwrap();
    let dir = repo(before.as_bytes());
    todo(dir.path())
        .args([
            "set",
            "T-014",
            "--priority",
            "P2",
            "--effort",
            "M",
            "reviewer",
            "sam",
            "--no-touch-date",
        ])
        .assert()
        .success();
    let (removed, added) = changed_lines(&before, &read(dir.path()));
    assert_eq!(removed.len(), 2, "{removed:?}");
    assert!(removed.iter().any(|l| l.starts_with("Priority: ")));
    assert!(removed.iter().any(|l| l.starts_with("Effort: ")));
    let mut added = added;
    added.sort();
    assert_eq!(added, ["Effort: M\n", "Priority: P2\n", "Reviewer: sam\n"]);
    assert!(
        read(dir.path()).contains("Effort: M\nReviewer: sam\n"),
        "a new field goes after the last one"
    );
    todo(dir.path())
        .args(["set", "T-014", "--owner", "BOB", "owner", "ALICE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("given twice"));
}

/// The one-task fast path reads only the parts of the file that mention the task; the done
/// guard needs its dependencies' states from elsewhere, so a refusal is decided on the whole
/// file.
#[test]
fn the_done_guard_sees_dependencies_the_fast_path_did_not_read() {
    let text = "# Roadmap\n\n## Tasks\n\n### T-9: Unrelated\nStatus: READY\n\n### T-1: First\nStatus: DONE\n\n### T-2: Second\nStatus: READY\n\n### T-3: Third\nStatus: READY\nDependencies: T-1\n\n### T-4: Fourth\nStatus: READY\nDependencies: T-2\n";
    let dir = repo(text.as_bytes());
    todo(dir.path())
        .args(["move", "T-3", "DONE", "--no-touch-date"])
        .assert()
        .success();
    todo(dir.path())
        .args(["move", "T-4", "DONE"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("T-2"));
    assert!(read(dir.path()).contains("### T-4: Fourth\nStatus: READY\n"));
}

/// A first field written under a title heading gets a blank line after it when body text
/// follows, so that text does not continue the field's line (and its value reads back as
/// written); a checklist under the title needs no gap.
#[test]
fn a_new_field_under_a_title_never_joins_the_paragraph_below() {
    for (before, after) in [
        (
            "## Work\n\n### T-3: Heading task\nA paragraph line\nmore\n",
            "## Work\n\n### T-3: Heading task\nOwner: bob\n\nA paragraph line\nmore\n",
        ),
        (
            "## Work\n\n### T-3: Heading task\n  indented text\n",
            "## Work\n\n### T-3: Heading task\nOwner: bob\n\n  indented text\n",
        ),
        (
            "## Work\n\n### T-3: Heading task\n- [ ] a step\n",
            "## Work\n\n### T-3: Heading task\nOwner: bob\n- [ ] a step\n",
        ),
        (
            "## Work\n\n### T-3: Heading task\n\nA paragraph line\n",
            "## Work\n\n### T-3: Heading task\nOwner: bob\n\nA paragraph line\n",
        ),
    ] {
        let dir = repo(before.as_bytes());
        todo(dir.path())
            .args(["set", "T-3", "owner", "bob"])
            .assert()
            .success();
        assert_eq!(read(dir.path()), after, "from {before:?}");
        todo(dir.path())
            .args(["list", "--format", "json"])
            .assert()
            .success()
            .stdout(predicate::str::contains("\"owner\": \"bob\""));
    }
}

/// A field under a bullet task nests under it even when the line after the task starts with
/// a bullet's character but is no bullet (`*D`, a lazy continuation): written as a sibling
/// bullet, the status was not the task's and `move` did nothing (found by the
/// `front_matter` fuzz target).
#[test]
fn a_field_under_a_bullet_task_nests_past_a_lazy_line_led_by_a_star() {
    let dir = repo(b"- T-1: Rake the leaves\n*soon*\n");
    todo(dir.path())
        .args(["move", "T-1", "done"])
        .assert()
        .success();
    assert_eq!(
        read(dir.path()),
        "- T-1: Rake the leaves\n  - Status: DONE\n*soon*\n"
    );
    todo(dir.path())
        .args(["list", "--state", "done", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"T-1\""));
}

/// A field under a setext heading goes below its underline: put between its lines, it
/// became part of the heading's text and the status was nobody's (found by the
/// `front_matter` fuzz target).
#[test]
fn a_field_under_a_setext_heading_goes_below_the_underline() {
    for (before, after) in [
        (
            "T-7: Plan the trip\n==================\n",
            "T-7: Plan the trip\n==================\nStatus: DONE\n",
        ),
        (
            "T-7: Plan the trip\nto the coast\n---\n",
            "T-7: Plan the trip\nto the coast\n---\nStatus: DONE\n",
        ),
        // An ATX heading is one line, even after a byte-order mark: the text and underline
        // below it are a heading of their own.
        (
            "\u{feff}# T-7: Plan the trip\nby car\n---\n",
            "\u{feff}# T-7: Plan the trip\nStatus: DONE\n\nby car\n---\n",
        ),
    ] {
        let dir = repo(before.as_bytes());
        todo(dir.path())
            .args(["move", "T-7", "done"])
            .assert()
            .success();
        assert_eq!(read(dir.path()), after, "from {before:?}");
        todo(dir.path())
            .args(["list", "--state", "done", "--format", "json"])
            .assert()
            .success()
            .stdout(predicate::str::contains("\"T-7\""));
    }
}

/// In a file whose lines end in a lone CR, the nested bullet a new field copies its indent
/// from is found line by line: taken from the whole rest of the text, the indent held the
/// line endings and the field went nowhere a reader finds it (found by the `front_matter`
/// fuzz target).
#[test]
fn a_field_under_a_bullet_task_in_a_file_of_lone_cr_line_endings() {
    let before = "# Jobs\r\r- T-1: Rake the leaves\r\r\r\t* a note\r";
    let dir = repo(before.as_bytes());
    todo(dir.path())
        .args(["set", "T-1", "owner", "bob"])
        .assert()
        .success();
    assert_eq!(
        read(dir.path()),
        "# Jobs\r\r- T-1: Rake the leaves\r\t- Owner: bob\r\r\r\t* a note\r"
    );
    todo(dir.path())
        .args(["list", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"owner\": \"bob\""));
}
