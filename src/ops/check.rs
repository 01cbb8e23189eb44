//! `todo check` and `todo uncheck`: tick or untick one checklist item, by number or by a
//! unique part of its text. It must not touch the item's text.

use crate::model::ChangeKind;
use crate::project::Project;

use super::fields;
use super::find::find;
use super::plan::{Common, key_of, line, touch};
use super::{Change, OpError, Plan};

/// `todo check ID N|TEXT` and `todo uncheck`.
pub fn check(
    project: &Project,
    id: &str,
    which: &str,
    done: bool,
    common: Common,
) -> Result<Plan, OpError> {
    let (fi, task) = find(project, id)?;
    let f = &project.files[fi];
    let index = match which.trim().parse::<usize>() {
        Ok(n) if n >= 1 && n <= task.criteria.len() => n - 1,
        Ok(n) => {
            return Err(OpError::Invalid(format!(
                "{id} has {} checklist item{}; there is no item {n}",
                task.criteria.len(),
                if task.criteria.len() == 1 { "" } else { "s" }
            )));
        }
        Err(_) => {
            let w = which.to_lowercase();
            let hits: Vec<usize> = (0..task.criteria.len())
                .filter(|&i| task.criteria[i].text.to_lowercase().contains(&w))
                .collect();
            match hits.as_slice() {
                [one] => *one,
                [] => {
                    return Err(OpError::Invalid(format!(
                        "no checklist item of {id} contains \"{which}\""
                    )));
                }
                many => {
                    return Err(OpError::Invalid(format!(
                        "\"{which}\" matches items {} of {id}; give the number",
                        many.iter()
                            .map(|i| (i + 1).to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
        }
    };
    let item = &task.criteria[index];
    let mut plan = Plan::new();
    plan.changes.push(Change {
        task: key_of(task),
        kind: ChangeKind::Criterion(index + 1),
        old: Some(if item.done { "[x]" } else { "[ ]" }.into()),
        new: Some(if done { "[x]" } else { "[ ]" }.into()),
        file: f.display.clone(),
        line: line(f, item.span().start),
    });
    if item.done != done {
        plan.edit(fi, [fields::tick(item.mark(), done)]);
    }
    plan.touched.push(key_of(task));
    let (tid, n) = (key_of(task), index);
    plan.expect.push(Box::new(move |p: &Project| {
        let (_, t) = find(p, &tid).map_err(|e| e.to_string())?;
        match t.criteria.get(n) {
            Some(c) if c.done == done => Ok(()),
            _ => Err(format!(
                "{tid}'s item {} would not be {}",
                n + 1,
                if done { "ticked" } else { "unticked" }
            )),
        }
    }));
    if item.done != done {
        touch(&mut plan, project, fi, common);
    }
    Ok(plan)
}
