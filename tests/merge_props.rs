//! Property: on generated task files, two edits that touch different tasks or different
//! fields merge without conflict into exactly what applying ours' edit and then theirs' gives.
//!
//! The edits are the ones `todo` makes, written here by span on the parsed model: set a
//! field, tick a checklist item, add a task at the end of a section (with the next free ID),
//! move a task to the end of another section, stamp `Last Updated:`.

use proptest::prelude::*;
use todo_md::merge::{MergeRequest, Method, merge};
use todo_md::{Document, TaskFile};

#[derive(Debug, Clone)]
struct Spec {
    date: u32,
    /// Per section, per task: (priority, status, owner, checklist length).
    sections: Vec<Vec<(u8, u8, u8, u8)>>,
}

const STATUS: [&str; 4] = ["TODO", "READY", "IN-PROGRESS", "DONE"];
const OWNERS: [&str; 4] = ["ana", "bo", "cy", "dee"];

fn render(spec: &Spec) -> String {
    let mut s = format!("# Plan\n\nLast Updated: 2026-01-{:02}\n", spec.date);
    let mut id = 1;
    for (si, tasks) in spec.sections.iter().enumerate() {
        s.push_str(&format!("\n## Section {si}\n"));
        for &(p, st, o, n) in tasks {
            s.push_str(&format!(
                "\n### T-{id:03}: Task number {id}\nPriority: P{p}\nStatus: {}\nOwner: {}\n",
                STATUS[st as usize], OWNERS[o as usize]
            ));
            if n > 0 {
                s.push_str("\nAcceptance Criteria:\n");
                for k in 0..n {
                    s.push_str(&format!("- [ ] criterion {k} of {id}\n"));
                }
            }
            id += 1;
        }
    }
    s
}

#[derive(Debug, Clone)]
enum EditOp {
    /// Task index, field (0 priority, 1 status, 2 owner), value index.
    Set(usize, u8, u8),
    /// Task index, item index.
    Tick(usize, usize),
    /// Section index, title number.
    Add(usize, u32),
    /// Task index, target section.
    Move(usize, usize),
    /// Day of January.
    Stamp(u32),
}

impl EditOp {
    /// What the edit touches: (task, field); None for adds and stamps.
    fn target(&self) -> Option<(usize, u8)> {
        match *self {
            EditOp::Set(t, f, _) => Some((t, f)),
            EditOp::Tick(t, i) => Some((t, 10 + i as u8)),
            EditOp::Move(t, _) => Some((t, 100)),
            EditOp::Add(..) | EditOp::Stamp(_) => None,
        }
    }
}

fn parse(text: &str) -> TaskFile {
    TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
}

fn section_end(text: &str, section: usize) -> usize {
    let head = format!("\n## Section {section}\n");
    let start = text.find(&head).map_or(text.len(), |i| i + 1);
    text[start + 1..]
        .find("\n## ")
        .map_or(text.len(), |i| start + 1 + i)
}

