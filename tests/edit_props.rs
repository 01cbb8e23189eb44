//! Property tests for the edit engine.
//!
//! Acceptance criterion: "for generated task files and random sequences of edits, every edit
//! changes only bytes inside the edited task, and the file always reparses to the expected
//! model". Task files in the "heading + plain fields" style are generated (BOM or not, LF or
//! CRLF, final newline or not, optional schema, non-ASCII titles, trailing spaces), then a
//! random sequence of `set`, `check`/`uncheck` and `move` operations runs through the real
//! plan/verify path ([`Plan::apply`]). After every edit the bytes outside the edited task, the
//! other tasks' bytes, the BOM, the line endings and the final newline must be unchanged, and
//! the new text must parse to the model the test keeps alongside.
//!
//! Plain properties of [`edit::apply`] (no edit is the identity; edits are splices) close the
//! file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::Index;
use todo_md::document::Span;
use todo_md::edit::{self, Edit};
use todo_md::lint::{self, Severity};
use todo_md::ops::OpError;
use todo_md::ops::{self, Common, MoveOptions};
use todo_md::project::Project;
use todo_md::{Document, FieldKey, State, StateMap, TaskFile};

// ---------------------------------------------------------------------------------------------
// Generated task files
// ---------------------------------------------------------------------------------------------

const PRIORITIES: [&str; 3] = ["P0", "P1", "P2"];
const STATUSES: [&str; 4] = ["READY", "BLOCKED", "IN-PROGRESS", "DONE"];
const OWNERS: [&str; 6] = ["ana", "bob", "José", "李雷", "zoë", "team 🚀"];
const REASONS: [&str; 3] = ["waiting on vendor", "needs T-review 🔒", "légal sign-off"];
const TITLE_WORDS: [&str; 12] = [
    "Fix",
    "the",
    "parser",
    "café",
    "naïve",
    "日本語",
    "🚀",
    "Ünïcødé",
    "résumé",
    "emoji 🎉",
    "Ωmega",
    "rollout",
];
const ITEM_WORDS: [&str; 8] = [
    "write tests",
    "ship it 🚢",
    "vérifier",
    "docs",
    "東京",
    "review",
    "ünïcode ✓",
    "bench",
];

/// One generated checklist item.
#[derive(Debug, Clone)]
struct GenItem {
    done: bool,
    upper: bool,
    text: String,
}

/// One generated task.
#[derive(Debug, Clone)]
struct GenTask {
    num: usize,
    title: String,
    priority: Option<&'static str>,
    status: Option<&'static str>,
    /// `Owner:` value; `Some("")` writes the key with no value.
    owner: Option<&'static str>,
    /// `Blocker:` value (`None` or a reason).
    blocker: Option<&'static str>,
    /// `Acceptance Criteria:` and its items, when present.
    criteria: Option<Vec<GenItem>>,
    deps: bool,
    /// The order of the field lines (a permutation of `0..6`: priority, status, owner,
    /// blocker, acceptance criteria with its items, dependencies).
    order: Vec<usize>,
    /// Trailing spaces per line of the task (indexed by line, cycled).
    trailing: Vec<usize>,
}

/// One generated file.
#[derive(Debug, Clone)]
struct GenFile {
    bom: bool,
    crlf: bool,
    final_newline: bool,
    schema: bool,
    section: bool,
    title: String,
    tasks: Vec<GenTask>,
    /// After each task but the last: (blank lines, trailing spaces on the blank lines).
    gaps: Vec<(usize, usize)>,
}

fn trailing() -> impl Strategy<Value = usize> {
    prop_oneof![5 => Just(0usize), 1 => 1..4usize]
}

fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&TITLE_WORDS[..]), 1..5).prop_map(|w| w.join(" "))
}

fn item() -> impl Strategy<Value = GenItem> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(&ITEM_WORDS[..]),
    )
        .prop_map(|(done, upper, text)| GenItem {
            done,
            upper,
            text: text.to_string(),
        })
}

