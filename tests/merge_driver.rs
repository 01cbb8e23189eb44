//! `todo merge-driver` run as git runs it, `todo hook install --merge-driver`, and the setup
//! warnings of `todo doctor` and `todo lint`.

// Only `todo` of the shared helpers is used here.
#[allow(dead_code)]
mod common;

use std::path::Path;
use std::process::Command as StdCommand;

use common::todo;

const BASE: &str = "# P\n\n## Now\n\n### T-001: Parser\nPriority: P1\nStatus: READY\n\n### T-002: Lexer\nStatus: TODO\n";

/// Writes the three versions into `dir` and runs the driver on them.
fn driver(dir: &Path, ours: &str, theirs: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    std::fs::write(dir.join("base"), BASE).unwrap();
    std::fs::write(dir.join("ours"), ours).unwrap();
    std::fs::write(dir.join("theirs"), theirs).unwrap();
    let mut args = vec!["merge-driver", "base", "ours", "theirs"];
    args.extend_from_slice(extra);
    todo(dir).args(&args).assert()
}

#[test]
fn a_clean_merge_exits_0_and_writes_ours() {
    let dir = tempfile::tempdir().unwrap();
    let ours = BASE.replace("Priority: P1", "Priority: P0");
    let theirs = BASE.replace("Status: READY", "Status: DONE");
    let out = driver(dir.path(), &ours, &theirs, &["7", "TODO.md"]).code(0);
    assert!(out.get_output().stdout.is_empty());
    let merged = std::fs::read_to_string(dir.path().join("ours")).unwrap();
    assert_eq!(merged, ours.replace("Status: READY", "Status: DONE"));
}

#[test]
fn a_conflict_exits_1_with_markers_of_the_given_size_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let ours = BASE.replace("Status: READY", "Status: DONE");
    let theirs = BASE.replace("Status: READY", "Status: BLOCKED");
    let out = driver(dir.path(), &ours, &theirs, &["3", "TODO.md"]).code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    insta::assert_snapshot!(stderr, @"todo: TODO.md: 1 conflict left between markers");
    let merged = std::fs::read_to_string(dir.path().join("ours")).unwrap();
    assert!(
        merged.contains("Priority: P1\n<<< ours\nStatus: DONE\n===\nStatus: BLOCKED\n>>> theirs\n")
    );
}

#[test]
fn a_renumbered_id_is_reported_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let ours = format!("{BASE}\n### T-003: Ours\nStatus: TODO\n");
    let theirs = format!("{BASE}\n### T-003: Theirs\nStatus: TODO\n");
    let out = driver(dir.path(), &ours, &theirs, &["7", "TODO.md"]).code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    insta::assert_snapshot!(stderr, @"todo: TODO.md: both sides added T-003; theirs is renumbered to T-004");
    let merged = std::fs::read_to_string(dir.path().join("ours")).unwrap();
    assert!(merged.ends_with("### T-003: Ours\nStatus: TODO\n\n### T-004: Theirs\nStatus: TODO\n"));
}

#[test]
fn a_file_that_is_not_a_task_file_merges_by_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base"), "a\nb\nc\n").unwrap();
    std::fs::write(dir.path().join("ours"), "a\nX\nc\n").unwrap();
    std::fs::write(dir.path().join("theirs"), "a\nY\nc\n").unwrap();
    let out = todo(dir.path())
        .args(["merge-driver", "base", "ours", "theirs", "7", "notes.md"])
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("merged line by line (no version holds a task)"),
        "{stderr}"
    );
    let merged = std::fs::read_to_string(dir.path().join("ours")).unwrap();
    assert_eq!(
        merged,
        "a\n<<<<<<< ours\nX\n=======\nY\n>>>>>>> theirs\nc\n"
    );
}

