//! `todo add` takes the next ID free in every worktree of the repository, uncommitted edits
//! included, so that two worktrees do not give one ID to two tasks.

// Only `todo` of the shared helpers is used here.
#[allow(dead_code)]
mod common;

use std::path::Path;
use std::process::Command;

use common::todo;

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "a")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn add_skips_ids_given_in_another_worktree() {
    let tmp = tempfile::tempdir().unwrap();
    let main = tmp.path().join("main");
    std::fs::create_dir(&main).unwrap();
    if !git(&main, &["init", "-q"]) {
        eprintln!("skipped: git is not installed");
        return;
    }
    std::fs::write(
        main.join("TODO.md"),
        "## Now\n\n### T-001: First\nStatus: TODO\n",
    )
    .unwrap();
    assert!(git(&main, &["add", "-A"]) && git(&main, &["commit", "-qm", "tasks"]));
    let other = tmp.path().join("other");
    assert!(git(
        &main,
        &[
            "worktree",
            "add",
            "-q",
            "-b",
            "topic",
            other.to_str().unwrap()
        ]
    ));

    // Uncommitted in the other worktree.
    todo(&other)
        .args(["add", "Second", "--section", "Now"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(other.join("TODO.md")).unwrap();
    assert!(text.contains("### T-002: Second"), "{text}");

    todo(&main)
        .args(["add", "Third", "--section", "Now"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(main.join("TODO.md")).unwrap();
    assert!(text.contains("### T-003: Third"), "{text}");

    // --no-branches reads this worktree only.
    todo(&main)
        .args(["add", "Fourth", "--section", "Now", "--no-branches"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(main.join("TODO.md")).unwrap();
    assert!(text.contains("### T-004: Fourth"), "{text}");
}
