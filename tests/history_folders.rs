//! One-task-file projects end to end: a generated Backlog.md-style history (renames on title
//! changes, a prefix change from `task-N` to `LAB-N`, moves into `completed/` and
//! `archive/tasks/`) read by `log`, `stats --history`, `diff` and `lint --since`, and the
//! Backlog.md conventions (config, Definition of Done, block scalars, `@name`, parents) read
//! by `lint` and `show`. Every text here is written for these tests.

#[allow(dead_code)] // each test file uses part of the shared helpers
mod common;

use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// Runs git in `dir` with a fixed identity, dated `day` of March 2026.
fn run_git(dir: &Path, day: u32, args: &[&str]) {
    let when = format!("2026-03-{day:02}T09:00:00+00:00");
    common::git_as(dir, ("Mira Sol", "mira@example.com"), &when, args);
}

fn put(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn drop_file(dir: &Path, rel: &str) {
    std::fs::remove_file(dir.join(rel)).unwrap();
}

fn snapshot(dir: &Path, day: u32, message: &str) {
    run_git(dir, day, &["add", "-A"]);
    run_git(dir, day, &["commit", "-q", "-m", message]);
}

const CONFIG: &str = "project_name: \"Seed lab\"\ndefault_status: \"Queued\"\n\
statuses: [\"Queued\", \"Working\", \"Finished\"]\ntask_prefix: \"lab\"\nauto_commit: false\n";

/// The trays task as Backlog.md writes it: front matter, criteria, Definition of Done.
fn trays(id: &str, title: &str, status: &str, ticks: [bool; 3]) -> String {
    let b = |t: bool| if t { "x" } else { " " };
    format!(
        "---\nid: {id}\ntitle: {title}\nstatus: {status}\nassignee: @mira\n\
         dependencies:\n  - task-3.1\n---\n\n## Description\n\nGet the trays ready for sowing.\n\n\
         ## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [{}] #1 Every tray has a label\n\
         - [{}] #2 Labels survive watering\n<!-- AC:END -->\n\n## Definition of Done\n\
         <!-- DOD:BEGIN -->\n- [{}] #1 Photo in the lab notebook\n<!-- DOD:END -->\n\n\
         ## Current State\nHalf the trays are stacked.\n",
        b(ticks[0]),
        b(ticks[1]),
        b(ticks[2])
    )
}

/// The soil task, with a folded title.
fn soil(id: &str, status: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: >-\n  Order compost and\n  perlite for the spring trays\n\
         status: {status}\n---\n\nTwo bags of each.\n"
    )
}

const TRAYS_OLD: &str = "backlog/tasks/task-3 - Sort-the-seed-trays.md";
const TRAYS_RENAMED: &str = "backlog/tasks/task-3 - Label-the-seed-trays.md";
const TRAYS_NEW_ID: &str = "backlog/tasks/lab-3 - Label-the-seed-trays.md";
const TRAYS_DONE: &str = "backlog/completed/lab-3 - Label-the-seed-trays.md";
const SOIL: &str = "backlog/tasks/task-4 - Order-compost.md";
const SOIL_ARCHIVED: &str = "backlog/archive/tasks/lab-4 - Order-compost.md";
const SUB: &str = "backlog/tasks/lab-3.1 - Cut-the-labels.md";

/// Six commits: add, progress, rename by title, prefix change, a sub-task, then the trays
/// finished into `completed/` and the soil task archived.
fn scenario() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_git(d, 1, &["init", "-q"]);
    put(d, "backlog/config.yml", CONFIG);
    put(
        d,
        TRAYS_OLD,
        &trays("task-3", "Sort the seed trays", "Queued", [false; 3]),
    );
    put(d, SOIL, &soil("task-4", "Queued"));
    snapshot(d, 1, "add the trays and the soil");
    put(
        d,
        TRAYS_OLD,
        &trays(
            "task-3",
            "Sort the seed trays",
            "Working",
            [true, false, false],
        ),
    );
    snapshot(d, 2, "start the trays");
    drop_file(d, TRAYS_OLD);
    put(
        d,
        TRAYS_RENAMED,
        &trays(
            "task-3",
            "Label the seed trays",
            "Working",
            [true, false, false],
        ),
    );
    snapshot(d, 3, "retitle the trays");
    drop_file(d, TRAYS_RENAMED);
    put(
        d,
        TRAYS_NEW_ID,
        &trays(
            "LAB-3",
            "Label the seed trays",
            "Working",
            [true, false, false],
        ),
    );
    snapshot(d, 4, "switch to the lab prefix");
    put(
        d,
        SUB,
        "---\nid: LAB-3.1\ntitle: Cut the labels\nstatus: Queued\nparent_task_id: task-3\n---\n",
    );
    snapshot(d, 5, "split off the labels");
    drop_file(d, TRAYS_NEW_ID);
    put(
        d,
        TRAYS_DONE,
        &trays(
            "LAB-3",
            "Label the seed trays",
            "Finished",
            [true, true, true],
        ),
    );
    drop_file(d, SOIL);
    put(d, SOIL_ARCHIVED, &soil("LAB-4", "Queued"));
    snapshot(d, 6, "finish the trays, shelve the soil");
    dir
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env("NO_COLOR", "1")
        .env_remove("TODO_FORMAT")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE");
    cmd
}

