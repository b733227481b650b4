#!/usr/bin/env bash
# merge --partition-by FIELD:hour|day|month[:UNIT]: one output per UTC period of a time field, each equal to
# Python's split (datetime's proleptic Gregorian calendar) of the merged TSV. The same instants as a timestamp
# (unit from the schema) and as plain integers of s, ms and ns make the same files; boundaries (23:59:59.999 vs
# 00:00), times before 1970, leap days, month ends, the years 0000 and 9999; -j1 and -j4 alike; the errors leave
# no partition behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need_commands MERGE
export LC_ALL=C

# id, at (timestamp:ms), ms, s and ns (plain i64: the same instant), u (u32 seconds or empty), day (date).
python3 - <<'PY'
import random
from datetime import date, timedelta
rnd = random.Random(14)
D, H = 86400000, 3600000
edges = [0, -1, 1, -D, -H, -H - 1]
for day_ms in [1709164800000, 1709251200000, 951868800000, 4107542400000, 1704067200000, 1711929600000]:
    # 2024-02-29, 2024-03-01 (after a leap day), 2000-03-01, 2100-03-01 (2100 has no 29 Feb), 2024-01-01, 2024-04-01
    edges += [day_ms - 1, day_ms, day_ms + H - 1, day_ms + H]
# 36 hours from 2024-02-29T00
values = edges + [rnd.randrange(1709164800000, 1709164800000 + 36 * H) for _ in range(3000)]
with open("in.csv", "w") as f:
    f.write("id,at,ms,s,ns,u,day\n")
    for i, ms in enumerate(values):
        s = ms // 1000
        u = str(s) if 0 <= s < 2**32 else ""
        day = (date(1970, 1, 1) + timedelta(days=ms // D)).isoformat()
        f.write("%d,%d,%d,%d,%d,%s,%s\n" % (i, ms, ms, s, ms * 1000000 + rnd.randrange(1000000), u, day))
PY
"$CHUNK" --table ev --types id:i64,at:timestamp:ms,ms:i64,s:i64,ns:i64,u:u32,day:date --batch-size 4k in.csv -o in.rec
"$CHUNK" --to tsv in.rec | tail -n +2 >in.body
header=$("$CHUNK" --to tsv in.rec | head -n 1)

# want DIR PERIOD: Python's split of in.body by the UTC period of column ms (3) into DIR/NAME.tsv.
want() {
  python3 - "$1" "$2" "$header" <<'PY'
import os, sys
from datetime import date, timedelta
out, period, header = sys.argv[1:]
os.mkdir(out)
files = {}
for line in open("in.body"):
    ms = int(line.split("\t")[2])
    d = date(1970, 1, 1) + timedelta(days=ms // 86400000)
    name = {"day": d.isoformat(), "month": d.isoformat()[:7],
            "hour": "%sT%02d" % (d.isoformat(), ms // 3600000 % 24)}[period]
    if name not in files:
        files[name] = open(os.path.join(out, name + ".tsv"), "w")
        files[name].write(header + "\n")
    files[name].write(line)
PY
}
same_dirs() {
  [[ $(cd "$1" && ls) == $(cd "$2" && ls) ]] || fail "$3: files differ: want $(cd "$1" && ls | head | tr '\n' ' ')..., got $(cd "$2" && ls | head | tr '\n' ' ')..."
  local f
  for f in "$1"/*; do same_bytes "$f" "$2/${f##*/}" "$3: ${f##*/}"; done
}

for period in day hour month; do
  step "at:$period (a timestamp:ms) against Python's split"
  want "want_$period" "$period"
  mkdir "got_$period"
  expect_exit 0 "$MERGE" --partition-by "at:$period" --to tsv -o "got_$period/{at}.tsv" in.rec
  same_dirs "want_$period" "got_$period" "--partition-by at:$period"
done
[[ -f got_day/2024-02-29.tsv && -f got_day/1969-12-31.tsv && -f got_hour/1969-12-31T23.tsv && -f got_month/2000-02.tsv ]] ||
  fail "expected names missing: $(ls got_day | head -3)"
[[ $(grep -c . got_day/1970-01-01.tsv) -ge 3 ]] || fail "1970-01-01 should hold 0, 1 and the hour after"
# 23:59:59.999 on the leap day and 00:00:00.000 after it, as chunk renders them, in their own days.
grep -q $'\t2024-02-29T23:59:59.999Z\t' got_day/2024-02-29.tsv || fail "23:59:59.999 is not in 2024-02-29"
grep -q $'\t2024-03-01T00:00:00.000Z\t' got_day/2024-03-01.tsv || fail "00:00:00.000 is not in 2024-03-01"
grep -q $'\t2100-02-28T23:59:59.999Z\t' got_month/2100-02.tsv || fail "2100-02-28T23:59:59.999 is not in 2100-02"
grep -q $'\t1969-12-31T23:59:59.999Z\t' got_hour/1969-12-31T23.tsv || fail "-1 ms is not in 1969-12-31T23"

step "the same instants as plain integers of s, ms and ns, a date field: the same partitions"
for spec in ms:day:ms s:day:s ns:day:ns day:day; do
  f=${spec%%:*}
  mkdir "by_$f"
  expect_exit 0 "$MERGE" --partition-by "$spec" --to tsv -o "by_$f/{$f}.tsv" in.rec
  same_dirs want_day "by_$f" "--partition-by $spec"
done
mkdir got_dmonth
expect_exit 0 "$MERGE" --partition-by day:month --to tsv -o "got_dmonth/{day}.tsv" in.rec
same_dirs want_month got_dmonth "--partition-by day:month (a date)"

step "a u32 of seconds with nulls: %null and the days of the others"
mkdir got_u
expect_exit 0 "$MERGE" --partition-by u:day:s -o "got_u/{u}.rec" in.rec
[[ -f got_u/%null.rec ]] || fail "no %null partition: $(ls got_u | head -3)"
for f in got_u/19*.rec got_u/20*.rec; do
  cmp -s <("$CHUNK" --to tsv "$f" | tail -n +2) <(tail -n +2 "want_day/$(basename "$f" .rec).tsv" | awk -F'\t' '$6 != "\\N"') ||
    fail "$f: not the records of its day with a u"
done

step "with -k, -j1 and -j4 write the same bytes"
for j in 1 4; do
  mkdir "k$j"
  "$CHUNK" --table ev --to rec in.rec | expect_exit 0 "$MERGE" -j$j -k id --batch-size 1k --partition-by at:month \
    -o "k$j/{at}.rec" -
done
for f in k1/*; do same_bytes "$f" "k4/${f##*/}" "-j1 and -j4: ${f##*/}"; done
[[ $(ls k1 | wc -l) == $(ls want_month | wc -l) ]] || fail "-k: not one file per month"

step "the years 0000 and 9999, and instants outside them"
printf 's\n-62167219200\n253402300799\n-1\n' >far.csv
"$CHUNK" --types s:i64 far.csv -o far.rec
mkdir far
expect_exit 0 "$MERGE" --partition-by s:hour:s -o 'far/{s}.rec' far.rec
[[ $(cd far && ls | tr '\n' ' ') == "0000-01-01T00.rec 1969-12-31T23.rec 9999-12-31T23.rec " ]] || fail "far: $(ls far)"
mkdir fails
printf 's\n0\n253402300800\n' >after.csv
"$CHUNK" --types s:i64 after.csv -o after.rec
expect_exit 1 "$MERGE" --partition-by s:month:s -o 'fails/{s}.rec' after.rec
expect_stderr_contains "merge: error: table 'after', record 2 of the merged output: field 's': 253402300800 (s) is outside the years 0000 to 9999"
printf 's\n0\n18446744073709551615\n' >u64.csv
"$CHUNK" --types s:u64 u64.csv -o u64.rec
expect_exit 1 "$MERGE" --partition-by s:day:ns -o 'fails/{s}.rec' u64.rec
expect_stderr_contains "field 's': 18446744073709551615 (ns) is outside the years 0000 to 9999"

step "fields that are no time, and usage errors; nothing left behind"
expect_exit 2 "$MERGE" --partition-by ms:day -o 'fails/{ms}.rec' in.rec
expect_stderr_contains "merge: error: in.rec: table 'ev': field 'ms' is a plain integer (i64): declare what it counts since 1970-01-01T00:00:00Z, as in --partition-by ms:day:s (or :ms, :us, :ns)"
expect_exit 2 "$MERGE" --partition-by at:day:s -o 'fails/{at}.rec' in.rec
expect_stderr_contains "field 'at' is a timestamp:ms, whose unit its schema gives: leave out :s"
expect_exit 1 "$MERGE" --partition-by day:hour -o 'fails/{day}.rec' in.rec
expect_stderr_contains "field 'day' is a date, which has no hours"
printf 'name,t\nx,10:00:00\n' >str.csv
"$CHUNK" --types t:time str.csv -o str.rec
expect_exit 1 "$MERGE" --partition-by name:day:s -o 'fails/{name}.rec' str.rec
expect_stderr_contains "field 'name' is string, not a timestamp or an integer (--partition-by name:day:s)"
expect_exit 1 "$MERGE" --partition-by t:day -o 'fails/{t}.rec' str.rec
expect_stderr_contains "field 't' is a time of day, not an instant"
expect_exit 1 "$MERGE" --partition-by at:hour --max-partitions 10 -o 'fails/{at}.rec' in.rec
expect_stderr_contains "merge: error: field 'at' has more than 10 periods (--max-partitions)"
for spec in at:week at:day:m at:day:s:x :day at: at:hour:; do
  expect_exit 2 "$MERGE" --partition-by "$spec" -o 'fails/{at}.rec' in.rec
  expect_stderr_contains "merge: error: --partition-by $spec: expected FIELD, FIELD:PERIOD or FIELD:PERIOD:UNIT"
done
expect_exit 2 "$MERGE" --partition-by at:day -o 'fails/{at:day}.rec' in.rec
expect_stderr_contains "--partition-by at:day needs -o with {at} in the file name"
[[ -z $(ls -A fails) ]] || fail "failed runs left files: $(ls -A fails)"

finish
