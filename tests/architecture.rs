//! The module layers and size limits of `src/`, checked from the source text.
//!
//! Every `use crate::…` line and inline `crate::x::` path of every library file is mapped to
//! the top-level module it names; an import from a lower layer into a higher one, a cycle
//! among top-level modules, or a module with no layer fails. The same pass holds files to
//! 800 lines (a trailing `#[cfg(test)]` module not counted) and functions to 120 lines, so the
//! shape docs/architecture.md describes stays true without anyone remembering to look.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, low to high. A module may import its own layer and the ones before it;
/// imports within a layer are allowed as long as they form no cycle.
const LAYERS: &[&[&str]] = &[
    &["document", "edit", "fs", "hash", "mem", "par", "trace"],
    &["model"],
    &["parse"],
    &["schema", "config"],
    &["git"],
    &["merge", "worktrees"],
    &["project"],
    &["history"],
    &["lint", "doctor", "query"],
    &["generate"],
    &["ops", "hook"],
    &["output"],
    &["mcp"],
    &["cli"],
];

/// Modules no other library module may import: dev-only code the shipped library does not
/// depend on. (The benchmark generators live in benches/support/ today; should they come
/// back to src/, nothing in the library may lean on them.)
const LEAVES: &[&str] = &["generate"];

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 120;

/// Files allowed over [`MAX_FILE_LINES`] because they are flat tables (one entry per line).
const FLAT_TABLES: &[&str] = &[];

/// A source file: its path relative to the crate (`src/model/mod.rs`) and its text.
struct Source {
    path: String,
    text: String,
}

#[test]
fn layers_hold_and_sizes_stay_small() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root, &root.join("src"), &mut files);
    assert!(files.len() > 20, "found only {} source files", files.len());
    let mut problems = check_layers(&files);
    problems.extend(check_sizes(&files, &[]));
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<Source>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.push(Source {
                path: rel.replace('\\', "/"),
                text: std::fs::read_to_string(&path).unwrap(),
            });
        }
    }
}

/// The top-level module a file belongs to; `None` for the crate root (`lib.rs`).
fn module_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("src/").unwrap_or(path);
    if rest == "lib.rs" {
        return None;
    }
    if rest == "main.rs" || rest.starts_with("cli/") {
        return Some("cli".to_string());
    }
    let first = rest.split('/').next().unwrap();
    Some(first.strip_suffix(".rs").unwrap_or(first).to_string())
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The names `lib.rs` re-exports at the crate root, and the module each comes from
/// (`Document` → `document`), so `crate::Document` counts as an import of `document`.
fn root_exports(files: &[Source]) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let Some(lib) = files.iter().find(|f| f.path == "src/lib.rs") else {
        return map;
    };
    for stmt in use_statements(&code_only(&lib.text)) {
        let Some(rest) = stmt.strip_prefix("pub use ") else {
            continue;
        };
        for path in expand(rest.trim_start_matches("crate::")) {
            let mut parts = path.split("::");
            let (Some(module), Some(last)) = (parts.next(), path.rsplit("::").next()) else {
                continue;
            };
            let name = last.rsplit(" as ").next().unwrap().trim();
            map.insert(name.to_string(), module.trim().to_string());
        }
    }
    map
}

