//! Target `mcp_request`: one call of an MCP tool (`todo_md::mcp::Tools`, exactly what
//! `todo mcp` runs) with arbitrary arguments, on a scratch repository beside a folder that
//! stands for everything outside it.
//!
//! Byte 0 picks the tool (or a name no tool has). When bit 7 of byte 1 is set, the rest is
//! JSON text (an object, or any value, which becomes `{"id": value}`); otherwise the rest is
//! decoded into an object of known and unknown keys with strings, numbers, booleans, nulls,
//! lists and objects (see [`decode`]).
//!
//! The oracle:
//! - every run of `todo` exits 0, 1 or 2 without a panic or a signal (`Tools::panic_on_crash`);
//! - a refusal says why (a non-empty message), and an answer of `todo_show` names a task;
//! - nothing outside the repository changes, and no lock, temporary file or half-done merge
//!   is left in it; its task file still reads.
//!
//! The repository is put back to its first commit before each call.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Map, Value};
use todo_md::mcp::{JsonObject, TOOLS, Tools};
use todo_md::{Document, TaskFile};

/// The scratch repository's task file.
const BASE: &str = "# Roadmap\n\n## Task schema\n- **Status**: `READY | IN-PROGRESS | BLOCKED | DONE`\n- **Priority**: `P0 | P1 | P2`\n\n## Work\n\n### T-001: Write the parser\nStatus: IN-PROGRESS\nPriority: P1\nOwner: ana\nDependencies: None\n\n- [ ] tokens\n- [x] lines\n\n### T-002: Ship it\nStatus: READY\nPriority: P0\nDependencies: T-001\n\n### T-003: Old work\nStatus: DONE\nPriority: P2\n\n## Later\n\n- [ ] T-004 A checkbox task\n";

/// What stands outside the repository: its names and bytes must never change.
const OUTSIDE: [(&str, &str); 2] = [
    ("NOTES.md", "# Notes\n\nnot a task file\n"),
    (
        "TODO.md",
        "# Other project\n\n### T-001: Not ours\nStatus: READY\n",
    ),
];

/// Keys the tools read, and one they do not.
const KEYS: [&str; 21] = [
    "id", "state", "status", "priority", "owner", "section", "grep", "ready", "limit", "set",
    "check", "uncheck", "dry_run", "title", "fields", "next", "agent", "release", "push", "format",
    "x",
];

/// Strings worth trying as values.
const WORDS: [&str; 24] = [
    "T-001",
    "T-002",
    "T-004",
    "t-003",
    "T-999",
    "done",
    "DONE",
    "in-progress",
    "READY",
    "P1",
    "ana",
    "Work",
    "Later",
    "--help",
    "-C",
    "../outside/TODO.md",
    "/etc/passwd",
    "a\nb",
    "",
    " ",
    "1",
    "tokens",
    "owner",
    "Status",
];

struct Sandbox {
    /// Holds `repo/` and `outside/`, and nothing else.
    root: PathBuf,
    repo: PathBuf,
    outside: PathBuf,
    head: String,
    tools: Tools,
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=fuzz", "-c", "user.email=fuzz@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn sandbox(exe: &Path) -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        assert!(
            exe.is_file(),
            "no todo binary at {} (build it with `cargo build --release`, or set TODO_BIN)",
            exe.display()
        );
        let root = std::env::temp_dir().join(format!("todo-mcp-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let repo = root.join("repo");
        let outside = root.join("outside");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        for (name, text) in OUTSIDE {
            std::fs::write(outside.join(name), text).unwrap();
        }
        git(&repo, &["init", "-q", "-b", "main"]);
        std::fs::write(repo.join("TODO.md"), BASE).unwrap();
        git(&repo, &["add", "TODO.md"]);
        git(&repo, &["commit", "-q", "-m", "base"]);
        let head = git(&repo, &["rev-parse", "HEAD"]);
        let tools = Tools {
            exe: exe.to_path_buf(),
            cwd: repo.clone(),
            files: Vec::new(),
            lock_timeout: Duration::from_secs(2),
            panic_on_crash: true,
        };
        Sandbox {
            root,
            repo,
            outside,
            head,
            tools,
        }
    })
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| Some(e.ok()?.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

impl Sandbox {
    /// The repository as it was first committed.
    fn reset(&self) {
        let head =
            std::fs::read_to_string(self.repo.join(".git/refs/heads/main")).unwrap_or_default();
        if head.trim() != self.head || self.repo.join(".git/MERGE_HEAD").exists() {
            git(&self.repo, &["reset", "-q", "--hard", &self.head]);
        }
        for name in names(&self.repo) {
            if name != ".git" && name != "TODO.md" {
                let p = self.repo.join(&name);
                let _ = std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p));
            }
        }
        std::fs::write(self.repo.join("TODO.md"), BASE).unwrap();
    }