/// `todo list --format json` in `dir` on `threads` threads, as printed.
fn list_json_on_threads(dir: &Path, threads: &str) -> String {
    list_json_on_threads_with(dir, threads, &[])
}

/// [`list_json_on_threads`] with the global options `before` the command.
fn list_json_on_threads_with(dir: &Path, threads: &str, before: &[&str]) -> String {
    let out = todo(dir)
        .env("TODO_THREADS", threads)
        .args(before)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let out = todo(dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "todo {args:?}: {out:?}"
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The rule of every diagnostic of a lint report.
fn rules_of(report: &Value) -> Vec<&str> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect()
}

/// (field or kind, old, new) of every change of a log entry.
fn changes(entry: &Value) -> Vec<(String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
    entry["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let what = c["field"]
                .as_str()
                .map_or_else(|| s(&c["kind"]), str::to_string);
            (what, s(&c["old"]), s(&c["new"]))
        })
        .collect()
}

#[test]
fn log_follows_a_task_across_renames_prefix_change_and_moves() {
    let dir = scenario();
    let v = json_of(dir.path(), &["log", "LAB-3"]);
    let entries = v.as_array().unwrap();
    // Every commit but the sub-task's changed the trays; newest first.
    assert_eq!(entries.len(), 5, "{v:#}");
    let newest = changes(&entries[0]);
    assert!(
        newest.contains(&("status".into(), "Working".into(), "Finished".into())),
        "{newest:?}"
    );
    assert!(
        newest
            .iter()
            .any(|(_, old, new)| old == TRAYS_NEW_ID && new == TRAYS_DONE),
        "{newest:?}"
    );
    assert!(
        newest.contains(&("definition of done".into(), "0/1".into(), "1/1".into())),
        "{newest:?}"
    );
    // The move into `completed/` reads as the state change it is.
    assert!(
        newest.contains(&("folder".into(), "active".into(), "completed".into())),
        "{newest:?}"
    );
    let prefix = changes(&entries[1]);
    assert!(
        prefix.contains(&("id".into(), "task-3".into(), "LAB-3".into())),
        "{prefix:?}"
    );
    let retitle = changes(&entries[2]);
    assert!(
        retitle.contains(&(
            "title".into(),
            "Sort the seed trays".into(),
            "Label the seed trays".into()
        )),
        "{retitle:?}"
    );
    assert!(
        retitle
            .iter()
            .all(|(kind, ..)| kind != "deleted" && kind != "created"),
        "{retitle:?}"
    );
    // The legacy spelling names the same task.
    assert_eq!(
        json_of(dir.path(), &["log", "task-3"])
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn a_move_into_the_archive_folder_is_not_a_deletion() {
    let dir = scenario();
    let v = json_of(dir.path(), &["log", "LAB-4"]);
    let entries = v.as_array().unwrap();
    let newest = changes(&entries[0]);
    assert!(
        newest.iter().all(|(kind, ..)| kind != "deleted"),
        "{newest:?}"
    );
    assert!(
        newest.iter().any(|(_, _, new)| new == SOIL_ARCHIVED),
        "{newest:?}"
    );
    assert!(
        newest.contains(&("folder".into(), "active".into(), "archived".into())),
        "{newest:?}"
    );
    // Nor does lint --since the first commit call it deleted.
    let first = String::from_utf8(
        StdCommand::new("git")
            .args(["rev-list", "--max-parents=0", "HEAD"])
            .current_dir(dir.path())
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let report = json_of(dir.path(), &["lint", "--since", first.trim()]);
    assert!(!rules_of(&report).contains(&"task-deleted"), "{report:#}");
}

#[test]
fn stats_history_counts_both_spellings_as_one_task() {
    let dir = scenario();
    let v = json_of(dir.path(), &["stats", "--history"]);
    let text = v.to_string();
    assert!(!text.contains("\"task-3\""), "{v:#}");
    let tasks = v["tasks"].as_array().or_else(|| v.as_array()).unwrap();
    let trays = tasks
        .iter()
        .find(|t| t["id"] == "LAB-3")
        .expect("LAB-3 tracked");
    // Created on day 1, finished on day 6: five days.
    assert_eq!(
        trays["lead_time_days"].as_f64().map(f64::round),
        Some(5.0),
        "{trays:#}"
    );
}

#[test]
fn backlog_conventions_lint_clean_and_show_apart() {
    let dir = scenario();
    let report = json_of(dir.path(), &["lint"]);
    let found: Vec<(&str, &str)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    // `@mira` unquoted: a warning with a fix, not an invalid front matter; the legacy
    // `task-3.1` dependency resolves; DoD and `## Current State` are no duplicate fields.
    assert_eq!(found, [("front-matter-style", "warning")], "{report:#}");

    let trays = json_of(dir.path(), &["show", "LAB-3"]);
    let task = trays.as_array().map_or(&trays, |a| &a[0]);
    assert_eq!(task["criteria"]["total"], 2, "{task:#}");
    assert_eq!(task["definition_of_done"]["total"], 1, "{task:#}");
    let sub = json_of(dir.path(), &["show", "LAB-3.1"]);
    let sub = sub.as_array().map_or(&sub, |a| &a[0]);
    assert_eq!(sub["parent"], "task-3", "{sub:#}");

    // The folded title is read; an edit to it is refused with the reason.
    put(dir.path(), SOIL, &soil("LAB-4", "Queued"));
    let out = todo(dir.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains("\"Order compost and perlite for the spring trays\""),
        "{listed}"
    );
    let out = todo(dir.path())
        .args(["set", "LAB-4", "title", "Buy soil"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("block scalar"),
        "{out:?}"
    );
}

#[test]
fn fix_quotes_the_reserved_value() {
    let dir = scenario();
    todo(dir.path()).args(["lint", "--fix"]).output().unwrap();
    let text = std::fs::read_to_string(dir.path().join(TRAYS_DONE)).unwrap();
    assert!(text.contains("assignee: '@mira'\n"), "{text}");
}

#[test]
fn a_task_file_retitled_in_place_is_not_a_reused_id() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_git(d, 1, &["init", "-q"]);
    let rel = "backlog/tasks/lab-9 - Seed-list.md";
    put(
        d,
        rel,
        "---\nid: LAB-9\ntitle: Seed list\nstatus: Queued\n---\n",
    );
    snapshot(d, 1, "add");
    put(
        d,
        rel,
        "---\nid: LAB-9\ntitle: Water the greenhouse on Fridays\nstatus: Queued\n---\n",
    );
    snapshot(d, 2, "retitle");
    let report = json_of(d, &["lint", "--since", "HEAD~1"]);
    assert_eq!(
        report["diagnostics"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
    // A different file taking the ID is still reported.
    put(
        d,
        "backlog/tasks/lab-9 - Other.md",
        "---\nid: LAB-9\ntitle: Water the greenhouse on Fridays\nstatus: Queued\n---\n",
    );
    std::fs::remove_file(d.join(rel)).unwrap();
    let report = json_of(d, &["lint", "--since", "HEAD~1"]);
    assert_eq!(rules_of(&report), ["id-reused"], "{report:#}");
}

#[test]
fn a_bold_field_task_file_is_followed_across_a_rename_between_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_git(d, 1, &["init", "-q"]);
    let file = |status: &str, ticked: bool| {
        let mark = if ticked { "x" } else { " " };
        format!(
            "# T-013: Repot the basil\n\n**Status:** {status}\n**Owner:** mira\n\n\
             ## Steps\n\n- [{mark}] Pick a bigger pot\n"
        )
    };
    put(d, "tasks/T-013.md", &file("todo", false));
    snapshot(d, 1, "add");
    put(d, "tasks/T-013.md", &file("in progress", true));
    snapshot(d, 2, "start");
    drop_file(d, "tasks/T-013.md");
    put(d, ".tasks/T-013-repot.md", &file("done", true));
    snapshot(d, 3, "move and finish");
    let v = json_of(d, &["log", "T-013"]);
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), 3, "{v:#}");
    let newest = changes(&entries[0]);
    assert!(
        newest
            .iter()
            .all(|(kind, ..)| kind != "deleted" && kind != "created"),
        "{newest:?}"
    );
    assert!(
        newest.contains(&("status".into(), "in progress".into(), "done".into())),
        "{newest:?}"
    );
    let middle = changes(&entries[1]);
    assert!(
        middle
            .iter()
            .any(|(kind, old, new)| kind == "criteria" && old == "0/1" && new == "1/1"),
        "{middle:?}"
    );
}

#[test]
fn the_configured_default_status_and_statuses_apply_to_the_task_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The default is the middle status, so a file without a status reads as in progress.
    let config = "default_status: \"Working\"\n\
                  statuses: [\"Queued\", \"Working\", \"Finished\"]\ntask_prefix: \"lab\"\n";
    put(d, "backlog/config.yml", config);
    put(
        d,
        "backlog/tasks/lab-1 - Water-the-trays.md",
        "---\nid: LAB-1\ntitle: Water the trays\n---\n\nEvery morning.\n",
    );
    put(
        d,
        "backlog/tasks/lab-2 - Sort-seeds.md",
        "---\nid: LAB-2\ntitle: Sort seeds\nstatus: Sorting\n---\n",
    );
    put(
        d,
        "backlog/tasks/lab-3 - Sweep.md",
        "---\nid: LAB-3\ntitle: Sweep\nstatus: Finished\n---\n",
    );
    let listed = json_of(d, &["list"]);
    let state_of = |id: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .map(|t| t["state"].as_str().unwrap().to_string())
    };
    assert_eq!(
        state_of("LAB-1").as_deref(),
        Some("in-progress"),
        "{listed:#}"
    );
    assert_eq!(state_of("LAB-3").as_deref(), Some("done"), "{listed:#}");

    // A status the config does not list is an invalid value; the listed ones are not, and no
    // other field is called unknown.
    let report = json_of(d, &["lint"]);
    let invalid: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "invalid-value")
        .collect();
    assert_eq!(invalid.len(), 1, "{report:#}");
    assert_eq!(invalid[0]["task_id"], "LAB-2");
    assert!(!rules_of(&report).contains(&"unknown-field"), "{report:#}");

    // A schema in `.todo.yml` overrides the configured statuses.
    put(
        d,
        ".todo.yml",
        "schema:\n  values:\n    status: [Queued, Working, Finished, Sorting]\n",
    );
    let report = json_of(d, &["lint"]);
    assert!(!rules_of(&report).contains(&"invalid-value"), "{report:#}");
}

