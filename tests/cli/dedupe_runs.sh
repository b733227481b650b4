#!/usr/bin/env bash
# dedupe --index into a pipe: the keys of a run wait as pending under --run NAME and become seen only with
# --commit NAME after the pipeline succeeded. Whatever goes wrong in `chunk | dedupe | pack` (a bad row near the
# end, Ctrl-C, kill -9 of any stage, a downstream that fails after dedupe ended), no key becomes seen, and a
# rerun under the same name plus --commit delivers every record exactly once. Also: a pipe without --run is
# refused, a second run is refused while a finished run waits for its commit, --abort, --commit's refusals.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe
PACK=$RECPIPE_BIN/../pack/pack

# Day 1 and day 2 of ids, overlapping. Day 2 has about 320K new keys, 170K of them in its first half: more than
# the 128Ki keys that a run into a pipe under --memory stores as it goes, so that keys reach the index before the
# run ends, where a failure half-way or near the end hurts. Small enough to run in seconds.
python3 - <<'PY'
import random
random.seed(11)
for name, lo, hi, n in (("day1.csv", 0, 200000, 150000), ("day2.csv", 100000, 1100000, 400000)):
    with open(name, "w") as f:
        f.write("id,payload\n")
        f.writelines(f"{random.randrange(lo, hi)},{name}-{i}\n" for i in range(n))
PY
# Day 2 with a bad id 40 rows before the end: chunk fails there, after most records went down the pipe.
python3 - <<'PY'
lines = open("day2.csv").read().splitlines(True)
lines[-40] = "not-a-number,bad row\n"
open("day2_bad.csv", "w").writelines(lines)
PY
"$CHUNK" day1.csv --types id:u64 --table t -o day1.rec
"$CHUNK" day2.csv --types id:u64 --table t -o day2.rec
# The reference: one run over both days; day 2's new records are what follows day 1's.
"$DEDUPE" -k id day1.rec --to tsv >want1.tsv
"$DEDUPE" -k id day1.rec day2.rec --to tsv | tail -n +$(($(count_lines want1.tsv) + 1)) >want2.body

# seed INDEX: day 1 through the pipeline and committed, as the Makefile recipe does it.
seed() {
  rm -f "$1" "$1"-* "$1".lock new1.rpk
  "$CHUNK" day1.csv --types id:u64 --table t | "$DEDUPE" -k id --index "$1" --run day1 "${MEM[@]}" |
    "$PACK" -o new1.rpk && "$DEDUPE" --index "$1" --commit day1 -q
  "$CHUNK" new1.rpk --to tsv | cmp - want1.tsv || fail "day 1 through the pipeline is not the reference"
}
# deliver INDEX: day 2 (fixed) through the pipeline and committed; it must be exactly day 2's new records.
deliver() {
  rm -f new2.rpk
  "$CHUNK" day2.csv --types id:u64 --table t | "$DEDUPE" -k id --index "$1" --run day2 "${MEM[@]}" |
    "$PACK" -o new2.rpk && "$DEDUPE" --index "$1" --commit day2 -q
  "$CHUNK" new2.rpk --to tsv | tail -n +2 | cmp - want2.body ||
    fail "$2: the rerun after it did not deliver every record of day 2 exactly once"
  "$DEDUPE" --index "$1" --list-runs >runs.txt
  [[ ! -s runs.txt ]] || fail "$2: runs still pending after the commit: $(cat runs.txt)"
}
# no_commit INDEX WHAT: the disturbed run left no output and no committable keys.
no_commit() {
  [[ ! -e new2.rpk ]] || fail "$2: pack left new2.rpk"
  expect_exit 1 "$DEDUPE" --index "$1" --commit day2
  expect_stderr_matches "run 'day2' did not finish|no run 'day2' is pending"
}

for MEMORY in "" 48M; do
  MEM=()
  [[ -z $MEMORY ]] || MEM=(--memory "$MEMORY")
  step "a bad row near the end (${MEM[*]:-no --memory})"
  seed idx.sqlite
  rm -f new2.rpk
  set +o pipefail
  "$CHUNK" day2_bad.csv --types id:u64 --table t 2>/dev/null |
    "$DEDUPE" -k id --index idx.sqlite --run day2 "${MEM[@]}" 2>/dev/null | "$PACK" -o new2.rpk 2>/dev/null &&
    fail "the pipeline with a bad row succeeded"
  set -o pipefail
  no_commit idx.sqlite "a bad row"
  deliver idx.sqlite "a bad row"

  step "the downstream fails after dedupe ended (${MEM[*]:-no --memory})"
  seed idx.sqlite
  rm -f new2.rpk
  "$CHUNK" day2.csv --types id:u64 --table t | "$DEDUPE" -k id --index idx.sqlite --run day2 "${MEM[@]}" |
    { cat >/dev/null; false; } && fail "the failing downstream succeeded"
  # dedupe did its part, so the run is finished; but the recipe's && never commits it.
  "$DEDUPE" --index idx.sqlite --list-runs | grep -q $'^day2\tfinished\t' || fail "day2 is not a finished run"
  deliver idx.sqlite "a downstream failure"
done
MEM=()

