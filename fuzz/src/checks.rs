//! The properties the fuzz targets check, one public function per target.
//!
//! Each function takes the fuzzer's raw bytes and panics when a property fails. The fuzz
//! targets under `fuzz/fuzz_targets/` call them, and `tests/fuzz_regressions.rs` in the main
//! crate includes this very file (`#[path = "../fuzz/src/checks.rs"]`) so every crash input
//! is replayed against the same oracle by a plain `cargo test`. It therefore uses nothing but
//! `todo_md` and `chrono` (both available to the main crate's tests) and never touches the
//! disk: projects are built in memory under a root that does not exist.
//!
//! See docs/fuzzing.md for the input layouts and how to run each target.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use todo_md::TaskFile;
use todo_md::config::Config;
use todo_md::document::{Document, LoadError, Position, Span};
use todo_md::edit::{self, Edit};
use todo_md::lint;
use todo_md::ops::{self, AddOptions, Common, MoveOptions};
use todo_md::ops::{Applied, OpError, blocks, fields};
use todo_md::output::diagnostics::{Sources, full, sarif};
use todo_md::project::{LoadedFile, Project};

/// The in-memory project root. It must not exist: `same()` and `Path::exists` then compare
/// paths as given and nothing is ever read from or written to disk.
pub const ROOT: &str = "/nonexistent/todo-md-fuzz";

/// The path of the main task file of the in-memory project.
pub fn todo_path() -> PathBuf {
    Path::new(ROOT).join("TODO.md")
}

// ---------------------------------------------------------------------------------------------
// Shared checks
// ---------------------------------------------------------------------------------------------

fn span_ok(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} is not inside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} splits a character"
    );
}

fn inside(outer: Span, inner: Span, what: &str) {
    assert!(
        outer.start <= inner.start && inner.end <= outer.end,
        "{what}: span {inner:?} is outside its task {outer:?}"
    );
}

/// Every span of a parsed file is a valid range of its text, on character boundaries; every
/// part of a task lies inside the task (but a table cell's key, which is its column's header,
/// and what the task's row of an index table gives it: fields and references, in the row);
/// tasks come in file order without overlapping; a checkbox mark is `[`, one character, `]`
/// and agrees with `done`: `[x]`/`[X]` done, white space (space, tab, line tabulation, form
/// feed) not done, a custom mark as the built-in table says (`[-]` closed as cancelled, `[/]` not)
/// unless the file may declare its own marks in a legend.
pub fn check_file(file: &TaskFile) {
    let text = file.doc.text();
    let states = todo_md::model::StateMap::default();
    // A legend (`- [(] Wontfix` under a heading named like one) gives a custom mark the state
    // it names, which only the walk knows: in a file that may hold one, only the built-in
    // meanings (`x`, white space) are checked.
    let legend = text.to_ascii_lowercase().contains("legend");
    let mark_ok = |span: Span, done: bool, what: &str| {
        span_ok(text, span, what);
        let m = &text[span.range()];
        let inner = m
            .strip_prefix('[')
            .and_then(|r| r.strip_suffix(']'))
            .filter(|r| r.chars().count() == 1);
        let Some(c) = inner.and_then(|r| r.chars().next()) else {
            panic!("{what}: mark {m:?} at {span:?} is not `[`, one character, `]`");
        };
        let want = match c {
            'x' | 'X' => true,
            ' ' | '\t' | '\u{0b}' | '\u{0c}' => false,
            c if c.is_whitespace() => panic!("{what}: mark {m:?} holds other white space"),
            _ if legend => return,
            c => states.box_state(c).is_closed(),
        };
        assert_eq!(
            done, want,
            "{what}: mark {m:?} at {span:?} does not read as done={done}"
        );
    };
    let mut prev_end = 0;
    for (i, t) in file.tasks.iter().enumerate() {
        let what = format!("task {i} ({:?})", t.title.value);
        span_ok(text, t.span, &what);
        assert!(
            t.span.start >= prev_end,
            "{what}: span {:?} overlaps the previous task (ends at {prev_end})",
            t.span
        );
        prev_end = t.span.end;
        assert!(
            t.section < file.sections.len(),
            "{what}: no section {}",
            t.section
        );
        if let Some(id) = &t.id {
            span_ok(text, id.span, &what);
            inside(t.span, id.span, &format!("{what} id"));
        }
        span_ok(text, t.title.span, &what);
        inside(t.span, t.title.span, &format!("{what} title"));
        if let Some(cb) = t.checkbox {
            mark_ok(cb.mark, cb.done, &format!("{what} checkbox"));
            inside(t.span, cb.mark, &format!("{what} checkbox"));
        }
        // A task joined with the row of an index table has that row's fields too, in the row.
        let row = t.index.as_ref().map(|r| r.span);
        if let Some(r) = row {
            span_ok(text, r, &format!("{what} index row"));
        }
        let in_row = |s: Span| row.is_some_and(|r| r.start <= s.start && s.end <= r.end);
        for f in &t.fields {
            let fw = format!("{what} field {:?}", f.key);
            for s in [f.key_span(), f.value_span(), f.span()] {
                span_ok(text, s, &fw);
                let header = f.style == todo_md::model::FieldStyle::Cell && s == f.key_span();
                if !header && !in_row(s) {
                    inside(t.span, s, &fw);
                }
            }
            for item in &f.items {
                span_ok(text, item.span(), &fw);
                if !in_row(item.span()) {
                    inside(t.span, item.span(), &fw);
                }
            }
        }
        for (n, c) in t.criteria.iter().enumerate() {
            let cw = format!("{what} item {}", n + 1);
            mark_ok(c.mark(), c.done, &cw);
            span_ok(text, c.span(), &cw);
            inside(t.span, c.span(), &cw);
            inside(c.span(), c.mark(), &cw);
        }
        for r in t.dependencies.iter().chain(&t.blocker_refs) {
            span_ok(text, r.span, &what);
            if !in_row(r.span) {
                inside(t.span, r.span, &format!("{what} reference {:?}", r.value));
            }
        }
    }
    for h in &file.headings {
        span_ok(text, h.span, "heading");
    }
    for d in &file.directives {
        span_ok(text, d.span, "directive");
        if let Some(n) = d.next_line {
            span_ok(text, Span::empty(n), "directive next line");
        }
    }
    for s in &file.suspect_checkboxes {
        span_ok(text, s.span, "suspect checkbox");
    }
    if let Some(schema) = &file.schema {
        if let Some(s) = schema.span {
            span_ok(text, s, "schema");
        }
        for f in &schema.fields {
            if let Some(s) = f.span {
                span_ok(text, s, "schema field");
            }
        }
    }
}

