#![no_main]
//! Fuzz target `config`: see `todo_md_fuzz::checks::config_target` and docs/fuzzing.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| todo_md_fuzz::checks::config_target(data));
