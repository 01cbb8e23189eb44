#!/usr/bin/env bash
# Whole-process benchmarks of the release `todo` binary, with hyperfine:
#
#   - `todo list --format json`, `list`, `show`, `ready`, `lint` and `move` on a 20,000-task
#     file against the floor, a bare pulldown-cmark pass over the same file
#     (examples/bare_pass.rs), and peak memory (max RSS) of `todo lint` against the floor's;
#   - `todo merge-driver` merging two changed versions of the 20,000-task file (fields of
#     three tasks and a task added) against the same floor;
#   - `todo add --dry-run` in a repository with 500 branches against the same repository
#     with one (1,000 tasks; every tenth branch adds a task of its own to TODO.md, the others
#     share its blob), against the budget of 100 ms more;
#   - `todo log ID` against `git log --format=%H -S ID -- TODO.md` on a generated repository
#     (5,000 commits of a 500-task file, built like scripts/bench-history.sh builds it);
#   - list, show and a status change on the same 1,000 tasks in `todo`, Backlog.md (npm
#     package `backlog.md`, one file per task), Taskwarrior and todo.txt;
#   - `todo board` (lanes fitted to 120 columns) on the same 1,000 tasks, against its budget;
#   - `todo list` in Backlog.md-style folders of 1, 100, 1,000 and 5,000 one-task files (the
#     files `backlog task create` writes, from examples/gen.rs) against the floor over the
#     same files (bare_pass given the folder), the 1,000-file point against its budget;
#   - growth: `todo list --format json` and the floor at 1k/20k/100k tasks, `todo list` and
#     the floor at 1/100/1,000/5,000 files, `todo log` and `git log -S` at 1k/5k/10k
#     commits, with the cost per task, per file and per commit;
#   - a Backlog.md-style folder project (scripts/gen-folder-history.py: 1,000 task files,
#     5,000 commits with renames on retitles and moves into completed/ and archive/tasks/):
#     `todo log BACK-500` against `git log --follow` on its file, and `todo stats --history`
#     over the whole history against its 2-second budget.
#
# and prints, for each budget of the performance roadmap item, the measured ratio, the budget
# and PASS or FAIL, then the tools' versions. The same tables are written as Markdown to OUT.
#
# Usage: scripts/bench.sh
# Env:   RUNS=10        minimum hyperfine runs per command (fast commands run for at least
#                       hyperfine's 3 seconds, so many more times)
#        ROUNDS=2       rounds of every comparison group (see "Interleaving")
#        WARMUP=2       hyperfine warm-up runs per command
#        QUICK=1        a short run: RUNS=3, ROUNDS=1, no 100k-task, 5,000-file and
#                       10k-commit points
#        KEEP=1         keep the scratch directory (its path is printed)
#        STRICT=1       exit with status 1 when a budget is not met
#        OUT=FILE       the Markdown results (default: results.md in the scratch directory)
#        BACKLOG_VERSION=1.52.0   the backlog.md npm version (the one whose task files
#                       examples/gen.rs mirrors)
#
# Interleaving: each comparison group (the commands compared with each other) is one
# hyperfine invocation, which runs its commands one after the other on the same input. The
# whole set of groups is run ROUNDS times, every other round in reverse order (groups and the
# commands within them), so that neither side of a comparison always runs first or last;
# each command's time is the median over rounds of its per-round median, and a ratio is the
# quotient of those. Memory is measured with `/usr/bin/time -f %M`, alternating the two
# commands, median of MEM_RUNS=5 runs each.
#
# Inputs come from examples/gen.rs (benches/support/generate.rs): the same 1,000 tasks (titles,
# priorities, statuses, dependencies) in each tool's own format. Commands that change state
# (`todo move`, `backlog task edit`, `task start`, `todo-txt do`) start every run from the
# same files through hyperfine's --prepare; the floor they are compared with gets the same
# preparation. Backlog.md is timed as the platform binary its npm package ships, without the
# node launcher npm puts on PATH (which only adds node's start-up), Taskwarrior with
# confirmation and verbosity off, todo.txt (the `todotxt-cli` package) with -p.
#
# Missing tools are installed: hyperfine, taskwarrior, todotxt-cli and time with apt-get,
# npm with apt-get if there is none, Backlog.md with npm into the scratch directory.
set -euo pipefail

