#!/usr/bin/env bash
# The rules of recpipe-stream(5) on values and schemas, the same in every command that reads streams: a bool other
# than 0 or 1, set bits in the unused part of a null bitmap, two fields of one name, and records in a table
# without fields are each an error naming the input, the frame's byte offset, the table and (for values) the
# record and field, from chunk, dedupe, pack and merge alike; a table without fields and without records is kept
# by all four. The streams are written here byte by byte, checksums sealed with libxxhash.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
have_xxhash || skip "python cannot load libxxhash.so.0"
need_commands DEDUPE PACK MERGE

# Writes the test streams and prints the byte offsets of the frames that the messages name.
python3 - >offsets <<'PY'
import ctypes, struct, sys
_lib = ctypes.CDLL("libxxhash.so.0")
_xxh = _lib.XXH3_64bits_withSeed
_xxh.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint64]
_xxh.restype = ctypes.c_uint64
MAGIC = b"\x89RPS\r\n\x1a\n"

def frame(typ, table, count, payload):
    h0 = struct.pack("<IBBH", len(payload), typ, 0, 0)
    h1 = struct.pack("<II", table, count)
    seed = struct.unpack("<Q", h0)[0] ^ struct.unpack("<Q", h1)[0]
    return h0 + h1 + struct.pack("<Q", _xxh(payload, len(payload), seed)) + payload

def s(b):
    return struct.pack("<I", len(b)) + b

def schema(table_id, name, fields):  # fields: (name, type code, nullable)
    p = s(name) + struct.pack("<H", len(fields))
    for n, code, nullable in fields:
        p += s(n) + bytes([code, 1 if nullable else 0])
    return frame(1, table_id, 0, p + struct.pack("<H", 0))

def end(counts):
    return frame(3, 0, 0, struct.pack("<I", len(counts)) + b"".join(struct.pack("<IQ", t, n) for t, n in counts))

def stream(*frames):
    return MAGIC + struct.pack("<HHI", 1, 0, 0) + b"".join(frames)

# flags: bitmap (1 byte: bit 0 = 'seen' null), id u16, ok bool, seen bool nullable; 5 bytes a record.
FLAGS = [(b"id", 7, False), (b"ok", 1, False), (b"seen", 1, True)]
def flags_batch(records):
    return frame(2, 1, len(records), b"".join(bytes([bm]) + struct.pack("<H", i) + bytes([ok, seen]) for bm, i, ok, seen in records))

good = [(0, 10, 0, 1), (1, 11, 1, 0), (0, 12, 0, 1)]
out = {
    "flags_good.rec": stream(schema(1, b"flags", FLAGS), flags_batch(good), end([(1, 3)])),
    "flags_bool2.rec": stream(schema(1, b"flags", FLAGS), flags_batch(good), flags_batch([(0, 13, 0, 1), (0, 14, 2, 1)]), end([(1, 5)])),
    "flags_bitmap.rec": stream(schema(1, b"flags", FLAGS), flags_batch([(0, 10, 0, 1), (0x81, 11, 1, 0)]), end([(1, 2)])),
    "dup_names.rec": stream(schema(1, b"flags", FLAGS), schema(2, b"t", [(b"a", 5, False), (b"b", 12, False), (b"a", 5, False)]), end([(1, 0), (2, 0)])),
    "zero_ok.rec": stream(schema(5, b"empty", []), schema(1, b"flags", FLAGS), flags_batch(good), end([(5, 0), (1, 3)])),
    "zero_batch.rec": stream(schema(5, b"empty", []), frame(2, 5, 4, b""), end([(5, 4)])),
    "zero_end.rec": stream(schema(5, b"empty", []), end([(5, 4)])),
}
for name, data in out.items():
    open(name, "wb").write(data)
# where the frames of interest start, for the messages
print("bool2_at=%d" % (16 + len(schema(1, b"flags", FLAGS)) + len(flags_batch(good))))
print("bitmap_at=%d" % (16 + len(schema(1, b"flags", FLAGS))))
print("dup_at=%d" % (16 + len(schema(1, b"flags", FLAGS))))
print("zero_batch_at=%d" % (16 + len(schema(5, b"empty", []))))
print("zero_end_at=%d" % (16 + len(schema(5, b"empty", []))))
PY
# shellcheck disable=SC1091
source ./offsets

