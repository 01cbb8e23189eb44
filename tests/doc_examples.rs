//! The examples in README.md and docs/*.md run as tests, so the docs fail when the binary
//! changes under them.
//!
//! - A `console` block is a transcript: each `$ todo ARGS` line runs, and the lines after it
//!   (up to the next `$` line) are its expected standard output, compared with snapbox
//!   (`...` stands for any lines, `[..]` for any text within a line). A `? N` line after the
//!   output gives the exit status (else 0).
//! - Every `todo …` line of an `sh` block runs too and must exit as the text around it says:
//!   0, or what [`EXIT`] lists with its reason.
//!
//! Each document runs in a fresh repository made from `fixtures/docs/<document>/` (else
//! `fixtures/docs/default/`): its files committed on `main` with a fixed author and date,
//! `origin/main` pointing at that commit, and a sibling `other-repo` (for `-C`). A fixture may
//! hold `history/1/`, `history/2/`, …: trees committed in that order first, each by the
//! author and at the date its `history/N.commit` file gives (`Name|email|date`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Commands of `sh` blocks that do not exit 0, with why the docs say so.
const EXIT: &[(&str, i32, &str)] = &[
    ("todo init", 1, "init refuses where TODO.md exists"),
    (
        "todo init --merge-driver",
        1,
        "init refuses where TODO.md exists",
    ),
];

/// `sh` lines that cannot run in a test, with why.
const SKIP: &[(&str, &str)] = &[
    (
        "todo board -i",
        "interactive: tests/board_tui.rs drives it under tmux",
    ),
    (
        "todo mcp",
        "a server that waits for its client: tests/mcp.rs drives it through an MCP client",
    ),
    (
        "todo claim --next --as agent-7 --push",
        "needs a remote to push to: tests/claim_push.rs races it against a bare repository",
    ),
];

/// The documents whose examples run, and the ones left out with the reason.
const LEFT_OUT: &[(&str, &str)] = &[(
    "docs/rules.md",
    "generated from the rule registry; its examples need branch histories and are the rules' own tests in tests/lint_history.rs",
)];

fn documents() -> Vec<PathBuf> {
    let mut docs = vec![root().join("README.md")];
    let mut more: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| {
            let rel = p
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            !LEFT_OUT.iter().any(|(d, _)| *d == rel)
        })
        .collect();
    more.sort();
    docs.extend(more);
    docs
}

/// A fenced block: its info string, its first line's number and its lines.
struct Block {
    info: String,
    line: usize,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None if trimmed.starts_with("```") => {
                open = Some(Block {
                    info: trimmed.trim_start_matches('`').trim().to_string(),
                    line: i + 1,
                    lines: Vec::new(),
                });
            }
            Some(_) if trimmed == "```" => out.push(open.take().unwrap()),
            Some(b) => b.lines.push(line.to_string()),
            None => {}
        }
    }
    out
}

fn git(dir: &Path, args: &[&str], author: (&str, &str, &str)) {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author.0)
        .env("GIT_AUTHOR_EMAIL", author.1)
        .env("GIT_AUTHOR_DATE", author.2)
        .env("GIT_COMMITTER_NAME", author.0)
        .env("GIT_COMMITTER_EMAIL", author.1)
        .env("GIT_COMMITTER_DATE", author.2)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

const AUTHOR: (&str, &str, &str) = ("Ana Ruiz", "ana@example.com", "2026-03-01T09:00:00+01:00");

/// The repository a document's examples run in; returns (temporary root, repository).
fn sandbox(doc: &Path) -> (tempfile::TempDir, PathBuf) {
    let stem = doc.file_stem().unwrap().to_string_lossy().to_lowercase();
    let docs = root().join("fixtures/docs");
    let fixture = [docs.join(&stem), docs.join("default")]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"], AUTHOR);
    let history = fixture.join("history");
    for n in 1.. {
        let step = history.join(n.to_string());
        if !step.is_dir() {
            break;
        }
        for e in std::fs::read_dir(&repo).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap() != ".git" {
                if p.is_dir() {
                    std::fs::remove_dir_all(&p).unwrap();
                } else {
                    std::fs::remove_file(&p).unwrap();
                }
            }
        }
        copy_tree(&step, &repo);
        let who = std::fs::read_to_string(history.join(format!("{n}.commit"))).unwrap();
        let who: Vec<&str> = who.trim().split('|').collect();
        git(&repo, &["add", "-A"], AUTHOR);
        git(
            &repo,
            &["commit", "-qm", &format!("step {n}")],
            (who[0], who[1], who[2]),
        );
    }
    for e in std::fs::read_dir(&fixture).unwrap() {
        let p = e.unwrap().path();
        if p.file_name().unwrap() == "history" {
            continue;
        }
        let dst = repo.join(p.file_name().unwrap());
        if p.is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
            copy_tree(&p, &dst);
        } else {
            std::fs::copy(&p, &dst).unwrap();
        }
    }
    git(&repo, &["add", "-A"], AUTHOR);
    git(&repo, &["commit", "-qm", "tasks", "--allow-empty"], AUTHOR);
    git(
        &repo,
        &["update-ref", "refs/remotes/origin/main", "HEAD"],
        AUTHOR,
    );
    let other = tmp.path().join("other-repo");
    std::fs::create_dir_all(other.join(".git")).unwrap();
    std::fs::write(other.join("TODO.md"), "# Other\n\n- [ ] O-1: Elsewhere\n").unwrap();
    (tmp, repo)
}

