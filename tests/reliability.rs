//! Reliability: crash-safe writes, concurrent writers, hostile content. docs/reliability.md
//! lists each guarantee with the test that checks it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;
use todo_md::{Document, TaskFile};

use common::{QUICK, repo, todo};

/// The names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn out(o: &std::process::Output) -> Out {
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn run(cmd: &mut Command) -> Out {
    out(cmd.assert().get_output())
}

const TWO: &str = "# Tasks

## Task schema (required)
- **Status**: `READY | IN-PROGRESS | REVIEW | DONE`

### T-1: First task
Status: READY

### T-2: Second task
Status: READY
";

// --- 3. Crash-safe writes -------------------------------------------------------------------
//
// The library's seam (`write_files_with`) is exercised at every stage by the unit tests in
// src/fs/write.rs; these tests fail the real binary through `TODO_FAILPOINT` (debug builds only).

/// The failure points of the write path, in order.
const STAGES: [&str; 6] = [
    "locked",
    "created",
    "write",
    "written",
    "synced",
    "before-rename",
];

fn failpoints_available() -> bool {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: TODO_FAILPOINT exists in debug builds only");
        return false;
    }
    true
}

#[test]
fn injected_failures_leave_the_file_intact_and_no_temporary_file() {
    if !failpoints_available() {
        return;
    }
    let dir = repo(TWO);
    for stage in STAGES {
        for (action, message) in [
            ("error", format!("injected failure at {stage}")),
            ("full", "no space left on device (injected)".to_string()),
        ] {
            let o = run(todo(dir.path())
                .args(["move", "T-1", "IN-PROGRESS"])
                .env("TODO_FAILPOINT", format!("{stage}:{action}")));
            assert_eq!(o.code, Some(2), "{stage}:{action}: {}", o.stderr);
            assert_eq!(o.stdout, "");
            assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
            assert!(
                o.stderr
                    .ends_with(&format!("TODO.md: {message}; nothing written\n")),
                "{stage}:{action}: {}",
                o.stderr
            );
            assert_eq!(read(&dir.path().join("TODO.md")), TWO, "{stage}:{action}");
            assert_eq!(names(dir.path()), [".git", "TODO.md"], "{stage}:{action}");
        }
    }
    // Without a failure the same command writes.
    todo(dir.path())
        .args(["move", "T-1", "IN-PROGRESS"])
        .assert()
        .success();
    assert_eq!(
        read(&dir.path().join("TODO.md")),
        TWO.replacen("Status: READY", "Status: IN-PROGRESS", 1)
    );
}

#[test]
fn a_failure_in_a_two_file_edit_writes_neither() {
    if !failpoints_available() {
        return;
    }
    let dir = repo(TWO.replace(
        "### T-2: Second task\nStatus: READY",
        "### T-2: Second task\nStatus: DONE",
    ));
    std::fs::write(dir.path().join(".todo.yml"), "archive: TODOCOMPLETED.md\n").unwrap();
    let archive = "# Completed tasks\n\n### T-0: Older\nStatus: DONE\n";
    std::fs::write(dir.path().join("TODOCOMPLETED.md"), archive).unwrap();
    let before = read(&dir.path().join("TODO.md"));
    for stage in STAGES {
        let o = run(todo(dir.path()).arg("archive").env("TODO_FAILPOINT", stage));
        assert_eq!(o.code, Some(2), "{stage}: {}", o.stderr);
        assert_eq!(read(&dir.path().join("TODO.md")), before, "{stage}");
        assert_eq!(
            read(&dir.path().join("TODOCOMPLETED.md")),
            archive,
            "{stage}"
        );
        assert_eq!(
            names(dir.path()),
            [".git", ".todo.yml", "TODO.md", "TODOCOMPLETED.md"]
        );
    }
    // A file to create (moving a task to a new file) is not created either.
    for stage in STAGES {
        let o = run(todo(dir.path())
            .args(["move", "T-1", "REVIEW", "--to", "LATER.md"])
            .env("TODO_FAILPOINT", stage));
        assert_eq!(o.code, Some(2), "{stage}: {}", o.stderr);
        assert_eq!(read(&dir.path().join("TODO.md")), before, "{stage}");
        assert!(!dir.path().join("LATER.md").exists(), "{stage}");
    }
    todo(dir.path()).arg("archive").assert().success();
    assert!(read(&dir.path().join("TODOCOMPLETED.md")).contains("### T-2: Second task"));
    assert!(!read(&dir.path().join("TODO.md")).contains("T-2"));
}

