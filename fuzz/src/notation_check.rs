//! The oracles of the fuzz targets `todo_txt` and `front_matter`: the two notations whose
//! edits are token-sized (a todo.txt token, a YAML front-matter scalar).
//!
//! Each function takes the fuzzer's raw bytes and panics when a property fails. The targets
//! under `fuzz/fuzz_targets/` call them, and `tests/notation_fuzz_replay.rs` includes this
//! file (with `checks.rs`, whose span checks it uses) so the seeds and every saved finding
//! replay in a plain `cargo test`. Projects are built in memory under `checks::ROOT`, which
//! does not exist, so nothing is read from or written to disk.
//!
//! See docs/fuzzing.md for the input layouts.

#![allow(dead_code)]

use std::path::Path;

use todo_md::config::Config;
use todo_md::document::{Document, Span};
use todo_md::edit;
use todo_md::model::{FieldStyle, TaskStyle};
use todo_md::ops::{self, Applied, Common, MoveOptions, OpError};
use todo_md::project::{LoadedFile, Project};
use todo_md::{State, Task, TaskFile};

use super::checks::{ROOT, check_file};

/// A one-file project in memory: `text` as the file `rel` under [`ROOT`], read in the notation
/// its name selects, as `Project::load` would read it.
pub fn one_file(rel: &str, text: String) -> Project {
    let config = Config::parse(Path::new(".todo.yml"), "").expect("the empty config");
    let states = config.state_map();
    let doc = Document::from_string(Path::new(ROOT).join(rel), text);
    Project {
        root: ROOT.into(),
        config_path: None,
        config,
        files: vec![LoadedFile {
            display: rel.to_string(),
            file: TaskFile::parse_with(doc, &states),
            archive: false,
        }],
    }
}

/// Loads `data` as the file `rel`; `None` when the bytes are refused (not UTF-8, NUL, UTF-16).
/// Checks what holds for any file: the exact bytes are kept, every span is valid and on
/// character boundaries, and applying no edit gives the text back.
fn load(rel: &str, data: &[u8]) -> Option<Project> {
    let doc = Document::from_bytes(Path::new(ROOT).join(rel), data.to_vec()).ok()?;
    assert_eq!(doc.as_bytes(), data, "the document changed the bytes");
    let text = doc.text().to_string();
    let p = one_file(rel, text.clone());
    check_file(&p.files[0].file);
    assert_eq!(
        edit::apply(&text, &[]).as_deref(),
        Ok(text.as_str()),
        "no edit changed the text"
    );
    Some(p)
}

/// The bytes that differ between `old` and `new`: the range of `old` outside the common
/// prefix and suffix, and what stands there in `new`.
fn changed<'a>(old: &str, new: &'a str) -> (Span, &'a str) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let pre = o.iter().zip(n).take_while(|(a, b)| a == b).count();
    let room = o.len().min(n.len()) - pre;
    let suf = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take_while(|(a, b)| a == b)
        .count()
        .min(room);
    // The middle of `new` need not start on a character boundary when a multi-byte character
    // changed in part; widen to the boundaries around it.
    let mut start = pre;
    while !new.is_char_boundary(start) || !old.is_char_boundary(start) {
        start -= 1;
    }
    let (mut old_end, mut new_end) = (o.len() - suf, n.len() - suf);
    while !new.is_char_boundary(new_end) || !old.is_char_boundary(old_end) {
        old_end += 1;
        new_end += 1;
    }
    (Span::new(start, old_end), &new[start..new_end])
}

/// The one changed file of a verified result, reparsed as `rel`: (old text, new text, parse);
/// `None` when the edit changed nothing (the value was already so). A one-token edit creates
/// no file and changes only the file it was asked about.
fn result(rel: &str, p: &Project, applied: &Applied) -> Option<(String, String, TaskFile)> {
    for c in &applied.changes {
        let _ = c.to_string();
    }
    assert!(
        applied.new_files.is_empty(),
        "a token edit created files: {:?}",
        applied.new_files
    );
    if applied.files.is_empty() {
        return None;
    }
    assert_eq!(applied.files.len(), 1, "a token edit changed other files");
    let (fi, old, new) = &applied.files[0];
    assert_eq!(*fi, 0);
    assert_eq!(old, p.files[0].file.doc.text(), "old text");
    let reparsed = one_file(rel, new.clone()).files.remove(0).file;
    check_file(&reparsed);
    Some((old.clone(), new.clone(), reparsed))
}

