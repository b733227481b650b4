#!/usr/bin/env bash
# chunk without --format: a stream or container cut inside its magic number (head -c N, N = 1..7), one whose magic
# has a damaged byte, and a *.rec, *.rps or *.rpk file without the magic are errors naming the byte offset, never
# text read with exit 0; text that only starts with a byte of the magic (0x89) is still text. The same cut streams
# piped to dedupe, pack and merge fail too. See recpipe-stream(5), READING, and chunk(1), --format.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
need_commands DEDUPE PACK MERGE

printf 'id,name\n1,ann\n2,bob\n' >people.csv
"$CHUNK" --types id:u32 people.csv -o s.rec
"$PACK" s.rec -o s.rpk

step "head -c N of a stream or container, N = 1..7: 'cut after N bytes', exit 1"
for n in 1 2 3 4 5 6 7; do
  unit=bytes
  [[ $n == 1 ]] && unit=byte
  for f in s.rec s.rpk; do
    expect_exit 1 "$CHUNK" --to tsv < <(head -c "$n" "$f")
    expect_stderr_contains "chunk: error: stdin: byte $n: "
    expect_stderr_contains "cut after $n $unit"
  done
  head -c "$n" s.rec >cut.rec
  expect_exit 1 "$CHUNK" --to tsv cut.rec
  expect_stderr_contains "chunk: error: cut.rec: byte $n: "
  for cmd in "$DEDUPE" "$PACK" "$MERGE"; do
    expect_exit 1 "$cmd" -o out.rec < <(head -c "$n" s.rec)
    expect_stderr_contains "stdin: byte $n: stream header cut short: a record stream cut after $n $unit"
  done
done
[[ ! -e out.rec ]] || fail "a failed run left its -o file"

step "a magic with one damaged byte is an error in a *.rec, a *.rpk, another name and on standard input"
for i in 0 1 4 6 7; do
  python3 - "$i" <<'PY'
import sys
i = int(sys.argv[1])
for src, dst in (("s.rec", "bad.rec"), ("s.rpk", "bad.rpk"), ("s.rec", "bad.data")):
    d = bytearray(open(src, "rb").read())
    d[i] ^= 0x04
    open(dst, "wb").write(d)
PY
  for f in bad.rec bad.rpk bad.data; do
    expect_exit 1 "$CHUNK" --to tsv "$f"
    expect_stderr_contains "chunk: error: $f: byte $i: "
    expect_stderr_contains "damaged magic number"
  done
  expect_exit 1 "$CHUNK" --to tsv <bad.rec
  expect_stderr_contains "chunk: error: stdin: byte $i: "
done

step "a magic damaged after its first four bytes (a text-mode transfer: CR LF to LF) is an error"
python3 -c '
d = open("s.rec", "rb").read()
open("lf.data", "wb").write(d[:4] + d[5:])'
expect_exit 1 "$CHUNK" --to tsv lf.data
expect_stderr_contains "chunk: error: lf.data: byte 4: a record stream with a damaged magic number"

step "a file named *.rec, *.rps or *.rpk without the magic is an error naming the first byte that differs"
printf 'hello\n' >text.rec
expect_exit 1 "$CHUNK" --to tsv text.rec
expect_stderr_contains "chunk: error: text.rec: byte 0: bad magic number for a record stream"
printf '\x89RPX1234\n' >almost.rps
expect_exit 1 "$CHUNK" --to tsv almost.rps
expect_stderr_contains "chunk: error: almost.rps: byte 3: bad magic number for a record stream"
printf 'hello\n' | gzip >text.rpk.gz
expect_exit 1 "$CHUNK" --to tsv text.rpk.gz
expect_stderr_contains "chunk: error: text.rpk.gz: byte 0: bad magic number for a pack container"
: >empty.rec
expect_exit 1 "$CHUNK" --to tsv empty.rec
expect_stderr_contains "chunk: error: empty.rec: byte 0: "
# An explicit --format reads the file as that format, whatever its name.
expect_exit 0 "$CHUNK" --format lines --to tsv text.rec
expect_stdout $'line\nhello\n'

step "text that merely starts like the magic is still text"
printf '\x89 per mille\nsecond\n' >latin1.txt
expect_exit 0 "$CHUNK" --to tsv latin1.txt
expect_stdout $'line\n\x89 per mille\nsecond\n'
printf '\x89RP\n' >three.txt  # the first 3 bytes of the magic, then a line end: 4 bytes, not a prefix
expect_exit 0 "$CHUNK" --to tsv <three.txt
expect_stdout $'line\n\x89RP\n'
# Two damaged bytes, neither 0x89 nor 0x1a left: as unlikely as text as a damaged stream; read as text.
printf 'hRPS\r\nZ\nmore\n' >two.txt
expect_exit 0 "$CHUNK" --to tsv two.txt
expect_stderr_empty

finish
