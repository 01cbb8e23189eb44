//! Diagnostics: what a lint rule reports, with positions, labels and an optional fix.
//!
//! Data only: rendering a diagnostic in any format belongs to `crate::output`.

use serde::Serialize;

use crate::document::{Position, Span};
use crate::edit::Edit;

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational only.
    Info,
    /// Worth fixing; fails the run only with `--warnings-as-errors`.
    Warning,
    /// Fails the run (exit 1).
    Error,
}

impl Severity {
    /// The lower-case name.
    pub fn name(&self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` (or `warn`), `info`.
    pub fn parse(text: &str) -> Option<Severity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Applied by `--fix`: the result means what the author meant.
    Safe,
    /// Applied only with `--fix --unsafe-fixes`: it may change meaning.
    Unsafe,
    /// Shown as a suggestion, never applied.
    DisplayOnly,
}

/// A fix: edits to one file's original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for people (`replace with ✅`).
    pub message: String,
    /// Edits to the file the diagnostic is in.
    pub edits: Vec<Edit>,
    /// Safety.
    pub applicability: Applicability,
}

/// A place in a file, with what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file as shown (as given, or relative to the repository root).
    pub file: String,
    /// Index of the file in the project (to find its text).
    pub file_index: usize,
    /// The bytes.
    pub span: Span,
    /// Start, 1-based.
    pub start: Position,
    /// End, 1-based (the position just after the last character).
    pub end: Position,
    /// A short label shown at the span (`first defined here`).
    pub label: Option<String>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's kebab-case name (`duplicate-id`).
    pub rule: &'static str,
    /// The rule's code (`TD004`).
    pub code: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// The main place.
    pub primary: Location,
    /// Related places (the first definition of a duplicate, the other edges of a cycle).
    pub secondary: Vec<Location>,
    /// The ID of the task concerned, when it has one.
    pub task_id: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, in words.
    pub help: Option<String>,
    /// A machine-applicable fix.
    pub fix: Option<Fix>,
}
