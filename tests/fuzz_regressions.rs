//! Regression tests for every crash the fuzz targets found (docs/fuzzing.md).
//!
//! The fuzz targets' oracles live in `fuzz/src/checks.rs`; this file includes that very
//! module, so each crash input is replayed against exactly the properties the fuzzer checked,
//! by a plain `cargo test --test fuzz_regressions`. Crash inputs are kept under
//! `fixtures/fuzz/<target>/` (one file each, replayed by `every_saved_input_passes`) and, where
//! a smaller hand-written form says more, inline below with the property spelled out.
//!
//! To add a crash: copy the artifact (minimised with `cargo fuzz tmin` when it is large) to
//! `fixtures/fuzz/<target>/<what-it-is>.bin`, fix the bug, and add a named test below.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

use todo_md::config::Config;
use todo_md::ops::commands::{self, AddOptions, Common};
use todo_md::{Document, LoadError, TaskFile};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

const COMMON: Common = Common {
    today: None,
    force: false,
};

/// A fuzz target's check of one input: panics when a property does not hold.
type Oracle = fn(&[u8]);

/// Replays `fixtures/fuzz/<target>/*` through the target's oracle.
#[test]
fn every_saved_input_passes() {
    let targets: [(&str, Oracle); 4] = [
        ("load", checks::load),
        ("edit", checks::edit),
        ("lint_fix", checks::lint_fix),
        ("config", checks::config_target),
    ];
    let mut replayed = 0;
    for (name, oracle) in targets {
        let dir = fixtures().join("fuzz").join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let data = std::fs::read(&path).unwrap();
            eprintln!("replaying {}", path.display());
            oracle(&data);
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "no saved fuzz input found under fixtures/fuzz/"
    );
}

/// The oracles hold on the seeds: every fixture, through every target, in several modes.
#[test]
fn oracles_pass_on_the_fixtures() {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [fixtures(), fixtures().join("lint")] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() > 10);
    for path in files {
        let text = std::fs::read(&path).unwrap();
        checks::load(&text);
        for flags in 0..8u8 {
            checks::lint_fix(&[&[flags], &text[..]].concat());
        }
        for op in 0..12u8 {
            for (pick, arg, flags) in [(0u8, 0u8, 0u8), (1, 7, 0x13), (2, 200, 0x2e)] {
                checks::edit(&[&[op, pick, arg, flags], &text[..]].concat());
            }
        }
    }
    for yaml in checks::CONFIGS {
        checks::config_target(yaml.as_bytes());
    }
}

// ---------------------------------------------------------------------------------------------
// load
// ---------------------------------------------------------------------------------------------

fn invalid_utf8_at(bytes: &[u8]) -> (usize, usize) {
    match Document::from_bytes("x.md", bytes.to_vec()) {
        Err(LoadError::InvalidUtf8 { line, column, .. }) => (line, column),
        other => panic!("expected InvalidUtf8, got {other:?}"),
    }
}

/// Found by `load` (first minute): the error for a non-UTF-8 file gave a character column,
/// while the error's docs and docs/format.md §10 promise the byte column of the first invalid
/// byte. Fixed in `Document::from_bytes`.
#[test]
fn invalid_utf8_reports_a_byte_column() {
    // `é` is two bytes: the invalid byte is the third byte of the line.
    assert_eq!(invalid_utf8_at(b"\xc3\xa9\xff"), (1, 3));
    assert_eq!(invalid_utf8_at(b"a\r\n\xf0\x9f\x9a\x80x\xff"), (2, 6));
    assert_eq!(invalid_utf8_at(b"a\rb\n\xe6\xbc\xa2\xc3"), (3, 4));
    // A BOM is not a column, as for every other position.
    assert_eq!(invalid_utf8_at(b"\xef\xbb\xbf\xc3\xa9\xff"), (1, 3));
    assert_eq!(invalid_utf8_at(b"ok\nab\xffc"), (2, 3));
    let err = Document::from_bytes("a.md", b"\xc3\xa9\xc3\xa9\xff".to_vec()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a.md:1:5: not valid UTF-8 (task files must be UTF-8 text)"
    );
    checks::load(
        &std::fs::read(fixtures().join("fuzz/load/invalid-utf8-after-multibyte.md")).unwrap(),
    );
}

// ---------------------------------------------------------------------------------------------
// edit
// ---------------------------------------------------------------------------------------------