/// `span` of `text` with its line ending, if any.
fn with_line_end(text: &str, span: Span) -> Span {
    let rest = &text[span.end..];
    let n = if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    };
    Span::new(span.start, span.end + n)
}

/// The span of the line holding `at`, line ending excluded.
fn line_of(text: &str, at: usize) -> Span {
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
    Span::new(start, end)
}

/// `new` is `old` with at most the bytes of `span` replaced: everything before and after it
/// is kept. (An insertion next to bytes it repeats has no single place; this asks only that
/// one place inside `span` explains it.)
fn only_within(old: &str, new: &str, span: Span) -> bool {
    let (before, after) = (&old[..span.start], &old[span.end..]);
    before.len() + after.len() <= new.len()
        && new.as_bytes().starts_with(before.as_bytes())
        && new.as_bytes().ends_with(after.as_bytes())
}

/// What the reparsed task must show after the edit.
enum Expect {
    Done,
    Open,
    /// The field `key` reads as this value.
    Value(String, String),
    /// Item 1 of the checklist is ticked.
    Ticked,
}

fn reparsed_task<'a>(file: &'a TaskFile, id: &str) -> &'a Task {
    file.find(id)
        .unwrap_or_else(|| panic!("the edited task {id:?} is gone:\n{:?}", file.doc.text()))
}

fn expect(task: &Task, want: &Expect, new: &str) {
    match want {
        Expect::Done => assert_eq!(task.state, State::Done, "not done after done:\n{new:?}"),
        Expect::Open => assert_ne!(task.state, State::Done, "still done after reopen:\n{new:?}"),
        Expect::Value(key, value) => {
            let f = task
                .field_named(key)
                .unwrap_or_else(|| panic!("no `{key}` after setting it:\n{new:?}"));
            assert_eq!(
                &f.text(new),
                value,
                "`{key}` reads back otherwise:\n{new:?}"
            );
        }
        Expect::Ticked => {
            let c = task.criteria.first().expect("the ticked item is gone");
            assert!(c.done, "item 1 not ticked:\n{new:?}");
        }
    }
}

const TODAY: Common = Common {
    today: None,
    force: false,
};

// ---------------------------------------------------------------------------------------------
// Target `todo_txt`
// ---------------------------------------------------------------------------------------------

const LETTERS: [&str; 8] = ["A", "c", "Z", "P1", "", "(B)", "é", "b "];
const DATES: [&str; 6] = [
    "2026-03-01",
    "2026-13-01",
    "next week",
    "2026-3-1",
    "x",
    "2027-01-01",
];
const WORDS: [&str; 8] = [
    "home",
    "José",
    "a:b",
    "+nested",
    "two words",
    "🚀",
    "x",
    "id:7",
];
const NEW_KEYS: [&str; 6] = ["owner", "t", "rec", "due", "project", "context"];

