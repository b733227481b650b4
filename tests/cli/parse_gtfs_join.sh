#!/usr/bin/env bash
# parse-gtfs --join: each stop time carries its trip's route_id, service_id, direction_id and shape_id (null for a
# trip_id without a trip); checked against the trips table of the same run, on a small feed made here and on a
# real one from ../shared when it is there; -j1 and -j3 give the same bytes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python

# check_join STREAM: every stop_times record's joined fields equal its trip's.
check_join() {
  python3 - "$1" "$RECPIPE_SOURCE_DIR/examples" <<'PY' || fail "joined fields of $1"
import sys; sys.path.insert(0, sys.argv[2]); import recpipe
t = {}
for name, rec in recpipe.read_stream(open(sys.argv[1], "rb")): t.setdefault(name, []).append(rec)
trips = {}
for r in t["trips"]:
    trips.setdefault(r["trip_id"], r)
n = 0
for st in t["stop_times"]:
    trip = trips.get(st["trip_id"])
    for f in ("route_id", "service_id", "direction_id", "shape_id"):
        want = trip.get(f) if trip else None
        assert st[f] == want, (st, f, want)
    n += trip is not None
assert n > 0
print("joined", n, "of", len(t["stop_times"]))
PY
}

mkdir feed
printf 'agency_id,agency_name,agency_url,agency_timezone\nA1,T,http://a.example,Europe/Oslo\n' >feed/agency.txt
printf 'stop_id,stop_name\nS1,Main\n' >feed/stops.txt
printf 'route_id,route_type\nR1,3\n' >feed/routes.txt
printf '\xef\xbb\xbf service_id ,route_id,trip_id,direction_id,shape_id\r\nWK,R1,T1,1,SH1\r\nSA,R1,"T,2",,\r\n' >feed/trips.txt
printf 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,6:00:00,6:00:00,S1,1\n"T,2",7:00:00,7:00:00,S1,1\nT9,8:00:00,8:00:00,S1,1\n' >feed/stop_times.txt
printf 'service_id,date,exception_type\nWK,20240101,1\n' >feed/calendar_dates.txt

step "a small feed"
"$PARSE_GTFS" -q --join feed --tables stop_times --to jsonl >join.jsonl
cat >want.jsonl <<'J'
{"trip_id":"T1","arrival_time":"06:00:00","departure_time":"06:00:00","stop_id":"S1","stop_sequence":1,"route_id":"R1","service_id":"WK","direction_id":1,"shape_id":"SH1"}
{"trip_id":"T,2","arrival_time":"07:00:00","departure_time":"07:00:00","stop_id":"S1","stop_sequence":1,"route_id":"R1","service_id":"SA","direction_id":null,"shape_id":""}
{"trip_id":"T9","arrival_time":"08:00:00","departure_time":"08:00:00","stop_id":"S1","stop_sequence":1,"route_id":null,"service_id":null,"direction_id":null,"shape_id":null}
J
same_bytes want.jsonl join.jsonl "stop_times with --join"
"$PARSE_GTFS" -q --join feed -o small.rec
check_join small.rec

step "a feed without trips.txt"
mkdir notrips && cp feed/stop_times.txt feed/agency.txt notrips/
expect_exit 1 "$PARSE_GTFS" --join --tables stop_times notrips -o x.rec
expect_stderr_contains "--join needs trips.txt"

if [[ -d $RECPIPE_SOURCE_DIR/../shared/data/gtfs/tl_bart ]]; then
  step "tl_bart, -j1 and -j3"
  feed=$RECPIPE_SOURCE_DIR/../shared/data/gtfs/tl_bart/bart.zip
  "$PARSE_GTFS" -q -j1 --block-size 64k --join "$feed" -o j1.rec
  "$PARSE_GTFS" -q -j3 --block-size 64k --join "$feed" -o j3.rec
  same_bytes j1.rec j3.rec "--join output with -j1 and -j3"
  check_join j3.rec
fi
finish
