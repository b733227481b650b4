#!/usr/bin/env bash
# chunk on real GTFS feeds from ../shared/data/gtfs (skipped where that folder is absent): for plain, BOM,
# CR LF + quotes (from a zip) and Latin-1 files, chunk --format csv reads the same rows as python's csv module,
# typed stop_times columns parse, -j1 and -j2 give identical streams, and a feed with a ragged row fails at the
# right line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
find_shared_data
GTFS=$SHARED/gtfs
[[ -d $GTFS ]] || skip "../shared/data/gtfs not found"

# compare_with_python FILE ENCODING: chunk's records (all strings) equal csv.DictReader's rows; prints the count.
compare_with_python() {
  "$CHUNK" --format csv --to jsonl "$1" >records.jsonl || fail "chunk --format csv $1 failed"
  python3 - "$1" "$2" <<'PY' || fail "chunk and python's csv module read $1 differently (see above)"
import csv, json, sys
path, encoding = sys.argv[1], sys.argv[2]
with open(path, newline="", encoding=encoding) as f:
    want = [row for row in csv.DictReader(f)]
# chunk writes the text's bytes as they are (escaping only ASCII), so its output has the file's encoding.
with open("records.jsonl", encoding="utf-8" if encoding.startswith("utf-8") else encoding) as f:
    got = [json.loads(line) for line in f]
print("   %s: %d rows (python), %d records (chunk)" % (path.split("/gtfs/")[-1], len(want), len(got)))
if len(want) != len(got):
    sys.exit("row counts differ")
for i, (w, g) in enumerate(zip(want, got)):
    if w != g:
        sys.exit("row %d differs:\n  python %r\n  chunk  %r" % (i + 1, w, g))
PY
}

step "plain feeds"
for f in pt_seattle-area-2017-11-16/stop_times.txt pt_amazon-2017-08-06/stop_times.txt; do
  [[ -f $GTFS/$f ]] || fail "$GTFS/$f is missing"
  compare_with_python "$GTFS/$f" utf-8
done
cp "$GTFS/pt_seattle-area-2017-11-16/stop_times.txt" seattle_stop_times.txt
expect_exit 0 "$CHUNK" --format csv --types stop_sequence:u32,shape_dist_traveled:f64,pickup_type:u8,drop_off_type:u8 \
  --to jsonl seattle_stop_times.txt
[[ $(count_lines out) == 57205 ]] || fail "seattle stop_times: $(count_lines out) typed records, not 57205"
head -1 out | grep -q '^{"trip_id":"34761785","arrival_time":"05:39:00",.*"stop_sequence":1,.*"shape_dist_traveled":0}$' ||
  fail "typed seattle record: $(head -1 out)"

step "-j1 and -j2 give the same stream"
for f in seattle_stop_times.txt "$GTFS/pt_region-nord-v2/stop_times.txt"; do
  "$CHUNK" -j1 --format csv --batch-size 64k --types stop_sequence:u32 "$f" >j1.rec
  "$CHUNK" -j2 --format csv --batch-size 64k --types stop_sequence:u32 "$f" >j2.rec
  same_bytes j1.rec j2.rec "chunk -j1 and -j2 on $f"
done

step "byte-order mark (pt_caltrain shapes.txt)"
f=$GTFS/pt_caltrain-2017-07-24/shapes.txt
head -c 3 "$f" | od -An -tx1 | grep -q 'ef bb bf' || fail "$f should start with a byte-order mark"
compare_with_python "$f" utf-8-sig
expect_exit 0 "$CHUNK" --format csv --types shape_pt_lat:f64,shape_pt_lon:f64,shape_pt_sequence:u32 --to csv "$f"
[[ $(head -1 out) == "$(head -1 "$f" | tail -c +4 | tr -d '\r')" ]] || fail "header of $f: $(head -1 out | od -c | head -2)"

step "byte-order mark, CR LF and quotes (tl_cdmx, from its zip)"
python3 - "$GTFS/tl_cdmx/cdmx.zip" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for name in ("stops.txt", "trips.txt", "stop_times.txt"):
    open("cdmx_" + name, "wb").write(z.read(name))
PY
for name in stops trips stop_times; do
  grep -q $'\r$' cdmx_$name.txt || fail "cdmx_$name.txt should have CR LF line ends"
  compare_with_python cdmx_$name.txt utf-8-sig
done
if command -v gzip >/dev/null 2>&1; then
  gzip -c cdmx_stops.txt >cdmx_stops.txt.gz
  "$CHUNK" --format csv --to jsonl cdmx_stops.txt >plain.jsonl
  expect_exit 0 "$CHUNK" --format csv --to jsonl cdmx_stops.txt.gz
  same_bytes plain.jsonl out "cdmx stops.txt compressed and not"
fi
"$CHUNK" -j1 --format csv --batch-size 64k cdmx_stop_times.txt >j1.rec
"$CHUNK" -j2 --format csv --batch-size 64k cdmx_stop_times.txt >j2.rec
same_bytes j1.rec j2.rec "chunk -j1 and -j2 on cdmx stop_times.txt"

step "Latin-1 text passes through as bytes (pt_region-nord-v2 stops.txt)"
compare_with_python "$GTFS/pt_region-nord-v2/stops.txt" latin-1

step "a ragged row fails at its line (google_sample stop_times.txt)"
python3 - "$GTFS/google_sample/sample-feed-1.zip" <<'PY'
import csv, io, sys, zipfile
data = zipfile.ZipFile(sys.argv[1]).read("stop_times.txt")
open("google_stop_times.txt", "wb").write(data)
rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
bad = next(i for i, r in enumerate(rows) if len(r) != len(rows[0]))
# no quoted newlines in this file, so the row index is the line index
good = sum(1 for r in rows[1:] if r and len(r) == len(rows[0]))
nbad = sum(1 for r in rows[1:] if r and len(r) != len(rows[0]))
open("ragged_line", "w").write("%d %d %d %d %d\n" % (bad + 1, len(rows[0]), len(rows[bad]), good, nbad))
PY
read -r line want found good nbad <ragged_line
expect_exit 1 "$CHUNK" --format csv google_stop_times.txt
expect_stderr_contains "chunk: error: google_stop_times.txt:$line: expected $want fields, found $found"
expect_exit 0 "$CHUNK" --format csv --max-errors $nbad -q --to jsonl google_stop_times.txt
[[ $(count_lines out) == "$good" ]] || fail "with --max-errors $nbad, the $good good rows, not $(count_lines out)"

finish
