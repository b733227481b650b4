#!/usr/bin/env bash
# --progress (recpipe(7)): every command honours it where standard error is not a terminal, even for a run far
# shorter than the meter's redraw interval: plain lines (no CR, no escape sequences), the last one at the end of
# the run (100% of a file). Without it, with --no-progress, or with -q, nothing is written.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/common_lib.sh"

need_commands DEDUPE MERGE PACK EVENTS BAM2COLS PARSE_GTFS SCAN2DB

write_common_inputs

# check_progress NAME CMD...: CMD --progress reports; CMD, CMD --no-progress and CMD -q --progress do not.
check_progress() {
  local name=$1
  shift
  expect_exit 0 "$@" --progress -o out
  grep -qE "^$name: +100% " err || soft_fail "$name --progress wrote no last line of 100%: $(show err)"
  if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' err; then soft_fail "$name: control characters in progress: $(show err)"; fi
  local quiet
  for quiet in "" --no-progress "-q --progress"; do
    # shellcheck disable=SC2086  # quiet holds several words on purpose
    expect_exit 0 "$@" $quiet -o out
    [[ ! -s err ]] || soft_fail "$name $quiet should write nothing to stderr: $(show err)"
  done
}

check_progress chunk "$CHUNK" in.csv
check_progress chunk "$CHUNK" in.rec
check_progress dedupe "$DEDUPE" in.rec
check_progress merge "$MERGE" -k name in.rec in.rec
check_progress pack "$PACK" in.rec
check_progress pack "$PACK" -d in.rpk
check_progress parse-events "$EVENTS" ev.txt
check_progress bam2cols "$BAM2COLS" reads.sam
check_progress parse-gtfs "$PARSE_GTFS" feed
check_progress scan2db "$SCAN2DB" scan.list

finish
