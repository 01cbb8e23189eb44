//! Split recognition: a large file's tasks read in parts on several threads.
//!
//! The outline cuts a file into parts that parse alone exactly as inside the file (see
//! `outline` and `window`), so each group of parts can be walked on its own thread. What a
//! part cannot see is the stack of sections above its first line. A part's own section paths
//! are completed afterwards: a section pushed at level `L` pops every enclosing section of
//! level `L` or deeper, so the sections from above that survive are those shallower than
//! every level the part pushed so far. A part whose walk looked at the sections above it (a
//! task without a status under a heading like "Won't do", a template checklist) is walked
//! again with the true stack. A file with a legend, which changes how every later line reads,
//! is walked whole.

use crate::document::Document;
use crate::model::schema::Schema;
use crate::model::{StateMap, Task};

use super::recognize::Walker;
use super::scan::Line;

/// Tasks, section paths and schema: what a walk gives.
pub(crate) type Walked = (Vec<Task>, Vec<Vec<String>>, Option<Schema>);

/// One part's walk.
struct Part {
    tasks: Vec<Task>,
    /// Section paths as the part saw them (entry 0 is the part's start).
    sections: Vec<Vec<String>>,
    /// For each entry of `sections` after the first, the lowest level pushed up to it.
    min_levels: Vec<u8>,
    /// The part's own stack at its end.
    stack: Vec<(u8, String)>,
    /// The lowest level the part pushed (7 for none).
    min_push: u8,
    schema: Option<Schema>,
    /// The walk looked at sections above the part.
    consulted: bool,
    legend: bool,
    /// The part was walked with the true stack above it: its paths are whole.
    whole: bool,
}

/// Tasks, section paths and schema, as one walk over `lines` would give them; `None` when the
/// file is small, has no outline, or has a legend (then the caller walks it whole).
pub(crate) fn walk(
    doc: &Document,
    lines: &[Line],
    bounds: &[usize],
    states: &StateMap,
    title_h1: bool,
) -> Option<Walked> {
    let n = crate::par::parts_for(doc.text().len());
    if n < 2 || bounds.len() < 2 {
        return None;
    }
    let weight = |line: usize| lines.get(line).map_or(doc.text().len(), |l| l.start());
    let groups = crate::par::split(bounds, lines.len(), n, weight);
    if groups.len() < 2 {
        return None;
    }
    let walk_part = |range: std::ops::Range<usize>, above: Option<Vec<(u8, String)>>| {
        let whole = above.is_some();
        let mut w = Walker {
            title_h1,
            resets: above.map(|s| vec![(0, s)]).unwrap_or_default(),
            ..Walker::new(doc.text(), &lines[range], states)
        };
        w.walk();
        let min_levels = w
            .pushes
            .iter()
            .scan(7u8, |min, (level, _)| {
                *min = (*min).min(*level);
                Some(*min)
            })
            .collect();
        Part {
            tasks: w.tasks,
            sections: w.sections,
            min_levels,
            stack: w.stack,
            min_push: w.min_push,
            schema: w.schema,
            consulted: w.consulted.get(),
            legend: w.legend_seen,
            whole,
        }
    };
    let mut parts = crate::par::map(&groups, |r| walk_part(r, None));
    if parts.iter().any(|p| p.legend) {
        return None;
    }
    // The stack above each part, from the parts before it; parts that looked above are walked
    // again with it.
    let mut above: Vec<(u8, String)> = Vec::new();
    for (k, range) in groups.iter().enumerate() {
        if k > 0 && parts[k].consulted && !above.is_empty() {
            parts[k] = walk_part(range.clone(), Some(above.clone()));
        }
        let p = &parts[k];
        if !p.whole {
            above.retain(|(level, _)| *level < p.min_push);
        } else {
            above.clear();
        }
        above.extend(p.stack.iter().cloned());
    }
    // The first part's vector, grown once to the exact size, takes the others' tasks: a new
    // vector would be alive beside every part's for the length of the join (for a large
    // file, megabytes at the parse's peak), and a large block grows in place.
    let total: usize = parts.iter().map(|p| p.tasks.len()).sum();
    let mut tasks: Vec<Task> = Vec::new();
    let mut sections: Vec<Vec<String>> = Vec::new();
    let mut schema = None;
    let mut above: Vec<(u8, String)> = Vec::new();
    for (k, mut p) in parts.into_iter().enumerate() {
        if p.schema.is_some() {
            schema = p.schema.take();
        }
        if k == 0 {
            sections = p.sections;
            tasks = std::mem::take(&mut p.tasks);
            tasks.reserve_exact(total - tasks.len());
            above = p.stack;
            continue;
        }
        // Local section `e` is global `base + e` (`base + e - 1` for a part walked whole,
        // whose entry 1 restates the stack above it).
        let base = sections.len() - 1;
        let skip = if p.whole { 1 } else { 0 };
        for (e, path) in p.sections.into_iter().enumerate().skip(1 + skip) {
            let full = if p.whole {
                path
            } else {
                let min = p.min_levels[e - 1];
                above
                    .iter()
                    .filter(|(level, _)| *level < min)
                    .map(|(_, t)| t.clone())
                    .chain(path)
                    .collect()
            };
            sections.push(full);
        }
        for mut t in p.tasks {
            t.section = (base + t.section).saturating_sub(skip).max(base);
            tasks.push(t);
        }
        if p.whole {
            above = p.stack;
        } else {
            above.retain(|(level, _)| *level < p.min_push);
            above.append(&mut p.stack);
        }
    }
    if tasks.is_empty() {
        return None; // maybe a freeform list: the whole walk decides
    }
    Some((tasks, sections, schema))
}
