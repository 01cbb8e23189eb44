//! A project: the repository root, its config and every task file, loaded once.
//!
//! Discovery: explicit `--file` paths win; otherwise `.todo.yml`'s `files`; otherwise the
//! usual names (TODO.md, TODOCOMPLETED.md, ROADMAP.md, BACKLOG.md, TASKS.md, any case) at the
//! repository root and in `docs/`, and the names a task notation reads by default
//! (`parse::style::default_names`) at the root. Cross-file questions (who depends on whom,
//! is this ID anywhere, is it archived) are answered here from one ID index. A project reads
//! files and never writes them; editing, linting and history sit above it and it must not
//! import them.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use thiserror::Error;

mod load;
mod task_ref;
pub use task_ref::{Priority, TaskRef};

use crate::config::{Config, ConfigError};
use crate::document::{Document, LoadError};
use crate::parse::TaskFile;
use crate::schema::Schema;
use load::{Input, Key, Parse};

/// File names read when no config names the task files.
pub const DEFAULT_NAMES: [&str; 5] = [
    "TODO.md",
    "TODOCOMPLETED.md",
    "ROADMAP.md",
    "BACKLOG.md",
    "TASKS.md",
];

/// The default archive file name.
pub const DEFAULT_ARCHIVE: &str = "TODOCOMPLETED.md";

/// Folders that hold one task per file (Backlog.md's `backlog/tasks/`, `tasks/`, `.tasks/`),
/// read by default: every `.md` file directly inside, but a README.
pub const TASK_FOLDERS: [&str; 4] = ["backlog/tasks", "backlog/completed", "tasks", ".tasks"];

/// True for a file name a task folder holds as a task: `*.md`, not a README.
fn folder_task_name(name: &str) -> bool {
    // Compared as bytes, with no lower-cased copy: asked of every file in a task folder.
    let name = name.as_bytes();
    name.len() >= 3
        && name[name.len() - 3..].eq_ignore_ascii_case(b".md")
        && !name
            .get(..6)
            .is_some_and(|s| s.eq_ignore_ascii_case(b"readme"))
}

/// Why a project could not be loaded.
#[derive(Debug, Error)]
pub enum ProjectError {
    /// A task file could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The config is broken.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The working directory does not exist or cannot be read.
    #[error("{path}: {source}")]
    Dir {
        /// The directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// A loaded task file with the name it is shown under.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    /// The path shown to people: as given, or relative to the repository root.
    pub display: String,
    /// The parsed file.
    pub file: TaskFile,
    /// True for the archive file.
    pub archive: bool,
}

/// Every task file of a repository, parsed.
#[derive(Debug, Clone)]
pub struct Project {
    /// The repository root (or the working directory outside a repository).
    pub root: PathBuf,
    /// The config file, when one was found.
    pub config_path: Option<PathBuf>,
    /// The config (default when none was found).
    pub config: Config,
    /// Task files in discovery order.
    pub files: Vec<LoadedFile>,
}

/// The nearest directory at or above `start` that holds `.git`.
pub fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

impl Project {
    /// Loads the project seen from `cwd`. `explicit` files (from `--file`) override discovery
    /// and are shown as given.
    pub fn load(cwd: &Path, explicit: &[PathBuf]) -> Result<Project, ProjectError> {
        Self::load_parsed(cwd, explicit, Source::Disk, &TaskFile::parse_with)
    }

    /// Like [`Project::load`], but each file holds only what a command about `ids` needs
    /// (see [`TaskFile::parse_related`]): the tasks with those IDs and every task that
    /// mentions one, with their section paths and the file's schema, read without parsing
    /// whole files where their shape allows. For `show` and the edit commands; listing and
    /// linting need [`Project::load`].
    pub fn load_related(
        cwd: &Path,
        explicit: &[PathBuf],
        ids: &[&str],
    ) -> Result<Project, ProjectError> {
        Self::load_parsed(cwd, explicit, Source::Disk, &|doc, states| {
            TaskFile::parse_related(doc, states, ids)
        })
    }

    /// Like [`Project::load`], reading each discovered file through `read`, which returns
    /// `None` to leave a file out (for example a file not in the git index).
    pub fn load_from(
        cwd: &Path,
        explicit: &[PathBuf],
        read: &mut dyn FnMut(&Path) -> Result<Option<Document>, LoadError>,
    ) -> Result<Project, ProjectError> {
        Self::load_parsed(cwd, explicit, Source::With(read), &TaskFile::parse_with)
    }

