//! `todo mcp`: a Model Context Protocol server over stdio (rmcp) with six small tools —
//! `todo_list`, `todo_show`, `todo_update`, `todo_add`, `todo_claim`, `todo_lint`.
//!
//! The tools themselves are `todo_md::mcp::Tools`: each call runs this same `todo` binary
//! with the matching command line, and a refusal is a tool error carrying exactly the message
//! the CLI prints. The server itself keeps serving; it logs to standard error only, since
//! standard output carries the protocol. tokio lives here only.

use std::process::ExitCode;
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
use todo_md::mcp::Tools;

use super::Ctx;

/// The server: the tools, run as the binary's own commands.
struct TodoServer {
    tools: Tools,
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
        let result = match self.tools.call(&request.name, &args) {
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
        tools: Tools {
            exe,
            cwd,
            files,
            lock_timeout: ctx.lock_timeout,
            panic_on_crash: false,
        },
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