quick=${QUICK:-0}
if [ "$quick" = 1 ]; then
    runs=${RUNS:-3}
    rounds=${ROUNDS:-1}
else
    runs=${RUNS:-10}
    rounds=${ROUNDS:-2}
fi
warmup=${WARMUP:-2}
mem_runs=${MEM_RUNS:-5}
backlog_version=${BACKLOG_VERSION:-1.52.0}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}

log() { echo "bench: $*" >&2; }
die() {
    echo "bench: $*" >&2
    exit 2
}
need() { command -v "$1" >/dev/null 2>&1; }

# --- tools -------------------------------------------------------------------------------

for tool in git python3 cargo; do
    need "$tool" || die "$tool is required"
done

packages=()
need hyperfine || packages+=(hyperfine)
need task || packages+=(taskwarrior)
need todo-txt || need todo.sh || packages+=(todotxt-cli)
[ -x /usr/bin/time ] || packages+=(time)
need npm || packages+=(npm)
if [ "${#packages[@]}" -gt 0 ]; then
    log "installing ${packages[*]}"
    sudo_=()
    [ "$(id -u)" -ne 0 ] && sudo_=(sudo)
    "${sudo_[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
fi
todotxt=$(command -v todo-txt || command -v todo.sh)

work=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
    log "scratch directory: $work"
else
    trap 'rm -rf "$work"' EXIT
fi
out_md=${OUT:-$work/results.md}
mkdir -p "$work/json"

log "installing backlog.md@$backlog_version (npm, into the scratch directory)"
npm install --silent --no-audit --no-fund --prefix "$work/npm" "backlog.md@$backlog_version" \
    >/dev/null 2>&1 || die "npm install backlog.md@$backlog_version failed"
backlog=$(cd "$work/npm/node_modules/backlog.md" &&
    node -e 'process.stdout.write(require("./resolveBinary.cjs").resolveBinaryPath())' 2>/dev/null) ||
    backlog=$work/npm/node_modules/.bin/backlog
[ -x "$backlog" ] || die "no backlog binary in $work/npm"

log "building todo and the examples (release)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" \
    --bin todo --example bare_pass --example gen
todo="$target/release/todo"
bare="$target/release/examples/bare_pass"
gen="$target/release/examples/gen"

# --- inputs --------------------------------------------------------------------------------

sizes=(1000 20000 100000)
file_points=(1 100 1000 5000)
commit_points=(1000 5000 10000)
if [ "$quick" = 1 ]; then
    sizes=(1000 20000)
    file_points=(1 100 1000)
    commit_points=(1000 5000)
fi
history_tasks=500
log_id=T-0042

# Directories holding only TODO.md, so that `todo -C DIR` finds just that file; the copies
# that --prepare restores live beside them.
for n in "${sizes[@]}"; do
    mkdir -p "$work/t$n"
    "$gen" todo "$n" >"$work/t$n/TODO.md"
    cp "$work/t$n/TODO.md" "$work/base-$n.md"
done
t1k=$work/t1000
t20k=$work/t20000

# The merge driver's three versions of the 20k file: ours sets T-05000's status and
# T-12000's owner; theirs sets T-15000's and T-05000's priority and adds a task at the end.
mkdir -p "$work/merge"
cp "$t20k/TODO.md" "$work/merge/base.md"
sed -e '/^### T-05000:/,/^Status:/ s/^Status: .*/Status: DONE/' \
    -e '/^### T-12000:/,/^Owner:/ s/^Owner: .*/Owner: AGENT/' \
    "$work/merge/base.md" >"$work/merge/ours.orig"
{
    sed -e '/^### T-15000:/,/^Priority:/ s/^Priority: .*/Priority: P0/' \
        -e '/^### T-05000:/,/^Priority:/ s/^Priority: .*/Priority: P3/' "$work/merge/base.md"
    printf '\n### T-20001: One more task\nPriority: P2\nStatus: TODO\n'
} >"$work/merge/theirs.md"

