//! Many writers: `todo claim` and `todo release` (refusals naming the holder, the schema's
//! owner list, worktrees of one clone racing without --push), `--format compact`, `todo
//! prime` and `todo setup agents`.

mod common;
#[path = "common/race.rs"]
mod race;

use std::path::Path;
use std::process::Command as Std;

use common::{repo, todo};
use predicates::prelude::*;
use race::{git, race, seed_002};

const TASKS: &str = "\
# Garden shed

Last Updated: 2026-01-02

## Task schema
- **Owner**: `robin | wren | finch`
- **Status**: `READY | DOING | STUCK | FINISHED`

## Tasks

### S-1: Level the concrete base
Priority: P1
Owner: robin
Status: READY

### S-2: Order the cedar boards
Priority: P0
Owner: robin
Status: READY

### S-3: Paint the door
Priority: P2
Owner: wren
Status: DOING
";

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("TODO.md")).unwrap()
}

#[test]
fn a_claim_sets_owner_and_status_and_nothing_else() {
    let dir = repo(TASKS);
    todo(dir.path())
        .args(["claim", "S-1", "--as", "finch", "--no-touch-date"])
        .assert()
        .success()
        .stdout(predicate::str::contains("S-1: status READY → DOING"));
    let expected = TASKS.replace(
        "Owner: robin\nStatus: READY\n\n### S-2",
        "Owner: finch\nStatus: DOING\n\n### S-2",
    );
    assert_eq!(read(dir.path()), expected);
}

