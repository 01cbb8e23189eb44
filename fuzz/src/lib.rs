//! Shared oracles of the fuzz targets; see `checks.rs` and docs/fuzzing.md.

pub mod checks;
pub mod mcp_check;
pub mod merge_check;
pub mod notation_check;
