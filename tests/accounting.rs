//! The accounting invariant over every file we have: each task-looking line of every fixture,
//! seed and corpus file is classified (task, part of a task, deliberately not a task, or near
//! miss), and each near miss is a lint finding at its line.

use std::path::{Path, PathBuf};

use todo_md::lint::audit::{Counts, audit};
use todo_md::{Document, TaskFile};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Audits every file under `dir`; returns the per-file counts and the breaches.
fn audit_dir(dir: &Path) -> (Vec<(String, Counts)>, Vec<String>) {
    let mut files = Vec::new();
    files_under(dir, &mut files);
    let mut counts = Vec::new();
    let mut breaches = Vec::new();
    for p in files {
        let Ok(doc) = Document::read(&p) else {
            continue;
        };
        let (c, b) = audit(TaskFile::parse(doc));
        breaches.extend(b.into_iter().map(|b| format!("{}: {b}", p.display())));
        counts.push((p.display().to_string(), c));
    }
    (counts, breaches)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_task_looking_line_of_every_fixture_is_accounted_for() {
    let (counts, breaches) = audit_dir(&root().join("fixtures"));
    assert!(counts.len() > 50, "the fixtures were found");
    assert_eq!(breaches, Vec::<String>::new());
    let near: usize = counts.iter().map(|(_, c)| c.near_misses).sum();
    assert!(near >= 3, "the folded checklist fixture has near misses");
}

#[test]
fn every_task_looking_line_of_the_seeds_and_the_corpus_is_accounted_for() {
    for name in ["seeds", "corpus"] {
        let dir = root().join("../shared").join(name);
        if !dir.is_dir() {
            println!("skipped: {} is not there", dir.display());
            continue;
        }
        let (counts, breaches) = audit_dir(&dir);
        assert_eq!(breaches, Vec::<String>::new(), "{name}");
        for (f, c) in &counts {
            println!(
                "{name} {f}: a={} b={} c={} d={}",
                c.tasks, c.parts, c.not_tasks, c.near_misses
            );
        }
    }
}

#[test]
fn the_audit_counts_each_class() {
    // A line of each class, and the counts the audit gives them.
    let src = "# TODO\n\n- [ ] T-1: a\n  - [x] step\n```\n- [ ] code\n```\nStatus: loose\n";
    let (c, b) = audit(TaskFile::parse(Document::from_string(
        "TODO.md",
        src.to_string(),
    )));
    assert_eq!(b, Vec::<String>::new());
    assert_eq!(
        (c.tasks, c.parts, c.not_tasks, c.near_misses, c.unclassified),
        (1, 1, 1, 1, 0)
    );
}

/// The same check over a folder of one's own (`ACCOUNT_DIR=path cargo test --test accounting
/// -- --ignored --nocapture`), such as real task files kept outside the repository: prints
/// each file's counts and the totals, and fails on an unclassified line.
#[test]
#[ignore = "needs ACCOUNT_DIR"]
fn every_task_looking_line_of_a_given_folder_is_accounted_for() {
    let dir = PathBuf::from(std::env::var("ACCOUNT_DIR").expect("ACCOUNT_DIR"));
    let (counts, breaches) = audit_dir(&dir);
    let mut total = [0; 4];
    for (f, c) in &counts {
        println!(
            "{f}: a={} b={} c={} d={}",
            c.tasks, c.parts, c.not_tasks, c.near_misses
        );
        for (t, n) in total
            .iter_mut()
            .zip([c.tasks, c.parts, c.not_tasks, c.near_misses])
        {
            *t += n;
        }
    }
    println!(
        "{} files: a={} b={} c={} d={}, unclassified {}",
        counts.len(),
        total[0],
        total[1],
        total[2],
        total[3],
        breaches.len()
    );
    assert_eq!(breaches, Vec::<String>::new());
}
