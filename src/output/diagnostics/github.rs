//! The `github` lint format: GitHub Actions workflow commands, one per diagnostic.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE (CODE)::message` (warnings
//! become `::warning`, infos `::notice`). Columns are left out when the range spans lines, as
//! GitHub ignores or misdraws them there. Data escapes `%`, CR and LF; properties also escape
//! `:` and `,`, so no text from a task file can end a command early or start another one.
//!
//! GitHub draws at most 10 annotations of each level per step; every command is printed anyway
//! (the log keeps them all) and a plain summary line closes the output.

use super::{Sources, display_end, forward_slashes, multi_line, summary};
use crate::lint::{Diagnostic, Report, Severity};

/// Annotations GitHub draws per level and step; the rest stay in the log only.
const SHOWN_PER_LEVEL: usize = 10;

/// Renders one workflow command per diagnostic, then the summary line.
pub fn render(report: &Report, sources: &Sources<'_>) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        out.push_str(&command(diagnostic, sources));
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    let hidden = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .any(|s| report.count(s) > SHOWN_PER_LEVEL);
    if hidden {
        out.push_str(
            "GitHub shows at most 10 annotations of each level per step; the log above lists all.\n",
        );
    }
    out
}

/// One workflow command.
pub fn command(diagnostic: &Diagnostic, sources: &Sources<'_>) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let at = &diagnostic.primary;
    let end = display_end(at, sources);
    let file = escape_property(&multi_line(&forward_slashes(&at.file)));
    let mut properties = format!("file={file},line={}", at.start.line);
    let one_line = end.line == at.start.line;
    if one_line {
        properties.push_str(&format!(",col={}", at.start.column));
    }
    properties.push_str(&format!(",endLine={}", end.line.max(at.start.line)));
    if one_line {
        properties.push_str(&format!(",endColumn={}", end.column.max(at.start.column)));
    }
    let title = format!("{} ({})", diagnostic.rule, diagnostic.code);
    properties.push_str(&format!(",title={}", escape_property(&title)));

    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{name} {properties}::{}",
        escape_data(&multi_line(&message))
    )
}

/// Escapes a command's message: `%`, `\r`, `\n`.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value: as data, plus `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::document::Span;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
    }

    #[test]
    fn one_command_per_diagnostic() {
        let report = report();
        let out = render(&report, &sources());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), report.diagnostics.len() + 1);
        let d = &report.diagnostics[1];
        assert_eq!(
            lines[1],
            format!(
                "::error file=a/TODO.md,line=7,col=5,endLine=7,endColumn=10,title={} ({})::task ID `T-001` is defined twice%0Ahelp: give one of the tasks a new ID",
                d.rule, d.code
            )
        );
        assert!(
            lines[0].starts_with("::notice file=a/TODO.md,line=1,col=3,endLine=1,endColumn=8,")
        );
        // The property escapes `:` and `,` in the path; data escapes `%` and the line break.
        assert!(
            lines[3].starts_with("::error file=b/TO%3ADO%2C1.md,line=4,col=9,"),
            "{}",
            lines[3]
        );
        assert!(lines[3].ends_with("::invalid status `Ready`: 100%25 wrong, a:b,c%0Asecond line"));
        assert_eq!(
            lines[5],
            "2 errors, 1 warning, 2 infos in 2 files (3 tasks)"
        );
        assert!(lines.iter().all(|l| !l.contains('\r')));
    }

    #[test]
    fn multi_line_ranges_omit_columns() {
        let out = render(&report(), &sources());
        let warning = out.lines().nth(2).unwrap();
        assert!(
            warning.starts_with("::warning file=a/TODO.md,line=4,endLine=5,title="),
            "{warning}"
        );
        assert!(!warning.contains("col="));
        assert!(!warning.contains("endColumn="));
    }

    #[test]
    fn a_trailing_line_ending_does_not_make_a_range_multi_line() {
        let line = find(A_TEXT, "Status: DONE\r\n", 0);
        let d = diagnostic(0, Severity::Warning, location(0, line, None), "m");
        let cmd = command(&d, &sources());
        assert!(
            cmd.starts_with("::warning file=a/TODO.md,line=4,col=1,endLine=4,endColumn=13,"),
            "{cmd}"
        );
        let empty = diagnostic(0, Severity::Info, location(1, Span::empty(0), None), "m");
        assert!(command(&empty, &sources()).contains("line=1,col=1,endLine=1,endColumn=1,"));
    }

    #[test]
    fn notes_the_per_level_limit() {
        let mut report = report();
        let many = report.diagnostics[1].clone();
        report.diagnostics.extend(std::iter::repeat_n(many, 10));
        let out = render(&report, &sources());
        assert_eq!(
            out.lines().filter(|l| l.starts_with("::error ")).count(),
            12
        );
        assert!(out.ends_with("the log above lists all.\n"));
    }
}
