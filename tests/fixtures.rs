//! The hand-written fixtures (`fixtures/*.md`): task and done counts as stated by
//! fixtures/README.md (each checked by reading the fixture), and the `list --format json` view
//! of every fixture as a snapshot.

use std::path::{Path, PathBuf};

use todo_md::output::json::TaskJson;
use todo_md::project::Project;
use todo_md::{Document, State, TaskFile};

/// `(file, tasks, done)` from the fixture table in fixtures/README.md. Every row was checked by
/// reading the fixture: the counts are what a person would call the file's tasks.
const EXPECTED: &[(&str, usize, usize)] = &[
    ("heading-plain-fields.md", 7, 0),
    ("heading-bullet-fields.md", 4, 2),
    ("titled-bullets.md", 4, 0),
    ("checkbox-list.md", 20, 6),
    ("line-tasks.md", 3, 0),
    ("numbered-sections.md", 4, 0),
    ("nested-checklist.md", 7, 2),
    ("crlf-bom.md", 2, 0),
    ("mixed-styles.md", 5, 1),
    ("unicode.md", 5, 1),
    ("code-and-comments.md", 2, 1),
    ("frontmatter.md", 3, 1),
    ("no-tasks.md", 0, 0),
    ("empty.md", 0, 0),
];

/// fixtures/README.md describes the fixtures; it is not one, and holds no tasks.
const README: &str = "README.md";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The names of every `fixtures/*.md` file, sorted.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

fn parse(name: &str) -> TaskFile {
    TaskFile::parse(Document::read(fixtures_dir().join(name)).unwrap())
}

fn counts(file: &TaskFile) -> (usize, usize) {
    let done = file.tasks.iter().filter(|t| t.state == State::Done).count();
    (file.tasks.len(), done)
}

#[test]
fn expected_table_covers_every_fixture() {
    let mut listed: Vec<&str> = EXPECTED.iter().map(|(n, _, _)| *n).collect();
    listed.push(README);
    listed.sort_unstable();
    assert_eq!(fixture_names(), listed);
}

#[test]
fn fixture_task_and_done_counts() {
    let mut wrong = Vec::new();
    for &(name, tasks, done) in EXPECTED {
        let file = parse(name);
        let got = counts(&file);
        if got != (tasks, done) {
            let titles: Vec<&str> = file.tasks.iter().map(|t| t.title.value.as_str()).collect();
            wrong.push(format!(
                "{name}: (tasks, done) = {got:?}, expected {:?}; titles: {titles:?}",
                (tasks, done)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Regression: fixtures/README.md mentions "todo" in its first heading, but it is prose, not a
/// task list: the freeform fallback must not turn its bullets into tasks.
#[test]
fn fixtures_readme_holds_no_tasks() {
    let file = parse(README);
    let titles: Vec<&str> = file.tasks.iter().map(|t| t.title.value.as_str()).collect();
    assert_eq!(counts(&file), (0, 0), "README.md tasks: {titles:?}");
}

/// Regression: in `## N) Area` sections each labelled list (`- Gaps`, `- How to implement`) is
/// a field of its own; a label's same-indent sibling is never one of its items.
#[test]
fn numbered_sections_keep_each_labelled_list_apart() {
    let file = parse("numbered-sections.md");
    let first = &file.tasks[0];
    assert_eq!(first.title.value, "Sensor Onboarding");
    let items = |key: &str| -> Vec<String> {
        first
            .field_named(key)
            .map(|f| {
                f.items
                    .iter()
                    .map(|i| i.text(file.doc.text()).to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        items("Gaps"),
        [
            "Pairing a new probe requires editing a config file by hand",
            "No way to rename or retire a probe from the UI",
            "Battery level is collected but never shown",
        ]
    );
    assert_eq!(
        items("How to implement"),
        [
            "Build a pairing mode that listens for new probe IDs for 60 seconds",
            "Store probe metadata in a `probes` table with `retired_at`",
            "Surface battery level on the probe card with a low-battery badge",
        ]
    );
}

/// Regression: sub-checkboxes indented with a tab are the parent's checklist, like 2- and
/// 4-space ones (pulldown-cmark starts such an item's range at the end of the line above).
#[test]
fn tab_nested_checkboxes_are_the_parents_checklist() {
    let file = parse("nested-checklist.md");
    let task = &file.tasks[2];
    assert_eq!(task.title.value, "Raise the minimum supported OS version");
    let items: Vec<(&str, bool)> = task.criteria.iter().map(|c| (&*c.text, c.done)).collect();
    assert_eq!(
        items,
        [
            (
                "Confirm analytics show under 2% of users on the old version",
                false
            ),
            ("Update the store listing requirements", true),
        ]
    );
}

/// `todo list --file NAME --format json` for every fixture (README.md is not a fixture and is
/// left out). Every snapshot was reviewed by hand against its fixture.
#[test]
fn fixture_list_json_snapshots() {
    let dir = fixtures_dir();
    for &(name, _, _) in EXPECTED {
        let project =
            Project::load(&dir, &[PathBuf::from(name)]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let tasks: Vec<TaskJson<'_>> = project.tasks().map(TaskJson::new).collect();
        let value = serde_json::to_value(&tasks).unwrap();
        let snapshot = name.strip_suffix(".md").unwrap();
        insta::with_settings!({
            description => format!("todo list --file {name} --format json (run in fixtures/)"),
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(snapshot, value);
        });
    }
}
