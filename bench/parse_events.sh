#!/usr/bin/env bash
# Times parse-events on multi-GB EVT 2.0 and EVT 3.0 files (real samples repeated with advancing time, built by
# bench/gen_events.py) and a large uncompressed HDF5 file (bench/gen_events_h5.py), output as a record stream to
# /dev/null, at -j1 and -j2, against `cat FILE > /dev/null` (the read limit) and the goals of issue 5.
#
#   bench/parse_events.sh [--bin DIR] [--runs N] [--evt2-size 2G] [--evt3-size 1G] [--h5-copies 200]
#
# DIR holds parse-events (default: build/release/cmd/parse_events). Needs python3 and, for the HDF5 case, h5import
# (Debian package hdf5-tools; the case is skipped without it). Inputs go to bench/.data/. Best of N runs counts.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/cmd/parse_events runs=3 evt2_size=2G evt3_size=1G h5_copies=200
while (($#)); do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --evt2-size) evt2_size=$2; shift 2 ;;
    --evt3-size) evt3_size=$2; shift 2 ;;
    --h5-copies) h5_copies=$2; shift 2 ;;
    *) echo "usage: $0 [--bin DIR] [--runs N] [--evt2-size SIZE] [--evt3-size SIZE] [--h5-copies N]" >&2; exit 2 ;;
  esac
done
PE=$bin/parse-events
[[ -x $PE ]] || { echo "parse_events.sh: no parse-events at $PE (build first, or --bin)" >&2; exit 1; }
RAW=../shared/data/events/raw
[[ -d $RAW ]] || { echo "parse_events.sh: $RAW not found (the real samples are needed)" >&2; exit 1; }
data=bench/.data/events
mkdir -p "$data"

make_input() {  # make_input OUT SRC SIZE
  [[ -s $1 ]] || { echo "building $1 ($3 from $(basename "$2"))" >&2; python3 bench/gen_events.py "$2" "$1" "$3"; }
}
make_input "$data/evt2_$evt2_size.raw" "$RAW/evt2_spinner_cut.raw" "$evt2_size"
make_input "$data/evt3_$evt3_size.raw" "$RAW/evt3_vectorized_cut.raw" "$evt3_size"
h5=$data/evt2_x$h5_copies.h5
if [[ ! -s $h5 ]] && command -v h5import >/dev/null; then
  echo "building $h5" >&2
  "$PE" --to csv "$RAW/evt2_spinner_cut.raw" >"$data/spinner.csv"
  python3 bench/gen_events_h5.py "$data/spinner.csv" "$h5" "$h5_copies"
fi

best() {  # best CMD...: the shortest wall time of $runs runs, in seconds
  local b="" s e t
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N)
    "$@" >/dev/null
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [[ -z $b ]] || (($(echo "$t < $b" | bc))); then b=$t; fi
  done
  echo "$b"
}

printf '| case | file | events | cat s | -j1 s | -j2 s | -j2 Mev/s | vs cat | j2/j1 | peak RSS -j2 | goal |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
run_case() {  # run_case NAME FILE GOAL_MEVS
  local name=$1 file=$2 goal=$3
  [[ -s $file ]] || { echo "skipping $name: $file missing" >&2; return; }
  cat "$file" >/dev/null
  local events cat_s j1 j2 rss rate
  events=$("$PE" -j2 --stats - -o /dev/null "$file" 2>&1 >/dev/null | sed -n 's/.*"events":\([0-9]*\).*/\1/p')
  rss=$("$PE" -j2 --stats - -o /dev/null "$file" 2>&1 >/dev/null | sed -n 's/.*"peak_rss_bytes":\([0-9]*\).*/\1/p')
  cat_s=$(best cat "$file")
  j1=$(best "$PE" -j1 -o /dev/null "$file")
  j2=$(best "$PE" -j2 -o /dev/null "$file")
  rate=$(echo "$events / $j2 / 1000000" | bc)
  printf '| %s | %s (%s MB) | %s | %.2f | %.2f | %.2f | %s | %.2fx | %.2fx | %s MB | >= %s Mev/s, j2/j1 >= 1.7 |\n' \
    "$name" "$(basename "$file")" "$(($(stat -L -c %s "$file") / 1000000))" "$events" "$cat_s" "$j1" "$j2" "$rate" \
    "$(echo "$cat_s / $j2" | bc -l)" "$(echo "$j1 / $j2" | bc -l)" "$((rss / 1000000))" "$goal"
}
run_case evt2 "$data/evt2_$evt2_size.raw" 150
run_case evt3 "$data/evt3_$evt3_size.raw" 100
run_case hdf5 "$h5" 50
