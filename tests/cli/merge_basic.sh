#!/usr/bin/env bash
# merge: concatenation against the inputs' TSV renderings concatenated; -k merges against sort -s -m on the same
# data as TSV (ints with negatives, strings bytewise, a nullable int with nulls first, several key fields);
# --unique against awk; the same bytes for -j1 and -j4; other tables pass through; errors (a schema conflict, an
# input out of order, a missing -k field or --table, a cut-off input, an upstream ERROR frame) exit 1, name what
# is wrong and leave no -o file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need awk sort

MERGE=$RECPIPE_BIN/../merge/merge
[[ -x $MERGE ]] || fail "no merge executable at $MERGE"
export LC_ALL=C

# Three inputs of id (i64), name (string), grp (i64, nullable: empty is null), val (string), written three
# times, each time sorted in the order of one key: by_id (id), by_name (name,id), by_grp (grp,name: nulls first).
# Keys repeat within and across inputs; names include bytes above 0x7f (bytewise order).
python3 - <<'PY'
import random
rnd = random.Random(11)
names = ["alpha", "Beta", "beta", "b", "caf\u00e9", "cafe", "zeta", "\u00e9t\u00e9", "a b", "Z"]
def rows(n):
    out = []
    for _ in range(n):
        g = rnd.choice([None, -3, 0, 2, 17])
        out.append((rnd.randint(-400, 400), rnd.choice(names), g, "v%d" % rnd.randint(0, 99)))
    return out
orders = {
    "by_id": lambda r: r[0],
    "by_name": lambda r: (r[1].encode(), r[0]),
    "by_grp": lambda r: (r[2] is not None, r[2] if r[2] is not None else 0, r[1].encode()),
}
for i, n in enumerate([3000, 2000, 1500]):
    data = rows(n)
    for name, key in orders.items():
        with open("%s%d.csv" % (name, i), "w", encoding="utf-8") as f:
            f.write("id,name,grp,val\n")
            for r in sorted(data, key=key):  # Python's sort is stable: ties keep their order
                f.write("%d,%s,%s,%s\n" % (r[0], r[1], "" if r[2] is None else r[2], r[3]))
PY
for order in by_id by_name by_grp; do
  for i in 0 1 2; do
    "$CHUNK" --table data --types id:i64,grp:i64 --batch-size 4k "$order$i.csv" -o "$order$i.rec"
    "$CHUNK" --to tsv "$order$i.rec" | tail -n +2 >"$order$i.body"
  done
done
header=$'id\tname\tgrp\tval'
grep -q '\\N' by_grp0.body || fail "the test data should have nulls"

step "no -k: the inputs one after another, one table"
expect_exit 0 "$MERGE" --to tsv by_id0.rec by_id1.rec by_id2.rec
{ echo "$header"; cat by_id0.body by_id1.body by_id2.body; } >want_cat.tsv
same_bytes want_cat.tsv out "merge (concatenation) against the TSV renderings concatenated"
expect_exit 0 "$MERGE" by_id0.rec by_id1.rec by_id2.rec -o cat.rec
"$CHUNK" --to tsv cat.rec >cat.tsv
same_bytes want_cat.tsv cat.tsv "merge -o cat.rec, rendered by chunk"
expect_exit 0 "$MERGE" --to tsv by_id0.rec - <by_id1.rec
{ echo "$header"; cat by_id0.body by_id1.body; } >want_cat2.tsv
same_bytes want_cat2.tsv out "merge FILE - (standard input)"

