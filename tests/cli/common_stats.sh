#!/usr/bin/env bash
# --stats FILE, for every command and output kind (recpipe(7), OUTPUT): the statistics are written before the
# output is renamed into place, so a --stats FILE that cannot be written (no such folder; a full disk, here
# /dev/full) fails the run with exit 1 and leaves no output that make(1) would take for built, nor a temporary
# file. A run whose stats can be written leaves both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/common_lib.sh"

need_commands DEDUPE MERGE PACK EVENTS BAM2COLS PARSE_GTFS SCAN2DB

write_common_inputs

# check_stats NAME OUTPUT... -- CMD...: with --stats nodir/s.json and with --stats /dev/full, CMD exits 1, names
# the stats file, and leaves none of the OUTPUTs and no temporary file; with --stats s.json it succeeds and leaves
# all of them and the stats.
check_stats() {
  local name=$1 outputs=() o bad
  shift
  while [[ $1 != -- ]]; do outputs+=("$1"); shift; done
  shift
  for bad in nodir/s.json /dev/full; do
    [[ $bad == /dev/full && ! -w /dev/full ]] && continue
    rm -f "${outputs[@]}"
    expect_exit 1 "$@" --stats "$bad"
    expect_stderr_contains "$bad"
    for o in "${outputs[@]}"; do
      [[ ! -e $o ]] || soft_fail "$name: --stats $bad failed, yet the output $o is in place"
    done
    if ls -A | grep -q '\.tmp-'; then soft_fail "$name: --stats $bad left a temporary file: $(ls -A | grep '\.tmp-')"; fi
  done
  rm -f s.json "${outputs[@]}"
  expect_exit 0 "$@" --stats s.json
  grep -q '"records_out":' s.json || soft_fail "$name: no statistics in s.json: $(show s.json)"
  for o in "${outputs[@]}"; do [[ -s $o ]] || soft_fail "$name: the output $o is missing after a good run"; done
  if [[ ${#outputs[@]} == 1 ]]; then
    local size
    size=$(stat -c %s "${outputs[0]}")
    grep -q "\"bytes_out\":$size," s.json || soft_fail "$name: bytes_out is not the output's $size bytes: $(show s.json)"
  fi
  rm -f s.json "${outputs[@]}"
}

step "each command, each output kind"
check_stats "chunk" out.rec -- "$CHUNK" in.csv -o out.rec
check_stats "chunk to a container" out.rpk -- "$CHUNK" in.csv -o out.rpk
check_stats "dedupe" out.rec -- "$DEDUPE" -k id in.rec -o out.rec
check_stats "merge" out.rec -- "$MERGE" in.rec in.rec -o out.rec
check_stats "merge -k" out.rec -- "$MERGE" -k name in.rec in.rec -o out.rec
check_stats "merge of containers (blocks copied)" out.rpk -- "$MERGE" in.rpk in.rpk -o out.rpk
check_stats "merge --partition-by" p_1.rec p_2.rec -- "$MERGE" --partition-by id in.rec -o 'p_{id}.rec'
check_stats "pack" out.rpk -- "$PACK" in.rec -o out.rpk
check_stats "pack -d" out.rec -- "$PACK" -d in.rpk -o out.rec
check_stats "parse-events" ev.rec -- "$EVENTS" ev.txt -o ev.rec
check_stats "chunk into SQLite" out.sqlite -- "$CHUNK" in.csv -o out.sqlite
check_stats "bam2cols" r.rec -- "$BAM2COLS" reads.sam -o r.rec
check_stats "parse-gtfs" g.rec -- "$PARSE_GTFS" feed -o g.rec
check_stats "parse-gtfs into SQLite" g.sqlite -- "$PARSE_GTFS" feed -o g.sqlite
check_stats "scan2db" s.sqlite -- "$SCAN2DB" scan.list -o s.sqlite
check_stats "scan2db --to rec" s.rec -- "$SCAN2DB" scan.list --to rec -o s.rec

step "a failed run keeps the output of an earlier good run"
"$CHUNK" in.csv -o keep.rec
cp keep.rec keep.before
expect_exit 1 "$CHUNK" in.csv -o keep.rec --stats nodir/s.json
same_bytes keep.before keep.rec "the earlier output after a failed run"

finish
