//! `todo lint`, `todo rules` and `todo hook install` end to end.

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
        .env_remove("GITHUB_ACTIONS")
        .env_remove("TODO_FORMAT")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100");
    cmd
}

/// `todo lint` on the one-problem-per-rule fixture, in a format.
fn lint_fixture(format: &str) -> (i32, String) {
    let out = todo(&root().join("fixtures"))
        .args([
            "--file",
            "lint/one-per-rule.md",
            "lint",
            "--format",
            format,
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn every_rule_fires_once_at_its_line() {
    let (code, out) = lint_fixture("json");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let got: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("missing-field", 15),
        ("invalid-value", 20),
        ("invalid-id", 22),
        ("duplicate-id", 26),
        ("duplicate-field", 33),
        ("unknown-field", 38),
        ("unknown-dependency", 43),
        ("dependency-cycle", 48),
        ("self-dependency", 58),
        ("blocked-without-blocker", 63),
        ("blocker-without-blocked-status", 68),
        ("done-with-open-criteria", 72),
        ("section-priority-mismatch", 78),
        ("encoding-damage", 81),
        ("empty-title", 85),
        ("malformed-checklist", 90),
        ("stale-blocker", 99),
        ("unread-task-line", 102),
    ];
    let want: Vec<(String, u64)> = want.iter().map(|(r, l)| (r.to_string(), *l)).collect();
    assert_eq!(got, want);
    assert_eq!(v["summary"]["errors"], 11);
    assert_eq!(v["summary"]["warnings"], 7);
    // The history rules need git: tests/lint_history.rs covers them. A front matter stands
    // at the top of a file and dates are Obsidian Tasks metadata: tests/formats.rs covers
    // `invalid-front-matter` and `invalid-date`, tests/history_folders.rs
    // `front-matter-style`.
    let rules = todo_md::lint::RULES
        .iter()
        .filter(|r| !todo_md::lint::history::RULES.contains(r))
        .filter(|r| {
            !["invalid-front-matter", "invalid-date", "front-matter-style"].contains(&r.name)
        })
        .count();
    assert_eq!(rules, want.len(), "the fixture covers every rule");
}

#[test]
fn every_format_is_snapshotted() {
    for format in ["full", "concise", "json", "github", "sarif", "junit"] {
        let (code, out) = lint_fixture(format);
        assert_eq!(code, 1, "{format}");
        insta::with_settings!({filters => vec![(env!("CARGO_PKG_VERSION"), "[VERSION]")]}, {
            insta::assert_snapshot!(format!("lint_{format}"), out);
        });
    }
}

#[test]
fn seed_002_has_only_its_known_problems() {
    let seed = root().join("../shared/seeds/002_4948ce811faa5fb3.txt");
    if !seed.exists() {
        eprintln!("skipped: ../shared is not present");
        return;
    }
    let out = todo(&root())
        .args(["--file", seed.to_str().unwrap(), "lint", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut seen = Vec::new();
    for d in v["diagnostics"].as_array().unwrap() {
        let rule = d["rule"].as_str().unwrap();
        let task = d["task_id"].as_str().unwrap();
        match rule {
            "unknown-dependency" => assert!(["T-086", "T-087", "T-088"].contains(&task)),
            "blocker-without-blocked-status" => {
                assert_eq!((task, d["line"].as_u64().unwrap()), ("T-032", 476));
            }
            other => panic!("unexpected {other} on {task}"),
        }
        seen.push((rule.to_string(), task.to_string()));
    }
    assert_eq!(
        seen.iter()
            .filter(|(r, _)| r == "unknown-dependency")
            .count(),
        12
    );
    assert_eq!(seen.len(), 13);
}

#[test]
fn fix_repairs_encoding_damage_in_003_and_nothing_else() {
    let seed = root().join("../shared/seeds/003_9c4f42aa2d72de48.txt");
    if !seed.exists() {
        eprintln!("skipped: ../shared is not present");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("TODO.md");
    let before = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&copy, &before).unwrap();
    todo(dir.path())
        .args(["lint", "--fix", "--format", "concise"])
        .assert()
        .success()
        .stderr(predicate::str::contains("fixed 62 problems"));
    let after = std::fs::read_to_string(&copy).unwrap();
    assert!(after.contains("✅ Completed") && !after.contains("‚úÖ"));
    // Every ASCII byte is where it was: only the damaged runs changed.
    let skeleton = |s: &str| s.chars().filter(char::is_ascii).collect::<String>();
    assert_eq!(skeleton(&before), skeleton(&after));
    // A second run has nothing left to do.
    todo(dir.path())
        .args(["lint", "--fix"])
        .assert()
        .success()
        .stderr("");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), after);
}

/// The folded checklist: an ordered item, a `- Phases:` bullet three spaces in (short of the
/// item's content column), and checkboxes four spaces in, which Markdown folds into `Phases:`.
#[test]
fn folded_checkboxes_are_reported_listed_and_fixed_by_reindenting() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("fixtures/lint/folded-checklist.md")).unwrap();
    std::fs::write(dir.path().join("TODO.md"), &text).unwrap();
    let out = todo(dir.path())
        .args(["lint", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(
        "folded_checklist_lint",
        String::from_utf8(out.stdout).unwrap()
    );
    let out = todo(dir.path()).arg("doctor").output().unwrap();
    let doctor = String::from_utf8(out.stdout).unwrap();
    for line in [5, 6, 7] {
        assert!(doctor.contains(&format!("TODO.md:{line}: ")), "{doctor}");
    }
    let out = todo(dir.path()).args(["lint", "--diff"]).output().unwrap();
    insta::assert_snapshot!(
        "folded_checklist_diff",
        String::from_utf8(out.stdout).unwrap()
    );
    todo(dir.path()).args(["lint", "--fix"]).assert().success();
    let fixed = std::fs::read_to_string(dir.path().join("TODO.md")).unwrap();
    let (before, after): (Vec<&str>, Vec<&str>) = (text.lines().collect(), fixed.lines().collect());
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.trim_start(), a.trim_start(), "only leading spaces change");
    }
    let out = todo(dir.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        1,
        "no checkbox became a task of its own"
    );
    assert_eq!(v[0]["criteria"]["total"], 3, "the item's checklist");
    assert_eq!(v[0]["criteria"]["done"], 2);
}