/// `doc.position` agrees with a naive count at every character boundary (and at the end):
/// LF, CRLF and a lone CR end a line; columns count characters from 1; a leading BOM is not a
/// column. The middle of a CRLF belongs to no column and is skipped.
pub fn check_positions(doc: &Document) {
    let text = doc.text();
    let bytes = text.as_bytes();
    let (mut line, mut column) = (1, 1);
    for (i, c) in text.char_indices() {
        let mid_crlf = c == '\n' && i > 0 && bytes[i - 1] == b'\r';
        if !mid_crlf {
            assert_eq!(
                doc.position(i),
                Position { line, column },
                "position of offset {i}"
            );
        }
        match c {
            '\n' => (line, column) = (line + 1, 1),
            '\r' if bytes.get(i + 1) == Some(&b'\n') => {}
            '\r' => (line, column) = (line + 1, 1),
            '\u{feff}' if i == 0 => {}
            _ => column += 1,
        }
    }
    assert_eq!(
        doc.position(text.len()),
        Position { line, column },
        "position of the end"
    );
    assert_eq!(doc.lines().len(), line, "number of lines");
}

fn check_load_error(data: &[u8], err: &LoadError) {
    if data.starts_with(&[0xFF, 0xFE]) || data.starts_with(&[0xFE, 0xFF]) {
        assert!(matches!(err, LoadError::Utf16 { .. }), "{err:?}");
    } else if let Some(nul) = data.iter().position(|&b| b == 0) {
        assert!(
            matches!(err, LoadError::Binary { offset, .. } if *offset == nul),
            "{err:?}, NUL at {nul}"
        );
    } else {
        let bad = std::str::from_utf8(data).expect_err("valid UTF-8 was refused");
        let bad = bad.valid_up_to();
        let prefix = &data[..bad];
        // Naive: lines end at LF, CRLF or a lone CR; the column is a 1-based byte column,
        // and a leading BOM is not a column.
        let mut line = 1;
        let mut start = if prefix.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        for (i, &b) in prefix.iter().enumerate() {
            let ends = b == b'\n' || (b == b'\r' && prefix.get(i + 1) != Some(&b'\n'));
            if ends {
                line += 1;
                start = i + 1;
            }
        }
        let column = bad - start + 1;
        assert!(
            matches!(err, LoadError::InvalidUtf8 { line: l, column: c, .. } if (*l, *c) == (line, column)),
            "{err:?}, expected line {line}, byte column {column}"
        );
    }
    let _ = err.to_string();
}

