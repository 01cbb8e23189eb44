//! Scripted merges with real git: a bare repository, two clones that each make ordinary
//! changes with `todo`, then one clone pulls the other. Every scenario runs twice, with the
//! merge driver set up and without it, and checks:
//!
//! - with the driver, no conflict where the tasks do not conflict, and the merged bytes equal
//!   what applying ours' edits and then theirs' edits gives;
//! - with the driver, a true conflict is marked around the one field only;
//! - without the driver, how often plain git stops with a conflict (or leaves a duplicate
//!   ID), printed as a table (`cargo test --test merge -- --nocapture`).
//!
//! Tests skip with a printed reason when `git` is missing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODO_MD: &str = "\
# Project

Last Updated: 2026-01-10

## Task schema (required)
- **Priority**: `P0 | P1 | P2 | P3`
- **Status**: `TODO | READY | IN-PROGRESS | BLOCKED | DONE`

## Active

### T-001: Write the parser
Priority: P1
Status: READY
Owner: ana

### T-002: Write the lexer
- **Priority**: P2
- **Status**: TODO

Acceptance Criteria:
- [ ] tokens
- [ ] spans
- [ ] errors

### T-003: Document the grammar
**Priority:** P2
**Status:** TODO

## Later

### T-004: Publish the crate
Priority: P3
Status: TODO
";

const ROADMAP_MD: &str = "\
# Roadmap

Last Updated: 2026-01-10

## Phase 1
- [ ] **R-1** Set up CI
  - [ ] lint job
  - [ ] test job
  - [ ] release job
- [ ] **R-2** Docs site
- [ ] **R-3** Changelog

## Phase 2
- [ ] **R-4** First release
";

const TASKS_MD: &str = "\
# Tasks

Last Updated: 2026-01-10

| ID | Task | Status | Priority |
|----|------|--------|----------|
| T-101 | Parse rows | TODO | P1 |
| T-102 | Merge cells | TODO | P2 |
| T-103 | Render the board | TODO | P2 |
";

const TASK_FILE: &str = "\
---
id: task-7
title: Fix the login form
status: To Do
assignee: []
created_date: '2026-01-01 09:00'
updated_date: '2026-01-02 10:00'
labels: [auth]
---

## Description

The login form rejects valid passwords on one browser.
";

const GARDEN_MD: &str = "\
# Garden

Last Updated: 2026-01-10

## This week
- [ ] Water the tomatoes 📅 2026-06-01 ⏫ 🆔 w1
- [ ] Call the nursery [due:: 2026-06-02] 🆔 w2
- [ ] Buy seeds 📅 2026-06-03 🆔 w3

## Later
- [ ] Prune the hedge 🆔 w4
";

