//! Tests of the repository, index and commit code, sharing one set of scratch-repository
//! helpers.

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use git2::{Commit, Index, Oid, Repository};

use super::index::{INTENT_TO_ADD, hook_index_file};
use super::path::resolve_link;
use super::{GitError, Repo};

/// A scratch non-bare repository with an empty index.
fn scratch() -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    (dir, repo)
}

/// Write `rel` in the working tree and stage it.
fn stage(repo: &Repository, rel: &str, bytes: &[u8]) {
    let path = repo.workdir().unwrap().join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, bytes).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new(rel)).unwrap();
    index.write().unwrap();
}

fn commit_all(repo: &Repository) {
    let mut index = repo.index().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::now("t", "t@example.com").unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "init", &tree, &[])
        .unwrap();
}

#[test]
fn staged_returns_index_bytes_not_working_tree() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"## T-001: staged\n");
    fs::write(dir.path().join("TODO.md"), b"## T-001: edited later\n").unwrap();

    let repo = Repo::open_isolated(dir.path()).unwrap();
    let want = Some(b"## T-001: staged\n".to_vec());
    assert_eq!(repo.staged(Path::new("TODO.md")).unwrap(), want);
    assert_eq!(repo.staged(&dir.path().join("TODO.md")).unwrap(), want);
    assert_eq!(repo.staged(&repo.workdir().join("TODO.md")).unwrap(), want);
    assert_eq!(repo.staged(Path::new("./docs/../TODO.md")).unwrap(), want);
}

#[test]
fn staged_reads_the_index_fresh() {
    let (dir, git) = scratch();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(repo.staged(Path::new("TODO.md")).unwrap(), None);
    stage(&git, "TODO.md", b"one\n");
    assert_eq!(
        repo.staged(Path::new("TODO.md")).unwrap(),
        Some(b"one\n".to_vec())
    );
    stage(&git, "TODO.md", b"two\n");
    assert_eq!(
        repo.staged(Path::new("TODO.md")).unwrap(),
        Some(b"two\n".to_vec())
    );
}

#[test]
fn staged_survives_deleting_the_working_file() {
    let (dir, git) = scratch();
    stage(&git, "docs/TODO.md", b"kept\n");
    fs::remove_file(dir.path().join("docs/TODO.md")).unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(
        repo.staged(&dir.path().join("docs/TODO.md")).unwrap(),
        Some(b"kept\n".to_vec())
    );
}

#[test]
fn path_not_in_index_is_none() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"x\n");
    fs::write(dir.path().join("ROADMAP.md"), b"untracked\n").unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(repo.staged(Path::new("ROADMAP.md")).unwrap(), None);
    assert_eq!(repo.staged(Path::new("missing/TODO.md")).unwrap(), None);
    assert_eq!(repo.staged(Path::new(".")).unwrap(), None);
    assert_eq!(repo.staged(dir.path()).unwrap(), None);
}

#[test]
fn staged_removal_is_none() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"x\n");
    commit_all(&git);
    let mut index = git.index().unwrap();
    index.remove_path(Path::new("TODO.md")).unwrap();
    index.write().unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(repo.staged(Path::new("TODO.md")).unwrap(), None);
}

#[test]
fn path_outside_workdir_is_an_error() {
    let (dir, _git) = scratch();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    let err = repo.staged(Path::new("../TODO.md")).unwrap_err();
    assert!(matches!(err, GitError::OutsideWorkdir { .. }), "{err:?}");
    let elsewhere = tempfile::tempdir().unwrap();
    let err = repo.staged(&elsewhere.path().join("TODO.md")).unwrap_err();
    assert!(matches!(err, GitError::OutsideWorkdir { .. }), "{err:?}");
}

#[test]
fn not_a_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // The ceiling keeps the search from wandering into a repository above the temp dir.
    let ceiling = dir.path().parent().unwrap().to_path_buf();
    let err = Repo::open(dir.path(), &[ceiling]).unwrap_err();
    match &err {
        GitError::NotARepository { path } => assert_eq!(path, dir.path()),
        other => panic!("expected NotARepository, got {other:?}"),
    }
    assert!(err.to_string().contains("not inside a git repository"));
}

#[test]
fn bare_repository_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    Repository::init_bare(dir.path()).unwrap();
    let err = Repo::open_isolated(dir.path()).unwrap_err();
    assert!(matches!(err, GitError::Bare { .. }), "{err:?}");
}