# `todo add` reads every branch's task files for the next free ID: one repository with one
# branch, and a copy with 499 more (made with plumbing, so it takes seconds). Every tenth
# branch adds a task of its own to TODO.md; the others change another file and share
# TODO.md's blob, as most branches of a real repository do.
mkdir -p "$work/add1"
cp "$t1k/TODO.md" "$work/add1/TODO.md"
(
    export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
    export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
    export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
    cd "$work/add1"
    git init -q -b main
    git add TODO.md
    git commit -qm tasks
    cp -r "$work/add1" "$work/add500"
    cd "$work/add500"
    base=$(git rev-parse HEAD)
    todo_blob=$(git rev-parse HEAD:TODO.md)
    for i in $(seq 1 499); do
        if [ $((i % 10)) = 0 ]; then
            blob=$(printf '\n### T-%05d: Branch task %d\nStatus: TODO\n' $((5000 + i)) "$i" |
                cat TODO.md - | git hash-object -w --stdin)
            tree=$(printf '100644 blob %s\tTODO.md\n' "$blob" | git mktree)
        else
            note=$(echo "note $i" | git hash-object -w --stdin)
            tree=$(printf '100644 blob %s\tTODO.md\n100644 blob %s\tnote.txt\n' \
                "$todo_blob" "$note" | git mktree)
        fi
        commit=$(echo "branch $i" | git commit-tree "$tree" -p "$base")
        git update-ref "refs/heads/b$i" "$commit"
    done
)

# Backlog.md: a git repository, as `backlog init` expects, with the task files committed.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
bl=$work/backlog
mkdir -p "$bl"
git init -q -b main "$bl"
"$gen" backlog 1000 "$bl"
git -C "$bl" add -A
git -C "$bl" -c user.name=bench -c user.email=bench@example.com commit -q -m tasks
mkdir -p "$work/backlog-base"
cp -a "$bl/backlog/tasks" "$work/backlog-base/tasks"

# Folders of one-task files, each its own repository (so that `todo -C DIR` reads just it).
for n in "${file_points[@]}"; do
    git init -q -b main "$work/f$n"
    "$gen" backlog "$n" "$work/f$n"
done

# Taskwarrior: its own rc and data directory, the 1,000 tasks imported.
tw=$work/taskwarrior
mkdir -p "$tw/data"
cat >"$tw/taskrc" <<EOF
data.location=$tw/data
confirmation=off
verbose=nothing
uda.priority.values=P0,P1,P2,P3,
EOF
export TASKRC=$tw/taskrc TASKDATA=$tw/data
"$gen" taskwarrior 1000 >"$tw/tasks.json"
task rc.confirmation=off rc.verbose=nothing import "$tw/tasks.json" >/dev/null
cp -a "$tw/data" "$tw/base"

# todo.txt: a config naming the scratch directory.
tt=$work/todotxt
mkdir -p "$tt"
"$gen" todotxt 1000 >"$tt/todo.txt"
: >"$tt/done.txt"
cp "$tt/todo.txt" "$tt/base-todo.txt"
cat >"$tt/config" <<EOF
export TODO_DIR="$tt"
export TODO_FILE="\$TODO_DIR/todo.txt"
export DONE_FILE="\$TODO_DIR/done.txt"
export REPORT_FILE="\$TODO_DIR/report.txt"
export TODOTXT_AUTO_ARCHIVE=0
EOF

# Histories: COMMITS commits of a 500-task TODO.md (examples/gen.rs writes the stream of
# scripts/bench-history.sh, byte for byte).
for c in "${commit_points[@]}"; do
    log "generating a repository of $c commits"
    git init -q -b main "$work/repo$c"
    "$gen" history "$c" "$history_tasks" | git -C "$work/repo$c" fast-import --quiet
    git -C "$work/repo$c" checkout -q -f main
done

# A Backlog.md-style folder project: one file per task, renamed and moved along its history.
folder_tasks=1000
folder_commits=5000
folder_id=BACK-500
log "generating a folder project of $folder_tasks tasks and $folder_commits commits"
git init -q -b main "$work/folders"
python3 "$root/scripts/gen-folder-history.py" "$folder_tasks" "$folder_commits" |
    git -C "$work/folders" fast-import --quiet