step "-k id: as sort -s -m -k1,1n"
{ echo "$header"; sort -s -m -t$'\t' -k1,1n by_id0.body by_id1.body by_id2.body; } >want_id.tsv
expect_exit 0 "$MERGE" -k id --to tsv by_id0.rec by_id1.rec by_id2.rec
expect_stderr_empty
same_bytes want_id.tsv out "merge -k id"
expect_exit 0 "$MERGE" -k id --batch-size 1k by_id0.rec by_id1.rec by_id2.rec -o id.rec
"$CHUNK" --to tsv id.rec >id.tsv
same_bytes want_id.tsv id.tsv "merge -k id -o id.rec, rendered by chunk"
# Ties come in input order: the inputs given the other way round give another order of equal keys.
{ echo "$header"; sort -s -m -t$'\t' -k1,1n by_id2.body by_id1.body by_id0.body; } >want_id_rev.tsv
expect_exit 0 "$MERGE" -k id --to tsv by_id2.rec by_id1.rec by_id0.rec
same_bytes want_id_rev.tsv out "merge -k id, inputs reversed"
cmp -s want_id.tsv want_id_rev.tsv && fail "the test data should have ties across inputs"

step "-k name,id: strings bytewise, then ints"
{ echo "$header"; sort -s -m -t$'\t' -k2,2 -k1,1n by_name0.body by_name1.body by_name2.body; } >want_name.tsv
expect_exit 0 "$MERGE" -k name,id --to tsv by_name0.rec by_name1.rec by_name2.rec
same_bytes want_name.tsv out "merge -k name,id"

step "-k grp,name: a nullable int, nulls first"
# sort -n cannot place \N: decorate each line with a null flag and the value, sort on those, strip them.
decorate() { awk -F'\t' -v OFS='\t' '{ print ($3 == "\\N" ? 0 : 1), ($3 == "\\N" ? 0 : $3), $0 }' "$1"; }
for i in 0 1 2; do decorate "by_grp$i.body" >"grp$i.dec"; done
{ echo "$header"; sort -s -m -t$'\t' -k1,1n -k2,2n -k4,4 grp0.dec grp1.dec grp2.dec | cut -f3-; } >want_grp.tsv
expect_exit 0 "$MERGE" -k grp,name --to tsv by_grp0.rec by_grp1.rec by_grp2.rec
same_bytes want_grp.tsv out "merge -k grp,name"

step "-k f: floats numerically (-0 equals 0), as sort -g; compressed inputs"
printf 'f,tag\n-1e+300,a\n-2.5,b\n-0,c\n0,d\n1e-300,e\n3,f\n1e+20,g\n' >f0.csv
printf 'f,tag\n-3,h\n-2.5,i\n0,j\n-0,k\n2.75,l\n1e+20,m\n' >f1.csv
for i in 0 1; do
  "$CHUNK" --table fl --types f:f64 "f$i.csv" -o "f$i.rec"
  "$CHUNK" --to tsv "f$i.rec" | tail -n +2 >"f$i.body"
done
gzip -c f1.rec >f1.rec.gz
{ printf 'f\ttag\n'; sort -s -m -g -t$'\t' -k1,1 f0.body f1.body; } >want_f.tsv
expect_exit 0 "$MERGE" -k f --to tsv f0.rec f1.rec.gz
same_bytes want_f.tsv out "merge -k f (floats)"

step "--unique: the first record of each key, in merge order (awk on the merged TSV)"
awk -F'\t' 'NR == 1 || !seen[$1]++' want_id.tsv >want_uid.tsv
expect_exit 0 "$MERGE" -k id --unique --to tsv by_id0.rec by_id1.rec by_id2.rec
same_bytes want_uid.tsv out "merge -k id --unique"
awk -F'\t' 'NR == 1 || !seen[$3, $2]++' want_grp.tsv >want_ugrp.tsv
expect_exit 0 "$MERGE" -k grp,name --unique --to tsv by_grp0.rec by_grp1.rec by_grp2.rec
same_bytes want_ugrp.tsv out "merge -k grp,name --unique (nulls are one key)"
[[ $(count_lines want_ugrp.tsv) -le 51 ]] || fail "-k grp,name should leave at most 5*10 keys"

