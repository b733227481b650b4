#!/usr/bin/env bash
# dedupe --count: each first record with how many records had its key, in first-occurrence order, the same for
# any -j, against awk; the count field goes in the right place for tables with fixed and variable fields.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe

python3 - <<'PY'
import random
random.seed(11)
with open("d.csv", "w") as f:
    f.write("k,n,s\n")
    for i in range(30000):
        f.write(f"{random.randrange(4000)},{random.choice(['', '7', '-3'])},text {i % 17}\n")
PY
"$CHUNK" d.csv --types n:i32 --batch-size 4k -o d.rec
"$CHUNK" d.rec --to tsv >d.tsv
awk -F'\t' -v OFS='\t' 'NR == 1 { print $0, "count"; next }
  !($1 in c) { order[++m] = $1; first[$1] = $0 } { c[$1]++ }
  END { for (i = 1; i <= m; i++) print first[order[i]], c[order[i]] }' d.tsv >want.tsv
for j in 1 4; do
  "$DEDUPE" -j $j -k k --count d.rec --to tsv | cmp - want.tsv || fail "--count (-j $j) differs from awk"
done
# Under --memory the counts live in a temporary database instead of a hash map: the same result.
"$DEDUPE" -k k --count --memory 48M d.rec --to tsv | cmp - want.tsv || fail "--count --memory differs from awk"
"$DEDUPE" -k k --count d.rec -o counted.rec
"$CHUNK" counted.rec --to tsv | cmp - want.tsv || fail "--count as a record stream differs"
# The counts add up to the input, and a table that has a field 'count' already is refused.
total=$(tail -n +2 want.tsv | awk -F'\t' '{ s += $NF } END { print s }')
[[ $total == 30000 ]] || fail "counts add up to $total, not 30000"
expect_exit 1 "$DEDUPE" -k k --count counted.rec
expect_stderr_contains "has a field 'count' already"
echo "dedupe_count: ok"
