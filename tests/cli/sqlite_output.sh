#!/usr/bin/env bash
# SQLite output (-o NAME.sqlite, --to sqlite) and the logical types (time, date, timestamp:UNIT) end to end:
# chunk CSV -> .sqlite holds every value of the input under its declared column type, NULLs as NULL; the logical
# types show as GTFS writes them in every --to form and as their integer in SQLite, in a record stream read by an
# older reader (examples/recpipe.py) and to merge -k; -j1 and -j4 make the same database; a failing or interrupted
# run leaves no file; names with quotes and odd bytes; standard output and devices are refused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need sqlite3
python3 -c 'import sqlite3' 2>/dev/null || skip "python3 has no sqlite3 module"
MERGE=$RECPIPE_BIN/../merge/merge
export PYTHONDONTWRITEBYTECODE=1

# The input and, beside it, what each row must become (as JSON: the values SQLite must hold).
python3 - <<'PY'
import csv, datetime, json, random
rng = random.Random(5)
epoch = datetime.date(1970, 1, 1)
names = ['plain', 'with, comma', 'with "quotes"', 'multi\nline', 'Zürich HB', '', "it's"]
rows, want = [], []
for i in range(3000):
    t = rng.randrange(0, 30 * 3600)
    h, m, s = t // 3600, t // 60 % 60, t % 60
    time_text = ("%d:%02d:%02d" if i % 3 == 0 else "%02d:%02d:%02d") % (h, m, s)
    d = epoch + datetime.timedelta(days=rng.randrange(-3000, 30000))
    date_text = d.strftime("%Y%m%d") if i % 2 else d.isoformat()
    ms = rng.randrange(-10**12, 4 * 10**12)
    ts = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=ms)
    ts_text = ts.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000) if i % 4 else str(ms)
    score = None if i % 7 == 0 else rng.randrange(-10**6, 10**6) / 64
    row = [i, names[i % len(names)], "" if score is None else repr(score), "true" if i % 2 else "false",
           "" if i % 11 == 0 else time_text, date_text, ts_text, rng.randrange(0, 2**63)]
    rows.append(row)
    want.append([i, names[i % len(names)], score, i % 2, None if i % 11 == 0 else t, (d - epoch).days, ms, row[7]])
with open("in.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "name", "score", "flag", "arrival_time", "service_date", "created_at", "big"])
    w.writerows(rows)
with open("want.json", "w") as f:
    json.dump(want, f)
PY
TYPES=id:i64,score:f64,flag:bool,arrival_time:time,service_date:date,created_at:timestamp:ms,big:u64

step "chunk CSV -> .sqlite: every value, typed columns, NULLs"
expect_exit 0 "$CHUNK" --types "$TYPES" --batch-size 4K -o db.sqlite in.csv
expect_stderr_empty
[[ -z $(ls -A | grep -v -x -e db.sqlite -e in.csv -e want.json -e out -e err) ]] || fail "files left: $(ls -A | tr '\n' ' ')"
python3 - <<'PY' || fail "the database differs from the input (above)"
import json, sqlite3, sys
want = json.load(open("want.json"))
db = sqlite3.connect("file:db.sqlite?mode=ro", uri=True)
cols = [(r[1], r[2], r[3]) for r in db.execute("PRAGMA table_info(\"in\")")]
expect = [("id", "INTEGER", 0), ("name", "TEXT", 1), ("score", "REAL", 0), ("flag", "INTEGER", 0),
          ("arrival_time", "TIME", 0), ("service_date", "DATE", 0), ("created_at", "TIMESTAMP_MS", 0),
          ("big", "INTEGER", 0)]
if cols != expect:
    sys.exit("columns %r, not %r" % (cols, expect))
got = [list(r) for r in db.execute("SELECT * FROM \"in\" ORDER BY rowid")]
if len(got) != len(want):
    sys.exit("%d rows, not %d" % (len(got), len(want)))
for g, w in zip(got, want):
    if g != w or [type(x) for x in g] != [type(x) for x in w]:
        sys.exit("row %r, not %r" % (g, w))
PY
# The sqlite3 shell sees the same, and renders the logical types with the SQL that recpipe(7) gives.
sqlite3 -csv db.sqlite "SELECT count(*), count(score), count(arrival_time), sum(flag) FROM \"in\"" >counts.csv
[[ $(cat counts.csv) == "3000,2571,2727,1500" ]] || fail "sqlite3 counts: $(cat counts.csv)"
sqlite3 -csv db.sqlite "SELECT printf('%02d:%02d:%02d', arrival_time / 3600, arrival_time / 60 % 60,
  arrival_time % 60), date(service_date * 86400, 'unixepoch'), strftime('%Y-%m-%dT%H:%M:%S', created_at / 1000,
  'unixepoch') || printf('.%03dZ', created_at % 1000) FROM \"in\" WHERE arrival_time IS NOT NULL AND created_at >= 0" \
  >sql_text.csv
