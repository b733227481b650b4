#!/usr/bin/env bash
# parse-events against the reference decodes of real recordings (../shared/data/events/truth, from OpenEB): every
# event, in order, for EVT 2.0 and EVT 3.0 (legacy headers, VECT_12/VECT_8); and -j1 = -j4 byte for byte with
# pieces small enough that nearly every word is a cut point.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_events_lib.sh"
find_shared_data
EV=$SHARED/events
[[ -d $EV/raw && -d $EV/truth ]] || skip "$EV/raw or truth not found"
need gzip
need_python

for name in evt2_spinner_cut evt2_faery evt3_vectorized_cut evt3_pedestrians_head; do
  step "$name: all events equal the truth"
  "$PARSE_EVENTS" --to csv "$EV/raw/$name.raw" >"$name.csv"
  to_xypt "$name.csv" >"$name.xypt"
  gzip -dc "$EV/truth/$name.csv.gz" | grep -v '^%' >"$name.truth"
  same_bytes "$name.truth" "$name.xypt" "$name decoded vs truth"

  step "$name: -j1 and -j4 identical with tiny and odd pieces"
  "$PARSE_EVENTS" -j1 "$EV/raw/$name.raw" >"$name.rec"
  pieces="1000 4097 65536"
  [[ $name == evt3_pedestrians_head ]] && pieces="2 6 $pieces"  # small enough for a cut at every word
  for piece in $pieces; do
    events_same_for_threads "$name.$piece" --piece-size "$piece" "$EV/raw/$name.raw"
    "$PARSE_EVENTS" -j2 --piece-size "$piece" --to csv "$EV/raw/$name.raw" >"$name.$piece.csv"
    same_bytes "$name.csv" "$name.$piece.csv" "$name records with --piece-size $piece"
  done
done

for name in dat_sample ncars_sample; do
  step "$name.dat: count, first and last three events as in expected.json; -j1 = -j4 with small pieces"
  "$PARSE_EVENTS" --to csv "$EV/raw/$name.dat" >"$name.csv"
  python3 - "$EV/expected.json" "raw/$name.dat" "$name.csv" <<'PY' || fail "$name.dat differs from expected.json"
import json, sys
want = next(e for e in json.load(open(sys.argv[1])) if e["path"] == sys.argv[2])
rows = [list(map(int, l.split(","))) for l in open(sys.argv[3]).read().split("\n")[1:] if l]
xypt = [[x, y, p, t] for t, x, y, p in rows]
assert len(rows) == want["n_events"], (len(rows), want["n_events"])
assert xypt[:3] == want["first3_xypt"] and xypt[-3:] == want["last3_xypt"], (xypt[:3], xypt[-3:])
PY
  events_same_for_threads "$name.threads" --piece-size 800 "$EV/raw/$name.dat"
  awk -F, 'NR == 1 || ($1 >= 20000 && $1 < 50000)' "$name.csv" >"$name.window.want"
  "$PARSE_EVENTS" --piece-size 800 --time 20ms:50ms --to csv "$EV/raw/$name.dat" >"$name.window"
  same_bytes "$name.window.want" "$name.window" "$name.dat --time 20ms:50ms"
done

step "metadata: the sensor size from a legacy header's system_ID"
"$PARSE_EVENTS" --to jsonl --limit 1 "$EV/raw/evt3_vectorized_cut.raw" >/dev/null
"$PARSE_EVENTS" --limit 0 "$EV/raw/evt3_vectorized_cut.raw" >meta.rec
rectool dump meta.rec >meta.dump
grep -qF '["width", "1280"], ["height", "720"], ["format", "evt3"]' meta.dump || fail "metadata: $(cat meta.dump)"
finish
