#!/usr/bin/env bash
# pack --index-field: blocks record the range of integer fields only (recpipe-pack(5)), so naming a field of
# another type is a usage error (exit 2) naming the field, its table and its type, and leaves no output; an
# integer field is taken, and --where then reads only the blocks that can match.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PACK=$RECPIPE_BIN/../pack/pack
[[ -x $PACK ]] || fail "no pack executable at $PACK"

{ echo 'id,name,score'; for i in $(seq 1 2000); do echo "$i,n$i,$i.5"; done; } >in.csv
"$CHUNK" --types id:i64,score:f64 in.csv -o in.rec

for field in name score; do
  expect_exit 2 "$PACK" --index-field "$field" in.rec -o out.rpk
  expect_stderr_contains "--index-field $field"
  expect_stderr_contains "field '$field' of table 'in' has type"
  [[ ! -e out.rpk ]] || fail "pack --index-field $field failed, yet out.rpk is in place"
done
expect_stderr_contains "has type f64"
expect_exit 2 "$PACK" --index-field id,name in.rec -o out.rpk
expect_stderr_contains "field 'name' of table 'in' has type string"

expect_exit 0 "$PACK" --index-field id --block-size 4k in.rec -o out.rpk
expect_exit 0 "$PACK" -d --where id=1000:1003 --to csv out.rpk
expect_stdout $'id,name,score\n1000,n1000,1000.5\n1001,n1001,1001.5\n1002,n1002,1002.5\n'

finish