#[cfg(unix)]
#[test]
fn a_crash_before_the_rename_keeps_the_original_and_the_next_write_cleans_up() {
    use std::os::unix::process::ExitStatusExt;
    if !failpoints_available() {
        return;
    }
    let dir = repo(TWO);
    for stage in ["written", "synced", "before-rename"] {
        let o = todo(dir.path())
            .args(["move", "T-1", "IN-PROGRESS"])
            .env("TODO_FAILPOINT", format!("{stage}:abort"))
            .assert()
            .get_output()
            .clone();
        assert_eq!(o.status.signal(), Some(6), "{stage}: killed by SIGABRT");
        assert_eq!(read(&dir.path().join("TODO.md")), TWO, "{stage}");
        // A crash runs no destructor: the temporary file is still there...
        let left: Vec<String> = names(dir.path())
            .into_iter()
            .filter(|n| n.starts_with(".todo-") && n.ends_with(".tmp"))
            .collect();
        assert_eq!(left.len(), 1, "{stage}: {left:?}");
    }
    // ...until the next write in that directory, which holds the lock, removes it.
    todo(dir.path())
        .args(["move", "T-2", "REVIEW"])
        .assert()
        .success();
    assert_eq!(names(dir.path()), [".git", "TODO.md"]);
    assert_eq!(
        read(&dir.path().join("TODO.md")),
        TWO.replace(
            "### T-2: Second task\nStatus: READY",
            "### T-2: Second task\nStatus: REVIEW"
        )
    );
}

/// Mounts a tmpfs of `size` at a new directory; `None` when not permitted (not root).
#[cfg(target_os = "linux")]
struct Tmpfs(TempDir);

#[cfg(target_os = "linux")]
impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs(dir))
    }
}

#[cfg(target_os = "linux")]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.0.path())
            .status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_file_intact_and_no_temporary_file() {
    let Some(fs) = Tmpfs::mount("256k") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let root = fs.0.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    // A task file of about 100 KB, then fill the rest of the file system.
    let mut text = String::from(TWO);
    for i in 3..1500 {
        text.push_str(&format!("\n### T-{i}: Task {i}\nStatus: READY\n"));
    }
    std::fs::write(root.join("TODO.md"), &text).unwrap();
    // The write lock's file exists (created before the disk filled up; a full disk refuses
    // to create it, with its own "nothing written" error), so the write itself meets the
    // full disk.
    std::fs::write(root.join(".git/todo.lock"), "").unwrap();
    {
        use std::io::Write;
        let mut fill = std::fs::File::create(root.join("filler")).unwrap();
        let block = vec![b'x'; 4096];
        while fill.write_all(&block).is_ok() {}
        let _ = fill.sync_all();
    }
    let o = run(todo(root).args(["move", "T-1", "IN-PROGRESS"]));
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
    assert!(
        o.stderr
            .ends_with("/TODO.md: No space left on device (os error 28); nothing written\n"),
        "{}",
        o.stderr
    );
    assert_eq!(read(&root.join("TODO.md")), text);
    assert_eq!(names(root), [".git", "TODO.md", "filler"]);
    // With room again, the same edit lands.
    std::fs::remove_file(root.join("filler")).unwrap();
    todo(root)
        .args(["move", "T-1", "IN-PROGRESS"])
        .assert()
        .success();
    assert_eq!(names(root), [".git", "TODO.md"]);
}

// --- 4. Concurrent writers ------------------------------------------------------------------

/// Runs a process to completion within `limit`.
fn finish(child: std::process::Child, limit: Duration) -> std::process::Output {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    rx.recv_timeout(limit)
        .expect("a todo process hung")
        .unwrap()
}

