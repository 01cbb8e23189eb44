//! todo.txt: one task per line, in the format of todo.txt's own CLI
//! (<https://github.com/todotxt/todo.txt>):
//!
//! ```text
//! (A) 2026-01-03 Call the bank +finance @phone due:2026-02-01
//! x 2026-01-05 2026-01-02 Renew the passport +admin
//! ```
//!
//! A file is read in this notation by its name alone: `todo.txt`, `done.txt` (both read at
//! the repository root by default) or any `*.todo.txt`. The line's priority `(A)`–`(Z)`, its
//! creation and completion dates, every `+project`, `@context` and `key:value` token are
//! fields; a line starting `x ` is done. The title is the description without the run of
//! tokens that ends the line. The ID is the `id:` token, else (in a file other than
//! `done.txt`) the line number, as todo.txt's CLI numbers tasks.
//!
//! Every edit changes only its token. Done writes `x <today> ` at the start of the line and
//! drops the priority, as todo.txt's CLI does; reopening removes `x <date> `. This file must
//! not read Markdown: the block scan of a todo.txt file is ignored.

use std::path::Path;

use crate::document::Span;
use crate::edit::Edit;
use crate::model::tokens::{self, WordKind};
use crate::model::{Field, FieldKey, FieldStyle, Located, State, Task, TaskStyle, canonical_key};
use crate::parse::TaskFile;

use super::{FileInput, Notation};

/// The todo.txt notation in the registry.
pub(super) struct TodoTxt;

impl Notation for TodoTxt {
    fn name(&self) -> &'static str {
        "todo.txt"
    }

    fn default_names(&self) -> &'static [&'static str] {
        &["todo.txt", "done.txt"]
    }

    fn whole_file(&self, path: &Path) -> bool {
        is_todo_txt(path)
    }

    fn read_file(&self, input: &FileInput) -> Option<Vec<Task>> {
        if !is_todo_txt(input.doc.path()) {
            return None;
        }
        let text = input.doc.text();
        let numbered = !is_done_txt(input.doc.path());
        let mut tasks = Vec::new();
        let mut at = input.doc.content_start();
        let mut number = 0;
        while at < text.len() {
            number += 1;
            let end = text[at..].find(['\n', '\r']).map_or(text.len(), |e| at + e);
            let next = match &text[end..] {
                r if r.starts_with("\r\n") => end + 2,
                "" => end,
                _ => end + 1,
            };
            if !text[at..end].trim().is_empty() {
                let task = read_line(text, at, end, next, input);
                tasks.push(number_id(task, numbered, number, at));
            }
            at = next;
        }
        Some(tasks)
    }

    fn label(&self, _task: &Task, file: &TaskFile) -> Option<&'static str> {
        is_todo_txt(file.doc.path()).then_some("todo.txt line")
    }

    fn pinned(&self, _task: &Task, file: &TaskFile) -> Option<&'static str> {
        // A todo.txt line cut into a Markdown file would no longer be read as a task.
        is_todo_txt(file.doc.path())
            .then_some("{id} is a todo.txt line; it stays in {file} (`x` marks it done there)")
    }

    fn replace(&self, file: &TaskFile, f: &Field, value: &str) -> Option<Result<Edit, String>> {
        if !is_todo_txt(file.doc.path()) {
            return None;
        }
        if is_priority_letter(f) {
            return Some(letter(value).map(|l| Edit {
                span: f.value_span(),
                replacement: l.to_string(),
            }));
        }
        Some(token(&f.key, value).map(|v| Edit {
            span: f.value_span(),
            replacement: v,
        }))
    }

    fn insert(
        &self,
        file: &TaskFile,
        task: &Task,
        key: &str,
        value: &str,
    ) -> Option<Result<Edit, String>> {
        if !is_todo_txt(file.doc.path()) {
            return None;
        }
        Some(insert(file, task, key, value))
    }

    fn same_value(&self, file: &TaskFile, f: &Field, a: &str, b: &str) -> Option<bool> {
        (is_todo_txt(file.doc.path()) && is_priority_letter(f))
            .then(|| letter(a).ok().is_some_and(|x| letter(b).ok() == Some(x)))
    }
}