"$CHUNK" --types "$TYPES" --to csv in.csv | python3 -c '
import csv, sys
for r in csv.DictReader(sys.stdin):
    if r["arrival_time"] and r["created_at"] >= "1970":
        print("%s,%s,%s" % (r["arrival_time"], r["service_date"], r["created_at"]))' >chunk_text.csv
same_bytes chunk_text.csv sql_text.csv "logical types rendered by chunk --to csv and by SQL"

step "logical types in every --to form, in a record stream, and through an older reader"
printf 'trip,arrival_time,service_date,at\nt1,25:10:00,20240301,2024-03-01T12:00:00.5Z\nt2,8:05:00,2024-02-29,0\nt3,,,\n' >gtfs.csv
GT=arrival_time:time,service_date:date,at:timestamp:us
expect_exit 0 "$CHUNK" --types "$GT" --to tsv gtfs.csv
expect_stdout $'trip\tarrival_time\tservice_date\tat\nt1\t25:10:00\t2024-03-01\t2024-03-01T12:00:00.500000Z\nt2\t08:05:00\t2024-02-29\t1970-01-01T00:00:00.000000Z\nt3\t\\N\t\\N\t\\N\n'
expect_exit 0 "$CHUNK" --types "$GT" --to csv gtfs.csv
expect_stdout $'trip,arrival_time,service_date,at\nt1,25:10:00,2024-03-01,2024-03-01T12:00:00.500000Z\nt2,08:05:00,2024-02-29,1970-01-01T00:00:00.000000Z\nt3,,,\n'
expect_exit 0 "$CHUNK" --types "$GT" --to jsonl gtfs.csv
expect_stdout '{"trip":"t1","arrival_time":"25:10:00","service_date":"2024-03-01","at":"2024-03-01T12:00:00.500000Z"}
{"trip":"t2","arrival_time":"08:05:00","service_date":"2024-02-29","at":"1970-01-01T00:00:00.000000Z"}
{"trip":"t3","arrival_time":null,"service_date":null,"at":null}
'
"$CHUNK" --types "$GT" -o gtfs.rec gtfs.csv
expect_exit 0 "$CHUNK" --to csv gtfs.rec
expect_stdout $'trip,arrival_time,service_date,at\nt1,25:10:00,2024-03-01,2024-03-01T12:00:00.500000Z\nt2,08:05:00,2024-02-29,1970-01-01T00:00:00.000000Z\nt3,,,\n'
# Its own text output reads back into the same stream.
"$CHUNK" --to csv gtfs.rec | "$CHUNK" --format csv --table gtfs --types "$GT" -o again.rec -
"$CHUNK" --to jsonl again.rec >again.jsonl
"$CHUNK" --to jsonl gtfs.rec >gtfs.jsonl
same_bytes gtfs.jsonl again.jsonl "a stream read back from its own CSV"
# An older reader sees the integers and the annotation as plain metadata.
python3 "$RECPIPE_SOURCE_DIR/examples/recpipe.py" gtfs.rec >py.jsonl || fail "recpipe.py failed on logical types"
head -1 py.jsonl | grep -qF '"arrival_time": 90600' || head -1 py.jsonl | grep -qF '"arrival_time":90600' ||
  fail "recpipe.py should print the integer 90600: $(head -1 py.jsonl)"
head -1 py.jsonl | grep -qE '"service_date": ?19783' || fail "recpipe.py should print the integer 19783: $(head -1 py.jsonl)"
# merge -k compares them as numbers: 8:05:00 before 25:10:00 (as text, "8:05:00" would sort after).
if [[ -x $MERGE ]]; then
  printf 'trip,arrival_time\na,25:10:00\n' >m1.csv
  printf 'trip,arrival_time\nb,8:05:00\nc,26:00:00\n' >m2.csv
  "$CHUNK" --table t --types arrival_time:time -o m1.rec m1.csv
  "$CHUNK" --table t --types arrival_time:time -o m2.rec m2.csv
  expect_exit 0 "$MERGE" -k arrival_time --to csv m1.rec m2.rec
  expect_stdout $'trip,arrival_time\nb,08:05:00\na,25:10:00\nc,26:00:00\n'
fi

step "bad logical values are errors naming the file and line"
printf 'arrival_time\n25:10:00\n8:61:00\n' >bad_time.csv
expect_exit 1 "$CHUNK" --types arrival_time:time bad_time.csv -o out.rec
expect_stderr_contains "bad_time.csv:3: column 'arrival_time': '8:61:00' is not a valid time (H:MM:SS)"
printf 'd\n20230229\n' >bad_date.csv
expect_exit 1 "$CHUNK" --types d:date bad_date.csv -o out.rec
expect_stderr_contains "bad_date.csv:2: column 'd': '20230229' is not a valid date"
printf 't\n2024-03-01T12:00:00.1234Z\n' >bad_ts.csv
expect_exit 1 "$CHUNK" --types t:timestamp:ms bad_ts.csv -o out.rec
expect_stderr_contains "is not a valid timestamp:ms"
expect_exit 2 "$CHUNK" --types t:timestamp bad_ts.csv
expect_stderr_contains "timestamp needs a unit"
[[ ! -e out.rec ]] || fail "a failed run left out.rec"

