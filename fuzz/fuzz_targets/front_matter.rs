#![no_main]
//! Fuzz target `front_matter`: see `todo_md_fuzz::notation_check::front_matter` and docs/fuzzing.md.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| todo_md_fuzz::notation_check::front_matter(data));