    /// The oracle's checks of the file system after a call.
    fn check(&self, what: &str) {
        assert_eq!(
            names(&self.root),
            ["outside", "repo"],
            "{what}: wrote beside the repository"
        );
        let want: Vec<String> = OUTSIDE.iter().map(|(n, _)| n.to_string()).collect();
        let mut want = want;
        want.sort();
        assert_eq!(
            names(&self.outside),
            want,
            "{what}: changed the folder outside"
        );
        for (name, text) in OUTSIDE {
            let got = std::fs::read_to_string(self.outside.join(name)).unwrap_or_default();
            assert_eq!(got, text, "{what}: wrote {name} outside the repository");
        }
        let left: Vec<String> = names(&self.repo)
            .into_iter()
            .filter(|n| n != ".git" && n != "TODO.md")
            .collect();
        assert!(left.is_empty(), "{what}: left {left:?} in the repository");
        for name in ["index.lock", "MERGE_HEAD", "HEAD.lock"] {
            assert!(
                !self.repo.join(".git").join(name).exists(),
                "{what}: left .git/{name}"
            );
        }
        let bytes = std::fs::read(self.repo.join("TODO.md")).expect("TODO.md is still there");
        let doc = Document::from_bytes("TODO.md", bytes).expect("TODO.md is still UTF-8");
        let file = TaskFile::parse(doc);
        assert!(
            file.tasks.iter().any(|t| t.id() == Some("T-002")),
            "{what}: lost task T-002"
        );
    }
}

/// A reader of the input's bytes; past the end it reads zeros.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn text(&mut self) -> String {
        let b = self.byte();
        if b & 0x80 == 0 {
            return WORDS[usize::from(b) % WORDS.len()].to_string();
        }
        let n = usize::from(b & 0x3f).min(self.0.len());
        let (s, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }

    fn value(&mut self, depth: u8) -> Value {
        match self.byte() % 9 {
            0 => Value::Null,
            1 => Value::Bool(self.byte() & 1 == 1),
            2 => Value::from(i64::from(self.byte() as i8) * 1_000_003),
            3 => Value::from(f64::from(self.byte()) / 7.0),
            4..=6 => Value::String(self.text()),
            7 if depth < 2 => {
                let n = self.byte() % 4;
                Value::Array((0..n).map(|_| self.value(depth + 1)).collect())
            }
            _ if depth < 2 => {
                let n = self.byte() % 4;
                let mut m = Map::new();
                for _ in 0..n {
                    let k = self.key();
                    m.insert(k, self.value(depth + 1));
                }
                Value::Object(m)
            }
            _ => Value::String(self.text()),
        }
    }

    fn key(&mut self) -> String {
        let b = self.byte();
        if b & 0x80 == 0 {
            KEYS[usize::from(b) % KEYS.len()].to_string()
        } else {
            WORDS[usize::from(b & 0x7f) % WORDS.len()].to_string()
        }
    }
}

/// The tool's name and its arguments from the input.
pub fn decode(data: &[u8]) -> Option<(String, JsonObject)> {
    let [tool, mode, rest @ ..] = data else {
        return None;
    };
    let name = TOOLS
        .get(usize::from(*tool) % (TOOLS.len() + 1))
        .map_or("todo_nothing", |n| n)
        .to_string();
    if mode & 0x80 != 0 {
        let value: Value = serde_json::from_slice(rest).ok()?;
        let args = match value {
            Value::Object(m) => m,
            other => {
                let mut m = Map::new();
                m.insert("id".into(), other);
                m
            }
        };
        return Some((name, args));
    }
    let mut b = Bytes(rest);
    let mut args = Map::new();
    for _ in 0..(mode % 8) {
        let k = b.key();
        args.insert(k, b.value(0));
    }
    Some((name, args))
}

/// The `mcp_request` check, with the `todo` binary at `exe`.
pub fn mcp_request(exe: &Path, data: &[u8]) {
    let Some((name, args)) = decode(data) else {
        return;
    };
    let sandbox = sandbox(exe);
    sandbox.reset();
    let what = format!("{name} {}", Value::Object(args.clone()));
    let answer = sandbox.tools.call(&name, &args);
    if std::env::var_os("MCP_CHECK_VERBOSE").is_some() {
        eprintln!("{what}\n=> {answer:?}");
    }
    match answer {
        Ok(answer) => {
            if name == "todo_show" {
                assert!(answer.contains("T-00"), "{what}: answered {answer:?}");
            }
        }
        Err(message) => {
            assert!(
                !message.trim().is_empty(),
                "{what}: refused without a message"
            );
        }
    }
    sandbox.check(&what);
}

/// The binary the fuzz target runs: `TODO_BIN`, else the release build beside the fuzz crate.
pub fn todo_bin() -> PathBuf {
    std::env::var_os("TODO_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release/todo"),
        PathBuf::from,
    )
}
