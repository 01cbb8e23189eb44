//! `todo log` and `todo blame` end to end, on scratch repositories built with the `git`
//! binary (fixed identities and dates, so hashes and output are deterministic).

#[allow(dead_code)] // each test file uses part of the shared helpers
mod common;

use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const ANA: (&str, &str) = ("Ana Lima", "ana@example.com");
const BEN: (&str, &str) = ("Ben Ortiz", "ben@example.com");

/// Runs git in `dir` as `who`, dated day `day` of January 2026 at 10:00 +01:00.
fn git(dir: &Path, who: (&str, &str), day: u32, args: &[&str]) -> String {
    common::git_as(dir, who, &format!("2026-01-{day:02}T10:00:00+01:00"), args)
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn commit(dir: &Path, who: (&str, &str), day: u32, msg: &str) {
    git(dir, who, day, &["add", "-A"]);
    git(dir, who, day, &["commit", "-q", "-m", msg]);
}

fn t001(priority: &str, status: &str, one: bool, two: bool) -> String {
    let mark = |b: bool| if b { "x" } else { " " };
    format!(
        "### T-001: Parse the file\nPriority: {priority}\nOwner: ana\nStatus: {status}\n\
         Acceptance Criteria:\n- [{}] Reads headings\n- [{}] Reads fields\nDependencies: None\n",
        mark(one),
        mark(two)
    )
}

fn t002(title: &str) -> String {
    format!("### T-002: {title}\nPriority: P1\nStatus: READY\nDependencies: T-001\n")
}

fn todo_md(t1: Option<&str>, t2: Option<&str>) -> String {
    let mut s = String::from("# Roadmap\n\n## Active\n\n");
    for t in [t1, t2].into_iter().flatten() {
        s.push_str(t);
        s.push('\n');
    }
    s
}

/// The acceptance scenario: two authors, twelve commits.
fn scenario() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, ANA, 1, &["init", "-q"]);
    let list = |p, s, one, two, t2: &str| todo_md(Some(&t001(p, s, one, two)), Some(&t002(t2)));
    // 1. Ana creates both tasks.
    write(
        d,
        "TODO.md",
        &list("P2", "READY", false, false, "List the tasks"),
    );
    write(d, "README.md", "# Project\n");
    commit(d, ANA, 1, "add tasks");
    // 2. Ben starts T-001.
    write(
        d,
        "TODO.md",
        &list("P2", "IN-PROGRESS", false, false, "List the tasks"),
    );
    commit(d, BEN, 2, "start T-001");
    // 3. Unrelated.
    write(d, "README.md", "# Project\n\nMore words.\n");
    commit(d, ANA, 3, "readme");
    // 4. Ana sends it to review.
    write(
        d,
        "TODO.md",
        &list("P2", "IN-REVIEW", false, false, "List the tasks"),
    );
    commit(d, ANA, 4, "review T-001");
    // 5. Ben ticks the first item.
    write(
        d,
        "TODO.md",
        &list("P2", "IN-REVIEW", true, false, "List the tasks"),
    );
    commit(d, BEN, 5, "tick one");
    // 6. Unrelated to T-001: T-002's title.
    write(
        d,
        "TODO.md",
        &list("P2", "IN-REVIEW", true, false, "List every task"),
    );
    commit(d, ANA, 6, "retitle T-002");
    // 7. Ben ticks the second item.
    write(
        d,
        "TODO.md",
        &list("P2", "IN-REVIEW", true, true, "List every task"),
    );
    commit(d, BEN, 7, "tick two");
    // 8. Ana raises the priority.
    write(
        d,
        "TODO.md",
        &list("P1", "IN-REVIEW", true, true, "List every task"),
    );
    commit(d, ANA, 8, "priority");
    // 9. Ben moves the file to docs/.
    std::fs::create_dir_all(d.join("docs")).unwrap();
    git(d, BEN, 9, &["mv", "TODO.md", "docs/TODO.md"]);
    commit(d, BEN, 9, "move to docs");
    // 10. Ana archives T-001 as DONE.
    write(
        d,
        "docs/TODO.md",
        &todo_md(None, Some(&t002("List every task"))),
    );
    write(
        d,
        "TODOCOMPLETED.md",
        &format!("# Completed\n\n{}", t001("P1", "DONE", true, true)),
    );
    commit(d, ANA, 10, "archive T-001");
    // 11. Ben deletes T-002.
    write(d, "docs/TODO.md", &todo_md(None, None));
    commit(d, BEN, 11, "drop T-002");
    // 12. Unrelated.
    write(d, "README.md", "# Project\n\nEven more words.\n");
    commit(d, ANA, 12, "readme again");
    dir
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env_remove("TODO_FORMAT")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env("NO_COLOR", "1");
    cmd
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let out = todo(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "todo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Each entry as (author, [(kind, field, old, new)]).
type Entry = (String, Vec<(String, String, String, String)>);

fn entries(v: &Value) -> Vec<Entry> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let changes = e["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| (s(&c["kind"]), s(&c["field"]), s(&c["old"]), s(&c["new"])))
                .collect();
            (s(&e["author"]), changes)
        })
        .collect()
}

