//! The `full` lint format: rustc-style source snippets drawn by annotate-snippets.
//!
//! Each diagnostic becomes a title (`error[TD004 duplicate-id]: …`), a snippet of its file
//! with the primary span underlined and labelled, the secondary spans of the same file as
//! context, one further snippet per other file holding secondary spans, the `help:` text, and
//! the fix drawn as a patch with its safety. The report ends with the summary line.
//!
//! annotate-snippets is handed an excerpt, never the whole file: the lines the spans touch,
//! with the BOM dropped and every line ending turned into `\n`, so a BOM cannot shift a column,
//! CRLF and lone-CR files draw like LF ones, and a large file is not rescanned per diagnostic.
//! This module must not decide what is reported; it only draws it.

use std::ops::RangeInclusive;

use annotate_snippets::renderer::{DEFAULT_ERROR_STYLE, DEFAULT_WARNING_STYLE, Style};
use annotate_snippets::{
    Annotation, AnnotationKind, Element, Group, Level, Origin, Patch, Renderer, Snippet,
};

use super::{Positions, Sources, multi_line, rule_label, summary};
use crate::document::LineIndex;
use crate::lint::{Applicability, Diagnostic, Fix, Location, Report, Severity};

/// Renders every diagnostic with source snippets, then the summary line. ANSI colours only
/// when `color` is set.
pub fn render(report: &Report, sources: &Sources<'_>, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut positions = Positions::new(sources);
    let mut out = String::new();
    for diagnostic in &report.diagnostics {
        let groups = groups(diagnostic, &mut positions);
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out.push_str(&styled_summary(report, color));
    out.push('\n');
    out
}

/// The summary line, its counts coloured by severity when `color` is set.
fn styled_summary(report: &Report, color: bool) -> String {
    let text = summary(report);
    if !color {
        return text;
    }
    let style: Style = if report.count(Severity::Error) > 0 {
        DEFAULT_ERROR_STYLE
    } else if report.count(Severity::Warning) > 0 {
        DEFAULT_WARNING_STYLE
    } else {
        Style::new().bold()
    };
    format!("{}{text}{}", style.render(), style.render_reset())
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

/// The primary group (title, snippets, help) and, with a fix, the suggestion group.
fn groups<'a>(diagnostic: &'a Diagnostic, positions: &mut Positions<'_>) -> Vec<Group<'a>> {
    let title = level(diagnostic.severity)
        .primary_title(multi_line(&diagnostic.message))
        .id(rule_label(diagnostic));
    let mut elements: Vec<Element<'a>> = Vec::new();

    // The primary file first, then other files in the order their secondaries appear.
    let mut files = vec![diagnostic.primary.file_index];
    for location in &diagnostic.secondary {
        if !files.contains(&location.file_index) {
            files.push(location.file_index);
        }
    }
    for file_index in files {
        let here: Vec<(&Location, AnnotationKind)> =
            std::iter::once((&diagnostic.primary, AnnotationKind::Primary))
                .chain(
                    diagnostic
                        .secondary
                        .iter()
                        .map(|l| (l, AnnotationKind::Context)),
                )
                .filter(|(l, _)| l.file_index == file_index)
                .collect();
        elements.extend(file_elements(&here, positions));
    }
    if let Some(help) = &diagnostic.help {
        elements.push(Level::HELP.message(multi_line(help)).into());
    }

    let mut groups = vec![Group::with_title(title).elements(elements)];
    if let Some(fix) = &diagnostic.fix {
        groups.push(fix_group(fix, &diagnostic.primary, positions));
    }
    groups
}

/// One snippet of a file with its annotations, or plain `path:line:col` references when the
/// file's text is not at hand.
fn file_elements<'a>(
    here: &[(&'a Location, AnnotationKind)],
    positions: &mut Positions<'_>,
) -> Vec<Element<'a>> {
    let Some(&(first, _)) = here.first() else {
        return vec![];
    };
    let Some((text, index)) = positions.index(first.file_index) else {
        return here
            .iter()
            .map(|(l, kind)| {
                if *kind == AnnotationKind::Primary {
                    Origin::path(l.file.as_str())
                        .line(l.start.line)
                        .char_column(l.start.column)
                        .into()
                } else {
                    let label = l
                        .label
                        .as_deref()
                        .map_or(String::new(), |s| format!(": {s}"));
                    let at = format!("{}:{}:{}{label}", l.file, l.start.line, l.start.column);
                    Level::NOTE.message(multi_line(&at)).into()
                }
            })
            .collect();
    };
    let ranges: Vec<(usize, usize)> = here
        .iter()
        .map(|(l, _)| {
            let start = floor_boundary(text, l.span.start);
            (start, floor_boundary(text, l.span.end).max(start))
        })
        .collect();
    let first_line = ranges
        .iter()
        .map(|&(s, _)| index.line_of(s))
        .min()
        .unwrap_or(0);
    let last_line = ranges
        .iter()
        .map(|&(s, e)| last_line_of(index, s, e))
        .max()
        .unwrap_or(first_line);
    let excerpt = Excerpt::new(text, index, first_line..=last_line);
    let annotations: Vec<Annotation<'a>> = here
        .iter()
        .zip(&ranges)
        .map(|((l, kind), &(s, e))| {
            let start = excerpt.map(index, s);
            let end = if e > s {
                excerpt.map_end(index, e, false).max(start)
            } else {
                start
            };
            kind.span(start..end).label(l.label.as_deref())
        })
        .collect();
    vec![
        Snippet::source(excerpt.text)
            .path(first.file.as_str())
            .line_start(first_line + 1)
            .annotations(annotations)
            .into(),
    ]
}

/// `help: replace with READY (safe fix)` with the edits drawn as a patch of the primary file.
fn fix_group<'a>(fix: &'a Fix, at: &'a Location, positions: &mut Positions<'_>) -> Group<'a> {
    let safety = match fix.applicability {
        Applicability::Safe => "safe fix",
        Applicability::Unsafe => "unsafe fix",
        Applicability::DisplayOnly => "suggestion, not applied by --fix",
    };
    let title = Level::HELP.secondary_title(multi_line(&format!("{} ({safety})", fix.message)));
    let group = Group::with_title(title);
    let Some((text, index)) = positions.index(at.file_index) else {
        return group;
    };
    let valid = !fix.edits.is_empty()
        && fix
            .edits
            .iter()
            .all(|e| e.span.start <= e.span.end && text.get(e.span.range()).is_some());
    if !valid {
        return group;
    }
    let first_line = fix
        .edits
        .iter()
        .map(|e| index.line_of(e.span.start))
        .min()
        .unwrap_or(0);
    let last_line = fix
        .edits
        .iter()
        .map(|e| last_line_of(index, e.span.start, e.span.end))
        .max()
        .unwrap_or(first_line);
    let excerpt = Excerpt::new(text, index, first_line..=last_line);
    let patches: Vec<Patch<'a>> = fix
        .edits
        .iter()
        .map(|e| {
            let start = excerpt.map(index, e.span.start);
            let end = if e.span.end > e.span.start {
                excerpt.map_end(index, e.span.end, true).max(start)
            } else {
                start
            };
            let replacement = e.replacement.replace("\r\n", "\n").replace('\r', "\n");
            Patch::new(start..end, replacement)
        })
        .collect();
    group.element(
        Snippet::source(excerpt.text)
            .path(at.file.as_str())
            .line_start(first_line + 1)
            .patches(patches),
    )
}