step "-j1 and -j4 make the same database"
"$CHUNK" -j1 --types "$TYPES" --batch-size 4K -o j1.sqlite in.csv
"$CHUNK" -j4 --types "$TYPES" --batch-size 4K -o j4.sqlite in.csv
sqlite3 j1.sqlite .dump >j1.dump
sqlite3 j4.sqlite .dump >j4.dump
same_bytes j1.dump j4.dump "sqlite3 .dump of -j1 and -j4"
cmp -s j1.sqlite j4.sqlite || fail "the -j1 and -j4 database files differ in bytes (their dumps agree)"
[[ $(grep -c '^INSERT' j1.dump) == 3000 ]] || fail "the dump should hold 3000 rows"

step "a failing or interrupted run leaves no database and keeps an old one"
mkdir outdir
{ cat in.csv; echo '1,x,1,true,08:00:00,20240301,0,1,extra'; } >late_bad.csv
expect_exit 1 "$CHUNK" --types "$TYPES" late_bad.csv -o outdir/db.sqlite
expect_stderr_contains "late_bad.csv:"
[[ -z $(ls -A outdir) ]] || fail "a failed run left: $(ls -A outdir)"
cp db.sqlite outdir/old.sqlite
expect_exit 1 "$CHUNK" --types "$TYPES" late_bad.csv -o outdir/old.sqlite
cmp -s db.sqlite outdir/old.sqlite || fail "a failed run changed the existing database"
[[ $(ls -A outdir) == old.sqlite ]] || fail "a failed run over an old database left: $(ls -A outdir)"
mkfifo slow.fifo
"$CHUNK" --format csv -o outdir/int.sqlite - <slow.fifo &
pid=$!
exec 3>slow.fifo
head -100 in.csv >&3
for _ in $(seq 100); do
  compgen -G 'outdir/.int.sqlite*' >/dev/null && break
  sleep 0.05
done
kill -TERM $pid 2>/dev/null || true
rc=0
wait $pid || rc=$?
exec 3>&-
[[ $rc != 0 ]] || fail "chunk should not succeed when terminated"
[[ $(ls -A outdir) == old.sqlite ]] || fail "an interrupted run left: $(ls -A outdir)"

step "names with quotes and odd bytes"
printf '%s\n' 'a"b,select,x y;--,ü' '1,2,3,4' >odd.csv
expect_exit 0 "$CHUNK" --table $'we"ird\'; DROP TABLE x;\t' --types 'a"b:i32' -o odd.sqlite odd.csv
python3 - <<'PY' || fail "odd names (above)"
import sqlite3, sys
db = sqlite3.connect("file:odd.sqlite?mode=ro", uri=True)
tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
if tables != ["we\"ird'; DROP TABLE x;\t"]:
    sys.exit("tables %r" % tables)
cols = [(r[1], r[2]) for r in db.execute("PRAGMA table_info(%s)" % ('"' + tables[0].replace('"', '""') + '"'))]
if cols != [('a"b', "INTEGER"), ("select", "TEXT"), ("x y;--", "TEXT"), ("ü", "TEXT")]:
    sys.exit("columns %r" % cols)
PY

step "standard output and devices are refused; --to and the name agree"
expect_exit 2 "$CHUNK" --to sqlite in.csv
expect_stderr_contains "chunk: error: --to sqlite writes a database file, not standard output: give -o NAME"
expect_exit 2 "$CHUNK" --to sqlite -o - in.csv
expect_exit 1 "$CHUNK" --to sqlite -o /dev/null in.csv
expect_stderr_contains "/dev/null: an SQLite database is written to a regular file"
expect_exit 0 "$CHUNK" --to sqlite -o plain.db gtfs.csv
[[ $(sqlite3 plain.db 'SELECT count(*) FROM gtfs') == 3 ]] || fail "--to sqlite -o plain.db"
expect_exit 0 "$CHUNK" --to csv -o text.sqlite gtfs.csv
head -1 text.sqlite | grep -qx 'trip,arrival_time,service_date,at' || fail "--to csv wins over the .sqlite name"

step "merge --partition-by: one database per partition"
if [[ -x $MERGE ]]; then
  expect_exit 0 "$MERGE" --partition-by trip -o 'part_{trip}.sqlite' gtfs.rec
  for t in t1 t2 t3; do
    [[ $(sqlite3 "part_$t.sqlite" 'SELECT count(*) FROM gtfs') == 1 ]] || fail "part_$t.sqlite"
  done
fi
finish
