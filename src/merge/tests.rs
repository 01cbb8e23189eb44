//! Whole-file merges, one per kind of change.

use super::*;

#[path = "../../benches/support/generate.rs"]
mod generate;

fn run(b: &str, o: &str, t: &str) -> MergeOutcome {
    merge(&MergeRequest {
        base: b.as_bytes(),
        ours: o.as_bytes(),
        theirs: t.as_bytes(),
        path: "TODO.md",
        marker_size: 7,
        known_ids: &[],
    })
    .unwrap()
}

/// Merges an input of the `merge` fuzz target: the three versions separated by 0xFF, then one
/// byte for the marker size (ignored here).
fn run_saved(saved: &[u8]) -> MergeOutcome {
    let parts: Vec<&[u8]> = saved.splitn(3, |b| *b == 0xFF).collect();
    merge(&MergeRequest {
        base: parts[0],
        ours: parts[1],
        theirs: &parts[2][..parts[2].len() - 1],
        path: "TODO.md",
        marker_size: 7,
        known_ids: &[],
    })
    .unwrap()
}

fn clean(b: &str, o: &str, t: &str) -> String {
    let r = run(b, o, t);
    assert_eq!(r.method, Method::Tasks);
    assert_eq!(r.conflicts, 0, "{}", String::from_utf8_lossy(&r.bytes));
    String::from_utf8(r.bytes).unwrap()
}

const BASE: &str = "# P\n\nLast Updated: 2026-01-10\n\n## Now\n\n### T-001: Parser\nPriority: P1\nStatus: READY\n\n### T-002: Lexer\nPriority: P2\nStatus: TODO\n\nAcceptance Criteria:\n- [ ] one\n- [ ] two\n\n## Later\n\n### T-003: Docs\nStatus: TODO\n";

#[test]
fn changes_to_two_tasks_merge() {
    let o = BASE.replace("Status: READY", "Status: DONE");
    let t = BASE.replace("Priority: P2", "Priority: P0");
    let want = o.replace("Priority: P2", "Priority: P0");
    assert_eq!(clean(BASE, &o, &t), want);
}

#[test]
fn two_fields_of_one_task_and_two_ticks_merge() {
    let o = BASE
        .replace("Priority: P2", "Priority: P0")
        .replace("- [ ] one", "- [x] one");
    let t = BASE
        .replace("Status: TODO\n\nAcc", "Status: WIP\n\nAcc")
        .replace("- [ ] two", "- [x] two");
    let want = o
        .replace("Status: TODO\n\nAcc", "Status: WIP\n\nAcc")
        .replace("- [ ] two", "- [x] two");
    assert_eq!(clean(BASE, &o, &t), want);
}

#[test]
fn both_add_at_the_end_of_a_section_and_ids_are_renumbered() {
    let o = BASE.replace("\n## Later", "\n### T-004: Ours\nStatus: TODO\n\n## Later");
    let t = BASE.replace(
        "\n## Later",
        "\n### T-004: Theirs\nStatus: TODO\nDependencies: T-004\n\n## Later",
    );
    let r = run(BASE, &o, &t);
    assert_eq!(r.conflicts, 0);
    assert_eq!(
        r.renumbered,
        [Renumbering {
            from: "T-004".into(),
            to: "T-005".into()
        }]
    );
    let want = BASE.replace(
        "\n## Later",
        "\n### T-004: Ours\nStatus: TODO\n\n### T-005: Theirs\nStatus: TODO\nDependencies: T-005\n\n## Later",
    );
    assert_eq!(String::from_utf8(r.bytes).unwrap(), want);
}

#[test]
fn last_updated_takes_the_later_date() {
    let o = BASE
        .replace("2026-01-10", "2026-02-03")
        .replace("Status: READY", "Status: DONE");
    let t = BASE
        .replace("2026-01-10", "2026-02-01")
        .replace("Priority: P2", "Priority: P0");
    assert_eq!(
        clean(BASE, &o, &t),
        o.replace("Priority: P2", "Priority: P0")
    );
    assert_eq!(
        clean(BASE, &t, &o),
        o.replace("Priority: P2", "Priority: P0")
    );
}