#[test]
fn discover_searches_upward_from_a_subdirectory() {
    let (dir, git) = scratch();
    stage(&git, "docs/TODO.md", b"x\n");
    let repo = Repo::open_isolated(&dir.path().join("docs")).unwrap();
    assert_eq!(
        repo.workdir().canonicalize().unwrap(),
        dir.path().canonicalize().unwrap()
    );
    let from_file = Repo::open_isolated(&dir.path().join("docs/TODO.md")).unwrap();
    assert_eq!(from_file.workdir(), repo.workdir());
    // Relative paths are relative to the working tree, not to the start directory.
    assert_eq!(
        repo.staged(Path::new("docs/TODO.md")).unwrap(),
        Some(b"x\n".to_vec())
    );
}

#[test]
fn staged_paths_lists_the_index() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"a\n");
    stage(&git, "docs/ROADMAP.md", b"b\n");
    stage(&git, "src/main.rs", b"fn main() {}\n");
    fs::write(dir.path().join("BACKLOG.md"), b"untracked\n").unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    let paths = repo.staged_paths().unwrap();
    assert_eq!(
        paths,
        vec![
            PathBuf::from("TODO.md"),
            Path::new("docs").join("ROADMAP.md"),
            Path::new("src").join("main.rs"),
        ]
    );
}

#[test]
fn staged_paths_skips_intent_to_add() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"a\n");
    fs::write(dir.path().join("TASKS.md"), b"b\n").unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    let mut index = git.index().unwrap();
    let mut entry = index.get_path(Path::new("TODO.md"), 0).unwrap();
    entry.path = b"TASKS.md".to_vec();
    entry.flags |= 0x4000; // extended flags present
    entry.flags_extended |= INTENT_TO_ADD;
    index.add(&entry).unwrap();
    index.write().unwrap();
    assert_eq!(repo.staged_paths().unwrap(), vec![PathBuf::from("TODO.md")]);
    assert_eq!(repo.staged(Path::new("TASKS.md")).unwrap(), None);
}

#[cfg(unix)]
#[test]
fn staged_follows_symlinks_inside_the_index() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"real\n");
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink("../TODO.md", dir.path().join("docs/TODO.md")).unwrap();
    let mut index = git.index().unwrap();
    index.add_path(Path::new("docs/TODO.md")).unwrap();
    index.write().unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(
        repo.staged(Path::new("docs/TODO.md")).unwrap(),
        Some(b"real\n".to_vec())
    );
}

#[test]
fn hook_index_file_is_honoured_only_inside_the_git_dir() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"in .git/index\n");
    // Simulate `git commit -a`: the hook sees a temporary index with other content.
    let blob = git.blob(b"in index.lock\n").unwrap();
    let lock = git.path().join("index.lock");
    let mut temp = Index::open(&lock).unwrap();
    let mut entry = git
        .index()
        .unwrap()
        .get_path(Path::new("TODO.md"), 0)
        .unwrap();
    entry.id = blob;
    entry.file_size = 14;
    temp.add(&entry).unwrap();
    temp.write().unwrap();

    let mut repo = Repo::open_isolated(dir.path()).unwrap();
    repo.index_file = hook_index_file(
        git.path(),
        Some(OsString::from(".git/index.lock")),
        Some(dir.path().to_path_buf()),
    );
    assert!(repo.index_file.is_some());
    assert_eq!(
        repo.staged(Path::new("TODO.md")).unwrap(),
        Some(b"in index.lock\n".to_vec())
    );

    let elsewhere = tempfile::tempdir().unwrap();
    let stray = elsewhere.path().join("index");
    assert_eq!(
        hook_index_file(git.path(), Some(stray.into_os_string()), None),
        None
    );
    assert_eq!(hook_index_file(git.path(), None, None), None);
    assert_eq!(
        hook_index_file(git.path(), Some(OsString::new()), None),
        None
    );
}

