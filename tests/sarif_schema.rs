//! Structural validation of `todo lint --format sarif` output against SARIF 2.1.0.
//!
//! No JSON-schema validator is pulled in: this test checks, by hand, what the schema and the
//! spec require of the objects the renderer emits (required keys, enums, index references,
//! 1-based regions) and that no object carries a key its schema definition does not allow
//! (the 2.1.0 schema sets `additionalProperties: false` on all of them).

use serde_json::Value;
use todo_md::document::{LineIndex, Span};
use todo_md::edit::Edit;
use todo_md::lint::{Applicability, Diagnostic, Fix, Location, RULES, Report, Severity};
use todo_md::output::diagnostics::{Sources, sarif};

const A: &str = "\u{feff}# Tasks\r\n\r\n### T-001: First\r\nStatus: DONE\r\n- [ ] crit\r\n\r\n### T-001: Again\r\n";
const B: &str = "## Work\n\n### T-002: Other task\nStatus: Ready\n";

fn location(file: &str, file_index: usize, text: &str, needle: &str, nth: usize) -> Location {
    let start = text.match_indices(needle).nth(nth).expect("needle").0;
    let span = Span::new(start, start + needle.len());
    let index = LineIndex::new(text);
    Location {
        file: file.to_string(),
        file_index,
        span,
        start: index.position(text, span.start),
        end: index.position(text, span.end),
        label: Some(format!("label of {needle}")),
    }
}

fn report() -> Report {
    let rule = |i: usize| &RULES[i % RULES.len()];
    let mut diagnostics = Vec::new();
    for (i, severity) in [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .enumerate()
    {
        let r = rule(i);
        diagnostics.push(Diagnostic {
            rule: r.name,
            code: r.code,
            severity,
            primary: location("a/TODO.md", 0, A, "T-001", 1),
            secondary: vec![
                location("a/TODO.md", 0, A, "T-001", 0),
                location("b dir/TODO.md", 1, B, "T-002", 0),
            ],
            task_id: Some("T-001".into()),
            message: format!("message {i}: 100% \"quoted\"\nsecond line"),
            help: Some("help text".into()),
            fix: None,
        });
    }
    // A multi-line span with a fix in the BOM + CRLF file.
    let mut multi = location("a/TODO.md", 0, A, "Status: DONE\r\n- [ ] crit\r\n", 0);
    multi.label = None;
    diagnostics.push(Diagnostic {
        rule: rule(3).name,
        code: rule(3).code,
        severity: Severity::Warning,
        primary: multi,
        secondary: vec![],
        task_id: None,
        message: "multi-line".into(),
        help: None,
        fix: Some(Fix {
            message: "tick the box".into(),
            edits: vec![Edit {
                span: location("a/TODO.md", 0, A, "[ ]", 0).span,
                replacement: "[x]".into(),
            }],
            applicability: Applicability::Safe,
        }),
    });
    // A diagnostic in a file whose text the renderer does not have.
    let mut unknown = location("c:odd/TODO.md", 7, B, "Ready", 0);
    unknown.label = None;
    diagnostics.push(Diagnostic {
        rule: rule(4).name,
        code: rule(4).code,
        severity: Severity::Error,
        primary: unknown.clone(),
        secondary: vec![],
        task_id: None,
        message: "no source text".into(),
        help: None,
        fix: Some(Fix {
            message: "replace".into(),
            edits: vec![Edit {
                span: unknown.span,
                replacement: "READY".into(),
            }],
            applicability: Applicability::Unsafe,
        }),
    });
    Report {
        diagnostics,
        files: 2,
        tasks: 3,
    }
}

fn allowed(v: &Value, what: &str, keys: &[&str]) {
    let object = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {v}"));
    for key in object.keys() {
        assert!(
            keys.contains(&key.as_str()) || key == "properties",
            "{what} has key {key:?}, which SARIF 2.1.0 does not define"
        );
    }
    if let Some(p) = object.get("properties") {
        assert!(p.is_object(), "{what}.properties must be a property bag");
    }
}

fn string<'v>(v: &'v Value, what: &str) -> &'v str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what} must be a string, got {v}"))
}

fn positive(v: &Value, what: &str) -> u64 {
    let n = v
        .as_u64()
        .unwrap_or_else(|| panic!("{what} must be an integer, got {v}"));
    assert!(n >= 1, "{what} must be ≥ 1");
    n
}

fn message(v: &Value, what: &str) {
    allowed(v, what, &["text", "markdown", "id", "arguments"]);
    assert!(!string(&v["text"], &format!("{what}.text")).is_empty());
}