git -C "$work/folders" checkout -q -f main
folder_file=$(cd "$work/folders" && ls backlog/*/back-500\ -*.md | head -1)

# --- commands ------------------------------------------------------------------------------

# A command line for hyperfine (which splits it like a POSIX shell would).
shq() { printf '%q ' "$@"; }

id20k=T-10000 # task 10,000 of 20,000 is READY
id1k=T-00500  # task 500 of 1,000 is READY, like TASK-500, Taskwarrior's 500, todo.txt line 500

# has TEXT COMMAND...: COMMAND succeeds and prints TEXT (its whole output is read first, so
# that no command meets a closed pipe).
has() {
    local text=$1 output
    shift
    output=$("$@") || return 1
    [[ $output == *"$text"* ]]
}

# Sanity checks: every command runs, on the task it should.
[ "$("$todo" -C "$t20k" list --format ids | wc -l)" -eq 20000 ] || die "todo list: not 20000 tasks"
[ "$("$todo" -C "$t1k" list --format ids | wc -l)" -eq 1000 ] || die "todo list: not 1000 tasks"
for n in "${file_points[@]}"; do
    [ "$("$todo" -C "$work/f$n" list --format ids | wc -l)" -eq "$n" ] ||
        die "todo list: not $n tasks in the folder of $n files"
done
has "READY (" "$todo" -C "$t1k" board --width 120 || die "todo board: no READY lane"
has "Generated task number 10000 " "$todo" -C "$t20k" show "$id20k" || die "todo show $id20k"
"$todo" -C "$t20k" ready >/dev/null || die "todo ready failed"
lint_status=0
"$todo" -C "$t20k" lint >/dev/null 2>&1 || lint_status=$?
[ "$lint_status" -le 1 ] || die "todo lint exited with $lint_status"
lint_flags=()
[ "$lint_status" -eq 0 ] || lint_flags=(-i)
"$todo" -C "$t1k" move "$id1k" IN-PROGRESS >/dev/null || die "todo move failed"
has "Status: IN-PROGRESS" sed -n "/^### $id1k:/,/^Status/p" "$t1k/TODO.md" ||
    die "todo move did not change $id1k"
cp "$work/base-1000.md" "$t1k/TODO.md"
(cd "$bl" && has "TASK-1000 " "$backlog" task list --plain) || die "backlog task list"
(cd "$bl" && has "Generated task number 500 " "$backlog" task view 500 --plain) ||
    die "backlog task view"
[ "$(task rc.verbose=nothing count status:pending)" -eq 1000 ] || die "task import"
has "Generated task number 500 " task 500 info || die "task info"
[ "$("$todotxt" -d "$tt/config" -p ls | grep -c 'Generated task')" -eq 1000 ] || die "todo.txt ls"
hits=$("$todo" -C "$work/repo5000" log "$log_id" | grep -c '^[0-9a-f]\{7\} ' || true)
[ "$hits" -gt 0 ] || die "todo log $log_id listed no commit"
cp "$work/merge/ours.orig" "$work/merge/ours.md"
"$todo" -C "$work/merge" merge-driver base.md ours.md theirs.md 7 TODO.md ||
    die "todo merge-driver did not merge cleanly"
{   # ours' edits, then theirs': what the driver must give
    sed -e '/^### T-15000:/,/^Priority:/ s/^Priority: .*/Priority: P0/' \
        -e '/^### T-05000:/,/^Priority:/ s/^Priority: .*/Priority: P3/' "$work/merge/ours.orig"
    printf '\n### T-20001: One more task\nPriority: P2\nStatus: TODO\n'
} | cmp -s - "$work/merge/ours.md" || die "todo merge-driver: not ours' edits and then theirs'"
log "todo log $log_id lists $hits commits at 5,000; git log -S lists" \
    "$(git -C "$work/repo5000" log --format=%H -S "$log_id" -- TODO.md | wc -l)"

hits=$("$todo" -C "$work/folders" log "$folder_id" | grep -c '^[0-9a-f]\{7\} ' || true)
log "todo log $folder_id lists $hits commits; git log --follow lists" \
    "$(git -C "$work/folders" log --follow --format=%H -- "$folder_file" | wc -l)"
"$todo" -C "$work/folders" stats --history >/dev/null || die "todo stats --history failed"

