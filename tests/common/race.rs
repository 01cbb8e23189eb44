//! Helpers of the tests where several `todo` processes race (worktrees, clones): seed 002,
//! git, and starting one `todo` per directory at the same moment.

use std::path::Path;

/// Seed 002 (a real task file of about a hundred tasks) from the shared seeds next to the
/// project; `None`, after saying so, when they are not there.
pub fn seed_002() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let found = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("002_"))
        });
    if found.is_none() {
        eprintln!("skipped: seed 002 not found under {}", dir.display());
    }
    found
}

/// `git ARGS` in `dir`, which must succeed; its standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Starts `todo ARGS` in every directory at the same moment and waits for all: each one's
/// exit code and standard error.
pub fn race(
    dirs: &[std::path::PathBuf],
    args: impl Fn(usize) -> Vec<String>,
) -> Vec<(i32, String)> {
    let bin = assert_cmd::cargo::cargo_bin("todo");
    let children: Vec<_> = dirs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            std::process::Command::new(&bin)
                .args(args(i))
                .current_dir(d)
                .env_remove("TODO_FORMAT")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            let err = String::from_utf8_lossy(&o.stderr).into_owned();
            (o.status.code().unwrap_or(-1), err)
        })
        .collect()
}
