//! Replays the `merge` fuzz target's seeds and saved crash inputs through its oracle
//! (`fuzz/src/merge_check.rs`, included here), so a plain `cargo test` checks the same
//! property the fuzzer does: no panic, and a clean merge drops no task, field or tick.
//! Crash inputs go to `fixtures/fuzz/merge/<what-it-is>.bin`.

#[allow(dead_code)]
mod common;

#[path = "../fuzz/src/merge_check.rs"]
mod merge_check;

use std::path::Path;

#[test]
fn seeds_and_saved_inputs_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in ["fuzz/seeds/merge", "fixtures/fuzz/merge"] {
        for f in common::files_in(&root.join(dir)) {
            let data = std::fs::read(&f).unwrap();
            let r = std::panic::catch_unwind(|| merge_check::merge_target(&data));
            assert!(r.is_ok(), "{} fails the merge oracle", f.display());
            n += 1;
        }
    }
    assert!(n >= 9, "the seeds are missing ({n} inputs)");
}

#[test]
fn a_field_added_on_each_side_passes() {
    // The oracle panics when the clean merge lacks either new field.
    let mut input = b"### T-1: a\nStatus: TODO\n".to_vec();
    input.push(0xFF);
    input.extend_from_slice(b"### T-1: a\nStatus: TODO\nOwner: ana\n");
    input.push(0xFF);
    input.extend_from_slice(b"### T-1: a\nStatus: TODO\nEffort: S\n");
    merge_check::merge_target(&input);
}

#[test]
fn short_inputs_do_not_panic() {
    for data in [
        &b""[..],
        b"\xff",
        b"\xff\xff",
        b"- [ ] a\xff- [x] a\xff\xff",
        b"\xff\xff\x00",
    ] {
        merge_check::merge_target(data);
    }
}

/// Replays a corpus the `merge` target built (`MERGE_REPLAY_DIR=fuzz/corpus/merge cargo test
/// --test merge_fuzz_replay -- --ignored`) and prints what the oracle checked: the counts
/// a campaign reports (docs/fuzzing.md).
#[test]
#[ignore = "needs MERGE_REPLAY_DIR"]
fn replay_merge_corpus() {
    use std::sync::atomic::Ordering::Relaxed;
    let dir = std::env::var("MERGE_REPLAY_DIR").expect("MERGE_REPLAY_DIR");
    let files = common::files_in(Path::new(&dir));
    for f in &files {
        merge_check::merge_target(&std::fs::read(f).unwrap());
    }
    let c = &merge_check::CHECKED;
    println!(
        "{} inputs: {} merged as tasks ({} clean); kept: {} tasks, {} fields, {} ticked items",
        files.len(),
        c.task_merges.load(Relaxed),
        c.clean.load(Relaxed),
        c.tasks.load(Relaxed),
        c.fields.load(Relaxed),
        c.ticked.load(Relaxed)
    );
}

/// `merge`, 27th minute of its run of 2026-12-06 (afternoon): both sides added a task `🆔 w2`,
/// and theirs also a task `🆔w2-`. Theirs' `w2` was renumbered to `w3`, and the rewrite took
/// the `w2` at the start of `w2-` for a mention of it: the other task became `w3-` and `w2-`
/// was lost from a merge called clean. A mention inside another ID or reference the model read
/// is now left alone.
#[test]
fn renumbering_leaves_an_id_that_starts_with_the_renumbered_one() {
    let data = include_bytes!(
        "../fixtures/fuzz/merge/renumbering-leaves-an-id-that-starts-with-the-renumbered-one.bin"
    );
    merge_check::merge_target(data);
    // Plain IDs that go on past the renumbered one keep their bytes too, and so do references
    // to them.
    let out = todo_md::merge::merge(&todo_md::merge::MergeRequest {
        base: b"# Tasks\n",
        ours: b"# Tasks\n- [ ] T-1: ours\n",
        theirs: b"# Tasks\n- [ ] T-1: theirs\n- [ ] T-1-b: after T-1-b's sibling\n  - Depends on: T-1-b\n",
        path: "TODO.md",
        marker_size: 7,
        known_ids: &[],
    })
    .expect("the merge");
    let text = String::from_utf8(out.bytes.clone()).unwrap();
    assert!(text.contains("- [ ] T-2: theirs"), "{text}");
    assert!(
        text.contains("- [ ] T-1-b: after T-1-b's sibling\n  - Depends on: T-1-b"),
        "{text}"
    );
}
