//! Deterministic task files for benchmarks and tests: the 002 style (heading tasks with plain
//! fields, a task schema, checklists, acyclic dependencies and a few blocked tasks).
//!
//! The same `n` always yields the same bytes, so measurements compare like with like.
//!
//! Development only: benches/core.rs, examples/gen.rs (for scripts/bench.sh) and the tests
//! include this file by path, so the shipped library and binary carry no generator. It reads
//! nothing and depends on nothing but std.

// Each includer uses a different part of the generator.
#![allow(dead_code)]

use std::fmt::Write;

/// A task file of `n` heading tasks with a `## Task schema (required)` section, grouped
/// under priority headings. Every tenth task depends on the one before it; every
/// twenty-fifth is blocked by its predecessor.
pub fn task_file(n: usize) -> String {
    let mut out = String::with_capacity(n * 420 + 1024);
    out.push_str(
        "# TODO.md — generated\n\nLast Updated: 2026-01-01\n\n## Task schema (required)\n\
         - **ID**: `T-#####` (unique)\n- **Priority**: `P0 | P1 | P2 | P3`\n\
         - **Type**: `FEATURE | BUG | DOCS | CHORE`\n- **Owner**: `AGENT | HUMAN`\n\
         - **Status**: `READY | BLOCKED | IN-PROGRESS | IN-REVIEW`\n\
         - **Blocker**: `None` or the reason\n- **Context**: why\n\
         - **Acceptance Criteria**: checklist\n- **References**: paths\n\
         - **Dependencies**: task IDs\n- **Effort**: `S | M | L`\n\n## Active tasks\n",
    );
    let groups = ["P0", "P1", "P2", "P3"];
    let per_group = n.div_ceil(groups.len()).max(1);
    for i in 0..n {
        let priority = groups[(i / per_group).min(groups.len() - 1)];
        if i % per_group == 0 {
            let _ = write!(out, "\n#### {priority} — generated group\n");
        }
        let id = i + 1;
        let blocked = i > 0 && i % 25 == 0;
        let status = if blocked {
            "BLOCKED"
        } else {
            ["READY", "IN-PROGRESS", "IN-REVIEW", "READY"][i % 4]
        };
        let blocker = if blocked {
            format!("T-{:05} (needs its result)", id - 1)
        } else {
            "None".to_string()
        };
        let deps = if i > 0 && i % 10 == 0 {
            format!("T-{:05}", id - 1)
        } else {
            "None".to_string()
        };
        let _ = write!(
            out,
            "\n### T-{id:05}: Generated task number {id} with a realistic title\n\
             Priority: {priority}\nType: {}\nOwner: {}\nStatus: {status}\nBlocker: {blocker}\n\
             Context:\n- Generated to measure how the tools scale with the number of tasks.\n\
             - The body has the fields and lists that real task files carry.\n\
             Acceptance Criteria:\n- [x] The first step of task {id} is done\n\
             - [ ] The second step of task {id} is open\n- [ ] The third step is open\n\
             References:\n- src/module_{}.rs\nDependencies: {deps}\nEffort: {}\n",
            ["FEATURE", "BUG", "DOCS", "CHORE"][i % 4],
            ["AGENT", "HUMAN"][i % 2],
            i % 97,
            ["S", "M", "L"][i % 3],
        );
    }
    out
}

/// One task of [`task_file`] as plain data, so that other tools' formats can carry the same
/// tasks: the same titles, priorities, statuses, owners, blockers and dependencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskSpec {
    /// The number in the ID: `T-00042` is 42 (task `i` of [`task_spec`] is number `i + 1`).
    pub number: usize,
    /// The ID as [`task_file`] writes it, `T-#####`.
    pub id: String,
    /// The title, `Generated task number N with a realistic title`.
    pub title: String,
    /// `P0` to `P3`, from the priority group the task sits in.
    pub priority: &'static str,
    /// `FEATURE`, `BUG`, `DOCS` or `CHORE`.
    pub kind: &'static str,
    /// `AGENT` or `HUMAN`.
    pub owner: &'static str,
    /// `READY`, `BLOCKED`, `IN-PROGRESS` or `IN-REVIEW`.
    pub status: &'static str,
    /// The number of the task this one is blocked by (every twenty-fifth task).
    pub blocked_by: Option<usize>,
    /// The number of the task this one depends on (every tenth task).
    pub depends_on: Option<usize>,
    /// The `N` of the task's one reference, `src/module_N.rs`.
    pub module: usize,
    /// `S`, `M` or `L`.
    pub effort: &'static str,
}