step "-j1 and -j4 give the same bytes"
for args in "" "-k id" "-k id --unique --to csv" "-k name,id --to jsonl" "-k grp,name --to tsv"; do
  # shellcheck disable=SC2086
  "$MERGE" -j1 --batch-size 2k $args by_grp0.rec by_grp1.rec by_grp2.rec >j1.out 2>j1.err || true
  # shellcheck disable=SC2086
  "$MERGE" -j4 --batch-size 2k $args by_grp0.rec by_grp1.rec by_grp2.rec >j4.out 2>j4.err || true
  same_bytes j1.out j4.out "output of merge $args with -j1 and -j4"
  grep -v -e '^TBB Warning: ' -e '^$' j4.err >j4.err.merge || true
  same_bytes j1.err j4.err.merge "stderr of merge $args with -j1 and -j4"
done
# The by_grp inputs are not sorted by id: that run must have failed, the same way for both.
"$MERGE" -j1 -k id by_grp0.rec by_grp1.rec -o /dev/null 2>/dev/null && fail "by_grp0.rec is not sorted by id"

step "other tables pass through, in their inputs' order"
seq 1 3000 | sed 's/^/line /' | sort >y.txt  # sorted, for -k line
"$CHUNK" --format lines --table y --batch-size 1k y.txt -o y.rec
expect_exit 0 "$MERGE" by_id0.rec y.rec -o two0.rec  # two tables in one stream
expect_exit 0 "$MERGE" y.rec by_id1.rec -o two1.rec
# Splits TSV output (a header line each time the table changes) into one file per table.
split_tables() {
  awk -v pre="$1" -v h="$header" '$0 == h { t = "data"; next } $0 == "line" { t = "y"; next } { print > (pre "." t) }' "$2"
}
for j in 1 4; do
  expect_exit 0 "$MERGE" -j$j -k id --batch-size 1k --to tsv two0.rec two1.rec by_id2.rec
  split_tables got out
  tail -n +2 want_id.tsv >want_id.body
  same_bytes want_id.body got.data "the merged table of two-table inputs (-j$j)"
  cat y.txt y.txt >want_y.txt
  same_bytes want_y.txt got.y "the other table of two-table inputs (-j$j)"
done
expect_exit 0 "$MERGE" -k line --table y --to tsv y.rec two0.rec
split_tables tab_y out
sort -s -m y.txt y.txt >want_yy.txt
same_bytes want_yy.txt tab_y.y "--table y -k line"
same_bytes by_id0.body tab_y.data "--table y: the other table untouched"
expect_exit 0 "$MERGE" two0.rec two1.rec -o cat2.rec
"$CHUNK" --to tsv cat2.rec >cat2.tsv
split_tables cat2 cat2.tsv
cat by_id0.body by_id1.body >want_cat01.body
same_bytes want_cat01.body cat2.data "concatenation of two-table inputs: data"
same_bytes want_y.txt cat2.y "concatenation of two-table inputs: y"

step "errors: a schema conflict names both inputs"
mkdir outdir
"$CHUNK" --table data --types id:i32,grp:i64 by_id1.csv -o conflict.rec
for k in "" "-k id"; do
  # shellcheck disable=SC2086
  expect_exit 1 "$MERGE" $k by_id0.rec conflict.rec -o outdir/x.rec
  expect_stderr_contains "merge: error: conflict.rec: table 'data' has other fields than in by_id0.rec"
done

step "errors: an input out of order names the input and the record"
# Record 1001 of by_id1 (line 1002 of its CSV, after the header) swapped with a later, larger one.
python3 - <<'PY'
lines = open("by_id1.csv", encoding="utf-8").read().split("\n")
rec = lines[1:-1]
j = next(k for k in range(1001, len(rec)) if int(rec[k].split(",")[0]) > int(rec[1000].split(",")[0]))
rec[1000], rec[j] = rec[j], rec[1000]
open("shuffled.csv", "w", encoding="utf-8").write("\n".join([lines[0]] + rec) + "\n")
PY
"$CHUNK" --table data --types id:i64,grp:i64 --batch-size 4k shuffled.csv -o shuffled.rec
expect_exit 1 "$MERGE" -k id by_id0.rec shuffled.rec -o outdir/x.rec
expect_stderr_matches "^merge: error: shuffled.rec: record 100[12] of table 'data' is out of order"
# Which record is first out of order depends on the swap: find it with awk, as sort -c would.
want=$(awk -F, 'NR > 2 && $1 + 0 < prev { print NR - 1; exit } NR > 1 { prev = $1 + 0 }' shuffled.csv)
expect_stderr_contains "shuffled.rec: record $want of table 'data' is out of order: its key (id) sorts before that of record $((want - 1))"
expect_exit 1 "$MERGE" -k id --to tsv shuffled.rec
expect_stderr_contains "record $want of table"

