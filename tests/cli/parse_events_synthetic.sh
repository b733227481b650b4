#!/usr/bin/env bash
# parse-events on synthetic RAW files written by parse_events_gen.py (which also writes the events it encoded):
# EVT 2.0, 2.1 (both half orders) and 3.0 with counter wraps, triggers, OTHERS/CONTINUED/unknown words, events
# before the first time high and EVT3 TIME_LOW going backwards; sparse files where one piece spans several wraps;
# -j1 = -j4 with a cut at nearly every word; files cut at each of their last 16 bytes; empty and header-only files.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_events_lib.sh"
need_python
GEN=$RECPIPE_SOURCE_DIR/tests/cli/parse_events_gen.py

# section CSV 1|2: the events (1) or triggers (2) rows of a --to csv output holding both tables.
section() { awk -v want="$2" '/^t,x,y,p$/ { s = 1; next } /^t,id,value$/ { s = 2; next } s == want' "$1"; }

for format in evt2 evt21 evt21-legacy evt3; do
  for case in mixed sparse; do
    name=$format.$case
    python3 "$GEN" "$format" "$case" "$name"
    step "$name: the encoded events and triggers, and the counts of what was skipped"
    "$PARSE_EVENTS" --to csv --stats "$name.stats" "$name.raw" >"$name.csv"
    { echo t,x,y,p; section "$name.csv" 1; } >"$name.got_events"
    same_bytes "$name.events.csv" "$name.got_events" "$name events"
    { echo t,id,value; section "$name.csv" 2; } >"$name.got_triggers"
    same_bytes "$name.triggers.csv" "$name.got_triggers" "$name triggers"
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(d["dropped_before_time_high"], d["skipped_others"], d["skipped_continued"], d["skipped_unknown"])' \
      "$name.stats" >"$name.got_counts"
    same_bytes "$name.counts" "$name.got_counts" "$name counts (before-time-high others continued unknown)"

    step "$name: -j1 = -j4 and the same records for any piece size"
    for piece in 2 8 24 1000; do
      events_same_for_threads "$name.p$piece" --piece-size "$piece" "$name.raw"
      "$PARSE_EVENTS" -j4 --piece-size "$piece" --to csv "$name.raw" >"$name.p$piece.csv"
      for s in 1 2; do
        cmp -s <(section "$name.csv" $s) <(section "$name.p$piece.csv" $s) ||
          fail "$name: --piece-size $piece changes table $s"
      done
    done
  done
done

step "a file cut at each of its last 16 bytes: every whole word decoded, then the offset of the cut one"
python3 "$GEN" evt3 mixed cut
size=$(stat -c %s cut.raw)
header=$(grep -c '^%' cut.raw || true)
for k in $(seq 1 16); do
  head -c $((size - k)) cut.raw >cut_k.raw
  rc=0
  "$PARSE_EVENTS" -j2 --piece-size 64 --to csv cut_k.raw >cut_k.csv 2>cut_k.err || rc=$?
  data=$((size - k - $(head -n "$header" cut.raw | wc -c)))
  if ((data % 2 == 1)); then
    [[ $rc == 1 ]] || fail "cut at $((size - k)): exit $rc, expected 1"
    grep -qF "cut_k.raw:$((size - k - 1)): truncated last word: 1 of 2 bytes" cut_k.err ||
      fail "cut at $((size - k)): message $(cat cut_k.err)"
  else
    [[ $rc == 0 ]] || fail "cut at $((size - k)): exit $rc: $(cat cut_k.err)"
  fi
  # The events before the cut all came out: those of the file cut at a word boundary.
  head -c $((size - k - data % 2)) cut.raw >cut_whole.raw
  "$PARSE_EVENTS" --to csv cut_whole.raw >cut_whole.csv
  for s in 1 2; do
    section cut_whole.csv $s >cut_whole.$s
    section cut_k.csv $s >cut_k.$s
    same_bytes cut_whole.$s cut_k.$s "table $s of the file cut at $((size - k))"
  done
done
python3 "$GEN" evt2 mixed cut2
size=$(stat -c %s cut2.raw)
head -c $((size - 3)) cut2.raw >cut2_3.raw
expect_exit 1 "$PARSE_EVENTS" -o /dev/null cut2_3.raw
expect_stderr_contains "cut2_3.raw:$((size - 4)): truncated last word: 1 of 4 bytes"

step "empty file, header without data, not an event file"
: >empty.raw
expect_exit 1 "$PARSE_EVENTS" empty.raw
expect_stderr_contains "empty.raw:0: not an event file"
printf '%% format EVT3;height=720;width=1280\n%% end\n' >header_only.raw
expect_exit 0 "$PARSE_EVENTS" --to csv header_only.raw
expect_stdout $'t,x,y,p\n'
printf '%% evt 2.0\n' >legacy_header_only.raw
expect_exit 0 "$PARSE_EVENTS" --to csv legacy_header_only.raw
expect_stdout $'t,x,y,p\n'
head -c 3000 /dev/urandom | tr '%' 'x' >noise.bin
printf '\0' >>noise.bin
expect_exit 1 "$PARSE_EVENTS" noise.bin
expect_stderr_contains "noise.bin:0: not an event file"
expect_exit 2 "$PARSE_EVENTS" --format evt4 empty.raw
expect_stderr_contains "--format takes"
finish
