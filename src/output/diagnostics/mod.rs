//! Renderers of a lint [`Report`]: the human `full` and `concise` forms, stable JSON, GitHub
//! Actions workflow commands, SARIF 2.1.0 and JUnit XML, each in its own module.
//!
//! This module owns what they share: [`Sources`] (the text of every checked file, for source
//! snippets and for turning fix edits' byte offsets into lines and columns), the rule label, the
//! summary line and position helpers, the formats `lint` writes ([`FORMATS`]) and
//! [`write_report`], which picks the renderer for a format. Renderers only format a report;
//! they never read files, re-parse or re-run rules, and they return a `String` rather than
//! printing.

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod junit;
pub mod sarif;

use std::borrow::Cow;
use std::io::{self, Write};

use super::format::Format;
use crate::document::{LineIndex, Position};
use crate::lint::{Diagnostic, Location, Report, Severity};
use crate::project::Project;

/// What `lint` writes; the first is the default (the command picks `github` instead when it
/// runs in GitHub Actions).
pub const FORMATS: &[Format] = &[
    Format::Full,
    Format::Concise,
    Format::Json,
    Format::Github,
    Format::Sarif,
    Format::Junit,
];

/// How `lint` writes its report besides the format.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions {
    /// Colour the full format.
    pub color: bool,
    /// Leave out the closing summary line of the human formats.
    pub quiet: bool,
    /// Write the number of diagnostics per rule instead of the diagnostics.
    pub statistics: bool,
}

/// A lint report in `format`.
pub fn write_report(
    out: &mut dyn Write,
    format: Format,
    report: &Report,
    sources: &Sources<'_>,
    opts: ReportOptions,
) -> io::Result<()> {
    if opts.statistics {
        return out.write_all(statistics(report).as_bytes());
    }
    let mut text = match format {
        Format::Concise => concise::render(report, sources),
        Format::Json => json::render(report, sources),
        Format::Github => github::render(report, sources),
        Format::Sarif => sarif::render(report, sources, env!("CARGO_PKG_VERSION")),
        Format::Junit => junit::render(report, sources),
        _ => full::render(report, sources, opts.color),
    };
    if opts.quiet && matches!(format, Format::Full | Format::Concise) {
        // Drop the closing summary line.
        let trimmed = text.trim_end_matches('\n');
        let cut = trimmed.rfind('\n').map_or(0, |i| i + 1);
        text.truncate(cut);
    }
    out.write_all(text.as_bytes())
}

/// `  12  TD007  unknown-dependency` per rule, most frequent first.
fn statistics(report: &Report) -> String {
    let mut counts: Vec<(usize, &str, &str)> = Vec::new();
    for d in &report.diagnostics {
        match counts.iter_mut().find(|(_, code, _)| *code == d.code) {
            Some(c) => c.0 += 1,
            None => counts.push((1, d.code, d.rule)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    counts
        .iter()
        .map(|(n, code, rule)| format!("{n:>5}  {code}  {rule}\n"))
        .collect()
}

/// The text of every checked file, indexed by [`Location::file_index`].
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// `(display path, full text)` per file; the text is the file as read, BOM included.
    pub files: Vec<(&'a str, &'a str)>,
}

impl<'a> Sources<'a> {
    /// Sources from `(display path, full text)` pairs, in project file order.
    pub fn new(files: Vec<(&'a str, &'a str)>) -> Self {
        Sources { files }
    }

    /// The display path and text of every file of a project, in its file order.
    pub fn of(project: &'a Project) -> Self {
        Sources {
            files: project
                .files
                .iter()
                .map(|f| (f.display.as_str(), f.file.doc.text()))
                .collect(),
        }
    }

    /// The full text of a file, when known.
    pub fn text(&self, file_index: usize) -> Option<&'a str> {
        self.files.get(file_index).map(|(_, text)| *text)
    }

    /// The display path of a file, when known.
    pub fn path(&self, file_index: usize) -> Option<&'a str> {
        self.files.get(file_index).map(|(path, _)| *path)
    }
}

/// How a diagnostic names its rule in human output: `TD004 duplicate-id`.
pub fn rule_label(diagnostic: &Diagnostic) -> String {
    format!("{} {}", diagnostic.code, diagnostic.rule)
}

/// The closing line of the human formats: `2 errors, 1 warning in 3 files (12 tasks)`, or
/// `no problems in 3 files (12 tasks)`.
pub fn summary(report: &Report) -> String {
    let parts: Vec<String> = [
        (report.count(Severity::Error), "error"),
        (report.count(Severity::Warning), "warning"),
        (report.count(Severity::Info), "info"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| plural(n, word))
    .collect();
    let found = if parts.is_empty() {
        "no problems".to_string()
    } else {
        parts.join(", ")
    };
    format!(
        "{found} in {} ({})",
        plural(report.files, "file"),
        plural(report.tasks, "task")
    )
}

/// `1 file`, `2 files`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Text made safe for one line of terminal or log output: control characters become visible
/// escapes and line breaks become spaces.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return super::sanitize(text);
    }
    let flat = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    Cow::Owned(super::sanitize(&flat).into_owned())
}