#[test]
fn a_held_task_is_refused_naming_the_holder_unless_stolen() {
    let dir = repo(TASKS);
    todo(dir.path())
        .args(["claim", "S-3", "--as", "finch"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("S-3 is held by wren"));
    assert_eq!(read(dir.path()), TASKS);
    todo(dir.path())
        .args([
            "claim",
            "S-3",
            "--as",
            "finch",
            "--steal",
            "--no-touch-date",
        ])
        .assert()
        .success();
    assert!(read(dir.path()).contains("Owner: finch\nStatus: DOING\n"));
}

#[test]
fn an_owner_outside_the_schema_is_refused() {
    let dir = repo(TASKS);
    todo(dir.path())
        .args(["claim", "S-1", "--as", "magpie"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`magpie` is not an allowed owner"));
    assert_eq!(read(dir.path()), TASKS);
}

#[test]
fn claim_next_takes_the_best_ready_task_and_release_gives_it_back() {
    let dir = repo(TASKS);
    todo(dir.path())
        .args(["claim", "--next", "--as", "wren", "--no-touch-date"])
        .assert()
        .success()
        .stdout(predicate::str::contains("S-2"));
    todo(dir.path())
        .args(["release", "S-2", "--owner", "robin", "--no-touch-date"])
        .assert()
        .success();
    assert_eq!(read(dir.path()), TASKS);
    todo(dir.path())
        .args(["release", "S-1"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not in progress"));
}

/// `claim --next` passes over a task that cannot be in progress (a plain checkbox item,
/// first in line by file order) and claims the next one.
#[test]
fn claim_next_passes_over_a_task_that_cannot_be_in_progress() {
    let text =
        "# Chores\n\n## Now\n\n- [ ] C-1 Sweep the porch\n\n### C-2: Fix the gate\nStatus: READY\n";
    let dir = repo(text);
    todo(dir.path())
        .args(["claim", "--next", "--as", "wren", "--no-touch-date"])
        .assert()
        .success()
        .stdout(predicate::str::contains("C-2"));
    let now = read(dir.path());
    assert!(now.contains("- [ ] C-1 Sweep the porch"), "{now}");
    assert!(now.contains("Owner: wren"), "{now}");
}

#[test]
fn compact_lines_are_short_and_hold_id_status_priority_owner_title() {
    let dir = repo(TASKS);
    let out = todo(dir.path())
        .args(["list", "--format", "compact"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "S-1 READY P1 @robin Level the concrete base\n\
         S-2 READY P0 @robin Order the cedar boards\n\
         S-3 DOING P2 @wren Paint the door\n"
    );
    todo(dir.path())
        .args(["show", "S-3", "--format", "compact"])
        .assert()
        .success()
        .stdout("S-3 DOING P2 @wren Paint the door\n");
}

#[test]
fn on_seed_002_compact_is_at_most_40_tokens_a_task_and_prime_fits_3200_chars() {
    let Some(seed) = seed_002() else { return };
    let dir = repo(std::fs::read(&seed).unwrap());
    let out = todo(dir.path())
        .args(["list", "--format", "compact"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 50, "{}", lines.len());
    for l in &lines {
        assert!(l.chars().count() / 4 <= 40, "{l}");
    }
    let next = todo(dir.path())
        .args(["next", "--format", "ids"])
        .output()
        .unwrap();
    let next = String::from_utf8(next.stdout).unwrap().trim().to_string();
    let prime = todo(dir.path()).arg("prime").output().unwrap();
    let prime = String::from_utf8(prime.stdout).unwrap();
    assert!(prime.chars().count() <= 3200, "{}", prime.chars().count());
    assert!(prime.contains(&format!("\n  {next} ")), "{prime}");
    let json = todo(dir.path())
        .args(["prime", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["schemaVersion"], 1);
    assert!(v["ready"][0].as_str().unwrap().starts_with(&next));
}

#[test]
fn setup_agents_writes_once_between_markers_and_keeps_other_text() {
    let dir = repo(TASKS);
    let printed = todo(dir.path()).args(["setup", "agents"]).output().unwrap();
    let section = String::from_utf8(printed.stdout).unwrap();
    assert!(section.starts_with("<!-- todo:agents:begin -->"));
    std::fs::write(
        dir.path().join("CLAUDE.md"),
        "# Notes\n\nKeep tests green.\n",
    )
    .unwrap();
    for _ in 0..2 {
        todo(dir.path())
            .args(["setup", "agents", "--write", "--file", "CLAUDE.md"])
            .assert()
            .success()
            .stdout("");
    }
    let claude = std::fs::read_to_string(dir.path().join("CLAUDE.md")).unwrap();
    assert_eq!(claude, format!("# Notes\n\nKeep tests green.\n\n{section}"));
    todo(dir.path())
        .args(["setup", "agents", "--write"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("AGENTS.md")).unwrap(),
        section
    );
}

fn has_git() -> bool {
    let ok = Std::new("git").arg("--version").output().is_ok();
    if !ok {
        eprintln!("skipped: git is not installed");
    }
    ok
}

/// Four worktrees of one clone claim the next task at once, over several rounds: no task is
/// ever held by two agents, and every agent that exits 0 holds what it claimed.
#[test]
fn worktrees_of_one_clone_never_claim_the_same_task() {
    if !has_git() {
        return;
    }
    let mut text = String::from("# Many tasks\n\n## Tasks\n");
    for i in 1..=20 {
        text.push_str(&format!(
            "\n### W-{i}: Chore number {i}\nPriority: P2\nStatus: TODO\n"
        ));
    }
    let tmp = tempfile::tempdir().unwrap();
    let main = tmp.path().join("main");
    std::fs::create_dir(&main).unwrap();
    std::fs::write(main.join("TODO.md"), &text).unwrap();
    git(&main, &["init", "-q"]);
    git(
        &main,
        &["-c", "user.name=t", "-c", "user.email=t@e", "add", "."],
    );
    git(
        &main,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@e",
            "commit",
            "-qm",
            "tasks",
        ],
    );
    let mut dirs = Vec::new();
    for i in 0..4 {
        let wt = tmp.path().join(format!("wt{i}"));
        git(&main, &["worktree", "add", "-q", wt.to_str().unwrap()]);
        dirs.push(wt);
    }
    let bin = assert_cmd::cargo::cargo_bin("todo");
    for round in 0..4 {
        let results = race(&dirs, |i| {
            ["claim", "--next", "--as", &format!("agent-{i}")]
                .map(String::from)
                .to_vec()
        });
        let codes: Vec<i32> = results.iter().map(|(c, _)| *c).collect();
        assert!(codes.iter().all(|c| *c == 0), "round {round}: {codes:?}");
        let mut held: Vec<(String, String)> = Vec::new();
        for d in &dirs {
            let out = Std::new(&bin)
                .args(["list", "--state", "in-progress", "--format", "compact"])
                .current_dir(d)
                .env_remove("TODO_FORMAT")
                .output()
                .unwrap();
            for line in String::from_utf8(out.stdout).unwrap().lines() {
                let parts: Vec<&str> = line.split(' ').collect();
                held.push((parts[0].to_string(), parts[3].to_string()));
            }
        }
        assert_eq!(held.len(), 4 * (round + 1), "{held:?}");
        let mut ids: Vec<&String> = held.iter().map(|(id, _)| id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), held.len(), "a task held twice: {held:?}");
    }
}

/// A scratch repository with a Backlog.md folder: `backlog/config.yml` holding `config`, and
/// the empty `backlog/tasks/`, returned with it.
fn backlog_folder(config: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let tasks = dir.path().join("backlog/tasks");
    std::fs::create_dir_all(&tasks).unwrap();
    std::fs::write(dir.path().join("backlog/config.yml"), config).unwrap();
    (dir, tasks)
}

/// Backlog.md writes a task's owner as a YAML list under `assignee:` (`[]` while nobody has
/// it). A claim writes the agent as the list's one item, in the item's own quoting, and a
/// release with the previous owner gives the file back byte for byte; a list of two owners
/// is left to `todo edit`.
#[test]
fn a_claim_writes_a_backlog_md_assignee_list_as_its_one_item() {
    let (dir, tasks) = backlog_folder(
        "project_name: \"Loft\"\nstatuses: [\"To Do\", \"In Progress\", \"Done\"]\n",
    );
    let unowned = "---\nid: task-7\ntitle: Sweep the attic\nstatus: To Do\nassignee: []\nlabels: []\n---\n\n## Description\n\nClear the corners first.\n";
    let owned = "---\nid: task-8\ntitle: Mend the gate\nstatus: To Do\nassignee:\n  - '@heron'\n---\n\nThe latch sticks.\n";
    let shared = "---\nid: task-9\ntitle: Paint the fence\nstatus: To Do\nassignee: [heron, kite]\n---\n\nTwo coats.\n";
    let files = [
        ("task-7 - Sweep-the-attic.md", unowned),
        ("task-8 - Mend-the-gate.md", owned),
        ("task-9 - Paint-the-fence.md", shared),
    ];
    for (name, text) in files {
        std::fs::write(tasks.join(name), text).unwrap();
    }
    let read = |name: &str| std::fs::read_to_string(tasks.join(name)).unwrap();
    // `@kite` claims file `k`: its bytes become `before` with `from` written as `to`.
    let claimed = |k: usize, from: &str, to: &str| {
        let id = &files[k].0[..6];
        todo(dir.path())
            .args(["claim", id, "--as", "@kite", "--no-touch-date"])
            .assert()
            .success();
        assert_eq!(read(files[k].0), files[k].1.replace(from, to));
    };
    claimed(
        0,
        "status: To Do\nassignee: []",
        "status: In Progress\nassignee: ['@kite']",
    );
    todo(dir.path())
        .args(["list", "--owner", "@kite", "--format", "ids"])
        .assert()
        .success()
        .stdout("task-7\n");
    claimed(
        1,
        "status: To Do\nassignee:\n  - '@heron'",
        "status: In Progress\nassignee:\n  - '@kite'",
    );
    todo(dir.path())
        .args(["release", "task-8", "--owner", "@heron", "--no-touch-date"])
        .assert()
        .success();
    assert_eq!(read(files[1].0), owned);
    todo(dir.path())
        .args(["set", "task-9", "owner", "wren"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("list of 2 items"));
    assert_eq!(read(files[2].0), shared);
}

/// A move in a Backlog.md folder writes the status `backlog/config.yml` lists for the state
/// asked (`In Progress`, not a generic `IN-PROGRESS`, which lint would then call invalid and
/// the edit refuse).
#[test]
fn a_move_in_a_backlog_md_folder_writes_its_configured_status() {
    let (dir, tasks) = backlog_folder("statuses: [\"Queued\", \"Under way\", \"Shipped\"]\n");
    let text = "---\nid: task-3\ntitle: Wax the skis\nstatus: Queued\n---\n\nBoth pairs.\n";
    let file = tasks.join("task-3 - Wax-the-skis.md");
    std::fs::write(&file, text).unwrap();
    for (state, word) in [
        ("in-progress", "Under way"),
        ("done", "Shipped"),
        ("todo", "Queued"),
    ] {
        todo(dir.path())
            .args(["move", "task-3", state, "--no-touch-date"])
            .assert()
            .success();
        let now = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            now,
            text.replace("status: Queued", &format!("status: {word}"))
        );
    }
}