fn spawn_move(dir: &Path, id: &str, status: &str) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_todo"))
        .current_dir(dir)
        .env_remove("TODO_FORMAT")
        .env_remove("TODO_FAILPOINT")
        .args(["move", id, status])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_writers_never_lose_an_update() {
    let dir = repo(TWO);
    let path = dir.path().join("TODO.md");
    let with_both = TWO
        .replacen("Status: READY", "Status: IN-PROGRESS", 1)
        .replace(
            "### T-2: Second task\nStatus: READY",
            "### T-2: Second task\nStatus: REVIEW",
        );
    // Writers queue behind the write lock: both edits land in every round, none is refused.
    for round in 0..30 {
        std::fs::write(&path, TWO).unwrap();
        let a = spawn_move(dir.path(), "T-1", "IN-PROGRESS");
        let b = spawn_move(dir.path(), "T-2", "REVIEW");
        let (a, b) = (out(&finish(a, QUICK)), out(&finish(b, QUICK)));
        for (o, change) in [
            (&a, "T-1: status READY → IN-PROGRESS"),
            (&b, "T-2: status READY → REVIEW"),
        ] {
            assert_eq!(o.code, Some(0), "round {round}: {}", o.stderr);
            assert!(o.stdout.starts_with(change), "round {round}: {}", o.stdout);
            assert_eq!(o.stderr, "", "round {round}");
        }
        let text = read(&path);
        assert_eq!(
            text, with_both,
            "round {round}: a lost update or an interleaved file"
        );
        let file = TaskFile::parse(Document::from_string("TODO.md", text));
        assert_eq!(file.tasks.len(), 2, "round {round}");
        assert_eq!(names(dir.path()), [".git", "TODO.md"], "round {round}");
    }
}

// --- 5. Hostile content ---------------------------------------------------------------------

const EVIL: &str = "\x1b]0;pwned\x07\x1b[2J";
const EVIL_SHOWN: &str = "\\x1b]0;pwned\\x07\\x1b[2J";

/// A task file whose every kind of text carries terminal control sequences.
fn hostile() -> String {
    format!(
        "# Tasks {EVIL}

## Task schema (required)
- **Priority**: `P0 | P1`
- **Status**: `READY | BLOCKED | DONE`

## Section \x1b[31mred\u{9b}2J

### T-1: {EVIL} title
Priority: P9{EVIL}
Status: BLOCKED
Owner: eve\x1b]2;owner\x07
Blocker: waits \x1b[5mblink\x7f
Dependencies: T-2, T-404
Frobnicate: {EVIL}
Acceptance Criteria:
- [ ] item {EVIL}
- [x] done\r\x1b[2K

### T-2: second\x07 bell
Priority: P1
Status: READY
Dependencies: T-1

## Boxes

- [ ] T-3: {EVIL}
"
    )
}

/// Output with no control character but the line feed (and, with `colour`, only SGR colour
/// sequences `ESC [ … m`).
fn assert_inert(what: &str, text: &str, colour: bool) {
    let mut rest = text.to_string();
    if colour {
        // Remove SGR sequences: ESC [ digits/semicolons m.
        let mut clean = String::new();
        let mut chars = rest.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' && chars.peek() == Some(&'[') {
                let mut seq = String::new();
                chars.next();
                while let Some(&d) = chars.peek() {
                    chars.next();
                    if d.is_ascii_digit() || d == ';' {
                        seq.push(d);
                    } else {
                        seq.push(d);
                        break;
                    }
                }
                assert!(
                    seq.ends_with('m'),
                    "{what}: a non-colour sequence ESC [{seq}"
                );
            } else {
                clean.push(c);
            }
        }
        rest = clean;
    }
    if let Some(c) = rest.chars().find(|&c| c.is_control() && c != '\n') {
        panic!("{what}: raw control character {c:?} in output:\n{text}");
    }
}

fn check_inert(dir: &Path, args: &[&str]) -> Out {
    let o = run(todo(dir).args(args).env("COLUMNS", "400"));
    let what = format!("todo {}", args.join(" "));
    let colour = args.contains(&"always");
    assert_inert(&what, &o.stdout, colour);
    assert_inert(&format!("{what} (stderr)"), &o.stderr, false);
    o
}