/// Text made safe for multi-line terminal output: line endings become `\n` and other control
/// characters visible escapes.
pub(crate) fn multi_line(text: &str) -> String {
    if !text.contains('\r') {
        return super::sanitize(text).into_owned();
    }
    let lf = text.replace("\r\n", "\n").replace('\r', "\n");
    super::sanitize(&lf).into_owned()
}

/// File paths as forward-slash paths (for SARIF URIs and CI tools that expect them).
pub(crate) fn forward_slashes(path: &str) -> Cow<'_, str> {
    if path.contains('\\') {
        Cow::Owned(path.replace('\\', "/"))
    } else {
        Cow::Borrowed(path)
    }
}

/// Byte offset → position, building each file's line index once, on first use.
pub(crate) struct Positions<'s> {
    sources: &'s Sources<'s>,
    indexes: Vec<Option<LineIndex>>,
}

impl<'s> Positions<'s> {
    pub(crate) fn new(sources: &'s Sources<'s>) -> Self {
        Positions {
            sources,
            indexes: vec![None; sources.files.len()],
        }
    }

    /// A file's text and line index, or `None` without its text.
    pub(crate) fn index(&mut self, file_index: usize) -> Option<(&'s str, &LineIndex)> {
        let text = self.sources.text(file_index)?;
        let index = self.indexes[file_index].get_or_insert_with(|| LineIndex::new(text));
        Some((text, index))
    }

    /// The 1-based position of a byte offset of a file, or `None` without its text.
    pub(crate) fn position(&mut self, file_index: usize, offset: usize) -> Option<Position> {
        let (text, index) = self.index(file_index)?;
        Some(index.position(text, offset))
    }
}

/// The end of a location as a viewer should highlight it: a non-empty span that ends with a
/// line ending (so its end is column 1 of the next line) ends instead after the last character
/// of its own last line. Without the file's text the stored end is returned.
pub(crate) fn display_end(location: &Location, sources: &Sources<'_>) -> Position {
    let Location {
        span, start, end, ..
    } = location;
    if end.column != 1 || end.line <= start.line || span.is_empty() {
        return *end;
    }
    let Some(before) = sources
        .text(location.file_index)
        .and_then(|text| text.get(..span.end))
    else {
        return *end;
    };
    let Some(content) = before
        .strip_suffix("\r\n")
        .or_else(|| before.strip_suffix('\n'))
        .or_else(|| before.strip_suffix('\r'))
    else {
        return *end;
    };
    let line_start = content.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut line = &content[line_start..];
    if line_start == 0 {
        line = line.strip_prefix('\u{feff}').unwrap_or(line);
    }
    Position {
        line: end.line - 1,
        column: line.chars().count() + 1,
    }
}

/// A report built by hand for the renderers' tests: two files (the first with a BOM and CRLF
/// line endings), a secondary location in the other file, a safe and an unsafe fix, a
/// multi-line span, text that needs escaping and a span on the BOM line.
#[cfg(test)]
pub(crate) mod fixture {
    use super::Sources;
    use crate::document::{LineIndex, Span};
    use crate::edit::Edit;
    use crate::lint::{
        Applicability, Diagnostic, Fix, Location, RULES, Report, RuleInfo, Severity,
    };

    pub const A_PATH: &str = "a/TODO.md";
    pub const A_TEXT: &str = "\u{feff}# Tasks\r\n\r\n### T-001: First\r\nStatus: DONE\r\n- [ ] crit\r\n\r\n### T-001: Again\r\nStatus: READY\r\n";
    pub const B_PATH: &str = "b/TO:DO,1.md";
    pub const B_TEXT: &str = "## Work\n\n### T-002: Original\nStatus: Ready\nDependencies: T-009\n";

