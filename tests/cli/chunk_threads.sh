#!/usr/bin/env bash
# chunk with one worker thread and with four gives byte-identical output, messages and exit status: for lines,
# csv (quoted fields with newlines across read blocks), tsv and jsonl inputs of a few MB cut into 64 KiB batches,
# for record streams re-batched, rendered and split, and for bad rows skipped under --max-errors or fatal, whose
# line numbers must be right whichever thread parsed them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

step "generating inputs"
python3 - <<'PY'
import json, random
r = random.Random(20240601)
words = ["alpha", "beta", "gamma", "delta", "épsilon", "zeta", "eta", "theta", "x" * 30]

def text(n):
    return " ".join(r.choice(words) for _ in range(n))

# lines: ~3 MB, mostly short lines, some long ones, one longer than a read block (1 MiB), some CRs and empty lines.
with open("lines.txt", "wb") as f:
    for i in range(60000):
        k = r.random()
        if k < 0.01:
            f.write(b"\n")
        elif k < 0.02:
            f.write(text(r.randint(20, 100)).encode() + b"\r\n")
        else:
            f.write(("%d %s\n" % (i, text(r.randint(1, 6)))).encode())
        if i == 30000:
            f.write(b"y" * (1500 * 1024) + b"\n")
    f.write(b"no newline at the end")

# csv: ~3 MB, quoted fields with commas, doubled quotes and newlines; typed columns with empty values.
bad_lines = []
with open("data.csv", "w", newline="") as f:
    f.write("id,name,score,flag,note\n")
    line = 2
    for i in range(40000):
        name = text(r.randint(1, 4))
        if r.random() < 0.2:
            name = '"%s, ""%s""\n%s"' % (name, text(1), text(1))
        score = "" if r.random() < 0.1 else repr(r.uniform(-1e6, 1e6))
        flag = r.choice(["true", "false", ""])
        note = '"%s"' % text(r.randint(0, 3)) if r.random() < 0.5 else text(r.randint(0, 3))
        row = "%d,%s,%s,%s,%s\n" % (i, name, score, flag, note)
        f.write(row)
        line += row.count("\n")
with open("data.tsv", "w", newline="") as f:
    f.write("id\tname\tscore\n")
    for i in range(80000):
        f.write("%d\t%s\t%s\n" % (i, text(r.randint(1, 5)), r.choice(["", str(r.randint(-99, 99))])))
with open("data.jsonl", "w") as f:
    for i in range(30000):
        if r.random() < 0.01:
            f.write("\n")
        obj = {"id": i, "user": {"name": text(2), "tags": [text(1)] * r.randint(0, 3)}, "ts": r.random() * 1e9}
        if r.random() < 0.1:
            del obj["user"]
        f.write(json.dumps(obj, ensure_ascii=r.random() < 0.5) + "\n")

# csv with bad rows at known lines (wrong field count, bad integer), after multi-line quoted fields.
with open("bad.csv", "w", newline="") as f:
    f.write("id,text,n\n")
    line = 2
    for i in range(30000):
        if i in (7, 9000, 21000, 29999):
            row = "%d,short\n" % i if i % 2 else "%d,%s,notanumber\n" % (i, text(2))
            bad_lines.append(line)
        elif r.random() < 0.3:
            row = '%d,"%s\n%s\n%s",%d\n' % (i, text(3), text(2), text(1), i)
        else:
            row = "%d,%s,%d\n" % (i, text(r.randint(1, 8)), i)
        f.write(row)
        line += row.count("\n")
open("bad_lines", "w").write(" ".join(map(str, bad_lines)) + "\n")
PY
read -r -a bad_lines <bad_lines

for f in lines.txt data.csv data.tsv data.jsonl; do
  echo "   $f: $(wc -c <$f) bytes"
  size=$(wc -c <$f)
  [[ $size -gt 2000000 && $size -lt 6000000 ]] || fail "$f should have a few MB, not $size bytes"
done

step "lines"
same_for_threads --batch-size 64k lines.txt
batches=$(rectool batches j1.out)
[[ $batches -gt 20 ]] || fail "expected many batches for lines.txt, got $batches"
cp j1.out lines.rec
same_for_threads --batch-size 64k --to jsonl lines.txt
same_for_threads --to tsv lines.txt

