//! The stable JSON shape of a task (docs/json.md). Change it only by adding keys.

use serde::Serialize;
use std::borrow::Cow;

use serde::ser::SerializeMap;

use crate::model::Field;

use super::pretty::Pretty;

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
                    line: doc.position(c.span().start).line,
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
            owner: task.owner(doc.text()),
            blocker: task.blocker(doc.text()),
            dependencies: task.dependencies.iter().map(|d| d.value.as_str()).collect(),
            effort: task.value(FieldKey::Effort),
            criteria: CriteriaJson {
                done,
                total,
                items: items(Checklist::Criteria),
            },
            subtasks: None,
            parent: task.parent(doc.text()),
            aliases: task.aliases(),
            definition_of_done: (dod_total > 0).then(|| CriteriaJson {
                done: dod_done,
                total: dod_total,
                items: items(Checklist::DefinitionOfDone),
            }),
            section: t.section(),
            file: &t.file.display,
            line: t.line(),
            fields: FieldsJson(&task.fields, doc.text()),
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
pub struct FieldsJson<'a>(pub &'a [Field], pub &'a str);

impl FieldsJson<'_> {
    /// Calls `each` with every field shown, in order.
    fn each(&self, mut each: impl FnMut(&Field)) {
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
            each(f);
        }
    }
}

impl Serialize for FieldsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let mut result = Ok(());
        self.each(|f| {
            if result.is_ok() {
                let text: Cow<'_, str> = if f.items.is_empty() {
                    Cow::Borrowed(&f.value)
                } else {
                    Cow::Owned(f.text(self.1))
                };
                result = map.serialize_entry(&f.key, &text);
            }
        });
        result?;
        map.end()
    }
}

impl CriteriaJson<'_> {
    fn write_pretty(&self, w: &mut Pretty<'_>) {
        w.open(b'{');
        w.plain_key(true, "done");
        w.number(self.done);
        w.plain_key(false, "total");
        w.number(self.total);
        w.plain_key(false, "items");
        w.open(b'[');
        for (i, c) in self.items.iter().enumerate() {
            w.element(i == 0);
            w.open(b'{');
            w.plain_key(true, "text");
            w.string(c.text);
            w.plain_key(false, "done");
            w.bool(c.done);
            w.plain_key(false, "line");
            w.number(c.line);
            w.close(b'}', false);
        }
        w.close(b']', self.items.is_empty());
        w.close(b'}', false);
    }
}

impl TaskJson<'_> {
    /// Appends the task as pretty JSON at `depth` (1 inside the list's array): the bytes
    /// `serde_json`'s pretty printer writes for it, several times faster (see
    /// [`super::pretty`]).
    pub fn write_pretty(&self, buf: &mut Vec<u8>, depth: usize) {
        let w = &mut Pretty::new(buf, depth);
        let strings = |w: &mut Pretty<'_>, key: &'static str, list: &[&str]| {
            if !list.is_empty() {
                w.plain_key(false, key);
                w.strings(list.iter().copied());
            }
        };
        w.open(b'{');
        w.plain_key(true, "id");
        w.opt_string(self.id);
        w.plain_key(false, "title");
        w.string(self.title);
        w.plain_key(false, "status");
        w.opt_string(self.status);
        w.plain_key(false, "state");
        w.string(self.state.name());
        w.plain_key(false, "priority");
        w.opt_string(self.priority.as_deref());
        if let Some(source) = self.priority_source {
            w.plain_key(false, "priority_source");
            w.string(source);
        }
        strings(w, "tags", &self.tags);
        strings(w, "projects", &self.projects);
        strings(w, "mentions", &self.mentions);
        strings(w, "contexts", &self.contexts);
        if let Some(due) = self.due {
            w.plain_key(false, "due");
            w.string(due);
        }
        w.plain_key(false, "type");
        w.opt_string(self.kind);
        w.plain_key(false, "owner");
        w.opt_string(self.owner);
        w.plain_key(false, "blocker");
        w.opt_string(self.blocker.as_deref());
        w.plain_key(false, "dependencies");
        w.strings(self.dependencies.iter().copied());
        w.plain_key(false, "effort");
        w.opt_string(self.effort);
        w.plain_key(false, "criteria");
        self.criteria.write_pretty(w);
        if let Some(s) = &self.subtasks {
            w.plain_key(false, "subtasks");
            w.open(b'{');
            w.plain_key(true, "done");
            w.number(s.done);
            w.plain_key(false, "total");
            w.number(s.total);
            w.close(b'}', false);
        }
        if let Some(p) = &self.parent {
            w.plain_key(false, "parent");
            w.string(p);
        }
        strings(w, "aliases", &self.aliases);
        if let Some(d) = &self.definition_of_done {
            w.plain_key(false, "definition_of_done");
            d.write_pretty(w);
        }
        w.plain_key(false, "section");
        w.strings(self.section.iter().map(String::as_str));
        w.plain_key(false, "file");
        w.string(self.file);
        w.plain_key(false, "line");
        w.number(self.line);
        w.plain_key(false, "fields");
        w.open(b'{');
        let mut first = true;
        self.fields.each(|f| {
            w.key(first, &f.key);
            w.field_text(f, self.fields.1);
            first = false;
        });
        w.close(b'}', first);
        w.close(b'}', false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn task_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                task_files(&p, out);
            } else if p
                .extension()
                .is_some_and(|x| x == "md" || x == "txt" || x == "markdown")
            {
                out.push(p);
            }
        }
    }

    /// The list's fast writer against `serde_json` on every fixture, seed and corpus file
    /// (those next to the repository, when there), with sub-task progress on some tasks.
    #[test]
    fn the_fast_writer_writes_what_serde_json_writes() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        task_files(&root.join("fixtures"), &mut files);
        task_files(&root.join("../shared/seeds"), &mut files);
        task_files(&root.join("../shared/corpus"), &mut files);
        files.sort();
        let mut tasks_seen = 0;
        for path in &files {
            let Ok(project) =
                crate::project::Project::load(path.parent().unwrap(), std::slice::from_ref(path))
            else {
                continue;
            };
            let tasks: Vec<TaskRef<'_>> = project.tasks().collect();
            tasks_seen += tasks.len();
            let progress =
                |t: &TaskRef<'_>| t.line().is_multiple_of(3).then_some((t.line() % 5, 4));
            let mut slow = Vec::new();
            crate::output::format::write_json_array(&mut slow, &tasks, |t| {
                TaskJson::new(*t).with_subtasks(progress(t))
            })
            .unwrap();
            let mut fast = Vec::new();
            crate::output::format::write_json_array_with(&mut fast, &tasks, |t, buf| {
                TaskJson::new(*t)
                    .with_subtasks(progress(t))
                    .write_pretty(buf, 1);
                Ok(())
            })
            .unwrap();
            if fast != slow {
                let (f, s) = (
                    String::from_utf8_lossy(&fast),
                    String::from_utf8_lossy(&slow),
                );
                let at = f
                    .bytes()
                    .zip(s.bytes())
                    .position(|(a, b)| a != b)
                    .unwrap_or(f.len().min(s.len()));
                panic!(
                    "{}: differs at byte {at}:\nfast: {:?}\nserde: {:?}",
                    path.display(),
                    &f[at.saturating_sub(80).min(f.len())..(at + 80).min(f.len())],
                    &s[at.saturating_sub(80).min(s.len())..(at + 80).min(s.len())]
                );
            }
        }
        assert!(
            files.len() > 50 && tasks_seen > 1000,
            "{} files, {tasks_seen} tasks",
            files.len()
        );
    }
}