/// With the real `git`: what a pre-commit hook sees for `git commit -a` is accepted by
/// [`hook_index_file`], and reading that index gives the content being committed.
#[cfg(unix)]
#[test]
fn real_git_commit_all_uses_a_temporary_index() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    if Command::new("git").arg("--version").output().is_err() {
        return;
    }
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"staged\n");
    commit_all(&git);
    fs::write(dir.path().join("TODO.md"), b"from commit -a\n").unwrap();
    let hooks = git.path().join("hooks");
    fs::create_dir_all(&hooks).unwrap();
    let hook = hooks.join("pre-commit");
    fs::write(
        &hook,
        "#!/bin/sh\nprintf '%s\\n%s\\n' \"$GIT_INDEX_FILE\" \"$(pwd)\" > .git/hook-env\n\
         cp \"$GIT_INDEX_FILE\" .git/hook-index\nexit 1\n",
    )
    .unwrap();
    fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    let status = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["commit", "-q", "-a", "-m", "x"])
        .current_dir(dir.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .status()
        .unwrap();
    assert!(!status.success(), "the hook fails the commit");
    let env = fs::read_to_string(git.path().join("hook-env")).unwrap();
    let mut lines = env.lines();
    let (value, cwd) = (lines.next().unwrap(), lines.next().unwrap());
    let chosen = hook_index_file(
        git.path(),
        Some(OsString::from(value)),
        Some(PathBuf::from(cwd)),
    );
    assert!(
        chosen.is_some(),
        "GIT_INDEX_FILE={value} in {cwd} was not honoured"
    );

    let mut repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(
        repo.staged(Path::new("TODO.md")).unwrap(),
        Some(b"staged\n".to_vec())
    );
    repo.index_file = Some(git.path().join("hook-index"));
    assert_eq!(
        repo.staged(Path::new("TODO.md")).unwrap(),
        Some(b"from commit -a\n".to_vec())
    );
}

#[test]
fn hooks_dir_defaults_to_git_hooks() {
    let (dir, git) = scratch();
    fs::create_dir_all(git.path().join("hooks")).unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(
        repo.hooks_dir().canonicalize().unwrap(),
        git.path().join("hooks").canonicalize().unwrap()
    );
}

#[test]
fn hooks_dir_honours_core_hooks_path() {
    let (dir, git) = scratch();
    git.config()
        .unwrap()
        .set_str("core.hooksPath", ".githooks")
        .unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(repo.hooks_dir(), repo.workdir().join(".githooks"));

    let elsewhere = tempfile::tempdir().unwrap();
    git.config()
        .unwrap()
        .set_str("core.hooksPath", elsewhere.path().to_str().unwrap())
        .unwrap();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert_eq!(repo.hooks_dir(), elsewhere.path());
}

#[test]
fn hooks_dir_of_a_worktree_is_the_common_one() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"x\n");
    commit_all(&git);
    let outer = tempfile::tempdir().unwrap();
    let wt_path = outer.path().join("wt");
    git.worktree("wt", &wt_path, None).unwrap();
    fs::create_dir_all(git.path().join("hooks")).unwrap();
    let repo = Repo::open_isolated(&wt_path).unwrap();
    assert_eq!(
        repo.workdir().canonicalize().unwrap(),
        wt_path.canonicalize().unwrap()
    );
    assert_eq!(
        repo.hooks_dir().canonicalize().unwrap(),
        git.path().join("hooks").canonicalize().unwrap()
    );
    assert_eq!(
        repo.staged(Path::new("TODO.md")).unwrap(),
        Some(b"x\n".to_vec())
    );
    drop(dir);
}

#[test]
fn resolve_link_stays_inside_the_tree() {
    assert_eq!(
        resolve_link(b"docs", b"../TODO.md"),
        Some(b"TODO.md".to_vec())
    );
    assert_eq!(
        resolve_link(b"", b"docs/./a.md"),
        Some(b"docs/a.md".to_vec())
    );
    assert_eq!(resolve_link(b"", b"../outside.md"), None);
    assert_eq!(resolve_link(b"a", b"/etc/passwd"), None);
}

/// Give the scratch repository an identity, as `commit_paths` needs one.
fn identify(repo: &Repository) {
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "t").unwrap();
    config.set_str("user.email", "t@example.com").unwrap();
}