/// The text with comments, string literals and char literals blanked out, lines kept.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(b[i - 1].is_alphanumeric() || b[i - 1] == '_'))
        {
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            out.push('"');
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                out.push(blank(b[j]));
                j += 1;
            }
            out.push('"');
            i = j;
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push('"');
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F4C5}') or a lifetime ('a).
            if next == Some('\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                out.push_str("' '");
                i = j + 1;
            } else if b.get(i + 2) == Some(&'\'') {
                out.push_str("' '");
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Every `use …;` statement of code-only text, whitespace collapsed.
fn use_statements(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "use") {
        let after = &rest[at..];
        let end = after.find(';').unwrap_or(after.len());
        let stmt: String = after[..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let lead = rest[..at].trim_end();
        let stmt = if lead.ends_with("pub") || lead.ends_with(')') {
            format!("pub {stmt}")
        } else {
            stmt
        };
        out.push(stmt.replace(":: ", "::").replace(" ::", "::"));
        rest = &after[end.min(after.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1.min(rest.len())..];
    }
    out
}

/// The byte offset of `word` standing alone (not part of an identifier).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        if !before.is_some_and(ident) && !after.is_some_and(ident) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// The paths a use tree names: `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| format!("{prefix}{p}"))
        .collect()
}

/// The top-level modules a library file imports: `use crate::…` trees and inline
/// `crate::x::` paths.
fn imports(code: &str, exports: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |path: &str| {
        let first = path.split("::").next().unwrap_or("").trim();
        let first = first.split(" as ").next().unwrap().trim();
        if first.is_empty() || first == "self" || first == "*" {
            return;
        }
        match exports.get(first) {
            Some(module) => out.insert(module.clone()),
            None => out.insert(first.to_string()),
        };
    };
    for stmt in use_statements(code) {
        let body = stmt.trim_start_matches("pub ").trim_start_matches("use ");
        if let Some(tree) = body.strip_prefix("crate::") {
            for path in expand(tree) {
                add(&path);
            }
        }
    }
    let mut rest = code;
    while let Some(at) = find_word(rest, "crate") {
        let after = &rest[at + "crate".len()..];
        if let Some(path) = after.strip_prefix("::")
            && !path.starts_with('{')
        {
            let end = path
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(path.len());
            add(&path[..end]);
        }
        rest = after;
    }
    out
}

/// Problems with the module graph: unknown modules, upward imports, imports of a leaf, and
/// cycles among top-level modules.
fn check_layers(files: &[Source]) -> Vec<String> {
    let exports = root_exports(files);
    let mut problems = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let Some(module) = module_of(&f.path) else {
            continue;
        };
        let Some(layer) = layer_of(&module) else {
            problems.push(format!(
                "{}: top-level module `{module}` has no layer; add it to LAYERS and to \
                 docs/architecture.md",
                f.path
            ));
            continue;
        };
        if module == "cli" {
            // The binary's `crate::` is the binary itself; it stands above every library layer.
            continue;
        }
        for target in imports(&code_only(&f.text), &exports) {
            if target == module {
                continue;
            }
            match layer_of(&target) {
                None => problems.push(format!(
                    "{}: imports `crate::{target}`, a module with no layer",
                    f.path
                )),
                Some(t) if t > layer => problems.push(format!(
                    "{}: `{module}` imports `{target}`, which is in a higher layer",
                    f.path
                )),
                Some(_) if LEAVES.contains(&target.as_str()) => problems.push(format!(
                    "{}: `{module}` imports `{target}`, which no library module may import",
                    f.path
                )),
                Some(_) => {}
            }
            graph.entry(module.clone()).or_default().insert(target);
        }
    }
    problems.extend(cycles(&graph));
    problems
}

/// Every cycle through the module graph, one message per strongly connected group.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for start in graph.keys() {
        if reported.contains(start) {
            continue;
        }
        if let Some(path) = path_back(graph, start) {
            reported.extend(path.iter().cloned());
            out.push(format!("import cycle: {}", path.join(" → ")));
        }
    }
    out
}

/// A path from `start` back to itself, if one exists (breadth first, so the shortest).
fn path_back(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in graph.get(node).into_iter().flatten() {
            if next == start {
                let mut path = vec![start.to_string()];
                let mut at = node;
                while at != start {
                    path.push(at.to_string());
                    at = parent[at];
                }
                path.push(start.to_string());
                let n = path.len();
                path[1..n - 1].reverse();
                return Some(path);
            }
            if !parent.contains_key(next.as_str()) && next != start {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Files over the line limit and functions over theirs; `exempt` files are skipped.
fn check_sizes(files: &[Source], exempt: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    for f in files {
        if exempt.contains(&f.path.as_str()) {
            continue;
        }
        let lines = lines_before_tests(&f.text);
        if lines > MAX_FILE_LINES && !FLAT_TABLES.contains(&f.path.as_str()) {
            problems.push(format!(
                "{}: {lines} lines before its tests (limit {MAX_FILE_LINES})",
                f.path
            ));
        }
        for (name, line, len) in functions(&code_only(&f.text)) {
            if len > MAX_FN_LINES {
                problems.push(format!(
                    "{}:{line}: fn {name} is {len} lines (limit {MAX_FN_LINES})",
                    f.path
                ));
            }
        }
    }
    problems
}

/// Lines of a file, not counting a trailing `#[cfg(test)]` module (one that runs to the end).
fn lines_before_tests(text: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let Some(last_code) = lines.iter().rposition(|l| !l.trim().is_empty()) else {
        return lines.len();
    };
    for (i, l) in lines.iter().enumerate().rev() {
        if l.trim_end() == "#[cfg(test)]"
            && lines.get(i + 1).is_some_and(|n| n.starts_with("mod "))
            && lines[last_code].trim_end() == "}"
        {
            return i;
        }
    }
    lines.len()
}

/// Each function with a body: its name, 1-based line and length from the `fn` line to the
/// line of its closing brace (both counted).
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let line_at = |offset: usize| code[..offset].matches('\n').count() + 1;
    let mut from = 0;
    while let Some(i) = find_word(&code[from..], "fn") {
        let at = from + i;
        from = at + 2;
        let rest = &code[from..];
        let name: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue; // `fn(...)` pointer types
        }
        // The body opens at the first `{` outside parentheses, unless a `;` comes first.
        let (mut paren, mut open) = (0i32, None);
        for (j, c) in rest.char_indices() {
            match c {
                '(' | '[' => paren += 1,
                ')' | ']' => paren -= 1,
                ';' if paren == 0 => break,
                '{' if paren == 0 => {
                    open = Some(from + j);
                    break;
                }
                _ => {}
            }
        }
        let Some(open) = open else { continue };
        let mut depth = 0;
        let mut close = code.len();
        for (j, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + j;
                        break;
                    }
                }
                _ => {}
            }
        }
        let first = line_at(at);
        out.push((name, first, line_at(close) - first + 1));
    }
    out
}

