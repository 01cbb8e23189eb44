//! Per-file counts of the accounting classes: for every file named on the command line (a
//! directory is read recursively), how many task-looking lines are tasks (a), items or fields
//! of a task (b), deliberately not tasks (c), near misses (d) and unclassified (?), as a
//! Markdown table. With `-v`, every line of classes d and ? is listed under the table.
//!
//! Usage: `cargo run --example accounting -- [-v] FILES…`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use todo_md::parse::account::Class;
use todo_md::{Document, TaskFile};

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let Ok(rd) = std::fs::read_dir(p) else { return };
        let mut v: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        v.sort();
        for q in v {
            collect(&q, out);
        }
    } else {
        out.push(p.to_path_buf());
    }
}

fn main() -> ExitCode {
    let mut verbose = false;
    let mut files = Vec::new();
    for a in std::env::args_os().skip(1) {
        if a == "-v" {
            verbose = true;
        } else {
            collect(Path::new(&a), &mut files);
        }
    }
    if files.is_empty() {
        eprintln!("usage: accounting [-v] FILES…");
        return ExitCode::from(2);
    }
    println!("| File | a | b | c | d | ? |");
    println!("|---|--:|--:|--:|--:|--:|");
    let mut total = [0usize; 5];
    let mut details = Vec::new();
    for p in &files {
        let Ok(doc) = Document::read(p) else { continue };
        let file = TaskFile::parse(doc);
        let mut n = [0usize; 5];
        for e in file.accounting() {
            let k = match e.class {
                Class::Task => 0,
                Class::Part => 1,
                Class::NotATask(_) => 2,
                Class::NearMiss(_) => 3,
                Class::Unclassified => 4,
            };
            n[k] += 1;
            if verbose && k >= 3 {
                let why = match &e.class {
                    Class::NearMiss(m) => m.reason.clone(),
                    _ => "unclassified".to_string(),
                };
                let text = file.doc.slice(e.span).trim();
                details.push(format!("{}:{}: {text}\n    {why}", p.display(), e.line));
            }
        }
        for (t, x) in total.iter_mut().zip(n) {
            *t += x;
        }
        let name = p
            .file_name()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        println!(
            "| {name} | {} | {} | {} | {} | {} |",
            n[0], n[1], n[2], n[3], n[4]
        );
    }
    let [a, b, c, d, u] = total;
    println!(
        "| **all {} files** | {a} | {b} | {c} | {d} | {u} |",
        files.len()
    );
    for d in details {
        println!("{d}");
    }
    ExitCode::SUCCESS
}
