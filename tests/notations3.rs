//! The notations of fixtures/notations3/: each fixture, written for one way people mark
//! tasks, is snapshotted as `todo list --format json` and `todo doctor`, and the rules that
//! matter most (what is cancelled, what `ready` may offer) are asserted by name.

#[path = "common/notations3.rs"]
#[allow(dead_code)] // each test file uses part of the shared helpers
mod n3;

use n3::{dir, list, run, states};

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
    let (_, out) = run(
        "cancelled.md",
        &["list", "--state", "cancelled", "--format", "ids"],
    );
    assert_eq!(out, "G-3\nG-4\nG-6\nG-8\n");
}

#[test]
fn ready_never_offers_a_task_with_an_open_predecessor() {
    // spec-kit: a phase's tasks wait for every open task of the phases before it, and a
    // prose dependency in a title is a dependency.
    assert_eq!(ready_ids("spec-kit-phases.md", &[]), "T002\n");
    let (_, waves) = run(
        "spec-kit-phases.md",
        &["ready", "--waves", "--format", "ids"],
    );
    assert_eq!(waves, "T002\nT003 T004\nT005\nT006\nT007\nT008\n");
    // Prose forms in titles and field forms (`Requires:`, `DependsOn: [..]`).
    assert_eq!(
        ready_ids("prose-dependencies.md", &[]),
        "REL-2\nREL-5\nREL-9\n"
    );
    let (_, waves) = run(
        "prose-dependencies.md",
        &["ready", "--waves", "--format", "ids"],
    );
    assert_eq!(
        waves,
        "REL-2 REL-5 REL-9\nREL-3 REL-8\nREL-4\nREL-6\nREL-7\n"
    );
    let deps = |id: &str| {
        list("prose-dependencies.md", &[])
            .into_iter()
            .find(|t| t["id"] == id)
            .unwrap()["dependencies"]
            .clone()
    };
    assert_eq!(deps("REL-4"), serde_json::json!(["REL-3"]));
    assert_eq!(deps("REL-6"), serde_json::json!(["REL-3", "REL-4"]));
    assert_eq!(deps("REL-7"), serde_json::json!(["REL-6"]));
    assert_eq!(
        deps("REL-9"),
        serde_json::json!([]),
        "`after the party` names no task"
    );
    // Every task a wave holds has no predecessor in its own or a later wave, in any fixture.
    for name in [
        "spec-kit-phases.md",
        "prose-dependencies.md",
        "cancelled.md",
    ] {
        let (code, json) = run(name, &["ready", "--waves", "--format", "json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let waves = v["waves"].as_array().unwrap();
        for (n, wave) in waves.iter().enumerate() {
            for t in wave.as_array().unwrap() {
                for d in t["dependencies"].as_array().unwrap() {
                    let later = waves[n..]
                        .iter()
                        .any(|w| w.as_array().unwrap().iter().any(|o| o["id"] == *d));
                    assert!(!later, "{name}: {} waits on {d} in wave {}", t["id"], n + 1);
                }
            }
        }
    }
}

#[test]
fn a_letter_in_brackets_is_a_checkbox_only_where_meant() {
    let got = states("custom-marks.md");
    let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "K-1",
            "K-2",
            "K-3",
            "K-4",
            "K-5",
            "Ask whether the floor needs levelling"
        ],
        "the two explanation bullets are prose"
    );
    assert_eq!(got[2].1, "in-progress");
}

#[test]
fn state_emoji_make_tasks_where_the_file_uses_them() {
    let got = states("emoji-states.md");
    let want = [
        ("Resume interrupted downloads", "done"),
        ("Limit the bandwidth", "todo"),
        ("Verify checksums after each file", "in-progress"),
        ("Pause and resume from the tray", "in-progress"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want, "the emoji in the closing sentence is prose");
}

#[test]
fn headings_of_any_shape_keep_their_checklists() {
    let tasks = list("heading-shapes.md", &[]);
    let got: Vec<(String, String, String)> = tasks
        .iter()
        .map(|t| {
            (
                t["id"].as_str().unwrap_or("·").to_string(),
                t["title"].as_str().unwrap().to_string(),
                format!(
                    "{} {}/{}",
                    t["state"].as_str().unwrap(),
                    t["criteria"]["done"],
                    t["criteria"]["total"]
                ),
            )
        })
        .collect();
    let want = [
        ("·", "Persist the cache to disk", "todo 1/2"),
        ("OPS-21", "Guard the shell call", "in-progress 0/2"),
        ("·", "Publish the client library", "done 2/2"),
        ("·", "Rotate the signing keys", "in-progress 0/0"),
        ("CS-40", "Install the toolchain", "todo 0/0"),
        ("CS-41", "Clone the repository", "todo 0/0"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_definition_of_done_checklist_is_not_a_list_of_tasks() {
    let got = states("template-checklist.md");
    let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["W-1", "W-2", "W-3"]);
}