// The checker's own tests: it must fail on what it is there to catch.

fn fake(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(path, text)| Source {
            path: path.to_string(),
            text: text.to_string(),
        })
        .collect()
}

#[test]
fn an_upward_import_fails() {
    let files = fake(&[
        ("src/lib.rs", "pub use parse::TaskFile;\n"),
        ("src/model/mod.rs", "use crate::ops::Plan;\n"),
        (
            "src/document/mod.rs",
            "fn f() { let _ = crate::TaskFile::parse; }\n",
        ),
        (
            "src/parse/mod.rs",
            "use crate::{\n    model::Task,\n    schema::{Schema, SchemaField},\n};\n",
        ),
        (
            "src/lint/mod.rs",
            "use crate::parse::TaskFile; // crate::ops::x\n",
        ),
    ]);
    let problems = check_layers(&files);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].contains("`model` imports `ops`"),
        "{problems:#?}"
    );
    assert!(
        problems[1].contains("`document` imports `parse`"),
        "{problems:#?}"
    );
    assert!(
        problems[2].contains("`parse` imports `schema`"),
        "{problems:#?}"
    );
}

#[test]
fn a_cycle_fails() {
    let files = fake(&[
        ("src/lint/mod.rs", "use crate::doctor::Report;\n"),
        (
            "src/doctor.rs",
            "fn f() -> crate::lint::Report { todo!() }\n",
        ),
        ("src/model/mod.rs", "use crate::document::Span;\n"),
    ]);
    let problems = check_layers(&files);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].starts_with("import cycle: doctor → lint → doctor"));
}

#[test]
fn an_unknown_module_and_a_leaf_import_fail() {
    let files = fake(&[
        ("src/widgets.rs", "use crate::model::Task;\n"),
        ("src/ops/mod.rs", "use crate::generate::task_file;\n"),
        ("src/main.rs", "use crate::cli::run;\n"),
    ]);
    let problems = check_layers(&files);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("`widgets` has no layer"));
    assert!(problems[1].contains("which no library module may import"));
}

#[test]
fn strings_and_comments_are_not_imports() {
    let files = fake(&[(
        "src/model/mod.rs",
        "//! see crate::ops\nconst A: &str = \"use crate::ops::X;\";\nconst B: &str = r#\"crate::lint::y\"#;\n/* crate::output */ fn f<'a>(c: char) -> bool { c == '\"' }\n",
    )]);
    assert_eq!(check_layers(&files), Vec::<String>::new());
}

#[test]
fn long_files_and_functions_fail() {
    let body: String = (0..MAX_FN_LINES)
        .map(|i| format!("    let _x{i} = '{{';\n"))
        .collect();
    let long_fn = format!("fn long() {{\n{body}}}\n\nfn short() {{}}\n");
    let tests: String = "\n".repeat(2 * MAX_FILE_LINES);
    let long_tests = format!("fn a() {{}}\n#[cfg(test)]\nmod tests {{{tests}}}\n");
    let long_file = "\n".repeat(MAX_FILE_LINES + 1);
    let files = fake(&[
        ("src/model/a.rs", &long_fn),
        ("src/model/b.rs", &long_tests),
        ("src/model/c.rs", &long_file),
        ("src/model/d.rs", &long_file),
    ]);
    let problems = check_sizes(&files, &["src/model/d.rs"]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].starts_with("src/model/a.rs:1: fn long is 122 lines"));
    assert!(problems[1].starts_with("src/model/c.rs: 801 lines"));
}