/// `todo_txt`: byte 0 chooses the edit, byte 1 the task (by index) and the value; the rest
/// is `todo.txt`. The file loads with valid spans and round-trips; each edit (through the
/// real `ops` command and `Plan::apply`, in memory) is refused, or changes bytes only within
/// the task's line — only its token's bytes when the field is there — and the line reparses
/// to what was asked.
pub fn todo_txt(data: &[u8]) {
    let [op, arg, rest @ ..] = data else {
        return;
    };
    let rel = "todo.txt";
    let Some(p) = load(rel, rest) else {
        return;
    };
    let file = &p.files[0].file;
    let _ = todo_md::lint::run(&p);
    if file.tasks.is_empty() {
        return;
    }
    let arg = usize::from(*arg);
    let task = &file.tasks[arg % file.tasks.len()];
    let Some(id) = task.id() else {
        return;
    };
    let set = |key: &'static str, value: &str| {
        let pairs = [(key.to_string(), value.to_string())];
        let want = Expect::Value(key.into(), value.trim().to_string());
        (Some(key), want, ops::set(&p, id, &pairs, TODAY))
    };
    let moved = |to: &str, want| {
        let r = ops::move_to(&p, id, to, &MoveOptions::default(), TODAY).map(|(plan, _)| plan);
        (None, want, r)
    };
    let (key, want, plan) = match op % 7 {
        0 => moved(["done", "DONE", "x"][arg % 3], Expect::Done),
        1 => moved(["todo", "open"][arg % 2], Expect::Open),
        2 => {
            let given = LETTERS[arg % LETTERS.len()];
            let (k, want, r) = set("priority", given);
            // The line's `(A)` and a done line's `pri:A` hold a letter, written upper-case;
            // any other token the file maps to priority (`prio:high`) keeps its value as given.
            let letter = task
                .field_named("priority")
                .is_none_or(|f| f.key == "priority" || f.key.eq_ignore_ascii_case("pri"));
            let want = if letter {
                Expect::Value("priority".into(), given.trim().to_uppercase())
            } else {
                want
            };
            (k, want, r)
        }
        3 => set("due", DATES[arg % DATES.len()]),
        4 => set("project", WORDS[arg % WORDS.len()]),
        5 => set("context", WORDS[arg % WORDS.len()]),
        _ => set(
            NEW_KEYS[arg % NEW_KEYS.len()],
            WORDS[(arg / NEW_KEYS.len()) % WORDS.len()],
        ),
    };
    let applied = match plan.and_then(|plan| plan.apply(&p)) {
        Ok(a) => a,
        Err(e) => return refused(&e),
    };
    let Some((old, new, reparsed)) = result(rel, &p, &applied) else {
        return;
    };
    let (window, _) = changed(&old, &new);
    // Only the task's own line changes (its line ending stays).
    let line = line_of(&old, task.span.start);
    assert!(
        only_within(&old, &new, line),
        "a todo.txt edit changed bytes {window:?} outside its line {line:?}\n--- before ---\n{old:?}\n--- after ---\n{new:?}"
    );
    // An existing token changes only its value.
    if let Some(f) = key.and_then(|k| task.field_named(k))
        && f.items.is_empty()
        && !f.value_span().is_empty()
    {
        assert!(
            only_within(&old, &new, f.value_span()),
            "`{}` changed bytes {window:?} outside its value {:?}\n--- before ---\n{old:?}\n--- after ---\n{new:?}",
            f.key,
            f.value_span()
        );
    }
    assert_eq!(
        reparsed.tasks.len(),
        file.tasks.len(),
        "a one-line edit changed the number of tasks\n--- before ---\n{old:?}\n--- after ---\n{new:?}"
    );
    expect(reparsed_task(&reparsed, id), &want, &new);
}

fn refused(e: &OpError) {
    let _ = e.to_string();
}

// ---------------------------------------------------------------------------------------------
// Target `front_matter`
// ---------------------------------------------------------------------------------------------

const PATHS: [&str; 2] = ["backlog/tasks/task-1 - X.md", "tasks/T-1.md"];
const STATUSES: [&str; 6] = ["In Progress", "Done", "To Do", "blocked", "done", "todo"];
const SCALARS: [&str; 10] = [
    "high",
    "chore: outdoor",
    "'quoted'",
    "José",
    "#hash",
    "- dash",
    "yes",
    "a \"b\" c",
    "@ana",
    "null",
];
const NEW_FM_KEYS: [&str; 5] = ["type", "effort", "milestone", "owner", "notes"];
const LISTS: [&str; 3] = ["labels", "dependencies", "assignee"];

