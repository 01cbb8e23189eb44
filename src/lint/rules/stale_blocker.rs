//! `stale-blocker`: a blocked task whose blocker names only tasks that are all closed.

use crate::lint::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::lint::registry::RuleInfo;
use crate::model::{FieldKey, State, Task};

use super::{Context, name, with_fix};

/// Rule metadata.
pub const INFO: RuleInfo = RuleInfo {
    code: "TD024",
    name: "stale-blocker",
    severity: Severity::Warning,
    summary: "A blocked task waits only on tasks that are all done.",
    doc: r#"## What it does
Reports tasks in state blocked whose `Blocker` field names tasks by ID, when every task it
names is done (or cancelled).

## Why is this bad?
The task is not waiting for anything any more, yet `todo ready` leaves it out and the board
shows it as blocked. Such a blocker is usually forgotten when the other task is finished.

## Example
```markdown
### T-003: Edit engine
Status: DONE

### T-008: Merge driver
Status: BLOCKED
Blocker: T-003 (needs the edit engine)
```

## How to fix
Clear the blocker (`Blocker: None`) and give the task its open status again.

## Fix safety
The fix writes `None` as the blocker and leaves the status to you. It is safe when the
blocker text names nothing but the finished tasks (a note in parentheses aside); when it also
says something else, the fix is unsafe, since that may still hold."#,
    fix: Some(Applicability::Safe),
};

/// Words that may join the IDs in a blocker without naming anything else.
const JOINERS: [&str; 12] = [
    "and", "or", "on", "by", "for", "waiting", "waits", "needs", "blocked", "depends", "until",
    "see",
];

/// Runs the rule.
pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (fi, f, task) in cx.tasks() {
        if task.state != State::Blocked || task.blocker_refs.is_empty() {
            continue;
        }
        let (Some(field), Some(blocker)) = (
            task.field(FieldKey::Blocker),
            task.blocker(f.file.doc.text()),
        ) else {
            continue;
        };
        let all_closed = task.blocker_refs.iter().all(|r| {
            cx.index
                .lookup(r.value.as_str())
                .is_some_and(|found| !found.is_empty() && found.iter().all(|t| closed(t.task)))
        });
        if !all_closed {
            continue;
        }
        let ids: Vec<&str> = task.blocker_refs.iter().map(|r| r.value.as_str()).collect();
        let all_done = task.blocker_refs.iter().all(|r| {
            cx.index
                .lookup(r.value.as_str())
                .is_some_and(|found| found.iter().all(|t| t.task.state == State::Done))
        });
        let span = if field.value_span().is_empty() {
            field.span()
        } else {
            field.value_span()
        };
        let mut d = cx.diagnostic(
            &INFO,
            fi,
            span,
            Some(task),
            format!(
                "{} is blocked by {}, which {} {}",
                name(task),
                ids.join(", "),
                if ids.len() == 1 { "is" } else { "are all" },
                if all_done { "done" } else { "closed" }
            ),
        );
        d.help = Some("clear the blocker (`Blocker: None`) and set the open status".to_string());
        let d = match (field.items.is_empty())
            .then(|| crate::parse::style::replace_value(&f.file, field, "None").ok())
            .flatten()
        {
            Some(edit) => with_fix(
                d,
                Fix {
                    message: "clear the blocker".to_string(),
                    edits: vec![edit],
                    applicability: if only_ids(&blocker, task) {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    },
                },
            ),
            None => d,
        };
        out.push(d);
    }
}

/// Closed for a dependency: done or cancelled.
fn closed(task: &Task) -> bool {
    task.state.is_closed()
}

/// True when `blocker`, outside parentheses and without the IDs it names, holds only
/// punctuation and joining words: it says nothing but which tasks it waits on.
fn only_ids(blocker: &str, task: &Task) -> bool {
    let mut outside = String::new();
    let mut depth = 0usize;
    for c in blocker.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    for r in &task.blocker_refs {
        outside = outside.replace(r.value.as_str(), " ");
    }
    outside
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| JOINERS.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use crate::project::Project;

    fn diagnostics(text: &str) -> Vec<crate::lint::Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join("TODO.md"), text).unwrap();
        let project = Project::load(dir.path(), &[]).unwrap();
        crate::lint::run(&project)
            .diagnostics
            .into_iter()
            .filter(|d| d.rule == "stale-blocker")
            .collect()
    }

    #[test]
    fn reports_a_blocker_whose_tasks_are_all_done() {
        let text = "### T-1: a\nStatus: DONE\n\n### T-2: b\nStatus: DONE\n\n### T-3: c\nStatus: BLOCKED\nBlocker: T-1 and T-2 (both needed)\n";
        let d = diagnostics(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "T-3 is blocked by T-1, T-2, which are all done"
        );
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, super::Applicability::Safe);
        assert_eq!(fix.edits[0].replacement, "None");
    }

    #[test]
    fn quiet_while_a_blocker_is_open_or_names_no_task() {
        let open = "### T-1: a\nStatus: DONE\n\n### T-2: b\nStatus: READY\n\n### T-3: c\nStatus: BLOCKED\nBlocker: T-1, T-2\n";
        assert!(diagnostics(open).is_empty());
        let prose =
            "### T-1: a\nStatus: DONE\n\n### T-3: c\nStatus: BLOCKED\nBlocker: the vendor's key\n";
        assert!(diagnostics(prose).is_empty());
    }

    #[test]
    fn a_blocker_that_says_more_gets_an_unsafe_fix() {
        let text = "### T-1: a\nStatus: DONE\n\n### T-3: c\nStatus: BLOCKED\nBlocker: T-1 plus the vendor's API key\n";
        let d = diagnostics(text);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            super::Applicability::Unsafe
        );
    }
}
