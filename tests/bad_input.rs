//! The bad-input matrix: every kind of hostile or broken task file `todo` may meet, each with
//! its exact expected outcome. Every case ends in a correct result or a one-line error with
//! exit code 2, within a bounded time (each process runs under a timeout, so a hang fails the
//! test), and leaves every file in the directory byte for byte as it was.
//!
//! docs/reliability.md lists these cases with their outcomes.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

use common::{QUICK, repo, todo};

/// A bound for the 100 MB and 100,000-task inputs (about 3–8 s in a debug build).
const SLOW: Duration = Duration::from_secs(180);

/// Every file under `dir` (outside `.git`) with its bytes, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let kind = e.file_type().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            if kind.is_dir() {
                if e.file_name() != ".git" {
                    stack.push(e.path());
                }
                out.push((rel, None));
            } else if kind.is_file() {
                // An unreadable file is compared by name only.
                out.push((rel, std::fs::read(e.path()).ok()));
            } else {
                out.push((rel, None));
            }
        }
    }
    out.sort();
    out
}

/// The outcome of one run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `todo ARGS` in `dir` within `limit` and checks that no file changed.
fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Run {
    let before = snapshot(dir);
    let out = todo(dir)
        .args(args)
        .timeout(limit)
        .assert()
        .get_output()
        .clone();
    assert_eq!(
        snapshot(dir),
        before,
        "`todo {}` changed a file",
        args.join(" ")
    );
    Run {
        code: out.status.code().expect("killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, QUICK)
}

/// `todo list --format json`: succeeds, prints nothing on stderr; the tasks.
fn tasks_in(dir: &Path, args: &[&str], limit: Duration) -> Vec<serde_json::Value> {
    let mut all = args.to_vec();
    all.extend(["list", "--format", "json"]);
    let r = run_in(dir, &all, limit);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, ""),
        "todo {}",
        all.join(" ")
    );
    serde_json::from_str::<serde_json::Value>(&r.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn tasks(dir: &Path) -> Vec<serde_json::Value> {
    tasks_in(dir, &[], QUICK)
}

/// (id, title) of each task.
fn ids_titles(tasks: &[serde_json::Value]) -> Vec<(Option<String>, String)> {
    tasks
        .iter()
        .map(|t| {
            (
                t["id"].as_str().map(str::to_string),
                t["title"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn some(id: &str, title: &str) -> (Option<String>, String) {
    (Some(id.to_string()), title.to_string())
}

/// Asserts what `todo list --format json` says where no task file is found: an empty list,
/// exit 1, and which files it looked for on stderr.
fn assert_no_task_files(r: &Run) {
    assert_eq!((r.code, r.stdout.trim()), (1, "[]"), "{}", r.stderr);
    assert!(r.stderr.contains("no task files found"), "{}", r.stderr);
}

/// Asserts exit code 2 and exactly one line on stderr, `todo: …` ending in `ending`, and
/// nothing on stdout.
fn assert_error_line(r: &Run, ending: &str) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr.lines().count(), 1, "one line: {:?}", r.stderr);
    assert!(r.stderr.starts_with("todo: "), "{:?}", r.stderr);
    assert!(
        r.stderr.ends_with(&format!("{ending}\n")),
        "{:?} should end with {ending:?}",
        r.stderr
    );
}

/// The error for a task file with these bytes, through discovery, `--file` and an edit.
fn assert_refused(bytes: &[u8], ending: &str) {
    let dir = repo(bytes);
    assert_error_line(&run(dir.path(), &["list"]), &format!("TODO.md{ending}"));
    assert_error_line(
        &run(
            dir.path(),
            &["--file", "TODO.md", "list", "--format", "json"],
        ),
        &format!("TODO.md{ending}"),
    );
    assert_error_line(&run(dir.path(), &["lint"]), &format!("TODO.md{ending}"));
    assert_error_line(
        &run(dir.path(), &["move", "T-1", "DONE"]),
        &format!("TODO.md{ending}"),
    );
}

// --- empty and near-empty files ---

#[test]
fn empty_file_has_no_tasks() {
    let dir = repo(b"");
    assert!(tasks(dir.path()).is_empty());
    let r = run(dir.path(), &["list", "--color", "never"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "0 tasks\n"));
    let r = run(dir.path(), &["lint", "--format", "concise"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.path(), &["next"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, "todo: no task is ready\n"));
}

#[test]
fn whitespace_only_file_has_no_tasks() {
    let dir = repo(b"   \n\t\n \t \r\n\r\n\n    \n");
    assert!(tasks(dir.path()).is_empty());
    assert_eq!(run(dir.path(), &["lint", "--format", "concise"]).code, 0);
}

#[test]
fn file_without_tasks_has_no_tasks() {
    // Headings, prose, a table and a quote: nothing a task style recognises.
    let dir = repo(
        b"# Notes\n\nSome prose about the project.\n\n## Ideas\n\nMore prose.\n\n\
          | a | b |\n|---|---|\n| 1 | 2 |\n\n> A quotation.\n",
    );
    assert!(tasks(dir.path()).is_empty());
    assert_eq!(run(dir.path(), &["lint", "--format", "concise"]).code, 0);
    // Plain bullets are tasks only in a file that calls itself a task list (the freeform
    // fallback of docs/format.md); in notes.md they are not.
    std::fs::write(
        dir.path().join("notes.md"),
        "# Meeting notes\n\n- a bullet\n- another\n",
    )
    .unwrap();
    assert!(tasks_in(dir.path(), &["--file", "notes.md"], QUICK).is_empty());
}

// --- sizes ---

#[test]
fn hundred_megabyte_file_is_read_in_bounded_time() {
    // 100 MiB of heading tasks, each with a 4 KB description.
    let body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n"
        .repeat(50);
    let mut text = String::with_capacity(101 * 1024 * 1024);
    let mut n = 0;
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(&format!(
            "### T-{n}: Task number {n}\nStatus: READY\nPriority: P2\n\n{body}\n"
        ));
        n += 1;
    }
    let dir = repo(text.as_bytes());
    drop(text);
    let r = run_in(dir.path(), &["list", "--format", "ids"], SLOW);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ids: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(ids.len(), n);
    assert_eq!(ids[0], "T-0");
    assert_eq!(ids[n - 1], format!("T-{}", n - 1));
}

#[test]
fn file_over_the_size_limit_is_refused_unread() {
    let dir = repo(b"");
    // A sparse file: 300 MiB on paper, no disk used; refused from its size alone.
    let f = std::fs::File::options()
        .write(true)
        .open(dir.path().join("TODO.md"))
        .unwrap();
    f.set_len(300 * 1024 * 1024).unwrap();
    drop(f);
    for args in [&["list"][..], &["lint"], &["move", "T-1", "DONE"]] {
        let r = run_in(dir.path(), args, Duration::from_secs(10));
        assert_error_line(
            &r,
            "TODO.md: 314572800 bytes, over the 256 MiB limit for a task file",
        );
    }
}

#[test]
fn ten_megabyte_line_is_one_title() {
    let long = "word ".repeat(2 * 1024 * 1024); // 10 MiB
    let text = format!("- [ ] T-1: {long}\n- [ ] T-2: short\n");
    let dir = repo(text.as_bytes());
    let t = tasks(dir.path());
    assert_eq!(t.len(), 2);
    assert_eq!(t[0]["id"], "T-1");
    assert_eq!(t[0]["title"].as_str().unwrap(), long.trim_end());
    assert_eq!(t[1]["title"], "short");
    // An edit of the other task changes one byte and keeps the long line.
    todo(dir.path())
        .args(["move", "T-2", "done", "--no-touch-date"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("TODO.md")).unwrap(),
        format!("- [ ] T-1: {long}\n- [x] T-2: short\n")
    );
}

// --- deep nesting ---

#[test]
fn lists_nested_ten_thousand_deep() {
    // `- - - … - [ ] T-1` opens 10,000 lists on one line; a task-list item is a task however
    // deeply it is nested.
    let text = format!(
        "{}[ ] T-1: deep task\n\n- [ ] T-2: after the deep list\n",
        "- ".repeat(10_000)
    );
    let dir = repo(text.as_bytes());
    assert_eq!(
        ids_titles(&tasks(dir.path())),
        [some("T-1", "deep task"), some("T-2", "after the deep list")]
    );
    assert_eq!(run(dir.path(), &["lint", "--format", "concise"]).code, 0);
    let r = run(dir.path(), &["show", "T-1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn block_quotes_nested_ten_thousand_deep() {
    let text = format!(
        "{}- [ ] T-1: deep task\n\n{}deep prose\n\n- [ ] T-2: after the quotes\n",
        "> ".repeat(10_000),
        ">".repeat(10_000)
    );
    let dir = repo(text.as_bytes());
    assert_eq!(
        ids_titles(&tasks(dir.path())),
        [some("T-1", "deep task"), some("T-2", "after the quotes")]
    );
    assert_eq!(run(dir.path(), &["lint", "--format", "concise"]).code, 0);
}

// --- encodings and bytes ---

#[test]
fn invalid_utf8_is_refused_with_its_position() {
    assert_refused(
        b"# Tasks\n- [ ] T-1: ok \xff\xfe broken\n",
        ":2:15: not valid UTF-8 (task files must be UTF-8 text)",
    );
    // A truncated multi-byte character at the very end.
    assert_refused(
        b"- [ ] T-1: caf\xc3",
        ":1:15: not valid UTF-8 (task files must be UTF-8 text)",
    );
}

#[test]
fn nul_bytes_are_refused_as_binary() {
    assert_refused(
        b"- [ ] T-1: a\0b\n",
        ": binary file (NUL byte at offset 12)",
    );
}

fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

#[test]
fn utf16_with_bom_is_refused() {
    let text = "# Tasks\r\n\r\n- [ ] T-1: Write the parser\r\n";
    for little in [true, false] {
        assert_refused(
            &utf16(text, little),
            ": UTF-16 text is not supported (convert the file to UTF-8)",
        );
    }
    // Without its BOM, UTF-16 holds NUL bytes: refused as binary.
    let mut bare = utf16(text, true);
    bare.drain(..2);
    assert_refused(&bare, ": binary file (NUL byte at offset 1)");
}

#[test]
fn utf8_bom_is_kept_and_read() {
    let dir = repo("\u{feff}- [ ] T-1: after a BOM\n".as_bytes());
    assert_eq!(ids_titles(&tasks(dir.path())), [some("T-1", "after a BOM")]);
}

// --- line endings and tabs ---

#[test]
fn mixed_line_endings_and_lone_cr() {
    let text = "# Tasks\r\n\r\n### T-1: crlf task\r\nStatus: READY\r\n\n### T-2: lf task\n\
                Status: DONE\n\r### T-3: after a lone cr\rStatus: BLOCKED\r\r## Checkboxes\r\n\
                \r\n- [ ] T-4: crlf box\r\n- [x] T-5: lf box\n- [ ] T-6: cr box\r";
    let dir = repo(text.as_bytes());
    let t = tasks(dir.path());
    let got: Vec<(&str, &str, &str, u64)> = t
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap(),
                t["title"].as_str().unwrap(),
                t["state"].as_str().unwrap(),
                t["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("T-1", "crlf task", "todo", 3),
            ("T-2", "lf task", "done", 6),
            ("T-3", "after a lone cr", "blocked", 9),
            ("T-4", "crlf box", "todo", 14),
            ("T-5", "lf box", "done", 15),
            ("T-6", "cr box", "todo", 16),
        ]
    );
    // An edit changes only the value's bytes; every line ending stays as it was.
    todo(dir.path())
        .args(["move", "T-3", "READY", "--no-touch-date"])
        .assert()
        .success()
        .stdout("T-3: status BLOCKED → READY (TODO.md:10)\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("TODO.md")).unwrap(),
        text.replace("Status: BLOCKED", "Status: READY")
    );
}

#[test]
fn tabs_separate_and_indent() {
    let text = "#\tTasks\n\n###\tT-1:\tTab\ttitle\nStatus:\tREADY\nPriority:\tP1\n\n\
                ##\tBoxes\n\n-\t[ ]\tT-2:\ttabbed checkbox\n\t- [ ] nested item\n- [x] T-3: x\n\n\
                ## Code\n\n\t- [ ] T-4: a tab-indented line is code\n";
    let dir = repo(text.as_bytes());
    let t = tasks(dir.path());
    assert_eq!(
        ids_titles(&t),
        [
            some("T-1", "Tab\ttitle"),
            some("T-2", "tabbed checkbox"),
            some("T-3", "x")
        ]
    );
    assert_eq!(t[0]["status"], "READY");
    assert_eq!(t[0]["priority"], "P1");
    assert_eq!(t[1]["criteria"]["total"], 1);
    // The table shows the tab as a space.
    let r = run(dir.path(), &["list", "--color", "never"]);
    assert!(r.stdout.contains(" T-1  Tab title "), "{}", r.stdout);
}

// --- things that look like tasks and are not ---

#[test]
fn tasks_in_code_blocks_and_html_comments_are_not_tasks() {
    let text = [
        "# Tasks",
        "",
        "```markdown",
        "- [ ] T-1: in a fence",
        "### T-2: heading in a fence",
        "Status: READY",
        "```",
        "",
        "~~~",
        "- [ ] T-3: in a tilde fence",
        "~~~",
        "",
        "    - [ ] T-4: indented code",
        "    ### T-5: indented heading",
        "",
        "<!--",
        "- [ ] T-6: in a comment",
        "### T-7: in a comment",
        "-->",
        "",
        "<!-- - [ ] T-8: one-line comment -->",
        "",
        "- [ ] T-9: the only real task",
        "",
        "```",
        "an unclosed fence swallows the rest",
        "- [ ] T-10: in an unclosed fence",
        "",
    ]
    .join("\n");
    let dir = repo(text.as_bytes());
    assert_eq!(
        ids_titles(&tasks(dir.path())),
        [some("T-9", "the only real task")]
    );
    let r = run(dir.path(), &["show", "T-1"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "todo: no task `T-1`; did you mean `T-9`?\n")
    );
}

#[test]
fn setext_headings_are_headings() {
    let text = "T-1: A setext task\n==================\nStatus: READY\n\n\
                T-2: Another\n------------\nStatus: DONE\n\nNotes\n=====\n\n\
                - [ ] T-3: under a setext section\n";
    let dir = repo(text.as_bytes());
    let t = tasks(dir.path());
    assert_eq!(
        ids_titles(&t),
        [
            some("T-1", "A setext task"),
            some("T-2", "Another"),
            some("T-3", "under a setext section")
        ]
    );
    assert_eq!(t[0]["status"], "READY");
    assert_eq!(t[1]["state"], "done");
    assert_eq!(t[2]["section"], serde_json::json!(["Notes"]));
}

#[test]
fn ids_with_non_ascii_letters_are_not_ids() {
    // IDs are ASCII (docs/format.md, "IDs"); a task led by `Δ-2` is a task without an ID
    // whose title keeps the text, reachable by FILE:LINE.
    let text = "## Heading tasks\n\n### T-1: Ünïcödé title 漢字\nStatus: READY\n\n\
                ### Δ-2: Greek id\nStatus: READY\n\n## Checkboxes\n\n\
                - [ ] ТЗ-3: cyrillic\n- [ ] T-é4: accent in the id\n- [ ] T-5é: glued\n";
    let dir = repo(text.as_bytes());
    let t = tasks(dir.path());
    assert_eq!(
        ids_titles(&t),
        [
            some("T-1", "Ünïcödé title 漢字"),
            (None, "Δ-2: Greek id".to_string()),
            (None, "ТЗ-3: cyrillic".to_string()),
            (None, "T-é4: accent in the id".to_string()),
            (None, "T-5é: glued".to_string()),
        ]
    );
    let r = run(dir.path(), &["show", "Δ-2"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("todo: no task `Δ-2`"), "{}", r.stderr);
    let r = run(dir.path(), &["show", "TODO.md:6"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("Δ-2: Greek id\n"), "{}", r.stdout);
    assert_eq!(run(dir.path(), &["lint", "--format", "concise"]).code, 0);
}

// --- a long dependency chain ---

/// `- [ ] T-i` depending on `T-(i+1)`, for i in 1..=n; the last depends on `last_dep`.
fn chain(n: usize, last_dep: &str) -> String {
    let mut s = String::with_capacity(n * 48);
    for i in 1..n {
        s.push_str(&format!(
            "- [ ] T-{i}: task {i}\n  Dependencies: T-{}\n",
            i + 1
        ));
    }
    s.push_str(&format!(
        "- [ ] T-{n}: task {n}\n  Dependencies: {last_dep}\n"
    ));
    s
}

#[test]
fn dependency_cycle_100_000_long_is_found_without_overflow() {
    let n = 100_000;
    let dir = repo(chain(n, "T-1").as_bytes());
    let r = run_in(dir.path(), &["lint", "--format", "json"], SLOW);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let ds = v["diagnostics"].as_array().unwrap();
    assert_eq!(ds.len(), 1, "one cycle, reported once");
    assert_eq!(ds[0]["rule"], "dependency-cycle");
    let message = ds[0]["message"].as_str().unwrap();
    assert!(message.starts_with("dependency cycle: T-1 → T-2 → T-3 → "));
    assert!(message.ends_with(&format!(" → T-{n} → T-1")));
    assert_eq!(message.matches(" → ").count(), n);
    assert_eq!(v["summary"]["tasks"], n);
}

#[test]
fn dependency_chain_100_000_long_has_one_ready_task() {
    let n = 100_000;
    let dir = repo(chain(n, "None").as_bytes());
    let r = run_in(dir.path(), &["ready", "--format", "ids"], SLOW);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "T-100000\n"),
        "{}",
        r.stderr
    );
}

// --- paths that are not readable files ---

#[test]
fn directory_passed_as_a_file() {
    let dir = repo(b"- [ ] T-1: x\n");
    std::fs::create_dir(dir.path().join("tasks.md")).unwrap();
    for args in [
        &["--file", "tasks.md", "list"][..],
        &["--file", "tasks.md", "lint"],
        &["--file", "tasks.md", "move", "T-1", "DONE"],
        &["lint", "tasks.md"],
    ] {
        assert_error_line(&run(dir.path(), args), "tasks.md: not a regular file");
    }
    // A directory named like a task file is not discovered.
    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir(empty.path().join(".git")).unwrap();
    std::fs::create_dir(empty.path().join("TODO.md")).unwrap();
    assert_no_task_files(&run(empty.path(), &["list", "--format", "json"]));
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn fifo_passed_as_a_file_is_refused_without_blocking() {
    let dir = repo(b"- [ ] T-1: x\n");
    mkfifo(&dir.path().join("pipe.md"));
    for args in [
        &["--file", "pipe.md", "list"][..],
        &["--file", "pipe.md", "move", "T-1", "DONE"],
        &["lint", "pipe.md"],
    ] {
        let r = run_in(dir.path(), args, Duration::from_secs(10));
        assert_error_line(&r, "pipe.md: not a regular file");
    }
    // A FIFO named TODO.md is not discovered (and never opened).
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join(".git")).unwrap();
    mkfifo(&other.path().join("TODO.md"));
    let r = run_in(
        other.path(),
        &["list", "--format", "json"],
        Duration::from_secs(10),
    );
    assert_no_task_files(&r);
}

#[test]
fn missing_file() {
    let dir = repo(b"- [ ] T-1: x\n");
    for args in [
        &["--file", "missing.md", "list"][..],
        &["--file", "missing.md", "move", "T-1", "DONE"],
        &["lint", "missing.md"],
    ] {
        // The OS error appears once, not once per layer.
        let r = run(dir.path(), args);
        assert_error_line(&r, "missing.md: No such file or directory (os error 2)");
    }
    let r = run(dir.path(), &["-C", "no-such-dir", "list"]);
    assert_error_line(&r, "no-such-dir: No such file or directory (os error 2)");
}

/// True when this process can read files regardless of their permissions (root).
#[cfg(unix)]
fn privileged(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join(".probe");
    std::fs::write(&probe, "").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(&probe).unwrap();
    uid == 0
}

#[cfg(unix)]
#[test]
fn file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let dir = repo(b"- [ ] T-1: x\n");
    let root = privileged(dir.path());
    let file = dir.path().join("TODO.md");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o200)).unwrap();
    if root {
        // Root reads everything: the runs below are made as `nobody`, for whom the
        // permission applies. `.git` is theirs to write in, as a checkout's is, so the edit
        // can take its write lock (`.git/todo.lock`) and meets the file's permission.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let git = dir.path().join(".git");
        std::fs::set_permissions(&git, std::fs::Permissions::from_mode(0o777)).unwrap();
    }
    for args in [&["list"][..], &["lint"], &["move", "T-1", "DONE"]] {
        let mut std_cmd = std::process::Command::new(env!("CARGO_BIN_EXE_todo"));
        std_cmd.current_dir(dir.path()).env_remove("TODO_FORMAT");
        if root {
            std_cmd.uid(65534).gid(65534);
        }
        let before = snapshot(dir.path());
        let out = Command::from_std(std_cmd)
            .args(args)
            .timeout(QUICK)
            .assert()
            .get_output()
            .clone();
        assert_eq!(snapshot(dir.path()), before);
        let r = Run {
            code: out.status.code().unwrap(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        };
        assert_error_line(&r, "TODO.md: Permission denied (os error 13)");
    }
}