# dump FILE: the tables of a stream (or a container, through chunk) with their field counts, and the END counts
# (sorted by table name: writers differ in their order).
dump() {
  local f=$1
  [[ $f == *.rpk ]] && { "$CHUNK" "$f" -o "$f.rec"; f=$f.rec; }
  python3 - "$f" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
assert d[:8] == b"\x89RPS\r\n\x1a\n", "not a stream"
pos, names, out = 16, {}, []
while pos < len(d):
    n, t, f, _, tid, cnt = struct.unpack_from("<IBBHII", d, pos)
    p = d[pos + 24:pos + 24 + n]
    if t == 1:
        k = struct.unpack_from("<I", p)[0]
        names[tid] = p[4:4 + k].decode()
        out.append("schema %s fields=%d" % (names[tid], struct.unpack_from("<H", p, 4 + k)[0]))
    elif t == 3:
        m = struct.unpack_from("<I", p)[0]
        out.append("end " + " ".join(sorted("%s=%d" % (names[i], c) for i, c in (struct.unpack_from("<IQ", p, 4 + 12 * j) for j in range(m)))))
    pos += 24 + n
print("; ".join(out))
PY
}

# each_command_fails FILE MESSAGE: chunk, dedupe, pack and merge all exit 1 on FILE with MESSAGE and leave no
# output file.
each_command_fails() {
  local file=$1 message=$2 name
  for cmd in "$CHUNK" "$DEDUPE" "$PACK" "$MERGE"; do
    name=$(basename "$cmd")
    expect_exit 1 "$cmd" "$file" -o "out.$name.rec"
    expect_stderr_contains "$name: error: $file: $message"
    [[ ! -e out.$name.rec ]] || fail "$name left its -o file after failing on $file"
  done
}

step "the good stream reads in every command"
for cmd in "$CHUNK" "$DEDUPE" "$PACK" "$MERGE"; do
  expect_exit 0 "$cmd" flags_good.rec -o out.rec
  rm -f out.rec
done

step "a bool of 2: the frame offset, table, record (counted in the table from 0) and field"
each_command_fails flags_bool2.rec \
  "byte $bool2_at: table 'flags': record 4: field 'ok' is a bool of value 2 (only 0 and 1 are valid)"

step "unused bits of a null bitmap set"
each_command_fails flags_bitmap.rec "byte $bitmap_at: table 'flags': record 1: null bitmap has unused bits set"

step "two fields of one name: an error at the SCHEMA frame"
each_command_fails dup_names.rec "byte $dup_at: schema frame: table 't' has two fields named 'a'"

step "records in a table without fields: refused by every command alike"
each_command_fails zero_batch.rec \
  "byte $zero_batch_at: table 'empty': batch of 4 records for a table without fields, which holds none"
each_command_fails zero_end.rec "byte $zero_end_at: table 'empty' should have 4 records, the stream held 0"

step "a table without fields and records is kept, with an END count of 0, by every command"
"$CHUNK" zero_ok.rec -o chunk.rec
"$DEDUPE" zero_ok.rec -o dedupe.rec
"$PACK" zero_ok.rec -o pack.rpk
"$MERGE" zero_ok.rec -o merge.rec
"$MERGE" zero_ok.rec -o merge.rpk
for f in chunk.rec dedupe.rec pack.rpk merge.rec merge.rpk; do
  got=$(dump "$f")
  [[ $got == "schema flags fields=3; schema empty fields=0; end empty=0 flags=3" ]] || fail "$f: $got"
done

step "chunk makes no table with two fields of one name"
printf 'a,b,a\n1,2,3\n' >dup.csv
expect_exit 1 "$CHUNK" --to tsv dup.csv
expect_stderr_contains "chunk: error: dup.csv:1: the header names column 'a' twice"
expect_exit 2 "$CHUNK" --format jsonl --fields x,y,x --to tsv < <(echo '{"x":1}')
expect_stderr_contains "--fields names 'x' twice"
expect_exit 2 "$CHUNK" --format jsonl --fields line --keep-line --to tsv < <(echo '{"x":1}')
expect_stderr_contains "--keep-line adds field 'line', which --fields names too"

finish
