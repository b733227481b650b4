#!/usr/bin/env bash
# parse-gtfs on the quirks of real feeds, each in a small feed made here: byte-order mark, CRLF, quoted fields with
# commas and line feeds, text after a closing quote, short and long rows, header names with spaces, unknown files
# and columns, empty files, Latin-1, times past 24:00 and H:MM:SS, dates; zip, folder, stdin, a subfolder in the
# zip, a zip in the zip; --tables.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python

mkdir feed
printf '\xef\xbb\xbfagency_id,agency_name,agency_url,agency_timezone\r\nA1,"Transit, Inc.",http://a.example,Europe/Oslo\r\n' >feed/agency.txt
# header names with spaces; a quoted name with a line feed and doubled quotes; an unknown column; a short row
# (missing values are null); a long row whose extra values are empty (a trailing comma).
printf 'stop_id, stop_name ,stop_lat,stop_lon,location_type,platform_note\nS1,"Main St,\n""North""",59.91,10.75,1,east\nS2,Quay,59.9,10.7\nS3,"Dock" B,59.8,10.6,0,,\n' >feed/stops.txt
printf 'route_id,agency_id,route_short_name,route_type\nR1,A1,1,3\nR2,A1,2,1700\n' >feed/routes.txt
printf 'route_id,service_id,trip_id,direction_id\nR1,WK,T1,0\nR2,WK,T2,\n' >feed/trips.txt
# times past 24:00 and with one-digit hours
printf 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,6:05:00,6:05:30,S1,1\nT1,25:10:00,25:10:00,S2,2\nT2, 23:59:59 ,24:00:00,S3,1\n' >feed/stop_times.txt
printf 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20240101,20241231\n' >feed/calendar.txt
: >feed/calendar_dates.txt  # an empty file
printf 'note_id,text\nN1,hello\n' >feed/notes.txt  # a file the reference does not define

step "a folder: values against Python's csv module"
"$PARSE_GTFS" -q feed -o folder.rec
gtfs_check feed folder.rec
tables folder.rec >tables.txt
printf 'agency 1\nstops 3\nroutes 2\ntrips 2\nstop_times 3\ncalendar 1\nnotes 1\ncalendar_dates 0\n' >want_tables.txt
same_bytes want_tables.txt tables.txt "tables and row counts (a table without rows is announced at the end)"

step "the typed values themselves"
"$PARSE_GTFS" -q feed --tables stops,stop_times,calendar,routes,calendar_dates --to jsonl >values.jsonl
cat >want_values.jsonl <<'J'
{"stop_id":"S1","stop_name":"Main St,\n\"North\"","stop_lat":59.91,"stop_lon":10.75,"location_type":1,"platform_note":"east"}
{"stop_id":"S2","stop_name":"Quay","stop_lat":59.9,"stop_lon":10.7,"location_type":null,"platform_note":null}
{"stop_id":"S3","stop_name":"Dock B","stop_lat":59.8,"stop_lon":10.6,"location_type":0,"platform_note":""}
{"route_id":"R1","agency_id":"A1","route_short_name":"1","route_type":3}
{"route_id":"R2","agency_id":"A1","route_short_name":"2","route_type":1700}
{"trip_id":"T1","arrival_time":"06:05:00","departure_time":"06:05:30","stop_id":"S1","stop_sequence":1}
{"trip_id":"T1","arrival_time":"25:10:00","departure_time":"25:10:00","stop_id":"S2","stop_sequence":2}
{"trip_id":"T2","arrival_time":"23:59:59","departure_time":"24:00:00","stop_id":"S3","stop_sequence":1}
{"service_id":"WK","monday":1,"tuesday":1,"wednesday":1,"thursday":1,"friday":1,"saturday":0,"sunday":0,"start_date":"2024-01-01","end_date":"2024-12-31"}
J
same_bytes want_values.jsonl values.jsonl "typed values (times and dates in their GTFS text form; the stream holds seconds and days, checked by gtfs_check)"

step "an empty file of the reference: its table with the reference's columns, no rows"
python3 -c '
import sys; sys.path.insert(0, sys.argv[2]); import recpipe
r = recpipe.Reader(open(sys.argv[1], "rb")); list(r)
s = [s for s in r.tables.values() if s.name == "calendar_dates"][0]
assert [(f.name, f.type) for f in s.fields] == [("service_id", "string"), ("date", "i32"), ("exception_type", "i8")], s.fields
' folder.rec "$RECPIPE_SOURCE_DIR/examples" || fail "calendar_dates table of the empty file"

step "zip, subfolder in the zip, zip in the zip, zip on stdin: the same tables"
"$PARSE_GTFS" -q feed --to tsv >folder.tsv
make_zip plain.zip feed
make_zip nested.zip feed gtfs/2024
mkdir outer && cp plain.zip outer/inner.zip && make_zip zipzip.zip outer wrapped
for z in plain.zip nested.zip zipzip.zip; do
  "$PARSE_GTFS" -q "$z" --to tsv >"$z.tsv"
  same_bytes folder.tsv "$z.tsv" "$z read as tsv"
done
"$PARSE_GTFS" -q - --to tsv <plain.zip >stdin.tsv
same_bytes folder.tsv stdin.tsv "a zip on standard input"
"$PARSE_GTFS" -q nested.zip -o nested.rec
gtfs_check nested.zip nested.rec

step "--tables reads only those files"
"$PARSE_GTFS" -q plain.zip --tables trips,notes -o some.rec
tables some.rec >some.txt
printf 'trips 2\nnotes 1\n' >want_some.txt
same_bytes want_some.txt some.txt "--tables trips,notes"
expect_exit 2 "$PARSE_GTFS" plain.zip --tables shapes -o x.rec
expect_stderr_contains "--tables names 'shapes', but the feed has no shapes.txt"

step "Latin-1: an error naming the file, line and column; converted with --encoding latin1"
mkdir latin && cp feed/*.txt latin/
printf 'stop_id,stop_name\nS1,Ols\xf8ya\nS2,Bod\xf8\n' >latin/stops.txt
expect_exit 1 "$PARSE_GTFS" latin -o latin.rec
expect_stderr_contains "latin/stops.txt:2: column 'stop_name': 'Ols\\xf8ya' is not UTF-8"
[[ ! -e latin.rec ]] || fail "a failed run left its output"
"$PARSE_GTFS" -q latin --encoding latin1 --tables stops --to jsonl >latin.jsonl
printf '{"stop_id":"S1","stop_name":"Ols\xc3\xb8ya"}\n{"stop_id":"S2","stop_name":"Bod\xc3\xb8"}\n' >want_latin.jsonl
same_bytes want_latin.jsonl latin.jsonl "Latin-1 converted to UTF-8"
"$PARSE_GTFS" -q latin --encoding latin1 -o latin.rec
gtfs_check latin latin.rec --encoding latin1

step "-j1 and -j3 with tiny blocks give the same bytes"
"$PARSE_GTFS" -q -j1 --block-size 16 plain.zip -o j1.rec
"$PARSE_GTFS" -q -j3 --block-size 16 plain.zip -o j3.rec
same_bytes j1.rec j3.rec "-j1 and -j3 output"
gtfs_check plain.zip j3.rec

expect_help_and_version parse-gtfs "$PARSE_GTFS" --tables --encoding --max-errors
finish
