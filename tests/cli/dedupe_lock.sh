#!/usr/bin/env bash
# dedupe --index holds the index for its whole run: of two runs on one index at once, the first wins and the
# second, which waits for it (saying so), finds its keys; with --no-wait the second fails at once. The lock dies
# with its process: after kill -9 the next run goes ahead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe

python3 - <<'PY'
import random
random.seed(3)
with open("a.csv", "w") as f:
    f.write("id,payload\n")
    f.writelines(f"{random.randrange(20000)},row-{i}\n" for i in range(30000))
PY
"$CHUNK" a.csv --types id:u64 --table t -o a.rec
"$DEDUPE" -k id a.rec -o want.rec

# start_first: a run that holds the index while it waits for its input (a FIFO the test keeps open).
start_first() {
  rm -f feed first.rec
  mkfifo feed
  "$DEDUPE" -k id --index idx.sqlite -o first.rec <feed 2>first.err &
  FIRST=$!
  exec 3>feed
  head -c 1000 a.rec >&3
  sleep 0.5
}

step "a second run waits, says so, and then finds the first run's keys"
start_first
"$DEDUPE" -k id --index idx.sqlite a.rec -o second.rec --stats second.json 2>second.err 3>&- &
second=$!
sleep 1
kill -0 "$second" 2>/dev/null || fail "the second run did not wait: $(cat second.err)"
grep -q "waiting for idx.sqlite: in use by another dedupe (pid $FIRST)" second.err ||
  fail "the second run did not say why it waits: $(cat second.err)"

step "--no-wait fails at once"
expect_exit 1 "$DEDUPE" -k id --index idx.sqlite --no-wait a.rec -o third.rec
expect_stderr_contains "idx.sqlite: in use by another dedupe (pid $FIRST) (--no-wait)"
[[ ! -e third.rec ]] || fail "--no-wait left its output"
expect_exit 1 "$DEDUPE" --index idx.sqlite --no-wait --commit nothing
expect_stderr_contains "in use by another dedupe"

tail -c +1001 a.rec >&3
exec 3>&-
wait "$FIRST" || fail "the first run failed: $(cat first.err)"
wait "$second" || fail "the second run failed: $(cat second.err)"
cmp first.rec want.rec || fail "the first run did not write every first record"
grep -q '"records_out":0,' second.json || fail "the second run emitted keys the first had: $(cat second.json)"

step "kill -9 of the holder releases the index"
rm -f idx.sqlite idx.sqlite-* 
start_first
kill -KILL "$FIRST"
wait "$FIRST" 2>/dev/null || true
exec 3>&-
expect_exit 0 "$DEDUPE" -k id --index idx.sqlite --no-wait a.rec -o after.rec
cmp after.rec want.rec || fail "the run after a killed one did not write every first record"
echo "dedupe_lock: ok"
