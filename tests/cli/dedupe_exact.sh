#!/usr/bin/env bash
# dedupe --exact compares whole keys: on real data it must keep exactly what the fingerprints keep, and what awk's
# first-occurrence idiom keeps, with -k and for whole records, for any -j.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe

python3 - <<'PY'
import random
random.seed(9)
with open("d.csv", "w") as f:
    f.write("k,v\n")
    for i in range(20000):
        f.write(f"{random.randrange(5000)},{random.randrange(3)}\n")
PY
"$CHUNK" d.csv --batch-size 4k -o d.rec
"$CHUNK" d.rec --to tsv >d.tsv
awk -F'\t' 'NR == 1 || !seen[$1]++' d.tsv >by_key.tsv
awk 'NR == 1 || !seen[$0]++' d.tsv >whole.tsv
for j in 1 4; do
  "$DEDUPE" -j $j -k k --exact d.rec --to tsv | cmp - by_key.tsv || fail "--exact -k k (-j $j) differs from awk"
  "$DEDUPE" -j $j -k k d.rec --to tsv | cmp - by_key.tsv || fail "-k k (-j $j) differs from awk"
  "$DEDUPE" -j $j --exact d.rec --to tsv | cmp - whole.tsv || fail "--exact whole records (-j $j) differ from awk"
done
expect_exit 2 "$DEDUPE" --exact --index x.sqlite d.rec
echo "dedupe_exact: ok"