fn multiformat(v: &Value, what: &str) {
    allowed(v, what, &["text", "markdown"]);
    assert!(!string(&v["text"], &format!("{what}.text")).is_empty());
}

fn uri(v: &Value, what: &str) {
    let uri = string(v, what);
    assert!(!uri.is_empty(), "{what} is empty");
    assert!(
        !uri.contains(['\\', ' ', '#', '?']),
        "{what} {uri:?} is not a URI reference"
    );
    let first = uri.split('/').next().unwrap_or("");
    assert!(
        uri.starts_with("file:") || !first.contains(':'),
        "{what} {uri:?} would read as a scheme"
    );
}

fn artifact_location(v: &Value, what: &str) {
    allowed(v, what, &["uri", "uriBaseId", "index", "description"]);
    uri(&v["uri"], &format!("{what}.uri"));
}

const REGION: &[&str] = &[
    "startLine",
    "startColumn",
    "endLine",
    "endColumn",
    "charOffset",
    "charLength",
    "byteOffset",
    "byteLength",
    "snippet",
    "message",
    "sourceLanguage",
];

fn text_region(v: &Value, what: &str) {
    allowed(v, what, REGION);
    let start_line = positive(&v["startLine"], &format!("{what}.startLine"));
    let start_column = positive(&v["startColumn"], &format!("{what}.startColumn"));
    let end_line = positive(&v["endLine"], &format!("{what}.endLine"));
    let end_column = positive(&v["endColumn"], &format!("{what}.endColumn"));
    assert!(end_line >= start_line, "{what} ends before it starts");
    if end_line == start_line {
        assert!(end_column >= start_column, "{what} ends before it starts");
    }
}

fn physical_location(v: &Value, what: &str) {
    allowed(
        v,
        what,
        &["address", "artifactLocation", "region", "contextRegion"],
    );
    artifact_location(&v["artifactLocation"], &format!("{what}.artifactLocation"));
    text_region(&v["region"], &format!("{what}.region"));
}

fn location_object(v: &Value, what: &str) {
    allowed(
        v,
        what,
        &[
            "id",
            "physicalLocation",
            "logicalLocations",
            "message",
            "annotations",
            "relationships",
        ],
    );
    physical_location(&v["physicalLocation"], &format!("{what}.physicalLocation"));
    if let Some(m) = v.get("message") {
        message(m, &format!("{what}.message"));
    }
    if let Some(id) = v.get("id") {
        assert!(
            id.as_u64().is_some(),
            "{what}.id must be a non-negative integer"
        );
    }
}

const LEVELS: &[&str] = &["none", "note", "warning", "error"];

