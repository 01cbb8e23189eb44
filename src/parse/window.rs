//! Windowed recognition: read the tasks about some IDs without parsing the whole file.
//!
//! The outline splits the file at top-level headings that are not field names (a `####
//! Acceptance Criteria` sub-heading belongs to the task above it). No task crosses such a
//! heading, so each window parses alone exactly as inside the file. Three things come from
//! outside a window: the section stack above it (rebuilt by walking back over earlier windows,
//! skipping those that cannot change it), whether a lone `#` heading is the file's title, and
//! the schema section (parsed like any window).

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;

use crate::document::Document;
use crate::model::StateMap;

use super::outline::{Outline, outline};
use super::recognize::{Recognized, recognize_windows, window_pushes};
use super::scan::{Line, scan_lines};
use super::style::id_led_heading;

/// Parsed windows: their section headings and whether they hold a task.
type Cache = HashMap<usize, (Vec<(u8, String)>, bool)>;

/// See [`crate::TaskFile::parse_related`]. Also gives the block scan of the windows read (their
/// lines in file order), which the accounting of the partly read file classifies.
pub(crate) fn recognize_related(
    doc: &Document,
    states: &StateMap,
    ids: &[&str],
) -> Option<(Recognized, Vec<Line>)> {
    // A notation that reads the file as a whole (by its name) has no windows.
    if super::style::whole_file(doc.path()) {
        return None;
    }
    let outline = outline(doc)?;
    let text = doc.text();
    // A table row that is a task may be joined with that task's heading, which depends on how
    // often the ID stands in the whole file (`table_row::join_index_rows`): windows cannot
    // tell, so a file with a table is parsed whole.
    if has_table_row(text) {
        return None;
    }
    // A legend section (`## Status legend`) changes how the tasks after it read: parse whole.
    if outline
        .headings
        .iter()
        .any(|h| super::style::is_legend_heading(&text[h.text.range()]))
    {
        return None;
    }
    // A lone title heading may make the whole file one task (`# T-013: Title`, or any title
    // with field lines under it).
    let mut h1 = outline
        .headings
        .iter()
        .enumerate()
        .filter(|(_, h)| h.level == 1);
    if let (Some((k, first)), None) = (h1.next(), h1.next()) {
        let until = outline.headings.get(k + 1).map_or(text.len(), |h| h.start);
        if super::style::file_task_heading(&text[first.text.range()])
            || super::style::may_be_titled_file(text, first.text.end, until)
        {
            return None;
        }
    }
    let w = Windows::new(doc, &outline);
    let bytes = text.as_bytes();

    let mut wanted: Vec<usize> = Vec::new();
    // The windows that mention an ID.
    for id in ids.iter().filter(|id| !id.is_empty()) {
        for at in memchr::memmem::find_iter(bytes, id.as_bytes()) {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + id.len()).copied();
            if before.is_some_and(|c| c.is_ascii_alphanumeric())
                || after.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                continue;
            }
            wanted.push(w.of(at));
        }
    }
    // The schema sections.
    for (k, h) in w.first_heading.iter().enumerate() {
        if let Some(h) = h
            && crate::model::schema::is_schema_heading(&text[outline.headings[*h].text.range()])
        {
            wanted.push(k);
        }
    }
    // The head of the file, up to the window of its first task.
    let mut cache: Cache = HashMap::new();
    let mut found_task = false;
    for k in 0..w.count() {
        wanted.push(k);
        if w.id_led(k, text, &outline) || w.pushes(k, doc, states, &mut cache).1 {
            found_task = true;
            break;
        }
    }
    if !found_task {
        return None; // no task at all (or only freeform ones): parse the file whole
    }
    wanted.sort_unstable();
    wanted.dedup();

    let title_h1 = {
        let h1s = outline.headings.iter().filter(|h| h.level == 1).count();
        h1s == 1 && outline.headings.first().is_some_and(|h| h.level == 1)
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut resets = Vec::with_capacity(wanted.len());
    for &k in &wanted {
        resets.push((
            lines.len(),
            w.stack_before(k, title_h1, text, &outline, doc, states, &mut cache),
        ));
        lines.extend(scan_lines(doc, w.lines(k)));
    }
    let out = recognize_windows(doc, &lines, resets, title_h1, states);
    // A row of an index table is one task with the heading of its ID (see `table_row`): when
    // such a heading stands in a window left out, the rows read here are not the file's
    // tasks (the first task would differ), so the file is parsed whole.
    let rows: std::collections::HashSet<&str> = out
        .tasks
        .iter()
        .filter(|t| t.style == crate::model::TaskStyle::Row)
        .filter_map(|t| t.id())
        .collect();
    if !rows.is_empty() {
        for h in &outline.headings {
            let t = &text[h.text.range()];
            let Some(id) = crate::model::scan_ids(t).into_iter().next() else {
                continue;
            };
            if rows.contains(&t[id]) && wanted.binary_search(&w.of(h.start)).is_err() {
                return None;
            }
        }
    }
    Some((out, lines))
}

/// True when `text` may hold a table: a line with a `|` made only of delimiter-row bytes
/// (`|`, `-`, `:`, blanks) with at least one `-`, after any quote or list-marker prefix. GFM
/// needs such a line under a table's header, with or without leading pipes (`id|Title` over
/// `-|-`), so a file without one has no table row that could be a task. Each line with a `|`
/// is looked at once.
fn has_table_row(text: &str) -> bool {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(k) = memchr::memchr(b'|', &b[from..]) {
        let i = from + k;
        let start = memchr::memrchr(b'\n', &b[..i]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
        if is_delimiter_row(&b[start..end]) {
            return true;
        }
        from = end;
    }
    false
}

/// A table's delimiter row (`|---|:--:|`, `-|-`), allowing the prefix of a quote or list item.
fn is_delimiter_row(line: &[u8]) -> bool {
    let body = match line.iter().position(|c| {
        !matches!(
            c,
            b' ' | b'\t' | b'>' | b'*' | b'+' | b'.' | b')' | b'0'..=b'9'
        )
    }) {
        Some(p) => &line[p..],
        None => return false,
    };
    body.contains(&b'-')
        && body.contains(&b'|')
        && body
            .iter()
            .all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'\t' | b'\r'))
}