    fn load_parsed(
        cwd: &Path,
        explicit: &[PathBuf],
        source: Source<'_>,
        parse: &Parse<'_>,
    ) -> Result<Project, ProjectError> {
        let cwd = std::fs::canonicalize(cwd).map_err(|source| ProjectError::Dir {
            path: cwd.to_path_buf(),
            source,
        })?;
        let root = find_root(&cwd).unwrap_or_else(|| cwd.clone());
        let (config_path, config) = match Config::discover(&cwd, &root)? {
            Some((p, c)) => (Some(p), c),
            None => (None, Config::default()),
        };
        let config = config.with_backlog(&root);
        let base = config_path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(&root)
            .to_path_buf();
        let archive_name = config.archive.clone();
        let paths: Vec<(PathBuf, String)> = if !explicit.is_empty() {
            explicit
                .iter()
                .map(|p| (cwd.join(p), p.display().to_string()))
                .collect()
        } else if !config.files.is_empty() {
            let mut out = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for pattern in &config.files {
                for p in expand(&base, pattern) {
                    if seen.insert(p.clone()) {
                        out.push((p, String::new()));
                    }
                }
            }
            if let Some(a) = &archive_name {
                let p = base.join(a);
                if p.is_file() && !seen.contains(&p) {
                    out.push((p, String::new()));
                }
            }
            out
        } else if let Source::Disk = source {
            return Self::load_found(root, config_path, config, &base, parse);
        } else {
            let mut found: Vec<(Key, PathBuf)> = Vec::new();
            let archive = archive_name.as_deref().map(|a| resolved(&base.join(a)));
            walk_default(&root, archive.as_deref(), &mut |k, p| found.push((k, p)));
            found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            found.into_iter().map(|(_, p)| (p, String::new())).collect()
        };
        let states = config.state_map();
        // The root is canonical, and so are the paths found under it: a file is known by its
        // path, with no per-file `canonicalize` (a symlink walk of every component). Only the
        // archive's path and explicitly named files are resolved, once each.
        let archive_path = archive_path(&root, &base, archive_name.as_deref());
        let mut found = Vec::with_capacity(paths.len());
        for (path, shown) in paths {
            let display = if shown.is_empty() {
                relative(&root, &path)
            } else {
                shown
            };
            let archive = if explicit.is_empty() {
                same_path(&path, &archive_path)
            } else {
                same_file(&archive_path, &path)
            };
            found.push((display, path, archive));
        }
        let inputs = match source {
            // The working tree is read on the parsing threads.
            Source::Disk => found
                .into_iter()
                .map(|(display, path, archive)| (display, Input::Path(path), archive))
                .collect(),
            // A caller's reader runs here, in order.
            Source::With(read) => {
                let mut docs = Vec::with_capacity(found.len());
                for (display, path, archive) in found {
                    if let Some(doc) = read(&path)? {
                        docs.push((display, Input::Doc(doc), archive));
                    }
                }
                docs
            }
        };
        let files = load::parse_all(inputs, &states, parse)?;
        Ok(Project {
            root,
            config_path,
            config,
            files,
        })
    }

    /// The default files of the working tree (no `--file`, no config `files`), read and parsed
    /// while the task folders are still being listed ([`load::streamed`]).
    fn load_found(
        root: PathBuf,
        config_path: Option<PathBuf>,
        config: Config,
        base: &Path,
        parse: &Parse<'_>,
    ) -> Result<Project, ProjectError> {
        let states = config.state_map();
        // The root is canonical, and so are the paths found under it: a file is known by its
        // path, with no per-file `canonicalize` (a symlink walk of every component). Only the
        // archive's path is resolved, once.
        let archive_path = archive_path(&root, base, config.archive.as_deref());
        let name = |path: &Path| (relative(&root, path), same_path(path, &archive_path));
        // The configured archive is listed after the rest when no walk found it.
        let archive = config.archive.as_ref().map(|_| archive_path.as_path());
        let files = load::streamed(
            |emit| walk_default(&root, archive, emit),
            &name,
            &states,
            parse,
        )?;
        Ok(Project {
            root,
            config_path,
            config,
            files,
        })
    }