#[test]
fn a_move_and_an_edit_keep_both() {
    let block = "### T-001: Parser\nPriority: P1\nStatus: READY\n\n";
    let o = BASE
        .replace(block, "")
        .replace("## Later\n\n", &format!("## Later\n\n{block}"));
    let t = BASE.replace("Priority: P1", "Priority: P3");
    assert_eq!(
        clean(BASE, &o, &t),
        o.replace("Priority: P1", "Priority: P3")
    );
    assert_eq!(
        clean(BASE, &t, &o),
        o.replace("Priority: P1", "Priority: P3")
    );
}

#[test]
fn one_field_set_twice_is_marked_around_that_line() {
    let o = BASE.replace("Status: READY", "Status: DONE");
    let t = BASE.replace("Status: READY", "Status: BLOCKED").replace(
        "### T-003: Docs\nStatus: TODO",
        "### T-003: Docs\nStatus: DONE",
    );
    let r = run(BASE, &o, &t);
    assert_eq!(r.conflicts, 1);
    let text = String::from_utf8(r.bytes).unwrap();
    assert!(text.contains(
        "Priority: P1\n<<<<<<< ours\nStatus: DONE\n=======\nStatus: BLOCKED\n>>>>>>> theirs\n\n### T-002"
    ));
    assert!(text.ends_with("### T-003: Docs\nStatus: DONE\n"));
}

#[test]
fn modify_delete_marks_the_block() {
    let o = BASE.replace("### T-003: Docs\nStatus: TODO\n", "");
    let t = BASE.replace(
        "### T-003: Docs\nStatus: TODO",
        "### T-003: Docs\nStatus: DONE",
    );
    let r = run(BASE, &o, &t);
    assert_eq!(r.conflicts, 1);
    let text = String::from_utf8(r.bytes).unwrap();
    assert!(
        text.ends_with("<<<<<<< ours\n=======\n### T-003: Docs\nStatus: DONE\n>>>>>>> theirs\n"),
        "{text}"
    );
    let r = run(BASE, &t, &o);
    assert_eq!(r.conflicts, 1);
}

#[test]
fn a_deletion_of_an_unchanged_task_merges() {
    let o = BASE.replace("Status: READY", "Status: DONE");
    let t = BASE.replace("\n### T-003: Docs\nStatus: TODO\n", "");
    assert_eq!(
        clean(BASE, &o, &t),
        o.replace("\n### T-003: Docs\nStatus: TODO\n", "")
    );
}

#[test]
fn table_rows_merge_cell_by_cell() {
    let b = "| ID | Task | Status | Priority |\n|---|---|---|---|\n| T-1 | a | TODO | P1 |\n| T-2 | b | TODO | P2 |\n";
    let o = b.replace("| T-1 | a | TODO |", "| T-1 | a | DONE |");
    let t = b
        .replace("| T-1 | a | TODO | P1 |", "| T-1 | a | TODO | P0 |")
        .replace("| T-2 | b | TODO |", "| T-2 | b | WIP  |");
    assert_eq!(
        clean(b, &o, &t),
        "| ID | Task | Status | Priority |\n|---|---|---|---|\n| T-1 | a | DONE | P0 |\n| T-2 | b | WIP  | P2 |\n"
    );
}

#[test]
fn binary_and_taskless_versions_merge_by_lines() {
    let r = run("a\n", "a\nb\n", "c\na\n");
    assert!(matches!(r.method, Method::Lines(_)));
    assert_eq!(r.bytes, b"c\na\nb\n");
    let r = merge(&MergeRequest {
        base: b"- [ ] a\0\n",
        ours: b"- [ ] a\n",
        theirs: b"- [x] a\n",
        path: "TODO.md",
        marker_size: 7,
        known_ids: &[],
    })
    .unwrap();
    assert!(matches!(r.method, Method::Lines(ref why) if why.contains("binary")));
}