/// The file's windows: line ranges between top-level non-field headings.
struct Windows {
    /// Byte offset where each window starts (the first at the file's start).
    starts: Vec<usize>,
    /// Line number where each window starts, plus the line count at the end.
    line_starts: Vec<usize>,
    /// Index in the outline of each window's first heading (none for a head without one).
    first_heading: Vec<Option<usize>>,
    /// Index range in the outline of each window's headings.
    headings: Vec<Range<usize>>,
    /// `id_led` per window, once known (0 unknown, 1 no, 2 yes).
    id_led: Vec<Cell<u8>>,
}

impl Windows {
    fn new(doc: &Document, outline: &Outline) -> Windows {
        let text = doc.text();
        let line_index = doc.lines();
        let mut starts = vec![0];
        let mut line_starts = vec![0];
        let mut first_heading = vec![None];
        let mut headings: Vec<Range<usize>> = Vec::new();
        headings.push(0..0);
        for (i, h) in outline.headings.iter().enumerate() {
            let t = text[h.text.range()].trim_end_matches(':');
            let field = crate::model::canonical_key(t).is_some();
            if !field {
                if h.start == 0 || h.start == doc.content_start() {
                    // The file starts with this heading: it opens the first window.
                    first_heading[0] = Some(i);
                    headings[0] = i..i + 1;
                    continue;
                }
                starts.push(h.start);
                line_starts.push(
                    line_index
                        .starts()
                        .partition_point(|&s| s as usize <= h.start)
                        - 1,
                );
                first_heading.push(Some(i));
                headings.push(i..i + 1);
            } else {
                let last = headings.len() - 1;
                headings[last].end = i + 1;
            }
        }
        line_starts.push(line_index.starts().len());
        Windows {
            id_led: vec![Cell::new(0); starts.len()],
            starts,
            line_starts,
            first_heading,
            headings,
        }
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    /// The window holding byte `at`.
    fn of(&self, at: usize) -> usize {
        match self.starts.binary_search(&at) {
            Ok(k) => k,
            Err(k) => k - 1,
        }
    }

    fn lines(&self, k: usize) -> Range<usize> {
        self.line_starts[k]..self.line_starts[k + 1]
    }

    /// True when window `k` opens with a heading that is a task whatever follows, and holds
    /// no other heading that could be a section (every other one is a deeper field heading).
    fn id_led(&self, k: usize, text: &str, outline: &Outline) -> bool {
        match self.id_led[k].get() {
            1 => return false,
            2 => return true,
            _ => {}
        }
        let yes = self.read_id_led(k, text, outline);
        self.id_led[k].set(if yes { 2 } else { 1 });
        yes
    }

    fn read_id_led(&self, k: usize, text: &str, outline: &Outline) -> bool {
        let Some(first) = self.first_heading[k] else {
            return false;
        };
        let h = outline.headings[first];
        // A task table under an ID-led heading makes the heading the table's group, not a task
        // (`### P6.1 …` over rows `P6.1.1`, `P6.1.2`), so a window that may hold a table is
        // parsed to tell: a `|` anywhere in it is enough to look.
        let end = self.starts.get(k + 1).copied().unwrap_or(text.len());
        if memchr::memchr(b'|', &text.as_bytes()[self.starts[k]..end]).is_some() {
            return false;
        }
        id_led_heading(&text[h.text.range()])
            && outline.headings[self.headings[k].clone()]
                .iter()
                .skip(1)
                .all(|x| x.level > h.level)
    }

    /// Section headings of window `k` and whether it holds a task (parsed once, cached).
    fn pushes<'c>(
        &self,
        k: usize,
        doc: &Document,
        states: &StateMap,
        cache: &'c mut Cache,
    ) -> &'c (Vec<(u8, String)>, bool) {
        cache.entry(k).or_insert_with(|| {
            let lines = scan_lines(doc, self.lines(k));
            window_pushes(doc, &lines, states)
        })
    }

    /// The section stack when window `k` starts, as `recognize` would have built it walking the
    /// file from the top: walks back over earlier windows, taking each level's last section
    /// heading, and skips windows whose headings are all too deep to matter or that are
    /// single tasks.
    #[allow(clippy::too_many_arguments)]
    fn stack_before(
        &self,
        k: usize,
        title_h1: bool,
        text: &str,
        outline: &Outline,
        doc: &Document,
        states: &StateMap,
        cache: &mut Cache,
    ) -> Vec<(u8, String)> {
        let mut stack = Vec::new();
        let mut below = 7u8; // only sections shallower than this still show
        'windows: for j in (0..k).rev() {
            let range = self.headings[j].clone();
            let min = outline.headings[range]
                .iter()
                .map(|h| h.level)
                .min()
                .unwrap_or(7);
            if min >= below || self.id_led(j, text, outline) {
                continue;
            }
            let (pushes, _) = self.pushes(j, doc, states, cache);
            for (level, title) in pushes.iter().rev() {
                if *level < below {
                    if *level == 1 && title_h1 {
                        break 'windows; // the title clears the stack and is not a section
                    }
                    stack.push((*level, title.clone()));
                    below = *level;
                    if below == 1 {
                        break 'windows;
                    }
                }
            }
        }
        stack.reverse();
        stack
    }
}