/// Found by `edit` (seed corpus, first seconds): `todo add` panicked on a file whose last
/// non-blank character is a multi-byte one (`。`): the line end was looked up from the byte
/// before the end of the trimmed text, inside the character. `archive` had the same slip
/// when appending to an archive file ending that way. Fixed in `ops::fields::end_of_line`.
#[test]
fn add_and_archive_after_a_multibyte_last_character() {
    let text = "### T-1: Write the parser\nStatus: READY\n\nEnds with a wide character。\n";
    let p = checks::project(Config::default(), text.to_string(), None);
    let applied = commands::add(&p, "Next", &AddOptions::default(), COMMON)
        .unwrap()
        .apply(&p)
        .unwrap();
    let new = &applied.files[0].2;
    assert!(new.starts_with(text), "{new:?}");
    assert!(
        new[text.len()..].starts_with("\n### T-2: Next\n"),
        "{new:?}"
    );

    // No final newline either.
    let p = checks::project(Config::default(), text.trim_end().to_string(), None);
    let applied = commands::add(&p, "Next", &AddOptions::default(), COMMON)
        .unwrap()
        .apply(&p)
        .unwrap();
    assert!(applied.files[0].2.starts_with(text.trim_end()));

    // Archiving into an archive file that ends with a wide character.
    let todo = "### T-1: Ship\nStatus: DONE\n\n### T-2: Next\nStatus: READY\n";
    let archive = "# Completed tasks\n\nolder work 🚀".to_string();
    let p = checks::project(Config::default(), todo.to_string(), Some(archive.clone()));
    let applied = commands::archive(&p, COMMON).unwrap().apply(&p).unwrap();
    let (_, old, new) = applied.files.iter().find(|(fi, _, _)| *fi == 1).unwrap();
    assert_eq!(old, &archive);
    assert!(new.starts_with(&archive) && new.contains("### T-1: Ship\nStatus: DONE"));
    let reparsed = TaskFile::parse(Document::from_string("A.md", new.clone()));
    assert!(reparsed.find("T-1").is_some());

    checks::edit(&std::fs::read(fixtures().join("fuzz/edit/add-after-multibyte-end.bin")).unwrap());
}

/// Found by `edit` after 13 minutes (`add -p P1` on a mutated fixture): `todo add` put the
/// new task *inside* the last task of the section, before that task's last line, when the
/// line consisted of a form feed. `ops::blocks` took the section's (and the file's) end from
/// `str::trim_end`, which also drops a form feed or a no-break space, while Markdown, and the
/// parser, read such a line as text: the task kept its bytes by the verifier's trimmed
/// comparison but lost its last line to the new task. Fixed with `blocks::trim_blank_end`
/// (spaces, tabs, line endings) in `content_end`, `append_section`, `remove_block` and
/// `commands::add`.
#[test]
fn add_does_not_split_a_task_whose_last_line_is_not_markdown_blank() {
    for last in ["\u{c}", "\u{a0}", "\u{3000}"] {
        // At the end of the file.
        let text = format!("### T-1: Write\nStatus: READY\n{last}\n");
        let p = checks::project(Config::default(), text.clone(), None);
        let applied = commands::add(&p, "Next", &AddOptions::default(), COMMON)
            .unwrap()
            .apply(&p)
            .unwrap();
        let new = &applied.files[0].2;
        assert!(new.starts_with(&text), "{last:?}: {new:?}");
        // At the end of a section.
        let text =
            format!("## P1 — Next\n\n### T-1: Write\nPriority: P1\n{last}\n\n## Later\n\nProse.\n");
        let p = checks::project(Config::default(), text.clone(), None);
        let opts = AddOptions {
            priority: Some("P1".into()),
            ..AddOptions::default()
        };
        let applied = commands::add(&p, "Next", &opts, COMMON)
            .unwrap()
            .apply(&p)
            .unwrap();
        let new = &applied.files[0].2;
        let head = format!("## P1 — Next\n\n### T-1: Write\nPriority: P1\n{last}\n");
        assert!(new.starts_with(&head), "{last:?}: {new:?}");
        assert!(
            new[head.len()..].starts_with("\n### T-2: Next\n"),
            "{last:?}: {new:?}"
        );
        let after = TaskFile::parse(Document::from_string("T.md", new.clone()));
        assert_eq!(
            after.doc.slice(after.find("T-1").unwrap().span),
            p.files[0]
                .file
                .doc
                .slice(p.files[0].file.find("T-1").unwrap().span),
        );
    }
    checks::edit(
        &std::fs::read(fixtures().join("fuzz/edit/add-inside-task-ending-in-form-feed.bin"))
            .unwrap(),
    );
}

/// Found by `load` after 20 minutes: `- [\v] x` (a line tabulation inside the brackets) is an
/// unchecked GFM checkbox, as pulldown-cmark reads it; the load oracle only accepted `[ ]`.
/// The library was right and the oracle was fixed; the model must keep reading it so.
#[test]
fn a_checkbox_with_any_markdown_white_space_inside_is_unchecked() {
    for inner in [" ", "\t", "\u{b}", "\u{c}"] {
        let text = format!("# TODO\n\n- [{inner}] write the docs\n");
        let file = todo_md::TaskFile::parse(todo_md::Document::from_string("TODO.md", text));
        assert_eq!(file.tasks.len(), 1, "{inner:?}");
        let cb = file.tasks[0].checkbox.expect("a checkbox task");
        assert!(!cb.done, "{inner:?}");
        assert_eq!(cb.mark.len(), 3, "{inner:?}");
    }
}