names=()
cmds=()
preps=()
reset_group() {
    names=()
    cmds=()
    preps=()
}
# add NAME PREPARE COMMAND... (PREPARE: a command line from shq, or "" for none)
add() {
    names+=("$1")
    preps+=("$2")
    shift 2
    cmds+=("$(shq "$@")")
}
round=1
# run_group ID [hyperfine options...]: the commands added since reset_group, as one
# hyperfine invocation, in reverse order on even rounds.
run_group() {
    local id=$1
    shift
    local args=(--warmup "$warmup" --min-runs "$runs" -N --output=pipe
        --export-json "$work/json/$id.$round.json" "$@")
    local order=() i any_prep=0
    for i in "${!names[@]}"; do
        if [ $((round % 2)) = 1 ]; then order+=("$i"); else order=("$i" "${order[@]}"); fi
        [ -z "${preps[i]}" ] || any_prep=1
    done
    for i in "${order[@]}"; do
        [ "$any_prep" = 0 ] || args+=(--prepare "${preps[i]:-true}")
        args+=(-n "${names[i]}" "${cmds[i]}")
    done
    log "round $round/$rounds: $id"
    hyperfine "${args[@]}" >&2
}

group_floor20k() {
    reset_group
    add "bare pass 20k" "" "$bare" "$t20k/TODO.md"
    add "todo list --format json 20k" "" "$todo" -C "$t20k" list --format json
    add "todo list 20k" "" "$todo" -C "$t20k" list
    add "todo show 20k" "" "$todo" -C "$t20k" show "$id20k"
    add "todo ready 20k" "" "$todo" -C "$t20k" ready
    add "todo lint 20k" "" "$todo" -C "$t20k" lint
    run_group floor20k "${lint_flags[@]}"
}

group_move20k() {
    local prep
    prep=$(shq cp "$work/base-20000.md" "$t20k/TODO.md")
    reset_group
    add "bare pass 20k (prepared)" "$prep" "$bare" "$t20k/TODO.md"
    add "todo move 20k" "$prep" "$todo" -C "$t20k" move "$id20k" IN-PROGRESS
    run_group move20k
    cp "$work/base-20000.md" "$t20k/TODO.md"
}

group_merge20k() {
    local prep
    prep=$(shq cp "$work/merge/ours.orig" "$work/merge/ours.md")
    reset_group
    add "bare pass 20k (merge)" "$prep" "$bare" "$t20k/TODO.md"
    add "todo merge-driver 20k" "$prep" "$todo" -C "$work/merge" merge-driver \
        base.md ours.md theirs.md 7 TODO.md
    run_group merge20k
}

group_add500() {
    reset_group
    add "todo add, 1 branch" "" "$todo" -C "$work/add1" add "One more" --dry-run
    add "todo add, 500 branches" "" "$todo" -C "$work/add500" add "One more" --dry-run
    run_group add500
}

# The three 1,000-task groups run from the Backlog.md project, which it reads from the
# working directory.
group_list1k() {
    reset_group
    add "todo list 1k" "" "$todo" -C "$t1k" list
    add "backlog task list 1k" "" "$backlog" task list --plain
    add "task list 1k" "" task list
    add "todo.txt ls 1k" "" "$todotxt" -d "$tt/config" -p ls
    (cd "$bl" && run_group list1k)
}

group_show1k() {
    reset_group
    add "todo show 1k" "" "$todo" -C "$t1k" show "$id1k"
    add "backlog task view 1k" "" "$backlog" task view 500 --plain
    add "task info 1k" "" task 500 info
    add "todo.txt ls ID 1k" "" "$todotxt" -d "$tt/config" -p ls "$id1k"
    (cd "$bl" && run_group show1k)
}

group_status1k() {
    reset_group
    add "todo move 1k" "$(shq cp "$work/base-1000.md" "$t1k/TODO.md")" \
        "$todo" -C "$t1k" move "$id1k" IN-PROGRESS
    add "backlog task edit -s 1k" "$(shq cp -a "$work/backlog-base/tasks/." "$bl/backlog/tasks/")" \
        "$backlog" task edit 500 -s "In Progress"
    add "task start 1k" "$(shq cp -a "$tw/base/." "$tw/data/")" task 500 start
    add "todo.txt do 1k" "$(shq cp "$tt/base-todo.txt" "$tt/todo.txt")" \
        "$todotxt" -d "$tt/config" -p -a "do" 500
    (cd "$bl" && run_group status1k)
    cp "$work/base-1000.md" "$t1k/TODO.md"
    cp -a "$work/backlog-base/tasks/." "$bl/backlog/tasks/"
    cp -a "$tw/base/." "$tw/data/"
    cp "$tt/base-todo.txt" "$tt/todo.txt"
}