#[test]
fn crlf_files_keep_their_line_endings() {
    let b = BASE.replace('\n', "\r\n");
    let o = b.replace("Status: READY", "Status: DONE");
    let t = b.replace(
        "\r\n## Later",
        "\r\n### T-009: New\r\nStatus: TODO\r\n\r\n## Later",
    );
    let want = o.replace(
        "\r\n## Later",
        "\r\n### T-009: New\r\nStatus: TODO\r\n\r\n## Later",
    );
    assert_eq!(clean(&b, &o, &t), want);
}

#[test]
fn a_file_without_final_newline_gets_one_between_units() {
    let b = "- [ ] **R-1** a\n- [ ] **R-2** b";
    let o = "- [x] **R-1** a\n- [ ] **R-2** b";
    let t = "- [ ] **R-1** a\n- [ ] **R-2** b\n- [ ] **R-3** c";
    assert_eq!(
        clean(b, o, t),
        "- [x] **R-1** a\n- [ ] **R-2** b\n- [ ] **R-3** c"
    );
}

/// Sets the value of the first `key` line after `task`'s heading.
fn set_in(text: &str, task: &str, key: &str, value: &str) -> String {
    let i = text.find(&format!("### {task}:")).unwrap();
    let j = i + text[i..].find(key).unwrap();
    let k = j + text[j..].find('\n').unwrap();
    format!("{}{key}{value}{}", &text[..j], &text[k..])
}

#[test]
fn a_large_file_merges_from_the_changed_parts_only() {
    let b = generate::task_file(2000);
    assert!(b.len() * 3 > scope::RELATED_FROM);
    let o = set_in(
        &set_in(&b, "T-00500", "Status: ", "DONE"),
        "T-01200",
        "Owner: ",
        "AGENT",
    );
    let t = set_in(
        &set_in(&b, "T-01500", "Priority: ", "P0"),
        "T-00500",
        "Priority: ",
        "P3",
    );
    let t = format!("{t}\n### T-02001: One more\nPriority: P2\nStatus: TODO\n");
    let o2 = format!("{o}\n### T-02001: Ours too\nPriority: P1\nStatus: TODO\n");
    let [bf, _, _] = scope::parse_three("TODO.md", &b, &o2, &t);
    assert!(matches!(bf.scope, crate::parse::Scope::Related(_)));
    let want = set_in(
        &set_in(&o, "T-01500", "Priority: ", "P0"),
        "T-00500",
        "Priority: ",
        "P3",
    );
    assert_eq!(
        clean(&b, &o, &t),
        format!("{want}\n### T-02001: One more\nPriority: P2\nStatus: TODO\n")
    );
    let r = run(&b, &o2, &t);
    assert_eq!((r.conflicts, r.renumbered.len()), (0, 1));
    assert_eq!(r.renumbered[0].to, "T-02002");
    let text = String::from_utf8(r.bytes).unwrap();
    assert!(text.ends_with("### T-02001: Ours too\nPriority: P1\nStatus: TODO\n\n### T-02002: One more\nPriority: P2\nStatus: TODO\n"));
}

