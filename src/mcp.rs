//! The tools of `todo mcp`, without the protocol: each tool call becomes one or more runs of
//! the `todo` binary with the matching command line.
//!
//! Running the binary means every call reads the files afresh (there is no cache), writes
//! through the same plan → verify → atomic write under the same locks, stays inside the
//! repository, and a refusal carries exactly the message the CLI prints. The protocol itself
//! (rmcp, tokio) lives in the binary; this module is here so that tests and the `mcp_request`
//! fuzz target call the tools exactly as the server does.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

/// A tool call's arguments: a JSON object.
pub type JsonObject = serde_json::Map<String, Value>;

/// The tools' names, in the order `tools/list` gives them.
pub const TOOLS: [&str; 6] = [
    "todo_list",
    "todo_show",
    "todo_update",
    "todo_add",
    "todo_claim",
    "todo_lint",
];

/// Where the tools run `todo`, and with which global options.
#[derive(Debug, Clone)]
pub struct Tools {
    /// The `todo` binary.
    pub exe: PathBuf,
    /// The directory it runs in (`-C`).
    pub cwd: PathBuf,
    /// The task files given to the server (`--file`), if any.
    pub files: Vec<PathBuf>,
    /// The server's `--lock-timeout`, passed on to every write.
    pub lock_timeout: Duration,
    /// Panic when a run of `todo` crashes (a panic, a signal, an exit code other than 0, 1
    /// or 2) instead of answering with its message: for tests and the fuzz target.
    pub panic_on_crash: bool,
}