/// Commit `rel` = `bytes` on `refname` (on top of its tip, if any) without touching the
/// working tree or the index.
fn commit_on(repo: &Repository, refname: &str, rel: &str, bytes: &[u8]) -> Oid {
    let parent = repo
        .find_reference(refname)
        .ok()
        .map(|r| r.peel_to_commit().unwrap());
    let blob = repo.blob(bytes).unwrap();
    let mut update = git2::build::TreeUpdateBuilder::new();
    update.upsert(rel, blob, git2::FileMode::Blob);
    let tree = match &parent {
        Some(commit) => update.create_updated(repo, &commit.tree().unwrap()),
        None => {
            let empty = repo.treebuilder(None).unwrap().write().unwrap();
            update.create_updated(repo, &repo.find_tree(empty).unwrap())
        }
    }
    .unwrap();
    let tree = repo.find_tree(tree).unwrap();
    let sig = git2::Signature::now("t", "t@example.com").unwrap();
    let parents: Vec<&Commit<'_>> = parent.iter().collect();
    repo.commit(Some(refname), &sig, &sig, "on branch", &tree, &parents)
        .unwrap()
}

fn head_name(repo: &Repository) -> String {
    repo.head().unwrap().shorthand().unwrap().to_owned()
}

/// The bytes HEAD's tree holds at `rel`.
fn in_head(repo: &Repository, rel: &str) -> Option<Vec<u8>> {
    let tree = repo.head().unwrap().peel_to_tree().unwrap();
    let entry = tree.get_path(Path::new(rel)).ok()?;
    Some(repo.find_blob(entry.id()).unwrap().content().to_vec())
}

/// The bytes the repository's index holds at `rel`.
fn in_index(repo: &Repository, rel: &str) -> Option<Vec<u8>> {
    let mut index = repo.index().unwrap();
    index.read(true).unwrap();
    let entry = index.get_path(Path::new(rel), 0)?;
    Some(repo.find_blob(entry.id).unwrap().content().to_vec())
}

#[test]
fn branch_blobs_reads_every_branch() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"## T-001: main\n");
    commit_all(&git);
    let main = head_name(&git);
    let tip = git.head().unwrap().peel_to_commit().unwrap();
    git.branch("topic", &tip, false).unwrap();
    commit_on(&git, "refs/heads/topic", "TODO.md", b"## T-002: topic\n");

    let repo = Repo::open_isolated(dir.path()).unwrap();
    let paths = vec![
        PathBuf::from("TODO.md"),
        dir.path().join("TODO.md"),
        PathBuf::from("missing.md"),
        PathBuf::from("../outside.md"),
    ];
    let blobs = repo.branch_blobs(&paths).unwrap();
    assert_eq!(
        blobs,
        vec![
            (
                main.clone(),
                PathBuf::from("TODO.md"),
                b"## T-001: main\n".to_vec()
            ),
            (
                "topic".to_owned(),
                PathBuf::from("TODO.md"),
                b"## T-002: topic\n".to_vec()
            ),
        ]
    );

    // A detached HEAD changes nothing: the branches are still read.
    git.set_head_detached(tip.id()).unwrap();
    assert_eq!(repo.branch_blobs(&paths).unwrap().len(), 2);
}

#[test]
fn branch_blobs_returns_identical_content_once() {
    let (dir, git) = scratch();
    stage(&git, "docs/TODO.md", b"same\n");
    commit_all(&git);
    let tip = git.head().unwrap().peel_to_commit().unwrap();
    git.branch("topic", &tip, false).unwrap();
    // Same content in a different commit on the other branch.
    commit_on(&git, "refs/heads/topic", "other.md", b"x\n");

    let repo = Repo::open_isolated(dir.path()).unwrap();
    let blobs = repo
        .branch_blobs(&[Path::new("docs").join("TODO.md")])
        .unwrap();
    assert_eq!(
        blobs,
        vec![(
            head_name(&git),
            Path::new("docs").join("TODO.md"),
            b"same\n".to_vec()
        )]
    );
}

#[test]
fn branch_blobs_includes_remote_tracking_branches() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"local\n");
    commit_all(&git);
    let remote = commit_on(&git, "refs/remotes/origin/x", "TODO.md", b"remote\n");
    git.reference_symbolic(
        "refs/remotes/origin/HEAD",
        "refs/remotes/origin/x",
        true,
        "test",
    )
    .unwrap();
    assert_eq!(git.find_commit(remote).unwrap().parent_count(), 0);

    let repo = Repo::open_isolated(dir.path()).unwrap();
    let blobs = repo.branch_blobs(&[PathBuf::from("TODO.md")]).unwrap();
    let names: Vec<&str> = blobs.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(names, vec![head_name(&git).as_str(), "origin/x"]);
    assert_eq!(blobs[1].2, b"remote\n");
}