/// True for a field that holds a priority letter: the line's `(A)`, or the `pri:A` token a
/// done line keeps it in (written upper-case, as [`insert`] writes it).
fn is_priority_letter(f: &Field) -> bool {
    f.canon == Some(FieldKey::Priority)
        && (f.key == "priority" || f.key.eq_ignore_ascii_case("pri"))
}

/// True for a file read in this notation: `todo.txt`, `done.txt` or `*.todo.txt`.
fn is_todo_txt(path: &Path) -> bool {
    // Compared as bytes, with no lower-cased copy: this is asked of every file loaded.
    let name = path.file_name().map_or(&[][..], |n| n.as_encoded_bytes());
    let ends_with = |suffix: &[u8]| {
        name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    name.eq_ignore_ascii_case(b"todo.txt")
        || name.eq_ignore_ascii_case(b"done.txt")
        || ends_with(b".todo.txt")
}

fn is_done_txt(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("done.txt"))
}

/// Gives a task without an `id:` token its line number as ID (an empty span at the line's
/// start: the number is not written in the file).
fn number_id(mut task: Task, numbered: bool, number: usize, at: usize) -> Task {
    if task.id.is_none() && numbered {
        task.id = Some(Located {
            value: number.to_string(),
            span: Span::empty(at),
        });
    }
    task
}

/// A `YYYY-MM-DD` date and the space after it at the start of `s`: its length.
fn date_at(s: &str) -> Option<usize> {
    let d = s.get(..10)?;
    (super::super::valid_date(d) && s[10..].starts_with(' ')).then_some(11)
}

/// One field of a line.
fn field(
    key: &str,
    canon: Option<FieldKey>,
    key_span: Span,
    value_span: Span,
    text: &str,
) -> Field {
    Field::from(crate::model::FieldParts {
        key: key.into(),
        canon,
        key_span,
        value: text[value_span.range()].into(),
        value_span,
        items: crate::model::ThinVec::new(),
        span: Span::new(
            key_span.start.min(value_span.start),
            key_span.end.max(value_span.end),
        ),
        bullet: false,
        style: FieldStyle::Inline,
    })
}

/// The task of the line `start..end` (`next` is the start of the next line).
fn read_line(text: &str, start: usize, end: usize, next: usize, input: &FileInput) -> Task {
    let mut fields = Vec::new();
    let mut at = start;
    let done = text[at..end].starts_with("x ");
    if done {
        at += 2;
        if let Some(n) = date_at(&text[at..end]) {
            fields.push(field(
                "completed",
                None,
                Span::empty(at),
                Span::new(at, at + 10),
                text,
            ));
            at += n;
        }
    } else {
        let b = &text.as_bytes()[at..end];
        if b.len() >= 4 && b[0] == b'(' && b[1].is_ascii_uppercase() && &b[2..4] == b") " {
            let key = Span::new(at, at + 3);
            fields.push(field(
                "priority",
                Some(FieldKey::Priority),
                key,
                Span::new(at + 1, at + 2),
                text,
            ));
            at += 4;
        }
    }
    if let Some(n) = date_at(&text[at..end]) {
        fields.push(field(
            "created",
            None,
            Span::empty(at),
            Span::new(at, at + 10),
            text,
        ));
        at += n;
    }
    // The description: the title, then the tokens; the title ends before the line's last run
    // of tokens.
    let desc = Span::new(at, end);
    let mut title_end = desc.start;
    let mut offset = desc.start;
    for word in text[desc.range()].split(' ') {
        let w = Span::new(offset, offset + word.len());
        offset += word.len() + 1;
        match token_field(text, w) {
            Some(f) => fields.push(f),
            None if !word.is_empty() => title_end = w.end,
            None => {}
        }
    }
    let title = Span::new(desc.start, title_end);
    let id = fields
        .iter()
        .find(|f| f.canon == Some(FieldKey::Id) && !f.value.is_empty())
        .map(|f| Located {
            value: f.value.to_string(),
            span: f.value_span(),
        });
    let state = if done {
        State::Done
    } else {
        fields
            .iter()
            .find(|f| f.canon == Some(FieldKey::Status))
            .and_then(|f| input.states.state_of(&f.value))
            .unwrap_or(State::Todo)
    };
    let refs = |key: FieldKey| -> Vec<Located<String>> {
        fields
            .iter()
            .filter(|f| f.canon == Some(key))
            .flat_map(|f| comma_list(text, f.value_span()))
            .collect()
    };
    Task {
        style: TaskStyle::Line,
        id,
        title: Located {
            value: text[title.range()].to_string(),
            span: title,
        },
        span: Span::new(start, next),
        section: 0,
        checkbox: None,
        dependencies: refs(FieldKey::Dependencies),
        blocker_refs: refs(FieldKey::Blocker),
        index: None,
        fields,
        criteria: Vec::new(),
        state,
    }
}

