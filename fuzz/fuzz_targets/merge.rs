#![no_main]
//! Fuzz target `merge`: see `todo_md_fuzz::merge_check` and docs/fuzzing.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| todo_md_fuzz::merge_check::merge_target(data));
