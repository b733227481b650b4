# shellcheck shell=bash
# Shared helpers for the end-to-end tests in tests/cli/chunk_*.sh. A test starts with
#
#   set -euo pipefail
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# and then runs in a fresh temporary folder ($WORK, the current directory), removed on exit.
# Env: RECPIPE_BIN = folder of the chunk executable; RECPIPE_SOURCE_DIR = repository root. Both default to the
# release build of this checkout, so a test can also be run by hand: bash tests/cli/chunk_csv.sh
# Exit codes: 0 pass, 1 fail (with "FAIL: ..." on stderr), 77 skip (with "SKIP: ..." on stdout).

RECPIPE_SOURCE_DIR=${RECPIPE_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
RECPIPE_BIN=${RECPIPE_BIN:-$RECPIPE_SOURCE_DIR/build/release/cmd/chunk}
RECPIPE_BIN=$(cd "$RECPIPE_BIN" 2>/dev/null && pwd || echo "$RECPIPE_BIN")
RECPIPE_SOURCE_DIR=$(cd "$RECPIPE_SOURCE_DIR" && pwd)
CHUNK=$RECPIPE_BIN/chunk
# The other commands, beside chunk's folder in the build tree (need_commands checks the ones a test uses).
# shellcheck disable=SC2034  # used by the tests
DEDUPE=$RECPIPE_BIN/../dedupe/dedupe MERGE=$RECPIPE_BIN/../merge/merge PACK=$RECPIPE_BIN/../pack/pack
# shellcheck disable=SC2034
EVENTS=$RECPIPE_BIN/../parse_events/parse-events
# shellcheck disable=SC2034
BAM2COLS=$RECPIPE_BIN/../bam2cols/bam2cols PARSE_GTFS=$RECPIPE_BIN/../parse_gtfs/parse-gtfs
# shellcheck disable=SC2034
SCAN2DB=$RECPIPE_BIN/../scan2db/scan2db
TEST_NAME=$(basename "$0" .sh)
# shellcheck disable=SC2034  # used by the tests
TEST_DATA=$RECPIPE_SOURCE_DIR/tests/data

if [[ ! -x $CHUNK ]]; then
  echo "FAIL: $TEST_NAME: no chunk executable at $CHUNK (set RECPIPE_BIN)" >&2
  exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/$TEST_NAME.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
umask 022

# fail MESSAGE...: report and stop.
fail() {
  echo "FAIL: $TEST_NAME: $*" >&2
  exit 1
}

# soft_fail MESSAGE...: report a failed check but go on with the others; `finish` then fails the test.
SOFT_FAILURES=0
soft_fail() {
  echo "FAIL: $TEST_NAME: $*" >&2
  SOFT_FAILURES=$((SOFT_FAILURES + 1))
}

# finish: the end of a test: PASS, or FAIL when a soft_fail happened.
finish() {
  [[ $SOFT_FAILURES == 0 ]] || fail "$SOFT_FAILURES check(s) failed (see above)"
  echo "PASS: $TEST_NAME"
}

# skip MESSAGE...: the test cannot run here (exit 77, which CTest counts as skipped).
skip() {
  echo "SKIP: $*"
  exit 77
}

# need_commands VAR...: each named command (DEDUPE, MERGE, PACK, EVENTS, BAM2COLS, PARSE_GTFS, SCAN2DB) is built, or the test fails.
need_commands() {
  local v
  for v in "$@"; do [[ -x ${!v} ]] || fail "no executable at ${!v}"; done
}

# step MESSAGE...: say what the test checks next (shown by ctest --output-on-failure).
step() { echo "-- $*"; }

# need PROGRAM...: skip the test when a program is missing.
need() {
  local p
  for p in "$@"; do
    command -v "$p" >/dev/null 2>&1 || skip "$p is not installed"
  done
}

# need_python: skip without python3 (3.8 or newer).
# Later calls of python3 go straight to the interpreter (a version-manager shim can cost 0.1 s a call).
need_python() {
  need python3
  command python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 8) else 1)' || skip "python3 is older than 3.8"
  PY=$(command python3 -c 'import sys; print(sys.executable)')
  python3() { "$PY" "$@"; }
}

# have_xxhash: true when python can load libxxhash (needed by `rectool edit` and `rectool merge`).
have_xxhash() { python3 -c 'import ctypes; ctypes.CDLL("libxxhash.so.0")' 2>/dev/null; }

# show FILE: the first bytes of FILE, for messages.
show() { head -c "${2:-1500}" "$1" | cat -v; }

# expect_exit CODE CMD...: runs CMD with stdout to $WORK/out and stderr to $WORK/err; fails unless it exits
# with CODE. Redirect the function's stdin to feed CMD.
expect_exit() {
  local want=$1 rc=0
  shift
  "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  if [[ $rc != "$want" ]]; then
    fail "expected exit $want, got $rc from: $*
stderr: $(show "$WORK/err")"
  fi
}

