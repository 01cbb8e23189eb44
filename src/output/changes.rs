//! The formats of the edit commands (`move`, `set`, `check`, `uncheck`, `add`, `archive`,
//! `edit`), which report the changes they made as text or JSON.
//!
//! Only the list lives here for now, so that `--format` and `--help` read it like every
//! other command's; the report itself is still written by the binary's edit commands.

use super::format::Format;

/// What the edit commands write; the first is the default.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json];
