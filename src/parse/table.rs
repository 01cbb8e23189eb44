//! GFM tables as task lists: split a table's lines into rows and cells with exact byte spans,
//! and build the edit that changes one cell while keeping the table's look.
//!
//! The caller (who asked pulldown-cmark) knows which consecutive lines form one table and
//! hands them over as byte ranges; this module never decides where a table starts or ends.
//! Lines inside containers (block quotes, list items) must be given without the container
//! prefix.
//!
//! Splitting follows GFM as pulldown-cmark implements it: leading and trailing white space of
//! a line is not content, one optional leading and one optional trailing `|` are dropped, and
//! every other `|` splits unless the byte before it is a backslash (`\|`), code spans included.
//!
//! Widths for column alignment are counted in `char`s, a simple approximation of display
//! width: a CJK wide character or an emoji counts as one column, so tables aligned for a
//! terminal that draws them two columns wide are seen as not aligned (and then only the cell's
//! content is replaced, which is always safe).

use crate::document::Span;
use crate::edit::Edit;

/// A column's alignment, from the delimiter row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// `---`
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    /// The content, trimmed, with `\|` unescaped to `|` (other backslashes kept).
    pub text: String,
    /// The trimmed content as written (empty span at the slot's middle-left when the cell is
    /// blank: at `slot.start + 1` if the slot starts with white space, else `slot.start`).
    pub span: Span,
    /// Everything between the two pipes (or the line's content edge and a pipe when the row
    /// has no outer pipe on that side; the line's indentation and trailing white space are
    /// never part of a slot).
    pub slot: Span,
}

/// One line of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row {
    /// The line from its start, without its line ending (a trailing `\r` is excluded).
    pub span: Span,
    /// The cells, at most as many as the header has.
    pub cells: Vec<Cell>,
}

/// A table split into rows and cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    /// The header row.
    pub header: Row,
    /// The delimiter row line (`|---|:--:|`).
    pub delimiter: Span,
    /// One alignment per column.
    pub aligns: Vec<Align>,
    /// The body rows, in order.
    pub rows: Vec<Row>,
}

/// White space that GFM trims around cells and lines (line endings excluded).
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c)
}

fn is_ws_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_ws)
}

/// A line split into slots.
struct Split {
    /// The line without its line ending.
    line: Span,
    /// The slots, in order.
    slots: Vec<Span>,
    /// Whether the line holds at least one unescaped `|`.
    has_pipe: bool,
}

/// Splits the line `start..end` into slots. `None` when the range is not a valid range of
/// `text`.
fn split(text: &str, (start, end): (usize, usize)) -> Option<Split> {
    if start > end || end > text.len() || !text.is_char_boundary(start) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut end = end;
    while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    if !text.is_char_boundary(end) {
        return None;
    }
    let line = Span::new(start, end);
    let mut a = start;
    while a < end && is_ws(bytes[a]) {
        a += 1;
    }
    let mut b = end;
    while b > a && is_ws(bytes[b - 1]) {
        b -= 1;
    }
    if a == b {
        return Some(Split {
            line,
            slots: Vec::new(),
            has_pipe: false,
        });
    }
    let lead = bytes[a] == b'|';
    let inner_start = if lead { a + 1 } else { a };
    if lead && inner_start == b {
        // A lone `|`: a row without cells.
        return Some(Split {
            line,
            slots: Vec::new(),
            has_pipe: true,
        });
    }
    let trail = b > inner_start && bytes[b - 1] == b'|' && bytes[b - 2] != b'\\';
    let inner_end = if trail { b - 1 } else { b };
    let mut slots = Vec::new();
    let mut slot_start = inner_start;
    for ix in inner_start..inner_end {
        if bytes[ix] == b'|' && !(ix > inner_start && bytes[ix - 1] == b'\\') {
            slots.push(Span::new(slot_start, ix));
            slot_start = ix + 1;
        }
    }
    slots.push(Span::new(slot_start, inner_end));
    let has_pipe = lead || trail || slots.len() > 1;
    Some(Split {
        line,
        slots,
        has_pipe,
    })
}

/// The slots of one table row line (`line` without its line ending), for the merge's
/// cell-by-cell comparison. `None` when the line holds no unescaped `|`.
pub(crate) fn row_slots(line: &str) -> Option<Vec<Span>> {
    split(line, (0, line.len()))
        .filter(|s| s.has_pipe)
        .map(|s| s.slots)
}