group_board1k() {
    reset_group
    add "todo board 1k" "" "$todo" -C "$t1k" board --width 120
    run_group board1k
}

group_grow() {
    local n=$1
    reset_group
    add "bare pass $((n / 1000))k" "" "$bare" "$work/t$n/TODO.md"
    add "todo list --format json $((n / 1000))k" "" "$todo" -C "$work/t$n" list --format json
    run_group "grow$n"
}

group_files() {
    local n=$1
    reset_group
    add "bare pass $n files" "" "$bare" "$work/f$n/backlog"
    add "todo list $n files" "" "$todo" -C "$work/f$n" list
    run_group "files$n"
}

group_log() {
    local c=$1
    reset_group
    add "todo log $c commits" "" "$todo" -C "$work/repo$c" log "$log_id"
    add "git log -S $c commits" "" git -C "$work/repo$c" log --format=%H -S "$log_id" -- TODO.md
    run_group "log$c"
}

group_folders() {
    reset_group
    add "todo log folder" "" "$todo" -C "$work/folders" log "$folder_id"
    add "git log --follow folder" "" git -C "$work/folders" log --follow --format=%H -- "$folder_file"
    add "todo stats --history folder" "" "$todo" -C "$work/folders" stats --history
    run_group folders
}

groups=(floor20k move20k merge20k add500 list1k show1k status1k board1k folders)
for n in "${sizes[@]}"; do
    [ "$n" = 20000 ] || groups+=("grow $n") # the 20k point is in floor20k
done
for n in "${file_points[@]}"; do groups+=("files $n"); done
for c in "${commit_points[@]}"; do groups+=("log $c"); done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
SECONDS=0
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) = 1 ]; then
        order=("${groups[@]}")
    else
        order=()
        for g in "${groups[@]}"; do order=("$g" "${order[@]}"); done
    fi
    for g in "${order[@]}"; do
        read -r -a call <<<"$g" # "grow 1000": group_grow 1000
        "group_${call[0]}" "${call[@]:1}"
    done
done

# Peak memory: `todo lint` and the floor on the 20k file, alternating.
log "max RSS: todo lint and the bare pass, $mem_runs runs each"
: >"$work/mem.txt"
for _ in $(seq 1 "$mem_runs"); do
    /usr/bin/time -f "bare %M" -a -o "$work/mem.txt" "$bare" "$t20k/TODO.md" >/dev/null
    /usr/bin/time -f "lint %M" -a -o "$work/mem.txt" "$todo" -C "$t20k" lint >/dev/null 2>&1 ||
        [ "$lint_status" -ne 0 ]
done
measured=$SECONDS
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
log "measured in ${measured}s"

# --- report --------------------------------------------------------------------------------

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(uname -srm), $(nproc) cores ($cpu), $mem"
    echo "todo: $("$todo" --version) (rustc $(rustc --version | cut -d' ' -f2))"
    echo "hyperfine: $(hyperfine --version | cut -d' ' -f2)"
    echo "Backlog.md: $("$backlog" --version)"
    echo "Taskwarrior: $(task --version)"
    echo "todo.txt: $("$todotxt" -V | sed -n 's/.*Interface v//p' | head -1)"
    echo "git: $(git --version | cut -d' ' -f3)"
    echo "runs: $rounds rounds, at least $runs runs and $warmup warm-ups per command and round;" \
        "measured in ${measured}s; load average before $load_before, after $load_after"
} >"$work/versions.txt"

python3 - "$work/json" "$work/mem.txt" "$work/versions.txt" "$out_md" \
    "${sizes[*]}" "${commit_points[*]}" "$history_tasks" "${file_points[*]}" <<'PY'
import glob, json, statistics, sys

json_dir, mem_file, versions_file, out_md = sys.argv[1:5]
sizes = [int(x) for x in sys.argv[5].split()]
commit_points = [int(x) for x in sys.argv[6].split()]
history_tasks = int(sys.argv[7])
file_points = [int(x) for x in sys.argv[8].split()]

