//! Replays the seeds and saved findings of the fuzz target `mcp_request` through its oracle
//! (`fuzz/src/mcp_check.rs`, included here), with the `todo` binary this build made, so a
//! plain `cargo test` checks what the fuzzer does. Findings go to
//! `fixtures/fuzz/mcp_request/<what-it-is>.bin`.

#[allow(dead_code)]
mod common;

#[allow(dead_code)]
#[path = "../fuzz/src/mcp_check.rs"]
mod mcp_check;

use std::path::Path;

#[test]
fn every_seed_and_saved_input_passes_the_mcp_request_oracle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = Path::new(env!("CARGO_BIN_EXE_todo"));
    let mut files = common::files_in(&root.join("fuzz/seeds/mcp_request"));
    files.extend(common::files_in(&root.join("fixtures/fuzz/mcp_request")));
    assert!(files.len() >= 15, "the seeds are missing: {files:?}");
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let r = std::panic::catch_unwind(|| mcp_check::mcp_request(exe, &data));
        assert!(r.is_ok(), "{} fails the mcp_request oracle", f.display());
    }
    // The oracle can fail: a file changed outside the repository is caught. (One test, as
    // the scratch repository is one per process.)
    let seed = b"\x05\x80{}";
    mcp_check::mcp_request(exe, seed);
    let root = std::env::temp_dir().join(format!("todo-mcp-fuzz-{}", std::process::id()));
    std::fs::write(root.join("outside/NOTES.md"), "changed\n").unwrap();
    let r = std::panic::catch_unwind(|| mcp_check::mcp_request(exe, seed));
    std::fs::write(
        root.join("outside/NOTES.md"),
        "# Notes\n\nnot a task file\n",
    )
    .unwrap();
    assert!(r.is_err(), "a changed file outside was not noticed");
}
