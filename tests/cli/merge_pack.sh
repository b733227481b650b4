#!/usr/bin/env bash
# merge with pack containers: containers and streams mixed as inputs; containers concatenated into a container of
# their codec by copying blocks (same records as unpacking, concatenating and repacking; a new, sound index; table
# ids and record numbers renumbered); -c picks the output codec; -o NAME.rpk and partitions named *.rpk are
# containers; a schema conflict names both inputs and a damaged input leaves no output.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
MERGE=$RECPIPE_BIN/../merge/merge
PACK=$RECPIPE_BIN/../pack/pack
[[ -x $MERGE && -x $PACK ]] || fail "no merge or pack executable beside $CHUNK"
export LC_ALL=C

python3 - <<'PY'
import random
rnd = random.Random(3)
for part in range(3):
    with open("p%d.csv" % part, "w") as f:
        f.write("t,day,v\n")
        t = part * 1000000
        for i in range(4000):
            t += rnd.randrange(50)
            f.write("%d,2026-11-%02d,%s\n" % (t, 20 + rnd.randrange(3), rnd.choice(["a", "bb", "", "\"c,d\""])))
PY
for p in 0 1 2; do
  "$CHUNK" --format csv --types t:i64 --table ev p$p.csv -o p$p.rec
  "$PACK" --block-size 8k p$p.rec -o p$p.rpk
  "$CHUNK" p$p.rec --to tsv > p$p.tsv
done
{ cat p0.tsv; tail -n +2 p1.tsv; tail -n +2 p2.tsv; } > all.tsv

step "containers and streams mixed: the same records as the streams"
"$MERGE" p0.rpk p1.rec p2.rpk --to tsv | cmp -s - all.tsv || fail "merge of mixed inputs"
"$MERGE" -k t p2.rpk p0.rec p1.rpk --to tsv | cmp -s - all.tsv || fail "merge -k of mixed inputs"

step "containers into a container: blocks copied, records and index sound"
"$MERGE" p0.rpk p1.rpk p2.rpk -o all.rpk --stats stats.json
"$PACK" --test all.rpk || fail "the joined container does not pass pack --test"
"$PACK" -d all.rpk --to tsv | cmp -s - all.tsv || fail "the joined container's records"
# Copied, not recompressed: the blocks are those of the inputs, byte for byte after their frame headers.
blocks_in=$(for p in 0 1 2; do "$PACK" --list -v p$p.rpk | awk -F'\t' '$1 ~ /^[0-9]+$/' ; done | wc -l)
blocks_out=$("$PACK" --list -v all.rpk | awk -F'\t' '$1 ~ /^[0-9]+$/' | wc -l)
[[ $blocks_in == "$blocks_out" ]] || fail "$blocks_in blocks in, $blocks_out out"
"$PACK" --list -v all.rpk | awk -F'\t' '$1 ~ /^[0-9]+$/ {print $4, $6}' > out_sizes
for p in 0 1 2; do "$PACK" --list -v p$p.rpk | awk -F'\t' '$1 ~ /^[0-9]+$/ {print $4, $6}'; done > in_sizes
cmp -s in_sizes out_sizes || fail "block sizes changed: the blocks were not copied"
# Record numbers continue across inputs: a slice across the join is right.
"$PACK" -d all.rpk --records 3990:4010 --to tsv | tail -n +2 | cmp -s - <(sed -n 3992,4011p all.tsv) ||
  fail "--records across the join of two inputs"

step "-c xz: a container of another codec is recompressed, not copied"
"$MERGE" -c xz p0.rpk p1.rpk -o x.out
"$PACK" --list x.out | head -1 | grep -q "(xz)" || fail "merge -c xz: $("$PACK" --list x.out | head -1)"
"$PACK" -d x.out --to tsv | cmp -s - <({ cat p0.tsv; tail -n +2 p1.tsv; }) || fail "merge -c xz records"

step "a schema conflict names both inputs; a damaged input leaves no output"
"$CHUNK" --format csv --table ev p0.csv -o untyped.rec
"$PACK" untyped.rec -o untyped.rpk
expect_exit 1 "$MERGE" p0.rpk untyped.rpk -o bad.rpk
expect_stderr_contains "untyped.rpk: table 'ev' has other fields than in p0.rpk"
python3 -c "
b = bytearray(open('p1.rpk', 'rb').read()); b[len(b) // 2] ^= 4
open('dam.rpk', 'wb').write(b)"
expect_exit 1 "$MERGE" p0.rpk dam.rpk -o bad.rpk
expect_stderr_contains "dam.rpk: byte"
[[ ! -e bad.rpk ]] || fail "a failed merge left bad.rpk"

step "partitions named *.rpk are containers, one per day"
mkdir parts
"$MERGE" --partition-by day p0.rpk p1.rpk p2.rpk -o 'parts/{day}.rpk'
for f in parts/*.rpk; do
  "$PACK" --test "$f" || fail "$f is not a sound container"
  day=$(basename "$f" .rpk)
  "$PACK" -d "$f" --to tsv | tail -n +2 | cmp -s - <(awk -F'\t' -v d="$day" 'NR > 1 && $2 == d' all.tsv) ||
    fail "partition $day"
done
[[ $(ls parts | wc -l) == 3 ]] || fail "partitions: $(ls parts)"
finish