    /// Which files discovery looked for, in words, for a message when it found none: the
    /// config's `files` globs, else the default names at the root and in `docs/` and the
    /// task folders.
    pub fn looked_for(&self) -> String {
        if !self.config.files.is_empty() {
            let from = self
                .config_path
                .as_deref()
                .map_or_else(|| ".todo.yml".to_string(), |p| relative(&self.root, p));
            return format!("{} (the `files` of {from})", self.config.files.join(", "));
        }
        let names: Vec<&str> = DEFAULT_NAMES
            .iter()
            .copied()
            .chain(crate::parse::style::default_names())
            .collect();
        let folders: Vec<String> = TASK_FOLDERS.iter().map(|f| format!("{f}/*.md")).collect();
        format!(
            "{} at the repository root or in docs/, and {}",
            names.join(", "),
            folders.join(", ")
        )
    }

    /// Replaces a file's text (after an edit) and re-parses it; nothing is written to disk.
    pub fn replace_text(&mut self, index: usize, text: String) {
        let states = self.config.state_map();
        let file = &mut self.files[index];
        let doc = Document::from_string(file.file.doc.path().to_path_buf(), text);
        file.file = file.file.reparse_like(doc, &states);
    }

    /// A copy of the project in which the files of `texts` (by index) hold new text,
    /// re-parsed with the same scope; the other files are cloned. Cheaper than cloning the
    /// project and replacing texts: an edited file's old model is never copied.
    pub fn with_texts(&self, mut texts: HashMap<usize, String>) -> Project {
        let states = self.config.state_map();
        let files = self
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| match texts.remove(&i) {
                Some(text) => {
                    let doc = Document::from_string(f.file.doc.path().to_path_buf(), text);
                    LoadedFile {
                        display: f.display.clone(),
                        file: f.file.reparse_like(doc, &states),
                        archive: f.archive,
                    }
                }
                None => f.clone(),
            })
            .collect();
        Project {
            root: self.root.clone(),
            config_path: self.config_path.clone(),
            config: self.config.clone(),
            files,
        }
    }

    /// Adds a file that does not exist on disk yet (a new archive file), for verification.
    pub fn add_file(
        &mut self,
        path: PathBuf,
        display: String,
        text: String,
        archive: bool,
    ) -> usize {
        let states = self.config.state_map();
        let doc = Document::from_string(path, text);
        self.files.push(LoadedFile {
            display,
            file: TaskFile::parse_with(doc, &states),
            archive,
        });
        self.files.len() - 1
    }

    /// The archive file's path: the config's `archive`, else TODOCOMPLETED.md at the root.
    pub fn archive_path(&self) -> PathBuf {
        let base = self
            .config_path
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(&self.root);
        match &self.config.archive {
            Some(a) => base.join(a),
            None => self.root.join(DEFAULT_ARCHIVE),
        }
    }

