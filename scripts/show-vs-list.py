#!/usr/bin/env python3
"""The differential check through the binary: for every task with an ID in every file given
(or every .md/.txt file under a folder given), `todo show ID --format json` (the one-task
fast path) must print the very object `todo list --format json` (the whole parse) holds for
that task. Prints each difference and a count; exits 1 when there is any.

    scripts/show-vs-list.py target/release/todo fixtures ../shared/corpus FOLDER...
"""
import json
import os
import subprocess
import sys


def task_files(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, names in os.walk(p):
            dirs.sort()
            for n in sorted(names):
                if n.endswith((".md", ".txt", ".markdown")):
                    yield os.path.join(root, n)


def run(todo, path, *args):
    r = subprocess.run([todo, "--file", path, *args, "--format", "json"],
                       capture_output=True, text=True)
    try:
        return json.loads(r.stdout)
    except ValueError:
        return None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    todo, files, tasks, differences = sys.argv[1], 0, 0, 0
    for path in task_files(sys.argv[2:]):
        listed = run(todo, path, "list")
        if not isinstance(listed, list):
            continue  # not a file todo reads (a refusal is checked elsewhere)
        files += 1
        seen = set()
        for task in listed:
            tid = task.get("id")
            # `show` answers an ID with its first task; later ones are not its answer.
            if not tid or tid.lower() in seen:
                continue
            seen.add(tid.lower())
            tasks += 1
            shown = run(todo, path, "show", tid)
            if shown != task:
                differences += 1
                keys = sorted(k for k in set(task) | set(shown or {})
                              if (shown or {}).get(k) != task.get(k))
                print(f"{path}: {tid}: {keys if shown else 'show failed'}")
    print(f"{files} files, {tasks} tasks, {differences} differences")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
