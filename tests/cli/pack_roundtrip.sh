#!/usr/bin/env bash
# pack: every codec and level bound round-trips every table shape (fixed-width events, strings, nulls, an empty
# table, input from a pipe), record for record; -j1 and -j4 write the same container; a container is accepted
# wherever a stream is (chunk, dedupe, pack itself); several tables; pack -d of a plain stream passes it through; --list and
# --test describe and check it; usage errors exit 2.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
PACK=$RECPIPE_BIN/../pack/pack
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe
[[ -x $PACK ]] || fail "no pack executable at $PACK"

# events.csv: 20000 event-like rows (t rising, x, y, p); mixed.csv: strings with commas and quotes, and nulls.
python3 - <<'PY'
import random
rnd = random.Random(5)
with open("events.csv", "w") as f:
    f.write("t,x,y,p\n")
    t = 1_000_000
    for i in range(20000):
        t += rnd.randrange(0, 40)
        f.write("%d,%d,%d,%d\n" % (t, rnd.randrange(1280), rnd.randrange(720), rnd.randrange(2)))
with open("mixed.csv", "w") as f:
    f.write("id,name,score,when\n")
    for i in range(3000):
        name = rnd.choice(["alpha", "b,c", 'q"uote', "", "long " * rnd.randrange(20)])
        score = "" if rnd.random() < 0.2 else str(rnd.randrange(-10**12, 10**12))
        when = "" if rnd.random() < 0.1 else "%.3f" % (rnd.random() * 1e6)
        f.write('%d,"%s",%s,%s\n' % (i, name.replace('"', '""'), score, when))
PY
"$CHUNK" --format csv --types t:i64,x:u16,y:u16,p:i8 --table events events.csv -o events.rec
"$CHUNK" --format csv --types id:u32,name:string,score:i64,when:f64 --table mixed mixed.csv -o mixed.rec
: > empty.csv
"$CHUNK" --format csv empty.csv -o empty.rec
"$CHUNK" --format csv "$RECPIPE_SOURCE_DIR/examples/stop_times.csv" -o strings.rec

