//! Paths between the file system and git: a path given on the command line as an index key
//! (`/`-separated, relative to the working tree), a key back as a path, and symlink targets
//! resolved inside a tree or the index. It must not read git objects; callers look keys up.

use std::path::{Component, Path, PathBuf};

use super::{GitError, Repo};

impl Repo {
    /// The index key (`/`-separated, relative to the working tree) of `path`, or `None` for
    /// the working tree root itself.
    pub(super) fn index_key(&self, path: &Path) -> Result<Option<Vec<u8>>, GitError> {
        let outside = || GitError::OutsideWorkdir {
            path: path.to_path_buf(),
            workdir: self.workdir.clone(),
        };
        let relative = if path.is_absolute() {
            match path.strip_prefix(&self.workdir) {
                Ok(rest) => rest.to_path_buf(),
                Err(_) => {
                    // Symlinked temp dirs (macOS /var -> /private/var) and the like.
                    let real = canonical_lenient(path);
                    let root = self
                        .workdir
                        .canonicalize()
                        .unwrap_or_else(|_| self.workdir.clone());
                    real.strip_prefix(&root)
                        .map_err(|_| outside())?
                        .to_path_buf()
                }
            }
        } else {
            path.to_path_buf()
        };
        let mut parts: Vec<Vec<u8>> = Vec::new();
        for component in relative.components() {
            match component {
                Component::Normal(part) => match os_bytes(part) {
                    Some(bytes) => parts.push(bytes),
                    None => return Ok(None),
                },
                Component::CurDir => {}
                Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(outside());
                    }
                }
                Component::RootDir | Component::Prefix(_) => return Err(outside()),
            }
        }
        if parts.is_empty() {
            return Ok(None);
        }
        Ok(Some(parts.join(&b'/')))
    }
}

/// Drop a trailing separator and `.` components (libgit2 hands out `/repo/`).
pub(super) fn tidy(path: &Path) -> PathBuf {
    path.components().collect()
}

/// `path` with symlinks resolved, even when the last component does not exist.
pub(super) fn canonical_lenient(path: &Path) -> PathBuf {
    if let Ok(real) = path.canonicalize() {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => match parent.canonicalize() {
            Ok(real) => real.join(name),
            Err(_) => path.to_path_buf(),
        },
        _ => path.to_path_buf(),
    }
}

/// Resolve a symlink target recorded in the index against the directory key holding the
/// link. `None` for absolute targets and targets leaving the working tree.
pub(super) fn resolve_link(parent: &[u8], target: &[u8]) -> Option<Vec<u8>> {
    if target.first() == Some(&b'/') || target.is_empty() {
        return None;
    }
    let mut parts: Vec<&[u8]> = parent
        .split(|&b| b == b'/')
        .filter(|p| !p.is_empty())
        .collect();
    for part in target.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join(&b'/'))
}

#[cfg(unix)]
fn os_bytes(part: &std::ffi::OsStr) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    Some(part.as_bytes().to_vec())
}

#[cfg(not(unix))]
fn os_bytes(part: &std::ffi::OsStr) -> Option<Vec<u8>> {
    part.to_str().map(|s| s.as_bytes().to_vec())
}

/// An index key as a relative path with the platform's separators.
pub(super) fn key_to_path(key: &[u8]) -> Option<PathBuf> {
    let mut path = PathBuf::new();
    for part in key.split(|&b| b == b'/') {
        if part.is_empty() || part == b"." || part == b".." {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            path.push(std::ffi::OsStr::from_bytes(part));
        }
        #[cfg(not(unix))]
        {
            path.push(std::str::from_utf8(part).ok()?);
        }
    }
    (!path.as_os_str().is_empty()).then_some(path)
}
