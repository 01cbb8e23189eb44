//! The task styles beyond lists and headings, end to end: task tables, one-file-per-task
//! folders (YAML front matter or bold field lines), Obsidian Tasks metadata, kanban lanes,
//! spec-kit IDs and legends. Every edit test states the whole expected file: only the bytes of
//! the value change.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn formats() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/formats")
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env_remove("TODO_FORMAT")
        .env("NO_COLOR", "1");
    cmd
}

/// A scratch repository holding a copy of `fixtures/formats/<files>` (relative paths kept).
fn repo(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for f in files {
        let to = dir.path().join(f);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(formats().join(f), to).unwrap();
    }
    dir
}

fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f)).unwrap()
}

/// Runs `args` in `dir` and checks that `file` changed exactly from `old` to `new` (one
/// occurrence), every other byte kept.
fn edits(dir: &Path, file: &str, args: &[&str], old: &str, new: &str) {
    let before = read(dir, file);
    assert_eq!(before.matches(old).count(), 1, "`{old}` is not unique");
    todo(dir).args(args).assert().success();
    assert_eq!(read(dir, file), before.replacen(old, new, 1), "{args:?}");
}

fn list_json(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = todo(dir)
        .args(args)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_table_row_is_a_task_and_an_edit_changes_one_cell() {
    let dir = repo(&["table.md"]);
    let tasks = list_json(dir.path(), &["--file", "table.md"]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["WS-1", "WS-2", "WS-3", "WS-4"]);
    assert_eq!(tasks[2]["title"], "Label the drawers \\| shelves");
    assert_eq!(tasks[1]["state"], "in-progress");
    assert_eq!(tasks[3]["state"], "blocked");
    assert_eq!(tasks[0]["effort"], "1h", "`Est.` is the effort column");
    // The status cell keeps its padding; the legend names the allowed spelling.
    edits(
        dir.path(),
        "table.md",
        &["--file", "table.md", "move", "WS-3", "done"],
        "| Todo        | P3",
        "| Done        | P3",
    );
    edits(
        dir.path(),
        "table.md",
        &["--file", "table.md", "set", "WS-2", "priority", "P0"],
        "| P1       |   3h",
        "| P0       |   3h",
    );
    // A longer value uses the cell's own padding first; only then does the cell grow.
    edits(
        dir.path(),
        "table.md",
        &["--file", "table.md", "set", "WS-1", "effort", "90min"],
        "|   1h |",
        "| 90min |",
    );
    // A compact row (the last one) stays compact.
    edits(
        dir.path(),
        "table.md",
        &["--file", "table.md", "set", "WS-4", "effort", "4h"],
        "| P1 | 2h |",
        "| P1 | 4h |",
    );
    // In an aligned column a shorter value is padded to the column's width.
    edits(
        dir.path(),
        "table.md",
        &["--file", "table.md", "move", "WS-2", "todo"],
        "| In progress | P0",
        "| Todo        | P0",
    );
    // A column the table does not have cannot be set.
    todo(dir.path())
        .args(["--file", "table.md", "set", "WS-1", "owner", "ana"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no `Owner` column"));
}

#[test]
fn a_value_outside_the_legend_table_is_reported() {
    let dir = repo(&["table.md"]);
    let path = dir.path().join("table.md");
    let text = read(dir.path(), "table.md").replace("| Todo        | P3", "| Someday     | P3");
    std::fs::write(&path, text).unwrap();
    todo(dir.path())
        .args(["--file", "table.md", "lint", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("table.md:9:").and(predicate::str::contains(
                "`Status: Someday` is not an allowed value (Todo | In progress | Blocked | Done)",
            )),
        );
}

#[test]
fn a_table_row_and_a_checklist_item_with_one_id_are_reported_and_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("TODO.md"),
        "# Plan\n\n| ID | Task | Est. |\n|----|------|------|\n| A-1 | Pour the slab | 2h |\n\n- [ ] A-1: Pour the slab\n",
    )
    .unwrap();
    todo(dir.path())
        .args(["lint", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "TODO.md:7:7: error[TD004 duplicate-id]",
        ));
    todo(dir.path())
        .args(["move", "A-1", "done"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "a table row at TODO.md:5, a checkbox at TODO.md:7",
        ));
}

#[test]
fn a_backlog_folder_is_read_by_default_one_task_per_file() {
    let dir = repo(&[
        "backlog/tasks/task-2 - Buy a broom.md",
        "backlog/tasks/task-3 - Sweep the porch.md",
    ]);
    let tasks = list_json(dir.path(), &[]);
    assert_eq!(tasks.len(), 2);
    let t3 = &tasks[1];
    assert_eq!(t3["id"], "task-3");
    assert_eq!(t3["title"], "Sweep the porch");
    assert_eq!(t3["status"], "To Do");
    assert_eq!(t3["priority"], "medium");
    assert_eq!(t3["dependencies"], serde_json::json!(["task-2"]));
    // Backlog.md writes `assignee:` as a list; its first item is the owner.
    assert_eq!(t3["owner"], "@rosa");
    todo(dir.path())
        .args(["list", "--owner", "@rosa", "--format", "ids"])
        .assert()
        .success()
        .stdout("task-3\n");
    assert_eq!(t3["criteria"]["done"], 1);
    assert_eq!(t3["criteria"]["total"], 2);
    assert_eq!(
        tasks[0]["title"], "Buy a broom",
        "quotes are not part of the title"
    );
    // task-2 is done, so task-3 is ready.
    todo(dir.path())
        .args(["ready", "--format", "ids"])
        .assert()
        .success()
        .stdout("task-3\n");
    todo(dir.path())
        .arg("lint")
        .assert()
        .success()
        .stdout(predicate::str::contains("no problems in 2 files"));
}

#[test]
fn front_matter_edits_change_one_scalar_and_keep_comments_and_quoting() {
    let f = "backlog/tasks/task-3 - Sweep the porch.md";
    let dir = repo(&["backlog/tasks/task-2 - Buy a broom.md", f]);
    edits(
        dir.path(),
        f,
        &["move", "task-3", "In Progress"],
        "status: To Do",
        "status: In Progress",
    );
    edits(
        dir.path(),
        f,
        &["set", "task-3", "priority", "high"],
        "priority: medium",
        "priority: high",
    );
    edits(
        dir.path(),
        f,
        &["check", "task-3", "1"],
        "- [ ] #1",
        "- [x] #1",
    );
    // A value YAML would misread is quoted.
    edits(
        dir.path(),
        f,
        &["set", "task-3", "type", "chore: outdoor"],
        "created_date: '2026-03-02 09:15'\n---",
        "created_date: '2026-03-02 09:15'\ntype: 'chore: outdoor'\n---",
    );
    // A list of one item takes the value as its item; a longer one is refused, since `set`
    // would drop the other items.
    edits(
        dir.path(),
        f,
        &["set", "task-3", "assignee", "@tom"],
        "assignee:\n  - '@rosa'\n",
        "assignee:\n  - '@tom'\n",
    );
    todo(dir.path())
        .args(["set", "task-3", "labels", "indoor"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("list of 2 items"));
    // The AC markers, the comment and the flow list are as they were.
    let after = read(dir.path(), f);
    assert!(after.contains("labels: [chores, outside]   # seasonal\n"));
    assert!(after.contains("<!-- AC:BEGIN -->\n- [x] #1 Steps are clear"));
}

#[test]
fn a_broken_front_matter_is_a_lint_error_at_its_line() {
    let dir = repo(&["backlog/tasks/task-2 - Buy a broom.md"]);
    std::fs::write(
        dir.path().join("backlog/tasks/task-4 - Oil the hinges.md"),
        "---\nid: task-4\nstatus In Progress\ntitle: Oil the hinges\n---\n\nSqueaky.\n",
    )
    .unwrap();
    todo(dir.path())
        .args(["lint", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "backlog/tasks/task-4 - Oil the hinges.md:3:1: error[TD022 invalid-front-matter]",
        ));
    // The task is still listed, from what could be read.
    let tasks = list_json(dir.path(), &[]);
    assert!(tasks.iter().any(|t| t["id"] == "task-4"));
}

#[test]
fn a_bold_field_task_file_is_one_task_and_edits_change_one_value() {
    let dir = repo(&["tasks/T-8.md"]);
    let tasks = list_json(dir.path(), &[]);
    assert_eq!(
        tasks.len(),
        1,
        "the checklist under Notes is the task's, not tasks"
    );
    assert_eq!(tasks[0]["id"], "T-8");
    assert_eq!(tasks[0]["title"], "Rake the leaves");
    assert_eq!(tasks[0]["owner"], "@ana");
    assert_eq!(tasks[0]["criteria"]["total"], 2);
    edits(
        dir.path(),
        "tasks/T-8.md",
        &["move", "T-8", "in-progress"],
        "**Status:** PLANNED",
        "**Status:** IN-PROGRESS",
    );
    edits(
        dir.path(),
        "tasks/T-8.md",
        &["set", "T-8", "owner", "bob"],
        "**Assigned:** @ana",
        "**Assigned:** bob",
    );
    edits(
        dir.path(),
        "tasks/T-8.md",
        &["check", "T-8", "2"],
        "- [ ] under the hedge",
        "- [x] under the hedge",
    );
    edits(
        dir.path(),
        "tasks/T-8.md",
        &["set", "T-8", "effort", "2h"],
        "**Depends on:** task-3\n",
        "**Depends on:** task-3\n**Effort:** 2h\n",
    );
}

#[test]
fn obsidian_tasks_metadata_are_fields_and_edits_change_one_token() {
    let dir = repo(&["obsidian.md"]);
    let args = ["--file", "obsidian.md"];
    let tasks = list_json(dir.path(), &args);
    assert_eq!(tasks.len(), 6);
    assert_eq!(tasks[0]["id"], "g1");
    assert_eq!(tasks[0]["title"], "Water the tomatoes");
    assert_eq!(tasks[0]["priority"], "high");
    assert_eq!(tasks[0]["fields"]["due"], "2026-06-01");
    assert_eq!(tasks[1]["state"], "in-progress", "[/]");
    assert_eq!(tasks[1]["dependencies"], serde_json::json!(["g1"]));
    assert_eq!(tasks[2]["state"], "cancelled", "[-] is cancelled");
    assert_eq!(
        tasks[5]["state"], "todo",
        "[!] is a custom mark, todo by default"
    );
    edits(
        dir.path(),
        "obsidian.md",
        &["--file", "obsidian.md", "set", "g1", "priority", "low"],
        "⏫",
        "🔽",
    );
    edits(
        dir.path(),
        "obsidian.md",
        &["--file", "obsidian.md", "set", "g1", "due", "2026-06-03"],
        "📅 2026-06-01",
        "📅 2026-06-03",
    );
    edits(
        dir.path(),
        "obsidian.md",
        &["--file", "obsidian.md", "move", "g1", "in-progress"],
        "- [ ] Water",
        "- [/] Water",
    );
    edits(
        dir.path(),
        "obsidian.md",
        &["--file", "obsidian.md", "move", "g1", "done"],
        "- [/] Water",
        "- [x] Water",
    );
    // A date the task lacks is a new token after the title.
    edits(
        dir.path(),
        "obsidian.md",
        &["--file", "obsidian.md", "set", "g1", "start", "2026-05-30"],
        "Water the tomatoes 📅",
        "Water the tomatoes 🛫 2026-05-30 📅",
    );
    // An impossible date is a lint error on the date itself.
    todo(dir.path())
        .args(["--file", "obsidian.md", "lint", "--format", "concise"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "obsidian.md:6:30: error[TD023 invalid-date]",
        ));
}

#[test]
fn a_kanban_lane_is_the_status_and_move_changes_lane() {
    let dir = repo(&["kanban.md"]);
    let args = ["--file", "kanban.md"];
    let tasks = list_json(dir.path(), &args);
    let states: Vec<&str> = tasks.iter().map(|t| t["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["todo", "todo", "in-progress", "done"]);
    let before = read(dir.path(), "kanban.md");
    todo(dir.path())
        .args(["--file", "kanban.md", "move", "K-1", "in-progress"])
        .assert()
        .success();
    let after = read(dir.path(), "kanban.md");
    assert_eq!(
        after,
        before
            .replacen("- [ ] K-1 Repaint the shed\n", "", 1)
            .replacen(
                "- [ ] K-3 Clear the gutters\n",
                "- [ ] K-3 Clear the gutters\n- [ ] K-1 Repaint the shed\n",
                1
            )
    );
    let tasks = list_json(dir.path(), &args);
    let k1 = tasks.iter().find(|t| t["id"] == "K-1").unwrap();
    assert_eq!(k1["state"], "in-progress");
}

#[test]
fn spec_kit_ids_and_markers() {
    let dir = repo(&["speckit.md"]);
    let tasks = list_json(dir.path(), &["--file", "speckit.md"]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["T001", "T002", "T003"]);
    assert_eq!(
        tasks[2]["title"],
        "Write the recipe model in src/models/recipe.py"
    );
    assert_eq!(tasks[2]["fields"]["Parallel"], "P");
    assert_eq!(tasks[2]["fields"]["Story"], "US1");
    assert_eq!(tasks[0]["state"], "done");
}

#[test]
fn doctor_tells_styles_declarations_and_near_misses() {
    let dir = repo(&["table.md", "obsidian.md"]);
    std::fs::write(
        dir.path().join("TODO.md"),
        "# Plan\n\n- T-101 Remove the legacy stylesheet\n- [ ] T-102: Add a favicon\n\n**Status:** Planned\n",
    )
    .unwrap();
    let out = todo(dir.path())
        .args([
            "--file",
            "TODO.md",
            "--file",
            "table.md",
            "--file",
            "obsidian.md",
            "doctor",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "TODO.md: 1 task\n",
        "      1  checkbox\n",
        "TODO.md:3: - T-101 Remove the legacy stylesheet\n      a list item led by `T-101` with no separator",
        "TODO.md:6: **Status:** Planned\n      a `Status` field outside any task",
        "table.md: 4 tasks\n      4  table row\n  declares: a schema from its legend\n",
        "obsidian.md: 6 tasks\n      5  checkbox with Obsidian Tasks metadata\n      1  checkbox with a custom mark\n",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    let json = todo(dir.path())
        .args(["--file", "table.md", "doctor", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v[0]["styles"]["table row"], 4);
    assert_eq!(v[0]["schema"], "legend");
}

#[test]
fn todo_yml_names_the_state_of_a_custom_mark() {
    let dir = repo(&["obsidian.md"]);
    std::fs::write(
        dir.path().join(".todo.yml"),
        "checkboxes:\n  \"!\": blocked\n",
    )
    .unwrap();
    let tasks = list_json(dir.path(), &["--file", "obsidian.md"]);
    assert_eq!(tasks[5]["title"], "Check the fence posts");
    assert_eq!(tasks[5]["state"], "blocked");
}

#[test]
fn bracketed_ids_and_statuses_written_in_the_heading() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("TODO.md"),
        "# Plan\n\n## [TASK-001] Set up CI\n- **Status**: Done\n  - [x] pipeline\n\n## Design\n\n### 3. Offline sync — Status: approved\nWords.\n",
    )
    .unwrap();
    let tasks = list_json(dir.path(), &[]);
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0]["id"], "TASK-001");
    assert_eq!(tasks[0]["state"], "done");
    assert_eq!(tasks[1]["title"], "Offline sync");
    assert_eq!(tasks[1]["status"], "approved");
    assert_eq!(tasks[1]["section"], serde_json::json!(["Design"]));
}

#[test]
fn a_task_file_without_an_id_takes_it_from_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("backlog/tasks")).unwrap();
    std::fs::write(
        dir.path()
            .join("backlog/tasks/task-43 - Add a countdown.md"),
        "# Task: Add a countdown\n\n**Status:** Done\n",
    )
    .unwrap();
    let tasks = list_json(dir.path(), &[]);
    assert_eq!(tasks[0]["id"], "task-43");
    assert_eq!(tasks[0]["title"], "Add a countdown");
    assert_eq!(tasks[0]["state"], "done");
}

#[test]
fn an_empty_or_null_front_matter_value_is_filled_in_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("tasks")).unwrap();
    let f = "tasks/T-5.md";
    std::fs::write(
        dir.path().join(f),
        "---\nid: T-5\ntitle: Paint\nstatus: todo\npriority: null   # later\nassignee:\n---\n",
    )
    .unwrap();
    edits(
        dir.path(),
        f,
        &["set", "T-5", "priority", "high"],
        "priority: null   # later",
        "priority: high   # later",
    );
    edits(
        dir.path(),
        f,
        &["set", "T-5", "owner", "@lu"],
        "assignee:\n",
        "assignee: '@lu'\n",
    );
}
