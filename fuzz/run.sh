#!/usr/bin/env bash
# Runs fuzz targets one after another, each for MINUTES minutes, nice'd, one process at a
# time (a shared 2-core machine). Usage, from the repository root or anywhere:
#   fuzz/run.sh MINUTES [TARGET...]        (default: edit lint_fix load config)
# Extra seed directories (read, never written) can be given in FUZZ_EXTRA_SEEDS (a space-
# separated list). Logs go to fuzz/logs/TARGET-DATE.log; crashes to fuzz/artifacts/TARGET/.
# See docs/fuzzing.md.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
minutes="${1:?minutes}"; shift
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(edit lint_fix load config)
mkdir -p "$here/logs"
[ -d "$here/corpus/load" ] || "$here/seed.sh"
export RUSTC_BOOTSTRAP=1
nice -n 19 cargo fuzz build --sanitizer none || exit 2
for t in "${targets[@]}"; do
  log="$here/logs/$t-$(date -u +%Y%m%dT%H%MZ).log"
  extra=()
  if [ "$t" != config ]; then
    for d in ${FUZZ_EXTRA_SEEDS:-}; do extra+=("$d"); done
  fi
  echo "$(date -u +%FT%TZ) start $t for $minutes min -> $log"
  nice -n 19 cargo fuzz run --sanitizer none "$t" "$here/corpus/$t" "${extra[@]}" -- \
    -max_total_time=$((minutes * 60)) -timeout=20 -max_len=16384 -print_final_stats=1 \
    > "$log" 2>&1
  rc=$?
  echo "$(date -u +%FT%TZ) end $t: exit $rc ($(grep -c '^#.*NEW' "$log") new units)"
  grep -E '^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "$log" || true
  grep -E '^#[0-9]+.*(DONE|pulse|REDUCE|NEW)' "$log" | tail -1 || true
  ls "$here/artifacts/$t" 2>/dev/null | sed 's/^/  artifact: /'
done