fn e(author: &str, changes: &[(&str, &str, &str, &str)]) -> Entry {
    (
        author.to_string(),
        changes
            .iter()
            .map(|(k, f, o, n)| (k.to_string(), f.to_string(), o.to_string(), n.to_string()))
            .collect(),
    )
}

fn expected_t001() -> Vec<Entry> {
    vec![
        e(
            "Ana Lima",
            &[
                ("moved", "file", "docs/TODO.md", "TODOCOMPLETED.md"),
                ("field", "status", "IN-REVIEW", "DONE"),
            ],
        ),
        e("Ben Ortiz", &[("moved", "file", "TODO.md", "docs/TODO.md")]),
        e("Ana Lima", &[("field", "priority", "P2", "P1")]),
        e("Ben Ortiz", &[("criteria", "criteria", "1/2", "2/2")]),
        e("Ben Ortiz", &[("criteria", "criteria", "0/2", "1/2")]),
        e(
            "Ana Lima",
            &[("field", "status", "IN-PROGRESS", "IN-REVIEW")],
        ),
        e("Ben Ortiz", &[("field", "status", "READY", "IN-PROGRESS")]),
        e("Ana Lima", &[("created", "-", "-", "-")]),
    ]
}

#[test]
fn log_lists_every_change_in_order() {
    let dir = scenario();
    let v = json(dir.path(), &["log", "T-001"]);
    assert_eq!(entries(&v), expected_t001());
    let first = &v[0];
    assert_eq!(first["email"], "ana@example.com");
    assert_eq!(first["file"], "TODOCOMPLETED.md");
    assert_eq!(first["date"], "2026-01-10T10:00:00+01:00");
    assert_eq!(first["commit"].as_str().unwrap().len(), 40);
    assert_eq!(v[3]["changes"][0]["detail"], "checked: \"Reads fields\"");
    assert_eq!(v[7]["file"], "TODO.md");

    // Any case, as `todo show` takes it.
    assert_eq!(
        entries(&json(dir.path(), &["log", "t-001"])),
        expected_t001()
    );

    let mut reversed = expected_t001();
    reversed.reverse();
    let v = json(dir.path(), &["log", "T-001", "--reverse"]);
    assert_eq!(entries(&v), reversed);

    // T-002: created, retitled, moved with its file, deleted.
    let v = json(dir.path(), &["log", "T-002"]);
    let kinds: Vec<String> = entries(&v)
        .into_iter()
        .map(|(_, c)| c.iter().map(|c| c.0.clone()).collect::<Vec<_>>().join("+"))
        .collect();
    assert_eq!(kinds, ["deleted", "moved", "title", "created"]);
    assert_eq!(v[0]["file"], "docs/TODO.md");
}