#[test]
fn sarif_output_is_structurally_valid() {
    let sources = Sources {
        files: vec![("a/TODO.md", A), ("b dir/TODO.md", B)],
    };
    let out = sarif::render(&report(), &sources, "9.9.9");
    let log: Value = serde_json::from_str(&out).expect("SARIF is JSON");

    allowed(
        &log,
        "sarifLog",
        &["$schema", "version", "runs", "inlineExternalProperties"],
    );
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    for key in run.as_object().unwrap().keys() {
        assert!(
            [
                "tool",
                "results",
                "columnKind",
                "properties",
                "invocations",
                "artifacts"
            ]
            .contains(&key.as_str()),
            "run has unexpected key {key}"
        );
    }
    assert!(
        ["utf16CodeUnits", "unicodeCodePoints"].contains(&string(&run["columnKind"], "columnKind"))
    );

    allowed(&run["tool"], "tool", &["driver", "extensions"]);
    let driver = &run["tool"]["driver"];
    allowed(
        driver,
        "driver",
        &[
            "name",
            "version",
            "semanticVersion",
            "informationUri",
            "rules",
            "fullName",
            "shortDescription",
            "fullDescription",
        ],
    );
    assert_eq!(string(&driver["name"], "driver.name"), "todo");
    assert_eq!(string(&driver["version"], "driver.version"), "9.9.9");
    assert!(string(&driver["informationUri"], "driver.informationUri").starts_with("https://"));

    let rules = driver["rules"].as_array().expect("driver.rules");
    assert!(rules.len() >= RULES.len());
    let mut ids = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let what = format!("rules[{i}]");
        allowed(
            rule,
            &what,
            &[
                "id",
                "name",
                "shortDescription",
                "fullDescription",
                "helpUri",
                "help",
                "defaultConfiguration",
                "messageStrings",
                "deprecatedIds",
                "guid",
                "relationships",
            ],
        );
        let id = string(&rule["id"], &format!("{what}.id"));
        assert!(!ids.contains(&id), "rule id {id} is not unique");
        ids.push(id);
        multiformat(
            &rule["shortDescription"],
            &format!("{what}.shortDescription"),
        );
        assert!(string(&rule["helpUri"], &format!("{what}.helpUri")).starts_with("https://"));
        allowed(
            &rule["defaultConfiguration"],
            &format!("{what}.defaultConfiguration"),
            &["enabled", "level", "rank", "parameters"],
        );
        assert!(LEVELS.contains(&string(
            &rule["defaultConfiguration"]["level"],
            &format!("{what}.defaultConfiguration.level")
        )));
    }
    for (i, info) in RULES.iter().enumerate() {
        assert_eq!(
            rules[i]["id"], info.code,
            "every registered rule is described"
        );
        multiformat(&rules[i]["fullDescription"], "fullDescription");
    }

    let results = run["results"].as_array().expect("run.results");
    assert_eq!(results.len(), report().diagnostics.len());
    for (i, result) in results.iter().enumerate() {
        let what = format!("results[{i}]");
        allowed(
            result,
            &what,
            &[
                "ruleId",
                "ruleIndex",
                "rule",
                "kind",
                "level",
                "message",
                "locations",
                "relatedLocations",
                "fixes",
                "partialFingerprints",
                "fingerprints",
            ],
        );
        let rule_id = string(&result["ruleId"], &format!("{what}.ruleId"));
        assert!(
            ids.contains(&rule_id),
            "{what}.ruleId {rule_id} is not in driver.rules"
        );
        if let Some(index) = result.get("ruleIndex") {
            let index = index.as_u64().expect("ruleIndex is an integer") as usize;
            assert_eq!(
                ids[index], rule_id,
                "{what}.ruleIndex points at another rule"
            );
        }
        assert!(LEVELS.contains(&string(&result["level"], &format!("{what}.level"))));
        message(&result["message"], &format!("{what}.message"));

        let locations = result["locations"].as_array().expect("locations");
        assert!(!locations.is_empty(), "{what} has no location");
        for (j, l) in locations.iter().enumerate() {
            location_object(l, &format!("{what}.locations[{j}]"));
        }
        if let Some(related) = result.get("relatedLocations") {
            for (j, l) in related
                .as_array()
                .expect("relatedLocations")
                .iter()
                .enumerate()
            {
                location_object(l, &format!("{what}.relatedLocations[{j}]"));
            }
        }
        if let Some(fixes) = result.get("fixes") {
            for (j, fix) in fixes.as_array().expect("fixes").iter().enumerate() {
                let what = format!("{what}.fixes[{j}]");
                allowed(fix, &what, &["description", "artifactChanges"]);
                message(&fix["description"], &format!("{what}.description"));
                let changes = fix["artifactChanges"].as_array().expect("artifactChanges");
                assert!(!changes.is_empty(), "{what}.artifactChanges is empty");
                for (k, change) in changes.iter().enumerate() {
                    let what = format!("{what}.artifactChanges[{k}]");
                    allowed(change, &what, &["artifactLocation", "replacements"]);
                    artifact_location(
                        &change["artifactLocation"],
                        &format!("{what}.artifactLocation"),
                    );
                    let replacements = change["replacements"].as_array().expect("replacements");
                    assert!(!replacements.is_empty(), "{what}.replacements is empty");
                    for r in replacements {
                        allowed(r, &what, &["deletedRegion", "insertedContent"]);
                        let region = &r["deletedRegion"];
                        if region.get("byteOffset").is_some() {
                            allowed(region, "deletedRegion", REGION);
                            assert!(region["byteOffset"].as_u64().is_some());
                            assert!(region["byteLength"].as_u64().is_some());
                        } else {
                            text_region(region, "deletedRegion");
                        }
                        allowed(
                            &r["insertedContent"],
                            "insertedContent",
                            &["text", "binary", "rendered"],
                        );
                        string(&r["insertedContent"]["text"], "insertedContent.text");
                    }
                }
            }
        }
    }

    // The BOM is not a column, CRLF does not add one, and a span ending with its line ending
    // ends on its own line.
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endColumn"]
        ),
        (&Value::from(7), &Value::from(5), &Value::from(10))
    );
    let multi = &results[3]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&multi["startLine"], &multi["endLine"]),
        (&Value::from(4), &Value::from(5))
    );
    assert_eq!(multi["endColumn"], 11);
    assert_eq!(
        results[0]["relatedLocations"][1]["physicalLocation"]["artifactLocation"]["uri"],
        "b%20dir/TODO.md"
    );
}
