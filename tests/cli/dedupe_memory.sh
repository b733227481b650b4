#!/usr/bin/env bash
# dedupe --memory: with more distinct keys than fit under the limit, the output is still exactly that of an
# unbounded run, and the peak resident memory (--stats) stays under the limit, where the unbounded run goes over;
# with --index, --count and --exact (also with long keys and one thread) too.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe

python3 - <<'PY'
import random
random.seed(4)
with open("m.csv", "w") as f:
    f.write("k,payload\n")
    f.writelines("%d,row %d\n" % (random.randrange(2000000), i) for i in range(2400000))
PY
"$CHUNK" m.csv --types k:u64 -o m.rec
"$DEDUPE" -k k m.rec -o free.rec --stats free.json
"$DEDUPE" -k k --memory 48M m.rec -o bounded.rec --stats bounded.json
cmp free.rec bounded.rec || fail "--memory 48M changed the output"
# With --index as well, the index stays on disk and is asked batch by batch. Into a file, new keys wait in a
# temporary table until the output is renamed; into a pipe, they are stored as pending keys of the run as their
# records go out, and become seen with --commit. Either way
# a run into an empty index writes what the unbounded run wrote, and a later run finds those keys in the index.
rm -f mk.sqlite* mk2.sqlite*
"$DEDUPE" -k k --memory 48M --index mk.sqlite m.rec -o indexed.rec --stats indexed.json
cmp free.rec indexed.rec || fail "--memory 48M --index changed the output"
"$DEDUPE" -k k --memory 48M --index mk2.sqlite --run piped m.rec | cat >piped.rec
"$DEDUPE" --index mk2.sqlite --commit piped
cmp free.rec piped.rec || fail "--memory 48M --index into a pipe changed the output"
head -n 20001 m.csv >head.csv
"$CHUNK" head.csv --types k:u64 -o head.rec
for db in mk.sqlite mk2.sqlite; do
  "$DEDUPE" -k k --memory 48M --index "$db" head.rec --stats again.json -o again.rec
  grep -q '"records_out":0,' again.json || fail "a later run with $db wrote records: $(cat again.json)"
done
# --count too: the counts go to a temporary database, the first records wait in a temporary file.
"$DEDUPE" -k k --count m.rec -o counted_free.rec
"$DEDUPE" -k k --count --memory 48M m.rec -o counted.rec --stats counted.json
cmp counted_free.rec counted.rec || fail "--count --memory 48M changed the output"
# --exact too: whole keys spill to a table of BLOBs, behind a filter of their fingerprints.
"$DEDUPE" -k k --exact m.rec -o exact_free.rec --stats exact_free.json
"$DEDUPE" -k k --exact --memory 48M m.rec -o exact.rec --stats exact.json
cmp exact_free.rec exact.rec || fail "--exact --memory 48M changed the output"
cmp free.rec exact.rec || fail "--exact --memory 48M kept other records than the fingerprints did"
# --exact with long keys and one thread: a spill then copies a list of the keys, the set's next rehash doubles
# its buckets, and the filter and SQLite's cache appear only at the first spill; all of that must fit too (it
# once peaked at 73 MiB under --memory 64M).
python3 - <<'PY'
import random
random.seed(6)
with open("hex.txt", "w") as f:
    keys = ["%064x\n" % random.getrandbits(256) for _ in range(800000)]
    f.writelines(keys)
    f.writelines(random.sample(keys, 80000))
PY
"$CHUNK" --format lines hex.txt -o hex.rec
"$DEDUPE" -j1 --exact hex.rec -o hex_free.rec --stats hex_free.json
"$DEDUPE" -j1 --exact --memory 64M hex.rec -o hex_bounded.rec --stats hex_bounded.json
cmp hex_free.rec hex_bounded.rec || fail "--exact --memory 64M -j1 changed the output"
# Under AddressSanitizer (its test preset sets ASAN_OPTIONS) shadow memory and quarantine make resident size
# meaningless: there only the exactness above is checked.
if [[ -n ${ASAN_OPTIONS:-} ]]; then
  echo "note: AddressSanitizer build, peak memory not checked"
else
python3 - <<'PY' || fail "peak memory: see above"
import json
free = json.load(open("free.json"))["peak_rss_bytes"]
bounded = json.load(open("bounded.json"))["peak_rss_bytes"]
limit = 48 << 20
print(f"peak RSS: unbounded {free >> 20} MiB, --memory 48M {bounded >> 20} MiB")
assert free > limit, "the unbounded run fits under the limit: the test proves nothing"
assert bounded <= limit, f"--memory 48M peaked at {bounded} bytes"
indexed = json.load(open("indexed.json"))["peak_rss_bytes"]
print(f"peak RSS: --memory 48M --index {indexed >> 20} MiB")
assert indexed <= limit, f"--memory 48M --index peaked at {indexed} bytes"
counted = json.load(open("counted.json"))["peak_rss_bytes"]
print(f"peak RSS: --memory 48M --count {counted >> 20} MiB")
assert counted <= limit, f"--memory 48M --count peaked at {counted} bytes"
exact_free = json.load(open("exact_free.json"))["peak_rss_bytes"]
exact = json.load(open("exact.json"))["peak_rss_bytes"]
print(f"peak RSS: --exact {exact_free >> 20} MiB, --exact --memory 48M {exact >> 20} MiB")
assert exact_free > limit, "the unbounded --exact run fits under the limit: the test proves nothing"
assert exact <= limit, f"--exact --memory 48M peaked at {exact} bytes"
hex_free = json.load(open("hex_free.json"))["peak_rss_bytes"]
hex_bounded = json.load(open("hex_bounded.json"))["peak_rss_bytes"]
print(f"peak RSS, 64-hex keys, -j1: --exact {hex_free >> 20} MiB, --exact --memory 64M {hex_bounded >> 20} MiB")
assert hex_free > 64 << 20, "the unbounded --exact run on hex keys fits under 64M: the test proves nothing"
assert hex_bounded <= 64 << 20, f"--exact --memory 64M -j1 peaked at {hex_bounded} bytes"
PY
fi
expect_exit 2 "$DEDUPE" -k k --memory 10M m.rec
expect_exit 2 "$DEDUPE" -k k --memory 64M --exact --index never.sqlite m.rec
echo "dedupe_memory: ok"
