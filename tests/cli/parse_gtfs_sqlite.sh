#!/usr/bin/env bash
# parse-gtfs -o FEED.sqlite: one table per file with the stream's rows and values, times and dates as their
# integers in columns declared TIME and DATE, the GTFS key indexes the man page lists (only those whose columns
# the feed has), a filtered day and a next-departures query; a failed run leaves no database.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python
python3 -c 'import sqlite3' 2>/dev/null || skip "python3 has no sqlite3 module"
find_shared_data
FEED=$SHARED/gtfs/google_sample/sample-feed-1.zip
[[ -e $FEED ]] || skip "$FEED not found"

step "the whole feed: the same rows and values as the stream"
"$PARSE_GTFS" -q "$FEED" -o feed.sqlite
python3 - feed.sqlite <<'PY' || fail "the database's types and values"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
assert "stop_times" in names and "calendar" in names, names
# Declared types of the logical columns.
cols = {r[1]: r[2] for r in db.execute("PRAGMA table_info(stop_times)")}
assert cols["arrival_time"] == "TIME" and cols["stop_sequence"] == "INTEGER", cols
cols = {r[1]: r[2] for r in db.execute("PRAGMA table_info(calendar)")}
assert cols["start_date"] == "DATE", cols
# 06:20:00 is 22800 s; 2007-01-01 is day 13514.
row = db.execute("SELECT arrival_time FROM stop_times WHERE trip_id='STBA' AND stop_sequence=2").fetchone()
assert row == (22800,), row
row = db.execute("SELECT start_date FROM calendar WHERE service_id='FULLW'").fetchone()
assert row == (13514,), row
PY

step "row counts equal the stream's"
"$PARSE_GTFS" -q "$FEED" -o feed.rec
tables feed.rec | sort >stream.counts
python3 - feed.sqlite <<'PY' | sort >db.counts
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
    print(name, db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
PY
same_bytes stream.counts db.counts "table row counts of the stream and the database"

step "the key indexes"
python3 - feed.sqlite <<'PY' || fail "key indexes missing"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
have = set()
for (name, table) in db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='index'"):
    cols = tuple(r[2] for r in db.execute(f'PRAGMA index_info("{name}")'))
    have.add((table, cols))
want = {("stops", ("stop_id",)), ("routes", ("route_id",)), ("trips", ("trip_id",)), ("trips", ("service_id",)),
        ("stop_times", ("trip_id", "stop_sequence")), ("stop_times", ("stop_id",)),
        ("calendar_dates", ("service_id", "date")), ("frequencies", ("trip_id",))}
missing = want - have
assert not missing, missing
# The sample feed's stops have no parent_station column: no index is asked for it.
assert ("stops", ("parent_station",)) not in have
plan = " ".join(r[3] for r in db.execute(
    "EXPLAIN QUERY PLAN SELECT * FROM stop_times WHERE stop_id='STAGECOACH'"))
assert "USING INDEX" in plan, plan
PY

step "one service day and the next departures from a stop"
"$PARSE_GTFS" -q --date 2007-06-05 "$FEED" -o day.sqlite
python3 - day.sqlite <<'PY' >departures.txt || fail "departures query"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for r in db.execute("""SELECT t.route_id, printf('%02d:%02d', st.departure_time / 3600, st.departure_time / 60 % 60)
                       FROM stop_times st JOIN trips t USING (trip_id)
                       WHERE st.stop_id = 'STAGECOACH' AND st.departure_time >= 21600
                       ORDER BY st.departure_time, t.route_id LIMIT 3"""):
    print(*r)
PY
printf '%s\n' "CITY 06:00" "STBA 06:00" "CITY 06:58" >expected.txt
same_bytes expected.txt departures.txt "next departures from STAGECOACH on 2007-06-05"

step "a failed run leaves no database"
mkdir bad
python3 - "$FEED" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        data = z.read(name)
        if name == "stops.txt":  # line 2's stop_lat is no number
            data = data.replace(b"36.425288", b"north", 1)
        open("bad/" + name, "wb").write(data)
PY
expect_exit 1 "$PARSE_GTFS" -q bad -o bad.sqlite
expect_stderr_contains "stops.txt:2"
[[ ! -e bad.sqlite ]] || fail "a failed run left bad.sqlite"
if ls -A | grep -q 'bad\.sqlite'; then fail "a failed run left a temporary database: $(ls -A)"; fi
finish
