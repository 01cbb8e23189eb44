//! The check a clean task merge passes before it is written: every task either side kept is
//! in the result with every field either side has and every item either side ticked, unless
//! the other side removed it. A merge that fails it (two tables glued into one, say) is redone
//! line by line, so that the people merging see the conflict instead of a quiet loss.

use std::collections::{HashMap, HashSet};

use crate::model::Task;
use crate::parse::TaskFile;

/// Tasks by ID, for IDs that occur once.
fn by_id(file: &TaskFile) -> HashMap<&str, &Task> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in file.tasks.iter().filter_map(Task::id) {
        *count.entry(id).or_default() += 1;
    }
    file.tasks
        .iter()
        .filter_map(|t| Some((t.id()?, t)))
        .filter(|(id, _)| count[id] == 1)
        .collect()
}

/// The task of a file that is one task (front matter, or a title heading with fields).
fn file_task(file: &TaskFile) -> Option<&Task> {
    match &file.tasks[..] {
        [t] if t.style == crate::model::TaskStyle::File => Some(t),
        _ => None,
    }
}

fn keys(t: &Task) -> HashSet<String> {
    t.fields
        .iter()
        .map(|f| f.key.as_str().to_lowercase())
        .collect()
}

fn ticked(t: &Task) -> HashSet<&str> {
    t.criteria
        .iter()
        .filter(|c| c.done)
        .map(|c| &*c.text)
        .collect()
}

/// `None` when `result` keeps what `ours` and `theirs` (renumbered) kept against `base`;
/// otherwise what it lost.
pub(crate) fn lost(
    base: &TaskFile,
    ours: &TaskFile,
    theirs: &TaskFile,
    result: &TaskFile,
) -> Option<String> {
    let (b, o, t, r) = (by_id(base), by_id(ours), by_id(theirs), by_id(result));
    let all: HashSet<&str> = result.tasks.iter().filter_map(Task::id).collect();
    // Any occurrence counts: an ID a version holds twice is still that version's.
    let has = |f: &TaskFile, id: &str| f.tasks.iter().any(|x| x.id() == Some(id));
    let sides = [
        (&o, &t, ours, theirs, "ours"),
        (&t, &o, theirs, ours, "theirs"),
    ];
    for (mine, other, side, other_side, name) in sides {
        // A one-task file is one task whatever ID a side gave it: found under the result's.
        let renamed = match (file_task(side), file_task(result)) {
            (Some(_), Some(rt)) => rt.id(),
            _ => None,
        };
        for (id, task) in mine {
            let unchanged = base
                .tasks
                .iter()
                .any(|x| x.id() == Some(id) && base.doc.slice(x.span) == side.doc.slice(task.span));
            if has(base, id) && !has(other_side, id) && unchanged {
                continue;
            }
            let found = renamed.unwrap_or(id);
            if !all.contains(found) {
                return Some(format!("{name}' task {id}"));
            }
            let Some(got) = r.get(found) else { continue };
            let (bt, ot) = (b.get(id), other.get(id));
            for key in keys(task) {
                let removed = bt.is_some_and(|x| keys(x).contains(&key))
                    && ot.is_some_and(|x| !keys(x).contains(&key));
                if !removed && !keys(got).contains(&key) {
                    return Some(format!("{name}' field `{key}` of {id}"));
                }
            }
            let items: HashSet<&str> = got.criteria.iter().map(|c| &*c.text).collect();
            for item in ticked(task) {
                let unticked = bt.is_some_and(|x| ticked(x).contains(item))
                    && ot.is_some_and(|x| !ticked(x).contains(item));
                if items.contains(item) && !unticked && !ticked(got).contains(item) {
                    return Some(format!("{name}' ticked item `{item}` of {id}"));
                }
            }
        }
    }
    None
}