/// One change a clone makes.
#[derive(Clone, Copy)]
enum Step {
    /// `todo ARGS` (the file is given with `--file`).
    Todo(&'static [&'static str]),
    /// Insert a line before the first occurrence of `marker` (or at the end when it is
    /// empty), as an editor would. `{next:P}` in the line becomes the next free ID with prefix
    /// P in the file, as `todo add` would choose it.
    Insert {
        before: &'static str,
        line: &'static str,
    },
    /// Move the heading task starting with `heading` to the end of the file, as an editor
    /// would: its block up to the next heading, blank lines included.
    MoveToEnd { heading: &'static str },
    /// Set the date of the line starting with `key` (the day the clone made its change). In
    /// sequential application, the later of the two dates stays.
    Stamp {
        key: &'static str,
        value: &'static str,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The tasks do not conflict.
    Clean,
    /// A true conflict around one line holding this text.
    Conflict(&'static str),
}

struct Scenario {
    cause: &'static str,
    notation: &'static str,
    path: &'static str,
    text: &'static str,
    ours: &'static [Step],
    theirs: &'static [Step],
    expect: Expect,
}

use Step::{Insert, MoveToEnd, Stamp, Todo};

const FM: &str = "backlog/tasks/task-7 - Fix the login form.md";

#[rustfmt::skip]
fn scenarios() -> Vec<Scenario> {
    let s = |cause, notation, path, text, ours, theirs, expect| Scenario {
        cause,
        notation,
        path,
        text,
        ours,
        theirs,
        expect,
    };
    use Expect::{Clean, Conflict};
    vec![
        // Heading tasks with Key: Value, bullet and bold fields.
        s("adjacent lines", "heading fields", "TODO.md", TODO_MD,
          &[Todo(&["set", "T-001", "--priority", "P0"])],
          &[Todo(&["move", "T-001", "IN-PROGRESS"])], Clean),
        s("adjacent lines", "heading fields", "TODO.md", TODO_MD,
          &[Todo(&["check", "T-002", "1"])],
          &[Todo(&["check", "T-002", "2"])], Clean),
        s("adjacent lines", "heading fields", "TODO.md", TODO_MD,
          &[Todo(&["move", "T-002", "IN-PROGRESS"])],
          &[Todo(&["set", "T-003", "--priority", "P1"])], Clean),
        s("two adds at one place", "heading fields", "TODO.md", TODO_MD,
          &[Todo(&["add", "Cache the previews", "--section", "Active", "-p", "P1"])],
          &[Todo(&["add", "Export to CSV", "--section", "Active", "-p", "P2"])], Clean),
        s("Last Updated stamps", "heading fields", "TODO.md", TODO_MD,
          &[Todo(&["set", "--no-touch-date", "T-002", "--priority", "P1"]),
            Stamp { key: "Last Updated:", value: " 2026-02-03" }],
          &[Todo(&["move", "--no-touch-date", "T-004", "READY"]),
            Stamp { key: "Last Updated:", value: " 2026-02-01" }], Clean),
        s("same-ID adds", "heading fields", "TODO.md", TODO_MD,
          &[Todo(&["add", "Cache the previews", "--section", "Active"])],
          &[Todo(&["add", "Announce the release", "--section", "Later"])], Clean),
        s("move and edit", "heading fields", "TODO.md", TODO_MD,
          &[MoveToEnd { heading: "### T-001" }],
          &[Todo(&["set", "T-001", "--priority", "P0"])], Clean),
        s("true conflict", "heading fields", "TODO.md", TODO_MD,
          &[Todo(&["move", "T-001", "DONE", "--force"])],
          &[Todo(&["move", "T-001", "IN-PROGRESS"])], Conflict("Status:")),
        // A checkbox roadmap with nested checklists.
        s("adjacent lines", "checkbox roadmap", "ROADMAP.md", ROADMAP_MD,
          &[Todo(&["move", "R-2", "done"])],
          &[Todo(&["move", "R-3", "done"])], Clean),
        s("adjacent lines", "checkbox roadmap", "ROADMAP.md", ROADMAP_MD,
          &[Todo(&["check", "R-1", "1"])],
          &[Todo(&["check", "R-1", "2"])], Clean),
        s("two adds at one place", "checkbox roadmap", "ROADMAP.md", ROADMAP_MD,
          &[Todo(&["add", "Blog post", "--section", "Phase 1"])],
          &[Todo(&["add", "Newsletter", "--section", "Phase 1"])], Clean),
        s("Last Updated stamps", "checkbox roadmap", "ROADMAP.md", ROADMAP_MD,
          &[Todo(&["check", "--no-touch-date", "R-1", "3"]),
            Stamp { key: "Last Updated:", value: " 2026-02-01" }],
          &[Todo(&["move", "--no-touch-date", "R-4", "done"]),
            Stamp { key: "Last Updated:", value: " 2026-02-05" }], Clean),
        s("same-ID adds", "checkbox roadmap", "ROADMAP.md", ROADMAP_MD,
          &[Todo(&["add", "Blog post", "--section", "Phase 1"])],
          &[Todo(&["add", "Launch party", "--section", "Phase 2"])], Clean),
        s("true conflict", "checkbox roadmap", "ROADMAP.md", ROADMAP_MD,
          &[Todo(&["set", "R-2", "owner", "ana"])],
          &[Todo(&["set", "R-2", "owner", "bo"])], Conflict("Owner")),
        // A task table, row by row and cell by cell.
        s("adjacent lines", "table", "TASKS.md", TASKS_MD,
          &[Todo(&["move", "T-101", "DONE"])],
          &[Todo(&["move", "T-102", "DONE"])], Clean),
        s("adjacent lines", "table", "TASKS.md", TASKS_MD,
          &[Todo(&["move", "T-101", "DONE"])],
          &[Todo(&["set", "T-101", "--priority", "P0"])], Clean),
        s("two adds at one place", "table", "TASKS.md", TASKS_MD,
          &[Insert { before: "", line: "| {next:T-} | Cache the board | TODO | P2 |" }],
          &[Insert { before: "", line: "| {next:T-} | Export the board | TODO | P3 |" }], Clean),
        s("Last Updated stamps", "table", "TASKS.md", TASKS_MD,
          &[Todo(&["move", "--no-touch-date", "T-101", "DONE"]),
            Stamp { key: "Last Updated:", value: " 2026-02-03" }],
          &[Todo(&["set", "--no-touch-date", "T-103", "--priority", "P0"]),
            Stamp { key: "Last Updated:", value: " 2026-02-04" }], Clean),
        s("true conflict", "table", "TASKS.md", TASKS_MD,
          &[Todo(&["move", "T-102", "DONE"])],
          &[Todo(&["move", "T-102", "IN-PROGRESS"])], Conflict("| T-102 |")),
        // A front-matter task file.
        s("adjacent lines", "front-matter file", FM, TASK_FILE,
          &[Todo(&["move", "task-7", "In Progress"])],
          &[Insert { before: "created_date:", line: "assignee: [sam]" }], Clean),
        s("two adds at one place", "front-matter file", FM, TASK_FILE,
          &[Todo(&["set", "task-7", "--priority", "high"])],
          &[Todo(&["set", "task-7", "reviewer", "sam"])], Clean),
        s("Last Updated stamps", "front-matter file", FM, TASK_FILE,
          &[Todo(&["move", "task-7", "In Progress"]),
            Stamp { key: "updated_date:", value: " '2026-02-03 10:00'" }],
          &[Todo(&["set", "task-7", "--priority", "high"]),
            Stamp { key: "updated_date:", value: " '2026-02-01 08:30'" }], Clean),
        s("true conflict", "front-matter file", FM, TASK_FILE,
          &[Todo(&["move", "task-7", "In Progress"])],
          &[Todo(&["move", "task-7", "Done"])], Conflict("status:")),
        // An Obsidian Tasks / Dataview list.
        s("adjacent lines", "Obsidian list", "TODO.md", GARDEN_MD,
          &[Todo(&["move", "w1", "done"])],
          &[Todo(&["move", "w2", "done"])], Clean),
        s("adjacent lines", "Obsidian list", "TODO.md", GARDEN_MD,
          &[Todo(&["move", "w1", "done"])],
          &[Todo(&["set", "w1", "due", "2026-06-09"])], Clean),
        s("adjacent lines", "Obsidian list", "TODO.md", GARDEN_MD,
          &[Todo(&["move", "w2", "done"])],
          &[Todo(&["set", "w2", "priority", "high"])], Clean),
        s("two adds at one place", "Obsidian list", "TODO.md", GARDEN_MD,
          &[Insert { before: "\n## Later", line: "- [ ] Weed the beds 🆔 {next:w}" }],
          &[Insert { before: "\n## Later", line: "- [ ] Mow the lawn 🆔 {next:w}" }], Clean),
        s("Last Updated stamps", "Obsidian list", "TODO.md", GARDEN_MD,
          &[Todo(&["move", "--no-touch-date", "w1", "done"]),
            Stamp { key: "Last Updated:", value: " 2026-02-03" }],
          &[Todo(&["set", "--no-touch-date", "w3", "due", "2026-06-09"]),
            Stamp { key: "Last Updated:", value: " 2026-02-02" }], Clean),
        s("same-ID adds", "Obsidian list", "TODO.md", GARDEN_MD,
          &[Insert { before: "\n## Later", line: "- [ ] Weed the beds 🆔 {next:w}" }],
          &[Insert { before: "", line: "- [ ] Paint the fence 🆔 {next:w}" }], Clean),
        s("true conflict", "Obsidian list", "TODO.md", GARDEN_MD,
          &[Todo(&["set", "w3", "due", "2026-06-09"])],
          &[Todo(&["set", "w3", "due", "2026-06-10"])], Conflict("Buy seeds")),
    ]
}

// ---------------------------------------------------------------------------------------
// Running commands.

fn todo_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_todo"))
}

/// PATH with the built `todo` first, so that git finds the driver.
fn path_env() -> std::ffi::OsString {
    let mut dirs = vec![todo_bin().parent().unwrap().to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

fn git_available() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn run(dir: &Path, program: &Path, args: &[&str], home: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("PATH", path_env())
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ana")
        .env("GIT_AUTHOR_EMAIL", "ana@example.com")
        .env("GIT_COMMITTER_NAME", "Ana")
        .env("GIT_COMMITTER_EMAIL", "ana@example.com")
        .env("COLUMNS", "100")
        .env_remove("TODO_FORMAT")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("TODO_FAILPOINT")
        .output()
        .unwrap()
}

fn git(dir: &Path, args: &[&str], home: &Path) -> Output {
    run(dir, Path::new("git"), args, home)
}

fn ok(out: Output, what: &str) -> Output {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The next free ID with `prefix` in `text`: one more than the highest, same width.
fn next_id(text: &str, prefix: &str) -> String {
    let mut best = (0u64, 1usize);
    let mut at = 0;
    while let Some(i) = text[at..].find(prefix) {
        let s = at + i + prefix.len();
        let glued = text[..at + i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        let digits: String = text[s..].chars().take_while(char::is_ascii_digit).collect();
        if !glued && !digits.is_empty() {
            let n: u64 = digits.parse().unwrap();
            if n >= best.0 {
                best = (n, digits.len());
            }
        }
        at = s;
    }
    format!("{prefix}{:0w$}", best.0 + 1, w = best.1)
}

fn insert(text: &str, before: &str, line: &str) -> String {
    let line = match line.find("{next:") {
        Some(i) => {
            let end = i + line[i..].find('}').unwrap();
            let id = next_id(text, &line[i + 6..end]);
            format!("{}{id}{}", &line[..i], &line[end + 1..])
        }
        None => line.to_string(),
    };
    if before.is_empty() {
        let mut t = text.to_string();
        if !t.ends_with('\n') {
            t.push('\n');
        }
        return format!("{t}{line}\n");
    }
    // Before "\n## …", the line goes above the blank line that ends the section.
    let at = text.find(before).unwrap();
    format!("{}{line}\n{}", &text[..at], &text[at..])
}

fn stamp(text: &str, key: &str, value: &str, keep_later: bool) -> String {
    let start = text.find(key).unwrap();
    let v = start + key.len();
    let end = v + text[v..].find('\n').unwrap();
    if keep_later && text[v..end] >= *value {
        return text.to_string();
    }
    format!("{}{value}{}", &text[..v], &text[end..])
}

/// Applies one clone's steps in `dir` (its file at `path`).
fn apply(dir: &Path, path: &str, steps: &[Step], home: &Path, sequential: bool) {
    let file = dir.join(path);
    for step in steps {
        match *step {
            Todo(args) => {
                let mut all = vec!["--file", path];
                all.extend_from_slice(args);
                ok(run(dir, &todo_bin(), &all, home), &format!("todo {args:?}"));
            }
            Insert { before, line } => {
                let text = std::fs::read_to_string(&file).unwrap();
                std::fs::write(&file, insert(&text, before, line)).unwrap();
            }
            MoveToEnd { heading } => {
                let text = std::fs::read_to_string(&file).unwrap();
                let start = text.find(heading).unwrap();
                let end = text[start + 1..]
                    .find("\n#")
                    .map_or(text.len(), |e| start + e + 2);
                let block = text[start..end].trim_end_matches('\n');
                let rest = format!("{}{}", &text[..start], &text[end..]);
                std::fs::write(&file, format!("{rest}\n{block}\n")).unwrap();
            }
            Stamp { key, value } => {
                let text = std::fs::read_to_string(&file).unwrap();
                std::fs::write(&file, stamp(&text, key, value, sequential)).unwrap();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// One scenario.

struct Result_ {
    conflicted: bool,
    merged: String,
    ours: String,
    stderr: String,
}

/// Builds the bare repository and two clones, lets each clone make its change, and lets
/// ours pull theirs. With `driver`, the seed commit holds the `.gitattributes` lines and both
/// clones get the git config section from `todo hook install --merge-driver`.
fn pull(s: &Scenario, driver: bool) -> Result_ {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let home = root.join("home");
    std::fs::create_dir(&home).unwrap();
    ok(
        git(
            root,
            &["init", "-q", "--bare", "-b", "main", "origin.git"],
            &home,
        ),
        "init",
    );
    ok(
        git(root, &["clone", "-q", "origin.git", "seed"], &home),
        "clone",
    );
    let seed = root.join("seed");
    let file = seed.join(s.path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, s.text).unwrap();
    if driver {
        ok(
            run(
                &seed,
                &todo_bin(),
                &["hook", "install", "--merge-driver"],
                &home,
            ),
            "install",
        );
    }
    ok(git(&seed, &["add", "-A"], &home), "add");
    ok(git(&seed, &["commit", "-qm", "tasks"], &home), "commit");
    ok(
        git(&seed, &["push", "-q", "origin", "HEAD:main"], &home),
        "push",
    );
    for clone in ["ours", "theirs"] {
        ok(
            git(root, &["clone", "-q", "origin.git", clone], &home),
            "clone",
        );
        if driver {
            let out = run(
                &root.join(clone),
                &todo_bin(),
                &["hook", "install", "--merge-driver"],
                &home,
            );
            ok(out, "install");
        }
    }
    let (ours, theirs) = (root.join("ours"), root.join("theirs"));
    apply(&theirs, s.path, s.theirs, &home, false);
    ok(
        git(&theirs, &["commit", "-qam", "theirs"], &home),
        "commit theirs",
    );
    ok(
        git(&theirs, &["push", "-q", "origin", "HEAD:main"], &home),
        "push theirs",
    );
    apply(&ours, s.path, s.ours, &home, false);
    ok(
        git(&ours, &["commit", "-qam", "ours"], &home),
        "commit ours",
    );
    let ours_text = std::fs::read_to_string(ours.join(s.path)).unwrap();
    let out = git(
        &ours,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
        &home,
    );
    let unmerged = git(&ours, &["diff", "--name-only", "--diff-filter=U"], &home);
    Result_ {
        conflicted: !out.status.success() || !unmerged.stdout.is_empty(),
        merged: std::fs::read_to_string(ours.join(s.path)).unwrap(),
        ours: ours_text,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Ours' result with theirs' steps applied after it.
fn sequential(s: &Scenario, ours_text: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join(".git")).unwrap();
    let file = dir.join(s.path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, ours_text).unwrap();
    apply(dir, s.path, s.theirs, dir, true);
    std::fs::read_to_string(file).unwrap()
}

/// IDs that occur more than once in a merged file (a silent duplicate).
fn duplicate_ids(text: &str) -> Vec<String> {
    let file = todo_md::TaskFile::parse(todo_md::Document::from_string("f.md", text.to_string()));
    let mut seen = HashSet::new();
    file.tasks
        .iter()
        .filter_map(|t| t.id())
        .filter(|id| !seen.insert(id.to_string()))
        .map(str::to_string)
        .collect()
}

/// The lines between conflict markers, per conflict.
fn conflict_bodies(text: &str) -> Vec<(Vec<&str>, Vec<&str>)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        if !l.starts_with("<<<<<<<") {
            continue;
        }
        let ours: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("======="))
            .collect();
        let theirs: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with(">>>>>>>"))
            .collect();
        out.push((ours, theirs));
    }
    out
}

#[test]
fn scripted_merges_with_and_without_the_driver() {
    if !git_available() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let mut table: Vec<(String, usize, usize, usize, usize)> = Vec::new();
    let mut failures = Vec::new();
    let all = scenarios();
    // Each scenario mostly waits for git and todo processes: run four at a time.
    let runs: Vec<(Result_, Result_)> = std::thread::scope(|scope| {
        let handles: Vec<_> = all
            .chunks(all.len().div_ceil(4))
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| (pull(s, true), pull(s, false)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    for (s, (with, plain)) in all.iter().zip(runs) {
        let class = format!("{} / {}", s.cause, s.notation);
        let plain_bad = plain.conflicted || !duplicate_ids(&plain.merged).is_empty();
        let driver_bad = with.conflicted || !duplicate_ids(&with.merged).is_empty();
        match s.expect {
            Expect::Clean => {
                if with.conflicted {
                    failures.push(format!(
                        "{class}: conflict\n{}\n{}",
                        with.stderr, with.merged
                    ));
                } else if !duplicate_ids(&with.merged).is_empty() {
                    failures.push(format!("{class}: duplicate IDs\n{}", with.merged));
                } else {
                    let want = sequential(s, &with.ours);
                    if with.merged != want {
                        failures.push(format!(
                            "{class}: merged bytes differ from sequential application\n--- merged\n{}\n--- sequential\n{want}",
                            with.merged
                        ));
                    }
                }
            }
            Expect::Conflict(needle) => {
                let bodies = conflict_bodies(&with.merged);
                let one_line = bodies.len() == 1
                    && bodies[0].0.len() == 1
                    && bodies[0].1.len() == 1
                    && bodies[0].0[0].contains(needle)
                    && bodies[0].1[0].contains(needle);
                if !with.conflicted || !one_line {
                    failures.push(format!(
                        "{class}: not marked around one line\n{}",
                        with.merged
                    ));
                }
            }
        }
        match table.iter_mut().find(|r| r.0 == class) {
            Some(r) => {
                r.1 += 1;
                r.2 += usize::from(plain_bad);
                r.3 += usize::from(plain.conflicted);
                r.4 += usize::from(driver_bad);
            }
            None => table.push((
                class,
                1,
                usize::from(plain_bad),
                usize::from(plain.conflicted),
                usize::from(driver_bad),
            )),
        }
    }
    println!(
        "| scenario class | merges | plain git: conflict or duplicate ID (conflict) | todo driver: conflict or duplicate ID |"
    );
    println!("|---|---|---|---|");
    for (class, n, bad, conflicts, driver) in &table {
        println!("| {class} | {n} | {bad} ({conflicts}) | {driver} |");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
