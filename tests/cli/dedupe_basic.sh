#!/usr/bin/env bash
# dedupe: the first record of each key, in input order, checked against awk on chunk's TSV; whole-record and
# multi-field keys; the same output for any -j; several inputs read as one; other tables pass through; --dups gets
# exactly the dropped records; nulls are keys of their own; errors (a missing -k field or --table, a cut-off input,
# an upstream ERROR frame) exit 1 and leave no -o file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need awk sort

DEDUPE=$RECPIPE_BIN/../dedupe/dedupe
[[ -x $DEDUPE ]] || fail "no dedupe executable at $DEDUPE"

# data.csv: 5000 rows of key,val,grp; about 20% repeat an earlier key, half of those the whole row; val is one of
# a few strings (some with a comma, a quote or a TAB, or empty), and grp = key % 7.
python3 - <<'PY'
import random
rnd = random.Random(7)
vals = ["a", "b", "c,d", 'say "hi"', "tab\there", ""]
def q(v):
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\t') or v == "" else v
with open("data.csv", "w") as f:
    f.write("key,val,grp\n")
    rows, fresh = [], 0
    for i in range(5000):
        if rows and rnd.random() < 0.2:
            prev = rnd.choice(rows)
            k = int(prev.split(",")[0])
            row = prev if rnd.random() < 0.5 else "%d,%s,%d\n" % (k, q(rnd.choice(vals)), k % 7)
        else:
            fresh += 1
            k = fresh * 7919 % 100003
            row = "%d,%s,%d\n" % (k, q(rnd.choice(vals)), k % 7)
        rows.append(row)
    f.writelines(rows)
    half = len(rows) // 2
with open("a.csv", "w") as f:
    f.write("key,val,grp\n")
    f.writelines(rows[:half])
with open("b.csv", "w") as f:
    f.write("key,val,grp\n")
    f.writelines(rows[half:])
PY
"$CHUNK" --batch-size 4k --table data data.csv -o data.rec
"$CHUNK" --to tsv data.rec >data.tsv
[[ $(count_lines data.tsv) == 5001 ]] || fail "data.tsv should have 5001 lines: $(count_lines data.tsv)"
[[ $(rectool batches data.rec) -gt 20 ]] || fail "data.rec should have many batches: $(rectool batches data.rec)"

step "-k key: the first record of each key, in input order (awk reference)"
awk -F'\t' 'NR == 1 || !seen[$1]++' data.tsv >want_key.tsv
n_unique=$(($(count_lines want_key.tsv) - 1))
((n_unique > 3000 && n_unique < 4500)) || fail "the test data should repeat some keys: $n_unique unique of 5000"
expect_exit 0 "$DEDUPE" -k key --to tsv data.rec
expect_stderr_empty
same_bytes want_key.tsv out "dedupe -k key --to tsv"
expect_exit 0 "$DEDUPE" -k key --batch-size 4k data.rec -o key.rec
[[ ! -s out ]] || fail "with -o, nothing should go to stdout"
"$CHUNK" --to tsv key.rec >key.tsv
same_bytes want_key.tsv key.tsv "dedupe -k key -o key.rec, rendered by chunk"
expect_exit 0 "$DEDUPE" -k key --to tsv - <data.rec
same_bytes want_key.tsv out "dedupe -k key - (standard input)"

step "no -k: whole records (awk reference)"
awk '!seen[$0]++' data.tsv >want_whole.tsv
(($(count_lines want_whole.tsv) < 5001)) || fail "the test data should repeat some whole rows"
expect_exit 0 "$DEDUPE" --to tsv data.rec
same_bytes want_whole.tsv out "dedupe --to tsv (whole records)"
expect_exit 0 "$DEDUPE" -k key,val,grp --to tsv data.rec
same_bytes want_whole.tsv out "dedupe -k key,val,grp (every field)"

step "-k grp,val: a key of two fields, in any order"
awk -F'\t' 'NR == 1 || !seen[$3, $2]++' data.tsv >want_gv.tsv
expect_exit 0 "$DEDUPE" -k grp,val --to tsv data.rec
same_bytes want_gv.tsv out "dedupe -k grp,val"
expect_exit 0 "$DEDUPE" -k val,grp --to tsv data.rec
same_bytes want_gv.tsv out "dedupe -k val,grp"
[[ $(count_lines out) -le 43 ]] || fail "-k grp,val should leave at most 7*6 records and the header"

