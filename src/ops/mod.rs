//! Edit operations (`move`, `set`, `check`, `add`, `archive`, `edit`): each builds a [`Plan`]
//! of span edits from the model, which [`Plan::apply`] applies in memory, re-parses and
//! verifies before anything is written.
//!
//! Verification refuses a plan when the edited task does not read back as intended, when any
//! other task's source bytes changed, or when the edit introduces a lint error that was not
//! there before. Writing is left to the caller (`fs::write_files`), so `--dry-run` and
//! `--commit` share this path.
//!
//! Each command has its own file (`find`, `set`, `check`, `status` for `move`, `relocate`,
//! `archive`, `add`, `edit`); `plan` holds what they share, `blocks` and `fields` the block-
//! and field-level edits. Results are typed ([`Change`] with its [`ChangeKind`]) for the CLI
//! to render. This layer must not write files, print, or run programs.

pub mod add;
pub mod archive;
pub mod blocks;
pub mod check;
pub mod claim;
pub mod edit;
pub mod fields;
pub mod find;
mod plan;
pub mod relocate;
pub mod set;
pub mod status;

pub use add::{AddOptions, add, next_id};
pub use archive::archive;
pub use check::check;
pub use claim::{ClaimOptions, claim, claim_next, release};
pub use find::find;
pub use plan::Common;
pub use set::set;
pub use status::{MoveOptions, move_to};

use std::collections::HashMap;

use thiserror::Error;

use crate::edit::Edit;
use crate::lint::{self, Severity};
use crate::model::ChangeKind;
use crate::project::Project;

/// Why an operation was refused. Nothing is written in any of these cases.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OpError {
    /// No task has this ID (with a suggestion when one is close).
    #[error("no task `{id}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    NotFound {
        /// The ID asked for.
        id: String,
        /// The closest existing ID.
        suggestion: Option<String>,
    },
    /// A value the schema does not allow.
    #[error(
        "`{value}` is not an allowed {field} (allowed: {allowed}); use --force to write it anyway"
    )]
    NotAllowed {
        /// The field.
        field: String,
        /// The value given.
        value: String,
        /// The allowed values.
        allowed: String,
    },
    /// A guard refused the move to done.
    #[error("{id} is not finished: {}; use --force to move it anyway", missing.join("; "))]
    NotFinished {
        /// The task.
        id: String,
        /// What is still open.
        missing: Vec<String>,
    },
    /// Another owner holds the task (in progress under their name); a claim refuses it.
    #[error("{id} is held by {holder}{}; use --steal to take it anyway", place.as_ref().map(|p| format!(" in {p}")).unwrap_or_default())]
    Held {
        /// The task.
        id: String,
        /// Its owner.
        holder: String,
        /// The other worktree where it is held, when not here.
        place: Option<String>,
    },
    /// The operation cannot apply to this task or file.
    #[error("{0}")]
    Invalid(String),
    /// The result did not verify; the edit was refused.
    #[error("refused: {0} (nothing written)")]
    Unverified(String),
}

/// One changed value, for the one-line report and `--format json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Change {
    /// The task (ID, or the title when it has none).
    pub task: String,
    /// What changed; its JSON key stays `field` (a field name, `criterion 2`, `moved`,
    /// `created`, `Last Updated`).
    #[serde(rename = "field")]
    #[schemars(with = "String")]
    pub kind: ChangeKind,
    /// The old value.
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
    /// The file, as shown.
    pub file: String,
    /// 1-based line of the change, before the edit.
    pub line: usize,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let new = self.new.as_deref().unwrap_or("—");
        match self.old.as_deref() {
            None if self.kind == ChangeKind::Created => {
                write!(
                    f,
                    "{}: created \"{new}\" ({}:{})",
                    self.task, self.file, self.line
                )
            }
            None => write!(
                f,
                "{}: {} set to {new} ({}:{})",
                self.task, self.kind, self.file, self.line
            ),
            Some(old) => write!(
                f,
                "{}: {} {old} → {new} ({}:{})",
                self.task, self.kind, self.file, self.line
            ),
        }
    }
}

/// A check the result must pass: (file index, task ID, what to check).
pub type Expectation = Box<dyn Fn(&Project) -> Result<(), String>>;

/// Edits to one or more files, with what they mean and how to verify them.
pub struct Plan {
    /// Edits per file index.
    pub edits: HashMap<usize, Vec<Edit>>,
    /// What changes, for people and JSON.
    pub changes: Vec<Change>,
    /// Tasks whose bytes may change (by ID, or by title for tasks without one): every other
    /// task must keep its exact bytes.
    pub touched: Vec<String>,
    /// Checks on the result.
    pub expect: Vec<Expectation>,
    /// Files to create: (path, shown name, text).
    pub new_files: Vec<(std::path::PathBuf, String, String)>,
    /// Lint rules whose new errors the plan may introduce: `--force` writes a value outside
    /// the schema on purpose, so the `invalid-value` it causes is not a reason to refuse.
    pub allowed_errors: Vec<&'static str>,
}

/// The verified result of a plan: the new text of each changed file.
#[derive(Debug, Clone)]
pub struct Applied {
    /// (file index, old text, new text) for every changed file.
    pub files: Vec<(usize, String, String)>,
    /// What changed.
    pub changes: Vec<Change>,
    /// Files to create: (path, shown name, text).
    pub new_files: Vec<(std::path::PathBuf, String, String)>,
}