#[test]
fn diff_shows_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let text = "### T-1: Done ‚úÖ\nStatus: ready\n\n- [] loose\n";
    std::fs::write(dir.path().join("TODO.md"), text).unwrap();
    std::fs::write(
        dir.path().join(".todo.yml"),
        "schema:\n  values:\n    status: [READY, DONE]\n",
    )
    .unwrap();
    todo(dir.path())
        .args(["lint", "--diff"])
        .assert()
        .stdout(predicate::str::contains("-### T-1: Done ‚úÖ\n"))
        .stdout(predicate::str::contains("+### T-1: Done ✅\n"))
        .stdout(predicate::str::contains("+Status: READY"))
        .stdout(predicate::str::contains("[ ] loose").not());
    todo(dir.path())
        .args(["lint", "--diff", "--unsafe-fixes"])
        .assert()
        .stdout(predicate::str::contains("+- [ ] loose"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("TODO.md")).unwrap(),
        text
    );
}

#[test]
fn suppressions_and_config_levels() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Plan\n\n### T-1: A\nStatus: BLOCKED\n\n<!-- todo-lint: disable=blocked-without-blocker -->\n### T-2: B\nStatus: BLOCKED\n";
    std::fs::write(dir.path().join("TODO.md"), text).unwrap();
    let concise = |dir: &Path| {
        let out = todo(dir)
            .args(["lint", "--format", "concise"])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let (code, out) = concise(dir.path());
    assert_eq!(code, 1);
    assert!(
        out.contains("TODO.md:4:") && !out.contains("TODO.md:8:"),
        "{out}"
    );
    std::fs::write(
        dir.path().join(".todo.yml"),
        "lint:\n  blocked-without-blocker: warning\n",
    )
    .unwrap();
    let (code, out) = concise(dir.path());
    assert_eq!(code, 0, "a warning does not fail: {out}");
    todo(dir.path())
        .args(["lint", "--warnings-as-errors"])
        .assert()
        .code(1);
    std::fs::write(dir.path().join(".todo.yml"), "lint:\n  TD010: off\n").unwrap();
    let (code, out) = concise(dir.path());
    assert_eq!(
        (code, out.as_str()),
        (0, "no problems in 1 file (2 tasks)\n")
    );
    let file_wide = format!("<!-- todo-lint: disable=all -->\n{text}");
    std::fs::write(dir.path().join(".todo.yml"), "").unwrap();
    std::fs::write(dir.path().join("TODO.md"), file_wide).unwrap();
    assert_eq!(concise(dir.path()).0, 0);
    std::fs::write(dir.path().join(".todo.yml"), "lint:\n  no-such-rule: off\n").unwrap();
    todo(dir.path())
        .arg("lint")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule named `no-such-rule`"));
}