#[test]
fn a_missing_version_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ours"), BASE).unwrap();
    let out = todo(dir.path())
        .args(["merge-driver", "nothing", "ours", "theirs"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("cannot read nothing"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ours")).unwrap(),
        BASE
    );
}

#[test]
fn help_has_examples() {
    let dir = tempfile::tempdir().unwrap();
    let out = todo(dir.path())
        .args(["merge-driver", "--help"])
        .assert()
        .code(0);
    let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(help.contains("Examples:") && help.contains("%O %A %B %L %P"));
}

fn git_repo(dir: &Path) -> bool {
    StdCommand::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn install_sets_up_both_halves_once_and_doctor_and_lint_warn_about_a_missing_half() {
    let dir = tempfile::tempdir().unwrap();
    if !git_repo(dir.path()) {
        eprintln!("skipped: git is not installed");
        return;
    }
    std::fs::write(dir.path().join("TODO.md"), BASE).unwrap();
    std::fs::write(dir.path().join("ROADMAP.md"), "- [ ] **R-1** a\n").unwrap();
    let out = todo(dir.path())
        .args(["hook", "install", "--merge-driver"])
        .assert()
        .code(0);
    insta::assert_snapshot!(String::from_utf8_lossy(&out.get_output().stdout), @r"
    set merge.todo.driver = todo merge-driver %O %A %B %L %P
    added to .gitattributes: TODO.md merge=todo
    added to .gitattributes: ROADMAP.md merge=todo
    ");
    todo(dir.path())
        .args(["hook", "install", "--merge-driver"])
        .assert()
        .code(0);
    let attrs = std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap();
    assert_eq!(attrs, "TODO.md merge=todo\nROADMAP.md merge=todo\n");
    let config = std::fs::read_to_string(dir.path().join(".git/config")).unwrap();
    assert!(config.contains("[merge \"todo\"]"), "{config}");
    assert!(
        config.contains("driver = todo merge-driver %O %A %B %L %P"),
        "{config}"
    );

    // Without the config section git would merge by text without a word.
    let unset = StdCommand::new("git")
        .args(["config", "--unset", "merge.todo.driver"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(unset.success());
    let out = todo(dir.path()).arg("doctor").assert().code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("merge driver: .gitattributes names the merge driver `todo`, but the git config does not define merge.todo.driver"), "{stdout}");
    let out = todo(dir.path()).arg("lint").assert().code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning: .gitattributes names the merge driver"),
        "{stderr}"
    );

    // A driver command that is not on PATH.
    let set = StdCommand::new("git")
        .args([
            "config",
            "merge.todo.driver",
            "no-such-todo-binary merge-driver %O %A %B %L %P",
        ])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(set.success());
    let out = todo(dir.path()).arg("lint").assert().code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("`no-such-todo-binary` is not on PATH"),
        "{stderr}"
    );
}

#[test]
fn init_sets_up_the_driver_when_asked_and_otherwise_only_hints() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    std::fs::create_dir(&plain).unwrap();
    if !git_repo(&plain) {
        eprintln!("skipped: git is not installed");
        return;
    }
    let config = |dir: &Path| std::fs::read_to_string(dir.join(".git/config")).unwrap();
    // Not a terminal, no flag: a hint, and nothing set up.
    let out = todo(&plain).arg("init").assert().code(0);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    insta::assert_snapshot!(stderr, @"todo: hint: `todo hook install --merge-driver` makes git merge TODO.md task by task");
    assert!(!plain.join(".gitattributes").exists());
    assert!(!config(&plain).contains("[merge \"todo\"]"));

    let asked = tmp.path().join("asked");
    std::fs::create_dir(&asked).unwrap();
    assert!(git_repo(&asked));
    let out = todo(&asked)
        .args(["init", "--merge-driver"])
        .assert()
        .code(0);
    assert!(out.get_output().stderr.is_empty());
    assert!(config(&asked).contains("driver = todo merge-driver %O %A %B %L %P"));
    let attrs = std::fs::read_to_string(asked.join(".gitattributes")).unwrap();
    assert_eq!(attrs.lines().collect::<Vec<_>>(), ["TODO.md merge=todo"]);
    todo(&asked).args(["lint"]).assert().code(0);

    let quiet = tmp.path().join("quiet");
    std::fs::create_dir(&quiet).unwrap();
    assert!(git_repo(&quiet));
    let out = todo(&quiet)
        .args(["init", "--no-merge-driver"])
        .assert()
        .code(0);
    assert!(out.get_output().stderr.is_empty());
    assert!(!quiet.join(".gitattributes").exists());

    // Outside a repository there is nothing to offer.
    let bare = tmp.path().join("bare");
    std::fs::create_dir(&bare).unwrap();
    let out = todo(&bare).arg("init").assert().code(0);
    assert!(out.get_output().stderr.is_empty());
    todo(&bare)
        .args(["init", "--merge-driver", "--no-merge-driver"])
        .assert()
        .code(2);
}

/// Runs git in `dir` with an isolated config, a fixed identity, and the `todo` under test
/// first on PATH (git runs the merge driver by name).
fn git_in(dir: &Path, args: &[&str]) -> std::process::Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_todo")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    StdCommand::new("git")
        .args(args)
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "a")
        .env("GIT_AUTHOR_EMAIL", "a@example.com")
        .env("GIT_COMMITTER_NAME", "a")
        .env("GIT_COMMITTER_EMAIL", "a@example.com")
        .output()
        .unwrap()
}