/// The cell of one slot.
fn cell(text: &str, slot: Span) -> Cell {
    let bytes = text.as_bytes();
    let mut s = slot.start;
    while s < slot.end && is_ws(bytes[s]) {
        s += 1;
    }
    let mut e = slot.end;
    while e > s && is_ws(bytes[e - 1]) {
        e -= 1;
    }
    if s == e {
        let at = if !slot.is_empty() && is_ws(bytes[slot.start]) {
            slot.start + 1
        } else {
            slot.start
        };
        return Cell {
            text: String::new(),
            span: Span::empty(at),
            slot,
        };
    }
    Cell {
        text: unescape(&text[s..e]),
        span: Span::new(s, e),
        slot,
    }
}

fn unescape(written: &str) -> String {
    written.replace("\\|", "|")
}

fn row(text: &str, line: (usize, usize), max_cells: Option<usize>) -> Option<Row> {
    let split = split(text, line)?;
    let mut slots = split.slots;
    if let Some(n) = max_cells {
        slots.truncate(n);
    }
    Some(Row {
        span: split.line,
        cells: slots.into_iter().map(|slot| cell(text, slot)).collect(),
    })
}

/// The alignment a delimiter cell declares, `None` when it is not a delimiter cell.
fn delimiter_align(cell: &str) -> Option<Align> {
    let left = cell.starts_with(':');
    let rest = cell.strip_prefix(':').unwrap_or(cell);
    let right = rest.ends_with(':');
    let dashes = rest.strip_suffix(':').unwrap_or(rest);
    if dashes.is_empty() || !dashes.bytes().all(|b| b == b'-') {
        return None;
    }
    Some(match (left, right) {
        (true, true) => Align::Center,
        (true, false) => Align::Left,
        (false, true) => Align::Right,
        (false, false) => Align::None,
    })
}

/// Reads a table from its lines, given as `(start, end)` byte ranges of each line without line
/// ending (a trailing `\r` is tolerated and left out), in order: header, delimiter, body rows.
///
/// `None` when there are fewer than two lines, a range is not a valid range of `text`, the
/// second line is not a delimiter row (it needs a `|` and at least one `-` per cell), or the
/// header's cell count differs from the delimiter's (GFM rule). Body rows may have fewer or
/// more cells than the header: a short row keeps only the cells it has, a long row keeps the
/// first header-count cells.
pub(crate) fn read(text: &str, lines: &[(usize, usize)]) -> Option<Table> {
    let [head, delim, body @ ..] = lines else {
        return None;
    };
    let header = row(text, *head, None)?;
    let delim = split(text, *delim)?;
    if !delim.has_pipe || delim.slots.is_empty() {
        return None;
    }
    let aligns = delim
        .slots
        .iter()
        .map(|s| delimiter_align(cell(text, *s).text.as_str()))
        .collect::<Option<Vec<_>>>()?;
    if header.cells.len() != aligns.len() {
        return None;
    }
    let rows = body
        .iter()
        .map(|line| row(text, *line, Some(aligns.len())))
        .collect::<Option<Vec<_>>>()?;
    Some(Table {
        header,
        delimiter: delim.line,
        aligns,
        rows,
    })
}

