#!/usr/bin/env bash
# chunk on a record stream: re-batching keeps the records; --to tsv, csv and jsonl of a stream are what the text
# input gives directly; every damaged stream is rejected with exit 1 (a cut at any length, a flipped bit at any
# byte after the magic, frames out of order, counts that do not add up, data after the end); an ERROR frame from
# upstream makes chunk fail with the upstream message; input that does not start with the magic is text.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

python3 - <<'PY'
import random
r = random.Random(99)
with open("data.csv", "w", newline="") as f:
    f.write("id,name,score,flag\n")
    for i in range(5000):
        name = r.choice(["plain", "tab\there", "new\nline", "back\\slash", 'say "hi"', "", "comma, here", "é"])
        score = r.choice(["", "0.1", "-2.5", "1e300", "nan", "inf", "-inf", "3"])
        flag = r.choice(["", "true", "false"])
        f.write('%d,"%s",%s,%s\n' % (i, name.replace('"', '""'), score, flag))
PY
# shellcheck disable=SC2054
types=(--types id:u32,score:f64,flag:bool)

step "a stream renders as the text input does"
"$CHUNK" "${types[@]}" --batch-size 2k data.csv -o small.rec
[[ $(rectool batches small.rec) -gt 30 ]] || fail "small.rec should have many batches"
for form in tsv csv jsonl; do
  expect_exit 0 "$CHUNK" "${types[@]}" --to $form data.csv
  mv out direct.$form
  expect_exit 0 "$CHUNK" --to $form small.rec
  same_bytes direct.$form out "chunk --to $form small.rec against chunk --to $form data.csv"
  cat small.rec | "$CHUNK" --to $form >out
  same_bytes direct.$form out "chunk --to $form of the stream from a pipe"
done

step "the text forms escape as documented"
printf 'name,score\n"a\tb\\c\r\nd",\n"",nan\n"x,""y""",inf\nplain,-inf\n,-0\n' >esc.csv
"$CHUNK" --types score:f64 esc.csv -o esc.rec
expect_exit 0 "$CHUNK" --to tsv esc.rec
expect_stdout 'name	score
a\tb\\c\r\nd	\N
	nan
x,"y"	inf
plain	-inf
	-0
'
expect_exit 0 "$CHUNK" --to csv esc.rec
expect_stdout $'name,score\n"a\tb\\c\r\nd",\n"",nan\n"x,""y""",inf\nplain,-inf\n"",-0\n'
expect_exit 0 "$CHUNK" --to jsonl esc.rec
expect_stdout '{"name":"a\tb\\c\r\nd","score":null}
{"name":"","score":null}
{"name":"x,\"y\"","score":null}
{"name":"plain","score":null}
{"name":"","score":-0}
'

step "re-batching keeps every record, and the schema"
expect_exit 0 "$CHUNK" small.rec
mv out big.rec
[[ $(rectool batches big.rec) -lt $(rectool batches small.rec) ]] || fail "re-batching to 1M should join batches"
expect_exit 0 "$CHUNK" --batch-size 100 big.rec
mv out tiny.rec
[[ $(rectool batches tiny.rec) -gt $(rectool batches small.rec) ]] ||
  soft_fail "re-batching to --batch-size 100 should cut the batches of big.rec: $(rectool batches big.rec) batches became $(rectool batches tiny.rec)"
for f in big.rec tiny.rec; do
  expect_exit 0 "$CHUNK" --to jsonl $f
  same_bytes direct.jsonl out "records of $f"
  rectool dump $f >dump.$f
  rectool dump small.rec >dump.small
  head -2 dump.$f >head.$f
  head -2 dump.small >head.small
  same_bytes head.small head.$f "stream header and schema of $f"
  [[ $(tail -1 dump.$f) == 'end [(0, 5000)]' ]] || fail "end marker of $f: $(tail -1 dump.$f)"
  ! grep -q BAD-CHECKSUM dump.$f || fail "$f has a bad checksum"
done
expect_exit 0 "$CHUNK" --format lines --to jsonl small.rec  # a stream read as lines is not a stream
[[ $(count_lines out) -gt 0 ]] || fail "--format lines on a stream should read its bytes as lines"

step "--batch-size bounds the batch payloads, for every input format"
python3 -c '
open("b.txt", "w").write("".join("line %d\n" % i for i in range(20000)))
open("b.csv", "w").write("a,b\n" + "".join("%d,x%d\n" % (i, i) for i in range(20000)))
open("b.jsonl", "w").write("".join("{\"a\":%d}\n" % i for i in range(20000)))
'
"$CHUNK" b.txt -o b.rec
for input in b.txt b.csv "--fields a b.jsonl" b.rec; do
  # shellcheck disable=SC2086
  "$CHUNK" --batch-size 4k $input -o sized.rec
  rectool dump sized.rec >dump
  python3 - <<'PY' || soft_fail "chunk --batch-size 4k $input: batches are not cut at about 4 KiB: $(grep -m3 '^batch' dump)"