#[test]
fn terminal_escapes_in_task_text_are_neutralised() {
    let dir = repo(hostile());
    // The acceptance check: the title prints escaped in `todo list`.
    let o = check_inert(dir.path(), &["list"]);
    assert_eq!(o.code, Some(0));
    assert!(
        o.stdout.contains(&format!("{EVIL_SHOWN} title")),
        "{}",
        o.stdout
    );
    let o = check_inert(dir.path(), &["list", "--color", "always"]);
    assert!(o.stdout.contains(EVIL_SHOWN), "{}", o.stdout);
    for args in [
        &["list", "--blocked"][..],
        &["list", "--sort", "priority", "--color", "always"],
        &["ready"],
        &["next"],
        &["stats"],
        &["rules"],
    ] {
        let o = check_inert(dir.path(), args);
        assert!(o.code.is_some());
    }
    let o = check_inert(dir.path(), &["show", "T-1"]);
    assert_eq!(o.code, Some(0));
    assert!(
        o.stdout.starts_with(&format!("T-1  {EVIL_SHOWN} title\n")),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("eve\\x1b]2;owner\\x07"), "{}", o.stdout);
    assert!(
        o.stdout.contains(&format!("item {EVIL_SHOWN}")),
        "{}",
        o.stdout
    );
    check_inert(dir.path(), &["show", "T-1", "--color", "always"]);
    check_inert(dir.path(), &["show", "T-2"]);
    let line = hostile()
        .lines()
        .position(|l| l.starts_with("- [ ] T-3"))
        .unwrap()
        + 1;
    check_inert(dir.path(), &["show", &format!("TODO.md:{line}")]);
    for format in ["full", "concise", "github"] {
        let o = check_inert(dir.path(), &["lint", "--format", format]);
        assert_eq!(o.code, Some(1), "lint --format {format}: {}", o.stderr);
    }
    check_inert(dir.path(), &["lint", "--color", "always"]);
    check_inert(dir.path(), &["lint", "--statistics"]);
    // Error messages quoting task text: the done guard lists the open checklist item.
    let o = check_inert(dir.path(), &["move", "T-1", "DONE"]);
    assert_eq!(o.code, Some(2));
    assert!(
        o.stderr.contains(&format!("item {EVIL_SHOWN}")),
        "{}",
        o.stderr
    );
    // A schema value that is not allowed, and the report line of an edit.
    let o = check_inert(dir.path(), &["set", "T-3", "--priority", "P1"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let o = check_inert(dir.path(), &["move", "T-3", "DONE", "--no-touch-date"]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
}

#[test]
fn json_output_escapes_control_characters() {
    let dir = repo(hostile());
    let o = run(todo(dir.path()).args(["list", "--format", "json"]));
    assert_eq!(o.code, Some(0));
    assert_no_c0("list --format json", &o.stdout);
    assert!(
        o.stdout.contains("\\u001b]0;pwned\\u0007\\u001b[2J title"),
        "{}",
        o.stdout
    );
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        v[0]["title"],
        format!("{EVIL} title"),
        "the value itself is intact"
    );
    for args in [
        &["show", "T-1", "--format", "json"][..],
        &["next", "--format", "json"],
        &["lint", "--format", "json"],
        &["lint", "--format", "sarif"],
        &["lint", "--format", "junit"],
    ] {
        let o = run(todo(dir.path()).args(args));
        assert_no_c0(&args.join(" "), &o.stdout);
    }
}

/// JSON, SARIF and XML escape every C0 control character (`\u001b`, `&#x1b;`); DEL and the
/// C1 range are left as the formats allow.
fn assert_no_c0(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| c < ' ' && c != '\n') {
        panic!("{what}: raw control character {c:?} in output:\n{text}");
    }
}

/// A real repository (libgit2) with the hostile file committed twice.
fn git_repo() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = git2::Repository::init(dir.path()).unwrap();
    let sig = git2::Signature::now("Eve \x1b]0;author\x07", "eve@example.com").unwrap();
    let commit = |text: &str, message: &str| {
        std::fs::write(dir.path().join("TODO.md"), text).unwrap();
        let mut index = git.index().unwrap();
        index.add_path(Path::new("TODO.md")).unwrap();
        index.write().unwrap();
        let tree = git.find_tree(index.write_tree().unwrap()).unwrap();
        let parents: Vec<git2::Commit> = git
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        git.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap();
    };
    let first = hostile();
    commit(&first, "first \x1b[2J");
    let second = first
        .replace("Status: BLOCKED", &format!("Status: READY{EVIL}"))
        .replace("- [ ] item", "- [x] item")
        .replace(
            "### T-2: second\x07 bell",
            &format!("### T-2: renamed {EVIL}"),
        );
    commit(&second, "second");
    // A working-tree change for `todo diff`.
    std::fs::write(
        dir.path().join("TODO.md"),
        second.replace("- [ ] T-3:", "- [x] T-3:") + &format!("- [ ] T-4: new {EVIL}\n"),
    )
    .unwrap();
    dir
}