# expect_stderr_contains TEXT: the stderr of the last expect_exit contains TEXT (fixed string).
expect_stderr_contains() {
  grep -qF -- "$1" "$WORK/err" || fail "stderr lacks '$1'; it is: $(show "$WORK/err")"
}

# expect_stderr_matches REGEX: as above, with an extended regular expression.
expect_stderr_matches() {
  grep -qE -- "$1" "$WORK/err" || fail "stderr does not match /$1/; it is: $(show "$WORK/err")"
}

# expect_stderr_empty: the last expect_exit wrote nothing to stderr.
expect_stderr_empty() {
  [[ ! -s $WORK/err ]] || fail "expected no message, got: $(show "$WORK/err")"
}

# expect_stdout TEXT: the stdout of the last expect_exit is exactly TEXT (use $'...' for control characters).
expect_stdout() {
  printf '%s' "$1" >"$WORK/want_stdout"
  same_bytes "$WORK/want_stdout" "$WORK/out" "stdout"
}

# expect_help_and_version NAME CMD OPTION...: `CMD --help` exits 0, writes no message, starts with the usage line
# "Usage: NAME" and mentions every OPTION; `CMD --version` exits 0 and prints "NAME (recpipe) VERSION", VERSION
# being the project's. Leaves the --version run as the last expect_exit.
expect_help_and_version() {
  local name=$1 cmd=$2 opt version
  shift 2
  expect_exit 0 "$cmd" --help
  expect_stderr_empty
  grep -q "^Usage: $name" "$WORK/out" || fail "--help should start with the usage line: $(show "$WORK/out")"
  for opt in "$@"; do
    grep -qe "$opt" "$WORK/out" || fail "--help does not mention $opt"
  done
  version=$(sed -n 's/^project(recpipe VERSION \([0-9.]*\).*/\1/p' "$RECPIPE_SOURCE_DIR/CMakeLists.txt")
  expect_exit 0 "$cmd" --version
  expect_stdout "$name (recpipe) $version
"
}

# same_bytes EXPECTED ACTUAL WHAT: the two files are byte-identical; on a difference, show where.
same_bytes() {
  if ! cmp -s "$1" "$2"; then
    local where
    where=$(cmp "$1" "$2" 2>&1 | head -1 || true)
    fail "$3 differs ($where)
--- expected (start):
$(show "$1" 600)
--- actual (start):
$(show "$2" 600)
--- diff (first lines):
$(diff <(cut -c1-200 "$1" | cat -v) <(cut -c1-200 "$2" | cat -v) | head -20 || true)"
  fi
}

# same_for_threads ARGS...: runs chunk -j1 ARGS and chunk -j4 ARGS (input from a file named in ARGS, not stdin),
# and fails unless stdout, stderr and exit status are identical. Leaves the -j1 results in $WORK/j1.out,
# $WORK/j1.err and $WORK/j1.rc for further checks.
same_for_threads() {
  local rc1=0 rc4=0
  "$CHUNK" -j1 "$@" >"$WORK/j1.out" 2>"$WORK/j1.err" </dev/null || rc1=$?
  "$CHUNK" -j4 "$@" >"$WORK/j4.out" 2>"$WORK/j4.err" </dev/null || rc4=$?
  echo "$rc1" >"$WORK/j1.rc"
  [[ $rc1 == "$rc4" ]] || fail "exit status $rc1 with -j1 but $rc4 with -j4 for: chunk $*
-j1 stderr: $(show "$WORK/j1.err")
-j4 stderr: $(show "$WORK/j4.err")"
  same_bytes "$WORK/j1.out" "$WORK/j4.out" "output of chunk $* with -j1 and -j4"
  # oneTBB's own notice when -j exceeds the cores is checked by chunk_output.sh, not here.
  grep -v -e '^TBB Warning: ' -e '^$' "$WORK/j4.err" >"$WORK/j4.err.chunk" || true
  same_bytes "$WORK/j1.err" "$WORK/j4.err.chunk" "stderr of chunk $* with -j1 and -j4"
}

# count_lines FILE: number of LF bytes.
count_lines() { wc -l <"$1" | tr -d ' '; }