step "-j1 and -j4 give the same bytes (many batches)"
for args in "-k key" "" "-k grp,val --to csv" "-k val --to jsonl"; do
  # shellcheck disable=SC2086
  "$DEDUPE" -j1 --batch-size 4k $args --dups j1.dups data.rec >j1.out 2>j1.err
  # shellcheck disable=SC2086
  "$DEDUPE" -j4 --batch-size 4k $args --dups j4.dups data.rec >j4.out 2>j4.err
  same_bytes j1.out j4.out "output of dedupe $args with -j1 and -j4"
  same_bytes j1.dups j4.dups "--dups of dedupe $args with -j1 and -j4"
  [[ ! -s j1.err ]] || fail "dedupe -j1 $args wrote: $(show j1.err)"
  grep -v -e '^TBB Warning: ' -e '^$' j4.err >j4.err.dedupe || true
  [[ ! -s j4.err.dedupe ]] || fail "dedupe -j4 $args wrote: $(show j4.err)"
done

step "several inputs are read as one"
"$CHUNK" --batch-size 4k --table data a.csv -o a.rec
"$CHUNK" --batch-size 4k --table data b.csv -o b.rec
for k in "-k key" "-k grp,val" ""; do
  # shellcheck disable=SC2086
  "$DEDUPE" $k --to tsv data.rec >one.tsv
  # shellcheck disable=SC2086
  expect_exit 0 "$DEDUPE" $k --to tsv a.rec b.rec
  same_bytes one.tsv out "dedupe $k a.rec b.rec against dedupe of the whole"
done
expect_exit 0 "$DEDUPE" -k key --to tsv a.rec - <b.rec
same_bytes want_key.tsv out "dedupe -k key a.rec - <b.rec"
expect_exit 0 "$DEDUPE" -k key --to tsv a.rec a.rec
awk -F'\t' 'NR == 1 || !seen[$1]++' <("$CHUNK" --to tsv a.rec) >want_a.tsv
same_bytes want_a.tsv out "dedupe -k key a.rec a.rec (the second adds nothing)"
# The same table name with other fields (here a typed key) is an error.
"$CHUNK" --table data --types key:i64 b.csv -o b_typed.rec
expect_exit 1 "$DEDUPE" -k key a.rec b_typed.rec -o never.rec
expect_stderr_contains "dedupe: error: b_typed.rec: table 'data' has other fields than in a.rec"
[[ ! -e never.rec ]] || fail "a failed run left never.rec"

step "nulls are keys of their own: null != 0, null == null, null != \"\""
printf 'k,v\n1,a\n,b\n0,c\n,d\n1,e\n0,f\n,g\n' >nulls.csv
"$CHUNK" --types k:i64 nulls.csv -o nulls.rec
expect_exit 0 "$DEDUPE" -k k --to tsv --dups nulls_dups.tsv nulls.rec  # --dups in the --to form too
expect_stdout $'k\tv\n1\ta\n\\N\tb\n0\tc\n'
printf 'k\tv\n\\N\td\n1\te\n0\tf\n\\N\tg\n' >want_nulls_dups.tsv
same_bytes want_nulls_dups.tsv nulls_dups.tsv "--dups of the nulls"
expect_exit 0 "$DEDUPE" -k k,v --to tsv nulls.rec
[[ $(count_lines out) == 8 ]] || fail "-k k,v: every record has its own key: $(show out)"
cat >nulls.jsonl <<'EOF'
{"id":null,"n":1}
{"id":"","n":2}
{"n":3}
{"id":"","n":4}
{"id":"null","n":5}
{"id":0,"n":6}
{"id":"0","n":7}
EOF
"$CHUNK" --fields id,n --types n:i64 nulls.jsonl -o nulls_j.rec
expect_exit 0 "$DEDUPE" -k id --to jsonl nulls_j.rec
expect_stdout '{"id":null,"n":1}
{"id":"","n":2}
{"id":"null","n":5}
{"id":"0","n":6}
'

step "-k a,b: field values do not run into each other"
printf 'a,b,n\nab,,1\na,b,2\n,ab,3\nab,,4\na,b,5\n' >ends.csv
"$CHUNK" ends.csv -o ends.rec
expect_exit 0 "$DEDUPE" -k a,b --to csv ends.rec
expect_stdout 'a,b,n
ab,"",1
a,b,2
"",ab,3
'

step "other tables pass through untouched"
if have_xxhash; then
  python3 -c '