/// A `+project`, `@context` or `key:value` word as a field, as the shared token reader
/// ([`tokens::word`]) classifies it.
fn token_field(text: &str, w: Span) -> Option<Field> {
    let word = &text[w.range()];
    let sigil = |key: &str| {
        field(
            key,
            canonical_key(key),
            Span::new(w.start, w.start + 1),
            Span::new(w.start + 1, w.end),
            text,
        )
    };
    let key_len = match tokens::word(word)? {
        WordKind::Project => return Some(sigil("project")),
        WordKind::At => return Some(sigil("context")),
        WordKind::Tag => return None,
        WordKind::KeyValue { key_len } => key_len,
    };
    let key = &word[..key_len];
    let canon = match key.to_ascii_lowercase().as_str() {
        "dep" => Some(FieldKey::Dependencies),
        "pri" => Some(FieldKey::Priority),
        _ => canonical_key(key),
    };
    let vs = w.start + key.len() + 1;
    Some(field(
        key,
        canon,
        Span::new(w.start, w.start + key.len()),
        Span::new(vs, w.end),
        text,
    ))
}

/// The items of a comma-separated token value (`dep:3,7`), as written.
fn comma_list(text: &str, span: Span) -> Vec<Located<String>> {
    let mut out = Vec::new();
    let mut at = span.start;
    for part in text[span.range()].split(',') {
        if !part.is_empty() {
            out.push(Located {
                value: part.to_string(),
                span: Span::new(at, at + part.len()),
            });
        }
        at += part.len() + 1;
    }
    out
}

/// The priority letter a value names: one letter, upper-cased (`b` → `B`).
fn letter(value: &str) -> Result<char, String> {
    let v = value.trim();
    let mut chars = v.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Ok(c.to_ascii_uppercase()),
        _ => Err(format!(
            "`{value}` is not a todo.txt priority (a letter A–Z)"
        )),
    }
}

/// A token value as written: one word.
fn token(key: &str, value: &str) -> Result<String, String> {
    let v = value.trim();
    if v.is_empty() || v.contains(char::is_whitespace) {
        return Err(format!(
            "a todo.txt value for `{key}` is one word, without spaces"
        ));
    }
    Ok(v.to_string())
}

/// The edit that gives a todo.txt task a new field: done and reopened are written at the
/// start of the line, a priority as `(A) ` there, anything else as a token at its end.
fn insert(file: &TaskFile, task: &Task, key: &str, value: &str) -> Result<Edit, String> {
    let text = file.doc.text();
    let start = task.span.start;
    let line = &text[start..super::super::line_end(text, start)];
    let done = line.starts_with("x ");
    match canonical_key(key) {
        Some(FieldKey::Status) => {
            let state =
                State::parse(value).or_else(|| crate::model::StateMap::default().state_of(value));
            match (state, done) {
                (Some(State::Done), true) => Err(format!("{} is already done", name(task))),
                (Some(State::Done), false) => {
                    // Done drops the priority, as todo.txt's CLI does.
                    let priority = task
                        .fields
                        .iter()
                        .find(|f| f.key == "priority")
                        .map_or(0, |f| f.key_span().end + 1 - start);
                    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
                    Ok(Edit {
                        span: Span::new(start, start + priority),
                        replacement: format!("x {today} "),
                    })
                }
                (Some(State::Todo), true) => {
                    let completed = task
                        .fields
                        .iter()
                        .find(|f| f.key == "completed")
                        .map_or(start + 2, |f| f.value_span().end + 1);
                    Ok(Edit {
                        span: Span::new(start, completed),
                        replacement: String::new(),
                    })
                }
                (_, true) => Err(format!(
                    "{} is done; reopen it first (`todo move {} todo`)",
                    name(task),
                    name(task)
                )),
                (_, false) => append(line, start, &format!("status:{}", token(key, value)?)),
            }
        }
        Some(FieldKey::Priority) if !done => Ok(Edit {
            span: Span::empty(start),
            replacement: format!("({}) ", letter(value)?),
        }),
        Some(FieldKey::Priority) => append(line, start, &format!("pri:{}", letter(value)?)),
        _ => {
            let word = token(key, value)?;
            let written = match key.to_ascii_lowercase().as_str() {
                "project" => format!("+{word}"),
                "context" => format!("@{word}"),
                k => format!("{k}:{word}"),
            };
            append(line, start, &written)
        }
    }
}