/// What one run of `todo` gave. Every value from a tool's arguments is passed as
/// `--option=value` or after `--`, so one that starts with `-` is taken as written, never as
/// an option of the command.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit code; a run killed by a signal counts as 2.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error, trimmed.
    pub stderr: String,
    /// Whether the process ended by a signal instead of an exit code.
    pub signalled: bool,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Tools {
    /// Runs `todo ARGS` with the server's directory and files; stdin closed.
    pub fn todo(&self, args: &[String]) -> Run {
        // No command line carries a NUL character: say so instead of failing to start.
        if let Some(a) = args.iter().find(|a| a.contains('\0')) {
            let shown: String = a.chars().take(40).collect();
            return Run {
                code: 2,
                stdout: String::new(),
                stderr: format!(
                    "todo: a value holds a NUL character, which a command line cannot carry: {shown:?}"
                ),
                signalled: false,
            };
        }
        let mut cmd = Command::new(&self.exe);
        cmd.arg("-C").arg(&self.cwd).arg("--color").arg("never");
        cmd.arg("--lock-timeout")
            .arg(self.lock_timeout.as_secs_f64().to_string());
        for f in &self.files {
            cmd.arg("--file").arg(f);
        }
        let out = cmd
            .args(args)
            .env_remove("TODO_FORMAT")
            .stdin(std::process::Stdio::null())
            .output();
        let run = match out {
            Ok(o) => Run {
                code: o.status.code().unwrap_or(2),
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).trim().to_string(),
                signalled: o.status.code().is_none(),
            },
            Err(e) if self.panic_on_crash => panic!("cannot run {}: {e}", self.exe.display()),
            Err(e) => Run {
                code: 2,
                stdout: String::new(),
                stderr: format!("todo: cannot run {}: {e}", self.exe.display()),
                signalled: false,
            },
        };
        if self.panic_on_crash
            && (run.signalled || run.code > 2 || run.code < 0 || run.stderr.contains("panicked"))
        {
            panic!(
                "todo {args:?} crashed (exit {}, signalled {}):\n{}",
                run.code, run.signalled, run.stderr
            );
        }
        run
    }

    /// Calls tool `name` with its JSON arguments: the answer's text, or the refusal's message.
    pub fn call(&self, name: &str, args: &JsonObject) -> Result<String, String> {
        let get = |k: &str| args.get(k).and_then(text);
        let flag = |k: &str| args.get(k).and_then(Value::as_bool).unwrap_or(false);
        let need = |k: &str| get(k).ok_or_else(|| format!("todo: `{k}` is required"));
        let ok = |r: Run| {
            if r.code == 0 {
                Ok(r.stdout)
            } else {
                Err(r.stderr)
            }
        };
        match name {
            "todo_list" => {
                let mut a: Vec<String> = if flag("ready") {
                    vec!["ready".into()]
                } else {
                    vec!["list".into()]
                };
                let keys: &[&str] = if flag("ready") {
                    &["priority", "owner"]
                } else {
                    &["state", "status", "priority", "owner", "section", "grep"]
                };
                for k in keys {
                    if let Some(v) = get(k) {
                        a.push(format!("--{k}={v}"));
                    }
                }
                a.extend(["--format".into(), "compact".into()]);
                let out = ok(self.todo(&a))?;
                let limit = args
                    .get("limit")
                    .and_then(Value::as_u64)
                    .map(|n| n as usize);
                Ok(match limit {
                    Some(n) => out.lines().take(n).map(|l| format!("{l}\n")).collect(),
                    None => out,
                })
            }
            "todo_show" => ok(self.todo(&["show".into(), "--".into(), need("id")?])),
            "todo_update" => self.update(args),
            "todo_add" => self.add(args),
            "todo_claim" => {
                let agent = need("agent")?;
                let mut a: Vec<String> = if flag("release") {
                    vec!["release".into()]
                } else if flag("next") {
                    vec!["claim".into(), "--next".into(), format!("--as={agent}")]
                } else {
                    vec!["claim".into(), format!("--as={agent}")]
                };
                if flag("push") {
                    a.push("--push".into());
                }
                if flag("release") || !flag("next") {
                    a.extend(["--".into(), need("id")?]);
                }
                let r = self.todo(&a);
                let note = r.stderr.clone();
                ok(r).map(|out| {
                    if note.is_empty() {
                        out
                    } else {
                        format!("{out}{note}\n")
                    }
                })
            }
            "todo_lint" => {
                let r = self.todo(&["lint".into(), "--format".into(), "concise".into()]);
                match r.code {
                    0 if r.stdout.trim().is_empty() => Ok("no problems\n".into()),
                    0 | 1 => Ok(r.stdout),
                    _ => Err(r.stderr),
                }
            }
            other => Err(format!("todo: no tool `{other}`")),
        }
    }

    /// `todo_update`: each change in turn (status, fields, ticks, unticks), stopping at the
    /// first refusal; the answer is the task's diff, or with `dry_run` each change's diff.
    fn update(&self, args: &JsonObject) -> Result<String, String> {
        let id = args
            .get("id")
            .and_then(text)
            .ok_or("todo: `id` is required")?;
        let dry = args
            .get("dry_run")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mut steps: Vec<Vec<String>> = Vec::new();
        if let Some(s) = args.get("status").and_then(text) {
            steps.push(vec!["move".into(), "--".into(), id.clone(), s]);
        }
        if let Some(Value::Object(set)) = args.get("set") {
            for (k, v) in set {
                let v = text(v).ok_or_else(|| format!("todo: `set.{k}` must be a string"))?;
                steps.push(vec!["set".into(), "--".into(), id.clone(), k.clone(), v]);
            }
        }
        for (key, verb) in [("check", "check"), ("uncheck", "uncheck")] {
            if let Some(Value::Array(items)) = args.get(key) {
                for i in items.iter().filter_map(text) {
                    steps.push(vec![verb.into(), "--".into(), id.clone(), i]);
                }
            }
        }
        if steps.is_empty() {
            return Err("todo: nothing to update (give status, set, check or uncheck)".into());
        }
        let show = || self.todo(&["show".into(), "--format=md".into(), "--".into(), id.clone()]);
        let before = show();
        if before.code != 0 {
            return Err(before.stderr);
        }
        let mut diffs = String::new();
        for mut step in steps {
            if dry {
                step.insert(1, "--dry-run".into());
            }
            let r = self.todo(&step);
            if r.code != 0 {
                return Err(r.stderr);
            }
            if dry {
                diffs.push_str(&r.stdout);
            }
        }
        if dry {
            return Ok(diffs);
        }
        let after = show();
        let diff = similar::TextDiff::from_lines(&before.stdout, &after.stdout)
            .unified_diff()
            .header(&format!("{id} before"), &format!("{id} after"))
            .to_string();
        Ok(if diff.is_empty() {
            "no change\n".into()
        } else {
            diff
        })
    }

    /// `todo_add`: the task, then its extra fields; answers with the new ID.
    fn add(&self, args: &JsonObject) -> Result<String, String> {
        let title = args
            .get("title")
            .and_then(text)
            .ok_or("todo: `title` is required")?;
        let mut a: Vec<String> = vec!["add".into(), "--format=json".into()];
        for k in ["priority", "status", "section"] {
            if let Some(v) = args.get(k).and_then(text) {
                a.push(format!("--{k}={v}"));
            }
        }
        a.extend(["--".into(), title]);
        let r = self.todo(&a);
        if r.code != 0 {
            return Err(r.stderr);
        }
        let report: Value = serde_json::from_str(&r.stdout).map_err(|e| e.to_string())?;
        let id = report["changes"][0]["task"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if let Some(Value::Object(fields)) = args.get("fields") {
            for (k, v) in fields {
                let v = text(v).unwrap_or_default();
                let r = self.todo(&["set".into(), "--".into(), id.clone(), k.clone(), v]);
                if r.code != 0 {
                    return Err(format!("{id} was added, but: {}", r.stderr));
                }
            }
        }
        Ok(format!("{id}\n"))
    }
}
