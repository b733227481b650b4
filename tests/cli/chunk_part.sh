#!/usr/bin/env bash
# chunk --part K/N and --plan N. Text input is cut as GNU `split -n l/K/N` cuts it: for random files (0 to 5000
# bytes, with and without a last LF, empty and long lines) and N = 1..7, every piece's records are the lines of
# split's piece, the pieces together are the whole file, and --plan's ranges are split's byte counts and cover
# the file. CSV pieces all get the header's fields. Record streams are split by record count. --part needs a
# regular file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need split

split --version 2>/dev/null | head -1 | grep -q 'GNU coreutils' || skip "split is not GNU split"
echo "   reference: $(split --version | head -1)"

step "text: random files against split -n l/K/N"
CHUNK=$CHUNK python3 - <<'PY' || soft_fail "chunk --part / --plan disagree with GNU split (see above)"
import json, os, random, subprocess, sys

chunk = os.environ["CHUNK"]
r = random.Random(4242)

def random_file(i):
    size = [0, 1, 2, 3, 5, 7, 13][i] if i < 7 else r.randint(0, 5000)
    out = bytearray()
    while len(out) < size:
        k = r.random()
        if k < 0.1:
            n = 0                        # empty line
        elif k < 0.2:
            n = r.randint(300, 3000)     # long line, may cover several pieces
        else:
            n = r.randint(1, 60)
        out += bytes(r.choice(b"abcdefghij ,\r\"") for _ in range(n)) + b"\n"
    out = out[:size]
    if size and r.random() < 0.5 and out[-1:] != b"\n":
        out[-1:] = b"\n"                  # about half end with a LF
    return bytes(out)

def lines_jsonl(data):
    parts = data.split(b"\n")
    if parts[-1] == b"":
        parts.pop()
    out = []
    for p in parts:
        out.append(json.dumps({"line": p.decode("latin-1")}, ensure_ascii=False, separators=(",", ":")))
    return out

failures = {}
def report(kind, msg):
    failures.setdefault(kind, []).append(msg)

