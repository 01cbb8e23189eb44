//! `todo board -i` driven the way a person uses it: in a tmux pane 120×40, keys sent with
//! `send-keys`, the screen read with `capture-pane`. Skipped, with a message, when tmux is
//! not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A private tmux server (its own socket), killed when the test ends however it ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(dir: &Path) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("skipped: tmux is not installed");
            return None;
        }
        let t = Tmux {
            socket: format!("todo-board-test-{}", std::process::id()),
        };
        t.run(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "120",
            "-y",
            "40",
            "sh",
        ]);
        let cmd = format!(
            "cd '{}' && '{}' board -i; echo EXITED $?",
            dir.display(),
            env!("CARGO_BIN_EXE_todo")
        );
        t.keys(&[&cmd, "Enter"]);
        Some(t)
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "t"])
    }

    /// Waits (up to 15 s) until the screen shows `text`; returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "the screen never showed {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// The lines that differ between two texts of the same line count: (old, new).
fn changed_lines(old: &str, new: &str) -> Vec<(String, String)> {
    assert_eq!(old.lines().count(), new.lines().count());
    old.lines()
        .zip(new.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn moving_a_card_writes_what_todo_move_writes() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/board/TODO.md");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let path = dir.path().join("TODO.md");
    std::fs::copy(&fixture, &path).unwrap();
    let before = std::fs::read_to_string(&path).unwrap();
    let Some(tmux) = Tmux::start(dir.path()) else {
        return;
    };
    let screen = tmux.wait_for("READY (2)");
    assert!(screen.contains("IN-PROGRESS (0)"), "{screen}");
    // T-131 (P0) is the first card of the first lane: selected at start.
    tmux.keys(&[">"]);
    let screen = tmux.wait_for("T-131: status READY → IN-PROGRESS");
    assert!(screen.contains("READY (1)"), "{screen}");
    assert!(screen.contains("IN-PROGRESS (1)"), "{screen}");
    let after = std::fs::read_to_string(&path).unwrap();
    let changed = changed_lines(&before, &after);
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert_eq!(changed[0].0, "Last Updated: 2026-01-05");
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    assert_eq!(changed[0].1, format!("Last Updated: {today}"));
    assert_eq!(
        changed[1],
        (
            "Status: READY".to_string(),
            "Status: IN-PROGRESS".to_string()
        )
    );
    // Back again with Shift+Left: the status line returns to READY.
    tmux.keys(&["S-Left"]);
    tmux.wait_for("T-131: status IN-PROGRESS → READY");
    let again = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        changed_lines(&before, &again).len(),
        1,
        "only the date differs"
    );

    // A filter narrows every lane; Escape clears it.
    tmux.keys(&["/", "sign"]);
    let screen = tmux.wait_for("/sign");
    assert!(
        screen.contains("READY (1)") && screen.contains("IN-REVIEW (0)"),
        "{screen}"
    );
    tmux.keys(&["Enter"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["Escape"]);
    tmux.wait_for("IN-REVIEW (1)");

    // A change on disk is picked up without a key press.
    std::fs::write(&path, again.replace("Status: BLOCKED", "Status: IN-REVIEW")).unwrap();
    tmux.wait_for("IN-REVIEW (2)");

    tmux.keys(&["q"]);
    let screen = tmux.wait_for("EXITED 0");
    assert!(
        !screen.contains("READY ("),
        "the board is still on screen:\n{screen}"
    );
    let modes = tmux.run(&["display", "-p", "-t", "t", "#{alternate_on} #{cursor_flag}"]);
    assert_eq!(
        modes.trim(),
        "0 1",
        "alternate screen left and cursor shown again"
    );
}
