//! The notations of fixtures/notations3/: each fixture, written for one way people mark
//! tasks, is snapshotted as `todo list --format json` and `todo doctor`, and the rules that
//! matter most (what is cancelled, what `ready` may offer) are asserted by name.

mod common;

use std::path::{Path, PathBuf};

use common::todo;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notations3")
}

/// `todo --file NAME ARGS…` in fixtures/notations3: (exit code, stdout).
fn run(name: &str, args: &[&str]) -> (i32, String) {
    let out = todo(&dir())
        .args(["--file", name])
        .args(args)
        .args(["--color", "never"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn list(name: &str) -> Vec<serde_json::Value> {
    let (code, out) = run(name, &["list", "--format", "json"]);
    assert_eq!(code, 0, "{name}");
    serde_json::from_str::<serde_json::Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// (id or title, state) of every task.
fn states(name: &str) -> Vec<(String, String)> {
    list(name)
        .iter()
        .map(|t| {
            let key = t["id"].as_str().or(t["title"].as_str()).unwrap();
            (key.to_string(), t["state"].as_str().unwrap().to_string())
        })
        .collect()
}

fn ready_ids(name: &str, extra: &[&str]) -> String {
    let mut args = vec!["ready"];
    args.extend(extra);
    args.extend(["--format", "ids"]);
    run(name, &args).1
}

#[test]
fn every_fixture_is_snapshotted() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let (_, json) = run(&name, &["list", "--format", "json"]);
        insta::assert_snapshot!(format!("notations3_list_{name}"), json);
        let (_, doctor) = run(&name, &["doctor"]);
        insta::assert_snapshot!(format!("notations3_doctor_{name}"), doctor);
    }
}

#[test]
fn cancelled_work_is_its_own_state_and_closed() {
    let got = states("cancelled.md");
    let want = [
        ("G-1", "done"),
        ("G-2", "todo"),
        ("G-3", "cancelled"),
        ("~~Ask the neighbour for his old shed~~", "cancelled"),
        ("G-4", "cancelled"),
        ("G-5", "todo"),
        ("G-6", "cancelled"),
        ("G-7", "done"),
        ("G-8", "cancelled"),
        ("G-9", "blocked"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
    // Closed for readiness: neither offered nor holding anything up.
    assert_eq!(ready_ids("cancelled.md", &[]), "G-2\nG-5\n");
    let (_, out) = run("cancelled.md", &["list", "--state", "cancelled", "--format", "ids"]);
    assert_eq!(out, "G-3\nG-4\nG-6\nG-8\n");
}
