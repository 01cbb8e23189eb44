//! The `junit` lint format: JUnit XML for CI systems that show test reports (GitLab, Jenkins,
//! Azure), written with quick-junit.
//!
//! One test suite, `todo lint`, with one test case per checked file, named by its path. A file
//! with any error fails: the failure's message counts its diagnostics and its text lists them
//! as concise lines. A file with only warnings or infos passes and lists them as system-out; a
//! clean file passes silently. No timestamps or durations are written, so the output is
//! reproducible.

use quick_junit::{NonSuccessKind, TestCase, TestCaseStatus, TestSuite};

use super::{Sources, concise, plural};
use crate::lint::{Diagnostic, Report, Severity};

/// The test suite's name.
pub const SUITE: &str = "todo lint";

/// Renders the report as a JUnit XML document.
pub fn render(report: &Report, sources: &Sources<'_>) -> String {
    // Checked files in project order, then any file a diagnostic names that `sources` lacks.
    let mut files: Vec<(String, Vec<&Diagnostic>)> = sources
        .files
        .iter()
        .map(|(path, _)| (path.to_string(), Vec::new()))
        .collect();
    for d in &report.diagnostics {
        let at = &d.primary;
        let slot = if at.file_index < sources.files.len() {
            Some(at.file_index)
        } else {
            files
                .iter()
                .skip(sources.files.len())
                .position(|(name, _)| *name == at.file)
                .map(|i| i + sources.files.len())
        };
        match slot {
            Some(i) => files[i].1.push(d),
            None => files.push((at.file.clone(), vec![d])),
        }
    }

    let mut suite = TestSuite::new(SUITE);
    for (path, diagnostics) in files {
        suite.add_test_case(test_case(&path, &diagnostics));
    }
    let mut xml = quick_junit::Report::new("todo");
    xml.add_test_suite(suite);
    xml.to_string().expect("JUnit XML serialises")
}

fn test_case(path: &str, diagnostics: &[&Diagnostic]) -> TestCase {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let lines: String = diagnostics
        .iter()
        .map(|d| concise::line(d) + "\n")
        .collect();
    let errors = count(Severity::Error);
    let status = if errors > 0 {
        let counts: Vec<String> = [
            (errors, "error"),
            (count(Severity::Warning), "warning"),
            (count(Severity::Info), "info"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| plural(n, word))
        .collect();
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        status
            .set_message(format!("{} in {path}", counts.join(", ")))
            .set_type("lint")
            .set_description(lines.clone());
        status
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(path, status);
    case.set_classname(SUITE);
    if errors == 0 && !lines.is_empty() {
        case.set_system_out(lines);
    }
    case
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    #[test]
    fn one_case_per_file_failing_on_errors() {
        let out = render(&report(), &sources());
        assert!(out.starts_with("<?xml"));
        assert!(
            out.contains(r#"<testsuite name="todo lint" tests="2""#),
            "{out}"
        );
        assert!(out.contains(r#"failures="2""#), "{out}");
        assert!(
            out.contains(r#"<testcase name="a/TODO.md" classname="todo lint">"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"<failure message="1 error, 1 warning, 1 info in a/TODO.md" type="lint">"#
            ),
            "{out}"
        );
        assert!(out.contains("a/TODO.md:7:5: error["));
        assert!(
            out.contains(r#"<failure message="1 error, 1 info in b/TO:DO,1.md" type="lint">"#),
            "{out}"
        );
    }

    #[test]
    fn warnings_pass_with_output_and_clean_files_pass() {
        let mut report = report();
        report.diagnostics.retain(|d| d.severity != Severity::Error);
        let out = render(&report, &sources());
        assert!(out.contains(r#"failures="0""#), "{out}");
        assert!(out.contains("<system-out>"), "{out}");
        assert!(out.contains("a/TODO.md:4:1: warning["));

        let clean = Report {
            diagnostics: vec![],
            files: 2,
            tasks: 0,
        };
        let out = render(&clean, &sources());
        assert!(
            out.contains(r#"<testcase name="b/TO:DO,1.md" classname="todo lint"/>"#),
            "{out}"
        );
    }

    #[test]
    fn files_missing_from_sources_still_appear() {
        let out = render(&report(), &Sources::default());
        assert!(out.contains(r#"tests="2""#), "{out}");
        assert!(out.contains(r#"<testcase name="b/TO:DO,1.md""#), "{out}");
    }
}
