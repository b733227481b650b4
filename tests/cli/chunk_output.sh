#!/usr/bin/env bash
# chunk's output and manners: -o writes through a temporary name and renames on success, so a failed or
# interrupted run leaves no output and no temporary file, and an existing file untouched; a full disk is an error;
# a reader that goes away (| head) is not; --stats writes its JSON; --help, --version, usage errors (exit 2),
# missing inputs (exit 1); no stray messages on stderr; text on a terminal, never binary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

python3 - <<'PY'
with open("big.txt", "w") as f:
    for i in range(200000):
        f.write("line %d of a file that is big enough to fill any pipe buffer\n" % i)
with open("late_error.csv", "w") as f:
    f.write("a,b\n")
    for i in range(100000):
        f.write("%d,%d\n" % (i, i))
    f.write("1,2,3\n")
PY
mkdir outdir

step "-o: the output appears only on success"
expect_exit 0 "$CHUNK" big.txt -o outdir/big.rec
"$CHUNK" big.txt >stdout.rec
same_bytes stdout.rec outdir/big.rec "-o outdir/big.rec against stdout"
[[ $(stat -c %a outdir/big.rec) == 644 ]] || fail "-o file mode should follow the umask (022): $(stat -c %a outdir/big.rec)"
[[ $(ls -A outdir) == big.rec ]] || fail "outdir should hold only big.rec: $(ls -A outdir)"
expect_exit 0 "$CHUNK" --to tsv -o outdir/big.rec big.txt  # replaces an existing file
head -1 outdir/big.rec | grep -qx line || fail "-o should replace the old file"

step "-o: a failed run leaves no output and no temporary file"
expect_exit 1 "$CHUNK" late_error.csv -o outdir/new.rec
expect_stderr_contains "chunk: error: late_error.csv:100002: "
[[ $(ls -A outdir) == big.rec ]] || fail "after a failed run, outdir should hold only big.rec: $(ls -A outdir)"
echo "precious" >outdir/keep.rec
for form in rec tsv; do
  expect_exit 1 "$CHUNK" --to $form late_error.csv -o outdir/keep.rec
  [[ $(cat outdir/keep.rec) == precious ]] || fail "a failed run (--to $form) changed the existing output file"
done
[[ $(ls -A outdir | tr '\n' ' ') == "big.rec keep.rec " ]] || fail "temporary files left: $(ls -A outdir)"
expect_exit 1 "$CHUNK" big.txt -o nosuchdir/out.rec
expect_stderr_contains "nosuchdir/out.rec"
expect_exit 1 "$CHUNK" nosuchfile.txt -o outdir/x.rec
expect_stderr_contains "chunk: error: nosuchfile.txt: No such file or directory"
[[ $(ls -A outdir | tr '\n' ' ') == "big.rec keep.rec " ]] || fail "files left by a missing input: $(ls -A outdir)"

step "-o: an interrupted run leaves no temporary file"
mkfifo slow.fifo
"$CHUNK" -o outdir/int.rec - <slow.fifo &
pid=$!
exec 3>slow.fifo
printf 'some lines\nthat arrive\n' >&3
for _ in $(seq 100); do
  compgen -G 'outdir/.int.rec*' >/dev/null && break
  sleep 0.05
done
compgen -G 'outdir/.int.rec*' >/dev/null || echo "   (no temporary file seen before the signal)"
kill -TERM $pid 2>/dev/null || true
rc=0
wait $pid || rc=$?
exec 3>&-
[[ $rc != 0 ]] || fail "chunk should not succeed when terminated"
[[ $(ls -A outdir | tr '\n' ' ') == "big.rec keep.rec " ]] || fail "files left by an interrupted run: $(ls -A outdir)"

step "a full disk is an error"
if [[ -w /dev/full ]]; then
  for form in rec tsv; do
    expect_exit 1 "$CHUNK" --to $form big.txt -o /dev/full
    expect_stderr_contains "No space left"
    rc=0
    "$CHUNK" --to $form big.txt >/dev/full 2>err || rc=$?
    [[ $rc == 1 ]] && grep -q "No space left" err || fail "chunk --to $form >/dev/full: exit $rc: $(show err)"
  done
  printf 'x\n' >one.txt
  expect_exit 1 "$CHUNK" --to tsv one.txt -o /dev/full  # a few bytes, written at the end
  expect_stderr_contains "No space left"
fi

step "a reader that goes away early: exit 0 and no message"
for args in "big.txt" "--to tsv big.txt" "-j1 --to jsonl big.txt" "-j2 big.txt" "-o - --to csv big.txt"; do
  set +e +o pipefail
  # shellcheck disable=SC2086
  "$CHUNK" $args 2>err | head -c 100 >/dev/null
  rcs="${PIPESTATUS[*]}"
  set -e -o pipefail
  [[ $rcs == "0 0" ]] || fail "chunk $args | head -c 100: exit statuses $rcs: $(show err)"
  [[ ! -s err ]] || fail "chunk $args | head -c 100 wrote: $(show err)"
done
"$CHUNK" big.txt -o big.rec
set +e +o pipefail
"$CHUNK" --to tsv big.rec 2>err | head -1 >/dev/null
rcs="${PIPESTATUS[*]}"
set -e -o pipefail
[[ $rcs == "0 0" && ! -s err ]] || fail "chunk --to tsv big.rec | head -1: exit $rcs: $(show err)"