# The stages one by one, joined by FIFOs so that the test knows each pid; the input comes through a FIFO held
# open by the test, so the pipeline stops half-way until the test has done its damage.
half=$(($(stat -c %s day2.csv) / 2))
start_pipeline() {
  rm -f feed.csv s1 s2 new2.rpk
  mkfifo feed.csv s1 s2
  "$CHUNK" feed.csv --types id:u64 --table t >s1 2>/dev/null &
  P_CHUNK=$!
  "$DEDUPE" -k id --index idx.sqlite --run day2 "$@" <s1 >s2 2>/dev/null &
  P_DEDUPE=$!
  "$PACK" -o new2.rpk <s2 2>/dev/null &
  P_PACK=$!
  exec 3>feed.csv
  head -c "$half" day2.csv >&3
  sleep 1
  # Under --memory, keys go to the index as the run goes (pending ones, since this is a run into a pipe): wait
  # for the first of them, so that the damage comes when there is something to lose.
  if [[ $# -gt 0 ]]; then
    local i
    for i in $(seq 100); do
      [[ $(stat -c %s idx.sqlite-wal 2>/dev/null || echo 0) -lt 1000000 ]] || break
      sleep 0.1
    done
    sleep 0.5  # and for their transaction to end
  fi
}
finish_pipeline() {
  tail -c +$((half + 1)) day2.csv >&3 2>/dev/null || true  # the rest, for the stages still alive
  exec 3>&-
  wait "$P_CHUNK" "$P_DEDUPE" "$P_PACK" 2>/dev/null || true
}
for stage in CHUNK DEDUPE PACK; do
  for MEMORY in "" 48M; do
    MEM=()
    [[ -z $MEMORY ]] || MEM=(--memory "$MEMORY")
    step "kill -9 of ${stage,,} half-way (${MEM[*]:-no --memory})"
    seed idx.sqlite
    start_pipeline "${MEM[@]}"
    pid_var=P_$stage
    kill -KILL "${!pid_var}"
    finish_pipeline
    no_commit idx.sqlite "kill -9 of ${stage,,}"
    deliver idx.sqlite "kill -9 of ${stage,,}"
  done
done

step "Ctrl-C half-way: SIGINT to the whole pipeline (--memory 48M)"
seed idx.sqlite
rm -f feed.csv new2.rpk
mkfifo feed.csv
set -m  # the pipeline gets a process group of its own, as on a terminal
{ "$CHUNK" feed.csv --types id:u64 --table t | "$DEDUPE" -k id --index idx.sqlite --run day2 --memory 48M |
  "$PACK" -o new2.rpk; } 2>/dev/null &
group=$!
set +m
exec 3>feed.csv
head -c "$half" day2.csv >&3
sleep 1
for i in $(seq 100); do  # as above: until keys reach the index
  [[ $(stat -c %s idx.sqlite-wal 2>/dev/null || echo 0) -lt 1000000 ]] || break
  sleep 0.1
done
sleep 0.5  # and for their transaction to end
kill -INT -- -"$group"
tail -c +$((half + 1)) day2.csv >&3 2>/dev/null || true
exec 3>&-
wait "$group" 2>/dev/null && fail "the interrupted pipeline succeeded"
no_commit idx.sqlite "Ctrl-C"
deliver idx.sqlite "Ctrl-C"

step "into a pipe without --run: refused, and why"
expect_exit 2 bash -c 'set -o pipefail; "$0" -k id --index other.sqlite day1.rec | cat' "$DEDUPE"
expect_stderr_contains "needs --run NAME"
[[ ! -e other.sqlite ]] || fail "the refused run made the index"

step "a second run while a finished run waits for its commit: refused; the same name replaces"
seed idx.sqlite
"$DEDUPE" -k id --index idx.sqlite --run day2 day2.rec | cat >/dev/null
expect_exit 1 bash -c 'set -o pipefail; "$0" -k id --index idx.sqlite --run other day2.rec | cat' "$DEDUPE"
expect_stderr_contains "keys of run 'day2' wait for --commit or --abort"
expect_exit 1 "$DEDUPE" -k id --index idx.sqlite day2.rec -o other.rec
expect_stderr_contains "keys of run 'day2' wait for --commit or --abort"
# The rerun of day2 over day 1's input (all seen) stores no keys: committing it makes none of day 2's seen.
"$DEDUPE" -k id --index idx.sqlite --run day2 day1.rec | cat >/dev/null
"$DEDUPE" --index idx.sqlite --list-runs | grep -q $'^day2\tfinished\t0\t' || fail "the rerun did not replace day2"
"$DEDUPE" --index idx.sqlite --commit day2 -q
deliver idx.sqlite "a replaced run"

step "--abort drops the pending keys; --commit and --abort of a run that is not pending"
seed idx.sqlite
"$DEDUPE" -k id --index idx.sqlite --run day2 day2.rec | cat >/dev/null
expect_exit 0 "$DEDUPE" --index idx.sqlite --abort day2
expect_stderr_contains "run 'day2' aborted"
expect_exit 0 "$DEDUPE" --index idx.sqlite --abort day2
expect_stderr_contains "no run 'day2' is pending"
expect_exit 1 "$DEDUPE" --index idx.sqlite --commit day2
expect_stderr_contains "no run 'day2' is pending"
deliver idx.sqlite "an aborted run"
expect_exit 2 "$DEDUPE" --index idx.sqlite --commit day2 day2.rec
expect_exit 2 "$DEDUPE" --commit day2

step "a closed pipe downstream: dedupe fails and the run stays unfinished"
seed idx.sqlite
rm -f new2.rpk
expect_exit 1 bash -c 'set -o pipefail; "$0" -k id --index idx.sqlite --run day2 day2.rec | head -c 100 >/dev/null' "$DEDUPE"
expect_stderr_contains "run 'day2' is left unfinished"
no_commit idx.sqlite "a closed pipe"
deliver idx.sqlite "a closed pipe"
echo "dedupe_runs: ok"