#[test]
fn a_thousand_task_files_list_the_same_on_one_thread_and_on_all() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for n in 1..=1000 {
        let status = ["To Do", "In Progress", "Done"][n % 3];
        put(
            d,
            &format!("backlog/tasks/task-{n} - Pot-seedling-{n}.md"),
            &format!(
                "---\nid: task-{n}\ntitle: Pot seedling {n}\nstatus: {status}\n---\n\n- [ ] #1 Water it\n"
            ),
        );
    }
    let list = |threads: &str| list_json_on_threads(d, threads);
    let one = list("1");
    let all = list("4");
    assert_eq!(one, all);
    let v: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1000);
    assert_eq!(v[0]["title"], "Pot seedling 1", "{:#}", v[0]);
}

#[test]
fn task_files_found_in_every_default_place_keep_their_order_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let one_task =
        |id: &str| format!("---\nid: {id}\ntitle: Sort bulbs {id}\nstatus: To Do\n---\n");
    put(d, "TODO.md", "# Plan\n\n- [ ] Rake the beds\n");
    put(d, "TODOCOMPLETED.md", "# Done\n\n- [x] Order compost\n");
    put(
        d,
        "docs/ROADMAP.md",
        "# Later\n\n- [ ] Build a cold frame\n",
    );
    // Names whose order by bytes differs from any order a directory listing gives.
    let mut expected = vec![
        "TODO.md".to_string(),
        "TODOCOMPLETED.md".to_string(),
        "docs/ROADMAP.md".to_string(),
    ];
    for (folder, prefix, count) in [
        ("backlog/tasks", "task", 300),
        ("backlog/completed", "done", 40),
        ("tasks", "bulb", 30),
    ] {
        let mut names: Vec<String> = (1..=count)
            .map(|n| format!("{folder}/{prefix}-{n} - Sort-bulbs.md"))
            .collect();
        for name in &names {
            let id = name.rsplit('/').next().unwrap().split(' ').next().unwrap();
            put(d, name, &one_task(id));
        }
        names.sort();
        expected.extend(names);
    }
    put(d, "tasks/README.md", "# What these are\n");
    let list = |threads: &str| list_json_on_threads(d, threads);
    let one = list("1");
    assert_eq!(one, list("2"));
    assert_eq!(one, list("4"));
    let v: Value = serde_json::from_str(&one).unwrap();
    let mut files: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["file"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    assert_eq!(files, expected);
}

