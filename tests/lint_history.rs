//! History-aware lint end to end, on scratch repositories built with the `git` binary:
//! `--since` (task-deleted, id-reused, status-transition), `--branches` (branch-id-collision)
//! and stale-last-updated, which plain `todo lint` runs.

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

/// `git` in `dir` with a fixed identity and both dates set to `date` (ISO 8601), deaf to the
/// environment a hook or the user's config might set.
fn git_at(dir: &Path, date: &str, args: &[&str]) {
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
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn git(dir: &Path, args: &[&str]) {
    git_at(dir, "2026-01-01T12:00:00+00:00", args);
}

/// A repository on branch `main`.
fn scratch_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

/// Writes files and commits everything at `date`.
fn commit(dir: &Path, date: &str, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    git_at(dir, date, &["add", "-A"]);
    git_at(dir, date, &["commit", "-q", "-m", "change"]);
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("TODO_FORMAT")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE");
    cmd
}

/// `todo lint --format json ARGS`: the exit code and the diagnostics as (rule, line, task).
fn lint(dir: &Path, args: &[&str]) -> (i32, Vec<(String, u64, String)>, Value) {
    let out = todo(dir)
        .args(["lint", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    let got = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["task_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (out.status.code().unwrap(), got, v)
}

fn first_commit(dir: &Path) -> String {
    let out = Std::new("git")
        .current_dir(dir)
        .args(["rev-list", "--max-parents=0", "HEAD"])
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn since_reports_a_deleted_task_but_not_an_archived_or_done_one() {
    let dir = scratch_repo();
    commit(
        dir.path(),
        "2026-01-01T12:00:00+00:00",
        &[(
            "TODO.md",
            "# Plan\n\n## Chores\n\n- [ ] Water the plants\n- [ ] Call the plumber\n- [x] Pay the rent\n\n## Now\n\n### T-001: Keep me\nStatus: READY\n\n### T-002: Delete me\nStatus: READY\n\n### T-003: Archive me\nStatus: READY\n\n### T-004: Finished\nStatus: DONE\n",
        )],
    );
    let first = first_commit(dir.path());
    commit(
        dir.path(),
        "2026-01-02T12:00:00+00:00",
        &[
            (
                "TODO.md",
                "# Plan\n\n## Chores\n\n- [ ] Water the plants daily\n\n## Now\n\n### T-001: Keep me\nStatus: READY\n",
            ),
            (
                "TODOCOMPLETED.md",
                "# Done\n\n### T-003: Archive me\nStatus: DONE\n",
            ),
        ],
    );
    // Without --since, nothing is wrong.
    assert_eq!(lint(dir.path(), &[]).1, vec![]);
    let (code, got, v) = lint(dir.path(), &["--since", &first]);
    assert_eq!(code, 1);
    // At the heading each task was under; the reworded and the ticked checkboxes are no
    // deletion.
    assert_eq!(
        got,
        vec![
            ("task-deleted".to_string(), 3, String::new()),
            ("task-deleted".to_string(), 7, "T-002".to_string()),
        ]
    );
    let message = v["diagnostics"][1]["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!("T-002 \"Delete me\" was deleted (it was at TODO.md:14 in {first})")
    );
    assert!(
        v["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("\"Call the plumber\""),
        "{v}"
    );
    // The same, staged: the index against the revision.
    let (_, staged, _) = lint(dir.path(), &["--staged", "--since", &first]);
    assert_eq!(staged, got);
    // A deleted file: reported at the file itself.
    std::fs::remove_file(dir.path().join("TODO.md")).unwrap();
    let (code, got, v) = lint(dir.path(), &["--since", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(
        got,
        vec![
            ("task-deleted".to_string(), 1, String::new()),
            ("task-deleted".to_string(), 1, "T-001".to_string()),
        ]
    );
    assert_eq!(v["diagnostics"][1]["file"], "TODO.md");
    // Levels apply as for every rule.
    std::fs::write(dir.path().join(".todo.yml"), "lint:\n  task-deleted: off\n").unwrap();
    assert_eq!(lint(dir.path(), &["--since", &first]).1, vec![]);
}

#[test]
fn since_reports_a_reused_id() {
    let dir = scratch_repo();
    commit(
        dir.path(),
        "2026-01-01T12:00:00+00:00",
        &[(
            "TODO.md",
            "### T-001: Write the parser\nStatus: READY\n\n### T-002: Cache the search index\nStatus: READY\n",
        )],
    );
    std::fs::write(
        dir.path().join("TODO.md"),
        "### T-001: Write the parser module\nStatus: READY\n\n### T-002: Order office chairs\nStatus: READY\n",
    )
    .unwrap();
    let (code, got, v) = lint(dir.path(), &["--since", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(got, vec![("id-reused".to_string(), 4, "T-002".to_string())]);
    assert_eq!(
        v["diagnostics"][0]["message"],
        "T-002 now names \"Order office chairs\"; in HEAD it named \"Cache the search index\" (TODO.md:4)"
    );
    assert_eq!(v["diagnostics"][0]["column"], 5, "at the ID");
}

#[test]
fn since_checks_status_transitions_only_with_a_workflow() {
    let dir = scratch_repo();
    commit(
        dir.path(),
        "2026-01-01T12:00:00+00:00",
        &[(
            "TODO.md",
            "### T-1: Skip a step\nStatus: READY\n\n### T-2: Start\nStatus: READY\n\n### T-3: Done\nStatus: DONE\n",
        )],
    );
    std::fs::write(
        dir.path().join("TODO.md"),
        "### T-1: Skip a step\nStatus: DONE\n\n### T-2: Start\nStatus: in progress\n\n### T-3: Done\nStatus: READY\n",
    )
    .unwrap();
    let (code, got, _) = lint(dir.path(), &["--since", "HEAD"]);
    assert_eq!((code, got), (0, vec![]), "no workflow, no rule");
    std::fs::write(
        dir.path().join(".todo.yml"),
        "workflow:\n  READY: [IN-PROGRESS, BLOCKED]\n  IN-PROGRESS: [DONE]\n  DONE: []\n",
    )
    .unwrap();
    let (code, got, v) = lint(dir.path(), &["--since", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(
        got,
        vec![
            ("status-transition".to_string(), 2, "T-1".to_string()),
            ("status-transition".to_string(), 8, "T-3".to_string()),
        ]
    );
    let d = &v["diagnostics"][0];
    assert_eq!(
        d["message"],
        "T-1 went from READY (in HEAD) to DONE, which the workflow does not allow: from READY only IN-PROGRESS, BLOCKED may follow"
    );
    assert_eq!(
        (d["column"].as_u64(), d["end_column"].as_u64()),
        (Some(9), Some(13))
    );
    assert!(
        v["diagnostics"][1]["message"]
            .as_str()
            .unwrap()
            .ends_with("nothing may follow DONE")
    );
}

#[test]
fn branches_reports_an_id_taken_by_another_task_on_another_branch() {
    let dir = scratch_repo();
    let base = "### T-001: Shared\nStatus: READY\n";
    commit(
        dir.path(),
        "2026-01-01T12:00:00+00:00",
        &[("TODO.md", base)],
    );
    git(dir.path(), &["checkout", "-q", "-b", "topic"]);
    commit(
        dir.path(),
        "2026-01-02T12:00:00+00:00",
        &[(
            "TODO.md",
            &format!("{base}\n### T-002: Record an audit trail\nStatus: READY\n"),
        )],
    );
    git(dir.path(), &["checkout", "-q", "main"]);
    let here = format!("{base}\n### T-002: Add CSV export\nStatus: READY\n");
    commit(
        dir.path(),
        "2026-01-03T12:00:00+00:00",
        &[("TODO.md", &here)],
    );
    assert_eq!(lint(dir.path(), &[]).1, vec![]);
    let (code, got, v) = lint(dir.path(), &["--branches"]);
    assert_eq!(code, 1);
    assert_eq!(
        got,
        vec![("branch-id-collision".to_string(), 4, "T-002".to_string())]
    );
    assert_eq!(
        v["diagnostics"][0]["message"],
        "T-002 names different tasks on different branches: \"Add CSV export\" on main, \"Record an audit trail\" on topic"
    );
    // A rewording on the other branch is the same task.
    git(dir.path(), &["checkout", "-q", "topic"]);
    commit(
        dir.path(),
        "2026-01-04T12:00:00+00:00",
        &[(
            "TODO.md",
            &format!("{base}\n### T-002: Add a CSV export\nStatus: READY\n"),
        )],
    );
    git(dir.path(), &["checkout", "-q", "main"]);
    assert_eq!(lint(dir.path(), &["--branches"]).1, vec![]);
}

#[test]
fn stale_last_updated_is_reported_and_fixed_byte_for_byte() {
    let dir = scratch_repo();
    let old = "# Plan\r\n\r\n**Last Updated:** January 5, 2026\r\n\r\n### T-1: Ship it\r\nStatus: READY\r\n";
    commit(dir.path(), "2026-01-05T09:00:00+00:00", &[("TODO.md", old)]);
    let changed = old.replace("READY", "IN-PROGRESS");
    commit(
        dir.path(),
        "2026-02-03T23:30:00-05:00",
        &[("TODO.md", &changed)],
    );
    // A later commit that touches only the header is not a change of the tasks.
    let retitled = changed.replace("# Plan", "# The plan");
    commit(
        dir.path(),
        "2026-03-10T12:00:00+00:00",
        &[("TODO.md", &retitled)],
    );

    let (code, got, v) = lint(dir.path(), &[]);
    assert_eq!(code, 0, "a warning");
    assert_eq!(
        got,
        vec![("stale-last-updated".to_string(), 3, String::new())]
    );
    let d = &v["diagnostics"][0];
    assert!(
        d["message"].as_str().unwrap().starts_with(
            "Last Updated is January 5, 2026, but the tasks last changed on 2026-02-03 (commit "
        ),
        "the author's own date, not UTC: {d}"
    );
    assert_eq!(d["fix"]["applicability"], "safe");

    // A shallow clone cannot tell when the tasks changed: nothing is reported.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    assert_eq!(lint(&clone.path().join("shallow"), &[]).1, vec![]);

    todo(dir.path())
        .args(["lint", "--fix"])
        .assert()
        .success()
        .stderr(predicate::str::contains("fixed 1 problem in 1 file"));
    assert_eq!(
        std::fs::read(dir.path().join("TODO.md")).unwrap(),
        retitled
            .replace("January 5, 2026", "February 3, 2026")
            .into_bytes()
    );
    assert_eq!(lint(dir.path(), &[]).1, vec![]);
    // A date ahead of the history (not committed yet) is fine; an untracked file is not read.
    std::fs::write(
        dir.path().join("TODO.md"),
        retitled.replace("January 5, 2026", "April 1, 2026"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ROADMAP.md"),
        "Last Updated: 2020-01-01\n\n### R-1: Later\n",
    )
    .unwrap();
    assert_eq!(lint(dir.path(), &[]).1, vec![]);
}

#[test]
fn history_flags_need_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("TODO.md"), "### T-1: A\nStatus: READY\n").unwrap();
    todo(dir.path()).arg("lint").assert().success();
    for flag in ["--since", "--branches"] {
        let mut args = vec!["lint", flag];
        if flag == "--since" {
            args.push("HEAD");
        }
        todo(dir.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{flag} needs a git repository"
            )));
    }
    let repo = scratch_repo();
    commit(
        repo.path(),
        "2026-01-01T12:00:00+00:00",
        &[("TODO.md", "### T-1: A\n")],
    );
    todo(repo.path())
        .args(["lint", "--since", "no-such-rev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-rev"));
}
