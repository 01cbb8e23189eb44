//! The JSON Schemas in docs/schema/ are generated from the output types
//! (`todo_md::output::schema`), and every command's real `--format json` output over the
//! fixtures validates against its schema.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn docs_schema_is_generated_from_the_output_types() {
    let dir = root().join("docs/schema");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    for s in todo_md::output::schema::all() {
        let want = serde_json::to_string_pretty(s.schema.as_value()).unwrap() + "\n";
        let path = dir.join(format!("{}.json", s.name));
        if update {
            std::fs::write(&path, &want).unwrap();
        }
        if std::fs::read_to_string(&path).unwrap_or_default() != want {
            stale.push(s.name);
        }
    }
    assert!(
        stale.is_empty(),
        "docs/schema/ is stale for {stale:?}: run `UPDATE_DOCS=1 cargo test --test json_schema docs_schema`"
    );
}

/// A small JSON Schema validator for what schemars emits: `type` (one or several), `enum`,
/// `const`, `properties`/`required`/`additionalProperties`, `items`, `$ref` into `$defs`,
/// `anyOf`, `oneOf`, `allOf` and `minimum`. Objects are checked closed: a key that the schema
/// does not name is an error here, so an undocumented key fails the test (the published
/// schemas stay open, as docs/json.md promises that keys may be added).
fn validate(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    if let Value::Bool(b) = schema {
        if !b {
            errors.push(format!("{at}: no value allowed"));
        }
        return;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("a local $ref");
        validate(root, &root["$defs"][name], v, at, errors);
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type {t}"),
        };
        let ok = types.iter().any(|t| match *t {
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "string" => v.is_string(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            other => panic!("unknown type {other}"),
        });
        if !ok {
            errors.push(format!("{at}: {v} is not of type {t}"));
            return;
        }
    }
    if let Some(c) = schema.get("const")
        && c != v
    {
        errors.push(format!("{at}: {v} is not {c}"));
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errors.push(format!("{at}: {v} is not one of {e:?}"));
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), v.as_f64())
        && n < min
    {
        errors.push(format!("{at}: {n} < {min}"));
    }
    let matching = |list: &Value| -> usize {
        list.as_array()
            .unwrap()
            .iter()
            .filter(|s| {
                let mut e = Vec::new();
                validate(root, s, v, at, &mut e);
                e.is_empty()
            })
            .count()
    };
    if let Some(list) = schema.get("anyOf")
        && matching(list) == 0
    {
        errors.push(format!("{at}: {v} matches none of anyOf"));
    }
    if let Some(list) = schema.get("oneOf")
        && matching(list) != 1
    {
        errors.push(format!("{at}: {v} does not match exactly one of oneOf"));
    }
    if let Some(list) = schema.get("allOf").and_then(Value::as_array) {
        for s in list {
            validate(root, s, v, at, errors);
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), v.as_array()) {
        for (i, item) in array.iter().enumerate() {
            validate(root, items, item, &format!("{at}[{i}]"), errors);
        }
    }
    if let Some(object) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !object.contains_key(key.as_str().unwrap()) {
                errors.push(format!("{at}: missing required key {key}"));
            }
        }
        for (k, value) in object {
            let at = format!("{at}.{k}");
            match (
                props.and_then(|p| p.get(k)),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => validate(root, s, value, &at, errors),
                (None, Some(extra)) => validate(root, extra, value, &at, errors),
                (None, None) if props.is_some() => {
                    errors.push(format!("{at}: key not in the schema"));
                }
                (None, None) => {}
            }
        }
    }
}

fn schema(name: &str) -> Value {
    let path = root().join("docs/schema").join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Validates a command's output; returns the output for further checks.
fn check(name: &str, dir: &Path, args: &[&str]) -> Value {
    let out = assert_cmd::Command::cargo_bin("todo")
        .unwrap()
        .current_dir(dir)
        .env_remove("TODO_FORMAT")
        .env_remove("GITHUB_ACTIONS")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?} is not JSON: {e}"));
    let s = schema(name);
    let mut errors = Vec::new();
    validate(&s, &s, &v, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{args:?} against {name}.json:\n{}",
        errors.join("\n")
    );
    v
}

