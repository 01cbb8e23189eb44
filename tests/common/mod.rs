//! Helpers shared by the CLI tests that run `todo` on scratch repositories under a timeout.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

/// A bound for ordinary runs: far below what a hang or quadratic work would take.
pub const QUICK: Duration = Duration::from_secs(30);

/// A scratch repository holding `TODO.md` with these bytes.
pub fn repo(bytes: impl AsRef<[u8]>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("TODO.md"), bytes).unwrap();
    dir
}

/// `todo` in `dir`, with a fixed width, no colour or format from the environment, no
/// failpoint, and the QUICK timeout.
pub fn todo(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("todo").unwrap();
    cmd.current_dir(dir)
        .env("COLUMNS", "100")
        .env_remove("NO_COLOR")
        .env_remove("TODO_FORMAT")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("TODO_FAILPOINT")
        .timeout(QUICK);
    cmd
}
