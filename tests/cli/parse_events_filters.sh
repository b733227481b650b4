#!/usr/bin/env bash
# parse-events' filters and conventions on a synthetic EVT3 file, checked against awk on the unfiltered output:
# --time (with units), --roi, --polarity, --limit, --time-origin first, --signed-polarity; also through small
# pieces and -j4, where the filters run inside the pieces and --limit across them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_events_lib.sh"
need_python
python3 "$RECPIPE_SOURCE_DIR/tests/cli/parse_events_gen.py" evt3 mixed rec
# events CSV: the events rows of a --to csv output that also holds triggers, under one header.
events() { awk '/^t,x,y,p$/ { s = 1; if (!h++) print; next } /^t,id,value$/ { s = 0; next } s'; }
"$PARSE_EVENTS" --to csv rec.raw | events >all.csv
first=$(awk -F, 'NR == 2 { print $1 }' all.csv)

check() {  # check NAME AWK-CONDITION OPTIONS...
  local name=$1 cond=$2
  shift 2
  step "$name"
  awk -F, "NR == 1 || ($cond)" all.csv >"$name.want"
  for j in 1 4; do
    "$PARSE_EVENTS" -j$j --piece-size 50 --to csv "$@" rec.raw | events >"$name.got"
    same_bytes "$name.want" "$name.got" "parse-events -j$j $*"
  done
}
a=$((first + 20000)) b=$((first + 60000))
check time "\$1 >= $a && \$1 < $b" --time "$a:$b"
check time_units "\$1 >= 16.5e6 && \$1 < 16.8e6" --time 16.5s:16800ms
check time_open "\$1 >= $b" --time "$b:"
check roi "\$2 >= 100 && \$2 < 700 && \$3 >= 50 && \$3 < 400" --roi 100,50,700,400
check polarity "\$4 == 1" --polarity 1
check all_filters "\$4 == 0 && \$2 >= 100 && \$2 < 700 && \$3 >= 50 && \$3 < 400 && \$1 >= $a" \
  --polarity 0 --roi 100,50,700,400 --time "$a:"

step "--limit across pieces"
head -n 1001 all.csv >limit.want
for j in 1 4; do
  "$PARSE_EVENTS" -j$j --piece-size 40 --limit 1000 --to csv rec.raw | events >limit.got
  same_bytes limit.want limit.got "--limit 1000 -j$j"
done

step "--time-origin first and --signed-polarity"
awk -F, -v f="$first" 'NR == 1 { print; next } { print $1 - f "," $2 "," $3 "," ($4 == 1 ? 1 : -1) }' all.csv >origin.want
"$PARSE_EVENTS" --time-origin first --signed-polarity --to csv rec.raw | events >origin.got
same_bytes origin.want origin.got "--time-origin first --signed-polarity"

step "bad filter options"
expect_exit 2 "$PARSE_EVENTS" --time 5:2 rec.raw
expect_stderr_contains "is empty"
expect_exit 2 "$PARSE_EVENTS" --time 1parsec: rec.raw
expect_stderr_contains "is not a time"
expect_exit 2 "$PARSE_EVENTS" --roi 1,2,3 rec.raw
expect_exit 2 "$PARSE_EVENTS" --polarity -1 rec.raw
finish