def run(args):
    p = subprocess.run([chunk, "-j1"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SystemExit("chunk %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p.stdout

# --plan is checked on all files, --part K/N on the first FULL (one run per piece, which takes the time).
FULL = 10
cases = 0
for i in range(36):
    data = random_file(i)
    with open("f.txt", "wb") as f:
        f.write(data)
    whole = lines_jsonl(data)
    desc = "file #%d of %d bytes%s" % (i, len(data), (" " + repr(data)) if len(data) <= 40 else "")
    for n in range(1, 8):
        plan = run(["--plan", str(n), "f.txt"]).decode().splitlines()
        plan = [tuple(map(int, l.split("\t"))) for l in plan]
        if [p[0] for p in plan] != list(range(1, n + 1)):
            report("plan-format", "%s, --plan %d: %r" % (desc, n, plan))
            continue
        pos = 0
        for idx, start, length in plan:
            if start != pos:
                report("plan-cover", "%s, --plan %d: piece %d starts at %d, not %d" % (desc, n, idx, start, pos))
            pos = start + length
        if pos != len(data):
            report("plan-cover", "%s, --plan %d ends at %d" % (desc, n, pos))
        together = []
        for old in os.listdir("."):
            if old.startswith("piece."):
                os.remove(old)
        subprocess.run(["split", "-n", "l/%d" % n, "-a", "1", "f.txt", "piece."], check=True)
        for k in range(1, n + 1):
            with open("piece." + "abcdefg"[k - 1], "rb") as f:
                ref = f.read()
            start, length = plan[k - 1][1], plan[k - 1][2]
            if length != len(ref):
                report("plan-vs-split", "%s, --plan %d: piece %d has %d bytes, split's has %d" % (
                    desc, n, k, length, len(ref)))
            if i >= FULL:
                together += lines_jsonl(data[start:start + length])
                continue
            cases += 1
            got = run(["--part", "%d/%d" % (k, n), "--to", "jsonl", "f.txt"]).decode("utf-8", "surrogateescape")
            got = got.split("\n")[:-1]
            together += got
            want = lines_jsonl(ref)
            if got != want:
                report("part-vs-split", "%s, --part %d/%d: %d records, split's piece has %d lines%s" % (
                    desc, k, n, len(got), len(want),
                    "" if len(got) + len(want) > 8 else " (got %r, want %r)" % (got, want)))
            if lines_jsonl(data[start:start + length]) != got:
                report("plan-vs-part", "%s: --plan %d range %d does not hold the records of --part %d/%d" % (
                    desc, n, k, k, n))
        if together != whole:
            report("parts-cover", "%s, N=%d: the pieces together have %d records, the file %d" % (
                desc, n, len(together), len(whole)))

print("   %d files, %d pieces read with --part" % (i + 1, cases))
for kind, msgs in sorted(failures.items()):
    print("FAILED %s: %d cases, e.g." % (kind, len(msgs)))
    for m in msgs[:3]:
        print("    " + m)
sys.exit(1 if failures else 0)
PY

step "the documented boundaries: piece k starts at the line that holds byte (k-1)*floor(size/N)"
# 26 bytes, N=4: floor(26/4)=6, so the nominal starts are 0, 6, 12, 18.
printf 'aaaa\nbbbbbbbbbb\nc\nddddd\ne\n' >doc.txt
expect_exit 0 "$CHUNK" --plan 4 doc.txt
[[ $(cat out) == $'1\t0\t16\n2\t16\t0\n3\t16\t2\n4\t18\t8' ]] ||
  soft_fail "chunk --plan 4 of a 26-byte file: want starts 0 16 16 18 and lengths 16 0 2 8, got: $(tr '\t\n' ' ;' <out)"
expect_exit 0 "$CHUNK" --part 3/4 --to tsv doc.txt
[[ $(cat out) == $'line\nc' ]] || soft_fail "chunk --part 3/4 of that file: want the line 'c', got: $(tr '\n' ';' <out)"

step "csv: every piece has the header's fields; the pieces together are the whole"
python3 - <<'PY'
import random
r = random.Random(7)
with open("d.csv", "w", newline="") as f:
    f.write("\ufeffid,name,score\r\n")
    for i in range(3000):
        f.write('%d,"%s, %s",%s\r\n' % (i, "x" * r.randint(0, 30), "y" * r.randint(0, 3), r.choice(["", "1.5", "-2"])))
with open("tiny.csv", "w", newline="") as f:
    f.write("a_rather_long_header_name,and_another_one\n1,2\n")
PY
for f in d.csv tiny.csv; do
  "$CHUNK" --to jsonl $f >whole.jsonl
  header=id,name,score
  [[ $f == tiny.csv ]] && header=a_rather_long_header_name,and_another_one
  for n in 1 2 3 7; do
    : >together.jsonl
    for ((k = 1; k <= n; k++)); do
      expect_exit 0 "$CHUNK" --part $k/$n --to csv $f
      [[ $(head -1 out) == "$header" ]] || fail "$f --part $k/$n: header '$(head -1 out)', not '$header'"
      expect_exit 0 "$CHUNK" --part $k/$n --to jsonl $f
      cat out >>together.jsonl
    done
    same_bytes whole.jsonl together.jsonl "$f: the $n pieces together against the whole"
  done
done
expect_exit 0 "$CHUNK" --part 2/2 --types score:f64 --to jsonl d.csv
head -1 out | grep -q '^{"id":"[0-9]*","name":"x*, y*","score":' || fail "typed csv piece: $(head -1 out)"

step "csv pieces merged again: the whole file's schema, metadata included, and its records in order"
need_commands MERGE
"$CHUNK" --types id:u32 d.csv -o whole.rec
for k in 1 2 3; do "$CHUNK" --part $k/3 --types id:u32 d.csv -o piece$k.rec; done
"$MERGE" piece1.rec piece2.rec piece3.rec -o merged.rec
python3 - "$RECPIPE_SOURCE_DIR/examples" whole.rec merged.rec <<'PY' || fail "the merged pieces of d.csv are not the whole file (above)"
import sys
sys.path.insert(0, sys.argv[1])
import recpipe
def tables(path):
    r = recpipe.Reader(path)
    rows = list(r)
    return [(t.name, t.fields, t.metadata) for t in r.tables.values()], rows
whole, merged = tables(sys.argv[2]), tables(sys.argv[3])
if whole[0] != merged[0]:
    sys.exit("schemas differ:\n  whole:  %r\n  merged: %r" % (whole[0], merged[0]))
if whole[1] != merged[1]:
    sys.exit("records differ: %d whole, %d merged" % (len(whole[1]), len(merged[1])))
PY

step "record streams: split by record count"
python3 -c '
for n in (0, 1, 5, 1000, 1001):
    open("n%d.txt" % n, "w").write("".join("record %d %s\n" % (i, "z" * (i % 50)) for i in range(n)))
open("typed.csv", "w").write("a,b\n" + "".join("%d,%s\n" % (i, "" if i % 3 else i * 0.5) for i in range(777)))
'
"$CHUNK" --types a:i32,b:f64 --batch-size 1k typed.csv -o typed.rec  # fixed-size records
for n in 0 1 5 1000 1001 typed; do
  if [[ $n == typed ]]; then
    rec=typed.rec
    total=777
  else
    "$CHUNK" --batch-size 1k n$n.txt -o n$n.rec
    rec=n$n.rec
    total=$n
  fi
  "$CHUNK" --to jsonl $rec >whole.jsonl
  for parts in 1 3 7; do
    : >together.jsonl
    for ((k = 1; k <= parts; k++)); do
      expect_exit 0 "$CHUNK" --part $k/$parts $rec
      mv out piece.rec
      if ! "$CHUNK" --to jsonl piece.rec >out 2>err; then
        soft_fail "chunk --part $k/$parts $rec wrote a stream that chunk cannot read: $(show err)"
        continue 2
      fi
      want=$(((k * total) / parts - ((k - 1) * total) / parts))
      [[ $(count_lines out) == "$want" ]] || fail "$rec --part $k/$parts: $(count_lines out) records, not $want"
      cat out >>together.jsonl
      if [[ $want == 0 ]]; then  # an empty piece is still a whole stream with its schema
        expect_exit 0 "$CHUNK" --to tsv piece.rec
        [[ $(cat out) == line || $(cat out) == $'a\tb' ]] || fail "$rec --part $k/$parts: no header line in: $(show out)"
      fi
    done
    same_bytes whole.jsonl together.jsonl "$rec: the $parts pieces together against the whole"
  done
done
expect_exit 0 "$CHUNK" --part 2/3 --to jsonl n1000.rec
[[ $(head -1 out) == '{"line":"record 333 zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"}' ]] || fail "piece 2/3 of 1000 starts at record 333: $(head -1 out)"

if have_xxhash; then
  step "record streams with two tables: each table is split by its own count"
  "$CHUNK" --batch-size 1k n1001.txt -o a.rec
  "$CHUNK" --batch-size 1k n5.txt -o b.rec
  rectool merge two.rec a.rec b.rec
  for k in 1 2 3; do
    expect_exit 0 "$CHUNK" --part $k/3 --to jsonl two.rec
    a=$(grep -c '"record' out || true)
    want=$(((k * 1001) / 3 - ((k - 1) * 1001) / 3 + (k * 5) / 3 - ((k - 1) * 5) / 3))
    [[ $a == "$want" ]] || fail "two tables, --part $k/3: $a records, not $want"
    expect_exit 0 "$CHUNK" --part $k/3 two.rec
    rectool dump out >dump
    [[ $(grep -c '^schema' dump) == 2 ]] || fail "piece $k/3 of two tables should hold both schemas: $(cat dump)"
  done
fi

step "--part and --plan need a regular file"
rc=0
cat n5.txt | "$CHUNK" --part 1/2 >out 2>err || rc=$?
[[ $rc == 2 ]] || fail "--part on a pipe should exit 2, not $rc: $(show err)"
grep -q 'chunk: error: .*--part' err || fail "--part on a pipe: message should name --part: $(show err)"
rc=0
cat n5.rec | "$CHUNK" --part 1/2 >out 2>err || rc=$?
[[ $rc == 2 ]] || fail "--part on a piped record stream should exit 2, not $rc: $(show err)"
rc=0
cat n5.txt | "$CHUNK" --plan 2 >out 2>err || rc=$?
[[ $rc == 2 ]] || fail "--plan on a pipe should exit 2, not $rc: $(show err)"
if command -v gzip >/dev/null 2>&1; then
  gzip -c n5.txt >n5.txt.gz
  expect_exit 2 "$CHUNK" --part 1/2 n5.txt.gz
  expect_stderr_contains "--part"
  expect_exit 2 "$CHUNK" --plan 2 n5.txt.gz
fi
for bad in 0/3 4/3 3 1/0 a/b 1/2/3 -1/2 ''; do
  expect_exit 2 "$CHUNK" --part "$bad" n5.txt
done
expect_exit 2 "$CHUNK" --plan 0 n5.txt
# Negative numbers must not wrap around to huge ones (under a time limit: --plan -1 takes minutes and gigabytes).
if command -v timeout >/dev/null 2>&1; then
  for args in "--part 1/-1" "--part -1/-1" "--plan -1"; do
    rc=0
    # shellcheck disable=SC2086
    timeout 2 "$CHUNK" $args n5.txt >out 2>err || rc=$?
    [[ $rc != 124 ]] || echo "timed out after 2 s" >>err
    [[ $rc == 2 ]] || soft_fail "chunk $args n5.txt should be a usage error (exit 2), got exit $rc: $(show err 300)"
  done
fi
expect_exit 2 "$CHUNK" --part 1/2 --plan 2 n5.txt

finish
