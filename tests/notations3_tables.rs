//! Which tables are task tables, an index table joined with the headings that detail its
//! rows, and headings quoted or fenced inside a task's body: fixtures/notations3/ files
//! `count-tables.md`, `index-and-details.md` and `quoted-headings.md`, snapshotted as
//! `todo list --format json` and `todo doctor`, and the edits on a joined task checked byte
//! for byte.

#[path = "common/notations3.rs"]
#[allow(dead_code)] // each test file uses part of the shared helpers
mod n3;

use n3::{dir, list, run_in, states};

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const FIXTURES: [&str; 3] = [
    "count-tables.md",
    "index-and-details.md",
    "quoted-headings.md",
];

#[test]
fn each_fixture_is_snapshotted() {
    for name in FIXTURES {
        let (_, json, _) = run_in(&dir(), name, &["list", "--format", "json"]);
        insta::assert_snapshot!(format!("tables_list_{name}"), json);
        let (_, doctor, _) = run_in(&dir(), name, &["doctor"]);
        insta::assert_snapshot!(format!("tables_doctor_{name}"), doctor);
    }
}

#[test]
fn tables_of_counts_values_and_dates_give_no_tasks() {
    assert_eq!(
        states("count-tables.md"),
        pairs(&[
            ("BK-1", "todo"),
            ("BK-2", "in-progress"),
            ("BK-3", "done"),
            ("Sweep under the racks", "todo"),
        ]),
        "no `Critical`, no `Total`, no placeholder `-` row, no dated log rows"
    );
    let (_, doctor, _) = run_in(&dir(), "count-tables.md", &["doctor"]);
    assert!(doctor.contains("a table of counts"), "{doctor}");
    assert!(doctor.contains("counts tasks by status"), "{doctor}");
    assert!(doctor.contains("numbers or dates"), "{doctor}");
}

#[test]
fn an_index_row_and_its_detail_heading_are_one_task() {
    let tasks = list("index-and-details.md", &[]);
    let ids: Vec<&str> = tasks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["G-1", "G-2", "G-3", "G-4"]);
    let g = |id: &str| tasks.iter().find(|t| t["id"] == id).unwrap().clone();
    // The row gives the priority, the heading its checklist and the line.
    assert_eq!(g("G-1")["priority"], "P1");
    assert_eq!(g("G-1")["criteria"]["total"], 2);
    assert_eq!(g("G-1")["line"], 14);
    assert_eq!(
        g("G-1")["state"],
        "done",
        "the row's status, the heading has none"
    );
    // Where both give a status, the heading's wins.
    assert_eq!(g("G-4")["state"], "blocked");
    assert_eq!(g("G-2")["dependencies"], serde_json::json!(["G-1"]));
    let (_, doctor, _) = run_in(&dir(), "index-and-details.md", &["doctor"]);
    assert!(doctor.contains("an index: 4 of its 4 rows"), "{doctor}");
    assert!(
        doctor.contains("G-4: the row's `Status` is `todo`, the heading's `blocked`"),
        "{doctor}"
    );
}

#[test]
fn lint_reports_no_duplicate_for_an_index_row_and_its_heading() {
    let (code, out, err) = run_in(&dir(), "index-and-details.md", &["lint"]);
    assert!(!out.contains("duplicate-id"), "{out}{err}");
    assert_eq!(code, 0, "{out}{err}");
}

/// Runs `todo ARGS…` on a copy of index-and-details.md and returns the file after it.
fn edited(args: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(dir().join("index-and-details.md")).unwrap();
    std::fs::write(tmp.path().join("TODO.md"), &text).unwrap();
    let (code, out, err) = run_in(tmp.path(), "TODO.md", args);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    std::fs::read_to_string(tmp.path().join("TODO.md")).unwrap()
}

fn original() -> String {
    std::fs::read_to_string(dir().join("index-and-details.md")).unwrap()
}

#[test]
fn move_writes_the_status_where_it_is_written_and_in_both_places_when_both_hold_one() {
    // G-3's status is only in its row: the cell changes, padded to its column.
    assert_eq!(
        edited(&["move", "G-3", "doing"]),
        original().replace(
            "| G-3 | Log humidity every minute | P2  | todo        |",
            "| G-3 | Log humidity every minute | P2  | doing       |"
        )
    );
    // G-4 writes it in the row and under the heading, so they cannot disagree.
    assert_eq!(
        edited(&["move", "G-4", "doing"]),
        original()
            .replace(
                "| G-4 | Sound the frost alarm     | P1  | todo        |",
                "| G-4 | Sound the frost alarm     | P1  | doing       |"
            )
            .replace("Status: blocked\n", "Status: doing\n")
    );
}

#[test]
fn set_writes_a_field_the_row_holds_in_its_cell() {
    assert_eq!(
        edited(&["set", "G-2", "priority", "P1"]),
        original().replace(
            "| G-2 | Open the roof vents       | P0  |",
            "| G-2 | Open the roof vents       | P1  |"
        )
    );
    // A field neither place has goes under the heading.
    assert_eq!(
        edited(&["set", "G-3", "owner", "ana"]),
        original().replace(
            "### G-3: Log humidity every minute\n",
            "### G-3: Log humidity every minute\nOwner: ana\n"
        )
    );
}

#[test]
fn show_reads_the_joined_task_as_list_does() {
    let (code, out, err) = run_in(
        &dir(),
        "index-and-details.md",
        &["show", "G-2", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    let listed = list("index-and-details.md", &[]);
    let g2 = listed.iter().find(|t| t["id"] == "G-2").unwrap();
    assert_eq!(shown["priority"], "P0", "from the row");
    assert_eq!(shown["criteria"]["total"], 2, "from the heading");
    assert_eq!(shown["priority"], g2["priority"]);
    assert_eq!(shown["criteria"], g2["criteria"]);
    assert_eq!(shown["status"], g2["status"]);
    assert_eq!(shown["line"], g2["line"]);
}

#[test]
fn quoted_and_fenced_headings_do_not_end_a_heading_task() {
    assert_eq!(
        states("quoted-headings.md"),
        pairs(&[("LH-1", "in-progress"), ("LH-2", "todo")])
    );
    let lh1 = list("quoted-headings.md", &[])[0].clone();
    assert_eq!(
        lh1["criteria"]["total"], 3,
        "the steps after the quote and the fence"
    );
    assert_eq!(lh1["criteria"]["done"], 1);
    assert_eq!(lh1["section"], serde_json::json!(["Repairs"]));
}

#[test]
fn a_joined_task_stays_where_its_row_and_heading_are() {
    let tmp = tempfile::tempdir().unwrap();
    let text = original();
    std::fs::write(tmp.path().join("TODO.md"), &text).unwrap();
    let (code, _, err) = run_in(
        tmp.path(),
        "TODO.md",
        &["move", "G-1", "done", "--to", "later.md"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("listed in an index table"), "{err}");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("TODO.md")).unwrap(),
        text
    );
}
