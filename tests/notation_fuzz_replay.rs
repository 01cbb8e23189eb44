//! Replays the seeds and saved findings of the fuzz targets `todo_txt` and `front_matter`
//! through their oracles (`fuzz/src/notation_check.rs`, included here with the span checks
//! of `fuzz/src/checks.rs`), so a plain `cargo test` checks what the fuzzer does. Findings go
//! to `fixtures/fuzz/<target>/<what-it-is>.bin`.

#[allow(dead_code)]
mod common;

#[path = "../fuzz/src/checks.rs"]
mod checks;
#[path = "../fuzz/src/notation_check.rs"]
mod notation_check;

use std::path::Path;

/// Each seed of `fuzz/seeds/<target>` (a bare file) under every edit byte below `ops` and
/// every argument byte below `args`, and each saved finding of `fixtures/fuzz/<target>` (a
/// whole input) as it is, pass `check`; returns how many seeds there were.
fn replay(target: &str, ops: u8, args: u8, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = common::files_in(&root.join("fuzz/seeds").join(target));
    for f in &seeds {
        let text = std::fs::read(f).unwrap();
        for op in 0..ops {
            for arg in 0..args {
                let data = [&[op, arg][..], &text].concat();
                let r = std::panic::catch_unwind(|| check(&data));
                assert!(
                    r.is_ok(),
                    "{} with edit {op}, argument {arg} fails the {target} oracle",
                    f.display()
                );
            }
        }
    }
    for f in common::files_in(&root.join("fixtures/fuzz").join(target)) {
        let data = std::fs::read(&f).unwrap();
        let r = std::panic::catch_unwind(|| check(&data));
        assert!(r.is_ok(), "{} fails the {target} oracle", f.display());
    }
    seeds.len()
}

#[test]
fn todo_txt_seeds_and_saved_inputs_pass() {
    let n = replay("todo_txt", 7, 48, notation_check::todo_txt);
    assert!(n >= 6, "the seeds are missing ({n} inputs)");
}

#[test]
fn front_matter_seeds_and_saved_inputs_pass() {
    let n = replay("front_matter", 12, 80, notation_check::front_matter);
    assert!(n >= 6, "the seeds are missing ({n} inputs)");
}

#[test]
fn a_front_matter_with_a_problem_takes_no_new_key() {
    use todo_md::ops::{Common, set};
    let common = Common {
        today: None,
        force: false,
    };
    let owner = [("owner".to_string(), "ana".to_string())];
    for text in [
        // Left open, the last line without a line break: the key would be glued to it.
        "---\nid: T-1\ntitle: Rake\nstatus: To Do",
        // Left open after a line the reader stops at: the key would not be read back.
        "---\nid: T-1\ntitle: Rake\ndependencies: [T-2[\nstatus: To Do\n",
    ] {
        let p = notation_check::one_file("tasks/T-1.md", text.to_string());
        let refused = set(&p, "T-1", &owner, common).and_then(|plan| plan.apply(&p));
        let message = refused.expect_err(text).to_string();
        assert!(message.contains("front matter"), "{message}");
    }
}

/// `front_matter`, 42nd minute of its run of 2026-12-06: `move` on a heading task joined with
/// the row of an index table writes the new status in the row's cell too, as the `edit`
/// target already allows; this oracle allowed the task's own lines only, and now allows the
/// row as well (the product was right).
#[test]
fn a_move_may_write_the_status_in_the_task_index_row() {
    let data = include_bytes!(
        "../fixtures/fuzz/front_matter/move-writes-the-index-row-of-a-heading-task.bin"
    );
    notation_check::front_matter(data);
}

/// `todo_txt`, 13th minute of its run of 2026-12-06: `set priority é` on a line whose priority
/// is a `prio:r` token wrote `prio:é`. Only the line's `(A)` and a done line's `pri:A` hold a
/// todo.txt priority letter, upper-cased and refused when not a letter; a token of the file's
/// own (`prio:`) keeps the value as given, like any `key:value`. The oracle expected an
/// upper-case letter whatever the token (the product was right).
#[test]
fn a_priority_set_on_a_token_of_the_files_own_keeps_the_value_as_given() {
    let data =
        include_bytes!("../fixtures/fuzz/todo_txt/priority-set-on-a-prio-token-keeps-its-case.bin");
    notation_check::todo_txt(data);
}

/// `front_matter`, 9th minute of its run of 2026-12-06 (afternoon): a file whose legend
/// declares `- [(] WONTFIX` has a task ticked `[(]`, which is read as closed. The oracle knew
/// only the built-in marks, where `(` means nothing, and expected it open (the product was
/// right: a legend's marks have the state they name, see docs/format.md).
#[test]
fn a_mark_the_files_legend_declares_reads_in_the_state_it_names() {
    let data = include_bytes!("../fixtures/fuzz/front_matter/a-mark-the-files-legend-declares.bin");
    notation_check::front_matter(data);
    // The file after the two bytes that choose the edit: its task is closed by its mark.
    let text = String::from_utf8(data[2..].to_vec()).unwrap();
    let file = todo_md::TaskFile::parse(todo_md::Document::from_string("TODO.md", text));
    let task = file
        .tasks
        .last()
        .expect("the task ticked with the declared mark");
    assert!(task.checkbox.is_some_and(|c| c.done && c.symbol == '('));
    assert!(task.state.is_closed(), "{:?}", task.state);
}
