//! Many writers in one checkout: every edit lands, none is refused because another won a race.
//!
//! The writers are the real binary, started together behind a barrier (a start file each one
//! waits for). `TODO_TEST_PAUSE` (debug builds only) makes a writer stop while it holds the
//! write lock, after planning, so a test can change the file under it or kill it there.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use todo_md::{Document, TaskFile};

/// A bound far below what a hang would take.
const QUICK: Duration = Duration::from_secs(30);

/// Eight tasks, each ready, under a schema; T-9 has a checklist and T-10 is free to claim.
fn eight() -> String {
    let mut text = String::from(
        "# Work\n\n## Task schema\n- **Status**: `READY | IN-PROGRESS | DONE`\n- **Owner**: free\n\n## Now\n",
    );
    for i in 1..=8 {
        text.push_str(&format!(
            "\n### T-{i}: Chore number {i}\nStatus: READY\nOwner: team\n"
        ));
    }
    text.push_str(
        "\n### T-9: Ship the widget\nStatus: READY\nOwner: team\n- [x] build it\n- [x] try it\n\n### T-10: Tidy the shed\nStatus: READY\n",
    );
    text
}

/// A scratch git repository holding `TODO.md`.
fn scratch(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .unwrap()
        .success();
    assert!(ok);
    std::fs::write(dir.path().join("TODO.md"), text).unwrap();
    dir
}

