//! The `concise` lint format: one `file:line:col: severity[rule] message` line per diagnostic,
//! then the summary line. Editors and `grep` read it; it never shows source text, help or
//! fixes, and every line holds exactly one diagnostic (line breaks in messages are flattened).

use super::{Sources, one_line, rule_label, summary};
use crate::lint::{Diagnostic, Report};

/// Renders one line per diagnostic, then the summary line. `sources` is not needed (no source
/// text is shown); it is taken so every renderer is called alike.
pub fn render(report: &Report, _sources: &Sources<'_>) -> String {
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        out.push_str(&line(diagnostic));
        out.push('\n');
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// `a/TODO.md:7:5: error[TD004 duplicate-id] task ID `T-001` is defined twice`.
pub fn line(diagnostic: &Diagnostic) -> String {
    let at = &diagnostic.primary;
    format!(
        "{}:{}:{}: {}[{}] {}",
        one_line(&at.file),
        at.start.line,
        at.start.column,
        diagnostic.severity.name(),
        rule_label(diagnostic),
        one_line(&diagnostic.message)
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    #[test]
    fn one_line_each_then_the_summary() {
        let report = report();
        let out = render(&report, &sources());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), report.diagnostics.len() + 1);
        let d = &report.diagnostics[1];
        assert_eq!(
            lines[1],
            format!(
                "a/TODO.md:7:5: error[{} {}] task ID `T-001` is defined twice",
                d.code, d.rule
            )
        );
        assert!(lines[0].starts_with("a/TODO.md:1:3: info["));
        assert!(lines[3].ends_with("invalid status `Ready`: 100% wrong, a:b,c second line"));
        assert_eq!(
            lines[5],
            "2 errors, 1 warning, 2 infos in 2 files (3 tasks)"
        );
    }
}