impl Applied {
    /// The batch `fs::write_files` takes for this result: the files to create, then every
    /// changed file with the bytes it must still hold. `todo move` and the interactive board
    /// write through it alike.
    pub fn writes<'a>(&'a self, project: &'a Project) -> Vec<crate::fs::FileWrite<'a>> {
        let created = self
            .new_files
            .iter()
            .map(|(path, _, text)| crate::fs::FileWrite {
                path,
                expected: None,
                new: text.as_bytes(),
            });
        let changed = self
            .files
            .iter()
            .map(|(fi, old, new)| crate::fs::FileWrite {
                path: project.files[*fi].file.doc.path(),
                expected: Some(old.as_bytes()),
                new: new.as_bytes(),
            });
        created.chain(changed).collect()
    }
}

impl Plan {
    /// An empty plan.
    pub fn new() -> Self {
        Plan {
            edits: HashMap::new(),
            changes: Vec::new(),
            touched: Vec::new(),
            expect: Vec::new(),
            new_files: Vec::new(),
            allowed_errors: Vec::new(),
        }
    }

    /// Adds edits to a file.
    pub fn edit(&mut self, file: usize, edits: impl IntoIterator<Item = Edit>) {
        self.edits.entry(file).or_default().extend(edits);
    }

    /// Applies the plan to a copy of the project, re-parses and verifies it.
    pub fn apply(self, project: &Project) -> Result<Applied, OpError> {
        let mut files = Vec::new();
        let mut texts = HashMap::new();
        let mut order: Vec<usize> = self.edits.keys().copied().collect();
        order.sort_unstable();
        for fi in order {
            let edits = &self.edits[&fi];
            let old = project.files[fi].file.doc.text();
            let new =
                crate::edit::apply(old, edits).map_err(|e| OpError::Unverified(e.to_string()))?;
            if new != old {
                texts.insert(fi, new.clone());
                files.push((fi, old.to_string(), new));
            }
        }
        let mut after = project.with_texts(texts);
        // Every task that was not touched keeps its exact bytes.
        let key =
            |t: &crate::model::Task| t.id().map_or_else(|| t.title.value.clone(), str::to_string);
        for (fi, _, _) in &files {
            let bytes = |p: &Project| -> Vec<(String, String)> {
                let f = &p.files[*fi].file;
                f.tasks
                    .iter()
                    .filter(|t| !self.touched.contains(&key(t)))
                    .map(|t| (key(t), f.doc.slice(t.span).trim_end().to_string()))
                    .collect()
            };
            if bytes(project) != bytes(&after) {
                return Err(OpError::Unverified(format!(
                    "the edit would change other tasks in {}",
                    project.files[*fi].display
                )));
            }
        }
        // A file read only in part (`TaskFile::parse_related`) cannot show a lint error that
        // the edit causes in its unread parts. A one-task edit reaches them only through the
        // file's schema and the dependency graph (a cycle), so an edit that changes either is
        // refused here and left to the whole project (the CLI retries any refusal there).
        for (fi, _, _) in &files {
            let (b, a) = (&project.files[*fi].file, &after.files[*fi].file);
            if b.scope != crate::parse::Scope::Whole
                && (schema_rules(b) != schema_rules(a) || dependencies(b) != dependencies(a))
            {
                return Err(OpError::Unverified(format!(
                    "the edit changes the schema or the dependencies in {}, which needs the whole file",
                    project.files[*fi].display
                )));
            }
        }
        for (path, display, text) in &self.new_files {
            after.add_file(path.clone(), display.clone(), text.clone(), true);
        }
        for check in &self.expect {
            check(&after).map_err(OpError::Unverified)?;
        }
        // No new lint error.
        let errors = |p: &Project| -> Vec<(String, Option<String>)> {
            lint::run(p)
                .diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| (d.rule.to_string(), d.task_id))
                .collect()
        };
        let before = errors(project);
        let allowed = |e: &(String, Option<String>)| self.allowed_errors.contains(&e.0.as_str());
        if let Some(new) = errors(&after)
            .into_iter()
            .find(|e| !before.contains(e) && !allowed(e))
        {
            return Err(OpError::Unverified(format!(
                "the edit would introduce a `{}` error{}",
                new.0,
                new.1.map(|t| format!(" on {t}")).unwrap_or_default()
            )));
        }
        Ok(Applied {
            files,
            changes: self.changes,
            new_files: self.new_files,
        })
    }
}

/// A file's schema without its positions: what it requires and allows.
fn schema_rules(file: &crate::parse::TaskFile) -> Option<crate::schema::Schema> {
    file.schema
        .as_ref()
        .map(crate::schema::Schema::without_spans)
}

/// Each task's dependencies, by task ID (or title), in file order.
fn dependencies(file: &crate::parse::TaskFile) -> Vec<(Option<&str>, Vec<&str>)> {
    file.tasks
        .iter()
        .map(|t| {
            let deps = t.dependencies.iter().map(|d| d.value.as_str()).collect();
            (t.id(), deps)
        })
        .collect()
}

impl Default for Plan {
    fn default() -> Self {
        Self::new()
    }
}
