//! In-process benchmarks: load + model and lint at growing sizes, each next to a bare
//! pulldown-cmark event walk over the same input (the floor nothing can beat).
//!
//! Run with `cargo bench`. Sizes: 1,000 and 20,000 tasks (about 0.4 MB and 8.7 MB).

use divan::{Bencher, black_box};
use pulldown_cmark::{Options, Parser};
use todo_md::project::Project;
use todo_md::{Document, TaskFile, generate, lint};

fn main() {
    divan::main();
}

const SIZES: [usize; 2] = [1_000, 20_000];

fn input(n: usize) -> String {
    generate::task_file(n)
}

/// The floor: one pulldown-cmark pass with the same options the parser uses.
#[divan::bench(args = SIZES, sample_count = 10)]
fn bare_pulldown(bencher: Bencher, n: usize) {
    let text = input(n);
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    bencher.bench(|| {
        Parser::new_ext(black_box(&text), opts)
            .into_offset_iter()
            .count()
    });
}

/// Document + task model.
#[divan::bench(args = SIZES, sample_count = 10)]
fn load_and_model(bencher: Bencher, n: usize) {
    let text = input(n);
    bencher.bench(|| {
        let file = TaskFile::parse(Document::from_string("TODO.md", black_box(text.clone())));
        file.tasks.len()
    });
}

/// Every lint rule over an already loaded project.
#[divan::bench(args = SIZES, sample_count = 10)]
fn lint_rules(bencher: Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("TODO.md"), input(n)).unwrap();
    let project = Project::load(dir.path(), &[]).unwrap();
    bencher.bench(|| lint::run(black_box(&project)).diagnostics.len());
}
