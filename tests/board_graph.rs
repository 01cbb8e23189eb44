//! `todo board` and `todo graph` end to end: the board's text, Markdown and JSON on a fixture
//! of our own (snapshots), the GFM table read back by pulldown-cmark, the Mermaid output read
//! back by a small parser of its flowchart grammar, the DOT output fed to Graphviz (skipped
//! when `dot` is missing), and the acceptance facts on seed 002 (skipped when the shared seeds
//! are not in this checkout).

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/board/TODO.md")
}

fn seed_002() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let found = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("002_"))
    });
    if found.is_none() {
        println!("skipped: seed 002 is not in {}", dir.display());
    }
    found
}

/// `todo --file FILE ARGS…` in the fixture's directory, with no colour.
fn todo(file: &Path, args: &[&str]) -> Command {
    let mut cmd = common::todo(file.parent().unwrap());
    cmd.env("NO_COLOR", "1").arg("--file").arg(file).args(args);
    cmd
}

fn stdout(file: &Path, args: &[&str]) -> String {
    let out = todo(file, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn board_text_markdown_and_json() {
    let f = fixture();
    insta::assert_snapshot!("board_text", stdout(&f, &["board", "--width", "100"]));
    insta::assert_snapshot!(
        "board_by_owner",
        stdout(&f, &["board", "--by", "owner", "--width", "60"])
    );
    insta::assert_snapshot!("board_md", stdout(&f, &["board", "--format", "md"]));
    let v: Value = serde_json::from_str(&stdout(&f, &["board", "--format", "json"])).unwrap();
    assert_eq!(v["by"], "status");
    let lanes: Vec<(String, u64, Vec<String>)> = v["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let ids = l["tasks"].as_array().unwrap().iter();
            (
                l["name"].as_str().unwrap().to_string(),
                l["count"].as_u64().unwrap(),
                ids.map(|t| t["id"].as_str().unwrap().to_string()).collect(),
            )
        })
        .collect();
    let expect = |n: &str, c: u64, ids: &[&str]| {
        (
            n.to_string(),
            c,
            ids.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        lanes,
        [
            expect("READY", 2, &["T-131", "T-132"]),
            expect("IN-PROGRESS", 0, &[]),
            expect("IN-REVIEW", 1, &["T-133"]),
            expect("BLOCKED", 1, &["T-134"]),
            expect("DONE", 1, &["T-135"]),
        ]
    );
    // Each task in the shape docs/json.md gives it.
    assert_eq!(v["lanes"][0]["tasks"][0]["criteria"]["done"], 1);
}

/// The cells of every row of the first GFM table in `md`, as pulldown-cmark reads them.
fn gfm_table(md: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                rows.last_mut().unwrap().push(cell.take().unwrap());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    rows
}

#[test]
fn board_markdown_is_a_gfm_table() {
    let md = stdout(&fixture(), &["board", "--format", "md"]);
    let rows = gfm_table(&md);
    assert_eq!(
        rows.len(),
        3,
        "a header and one row per card of the longest lane"
    );
    assert_eq!(rows[0][0], "READY (2)");
    assert!(rows.iter().all(|r| r.len() == 5), "{rows:?}");
    assert_eq!(
        rows[1][0],
        "T-131 Run the test suite on every push (P0, 1/3)"
    );
    assert_eq!(rows[2][1], "");
    // A pipe in a title stays inside its cell.
    let dir = common::repo("### T-1: Read a | b\nStatus: READY\n");
    let md = stdout(&dir.path().join("TODO.md"), &["board", "--format", "md"]);
    assert_eq!(gfm_table(&md)[1], ["T-1 Read a | b"]);
}

/// A reader of the Mermaid flowchart subset `todo graph` writes: node definitions
/// `ID["label"]:::class`, edges `A --> B` and `A -.-> B`, `classDef` and `class` lines. Fails
/// on anything else, on an edge to an undefined node, and on a quote inside a label.
/// Returns (node ID → (label, class), edges as label pairs, ready node IDs).
type Mermaid = (
    HashMap<String, (String, String)>,
    Vec<(String, String)>,
    Vec<String>,
);

fn parse_mermaid(text: &str) -> Mermaid {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    let ident = |s: &str| {
        assert!(
            !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "bad node ID {s:?}"
        );
        s.to_string()
    };
    let mut nodes = HashMap::new();
    let mut edges = Vec::new();
    let mut classes = HashSet::new();
    let mut ready = Vec::new();
    for line in lines {
        let line = line
            .strip_prefix("    ")
            .unwrap_or_else(|| panic!("{line:?}"));
        if let Some(rest) = line.strip_prefix("classDef ") {
            let (name, style) = rest.split_once(' ').unwrap();
            assert!(style.split(',').all(|kv| kv.contains(':')), "{line}");
            classes.insert(name.to_string());
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (ids, class) = rest.split_once(' ').unwrap();
            assert_eq!(class, "ready");
            ready.extend(ids.split(',').map(ident));
        } else if let Some((a, b)) = line
            .split_once(" --> ")
            .or_else(|| line.split_once(" -.-> "))
        {
            edges.push((ident(a), ident(b)));
        } else {
            let (id, rest) = line.split_once("[\"").unwrap_or_else(|| panic!("{line:?}"));
            let (label, class) = rest.split_once("\"]:::").unwrap();
            assert!(!label.contains('"'), "a quote inside {label:?}");
            nodes.insert(ident(id), (label.to_string(), class.to_string()));
        }
    }
    for (a, b) in &edges {
        assert!(nodes.contains_key(a) && nodes.contains_key(b), "{a} -> {b}");
    }
    for (_, class) in nodes.values() {
        assert!(classes.contains(class), "class {class} is not defined");
    }
    let edges = edges
        .iter()
        .map(|(a, b)| (nodes[a].0.clone(), nodes[b].0.clone()))
        .collect();
    (nodes, edges, ready)
}

fn short(label: &str) -> &str {
    label.split([':', ' ']).next().unwrap()
}

#[test]
fn graph_mermaid_parses_with_states_edges_and_missing_nodes() {
    let f = fixture();
    let text = stdout(&f, &["graph", "--ready"]);
    insta::assert_snapshot!("graph_mermaid", text);
    let (nodes, edges, ready) = parse_mermaid(&text);
    let class = |id: &str| nodes[&id.replace('-', "_")].1.as_str();
    assert_eq!(class("T-131"), "todo");
    assert_eq!(class("T-133"), "inprogress");
    assert_eq!(class("T-134"), "blocked");
    assert_eq!(class("T-135"), "done");
    assert_eq!(class("T-090"), "missing");
    assert_eq!(nodes["T_090"].0, "T-090 (missing)");
    let pairs: Vec<(&str, &str)> = edges.iter().map(|(a, b)| (short(a), short(b))).collect();
    assert_eq!(
        pairs,
        [("T-090", "T-132"), ("T-131", "T-133"), ("T-133", "T-134")]
    );
    assert_eq!(ready, ["T_131"], "T-132 waits for a missing task");
    let (nodes, _, _) = parse_mermaid(&stdout(&f, &["graph", "--focus", "t-133"]));
    let mut ids: Vec<&str> = nodes.values().map(|(l, _)| short(l)).collect();
    ids.sort();
    assert_eq!(ids, ["T-131", "T-133", "T-134"]);
    todo(&f, &["graph", "--focus", "T-999"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no task T-999"));
    todo(&f, &["graph", "--format", "csv"]).assert().code(2);
}

/// Runs Graphviz's `dot -Tsvg` on `text`; `None` (with a message) when it is not installed.
fn graphviz(text: &str) -> Option<std::process::Output> {
    use std::io::Write as _;
    let mut child = match StdCommand::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            println!("skipped: Graphviz `dot` is not installed");
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    Some(child.wait_with_output().unwrap())
}

#[test]
fn graph_dot_is_accepted_by_graphviz() {
    let text = stdout(&fixture(), &["graph", "--format", "dot", "--ready"]);
    insta::assert_snapshot!("graph_dot", text);
    let Some(out) = graphviz(&text) else { return };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

#[test]
fn seed_002_board_and_graph() {
    let Some(seed) = seed_002() else { return };
    let text = stdout(&seed, &["board", "--width", "120"]);
    let widest = text.lines().map(UnicodeWidthStr::width).max().unwrap();
    assert!(widest <= 120, "a line is {widest} columns wide");
    let head = text.lines().next().unwrap();
    for lane in [
        "READY (49)",
        "IN-PROGRESS (0)",
        "IN-REVIEW (16)",
        "BLOCKED (7)",
    ] {
        assert!(head.contains(lane), "{lane} missing from {head:?}");
    }
    let v: Value = serde_json::from_str(&stdout(&seed, &["board", "--format", "json"])).unwrap();
    let counts: Vec<(&str, u64)> = v["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["name"].as_str().unwrap(), l["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        counts,
        [
            ("READY", 49),
            ("IN-PROGRESS", 0),
            ("IN-REVIEW", 16),
            ("BLOCKED", 7)
        ]
    );
    let md = stdout(&seed, &["board", "--format", "md"]);
    let rows = gfm_table(&md);
    assert_eq!(rows.len(), 50);
    assert!(rows.iter().all(|r| r.len() == 4));

    let (nodes, edges, _) = parse_mermaid(&stdout(&seed, &["graph"]));
    assert!(
        edges
            .iter()
            .any(|(a, b)| short(a) == "T-131" && short(b) == "T-133")
    );
    for id in ["T_064", "T_065", "T_066", "T_067"] {
        assert_eq!(nodes[id].1, "missing", "{id}");
    }
    let dot = stdout(&seed, &["graph", "--format", "dot"]);
    assert!(dot.contains("\"T-131\" -> \"T-133\";"));
    for id in ["T-064", "T-065", "T-066", "T-067"] {
        assert!(
            dot.contains(&format!("\"{id}\" [label=\"{id}\\n(missing)\"")),
            "{id} is not marked missing"
        );
    }
    let Some(out) = graphviz(&dot) else { return };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn usage_errors() {
    let f = fixture();
    todo(&f, &["board", "--format", "csv"]).assert().code(2);
    todo(&f, &["board", "-i", "--format", "json"])
        .assert()
        .code(2);
    todo(&f, &["stats", "--format", "svg"]).assert().code(2);
    todo(&f, &["stats", "--chart", "burnup"]).assert().code(2);
}
