#!/usr/bin/env bash
# --progress (recpipe(7)): every command honours it where standard error is not a terminal, even for a run far
# shorter than the meter's redraw interval: plain lines (no CR, no escape sequences), the last one at the end of
# the run (100% of a file). Without it, with --no-progress, or with -q, nothing is written.
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