#[test]
fn exit_codes_and_github_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("TODO.md"), "### T-1: A\nStatus: BLOCKED\n").unwrap();
    todo(dir.path()).arg("lint").assert().code(1);
    todo(dir.path())
        .args(["lint", "--exit-zero"])
        .assert()
        .code(0);
    todo(dir.path())
        .arg("lint")
        .env("GITHUB_ACTIONS", "true")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("::error file=TODO.md,line=2"));
    todo(dir.path())
        .args(["lint", "--format", "table"])
        .assert()
        .code(2);
    todo(dir.path())
        .args(["lint", "--statistics"])
        .assert()
        .stdout("    1  TD010  blocked-without-blocker\n");
    todo(dir.path())
        .args(["lint", "--quiet", "--format", "concise"])
        .assert()
        .stdout(
            predicate::str::contains("no problems")
                .not()
                .and(predicate::str::contains("TD010")),
        );
}

#[test]
fn rules_lists_and_documents_every_rule() {
    let out = todo(&root())
        .args(["rules", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for r in todo_md::lint::RULES {
        assert!(text.contains(r.code) && text.contains(r.name), "{}", r.name);
    }
    todo(&root())
        .args(["rules", "TD004"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("# duplicate-id (TD004) — error")
                .and(predicate::str::contains("## How to fix")),
        );
    todo(&root()).args(["rules", "nope"]).assert().code(1);
}

/// A rule's doc one heading level down, for its section of docs/rules.md: `## What it does`
/// becomes `### What it does`, while Markdown inside code fences (an example's
/// `## Task schema`) stays exactly as `todo rules NAME` prints it.
fn demote_headings(doc: &str) -> String {
    let mut fenced = false;
    let mut out = String::new();
    for line in doc.split_inclusive('\n') {
        if line.starts_with("```") {
            fenced = !fenced;
        }
        if !fenced && line.starts_with("## ") {
            out.push('#');
        }
        out.push_str(line);
    }
    out
}

#[test]
fn rule_examples_in_docs_rules_md_are_as_todo_rules_prints_them() {
    let doc = "## What it does\nx\n```markdown\n## Task schema (required)\n```\n## How to fix\n";
    assert_eq!(
        demote_headings(doc),
        "### What it does\nx\n```markdown\n## Task schema (required)\n```\n### How to fix\n"
    );
}

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let mut want = String::from(
        "# Lint rules\n\nGenerated from the rule registry (`todo rules NAME` prints the same text).\n\n| Code | Name | Severity | Fix | Checks |\n|---|---|---|---|---|\n",
    );
    for r in todo_md::lint::RULES {
        let fix = match r.fix {
            Some(todo_md::lint::Applicability::Safe) => "safe",
            Some(todo_md::lint::Applicability::Unsafe) => "unsafe",
            _ => "",
        };
        want.push_str(&format!(
            "| {} | [`{}`](#{}) | {} | {fix} | {} |\n",
            r.code,
            r.name,
            r.name,
            r.severity.name(),
            r.summary
        ));
    }
    for r in todo_md::lint::RULES {
        let doc = demote_headings(r.doc);
        want.push_str(&format!(
            "\n## {}\n\n`{}` · {} by default\n\n{}\n",
            r.name,
            r.code,
            r.severity.name(),
            doc
        ));
    }
    let path = root().join("docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale: run `UPDATE_DOCS=1 cargo test --test lint docs_rules`"
    );
}

// ---- git: --staged and the pre-commit hook ----

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Std::new("git")
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
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs")
}

fn scratch_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(git(dir.path(), &["init", "-q"]).status.success());
    dir
}