#[test]
fn log_filters() {
    let dir = scenario();
    let d = dir.path();
    let status = |author: &str, old: &str, new: &str| e(author, &[("field", "status", old, new)]);
    assert_eq!(
        entries(&json(d, &["log", "T-001", "--field", "status"])),
        [
            status("Ana Lima", "IN-REVIEW", "DONE"),
            status("Ana Lima", "IN-PROGRESS", "IN-REVIEW"),
            status("Ben Ortiz", "READY", "IN-PROGRESS"),
        ]
    );
    let ben = entries(&json(d, &["log", "T-001", "--author", "BEN@"]));
    assert_eq!(ben.len(), 4);
    assert!(ben.iter().all(|(a, _)| a == "Ben Ortiz"));
    assert_eq!(
        entries(&json(d, &["log", "T-001", "-n", "2"])),
        expected_t001()[..2]
    );
    // -n takes the newest, --reverse then turns them around (as git log does).
    let two = entries(&json(d, &["log", "T-001", "-n", "2", "--reverse"]));
    assert_eq!(
        two,
        [expected_t001()[1].clone(), expected_t001()[0].clone()]
    );
    // Dates include both ends; a revision bounds by its commit time.
    let window = entries(&json(
        d,
        &[
            "log",
            "T-001",
            "--since",
            "2026-01-04",
            "--until",
            "2026-01-07",
        ],
    ));
    assert_eq!(window, expected_t001()[3..6]);
    let since_rev = entries(&json(d, &["log", "T-001", "--since", "HEAD~4"]));
    assert_eq!(since_rev, expected_t001()[..2]);
    let until_rev = entries(&json(d, &["log", "T-001", "--until", "HEAD~10"]));
    assert_eq!(until_rev, expected_t001()[6..]);
    let crit = entries(&json(
        d,
        &["log", "T-001", "--field", "Acceptance Criteria"],
    ));
    assert_eq!(crit.len(), 2);
    let moves = entries(&json(d, &["log", "T-001", "--field", "file"]));
    assert_eq!(moves.len(), 2);
}

