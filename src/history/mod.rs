//! Git history as the audit trail: task files as of any revision, and (in submodules) the
//! semantic task walk, task diffs, log, blame, diff and stats.
//!
//! This layer gives history its meaning (what a task file is, what changed in a task); the
//! commits, the shallow boundary and the object caches belong to the git layer's walk
//! (`crate::git`), and this layer must not read git objects any other way. Blobs are read
//! once and parsed once, keyed by blob ID.

pub mod blame;
pub mod change;
pub mod diff;
pub mod flow;
mod locate;
pub mod log;
mod renumber;
pub use renumber::follow_renumbering;
pub mod stats;
pub mod walk;

use std::path::Path;

use thiserror::Error;

use crate::config::{Config, ConfigError};
use crate::document::Document;
use crate::git::{GitError, Repo, TreeCache};
use crate::project::{Project, ProjectError};
use walk::TaskFiles;

/// Why history could not be read.
#[derive(Debug, Error)]
pub enum HistoryError {
    /// A git error (not a repository, unknown revision, unreadable object).
    #[error(transparent)]
    Git(#[from] GitError),
    /// A task file at that revision could not be parsed.
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// The config is broken.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// The config that applies in `cwd` (from the working tree), or the default.
pub fn config_for(repo: &Repo, cwd: &Path) -> Result<Config, HistoryError> {
    let start = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    Ok(Config::discover(&start, repo.workdir())?
        .map(|(_, c)| c)
        .unwrap_or_default()
        .with_backlog(repo.workdir()))
}

/// The project as it was at revision `rev`: task files chosen from that commit's tree by the
/// same rule as the working tree's, read from git objects (the working tree is not touched).
pub fn project_at(repo: &Repo, cwd: &Path, rev: &str) -> Result<Project, HistoryError> {
    let commit = repo.resolve(rev)?;
    let config = config_for(repo, cwd)?;
    let workdir = repo.workdir().to_path_buf();
    let tree = repo.commit_ref(commit)?.tree;
    let mut blobs = std::collections::HashMap::new();
    let mut files = Vec::new();
    // Backlog.md's archived tasks and drafts are history's to follow, not the project's.
    for file in TreeCache::new(TaskFiles::new(&config))
        .files(repo, tree)?
        .iter()
        .filter(|f| f.class != TaskFiles::KEPT)
    {
        let abs = workdir.join(&*file.path);
        blobs.insert(abs.clone(), file.blob);
        files.push(abs);
    }
    files.sort();
    let mut read = |path: &Path| -> Result<Option<Document>, crate::LoadError> {
        let Some(id) = blobs.get(path) else {
            return Ok(None);
        };
        let bytes = repo.blob_bytes(*id).unwrap_or_default();
        Document::from_bytes(path, bytes).map(Some)
    };
    // Loaded as seen from `cwd`, so the same `.todo.yml` decides the files and the archive.
    let mut project = Project::load_from(cwd, &files, &mut read)?;
    project.display_relative_to(&workdir);
    Ok(project)
}