rounds = {}
for path in sorted(glob.glob(f"{json_dir}/*.json")):
    for r in json.load(open(path))["results"]:
        rounds.setdefault(r["command"], []).append(r["median"])
t = {name: statistics.median(ms) for name, ms in rounds.items()}

mem = {}
for line in open(mem_file):  # `NAME KIB`, or time's note of a non-zero exit status
    words = line.split()
    if len(words) == 2 and words[1].isdigit():
        mem.setdefault(words[0], []).append(int(words[1]))
rss = {name: statistics.median(v) for name, v in mem.items()}


def ms(s):
    s *= 1000
    return f"{s:,.0f} ms" if s >= 100 else f"{s:.1f} ms" if s >= 10 else f"{s:.2f} ms"


def k(n):
    return f"{n // 1000}k"


rows = []  # comparison, todo, other, ratio, budget, result


def ratio_row(label, a, b, limit, strict=False, fmt=ms, ta=None, tb=None):
    ta = t[a] if ta is None else ta
    tb = t[b] if tb is None else tb
    r = ta / tb
    if limit is None:
        budget, result = "—", "—"
    else:
        ok = r < limit if strict else r <= limit
        budget = f"{'<' if strict else '≤'} {limit:g}×"
        if limit < 1:
            budget += f" ({1 / limit:g}× faster)"
        result = "PASS" if ok else "FAIL"
    shown = f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}× (1/{1 / r:.0f})"
    rows.append((label, fmt(ta), fmt(tb), shown, budget, result))


def kib(v):
    return f"{v / 1024:.1f} MiB"


ratio_row("`todo list --format json` vs bare pass, 20k tasks",
          "todo list --format json 20k", "bare pass 20k", 1.5)
ratio_row("`todo lint` vs bare pass, 20k tasks", "todo lint 20k", "bare pass 20k", 1.5)
ratio_row("`todo show ID` vs bare pass, 20k tasks", "todo show 20k", "bare pass 20k", 0.25)
ratio_row("`todo move ID STATUS` vs bare pass (same --prepare), 20k tasks",
          "todo move 20k", "bare pass 20k (prepared)", 1.0)
ratio_row("`todo merge-driver` (3 changed tasks, 1 added) vs bare pass, 20k tasks",
          "todo merge-driver 20k", "bare pass 20k (merge)", 3.5)
a, b = t["todo add, 500 branches"], t["todo add, 1 branch"]
rows.append(("`todo add` with 500 branches vs 1 branch, 1k tasks", ms(a), ms(b),
             f"+{(a - b) * 1000:.1f} ms", "< +100 ms", "PASS" if a - b < 0.100 else "FAIL"))
a = t["todo list 1k"]
rows.append(("`todo list`, 1k tasks, whole process", ms(a), "—", "—", "< 10 ms",
             "PASS" if a < 0.010 else "FAIL"))
a = t["todo board 1k"]
rows.append(("`todo board`, 1k tasks, whole process", ms(a), "—", "—", "< 100 ms",
             "PASS" if a < 0.100 else "FAIL"))
ratio_row("`todo list` vs bare pass over the same files, Backlog.md folder of 1k task files",
          "todo list 1000 files", "bare pass 1000 files", 1.5)
ratio_row("`todo list` vs Backlog.md `task list --plain`, 1k tasks",
          "todo list 1k", "backlog task list 1k", 1 / 50)
ratio_row("`todo list` vs Taskwarrior `task list`, 1k tasks",
          "todo list 1k", "task list 1k", 1.0, strict=True)
ratio_row(f"`todo log ID` vs `git log -S ID`, 5k commits × {history_tasks} tasks",
          "todo log 5000 commits", "git log -S 5000 commits", 0.25)
ratio_row("`todo log ID` vs `git log --follow`, folder project, 5k commits × 1k task files",
          "todo log folder", "git log --follow folder", 2.0)
a = t["todo stats --history folder"]
rows.append(("`todo stats --history`, folder project, 5k commits × 1k task files", ms(a), "—",
             "—", "< 2 s", "PASS" if a < 2.0 else "FAIL"))