#[test]
fn a_renumbered_id_is_a_move_in_diff_and_log_follows_it_back() {
    let tmp = tempfile::tempdir().unwrap();
    let (origin, a, b) = (
        tmp.path().join("origin.git"),
        tmp.path().join("a"),
        tmp.path().join("b"),
    );
    if !git_in(
        tmp.path(),
        &["init", "-q", "--bare", "-b", "main", "origin.git"],
    )
    .status
    .success()
    {
        eprintln!("skipped: git is not installed");
        return;
    }
    let ok = |dir: &Path, args: &[&str]| {
        let out = git_in(dir, args);
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    ok(tmp.path(), &["clone", "-q", origin.to_str().unwrap(), "a"]);
    std::fs::write(
        a.join("TODO.md"),
        "# Tasks\n\n## Now\n\n### T-001: First\nStatus: TODO\n",
    )
    .unwrap();
    todo(&a)
        .args(["hook", "install", "--merge-driver"])
        .assert()
        .code(0);
    ok(&a, &["add", "-A"]);
    ok(&a, &["commit", "-qm", "tasks"]);
    ok(&a, &["push", "-q", "origin", "HEAD:main"]);
    ok(tmp.path(), &["clone", "-q", origin.to_str().unwrap(), "b"]);
    todo(&b)
        .args(["hook", "install", "--merge-driver"])
        .assert()
        .code(0);

    todo(&a)
        .args(["add", "From a", "--section", "Now"])
        .assert()
        .code(0);
    ok(&a, &["commit", "-qam", "a adds"]);
    ok(&a, &["push", "-q", "origin", "HEAD:main"]);
    todo(&b)
        .args(["add", "From b", "--section", "Now"])
        .assert()
        .code(0);
    ok(&b, &["commit", "-qam", "b adds"]);
    ok(&b, &["pull", "-q", "--no-rebase", "origin", "main"]);

    let text = std::fs::read_to_string(b.join("TODO.md")).unwrap();
    assert!(
        text.ends_with("### T-002: From b\nStatus: TODO\n\n### T-003: From a\nStatus: TODO\n"),
        "{text}"
    );
    // Against the side whose task was renumbered, a move of its ID.
    let out = todo(&b).args(["diff", "HEAD^2", "HEAD"]).assert().code(0);
    let diff = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    insta::assert_snapshot!(diff, @r"
    + T-002 From b (TODO.md)
    ~ T-003: renumbered T-002 → T-003
    1 added, 0 removed, 1 changed
    ");
    // The log of the new ID goes back through the merge to where it was added as T-002.
    let out = todo(&b)
        .args(["log", "T-003", "--format", "json"])
        .assert()
        .code(0);
    let log: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let kinds: Vec<(&str, &str)> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let c = &e["changes"][0];
            (c["kind"].as_str().unwrap(), c["old"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(kinds, [("renumbered", "T-002"), ("created", "")]);
    todo(&b).arg("lint").assert().code(0);
}
