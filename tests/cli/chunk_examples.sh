#!/usr/bin/env bash
# The examples a new user copies must keep working: examples/Makefile.parts cuts a file into pieces with
# chunk --part under make -j and joins them, which must give exactly the records of the whole file; the example
# data reads as documented in examples/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v make >/dev/null || { echo "SKIP: make not found"; exit 77; }
cp -r "$RECPIPE_SOURCE_DIR/examples" .
export PATH="$RECPIPE_BIN:$PATH"

for n in 1 3 7; do
  make -s -f examples/Makefile.parts INPUT=examples/stop_times.csv N=$n OUT=out$n -j4
  chunk examples/stop_times.csv --to tsv | cmp - out$n/all.tsv ||
    fail "Makefile.parts with N=$n: the joined pieces differ from the whole file"
done

# A failed piece leaves no output, so a rerun of make redoes exactly that piece.
rm out3/part2.tsv out3/all.tsv
make -s -f examples/Makefile.parts INPUT=examples/stop_times.csv N=3 OUT=out3
chunk examples/stop_times.csv --to tsv | cmp - out3/all.tsv || fail "Makefile.parts: rerun after a lost piece"

rows=$(chunk examples/stop_times.csv --types stop_sequence:u16 --to tsv | tail -n +2 | wc -l)
[[ $rows == 369 ]] || fail "examples/stop_times.csv: expected 369 rows, got $rows"
events=$(chunk examples/events.jsonl --fields id,kind --types kind:u16 --to tsv | tail -n +2 | wc -l)
[[ $events == 200 ]] || fail "examples/events.jsonl: expected 200 events, got $events"
echo "chunk_examples: ok"