#[test]
fn files_named_up_front_list_the_same_on_one_thread_and_on_all() {
    // A revision's files and a config's globs are known before they are read: the other way
    // of loading many files, checked like the walk of the working tree.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_git(d, 1, &["init", "-q", "-b", "main"]);
    for n in 1..=200 {
        put(
            d,
            &format!("backlog/tasks/task-{n} - Sow-row-{n}.md"),
            &format!("---\nid: task-{n}\ntitle: Sow row {n}\nstatus: To Do\n---\n"),
        );
    }
    snapshot(d, 1, "rows");
    let from_head = list_json_on_threads_with(d, "1", &["--ref", "HEAD"]);
    assert_eq!(
        from_head,
        list_json_on_threads_with(d, "4", &["--ref", "HEAD"])
    );
    put(d, ".todo.yml", "files: [\"backlog/tasks/*.md\"]\n");
    let globbed = list_json_on_threads(d, "1");
    assert_eq!(globbed, list_json_on_threads(d, "4"));
    let ids = |json: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(json).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    let mut expected: Vec<String> = (1..=200).map(|n| format!("task-{n}")).collect();
    expected.sort_by_key(|id| format!("{id} - "));
    assert_eq!(ids(&from_head), expected);
    assert_eq!(ids(&globbed), expected);
}

