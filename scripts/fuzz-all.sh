#!/usr/bin/env bash
# The fuzz campaign: every fuzz target in turn, each for MINUTES minutes, then a table of
# targets, executions and findings. Anyone can rerun it:
#
#   scripts/fuzz-all.sh MINUTES [EXTRA_SEED_DIR...]
#
# Seeds: the target's corpus (fuzz/corpus/TARGET, made by fuzz/seed.sh from the fixtures and
# the saved regression inputs), the fixtures themselves, ../shared/corpus and
# ../shared/findings when they are next to the repository, and the extra directories given
# (real task files kept outside the repository). Seed directories other than the corpus are
# read, never written.
#
# Environment:
#   FUZZ_TARGETS="load merge"   the targets (default: every target in fuzz/fuzz_targets/)
#   FUZZ_PARALLEL=2             targets run at once (default 1; one core each)
#
# Findings land in fuzz/artifacts/TARGET/; the logs in fuzz/logs/. Exit 1 when a run found
# anything. See docs/fuzzing.md.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
minutes="${1:?usage: scripts/fuzz-all.sh MINUTES [EXTRA_SEED_DIR...]}"
shift
extra=()
for d in "$@"; do
  [ -d "$d" ] || { echo "fuzz-all: not a directory: $d" >&2; exit 2; }
  extra+=("$(cd "$d" && pwd)")
done
if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  targets=()
  for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi
parallel="${FUZZ_PARALLEL:-1}"
shared="$(dirname "$repo")/shared"
stamp="$(date -u +%Y%m%dT%H%MZ)"
mkdir -p fuzz/logs
fuzz/seed.sh >/dev/null
# mcp_request runs the todo binary itself (TODO_BIN, else target/release/todo). Built before
# RUSTC_BOOTSTRAP is set, which would make cargo build everything again.
case " ${targets[*]} " in
  *" mcp_request "*)
    [ -n "${TODO_BIN:-}" ] || nice -n 19 cargo build --release >/dev/null 2>&1 ||
      { echo "fuzz-all: cargo build --release failed" >&2; exit 2; } ;;
esac
export RUSTC_BOOTSTRAP=1
nice -n 19 cargo fuzz build --sanitizer none >/dev/null 2>&1 ||
  { echo "fuzz-all: cargo fuzz build failed" >&2; exit 2; }

# The seed directories of one target.
seeds() {
  local t="$1"
  echo "fuzz/corpus/$t"
  [ -d "fixtures/fuzz/$t" ] && echo "fixtures/fuzz/$t"
  [ "$t" = config ] && return
  [ "$t" = merge ] && { echo fuzz/seeds/merge; return; }
  # Inputs led by an edit byte: bare task files would lose their first two bytes, so these
  # start from the corpus fuzz/seed.sh builds out of fuzz/seeds/TARGET.
  case "$t" in todo_txt | front_matter | mcp_request) return ;; esac
  echo fixtures fixtures/notations3 fixtures/formats/todotxt
  [ -d "$shared/corpus" ] && echo "$shared/corpus"
  [ -d "$shared/findings" ] && echo "$shared/findings"
  [ -d "$shared/seeds" ] && echo "$shared/seeds"
  for d in "${extra[@]}"; do echo "$d"; done
}

run_one() {
  local t="$1" log="fuzz/logs/$1-$stamp.log"
  local before start
  before=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
  start=$(date +%s)
  # shellcheck disable=SC2046
  nice -n 19 cargo fuzz run --sanitizer none "$t" $(seeds "$t") -- \
    -max_total_time=$((minutes * 60)) -timeout=20 -max_len=16384 -print_final_stats=1 \
    >"$log" 2>&1
  local rc=$? runs after took
  # Minutes the run took (a finding stops it early), to a tenth.
  took=$(awk -v s="$(($(date +%s) - start))" 'BEGIN { printf "%.1f", s / 60 }')
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  after=$(ls "fuzz/artifacts/$t" 2>/dev/null | wc -l)
  echo "$t $took ${runs:-?} $((after - before)) $rc $log" >"fuzz/logs/.result-$t-$stamp"
}

echo "fuzz-all: ${#targets[@]} targets, $minutes min each, $parallel at a time, from $(date -u +%FT%TZ)" >&2
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

found=0
echo
echo "| target | minutes | executions | findings | log |"
echo "|---|--:|--:|--:|---|"
for t in "${targets[@]}"; do
  read -r name took runs new rc log <"fuzz/logs/.result-$t-$stamp"
  rm -f "fuzz/logs/.result-$t-$stamp"
  [ "$new" -gt 0 ] || [ "$rc" -ne 0 ] && found=1
  echo "| $name | $took | $runs | $new | $log |"
done
echo
echo "seeds: fixtures, fuzz/corpus, fixtures/fuzz$([ -d "$shared/corpus" ] && echo ", ../shared/corpus, ../shared/findings, ../shared/seeds")${extra:+, ${extra[*]}}"
exit "$found"
