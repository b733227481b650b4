#!/usr/bin/env bash
# dedupe --index: keys remembered across runs. Two runs over two inputs give what one run over both gives; a key
# enters the index only once its record has reached the output, so a run that is killed, or whose output fails,
# and is then run again, loses no record and writes none twice.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe

python3 - <<'PY'
import random
random.seed(5)
for name, n in (("a.csv", 30000), ("b.csv", 30000)):
    with open(name, "w") as f:
        f.write("id,payload\n")
        for i in range(n):
            f.write(f"{random.randrange(40000)},{name}-{i}\n")
PY
"$CHUNK" a.csv --table t -o a.rec
"$CHUNK" b.csv --table t -o b.rec

# One run over both inputs is the reference.
"$DEDUPE" -k id a.rec b.rec --to tsv >one.tsv

# Two runs sharing an index.
"$DEDUPE" -k id --index keys.sqlite a.rec --to tsv >run1.tsv
"$DEDUPE" -k id --index keys.sqlite b.rec --to tsv >run2.tsv
{ cat run1.tsv; tail -n +2 run2.tsv; } | cmp - one.tsv || fail "two runs with --index differ from one run over both inputs"

# A second pass over the same input with the same index drops everything.
"$DEDUPE" -k id --index keys.sqlite a.rec --to tsv >again.tsv
[[ $(wc -l <again.tsv) == 1 ]] || fail "keys of an earlier run were not remembered"

# A failed output (-o /dev/full, a device: a run of its own) must leave the index as it was: the rerun writes
# every record.
rm -f keys2.sqlite*
expect_exit 1 "$DEDUPE" -k id --index keys2.sqlite --run full a.rec -o /dev/full
"$DEDUPE" -k id --index keys2.sqlite a.rec --to tsv >after_full.tsv
cmp after_full.tsv run1.tsv || fail "after a failed output the rerun lost records"

# A run killed half-way (SIGKILL: no clean-up at all) and then run again: nothing lost, nothing twice.
rm -f keys3.sqlite* killed.rec
half=$(($(stat -c %s a.rec) / 2))
mkfifo feed
"$DEDUPE" -k id --index keys3.sqlite -o killed.rec <feed &
pid=$!
exec 3>feed                      # the test holds the pipe open: dedupe waits for the rest of its input
head -c "$half" a.rec >&3
sleep 1
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
exec 3>&-
[[ ! -e killed.rec ]] || fail "a killed run left its output file"
"$DEDUPE" -k id --index keys3.sqlite a.rec -o killed.rec
"$CHUNK" killed.rec --to tsv | cmp - run1.tsv || fail "the rerun after a killed run differs from an undisturbed run"
"$DEDUPE" -k id --index keys3.sqlite b.rec --to tsv >check.tsv
cmp check.tsv run2.tsv || fail "index after the rerun is not the undisturbed one"
echo "dedupe_index: ok"