#[test]
fn history_output_is_neutralised_too() {
    let dir = git_repo();
    for args in [
        &["log", "T-1"][..],
        &["log", "T-2"],
        &["blame", "T-1"],
        &["blame", "T-2"],
        &["diff"],
        &["diff", "HEAD~1"],
        &["diff", "HEAD~1", "--format", "md"],
        &["stats", "--history"],
    ] {
        let o = check_inert(dir.path(), args);
        assert_eq!(o.code, Some(0), "todo {}: {}", args.join(" "), o.stderr);
    }
    let o = check_inert(dir.path(), &["diff", "HEAD~1"]);
    assert!(o.stdout.contains(EVIL_SHOWN), "{}", o.stdout);
}

// --- 5. Writes stay inside the repository ----------------------------------------------------

#[test]
fn file_outside_the_repository_is_read_but_not_written() {
    let outside = tempfile::tempdir().unwrap();
    let theirs = outside.path().join("TODO.md");
    // `ready` has a safe fix (the schema's `READY`), so `lint --fix` would write too.
    let text = TWO.replace("Second task\nStatus: READY", "Second task\nStatus: ready");
    std::fs::write(&theirs, &text).unwrap();
    let dir = repo("");
    let arg = theirs.to_str().unwrap();
    // Reading is fine.
    todo(dir.path())
        .args(["--file", arg, "list", "--format", "ids"])
        .assert()
        .success()
        .stdout("T-1\nT-2\n");
    // Writing is refused, with one line, exit 2, for every writing command.
    for args in [
        &["move", "T-1", "IN-PROGRESS"][..],
        &["set", "T-1", "owner", "eve"],
        &["add", "Another"],
        &["lint", "--fix"],
    ] {
        let mut all = vec!["--file", arg];
        all.extend(args);
        let o = run(todo(dir.path()).args(&all));
        assert_eq!(o.code, Some(2), "{all:?}: {}", o.stderr);
        assert_eq!(o.stderr.lines().count(), 1, "{}", o.stderr);
        assert!(
            o.stderr.contains("is outside the repository") && o.stderr.contains(arg),
            "{}",
            o.stderr
        );
    }
    assert_eq!(read(&theirs), text);
    assert_eq!(names(outside.path()), ["TODO.md"]);
    // Relative paths that climb out, and no git repository at all (the -C directory bounds).
    let plain = tempfile::tempdir().unwrap();
    let inner = plain.path().join("inner");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(plain.path().join("TODO.md"), TWO).unwrap();
    let o = run(todo(plain.path()).args([
        "-C",
        "inner",
        "--file",
        "../TODO.md",
        "move",
        "T-1",
        "DONE",
    ]));
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains("is outside the repository"),
        "{}",
        o.stderr
    );
    assert_eq!(read(&plain.path().join("TODO.md")), TWO);
}

