//! `todo claim --next --push` across clones: eight clones of one bare repository claim at
//! once, round after round, on seed 002 with its Owner line taken out of the schema so each
//! agent signs with its own name. Between rounds a ninth clone hands every task back (one
//! ordinary commit), so every round races for the same few tasks.
//!
//! After each round: every agent that exited 0 holds exactly one task on the remote, no task
//! is held by two agents, every claim an agent reported is a commit on the remote (none
//! lost), and an agent that got nothing exited 1 with a message. The figures (wins, retries,
//! time per round) are printed; run with `--nocapture` to see them.

#[path = "common/race.rs"]
mod race;

use race::{git, race};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const AGENTS: usize = 8;
/// 20 rounds by default; `TODO_PUSH_ROUNDS` sets fewer (or more) for a quicker run.
fn rounds() -> usize {
    std::env::var("TODO_PUSH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20)
}

fn clone(bare: &Path, to: &Path, name: &str) {
    let out = Command::new("git")
        .args(["clone", "-q"])
        .arg(bare)
        .arg(to)
        .output()
        .unwrap();
    assert!(out.status.success());
    git(to, &["config", "user.name", name]);
    git(
        to,
        &["config", "user.email", &format!("{name}@example.com")],
    );
}

/// A bare repository in `tmp` holding `text` as TODO.md on main, pushed from an `admin`
/// clone; and `n` more clones signed `agent-0`, `agent-1`, …
fn remote_with(tmp: &Path, text: &str, n: usize) -> (PathBuf, Vec<PathBuf>) {
    let bare = tmp.join("remote.git");
    let out = Command::new("git")
        .args(["-c", "init.defaultBranch=main", "init", "-q", "--bare"])
        .arg(&bare)
        .output()
        .unwrap();
    assert!(out.status.success());
    let admin = tmp.join("admin");
    clone(&bare, &admin, "admin");
    git(&admin, &["checkout", "-q", "-b", "main"]);
    std::fs::write(admin.join("TODO.md"), text).unwrap();
    git(&admin, &["add", "TODO.md"]);
    git(&admin, &["commit", "-qm", "tasks"]);
    git(&admin, &["push", "-q", "-u", "origin", "main"]);
    let clones = (0..n)
        .map(|i| {
            let c = tmp.join(format!("clone{i}"));
            clone(&bare, &c, &format!("agent-{i}"));
            c
        })
        .collect();
    (admin, clones)
}

/// (ID, owner) of every task in progress in `text`, read with `todo`.
fn held(bin: &Path, dir: &Path) -> Vec<(String, String)> {
    let out = Command::new(bin)
        .args(["list", "--state", "in-progress", "--format", "compact"])
        .current_dir(dir)
        .env_remove("TODO_FORMAT")
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let p: Vec<&str> = l.split(' ').collect();
            (p[0].to_string(), p[3].trim_start_matches('@').to_string())
        })
        .collect()
}

#[test]
fn eight_clones_claim_next_with_push_over_twenty_rounds() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let Some(seed) = race::seed_002() else {
        return;
    };
    let text: String = std::fs::read_to_string(&seed)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("- **Owner**:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let tmp = tempfile::tempdir().unwrap();
    let (admin, clones) = remote_with(tmp.path(), &text, AGENTS);
    let bin = assert_cmd::cargo::cargo_bin("todo");
    let (mut wins_total, mut retries_total) = (0, 0);
    for round in 0..rounds() {
        let start = Instant::now();
        let results = race(&clones, |i| {
            [
                "claim",
                "--next",
                "--push",
                "--as",
                &format!("a{i}r{round}"),
            ]
            .map(String::from)
            .to_vec()
        });
        let elapsed = start.elapsed();
        git(&admin, &["pull", "-q", "--rebase"]);
        let on_remote = held(&bin, &admin);
        let log = git(&admin, &["log", "--format=%s"]);
        let mut wins = 0;
        let mut retries = 0;
        for (i, (code, err)) in results.iter().enumerate() {
            let me = format!("a{i}r{round}");
            let mine: Vec<&(String, String)> = on_remote.iter().filter(|(_, o)| *o == me).collect();
            retries += err.matches("reached the upstream first").count();
            match code {
                0 => {
                    wins += 1;
                    assert_eq!(mine.len(), 1, "{me} exited 0 but holds {mine:?}: {err}");
                    let subject = format!("todo: {me} claims {}", mine[0].0);
                    assert!(log.lines().any(|l| l == subject), "lost commit: {subject}");
                }
                1 => {
                    assert!(mine.is_empty(), "{me} exited 1 but holds {mine:?}");
                    assert!(err.contains("todo: "), "{me} exited 1 without a message");
                }
                other => panic!("{me} exited {other}: {err}"),
            }
        }
        let mut ids: Vec<&String> = on_remote.iter().map(|(id, _)| id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "a task held twice: {on_remote:?}");
        eprintln!(
            "round {round:2}: {wins} wins, {} exit 1, {retries} lost races, {:.2}s",
            AGENTS - wins,
            elapsed.as_secs_f64()
        );
        wins_total += wins;
        retries_total += retries;
        // Hand every task back for the next round: one ordinary commit.
        std::fs::write(admin.join("TODO.md"), &text).unwrap();
        git(
            &admin,
            &["commit", "-qam", &format!("reset after round {round}")],
        );
        git(&admin, &["push", "-q"]);
    }
    eprintln!(
        "total: {wins_total} wins of {}, {retries_total} lost races",
        AGENTS * rounds()
    );
    assert!(wins_total > 0);
}

