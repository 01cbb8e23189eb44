//! A large file is scanned and recognised in parts on several threads ([`todo_md::par`]); the
//! result must be exactly what one thread gives: same tasks (spans, fields, states), same
//! section paths, same schema, headings and notes. Checked with 2, 3 and 8 parts for every
//! fixture, generated file, seed and corpus file (the last two when the shared folder sits
//! beside the repository), whatever their size.

use todo_md::{Document, StateMap, TaskFile, par};

#[allow(dead_code)]
mod common;

#[path = "../benches/support/generate.rs"]
mod generate;

/// The parts of a parse that readers use, with section indexes turned into paths.
fn view(f: &TaskFile) -> String {
    let mut out = String::new();
    for t in &f.tasks {
        out.push_str(&format!(
            "{:?} @ {:?}\n",
            f.section(t),
            todo_md::Task {
                section: 0,
                ..t.clone()
            }
        ));
    }
    out.push_str(&format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n",
        f.schema, f.headings, f.directives, f.suspect_checkboxes, f.problems, f.last_updated
    ));
    out
}

fn check(doc: &Document, name: &str) {
    let states = StateMap::default();
    let one = par::with_threads(1, || TaskFile::parse_with(doc.clone(), &states));
    let want = view(&one);
    for n in [2, 3, 8] {
        let split = par::with_threads(n, || TaskFile::parse_with(doc.clone(), &states));
        let got = view(&split);
        if got != want {
            let at = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{name}, {n} parts: first difference at entry {at}:\n split: {}\n whole: {}",
                got.lines().nth(at).unwrap_or(""),
                want.lines().nth(at).unwrap_or("")
            );
        }
    }
}

#[test]
fn a_file_read_in_parts_reads_as_in_one() {
    let mut n = 0;
    for path in common::markdown_files() {
        let Ok(doc) = Document::read(&path) else {
            continue;
        };
        check(&doc, &path.display().to_string());
        n += 1;
    }
    for size in [1, 7, 120, 2_000] {
        check(
            &Document::from_string("gen.md", generate::task_file(size)),
            "generated",
        );
    }
    eprintln!("{n} files read in parts");
    assert!(n > 10);
}

#[test]
fn sections_above_a_part_reach_its_tasks() {
    // The second part starts under sections opened in the first; a task there without a
    // status under a dropped-work heading is cancelled, which only the sections above tell.
    let text = "\
# Plan

## Active

### Later

#### T-1: First
Status: READY

#### T-2: Second
Status: READY

## Won't do

#### T-3: Third

#### T-4: Fourth
Status: READY

### Parked

#### T-5: Fifth
";
    check(
        &Document::from_string("TODO.md", text.to_string()),
        "inline",
    );
    let f = par::with_threads(4, || {
        TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
    });
    let t3 = f.find("T-3").unwrap();
    assert_eq!(f.section(t3), ["Won't do"]);
    assert_eq!(t3.state, todo_md::State::Cancelled);
    assert_eq!(f.section(f.find("T-5").unwrap()), ["Won't do", "Parked"]);
}