/// `front_matter`: byte 0 chooses the path (bit 0: a Backlog.md task file or `tasks/T-1.md`)
/// and the edit (the other bits); byte 1 the field and the value; the rest is the file. The
/// file loads with valid spans and round-trips; an edit (through the real `ops` command and
/// `Plan::apply`, in memory) is refused, or changes only the edited value's bytes (a new key:
/// one inserted line) and reparses to the value. A block scalar (`>-`, `|`) is never edited.
pub fn front_matter(data: &[u8]) {
    let [sel, arg, rest @ ..] = data else {
        return;
    };
    let rel = PATHS[usize::from(sel & 1)];
    let Some(p) = load(rel, rest) else {
        return;
    };
    let file = &p.files[0].file;
    let _ = todo_md::lint::run(&p);
    let Some(task) = file.tasks.iter().find(|t| t.id().is_some()) else {
        return;
    };
    let id = task.id().expect("an ID");
    let arg = usize::from(*arg);
    let scalar = SCALARS[(arg / 8) % SCALARS.len()];
    let fm: Vec<&todo_md::model::Field> = task
        .fields
        .iter()
        .filter(|f| {
            matches!(
                f.style,
                FieldStyle::FrontMatter | FieldStyle::FrontMatterComplex
            )
        })
        .collect();
    let set = |key: &str, value: &str| {
        let pairs = [(key.to_string(), value.to_string())];
        ops::set(&p, id, &pairs, TODAY)
    };
    let (key, want, plan): (Option<String>, Option<Expect>, _) = match (sel >> 1) % 6 {
        0 => {
            let to = STATUSES[arg % STATUSES.len()];
            let r = ops::move_to(&p, id, to, &MoveOptions::default(), TODAY).map(|(plan, _)| plan);
            let want = match to {
                "Done" | "done" => Some(Expect::Done),
                "To Do" | "todo" | "In Progress" => Some(Expect::Open),
                _ => None,
            };
            (None, want, r)
        }
        1 | 2 if !fm.is_empty() => {
            // A field the front matter has, block scalars and lists included.
            let f = fm[arg % fm.len()];
            let want = Expect::Value(f.key.to_string(), scalar.trim().to_string());
            (Some(f.key.to_string()), Some(want), set(&f.key, scalar))
        }
        3 => {
            let key = LISTS[arg % LISTS.len()];
            (Some(key.into()), None, set(key, scalar))
        }
        4 => (
            None,
            Some(Expect::Ticked),
            ops::check(&p, id, "1", true, TODAY),
        ),
        _ => {
            let key = NEW_FM_KEYS[arg % NEW_FM_KEYS.len()];
            let want = Expect::Value(key.into(), scalar.trim().to_string());
            (Some(key.into()), Some(want), set(key, scalar))
        }
    };
    let old_field = key.as_deref().and_then(|k| task.field_named(k));
    let applied = match plan.and_then(|plan| plan.apply(&p)) {
        Ok(a) => a,
        Err(e) => return refused(&e),
    };
    // A task that is not the file itself (a bullet or heading task under `tasks/`) moves to
    // the archive on done when the file's schema has no done status: a block move, which the
    // `edit` target checks.
    if task.style != TaskStyle::File && !applied.new_files.is_empty() {
        return;
    }
    if let Some(f) = old_field {
        assert!(
            f.style != FieldStyle::FrontMatterComplex,
            "the complex value of `{}` was edited",
            f.key
        );
    }
    let Some((old, new, reparsed)) = result(rel, &p, &applied) else {
        return;
    };
    let (window, inserted) = changed(&old, &new);
    let show = format!("--- before ---\n{old:?}\n--- after ---\n{new:?}");
    match (&key, old_field) {
        (Some(_), Some(f)) if f.style == FieldStyle::FrontMatter => {
            // The value's bytes only (a list: its items' lines; an empty flow list, `[]`,
            // which takes a value as its one item: its line).
            let empty_flow = f.items.is_empty()
                && f.value.is_empty()
                && old[f.key_span().end..f.span().end].contains('[');
            let room = if f.items.is_empty() && !empty_flow {
                f.value_span()
            } else {
                f.span()
            };
            assert!(
                only_within(&old, &new, room),
                "`{}` changed bytes {window:?} outside its value {room:?}\n{show}",
                f.key
            );
        }
        (Some(k), None) => {
            // A new key: one whole line inserted (with a blank line after it when body text
            // follows a title), and nothing else.
            assert!(
                window.is_empty(),
                "a new `{k}` replaced bytes {window:?}\n{show}"
            );
            // The insertion may slide over bytes it shares with its neighbours, so count
            // line endings rather than look for one at the end.
            let flat = inserted.replace("\r\n", "\n").replace('\r', "\n");
            let breaks = flat.matches('\n').count();
            let gap = flat.contains("\n\n") || flat.starts_with('\n');
            assert!(
                breaks <= 1 || (breaks == 2 && gap),
                "a new `{k}` is more than one line: {inserted:?}\n{show}"
            );
        }
        _ => {
            // A status or a tick: inside the task, or in the row of an index table the task is
            // joined with, whose status cell the move writes too.
            let task_span = with_line_end(&old, task.span);
            let mut room = vec![task_span];
            room.extend(task.index.iter().map(|r| with_line_end(&old, r.span)));
            assert!(
                super::checks::only_inside(&old, &new, &room).is_ok(),
                "bytes {window:?} outside the task {task_span:?} changed\n{show}"
            );
        }
    }
    if let Some(want) = want {
        expect(reparsed_task(&reparsed, id), &want, &new);
    }
}
