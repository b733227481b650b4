#!/usr/bin/env bash
# parse-events on HDF5 (../shared/data/events/hdf5): every layout gives exactly the records of the raw file its
# events came from; a --time window (found by reading the times once, then decoding the window) equals the
# same window on the raw file; -j1 = -j4; both ECF-compressed files decode.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_events_lib.sh"
find_shared_data
EV=$SHARED/events
[[ -d $EV/hdf5 ]] || skip "$EV/hdf5 not found"

raw_of() {
  case $1 in
    evt2_sample_head_* ) echo "$EV/raw/evt2_spinner_cut.raw" ;;
    evt3_sample_head_* | head_evt3_sample_*) echo "$EV/raw/evt3_vectorized_cut.raw" ;;
    old_18f239a_evt3_sample_*) echo "$EV/raw/evt3_pedestrians_head.raw" ;;
  esac
}

for file in "$EV"/hdf5/*.h5 "$EV"/hdf5/*.hdf5; do
  name=$(basename "$file")
  raw=$(raw_of "$name")
  step "$name: the records of $(basename "$raw")"
  "$PARSE_EVENTS" --to csv "$raw" >want.csv
  "$PARSE_EVENTS" -j2 --to csv "$file" >got.csv
  same_bytes want.csv got.csv "$name vs $(basename "$raw")"
  events_same_for_threads "$name" "$file"

  first=$(awk -F, 'NR == 2 { print $1 }' want.csv)
  for window in "$((first + 3000)):$((first + 7001))" "$((first + 1)):" ":$((first + 2000))"; do
    "$PARSE_EVENTS" --time "$window" --to csv "$raw" >want_w.csv
    "$PARSE_EVENTS" --time "$window" --to csv "$file" >got_w.csv
    same_bytes want_w.csv got_w.csv "$name --time $window"
  done
  "$PARSE_EVENTS" --limit 7 --time-origin first --to csv "$raw" >want_l.csv
  "$PARSE_EVENTS" --limit 7 --time-origin first --to csv "$file" >got_l.csv
  same_bytes want_l.csv got_l.csv "$name --limit 7 --time-origin first"
done

step "metadata names the layout and the sensor size"
"$PARSE_EVENTS" --limit 0 "$EV/hdf5/evt2_sample_head_xs_ys_ts_ps.h5" >meta.rec
rectool dump meta.rec >meta.dump
grep -qF '["width", "640"], ["height", "480"], ["format", "hdf5-xs-ys-ts-ps"]' meta.dump || fail "metadata: $(cat meta.dump)"
finish
