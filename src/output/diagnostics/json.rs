//! The `json` lint format: a stable, pretty-printed document of every diagnostic and a summary.
//!
//! The shape is a contract for scripts: keys are only ever added. Positions are 1-based lines
//! and character columns with exclusive ends, exactly as the diagnostic holds them; fix edits
//! also give their byte offsets into the file as read (BOM included), so a script can apply
//! them without a line index. Text is emitted unsanitised (JSON escaping covers it).

use serde::Serialize;

use super::{Positions, Sources};
use crate::edit::Edit;
use crate::lint::{Applicability, Diagnostic, Fix, Location, Report, Severity};

/// The whole document.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LintJson<'a> {
    /// Diagnostics in report order (file, position, rule code).
    pub diagnostics: Vec<DiagnosticJson<'a>>,
    /// Counts.
    pub summary: SummaryJson,
}

/// One diagnostic.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct DiagnosticJson<'a> {
    /// Kebab-case rule name.
    pub rule: &'a str,
    /// Rule code (`TD004`).
    pub code: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The file of the primary location, as displayed.
    pub file: &'a str,
    /// 1-based start line.
    pub line: usize,
    /// 1-based start column (characters).
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based end column, exclusive.
    pub end_column: usize,
    /// The task's ID, when it has one.
    pub task_id: Option<&'a str>,
    /// What is wrong.
    pub message: &'a str,
    /// How to fix it, in words.
    pub help: Option<&'a str>,
    /// Related places.
    pub secondary: Vec<SecondaryJson<'a>>,
    /// A machine-applicable fix, or null.
    pub fix: Option<FixJson<'a>>,
}

/// A related place.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SecondaryJson<'a> {
    /// The file, as displayed.
    pub file: &'a str,
    /// 1-based start line.
    pub line: usize,
    /// 1-based start column.
    pub column: usize,
    /// 1-based end line.
    pub end_line: usize,
    /// 1-based end column, exclusive.
    pub end_column: usize,
    /// What to say about it, or null.
    pub label: Option<&'a str>,
}

/// A fix to the primary location's file.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FixJson<'a> {
    /// What the fix does.
    pub message: &'a str,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: Applicability,
    /// The edits, in the order the rule gave them.
    pub edits: Vec<EditJson<'a>>,
}

/// One edit of a fix.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct EditJson<'a> {
    /// First byte replaced (offset into the file as read).
    pub start: usize,
    /// One past the last byte replaced.
    pub end: usize,
    /// What replaces them.
    pub replacement: &'a str,
    /// 1-based line of `start` (null when the file's text was not available).
    pub line: Option<usize>,
    /// 1-based column of `start`.
    pub column: Option<usize>,
    /// 1-based line of `end`.
    pub end_line: Option<usize>,
    /// 1-based column of `end`, exclusive.
    pub end_column: Option<usize>,
}

/// Counts.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SummaryJson {
    /// Diagnostics of severity error.
    pub errors: usize,
    /// Diagnostics of severity warning.
    pub warnings: usize,
    /// Diagnostics of severity info.
    pub infos: usize,
    /// Task files checked.
    pub files: usize,
    /// Tasks checked.
    pub tasks: usize,
}

/// Renders the report as pretty-printed JSON with a trailing newline.
pub fn render(report: &Report, sources: &Sources<'_>) -> String {
    let mut out = serde_json::to_string_pretty(&document(report, sources))
        .expect("diagnostics serialise to JSON");
    out.push('\n');
    out
}

/// The document as data, for callers that embed it.
pub fn document<'a>(report: &'a Report, sources: &Sources<'_>) -> LintJson<'a> {
    let mut positions = Positions::new(sources);
    LintJson {
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| diagnostic(d, &mut positions))
            .collect(),
        summary: SummaryJson {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            files: report.files,
            tasks: report.tasks,
        },
    }
}

fn diagnostic<'a>(d: &'a Diagnostic, positions: &mut Positions<'_>) -> DiagnosticJson<'a> {
    let p = &d.primary;
    DiagnosticJson {
        rule: d.rule,
        code: d.code,
        severity: d.severity,
        file: &p.file,
        line: p.start.line,
        column: p.start.column,
        end_line: p.end.line,
        end_column: p.end.column,
        task_id: d.task_id.as_deref(),
        message: &d.message,
        help: d.help.as_deref(),
        secondary: d.secondary.iter().map(secondary).collect(),
        fix: d.fix.as_ref().map(|f| fix(f, p.file_index, positions)),
    }
}

