#![no_main]
//! Fuzz target `lint_fix`: see `todo_md_fuzz::checks::lint_fix` and docs/fuzzing.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| todo_md_fuzz::checks::lint_fix(data));
