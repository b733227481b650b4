#!/usr/bin/env bash
# Option values every command parses alike (recpipe(7)): a size is refused with a message that names the
# option's own limits (no example above them); a size too large for 64 bits is refused, not wrapped; --to's
# message names every form, rpk too; chunk(1)'s CSV rules: a bytes field, like a string, is not nullable.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_commands DEDUPE MERGE PACK EVENTS

printf 'a,b\n1,x\n' >in.csv
"$CHUNK" in.csv -o in.rec

step "sizes: the message names the limits"
# size_refused OPTION VALUE RANGE CMD...: exit 2, the message names the option and RANGE, suggests no 2G.
size_refused() {
  local option=$1 value=$2 range=$3
  shift 3
  expect_exit 2 "$@" "$option" "$value"
  expect_stderr_contains "$option takes a size $range"
  if grep -qE 'such as [^)]*2G' err; then soft_fail "$* $option $value: the message suggests 2G: $(show err)"; fi
}
for value in 2G 0 12q 99999999999999999999 17179869184G; do
  size_refused --block-size "$value" "from 1 to 256M" "$PACK" in.rec -o out.rpk
  size_refused --batch-size "$value" "from 1 to 256M" "$CHUNK" in.csv -o out.rec
  size_refused --batch-size "$value" "from 1 to 256M" "$MERGE" in.rec -o out.rec
  size_refused --batch-size "$value" "from 1 to 256M" "$EVENTS" in.csv -o out.rec
done
size_refused --piece-size 2G "from 1 to 1G" "$EVENTS" in.csv -o out.rec
# 16777217T is 2^64 + 2^40 bytes: wrapped, it would be a plausible 1T.
expect_exit 2 "$DEDUPE" --memory 16777217T in.rec -o out.rec
expect_stderr_contains "--memory takes a size"
expect_exit 0 "$PACK" --block-size 256M in.rec -o out.rpk
expect_exit 0 "$CHUNK" --batch-size 256MiB in.csv -o out.rec

step "--to names rpk among the forms"
expect_exit 2 "$CHUNK" --to xml in.csv
expect_stderr_contains "--to takes rec, tsv, csv, jsonl, rpk or sqlite, not 'xml'"

step "csv: an empty bytes value is the empty value, not null (chunk(1), FORMATS)"
printf 'b,s\n,\nAQ==,x\n' >bytes.csv
expect_exit 0 "$CHUNK" --types b:bytes bytes.csv --to jsonl
expect_stdout $'{"b":"","s":""}\n{"b":"QVE9PQ==","s":"x"}\n'
grep -q 'String and bytes fields are not nullable' "$RECPIPE_SOURCE_DIR/man/chunk.1" ||
  soft_fail "chunk(1) should say that bytes fields, as strings, are not nullable in CSV"

finish
