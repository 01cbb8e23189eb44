//! What a title carries besides its words (`#tag`, `+project`, `@person`, `due:`), sub-tasks
//! under their parent, and the priority a section heading gives the tasks under it; the
//! fixtures are title-tokens.md, subtasks-tree.md and priority-sections.md in
//! fixtures/notations3/ (their JSON and doctor snapshots are taken by tests/notations3.rs).

#[path = "common/notations3.rs"]
#[allow(dead_code)] // each test file uses part of the shared helpers
mod n3;

use serde_json::Value;

use std::path::PathBuf;

use n3::{dir, run, todo};

/// The tasks of `list ARGS… --format json` on a fixture.
fn json(name: &str, args: &[&str]) -> Vec<Value> {
    n3::list(name, args)
}

fn titles(tasks: &[Value]) -> Vec<String> {
    tasks
        .iter()
        .map(|t| t["title"].as_str().unwrap().to_string())
        .collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().map(|s| s.as_str().unwrap()).collect())
        .unwrap_or_default()
}

#[test]
fn tokens_at_the_ends_of_a_title_become_fields_and_leave_the_title() {
    let tasks = json("title-tokens.md", &[]);
    let first = &tasks[0];
    assert_eq!(first["title"], "Repair the rain barrel lid");
    assert_eq!(strs(&first["tags"]), ["repair"]);
    assert_eq!(strs(&first["mentions"]), ["mika"]);
    assert_eq!(first["due"], "2026-03-01");
    let second = &tasks[1];
    assert_eq!(second["title"], "Order tomato seeds before the sale ends");
    assert_eq!(strs(&second["tags"]), ["seeds"]);
    assert_eq!(strs(&second["projects"]), ["spring"]);
    // A person named mid-sentence stays a word of the title.
    assert_eq!(
        tasks[2]["title"],
        "Ask @lena whether the hose reel fits, then report back"
    );
    assert_eq!(strs(&tasks[2]["mentions"]), ["lena"]);
    let t7 = tasks.iter().find(|t| t["id"] == "T-7").unwrap();
    assert_eq!(t7["title"], "Build a cold frame");
    assert_eq!(strs(&t7["mentions"]), ["mika", "lena"]);
}

#[test]
fn issue_numbers_code_mail_links_and_bad_dates_are_no_tokens() {
    let tasks = json("title-tokens.md", &[]);
    // Tokens are read in this file, so what follows is a choice, not an absence.
    assert!(tasks.iter().filter(|t| t.get("tags").is_some()).count() >= 4);
    for title in [
        "Close #14 and #15 in the shed tracker",
        "Port the C# watering script and mail ops@example.org",
        "Read `#pragma once` notes and https://example.org/#soil",
        "Replant the herbs due:2026-02-30",
    ] {
        let t = tasks
            .iter()
            .find(|t| t["title"] == title)
            .unwrap_or_else(|| panic!("{title} not kept whole"));
        for key in ["tags", "projects", "mentions", "due"] {
            assert!(t.get(key).is_none(), "{title}: {key}");
        }
    }
}

#[test]
fn list_filters_on_tags_people_and_due_dates() {
    let f = "title-tokens.md";
    assert_eq!(
        titles(&json(f, &["--tag", "repair,#tools"])),
        [
            "Repair the rain barrel lid",
            "Ask @lena whether the hose reel fits, then report back"
        ]
    );
    assert_eq!(
        titles(&json(f, &["--mention", "@LENA"])),
        [
            "Ask @lena whether the hose reel fits, then report back",
            "Build a cold frame"
        ]
    );
    assert_eq!(
        titles(&json(f, &["--due-before", "2026-01-01"])),
        ["Sweep the greenhouse floor"]
    );
    // Overdue: open tasks only, and a date far ahead is not yet due.
    assert_eq!(
        titles(&json(f, &["--overdue"])),
        ["Repair the rain barrel lid"]
    );
    let (code, _) = run(f, &["list", "--due-before", "2026-13-01"]);
    assert_eq!(code, 2);
    // ready and next narrow the same way.
    assert_eq!(
        run(f, &["ready", "--mention", "mika", "--format", "ids"]).1,
        "T-7\n"
    );
    let (code, next) = run(f, &["next", "--tag", "build", "--format", "ids"]);
    assert_eq!((code, next.as_str()), (0, "T-7\n"));
    assert_eq!(run(f, &["next", "--tag", "nothing"]).0, 1);
}

