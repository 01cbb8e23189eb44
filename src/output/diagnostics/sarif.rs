//! The `sarif` lint format: a SARIF 2.1.0 log for code-scanning tools (GitHub code scanning,
//! IDE SARIF viewers).
//!
//! One run whose driver lists every rule of the registry (code as `id`, kebab name, summary,
//! full documentation, help link, default level), and one result per diagnostic with its
//! location, related locations (the secondary spans, labelled) and fixes. Columns are
//! 1-based Unicode code points (`columnKind: unicodeCodePoints`), the BOM not counted; ends
//! are exclusive. URIs are relative, forward-slash and percent-encoded. This module must not
//! filter or reorder diagnostics.

use serde_json::{Map, Value, json};

use super::{Positions, Sources, display_end, forward_slashes};
use crate::edit::Edit;
use crate::lint::{Diagnostic, Location, RULES, Report, Severity};

/// The `$schema` of the log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The driver's `informationUri`; rule help links are anchors below it.
pub const INFORMATION_URI: &str = "https://docs.rs/todo-md";

/// Renders the report as a pretty-printed SARIF log with a trailing newline.
pub fn render(report: &Report, sources: &Sources<'_>, tool_version: &str) -> String {
    let mut out = serde_json::to_string_pretty(&document(report, sources, tool_version))
        .expect("SARIF serialises to JSON");
    out.push('\n');
    out
}

/// The SARIF log as a JSON value.
pub fn document(report: &Report, sources: &Sources<'_>, tool_version: &str) -> Value {
    // Every registered rule, then any code the report uses that the registry lacks, so each
    // result's ruleId resolves.
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|r| rule(r.code, r.name, r.severity, r.summary, r.doc))
        .collect();
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    for d in &report.diagnostics {
        if !codes.contains(&d.code) {
            codes.push(d.code);
            rules.push(rule(d.code, d.rule, d.severity, d.rule, ""));
        }
    }

    let mut positions = Positions::new(sources);
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let index = codes.iter().position(|c| *c == d.code).unwrap_or(0);
            result(d, index, sources, &mut positions)
        })
        .collect();

    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "todo",
                    "version": tool_version,
                    "semanticVersion": tool_version,
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// SARIF's level for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(code: &str, name: &str, severity: Severity, summary: &str, doc: &str) -> Value {
    let mut rule = json!({
        "id": code,
        "name": name,
        "shortDescription": { "text": summary },
        "helpUri": format!("{INFORMATION_URI}#{name}"),
        "defaultConfiguration": { "level": level(severity) },
    });
    if !doc.is_empty() {
        rule["fullDescription"] = json!({ "text": doc, "markdown": doc });
        rule["help"] = json!({ "text": doc, "markdown": doc });
    }
    rule
}

fn result(
    d: &Diagnostic,
    rule_index: usize,
    sources: &Sources<'_>,
    positions: &mut Positions<'_>,
) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(d.code));
    result.insert("ruleIndex".into(), json!(rule_index));
    result.insert("level".into(), json!(level(d.severity)));
    result.insert("message".into(), json!({ "text": text }));
    result.insert(
        "locations".into(),
        json!([{ "physicalLocation": physical(&d.primary, sources) }]),
    );
    if !d.secondary.is_empty() {
        let related: Vec<Value> = d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut related = json!({ "id": i, "physicalLocation": physical(l, sources) });
                if let Some(label) = &l.label {
                    related["message"] = json!({ "text": label });
                }
                related
            })
            .collect();
        result.insert("relatedLocations".into(), json!(related));
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": deleted_region(e, d.primary.file_index, positions),
                    "insertedContent": { "text": e.replacement },
                })
            })
            .collect();
        result.insert(
            "fixes".into(),
            json!([{
                "description": { "text": fix.message },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri(&d.primary.file) },
                    "replacements": replacements,
                }],
                "properties": { "applicability": fix.applicability },
            }]),
        );
    }
    if let Some(id) = &d.task_id {
        result.insert("properties".into(), json!({ "taskId": id, "rule": d.rule }));
    } else {
        result.insert("properties".into(), json!({ "rule": d.rule }));
    }
    Value::Object(result)
}

fn physical(l: &Location, sources: &Sources<'_>) -> Value {
    let end = display_end(l, sources);
    let (end_line, end_column) =
        if end.line < l.start.line || (end.line == l.start.line && end.column < l.start.column) {
            (l.start.line, l.start.column)
        } else {
            (end.line, end.column)
        };
    json!({
        "artifactLocation": { "uri": uri(&l.file) },
        "region": {
            "startLine": l.start.line.max(1),
            "startColumn": l.start.column.max(1),
            "endLine": end_line.max(1),
            "endColumn": end_column.max(1),
        }
    })
}