step "csv"
# shellcheck disable=SC2054
typed=(--types id:i64,score:f64,flag:bool)
same_for_threads --batch-size 64k "${typed[@]}" data.csv
[[ $(rectool batches j1.out) -gt 20 ]] || fail "expected many batches for data.csv"
cp j1.out data.rec
same_for_threads --batch-size 64k "${typed[@]}" --to jsonl data.csv
[[ $(count_lines j1.out) == 40000 ]] || fail "data.csv should give 40000 records, not $(count_lines j1.out)"
same_for_threads --batch-size 64k --to csv data.csv
same_for_threads --batch-size 64k --to jsonl data.csv
python3 - <<'PY' || fail "the records of data.csv differ from what python's csv module reads"
import csv, json
want = list(csv.DictReader(open("data.csv", newline="", encoding="utf-8")))
got = [json.loads(l) for l in open("j1.out", encoding="utf-8")]
bad = [i for i, (a, b) in enumerate(zip(want, got)) if a != b]
assert len(want) == len(got) and not bad, (len(want), len(got), bad[:1] and (want[bad[0]], got[bad[0]]))
PY

step "tsv"
same_for_threads --batch-size 64k --types score:i8 data.tsv
same_for_threads --batch-size 64k --types score:i8 --to jsonl data.tsv
[[ $(count_lines j1.out) == 80000 ]] || fail "data.tsv should give 80000 records"

step "jsonl"
same_for_threads --batch-size 64k --fields id,user.name,user.tags,ts --types id:u32,ts:f64 data.jsonl
same_for_threads --batch-size 64k --fields id,user.name --keep-line --to jsonl data.jsonl
[[ $(count_lines j1.out) == 30000 ]] || fail "data.jsonl should give 30000 records"
python3 - <<'PY' || fail "the records of data.jsonl differ from what python's json module reads"
import json
want = [json.loads(l) for l in open("data.jsonl", encoding="utf-8") if l.strip()]
got = [json.loads(l) for l in open("j1.out", encoding="utf-8")]
assert len(want) == len(got), (len(want), len(got))
for w, g in zip(want, got):
    assert g["id"] == str(w["id"]) and g["user.name"] == w.get("user", {}).get("name"), (w, g)
    assert json.loads(g["line"]) == w, (w, g)
PY

step "record streams: re-batch, render, split"
"$CHUNK" --batch-size 4k lines.txt -o small.rec
same_for_threads small.rec
same_for_threads --batch-size 64k small.rec
same_for_threads --to jsonl small.rec
same_for_threads --batch-size 64k data.rec
same_for_threads --to tsv data.rec
same_for_threads --part 2/3 --batch-size 64k data.rec
same_for_threads --part 3/3 --to csv lines.rec

step "bad rows skipped under --max-errors, with their line numbers"
same_for_threads --batch-size 64k --types n:i64 --max-errors 10 --to jsonl bad.csv
[[ $(cat j1.rc) == 0 ]] || fail "--max-errors 10 should skip the 4 bad rows: $(show j1.err)"
[[ $(count_lines j1.out) == 29996 ]] || fail "expected 29996 records, got $(count_lines j1.out)"
for line in "${bad_lines[@]}"; do
  grep -q "^chunk: warning: bad.csv:$line: " j1.err || fail "no warning for bad.csv line $line in: $(show j1.err)"
done
[[ $(grep -c '^chunk: warning: bad.csv:' j1.err) == 4 ]] || fail "expected 4 warnings: $(show j1.err)"

step "the first bad row is fatal, with its line number"
same_for_threads --batch-size 64k --types n:i64 --to jsonl bad.csv
[[ $(cat j1.rc) == 1 ]] || fail "bad.csv should fail"
grep -q "^chunk: error: bad.csv:${bad_lines[0]}: " j1.err || fail "expected an error at line ${bad_lines[0]}: $(show j1.err)"
same_for_threads --batch-size 64k --types n:i64 --max-errors 3 bad.csv
[[ $(cat j1.rc) == 1 ]] || fail "bad.csv should fail at its fourth bad row"
grep -q "^chunk: error: bad.csv:${bad_lines[3]}: " j1.err || fail "expected an error at line ${bad_lines[3]}: $(show j1.err)"

echo "PASS: $TEST_NAME"