/// Task `i` (0-based) of the `n` tasks of [`task_file`], as data.
pub fn task_spec(n: usize, i: usize) -> TaskSpec {
    let groups = ["P0", "P1", "P2", "P3"];
    let per_group = n.div_ceil(groups.len()).max(1);
    let number = i + 1;
    let blocked = i > 0 && i.is_multiple_of(25);
    TaskSpec {
        number,
        id: format!("T-{number:05}"),
        title: format!("Generated task number {number} with a realistic title"),
        priority: groups[(i / per_group).min(groups.len() - 1)],
        kind: ["FEATURE", "BUG", "DOCS", "CHORE"][i % 4],
        owner: ["AGENT", "HUMAN"][i % 2],
        status: if blocked {
            "BLOCKED"
        } else {
            ["READY", "IN-PROGRESS", "IN-REVIEW", "READY"][i % 4]
        },
        blocked_by: blocked.then_some(number - 1),
        depends_on: (i > 0 && i.is_multiple_of(10)).then_some(number - 1),
        module: i % 97,
        effort: ["S", "M", "L"][i % 3],
    }
}

/// The numbers of the tasks `spec` waits for: its dependency, then its blocker.
fn waits_for(spec: &TaskSpec) -> Vec<usize> {
    let mut out: Vec<usize> = spec.depends_on.into_iter().collect();
    out.extend(spec.blocked_by.filter(|b| !out.contains(b)));
    out
}

/// Backlog.md's `backlog/config.yml` for the tasks of [`backlog_task`]: what `backlog init
/// --defaults` writes (Backlog.md 1.52), with the generated statuses added to its list and
/// the checks of other git branches off.
pub fn backlog_config() -> String {
    "project_name: \"generated\"\ndefault_status: \"To Do\"\n\
     statuses: [\"To Do\", \"In Progress\", \"In Review\", \"Blocked\", \"Done\"]\n\
     labels: []\ndate_format: yyyy-mm-dd\nmax_column_width: 20\nauto_open_browser: false\n\
     default_port: 6420\nremote_operations: false\nauto_commit: false\n\
     filesystem_only: false\nbypass_git_hooks: false\ncheck_active_branches: false\n\
     active_branch_days: 30\ntask_prefix: \"task\"\n"
        .to_string()
}

/// Task `i` (0-based) of `n` in Backlog.md's one-file-per-task format: the file name under
/// `backlog/tasks/` (`task-K - Title-with-hyphens.md`) and its contents (YAML front matter,
/// then the description and the acceptance criteria between Backlog.md's markers), as
/// `backlog task create` writes them. Statuses map to `To Do` (READY), `In Progress`,
/// `In Review` and `Blocked`; priorities P0, P1, P2 and P3 to `high`, `medium`, `low` and
/// `low` (Backlog.md has three); the blocker becomes a dependency.
pub fn backlog_task(n: usize, i: usize) -> (String, String) {
    let spec = task_spec(n, i);
    let k = spec.number;
    let name = format!("task-{k} - {}.md", spec.title.replace(' ', "-"));
    let status = match spec.status {
        "READY" => "To Do",
        "IN-PROGRESS" => "In Progress",
        "IN-REVIEW" => "In Review",
        _ => "Blocked",
    };
    let priority = match spec.priority {
        "P0" => "high",
        "P1" => "medium",
        _ => "low",
    };
    let deps = waits_for(&spec);
    let dependencies = if deps.is_empty() {
        " []\n".to_string()
    } else {
        deps.iter().fold("\n".to_string(), |mut acc, d| {
            let _ = writeln!(acc, "  - TASK-{d}");
            acc
        })
    };
    let mut out = String::with_capacity(900);
    let _ = write!(
        out,
        "---\nid: TASK-{k}\ntitle: {}\nstatus: {status}\nassignee:\n  - '@{}'\n\
         created_date: '2026-01-01 00:00'\nlabels:\n  - {}\ndependencies:{dependencies}\
         references:\n  - src/module_{}.rs\npriority: {priority}\nordinal: {}\n---\n\n\
         ## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\n\
         Generated to measure how the tools scale with the number of tasks.\n\
         The body has the fields and lists that real task files carry.\n\
         <!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n\
         - [x] #1 The first step of task {k} is done\n\
         - [ ] #2 The second step of task {k} is open\n- [ ] #3 The third step is open\n\
         <!-- AC:END -->\n",
        spec.title,
        spec.owner.to_ascii_lowercase(),
        spec.kind.to_ascii_lowercase(),
        spec.module,
        k * 1000,
    );
    (name, out)
}