for i in range(3000):
    print("y-line %d" % (i % 500))' >y.txt
  "$CHUNK" --batch-size 4k y.txt -o y.rec
  rectool merge two.rec data.rec y.rec  # data as table 7, first; y as table 3; batches interleaved
  [[ $(rectool batches two.rec) -gt 30 ]] || fail "two.rec should interleave many batches"
  # Splits dedupe's tsv output (a header line each time the table changes) into one file per table.
  split_tables() {
    awk -v pre="$1" '$0 == "key\tval\tgrp" { t = "data"; next } $0 == "line" { t = "y"; next } { print > (pre "." t) }' "$2"
  }
  for j in 1 4; do
    expect_exit 0 "$DEDUPE" -j$j -k key --to tsv --dups two.dups two.rec
    split_tables got out
    tail -n +2 want_key.tsv >want_key.body
    same_bytes want_key.body got.data "the deduplicated table of a two-table stream (-j$j)"
    same_bytes y.txt got.y "the other table of a two-table stream (-j$j)"
    "$CHUNK" --to tsv two.dups >two_dups.tsv
    ! grep -q '^y-line' two_dups.tsv || fail "--dups holds records of the other table"
  done
  expect_exit 0 "$DEDUPE" --table y --to tsv two.rec
  split_tables tab_y out
  awk '!seen[$0]++' y.txt >want_y.txt
  [[ $(count_lines want_y.txt) == 500 ]] || fail "y.txt should have 500 distinct lines"
  same_bytes want_y.txt tab_y.y "--table y: the table named"
  tail -n +2 data.tsv >data.body
  same_bytes data.body tab_y.data "--table y: the other table untouched"
  expect_exit 0 "$DEDUPE" --table y two.rec -o two_y.rec
  rectool dump two_y.rec source format >two_y.dump
  grep -q '^schema table=0 name=data ' two_y.dump && grep -q '^schema table=1 name=y ' two_y.dump \
    || fail "both tables should keep their schemas: $(cat two_y.dump)"
  grep -q "^end \[(0, 5000), (1, 500)\]" two_y.dump || fail "the end counts: $(grep '^end' two_y.dump)"
  ! grep -q BAD-CHECKSUM two_y.dump || fail "bad checksums in dedupe's output"
else
  echo "   (libxxhash cannot be loaded: the two-table checks are left out)"
fi
# Without rectool: inputs with different table names are different tables; only the first is deduplicated.
"$CHUNK" --table other --batch-size 4k b.csv -o other.rec
expect_exit 0 "$DEDUPE" -k key --to tsv data.rec other.rec
{ cat want_key.tsv; "$CHUNK" --to tsv other.rec; } >want_other.tsv
same_bytes want_other.tsv out "dedupe data.rec other.rec: table other passes through"

step "--dups: exactly the dropped records"
expect_exit 0 "$DEDUPE" -k key --to tsv --dups dups.tsv data.rec
same_bytes want_key.tsv out "the output with --dups"
awk -F'\t' 'NR == 1 || seen[$1]++' data.tsv >want_dups.tsv
same_bytes want_dups.tsv dups.tsv "--dups against awk (the records awk drops, in order)"
kept=$(($(count_lines out) - 1)) dropped=$(($(count_lines dups.tsv) - 1))
((kept + dropped == 5000)) || fail "kept $kept + dropped $dropped should be 5000"
cat <(tail -n +2 out) <(tail -n +2 dups.tsv) | LC_ALL=C sort >union.sorted
tail -n +2 data.tsv | LC_ALL=C sort >data.sorted
same_bytes data.sorted union.sorted "kept and dropped records together (as multisets) against the input"
expect_exit 0 "$DEDUPE" -k key --dups dups.rec data.rec -o kept.rec  # record streams
"$CHUNK" --to tsv dups.rec >dups_rec.tsv
same_bytes want_dups.tsv dups_rec.tsv "--dups as a record stream"
rectool dump dups.rec source format | grep -q "^end \[(0, $dropped)\]" || fail "--dups end count: $(rectool dump dups.rec)"
expect_exit 0 "$DEDUPE" --dups whole_dups.tsv --to tsv data.rec
awk 'seen[$0]++' data.tsv >want_whole_dups.tsv
{ head -1 data.tsv; cat want_whole_dups.tsv; } | cmp -s - whole_dups.tsv || fail "--dups of whole records: $(show whole_dups.tsv 300)"

