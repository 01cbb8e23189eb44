//! Lossless round trip and span sanity over every fixture and, when present, the shared seeds
//! and corpus: loading, parsing and applying no edit must give back the file byte for byte, and
//! every span the parser hands out must be a valid range of the text.

use std::path::{Path, PathBuf};

use todo_md::{Document, LoadError, Span, TaskFile, edit};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files that may fail to load, with the load error kind the issue allows for them (UTF-16,
/// binary or non-UTF-8 input is refused by design). No file in the fixtures, seeds or corpus
/// is expected to fail, so the list is empty.
const ALLOWED_LOAD_FAILURES: &[(&str, LoadErrorKind)] = &[];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoadErrorKind {
    Utf16,
    Binary,
    InvalidUtf8,
}

fn kind_of(err: &LoadError) -> Option<LoadErrorKind> {
    match err {
        LoadError::Utf16 { .. } => Some(LoadErrorKind::Utf16),
        LoadError::Binary { .. } => Some(LoadErrorKind::Binary),
        LoadError::InvalidUtf8 { .. } => Some(LoadErrorKind::InvalidUtf8),
        _ => None,
    }
}

/// Every regular file under `dir`, recursively, in a stable order.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// The regular files directly inside `dir`, optionally only those ending in `ext`.
fn files_in(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| ext.is_none_or(|ext| p.extension().is_some_and(|e| e == ext)))
        .collect();
    out.sort();
    out
}

fn check_span(
    problems: &mut Vec<String>,
    path: &Path,
    text: &str,
    what: impl std::fmt::Display,
    span: Span,
) {
    let ok = span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end);
    if !ok {
        problems.push(format!(
            "{}: {what}: span {}..{} is not a valid range of the {}-byte text",
            path.display(),
            span.start,
            span.end,
            text.len()
        ));
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Round-trips one file; returns the problems found (empty when all is well).
fn check_file(path: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let original = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = match Document::read(path) {
        Ok(doc) => doc,
        Err(err) => {
            let allowed = ALLOWED_LOAD_FAILURES
                .iter()
                .any(|(n, kind)| *n == name && kind_of(&err) == Some(*kind));
            if !allowed {
                problems.push(format!("{}: failed to load: {err}", path.display()));
            }
            return problems;
        }
    };
    if doc.as_bytes() != original.as_slice() {
        problems.push(format!(
            "{}: Document bytes differ from the file",
            path.display()
        ));
    }
    let file = TaskFile::parse(doc);
    let text = file.doc.text();
    match edit::apply(text, &[]) {
        Ok(out) if out.as_bytes() == original.as_slice() => {}
        Ok(_) => problems.push(format!(
            "{}: applying no edit changed the bytes",
            path.display()
        )),
        Err(e) => problems.push(format!("{}: applying no edit failed: {e}", path.display())),
    }

    for (i, task) in file.tasks.iter().enumerate() {
        let label = format!("task #{i} ({:?})", task.title.value);
        check_span(
            &mut problems,
            path,
            text,
            format!("{label} span"),
            task.span,
        );
        check_span(
            &mut problems,
            path,
            text,
            format!("{label} title"),
            task.title.span,
        );
        if !contains(task.span, task.title.span) {
            problems.push(format!(
                "{}: {label}: title span {:?} lies outside the task span {:?}",
                path.display(),
                task.title.span,
                task.span
            ));
        }
        if let Some(id) = &task.id {
            check_span(&mut problems, path, text, format!("{label} id"), id.span);
        }
        if let Some(cb) = &task.checkbox {
            check_span(
                &mut problems,
                path,
                text,
                format!("{label} checkbox"),
                cb.mark,
            );
        }
        for f in &task.fields {
            let fl = format!("{label} field {:?}", f.key);
            check_span(&mut problems, path, text, format!("{fl} span"), f.span());
            check_span(
                &mut problems,
                path,
                text,
                format!("{fl} key_span"),
                f.key_span(),
            );
            check_span(
                &mut problems,
                path,
                text,
                format!("{fl} value_span"),
                f.value_span(),
            );
            for (j, item) in f.items.iter().enumerate() {
                check_span(
                    &mut problems,
                    path,
                    text,
                    format!("{fl} item {j}"),
                    item.span(),
                );
            }
        }
        for (j, c) in task.criteria.iter().enumerate() {
            let cl = format!("{label} criterion {j}");
            check_span(&mut problems, path, text, format!("{cl} span"), c.span());
            check_span(&mut problems, path, text, format!("{cl} mark"), c.mark());
        }
        for d in task.dependencies.iter().chain(&task.blocker_refs) {
            check_span(
                &mut problems,
                path,
                text,
                format!("{label} reference {:?}", d.value),
                d.span,
            );
        }
    }
    problems
}

fn check_all(files: &[PathBuf]) {
    let problems: Vec<String> = files.iter().flat_map(|p| check_file(p)).collect();
    assert!(
        problems.is_empty(),
        "{} problem(s) in {} file(s):\n{}",
        problems.len(),
        files.len(),
        problems.join("\n")
    );
}

#[test]
fn fixtures_round_trip_byte_for_byte() {
    let mut files = Vec::new();
    walk(&manifest_dir().join("fixtures"), &mut files);
    // Fuzzer finds include input that is refused by design (binary, invalid UTF-8);
    // tests/fuzz_regressions.rs checks those.
    let fuzz = manifest_dir().join("fixtures").join("fuzz");
    files.retain(|p| !p.starts_with(&fuzz));
    assert!(!files.is_empty(), "no fixture files found");
    check_all(&files);
}

#[test]
fn shared_seeds_and_corpus_round_trip_byte_for_byte() {
    let shared = manifest_dir().join("../shared");
    if !shared.is_dir() {
        println!(
            "skipped: {} does not exist (seeds and corpus not checked)",
            shared.display()
        );
        return;
    }
    let mut files = files_in(&shared.join("seeds"), None);
    files.extend(files_in(&shared.join("corpus"), Some("md")));
    assert!(
        !files.is_empty(),
        "{} exists but holds no seeds or corpus files",
        shared.display()
    );
    check_all(&files);
}

#[test]
fn in_memory_documents_round_trip() {
    // The byte-level traits the fixtures cover, built without touching the disk.
    for text in [
        "",
        "\u{feff}# A\r\n\r\n### T-1: x\r\nStatus: DONE",
        "- [ ] a\r- [x] b\r",
        "### T-2: ünïcödé 🚀   \n\tStatus: READY  \n",
    ] {
        let doc = Document::from_bytes("mem.md", text.as_bytes().to_vec()).unwrap();
        let file = TaskFile::parse(doc);
        assert_eq!(edit::apply(file.doc.text(), &[]).unwrap(), text);
    }
}
