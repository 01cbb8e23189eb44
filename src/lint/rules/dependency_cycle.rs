//! `dependency-cycle` and `self-dependency`: tasks that can never start.
//!
//! Cycles are found with one iterative Tarjan pass over the dependency graph (no recursion, so
//! a 100,000-task chain cannot overflow the stack), and each cycle is reported once.

use crate::document::Span;
use crate::lint::diagnostic::{Diagnostic, Severity};
use crate::lint::registry::RuleInfo;

use super::Context;

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD008",
    name: "dependency-cycle",
    severity: Severity::Error,
    summary: "Tasks depend on each other in a cycle.",
    doc: r#"## What it does
Follows `Dependencies` between tasks and reports each cycle once, with its path
(`T-005 → T-006 → T-005`), at the first dependency of the cycle.

## Why is this bad?
No task in a cycle can ever become ready: each waits for another that waits for it.

## Example
```markdown
### T-005: Ship the importer
Dependencies: T-006

### T-006: Document the importer
Dependencies: T-005
```

## How to fix
Decide which task really comes first and drop the reverse dependency."#,
    fix: None,
};

/// Metadata of `self-dependency`.
pub const SELF_INFO: RuleInfo = RuleInfo {
    code: "TD009",
    name: "self-dependency",
    severity: Severity::Error,
    summary: "A task depends on itself.",
    doc: r#"## What it does
Reports a task whose `Dependencies` name its own ID.

## Why is this bad?
The task can never become ready; usually a copy-and-paste slip.

## Example
```markdown
### T-012: Add retries
Dependencies: T-012
```

## How to fix
Remove the ID, or replace it with the task that was meant."#,
    fix: None,
};

struct Node {
    file: usize,
    task: usize,
    /// (target node, span of the reference)
    edges: Vec<(usize, Span)>,
}

/// Runs both rules.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // Nodes: the first task carrying each ID.
    let mut id_to_node: crate::hash::Map<&str, usize> = crate::hash::Map::default();
    let mut nodes: Vec<Node> = Vec::new();
    for (fi, file) in cx.files() {
        for (ti, task) in file.file.tasks.iter().enumerate() {
            if let Some(id) = task.id()
                && !id_to_node.contains_key(id)
            {
                id_to_node.insert(id, nodes.len());
                nodes.push(Node {
                    file: fi,
                    task: ti,
                    edges: Vec::new(),
                });
            }
        }
    }
    for (n, node) in nodes.iter_mut().enumerate() {
        let task = &cx.project.files[node.file].file.tasks[node.task];
        for dep in &task.dependencies {
            let Some(&target) = id_to_node.get(dep.value.as_str()) else {
                continue;
            };
            if target == n {
                let mut d = cx.diagnostic(
                    &SELF_INFO,
                    node.file,
                    dep.span,
                    Some(task),
                    format!("{} depends on itself", dep.value),
                );
                d.help = Some("remove it from the task's dependencies".to_string());
                out.push(d);
            } else if !node.edges.iter().any(|(t, _)| *t == target) {
                node.edges.push((target, dep.span));
            }
        }
    }
    for scc in strongly_connected(&nodes) {
        if scc.len() < 2 {
            continue;
        }
        let cycle = cycle_in(&nodes, &scc);
        let names: Vec<&str> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&n| {
                cx.project.files[nodes[n].file].file.tasks[nodes[n].task]
                    .id()
                    .unwrap_or("?")
            })
            .collect();
        let start = cycle[0];
        let next = cycle[1 % cycle.len()];
        let span = edge_span(&nodes, start, next);
        let task = &cx.project.files[nodes[start].file].file.tasks[nodes[start].task];
        let mut d = cx.diagnostic(
            &INFO,
            nodes[start].file,
            span,
            Some(task),
            format!("dependency cycle: {}", names.join(" → ")),
        );
        for w in 1..cycle.len() {
            let (from, to) = (cycle[w], cycle[(w + 1) % cycle.len()]);
            let label = format!("{} → {}", names[w], names[w + 1]);
            d.secondary.push(cx.location(
                nodes[from].file,
                edge_span(&nodes, from, to),
                Some(label),
            ));
        }
        d.help = Some("drop the dependency that points the wrong way".to_string());
        out.push(d);
    }
}

fn edge_span(nodes: &[Node], from: usize, to: usize) -> Span {
    nodes[from]
        .edges
        .iter()
        .find(|(t, _)| *t == to)
        .map_or(Span::default(), |(_, s)| *s)
}

/// Iterative Tarjan: strongly connected components, each in discovery order.
fn strongly_connected(nodes: &[Node]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = nodes.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut next_index = 0;
    // Call stack of (node, next edge to visit).
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut e)) = calls.last_mut() {
            if let Some(&(w, _)) = nodes[v].edges.get(*e) {
                *e += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.reverse();
                out.push(comp);
            }
        }
    }
    out
}

/// One cycle through the component, starting at its first node in file order.
fn cycle_in(nodes: &[Node], scc: &[usize]) -> Vec<usize> {
    let start = *scc.iter().min().unwrap_or(&0);
    let member: crate::hash::Set<usize> = scc.iter().copied().collect();
    // Breadth-first search back to `start`, inside the component.
    let mut prev: crate::hash::Map<usize, usize> = crate::hash::Map::default();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &(w, _) in &nodes[v].edges {
            if !member.contains(&w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut cur = v;
                while cur != start {
                    cur = prev[&cur];
                    path.push(cur);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = prev.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(usize, usize)], n: usize) -> Vec<Node> {
        let mut nodes: Vec<Node> = (0..n)
            .map(|i| Node {
                file: 0,
                task: i,
                edges: Vec::new(),
            })
            .collect();
        for &(a, b) in edges {
            nodes[a].edges.push((b, Span::default()));
        }
        nodes
    }

    #[test]
    fn finds_each_cycle_once_with_its_path() {
        let nodes = graph(&[(0, 1), (1, 2), (2, 0), (3, 4)], 5);
        let sccs: Vec<_> = strongly_connected(&nodes)
            .into_iter()
            .filter(|c| c.len() > 1)
            .collect();
        assert_eq!(sccs.len(), 1);
        assert_eq!(cycle_in(&nodes, &sccs[0]), [0, 1, 2]);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 200_000;
        let edges: Vec<(usize, usize)> =
            (0..n - 1).map(|i| (i, i + 1)).chain([(n - 1, 0)]).collect();
        let nodes = graph(&edges, n);
        let sccs = strongly_connected(&nodes);
        assert_eq!(sccs.len(), 1);
        assert_eq!(cycle_in(&nodes, &sccs[0]).len(), n);
    }
}