step "the man page's example"
cat >events.jsonl <<'EOF'
{"id":3,"what":"start"}
{"id":4,"what":"start"}
{"id":3,"what":"again"}
{"id":5,"what":"stop"}
{"id":4,"what":"again"}
EOF
"$CHUNK" --format jsonl --fields id --keep-line events.jsonl | "$DEDUPE" -k id -o unique.rec
expect_exit 0 "$CHUNK" --to tsv unique.rec
expect_stdout $'id\tline\n3\t{"id":3,"what":"start"}\n4\t{"id":4,"what":"start"}\n5\t{"id":5,"what":"stop"}\n'

step "errors: a -k field that is not there, or a --table"
mkdir outdir
expect_exit 1 "$DEDUPE" -k key,nope data.rec -o outdir/x.rec
expect_stderr_contains "dedupe: error: data.rec: table 'data' has no field 'nope' (-k)"
expect_exit 1 "$DEDUPE" -k nope --dups outdir/d.rec data.rec -o outdir/x.rec
expect_exit 1 "$DEDUPE" --table nope data.rec -o outdir/x.rec
expect_stderr_contains "dedupe: error: table 'nope' is not in the input (--table)"
expect_exit 1 "$DEDUPE" --table nope --to tsv data.rec
expect_stderr_contains "table 'nope'"
[[ -z $(ls -A outdir) ]] || fail "failed runs left files: $(ls -A outdir)"

step "errors: a stream cut off, or without its END frame"
size=$(wc -c <data.rec)
head -c $((size / 2)) data.rec >cut.rec
expect_exit 1 "$DEDUPE" -k key cut.rec -o outdir/x.rec
expect_stderr_matches "^dedupe: error: cut.rec: byte [0-9]+: "
expect_exit 1 "$DEDUPE" -k key --dups outdir/d.rec --to tsv - -o outdir/x.rec <cut.rec
expect_stderr_matches "^dedupe: error: (stdin|-): byte [0-9]+: "
rectool edit data.rec noend.rec drop-end
expect_exit 1 "$DEDUPE" -k key a.rec noend.rec -o outdir/x.rec
expect_stderr_contains "stream ends without its end marker"
[[ -z $(ls -A outdir) ]] || fail "failed runs left files: $(ls -A outdir)"
# On standard output, a record stream ends in an ERROR frame, so the next stage fails too.
rc=0
"$DEDUPE" -k key noend.rec 2>/dev/null | "$CHUNK" --to tsv >/dev/null 2>err || rc=$?
[[ $rc == 1 ]] || fail "dedupe (failing) | chunk: chunk should exit 1, got $rc"
grep -qF "upstream failed: dedupe: error: noend.rec" err || fail "chunk should pass dedupe's message on: $(show err)"

step "errors: an ERROR frame upstream"
printf 'a,b\n1,2\n3,4,5\n' >bad.csv
rc=0
"$CHUNK" bad.csv 2>/dev/null | "$DEDUPE" -o outdir/x.rec 2>err || rc=$?
[[ $rc == 1 ]] || fail "chunk bad.csv | dedupe: exit $rc"
grep -qF "dedupe: error: upstream failed: chunk: error: bad.csv:3: expected 2 fields, found 3" err \
  || fail "dedupe should fail with the upstream message: $(show err)"
[[ -z $(ls -A outdir) ]] || fail "the failed run left files: $(ls -A outdir)"
rc=0
"$CHUNK" bad.csv 2>/dev/null | "$DEDUPE" 2>/dev/null | "$CHUNK" --to tsv >/dev/null 2>err || rc=$?
[[ $rc == 1 ]] && grep -qF "upstream failed: chunk: error: bad.csv:3: " err \
  || fail "chunk bad.csv | dedupe | chunk: exit $rc: $(show err)"

step "an empty table, --help, --version, usage errors"
printf 'key,val\n' >empty.csv
"$CHUNK" empty.csv -o empty.rec
expect_exit 0 "$DEDUPE" -k key --to tsv empty.rec
expect_stdout $'key\tval\n'
expect_help_and_version dedupe "$DEDUPE" --key --table --dups --batch-size --threads --output --to
for args in "-k ,key" "-k key," "-j 0" "--batch-size 0" "--no-such-option" "--to xml"; do
  # shellcheck disable=SC2086
  expect_exit 2 "$DEDUPE" $args data.rec
  expect_stderr_contains "dedupe: error: "
  expect_stderr_contains "--help"
  [[ ! -s out ]] || fail "a usage error should write nothing to stdout: dedupe $args"
done

finish