/// The region an edit replaces: lines and columns when the file's text is at hand, its bytes
/// otherwise.
fn deleted_region(e: &Edit, file_index: usize, positions: &mut Positions<'_>) -> Value {
    match (
        positions.position(file_index, e.span.start),
        positions.position(file_index, e.span.end),
    ) {
        (Some(start), Some(end)) => json!({
            "startLine": start.line,
            "startColumn": start.column,
            "endLine": end.line,
            "endColumn": end.column,
        }),
        _ => json!({ "byteOffset": e.span.start, "byteLength": e.span.len() }),
    }
}

/// A path as a URI reference: forward slashes, no leading `./`, and every byte outside the
/// unreserved and path-safe set percent-encoded (`:` too, so a relative path never reads as a
/// scheme). Absolute paths become `file:` URIs.
pub fn uri(path: &str) -> String {
    let path = forward_slashes(path);
    let mut rest: &str = &path;
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    let bytes = rest.as_bytes();
    if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/' {
        return format!("file:///{}:{}", &rest[..1], encode(&rest[2..]));
    }
    if rest.starts_with('/') {
        return format!("file://{}", encode(rest));
    }
    encode(rest)
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;

    fn log() -> Value {
        serde_json::from_str(&render(&report(), &sources(), "1.2.3")).unwrap()
    }

    #[test]
    fn header_and_driver() {
        let v = log();
        assert_eq!(v["$schema"], SCHEMA);
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "todo");
        assert_eq!(driver["version"], "1.2.3");
        assert_eq!(driver["informationUri"], INFORMATION_URI);
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        for (r, info) in rules.iter().zip(RULES) {
            assert_eq!(r["id"], info.code);
            assert_eq!(r["name"], info.name);
            assert_eq!(r["shortDescription"]["text"], info.summary);
            assert_eq!(r["fullDescription"]["text"], info.doc);
            assert!(r["helpUri"].as_str().unwrap().starts_with("https://"));
            assert_eq!(r["defaultConfiguration"]["level"], level(info.severity));
        }
    }

    #[test]
    fn every_result_has_the_required_keys() {
        let v = log();
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 5);
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
            assert!(!r["message"]["text"].as_str().unwrap().is_empty());
            let region = &r["locations"][0]["physicalLocation"]["region"];
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(region[key].as_u64().unwrap() >= 1, "{key}");
            }
            assert!(
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .is_some()
            );
        }
        let dup = &results[1];
        assert_eq!(dup["level"], "error");
        assert_eq!(
            dup["relatedLocations"][1]["message"]["text"],
            "a similar ID, in another file"
        );
        assert_eq!(
            dup["relatedLocations"][1]["physicalLocation"]["artifactLocation"]["uri"],
            "b/TO%3ADO,1.md"
        );
        assert_eq!(results[0]["level"], "note");
        // The BOM is not a column.
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            3
        );
    }

    #[test]
    fn fixes_are_artifact_changes() {
        let v = log();
        let fix = &v["runs"][0]["results"][3]["fixes"][0];
        assert_eq!(fix["description"]["text"], "replace with `READY`");
        let change = &fix["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "b/TO%3ADO,1.md");
        let replacement = &change["replacements"][0];
        assert_eq!(
            replacement["deletedRegion"],
            json!({"startLine": 4, "startColumn": 9, "endLine": 4, "endColumn": 14})
        );
        assert_eq!(replacement["insertedContent"]["text"], "READY");
        assert!(v["runs"][0]["results"][1].get("fixes").is_none());
    }

    #[test]
    fn uris() {
        assert_eq!(uri("./docs\\TODO.md"), "docs/TODO.md");
        assert_eq!(uri("a b/é#.md"), "a%20b/%C3%A9%23.md");
        assert_eq!(uri("/abs/TODO.md"), "file:///abs/TODO.md");
        assert_eq!(uri("C:\\w\\TODO.md"), "file:///C:/w/TODO.md");
    }

    #[test]
    fn unknown_codes_get_a_rule() {
        let mut report = report();
        report.diagnostics[0].code = "XX999";
        let v = document(&report, &sources(), "0");
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len() + 1);
        assert_eq!(v["runs"][0]["results"][0]["ruleIndex"], RULES.len());
    }
}