fn todo(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_todo"));
    cmd.current_dir(dir)
        .env_remove("TODO_FORMAT")
        .env_remove("TODO_FAILPOINT")
        .env_remove("TODO_TEST_PAUSE")
        .env_remove("TODO_LOCK_TIMEOUT")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// `todo ARGS` started now, stopping (holding the lock) at the pause file `pause`.
fn paused(dir: &Path, pause: &Path, args: &[&str]) -> Child {
    let child = todo(dir)
        .env("TODO_TEST_PAUSE", pause)
        .args(args)
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !pause.exists() {
        assert!(
            start.elapsed() < QUICK,
            "the writer never reached its pause"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child
}

struct Done {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn wait(child: Child) -> Done {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let o = rx
        .recv_timeout(QUICK)
        .expect("a todo process hung")
        .unwrap();
    Done {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("TODO.md")).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// What the rounds of [`race`] measured.
#[derive(Debug, Default)]
struct Figures {
    rounds: usize,
    landed: usize,
    waits_over_1s: usize,
    /// The longest time from the barrier to a writer's exit: an upper bound of its wait.
    longest: Duration,
}

/// `rounds` rounds of eight `todo move`s of different tasks, released at once by a start
/// file; every edit must land and the file must be the original with exactly those changes.
fn race(rounds: usize) -> Figures {
    let original = eight();
    let dir = scratch(&original);
    let start: PathBuf = dir.path().join("start");
    let mut expected = original.clone();
    for i in 1..=8 {
        expected = expected.replace(
            &format!("### T-{i}: Chore number {i}\nStatus: READY"),
            &format!("### T-{i}: Chore number {i}\nStatus: IN-PROGRESS"),
        );
    }
    let mut figures = Figures {
        rounds,
        ..Figures::default()
    };
    for round in 0..rounds {
        std::fs::write(dir.path().join("TODO.md"), &original).unwrap();
        let _ = std::fs::remove_file(&start);
        let writers: Vec<Child> = (1..=8)
            .map(|i| {
                // The barrier: each writer waits for the start file, then runs `todo move`.
                Command::new("sh")
                    .arg("-c")
                    .arg(
                        "while [ ! -e start ]; do sleep 0.001; done; exec \"$0\" move \"$1\" IN-PROGRESS",
                    )
                    .arg(env!("CARGO_BIN_EXE_todo"))
                    .arg(format!("T-{i}"))
                    .current_dir(dir.path())
                    .env_remove("TODO_FORMAT")
                    .env_remove("TODO_FAILPOINT")
                    .env_remove("TODO_TEST_PAUSE")
                    .env_remove("TODO_LOCK_TIMEOUT")
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        std::thread::sleep(Duration::from_millis(30));
        let released = Instant::now();
        std::fs::write(&start, "").unwrap();
        for (i, w) in writers.into_iter().enumerate() {
            let o = wait(w);
            figures.longest = figures.longest.max(released.elapsed());
            let id = format!("T-{}", i + 1);
            assert_eq!(o.code, Some(0), "round {round}, {id}: {}", o.stderr);
            assert!(
                o.stdout
                    .starts_with(&format!("{id}: status READY → IN-PROGRESS")),
                "round {round}, {id}: {}",
                o.stdout
            );
            // Silence, or the one line of a wait longer than a second.
            match o.stderr.lines().collect::<Vec<_>>()[..] {
                [] => {}
                [line] if line.starts_with("todo: waiting for the write lock held by pid ") => {
                    figures.waits_over_1s += 1;
                }
                _ => panic!("round {round}, {id}: {}", o.stderr),
            }
            figures.landed += 1;
        }
        let text = read(dir.path());
        assert_eq!(text, expected, "round {round}: an edit was lost");
        let file = TaskFile::parse(Document::from_string("TODO.md", text));
        let in_progress = file
            .tasks
            .iter()
            .filter(|t| t.status() == Some("IN-PROGRESS"))
            .count();
        assert_eq!((file.tasks.len(), in_progress), (10, 8), "round {round}");
        assert_eq!(
            names(dir.path()),
            [".git", "TODO.md", "start"],
            "round {round}"
        );
        assert!(!dir.path().join(".git/todo.lock").exists(), "round {round}");
    }
    figures
}

#[test]
fn eight_writers_of_different_tasks_all_land() {
    let figures = race(10);
    assert_eq!(figures.landed, 80);
    eprintln!("{figures:?}");
}

/// The full 100 rounds, with the figures: `cargo test --test writers -- --ignored --nocapture`
/// (scripts/writers.sh runs it).
#[test]
#[ignore]
fn eight_writers_hundred_rounds() {
    let rounds = std::env::var("TODO_WRITERS_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(100);
    let f = race(rounds);
    println!(
        "rounds {}, landed {} of {}, waits over 1 s {}, longest wait (barrier to exit) {:.0} ms",
        f.rounds,
        f.landed,
        f.rounds * 8,
        f.waits_over_1s,
        f.longest.as_secs_f64() * 1000.0
    );
}

#[test]
fn a_compatible_change_meanwhile_is_planned_again_and_both_land() {
    let original = eight();
    let dir = scratch(&original);
    let pause = dir.path().join("pause");
    let writer = paused(dir.path(), &pause, &["move", "T-1", "IN-PROGRESS"]);
    // An editor (no lock) changes another task while the writer holds its plan.
    let theirs = original.replace("Chore number 5", "Chore number five");
    std::fs::write(dir.path().join("TODO.md"), &theirs).unwrap();
    std::fs::remove_file(&pause).unwrap();
    let o = wait(writer);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert_eq!(o.stderr, "");
    assert_eq!(
        read(dir.path()),
        theirs.replacen("Status: READY", "Status: IN-PROGRESS", 1)
    );
}

#[test]
fn an_incompatible_change_meanwhile_is_refused_naming_it() {
    let original = eight();
    let dir = scratch(&original);
    let pause = dir.path().join("pause");
    // A claim of T-10; meanwhile someone else takes T-10 by hand.
    let writer = paused(dir.path(), &pause, &["claim", "T-10", "--as", "ana"]);
    let theirs = original.replace(
        "### T-10: Tidy the shed\nStatus: READY\n",
        "### T-10: Tidy the shed\nStatus: IN-PROGRESS\nOwner: bob\n",
    );
    std::fs::write(dir.path().join("TODO.md"), &theirs).unwrap();
    std::fs::remove_file(&pause).unwrap();
    let o = wait(writer);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "todo: TODO.md changed on disk during this edit (T-10's status became IN-PROGRESS, was READY), and the edit no longer applies: T-10 is held by bob; use --steal to take it anyway\n"
    );
    assert_eq!(o.stdout, "");
    assert_eq!(read(dir.path()), theirs, "the other writer's bytes stay");

    // Moving T-9 to done while someone unticks one of its items: the done guard refuses.
    std::fs::write(dir.path().join("TODO.md"), &original).unwrap();
    let writer = paused(dir.path(), &pause, &["move", "T-9", "DONE"]);
    let theirs = original.replace("- [x] try it", "- [ ] try it");
    std::fs::write(dir.path().join("TODO.md"), &theirs).unwrap();
    std::fs::remove_file(&pause).unwrap();
    let o = wait(writer);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr.starts_with(
            "todo: TODO.md changed on disk during this edit (T-9's checklist item 2 is now open), and the edit no longer applies: T-9 is not finished"
        ),
        "{}",
        o.stderr
    );
    assert_eq!(read(dir.path()), theirs);

    // Ticking item 1 by number while its text is rewritten: the item is no longer the same.
    std::fs::write(dir.path().join("TODO.md"), &original).unwrap();
    let writer = paused(dir.path(), &pause, &["uncheck", "T-9", "1"]);
    let theirs = original.replace("- [x] build it", "- [x] buy it");
    std::fs::write(dir.path().join("TODO.md"), &theirs).unwrap();
    std::fs::remove_file(&pause).unwrap();
    let o = wait(writer);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("T-9's checklist item 1 now reads `buy it`, was `build it`"),
        "{}",
        o.stderr
    );
    assert_eq!(read(dir.path()), theirs);
}

#[test]
fn a_writer_killed_holding_the_lock_is_taken_over_with_one_warning() {
    let original = eight();
    let dir = scratch(&original);
    let pause = dir.path().join("pause");
    let mut victim = paused(dir.path(), &pause, &["move", "T-1", "IN-PROGRESS"]);
    let pid = victim.id();
    victim.kill().unwrap(); // SIGKILL
    victim.wait().unwrap();
    let lock = dir.path().join(".git/todo.lock");
    assert!(lock.exists(), "the killed writer's record is left behind");
    // doctor names it.
    let o = wait(todo(dir.path()).arg("doctor").spawn().unwrap());
    assert!(
        o.stdout.contains(&format!(
            "was left by a process that ended without releasing it (pid {pid} on "
        )),
        "{}",
        o.stdout
    );
    let started = Instant::now();
    let o = wait(
        todo(dir.path())
            .args(["move", "T-2", "IN-PROGRESS"])
            .spawn()
            .unwrap(),
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "within the bounded wait"
    );
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", o.stderr);
    assert!(
        lines[0].starts_with(&format!(
            "todo: warning: took over the write lock {} left by a process that ended without releasing it (pid {pid} on ",
            lock.display()
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("`todo move T-1 IN-PROGRESS`"),
        "{}",
        lines[0]
    );
    // Only the second edit is in the file; no lock is left.
    assert_eq!(
        read(dir.path()),
        original.replace(
            "### T-2: Chore number 2\nStatus: READY",
            "### T-2: Chore number 2\nStatus: IN-PROGRESS"
        )
    );
    assert!(!lock.exists());
    let _ = std::fs::remove_file(&pause);
}

#[test]
fn a_held_lock_makes_writers_wait_say_so_after_a_second_and_give_up_at_the_timeout() {
    let original = eight();
    let dir = scratch(&original);
    let pause = dir.path().join("pause");
    let holder = paused(dir.path(), &pause, &["move", "T-1", "IN-PROGRESS"]);
    let pid = holder.id();
    // doctor shows the held lock and its owner.
    let o = wait(todo(dir.path()).arg("doctor").spawn().unwrap());
    assert!(
        o.stdout
            .contains(&format!("todo.lock is held by pid {pid} on ")),
        "{}",
        o.stdout
    );
    let o = wait(
        todo(dir.path())
            .args(["doctor", "--format", "json"])
            .spawn()
            .unwrap(),
    );
    assert!(
        o.stderr.contains(&format!("is held by pid {pid} on ")),
        "{}",
        o.stderr
    );
    assert!(o.stdout.starts_with('['), "the JSON keeps its shape");
    // A writer with a short timeout: silent for a second, one line, then a refusal.
    let o = wait(
        todo(dir.path())
            .args(["--lock-timeout", "1.5", "set", "T-2", "--owner", "cy"])
            .spawn()
            .unwrap(),
    );
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    let lines: Vec<&str> = o.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", o.stderr);
    assert!(
        lines[0].starts_with(&format!(
            "todo: waiting for the write lock held by pid {pid} on "
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("held the write lock for longer than 1.5s; nothing written"),
        "{}",
        lines[1]
    );
    assert_eq!(o.stdout, "");
    // A writer with the default wait queues and lands once the holder is done.
    let waiter = todo(dir.path())
        .args(["set", "T-2", "--owner", "cy"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::remove_file(&pause).unwrap();
    let (h, w) = (wait(holder), wait(waiter));
    assert_eq!(
        (h.code, w.code),
        (Some(0), Some(0)),
        "{} / {}",
        h.stderr,
        w.stderr
    );
    let text = read(dir.path());
    assert!(text.contains("### T-1: Chore number 1\nStatus: IN-PROGRESS"));
    assert!(text.contains("### T-2: Chore number 2\nStatus: READY\nOwner: cy"));
}