#[test]
fn log_text_output() {
    let dir = scenario();
    let out = todo(dir.path()).args(["log", "T-001"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    insta::with_settings!({filters => vec![(r"\b[0-9a-f]{7,8}\b", "[hash]")]}, {
        insta::assert_snapshot!("log_t001_text", text);
    });
}

#[test]
fn log_detached_head_and_ref() {
    let dir = scenario();
    let d = dir.path();
    git(d, ANA, 13, &["checkout", "-q", "--detach", "HEAD~5"]);
    assert_eq!(entries(&json(d, &["log", "T-001"])), expected_t001()[3..]);
    git(d, ANA, 13, &["checkout", "-q", "main"]);
    let at = entries(&json(d, &["--ref", "HEAD~7", "log", "T-001"]));
    assert_eq!(at, expected_t001()[4..]);
}

fn blame_of(v: &Value, key: &str, name: &str) -> (String, String, String) {
    let row = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name} in {v:#}"));
    let s = |x: &Value| x.as_str().unwrap_or("-").to_string();
    (s(&row["value"]), s(&row["author"]), s(&row["date"]))
}

#[test]
fn blame_names_the_commit_that_set_each_value() {
    let dir = scenario();
    let d = dir.path();
    let v = json(d, &["blame", "T-001"]);
    let day = |n: u32| format!("2026-01-{n:02}T10:00:00+01:00");
    assert_eq!(
        blame_of(&v, "field", "status"),
        ("DONE".into(), "Ana Lima".into(), day(10))
    );
    assert_eq!(
        blame_of(&v, "field", "priority"),
        ("P1".into(), "Ana Lima".into(), day(8))
    );
    assert_eq!(
        blame_of(&v, "item", "Reads headings"),
        ("[x]".into(), "Ben Ortiz".into(), day(5))
    );
    assert_eq!(
        blame_of(&v, "item", "Reads fields"),
        ("[x]".into(), "Ben Ortiz".into(), day(7))
    );
    assert_eq!(
        blame_of(&v, "field", "owner"),
        ("ana".into(), "Ana Lima".into(), day(1))
    );
    assert_eq!(
        blame_of(&v, "field", "file"),
        ("TODOCOMPLETED.md".into(), "Ana Lima".into(), day(10))
    );
    let head = git(d, ANA, 13, &["rev-parse", "HEAD~2"]);
    let status = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["field"] == "status");
    assert_eq!(status.unwrap()["commit"], head.trim());

    // Text: aligned columns, one line per field and item.
    let out = todo(d).args(["blame", "T-001"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let short = &head[..7];
    assert!(
        text.contains(&format!("{short} 2026-01-10 Ana Lima   Status: DONE")),
        "{text}"
    );
    assert!(
        text.contains("2026-01-05 Ben Ortiz  [x] Reads headings"),
        "{text}"
    );

    // A working-tree edit is not committed yet; the rest keeps its commits.
    let path = d.join("TODOCOMPLETED.md");
    let edited = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Owner: ana", "Owner: ben");
    std::fs::write(&path, edited).unwrap();
    let v = json(d, &["blame", "T-001"]);
    let owner = v.as_array().unwrap().iter().find(|r| r["field"] == "owner");
    assert_eq!(owner.unwrap()["value"], "ben");
    assert!(owner.unwrap()["commit"].is_null());
    assert_eq!(blame_of(&v, "field", "priority").2, day(8));
    let out = todo(d).args(["blame", "T-001"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(uncommitted)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("(uncommitted)") && l.ends_with("Owner: ben"))
    );

    // --ref blames that revision's version.
    let v = json(d, &["--ref", "HEAD~5", "blame", "T-001"]);
    assert_eq!(blame_of(&v, "field", "status").0, "IN-REVIEW");
    assert_eq!(blame_of(&v, "field", "status").2, day(4));
}

#[test]
fn errors_have_their_exit_codes() {
    let outside = tempfile::tempdir().unwrap();
    let out = todo(outside.path())
        .args(["log", "T-001"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not a git repository"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let out = todo(outside.path())
        .args(["blame", "T-001"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    let dir = scenario();
    let out = todo(dir.path()).args(["log", "T-999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = todo(dir.path()).args(["log", "T-01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("did you mean `T-001`?"), "{err}");
    let out = todo(dir.path()).args(["blame", "T-999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn shallow_clones_stop_at_the_boundary() {
    let dir = scenario();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.path().display());
    git(
        clone.path(),
        ANA,
        13,
        &["clone", "-q", "--depth", "4", &url, "c"],
    );
    let c = clone.path().join("c");
    let out = todo(&c)
        .args(["log", "T-001", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("history is shallow: stopped at"), "{err}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // HEAD~3 (the move to docs/) is the boundary: only the archive commit is known.
    assert_eq!(entries(&v), expected_t001()[..1]);
    let v = json(&c, &["blame", "T-001"]);
    let owner = v.as_array().unwrap().iter().find(|r| r["field"] == "owner");
    assert_eq!(owner.unwrap()["boundary"], true);
}

#[test]
fn all_parents_credits_the_branch_commit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, ANA, 1, &["init", "-q"]);
    write(
        d,
        "TODO.md",
        &todo_md(Some(&t001("P2", "READY", false, false)), None),
    );
    commit(d, ANA, 1, "add");
    git(d, ANA, 2, &["checkout", "-q", "-b", "topic"]);
    write(
        d,
        "TODO.md",
        &todo_md(Some(&t001("P2", "IN-PROGRESS", false, false)), None),
    );
    commit(d, BEN, 2, "start on topic");
    git(d, ANA, 3, &["checkout", "-q", "main"]);
    write(d, "README.md", "x\n");
    commit(d, ANA, 3, "readme");
    git(
        d,
        ANA,
        4,
        &["merge", "-q", "--no-ff", "-m", "merge topic", "topic"],
    );

    let first = json(d, &["log", "T-001"]);
    assert_eq!(first[0]["author"], "Ana Lima", "first-parent: the merge");
    assert_eq!(first.as_array().unwrap().len(), 2);
    let all = json(d, &["log", "T-001", "--all-parents"]);
    assert_eq!(
        all[0]["author"], "Ben Ortiz",
        "all parents: the branch commit"
    );
    assert_eq!(all.as_array().unwrap().len(), 2);
}

#[test]
fn follows_list_item_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, ANA, 1, &["init", "-q"]);
    let file = |a: &str, b: &str, owner: &str| {
        format!(
            "# Tasks\n\n- [{a}] R-1: Write the docs\n  - Owner: {owner}\n- [{b}] R-2: Ship it\n  - Depends on: R-1\n"
        )
    };
    write(d, "TASKS.md", &file(" ", " ", "ana"));
    commit(d, ANA, 1, "add");
    write(d, "TASKS.md", &file(" ", "x", "ana"));
    commit(d, BEN, 2, "R-2 done");
    write(d, "TASKS.md", &file("x", "x", "ben"));
    commit(d, BEN, 3, "R-1 done");
    let v = json(d, &["log", "R-1"]);
    assert_eq!(
        entries(&v),
        [
            e(
                "Ben Ortiz",
                &[
                    ("field", "owner", "ana", "ben"),
                    ("field", "checkbox", "[ ]", "[x]"),
                ]
            ),
            e("Ana Lima", &[("created", "-", "-", "-")]),
        ]
    );
    let v = json(d, &["blame", "R-1"]);
    assert_eq!(blame_of(&v, "field", "checkbox").1, "Ben Ortiz");
    assert_eq!(blame_of(&v, "field", "title").1, "Ana Lima");
}

#[test]
fn follows_tasks_in_a_task_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, ANA, 1, &["init", "-q"]);
    let task = |status: &str| {
        format!("---\nid: task-7\ntitle: Oil the hinges\nstatus: {status}\n---\n\nQuietly.\n")
    };
    write(
        d,
        "backlog/tasks/task-7 - Oil the hinges.md",
        &task("To Do"),
    );
    commit(d, ANA, 1, "add");
    write(d, "backlog/tasks/task-7 - Oil the hinges.md", &task("Done"));
    commit(d, BEN, 2, "done");
    let v = json(d, &["log", "task-7"]);
    let authors: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["author"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["Ben Ortiz", "Ana Lima"], "{v}");
}

/// The rest of the acceptance scenario: on the same twelve commits, `lint --since` the first
/// commit reports only T-002's deletion, and `diff` first..last shows every task change.
#[test]
fn lint_since_and_diff_over_the_scenario() {
    let dir = scenario();
    let d = dir.path();
    let first = git(d, ANA, 1, &["rev-list", "--max-parents=0", "HEAD"])
        .trim()
        .to_string();
    let out = todo(d)
        .args(["lint", "--since", &first, "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let history: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            ["task-deleted", "id-reused", "status-transition"]
                .contains(&d["rule"].as_str().unwrap())
        })
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(history[0].0, "task-deleted");
    assert!(history[0].1.contains("T-002"), "{}", history[0].1);
    let v = json(d, &["diff", &format!("{first}..HEAD")]);
    let removed: Vec<&str> = v["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(removed, ["T-002"]);
    let changed = &v["changed"].as_array().unwrap()[0];
    assert_eq!(changed["id"], "T-001");
    let kinds: Vec<String> = changed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                c["kind"].as_str().unwrap(),
                c["field"].as_str().unwrap_or("")
            )
        })
        .collect();
    for want in ["moved:", "field:status", "field:priority", "criteria:"] {
        assert!(
            kinds.iter().any(|k| k.starts_with(want)),
            "{want} in {kinds:?}"
        );
    }
}

/// `stats --history --format svg` on the twelve commits: an SVG document with a dated axis
/// and one series per state, which librsvg renders (when `rsvg-convert` is installed). With
/// `TODO_UPDATE_DOCS=1` it also refreshes docs/flow.svg, the chart shown in docs/visual.md.
#[test]
fn stats_history_draws_the_flow_as_svg() {
    let dir = scenario();
    let d = dir.path();
    let svg_of = |args: &[&str]| {
        let out = todo(d)
            .args(["stats", "--history"])
            .args(args)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let svg = svg_of(&["--format", "svg"]);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    let text = |s: &str| svg.contains(&format!(">\n{s}\n</text>"));
    for name in [
        "todo",
        "in-progress",
        "blocked",
        "done",
        "tasks",
        "2026-01-05",
    ] {
        assert!(text(name), "no text {name:?} in the chart");
    }
    // One filled area per state, in the state's colour.
    for fill in ["#868E96", "#F59F00", "#E03131", "#2F9E44"] {
        assert!(
            svg.lines()
                .any(|l| l.starts_with("<polygon") && l.contains(&format!("fill=\"{fill}\""))),
            "no area {fill}"
        );
    }
    let burnup = svg_of(&["--chart", "burnup"]);
    assert!(burnup.contains(">\ntotal\n</text>") && !burnup.contains(">\ntodo\n</text>"));
    if std::env::var_os("TODO_UPDATE_DOCS").is_some() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::write(docs.join("flow.svg"), &svg).unwrap();
    }
    let svg_path = d.join("flow.svg");
    std::fs::write(&svg_path, &svg).unwrap();
    match StdCommand::new("rsvg-convert")
        .arg("-w")
        .arg("800")
        .arg(&svg_path)
        .output()
    {
        Err(_) => eprintln!("skipped rendering: rsvg-convert is not installed"),
        Ok(png) => {
            assert!(
                png.status.success(),
                "{}",
                String::from_utf8_lossy(&png.stderr)
            );
            assert!(
                png.stdout.starts_with(b"\x89PNG"),
                "rsvg-convert wrote no PNG"
            );
        }
    }
}