/// Splits `todo ARGS` like a shell would for the examples (quotes, no expansions).
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        out.push(word);
    }
    out
}

/// Runs `todo ARGS` (an `sh` line's `> FILE` sends standard output to a file in the sandbox).
fn run(repo: &Path, line: &str) -> std::process::Output {
    let (command, redirect) = match line.split_once(" > ") {
        Some((c, file)) => (c, Some(file.trim())),
        None => (line, None),
    };
    let args = words(command);
    assert_eq!(args[0], "todo", "{line}");
    let out = Command::new(env!("CARGO_BIN_EXE_todo"))
        .args(&args[1..])
        .current_dir(repo)
        .env_remove("TODO_FORMAT")
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("EDITOR", "true")
        .env("VISUAL", "true")
        .output()
        .unwrap();
    if let Some(file) = redirect {
        let name = Path::new(file).file_name().unwrap();
        std::fs::write(repo.join(name), &out.stdout).unwrap();
    }
    out
}

/// The failures of one document's examples.
fn check_document(doc: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(doc).unwrap();
    let name = doc.strip_prefix(root()).unwrap().display().to_string();
    let (_tmp, repo) = sandbox(doc);
    let mut failures = Vec::new();
    for block in blocks(&text) {
        let transcript = block.info == "console"
            || (block.info.is_empty()
                && block.lines.first().is_some_and(|l| l.starts_with("$ todo")));
        if transcript {
            failures.extend(check_transcript(&name, &repo, &block));
        } else if matches!(block.info.as_str(), "sh" | "shell" | "bash") {
            for (i, line) in block.lines.iter().enumerate() {
                let line = line.split(" #").next().unwrap().trim();
                if !line.starts_with("todo ") && line != "todo" {
                    continue;
                }
                if SKIP.iter().any(|(s, _)| *s == line) {
                    continue;
                }
                let want = EXIT.iter().find(|(c, ..)| *c == line).map_or(0, |e| e.1);
                let out = run(&repo, line);
                if out.status.code() != Some(want) {
                    failures.push(format!(
                        "{name}:{}: `{line}` exited {:?}, the docs say {want}\n{}",
                        block.line + 1 + i,
                        out.status.code(),
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
            }
        }
    }
    failures
}

fn check_transcript(name: &str, repo: &Path, block: &Block) -> Vec<String> {
    let mut failures = Vec::new();
    let mut i = 0;
    while i < block.lines.len() {
        let Some(command) = block.lines[i].strip_prefix("$ ") else {
            failures.push(format!(
                "{name}:{}: a transcript line must start with `$ `",
                block.line + 1 + i
            ));
            break;
        };
        let at = block.line + 1 + i;
        i += 1;
        let mut expected = String::new();
        let mut code = 0;
        while i < block.lines.len() && !block.lines[i].starts_with("$ ") {
            match block.lines[i].strip_prefix("? ") {
                Some(c) => code = c.trim().parse().unwrap(),
                None => {
                    expected.push_str(&block.lines[i]);
                    expected.push('\n');
                }
            }
            i += 1;
        }
        let out = run(repo, command);
        if out.status.code() != Some(code) {
            failures.push(format!(
                "{name}:{at}: `{command}` exited {:?}, the docs say {code}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let actual = String::from_utf8_lossy(&out.stdout).into_owned();
        if let Err(e) = snapbox::Assert::new()
            .normalize_paths(false)
            .palette(snapbox::report::Palette::plain())
            .try_eq(None, actual.into(), expected.into())
        {
            failures.push(format!(
                "{name}:{at}: `{command}` printed other output:\n{e}"
            ));
        }
    }
    failures
}

#[test]
fn every_documented_example_runs_as_written() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let mut failures = Vec::new();
    let mut ran = 0;
    for doc in documents() {
        ran += 1;
        failures.extend(check_document(&doc));
    }
    assert!(ran > 5);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_changed_documented_output_fails() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("skipped: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("visual.md");
    let text = std::fs::read_to_string(root().join("docs/visual.md")).unwrap();
    assert!(text.contains("Publish the changelog"));
    std::fs::write(
        &doc,
        text.replacen("Publish the changelog", "Publish the changeling", 1),
    )
    .unwrap();
    let failures = {
        // The edited copy runs against the same fixture as docs/visual.md.
        let (_tmp, repo) = sandbox(&root().join("docs/visual.md"));
        let name = "visual.md (edited)";
        blocks(&std::fs::read_to_string(&doc).unwrap())
            .iter()
            .filter(|b| b.info == "console")
            .flat_map(|b| check_transcript(name, &repo, b))
            .collect::<Vec<_>>()
    };
    assert!(
        failures.iter().any(|f| f.contains("changeling")),
        "{failures:?}"
    );
}

#[test]
fn shell_words_split_like_the_examples_need() {
    assert_eq!(
        words(r#"todo add "Write the changelog" -p P2"#),
        ["todo", "add", "Write the changelog", "-p", "P2"]
    );
    assert_eq!(
        words("todo list  --state todo"),
        ["todo", "list", "--state", "todo"]
    );
}