/// The edit that adds a token at the end of the line (before trailing spaces). Only spaces:
/// the reader splits words at spaces alone, so a token put before a trailing tab or line
/// tabulation would take it into its value.
fn append(line: &str, start: usize, token: &str) -> Result<Edit, String> {
    let at = start + line.trim_end_matches(' ').len();
    Ok(Edit {
        span: Span::empty(at),
        replacement: format!(" {token}"),
    })
}

fn name(task: &Task) -> String {
    task.id()
        .map_or_else(|| format!("\"{}\"", task.title.value), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::super::{insert_field, label, moves_as_block, replace_value, same_value};
    use crate::document::Document;
    use crate::edit::apply;
    use crate::model::{FieldKey, State};
    use crate::parse::TaskFile;

    const TEXT: &str = "(A) 2026-01-03 Call the bank +finance @phone due:2026-02-01\n\
                        Water the plants id:w1 dep:3\n\
                        \n\
                        x 2026-01-05 2026-01-02 Renew the passport +admin\n";

    fn file(name: &str, text: &str) -> TaskFile {
        TaskFile::parse(Document::from_string(name, text.to_string()))
    }

    #[test]
    fn file_names_of_the_notation_in_any_case() {
        use std::path::Path;
        for name in [
            "todo.txt",
            "TODO.TXT",
            "Done.txt",
            "home.todo.txt",
            "dir/Work.TODO.txt",
        ] {
            assert!(super::is_todo_txt(Path::new(name)), "{name}");
        }
        for name in [
            "todo.md",
            "todo.txt.bak",
            ".todo.tx",
            "mytodo.txt",
            "",
            "todo.txt/",
        ] {
            let named = Path::new(name).file_name().is_some_and(|n| n == "todo.txt");
            assert_eq!(super::is_todo_txt(Path::new(name)), named, "{name}");
        }
    }

    #[test]
    fn reads_priority_dates_tokens_and_ids() {
        let f = file("todo.txt", TEXT);
        assert_eq!(f.tasks.len(), 3);
        let t = &f.tasks[0];
        assert_eq!(t.id(), Some("1"));
        assert_eq!(t.title.value, "Call the bank");
        assert_eq!(t.field(FieldKey::Priority).unwrap().value, "A");
        assert_eq!(t.field_named("created").unwrap().value, "2026-01-03");
        assert_eq!(t.field_named("project").unwrap().value, "finance");
        assert_eq!(t.field_named("context").unwrap().value, "phone");
        assert_eq!(t.field_named("due").unwrap().value, "2026-02-01");
        assert_eq!(t.state, State::Todo);
        let t = &f.tasks[1];
        assert_eq!(t.id(), Some("w1"));
        assert_eq!(t.dependencies[0].value, "3");
        let t = &f.tasks[2];
        assert_eq!(t.id(), Some("4"), "the line number");
        assert_eq!(t.state, State::Done);
        assert_eq!(t.field_named("completed").unwrap().value, "2026-01-05");
        assert_eq!(t.title.value, "Renew the passport");
        assert_eq!(label(t, &f), "todo.txt line");
        assert!(!moves_as_block(t, &f));
        // done.txt lines are not numbered; another name is Markdown.
        assert_eq!(file("done.txt", TEXT).tasks[0].id(), None);
        assert!(file("notes.txt", TEXT).tasks.is_empty());
    }

    #[test]
    fn edits_change_only_their_token() {
        let f = file("todo.txt", TEXT);
        let t = &f.tasks[0];
        let set = |key: &str, value: &str| {
            let e = match t.field_named(key) {
                Some(field) => replace_value(&f, field, value),
                None => insert_field(&f, t, key, value),
            };
            apply(TEXT, &[e.unwrap()]).unwrap()
        };
        assert!(set("priority", "B").starts_with("(B) 2026-01-03 Call"));
        assert!(set("priority", "c").starts_with("(C) 2026-01-03 Call"));
        assert!(
            set("due", "2026-03-01")
                .starts_with("(A) 2026-01-03 Call the bank +finance @phone due:2026-03-01\n")
        );
        assert!(set("owner", "ana").starts_with(
            "(A) 2026-01-03 Call the bank +finance @phone due:2026-02-01 owner:ana\n"
        ));
        let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
        assert!(set("status", "DONE").starts_with(&format!(
            "x {today} 2026-01-03 Call the bank +finance @phone due:2026-02-01\n"
        )));
        assert!(replace_value(&f, t.field_named("due").unwrap(), "next week").is_err());
        let done = &f.tasks[2];
        let reopened = apply(TEXT, &[insert_field(&f, done, "status", "todo").unwrap()]).unwrap();
        assert!(reopened.ends_with("\n2026-01-02 Renew the passport +admin\n"));
        let pri = t.field(FieldKey::Priority).unwrap();
        assert!(same_value(&f, pri, "a", "A"));
        assert!(!same_value(&f, pri, "A", "B"));
    }

    #[test]
    fn a_done_lines_pri_token_takes_a_priority_letter() {
        let text = "x 2026-04-04 Mow the lawn pri:C\n";
        let f = file("todo.txt", text);
        let pri = f.tasks[0].field(FieldKey::Priority).unwrap();
        let e = replace_value(&f, pri, "b").unwrap();
        assert_eq!(
            apply(text, &[e]).unwrap(),
            "x 2026-04-04 Mow the lawn pri:B\n"
        );
        assert!(replace_value(&f, pri, "P1").is_err());
        assert!(same_value(&f, pri, "c", "C"));
    }

    #[test]
    fn a_new_token_goes_after_trailing_tabs_not_before() {
        for (text, want) in [
            ("Pack the tent\t\n", "Pack the tent\t +camp\n"),
            ("Pack the tent\u{b}", "Pack the tent\u{b} +camp"),
            ("Pack the tent  \n", "Pack the tent +camp  \n"),
        ] {
            let f = file("todo.txt", text);
            let e = insert_field(&f, &f.tasks[0], "project", "camp").unwrap();
            let new = apply(text, &[e]).unwrap();
            assert_eq!(new, want);
            let t = &file("todo.txt", &new).tasks[0];
            assert_eq!(t.field_named("project").unwrap().value, "camp", "{new:?}");
        }
    }

    #[test]
    fn odd_lines_keep_their_spans_inside_the_text() {
        for text in [
            "x",
            "x ",
            "(A)",
            "(A) ",
            "x 2026-01-0",
            "\u{feff}(B) é +ü @ :x k: é:ü\r\nx\r",
            "2026-02-30 Not a date\n",
            "http://a.b c:d +",
            "(a) lower-case priority",
        ] {
            let f = file("todo.txt", text);
            for t in &f.tasks {
                for s in [t.span, t.title.span].into_iter().chain(
                    t.fields
                        .iter()
                        .flat_map(|f| [f.span(), f.key_span(), f.value_span()]),
                ) {
                    assert!(
                        s.end <= text.len() && text.is_char_boundary(s.start),
                        "{text:?}"
                    );
                    assert!(text.is_char_boundary(s.end), "{text:?}");
                }
            }
        }
    }
}
