#![no_main]
//! Fuzz target `todo_txt`: see `todo_md_fuzz::notation_check::todo_txt` and docs/fuzzing.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| todo_md_fuzz::notation_check::todo_txt(data));