fn task() -> impl Strategy<Value = GenTask> {
    (
        title(),
        prop::option::of(prop::sample::select(&PRIORITIES[..])),
        prop::option::of(prop::sample::select(&STATUSES[..])),
        prop::option::of(prop_oneof![
            6 => prop::sample::select(&OWNERS[..]),
            1 => Just(""),
        ]),
        prop::option::of(prop_oneof![
            2 => Just("None"),
            1 => prop::sample::select(&REASONS[..]),
        ]),
        prop::option::of(prop::collection::vec(item(), 0..5)),
        any::<bool>(),
        prop::collection::vec(trailing(), 12),
        prop::sample::select(&REASONS[..]),
        prop_oneof![
            3 => Just((0..6).collect::<Vec<usize>>()),
            1 => Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
        ],
    )
        .prop_map(
            |(title, priority, status, owner, blocker, criteria, deps, trailing, reason, order)| {
                // A BLOCKED task names what blocks it: no lint error to begin with.
                let blocker = match (status, blocker) {
                    (Some("BLOCKED"), None | Some("None")) => Some(reason),
                    (_, b) => b,
                };
                GenTask {
                    num: 0,
                    title,
                    priority,
                    status,
                    owner,
                    blocker,
                    criteria,
                    deps,
                    order,
                    trailing,
                }
            },
        )
}

fn file() -> impl Strategy<Value = GenFile> {
    (
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (any::<bool>(), any::<bool>(), title()),
        prop::collection::vec(task(), 2..9),
        prop::collection::vec(
            (prop_oneof![4 => Just(1usize), 1 => Just(2)], trailing()),
            8,
        ),
        Just((1..=9).collect::<Vec<usize>>()).prop_shuffle(),
        prop::sample::select(&PRIORITIES[..]),
        prop::sample::select(&STATUSES[..2]),
    )
        .prop_map(
            |(
                (bom, crlf, final_newline),
                (schema, section, title),
                mut tasks,
                mut gaps,
                nums,
                default_priority,
                default_status,
            )| {
                for (t, n) in tasks.iter_mut().zip(nums) {
                    t.num = n;
                    if schema {
                        // The schema section makes both fields required.
                        t.priority.get_or_insert(default_priority);
                        if t.status.is_none() {
                            t.status = Some(default_status);
                            if default_status == "BLOCKED" && t.blocker.is_none_or(|b| b == "None")
                            {
                                t.blocker = Some(REASONS[0]);
                            }
                        }
                    }
                }
                gaps.truncate(tasks.len() - 1);
                GenFile {
                    bom,
                    crlf,
                    final_newline,
                    schema,
                    section,
                    title,
                    tasks,
                    gaps,
                }
            },
        )
}

impl GenTask {
    fn id(&self) -> String {
        format!("T-{:03}", self.num)
    }

    fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!("### {}: {}", self.id(), self.title)];
        for unit in &self.order {
            match unit {
                0 => lines.extend(self.priority.map(|p| format!("Priority: {p}"))),
                1 => lines.extend(self.status.map(|s| format!("Status: {s}"))),
                2 => lines.extend(
                    self.owner
                        .map(|o| format!("Owner: {o}").trim_end().to_string()),
                ),
                3 => lines.extend(self.blocker.map(|b| format!("Blocker: {b}"))),
                4 => {
                    if let Some(items) = &self.criteria {
                        lines.push("Acceptance Criteria:".to_string());
                        for i in items {
                            let mark = match (i.done, i.upper) {
                                (false, _) => "[ ]",
                                (true, false) => "[x]",
                                (true, true) => "[X]",
                            };
                            lines.push(format!("- {mark} {}", i.text));
                        }
                    }
                }
                _ => {
                    if self.deps {
                        lines.push("Dependencies: None".to_string());
                    }
                }
            }
        }
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| l + &" ".repeat(self.trailing[i % self.trailing.len()]))
            .collect()
    }

    /// What the task must parse to.
    fn model(&self) -> Expected {
        let mut fields = BTreeMap::new();
        let mut put = |k: &'static str, v: Option<&str>| {
            if let Some(v) = v {
                fields.insert(k, v.to_string());
            }
        };
        put("priority", self.priority);
        put("status", self.status);
        put("owner", self.owner);
        put("blocker", self.blocker);
        put("dependencies", self.deps.then_some("None"));
        Expected {
            id: self.id(),
            title: self.title.clone(),
            fields,
            acceptance: self.criteria.is_some(),
            criteria: self
                .criteria
                .iter()
                .flatten()
                .map(|i| (i.text.clone(), i.done))
                .collect(),
        }
    }
}

