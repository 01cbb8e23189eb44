//! The dependency graph: tasks as nodes styled by state, edges from a dependency to the task
//! that depends on it, dependencies on unknown tasks drawn as missing nodes; rendered as
//! Mermaid (for GitHub) or Graphviz DOT.
//!
//! Building reads only the loaded project (its ID index); rendering only formats the built
//! [`Graph`]. Nothing here reads files or re-parses.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

use thiserror::Error;

use crate::model::State;
use crate::output::board::fit;
use crate::output::format::Format;
use crate::output::sanitize;
use crate::project::Project;

/// The formats `todo graph` writes, the default first.
pub const FORMATS: &[Format] = &[Format::Mermaid, Format::Dot];

/// Writes `g` in `format`: Mermaid or DOT.
pub fn write(out: &mut dyn std::io::Write, format: Format, g: &Graph) -> std::io::Result<()> {
    let text = match format {
        Format::Dot => dot(g),
        _ => mermaid(g),
    };
    out.write_all(text.as_bytes())
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// Mark the tasks that can start now.
    pub ready: bool,
    /// Only this task, what it depends on and what depends on it (transitively).
    pub focus: Option<String>,
}

/// Why a graph could not be built.
#[derive(Debug, Error)]
pub enum GraphError {
    /// `--focus` names no task.
    #[error("no task {id}{}", suggestion.as_ref().map(|s| format!(" (did you mean {s}?)")).unwrap_or_default())]
    UnknownTask {
        /// The ID asked for.
        id: String,
        /// The closest ID, if any.
        suggestion: Option<String>,
    },
}

/// A node: a task, or a dependency no task carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The ID as written by the task (or by the first reference, for a missing one).
    pub id: String,
    /// The title; empty for a missing task.
    pub title: String,
    /// The task's state; `None` when the task is missing.
    pub state: Option<State>,
    /// True when the task can start now (only with [`GraphOptions::ready`]).
    pub ready: bool,
}

/// Nodes in file order (missing ones where first referenced), edges as (from, to) indices.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// The nodes.
    pub nodes: Vec<Node>,
    /// Dependency → dependent.
    pub edges: Vec<(usize, usize)>,
}

/// The graph of every task with an ID outside the archive file, plus archived and missing
/// tasks that something depends on.
pub fn build(project: &Project, opts: &GraphOptions) -> Result<Graph, GraphError> {
    let index = project.index();
    let mut g = Graph::default();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut node_of = |g: &mut Graph, id: &str| -> usize {
        // A reference is resolved through the index (case folded, as `todo show` does).
        let found = index.lookup(id).and_then(|ts| ts.first().copied());
        let key = found.and_then(|t| t.task.id()).unwrap_or(id).to_string();
        if let Some(&i) = by_id.get(&key) {
            return i;
        }
        g.nodes.push(Node {
            id: key.clone(),
            title: found
                .map(|t| t.task.title.value.clone())
                .unwrap_or_default(),
            state: found.map(|t| {
                if t.file.archive {
                    State::Done
                } else {
                    t.task.state
                }
            }),
            ready: false,
        });
        by_id.insert(key, g.nodes.len() - 1);
        g.nodes.len() - 1
    };
    for t in project.tasks().filter(|t| !t.file.archive) {
        let Some(id) = t.task.id() else { continue };
        let to = node_of(&mut g, id);
        for d in &t.task.dependencies {
            let from = node_of(&mut g, &d.value);
            if from != to && !g.edges.contains(&(from, to)) {
                g.edges.push((from, to));
            }
        }
        if opts.ready {
            g.nodes[to].ready = t.task.state == State::Todo
                && t.blocker().is_none()
                && t.task
                    .dependencies
                    .iter()
                    .all(|d| Project::is_satisfied(&index, &d.value));
        }
    }
    if let Some(focus) = &opts.focus {
        let found = index.lookup(focus).and_then(|ts| ts.first().copied());
        let Some(&start) = found.and_then(|t| t.task.id()).and_then(|id| by_id.get(id)) else {
            return Err(GraphError::UnknownTask {
                id: focus.clone(),
                suggestion: project.suggest(focus),
            });
        };
        g = focus_on(&g, start);
    }
    Ok(g)
}