#[cfg(unix)]
#[test]
fn symlinked_task_file_pointing_outside_is_not_written() {
    let outside = tempfile::tempdir().unwrap();
    let theirs = outside.path().join("shared.md");
    std::fs::write(&theirs, TWO).unwrap();
    let dir = repo("");
    std::fs::remove_file(dir.path().join("TODO.md")).unwrap();
    std::os::unix::fs::symlink(&theirs, dir.path().join("TODO.md")).unwrap();
    todo(dir.path())
        .args(["--file", "TODO.md", "list", "--format", "ids"])
        .assert()
        .success()
        .stdout("T-1\nT-2\n");
    let o = run(todo(dir.path()).args(["--file", "TODO.md", "move", "T-1", "IN-PROGRESS"]));
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains("TODO.md: is outside the repository"),
        "{}",
        o.stderr
    );
    assert_eq!(read(&theirs), TWO);
    // A link that stays inside the repository is followed, and stays a link.
    let inside = dir.path().join("docs");
    std::fs::create_dir(&inside).unwrap();
    std::fs::write(inside.join("tasks.md"), TWO).unwrap();
    std::fs::remove_file(dir.path().join("TODO.md")).unwrap();
    std::os::unix::fs::symlink("docs/tasks.md", dir.path().join("TODO.md")).unwrap();
    todo(dir.path())
        .args(["--file", "TODO.md", "move", "T-1", "IN-PROGRESS"])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(dir.path().join("TODO.md"))
            .unwrap()
            .is_symlink()
    );
    assert!(read(&inside.join("tasks.md")).contains("Status: IN-PROGRESS"));
}

#[test]
fn archive_and_to_targets_outside_the_repository_are_refused() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let text = TWO.replace(
        "### T-2: Second task\nStatus: READY",
        "### T-2: Second task\nStatus: DONE",
    );
    std::fs::write(root.join("TODO.md"), &text).unwrap();
    // `.todo.yml` naming an archive outside the repository.
    std::fs::write(root.join(".todo.yml"), "archive: ../stolen.md\n").unwrap();
    let o = run(todo(&root).arg("archive"));
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.contains("is outside the repository"),
        "{}",
        o.stderr
    );
    let o = run(todo(&root).args(["move", "T-1", "DONE"]));
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(!parent.path().join("stolen.md").exists());
    assert_eq!(read(&root.join("TODO.md")), text);
    // `--to` outside, plain and through a symlinked directory.
    std::fs::remove_file(root.join(".todo.yml")).unwrap();
    for to in ["../stolen.md", "/tmp/../stolen.md"] {
        let o = run(todo(&root).args(["move", "T-1", "REVIEW", "--to", to]));
        assert_eq!(o.code, Some(2), "{to}: {}", o.stderr);
        assert!(o.stderr.contains("outside the repository"), "{}", o.stderr);
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(parent.path(), root.join("up")).unwrap();
        let o = run(todo(&root).args(["move", "T-1", "REVIEW", "--to", "up/stolen.md"]));
        assert_eq!(o.code, Some(2), "{}", o.stderr);
        assert!(o.stderr.contains("outside the repository"), "{}", o.stderr);
    }
    assert!(!parent.path().join("stolen.md").exists());
    assert_eq!(read(&root.join("TODO.md")), text);
}

// --- 5. `todo hook install` and symbolic links ----------------------------------------------

fn git_init() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    git2::Repository::init(dir.path()).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn hook_install_never_writes_through_a_symlink() {
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("their-hook");
    std::fs::write(&target, "#!/bin/sh\necho theirs\n").unwrap();
    // pre-commit is a link to a file outside .git/hooks, or a dangling link.
    for dangling in [false, true] {
        let dir = git_init();
        let hooks = dir.path().join(".git/hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        let to = if dangling {
            elsewhere.path().join("missing-hook")
        } else {
            target.clone()
        };
        std::os::unix::fs::symlink(&to, hooks.join("pre-commit")).unwrap();
        for force in [false, true] {
            let mut cmd = todo(dir.path());
            cmd.args(["hook", "install"]);
            if force {
                cmd.arg("--force");
            }
            let o = run(&mut cmd);
            assert_eq!(o.code, Some(2), "{}", o.stderr);
            assert_eq!(o.stderr.lines().count(), 1);
            assert!(o.stderr.contains("is a symbolic link"), "{}", o.stderr);
        }
        assert!(
            std::fs::symlink_metadata(hooks.join("pre-commit"))
                .unwrap()
                .is_symlink()
        );
        assert!(!hooks.join("pre-commit.local").exists());
    }
    assert_eq!(read(&target), "#!/bin/sh\necho theirs\n");
    assert_eq!(names(elsewhere.path()), ["their-hook"]);
    // .git/hooks itself is a link to a directory outside .git.
    let dir = git_init();
    let hooks = dir.path().join(".git/hooks");
    let _ = std::fs::remove_dir_all(&hooks);
    let shared = elsewhere.path().join("shared-hooks");
    std::fs::create_dir(&shared).unwrap();
    std::os::unix::fs::symlink(&shared, &hooks).unwrap();
    let o = run(todo(dir.path()).args(["hook", "install", "--force"]));
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(o.stderr.contains("is a symbolic link"), "{}", o.stderr);
    assert_eq!(names(&shared), Vec::<String>::new());
}