impl GenFile {
    fn render(&self) -> String {
        let mut lines = vec![format!("# {}", self.title), String::new()];
        if self.schema {
            lines.push("## Task schema (required)".into());
            lines.push("- **Priority**: `P0 | P1 | P2`".into());
            lines.push("- **Status**: `READY | BLOCKED | IN-PROGRESS | DONE`".into());
            lines.push(String::new());
        }
        if self.section {
            lines.push("## Tasks".into());
            lines.push(String::new());
        }
        for (i, t) in self.tasks.iter().enumerate() {
            lines.extend(t.lines());
            if let Some(&(blank, spaces)) = self.gaps.get(i) {
                for _ in 0..blank {
                    lines.push(" ".repeat(spaces));
                }
            }
        }
        let nl = if self.crlf { "\r\n" } else { "\n" };
        let mut text = String::new();
        if self.bom {
            text.push('\u{feff}');
        }
        text.push_str(&lines.join(nl));
        if self.final_newline {
            text.push_str(nl);
        }
        text
    }
}

/// The model a task must read back as.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    id: String,
    title: String,
    /// Canonical key → field text.
    fields: BTreeMap<&'static str, String>,
    acceptance: bool,
    /// (text, done) per checklist item.
    criteria: Vec<(String, bool)>,
}

impl Expected {
    fn blocked_without_blocker_if(&self, status: &str) -> bool {
        status == "BLOCKED" && self.fields.get("blocker").is_none_or(|b| b == "None")
    }
}

fn parse(text: &str) -> TaskFile {
    TaskFile::parse(Document::from_string("TODO.md", text.to_string()))
}