/// Three clones race for two tasks: two win, and the one that loses every race exits 1
/// saying so, leaving no commit of its own behind.
#[test]
fn the_agent_that_loses_every_race_exits_1_with_a_message() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let text = "# Two chores\n\n## Tasks\n\n### C-1: Sweep the porch\nPriority: P1\nStatus: TODO\n\n\
                ### C-2: Wash the steps\nPriority: P2\nStatus: TODO\n";
    let (admin, clones) = remote_with(tmp.path(), text, 3);
    let bin = assert_cmd::cargo::cargo_bin("todo");
    let results = race(&clones, |_| {
        ["claim", "--next", "--push"].map(String::from).to_vec()
    });
    let mut codes = Vec::new();
    for (c, (code, err)) in clones.iter().zip(results) {
        if code == 1 {
            assert!(err.contains("todo: "), "{err}");
            assert_eq!(git(c, &["status", "--porcelain"]), "");
            assert_eq!(git(c, &["rev-list", "--count", "@{u}..HEAD"]).trim(), "0");
        }
        codes.push(code);
    }
    codes.sort();
    assert_eq!(codes, [0, 0, 1]);
    git(&admin, &["pull", "-q", "--rebase"]);
    assert_eq!(held(&bin, &admin).len(), 2);
}

/// `todo move --push` from two clones: different tasks both reach the remote after a rebase;
/// the same task changed again after the other clone's push is undone, with exit 1.
#[test]
fn move_push_rebases_onto_other_tasks_and_undoes_a_conflict() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let text = "# Chores\n\n## Tasks\n\n### C-1: Sweep the porch\nPriority: P1\nStatus: TODO\n\n\
                ### C-2: Wash the steps\nPriority: P2\nStatus: TODO\n\n\
                ### C-3: Trim the hedge\nPriority: P3\nStatus: TODO\n";
    let (admin, clones) = remote_with(tmp.path(), text, 2);
    let bin = assert_cmd::cargo::cargo_bin("todo");
    let todo = |dir: &Path, args: &[&str]| {
        let o = Command::new(&bin)
            .args(args)
            .current_dir(dir)
            .env_remove("TODO_FORMAT")
            .output()
            .unwrap();
        (
            o.status.code().unwrap(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (code, err) = todo(&clones[0], &["move", "C-1", "in-progress", "--push"]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = todo(&clones[1], &["move", "C-3", "in-progress", "--push"]);
    assert_eq!(code, 0, "{err}");
    let (code, err) = todo(&clones[1], &["move", "C-1", "todo", "--push"]);
    assert_eq!(code, 0, "{err}"); // clone 1 is up to date after its rebase
    let (code, err) = todo(&clones[0], &["move", "C-1", "done", "--force", "--push"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the commit was undone"), "{err}");
    assert_eq!(git(&clones[0], &["status", "--porcelain"]), "");
    assert_eq!(
        git(&clones[0], &["rev-list", "--count", "@{u}..HEAD"]).trim(),
        "0"
    );
    git(&admin, &["pull", "-q"]);
    let log = git(&admin, &["log", "--format=%s"]);
    assert_eq!(log.lines().count(), 4, "{log}");
    let held = held(&bin, &admin);
    assert_eq!(held.len(), 1, "{held:?}");
}
