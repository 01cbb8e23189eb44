//! Writers killed with SIGKILL at random moments: `todo move`, `todo claim --push` and
//! `todo merge-driver`. After every kill the file holds either the old bytes or the new ones,
//! nothing left behind blocks the next command (its temporary files are cleared by the next
//! writer, its lock by the kernel), and git is in no half-done state.
//!
//! 25 kills a writer in `cargo test`; `TODO_KILL_ROUNDS=200` is the full campaign
//! (docs/reliability.md). The moments are spread over the time an unkilled run takes, from a
//! fixed seed, so a failure repeats.
#![cfg(unix)]

#[path = "common/race.rs"]
#[allow(dead_code)]
mod race;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use race::git;

fn rounds() -> usize {
    std::env::var("TODO_KILL_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(25)
}

/// A small deterministic generator (xorshift), so a failing round repeats.
struct Moments(u64);

impl Moments {
    /// A moment in `0..=span`.
    fn next(&mut self, span: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        let micros = span.as_micros().max(1) as u64;
        Duration::from_micros(self.0 % (micros + 1))
    }
}

/// A task file large enough that writing it takes a while: `n` heading tasks.
fn tasks(n: usize) -> String {
    let mut text = String::from(
        "# Work\n\n## Task schema\n- **Status**: `READY | IN-PROGRESS | DONE`\n- **Owner**: free\n\n## Now\n",
    );
    for i in 1..=n {
        text.push_str(&format!(
            "\n### T-{i}: Chore number {i} with a title of some length\nStatus: READY\nOwner: team\n\n- [x] look at it\n- [ ] deal with it\n"
        ));
    }
    text
}

fn todo(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_todo"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("TODO_FORMAT")
        .env_remove("TODO_FAILPOINT")
        .env_remove("TODO_TEST_PAUSE")
        .env("TODO_LOCK_TIMEOUT", "20")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// How long an unkilled run of `cmd` takes (the quickest of three), so that most kill
/// moments fall while it runs.
fn duration(mut run: impl FnMut() -> Command) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let out = run().output().unwrap();
            assert!(out.status.success(), "{out:?}");
            start.elapsed()
        })
        .min()
        .unwrap()
}

/// Runs `cmd`, kills it with SIGKILL after `after` (if it is still running), and says whether
/// the kill landed before it ended.
///
/// Only `todo` is killed, as an agent's process would be; a `git` it started (`claim --push`
/// runs `git fetch`, `push`, `rebase`) goes on to its end, as it would for the user. The
/// checks look at the repository once those have ended: `todo` runs in a process group of
/// its own, and the group is waited for.
fn kill_after(mut cmd: Command, after: Duration) -> bool {
    use std::os::unix::process::CommandExt;
    let mut child = cmd.process_group(0).spawn().unwrap();
    let group = child.id();
    std::thread::sleep(after);
    let killed = matches!(child.try_wait(), Ok(None));
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    let start = Instant::now();
    while group_alive(group) && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
    }
    killed
}

/// True while a process of process group `group` runs (read from /proc; false where there is
/// none to read).
fn group_alive(group: u32) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|e| {
        // `/proc/PID/stat`: `PID (COMMAND) STATE PPID PGRP …`; the command may hold spaces.
        std::fs::read_to_string(e.path().join("stat")).is_ok_and(|stat| {
            let fields: Vec<&str> = stat
                .rsplit_once(')')
                .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
            // A zombie (`Z`) has ended; only its parent has not reaped it yet.
            fields.first() != Some(&"Z") && fields.get(2) == Some(&group.to_string().as_str())
        })
    })
}

/// The temporary files a writer leaves in `dir` when killed mid-write.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(".todo-") && n.ends_with(".tmp")
            })
        })
        .collect()
}