/// A one-file project in memory (plus an archive file when given), as `Project::load` would
/// build it, without touching the disk.
pub fn project(config: Config, text: String, archive: Option<String>) -> Project {
    project_with(config, text, archive, None)
}

/// Like [`project`], each file parsed as `Project::load_related` parses it for a command about
/// `ids` (`TaskFile::parse_related`) when `ids` is given.
pub fn project_with(
    config: Config,
    text: String,
    archive: Option<String>,
    ids: Option<&[&str]>,
) -> Project {
    let states = config.state_map();
    let parse = |doc: Document| match ids {
        Some(ids) => TaskFile::parse_related(doc, &states, ids),
        None => TaskFile::parse_with(doc, &states),
    };
    let root = PathBuf::from(ROOT);
    let archive_path = match &config.archive {
        Some(a) => root.join(a),
        None => root.join("TODOCOMPLETED.md"),
    };
    let mut files = vec![LoadedFile {
        display: "TODO.md".into(),
        file: parse(Document::from_string(todo_path(), text)),
        archive: false,
    }];
    if let Some(a) = archive {
        files.push(LoadedFile {
            display: archive_path
                .strip_prefix(&root)
                .unwrap_or(&archive_path)
                .display()
                .to_string(),
            file: parse(Document::from_string(archive_path, a)),
            archive: true,
        });
    }
    Project {
        root,
        config_path: None,
        config,
        files,
    }
}

fn config(yaml: &str) -> Config {
    Config::parse(Path::new(".todo.yml"), yaml).expect("fuzz config")
}

/// The configs the edit and lint targets choose from.
pub const CONFIGS: [&str; 4] = [
    "",
    "archive: TODOCOMPLETED.md\n",
    "states:\n  SHIPPED: done\n  PARKED: blocked\ndone_status: SHIPPED\nguards:\n  open_criteria: false\n",
    "schema:\n  id: T-###\n  required: [priority, status]\n  values:\n    status: [READY, IN-PROGRESS, BLOCKED]\n    priority: [P0, P1, P2]\n",
];

// ---------------------------------------------------------------------------------------------
// Target `load`
// ---------------------------------------------------------------------------------------------

/// `load`: any bytes. Refusals name the right reason and position; a loaded document keeps the
/// exact bytes, every span of its parse is valid, positions agree with a naive count, and an
/// empty edit gives the bytes back.
pub fn load(data: &[u8]) {
    let doc = match Document::from_bytes(todo_path(), data.to_vec()) {
        Ok(doc) => doc,
        Err(err) => return check_load_error(data, &err),
    };
    assert_eq!(doc.as_bytes(), data, "the document changed the bytes");
    check_positions(&doc);
    let file = TaskFile::parse(doc);
    check_file(&file);
    let text = file.doc.text();
    assert_eq!(
        edit::apply(text, &[]).as_deref(),
        Ok(text),
        "no edit changed the text"
    );
    for t in &file.tasks {
        let _ = file.line(t);
        let _ = file.section(t);
    }
    check_related(&file);
    check_accounting(&file);
}

/// Every task-looking line is classified, and each near miss is a lint finding at its line
/// (`todo_md::lint::audit`): a generated input cannot hide a line either.
pub fn check_accounting(file: &TaskFile) {
    let (_, breaches) = todo_md::lint::audit::audit(file.clone());
    assert!(breaches.is_empty(), "accounting: {breaches:?}");
}