/// Found by the `merge` fuzz target: both sides gave a one-task file the same new ID, with
/// other edits besides. The merge took that for two tasks added under one ID, renumbered
/// theirs, and then kept only ours' file, losing theirs' edits without a conflict. The file
/// is the task: a changed ID is an edit of it, merged with the other side's edits.
#[test]
fn a_one_task_file_keeps_its_identity_when_its_id_changes() {
    let base =
        "---\nid: task-7\ntitle: Cache the index\nstatus: To Do\npriority: low\n---\n\nBody\n";
    // Both renamed it; ours changed the status, theirs the priority.
    let o = base
        .replace("task-7", "task-9")
        .replace("To Do", "In Progress");
    let t = base.replace("task-7", "task-9").replace("low", "high");
    let r = run(base, &o, &t);
    assert!(r.renumbered.is_empty(), "{:?}", r.renumbered);
    assert_eq!(r.conflicts, 0, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(
        String::from_utf8(r.bytes).unwrap(),
        o.replace("low", "high")
    );
    // One side renamed it, the other edited the body.
    let t = base.replace("Body", "Body, longer");
    assert_eq!(clean(base, &o, &t), o.replace("Body", "Body, longer"));
    // Different edits of one line conflict there; nothing is dropped.
    let t = base
        .replace("task-7", "task-9")
        .replace("Body", "Other body");
    let o2 = o.replace("Body", "Our body");
    let r = run(base, &o2, &t);
    assert_eq!(r.conflicts, 1);
    let text = String::from_utf8(r.bytes).unwrap();
    assert!(
        text.contains("Our body") && text.contains("Other body"),
        "{text}"
    );
    let saved = include_bytes!(
        "../../fixtures/fuzz/merge/one-task-file-given-one-new-id-on-both-sides.bin"
    );
    let r = run_saved(saved);
    assert!(r.renumbered.is_empty());
}

/// Found by the `merge` fuzz target on 2026-12-06: from a file that held no task, each side
/// made a one-task file of its own under the same ID. The merge took that for two tasks added
/// under one ID and renumbered theirs, but one file cannot hold two tasks, so only ours' file
/// was left: theirs' task lost without a conflict. Such a merge goes by lines, where the
/// difference is a conflict.
#[test]
fn a_file_both_sides_made_a_task_of_their_own_conflicts_by_lines() {
    let base = "x\n";
    let o = "---\nid: T-1\ntitle: Oil the gate\n---\nUse the spray can.\n";
    let t = "---\nid: T-1\ntitle: Oil the gate\n---\nUse the brush.\n";
    let r = run(base, o, t);
    assert!(r.renumbered.is_empty(), "{:?}", r.renumbered);
    assert_eq!(
        r.method,
        Method::Lines("both sides made the file a task of their own".into())
    );
    assert_eq!(r.conflicts, 1);
    let text = String::from_utf8(r.bytes).unwrap();
    assert!(
        text.contains("Use the spray can.") && text.contains("Use the brush."),
        "{text}"
    );
    // The same file on both sides merges cleanly.
    assert_eq!(run(base, o, o).conflicts, 0);
    // The input the fuzz target found: IDs a folded YAML scalar gives, which the check of the
    // merged result read as found under the result's ID.
    let saved = include_bytes!("../../fixtures/fuzz/merge/a-file-both-sides-made-one-task-of.bin");
    let r = run_saved(saved);
    assert!(r.renumbered.is_empty(), "{:?}", r.renumbered);
    assert_eq!(r.conflicts, 1);
}

/// Found by the `merge` fuzz target on 2026-12-06: theirs renumbered a task joined with a row
/// of an index table, and the row stood on a line the ancestor already had (as text, before
/// theirs put a table header over it). Mentions on such lines are left alone, so the row kept
/// the old ID and the renumbered task lost the fields its row gives. A renumbered task's row
/// is rewritten with it.
#[test]
fn a_renumbered_task_takes_its_index_row_along() {
    let base = "# Deck\n\n## Now\n\n## Index\n\n| T-2 | Sand the deck | todo |\n";
    let o = base.replace("## Now\n", "## Now\n\n### T-1: Buy oil\n");
    let t = base
        .replace("## Now\n", "## Now\n\n### T-1: Rent a sander\n")
        .replace(
            "| T-2 |",
            "| ID | Task | Status |\n|----|------|--------|\n| T-2 |",
        )
        + "\n### T-2: Sand the deck\n";
    let (o, t) = (o.as_str(), t.as_str());
    let r = run(base, o, t);
    assert_eq!(r.method, Method::Tasks);
    assert_eq!(r.conflicts, 0, "{}", String::from_utf8_lossy(&r.bytes));
    let text = String::from_utf8(r.bytes).unwrap();
    let merged = crate::TaskFile::parse(crate::Document::from_string("TODO.md", text.clone()));
    let sand = merged
        .tasks
        .iter()
        .find(|x| x.title.value == "Sand the deck")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(sand.index.is_some(), "{text}");
    assert_eq!(sand.status(), Some("todo"), "{text}");
    let saved = include_bytes!(
        "../../fixtures/fuzz/merge/renumbered-task-joined-with-an-old-index-row.bin"
    );
    let r = run_saved(saved);
    let text = String::from_utf8(r.bytes).unwrap();
    assert!(!text.contains("| T-2 | b |"), "{text}");
}
