#!/usr/bin/env python3
"""A git fast-import stream of a Backlog.md-style folder project, for scripts/bench.sh.

Usage: scripts/gen-folder-history.py TASKS COMMITS | git fast-import --quiet

The first commit adds `backlog/config.yml` (task_prefix "back") and TASKS task files
`backlog/tasks/back-N - Title.md` with YAML front matter, acceptance criteria and a Definition
of Done. Each later commit changes one task, chosen by a fixed pseudo-random sequence: a
status change, a ticked criterion, a retitle (Backlog.md renames the file with the title), or,
once done, a move into `backlog/completed/` (and now and then `backlog/archive/tasks/`). Task
`back-500` is changed every tenth commit, so `todo log BACK-500` has a long history with
renames. Output is deterministic: same arguments, same stream, same commit IDs.
"""

import random
import sys

WORDS = ("trays labels compost perlite seeds bench sieve water rack lamp timer notebook "
         "shelf crate twine marker").split()
STATUSES = ("To Do", "In Progress", "Done")


def title_of(rng):
    return " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()


def slug(title):
    return "-".join(title.split())


class Task:
    def __init__(self, n, rng):
        self.n = n
        self.title = title_of(rng)
        self.status = 0
        self.ticks = [False, False, False]
        self.dod = False
        self.folder = "backlog/tasks"

    def path(self):
        return f"{self.folder}/back-{self.n} - {slug(self.title)}.md"

    def text(self):
        box = lambda b: "x" if b else " "
        ac = "".join(f"- [{box(t)}] #{i + 1} Criterion {i + 1} of task {self.n}\n"
                     for i, t in enumerate(self.ticks))
        return (f"---\nid: BACK-{self.n}\ntitle: {self.title}\nstatus: {STATUSES[self.status]}\n"
                f"assignee: []\nlabels: []\ndependencies: []\n---\n\n## Description\n\n"
                f"Generated task number {self.n}.\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n"
                f"{ac}<!-- AC:END -->\n\n## Definition of Done\n<!-- DOD:BEGIN -->\n"
                f"- [{box(self.dod)}] #1 Checked by a second person\n<!-- DOD:END -->\n")


def blob(out, data):
    raw = data.encode()
    out.write(f"data {len(raw)}\n".encode())
    out.write(raw)
    out.write(b"\n")


def commit(out, k, message, deletes, files):
    when = 1_767_225_600 + k * 3_600
    out.write(b"commit refs/heads/main\n")
    out.write(f"committer Bench <bench@example.com> {when} +0000\n".encode())
    blob(out, message)
    for path in deletes:
        out.write(f'D "{path}"\n'.encode())
    for path, text in files:
        out.write(f'M 100644 inline "{path}"\n'.encode())
        blob(out, text)
    out.write(b"\n")


def step(task, rng):
    """Changes one task; returns the paths it deleted (a rename or move)."""
    old = task.path()
    roll = rng.random()
    if task.status == 2 and task.folder == "backlog/tasks":
        task.folder = "backlog/archive/tasks" if roll < 0.1 else "backlog/completed"
    elif roll < 0.25:
        task.title = title_of(rng)
    elif roll < 0.6 and not all(task.ticks):
        task.ticks[task.ticks.index(False)] = True
    elif task.status < 2:
        task.status += 1
        if task.status == 2:
            task.ticks = [True] * 3
            task.dod = True
    else:
        task.title = title_of(rng)
    return [old] if task.path() != old else []


def main():
    tasks_n, commits_n = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(19)
    tasks = [Task(n, rng) for n in range(1, tasks_n + 1)]
    out = sys.stdout.buffer
    config = 'project_name: "Bench"\nstatuses: ["To Do", "In Progress", "Done"]\n' \
             'default_status: "To Do"\ntask_prefix: "back"\n'
    commit(out, 0, "add the tasks", [],
           [("backlog/config.yml", config)] + [(t.path(), t.text()) for t in tasks])
    watched = tasks[min(499, tasks_n - 1)]
    for k in range(1, commits_n):
        task = watched if k % 10 == 0 else rng.choice(tasks)
        if task.folder != "backlog/tasks" and task is watched:
            deletes = [task.path()]  # reopened, so the watched log keeps going
            task.folder, task.status = "backlog/tasks", 0
            task.ticks, task.dod = [False] * 3, False
        else:
            deletes = step(task, rng)
        commit(out, k, f"BACK-{task.n}: update", deletes, [(task.path(), task.text())])
    out.write(b"done\n")


if __name__ == "__main__":
    main()
