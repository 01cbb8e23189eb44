//! The benchmark generator (benches/support/generate.rs) is deterministic and writes what it
//! promises: the tasks, formats and histories the benchmarks compare against other tools.

#[path = "../benches/support/generate.rs"]
mod generate;

use generate::*;
use todo_md::{Document, State, TaskFile};

#[test]
fn generates_the_requested_tasks_deterministically() {
    let text = task_file(100);
    assert_eq!(text, task_file(100));
    let file = TaskFile::parse(Document::from_string("TODO.md", text));
    assert_eq!(file.tasks.len(), 100);
    assert_eq!(
        file.tasks
            .iter()
            .filter(|t| t.state == State::Blocked)
            .count(),
        3
    );
    assert_eq!(file.tasks[10].dependencies[0].value, "T-00010");
    assert_eq!(file.tasks[0].progress(), (1, 3));
    assert!(file.schema.is_some());
}

#[test]
fn task_specs_describe_the_tasks_of_the_task_file() {
    let n = 120;
    let file = TaskFile::parse(Document::from_string("TODO.md", task_file(n)));
    for (i, task) in file.tasks.iter().enumerate() {
        let spec = task_spec(n, i);
        assert_eq!(task.id(), Some(spec.id.as_str()));
        assert_eq!(task.title.value, spec.title);
        assert_eq!(task.priority(), Some(spec.priority));
        assert_eq!(task.status(), Some(spec.status));
        let deps: Vec<String> = spec
            .depends_on
            .iter()
            .map(|d| format!("T-{d:05}"))
            .collect();
        let got: Vec<&str> = task.dependencies.iter().map(|d| d.value.as_str()).collect();
        assert_eq!(got, deps);
        assert_eq!(
            task.blocker(file.doc.text()).is_some(),
            spec.blocked_by.is_some()
        );
    }
}

#[test]
fn backlog_tasks_have_front_matter_and_three_criteria() {
    let (name, text) = backlog_task(100, 50);
    assert_eq!(
        name,
        "task-51 - Generated-task-number-51-with-a-realistic-title.md"
    );
    assert_eq!(backlog_task(100, 50).1, text);
    assert!(text.starts_with("---\nid: TASK-51\n"));
    assert!(text.contains("\nstatus: Blocked\n"));
    assert!(text.contains("\ndependencies:\n  - TASK-50\n"));
    assert!(text.contains("\npriority: low\n"));
    assert_eq!(text.matches("- [x] #").count(), 1);
    assert_eq!(text.matches("- [ ] #").count(), 2);
    assert!(backlog_task(100, 1).1.contains("\ndependencies: []\n"));
    assert!(backlog_config().contains("\"In Review\""));
}

#[test]
fn taskwarrior_lines_are_json_with_the_same_tasks() {
    let text = taskwarrior_json(100);
    assert_eq!(text, taskwarrior_json(100));
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 100);
    assert_eq!(lines[1]["start"], "20260101T000000Z");
    assert_eq!(lines[0]["priority"], "P0");
    assert_eq!(lines[99]["priority"], "P3");
    assert_eq!(
        lines[50]["depends"][0],
        "00000000-0000-4000-8000-000000000050"
    );
    assert_eq!(lines[50]["tags"][2], "blocked");
}

#[test]
fn todotxt_has_one_line_per_task() {
    let text = todotxt(100);
    assert_eq!(text.lines().count(), 100);
    assert!(text.starts_with("(A) 2026-01-01 Generated task number 1 with"));
    let line = text.lines().nth(50).unwrap();
    assert!(line.starts_with("(C) "), "{line}");
    assert!(line.ends_with("status:blocked type:docs effort:L dep:T-00050 blocker:T-00050"));
}

#[test]
fn history_stream_writes_one_commit_per_step_with_exact_lengths() {
    let mut out = Vec::new();
    history_stream(30, 7, &mut out).unwrap();
    let mut again = Vec::new();
    history_stream(30, 7, &mut again).unwrap();
    assert_eq!(out, again);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.matches("commit refs/heads/main\n").count(), 30);
    // Every `data N` is followed by exactly N bytes, then a newline.
    let mut rest = text.as_str();
    let mut blobs = Vec::new();
    while let Some(at) = rest.find("\ndata ") {
        let after = &rest[at + 6..];
        let eol = after.find('\n').unwrap();
        let len: usize = after[..eol].parse().unwrap();
        blobs.push(&after[eol + 1..eol + 1 + len]);
        assert_eq!(&after[eol + 1 + len..eol + 2 + len], "\n");
        rest = &after[eol + 1 + len..];
    }
    // A message and a file per commit.
    assert_eq!(blobs.len(), 60);
    assert_eq!(blobs[58], "commit 29");
    let last = TaskFile::parse(Document::from_string("TODO.md", blobs[59].to_string()));
    assert_eq!(last.tasks.len(), 7);
    assert_eq!(
        history_task(1, 0).trim_end().lines().last(),
        Some("Dependencies: T-0001")
    );
}
