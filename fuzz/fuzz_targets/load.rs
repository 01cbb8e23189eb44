#![no_main]
//! Fuzz target `load`: see `todo_md_fuzz::checks::load` and docs/fuzzing.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| todo_md_fuzz::checks::load(data));
