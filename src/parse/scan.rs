//! The block scan: one pulldown-cmark pass that classifies every line of a document.
//!
//! Markdown structure decides what is a heading (ATX or setext), a real GFM checkbox, a list
//! item, or opaque content (code, HTML, front matter, tables) that is never read as a task.
//! Everything finer (fields, IDs, titles) is read per line by `recognize`, because CommonMark's
//! lazy continuation folds field lines into the list item or paragraph above them.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::document::{Document, Span};

use super::inline::custom_box;

pub(crate) use super::line::{Line, LineKind};

/// Classifies every line of `doc` in one Markdown pass plus one line pass.
///
/// When the outline can split the file at its top-level headings, each part is parsed on its
/// own (the same result, see `outline`): pulldown-cmark then never holds the block tree of
/// the whole file, which for a large file is most of the memory a parse takes.
pub(crate) fn scan(doc: &Document) -> Vec<Line> {
    scan_parts(doc).0
}

/// [`scan`], with the line numbers where the outline's parts start (empty when the file has
/// no outline). A large file's parts are scanned on several threads (see [`crate::par`]).
pub(crate) fn scan_parts(doc: &Document) -> (Vec<Line>, Vec<usize>) {
    let count = doc.lines().starts().len();
    let Some(outline) = super::outline::outline(doc) else {
        return (scan_lines(doc, 0..count), Vec::new());
    };
    let starts = doc.lines().starts();
    let mut bounds = vec![0];
    for h in &outline.headings {
        let at = starts.partition_point(|&s| s as usize <= h.start) - 1;
        if bounds.last().is_some_and(|&b| at > b) {
            bounds.push(at);
        }
    }
    let weight = |line: usize| doc.lines().start_or(line, doc.text().len());
    let groups = crate::par::split(
        &bounds,
        count,
        crate::par::parts_for(doc.text().len()),
        weight,
    );
    // Each group writes its lines straight into its own stretch of the result (one line
    // record per line, but for an empty last line, which only the last group can drop): the
    // records, most of a large parse's memory, are written once and never copied again.
    let filler = Line::new(0, 0, 0, 0, 0, LineKind::Blank);
    let mut lines = Vec::with_capacity(count);
    crate::mem::huge_pages(&mut lines);
    lines.resize(count, filler);
    let mut slots: Vec<&mut [Line]> = Vec::with_capacity(groups.len());
    let mut rest: &mut [Line] = &mut lines;
    for g in &groups {
        let n = g.len().min(rest.len());
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(n);
        slots.push(head);
        rest = tail;
    }
    let slots: Vec<std::sync::Mutex<&mut [Line]>> =
        slots.into_iter().map(std::sync::Mutex::new).collect();
    let written = crate::par::map(
        &(0..groups.len()).map(|i| i..i + 1).collect::<Vec<_>>(),
        |k| {
            let group = &groups[k.start];
            let Ok(mut slot) = slots[k.start].lock() else {
                return 0;
            };
            let from = bounds.partition_point(|&b| b < group.start);
            let to = bounds.partition_point(|&b| b < group.end);
            let mut at_slot = 0;
            for (n, &at) in bounds[from..to].iter().enumerate() {
                let next = bounds
                    .get(from + n + 1)
                    .copied()
                    .unwrap_or(count)
                    .min(group.end);
                let part = scan_lines(doc, at..next);
                slot[at_slot..at_slot + part.len()].copy_from_slice(&part);
                at_slot += part.len();
            }
            at_slot
        },
    );
    drop(slots);
    // Only the last group may have written one line less.
    let total = groups.iter().map(|g| g.len()).sum::<usize>()
        - groups.last().map_or(0, |g| g.len())
        + written.last().copied().unwrap_or(0);
    lines.truncate(total);
    (lines, bounds)
}