    pub fn sources() -> Sources<'static> {
        Sources::new(vec![(A_PATH, A_TEXT), (B_PATH, B_TEXT)])
    }

    /// The `nth` occurrence of `needle` in `text`.
    pub fn find(text: &str, needle: &str, nth: usize) -> Span {
        let start = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in fixture"))
            .0;
        Span::new(start, start + needle.len())
    }

    pub fn location(file_index: usize, span: Span, label: Option<&str>) -> Location {
        let (file, text) = sources().files[file_index];
        let index = LineIndex::new(text);
        Location {
            file: file.to_string(),
            file_index,
            span,
            start: index.position(text, span.start),
            end: index.position(text, span.end),
            label: label.map(str::to_string),
        }
    }

    fn rule(i: usize) -> &'static RuleInfo {
        &RULES[i % RULES.len()]
    }

    pub fn diagnostic(
        i: usize,
        severity: Severity,
        primary: Location,
        message: &str,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule(i).name,
            code: rule(i).code,
            severity,
            primary,
            secondary: vec![],
            task_id: None,
            message: message.to_string(),
            help: None,
            fix: None,
        }
    }

    pub fn report() -> Report {
        // Line 1 of A, right after the BOM: `Tasks` is columns 3..8.
        let heading = diagnostic(
            4,
            Severity::Info,
            location(0, find(A_TEXT, "Tasks", 0), Some("this heading")),
            "section has no priority",
        );

        let mut duplicate = diagnostic(
            0,
            Severity::Error,
            location(0, find(A_TEXT, "T-001", 1), Some("defined again here")),
            "task ID `T-001` is defined twice",
        );
        duplicate.task_id = Some("T-001".into());
        duplicate.secondary = vec![
            location(0, find(A_TEXT, "T-001", 0), Some("first defined here")),
            location(
                1,
                find(B_TEXT, "T-002", 0),
                Some("a similar ID, in another file"),
            ),
        ];
        duplicate.help = Some("give one of the tasks a new ID".into());

        // Multi-line: from `Status: DONE` to the end of the open criterion.
        let status = find(A_TEXT, "Status: DONE", 0);
        let crit = find(A_TEXT, "- [ ] crit", 0);
        let mut open = diagnostic(
            1,
            Severity::Warning,
            location(
                0,
                Span::new(status.start, crit.end),
                Some("DONE with an open box"),
            ),
            "task is DONE but 1 of 1 criteria is open",
        );
        open.task_id = Some("T-001".into());
        open.help = Some("tick the box, or reopen the task".into());
        open.fix = Some(Fix {
            message: "tick the box".into(),
            edits: vec![Edit {
                span: find(A_TEXT, "[ ]", 0),
                replacement: "[x]".into(),
            }],
            applicability: Applicability::Unsafe,
        });

        let mut value = diagnostic(
            2,
            Severity::Error,
            location(1, find(B_TEXT, "Ready", 0), None),
            "invalid status `Ready`: 100% wrong, a:b,c\nsecond line",
        );
        value.task_id = Some("T-002".into());
        value.fix = Some(Fix {
            message: "replace with `READY`".into(),
            edits: vec![Edit {
                span: find(B_TEXT, "Ready", 0),
                replacement: "READY".into(),
            }],
            applicability: Applicability::Safe,
        });

        let mut dependency = diagnostic(
            3,
            Severity::Info,
            location(1, find(B_TEXT, "T-009", 0), Some("no such task")),
            "unknown dependency `T-009`",
        );
        dependency.task_id = Some("T-002".into());

        Report {
            diagnostics: vec![heading, duplicate, open, value, dependency],
            files: 2,
            tasks: 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;
    use super::*;
    use crate::document::Span;

    #[test]
    fn summary_counts_and_pluralises() {
        assert_eq!(
            summary(&report()),
            "2 errors, 1 warning, 2 infos in 2 files (3 tasks)"
        );
        let clean = Report {
            diagnostics: vec![],
            files: 1,
            tasks: 1,
        };
        assert_eq!(summary(&clean), "no problems in 1 file (1 task)");
    }

    #[test]
    fn display_end_pulls_a_trailing_line_ending_back() {
        let sources = sources();
        let line = find(A_TEXT, "Status: DONE\r\n", 0);
        let loc = location(0, line, None);
        assert_eq!((loc.end.line, loc.end.column), (5, 1));
        let end = display_end(&loc, &sources);
        assert_eq!((end.line, end.column), (4, 13));
        // On the BOM line the BOM is not a column.
        let loc = location(0, Span::new(0, find(A_TEXT, "\r\n", 0).end), None);
        let end = display_end(&loc, &sources);
        assert_eq!((end.line, end.column), (1, 8));
        // Other ends are kept.
        let loc = location(0, find(A_TEXT, "Tasks", 0), None);
        assert_eq!(display_end(&loc, &sources), loc.end);
    }

    #[test]
    fn one_line_flattens_breaks_and_controls() {
        assert_eq!(one_line("a\r\nb\nc\rd\x1b"), "a b c d\\x1b");
        assert_eq!(multi_line("a\r\nb\rc\x1b"), "a\nb\nc\\x1b");
        assert_eq!(forward_slashes("a\\b/c"), "a/b/c");
    }
}