/// `value` with `|` escaped as `\|` (an already-escaped `\|` stays as is).
pub(crate) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut prev = None;
    for c in value.chars() {
        if c == '|' && prev != Some('\\') {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

fn width(text: &str, span: Span) -> Option<usize> {
    text.get(span.range()).map(|s| s.chars().count())
}

/// Whether the edited cell (`w` chars wide) lines up with its column: the header and the
/// delimiter have slots of `w` chars there. Other rows are not looked at, so one compact row
/// (often the last one added) does not stop the padded rows from keeping their padding.
fn column_aligned(text: &str, table: &Table, col: usize, w: usize) -> bool {
    let same = |slot: Span| width(text, slot) == Some(w);
    let Some(delim) = split(text, (table.delimiter.start, table.delimiter.end)) else {
        return false;
    };
    delim.slots.get(col).is_some_and(|s| same(*s))
        && table.header.cells.get(col).is_some_and(|c| same(c.slot))
}

/// Whether `content`, at the very start of a line, would begin another block (list item, block
/// quote, heading, fence, thematic break, HTML) and so end the table. Conservative.
fn breaks_row_start(content: &str) -> bool {
    let b = content.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    let blank_at = |i: usize| b.get(i).is_none_or(|&c| is_ws(c));
    let thematic = || {
        b.iter().all(|&c| c == first || is_ws(c)) && b.iter().filter(|&&c| c == first).count() >= 3
    };
    match first {
        b'>' | b'<' => true,
        b'#' => {
            let n = b.iter().take_while(|&&c| c == b'#').count();
            n <= 6 && blank_at(n)
        }
        b'-' | b'+' | b'*' => blank_at(1) || thematic(),
        b'_' => thematic(),
        b'`' | b'~' => content.starts_with("```") || content.starts_with("~~~"),
        b'0'..=b'9' => {
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            n <= 9 && matches!(b.get(n), Some(b'.' | b')')) && blank_at(n + 1)
        }
        _ => false,
    }
}

/// The edit that makes cell `col` of `row` hold `value` (trimmed, `|` escaped).
///
/// When the column is aligned (header, delimiter and every row holding that cell have slots
/// of the same width, in chars) the replacement covers the whole slot and keeps its width when
/// the new content fits, padding after the content (Left/None), before it (Right) or on both
/// sides (Center), and keeping the one space the slot had on each side; when the content does
/// not fit the slot grows just enough. Otherwise only the trimmed content is replaced (a blank
/// cell's slot becomes ` value `). Other cells and rows are never touched.
///
/// When the value equals the written content, the edit replaces `cell.span` with itself.
///
/// `None` when the row has no cell `col`, the spans do not fit `text`, the value holds a line
/// break, or the result could not be read back as the same row: an empty value in the first
/// or last cell of a row without that outer pipe (the row would lose a cell), a value ending in
/// a backslash in the last cell of a row without trailing pipe, a first cell without leading
/// pipe whose new content would start another block (`- x`, `> x`, `# x`...), or a value
/// holding `\|`, which a cell cannot hold.
pub(crate) fn cell_edit(
    text: &str,
    table: &Table,
    row: &Row,
    col: usize,
    value: &str,
) -> Option<Edit> {
    let cell = row.cells.get(col)?;
    let align = *table.aligns.get(col)?;
    let slot = cell.slot;
    let old_slot = text.get(slot.range())?;
    let old_content = text.get(cell.span.range())?;
    if value.contains(['\n', '\r']) {
        return None;
    }
    let content = escape(value.trim_matches(is_ws_char));
    // A value holding `\|` has no spelling in a cell: written as is, or escaped, it reads
    // back as `|`.
    if unescape(&content) != value.trim_matches(is_ws_char) {
        return None;
    }
    if content == old_content {
        return Some(Edit {
            span: cell.span,
            replacement: content,
        });
    }
    let bytes = text.as_bytes();
    let open_start = slot.start == 0 || bytes[slot.start - 1] != b'|';
    let open_end = bytes.get(slot.end) != Some(&b'|');
    if open_start && (content.is_empty() || breaks_row_start(&content)) {
        return None;
    }
    // An empty last cell would turn the separator before it into a trailing pipe; a backslash
    // at the end of the line would be read as a hard line break.
    if open_end && (content.is_empty() || content.ends_with('\\')) {
        return None;
    }
    let w = old_slot.chars().count();
    let (span, mut replacement) = if !open_end && column_aligned(text, table, col, w) {
        let blank = old_content.is_empty();
        let keep = |side: bool| usize::from(if blank { w >= 2 } else { side });
        let min_left = keep(old_slot.starts_with(is_ws_char));
        let min_right = keep(old_slot.ends_with(is_ws_char));
        let pad = w.saturating_sub(min_left + content.chars().count() + min_right);
        let (pad_left, pad_right) = match align {
            Align::Right => (pad, 0),
            Align::Center => (pad / 2, pad - pad / 2),
            Align::Left | Align::None => (0, pad),
        };
        let mut s = " ".repeat(min_left + pad_left);
        s.push_str(&content);
        s.push_str(&" ".repeat(pad_right + min_right));
        (slot, s)
    } else if old_content.is_empty() {
        (slot, format!(" {content} "))
    } else {
        (cell.span, content)
    };
    // A header row without leading pipe must stay indented under four columns, or it would
    // start an indented code block instead of the table: padding beyond that moves after the
    // content.
    if open_start && row.span == table.header.span && span.start == slot.start {
        let indent = super::scan::columns(text, row.span.start, slot.start);
        let lead = replacement.len() - replacement.trim_start_matches(' ').len();
        let extra = lead.saturating_sub(3usize.saturating_sub(indent));
        if extra > 0 {
            replacement.drain(..extra);
            replacement.push_str(&" ".repeat(extra));
        }
    }
    // A content ending in a backslash right before the closing pipe would escape it.
    if span.end == slot.end && !open_end && replacement.ends_with('\\') {
        replacement.push(' ');
    }
    Some(Edit { span, replacement })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use proptest::prelude::*;

    /// The lines of `text` from byte `from` on, as `(start, end)` without `\n`.
    fn lines_from(text: &str, from: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut at = from;
        while at < text.len() {
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            out.push((at, end));
            at = end + 1;
        }
        out
    }

    fn table(text: &str) -> Table {
        read(text, &lines_from(text, 0)).expect("a table")
    }

    fn texts(row: &Row) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    /// Sets body row `r`, column `col` to `value` and returns the new text.
    fn set(text: &str, r: usize, col: usize, value: &str) -> String {
        let t = table(text);
        let e = cell_edit(text, &t, &t.rows[r], col, value).expect("an edit");
        let slot = t.rows[r].cells[col].slot;
        assert!(e.span.start >= slot.start && e.span.end <= slot.end);
        let out = apply(text, &[e]).unwrap();
        assert_eq!(texts(&table(&out).rows[r])[col], value.trim());
        out
    }

    #[test]
    fn compact_table() {
        let text = "|a|b|\n|-|-|\n|c|d|";
        let t = table(text);
        assert_eq!(texts(&t.header), ["a", "b"]);
        assert_eq!(t.aligns, [Align::None, Align::None]);
        assert_eq!(t.delimiter, Span::new(6, 11));
        assert_eq!(t.rows.len(), 1);
        let c = &t.rows[0].cells[1];
        assert_eq!((c.span, c.slot), (Span::new(15, 16), Span::new(15, 16)));
        assert_eq!(t.rows[0].span, Span::new(12, 17));
        assert_eq!(set(text, 0, 1, "xyz"), "|a|b|\n|-|-|\n|c|xyz|");
        assert_eq!(set(text, 0, 0, ""), "|a|b|\n|-|-|\n| |d|");
    }

    #[test]
    fn spaced_table() {
        let text = "| Task | Status |\n| --- | :-- |\n| write docs | todo |\n";
        let t = table(text);
        assert_eq!(t.aligns, [Align::None, Align::Left]);
        assert_eq!(texts(&t.rows[0]), ["write docs", "todo"]);
        assert_eq!(
            set(text, 0, 1, "done"),
            "| Task | Status |\n| --- | :-- |\n| write docs | done |\n"
        );
        assert_eq!(
            set(text, 0, 0, "x"),
            "| Task | Status |\n| --- | :-- |\n| x | todo |\n"
        );
        // Blanking keeps the slot's spaces; filling a blank cell reads `| value |`.
        let blanked = set(text, 0, 1, "");
        assert_eq!(
            blanked,
            "| Task | Status |\n| --- | :-- |\n| write docs |  |\n"
        );
        assert_eq!(set(&blanked, 0, 1, "wip"), text.replace("todo", "wip"));
    }

    #[test]
    fn blank_cells() {
        let text = "| a | b |\n| - | --- |\n|   | x |\n||y|\n";
        let t = table(text);
        let blank = &t.rows[0].cells[0];
        assert_eq!(blank.text, "");
        assert_eq!(blank.span, Span::empty(blank.slot.start + 1));
        let empty = &t.rows[1].cells[0];
        assert_eq!(empty.slot, Span::empty(empty.slot.start));
        assert_eq!(empty.span, empty.slot);
        let out = set(text, 0, 0, "v");
        assert_eq!(out, "| a | b |\n| - | --- |\n| v | x |\n||y|\n");
        let out = set(&out, 1, 0, "w");
        assert_eq!(out, "| a | b |\n| - | --- |\n| v | x |\n| w |y|\n");
    }

    #[test]
    fn aligned_table() {
        let text = "\
| Task       | State |
| ---------- | ----- |
| write docs | todo  |
| test       | done  |
";
        // Shorter: pad to keep the width.
        let out = set(text, 0, 0, "fix");
        assert_eq!(
            out,
            text.replace("| write docs |", "| fix        |"),
            "pads after the content"
        );
        // Longer, still fits: trims padding down to one space.
        let out = set(text, 1, 0, "final test");
        assert_eq!(out, text.replace("| test       |", "| final test |"));
        let out = set(text, 1, 1, "wip");
        assert_eq!(out, text.replace("| done  |", "| wip   |"));
        // Too long: the slot grows just enough; other rows stay as they are.
        let out = set(text, 0, 1, "blocked");
        assert_eq!(out, text.replace("| todo  |", "| blocked |"));
        // Same value: an edit that changes nothing.
        let t = table(text);
        let e = cell_edit(text, &t, &t.rows[0], 1, "todo").unwrap();
        assert_eq!(e.span, t.rows[0].cells[1].span);
        assert_eq!(e.replacement, "todo");
        // Blank cell in an aligned column keeps the width.
        let out = set(text, 0, 1, "");
        assert_eq!(out, text.replace("| todo  |", "|       |"));
        assert_eq!(
            set(&out, 0, 1, "ok"),
            text.replace("| todo  |", "| ok    |")
        );
    }

    #[test]
    fn right_and_center_aligned() {
        let text = "\
| Task | Points | Tag  |
| ---- | -----: | :--: |
| a    |     13 | ab   |
";
        let t = table(text);
        assert_eq!(t.aligns, [Align::None, Align::Right, Align::Center]);
        assert_eq!(
            set(text, 0, 1, "5"),
            text.replace("|     13 |", "|      5 |")
        );
        assert_eq!(
            set(text, 0, 1, "123456"),
            text.replace("|     13 |", "| 123456 |")
        );
        assert_eq!(
            set(text, 0, 1, "1234567"),
            text.replace("|     13 |", "| 1234567 |")
        );
        assert_eq!(set(text, 0, 2, "x"), text.replace("| ab   |", "|  x   |"));
        assert_eq!(set(text, 0, 2, "xy"), text.replace("| ab   |", "|  xy  |"));
    }

    #[test]
    fn no_outer_pipes() {
        let text = "Task | State\n--- | ---\nwrite | todo\n";
        let t = table(text);
        assert_eq!(texts(&t.header), ["Task", "State"]);
        let row = &t.rows[0];
        assert_eq!(&text[row.cells[0].slot.range()], "write ");
        assert_eq!(&text[row.cells[1].slot.range()], " todo");
        assert_eq!(
            set(text, 0, 1, "done"),
            "Task | State\n--- | ---\nwrite | done\n"
        );
        assert_eq!(
            set(text, 0, 0, "read"),
            "Task | State\n--- | ---\nread | todo\n"
        );
        // Edges that would change the row's shape are refused.
        assert_eq!(cell_edit(text, &t, row, 0, ""), None);
        assert_eq!(cell_edit(text, &t, row, 1, " "), None);
        assert_eq!(cell_edit(text, &t, row, 0, "- item"), None);
        assert_eq!(cell_edit(text, &t, row, 0, "> quote"), None);
        assert_eq!(cell_edit(text, &t, row, 0, "# title"), None);
        assert_eq!(cell_edit(text, &t, row, 0, "1. one"), None);
        // ...but not what only looks like it.
        assert_eq!(
            set(text, 0, 0, "-x"),
            "Task | State\n--- | ---\n-x | todo\n"
        );
        assert_eq!(
            set(text, 0, 0, "#7"),
            "Task | State\n--- | ---\n#7 | todo\n"
        );
        assert_eq!(
            set(text, 0, 0, "2024-01-02"),
            text.replace("write", "2024-01-02")
        );
        // Indented, only one outer pipe.
        let text = "  a | b |\n  --|--|\n  c | d |\n";
        let t = table(text);
        assert_eq!(texts(&t.rows[0]), ["c", "d"]);
        assert_eq!(t.rows[0].cells[0].slot.start, t.rows[0].span.start + 2);
    }

    #[test]
    fn escaped_pipes() {
        let text = "| expr | note |\n| --- | --- |\n| a \\| b | `x \\| y` |\n";
        let t = table(text);
        let c = &t.rows[0].cells[0];
        assert_eq!(c.text, "a | b");
        assert_eq!(&text[c.span.range()], "a \\| b");
        let code = &t.rows[0].cells[1];
        assert_eq!(code.text, "`x | y`");
        assert_eq!(&text[code.span.range()], "`x \\| y`");
        let out = set(text, 0, 0, "c | d");
        assert_eq!(out, text.replace("a \\| b", "c \\| d"));
        // Already escaped stays escaped once.
        assert_eq!(escape("a \\| b | c"), "a \\| b \\| c");
        assert_eq!(escape("|"), "\\|");
        let out = apply(
            text,
            &[cell_edit(text, &t, &t.rows[0], 1, "`p || q`").unwrap()],
        )
        .unwrap();
        assert_eq!(table(&out).rows[0].cells[1].text, "`p || q`");
        assert!(out.contains("`p \\|\\| q`"));
        // An escaped pipe at the very end is not a trailing pipe.
        let text = "a | b\n--|--\nc | d\\|\n";
        assert_eq!(texts(&table(text).rows[0]), ["c", "d|"]);
    }

    #[test]
    fn trailing_backslash_does_not_escape_the_pipe() {
        let text = "|a|b|\n|-|-|\n|c|d|\n";
        let out = set(text, 0, 0, "path\\");
        assert_eq!(out, "|a|b|\n|-|-|\n|path\\ |d|\n");
        assert_eq!(texts(&table(&out).rows[0]), ["path\\", "d"]);
    }

    #[test]
    fn crlf_lines() {
        let text = "| a | b |\r\n| --- | --- |\r\n| c | d |\r\n";
        // Lines given with or without the `\r`.
        let with_cr = lines_from(text, 0);
        let t = read(text, &with_cr).unwrap();
        assert_eq!(t.rows[0].span, Span::new(26, 35));
        assert_eq!(texts(&t.rows[0]), ["c", "d"]);
        let without: Vec<_> = with_cr.iter().map(|&(s, e)| (s, e - 1)).collect();
        assert_eq!(read(text, &without), Some(t.clone()));
        let e = cell_edit(text, &t, &t.rows[0], 1, "done").unwrap();
        assert_eq!(
            apply(text, &[e]).unwrap(),
            "| a | b |\r\n| --- | --- |\r\n| c | done |\r\n"
        );
    }

    #[test]
    fn wide_characters() {
        let text = "\
| 任务 | 状态 |
| -- | -- |
| 写文 | 待办 |
| 🚀🚀 | —  |
";
        let t = table(text);
        assert_eq!(texts(&t.rows[0]), ["写文", "待办"]);
        assert_eq!(texts(&t.rows[1]), ["🚀🚀", "—"]);
        assert_eq!(set(text, 1, 1, "完成"), text.replace("| —  |", "| 完成 |"));
        assert_eq!(set(text, 0, 0, "✓"), text.replace("| 写文 |", "| ✓  |"));
        assert_eq!(
            set(text, 1, 0, "🚀🚀🚀"),
            text.replace("| 🚀🚀 |", "| 🚀🚀🚀 |")
        );
    }

    #[test]
    fn short_and_long_rows() {
        let text = "| a | b | c |\n|---|---|---|\n| x |\n| 1 | 2 | 3 | 4 |\n";
        let t = table(text);
        assert_eq!(texts(&t.rows[0]), ["x"]);
        assert_eq!(texts(&t.rows[1]), ["1", "2", "3"]);
        assert_eq!(cell_edit(text, &t, &t.rows[0], 1, "y"), None);
        assert_eq!(cell_edit(text, &t, &t.rows[1], 3, "y"), None);
        let out = set(text, 1, 2, "z");
        assert_eq!(out, text.replace("| 3 |", "| z |"));
    }

    #[test]
    fn not_tables() {
        let bad_delims = [
            "| a | b |\n| a | b |\n",
            "| a | b |\n| -- | : |\n",
            "| a | b |\n| -- | ::-- |\n",
            "| a | b |\n| -- |  |\n",
            "a\n---\n",
            "| a |\n",
        ];
        for text in bad_delims {
            assert_eq!(read(text, &lines_from(text, 0)), None, "{text:?}");
        }
        assert_eq!(read("| a | b |\n| --- |\n", &[(0, 9), (10, 17)]), None);
        assert_eq!(read("| a |\n| --- | --- |\n", &[(0, 5), (6, 19)]), None);
        // Ranges that do not fit the text.
        assert_eq!(read("|a|\n|-|\n", &[(0, 3), (4, 99)]), None);
        assert_eq!(read("|é|\n|-|\n", &[(0, 2), (5, 8)]), None);
        assert!(read("|a|\n|-|\n", &[(0, 3), (4, 7)]).is_some());
        assert!(read("a|\n-|\n", &[(0, 2), (3, 5)]).is_some());
    }

    #[test]
    fn line_breaks_in_values_are_refused() {
        let text = "|a|\n|-|\n|b|\n";
        let t = table(text);
        assert_eq!(cell_edit(text, &t, &t.rows[0], 0, "x\ny"), None);
        assert_eq!(cell_edit(text, &t, &t.rows[0], 0, "x\r"), None);
    }

    // Property test: random tables, random cells, random values.

    const PIECES: &[&str] = &[
        "a", "b", "Z", "7", " ", " ", "\t", "|", "\\", "`", "中", "😀", "—", "-", ":", "#",
    ];

    fn piece_string(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
    }

    /// A cell's written content: trimmed, escaped, no trailing backslash.
    fn written(raw: &str, nonempty: bool) -> String {
        let mut s = escape(raw);
        loop {
            s = s.trim_matches(is_ws_char).to_string();
            if !s.ends_with('\\') {
                break;
            }
            s.pop();
        }
        if nonempty && s.is_empty() {
            "x".to_string()
        } else {
            s
        }
    }

    #[derive(Debug, Clone)]
    struct Case {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        aligns: Vec<Align>,
        /// 0 compact, 1 spaced, 2 aligned, 3 no outer pipes, 4 no outer pipes aligned.
        style: u8,
        crlf: bool,
        target: (prop::sample::Index, prop::sample::Index),
        value: String,
    }

    fn case() -> impl Strategy<Value = Case> {
        (1usize..5, 0usize..4).prop_flat_map(|(cols, nrows)| {
            let align =
                prop::sample::select(vec![Align::None, Align::Left, Align::Center, Align::Right]);
            (
                prop::collection::vec(piece_string(5), cols),
                prop::collection::vec(prop::collection::vec(piece_string(5), 0..cols + 2), nrows),
                prop::collection::vec(align, cols),
                0u8..5,
                any::<bool>(),
                (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
                piece_string(8),
            )
                .prop_map(|(header, rows, aligns, style, crlf, target, value)| Case {
                    header,
                    rows,
                    aligns,
                    style,
                    crlf,
                    target,
                    value,
                })
        })
    }

    /// Renders a case; returns the text and where the table starts.
    fn render(case: &Case) -> (String, usize) {
        let cols = case.header.len();
        let no_pipes = case.style >= 3 && cols >= 2;
        let style = if case.style >= 3 && !no_pipes {
            1
        } else {
            case.style
        };
        let aligned = style == 2 || style == 4;
        let mut grid: Vec<Vec<String>> = Vec::new();
        grid.push(case.header.iter().map(|c| written(c, false)).collect());
        for r in &case.rows {
            let n = if no_pipes { r.len().max(2) } else { r.len() };
            let row = (0..n)
                .map(|i| {
                    let raw = r.get(i).map_or("", String::as_str);
                    written(raw, no_pipes && (i == 0 || i == n - 1))
                })
                .collect();
            grid.push(row);
        }
        if no_pipes {
            for row in &mut grid {
                let last = row.len() - 1;
                for i in [0, last] {
                    if row[i].is_empty() {
                        row[i] = "x".to_string();
                    }
                }
            }
        }
        let widths: Vec<usize> = (0..cols)
            .map(|i| {
                grid.iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.chars().count())
                    .max()
                    .unwrap_or(0)
                    .max(3)
            })
            .collect();
        let pad = |s: &str, i: usize| -> String {
            let Some(&w) = widths.get(i).filter(|_| aligned) else {
                return s.to_string();
            };
            let n = w.saturating_sub(s.chars().count());
            let (l, r) = match case.aligns[i] {
                Align::Right => (n, 0),
                Align::Center => (n / 2, n - n / 2),
                _ => (0, n),
            };
            format!("{}{s}{}", " ".repeat(l), " ".repeat(r))
        };
        let line = |cells: Vec<String>| -> String {
            let sep = if style == 0 { "|" } else { " | " };
            let body = cells.join(sep);
            match (no_pipes, style) {
                (true, _) => body,
                (false, 0) => format!("|{body}|"),
                _ => format!("| {body} |"),
            }
        };
        let eol = if case.crlf { "\r\n" } else { "\n" };
        let mut out = format!("Intro text.{eol}{eol}");
        let start = out.len();
        let mut lines = Vec::new();
        for (k, row) in grid.iter().enumerate() {
            lines.push(line(
                row.iter().enumerate().map(|(i, c)| pad(c, i)).collect(),
            ));
            if k == 0 {
                let delim = (0..cols)
                    .map(|i| {
                        let w = if aligned { widths[i] } else { 3 };
                        let (l, r) = match case.aligns[i] {
                            Align::None => ("", ""),
                            Align::Left => (":", ""),
                            Align::Right => ("", ":"),
                            Align::Center => (":", ":"),
                        };
                        format!("{l}{}{r}", "-".repeat(w - l.len() - r.len()))
                    })
                    .collect();
                lines.push(line(delim));
            }
        }
        for l in lines {
            out.push_str(&l);
            out.push_str(eol);
        }
        out.push_str(eol);
        out.push_str("After.");
        out.push_str(eol);
        (out, start)
    }

    fn table_lines(text: &str, start: usize) -> Vec<(usize, usize)> {
        lines_from(text, start)
            .into_iter()
            .take_while(|&(s, e)| !text[s..e].trim().is_empty())
            .collect()
    }

    /// Table rows (header included) pulldown-cmark finds, per table.
    fn cmark_rows(text: &str) -> Vec<usize> {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let mut out = Vec::new();
        for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::Table(_)) => out.push(0),
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    if let Some(n) = out.last_mut() {
                        *n += 1;
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// A right-aligned first column of a table without outer pipes: padding the header's
    /// first cell to the slot's width would indent the line four columns, making it code; it
    /// is indented three and the rest of the padding goes after the content.
    #[test]
    fn header_without_leading_pipe_is_not_padded_into_code() {
        let text = "Intro.\n\n\\|aa\\| |     | x\n-----: | --- | ---\n     x | x\n\nAfter.\n";
        assert_eq!(cmark_rows(text), [2]);
        let t = read(text, &table_lines(text, 8)).expect("a table");
        let e = cell_edit(text, &t, &t.header, 0, "|").unwrap();
        let out = apply(text, &[e]).unwrap();
        assert_eq!(
            &out[8..],
            "   \\|  |     | x\n-----: | --- | ---\n     x | x\n\nAfter.\n"
        );
        assert_eq!(cmark_rows(&out), [2]);
        // A body row may keep its right alignment: it cannot start a code block.
        let e = cell_edit(text, &t, &t.rows[0], 0, "y").unwrap();
        assert_eq!(e.replacement, "y");
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn edit_then_read_back(case in case()) {
            let (text, start) = render(&case);
            let lines = table_lines(&text, start);
            let t = read(&text, &lines).expect("rendered tables read");
            prop_assert_eq!(t.rows.len(), case.rows.len());
            let all: Vec<&Row> = std::iter::once(&t.header).chain(&t.rows).collect();
            let r = case.target.0.index(all.len());
            let row = all[r];
            if row.cells.is_empty() {
                return Ok(());
            }
            let col = case.target.1.index(row.cells.len());
            let cell = &row.cells[col];
            let Some(e) = cell_edit(&text, &t, row, col, &case.value) else {
                let content = escape(case.value.trim_matches(is_ws_char));
                let pipe_less = !text[..cell.slot.start].ends_with('|')
                    || !text[cell.slot.end..].starts_with('|');
                let unwritable = unescape(&content) != case.value.trim_matches(is_ws_char);
                prop_assert!(
                    unwritable
                        || pipe_less
                            && (content.is_empty()
                                || content.ends_with('\\')
                                || breaks_row_start(&content))
                );
                return Ok(());
            };
            prop_assert!(e.span.start >= cell.slot.start && e.span.end <= cell.slot.end);
            let out = apply(&text, &[e]).unwrap();
            // Bytes outside the slot unchanged.
            prop_assert_eq!(&out[..cell.slot.start], &text[..cell.slot.start]);
            let tail = text.len() - cell.slot.end;
            prop_assert_eq!(&out[out.len() - tail..], &text[cell.slot.end..]);
            // Read back: the new value there, every other cell as before.
            let t2 = read(&out, &table_lines(&out, start)).expect("still a table");
            let all2: Vec<&Row> = std::iter::once(&t2.header).chain(&t2.rows).collect();
            prop_assert_eq!(all2.len(), all.len());
            let content = escape(case.value.trim_matches(is_ws_char));
            let expected = unescape(&content);
            // An aligned table keeps the slot's width when the content fits.
            let old_w = text[cell.slot.range()].chars().count();
            let fits = content.chars().count() + 2 <= old_w && !content.ends_with('\\');
            if case.style == 2 && fits && column_aligned(&text, &t, col, old_w) {
                let new_slot = all2[r].cells[col].slot;
                prop_assert_eq!(out[new_slot.range()].chars().count(), old_w);
            }
            // When pulldown-cmark saw this table, it still sees it, with as many rows.
            if cmark_rows(&text) == [all.len()] {
                prop_assert_eq!(cmark_rows(&out), [all.len()]);
            }
            for (k, (a, b)) in all.iter().zip(&all2).enumerate() {
                prop_assert_eq!(a.cells.len(), b.cells.len());
                for (i, (x, y)) in a.cells.iter().zip(&b.cells).enumerate() {
                    if (k, i) == (r, col) {
                        prop_assert_eq!(&y.text, &expected);
                    } else {
                        prop_assert_eq!(&x.text, &y.text);
                    }
                }
            }
        }

        #[test]
        fn odd_input_never_panics(s in "[|\\\\ :\\-a中\r\n\t]{0,40}", value in "[|\\\\ a\n]{0,6}") {
            let lines = lines_from(&s, 0);
            if let Some(t) = read(&s, &lines) {
                for row in std::iter::once(&t.header).chain(&t.rows) {
                    for col in 0..row.cells.len() + 1 {
                        if let Some(e) = cell_edit(&s, &t, row, col, &value) {
                            prop_assert!(apply(&s, &[e]).is_ok());
                        }
                    }
                }
            }
            // Odd ranges, too.
            let n = s.len();
            let _ = read(&s, &[(0, n), (n, 0), (n / 2, n)]);
        }
    }
}