/// git's own marks of an operation left half done, and a lock that would block the next git
/// command.
/// What a killed writer left of a half-done git operation, once the git commands it had
/// started (which a SIGKILL of `todo` does not reach) have had up to 10 seconds to finish:
/// a lock those commands hold while they run is theirs, not left behind; one still there
/// after them blocks the next command.
fn half_done(git_dir: &Path) -> Vec<&'static str> {
    let start = std::time::Instant::now();
    loop {
        let left = half_done_now(git_dir);
        if left.is_empty() || start.elapsed() > Duration::from_secs(10) {
            return left;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn half_done_now(git_dir: &Path) -> Vec<&'static str> {
    [
        "index.lock",
        "MERGE_HEAD",
        "rebase-merge",
        "rebase-apply",
        "CHERRY_PICK_HEAD",
        "HEAD.lock",
        "refs/heads/main.lock",
    ]
    .into_iter()
    .filter(|m| git_dir.join(m).exists())
    .collect()
}

fn scratch_repo(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.name", "Kim"]);
    git(dir.path(), &["config", "user.email", "kim@example.com"]);
    std::fs::write(dir.path().join("TODO.md"), text).unwrap();
    git(dir.path(), &["add", "TODO.md"]);
    git(dir.path(), &["commit", "-qm", "tasks"]);
    dir
}

#[test]
fn move_killed_at_any_moment_leaves_old_or_new_bytes() {
    let old = tasks(2000);
    let dir = scratch_repo(&old);
    let d = dir.path();
    let file = d.join("TODO.md");
    let args = ["move", "T-1500", "in-progress"];
    let span = duration(|| {
        std::fs::write(&file, &old).unwrap();
        todo(d, &args)
    });
    let new = std::fs::read_to_string(&file).unwrap();
    assert_ne!(new, old);
    let mut moments = Moments(0x9e37_79b9_7f4a_7c15);
    let (mut landed_old, mut landed_new, mut killed) = (0, 0, 0);
    for round in 0..rounds() {
        std::fs::write(&file, &old).unwrap();
        killed += usize::from(kill_after(todo(d, &args), moments.next(span)));
        let now = std::fs::read_to_string(&file).unwrap();
        if now == old {
            landed_old += 1;
        } else {
            assert_eq!(now, new, "round {round}: neither the old bytes nor the new");
            landed_new += 1;
        }
        // The next command is not blocked, and it clears what the killed one left.
        let out = todo(d, &["move", "T-3", "in-progress"]).output().unwrap();
        assert!(out.status.success(), "round {round}: {out:?}");
        assert_eq!(temporaries(d), Vec::<PathBuf>::new(), "round {round}");
        assert_eq!(
            half_done(&d.join(".git")),
            Vec::<&str>::new(),
            "round {round}"
        );
    }
    eprintln!(
        "move: {} rounds, {killed} killed while running, old bytes {landed_old}, new bytes {landed_new}",
        rounds()
    );
    assert_eq!(landed_old + landed_new, rounds());
}

#[test]
fn claim_push_killed_at_any_moment_leaves_no_half_done_git() {
    let tmp = tempfile::tempdir().unwrap();
    let bare = tmp.path().join("remote.git");
    git(
        tmp.path(),
        &[
            "-c",
            "init.defaultBranch=main",
            "init",
            "-q",
            "--bare",
            "remote.git",
        ],
    );
    let old = tasks(300);
    let clone = scratch_repo(&old);
    let c = clone.path();
    git(c, &["remote", "add", "origin", bare.to_str().unwrap()]);
    git(c, &["push", "-q", "-u", "origin", "main"]);
    let base = git(c, &["rev-parse", "HEAD"]).trim().to_string();
    let file = c.join("TODO.md");
    let args = ["claim", "T-200", "--as", "kim", "--push"];
    let reset = || {
        git(c, &["reset", "-q", "--hard", &base]);
        git(&bare, &["update-ref", "refs/heads/main", &base]);
        git(c, &["update-ref", "refs/remotes/origin/main", &base]);
    };
    let span = duration(|| {
        reset();
        todo(c, &args)
    });
    let new = std::fs::read_to_string(&file).unwrap();
    assert_ne!(new, old);
    let mut moments = Moments(0x2545_f491_4f6c_dd1d);
    let (mut killed, mut pushed) = (0, 0);
    for round in 0..rounds() {
        reset();
        killed += usize::from(kill_after(todo(c, &args), moments.next(span)));
        let now = std::fs::read_to_string(&file).unwrap();
        assert!(
            now == old || now == new,
            "round {round}: neither the old bytes nor the new"
        );
        assert_eq!(
            half_done(&c.join(".git")),
            Vec::<&str>::new(),
            "round {round}"
        );
        let remote = git(&bare, &["rev-parse", "refs/heads/main"]);
        pushed += usize::from(remote.trim() != base);
        // The next git command and the next todo writer both go through.
        git(c, &["status", "--porcelain"]);
        let out = todo(c, &["move", "T-3", "in-progress"]).output().unwrap();
        assert!(out.status.success(), "round {round}: {out:?}");
        // A temporary file of the killed write is gone once the next writer has run.
        assert_eq!(temporaries(c), Vec::<PathBuf>::new(), "round {round}");
    }
    eprintln!(
        "claim --push: {} rounds, {killed} killed while running, {pushed} reached the remote",
        rounds()
    );
}

#[test]
fn merge_driver_killed_at_any_moment_leaves_ours_or_the_merge() {
    let base = tasks(3000);
    let ours = base.replace(
        "### T-100: Chore number 100 with a title of some length\nStatus: READY",
        "### T-100: Chore number 100 with a title of some length\nStatus: DONE",
    );
    let theirs = base.replace(
        "### T-2900: Chore number 2900 with a title of some length\nStatus: READY\nOwner: team",
        "### T-2900: Chore number 2900 with a title of some length\nStatus: READY\nOwner: ana",
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, text) in [("base.md", &base), ("theirs.md", &theirs)] {
        std::fs::write(d.join(name), text).unwrap();
    }
    let ours_path = d.join("ours.md");
    let args = [
        "merge-driver",
        "base.md",
        "ours.md",
        "theirs.md",
        "7",
        "TODO.md",
    ];
    let span = duration(|| {
        std::fs::write(&ours_path, &ours).unwrap();
        todo(d, &args)
    });
    let merged = std::fs::read_to_string(&ours_path).unwrap();
    assert!(merged.contains("Status: DONE") && merged.contains("Owner: ana"));
    let mut moments = Moments(0x5851_f42d_4c95_7f2d);
    let (mut killed, mut left_ours) = (0, 0);
    for round in 0..rounds() {
        std::fs::write(&ours_path, &ours).unwrap();
        killed += usize::from(kill_after(todo(d, &args), moments.next(span)));
        let now = std::fs::read_to_string(&ours_path).unwrap();
        if now == ours {
            left_ours += 1;
        } else {
            assert_eq!(now, merged, "round {round}: neither ours nor the merge");
        }
        // Git runs the driver again on the next attempt: it goes through and clears up.
        std::fs::write(&ours_path, &ours).unwrap();
        let out = todo(d, &args).output().unwrap();
        assert!(out.status.success(), "round {round}: {out:?}");
        assert_eq!(std::fs::read_to_string(&ours_path).unwrap(), merged);
        assert_eq!(temporaries(d), Vec::<PathBuf>::new(), "round {round}");
    }
    eprintln!(
        "merge-driver: {} rounds, {killed} killed while running, ours left as it was {left_ours}",
        rounds()
    );
}