#[test]
fn branch_blobs_of_an_empty_repository_is_empty() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"staged only\n");
    let repo = Repo::open_isolated(dir.path()).unwrap();
    assert!(
        repo.branch_blobs(&[PathBuf::from("TODO.md")])
            .unwrap()
            .is_empty()
    );
}

#[cfg(unix)]
#[test]
fn branch_blobs_follows_symlinks_in_the_tree() {
    let (dir, git) = scratch();
    stage(&git, "TODO.md", b"real\n");
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink("../TODO.md", dir.path().join("docs/TODO.md")).unwrap();
    let mut index = git.index().unwrap();
    index.add_path(Path::new("docs/TODO.md")).unwrap();
    index.write().unwrap();
    commit_all(&git);
    let repo = Repo::open_isolated(dir.path()).unwrap();
    let blobs = repo
        .branch_blobs(&[Path::new("docs").join("TODO.md")])
        .unwrap();
    assert_eq!(blobs.len(), 1);
    assert_eq!(blobs[0].2, b"real\n");
}

#[test]
fn commit_paths_commits_only_the_given_file() {
    let (dir, git) = scratch();
    identify(&git);
    stage(&git, "TODO.md", b"one\n");
    stage(&git, "other.txt", b"other one\n");
    commit_all(&git);
    let before = git.head().unwrap().peel_to_commit().unwrap().id();
    fs::write(dir.path().join("TODO.md"), b"two\n").unwrap();
    stage(&git, "other.txt", b"other two\n");

    let repo = Repo::open_isolated(dir.path()).unwrap();
    let id = repo
        .commit_paths(&[dir.path().join("TODO.md")], "todo: add T-002")
        .unwrap();

    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.id(), id);
    assert_eq!(head.message().unwrap(), "todo: add T-002");
    assert_eq!(head.parent_ids().collect::<Vec<_>>(), vec![before]);
    assert_eq!(head.author().name().unwrap(), "t");
    assert_eq!(in_head(&git, "TODO.md"), Some(b"two\n".to_vec()));
    assert_eq!(in_head(&git, "other.txt"), Some(b"other one\n".to_vec()));
    assert_eq!(in_index(&git, "TODO.md"), Some(b"two\n".to_vec()));
    assert_eq!(in_index(&git, "other.txt"), Some(b"other two\n".to_vec()));
    assert_eq!(
        git.status_file(Path::new("TODO.md")).unwrap(),
        git2::Status::CURRENT
    );
    assert_eq!(
        git.status_file(Path::new("other.txt")).unwrap(),
        git2::Status::INDEX_MODIFIED
    );
}

#[test]
fn commit_paths_refuses_a_path_with_staged_changes() {
    let (dir, git) = scratch();
    identify(&git);
    stage(&git, "TODO.md", b"one\n");
    commit_all(&git);
    let before = git.head().unwrap().peel_to_commit().unwrap().id();
    stage(&git, "TODO.md", b"two, staged\n");
    fs::write(dir.path().join("TODO.md"), b"three\n").unwrap();

    let repo = Repo::open_isolated(dir.path()).unwrap();
    let err = repo
        .commit_paths(&[PathBuf::from("TODO.md")], "todo: edit")
        .unwrap_err();
    match &err {
        GitError::OtherStagedChanges { path } => assert_eq!(path, Path::new("TODO.md")),
        other => panic!("expected OtherStagedChanges, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("`TODO.md` has other staged changes;"),
        "{err}"
    );
    assert_eq!(git.head().unwrap().peel_to_commit().unwrap().id(), before);
    assert_eq!(in_index(&git, "TODO.md"), Some(b"two, staged\n".to_vec()));

    // A staged new file counts too.
    stage(&git, "NEW.md", b"new\n");
    let err = repo
        .commit_paths(&[PathBuf::from("NEW.md")], "todo: edit")
        .unwrap_err();
    assert!(
        matches!(err, GitError::OtherStagedChanges { .. }),
        "{err:?}"
    );
    assert_eq!(git.head().unwrap().peel_to_commit().unwrap().id(), before);
}

#[test]
fn commit_paths_makes_the_first_commit() {
    let (dir, git) = scratch();
    identify(&git);
    stage(&git, "staged.txt", b"staged\n");
    fs::write(dir.path().join("TODO.md"), b"first\n").unwrap();

    let repo = Repo::open_isolated(dir.path()).unwrap();
    let id = repo
        .commit_paths(&[PathBuf::from("./TODO.md")], "todo: init")
        .unwrap();
    let head = git.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.id(), id);
    assert_eq!(head.parent_count(), 0);
    assert_eq!(head.tree().unwrap().len(), 1);
    assert_eq!(in_head(&git, "TODO.md"), Some(b"first\n".to_vec()));
    assert_eq!(in_head(&git, "staged.txt"), None);
    assert_eq!(in_index(&git, "staged.txt"), Some(b"staged\n".to_vec()));
    assert_eq!(
        git.status_file(Path::new("TODO.md")).unwrap(),
        git2::Status::CURRENT
    );
}

