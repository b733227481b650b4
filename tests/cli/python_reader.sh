#!/usr/bin/env bash
# The pure-Python reader (examples/recpipe.py) against chunk: for streams that chunk writes from CSV, JSONL and
# plain-line inputs (typed ints/floats/bools with nulls; strings with tabs, newlines, quotes, backslashes, UTF-8
# and invalid UTF-8; thousands of rows in 4 KiB batches), `python3 examples/recpipe.py` must print the same
# records as `chunk --to jsonl` (compared after json.loads of every line, since float spelling may differ), and
# it must fail with "recpipe.py: error: ..." on a truncated stream and on one with a flipped payload byte.
#
# Env: RECPIPE_BIN = folder holding the chunk executable; RECPIPE_SOURCE_DIR = repository root.
# Exit 77 (skip) when python3 (3.9 or newer) is missing.
set -euo pipefail

if ! command -v python3 >/dev/null 2>&1; then
  echo "SKIP: python3 is not installed"
  exit 77
fi
if ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)'; then
  echo "SKIP: python3 is older than 3.9 ($(python3 --version 2>&1))"
  exit 77
fi

export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree

SRC=${RECPIPE_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BIN=${RECPIPE_BIN:-$SRC/build/release/cmd/chunk}
CHUNK=$BIN/chunk
READER=$SRC/examples/recpipe.py
if [[ ! -x $CHUNK ]]; then
  echo "FAIL: no chunk executable at $CHUNK (set RECPIPE_BIN)" >&2
  exit 1
fi
if [[ ! -f $READER ]]; then
  echo "FAIL: no $READER (set RECPIPE_SOURCE_DIR)" >&2
  exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/recpipe-python-reader.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# ---- inputs ------------------------------------------------------------------------------------------------
python3 - "$TMP" <<'PY'
import csv, json, random, sys
tmp = sys.argv[1]
rng = random.Random(12345)
pieces = ["a", "b", "z", " ", ",", ";", "\t", "\n", "\r\n", '"', '""', "\\", "\\n", "é", "ß", "日本語", "😀",
          "\u2028", "'", "{}", "null", "-", "0"]

def text(maxlen=10):
    return "".join(rng.choice(pieces) for _ in range(rng.randint(0, maxlen)))

def maybe(v, p=0.15):
    return None if rng.random() < p else v

# CSV: typed fields get empty cells (nulls); string fields keep empty strings.
floats = ["1.5", "-2.25e10", "0.1", "1e-300", "3", "-0", "123456.789", "6.02214076e23", "2.5e-7", "1e21"]
with open(tmp + "/typed.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "name", "score", "count", "small", "ratio", "note", "big"])
    for i in range(6000):
        w.writerow([
            i,
            text(),
            "" if rng.random() < 0.1 else (rng.choice(floats) if rng.random() < 0.5 else repr(rng.uniform(-1e6, 1e6))),
            "" if rng.random() < 0.1 else rng.randrange(0, 2**32),
            "" if rng.random() < 0.2 else rng.randrange(-128, 128),
            "" if rng.random() < 0.1 else rng.choice(["0.1", "3.14", "-1e-3", "16777216", "1e30"]),
            text(30) if rng.random() < 0.9 else "",
            rng.choice(["-9223372036854775808", "9223372036854775807", "0", str(rng.randrange(-2**63, 2**63))]),
        ])

# JSONL: nested values, missing values, bools, arrays extracted as strings.
with open(tmp + "/events.jsonl", "w", encoding="utf-8") as f:
    for i in range(4000):
        obj = {"id": i, "user": {"name": text(), "age": maybe(rng.randrange(0, 120))}}
        if rng.random() < 0.8:
            obj["flag"] = rng.random() < 0.5
        obj["val"] = maybe(rng.choice([0.5, -1.25, 1e100, rng.random()]))
        obj["tags"] = [text(3) for _ in range(rng.randint(0, 3))]
        obj["msg"] = maybe(text(20))
        f.write(json.dumps(obj, ensure_ascii=rng.random() < 0.5) + "\n")
        if i % 1000 == 999:
            f.write("\n")  # empty lines are skipped

# Plain lines: tabs, CR before LF, UTF-8 and a few invalid UTF-8 bytes.
with open(tmp + "/plain.txt", "wb") as f:
    for i in range(5000):
        line = text(15).replace("\n", " ").replace("\r", "").encode("utf-8")
        if i % 97 == 0:
            line += b"\xff\xfe bad utf-8 \xc3"
        if i % 50 == 0:
            line += b"\r"
        f.write(line + b"\n")
PY

# ---- helpers -------------------------------------------------------------------------------------------------
# compare.py A B [F32_FIELD...]: both JSON-lines files hold the same records: every line parsed with json.loads
# (so 1, 1.0 and 1e0 are equal), key order included. Values of the named f32 fields are compared as float32, since
# a writer may spell them with float32 or with float64 digits (0.1 or 0.10000000149011612).
cat >"$TMP/compare.py" <<'PY'
import json, struct, sys

F32 = set(sys.argv[3:])

def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0] if isinstance(v, (int, float)) and not isinstance(v, bool) else v

def load(path):
    out = []
    with open(path, "rb") as f:
        for n, raw in enumerate(f, 1):
            try:
                obj = json.loads(raw.decode("utf-8", "surrogateescape"), object_pairs_hook=list)
            except ValueError as e:
                sys.exit("%s:%d: not JSON (%s): %r" % (path, n, e, raw[:200]))
            out.append([(k, f32(v) if k in F32 else v) for k, v in obj])
    return out

a, b = load(sys.argv[1]), load(sys.argv[2])
if len(a) != len(b):
    sys.exit("%s has %d records, %s has %d" % (sys.argv[1], len(a), sys.argv[2], len(b)))
for n, (x, y) in enumerate(zip(a, b), 1):
    if x != y:
        sys.exit("record %d differs:\n  %s: %r\n  %s: %r" % (n, sys.argv[1], x, sys.argv[2], y))
print("%d records equal" % len(a))
PY

# count_batches FILE: batch frames in a stream (parsed with the reader itself).
count_batches() {
  python3 - "$1" "$SRC/examples" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
import recpipe
with open(sys.argv[1], "rb") as f:
    print(sum(1 for _ in recpipe.Reader(f, verify=False).batches()))
PY
}

check_stream() {  # check_stream NAME STREAM [F32_FIELD...]: python reader == chunk --to jsonl
  local name=$1 rec=$2
  shift 2
  local batches
  batches=$(count_batches "$rec")
  if ((batches < 3)); then
    fail "$name: expected several batches with --batch-size 4k, got $batches"
  fi
  "$CHUNK" --to jsonl "$rec" >"$TMP/$name.chunk.jsonl"
  if ! python3 "$READER" "$rec" >"$TMP/$name.py.jsonl" 2>"$TMP/$name.py.err"; then
    fail "$name: recpipe.py failed: $(cat "$TMP/$name.py.err")"
    return
  fi
  if msg=$(python3 "$TMP/compare.py" "$TMP/$name.chunk.jsonl" "$TMP/$name.py.jsonl" "$@" 2>&1); then
    pass "$name: $msg in $batches batches"
  else
    fail "$name: $msg"
  fi
  if cmp -s "$TMP/$name.chunk.jsonl" "$TMP/$name.py.jsonl"; then
    echo "   (byte-identical to chunk --to jsonl)"
  else
    echo "   (note: same values, different spelling from chunk --to jsonl)"
  fi
  # stdin and --no-verify give the same output
  if python3 "$READER" - --no-verify <"$rec" | cmp -s - "$TMP/$name.py.jsonl"; then
    pass "$name: stdin with --no-verify gives the same output"
  else
    fail "$name: stdin with --no-verify differs"
  fi
}

# expect_failure NAME STREAM PATTERN: the reader exits non-zero with "recpipe.py: error: ...PATTERN".
expect_failure() {
  local name=$1 rec=$2 pattern=$3 rc=0
  python3 "$READER" "$rec" >/dev/null 2>"$TMP/err.txt" || rc=$?
  if ((rc == 0)); then
    fail "$name: recpipe.py accepted the stream"
  elif ! grep -q "^recpipe.py: error: .*$pattern" "$TMP/err.txt"; then
    fail "$name: exit $rc but unexpected message: $(cat "$TMP/err.txt")"
  else
    pass "$name: exit $rc, $(head -n 1 "$TMP/err.txt")"
  fi
}

# ---- streams from chunk --------------------------------------------------------------------------------------
"$CHUNK" --to rec --batch-size 4k -o "$TMP/typed.rec" \
  --types id:i64,score:f64,count:u32,small:i8,ratio:f32,big:i64 "$TMP/typed.csv"
check_stream typed "$TMP/typed.rec" ratio

"$CHUNK" --to rec --batch-size 4k --format jsonl --fields id,user.name,user.age,flag,val,tags,msg --keep-line \
  --types id:i64,user.age:u8,flag:bool,val:f64 "$TMP/events.jsonl" >"$TMP/events.rec"
check_stream events "$TMP/events.rec"

"$CHUNK" --to rec --batch-size 4k --format lines --table plain <"$TMP/plain.txt" >"$TMP/plain.rec"
check_stream plain "$TMP/plain.rec"

# A re-batched stream (record stream input) reads the same.
"$CHUNK" --to rec --batch-size 64k "$TMP/typed.rec" | python3 "$READER" - >"$TMP/rebatched.py.jsonl"
if msg=$(python3 "$TMP/compare.py" "$TMP/typed.chunk.jsonl" "$TMP/rebatched.py.jsonl" ratio 2>&1); then
  pass "re-batched stream from a pipe: $msg"
else
  fail "re-batched stream from a pipe: $msg"
fi

# ---- damaged streams -------------------------------------------------------------------------------------------
size=$(wc -c <"$TMP/typed.rec")
head -c $((size - 7)) "$TMP/typed.rec" >"$TMP/truncated.rec"
expect_failure "truncated stream" "$TMP/truncated.rec" "byte [0-9]"
head -c $((size / 2)) "$TMP/typed.rec" >"$TMP/half.rec"
expect_failure "stream cut in half" "$TMP/half.rec" "byte [0-9]"

# Flip one byte in the middle of the payload of the third batch frame.
python3 - "$TMP/typed.rec" "$TMP/flipped.rec" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
pos, batches = 16, 0
while pos + 24 <= len(data):
    length, ftype = struct.unpack_from("<IB", data, pos)
    if ftype == 2:
        batches += 1
        if batches == 3:
            data[pos + 24 + length // 2] ^= 0x10
            break
    pos += 24 + length
else:
    sys.exit("no third batch frame found")
open(sys.argv[2], "wb").write(data)
PY
expect_failure "flipped payload byte" "$TMP/flipped.rec" "checksum mismatch"

head -c 100 "$TMP/typed.csv" >"$TMP/not-a-stream.rec"
expect_failure "CSV given as a stream" "$TMP/not-a-stream.rec" "not a recpipe stream"

cat "$TMP/typed.rec" "$TMP/typed.rec" >"$TMP/twice.rec"
expect_failure "data after the end marker" "$TMP/twice.rec" "trailing data"

echo "$passed passed, $failed failed"
((failed == 0))
