#!/usr/bin/env bash
# A truncated or damaged BAM is an error naming the file and the offset, from a file and from standard input, for
# -j1 and -j2, and leaves no output file: cut inside a block, cut at a block boundary, a flipped byte, the
# end-of-file block missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/bam2cols_lib.sh"
need_python
src=$EXAMPLE_BAM
size=$(stat -c %s "$src")
head -c $((size / 2)) "$src" >cut.bam
head -c $((size - 28)) "$src" >noeof.bam
cp "$src" flip.bam
chmod u+w flip.bam
printf '\377' | dd of=flip.bam bs=1 seek=$((size / 3)) conv=notrunc 2>/dev/null
# A cut exactly at a block boundary: the first blocks, without the end-of-file block.
python3 - "$src" >boundary.bam <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
pos = 0
for _ in range(3):
    bsize = struct.unpack_from("<H", data, pos + 16)[0] + 1
    pos += bsize
sys.stdout.buffer.write(data[:pos])
PY

for f in cut noeof flip boundary; do
  for j in 1 2; do
    step "$f.bam, -j$j"
    expect_exit 1 "$BAM2COLS" -j$j "$f.bam" -o out.rec
    expect_stderr_matches "^bam2cols: error: $f\\.bam:[0-9]+: "
    [[ ! -e out.rec ]] || fail "out.rec left behind after the error on $f.bam"
    expect_exit 1 "$BAM2COLS" -j$j - -o out.rec <"$f.bam"
    expect_stderr_matches "^bam2cols: error: stdin:[0-9]+: "
    [[ ! -e out.rec ]] || fail "out.rec left behind after the error on $f.bam from standard input"
  done
done

step "a record size past INT32_MAX is a damaged record at once, not a wait for the rest of the file"
python3 - "$src" >huge.raw <<'PY'
import gzip, struct, sys
raw = bytearray(gzip.decompress(open(sys.argv[1], "rb").read()))
pos = 8 + struct.unpack_from("<i", raw, 4)[0]  # after magic, l_text and the text
n_ref = struct.unpack_from("<i", raw, pos)[0]
pos += 4
for _ in range(n_ref):
    pos += 4 + struct.unpack_from("<i", raw, pos)[0] + 4
struct.pack_into("<I", raw, pos, 0xFFFFFFF0)  # the first record's block_size
sys.stdout.buffer.write(raw)
PY
if command -v bgzip >/dev/null; then
  bgzip -c huge.raw >huge.bam
  for j in 1 2; do
    expect_exit 1 "$BAM2COLS" -j$j huge.bam -o out.rec
    expect_stderr_matches "^bam2cols: error: huge\\.bam:[0-9]+: damaged record"
  done
fi

step "into a pipe, the error reaches the reader"
rc=0
"$BAM2COLS" flip.bam 2>/dev/null | "$CHUNK" --to tsv >/dev/null 2>err.txt || rc=$?
[[ $rc == 1 ]] || fail "chunk reading bam2cols' failed stream exited $rc"
grep -q 'bam2cols: error: flip.bam' err.txt || fail "chunk did not pass on bam2cols' error: $(cat err.txt)"

step "not an alignment file"
printf 'hello\n' >hello.txt
expect_exit 1 "$BAM2COLS" hello.txt -o /dev/null
expect_stderr_contains "bam2cols: error: hello.txt"
expect_exit 1 "$BAM2COLS" missing.bam -o /dev/null
expect_stderr_contains "missing.bam: No such file or directory"
finish
