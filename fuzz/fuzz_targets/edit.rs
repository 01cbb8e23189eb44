#![no_main]
//! Fuzz target `edit`: see `todo_md_fuzz::checks::edit` and docs/fuzzing.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| todo_md_fuzz::checks::edit(data));