/// `TaskFile::parse_related` (what `show` and the edit commands read) finds each task exactly
/// as the whole parse does: same span, fields, state and section path, the schema too, and
/// every task with the asked ID. Tried for the first, a middle and the last ID, and one that
/// is not there.
pub fn check_related(whole: &TaskFile) {
    let ids: Vec<&str> = whole.tasks.iter().filter_map(|t| t.id()).collect();
    let mut asks: Vec<&str> = Vec::new();
    if let (Some(first), Some(last)) = (ids.first(), ids.last()) {
        asks.extend([*first, ids[ids.len() / 2], *last]);
    }
    asks.push("ZZ-404");
    asks.dedup();
    let strip = |t: &todo_md::Task| todo_md::Task {
        section: 0,
        ..t.clone()
    };
    for id in asks {
        let related =
            TaskFile::parse_related(whole.doc.clone(), &todo_md::StateMap::default(), &[id]);
        check_file(&related);
        for t in &related.tasks {
            let w = whole
                .tasks
                .iter()
                .find(|w| w.span == t.span)
                .unwrap_or_else(|| {
                    panic!(
                        "parse_related({id:?}) found a task the whole parse does not: {:?} at {:?}",
                        t.title.value, t.span
                    )
                });
            assert_eq!(
                strip(t),
                strip(w),
                "parse_related({id:?}) reads a task differently"
            );
            assert_eq!(
                related.section(t),
                whole.section(w),
                "parse_related({id:?}): section of {:?}",
                w.title.value
            );
        }
        for w in whole.tasks.iter().filter(|w| w.id() == Some(id)) {
            assert!(
                related.tasks.iter().any(|t| t.span == w.span),
                "parse_related({id:?}) misses the task at {:?}",
                w.span
            );
        }
        assert_eq!(
            related.schema, whole.schema,
            "parse_related({id:?}): schema"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Target `edit`
// ---------------------------------------------------------------------------------------------

const MOVE_TO: [&str; 11] = [
    "READY",
    "IN-PROGRESS",
    "BLOCKED",
    "DONE",
    "todo",
    "in-progress",
    "blocked",
    "done",
    "TODO",
    "SHIPPED",
    "in review",
];
const PRIORITIES: [&str; 6] = ["P0", "P1", "P2", "P3", "p1", "High"];
const VALUES: [&str; 8] = [
    "ana",
    "José",
    "team 🚀",
    "a: b",
    "**x**",
    "-",
    "None",
    "T-001, T-002",
];
const FIELDS: [&str; 8] = [
    "owner",
    "type",
    "effort",
    "blocker",
    "dependencies",
    "reviewer",
    "status",
    "Due Date",
];

/// What the edit target did, for the locality check.
enum Kind {
    /// The task's bytes change in place.
    InPlace,
    /// Blocks may leave the file (move to another file, archive).
    Remove,
    /// A block is inserted (add).
    Insert,
}

/// Checks that `new` differs from `old` only inside the `allowed` ranges of `old`: the bytes
/// between the (merged) ranges appear in `new` in order, the first piece at the start and the
/// last at the end.
/// The whole lines `span` touches, line ending excluded.
fn line_of(text: &str, span: Span) -> Span {
    let start = text[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[span.end..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| span.end + i);
    Span::new(start, end)
}

pub(crate) fn only_inside(old: &str, new: &str, allowed: &[Span]) -> Result<(), String> {
    let mut spans = allowed.to_vec();
    spans.sort();
    let mut merged: Vec<Span> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(m) if s.start <= m.end => m.end = m.end.max(s.end),
            _ => merged.push(s),
        }
    }
    let (Some(a), Some(z)) = (merged.first(), merged.last()) else {
        return if old == new {
            Ok(())
        } else {
            Err("the text changed with no range allowed to".into())
        };
    };
    let (first, last) = (&old[..a.start], &old[z.end..]);
    if !new.starts_with(first) {
        return Err(format!(
            "the bytes before the first edited range changed: {first:?}"
        ));
    }
    if new.len() < first.len() + last.len() || !new.ends_with(last) {
        return Err(format!(
            "the bytes after the last edited range changed: {last:?}"
        ));
    }
    let (mut pos, end) = (first.len(), new.len() - last.len());
    for w in merged.windows(2) {
        let piece = &old[w[0].end..w[1].start];
        match new[pos..end].find(piece) {
            Some(i) => pos += i + piece.len(),
            None => return Err(format!("the bytes {piece:?} between edited ranges changed")),
        }
    }
    Ok(())
}

/// The block of a task to be removed, widened over the white space on either side (the blank
/// line `remove_block` may take with it).
fn widened(text: &str, span: Span) -> Span {
    let start = text[..span.start].trim_end().len();
    let end = text.len() - text[span.end..].trim_start().len();
    // trim_end may stop inside a multi-byte character only at its end: always a boundary.
    Span::new(start, end)
}

/// `new` is `old` with one insertion; returns the window of possible insertion points.
fn one_insertion(old: &str, new: &str) -> Result<(usize, usize), String> {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    if n.len() < o.len() {
        return Err("the text got shorter".into());
    }
    let (pre, suf) = common_ends(o, n);
    if pre + suf < o.len() {
        return Err(format!(
            "not one insertion: common prefix {pre} + suffix {suf} < {} bytes",
            o.len()
        ));
    }
    Ok((o.len() - suf.min(o.len()), pre.min(o.len())))
}

/// `edit`: bytes 0..4 choose the operation, the task, an argument and flags; the rest is the
/// file. Every command either refuses (an `OpError`; nothing to write) or its verified result
/// reparses with valid spans and changes only what the command may change.
pub fn edit(data: &[u8]) {
    let [op, pick, arg, flags, rest @ ..] = data else {
        return;
    };
    let Ok(doc) = Document::from_bytes(todo_path(), rest.to_vec()) else {
        return;
    };
    let text = doc.text().to_string();
    let cfg = config(CONFIGS[usize::from(flags >> 2) % CONFIGS.len()]);
    let archive_file = (flags & 0x10 != 0)
        .then(|| "# Completed tasks\n\n### X-1: Old work\nStatus: DONE\n".to_string());
    let common = Common {
        today: (flags & 0x02 != 0).then(|| chrono::NaiveDate::from_ymd_opt(2026, 2, 3).unwrap()),
        force: flags & 0x01 != 0,
    };
    let project = project(cfg, text.clone(), archive_file);
    let main = &project.files[0].file;
    let ids: Vec<&str> = main.tasks.iter().filter_map(|t| t.id()).collect();
    let id = if ids.is_empty() {
        "T-1".to_string()
    } else {
        ids[usize::from(*pick) % ids.len()].to_string()
    };
    let arg = usize::from(*arg);
    let root = PathBuf::from(ROOT);
    let run = |project: &Project| -> (Kind, Result<Applied, OpError>) {
        match op % 12 {
            0 | 1 => {
                let opts = MoveOptions {
                    to: None,
                    clear_blocker: flags & 0x20 != 0,
                };
                let r = ops::move_to(project, &id, MOVE_TO[arg % MOVE_TO.len()], &opts, common);
                (Kind::Remove, r.and_then(|(plan, _)| plan.apply(project)))
            }
            2 => {
                let file = ["BACKLOG.md", "TODOCOMPLETED.md", "TODO.md"][arg % 3];
                let section = ["Later", "Done", ""][(arg / 3) % 3];
                let opts = MoveOptions {
                    to: Some((
                        root.join(file),
                        (!section.is_empty()).then(|| section.to_string()),
                    )),
                    clear_blocker: flags & 0x20 != 0,
                };
                let r = ops::move_to(
                    project,
                    &id,
                    MOVE_TO[(arg / 9) % MOVE_TO.len()],
                    &opts,
                    common,
                );
                (Kind::Remove, r.and_then(|(plan, _)| plan.apply(project)))
            }
            3 => {
                let pairs = [(
                    "priority".to_string(),
                    PRIORITIES[arg % PRIORITIES.len()].to_string(),
                )];
                let r = ops::set(project, &id, &pairs, common);
                (Kind::InPlace, r.and_then(|plan| plan.apply(project)))
            }
            4 | 5 => {
                let key = FIELDS[arg % FIELDS.len()];
                let value = VALUES[(arg / FIELDS.len()) % VALUES.len()];
                let mut pairs = vec![(key.to_string(), value.to_string())];
                if op % 12 == 5 {
                    pairs.push(("priority".into(), PRIORITIES[arg % PRIORITIES.len()].into()));
                }
                let r = ops::set(project, &id, &pairs, common);
                (Kind::InPlace, r.and_then(|plan| plan.apply(project)))
            }
            6 | 7 => {
                let which = (arg % 9).to_string();
                let r = ops::check(project, &id, &which, op % 12 == 6, common);
                (Kind::InPlace, r.and_then(|plan| plan.apply(project)))
            }
            8 => {
                // By text: a word of one of the task's items, or a fixed word.
                let word = main
                    .find(&id)
                    .and_then(|t| t.criteria.get(arg % 4))
                    .and_then(|c| c.text.split_whitespace().next().map(str::to_string))
                    .unwrap_or_else(|| "tests".into());
                let r = ops::check(project, &id, &word, arg & 1 == 0, common);
                (Kind::InPlace, r.and_then(|plan| plan.apply(project)))
            }
            9 => (
                Kind::Remove,
                ops::archive(project, common).and_then(|plan| plan.apply(project)),
            ),
            _ => {
                let section = main
                    .headings
                    .iter()
                    .filter(|h| !h.task)
                    .nth(arg % 4)
                    .map(|h| main.heading_text(h).to_string());
                let opts = AddOptions {
                    priority: (arg & 0x10 != 0)
                        .then(|| PRIORITIES[arg % PRIORITIES.len()].to_string()),
                    status: (arg & 0x20 != 0).then(|| MOVE_TO[arg % MOVE_TO.len()].to_string()),
                    section: section.filter(|_| arg & 0x40 != 0),
                    file: None,
                    taken: Vec::new(),
                    elsewhere: Vec::new(),
                };
                let title = ["New task ✓", "Fix: the `parser`", "- [ ] odd", "Ünïcødé 🚀"][arg % 4];
                (
                    Kind::Insert,
                    ops::add(project, title, &opts, common).and_then(|plan| plan.apply(project)),
                )
            }
        }
    };
    let (kind, result) = run(&project);
    // `move` (without `--to`), `set` and `check` first plan on the files parsed for the one
    // task (`Project::load_related`) and decide any refusal again on the whole project; what
    // they write must be what the whole project gives.
    if matches!(op % 12, 0 | 1 | 3..=8) {
        let related = project_with(
            config(CONFIGS[usize::from(flags >> 2) % CONFIGS.len()]),
            text.clone(),
            project.files.get(1).map(|f| f.file.doc.text().to_string()),
            Some(&[id.as_str()]),
        );
        match (run(&related).1, &result) {
            // Any refusal on the partial project is decided again on the whole one.
            (Err(_), _) => {}
            (Ok(r), Ok(w)) => {
                assert_eq!(r.files, w.files, "the windowed path writes other bytes");
                assert_eq!(
                    r.new_files, w.new_files,
                    "the windowed path creates other files"
                );
            }
            (Ok(r), Err(e)) => panic!(
                "the windowed path writes what the whole project refuses ({e}): {:?}",
                r.files
            ),
        }
    }
    let applied = match result {
        Ok(applied) => applied,
        Err(e) => {
            // Refused: nothing is returned to write. The message renders.
            let _ = e.to_string();
            return;
        }
    };
    for c in &applied.changes {
        let _ = c.to_string();
    }
    let states = project.config.state_map();
    for (fi, old, new) in &applied.files {
        assert_eq!(
            old,
            project.files[*fi].file.doc.text(),
            "old text of file {fi}"
        );
        let reparsed = TaskFile::parse_with(Document::from_string("TODO.md", new.clone()), &states);
        check_file(&reparsed);
    }
    for (_, _, new) in &applied.new_files {
        check_file(&TaskFile::parse_with(
            Document::from_string("NEW.md", new.clone()),
            &states,
        ));
    }
    // Locality in the main file.
    let Some((_, _, new)) = applied.files.iter().find(|(fi, _, _)| *fi == 0) else {
        return;
    };
    if matches!(op % 12, 4 | 5) {
        read_back(
            &id,
            FIELDS[arg % FIELDS.len()],
            VALUES[(arg / FIELDS.len()) % VALUES.len()],
            new,
            &states,
        );
    }
    let touch: Option<Edit> = common.today.and_then(|d| fields::touch_date(main, d));
    let mut allowed: Vec<Span> = touch.iter().map(|e| e.span).collect();
    match kind {
        Kind::InPlace => {
            let task = main.find(&id).or_else(|| {
                main.tasks
                    .iter()
                    .find(|t| t.id().is_some_and(|x| x.eq_ignore_ascii_case(&id)))
            });
            let task = task.expect("an applied edit names an existing task");
            allowed.push(blocks::block_span(main, task));
            // Fields outside the block: the cells of the task's index row (a cell is padded
            // again when its value changes, so its whole line), its own fields or copies of
            // them in the row.
            allowed.extend(task.fields.iter().map(|f| line_of(&text, f.span())));
            allowed.extend(task.index.iter().map(|row| line_of(&text, row.span)));
        }
        Kind::Remove => {
            // The moved task, or every done task for `archive`, with adjacent blank lines.
            for t in &main.tasks {
                let moved = if op % 12 == 9 {
                    t.state.is_closed()
                } else {
                    t.id().is_some_and(|x| x.eq_ignore_ascii_case(&id))
                };
                if moved {
                    allowed.push(widened(&text, blocks::block_span(main, t)));
                    // A move in place may write the status in the task's index row.
                    allowed.extend(t.fields.iter().map(|f| line_of(&text, f.span())));
                    allowed.extend(t.index.iter().map(|row| line_of(&text, row.span)));
                }
            }
        }
        Kind::Insert => {
            let base = match &touch {
                Some(e) => edit::apply(&text, std::slice::from_ref(e)).expect("touch edit"),
                None => text.clone(),
            };
            let (lo, hi) = one_insertion(&base, new).unwrap_or_else(|e| {
                panic!("add: {e}\n--- before ---\n{base:?}\n--- after ---\n{new:?}")
            });
            let before =
                TaskFile::parse_with(Document::from_string("TODO.md", base.clone()), &states);
            let ok = (lo..=hi).any(|p| {
                base.is_char_boundary(p)
                    && before
                        .tasks
                        .iter()
                        .all(|t| !(t.span.start < p && p < t.span.end))
            });
            assert!(
                ok,
                "add inserted inside another task (window {lo}..={hi})\n--- before ---\n{base:?}\n--- after ---\n{new:?}"
            );
            return;
        }
    }
    if let Err(e) = only_inside(&text, new, &allowed) {
        // A kanban card whose lane is its status leaves its place for the end of its new lane,
        // and so does a card moved `--to` a lane of its own board (op 2, file `TODO.md`).
        let lane_move = main.lanes && (matches!(op % 12, 0 | 1) || op % 12 == 2 && arg % 3 == 2);
        let moved = lane_move.then(|| moved_card(&text, new, &id, touch.as_ref(), &states));
        if let Some(Ok(())) = moved {
            return;
        }
        let card = moved.and_then(Result::err).unwrap_or_default();
        panic!("{e}{card}\nallowed {allowed:?}\n--- before ---\n{text:?}\n--- after ---\n{new:?}");
    }
}

/// How many elements `a` and `b` share at their start and at their end (each count on its
/// own, so the two may overlap).
fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (start, end)
}

/// A kanban card moved to another lane of its file: the file's other lines are the same and
/// in the same order (blank lines aside), and the card's lines, as many as before, sit
/// together between two of them.
fn moved_card(
    old: &str,
    new: &str,
    id: &str,
    touch: Option<&Edit>,
    states: &todo_md::model::StateMap,
) -> Result<(), String> {
    let base = match touch {
        Some(e) => edit::apply(old, std::slice::from_ref(e)).expect("touch edit"),
        None => old.to_string(),
    };
    let file = TaskFile::parse_with(Document::from_string("TODO.md", base.clone()), states);
    let Some(task) = file.find(id) else {
        return Err(format!("\nno card {id} before the move"));
    };
    let block = blocks::block_span(&file, task);
    // Lines end at LF, CR LF or a lone CR, as in Markdown.
    let lines = |s: &str| -> Vec<String> {
        s.split(['\n', '\r'])
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect()
    };
    let card = lines(&base[block.range()]);
    let mut rest = lines(&base[..block.start]);
    rest.extend(lines(&base[block.end..]));
    let after = lines(new);
    if after.len() != rest.len() + card.len() {
        return Err(format!(
            "\nlane move: {} lines, not {} others and the card's {}",
            after.len(),
            rest.len(),
            card.len()
        ));
    }
    let (prefix, suffix) = common_ends(&rest, &after);
    if rest.len().saturating_sub(suffix) <= prefix {
        Ok(())
    } else {
        Err(format!(
            "\nlane move: other lines changed (first {prefix}, last {suffix} of {} kept)",
            rest.len()
        ))
    }
}

/// A field `set` wrote reads back with the value given, from the whole file parsed again:
/// an inserted line joins no text after it, a replaced value keeps no old text.
fn read_back(id: &str, key: &str, value: &str, new: &str, states: &todo_md::model::StateMap) {
    // Values the reader takes as a list or a status of its own are checked elsewhere.
    if matches!(key, "dependencies" | "status") {
        return;
    }
    let file = TaskFile::parse_with(Document::from_string("TODO.md", new.to_string()), states);
    let task = file
        .tasks
        .iter()
        .find(|t| t.id().is_some_and(|x| x.eq_ignore_ascii_case(id)));
    let Some(task) = task else {
        panic!("set lost task {id}\n--- after ---\n{new:?}");
    };
    // A list of one item (YAML `assignee:` then `- ana`) takes the value as that item.
    let got = task.field_named(key).map(|f| match f.items.as_slice() {
        [only] if f.value.is_empty() => only.text(file.doc.text()),
        _ => f.value.as_str(),
    });
    assert_eq!(
        got,
        Some(value),
        "set {id} {key} {value:?} reads back otherwise\n--- after ---\n{new:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Target `lint_fix`
// ---------------------------------------------------------------------------------------------

/// `lint_fix`: byte 0 chooses unsafe fixes (bit 0) and a config (bits 1–2); the rest is the
/// file. Diagnostics carry valid spans and render; `lint --fix` applied to its own output
/// changes nothing, and its output reparses with valid spans.
pub fn lint_fix(data: &[u8]) {
    let [flags, rest @ ..] = data else {
        return;
    };
    let Ok(doc) = Document::from_bytes(todo_path(), rest.to_vec()) else {
        return;
    };
    let unsafe_fixes = flags & 1 != 0;
    let yaml = CONFIGS[usize::from(flags >> 1) % CONFIGS.len()];
    let text = doc.text().to_string();
    let mut p = project(config(yaml), text.clone(), None);
    let report = lint::run(&p);
    for d in &report.diagnostics {
        let t = p.files[d.primary.file_index].file.doc.text();
        span_ok(t, d.primary.span, d.rule);
        for s in &d.secondary {
            span_ok(p.files[s.file_index].file.doc.text(), s.span, d.rule);
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                span_ok(t, e.span, d.rule);
            }
        }
    }
    let sources = Sources::new(
        p.files
            .iter()
            .map(|f| (f.display.as_str(), f.file.doc.text()))
            .collect(),
    );
    let _ = full::render(&report, &sources, false);
    let _ = sarif::render(&report, &sources, "0.0.0");
    drop(sources);
    lint::fix(&mut p, unsafe_fixes);
    let once = p.files[0].file.doc.text().to_string();
    check_file(&p.files[0].file);
    let mut q = project(config(yaml), once.clone(), None);
    let again = lint::fix(&mut q, unsafe_fixes);
    let twice = q.files[0].file.doc.text();
    assert!(
        once == twice,
        "lint --fix is not idempotent ({} more fixes)\n--- input ---\n{text:?}\n--- once ---\n{once:?}\n--- twice ---\n{twice:?}",
        again.applied
    );
}

// ---------------------------------------------------------------------------------------------
// Target `config`
// ---------------------------------------------------------------------------------------------

/// A small task file in several styles, linted and edited under each fuzzed config.
pub const CONFIG_TODO: &str = "# Tasks\n\n## Task schema (required)\n- **Priority**: `P0 | P1 | P2`\n\n## P1 — Next\n\n### T-001: Parser\nPriority: P1\nStatus: READY\nDependencies: T-002\nAcceptance Criteria:\n- [x] tests\n\n### T-002: Writer\nStatus: SHIPPED\nBlocker: None\n\n- [ ] API-3.1 Checkbox task\n";

/// `config`: any bytes as `.todo.yml`. Parsing refuses or succeeds without panicking; an
/// accepted config's state map and schema build, and a project under it lints, finds the next
/// ID and runs a move and an add.
pub fn config_target(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cfg = match Config::parse(Path::new(".todo.yml"), text) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let states = cfg.state_map();
    let _ = states.state_of("SHIPPED");
    let _ = cfg.schema();
    let p = project(cfg, CONFIG_TODO.to_string(), None);
    check_file(&p.files[0].file);
    let _ = lint::run(&p);
    let _ = ops::next_id(&p, 0, &[], &[]);
    let common = Common {
        today: None,
        force: false,
    };
    for target in ["done", "SHIPPED", "blocked"] {
        if let Ok((plan, _)) = ops::move_to(&p, "T-001", target, &MoveOptions::default(), common) {
            let _ = plan.apply(&p);
        }
    }
    let opts = AddOptions {
        priority: Some("P1".into()),
        ..AddOptions::default()
    };
    if let Ok(plan) = ops::add(&p, "Another", &opts, common) {
        let _ = plan.apply(&p);
    }
}
