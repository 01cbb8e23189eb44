//! Setting up the merge driver in a repository, and checking that it is set up.
//!
//! git runs a merge driver only when `.gitattributes` names it (`TODO.md merge=todo`) *and*
//! the git config defines it (`merge.todo.driver`); with the first and not the second it falls
//! back to its text merge without a word. So installing writes both, and the check reports a
//! `.gitattributes` that names the driver while the config lacks it, or a driver command that
//! is not on PATH. This module writes only the repository's own config and `.gitattributes`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::git::Repo;

/// The git config section name of the driver (`merge.todo.*`, `merge=todo`).
pub const DRIVER: &str = "todo";
/// The driver command git runs, with git's placeholders.
pub const COMMAND: &str = "todo merge-driver %O %A %B %L %P";
/// The driver's human-readable name in the git config.
pub const NAME: &str = "todo: merge task files task by task";

/// What installing changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// True when the git config did not hold this driver command before.
    pub config_changed: bool,
    /// The `.gitattributes` lines added (empty when all were there).
    pub lines_added: Vec<String>,
    /// The `.gitattributes` file.
    pub attributes: PathBuf,
}

/// Why installing failed.
#[derive(Debug, Error)]
pub enum SetupError {
    /// The git config could not be read or written.
    #[error("cannot write the git config: {0}")]
    Config(#[from] crate::git::GitError),
    /// `.gitattributes` could not be read or written.
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A problem with the driver's setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupProblem {
    /// `.gitattributes` names the driver, the git config does not define it.
    NotConfigured { attributes: PathBuf },
    /// The configured command is not found on PATH.
    NotOnPath { command: String },
}

impl std::fmt::Display for SetupProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupProblem::NotConfigured { attributes } => write!(
                f,
                "{} names the merge driver `{DRIVER}`, but the git config does not define \
                 merge.{DRIVER}.driver, so git merges task files as plain text; run \
                 `todo hook install --merge-driver`",
                attributes.display()
            ),
            SetupProblem::NotOnPath { command } => write!(
                f,
                "the merge driver's command `{command}` is not on PATH, so every merge of a \
                 task file will fail; install todo or fix merge.{DRIVER}.driver"
            ),
        }
    }
}

/// The `.gitattributes` pattern of one task file (relative, `/`-separated): task folders get
/// one pattern for the folder, white space is written as a class git's patterns accept.
pub fn pattern(rel: &str) -> String {
    for dir in ["backlog/tasks/", "backlog/completed/", "tasks/", ".tasks/"] {
        if rel.starts_with(dir) && !rel[dir.len()..].contains('/') {
            return format!("{dir}*.md");
        }
    }
    rel.replace(' ', "[[:space:]]")
}

/// Writes `merge.todo.name` and `merge.todo.driver` into the repository's own config and a
/// `PATTERN merge=todo` line for each task file (relative, `/`-separated) into the
/// `.gitattributes` of `workdir`, creating it or appending to it, never duplicating a line.
pub fn install(repo: &Repo, files: &[String]) -> Result<Installed, SetupError> {
    let workdir = repo.workdir();
    repo.set_local_config(&format!("merge.{DRIVER}.name"), NAME)?;
    let config_changed = repo.set_local_config(&format!("merge.{DRIVER}.driver"), COMMAND)?;

    let path = workdir.join(".gitattributes");
    let io_err = |source| SetupError::Io {
        path: path.clone(),
        source,
    };
    let existing = match fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_err(e)),
    };
    let present: Vec<&str> = existing.lines().map(str::trim).collect();
    let mut lines_added: Vec<String> = Vec::new();
    for f in files {
        let line = format!("{} merge={DRIVER}", pattern(f));
        if !present.contains(&line.as_str()) && !lines_added.contains(&line) {
            lines_added.push(line);
        }
    }
    if !lines_added.is_empty() {
        let eol = if existing.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push_str(eol);
        }
        for l in &lines_added {
            text.push_str(l);
            text.push_str(eol);
        }
        fs::write(&path, text).map_err(io_err)?;
    }
    Ok(Installed {
        config_changed,
        lines_added,
        attributes: path,
    })
}

/// True when a `.gitattributes` text names the driver.
fn names_driver(text: &str) -> bool {
    let attr = format!("merge={DRIVER}");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.split_whitespace().skip(1).any(|a| a == attr))
}

/// True when `command` is a path to a file, or a name found in one of `path`'s directories.
fn on_path(command: &str, path: Option<&std::ffi::OsStr>) -> bool {
    if command.contains('/') {
        return Path::new(command).is_file();
    }
    let Some(path) = path else { return false };
    std::env::split_paths(path).any(|dir| {
        let p = dir.join(command);
        p.is_file() || (cfg!(windows) && p.with_extension("exe").is_file())
    })
}

/// The problems with the driver's setup in the repository at `workdir`: none when
/// `.gitattributes` does not name the driver.
pub fn check(repo: &Repo) -> Vec<SetupProblem> {
    let attributes = repo.workdir().join(".gitattributes");
    let Ok(text) = fs::read_to_string(&attributes) else {
        return Vec::new();
    };
    if !names_driver(&text) {
        return Vec::new();
    }
    match repo.config_str(&format!("merge.{DRIVER}.driver")) {
        None => vec![SetupProblem::NotConfigured {
            attributes: PathBuf::from(".gitattributes"),
        }],
        Some(cmd) => {
            let program = cmd.split_whitespace().next().unwrap_or("").to_string();
            if on_path(&program, std::env::var_os("PATH").as_deref()) {
                Vec::new()
            } else {
                vec![SetupProblem::NotOnPath { command: program }]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(pattern("TODO.md"), "TODO.md");
        assert_eq!(pattern("docs/My Plan.md"), "docs/My[[:space:]]Plan.md");
        assert_eq!(
            pattern("backlog/tasks/task-7 - Fix.md"),
            "backlog/tasks/*.md"
        );
    }

    #[test]
    fn install_never_duplicates_and_check_finds_gaps() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::init_isolated(dir.path(), &[]).unwrap();
        fs::write(dir.path().join(".gitattributes"), "*.png binary").unwrap();
        let files = ["TODO.md".to_string(), "TODO.md".to_string()];
        let first = install(&repo, &files).unwrap();
        assert!(first.config_changed);
        assert_eq!(first.lines_added, ["TODO.md merge=todo"]);
        let second = install(&repo, &files).unwrap();
        assert!(!second.config_changed && second.lines_added.is_empty());
        let text = fs::read_to_string(dir.path().join(".gitattributes")).unwrap();
        assert_eq!(text, "*.png binary\nTODO.md merge=todo\n");

        repo.unset_local_config(&format!("merge.{DRIVER}.driver"))
            .unwrap();
        let problems = check(&repo);
        assert!(matches!(problems[..], [SetupProblem::NotConfigured { .. }]));
        repo.set_local_config(
            &format!("merge.{DRIVER}.driver"),
            "no-such-todo-xyz merge-driver %O",
        )
        .unwrap();
        assert_eq!(
            check(&repo),
            [SetupProblem::NotOnPath {
                command: "no-such-todo-xyz".into()
            }]
        );
    }

    #[test]
    fn path_lookup() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("todo"), "").unwrap();
        assert!(on_path("todo", Some(dir.path().as_os_str())));
        assert!(!on_path("nothing-here", Some(dir.path().as_os_str())));
        assert!(!on_path("todo", None));
    }
}