#[test]
fn commit_paths_removes_deleted_and_adds_new_files() {
    let (dir, git) = scratch();
    identify(&git);
    stage(&git, "TODO.md", b"old\n");
    stage(&git, "keep.txt", b"keep\n");
    commit_all(&git);
    fs::remove_file(dir.path().join("TODO.md")).unwrap();
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::write(dir.path().join("docs/TODO.md"), b"new\n").unwrap();

    let repo = Repo::open_isolated(dir.path()).unwrap();
    repo.commit_paths(
        &[PathBuf::from("TODO.md"), Path::new("docs").join("TODO.md")],
        "todo: move",
    )
    .unwrap();
    assert_eq!(in_head(&git, "TODO.md"), None);
    assert_eq!(in_head(&git, "docs/TODO.md"), Some(b"new\n".to_vec()));
    assert_eq!(in_head(&git, "keep.txt"), Some(b"keep\n".to_vec()));
    assert_eq!(in_index(&git, "TODO.md"), None);
    assert_eq!(in_index(&git, "docs/TODO.md"), Some(b"new\n".to_vec()));
    let statuses = git.statuses(None).unwrap();
    assert!(statuses.is_empty(), "{} changes left", statuses.len());
}

#[test]
fn commit_paths_rejects_paths_that_are_not_files() {
    let (dir, git) = scratch();
    identify(&git);
    stage(&git, "docs/TODO.md", b"x\n");
    commit_all(&git);
    let before = git.head().unwrap().peel_to_commit().unwrap().id();
    let repo = Repo::open_isolated(dir.path()).unwrap();
    for path in [PathBuf::from("."), PathBuf::from("docs")] {
        let err = repo.commit_paths(&[path], "x").unwrap_err();
        assert!(matches!(err, GitError::NotAFile { .. }), "{err:?}");
    }
    let err = repo
        .commit_paths(&[PathBuf::from("../TODO.md")], "x")
        .unwrap_err();
    assert!(matches!(err, GitError::OutsideWorkdir { .. }), "{err:?}");
    assert_eq!(git.head().unwrap().peel_to_commit().unwrap().id(), before);
}

/// With the real `git`: after `commit_paths`, `git status` shows the committed files as
/// clean (an intent to add included) and other staged changes still staged.
#[cfg(unix)]
#[test]
fn real_git_status_after_commit_paths() {
    use std::process::Command;
    if Command::new("git").arg("--version").output().is_err() {
        return;
    }
    let (dir, git) = scratch();
    identify(&git);
    stage(&git, "TODO.md", b"one\n");
    stage(&git, "other.txt", b"o1\n");
    commit_all(&git);
    fs::write(dir.path().join("TODO.md"), b"two\n").unwrap();
    fs::write(dir.path().join("NEW.md"), b"new\n").unwrap();
    stage(&git, "other.txt", b"o2\n");
    let run = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?} failed");
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["add", "-N", "NEW.md"]);

    let repo = Repo::open_isolated(dir.path()).unwrap();
    repo.commit_paths(
        &[PathBuf::from("TODO.md"), PathBuf::from("NEW.md")],
        "todo: edit",
    )
    .unwrap();
    assert_eq!(run(&["status", "--porcelain"]), "M  other.txt\n");
    assert_eq!(run(&["show", "HEAD:NEW.md"]), "new\n");
    assert_eq!(run(&["show", "HEAD:other.txt"]), "o1\n");
}