# rectool COMMAND ARGS...: a small independent reader and writer of recpipe streams and text encodings, for
# checking chunk from the outside (python3). Commands:
#   lines-jsonl FILE          each line of FILE (as chunk --format lines sees it) as chunk's jsonl: {"line":"..."}
#   lines-tsv FILE            the same as chunk's --to tsv (header `line`)
#   lines-csv FILE            the same as chunk's --to csv
#   dump FILE [KEY...]        the stream's structure, one line per frame; schema metadata KEYs are left out;
#                             batches show record count and a hash of the payload; checksums are verified when
#                             libxxhash can be loaded
#   batches FILE              number of batch frames
#   edit IN OUT OP [ARG]      rewrite a stream (checksums resealed; needs libxxhash). OP: skippable, unknown,
#                             end-count, trailing, drop-end, dup-schema, batch-first, error-frame MSG, major2
#   merge OUT A B             one stream holding the tables of streams A and B (ids 7 and 3), batches interleaved
read -r -d '' RECTOOL_PY <<'PYEOF' || true
import hashlib, json, struct, sys

MAGIC = b"\x89RPS\r\n\x1a\n"
TYPES = {1: "bool", 2: "i8", 3: "i16", 4: "i32", 5: "i64", 6: "u8", 7: "u16", 8: "u32", 9: "u64",
         10: "f32", 11: "f64", 12: "string", 13: "bytes"}

_xxh = None
def xxh3(data, seed):
    global _xxh
    if _xxh is None:
        import ctypes
        lib = ctypes.CDLL("libxxhash.so.0")
        _xxh = lib.XXH3_64bits_withSeed
        _xxh.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
        _xxh.restype = ctypes.c_uint64
    return _xxh(data, len(data), seed)

def can_hash():
    try:
        xxh3(b"", 0)
        return True
    except OSError:
        return False

def lines_of(data):
    parts = data.split(b"\n")
    if parts[-1] == b"":
        parts.pop()
    return parts

_JSON_ESC = {0x22: b'\\"', 0x5C: b"\\\\", 0x0A: b"\\n", 0x09: b"\\t", 0x0D: b"\\r", 0x08: b"\\b", 0x0C: b"\\f"}
def json_bytes(s):
    import re
    return b'"' + re.sub(rb'[\x00-\x1f"\\]', lambda m: _JSON_ESC.get(m.group()[0], b"\\u%04x" % m.group()[0]), s) + b'"'

def tsv_bytes(s):
    return s.replace(b"\\", b"\\\\").replace(b"\t", b"\\t").replace(b"\n", b"\\n").replace(b"\r", b"\\r")

def csv_bytes(s):
    if s == b"" or any(c in s for c in (b",", b'"', b"\r", b"\n")):
        return b'"' + s.replace(b'"', b'""') + b'"'
    return s

def frames(data):
    """Yields (offset, type, flags, table, count, checksum, header, payload); stops where data ends."""
    pos = 16
    while pos + 24 <= len(data):
        length, typ, flags, _, table, count, csum = struct.unpack_from("<IBBHIIQ", data, pos)
        header = data[pos:pos + 24]
        payload = data[pos + 24:pos + 24 + length]
        yield pos, typ, flags, table, count, csum, header, payload
        pos += 24 + length

class Reader:
    def __init__(self, b):
        self.b, self.p = b, 0
    def u(self, fmt):
        v = struct.unpack_from("<" + fmt, self.b, self.p)[0]
        self.p += struct.calcsize("<" + fmt)
        return v
    def s(self):
        n = self.u("I")
        v = self.b[self.p:self.p + n]
        self.p += n
        return v.decode("utf-8", "replace")

def decode_schema(payload):
    r = Reader(payload)
    name = r.s()
    fields = []
    for _ in range(r.u("H")):
        fname = r.s()
        code = r.u("B")
        fl = r.u("B")
        fields.append("%s:%s%s" % (fname, TYPES.get(code, "?%d" % code), "?" if fl & 1 else ""))
    meta = []
    for _ in range(r.u("H")):
        meta.append((r.s(), r.s()))
    return name, fields, meta

def seal(typ, table, count, payload, flags=0):
    h0 = struct.pack("<IBBH", len(payload), typ, flags, 0)
    h1 = struct.pack("<II", table, count)
    seed = struct.unpack("<Q", h0)[0] ^ struct.unpack("<Q", h1)[0]
    return h0 + h1 + struct.pack("<Q", xxh3(payload, seed)) + payload

def stream_header(major=1):
    return MAGIC + struct.pack("<HHI", major, 0, 0)

def end_payload(counts):
    return struct.pack("<I", len(counts)) + b"".join(struct.pack("<IQ", t, n) for t, n in counts)