#[test]
fn tree_puts_sub_tasks_under_their_parent() {
    let (code, out) = run("subtasks-tree.md", &["list", "--tree"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out, @r"
     ID        Title                   Status       Pri  Owner  Deps  Done
     T-00      Rebuild the workbench   in progress                    1/2
     T-00.1    └ Cut the new top       done
     T-00.2    └ Sand and oil the top  todo                           1/1
     T-00.2.1    └ Buy the oil         done
     T-00.3    └ Fit the vice          cancelled
     T-01      Hang the tool wall      todo                           1/2
     T-02      └ Label the drawers     todo
     T-03      └ Sort the screws       done
    8 tasks (3 todo, 1 in-progress, 3 done, 1 cancelled)
    ");
    let tasks = json("subtasks-tree.md", &["--tree"]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "T-00", "T-00.1", "T-00.2", "T-00.2.1", "T-00.3", "T-01", "T-02", "T-03"
        ]
    );
    assert_eq!(tasks[3]["parent"], "T-00.2");
    assert_eq!(tasks[6]["parent"], "T-01");
    // The parent's sub-task progress: done of counted, a cancelled one not counted.
    assert_eq!(tasks[0]["subtasks"]["done"], 1);
    assert_eq!(tasks[0]["subtasks"]["total"], 2);
    assert!(tasks[1].get("subtasks").is_none());
}

#[test]
fn show_rolls_sub_tasks_up_into_their_parent() {
    let (code, out) = run("subtasks-tree.md", &["show", "T-00"]);
    assert_eq!(code, 0);
    assert!(out.contains("sub-tasks 1/2"), "{out}");
    assert!(out.contains("T-00.2.1"), "{out}");
    let (_, one) = run("subtasks-tree.md", &["show", "T-01", "--format", "json"]);
    let one: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one["subtasks"]["done"], 1);
    assert_eq!(one["subtasks"]["total"], 2);
}

#[test]
fn a_section_heading_gives_its_tasks_a_priority_they_lack() {
    let tasks = json("priority-sections.md", &[]);
    let pri = |title: &str| {
        let t = tasks.iter().find(|t| t["title"] == title).unwrap();
        (
            t["priority"].as_str().map(str::to_string),
            t.get("priority_source")
                .and_then(Value::as_str)
                .map(str::to_string),
        )
    };
    let section = |p: &str| (Some(p.to_string()), Some("section".to_string()));
    assert_eq!(pri("Fix the leaking tap"), section("high"));
    assert_eq!(pri("Limpiar el filtro de la campana"), section("high"));
    assert_eq!(pri("Починить дверцу шкафа"), section("high"));
    assert_eq!(pri("양념통 정리하기"), section("low"));
    assert_eq!(pri("Oil the cutting boards"), section("medium"));
    assert_eq!(pri("Alphabetise the spice rack"), section("P3"));
    // The task's own priority wins, and says nothing of a source.
    assert_eq!(
        pri("Replace the smoke alarm battery"),
        (Some("low".into()), None)
    );
    assert_eq!(pri("Paint the pantry door"), (None, None));
    assert_eq!(pri("Tile the splashback"), (None, None));
    assert_eq!(
        titles(&json("priority-sections.md", &["--priority", "high"])),
        [
            "Fix the leaking tap",
            "Limpiar el filtro de la campana",
            "Починить дверцу шкафа"
        ]
    );
    let sorted = titles(&json("priority-sections.md", &["--sort", "priority"]));
    assert_eq!(sorted[0], "Fix the leaking tap");
    assert_eq!(sorted.last().unwrap(), "Tile the splashback");
}

#[test]
fn todo_yml_adds_words_for_section_priorities() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(dir().join("priority-sections.md")).unwrap();
    std::fs::write(tmp.path().join("TODO.md"), text).unwrap();
    std::fs::write(
        tmp.path().join(".todo.yml"),
        "priority_sections:\n  low: [\"Nice to have\"]\n",
    )
    .unwrap();
    let out = todo(tmp.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let tasks: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let paint = tasks
        .iter()
        .find(|t| t["title"] == "Paint the pantry door")
        .unwrap();
    assert_eq!(paint["priority"], "low");
    assert_eq!(paint["priority_source"], "section");
    // An unknown level is an error, as every unknown key of `.todo.yml` is.
    std::fs::write(
        tmp.path().join(".todo.yml"),
        "priority_sections:\n  urgent: [now]\n",
    )
    .unwrap();
    let out = todo(tmp.path()).args(["list"]).output().unwrap();
    assert!(!out.status.success());
}

/// A copy of title-tokens.md in a temporary directory, its path, and the original text.
fn scratch() -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(dir().join("title-tokens.md")).unwrap();
    let path = tmp.path().join("TODO.md");
    std::fs::write(&path, &text).unwrap();
    (tmp, path, text)
}

#[test]
fn edits_of_a_task_with_tokens_change_only_their_bytes() {
    let (tmp, path, before) = scratch();
    let out = todo(tmp.path())
        .args(["move", "T-7", "done"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replace(
            "- [ ] T-7: Build a cold frame #build @mika @lena",
            "- [x] T-7: Build a cold frame #build @mika @lena"
        )
    );
    let out = todo(tmp.path())
        .args(["set", "T-7", "--owner", "ana"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let set = std::fs::read_to_string(&path).unwrap();
    // Only an owner line was added: every line before stands as it was.
    let added: Vec<&str> = set
        .lines()
        .filter(|l| !after.lines().any(|a| a == *l))
        .collect();
    assert_eq!(added.len(), 1, "{set}");
    assert!(added[0].contains("ana"), "{set}");
    assert_eq!(set.len(), after.len() + added[0].len() + 1);
    let tasks: Vec<Value> = serde_json::from_slice(
        &todo(tmp.path())
            .args(["list", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let t7 = tasks.iter().find(|t| t["id"] == "T-7").unwrap();
    assert_eq!(t7["title"], "Build a cold frame");
    assert_eq!(t7["owner"], "ana");
    assert_eq!(strs(&t7["tags"]), ["build"]);
}
