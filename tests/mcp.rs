//! `todo mcp` driven through rmcp's own client over stdio: every tool, refused updates (an
//! unknown ID, a status outside the schema) and a second agent's claim on a held task, each
//! checked against the file's bytes; and the size of `tools/list`.

use std::path::Path;

use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult};
use rmcp::service::{RoleClient, RunningService};
use rmcp::transport::TokioChildProcess;
use serde_json::{Value, json};

const TASKS: &str = "\
# Lighthouse repairs

Last Updated: 2026-02-03

## Task schema
- **Owner**: `keeper | diver | AGENT`
- **Status**: `READY | ACTIVE | HALTED | DONE`

## Tasks

### L-1: Replace the lamp bulb
Priority: P1
Owner: keeper
Status: READY
Acceptance Criteria:
- [ ] Bulb ordered
- [ ] Bulb fitted

### L-2: Inspect the foundation
Priority: P0
Owner: diver
Status: READY
";

type Client = RunningService<RoleClient, ()>;

async fn call(client: &Client, tool: &'static str, args: Value) -> CallToolResult {
    let Value::Object(args) = args else { panic!() };
    client
        .call_tool(CallToolRequestParams::new(tool).with_arguments(args))
        .await
        .unwrap()
}

fn text(r: &CallToolResult) -> String {
    r.content
        .iter()
        .filter_map(|c| c.as_text().map(|t| t.text.clone()))
        .collect()
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("TODO.md")).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn every_tool_through_the_rmcp_client() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("TODO.md"), TASKS).unwrap();
    let mut cmd = tokio::process::Command::new(assert_cmd::cargo::cargo_bin("todo"));
    cmd.arg("-C")
        .arg(dir.path())
        .arg("mcp")
        .env_remove("TODO_FORMAT");
    let client: Client = ().serve(TokioChildProcess::new(cmd).unwrap()).await.unwrap();

    let tools = client.list_all_tools().await.unwrap();
    let mut names: Vec<String> = tools.iter().map(|t| t.name.to_string()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "todo_add",
            "todo_claim",
            "todo_lint",
            "todo_list",
            "todo_show",
            "todo_update"
        ]
    );
    let listed = serde_json::to_string(&json!({ "tools": tools })).unwrap();
    assert!(
        listed.len() <= 6000,
        "tools/list is {} characters",
        listed.len()
    );

    let r = call(&client, "todo_list", json!({"ready": true})).await;
    assert_eq!(
        text(&r),
        "L-2 READY P0 @diver Inspect the foundation\nL-1 READY P1 @keeper Replace the lamp bulb\n"
    );
    let r = call(&client, "todo_show", json!({"id": "L-1"})).await;
    assert!(text(&r).contains("Replace the lamp bulb"), "{}", text(&r));

    // Refusals: the CLI's message, an error result, the file untouched.
    let r = call(
        &client,
        "todo_update",
        json!({"id": "L-9", "status": "READY"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true));
    assert!(text(&r).contains("no task `L-9`"), "{}", text(&r));
    let r = call(
        &client,
        "todo_update",
        json!({"id": "L-1", "status": "SHIPPED"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true));
    assert!(
        text(&r).contains("`SHIPPED` is not an allowed status"),
        "{}",
        text(&r)
    );
    assert_eq!(read(dir.path()), TASKS);

    // A dry run shows the diff and writes nothing; a real update ticks an item.
    let r = call(
        &client,
        "todo_update",
        json!({"id": "L-1", "check": ["1"], "dry_run": true}),
    )
    .await;
    assert!(text(&r).contains("+- [x] Bulb ordered"), "{}", text(&r));
    assert_eq!(read(dir.path()), TASKS);
    let r = call(
        &client,
        "todo_update",
        json!({"id": "L-1", "check": ["Bulb ordered"]}),
    )
    .await;
    assert_eq!(r.is_error, Some(false), "{}", text(&r));
    assert!(text(&r).contains("+- [x] Bulb ordered"), "{}", text(&r));
    assert!(read(dir.path()).contains("- [x] Bulb ordered\n- [ ] Bulb fitted\n"));

    // Claims: the first agent wins, the second is refused and the bytes stay the first's.
    let r = call(
        &client,
        "todo_claim",
        json!({"id": "L-2", "agent": "AGENT"}),
    )
    .await;
    assert_eq!(r.is_error, Some(false), "{}", text(&r));
    let held = read(dir.path());
    assert!(held.contains("Owner: AGENT\nStatus: ACTIVE\n"), "{held}");
    let r = call(
        &client,
        "todo_claim",
        json!({"id": "L-2", "agent": "keeper"}),
    )
    .await;
    assert_eq!(r.is_error, Some(true));
    assert!(text(&r).contains("L-2 is held by AGENT"), "{}", text(&r));
    assert_eq!(read(dir.path()), held);

    let r = call(
        &client,
        "todo_add",
        json!({"title": "Oil the gallery door", "priority": "P2"}),
    )
    .await;
    assert_eq!(text(&r), "L-3\n", "{}", text(&r));
    assert!(read(dir.path()).contains("Oil the gallery door"));

    // Values that start with `-` are values, not options of the command the tool runs.
    let r = call(
        &client,
        "todo_add",
        json!({"title": "--help the diver", "priority": "-", "fields": {"note": "-C/tmp"}}),
    )
    .await;
    assert_eq!(text(&r), "L-4\n", "{}", text(&r));
    assert!(read(dir.path()).contains("--help the diver"));
    assert!(read(dir.path()).contains("Note: -C/tmp"));
    let r = call(&client, "todo_show", json!({"id": "--version"})).await;
    assert_eq!(r.is_error, Some(true));
    assert!(text(&r).contains("no task `--version`"), "{}", text(&r));

    let r = call(&client, "todo_lint", json!({})).await;
    assert_eq!(r.is_error, Some(false), "{}", text(&r));
    client.cancel().await.unwrap();
}