/// The model `text` parses to, in the same shape as [`Expected`].
fn read_model(file: &TaskFile) -> Result<Vec<Expected>, String> {
    let states = StateMap::default();
    let mut out = Vec::new();
    for t in &file.tasks {
        let id = t
            .id()
            .ok_or_else(|| format!("task {:?} has no ID", t.title.value))?;
        let mut fields = BTreeMap::new();
        for key in ["priority", "status", "owner", "blocker", "dependencies"] {
            if let Some(f) = t.field_named(key) {
                fields.insert(key, f.text(file.doc.text()));
            }
        }
        let acceptance = t.field(FieldKey::Acceptance).is_some();
        let known = fields.len() + usize::from(acceptance);
        if t.fields.len() != known {
            return Err(format!(
                "{id} has fields {:?}",
                t.fields.iter().map(|f| &f.key).collect::<Vec<_>>()
            ));
        }
        let want_state = t
            .status()
            .map_or(State::Todo, |s| states.state_of(s).unwrap_or(State::Todo));
        if t.state != want_state {
            return Err(format!("{id} reads as {:?}, not {want_state:?}", t.state));
        }
        out.push(Expected {
            id: id.to_string(),
            title: t.title.value.clone(),
            fields,
            acceptance,
            criteria: t
                .criteria
                .iter()
                .map(|c| (c.text.to_string(), c.done))
                .collect(),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Op {
    /// `set ID priority VALUE`
    SetPriority { task: Index, value: usize },
    /// `set ID owner VALUE`
    SetOwner { task: Index, value: usize },
    /// `check ID N` / `uncheck ID N`
    Check {
        task: Index,
        item: Index,
        done: bool,
        /// Pick among all tasks, not only those with items.
        any: bool,
    },
    /// `move ID STATUS`
    Move { task: Index, status: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (any::<Index>(), 0..PRIORITIES.len())
            .prop_map(|(task, value)| Op::SetPriority { task, value }),
        1 => (any::<Index>(), 0..OWNERS.len()).prop_map(|(task, value)| Op::SetOwner { task, value }),
        2 => (any::<Index>(), any::<Index>(), any::<bool>(), prop::bool::weighted(0.15))
            .prop_map(|(task, item, done, any)| Op::Check { task, item, done, any }),
        2 => (any::<Index>(), 0..STATUSES.len())
            .prop_map(|(task, status)| Op::Move { task, status }),
    ]
}

const COMMON: Common = Common {
    today: None,
    force: true,
};

/// What an operation should do: apply and leave the task as this model, or be refused.
enum Outcome {
    /// Applied; the task then reads as this.
    Applied(Expected),
    /// Refused because it would introduce a `blocked-without-blocker` error.
    RefusedBlocked,
    /// Refused because the task has no checklist item with that number.
    RefusedNoItem,
}

fn load(dir: &Path, text: &str) -> Project {
    std::fs::write(dir.join("TODO.md"), text).unwrap();
    Project::load(dir, &[PathBuf::from("TODO.md")]).unwrap()
}

fn lint_errors(project: &Project) -> Vec<String> {
    lint::run(project)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {:?}", d.rule, d.task_id))
        .collect()
}

/// Runs one operation on `text`; returns the new text (the same text when refused).
fn run_op(
    dir: &Path,
    text: &str,
    model: &mut [Expected],
    op: &Op,
) -> Result<String, TestCaseError> {
    let project = load(dir, text);
    let ti = match op {
        Op::SetPriority { task, .. } | Op::SetOwner { task, .. } | Op::Move { task, .. } => {
            task.index(model.len())
        }
        Op::Check { task, any, .. } => {
            // Mostly a task with items; sometimes any task (no items: refused).
            let with_items: Vec<usize> = (0..model.len())
                .filter(|&i| !model[i].criteria.is_empty())
                .collect();
            if *any || with_items.is_empty() {
                task.index(model.len())
            } else {
                with_items[task.index(with_items.len())]
            }
        }
    };
    let id = model[ti].id.clone();
    let mut want = model[ti].clone();
    let (result, outcome) = match op {
        Op::SetPriority { value, .. } => {
            let v = PRIORITIES[*value];
            want.fields.insert("priority", v.to_string());
            (
                ops::set(
                    &project,
                    &id,
                    &[("priority".to_string(), v.to_string())],
                    COMMON,
                ),
                Outcome::Applied(want),
            )
        }
        Op::SetOwner { value, .. } => {
            let v = OWNERS[*value];
            want.fields.insert("owner", v.to_string());
            (
                ops::set(
                    &project,
                    &id,
                    &[("owner".to_string(), v.to_string())],
                    COMMON,
                ),
                Outcome::Applied(want),
            )
        }
        Op::Check { item, done, .. } => {
            if want.criteria.is_empty() {
                (
                    ops::check(&project, &id, "1", *done, COMMON),
                    Outcome::RefusedNoItem,
                )
            } else {
                let k = item.index(want.criteria.len());
                want.criteria[k].1 = *done;
                (
                    ops::check(&project, &id, &(k + 1).to_string(), *done, COMMON),
                    Outcome::Applied(want),
                )
            }
        }
        Op::Move { status, .. } => {
            let s = STATUSES[*status];
            let outcome = if want.blocked_without_blocker_if(s) {
                Outcome::RefusedBlocked
            } else {
                want.fields.insert("status", s.to_string());
                Outcome::Applied(want)
            };
            (
                ops::move_to(&project, &id, s, &MoveOptions::default(), COMMON)
                    .map(|(plan, _warnings)| plan),
                outcome,
            )
        }
    };
    let applied = result.and_then(|plan| plan.apply(&project));
    let new_text = match (outcome, applied) {
        (Outcome::RefusedBlocked, Err(OpError::Unverified(msg))) => {
            prop_assert!(msg.contains("blocked-without-blocker"), "{msg}");
            return Ok(text.to_string());
        }
        (Outcome::RefusedNoItem, Err(OpError::Invalid(_))) => return Ok(text.to_string()),
        (Outcome::Applied(want), Ok(applied)) => {
            prop_assert!(applied.new_files.is_empty());
            prop_assert!(applied.files.len() <= 1);
            match applied.files.into_iter().next() {
                None => {
                    // Nothing to change: the model must already say so.
                    prop_assert_eq!(&model[ti], &want, "{:?} changed nothing", op);
                    return Ok(text.to_string());
                }
                Some((fi, old, new)) => {
                    prop_assert_eq!(fi, 0);
                    prop_assert_eq!(old.as_str(), text);
                    check_edit(&project.files[0].file, &new, &id)?;
                    model[ti] = want;
                    new
                }
            }
        }
        (Outcome::Applied(_), Err(e)) => {
            return Err(TestCaseError::fail(format!(
                "{op:?} on {id} was refused: {e}\n--- text ---\n{text:?}"
            )));
        }
        (_, r) => {
            return Err(TestCaseError::fail(format!(
                "{op:?} on {id}: expected a refusal, got {:?}\n--- text ---\n{text:?}",
                r.map(|a| a.files)
            )));
        }
    };
    // The whole file reads back as the model.
    let got = read_model(&parse(&new_text)).map_err(TestCaseError::fail)?;
    prop_assert_eq!(
        got.as_slice(),
        &*model,
        "after {:?} on {}: {:?}",
        op,
        id,
        new_text
    );
    Ok(new_text)
}

/// The byte-level properties of one edit of task `id` from `before` to `new`.
fn check_edit(before: &TaskFile, new: &str, id: &str) -> Result<(), TestCaseError> {
    let old = before.doc.text();
    let span: Span = before.find(id).unwrap().span;
    // (a) Only bytes inside the edited task change.
    prop_assert!(new.len() >= span.start + (old.len() - span.end));
    prop_assert_eq!(
        &old.as_bytes()[..span.start],
        &new.as_bytes()[..span.start],
        "bytes before {} changed",
        id
    );
    prop_assert_eq!(
        &old.as_bytes()[span.end..],
        &new.as_bytes()[new.len() - (old.len() - span.end)..],
        "bytes after {} changed",
        id
    );
    // (b) Same tasks, same order.
    let after = parse(new);
    let ids = |f: &TaskFile| f.tasks.iter().map(|t| t.id().map(str::to_string)).collect();
    let (a, b): (Vec<_>, Vec<_>) = (ids(before), ids(&after));
    prop_assert_eq!(a, b);
    // (c) Every other task keeps its exact bytes.
    for (x, y) in before.tasks.iter().zip(&after.tasks) {
        if x.id() != Some(id) {
            prop_assert_eq!(before.doc.slice(x.span), after.doc.slice(y.span));
        }
    }
    // (d) BOM and line endings.
    prop_assert_eq!(old.starts_with('\u{feff}'), new.starts_with('\u{feff}'));
    if old.contains("\r\n") {
        prop_assert!(
            new.match_indices('\n')
                .all(|(i, _)| i > 0 && new.as_bytes()[i - 1] == b'\r'),
            "a bare LF in a CRLF file: {:?}",
            new
        );
        prop_assert!(
            new.match_indices('\r')
                .all(|(i, _)| new[i..].starts_with("\r\n")),
            "a bare CR in a CRLF file: {:?}",
            new
        );
    } else {
        prop_assert!(!new.contains('\r'), "a CR in an LF file: {:?}", new);
    }
    // (e) The final newline.
    prop_assert_eq!(old.ends_with('\n'), new.ends_with('\n'));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Random edit sequences on generated files touch only the edited task and read back as
    /// the expected model.
    #[test]
    fn edits_stay_inside_the_task_and_reparse(generated in file(), ops in prop::collection::vec(op(), 1..7)) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = generated.render();
        let mut model: Vec<Expected> = generated.tasks.iter().map(GenTask::model).collect();
        // The generator's own promise: the file reads as generated and lints clean.
        let got = read_model(&parse(&text)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&got, &model, "generated file misread: {:?}", text);
        let errors = lint_errors(&load(dir.path(), &text));
        prop_assert!(errors.is_empty(), "generated file has errors {:?}: {:?}", errors, text);
        for op in &ops {
            text = run_op(dir.path(), &text, &mut model, op)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// edit::apply
// ---------------------------------------------------------------------------------------------

/// Char boundaries of `s`, end included.
fn boundaries(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// No edit gives the text back byte for byte.
    #[test]
    fn no_edit_is_identity(text in any::<String>()) {
        prop_assert_eq!(edit::apply(&text, &[]).unwrap(), text);
    }

    /// One edit is a splice.
    #[test]
    fn one_edit_is_a_splice(
        text in any::<String>(),
        a in any::<Index>(),
        b in any::<Index>(),
        replacement in any::<String>(),
    ) {
        let cuts = boundaries(&text);
        let (x, y) = (cuts[a.index(cuts.len())], cuts[b.index(cuts.len())]);
        let (start, end) = (x.min(y), x.max(y));
        let e = Edit { span: Span::new(start, end), replacement: replacement.clone() };
        let want = format!("{}{replacement}{}", &text[..start], &text[end..]);
        prop_assert_eq!(edit::apply(&text, &[e]).unwrap(), want);
    }

    /// Disjoint edits, given in any order, are the splices applied from the back.
    #[test]
    fn disjoint_edits_in_any_order(
        text in any::<String>(),
        picks in prop::collection::vec((any::<Index>(), any::<bool>(), any::<String>()), 0..5),
        order in any::<prop::sample::Index>(),
    ) {
        let cuts = boundaries(&text);
        // Strictly increasing cut positions, paired into edits; an edit may shrink to an
        // insertion at its start.
        let mut at: Vec<usize> = picks.iter().map(|(i, _, _)| i.index(cuts.len())).collect();
        at.sort_unstable();
        at.dedup();
        let mut edits = Vec::new();
        for (n, pair) in at.chunks(2).enumerate() {
            let (_, empty, r) = &picks[n];
            let start = cuts[pair[0]];
            let end = if *empty || pair.len() == 1 { start } else { cuts[pair[1]] };
            edits.push(Edit { span: Span::new(start, end), replacement: r.clone() });
        }
        let mut want = text.clone();
        for e in edits.iter().rev() {
            want.replace_range(e.span.range(), &e.replacement);
        }
        if !edits.is_empty() {
            let k = order.index(edits.len());
            edits.rotate_left(k);
            edits.reverse();
        }
        prop_assert_eq!(edit::apply(&text, &edits).unwrap(), want);
    }

    /// A span past the end or inside a character is refused.
    #[test]
    fn bad_spans_are_refused(text in any::<String>(), extra in 1usize..4) {
        let past = Edit { span: Span::new(0, text.len() + extra), replacement: String::new() };
        prop_assert!(edit::apply(&text, &[past]).is_err());
        if let Some((i, c)) = text.char_indices().find(|(_, c)| c.len_utf8() > 1) {
            let inside = Edit { span: Span::new(i + 1, i + c.len_utf8()), replacement: String::new() };
            prop_assert!(edit::apply(&text, &[inside]).is_err());
        }
    }
}