/// The 0-based line holding the last byte of `start..end` (the start's line when empty).
fn last_line_of(index: &LineIndex, start: usize, end: usize) -> usize {
    if end > start {
        index.line_of(end - 1)
    } else {
        index.line_of(start)
    }
}

/// The largest character boundary at or before `offset`, inside the text.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whole lines of a text, BOM dropped and each line ended by `\n`, with the map from the
/// text's byte offsets to the excerpt's.
struct Excerpt {
    text: String,
    /// 0-based line of the text the excerpt starts at.
    first_line: usize,
    /// Per line of the excerpt.
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// Where the content (after any BOM) starts in the text.
    start: usize,
    /// Bytes of content, line ending excluded.
    len: usize,
    /// Where the next line starts in the text.
    next: usize,
    /// Where the line starts in the excerpt.
    base: usize,
}

impl Excerpt {
    fn new(text: &str, index: &LineIndex, lines: RangeInclusive<usize>) -> Self {
        let mut excerpt = Excerpt {
            text: String::new(),
            first_line: *lines.start(),
            lines: Vec::new(),
        };
        for line in lines {
            let mut start = index.line_start(line);
            let next = index.start_or(line + 1, text.len());
            if start == 0 && text.starts_with('\u{feff}') {
                start = 3;
            }
            let raw = &text[start..next];
            let content = raw
                .strip_suffix("\r\n")
                .or_else(|| raw.strip_suffix('\n'))
                .or_else(|| raw.strip_suffix('\r'))
                .unwrap_or(raw);
            excerpt.lines.push(ExcerptLine {
                start,
                len: content.len(),
                next,
                base: excerpt.text.len(),
            });
            excerpt.text.push_str(content);
            excerpt.text.push('\n');
        }
        excerpt
    }

