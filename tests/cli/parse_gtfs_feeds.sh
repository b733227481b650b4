#!/usr/bin/env bash
# parse-gtfs on every feed of ../shared/data/gtfs (not validator_layers): the row counts of inventory.tsv, every
# value equal to Python's csv reading of the feed, and byte-identical output for -j1 and -j4.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python
find_shared_data
GTFS=$SHARED/gtfs
[[ -f $GTFS/inventory.tsv ]] || skip "$GTFS/inventory.tsv not found"

checked=0
while IFS=$'\t' read -r path _bytes stops trips stop_times shapes _maxh quirks _rest; do
  feed=$GTFS/$path
  if [[ ! -e $feed ]]; then
    echo "-- $path: not in ../shared (built by make-mta-feeds.sh; see bench/parse_gtfs.sh)"
    continue
  fi
  name=$(echo "$path" | tr '/' '_')
  opts=()
  case $path in
    # Latin-1 text; madison also lacks stop_times.txt and its terms_of_use.txt is prose, not CSV.
    pt_region-nord-v2/*) opts=(--encoding latin1) ;;
    madison_legacy_translations/*) opts=(--encoding latin1 --max-errors 100) ;;
  esac
  step "$path ${opts[*]}"
  "$PARSE_GTFS" -q -j1 "${opts[@]}" "$feed" -o "$name.j1.rec" || fail "parse-gtfs ${opts[*]} $path failed"
  "$PARSE_GTFS" -q -j4 "${opts[@]}" "$feed" -o "$name.j4.rec" || fail "parse-gtfs -j4 ${opts[*]} $path failed"
  cmp -s "$name.j1.rec" "$name.j4.rec" || soft_fail "$path: -j1 and -j4 outputs differ"
  "$PARSE_GTFS" -q -j1 --block-size 2k "${opts[@]}" "$feed" -o "$name.b1.rec"
  "$PARSE_GTFS" -q -j3 --block-size 2k "${opts[@]}" "$feed" -o "$name.b3.rec"
  cmp -s "$name.b1.rec" "$name.b3.rec" || soft_fail "$path: -j1 and -j3 outputs differ with 2k blocks"
  enc=()
  [[ ${opts[0]:-} == --encoding ]] && enc=(--encoding latin1)
  gtfs_check "$feed" "$name.b3.rec" "${enc[@]}"
  for pair in "stops=$stops" "trips=$trips" "stop_times=$stop_times" "shapes=$shapes"; do
    table=${pair%%=*}
    want=${pair#*=}
    want=${want#*=}
    got=$(awk -v t="$table" '$1 == t { print $2 }' "$name.b3.rec.counts")
    if [[ $want == - && $quirks == *subdir:example-nested-zip* ]]; then
      # The inventory does not count inside a zip in a zip; the Python check above read the inner zip itself.
      [[ -n $got ]] || soft_fail "$path: no $table table from the zip inside the zip"
    elif [[ $want == - ]]; then
      [[ -z $got ]] || soft_fail "$path: $table has $got rows, inventory.tsv says the file is absent"
    elif [[ $got != "$want" ]]; then
      soft_fail "$path: $table has ${got:-no} rows, inventory.tsv says $want"
    fi
  done
  checked=$((checked + 1))
done < <(grep -v '^#' "$GTFS/inventory.tsv")
[[ $checked -gt 20 ]] || fail "only $checked feeds checked"
finish
