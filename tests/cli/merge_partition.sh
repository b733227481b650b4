#!/usr/bin/env bash
# merge --partition-by: one output per value of a field, each equal to awk's split of the merged TSV; with -k
# each partition is in key order; names made safe (/, %, a leading dot, empty, null); -j1 and -j4 write the same
# files; a failing run (an input cut short, too many values, a second table) leaves no partition file at all.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need awk sort

MERGE=$RECPIPE_BIN/../merge/merge
[[ -x $MERGE ]] || fail "no merge executable at $MERGE"
export LC_ALL=C

# Two inputs of ts (i64, sorted), day (string: a date), n (i32, nullable); 20 days.
python3 - <<'PY'
import random
rnd = random.Random(5)
for i, count in enumerate([2500, 1800]):
    with open("in%d.csv" % i, "w") as f:
        f.write("ts,day,n\n")
        ts = -1000
        for _ in range(count):
            ts += rnd.randint(0, 3)
            n = rnd.choice(["", "1", "-7", "42"])
            f.write("%d,2026-11-%02d,%s\n" % (ts, rnd.randint(1, 20), n))
PY
for i in 0 1; do
  "$CHUNK" --table ev --types ts:i64,n:i32 --batch-size 2k "in$i.csv" -o "in$i.rec"
done
"$CHUNK" --to tsv in0.rec | tail -n +2 >in0.body
"$CHUNK" --to tsv in1.rec | tail -n +2 >in1.body
header=$'ts\tday\tn'

# want DIR BODY FIELD_NUMBER: awk's split of BODY by a field into DIR/VALUE.tsv, each with the header.
want() {
  mkdir -p "$1"
  awk -F'\t' -v d="$1" -v f="$3" -v h="$header" '{ v = $f; if (v == "\\N") v = "%null"
    out = d "/" v ".tsv"; if (!(out in seen)) { print h > out; seen[out] = 1 } print > out }' "$2"
}
# same_dirs WANT GOT WHAT: the same file names with the same bytes.
same_dirs() {
  [[ $(cd "$1" && ls) == $(cd "$2" && ls) ]] || fail "$3: files differ: want $(cd "$1" && ls | tr '\n' ' '), got $(cd "$2" && ls | tr '\n' ' ')"
  local f
  for f in "$1"/*; do same_bytes "$f" "$2/${f##*/}" "$3: ${f##*/}"; done
}

step "no -k: each day's records in input order"
cat in0.body in1.body >cat.body
want want_cat cat.body 2
[[ $(ls want_cat | wc -l) == 20 ]] || fail "the test data should have 20 days"
mkdir got_cat
expect_exit 0 "$MERGE" --partition-by day --to tsv -o 'got_cat/{day}.tsv' in0.rec in1.rec
[[ ! -s out ]] || fail "with --partition-by, nothing should go to standard output"
same_dirs want_cat got_cat "--partition-by day"

step "-k ts: each day's records in key order (sort -m, then split)"
sort -s -m -t$'\t' -k1,1n in0.body in1.body >merged.body
want want_k merged.body 2
mkdir got_k
expect_exit 0 "$MERGE" -k ts --partition-by day --to tsv -o 'got_k/{day}.tsv' in0.rec in1.rec
same_dirs want_k got_k "-k ts --partition-by day"

step "record streams by default; a nullable int field; -j1 and -j4"
want want_n merged.body 3
for j in 1 4; do
  mkdir "rec$j"
  expect_exit 0 "$MERGE" -j$j -k ts --batch-size 1k --partition-by n -o "rec$j/n={n}.rec" in0.rec in1.rec
done
[[ $(cd rec1 && ls | tr '\n' ' ') == "n=%null.rec n=-7.rec n=1.rec n=42.rec " ]] || fail "partition names: $(ls rec1)"
for f in rec1/*; do
  same_bytes "$f" "rec4/${f##*/}" "--partition-by n with -j1 and -j4: ${f##*/}"
  v=${f#rec1/n=}
  "$CHUNK" --to tsv "$f" >"$f.tsv"
  same_bytes "want_n/${v%.rec}.tsv" "$f.tsv" "partition $f rendered by chunk"
done

step "names made safe: /, %, a leading dot, the empty string"
printf 'k,v\n1,a/b\n2,..\n3,50%%\n4,\n5,a/b\n6,.x\n' >odd.csv
"$CHUNK" --types k:i64 odd.csv -o odd.rec
mkdir odd
expect_exit 0 "$MERGE" --partition-by v --to csv -o 'odd/{v}.csv' odd.rec
[[ $(cd odd && ls | tr '\n' ' ') == "%2E..csv %2Ex.csv %empty.csv 50%25.csv a%2Fb.csv " ]] || fail "odd names: $(ls odd)"
expect_stdout ""
[[ $(cat odd/a%2Fb.csv) == $'k,v\n1,a/b\n5,a/b' ]] || fail "odd/a%2Fb.csv: $(show odd/a%2Fb.csv)"

step "failures leave no partition file"
mkdir fails
size=$(wc -c <in1.rec)
head -c $((size * 3 / 4)) in1.rec >cut.rec
expect_exit 1 "$MERGE" --partition-by day -o 'fails/{day}.rec' in0.rec cut.rec
expect_stderr_matches "^merge: error: cut.rec: byte [0-9]+: "
expect_exit 1 "$MERGE" -k ts --partition-by day -o 'fails/{day}.rec' in0.rec cut.rec
expect_exit 1 "$MERGE" --partition-by day --max-partitions 19 -o 'fails/{day}.rec' in0.rec
expect_stderr_contains "merge: error: field 'day' has more than 19 values (--max-partitions)"
"$CHUNK" --table other --types ts:i64,n:i32 in1.csv -o other.rec
expect_exit 1 "$MERGE" --partition-by day -o 'fails/{day}.rec' in0.rec other.rec
expect_stderr_contains "merge: error: other.rec: table 'other': --partition-by writes one table"
expect_exit 1 "$MERGE" --partition-by nope -o 'fails/{nope}.rec' in0.rec
expect_stderr_contains "merge: error: in0.rec: table 'ev' has no field 'nope' (--partition-by)"
[[ -z $(ls -A fails) ]] || fail "failed runs left files: $(ls -A fails)"
expect_exit 0 "$MERGE" --partition-by day --max-partitions 20 -o 'fails/{day}.rec' in0.rec
[[ $(ls fails | wc -l) == 20 ]] || fail "--max-partitions 20 should allow the 20 days"

step "more partitions than the 64 outputs once kept for the signal handler: 300, each complete"
seq 1 900 | awk 'BEGIN { print "k,v" } { print $1 % 300 "," $1 }' >many.csv
"$CHUNK" --types k:u32,v:u32 many.csv -o many.rec
mkdir many
expect_exit 0 "$MERGE" --partition-by k --max-partitions 300 -o 'many/{k}.rec' many.rec
[[ $(ls many | wc -l) == 300 ]] || fail "300 partitions expected, got $(ls many | wc -l)"
[[ $(for f in many/*.rec; do "$CHUNK" --to tsv "$f" | tail -n +2; done | wc -l) == 900 ]] ||
  fail "the 300 partitions do not hold the 900 records"

step "usage errors"
for args in "--partition-by day" "--partition-by day -o x.rec" "--partition-by day -o {n}.rec" \
  "--partition-by day --max-partitions 0 -o {day}.rec"; do
  # shellcheck disable=SC2086
  expect_exit 2 "$MERGE" $args in0.rec
  expect_stderr_contains "merge: error: "
done

finish