const GOOD: &str = "### T-001: Fine\nStatus: READY\nDependencies: None\n";
const BROKEN: &str = "### T-001: Broken\nStatus: BLOCKED\nDependencies: T-404\n";

#[test]
fn staged_checks_the_index_not_the_working_tree() {
    let dir = scratch_repo();
    let todo_md = dir.path().join("TODO.md");
    std::fs::write(&todo_md, BROKEN).unwrap();
    git(dir.path(), &["add", "TODO.md"]);
    std::fs::write(&todo_md, GOOD).unwrap();
    todo(dir.path()).arg("lint").assert().code(0);
    todo(dir.path())
        .args(["lint", "--staged", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unknown-dependency"));
    // The reverse: fixed in the index, broken in the working tree.
    git(dir.path(), &["add", "TODO.md"]);
    std::fs::write(&todo_md, BROKEN).unwrap();
    todo(dir.path()).args(["lint", "--staged"]).assert().code(0);
    todo(dir.path()).arg("lint").assert().code(1);
    let outside = tempfile::tempdir().unwrap();
    todo(outside.path())
        .args(["lint", "--staged"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("git repository"));
}

#[cfg(unix)]
#[test]
fn the_installed_hook_refuses_a_broken_commit() {
    let dir = scratch_repo();
    todo(dir.path())
        .args(["hook", "install"])
        .assert()
        .success()
        .stdout(predicate::str::contains("installed"));
    let bin_dir = PathBuf::from(env!("CARGO_BIN_EXE_todo"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let commit = |msg: &str| {
        Std::new("git")
            .current_dir(dir.path())
            .args([
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.com",
                "commit",
                "-q",
                "-m",
                msg,
            ])
            .env("PATH", &path)
            .env_remove("GITHUB_ACTIONS")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    std::fs::write(dir.path().join("TODO.md"), BROKEN).unwrap();
    git(dir.path(), &["add", "TODO.md"]);
    let out = commit("broken");
    assert!(!out.status.success(), "the commit is refused");
    let shown =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        shown.contains("unknown-dependency") && shown.contains("T-404"),
        "{shown}"
    );
    std::fs::write(dir.path().join("TODO.md"), GOOD).unwrap();
    git(dir.path(), &["add", "TODO.md"]);
    assert!(commit("fine").status.success());
    // A foreign hook is refused without --force.
    let other = scratch_repo();
    let hook = other.path().join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    todo(other.path())
        .args(["hook", "install"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(&hook).unwrap(),
        "#!/bin/sh\nexit 0\n"
    );
    todo(other.path())
        .args(["hook", "install", "--force"])
        .assert()
        .success();
    assert!(other.path().join(".git/hooks/pre-commit.local").exists());
}

#[test]
fn pre_commit_hook_definitions_are_valid() {
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks: Vec<serde_json::Value> = serde_saphyr::from_str(&text).unwrap();
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["todo-lint", "todo-lint-staged"]);
    for h in &hooks {
        for key in ["name", "entry", "language", "files"] {
            assert!(h[key].is_string(), "{key} in {h}");
        }
        assert_eq!(h["language"], "rust");
        assert_eq!(h["pass_filenames"], false);
        assert_eq!(h["require_serial"], true);
        assert!(h["entry"].as_str().unwrap().starts_with("todo lint"));
    }
}