import re
sizes = [int(m.group(1)) for m in re.finditer(r"^batch .* bytes=(\d+)", open("dump").read(), re.M)]
assert len(sizes) >= 20 and max(sizes) < 4096 + 64, (len(sizes), max(sizes))
PY
done

step "a cut at any length is an error (exit 1, 'cut short' or 'end marker')"
"$CHUNK" --format csv --types id:u32 --batch-size 40 <(printf 'id,name\n1,a\n2,bb\n3,\n4,dddd\n5,e\n') -o cuts.rec
"$CHUNK" --to csv cuts.rec >/dev/null || fail "cuts.rec should be a good stream"
CHUNK=$CHUNK python3 - <<'PY' || fail "some cut or damaged streams were not rejected as they should be (see above)"
import os, subprocess
chunk = os.environ["CHUNK"]
data = open("cuts.rec", "rb").read()
problems = []
def check(name, blob, wants, pipe=False):
    open("case.rec", "wb").write(blob)
    for how in ("file", "pipe") if pipe else ("file",):
        if how == "file":
            p = subprocess.run([chunk, "--to", "jsonl", "case.rec"], capture_output=True)
        else:
            p = subprocess.run([chunk, "--to", "jsonl"], input=blob, capture_output=True)
        err = p.stderr.decode(errors="replace")
        if p.returncode != 1 or not err.startswith("chunk: error: ") or not any(w in err for w in wants):
            problems.append("%s (%s): exit %d, %r" % (name, how, p.returncode, err.strip()[:200]))
# Shorter than the magic: chunk_magic.sh (an error too, named differently). From the magic on, every cut must fail.
cases = 0
for n in range(8, len(data)):
    check("cut at %d of %d bytes" % (n, len(data)), data[:n], ("cut short", "end marker"), pipe=n % 8 == 0)
    cases += 1
# A flipped bit anywhere after the magic is caught, except in the minor version and reserved bytes of the header.
for i in list(range(8, 10)) + list(range(16, len(data))):
    b = bytearray(data)
    b[i] ^= 1 << (i % 8)
    check("bit %d of byte %d flipped" % (i % 8, i), bytes(b), ("byte ",))
    cases += 1
print("   %d bytes, %d cases" % (len(data), cases))
for p in problems[:10]:
    print("   NOT REJECTED: " + p)
if problems:
    print("   ... %d in all" % len(problems))
    raise SystemExit(1)
PY
expect_exit 1 "$CHUNK" --to tsv - < <(head -c 5000 small.rec)
expect_stderr_matches 'cut short|end marker'
python3 -c '
d = bytearray(open("small.rec", "rb").read()); d[3000] ^= 0x10; open("flip.rec", "wb").write(d)'
expect_exit 1 "$CHUNK" --to tsv flip.rec
expect_stderr_contains "checksum"
expect_stderr_contains "chunk: error: flip.rec: byte "

step "not a stream: no magic means text; the magic with damage after it fails"
python3 -c '
import random
r = random.Random(5)
open("random.bin", "wb").write(bytes(r.randrange(256) for _ in range(3000)))'
expect_exit 0 "$CHUNK" --to jsonl random.bin
[[ $(count_lines out) == $(($(count_lines random.bin) + 1)) ]] || fail "random bytes should be read as lines"
printf '\x89RPS\r\n\x1a\nthis is not a stream header\n' >fake.rec
expect_exit 1 "$CHUNK" --to tsv fake.rec
expect_stderr_contains "chunk: error: fake.rec"
printf '\x89RPS\r\n\x1a\n\x02\x00\x00\x00\x00\x00\x00\x00' >v2.rec
expect_exit 1 "$CHUNK" --to tsv v2.rec
expect_stderr_contains "version"
expect_exit 1 "$CHUNK" --to tsv - < <(printf '\x89RPS\r\n\x1a\n')
expect_exit 2 "$CHUNK" --types id:i64 small.rec
expect_exit 2 "$CHUNK" --fields id small.rec