ratio_row("max RSS, `todo lint` vs bare pass, 20k tasks", "lint", "bare", 1.5, fmt=kib,
          ta=rss["lint"], tb=rss["bare"])
ratio_row("`todo list` (table) vs bare pass, 20k tasks", "todo list 20k", "bare pass 20k", None)
ratio_row("`todo ready` vs bare pass, 20k tasks", "todo ready 20k", "bare pass 20k", None)
for tool, name in [("todo.txt `ls`", "todo.txt ls 1k")]:
    ratio_row(f"`todo list` vs {tool}, 1k tasks", "todo list 1k", name, None)
for tool, name in [("Backlog.md `task view --plain`", "backlog task view 1k"),
                   ("Taskwarrior `task ID info`", "task info 1k"),
                   ("todo.txt `ls ID`", "todo.txt ls ID 1k")]:
    ratio_row(f"`todo show ID` vs {tool}, 1k tasks", "todo show 1k", name, None)
for tool, name in [("Backlog.md `task edit -s`", "backlog task edit -s 1k"),
                   ("Taskwarrior `task ID start`", "task start 1k"),
                   ("todo.txt `do`", "todo.txt do 1k")]:
    ratio_row(f"`todo move ID STATUS` vs {tool}, 1k tasks", "todo move 1k", name, None)

growth = []
for n in sizes:
    a, b = t[f"todo list --format json {k(n)}"], t[f"bare pass {k(n)}"]
    growth.append((f"{n:,} tasks", ms(a), f"{a / n * 1e6:.1f} µs", ms(b),
                   f"{b / n * 1e6:.1f} µs", f"{a / b:.2f}×"))
files = []
for n in file_points:
    a, b = t[f"todo list {n} files"], t[f"bare pass {n} files"]
    files.append((f"{n:,} files", ms(a), f"{a / n * 1e6:,.0f} µs", ms(b),
                  f"{b / n * 1e6:,.0f} µs", f"{a / b:.2f}×"))
history = []
for c in commit_points:
    a, b = t[f"todo log {c} commits"], t[f"git log -S {c} commits"]
    history.append((f"{c:,} commits × {history_tasks} tasks", ms(a), f"{a / c * 1e6:.0f} µs",
                    ms(b), f"{b / c * 1e6:.0f} µs", f"{a / b:.2f}×"))

versions = open(versions_file).read().splitlines()


def table(head, body):
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in body]
    return "\n".join(lines)


md = "\n\n".join([
    table(["comparison", "todo", "other", "ratio", "budget", "result"], rows),
    table(["`todo list --format json`", "time", "per task", "bare pass", "per task", "ratio"],
          growth),
    table(["`todo list`, Backlog.md folder", "time", "per file", "bare pass", "per file",
           "ratio"], files),
    table(["`todo log T-0042`", "time", "per commit", "`git log -S`", "per commit", "ratio"],
          history),
    "\n".join(f"- {v}" for v in versions),
]) + "\n"
open(out_md, "w").write(md)


def plain(head, body):
    body = [head] + list(body)
    widths = [max(len(r[i]) for r in body) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body)


print(plain(("comparison", "todo", "other", "ratio", "budget", "result"),
            [(r[0].replace("`", ""),) + r[1:] for r in rows]))
print()
print(plain(("list --format json", "time", "per task", "bare pass", "per task", "ratio"), growth))
print()
print(plain(("list, folder", "time", "per file", "bare pass", "per file", "ratio"), files))
print()
print(plain(("todo log T-0042", "time", "per commit", "git log -S", "per commit", "ratio"),
            history))
print()
print("\n".join(versions))
failed = [r[0].replace("`", "") for r in rows if r[5] == "FAIL"]
print()
print(f"budgets: {sum(r[5] == 'PASS' for r in rows)} PASS, {len(failed)} FAIL"
      + "".join(f"\n  FAIL: {f}" for f in failed))
with open(sys.argv[4] + ".failed", "w") as f:
    f.write(str(len(failed)))
PY
log "Markdown results: $out_md"
failed=$(cat "$out_md.failed")
rm -f "$out_md.failed"
if [ "${STRICT:-0}" = 1 ] && [ "$failed" != 0 ]; then
    log "STRICT=1: $failed budget(s) not met"
    exit 1
fi