/// The lines `range` of `doc` measured and split into blank and text, before the Markdown
/// pass refines their kinds.
pub(super) fn plain_lines(doc: &Document, range: std::ops::Range<usize>) -> Vec<Line> {
    let text = doc.text();
    let base = doc.content_start();
    let starts = doc.lines().starts();
    let mut lines: Vec<Line> = Vec::with_capacity(range.len());
    for n in range.clone() {
        let start = starts[n] as usize;
        let next = doc.lines().start_or(n + 1, text.len());
        let mut end = next;
        while end > start && matches!(text.as_bytes()[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let line_start = if n == 0 { base } else { start };
        let (indent, text_start) = measure_indent(text, line_start, end);
        let kind = if text_start == end {
            LineKind::Blank
        } else {
            LineKind::Text
        };
        lines.push(Line::new(start, end, next, indent, text_start, kind));
    }
    if range.end == starts.len()
        && text.len() > base
        && lines.last().is_some_and(|l| l.start() == text.len())
    {
        lines.pop(); // the empty remainder after a final line ending
    }
    lines
}

/// Gives every line of `lines` the kind `kind`.
fn mark(lines: &mut [Line], kind: LineKind) {
    for line in lines {
        line.set_kind(kind);
    }
}

/// Classifies the lines `range` (line numbers, 0-based) of `doc`, parsing only their text.
/// The range must start and end at top-level block boundaries (see `outline`), where the
/// Markdown reads the same alone as inside the file.
pub(crate) fn scan_lines(doc: &Document, range: std::ops::Range<usize>) -> Vec<Line> {
    let first_line = range.start;
    let mut lines = plain_lines(doc, range.clone());
    let hi = lines.last().map_or(0, |l| l.next());
    if super::plain::classify(doc, &mut lines, hi) {
        if cfg!(debug_assertions) {
            let mut slow = plain_lines(doc, range);
            markdown_pass(doc, &mut slow, first_line);
            debug_assert_eq!(
                lines, slow,
                "the plain fast path disagrees with the Markdown pass"
            );
        }
        return lines;
    }
    markdown_pass(doc, &mut lines, first_line);
    lines
}

/// Gives `lines` (from [`plain_lines`], the first being line `first_line` of `doc`) the kinds
/// pulldown-cmark's events say, parsing only their text.
pub(super) fn markdown_pass(doc: &Document, lines: &mut [Line], first_line: usize) {
    let text = doc.text();
    let base = doc.content_start();
    let Some(lo) = lines.first().map(|l| l.start().max(base)) else {
        return;
    };
    let hi = lines.last().map_or(lo, |l| l.next());

    let index = doc.lines();
    let line_of = |offset: usize| -> usize { index.line_of(offset) - first_line };
    let mut last_item: Option<usize> = None;
    // A `---` block after the file's start is front matter to pulldown-cmark, but a thematic
    // break and a setext heading to CommonMark (and to GitHub, which shows it so): the text
    // from there to the end is read again without metadata blocks, as one more pass (a fence
    // inside the block runs on past it, as CommonMark reads it).
    let plain = Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES;
    let mut passes = vec![(lo, hi, plain | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)];
    let mut pass = 0;
    while let Some(&(plo, phi, popts)) = passes.get(pass) {
        pass += 1;
        // Block quotes open around the current event: a heading inside one is quoted text
        // (`> ## Note` in a task's body), not a heading of the file, so it stays a text line.
        let mut quotes = 0usize;
        for (event, range) in Parser::new_ext(&text[plo..phi], popts).into_offset_iter() {
            let (s, e) = (range.start + plo, range.end + plo);
            match event {
                Event::Start(Tag::MetadataBlock(_)) if s > base => {
                    passes.push((s, phi, plain));
                    break;
                }
                Event::Start(Tag::BlockQuote(_)) => quotes += 1,
                Event::End(TagEnd::BlockQuote(_)) => quotes = quotes.saturating_sub(1),
                Event::Start(Tag::Heading { .. }) if quotes > 0 => {}
                Event::Start(Tag::Heading { level, .. }) => {
                    let (first, last) = (line_of(s), line_of(e.saturating_sub(1).max(s)));
                    let text_span = heading_text(text, &lines[first], first == last);
                    mark(&mut lines[first..=last], LineKind::HeadingRest);
                    lines[first].set_kind(LineKind::Heading {
                        level: level as u8,
                        text: text_span,
                    });
                }
                Event::Start(Tag::Table(_)) => {
                    let (first, last) = (line_of(s), line_of(e.saturating_sub(1).max(s)));
                    let table = lines[first].start();
                    mark(&mut lines[first..=last], LineKind::Table { table });
                }
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                    let (first, last) = (line_of(s), line_of(e.saturating_sub(1).max(s)));
                    mark(&mut lines[first..=last], LineKind::Opaque);
                }
                Event::Rule => {
                    let n = line_of(s);
                    if lines[n].kind() == LineKind::Text {
                        lines[n].set_kind(LineKind::Rule);
                    }
                }
                Event::Start(Tag::Item) => {
                    // A tab-indented nested item's range can start at the end of the line above.
                    let s = s + text[s..e].len() - text[s..e].trim_start().len();
                    let n = line_of(s);
                    let line = lines[n];
                    // An item that does not start its line (`> - x`, `- - x`) keeps the line's kind
                    // unless nothing else claimed it.
                    if matches!(line.kind(), LineKind::Text) {
                        let mut content = after_marker(text, s, line.end());
                        let mut checkbox = None;
                        // A custom mark (`- [/] text`); a GFM box, read by pulldown-cmark, comes
                        // as a TaskListMarker next and takes its place.
                        if let Some((symbol, len)) = custom_box(&text[content..line.end()]) {
                            checkbox = Some((Span::new(content, content + len), symbol));
                            content = skip_spaces(text, content + len, line.end());
                        }
                        lines[n].set_kind(LineKind::Item {
                            content,
                            checkbox,
                            end: e,
                        });
                        lines[n].set_indent(columns(text, line.start().max(base), s));
                        last_item = Some(n);
                    }
                }
                Event::TaskListMarker(done) => {
                    let n = line_of(s);
                    let line_end = lines[n].end();
                    if last_item == Some(n)
                        && let LineKind::Item { end, .. } = lines[n].kind()
                    {
                        // The marker's range may start at white space before the box (a
                        // tab split between the list marker and the text): the mark is `[?]`.
                        let s = s + text[s..e].find('[').unwrap_or(0);
                        // `x` or `X` when done, else the white space between the brackets.
                        let symbol = text[s..e].chars().nth(1).unwrap_or(' ');
                        let symbol = if done || !symbol.is_whitespace() {
                            symbol
                        } else {
                            ' '
                        };
                        lines[n].set_kind(LineKind::Item {
                            content: skip_spaces(text, e, line_end),
                            checkbox: Some((Span::new(s, e), symbol)),
                            end,
                        });
                    }
                }
                _ => {}
            }
        }
    }
}

/// Columns of indentation from `from` to the first non-blank byte; returns (columns, offset).
fn measure_indent(text: &str, from: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let mut cols = 0;
    let mut i = from;
    while i < end {
        match b[i] {
            b' ' => cols += 1,
            b'\t' => cols += 4 - cols % 4,
            _ => break,
        }
        i += 1;
    }
    (cols, i)
}

/// Columns from `from` to `to` (a tab advances to the next multiple of 4).
pub(super) fn columns(text: &str, from: usize, to: usize) -> usize {
    let mut cols = 0;
    for c in text[from..to].chars() {
        cols += if c == '\t' { 4 - cols % 4 } else { 1 };
    }
    cols
}

fn skip_spaces(text: &str, mut i: usize, end: usize) -> usize {
    let b = text.as_bytes();
    while i < end && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// Offset after a list marker (`-`, `*`, `+`, `1.`, `1)`) and the spaces after it.
fn after_marker(text: &str, at: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at;
    if i < end && matches!(b[i], b'-' | b'*' | b'+') {
        i += 1;
    } else {
        while i < end && b[i].is_ascii_digit() {
            i += 1;
        }
        if i < end && matches!(b[i], b'.' | b')') {
            i += 1;
        }
    }
    skip_spaces(text, i, end)
}

/// The text span of a heading's first line: ATX markers and closing `#`s removed, trimmed.
pub(super) fn heading_text(text: &str, line: &Line, single_line: bool) -> Span {
    let b = text.as_bytes();
    let s = line.text_start();
    let mut e = line.end();
    if single_line && s < e && b[s] == b'#' {
        // An ATX line, read as the outline reads it: one reading of a heading's text.
        let level = b[s..e].iter().take_while(|&&c| c == b'#').count();
        return super::outline::heading_text(b, s + level, e);
    }
    while e > s && (b[e - 1] == b' ' || b[e - 1] == b'\t') {
        e -= 1;
    }
    Span::new(s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<String> {
        let doc = Document::from_string("t.md", src.to_string());
        scan(&doc)
            .iter()
            .map(|l| match l.kind() {
                LineKind::Heading { level, text } => format!("H{level}:{}", &src[text.range()]),
                LineKind::Item {
                    content, checkbox, ..
                } => format!(
                    "I{}{}:{}",
                    l.indent(),
                    checkbox.map_or(String::new(), |c| format!("[{}]", c.1)),
                    &src[content..l.end()]
                ),
                k => format!("{k:?}"),
            })
            .collect()
    }

    #[test]
    fn a_dashed_block_after_the_start_is_a_rule_and_a_heading_not_front_matter() {
        let src = "---\na: 1\n---\n# T\n\n---\nID: A-1\nStatus: done\n---\n";
        assert_eq!(
            kinds(src),
            [
                "Opaque",
                "Opaque",
                "Opaque",
                "H1:T",
                "Blank",
                "Rule",
                "H2:ID: A-1",
                "HeadingRest",
                "HeadingRest"
            ]
        );
    }

    #[test]
    fn classifies_lines_despite_lazy_continuation() {
        let src = "### T-1: A ###\nContext:\n- a\nAcceptance Criteria:\n- [x] b\n  - [ ] c\nEffort: M\n\n```\n- [ ] no\n```\nSet\n===\n";
        assert_eq!(
            kinds(src),
            [
                "H3:T-1: A",
                "Text",
                "I0:a",
                "Text",
                "I0[x]:b",
                "I2[ ]:c",
                "Text",
                "Blank",
                "Opaque",
                "Opaque",
                "Opaque",
                "H1:Set",
                "HeadingRest"
            ]
        );
    }

    #[test]
    fn parsing_between_top_level_headings_classifies_every_line_as_one_pass_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("fixtures"), root.join("../shared/seeds")];
        dirs.push(root.join("../shared/corpus"));
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                    continue;
                }
                let Ok(doc) = Document::read(&p) else {
                    continue;
                };
                let whole = scan_lines(&doc, 0..doc.lines().starts().len());
                assert_eq!(scan(&doc), whole, "{}", p.display());
                checked += 1;
            }
        }
        let src = "\u{feff}# A\r\n- [ ] a\r\n## B\r\ntext\r\n";
        let doc = Document::from_string("t.md", src.to_string());
        assert_eq!(scan(&doc), scan_lines(&doc, 0..doc.lines().starts().len()));
        assert!(checked > 10);
    }

    #[test]
    fn handles_bom_crlf_and_no_final_newline() {
        let src = "\u{feff}- [ ] a\r\n- [X] b";
        assert_eq!(kinds(src), ["I0[ ]:a", "I0[X]:b"], "the mark as written");
    }
}
