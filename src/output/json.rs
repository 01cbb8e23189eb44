//! The stable JSON shape of a task (docs/json.md). Change it only by adding keys.

use serde::Serialize;
use std::borrow::Cow;

use serde::ser::SerializeMap;

use crate::model::Field;

use crate::model::{Checklist, FieldKey, State};
use crate::project::TaskRef;

/// One checklist item.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CriterionJson<'a> {
    /// Text after the box.
    pub text: &'a str,
    /// Ticked.
    pub done: bool,
    /// 1-based line.
    pub line: usize,
}

/// Checklist progress.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CriteriaJson<'a> {
    /// Ticked items.
    pub done: usize,
    /// All items.
    pub total: usize,
    /// The items.
    pub items: Vec<CriterionJson<'a>>,
}

/// A parent's sub-tasks: how many are done, of how many (cancelled ones not counted).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SubtasksJson {
    /// Sub-tasks done.
    pub done: usize,
    /// Sub-tasks counted.
    pub total: usize,
}

/// A task as JSON.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TaskJson<'a> {
    /// ID or null.
    pub id: Option<&'a str>,
    /// Title.
    pub title: &'a str,
    /// Raw status text or null.
    pub status: Option<&'a str>,
    /// State category.
    pub state: State,
    /// Raw priority, else the section's, or null.
    pub priority: Option<Cow<'a, str>>,
    /// `"section"` when the priority comes from the section heading; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_source: Option<&'static str>,
    /// `#tag` names in the title.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<&'a str>,
    /// `+project` names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<&'a str>,
    /// `@person` names in a Markdown title.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<&'a str>,
    /// todo.txt `@context` names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<&'a str>,
    /// The due date (`YYYY-MM-DD`), when the task has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<&'a str>,
    /// Raw type or null.
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    /// Raw owner or null.
    pub owner: Option<&'a str>,
    /// Blocker text, null when none.
    pub blocker: Option<String>,
    /// Referenced task IDs.
    pub dependencies: Vec<&'a str>,
    /// Raw effort or null.
    pub effort: Option<&'a str>,
    /// Checklist.
    pub criteria: CriteriaJson<'a>,
    /// Sub-task progress of a parent task, when it has sub-tasks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtasks: Option<SubtasksJson>,
    /// The parent task's ID (`parent_task_id`, or what a dotted ID extends), when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Former IDs the ID field notes (`ID: SVC-7 (was TASK-31)`); the task is found by them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<&'a str>,
    /// A Backlog.md task file's `## Definition of Done` checklist, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_of_done: Option<CriteriaJson<'a>>,
    /// Section path.
    pub section: &'a [String],
    /// File as shown.
    pub file: &'a str,
    /// 1-based first line.
    pub line: usize,
    /// Every field as written, key → text.
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub fields: FieldsJson<'a>,
}

impl<'a> TaskJson<'a> {
    /// Builds the JSON view of a task.
    pub fn new(t: TaskRef<'a>) -> Self {
        let task = t.task;
        let doc = &t.file.file.doc;
        let (done, total) = task.progress();
        let priority = t.priority();
        let tokens = task.tokens();
        let (dod_done, dod_total) = task.done_progress();
        let items = |list| {
            task.checklist(list)
                .map(|c| CriterionJson {
                    text: &c.text,
                    done: c.done,
                    line: doc.position(c.span.start).line,
                })
                .collect()
        };
        TaskJson {
            id: task.id(),
            title: tokens.title,
            status: task.status(),
            state: task.state,
            priority: priority.as_ref().map(|p| p.text.clone()),
            priority_source: priority
                .as_ref()
                .and_then(|p| p.from_section.then_some("section")),
            tags: tokens.tags,
            projects: tokens.projects,
            mentions: tokens.mentions,
            contexts: tokens.contexts,
            due: tokens.due,
            kind: task.value(FieldKey::Type),
            owner: task.value(FieldKey::Owner),
            blocker: task.blocker(),
            dependencies: task.dependencies.iter().map(|d| d.value.as_str()).collect(),
            effort: task.value(FieldKey::Effort),
            criteria: CriteriaJson {
                done,
                total,
                items: items(Checklist::Criteria),
            },
            subtasks: None,
            parent: task.parent(),
            aliases: task.aliases(),
            definition_of_done: (dod_total > 0).then(|| CriteriaJson {
                done: dod_done,
                total: dod_total,
                items: items(Checklist::DefinitionOfDone),
            }),
            section: t.section(),
            file: &t.file.display,
            line: t.line(),
            fields: FieldsJson(&task.fields),
        }
    }
}

impl TaskJson<'_> {
    /// The same, with the progress of its sub-tasks when it has any.
    pub fn with_subtasks(mut self, progress: Option<(usize, usize)>) -> Self {
        self.subtasks = progress.map(|(done, total)| SubtasksJson { done, total });
        self
    }
}

/// A task's fields as a JSON object: key as written to text, the first field of each key
/// only, in file order. Serialised straight from the model, without building a map.
#[derive(Debug)]
pub struct FieldsJson<'a>(pub &'a [Field]);

impl Serialize for FieldsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        // A task has a handful of fields; a set only for the odd one with very many.
        let mut seen = (self.0.len() > 16).then(std::collections::HashSet::new);
        for (i, f) in self.0.iter().enumerate() {
            let repeated = match &mut seen {
                Some(set) => !set.insert(f.key.as_str()),
                None => self.0[..i].iter().any(|g| g.key == f.key),
            };
            if repeated {
                continue; // only the first field of a key is shown
            }
            let text: Cow<'_, str> = if f.items.is_empty() {
                Cow::Borrowed(&f.value)
            } else {
                Cow::Owned(f.text())
            };
            map.serialize_entry(&f.key, &text)?;
        }
        map.end()
    }
}
