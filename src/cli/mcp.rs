//! `todo mcp`: a Model Context Protocol server over stdio (rmcp) with six small tools —
//! `todo_list`, `todo_show`, `todo_update`, `todo_add`, `todo_claim`, `todo_lint`.
//!
//! Each call runs this same `todo` binary once with the matching command line, so it reads
//! the files afresh (there is no cache), writes through the same plan → verify → atomic
//! write under the same locks, stays inside the repository, and a refusal is a tool error
//! carrying exactly the message the CLI prints. The server itself keeps serving; it logs to
//! standard error only, since standard output carries the protocol. tokio lives here only.

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ErrorData,
    Implementation, JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities,
    ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler, ServiceExt};
use serde_json::{Value, json};

use super::Ctx;

/// The server: where to run `todo` and with which global options.
struct TodoServer {
    exe: PathBuf,
    cwd: PathBuf,
    files: Vec<PathBuf>,
    /// The server's `--lock-timeout`, passed on to every write.
    lock_timeout: std::time::Duration,
}

/// What one run of `todo` gave. Every value from a tool's arguments is passed as
/// `--option=value` or after `--`, so one that starts with `-` is taken as written, never as
/// an option of the command.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn schema(value: Value) -> Arc<JsonObject> {
    match value {
        Value::Object(map) => Arc::new(map),
        _ => Arc::new(JsonObject::new()),
    }
}

/// The six tools, with schemas kept small (all of `tools/list` under 6,000 characters).
fn tools() -> Vec<Tool> {
    let s = |d: &str| json!({"type": "string", "description": d});
    vec![
        Tool::new(
            "todo_list",
            "List tasks, one compact line each: ID status priority @owner title.",
            schema(json!({"type": "object", "properties": {
                "state": s("todo|in-progress|blocked|done"),
                "status": s("status as written"),
                "priority": s("e.g. P1"),
                "owner": s("owner"),
                "section": s("text in the section path"),
                "grep": s("text in the title"),
                "ready": {"type": "boolean", "description": "only tasks ready to start, best first"},
                "limit": {"type": "integer", "description": "at most this many lines"}
            }})),
        ),
        Tool::new(
            "todo_show",
            "One task: fields, numbered checklist, dependencies.",
            schema(
                json!({"type": "object", "properties": {"id": s("task ID")}, "required": ["id"]}),
            ),
        ),
        Tool::new(
            "todo_update",
            "Change a task (status, fields, checklist items); answers with the unified diff.",
            schema(json!({"type": "object", "properties": {
                "id": s("task ID"),
                "status": s("a status of the schema or a state"),
                "set": {"type": "object", "additionalProperties": {"type": "string"}, "description": "field -> value"},
                "check": {"type": "array", "items": {"type": "string"}, "description": "items to tick (number or text)"},
                "uncheck": {"type": "array", "items": {"type": "string"}, "description": "items to untick"},
                "dry_run": {"type": "boolean", "description": "show the diff, write nothing"}
            }, "required": ["id"]})),
        ),
        Tool::new(
            "todo_add",
            "Add a task with the next free ID; answers with the ID.",
            schema(json!({"type": "object", "properties": {
                "title": s("title"),
                "priority": s("e.g. P2"),
                "status": s("status"),
                "section": s("section heading text"),
                "fields": {"type": "object", "additionalProperties": {"type": "string"}, "description": "field -> value"}
            }, "required": ["title"]})),
        ),
        Tool::new(
            "todo_claim",
            "Claim a task (owner = agent, status in progress), or release it. Refused if another agent holds it.",
            schema(json!({"type": "object", "properties": {
                "id": s("task ID"),
                "next": {"type": "boolean", "description": "claim the best ready task nobody holds"},
                "agent": s("your name"),
                "release": {"type": "boolean", "description": "give the task back"},
                "push": {"type": "boolean", "description": "commit and push to the upstream"}
            }, "required": ["agent"]})),
        ),
        Tool::new(
            "todo_lint",
            "Check the task files; one line per problem.",
            schema(json!({"type": "object", "properties": {}})),
        ),
    ]
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl TodoServer {
    /// Runs `todo ARGS` with the server's directory and files; stdin closed.
    fn todo(&self, args: &[String]) -> Run {
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
        match out {
            Ok(o) => Run {
                code: o.status.code().unwrap_or(2),
                stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
                stderr: String::from_utf8_lossy(&o.stderr).trim().to_string(),
            },
            Err(e) => Run {
                code: 2,
                stdout: String::new(),
                stderr: format!("todo: cannot run {}: {e}", self.exe.display()),
            },
        }
    }

    fn call(&self, name: &str, args: &JsonObject) -> Result<String, String> {
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

impl ServerHandler for TodoServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("todo", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Tasks of this repository's TODO.md files. Claim a task before working on it.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let args = request.arguments.unwrap_or_default();
        let result = match self.call(&request.name, &args) {
            Ok(out) => CallToolResult::success(vec![ContentBlock::text(out)]),
            Err(message) => {
                eprintln!("todo mcp: {} refused: {message}", request.name);
                CallToolResult::error(vec![ContentBlock::text(message)])
            }
        };
        Ok(result.into())
    }
}

pub fn run(ctx: &Ctx) -> Result<ExitCode> {
    let exe = std::env::current_exe().context("cannot find the todo binary")?;
    let cwd = std::fs::canonicalize(&ctx.cwd).unwrap_or_else(|_| ctx.cwd.clone());
    let files = ctx.files.iter().map(|f| cwd.join(f)).collect();
    let server = TodoServer {
        exe,
        cwd,
        files,
        lock_timeout: ctx.lock_timeout,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP runtime")?;
    runtime.block_on(async move {
        eprintln!("todo mcp: serving on stdio");
        let service = server
            .serve(rmcp::transport::stdio())
            .await
            .context("cannot start the MCP session")?;
        service.waiting().await.context("the MCP session failed")?;
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
