#!/usr/bin/env bash
# Builds the seed corpora under fuzz/corpus/<target>/ from the repository's fixtures
# (fixtures/*.md, fixtures/lint/, fixtures/fuzz/), fuzz/seeds/config/, fuzz/seeds/merge/,
# fuzz/seeds/todo_txt/, fuzz/seeds/front_matter/ and fuzz/seeds/mcp_request/. Run from anywhere;
# existing corpus files are kept. See docs/fuzzing.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
corpus="$here/corpus"
mkdir -p "$corpus"/{load,edit,lint_fix,config,merge,todo_txt,front_matter,mcp_request}

mds=("$repo"/fixtures/*.md "$repo"/fixtures/lint/*.md)
for f in "${mds[@]}"; do
  name="$(basename "$(dirname "$f")")-$(basename "$f" .md)"
  # load: the file as it is.
  cp "$f" "$corpus/load/$name"
  # lint_fix: byte 0 = flags (bit 0 unsafe fixes, bits 1-2 config).
  for flags in 0 1 6 7; do
    { printf "\\x$(printf %02x $flags)"; cat "$f"; } > "$corpus/lint_fix/$name-$flags"
  done
  # edit: bytes 0-3 = operation, task pick, argument, flags; one seed per operation.
  for op in 0 1 2 3 4 5 6 7 8 9 10 11; do
    pick=$((op * 7 % 5)); arg=$((op * 37 % 256)); flags=$((op * 11 % 64))
    { printf "\\x$(printf %02x $op)\\x$(printf %02x $pick)\\x$(printf %02x $arg)\\x$(printf %02x $flags)"; cat "$f"; } \
      > "$corpus/edit/$name-$op"
  done
done
cp "$here"/seeds/config/*.yml "$corpus/config/"
# merge: ancestor, ours and theirs separated by 0xFF, then the marker size.
cp "$here"/seeds/merge/* "$corpus/merge/"
# mcp_request: byte 0 = the tool, byte 1 = 0x80 and JSON arguments (see fuzz/src/mcp_check.rs).
cp "$here"/seeds/mcp_request/* "$corpus/mcp_request/"
# todo_txt and front_matter: byte 0 = the edit (front_matter: bit 0 the path), byte 1 = the
# task or field and the value; one seed per edit.
for t in todo_txt front_matter; do
  for f in "$here/seeds/$t"/*; do
    for op in 0 1 2 3 4 5 6 7 8 9 10 11; do
      arg=$((op * 29 % 256))
      { printf "\\x$(printf %02x $op)\\x$(printf %02x $arg)"; cat "$f"; } \
        > "$corpus/$t/$(basename "$f")-$op"
    done
  done
done
# Regression inputs found by earlier runs (fixtures/fuzz/<target>/*), when any.
for t in load edit lint_fix config todo_txt front_matter mcp_request; do
  if [ -d "$repo/fixtures/fuzz/$t" ]; then
    cp "$repo/fixtures/fuzz/$t"/* "$corpus/$t/" 2>/dev/null || true
  fi
done
for t in load edit lint_fix config todo_txt front_matter mcp_request; do
  echo "$t: $(ls "$corpus/$t" | wc -l) seeds"
done
