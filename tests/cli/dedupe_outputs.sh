#!/usr/bin/env bash
# dedupe --dups and the output must be two places: both on standard output the streams would interleave, and one
# file for both would lose the dropped records. Both are usage errors (exit 2) that leave nothing behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe

printf 'id,v\n1,a\n2,b\n1,c\n' >a.csv
"$CHUNK" a.csv --types id:u64 -o a.rec

step "--dups - with the output on standard output"
expect_exit 2 "$DEDUPE" -k id --dups - a.rec
expect_stderr_contains "--dups - and the output both go to standard output"
expect_exit 2 "$DEDUPE" -k id --dups - -o - a.rec

step "--dups FILE -o FILE, however spelled"
expect_exit 2 "$DEDUPE" -k id --dups o.rec -o o.rec a.rec
expect_stderr_contains "--dups o.rec is the output too"
[[ ! -e o.rec ]] || fail "the refused run left o.rec"
mkdir sub
expect_exit 2 "$DEDUPE" -k id --dups sub/../o.rec -o ./o.rec a.rec
echo old >o.rec
ln -s o.rec link.rec
expect_exit 2 "$DEDUPE" -k id --dups link.rec -o o.rec a.rec
[[ $(cat o.rec) == old ]] || fail "the refused run changed o.rec"
expect_exit 2 "$DEDUPE" -k id --dups /dev/stdout a.rec

step "two places are fine, and /dev/null may take both"
expect_exit 0 "$DEDUPE" -k id --dups - -o u.rec a.rec --to tsv
expect_stdout $'id\tv\n1\tc\n'
expect_exit 0 "$DEDUPE" -k id --dups d.rec -o u.rec a.rec
expect_exit 0 "$DEDUPE" -k id --dups /dev/null -o /dev/null a.rec
echo "dedupe_outputs: ok"
