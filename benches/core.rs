//! In-process benchmarks: load + model, lint, one task's fast path, one edit and one task's
//! history, at growing sizes, next to a bare pulldown-cmark event walk over the same input
//! (the floor a whole parse cannot beat).
//!
//! Run with `cargo bench`. Sizes: 1,000 and 20,000 tasks (about 0.5 MB and 9.4 MB); history
//! over 1,000 and 5,000 commits of a 500-task file (needs `git`).

use divan::{Bencher, black_box};
use pulldown_cmark::{Options, Parser};
use todo_md::project::Project;
use todo_md::{Document, TaskFile, lint};

#[path = "support/generate.rs"]
mod generate;

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

/// One task read through the fast path (`show`): the windows that mention its ID, not the
/// whole file. Compare with `bare_pulldown`: this must stay below it.
#[divan::bench(args = SIZES, sample_count = 10)]
fn show_one_task(bencher: Bencher, n: usize) {
    let text = input(n);
    let id = format!("T-{:05}", n / 2);
    let states = todo_md::StateMap::default();
    bencher.bench(|| {
        let doc = Document::from_string("TODO.md", black_box(text.clone()));
        let file = TaskFile::parse_related(doc, &states, &[&id]);
        file.find(&id).map(|t| t.fields.len())
    });
}

/// One edit (`move ID STATUS`) planned and verified in memory, from the loaded project:
/// locating the task, building the span edits, re-parsing the result and linting it.
#[divan::bench(args = SIZES, sample_count = 10)]
fn one_edit(bencher: Bencher, n: usize) {
    use todo_md::ops::{self, Common, MoveOptions};
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("TODO.md"), input(n)).unwrap();
    let id = format!("T-{:05}", n / 2);
    let project = Project::load_related(dir.path(), &[], &[&id]).unwrap();
    let common = || Common {
        today: None,
        force: false,
    };
    bencher.bench(|| {
        let (plan, _) = ops::move_to(
            black_box(&project),
            &id,
            "IN-REVIEW",
            &MoveOptions::default(),
            common(),
        )
        .unwrap();
        plan.apply(&project).unwrap().files.len()
    });
}

/// The history of one task (`todo log ID`) over a generated repository of COMMITS commits of
/// a 500-task file, each commit changing one task. Needs `git` for fast-import.
#[divan::bench(args = [1_000, 5_000], sample_count = 5)]
fn history_one_task(bencher: Bencher, commits: usize) {
    use todo_md::git::Repo;
    use todo_md::history::walk::{WalkOptions, task_history};
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("git is needed for this benchmark")
    };
    git(&["init", "-q", "-b", "main"]).wait().unwrap();
    let mut import = git(&["fast-import", "--quiet"]);
    generate::history_stream(commits, 500, import.stdin.as_mut().unwrap()).unwrap();
    drop(import.stdin.take());
    assert!(import.wait().unwrap().success());
    git(&["reset", "-q", "--hard", "main"]).wait().unwrap();
    let repo = Repo::discover(dir.path()).unwrap();
    // As `todo log` does: objects come from the local repository, so skip re-hashing them.
    git2::opts::strict_hash_verification(false);
    let config = todo_md::history::config_for(&repo, dir.path()).unwrap();
    let start = repo.resolve("HEAD").unwrap();
    bencher.bench_local(|| {
        task_history(&repo, &config, start, "T-0042", WalkOptions::default())
            .unwrap()
            .commits
    });
}