    /// Every task in file order.
    pub fn tasks(&self) -> impl Iterator<Item = TaskRef<'_>> {
        let section_words = &self.config.priority_sections;
        self.files
            .iter()
            .enumerate()
            .flat_map(move |(file_index, file)| {
                file.file.tasks.iter().map(move |task| TaskRef {
                    file_index,
                    file,
                    task,
                    section_words,
                })
            })
    }

    /// The schema that applies to a file: the config's, else the file's own (see
    /// [`schema_of`] for the one `lint` and the edits check values against).
    pub fn schema_for<'a>(
        &'a self,
        file: &'a LoadedFile,
        config_schema: &'a Option<Schema>,
    ) -> Option<&'a Schema> {
        crate::schema::applicable(config_schema.as_ref(), file.file.schema.as_ref())
    }

    /// Shows every file under `root` by its path relative to `root`, `/`-separated (files read
    /// from git are named by absolute paths while loading).
    pub fn display_relative_to(&mut self, root: &Path) {
        for f in &mut self.files {
            if let Ok(rel) = f.file.doc.path().strip_prefix(root) {
                f.display = rel.to_string_lossy().replace('\\', "/");
            }
        }
    }

    /// The task with this ID: the first exact match, else the first ignoring case.
    pub fn find(&self, id: &str) -> Option<TaskRef<'_>> {
        let found = |id: &str| {
            self.tasks().find(|t| t.task.id() == Some(id)).or_else(|| {
                self.tasks()
                    .find(|t| t.task.id().is_some_and(|x| x.eq_ignore_ascii_case(id)))
            })
        };
        found(id)
            .or_else(|| found(&self.config.legacy_alias(id)?))
            .or_else(|| {
                // A former ID the task's ID field notes (`ID: SVC-7 (was TASK-31)`).
                self.tasks()
                    .find(|t| t.task.aliases().iter().any(|a| a.eq_ignore_ascii_case(id)))
            })
    }

    /// The project's ID closest to `id`, for a did-you-mean.
    pub fn suggest(&self, id: &str) -> Option<String> {
        suggest_id(self.tasks().filter_map(|t| t.task.id()), id)
    }

    /// An index from ID to every task carrying it, in file order.
    pub fn index(&self) -> TaskIndex<'_> {
        let mut map: crate::hash::Map<&str, Vec<TaskRef<'_>>> = crate::hash::Map::default();
        for t in self.tasks() {
            if let Some(id) = t.task.id() {
                // Room for one: nearly every ID names one task (a new vector takes four).
                map.entry(id)
                    .or_insert_with(|| Vec::with_capacity(1))
                    .push(t);
            }
        }
        TaskIndex {
            map,
            folded: std::sync::OnceLock::new(),
            backlog: self.config.backlog.as_ref(),
        }
    }

    /// True when the dependency `id` is satisfied: some task with that ID is closed (done or
    /// cancelled) or archived.
    pub fn is_satisfied(index: &TaskIndex<'_>, id: &str) -> bool {
        index.lookup(id).is_some_and(|ts| {
            ts.iter()
                .any(|t| t.task.state.is_closed() || t.file.archive)
        })
    }
}

/// Every task by ID ([`Project::index`]); it reads as the map from each ID, as written, to
/// the tasks carrying it, in file order.
#[derive(Default)]
pub struct TaskIndex<'a> {
    map: crate::hash::Map<&'a str, Vec<TaskRef<'a>>>,
    /// Lower-cased ID → the ID as written, built on the first lookup that misses.
    folded: std::sync::OnceLock<crate::hash::Map<String, &'a str>>,
    /// Backlog.md's config, whose `task_prefix` gives legacy `task-N` references their ID.
    backlog: Option<&'a crate::config::BacklogConfig>,
}

impl<'a> std::ops::Deref for TaskIndex<'a> {
    type Target = crate::hash::Map<&'a str, Vec<TaskRef<'a>>>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<'a> TaskIndex<'a> {
    /// The tasks a reference names: the exact ID, else the ID in another letter case
    /// (`task-12` for `TASK-12`: one-file-per-task folders spell prefixes both ways), else,
    /// for a legacy `task-N` reference, the ID under Backlog.md's configured `task_prefix`.
    /// The case-folded map is built once, on the first miss, so lookups stay constant time.
    pub fn lookup(&self, id: &str) -> Option<&Vec<TaskRef<'a>>> {
        self.lookup_as_written(id).or_else(|| {
            let alias = self.backlog?.legacy_alias(id)?;
            self.lookup_as_written(&alias)
        })
    }

    fn lookup_as_written(&self, id: &str) -> Option<&Vec<TaskRef<'a>>> {
        self.map.get(id).or_else(|| {
            let folded = self.folded.get_or_init(|| {
                self.map
                    .keys()
                    .map(|k| (k.to_ascii_lowercase(), *k))
                    .collect()
            });
            folded
                .get(&id.to_ascii_lowercase())
                .and_then(|k| self.map.get(k))
        })
    }
}

/// The schema a file's values are checked against, by `lint` and by the edits alike:
/// `.todo.yml`'s, else the file's own, else, for a task file of a Backlog.md folder,
/// `backlog`: the statuses `backlog/config.yml` lists.
pub fn schema_of<'a>(
    file: &'a LoadedFile,
    config: Option<&'a Schema>,
    backlog: Option<&'a Schema>,
) -> Option<&'a Schema> {
    crate::schema::applicable(config, file.file.schema.as_ref())
        .or_else(|| backlog.filter(|_| in_backlog_folder(&file.display)))
}

