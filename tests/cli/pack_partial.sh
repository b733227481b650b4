#!/usr/bin/env bash
# pack -d loads part of a container: --records, --blocks and --where give exactly the same records as the same
# slice or filter of a full load (checked with sed and awk on the TSV), for sorted and unsorted fields, signed and
# unsigned, open and closed ranges; and, through the index, a load of 1% of the records reads under 5% of the file
# (bytes_in of --stats).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need awk sed
PACK=$RECPIPE_BIN/../pack/pack
[[ -x $PACK ]] || fail "no pack executable at $PACK"

python3 - <<'PY'
import random
rnd = random.Random(11)
with open("events.csv", "w") as f:
    f.write("t,x,y,p,d\n")
    t = 5_000_000
    for i in range(200000):
        t += rnd.randrange(0, 30)
        d = "" if rnd.random() < 0.05 else str(rnd.randrange(-500, 500))
        f.write("%d,%d,%d,%d,%s\n" % (t, rnd.randrange(1280), rnd.randrange(720), rnd.randrange(2), d))
PY
"$CHUNK" --format csv --types t:i64,x:u16,y:u16,p:i8,d:i32 --table events events.csv -o events.rec
"$PACK" --block-size 16k events.rec -o events.rpk
"$CHUNK" events.rec --to tsv | tail -n +2 > all.tsv
size=$(stat -c %s events.rpk)

# load ARGS...: the records pack -d selects, as TSV without its header; bytes read go to $bytes_in.
load() {
  "$PACK" -d events.rpk --to tsv --stats stats.json "$@" | tail -n +2
  bytes_in=$(python3 -c 'import json; print(json.load(open("stats.json"))["bytes_in"])')
}

step "--records A:B is records A to B-1, and reads under 5% of the file for 1% of the records"
load --records 100000:102000 > got.tsv
sed -n 100001,102000p all.tsv | cmp -s - got.tsv || fail "--records 100000:102000 is not that slice"
python3 -c "import sys; sys.exit(0 if $bytes_in < 0.05 * $size else 1)" ||
  fail "--records read $bytes_in of $size bytes"
echo "   read $bytes_in of $size bytes"
load --records :10 > got.tsv
head -n 10 all.tsv | cmp -s - got.tsv || fail "--records :10"
load --records 199995: > got.tsv
tail -n 5 all.tsv | cmp -s - got.tsv || fail "--records 199995:"
load --records 300000:400000 > got.tsv
[[ ! -s got.tsv ]] || fail "--records past the end selects records"

step "--where on the sorted field t reads only the blocks of the window"
lo=$(sed -n 150000p all.tsv | cut -f1)
hi=$(sed -n 152000p all.tsv | cut -f1)
load --where "t=$lo:$hi" > got.tsv
awk -F'\t' -v lo="$lo" -v hi="$hi" '$1 >= lo && $1 < hi' all.tsv | cmp -s - got.tsv || fail "--where t=$lo:$hi"
python3 -c "import sys; sys.exit(0 if $bytes_in < 0.05 * $size else 1)" || fail "--where read $bytes_in of $size bytes"
echo "   read $bytes_in of $size bytes"

step "--where on unsorted, signed and nullable fields is exact"
load --where x=100:110 > got.tsv
awk -F'\t' '$2 >= 100 && $2 < 110' all.tsv | cmp -s - got.tsv || fail "--where x=100:110"
load --where x=1279 > got.tsv
awk -F'\t' '$2 == 1279' all.tsv | cmp -s - got.tsv || fail "--where x=1279"
load --where d=-20:-10 > got.tsv
awk -F'\t' '$5 != "" && $5 >= -20 && $5 < -10' all.tsv | cmp -s - got.tsv || fail "--where d=-20:-10"
load --where d=:-490 > got.tsv
awk -F'\t' '$5 != "" && $5 < -490' all.tsv | cmp -s - got.tsv || fail "--where d=:-490"
load --where x=-5:3 > got.tsv
awk -F'\t' '$2 < 3' all.tsv | cmp -s - got.tsv || fail "--where x=-5:3 on an unsigned field"
load --where x=:0 > got.tsv
[[ ! -s got.tsv ]] || fail "--where x=:0 selects records of an unsigned field"

step "--where and --records together"
load --records 1000:50000 --where p=1 > got.tsv
sed -n 1001,50000p all.tsv | awk -F'\t' '$4 == 1' | cmp -s - got.tsv || fail "--records with --where"

step "--blocks I:J are the blocks --list -v numbers"
"$PACK" --list -v events.rpk | awk -F'\t' '$1 == 3 || $1 == 4 {n += $4} $1 == 3 {first = $3} END {print first, n}' > b.txt
read -r first n < b.txt
load --blocks 3:5 > got.tsv
sed -n "$((first + 1)),$((first + n))p" all.tsv | cmp -s - got.tsv || fail "--blocks 3:5 (records $first +$n)"
finish
