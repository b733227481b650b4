#!/usr/bin/env bash
# --stats FILE, for every command and output kind (recpipe(7), OUTPUT): the statistics are written before the
# output is renamed into place, so a --stats FILE that cannot be written (no such folder; a full disk, here
# /dev/full) fails the run with exit 1 and leaves no output that make(1) would take for built, nor a temporary
# file. A run whose stats can be written leaves both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_commands DEDUPE MERGE PACK EVENTS BAM2COLS PARSE_GTFS SCAN2DB

printf 'id,name\n1,a\n2,b\n1,c\n' >in.csv
"$CHUNK" in.csv -o in.rec
"$PACK" in.rec -o in.rpk
printf '%s\n' '1 2 3 1' '5 6 7 0' >ev.txt
# A tiny GTFS feed folder, SAM file and GPFS listing, written here so that the test does not depend on examples/.
mkdir feed
printf 'agency_id,agency_name,agency_url,agency_timezone\nA,Ag,http://a.example,Europe/Berlin\n' >feed/agency.txt
printf 'stop_id,stop_name,stop_lat,stop_lon\nS1,One,52.5,13.4\nS2,Two,52.6,13.5\n' >feed/stops.txt
printf 'route_id,agency_id,route_short_name,route_type\nR,A,1,3\n' >feed/routes.txt
printf 'route_id,service_id,trip_id\nR,W,T\n' >feed/trips.txt
printf 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT,08:00:00,08:00:00,S1,1\nT,25:10:00,25:10:00,S2,2\n' >feed/stop_times.txt
printf 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nW,1,1,1,1,1,0,0,20240101,20241231\n' >feed/calendar.txt
printf '@SQ\tSN:c1\tLN:1000\nr1\t0\tc1\t5\t60\t4M\t*\t0\t0\tACGT\tIIII\n' >reads.sam
{
  echo '9 1 0  s=10 a=16 u=1 g=2 m=FAu p=drwxr-xr-x ac=2025-06-01 18:07:52 mt=2025-05-31 10:13:46 cr=2024-09-27 16:26:58 nl=2 -- /fs/d'
  echo '10 1 0  s=5 a=8 u=1 g=2 m=FAu p=-rw-r--r-- ac=2025-06-01 18:07:52 mt=2025-05-31 10:13:46 cr=2024-09-27 16:26:58 nl=1 -- /fs/d/f'
} >scan.list

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