/// The part of `g` connected to `start` through dependencies (upstream) and dependents
/// (downstream); siblings that only share an ancestor are left out.
fn focus_on(g: &Graph, start: usize) -> Graph {
    let mut keep = vec![false; g.nodes.len()];
    keep[start] = true;
    for upstream in [true, false] {
        let mut queue = VecDeque::from([start]);
        let mut seen = vec![false; g.nodes.len()];
        seen[start] = true;
        while let Some(n) = queue.pop_front() {
            for &(from, to) in &g.edges {
                let next = match (upstream, from == n, to == n) {
                    (true, _, true) => from,
                    (false, true, _) => to,
                    _ => continue,
                };
                if !seen[next] {
                    seen[next] = true;
                    keep[next] = true;
                    queue.push_back(next);
                }
            }
        }
    }
    let mut new_index = vec![usize::MAX; g.nodes.len()];
    let mut out = Graph::default();
    for (i, n) in g.nodes.iter().enumerate().filter(|(i, _)| keep[*i]) {
        new_index[i] = out.nodes.len();
        out.nodes.push(n.clone());
    }
    out.edges = g
        .edges
        .iter()
        .filter(|(a, b)| keep[*a] && keep[*b])
        .map(|(a, b)| (new_index[*a], new_index[*b]))
        .collect();
    out
}

/// Titles are cut so the graph stays readable.
const TITLE_WIDTH: usize = 40;

/// A node's class: its state, or `missing`.
fn class(n: &Node) -> &'static str {
    match n.state {
        None => "missing",
        Some(State::Todo) => "todo",
        Some(State::InProgress) => "inprogress",
        Some(State::Blocked) => "blocked",
        // Closed like done: nothing waits on it.
        Some(State::Done | State::Cancelled) => "done",
    }
}

/// (fill, stroke) of each class, shared by both renderers.
const STYLES: [(&str, &str, &str); 5] = [
    ("todo", "#ffffff", "#495057"),
    ("inprogress", "#fff3bf", "#e67700"),
    ("blocked", "#ffe3e3", "#c92a2a"),
    ("done", "#d3f9d8", "#2b8a3e"),
    ("missing", "#f1f3f5", "#868e96"),
];

/// A Mermaid node ID: letters, digits and `_` only, unique (`T-131` → `T_131`).
fn mermaid_ids(g: &Graph) -> Vec<String> {
    let mut used: HashMap<String, usize> = HashMap::new();
    g.nodes
        .iter()
        .map(|n| {
            let mut base: String =
                n.id.chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
            if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
                base.insert(0, 'n');
            }
            // `end` closes a subgraph in Mermaid; any other spelling is an ordinary name.
            if base == "end" {
                base.push('_');
            }
            let count = used.entry(base.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                format!("{base}_{count}")
            } else {
                base
            }
        })
        .collect()
}

/// Text inside a quoted Mermaid label: quotes and angle brackets as entity codes, so a title
/// can never close the label or open markup.
fn mermaid_text(text: &str) -> String {
    sanitize(text)
        .replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('\n', " ")
}

fn label(n: &Node) -> String {
    match n.state {
        None => format!("{} (missing)", n.id),
        Some(_) => format!("{}: {}", n.id, fit(&n.title, TITLE_WIDTH)),
    }
}