#[test]
fn the_validator_rejects_what_the_schema_does_not_allow() {
    let s = schema("show");
    let mut good: Value = serde_json::from_str(
        r#"{"id":"T-1","title":"A","status":null,"state":"todo","priority":null,"type":null,
            "owner":null,"blocker":null,"dependencies":[],"effort":null,
            "criteria":{"done":0,"total":0,"items":[]},"section":[],"file":"TODO.md","line":1,
            "fields":{}}"#,
    )
    .unwrap();
    let mut errors = Vec::new();
    validate(&s, &s, &good, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    for (key, bad) in [
        ("state", Value::from("paused")),
        ("line", Value::from("1")),
        ("undocumented", Value::from(1)),
    ] {
        let mut v = good.clone();
        v[key] = bad;
        let mut errors = Vec::new();
        validate(&s, &s, &v, "$", &mut errors);
        assert!(!errors.is_empty(), "{key} should fail");
    }
    good.as_object_mut().unwrap().remove("title");
    let mut errors = Vec::new();
    validate(&s, &s, &good, "$", &mut errors);
    assert!(!errors.is_empty());
}

fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=Ana", "-c", "user.email=ana@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// Every fixture, read alone: the task, board, doctor, lint and stats outputs.
#[test]
fn every_fixture_validates_against_the_read_schemas() {
    let fixtures = root().join("fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .chain(std::fs::read_dir(fixtures.join("formats")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() > 10);
    let dir = tempfile::tempdir().unwrap();
    for f in &files {
        let file = f.to_str().unwrap();
        check("list", dir.path(), &["--file", file, "list"]);
        check("list", dir.path(), &["--file", file, "ready"]);
        check("next", dir.path(), &["--file", file, "next"]);
        check("waves", dir.path(), &["--file", file, "ready", "--waves"]);
        check("prime", dir.path(), &["--file", file, "prime"]);
        check("board", dir.path(), &["--file", file, "board"]);
        check("doctor", dir.path(), &["--file", file, "doctor"]);
        check("lint", dir.path(), &["--file", file, "lint"]);
        check("stats", dir.path(), &["--file", file, "stats"]);
        let tasks = check("list", dir.path(), &["--file", file, "list"]);
        if let Some(id) = tasks[0]["id"].as_str() {
            check("show", dir.path(), &["--file", file, "show", id]);
        }
    }
}

/// The history, rules and edit outputs, over a repository with two commits.
#[test]
fn history_rules_and_edit_outputs_validate() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read_to_string(root().join("fixtures/heading-plain-fields.md")).unwrap();
    std::fs::write(d.join("TODO.md"), &text).unwrap();
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "tasks"]);
    let edited = text
        .replacen("Status: IN-REVIEW", "Status: READY", 1)
        .replacen("- [ ] Mixed numbers", "- [x] Mixed numbers", 1);
    std::fs::write(d.join("TODO.md"), &edited).unwrap();
    git(d, &["commit", "-qam", "progress"]);
    check("rules", d, &["rules"]);
    check("rule", d, &["rules", "missing-field"]);
    let log = check("log", d, &["log", "T-013"]);
    assert_eq!(log.as_array().unwrap().len(), 2);
    check("log", d, &["log", "T-010"]);
    check("blame", d, &["blame", "T-013"]);
    let diff = check("diff", d, &["diff", "HEAD~1", "HEAD"]);
    assert!(!diff["changed"].as_array().unwrap().is_empty());
    check("stats-history", d, &["stats", "--history"]);
    check(
        "dry-run",
        d,
        &["set", "T-013", "--owner", "ALICE", "--dry-run"],
    );
    check("changes", d, &["set", "T-013", "--owner", "ALICE"]);
    check("changes", d, &["set", "T-013", "--owner", "ALICE"]);
    check("changes", d, &["check", "T-013", "1"]);
    check("changes", d, &["add", "Write the guide", "-p", "P2"]);
    check("changes", d, &["move", "T-013", "done", "--force"]);
    check("diff", d, &["diff"]);
}

/// Every style name `doctor` writes over the fixtures (all notations) is listed in json.md.
#[test]
fn doctor_style_names_are_documented() {
    let json_md = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    let f = root().join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&f)
        .unwrap()
        .chain(std::fs::read_dir(f.join("formats")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.push(f.join("formats/todotxt/todo.txt"));
    paths.push(f.join("formats/tasks/T-8.md"));
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("backlog.md");
    std::fs::write(&list, "# Backlog\n\n- Sweep the porch\n- Oil the hinges\n").unwrap();
    paths.push(list);
    let mut seen = std::collections::BTreeSet::new();
    for p in &paths {
        let v = check(
            "doctor",
            dir.path(),
            &["--file", p.to_str().unwrap(), "doctor"],
        );
        for report in v.as_array().unwrap() {
            seen.extend(report["styles"].as_object().unwrap().keys().cloned());
        }
    }
    assert!(seen.contains("list item of a task list") && seen.contains("todo.txt line"));
    for name in &seen {
        assert!(
            json_md.contains(&format!("`{name}`")),
            "json.md does not list `{name}`"
        );
    }
}