#[test]
fn the_first_unreadable_task_file_is_the_one_reported_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for n in 1..=100 {
        let nul = if n == 20 || n == 80 { "\0" } else { "" };
        put(
            d,
            &format!("backlog/tasks/task-{n} - Label-tray-{n}.md"),
            &format!("---\nid: task-{n}\ntitle: Label tray {n}{nul}\nstatus: To Do\n---\n"),
        );
    }
    for threads in ["1", "4"] {
        let out = todo(d)
            .env("TODO_THREADS", threads)
            .arg("list")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        assert!(out.stdout.is_empty(), "{out:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("task-20 - Label-tray-20.md"),
            "{threads}: {err}"
        );
        assert!(!err.contains("task-80"), "{threads}: {err}");
    }
}

#[test]
fn a_task_in_a_file_of_its_own_follows_every_parent_like_git_log_follow() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    run_git(d, 1, &["init", "-q", "-b", "main"]);
    put(d, "backlog/config.yml", CONFIG);
    put(d, SOIL, &soil("task-4", "Queued"));
    snapshot(d, 1, "soil task");
    run_git(d, 2, &["checkout", "-q", "-b", "topic"]);
    put(d, SOIL, &soil("task-4", "Working"));
    snapshot(d, 2, "start on the soil");
    run_git(d, 3, &["checkout", "-q", "main"]);
    put(d, "README.md", "seed lab\n");
    snapshot(d, 3, "readme");
    run_git(
        d,
        4,
        &["merge", "-q", "--no-ff", "-m", "merge topic", "topic"],
    );

    let git = |args: &[&str]| {
        let out = StdCommand::new("git")
            .current_dir(d)
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let follow = git(&["log", "--follow", "--format=%H", "--", SOIL]);
    let subjects = git(&["log", "--follow", "--format=%s", "--", SOIL]);
    assert_eq!(subjects, ["start on the soil", "soil task"]);
    let merge = git(&["rev-parse", "HEAD"]);
    let commits = |log: &Value| -> Vec<String> {
        log.as_array()
            .unwrap()
            .iter()
            .map(|e| e["commit"].as_str().unwrap().to_string())
            .collect()
    };

    // Every parent by default: the branch's commit shows at its own commit, as in git.
    let log = json_of(d, &["log", "LAB-4"]);
    assert_eq!(commits(&log), follow, "{log:#}");
    // `--first-parent` keeps the mainline, where the branch's work is its merge.
    let log = json_of(d, &["log", "LAB-4", "--first-parent"]);
    assert_eq!(
        commits(&log),
        [merge[0].clone(), follow[1].clone()],
        "{log:#}"
    );
}