step "--stats"
expect_exit 0 "$CHUNK" --stats stats.json --to jsonl big.txt -o outdir/big.jsonl
SIZE_IN=$(wc -c <big.txt) SIZE_OUT=$(wc -c <outdir/big.jsonl) python3 - <<'PY' || fail "--stats: $(cat stats.json)"
import json, os
s = json.load(open("stats.json"))
for key in ("records_in", "records_out", "bytes_in", "bytes_out", "seconds", "peak_rss_bytes"):
    assert key in s, "no " + key
assert s["records_in"] == 200000 and s["records_out"] == 200000, s
assert s["bytes_in"] == int(os.environ["SIZE_IN"]), s
assert s["bytes_out"] == int(os.environ["SIZE_OUT"]), s
assert 0 <= s["seconds"] < 60 and 1 << 20 < s["peak_rss_bytes"] < 1 << 34, s
PY
expect_exit 0 "$CHUNK" --stats stats.json --max-errors 5 -q late_error.csv -o outdir/late.rec
python3 -c '
import json
s = json.load(open("stats.json"))
assert s["records_out"] == 100000, s
assert s["records_in"] in (100000, 100001), s
' || fail "--stats with a skipped row: $(cat stats.json)"
expect_exit 0 "$CHUNK" --stats stats2.json outdir/late.rec --to csv -o outdir/late.csv
python3 -c '
import json, os
s = json.load(open("stats2.json"))
assert s["records_in"] == 100000 and s["records_out"] == 100000, s
assert s["bytes_in"] == os.path.getsize("outdir/late.rec"), s
assert s["bytes_out"] == os.path.getsize("outdir/late.csv"), s
' || fail "--stats of a stream input: $(cat stats2.json) for $(wc -c outdir/late.rec)"

step "--help, --version"
expect_exit 0 "$CHUNK" --help
grep -qE -- '--threads.*\[all cores; at most 1024\]' out || fail "--help should list --threads with [all cores; at most 1024]: $(show out)"
expect_exit 0 "$CHUNK" -h
expect_help_and_version chunk "$CHUNK" --format --table --types --fields --keep-line --delimiter --part --plan \
  --batch-size --output --to --progress --quiet --stats --max-errors --version

step "usage errors: exit 2 and a hint"
usage_error() {
  expect_exit 2 "$CHUNK" "$@"
  expect_stderr_contains "chunk: error: "
  expect_stderr_contains "--help"
  [[ ! -s out ]] || fail "a usage error should write nothing to stdout: chunk $*"
}
usage_error --no-such-option big.txt
usage_error --threads
usage_error --threads 0 big.txt
usage_error --threads many big.txt
usage_error --to xml big.txt
usage_error --format xml big.txt
usage_error --batch-size 0 big.txt
usage_error --batch-size 12q big.txt
usage_error big.txt big.rec
rc=0
"$CHUNK" --max-errors -1 big.txt >out 2>err || rc=$?
[[ $rc == 2 ]] || soft_fail "chunk --max-errors -1 should be a usage error (exit 2), got exit $rc: $(show err 300)"

step "input errors: exit 1"
expect_exit 1 "$CHUNK" no_such_file
expect_stderr_contains "chunk: error: no_such_file: No such file or directory"
expect_exit 1 "$CHUNK" outdir
expect_stderr_contains "chunk: error: outdir"
chmod 000 outdir/keep.rec
if ! cat outdir/keep.rec >/dev/null 2>&1; then  # not as root
  expect_exit 1 "$CHUNK" outdir/keep.rec
  expect_stderr_contains "Permission denied"
fi
chmod 644 outdir/keep.rec

step "no stray messages"
expect_exit 0 "$CHUNK" -j 64 --to tsv big.txt
[[ ! -s err ]] || soft_fail "chunk -j 64 should write nothing to stderr, got: $(show err 300)"
expect_exit 0 "$CHUNK" -j 3 big.txt
[[ ! -s err ]] || soft_fail "chunk -j 3 should write nothing to stderr, got: $(show err 300)"
expect_exit 0 "$CHUNK" --no-progress big.txt
expect_stderr_empty
expect_exit 0 "$CHUNK" --progress big.txt  # progress wherever it goes, but still exit 0 and the same output
same_bytes stdout.rec out "output with --progress"

if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
  step "on a terminal: tsv by default, never a record stream"
  printf 'a,b\n1,2\n' >small.csv
  script -qec "'$CHUNK' --no-progress small.csv" /dev/null </dev/null >tty.out 2>&1 || true
  tr -d '\r' <tty.out >tty.txt
  grep -q $'^a\tb$' tty.txt || fail "chunk on a terminal should print tsv: $(show tty.txt)"
  grep -q $'^1\t2$' tty.txt || fail "chunk on a terminal should print tsv: $(show tty.txt)"
  rc=0
  script -qec "'$CHUNK' --to rec small.csv; echo rc=\$?" /dev/null </dev/null >tty.out 2>&1 || true
  tr -d '\r' <tty.out >tty.txt
  grep -q '^rc=2$' tty.txt || fail "chunk --to rec on a terminal should exit 2: $(show tty.txt)"
  ! grep -q 'RPS' tty.txt || fail "chunk --to rec wrote binary to a terminal"
fi

finish