fn secondary(l: &Location) -> SecondaryJson<'_> {
    SecondaryJson {
        file: &l.file,
        line: l.start.line,
        column: l.start.column,
        end_line: l.end.line,
        end_column: l.end.column,
        label: l.label.as_deref(),
    }
}

fn fix<'a>(f: &'a Fix, file_index: usize, positions: &mut Positions<'_>) -> FixJson<'a> {
    FixJson {
        message: &f.message,
        applicability: f.applicability,
        edits: f
            .edits
            .iter()
            .map(|e| edit(e, file_index, positions))
            .collect(),
    }
}

fn edit<'a>(e: &'a Edit, file_index: usize, positions: &mut Positions<'_>) -> EditJson<'a> {
    let start = positions.position(file_index, e.span.start);
    let end = positions.position(file_index, e.span.end);
    EditJson {
        start: e.span.start,
        end: e.span.end,
        replacement: &e.replacement,
        line: start.map(|p| p.line),
        column: start.map(|p| p.column),
        end_line: end.map(|p| p.line),
        end_column: end.map(|p| p.column),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::fixture::*;
    use super::*;

    fn keys(v: &Value) -> Vec<&str> {
        let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn shape_is_stable() {
        let out = render(&report(), &sources());
        assert!(out.ends_with("}\n"));
        assert!(out.contains("\n  \"diagnostics\": ["), "pretty-printed");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(keys(&v), ["diagnostics", "summary"]);
        assert_eq!(
            v["summary"],
            serde_json::json!({"errors": 2, "warnings": 1, "infos": 2, "files": 2, "tasks": 3})
        );
        let all = v["diagnostics"].as_array().unwrap();
        assert_eq!(all.len(), 5);
        for d in all {
            assert_eq!(
                keys(d),
                [
                    "code",
                    "column",
                    "end_column",
                    "end_line",
                    "file",
                    "fix",
                    "help",
                    "line",
                    "message",
                    "rule",
                    "secondary",
                    "severity",
                    "task_id"
                ]
            );
        }
        let dup = &all[1];
        assert_eq!(dup["severity"], "error");
        assert_eq!(
            (dup["line"].as_u64(), dup["column"].as_u64()),
            (Some(7), Some(5))
        );
        assert_eq!(dup["end_column"], 10);
        assert_eq!(dup["task_id"], "T-001");
        assert!(dup["fix"].is_null());
        let second = &dup["secondary"][1];
        assert_eq!(
            keys(second),
            ["column", "end_column", "end_line", "file", "label", "line"]
        );
        assert_eq!(second["file"], B_PATH);
        assert_eq!(second["label"], "a similar ID, in another file");

        // The multi-line span keeps its real end.
        assert_eq!(
            (all[2]["line"].as_u64(), all[2]["end_line"].as_u64()),
            (Some(4), Some(5))
        );
        assert_eq!(all[2]["fix"]["applicability"], "unsafe");
    }

    #[test]
    fn fix_edits_carry_offsets_and_positions() {
        let v: Value = serde_json::from_str(&render(&report(), &sources())).unwrap();
        let fix = &v["diagnostics"][3]["fix"];
        assert_eq!(keys(fix), ["applicability", "edits", "message"]);
        assert_eq!(fix["applicability"], "safe");
        let edit = &fix["edits"][0];
        assert_eq!(
            keys(edit),
            [
                "column",
                "end",
                "end_column",
                "end_line",
                "line",
                "replacement",
                "start"
            ]
        );
        let span = find(B_TEXT, "Ready", 0);
        assert_eq!(edit["start"], span.start);
        assert_eq!(edit["end"], span.end);
        assert_eq!(edit["replacement"], "READY");
        assert_eq!(
            (edit["line"].as_u64(), edit["column"].as_u64()),
            (Some(4), Some(9))
        );
        assert_eq!(edit["end_column"], 14);
        // In the BOM file the BOM is counted in bytes but not in columns.
        let tick = &v["diagnostics"][2]["fix"]["edits"][0];
        assert_eq!(tick["start"], find(A_TEXT, "[ ]", 0).start);
        assert_eq!(
            (tick["line"].as_u64(), tick["column"].as_u64()),
            (Some(5), Some(3))
        );
    }

    #[test]
    fn text_is_not_mangled() {
        let v: Value = serde_json::from_str(&render(&report(), &sources())).unwrap();
        assert_eq!(
            v["diagnostics"][3]["message"],
            "invalid status `Ready`: 100% wrong, a:b,c\nsecond line"
        );
    }
}