/// True for a file under a Backlog.md task folder (`backlog/tasks/`, `backlog/completed/`),
/// by its displayed path.
pub fn in_backlog_folder(display: &str) -> bool {
    let path = display.replace('\\', "/");
    ["backlog/tasks/", "backlog/completed/"]
        .iter()
        .any(|f| path.starts_with(f) || path.contains(&format!("/{f}")))
}

/// The ID among `ids` closest to `wanted` (any case), when it is close enough to be the one
/// meant: at most two edits, or a third of the ID's length for long IDs.
pub fn suggest_id<'a>(ids: impl IntoIterator<Item = &'a str>, wanted: &str) -> Option<String> {
    let up = wanted.to_uppercase();
    ids.into_iter()
        .map(|id| (strsim::levenshtein(&id.to_uppercase(), &up), id))
        .filter(|(d, id)| *d <= 2.max(id.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, id)| id.to_string())
}

/// Where the bytes of the files come from.
enum Source<'r> {
    /// The working tree, read on the parsing threads.
    Disk,
    /// A caller's reader (a revision, the index), called in order; `None` leaves a file out.
    With(&'r mut dyn FnMut(&Path) -> Result<Option<Document>, LoadError>),
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn relative(root: &Path, path: &Path) -> String {
    // The usual case, a file found by walking the root, read off the bytes: the root, one
    // `/`, then plain names (no empty or `.` part, which `strip_prefix` would read apart).
    let (r, p) = (
        root.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    if !r.is_empty()
        && !r.ends_with(b"/")
        && p.starts_with(r)
        && p.get(r.len()) == Some(&b'/')
        && let Ok(rest) = std::str::from_utf8(&p[r.len() + 1..])
        && rest.split('/').all(|part| !part.is_empty() && part != ".")
    {
        return rest.to_string();
    }
    // A path found under the canonical root needs no resolving.
    if let Ok(rel) = path.strip_prefix(root) {
        return rel.display().to_string();
    }
    let path = resolved(path);
    path.strip_prefix(root)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

/// True when a repository-relative path (`/`-separated) is a task file under `config`: one of
/// its `files` globs or its archive, else a default name at the root or in `docs/`. The same
/// rule serves the working tree, the git index and any revision's tree.
pub fn is_task_file(rel: &str, config: &Config) -> bool {
    if config.archive.as_deref() == Some(rel) {
        return true;
    }
    if !config.files.is_empty() {
        return config.files.iter().any(|g| glob_match(g, rel));
    }
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    ((dir.is_empty() || dir == "docs")
        && DEFAULT_NAMES.iter().any(|d| d.eq_ignore_ascii_case(name)))
        || (dir.is_empty() && notation_name(name).is_some())
        || (TASK_FOLDERS.contains(&dir) && folder_task_name(name))
}

/// Where a file name stands among the names task notations read at the root by default
/// (`todo.txt`), if it is one.
fn notation_name(name: &str) -> Option<usize> {
    crate::parse::style::default_names().position(|d| d.eq_ignore_ascii_case(name))
}

/// `path` resolved when it can be, else as it is.
fn resolved(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The archive's path, resolved once: the config's `archive` (relative to the config's
/// folder `base`), else the default name at the root. The files found under the canonical
/// root are compared with it as paths ([`same_path`]).
fn archive_path(root: &Path, base: &Path, name: Option<&str>) -> PathBuf {
    resolved(&name.map_or_else(|| root.join(DEFAULT_ARCHIVE), |a| base.join(a)))
}

/// `a == b` as paths, the file names compared first: comparing whole paths component by
/// component, for every file of a folder, is not free.
fn same_path(a: &Path, b: &Path) -> bool {
    a.file_name() == b.file_name() && a == b
}

/// Finds the default task files: the default names at `root` and in `root/docs` (matched in
/// any case), then every task folder's files, then `archive` when it is a file not found
/// already. Each is given to `emit` with its [`Key`]: the default names in their order, a
/// folder's files by name (compared as bytes), as the folder is listed.
fn walk_default(root: &Path, archive: Option<&Path>, emit: &mut dyn FnMut(Key, PathBuf)) {
    let mut archive_found = false;
    let mut seen = |p: &Path| archive_found |= archive.is_some_and(|a| same_path(p, a));
    let mut group = 0;
    for dir in [root.to_path_buf(), root.join("docs")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let at_root = dir == root;
        let mut found: Vec<(usize, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                DEFAULT_NAMES
                    .iter()
                    .position(|d| d.eq_ignore_ascii_case(&name))
                    .or_else(|| {
                        // A notation's own names come after the Markdown ones.
                        notation_name(&name)
                            .filter(|_| at_root)
                            .map(|k| DEFAULT_NAMES.len() + k)
                    })
                    .map(|rank| (rank, e.path()))
            })
            .collect();
        found.sort();
        for (_, p) in found {
            seen(&p);
            emit((group, OsString::new()), p);
            group += 1;
        }
    }
    for folder in TASK_FOLDERS {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            if !e.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            let name = e.file_name();
            if folder_task_name(&name.to_string_lossy()) {
                let p = e.path();
                seen(&p);
                emit((group, name), p);
            }
        }
        group += 1;
    }
    if let Some(a) = archive
        && !archive_found
        && a.is_file()
    {
        emit((usize::MAX, OsString::new()), a.to_path_buf());
    }
}

/// Expands a config `files` entry: a plain path, or a glob over the tree under `base`.
fn expand(base: &Path, pattern: &str) -> Vec<PathBuf> {
    if !pattern.contains(['*', '?']) {
        let p = base.join(pattern);
        return if p.is_file() { vec![p] } else { Vec::new() };
    }
    let mut out = Vec::new();
    let mut stack = vec![base.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                if !matches!(name.to_str(), Some(".git" | "target" | "node_modules")) {
                    stack.push(e.path());
                }
            } else if kind.is_file()
                && let Ok(rel) = e.path().strip_prefix(base)
                && glob_match(pattern, &rel.to_string_lossy().replace('\\', "/"))
            {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Matches a path against a glob: `*` and `?` stay inside one path segment, `**` crosses them.
///
/// Each (pattern position, path position) pair is tried at most once (a pair that failed is
/// remembered), so a pattern of many stars costs `pattern × path²` at worst, never the
/// exponential time of retrying every split.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    struct Glob<'a, 'b> {
        p: &'a [u8],
        s: &'a [u8],
        /// One bit per pair, set when the pair failed.
        failed: &'b mut [u64],
    }
    impl Glob<'_, '_> {
        fn go(&mut self, pi: usize, si: usize) -> bool {
            let slot = pi * (self.s.len() + 1) + si;
            let (word, bit) = (slot / 64, 1u64 << (slot % 64));
            if self.failed[word] & bit != 0 {
                return false;
            }
            let (p, s) = (&self.p[pi..], &self.s[si..]);
            let ok = match p {
                [] => s.is_empty(),
                [b'*', b'*', b'/', ..] => {
                    self.go(pi + 3, si)
                        || (si..self.s.len()).any(|i| self.s[i] == b'/' && self.go(pi + 3, i + 1))
                }
                [b'*', b'*', ..] => (si..=self.s.len()).any(|i| self.go(pi + 2, i)),
                [b'*', ..] => (si..=self.s.len())
                    .take_while(|&i| i == si || self.s[i - 1] != b'/')
                    .any(|i| self.go(pi + 1, i)),
                [b'?', ..] => s.first().is_some_and(|&c| c != b'/') && self.go(pi + 1, si + 1),
                [c, ..] => s.first() == Some(c) && self.go(pi + 1, si + 1),
            };
            if !ok {
                self.failed[word] |= bit;
            }
            ok
        }
    }
    let (p, s) = (pattern.as_bytes(), path.as_bytes());
    let words = ((p.len() + 1) * (s.len() + 1)).div_ceil(64);
    // The usual pattern and path fit in a few hundred bytes on the stack.
    let mut small = [0u64; 64];
    let mut large = Vec::new();
    let failed = if words <= small.len() {
        &mut small[..words]
    } else {
        large.resize(words, 0);
        &mut large[..]
    };
    Glob { p, s, failed }.go(0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_folder_holds_markdown_files_other_than_its_readme() {
        for name in [
            "task-1 - Fix.md",
            "a.MD",
            "Readme-notes.txt.md",
            ".md",
            "é.md",
        ] {
            let readme = name.to_ascii_lowercase().starts_with("readme");
            assert_eq!(folder_task_name(name), !readme, "{name}");
        }
        for name in [
            "README.md",
            "readme.MD",
            "notes.txt",
            "md",
            "task.mdx",
            "",
            "é",
        ] {
            assert!(!folder_task_name(name), "{name}");
        }
    }

    #[test]
    fn a_path_under_the_root_is_named_as_strip_prefix_names_it() {
        // Paths that do not exist: the byte reading must agree with `strip_prefix` wherever
        // it answers, and the rest falls back to it.
        let root = Path::new("/r/proj");
        for p in [
            "/r/proj/TODO.md",
            "/r/proj/backlog/tasks/task-1 - A title.md",
            "/r/proj/docs/ü/TODO.md",
            "/r/proj//a.md",
            "/r/proj/./a.md",
            "/r/proj/a/./b.md",
            "/r/proj/a//b.md",
            "/r/proj/a/",
            "/r/projx/a.md",
        ] {
            let path = Path::new(p);
            if let Ok(rel) = path.strip_prefix(root) {
                assert_eq!(relative(root, path), rel.display().to_string(), "{p}");
            }
        }
    }

    #[test]
    fn the_index_finds_an_id_in_another_letter_case() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("TODO.md");
        std::fs::write(
            &path,
            "- [x] TASK-2: a\n- [ ] B-1: b\n  - Depends on: task-2\n",
        )
        .unwrap();
        let p = Project::load(dir.path(), &[path]).unwrap();
        let index = p.index();
        assert!(index.lookup("TASK-2").is_some());
        assert_eq!(index.lookup("task-2").map(Vec::len), Some(1));
        assert!(index.lookup("task-3").is_none());
        assert!(Project::is_satisfied(&index, "Task-2"));
    }

    #[test]
    fn globs() {
        assert!(glob_match("docs/*.md", "docs/TODO.md"));
        assert!(!glob_match("docs/*.md", "docs/a/TODO.md"));
        assert!(glob_match("**/TODO.md", "TODO.md"));
        assert!(glob_match("**/TODO.md", "a/b/TODO.md"));
        assert!(glob_match("backlog/**", "backlog/tasks/t-1.md"));
        assert!(glob_match("T?DO.md", "TODO.md"));
        assert!(glob_match("a*/**/*b*.md", "ab/x/y/cbd.md"));
        assert!(!glob_match("*/TODO.md", "a/b/TODO.md"));
    }

    /// The memo answers as trying every split would, on every short pattern and path.
    #[test]
    fn globs_answer_as_trying_every_split() {
        fn slow(p: &[u8], s: &[u8]) -> bool {
            match p {
                [] => s.is_empty(),
                [b'*', b'*', b'/', rest @ ..] => {
                    slow(rest, s) || (0..s.len()).any(|i| s[i] == b'/' && slow(rest, &s[i + 1..]))
                }
                [b'*', b'*', rest @ ..] => (0..=s.len()).any(|i| slow(rest, &s[i..])),
                [b'*', rest @ ..] => (0..=s.len())
                    .take_while(|&i| i == 0 || s[i - 1] != b'/')
                    .any(|i| slow(rest, &s[i..])),
                [b'?', rest @ ..] => s.first().is_some_and(|&c| c != b'/') && slow(rest, &s[1..]),
                [c, rest @ ..] => s.first() == Some(c) && slow(rest, &s[1..]),
            }
        }
        let mut words = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|w| ["*", "?", "/", "a"].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(last.iter().cloned());
        }
        for p in &words {
            for s in words.iter().filter(|s| !s.contains(['*', '?'])) {
                assert_eq!(
                    glob_match(p, s),
                    slow(p.as_bytes(), s.as_bytes()),
                    "{p:?} {s:?}"
                );
            }
        }
    }

    /// A pattern of many stars that cannot match: each split is tried once, not every way of
    /// splitting (which took minutes at 30 stars).
    #[test]
    fn a_glob_of_many_stars_answers_at_once() {
        let pattern = format!("{}x", "*".repeat(200));
        assert!(!glob_match(&pattern, &"a".repeat(200)));
        let pattern = format!("{}x", "**".repeat(100));
        assert!(!glob_match(&pattern, &"a/".repeat(100)));
    }
}