/// The graph as a Mermaid flowchart, left to right.
pub fn mermaid(g: &Graph) -> String {
    let ids = mermaid_ids(g);
    let mut out = String::from("flowchart LR\n");
    for (n, id) in g.nodes.iter().zip(&ids) {
        let _ = writeln!(
            out,
            "    {id}[\"{}\"]:::{}",
            mermaid_text(&label(n)),
            class(n)
        );
    }
    for &(a, b) in &g.edges {
        let arrow = if g.nodes[a].state.is_none() {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(out, "    {} {arrow} {}", ids[a], ids[b]);
    }
    for (name, fill, stroke) in STYLES {
        let dash = if name == "missing" {
            ",stroke-dasharray:5 5"
        } else {
            ""
        };
        let _ = writeln!(out, "    classDef {name} fill:{fill},stroke:{stroke}{dash}");
    }
    let ready: Vec<&str> = g
        .nodes
        .iter()
        .zip(&ids)
        .filter(|(n, _)| n.ready)
        .map(|(_, id)| id.as_str())
        .collect();
    if !ready.is_empty() {
        out.push_str("    classDef ready stroke-width:4px\n");
        let _ = writeln!(out, "    class {} ready", ready.join(","));
    }
    out
}

/// A DOT string's contents: backslashes and quotes escaped.
fn dot_text(text: &str) -> String {
    sanitize(text)
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ")
}

/// The graph as Graphviz DOT, left to right.
pub fn dot(g: &Graph) -> String {
    let mut out = String::from(
        "digraph todo {\n    rankdir=LR;\n    node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n",
    );
    for n in &g.nodes {
        let c = class(n);
        let (_, fill, stroke) = STYLES
            .iter()
            .find(|s| s.0 == c)
            .copied()
            .unwrap_or(STYLES[0]);
        let text = match n.state {
            None => format!("{}\\n(missing)", dot_text(&n.id)),
            Some(_) => format!(
                "{}\\n{}",
                dot_text(&n.id),
                dot_text(&fit(&n.title, TITLE_WIDTH))
            ),
        };
        let mut attrs = format!("label=\"{text}\", fillcolor=\"{fill}\", color=\"{stroke}\"");
        if n.state.is_none() {
            attrs.push_str(", style=\"rounded,filled,dashed\", class=\"missing\"");
        }
        if n.ready {
            attrs.push_str(", penwidth=3");
        }
        let _ = writeln!(out, "    \"{}\" [{attrs}];", dot_text(&n.id));
    }
    for &(a, b) in &g.edges {
        let style = if g.nodes[a].state.is_none() {
            " [style=dashed]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    \"{}\" -> \"{}\"{style};",
            dot_text(&g.nodes[a].id),
            dot_text(&g.nodes[b].id)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "### T-1: Reader\nStatus: DONE\n\n\
        ### T-2: Lanes \"side\" <by> side\nStatus: READY\nDependencies: T-1\n\n\
        ### T-3: Colours\nStatus: READY\nDependencies: T-2, T-9\n\n\
        ### T-4: Unrelated\nStatus: IN-PROGRESS\n";

    fn project() -> Project {
        crate::output::board::tests::project(TEXT)
    }

    fn ids(g: &Graph) -> Vec<&str> {
        g.nodes.iter().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn edges_run_from_dependency_to_dependent() {
        let g = build(&project(), &GraphOptions::default()).unwrap();
        assert_eq!(ids(&g), ["T-1", "T-2", "T-3", "T-9", "T-4"]);
        assert_eq!(g.edges, [(0, 1), (1, 2), (3, 2)]);
        assert_eq!(g.nodes[3].state, None);
    }

    #[test]
    fn ready_and_focus() {
        let opts = GraphOptions {
            ready: true,
            focus: Some("t-2".into()),
        };
        let g = build(&project(), &opts).unwrap();
        assert_eq!(ids(&g), ["T-1", "T-2", "T-3"]);
        assert!(g.nodes[1].ready && !g.nodes[2].ready);
        let err = build(
            &project(),
            &GraphOptions {
                ready: false,
                focus: Some("T-5".into()),
            },
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("no task T-5"), "{err}");
    }

    #[test]
    fn mermaid_escapes_labels() {
        let g = build(&project(), &GraphOptions::default()).unwrap();
        let m = mermaid(&g);
        assert!(
            m.contains("T_2[\"T-2: Lanes #quot;side#quot; #lt;by#gt; side\"]:::todo"),
            "{m}"
        );
        assert!(m.contains("T_9[\"T-9 (missing)\"]:::missing"), "{m}");
        assert!(m.contains("T_9 -.-> T_3"), "{m}");
    }

    #[test]
    fn mermaid_ids_are_names_mermaid_accepts() {
        let g = Graph {
            nodes: ["end", "1-a", "T.1", "T-1"]
                .iter()
                .map(|id| Node {
                    id: id.to_string(),
                    title: String::new(),
                    state: None,
                    ready: false,
                })
                .collect(),
            edges: Vec::new(),
        };
        assert_eq!(mermaid_ids(&g), ["end_", "n1_a", "T_1", "T_1_2"]);
    }

    #[test]
    fn dot_escapes_quotes() {
        let g = build(&project(), &GraphOptions::default()).unwrap();
        let d = dot(&g);
        assert!(
            d.contains(r#"label="T-2\nLanes \"side\" <by> side""#),
            "{d}"
        );
        assert!(d.contains(r#""T-9" -> "T-3" [style=dashed];"#), "{d}");
    }
}
