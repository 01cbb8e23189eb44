//! The property of the fuzz target `merge`: the task merge never panics, and a merge it calls
//! clean never drops a task, a field or a ticked checklist item that a side kept.
//!
//! Input layout: the ancestor, ours and theirs, separated by the byte 0xFF (which UTF-8
//! never holds), then one byte for the marker size. Inputs without two separators are merged
//! as three copies of one text with a line appended to ours and to theirs.
//!
//! Like `checks.rs`, this file is included by a test of the main crate
//! (`tests/merge_fuzz_replay.rs`), so it uses nothing but `todo_md` and the standard library.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use todo_md::merge::{MergeRequest, Method, merge};
use todo_md::{Document, Task, TaskFile};

fn parse(bytes: &[u8]) -> Option<TaskFile> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(TaskFile::parse(Document::from_string(
        "TODO.md",
        text.to_string(),
    )))
}

/// Tasks by ID, for IDs that occur once.
fn by_id(file: &TaskFile) -> HashMap<String, &Task> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for t in &file.tasks {
        if let Some(id) = t.id() {
            *count.entry(id).or_default() += 1;
        }
    }
    file.tasks
        .iter()
        .filter_map(|t| Some((t.id()?, t)))
        .filter(|(id, _)| count[id] == 1)
        .map(|(id, t)| (id.to_string(), t))
        .collect()
}

fn field_keys(t: &Task) -> HashSet<String> {
    t.fields
        .iter()
        .map(|f| f.key.as_str().to_lowercase())
        .collect()
}

fn ticked(t: &Task) -> HashSet<String> {
    t.criteria
        .iter()
        .filter(|c| c.done)
        .map(|c| c.text.to_string())
        .collect()
}

/// What the oracle has checked since the process started, for a replay to report: merges
/// done as tasks (and of those, clean ones), and the tasks, fields and ticked items it
/// found kept.
pub struct Checked {
    pub task_merges: AtomicUsize,
    pub clean: AtomicUsize,
    pub tasks: AtomicUsize,
    pub fields: AtomicUsize,
    pub ticked: AtomicUsize,
}

/// The counts of [`Checked`].
pub static CHECKED: Checked = Checked {
    task_merges: AtomicUsize::new(0),
    clean: AtomicUsize::new(0),
    tasks: AtomicUsize::new(0),
    fields: AtomicUsize::new(0),
    ticked: AtomicUsize::new(0),
};

/// The name a one-task file's task is checked under, whatever its ID.
const FILE: &str = "\u{0}the file's task";

/// The task of a version that is one task (front matter, or a title heading with fields),
/// with or without an ID.
fn file_task(file: &TaskFile) -> Option<&Task> {
    match &file.tasks[..] {
        [x] if x.style == todo_md::TaskStyle::File => Some(x),
        _ => None,
    }
}

/// Splits the fuzzer's bytes into the three versions and the marker size.
fn versions(data: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>, usize) {
    let parts: Vec<&[u8]> = data.splitn(3, |b| *b == 0xFF).collect();
    if let [b, o, rest] = parts[..] {
        let (t, size) = match rest.split_last() {
            Some((&last, t)) if rest.len() > 1 => (t, 1 + last as usize % 12),
            _ => (rest, 7),
        };
        return (b.to_vec(), o.to_vec(), t.to_vec(), size);
    }
    let mut o = data.to_vec();
    o.extend_from_slice(b"\n- [ ] **F-1** ours' addition\n");
    let mut t = data.to_vec();
    t.extend_from_slice(b"\n- [ ] **F-1** theirs' addition\n");
    (data.to_vec(), o, t, 7)
}