fn next_id(text: &str) -> u32 {
    let f = parse(text);
    f.tasks
        .iter()
        .filter_map(|t| t.id()?.strip_prefix("T-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1
}

/// Applies one edit to `text` (`keep_later` for a stamp applied after another side's).
fn apply(text: &str, op: &EditOp, ids: &[String], keep_later: bool) -> String {
    let f = parse(text);
    let replace =
        |start: usize, end: usize, with: &str| format!("{}{with}{}", &text[..start], &text[end..]);
    match *op {
        EditOp::Set(t, field, v) => {
            let task = f.find(&ids[t]).unwrap();
            let (key, value) = match field {
                0 => ("Priority", format!("P{}", v % 4)),
                1 => ("Status", STATUS[(v % 4) as usize].to_string()),
                _ => ("Owner", OWNERS[(v % 4) as usize].to_string()),
            };
            let fld = task.field_named(key).unwrap();
            replace(fld.value_span().start, fld.value_span().end, &value)
        }
        EditOp::Tick(t, i) => {
            let task = f.find(&ids[t]).unwrap();
            let item = &task.criteria[i];
            replace(item.mark().start, item.mark().end, "[x]")
        }
        EditOp::Add(section, n) => {
            let at = section_end(text, section);
            let block = format!(
                "\n### T-{:03}: Added task {n}\nPriority: P2\nStatus: TODO\nOwner: ana\n",
                next_id(text)
            );
            replace(at, at, &block)
        }
        EditOp::Move(t, section) => {
            let task = f.find(&ids[t]).unwrap();
            let (start, end) = (task.span.start - 1, task.span.end);
            let block = text[start..end].to_string();
            let rest = replace(start, end, "");
            let at = section_end(&rest, section);
            format!("{}{block}{}", &rest[..at], &rest[at..])
        }
        EditOp::Stamp(day) => {
            let key = "Last Updated: ";
            let v = text.find(key).unwrap() + key.len();
            let old = &text[v..v + 10];
            let new = format!("2026-01-{day:02}");
            if keep_later && old >= new.as_str() {
                return text.to_string();
            }
            replace(v, v + 10, &new)
        }
    }
}

fn spec() -> impl Strategy<Value = Spec> {
    let task = (0u8..4, 0u8..3, 0u8..4, 0u8..4);
    (
        1u32..20,
        prop::collection::vec(prop::collection::vec(task, 0..4), 1..4),
    )
        .prop_map(|(date, sections)| Spec { date, sections })
        .prop_filter("at least one task", |s| {
            s.sections.iter().any(|t| !t.is_empty())
        })
}

fn op(spec: &Spec) -> impl Strategy<Value = EditOp> + use<> {
    let tasks: Vec<u8> = spec.sections.iter().flatten().map(|t| t.3).collect();
    let home: Vec<usize> = spec
        .sections
        .iter()
        .enumerate()
        .flat_map(|(si, ts)| ts.iter().map(move |_| si))
        .collect();
    let n = tasks.len();
    let sections = spec.sections.len();
    prop_oneof![
        (0..n, 0u8..3, 0u8..4).prop_map(|(t, f, v)| EditOp::Set(t, f, v)),
        (0..n, 0usize..4).prop_map(move |(t, i)| match tasks[t] as usize {
            0 => EditOp::Set(t, 2, i as u8),
            len => EditOp::Tick(t, i % len),
        }),
        (0..sections, 0u32..1000).prop_map(|(s, n)| EditOp::Add(s, n)),
        // A move to the task's own section is no change on that side, but would move it
        // past the other side's additions in sequential application.
        (0..n, 0..sections).prop_map(move |(t, k)| match sections {
            1 => EditOp::Stamp(21),
            _ => EditOp::Move(t, (home[t] + 1 + k % (sections - 1)) % sections),
        }),
        (20u32..29).prop_map(EditOp::Stamp),
    ]
}

fn case() -> impl Strategy<Value = (Spec, Vec<EditOp>, Vec<EditOp>)> {
    spec().prop_flat_map(|s| {
        let o = prop::collection::vec(op(&s), 1..3);
        let t = prop::collection::vec(op(&s), 1..3);
        (Just(s), o, t)
    })
}

proptest! {
    // PROPTEST_CASES raises the count for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(192),
        ..ProptestConfig::default()
    })]

    #[test]
    fn disjoint_edits_merge_as_sequential_application((spec, ours_ops, theirs_ops) in case()) {
        let touched: Vec<(usize, u8)> = ours_ops.iter().filter_map(EditOp::target).collect();
        let disjoint = theirs_ops.iter().filter_map(EditOp::target).all(|(t, f)| {
            // A move and a field edit of one task are disjoint; two moves or two edits of one
            // field are not; every edit of a task is kept apart from its own side's move.
            !touched.iter().any(|&(ot, of)| ot == t && (of == f || (of == 100) == (f == 100) && of == 100))
        });
        prop_assume!(disjoint);
        // Identical additions on both sides are one change (kept once); distinct titles
        // make every addition its own.
        let theirs_ops: Vec<EditOp> = theirs_ops
            .into_iter()
            .map(|op| match op {
                EditOp::Add(s, n) => EditOp::Add(s, n + 10_000),
                other => other,
            })
            .collect();
        let base = render(&spec);
        let ids: Vec<String> = parse(&base).tasks.iter().map(|t| t.id().unwrap().to_string()).collect();
        let side = |ops: &[EditOp], from: &str| ops.iter().fold(from.to_string(), |t, op| apply(&t, op, &ids, false));
        let ours = side(&ours_ops, &base);
        let theirs = side(&theirs_ops, &base);
        // Theirs' stamps are one change: their last date, kept when later than ours'.
        let mut want = theirs_ops
            .iter()
            .filter(|op| !matches!(op, EditOp::Stamp(_)))
            .fold(ours.clone(), |t, op| apply(&t, op, &ids, false));
        if let Some(last) = theirs_ops.iter().rev().find(|op| matches!(op, EditOp::Stamp(_))) {
            want = apply(&want, last, &ids, true);
        }
        let got = merge(&MergeRequest {
            base: base.as_bytes(),
            ours: ours.as_bytes(),
            theirs: theirs.as_bytes(),
            path: "TODO.md",
            marker_size: 7,
            known_ids: &[],
        }).unwrap();
        prop_assert_eq!(&got.method, &Method::Tasks);
        prop_assert_eq!(got.conflicts, 0, "{}", String::from_utf8_lossy(&got.bytes));
        prop_assert_eq!(String::from_utf8(got.bytes).unwrap(), want, "\n--- base\n{}\n--- ours\n{}\n--- theirs\n{}", base, ours, theirs);
    }
}

#[test]
fn the_oracle_can_fail() {
    // A merge that kept only ours would differ from sequential application.
    let spec = Spec {
        date: 3,
        sections: vec![vec![(1, 0, 0, 2)]],
    };
    let base = render(&spec);
    let ids = vec!["T-001".to_string()];
    let ours = apply(&base, &EditOp::Tick(0, 0), &ids, false);
    let theirs = apply(&base, &EditOp::Tick(0, 1), &ids, false);
    let want = apply(&ours, &EditOp::Tick(0, 1), &ids, true);
    assert_ne!(ours, want);
    let got = merge(&MergeRequest {
        base: base.as_bytes(),
        ours: ours.as_bytes(),
        theirs: theirs.as_bytes(),
        path: "TODO.md",
        marker_size: 7,
        known_ids: &[],
    })
    .unwrap();
    assert_eq!(String::from_utf8(got.bytes).unwrap(), want);
}