step "an upstream failure is passed on"
printf 'a,b\n1,2\n3\n4,5\n' >bad.csv
set +e +o pipefail
"$CHUNK" bad.csv 2>first.err | "$CHUNK" --to tsv >out 2>second.err
rcs="${PIPESTATUS[*]}"
"$CHUNK" bad.csv 2>/dev/null | "$CHUNK" 2>/dev/null | "$CHUNK" --batch-size 1 2>/dev/null | "$CHUNK" --to jsonl >/dev/null 2>third.err
rcs3="${PIPESTATUS[*]}"
set -e -o pipefail
[[ $rcs == "1 1" ]] || fail "chunk bad.csv | chunk --to tsv: exit statuses $rcs, not 1 1"
grep -qF "chunk: error: bad.csv:3: expected 2 fields, found 1" first.err || fail "first message: $(show first.err)"
grep -qF "bad.csv:3: expected 2 fields, found 1" second.err || fail "the second chunk should pass on the upstream message: $(show second.err)"
[[ $(wc -l <second.err) == 1 ]] || fail "one message, not: $(show second.err)"
[[ $rcs3 == "1 1 1 1" ]] || fail "a four-stage pipeline: exit statuses $rcs3, not 1 1 1 1"
grep -qF "bad.csv:3: expected 2 fields, found 1" third.err || fail "the last stage should show the first failure: $(show third.err)"
[[ $(grep -o 'error' third.err | wc -l) -le 2 ]] || fail "the message should not grow at each stage: $(show third.err)"

if have_xxhash; then
  step "frames: skippable unknown ones are skipped, every other irregularity is an error"
  "$CHUNK" --to jsonl cuts.rec >cuts.jsonl
  rectool edit cuts.rec skip.rec skippable
  expect_exit 0 "$CHUNK" --to jsonl skip.rec
  same_bytes cuts.jsonl out "a stream with a skippable unknown frame"
  expect_exit 0 "$CHUNK" skip.rec  # re-batched: the unknown frame is not copied, the result reads back
  mv out noskip.rec
  expect_exit 0 "$CHUNK" --to jsonl noskip.rec
  same_bytes cuts.jsonl out "a stream with a skippable frame, re-batched"
  bad_edit() {  # OP [ARG] -- TEXT: the edited stream fails with TEXT in the message
    local op=$1 arg=${2:-} text=$3
    rectool edit cuts.rec edited.rec $op "$arg"
    expect_exit 1 "$CHUNK" --to jsonl edited.rec
    expect_stderr_contains "$text"
    expect_exit 1 "$CHUNK" --to jsonl - <edited.rec
    expect_stderr_contains "$text"
  }
  bad_edit unknown '' "chunk: error: "
  bad_edit end-count '' "chunk: error: "
  bad_edit trailing '' "chunk: error: "
  bad_edit drop-end '' "end marker"
  bad_edit dup-schema '' "chunk: error: "
  bad_edit batch-first '' "chunk: error: "
  bad_edit major2 '' "version"
  bad_edit error-frame "producer: error: the upstream message" "producer: error: the upstream message"

  step "several tables: a header line at each change of table; re-batching keeps them apart"
  "$CHUNK" --format csv --batch-size 1 <(printf 'x\n1\n2\n3\n4\n') -o one.rec
  "$CHUNK" --format csv --batch-size 1 --types n:i8 <(printf 'n,s\n-1,a\n-2,b\n-3,c\n') -o two.rec
  rectool merge both.rec one.rec two.rec
  expect_exit 0 "$CHUNK" --to jsonl both.rec
  sort out >both.sorted
  { "$CHUNK" --to jsonl one.rec; "$CHUNK" --to jsonl two.rec; } | sort >want.sorted
  same_bytes want.sorted both.sorted "records of a two-table stream"
  expect_exit 0 "$CHUNK" --to tsv both.rec
  [[ $(grep -c '^x$' out) -ge 2 && $(grep -c $'^n\ts$' out) -ge 2 ]] ||
    fail "interleaved tables should repeat their header lines: $(cat out)"
  expect_exit 0 "$CHUNK" both.rec
  mv out rebatched.rec
  expect_exit 0 "$CHUNK" --to jsonl rebatched.rec
  sort out >rebatched.sorted
  same_bytes want.sorted rebatched.sorted "records of a two-table stream, re-batched"
  rectool dump rebatched.rec >dump
  [[ $(grep -c '^schema' dump) == 2 ]] || fail "re-batched two-table stream: $(cat dump)"
  grep -q '^end \[(.*, 4), (.*, 3)\]$' dump || grep -q '^end \[(.*, 3), (.*, 4)\]$' dump || fail "end counts: $(cat dump)"
  "$CHUNK" </dev/null -o none.rec
  rectool merge withempty.rec one.rec none.rec
  expect_exit 0 "$CHUNK" withempty.rec
  rectool dump out >dump
  [[ $(grep -c '^schema' dump) == 2 ]] || fail "a table without records should stay in the stream: $(cat dump)"
fi

finish
