#!/usr/bin/env bash
# Eight `todo move`s of eight different tasks of one file, started together behind a start
# file, for ROUNDS rounds (default 100): every edit must land in every round and the file must
# then parse with exactly those eight changes. Prints the figures: rounds, edits landed, waits
# over 1 s (the writers that printed the one-line wait notice) and the longest time from the
# start file to a writer's exit (an upper bound of its wait for the lock).
#
# Usage: scripts/writers.sh [ROUNDS]
# It runs the ignored test `eight_writers_hundred_rounds` of tests/writers.rs on the debug
# binary (the test-only pause hook it does not use is compiled only there).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
TODO_WRITERS_ROUNDS=${1:-100} cargo test -q --test writers eight_writers_hundred_rounds \
  -- --ignored --nocapture 2>&1 | grep -E '^rounds |panicked|FAILED|error' || true
