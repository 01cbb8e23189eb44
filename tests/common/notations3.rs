//! Helpers of the tests over fixtures/notations3/: `todo` with no colour, width or format
//! from the environment, run on one file of a folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// `todo` in `dir`, with no colour or format from the environment.
pub fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("TODO_FORMAT")
        .env_remove("GITHUB_ACTIONS");
    cmd
}

/// fixtures/notations3/.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notations3")
}

/// `todo --file NAME ARGS…` in `dir`: (exit code, stdout, stderr).
pub fn run_in(dir: &Path, name: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--file", name];
    all.extend_from_slice(args);
    run_args(dir, &all)
}

/// `todo ARGS…` in `dir`: (exit code, stdout, stderr).
pub fn run_args(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = todo(dir)
        .args(args)
        .args(["--color", "never"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `todo --file NAME ARGS…` in fixtures/notations3: (exit code, stdout).
pub fn run(name: &str, args: &[&str]) -> (i32, String) {
    let (code, out, _) = run_in(&dir(), name, args);
    (code, out)
}

/// The tasks of `todo --file NAME list ARGS… --format json`, which must succeed.
pub fn list(name: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["list"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let (code, out) = run(name, &all);
    assert_eq!(code, 0, "{name} {args:?}");
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// (id or title, state) of every task.
pub fn states(name: &str) -> Vec<(String, String)> {
    list(name, &[])
        .iter()
        .map(|t| {
            let key = t["id"].as_str().or(t["title"].as_str()).unwrap();
            (key.to_string(), t["state"].as_str().unwrap().to_string())
        })
        .collect()
}