/// The `n` tasks of [`task_file`] as JSON lines for Taskwarrior's `task import`, in order
/// (so task `K` gets the working-set ID `K`). UUIDs are fixed; priorities stay `P0`-`P3`
/// (the taskrc needs `uda.priority.values=P0,P1,P2,P3,`); IN-PROGRESS tasks are started,
/// IN-REVIEW and BLOCKED ones tagged `review` and `blocked`; blockers and dependencies
/// become `depends`; type and owner become tags, the ID a `todo_id` field.
pub fn taskwarrior_json(n: usize) -> String {
    let uuid = |k: usize| format!("00000000-0000-4000-8000-{k:012}");
    let mut out = String::with_capacity(n * 330);
    for i in 0..n {
        let spec = task_spec(n, i);
        let mut tags = vec![
            spec.kind.to_ascii_lowercase(),
            spec.owner.to_ascii_lowercase(),
        ];
        match spec.status {
            "IN-REVIEW" => tags.push("review".into()),
            "BLOCKED" => tags.push("blocked".into()),
            _ => {}
        }
        let mut task = serde_json::json!({
            "uuid": uuid(spec.number),
            "description": spec.title,
            "status": "pending",
            "entry": "20260101T000000Z",
            "priority": spec.priority,
            "project": "generated",
            "tags": tags,
            "todo_id": spec.id,
        });
        if spec.status == "IN-PROGRESS" {
            task["start"] = "20260101T000000Z".into();
        }
        let deps = waits_for(&spec);
        if !deps.is_empty() {
            task["depends"] = deps.into_iter().map(uuid).collect();
        }
        let _ = writeln!(out, "{task}");
    }
    out
}

/// The `n` tasks of [`task_file`] as a todo.txt file, one line each: priorities P0-P3 as
/// `(A)`-`(D)`, a creation date, the title, `+generated`, the owner as a context and the
/// rest as `key:value` pairs (`id:`, `status:`, `type:`, `effort:`, `dep:`, `blocker:`).
pub fn todotxt(n: usize) -> String {
    let mut out = String::with_capacity(n * 130);
    for i in 0..n {
        let spec = task_spec(n, i);
        let letter = match spec.priority {
            "P0" => 'A',
            "P1" => 'B',
            "P2" => 'C',
            _ => 'D',
        };
        let _ = write!(
            out,
            "({letter}) 2026-01-01 {} +generated @{} id:{} status:{} type:{} effort:{}",
            spec.title,
            spec.owner.to_ascii_lowercase(),
            spec.id,
            spec.status.to_ascii_lowercase(),
            spec.kind.to_ascii_lowercase(),
            spec.effort,
        );
        if let Some(d) = spec.depends_on {
            let _ = write!(out, " dep:T-{d:05}");
        }
        if let Some(b) = spec.blocked_by {
            let _ = write!(out, " blocker:T-{b:05}");
        }
        out.push('\n');
    }
    out
}

/// Task `number` of [`history_stream`]'s file with its status at index `status` of
/// `READY, IN-PROGRESS, IN-REVIEW, DONE`: a heading task with an ID `T-####`.
pub fn history_task(number: usize, status: usize) -> String {
    format!(
        "### T-{number:04}: Task number {number}\nPriority: P{}\nOwner: {}\nStatus: {}\n\
         Acceptance Criteria:\n- [ ] first step of task {number}\n- [ ] second step\n\
         Dependencies: T-{:04}\n\n",
        number % 3,
        ["ana", "ben", "chloe", "dev"][number % 4],
        ["READY", "IN-PROGRESS", "IN-REVIEW", "DONE"][status % 4],
        number.saturating_sub(1).max(1),
    )
}

/// A `git fast-import` stream of `commits` commits on `refs/heads/main`, each writing a
/// `TODO.md` of `tasks` [`history_task`]s in which the commit after the first moves one task
/// (round-robin with stride 7919) to its next status; authors alternate, one minute apart.
/// The bytes are those of the generator in `scripts/bench-history.sh`, so repositories built
/// from either are the same.
pub fn history_stream(
    commits: usize,
    tasks: usize,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    const HEAD: &str = "# Roadmap\n\n## Active\n\n";
    const AUTHORS: [&str; 2] = ["Ana Lima <ana@example.com>", "Ben Ortiz <ben@example.com>"];
    let mut state = vec![0usize; tasks];
    let mut blocks: Vec<String> = (1..=tasks).map(|k| history_task(k, 0)).collect();
    let mut len = HEAD.len() + blocks.iter().map(String::len).sum::<usize>();
    for c in 0..commits {
        if c > 0 && tasks > 0 {
            let k = (c * 7919) % tasks;
            state[k] = (state[k] + 1) % 4;
            let block = history_task(k + 1, state[k]);
            len = len - blocks[k].len() + block.len();
            blocks[k] = block;
        }
        let who = AUTHORS[c % 2];
        let when = 1_700_000_000 + 60 * c;
        let msg = format!("commit {c}");
        write!(
            out,
            "commit refs/heads/main\nauthor {who} {when} +0000\ncommitter {who} {when} +0000\n\
             data {}\n{msg}\nM 100644 inline TODO.md\ndata {len}\n{HEAD}",
            msg.len()
        )?;
        for block in &blocks {
            out.write_all(block.as_bytes())?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}
