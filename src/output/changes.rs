//! The report of the edit commands (`move`, `set`, `check`, `uncheck`, `add`, `archive`,
//! `edit`): the changes they made, as text or JSON, and their `--dry-run` diff.
//!
//! The changes come typed from the edit layer; nothing is read or written here but `out`.

use std::io::{self, Write};

use serde::Serialize;

use super::format::{Format, write_json};
use super::patch::{write_file_diff, write_new_file};
use super::sanitize;
use crate::model::ChangeKind;
use crate::ops::Change;

/// What the edit commands write; the first is the default.
pub const FORMATS: &[Format] = &[Format::Text, Format::Json];

/// The JSON of an edit: whether anything changed, and each change.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ChangesJson<'a> {
    /// False when every requested value was already so and nothing was written.
    pub changed: bool,
    /// The changes, in the order they were planned.
    pub changes: &'a [Change],
}

/// Writes the changes of one edit; `unchanged` says nothing was written because every value
/// was already so. Text shows one line a change, the `Last Updated` stamp left out.
pub fn write_report(
    out: &mut dyn Write,
    format: Format,
    changes: &[Change],
    unchanged: bool,
) -> io::Result<()> {
    if format == Format::Json {
        return write_json(
            out,
            &ChangesJson {
                changed: !unchanged,
                changes,
            },
        );
    }
    for c in changes.iter().filter(|c| c.kind != ChangeKind::LastUpdated) {
        out.write_all(sanitize(&c.to_string()).as_bytes())?;
        if unchanged {
            out.write_all(b" (already so; nothing written)")?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The JSON of `--dry-run --format json`: the changes the edit would make, nothing written,
/// and the unified diff the text form prints.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DryRunJson<'a> {
    /// True: the edit would change something (an edit with nothing to change reports as
    /// [`ChangesJson`] with `changed: false`).
    pub changed: bool,
    /// Always true here: nothing was written.
    pub dry_run: bool,
    /// The changes the edit would make.
    pub changes: &'a [Change],
    /// The unified diff of every file the edit would change or create.
    pub diff: String,
}

/// The `--dry-run` output as JSON: the changes and the diff `write_dry_run` would print.
pub fn write_dry_run_json<'a>(
    out: &mut dyn Write,
    changes: &[Change],
    files: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    new_files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> io::Result<()> {
    let mut diff = Vec::new();
    write_dry_run(&mut diff, files, new_files)?;
    write_json(
        out,
        &DryRunJson {
            changed: true,
            dry_run: true,
            changes,
            diff: String::from_utf8_lossy(&diff).into_owned(),
        },
    )
}

/// The `--dry-run` output: a unified diff per changed file (`name`, old text, new text), then
/// one per new file (`name`, text).
pub fn write_dry_run<'a>(
    out: &mut dyn Write,
    files: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    new_files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> io::Result<()> {
    for (name, old, new) in files {
        write_file_diff(out, name, old, new)?;
    }
    for (name, text) in new_files {
        write_new_file(out, name, text)?;
    }
    Ok(())
}