step "errors: a -k field or a --table that is not there"
expect_exit 1 "$MERGE" -k id,nope by_id0.rec -o outdir/x.rec
expect_stderr_contains "merge: error: by_id0.rec: table 'data' has no field 'nope' (-k)"
expect_exit 1 "$MERGE" -k id --table nope by_id0.rec -o outdir/x.rec
expect_stderr_contains "merge: error: table 'nope' is not in the input (--table)"
[[ -z $(ls -A outdir) ]] || fail "failed runs left files: $(ls -A outdir)"

step "errors: an input cut short, or without its END frame"
size=$(wc -c <by_id1.rec)
head -c $((size / 2)) by_id1.rec >cut.rec
for k in "" "-k id" "-k id --unique"; do
  # shellcheck disable=SC2086
  expect_exit 1 "$MERGE" $k by_id0.rec cut.rec -o outdir/x.rec
  expect_stderr_matches "^merge: error: cut.rec: byte [0-9]+: "
done
head -c $((size - 10)) by_id1.rec >noend.rec
expect_exit 1 "$MERGE" -k id by_id0.rec noend.rec -o outdir/x.rec
expect_stderr_contains "merge: error: noend.rec: byte"
[[ -z $(ls -A outdir) ]] || fail "failed runs left files: $(ls -A outdir)"
# On standard output, a record stream ends in an ERROR frame, so the next stage fails too.
rc=0
"$MERGE" -k id by_id0.rec cut.rec 2>/dev/null | "$CHUNK" --to tsv >/dev/null 2>err || rc=$?
[[ $rc == 1 ]] || fail "merge (failing) | chunk: chunk should exit 1, got $rc"
grep -qF "upstream failed: merge: error: cut.rec" err || fail "chunk should pass merge's message on: $(show err)"

step "errors: an ERROR frame upstream"
printf 'a,b\n1,2\n3,4,5\n' >bad.csv
for args in "-k a -" "y.rec -"; do
  rc=0
  # shellcheck disable=SC2086
  "$CHUNK" bad.csv 2>/dev/null | "$MERGE" $args -o outdir/x.rec 2>err || rc=$?
  [[ $rc == 1 ]] || fail "chunk bad.csv | merge $args: exit $rc"
  grep -qF "merge: error: upstream failed: chunk: error: bad.csv:3: expected 2 fields, found 3" err \
    || fail "merge $args should fail with the upstream message: $(show err)"
done
[[ -z $(ls -A outdir) ]] || fail "the failed run left files: $(ls -A outdir)"

step "an empty table, --help, --version, usage errors"
printf 'id,name\n' >empty.csv
"$CHUNK" --table data empty.csv -o empty.rec
expect_exit 0 "$MERGE" -k id --to tsv empty.rec empty.rec
expect_stdout $'id\tname\n'
expect_help_and_version merge "$MERGE" --key --unique --table --batch-size --threads --output --to
for args in "-k ,id" "-k id," "--unique" "--table data" "-j 0" "--batch-size 0" "--no-such-option" "--to xml"; do
  # shellcheck disable=SC2086
  expect_exit 2 "$MERGE" $args by_id0.rec
  expect_stderr_contains "merge: error: "
  [[ ! -s out ]] || fail "a usage error should write nothing to stdout: merge $args"
done

finish