def cmd_dump(path, *drop):
    data = open(path, "rb").read()
    check = can_hash()
    if data[:8] != MAGIC:
        print("not a stream")
        return
    print("header major=%d minor=%d" % struct.unpack_from("<HH", data, 8))
    for pos, typ, flags, table, count, csum, header, payload in frames(data):
        ok = ""
        if check:
            seed = struct.unpack_from("<Q", header, 0)[0] ^ struct.unpack_from("<Q", header, 8)[0]
            ok = "" if xxh3(payload, seed) == csum else " BAD-CHECKSUM"
        if typ == 1:
            name, fields, meta = decode_schema(payload)
            meta = [(k, v) for k, v in meta if k not in drop]
            print("schema table=%d name=%s fields=%s meta=%s%s" % (table, name, ",".join(fields), json.dumps(meta), ok))
        elif typ == 2:
            print("batch table=%d count=%d bytes=%d sha=%s%s" % (table, count, len(payload),
                                                                hashlib.sha256(payload).hexdigest()[:16], ok))
        elif typ == 3:
            n = struct.unpack_from("<I", payload, 0)[0]
            counts = [struct.unpack_from("<IQ", payload, 4 + 12 * i) for i in range(n)]
            print("end %s%s" % (counts, ok))
        elif typ == 4:
            r = Reader(payload)
            print("error %r%s" % (r.s(), ok))
        else:
            print("frame type=%d flags=%d table=%d bytes=%d%s" % (typ, flags, table, len(payload), ok))

def cmd_batches(path):
    data = open(path, "rb").read()
    print(sum(1 for f in frames(data) if f[1] == 2))

def cmd_edit(src, dst, op, arg=None):
    data = open(src, "rb").read()
    fs = list(frames(data))
    out = [stream_header(2 if op == "major2" else 1)]
    schema_done = False
    moved = None
    for pos, typ, flags, table, count, csum, header, payload in fs:
        frame = header + payload
        if op == "batch-first" and typ == 1 and not schema_done:
            moved = frame
            schema_done = True
            continue
        if typ == 3:
            if op == "end-count":
                n = struct.unpack_from("<I", payload, 0)[0]
                counts = [list(struct.unpack_from("<IQ", payload, 4 + 12 * i)) for i in range(n)]
                counts[0][1] += 1
                frame = seal(3, 0, 0, end_payload(counts))
            elif op == "drop-end":
                continue
            elif op == "error-frame":
                msg = arg.encode()
                frame = seal(4, 0, 0, struct.pack("<I", len(msg)) + msg)
        out.append(frame)
        if typ == 1 and op == "dup-schema":
            out.append(frame)
        if typ == 1 and op in ("skippable", "unknown"):
            out.append(seal(77, 0, 0, b"future frame", 1 if op == "skippable" else 0))
        if typ == 2 and moved is not None:
            out.append(moved)
            moved = None
    if op == "trailing":
        out.append(b"\0")
    open(dst, "wb").write(b"".join(out))

def cmd_merge(dst, a, b):
    ids = {a: 7, b: 3}
    per = {}
    for path in (a, b):
        data = open(path, "rb").read()
        schema, batches = None, []
        for pos, typ, flags, table, count, csum, header, payload in frames(data):
            if typ == 1: schema = payload
            if typ == 2: batches.append((count, payload))
        per[path] = (schema, batches)
    out = [stream_header()]
    out.append(seal(1, ids[a], 0, per[a][0]))
    out.append(seal(1, ids[b], 0, per[b][0]))
    ba, bb = per[a][1], per[b][1]
    for i in range(max(len(ba), len(bb))):
        for path, bs in ((a, ba), (b, bb)):
            if i < len(bs):
                out.append(seal(2, ids[path], bs[i][0], bs[i][1]))
    counts = [(ids[a], sum(c for c, _ in ba)), (ids[b], sum(c for c, _ in bb))]
    out.append(seal(3, 0, 0, end_payload(counts)))
    open(dst, "wb").write(b"".join(out))

def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    w = sys.stdout.buffer
    if cmd == "lines-jsonl":
        for line in lines_of(open(args[0], "rb").read()):
            w.write(b'{"line":' + json_bytes(line) + b"}\n")
    elif cmd == "lines-tsv":
        w.write(b"line\n")
        for line in lines_of(open(args[0], "rb").read()):
            w.write(tsv_bytes(line) + b"\n")
    elif cmd == "lines-csv":
        w.write(b"line\n")
        for line in lines_of(open(args[0], "rb").read()):
            w.write(csv_bytes(line) + b"\n")
    elif cmd == "dump":
        cmd_dump(*args)
    elif cmd == "batches":
        cmd_batches(*args)
    elif cmd == "edit":
        cmd_edit(*args)
    elif cmd == "merge":
        cmd_merge(*args)
    else:
        sys.exit("rectool: unknown command " + cmd)

main()
PYEOF

rectool() { python3 -c "$RECTOOL_PY" "$@"; }

# find_shared_data: sets SHARED to ../shared/data (next to the repository), or skips the test where it is absent.
find_shared_data() {
  SHARED=$RECPIPE_SOURCE_DIR/../shared/data
  [[ -d $SHARED ]] || skip "../shared/data not found"
  SHARED=$(cd "$SHARED" && pwd)
}