    /// Where `offset` of the text falls in the excerpt: inside the BOM is the start of the
    /// line, inside a line ending is its end.
    fn map(&self, index: &LineIndex, offset: usize) -> usize {
        self.map_on_line(index.line_of(offset), offset, false)
    }

    /// Like [`Self::map`] for the end of a non-empty span, which stays on the line of the
    /// span's last byte. An end just after a line ending maps to the end of that line's
    /// content, or past its `\n` with `past_ending` (a patch deleting the line ending).
    fn map_end(&self, index: &LineIndex, offset: usize, past_ending: bool) -> usize {
        self.map_on_line(index.line_of(offset.saturating_sub(1)), offset, past_ending)
    }

    fn map_on_line(&self, line: usize, offset: usize, past_ending: bool) -> usize {
        let i = line
            .saturating_sub(self.first_line)
            .min(self.lines.len().saturating_sub(1));
        let Some(l) = self.lines.get(i) else {
            return 0;
        };
        if past_ending && offset >= l.next && l.next > l.start + l.len {
            return l.base + l.len + 1;
        }
        l.base + offset.saturating_sub(l.start).min(l.len)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    fn rendered() -> String {
        render(&report(), &sources(), false)
    }

    #[test]
    fn draws_titles_snippets_help_and_fixes() {
        let out = rendered();
        println!("{out}");
        let d = &report().diagnostics[1];
        assert!(out.contains(&format!(
            "error[{} {}]: task ID `T-001` is defined twice",
            d.code, d.rule
        )));
        assert!(out.contains("--> a/TODO.md:7:5"), "{out}");
        assert!(out.contains("defined again here"));
        assert!(out.contains("first defined here"));
        // The secondary in the other file gets its own snippet.
        assert!(out.contains("::: b/TO:DO,1.md:3:5"), "{out}");
        assert!(out.contains("= help: give one of the tasks a new ID"));
        assert!(out.contains("help: replace with `READY` (safe fix)"));
        assert!(out.contains("help: tick the box (unsafe fix)"));
        assert!(out.contains("+ Status: READY"), "{out}");
        assert!(!out.contains('\r'));
        assert!(!out.contains('\u{feff}'));
        assert!(!out.contains('\x1b'));
        assert!(out.ends_with("\n2 errors, 1 warning, 2 infos in 2 files (3 tasks)\n"));
    }

    #[test]
    fn a_bom_does_not_shift_columns() {
        let out = rendered();
        assert!(out.contains("--> a/TODO.md:1:3"), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        let at = lines.iter().position(|l| l.ends_with("| # Tasks")).unwrap();
        let source = lines[at].find("# Tasks").unwrap();
        let marks = lines[at + 1].find('^').unwrap();
        assert_eq!(marks, source + 2, "{}\n{}", lines[at], lines[at + 1]);
        assert!(lines[at + 1].contains("^^^^^ this heading"));
    }

    #[test]
    fn multi_line_spans_draw_both_lines() {
        let out = rendered();
        assert!(
            out.contains("4 |   Status: DONE") || out.contains("4 | / Status: DONE"),
            "{out}"
        );
        assert!(out.contains("DONE with an open box"));
    }

    #[test]
    fn colour_only_on_request() {
        let out = render(&report(), &sources(), true);
        assert!(out.contains('\x1b'));
    }

    #[test]
    fn missing_text_falls_back_to_references() {
        let out = render(&report(), &Sources::default(), false);
        assert!(out.contains("a/TODO.md:7:5"), "{out}");
        assert!(out.contains("b/TO:DO,1.md:3:5: a similar ID, in another file"));
    }

    #[test]
    fn clean_report() {
        let report = Report {
            diagnostics: vec![],
            files: 3,
            tasks: 0,
        };
        assert_eq!(
            render(&report, &sources(), false),
            "no problems in 3 files (0 tasks)\n"
        );
    }

    #[test]
    fn excerpt_maps_bom_and_crlf() {
        let text = A_TEXT;
        let index = LineIndex::new(text);
        let excerpt = Excerpt::new(text, &index, 0..=2);
        assert_eq!(excerpt.text, "# Tasks\n\n### T-001: First\n");
        assert_eq!(excerpt.map(&index, 0), 0);
        assert_eq!(excerpt.map(&index, 3), 0);
        let second = find(text, "\r\n", 0);
        assert_eq!(excerpt.map(&index, second.start), 7);
        assert_eq!(excerpt.map(&index, second.end), 8);
        assert_eq!(excerpt.map_end(&index, second.end, false), 7);
        assert_eq!(excerpt.map_end(&index, second.end, true), 8);
    }
}

#[cfg(test)]
mod edge_tests {
    use super::super::fixture::*;
    use super::*;
    use crate::document::Span;
    use crate::edit::Edit;

    #[test]
    fn odd_spans_and_edits_render() {
        let line = find(A_TEXT, "Status: READY\r\n", 0);
        let mut d = diagnostic(
            0,
            Severity::Warning,
            location(0, Span::empty(line.start), Some("here")),
            "empty span",
        );
        d.fix = Some(Fix {
            message: "delete the line".into(),
            edits: vec![Edit {
                span: line,
                replacement: String::new(),
            }],
            applicability: Applicability::Safe,
        });
        let mut whole = diagnostic(
            1,
            Severity::Warning,
            location(0, line, Some("whole line")),
            "whole line span",
        );
        whole.fix = Some(Fix {
            message: "insert".into(),
            edits: vec![
                Edit {
                    span: Span::empty(A_TEXT.len()),
                    replacement: "Effort: M\r\n".into(),
                },
                Edit {
                    span: Span::new(0, 3),
                    replacement: String::new(),
                },
            ],
            applicability: Applicability::DisplayOnly,
        });
        let eof = diagnostic(
            2,
            Severity::Error,
            location(1, Span::empty(B_TEXT.len()), None),
            "at end of file",
        );
        let report = Report {
            diagnostics: vec![d, whole, eof],
            files: 2,
            tasks: 0,
        };
        let out = render(&report, &sources(), false);
        println!("{out}");
        assert!(out.contains("--> a/TODO.md:8:1"));
        assert!(out.contains("--> b/TO:DO,1.md:6:1"));
    }
}