/// The oracle; panics with a message on a violation.
pub fn merge_target(data: &[u8]) {
    let (base, ours, theirs, size) = versions(data);
    let outcome = merge(&MergeRequest {
        base: &base,
        ours: &ours,
        theirs: &theirs,
        path: "TODO.md",
        marker_size: size,
        known_ids: &[],
    })
    .expect("the merge failed");
    if outcome.method != Method::Tasks {
        return;
    }
    CHECKED.task_merges.fetch_add(1, Relaxed);
    if outcome.conflicts == 0 {
        CHECKED.clean.fetch_add(1, Relaxed);
    }
    let (Some(b), Some(o), Some(t), Some(r)) = (
        parse(&base),
        parse(&ours),
        parse(&theirs),
        parse(&outcome.bytes),
    ) else {
        panic!("a task merge of UTF-8 versions produced bytes that are not UTF-8");
    };
    let result_text = std::str::from_utf8(&outcome.bytes).unwrap_or_default();
    let renamed: HashMap<&str, &str> = outcome
        .renumbered
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    let (mut bb, mut oo, tt, mut rr) = (by_id(&b), by_id(&o), by_id(&t), by_id(&r));
    // Theirs' tasks under the IDs the merge gave them.
    let tt: HashMap<String, &Task> = tt
        .into_iter()
        .map(|(id, task)| (renamed.get(id.as_str()).map_or(id, |n| n.to_string()), task))
        .collect();
    // When all three versions are one-task files, the file is that task whatever ID a side
    // gave it (docs/merge.md): each version's task is known as FILE and checked under that
    // name, the result's too when it is one such file.
    let same_file = [&b, &o, &t].iter().all(|f| file_task(f).is_some());
    let mut tt = tt;
    for (f, map) in [(&b, &mut bb), (&o, &mut oo), (&t, &mut tt), (&r, &mut rr)] {
        if let Some(x) = file_task(f).filter(|_| same_file) {
            map.insert(FILE.to_string(), x);
        }
    }
    let file_task = |f: &TaskFile| file_task(f).filter(|_| same_file).map(|_| ());
    let in_file = |f: &TaskFile, id: &str| id == FILE && file_task(f).is_some();
    // Any occurrence counts: an ID a version holds twice is still that version's.
    let has = |f: &TaskFile, id: &str| in_file(f, id) || f.tasks.iter().any(|x| x.id() == Some(id));
    let unchanged = |side: &TaskFile, task: &Task, id: &str| {
        b.tasks.iter().any(|x| {
            (x.id() == Some(id) || (id == FILE && file_task(&b).is_some()))
                && b.doc.slice(x.span) == side.doc.slice(task.span)
        })
    };
    for (mine, other, file, other_file, name) in
        [(&oo, &tt, &o, &t, "ours"), (&tt, &oo, &t, &o, "theirs")]
    {
        for (id, task) in mine.iter() {
            if file_task(file).is_some() && id != FILE {
                continue; // the same task, checked as FILE
            }
            // Deleted by the other side, unchanged here: gone is right.
            if has(&b, id) && !has(other_file, id) && unchanged(file, task, id) {
                continue;
            }
            if outcome.conflicts > 0 && id == FILE {
                continue; // the file's one task, under whichever side's ID merged
            }
            if outcome.conflicts > 0 {
                // The ID as written: a quoted front-matter value (`'a''b'`) is not its text.
                let written = task.id.as_ref().map_or("", |i| file.doc.slice(i.span));
                let own = task.id().unwrap_or_default();
                assert!(
                    result_text.contains(id.as_str())
                        || result_text.contains(own)
                        || result_text.contains(written),
                    "{name}' task {id} was lost"
                );
                CHECKED.tasks.fetch_add(1, Relaxed);
                continue;
            }
            assert!(
                has(&r, id),
                "{name}' task {id} is missing from a clean merge"
            );
            CHECKED.tasks.fetch_add(1, Relaxed);
            // An ID the result holds twice (a side wrote a duplicate) is not compared further.
            let Some(got) = rr.get(id) else { continue };
            // A one-task file without an ID is checked for its presence only, as a task
            // without an ID always was (its fields have no ID to be found by).
            if id == FILE && task.id().is_none_or(str::is_empty) {
                continue;
            }
            let base_task = bb.get(id);
            let other_task = other.get(id);
            for key in field_keys(task) {
                let removed_by_other = base_task.is_some_and(|bt| field_keys(bt).contains(&key))
                    && other_task.is_some_and(|ot| !field_keys(ot).contains(&key));
                assert!(
                    removed_by_other || field_keys(got).contains(&key),
                    "{name}' field `{key}` of {id} is missing from a clean merge"
                );
                CHECKED.fields.fetch_add(1, Relaxed);
            }
            let got_items: HashSet<String> =
                got.criteria.iter().map(|c| c.text.to_string()).collect();
            for item in ticked(task) {
                let unticked_by_other = base_task.is_some_and(|bt| ticked(bt).contains(&item))
                    && other_task.is_some_and(|ot| !ticked(ot).contains(&item));
                if got_items.contains(&item) && !unticked_by_other {
                    assert!(
                        ticked(got).contains(&item),
                        "{name}' ticked item `{item}` of {id} is unticked in a clean merge"
                    );
                    CHECKED.ticked.fetch_add(1, Relaxed);
                }
            }
        }
    }
}