// --- 5. Nothing in a task file or .todo.yml runs a program ----------------------------------

/// A directory of trap programs named like everything `todo` could conceivably run; each
/// records its name in `log` when run.
#[cfg(unix)]
fn traps(dir: &Path, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("trap-bin");
    std::fs::create_dir(&bin).unwrap();
    for name in [
        "git",
        "sh",
        "bash",
        "dash",
        "zsh",
        "env",
        "vi",
        "vim",
        "nano",
        "emacs",
        "ed",
        "less",
        "more",
        "pager",
        "editor",
        "xdg-open",
        "open",
        "gpg",
        "ssh",
        "curl",
        "wget",
        "python3",
        "perl",
        "touch",
        "trap-editor",
    ] {
        let p = bin.join(name);
        std::fs::write(
            &p,
            format!("#!/bin/sh\necho {name} \"$@\" >> '{}'\n", log.display()),
        )
        .unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

#[cfg(unix)]
#[test]
fn no_task_file_or_config_makes_todo_run_a_program() {
    let dir = git_repo();
    let work = tempfile::tempdir().unwrap();
    let log = work.path().join("ran.log");
    let bin = traps(work.path(), &log);
    let marker = work.path().join("pwned");
    let m = marker.display();
    // Shell syntax everywhere text goes: titles, fields, config values.
    let text = format!(
        "# Tasks $(touch {m})\n\n### T-1: `touch {m}` $(touch {m}); touch {m}\nStatus: READY\n\
         Owner: |touch {m}\nDependencies: None\n\n### T-2: done\nStatus: DONE\n"
    );
    std::fs::write(dir.path().join("TODO.md"), &text).unwrap();
    std::fs::write(
        dir.path().join(".todo.yml"),
        format!(
            "archive: \"$(touch {m}).md\"\nstates:\n  \"$(touch {m})\": done\n\
             lint:\n  unknown-field: off\n"
        ),
    )
    .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let trap = |args: &[&str]| {
        todo(dir.path())
            .args(args)
            .env("PATH", &path)
            .env("EDITOR", "trap-editor")
            .env("VISUAL", "trap-editor")
            .env("PAGER", "pager")
            .env("GIT_PAGER", "pager")
            .env("GIT_EDITOR", "editor")
            .assert()
            .get_output()
            .clone()
    };
    for args in [
        &["list"][..],
        &["show", "T-1"],
        &["ready"],
        &["next"],
        &["lint"],
        &["lint", "--fix"],
        &["stats", "--history"],
        &["log", "T-1"],
        &["blame", "T-1"],
        &["diff"],
        &["move", "T-1", "IN-PROGRESS", "--commit"],
        &["set", "T-1", "owner", "mallory"],
        &["add", "Another $(touch pwned)"],
        &["archive"],
        &["hook", "install"],
        &["--ref", "HEAD", "list"],
        &["lint", "--staged"],
    ] {
        trap(args);
        assert!(!log.exists(), "todo {} ran: {}", args.join(" "), read(&log));
        assert!(!marker.exists(), "todo {}", args.join(" "));
    }
    // `todo edit` runs the editor the user chose, and only that (through sh, as documented).
    let o = trap(&["edit", "T-1"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ran = read(&log);
    assert_eq!(ran.lines().count(), 1, "{ran}");
    assert!(
        ran.starts_with("sh -c trap-editor \"$1\" todo-edit "),
        "{ran}"
    );
    assert!(!marker.exists());
}
