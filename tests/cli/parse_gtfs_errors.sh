#!/usr/bin/env bash
# parse-gtfs' errors: a bad value, a row with values past the header, a missing required file or column, an
# unclosed quote, not a feed. By default each is an error naming FILE:LINE, the column and the value (exit 1, no
# output left behind); with --max-errors N the run goes on, the value is null and the notices table says what
# happened; one error more than N stops the run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python

mkdir feed
printf 'agency_id,agency_name,agency_url,agency_timezone\nA1,Transit,http://a.example,Europe/Oslo\n' >feed/agency.txt
printf 'stop_id,stop_name,stop_lat,stop_lon\nS1,Main,59.91,10.75\nS2,Quay,north,10.7\n' >feed/stops.txt
printf 'route_id,route_type\nR1,3\n' >feed/routes.txt
printf 'route_id,service_id,trip_id\nR1,WK,T1\n' >feed/trips.txt
printf 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,6:05:00,6:05:00,S1,1\nT1,6:6:00,6:06:00,S2,2\n' >feed/stop_times.txt
printf 'service_id,date,exception_type\nWK,20240230,1\n' >feed/calendar_dates.txt

step "a bad value: FILE:LINE, column and value; exit 1 and no output"
expect_exit 1 "$PARSE_GTFS" feed -o out.rec
expect_stderr_contains "parse-gtfs: error: feed/stops.txt:3: column 'stop_lat': 'north' is not a finite number"
[[ ! -e out.rec ]] || fail "a failed run left out.rec"

step "--max-errors: values null, rows kept, the notices table"
expect_exit 0 "$PARSE_GTFS" feed --max-errors 5 -o out.rec
expect_stderr_contains "feed/stop_times.txt:3: column 'arrival_time': '6:6:00' is not a time (H:MM:SS or HH:MM:SS)"
expect_stderr_contains "3 errors within --max-errors 5: see the notices table"
python3 -c '
import sys; sys.path.insert(0, sys.argv[2]); import recpipe
t = {}
for name, rec in recpipe.read_stream(open(sys.argv[1], "rb")): t.setdefault(name, []).append(rec)
got = [(n["severity"], n["code"], n["file"], n["line"], n["field"], n["value"]) for n in t["notices"]]
want = [("ERROR", "invalid_float", "stops.txt", 3, "stop_lat", "north"),
        ("ERROR", "invalid_time", "stop_times.txt", 3, "arrival_time", "6:6:00"),
        ("ERROR", "invalid_date", "calendar_dates.txt", 2, "date", "20240230")]
assert sorted(got) == sorted(want), got
assert t["stops"][1]["stop_lat"] is None and t["stops"][1]["stop_lon"] == 10.7, t["stops"]
assert t["stop_times"][1]["arrival_time"] is None and t["stop_times"][1]["departure_time"] == 21960
assert len(t["stop_times"]) == 2
' out.rec "$RECPIPE_SOURCE_DIR/examples" || fail "notices table or nulled values"

step "one error more than --max-errors stops the run"
expect_exit 1 "$PARSE_GTFS" feed --max-errors 2 -o out2.rec
expect_stderr_contains "(more than --max-errors 2)"
[[ ! -e out2.rec ]] || fail "a failed run left out2.rec"

step "a row with values past the header"
mkdir long && cp feed/*.txt long/
printf 'stop_id,stop_name\nS1,Main\nS2,Quay,extra\n' >long/stops.txt
printf 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,6:05:00,6:05:00,S1,1\n' >long/stop_times.txt
printf 'service_id,date,exception_type\nWK,20240229,1\n' >long/calendar_dates.txt
expect_exit 1 "$PARSE_GTFS" long -o out.rec
expect_stderr_contains "long/stops.txt:3: row has 3 values, the header 2"

step "a missing required file, a missing required column"
mkdir missing && cp long/*.txt missing/ && rm missing/trips.txt
printf 'stop_id,stop_name\nS1,Main\n' >missing/stops.txt
expect_exit 1 "$PARSE_GTFS" missing -o out.rec
expect_stderr_contains "parse-gtfs: error: missing: missing required file trips.txt"
expect_exit 0 "$PARSE_GTFS" missing --max-errors 1 -o out.rec
expect_stderr_contains "1 error within --max-errors 1"
cp feed/trips.txt missing/
printf 'route_id,route_short_name\nR1,1\n' >missing/routes.txt
expect_exit 1 "$PARSE_GTFS" missing -o out.rec
expect_stderr_contains "missing/routes.txt:1: column 'route_type': missing required column"

step "a quote not closed before the end of the file"
printf 'stop_id,stop_name\nS1,"Main\n' >missing/stops.txt
cp feed/routes.txt missing/
expect_exit 1 "$PARSE_GTFS" missing -o out.rec
expect_stderr_contains "missing/stops.txt:2: quoted field not closed before the end of the file"

step "not a feed"
echo "hello" >not.zip
expect_exit 1 "$PARSE_GTFS" not.zip -o out.rec
expect_stderr_contains "parse-gtfs: error: not.zip: not a zip file nor a folder"
expect_exit 1 "$PARSE_GTFS" nosuch.zip -o out.rec
expect_stderr_contains "nosuch.zip: No such file or directory"
head -c 300 "$(make_zip full.zip feed; echo full.zip)" >cut.zip
expect_exit 1 "$PARSE_GTFS" cut.zip -o out.rec
expect_stderr_contains "cut.zip: "

step "a damaged zip entry: its CRC-32 or its deflate data is wrong"
python3 - <<'PY'
import zipfile
with zipfile.ZipFile("full.zip") as z:
    info = z.getinfo("stop_times.txt")
data = bytearray(open("full.zip", "rb").read())
start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
data[start + info.compress_size // 2] ^= 0x55  # a byte in the middle of the deflate data
open("damaged.zip", "wb").write(data)
data = bytearray(open("full.zip", "rb").read())
# the CRC-32 in the central directory, where libzip reads it from
for off in range(len(data)):
    if data[off:off + 4] == b"PK\x01\x02" and data[off + 46:off + 46 + 14] == b"stop_times.txt":
        data[off + 16] ^= 0x01
open("badcrc.zip", "wb").write(data)
PY
expect_exit 1 "$PARSE_GTFS" --max-errors 10 damaged.zip -o damaged.rec
expect_stderr_contains "damaged.zip/stop_times.txt: "
[[ ! -e damaged.rec ]] || fail "a failed run left damaged.rec"
expect_exit 1 "$PARSE_GTFS" --max-errors 10 badcrc.zip -o out.rec
expect_stderr_contains "badcrc.zip/stop_times.txt: CRC-32 does not match the zip's directory"
finish
