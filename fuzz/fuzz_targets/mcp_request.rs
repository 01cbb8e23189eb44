#![no_main]
//! Fuzz target `mcp_request`: see `todo_md_fuzz::mcp_check` and docs/fuzzing.md. It runs the
//! `todo` binary (`TODO_BIN`, else `target/release/todo`): build that first.

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    let exe = EXE.get_or_init(todo_md_fuzz::mcp_check::todo_bin);
    todo_md_fuzz::mcp_check::mcp_request(exe, data);
});
