//! Helpers shared by the CLI tests that run `todo` on scratch repositories under a timeout.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

/// A bound for ordinary runs: far below what a hang or quadratic work would take.
pub const QUICK: Duration = Duration::from_secs(30);

/// A scratch repository holding `TODO.md` with these bytes.
pub fn repo(bytes: impl AsRef<[u8]>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("TODO.md"), bytes).unwrap();
    dir
}

/// `todo` in `dir`, with a fixed width, no colour or format from the environment, no
/// failpoint, and the QUICK timeout.
pub fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("TODO_FORMAT")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("TODO_FAILPOINT")
        .timeout(QUICK);
    cmd
}

/// Runs git in `dir` as `who` (name, e-mail) at `when` (RFC 3339), apart from the user's and
/// the system's git config, and returns its standard output; panics when git fails.
#[allow(dead_code)] // used by the history tests, not by every test binary
pub fn git_as(dir: &Path, who: (&str, &str), when: &str, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(["-c", &format!("user.name={}", who.0)])
        .args(["-c", &format!("user.email={}", who.1)])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every Markdown task file the tests read in bulk: the fixtures, and the seeds and corpus when
/// the shared folder sits beside the repository; sorted.
#[allow(dead_code)] // only the bulk tests use it
pub fn markdown_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    let mut dirs = vec![
        root.join("fixtures"),
        shared.join("seeds"),
        shared.join("corpus"),
    ];
    let mut out = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The files of `dir`, sorted by path (none when it does not exist): the saved inputs the
/// fuzz replays go through. (Only those tests use it.)
#[allow(dead_code)]
pub fn files_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}