for input in events mixed empty strings; do
  "$CHUNK" $input.rec --to tsv > $input.tsv
  for codec in zstd:1 zstd:3 zstd:19 xz:0 xz:6 gzip:1 gzip:9 none:0; do
    c=${codec%:*} l=${codec#*:}
    step "$input, -c $c -l $l, block size 4k"
    "$PACK" -c "$c" -l "$l" --block-size 4k $input.rec -o $input.$c.rpk || fail "pack -c $c -l $l $input"
    "$PACK" -d $input.$c.rpk --to tsv > back.tsv || fail "pack -d $input.$c.rpk"
    cmp -s back.tsv $input.tsv || fail "$input with $c -l $l does not round-trip"
    "$PACK" --test $input.$c.rpk || fail "pack --test refuses a sound $input.$c.rpk"
  done
done

step "several tables in one container (merge puts two tables in one stream)"
MERGE=$RECPIPE_BIN/../merge/merge
"$MERGE" events.rec mixed.rec -o two.rec
"$PACK" --block-size 4k two.rec -o two.rpk
"$PACK" -d two.rpk --to tsv | cmp -s - <("$CHUNK" two.rec --to tsv) || fail "two tables do not round-trip"
"$PACK" -d two.rpk --table mixed --to tsv | cmp -s - mixed.tsv || fail "--table mixed of two tables"
"$PACK" --list two.rpk | grep -c '^table ' | grep -qx 2 || fail "--list shows $("$PACK" --list two.rpk)"
expect_exit 2 "$PACK" -d two.rpk --records 1:2
expect_stderr_contains "name it with --table"

step "the records come back byte for byte (one batch per block when the block size matches the batches)"
"$CHUNK" events.rec --batch-size 64k -o events64k.rec
"$PACK" --block-size 64k events64k.rec -o e64.rpk
"$PACK" -d e64.rpk -o e64.rec
cmp e64.rec events64k.rec || fail "pack -d does not restore the stream's bytes"

step "-j1 and -j4 write the same container, and unpack to the same bytes"
"$PACK" -j1 --block-size 8k mixed.rec -o j1.rpk
"$PACK" -j4 --block-size 8k mixed.rec -o j4.rpk
cmp j1.rpk j4.rpk || fail "pack -j1 and -j4 differ"
cmp <("$PACK" -j1 -d j1.rpk) <("$PACK" -j4 -d j1.rpk) || fail "pack -d -j1 and -j4 differ"

step "pipes: stream in from stdin, container out to stdout, and unpacked from stdin (no index)"
cat events.rec | "$PACK" --block-size 16k | cat > piped.rpk
cat piped.rpk | "$PACK" -d --to tsv | cmp -s - events.tsv || fail "a container through pipes does not round-trip"
cat piped.rpk | "$PACK" -d --to tsv --table events --records 100:200 | tail -n +2 > slice.tsv
sed -n 102,201p events.tsv | cmp -s - slice.tsv || fail "--records from a pipe is not the slice"

step "containers go wherever streams go: chunk, dedupe and pack read them"
"$CHUNK" events.zstd.rpk --to tsv | cmp -s - events.tsv || fail "chunk does not read a container"
"$DEDUPE" -k x events.zstd.rpk --to tsv > d1.tsv
"$DEDUPE" -k x events.rec --to tsv > d2.tsv
cmp -s d1.tsv d2.tsv || fail "dedupe reads a container differently from the stream"
"$PACK" -c xz events.zstd.rpk -o repacked.rpk
"$PACK" -d repacked.rpk --to tsv | cmp -s - events.tsv || fail "repacking a container loses records"

step "pack -d of a plain stream passes it through (with a selection too)"
"$PACK" -d events.rec --to tsv | cmp -s - events.tsv || fail "pack -d of a stream"
"$PACK" -d events.rec --records 5:8 --to tsv | tail -n +2 | cmp -s - <(sed -n 7,9p events.tsv) ||
  fail "pack -d --records on a stream"

step "pack -d of a plain stream whose second table is announced after the first one's batches keeps both"
need_commands MERGE
"$MERGE" events.rec mixed.rec -o two.rec  # the schema of mixed comes after the batches of events
"$CHUNK" two.rec --to tsv >two.tsv
"$PACK" -d two.rec --to tsv | cmp -s - two.tsv || fail "pack -d of a stream drops a table announced late"
"$PACK" -d --table mixed two.rec --to tsv | cmp -s - <("$CHUNK" mixed.rec --to tsv) ||
  fail "pack -d --table of a table announced late in a stream"
expect_exit 2 "$PACK" -d --table nope two.rec
expect_stderr_contains "no table 'nope'"

step "--list names the table, fields, blocks and ratio; -v lists every block"
"$PACK" --list mixed.zstd.rpk > list.txt
grep -q "table mixed: 3000 records" list.txt || fail "--list: $(cat list.txt)"
grep -qF "fields: id:u32? name:string score:i64? when:f64?" list.txt || fail "--list fields: $(cat list.txt)"
blocks=$("$PACK" --list -v events.zstd.rpk | awk -F'\t' '$2 == "events"' | wc -l)
[[ $blocks -gt 50 ]] || fail "--list -v shows $blocks blocks"

step "usage errors exit 2"
expect_exit 2 "$PACK" -c lz4 events.rec -o x.rpk
expect_exit 2 "$PACK" -c zstd -l 30 events.rec -o x.rpk
expect_exit 2 "$PACK" --records 1:2 events.rec -o x.rpk
expect_exit 2 "$PACK" --index-field t, events.rec -o x.rpk
expect_stderr_contains "--index-field: an empty field name"
expect_exit 2 "$PACK" -d --list events.zstd.rpk
expect_exit 2 "$PACK" -d --where t=1:2:3 events.zstd.rpk
expect_exit 2 "$PACK" -d --table nope events.zstd.rpk
expect_exit 2 "$PACK" -d --where nope=1:2 events.zstd.rpk
expect_exit 2 "$PACK" -d --where name=1:2 --table mixed mixed.zstd.rpk
[[ ! -e x.rpk ]] || fail "a refused run left x.rpk"
finish
