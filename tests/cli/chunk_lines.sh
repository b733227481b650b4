#!/usr/bin/env bash
# chunk --format lines: every line comes back as it was (CR before LF kept, empty lines, a last line without LF,
# a line of 3 MB, longer than a read block); empty input is a valid stream of 0 records; standard input and a
# file give the same records; gzip, xz and zstd inputs give the same stream as the plain file except for the
# "source" metadata; concatenated compressed members are read to the end; a damaged compressed file fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

step "a file of awkward lines, as jsonl, tsv and csv"
python3 - <<'PY'
lines = [b"plain", b"crlf kept\r", b"", b"", b"tab\there", b'back\\slash "quoted", comma',
         b"controls \x01\x1f\x7f\x08\x0c", "ünïcødé €".encode(), b"x" * (3 << 20), b"after the long line",
         b"  spaces  ", b"\r", b"\r\r", b"last, without newline"]
open("mixed.txt", "wb").write(b"\n".join(lines))
PY
rectool lines-jsonl mixed.txt >want.jsonl
[[ $(count_lines want.jsonl) == 14 ]] || fail "the fixture should have 14 lines"
expect_exit 0 "$CHUNK" --format lines --to jsonl mixed.txt
same_bytes want.jsonl out "chunk --format lines --to jsonl mixed.txt"
expect_stderr_empty
# The same, read back as JSON: every record is the line, byte for byte.
python3 - <<'PY' || fail "jsonl records do not decode to the lines"
import json
want = open("mixed.txt", "rb").read().decode("utf-8").split("\n")
got = [json.loads(l)["line"] for l in open("out", encoding="utf-8")]
assert got == want, [(i, a[:40], b[:40]) for i, (a, b) in enumerate(zip(want, got)) if a != b][:3] or (len(want), len(got))
PY
expect_exit 0 "$CHUNK" --to jsonl mixed.txt  # auto: a .txt file is lines
same_bytes want.jsonl out "chunk --to jsonl mixed.txt (format auto)"
rectool lines-tsv mixed.txt >want.tsv
expect_exit 0 "$CHUNK" --to tsv mixed.txt
same_bytes want.tsv out "chunk --to tsv mixed.txt"
rectool lines-csv mixed.txt >want.csv
expect_exit 0 "$CHUNK" --to csv mixed.txt
same_bytes want.csv out "chunk --to csv mixed.txt"

step "bytes that are not UTF-8 pass through unchanged"
printf 'ok\n\xff\xfe bad \xc3\n\x80\n' >latin.txt
rectool lines-jsonl latin.txt >want.jsonl
expect_exit 0 "$CHUNK" --to jsonl latin.txt
same_bytes want.jsonl out "jsonl of invalid UTF-8 lines"

step "line ends at the end of the input"
check_lines() {  # CONTENT EXPECTED-JSONL
  printf '%s' "$1" >case.txt
  expect_exit 0 "$CHUNK" --to jsonl case.txt
  expect_stdout "$2"
}
check_lines $'a\n' $'{"line":"a"}\n'
check_lines $'a' $'{"line":"a"}\n'
check_lines $'a\n\n' $'{"line":"a"}\n{"line":""}\n'
check_lines $'\n' $'{"line":""}\n'
check_lines $'\n\n\n' $'{"line":""}\n{"line":""}\n{"line":""}\n'
check_lines $'a\r\n' $'{"line":"a\\r"}\n'
check_lines $'a\rb\n' $'{"line":"a\\rb"}\n'
check_lines '' ''

step "empty input: 0 records, but a valid stream with the table"
set +e +o pipefail
"$CHUNK" </dev/null | "$CHUNK" --to tsv >out 2>err
rcs=("${PIPESTATUS[@]}")
set -e -o pipefail
[[ ${rcs[*]} == "0 0" ]] || fail "chunk </dev/null | chunk --to tsv exited ${rcs[*]}: $(show err)"
expect_stdout $'line\n'
: >empty.txt
expect_exit 0 "$CHUNK" empty.txt -o empty.rec
expect_exit 0 "$CHUNK" --to csv empty.rec
expect_stdout $'line\n'
expect_exit 0 "$CHUNK" --to jsonl empty.rec
expect_stdout ''
rectool dump empty.rec >dump
grep -q '^schema table=0 name=empty fields=line:string ' dump || fail "empty stream has no schema: $(cat dump)"
grep -q '^end \[(0, 0)\]$' dump || fail "empty stream has no END with 0 records: $(cat dump)"
! grep -q 'BAD-CHECKSUM' dump || fail "bad checksum in $(cat dump)"

step "standard input and a file give the same records"
expect_exit 0 "$CHUNK" --table mixed mixed.txt
mv out from_file.rec
expect_exit 0 "$CHUNK" --table mixed - <mixed.txt
mv out from_redirect.rec
cat mixed.txt | "$CHUNK" --table mixed >from_pipe.rec
same_bytes from_redirect.rec from_pipe.rec "the stream from stdin as a regular file and as a pipe"
rectool dump from_file.rec source >dump_file
rectool dump from_pipe.rec source >dump_pipe
same_bytes dump_file dump_pipe "stream structure from a file and from stdin (apart from the source)"
rectool dump from_file.rec >dump_file
grep -qF '["source", "mixed.txt"], ["format", "lines"]' dump_file || fail "metadata of a file input: $(head -2 dump_file)"
rectool dump from_pipe.rec >dump_pipe
grep -qF '["source", "stdin"]' dump_pipe || fail "metadata of stdin: $(head -2 dump_pipe)"
expect_exit 0 "$CHUNK" </dev/null
rectool dump out >dump
grep -q '^schema table=0 name=stdin ' dump || fail "the table of stdin should be named stdin: $(head -2 dump)"
expect_exit 0 "$CHUNK" mixed.txt
rectool dump out >dump
grep -q '^schema table=0 name=mixed ' dump || fail "the table of mixed.txt should be named mixed: $(head -2 dump)"
rectool lines-jsonl mixed.txt >want.jsonl
cat mixed.txt | "$CHUNK" --to jsonl >out
same_bytes want.jsonl out "jsonl from a pipe"

step "compressed inputs"
rectool dump from_file.rec source >want.dump
tested=0
for tool in gzip xz zstd; do
  case $tool in
    gzip) ext=gz ;;
    xz) ext=xz ;;
    zstd) ext=zst ;;
  esac
  if ! command -v $tool >/dev/null 2>&1; then
    echo "   ($tool not installed: not tested)"
    continue
  fi
  tested=$((tested + 1))
  $tool -c <mixed.txt >mixed.txt.$ext
  expect_exit 0 "$CHUNK" --to jsonl mixed.txt.$ext
  same_bytes want.jsonl out "chunk --to jsonl mixed.txt.$ext"
  expect_exit 0 "$CHUNK" --table mixed mixed.txt.$ext
  rectool dump out source >got.dump
  same_bytes want.dump got.dump "stream of mixed.txt.$ext against that of mixed.txt (apart from the source)"
  rectool dump out >dump
  grep -qF "[\"source\", \"mixed.txt.$ext\"]" dump || fail "source of mixed.txt.$ext: $(head -2 dump)"
  expect_exit 0 "$CHUNK" mixed.txt.$ext
  rectool dump out >dump
  grep -q '^schema table=0 name=mixed ' dump || fail "table name of mixed.txt.$ext should be mixed: $(head -2 dump)"
  cat mixed.txt.$ext | "$CHUNK" --to jsonl >out
  same_bytes want.jsonl out "jsonl of mixed.txt.$ext through a pipe"

  # Several members (gzip), streams (xz) or frames (zstd) back to back: all are read.
  printf 'one\ntwo\n' | $tool -c >multi.$ext
  printf 'three\n' | $tool -c >>multi.$ext
  printf '' | $tool -c >>multi.$ext
  printf 'four' | $tool -c >>multi.$ext
  expect_exit 0 "$CHUNK" --to tsv multi.$ext
  expect_stdout $'line\none\ntwo\nthree\nfour\n'

  # An empty compressed file is 0 records.
  printf '' | $tool -c >none.$ext
  expect_exit 0 "$CHUNK" --to csv none.$ext
  expect_stdout $'line\n'

  # Cut short: an error, not a silently shorter result.
  size=$(wc -c <mixed.txt.$ext)
  head -c $((size / 2)) mixed.txt.$ext >cut.$ext
  expect_exit 1 "$CHUNK" --to jsonl cut.$ext
  expect_stderr_contains "chunk: error: cut.$ext"
  head -c $((size - 1)) mixed.txt.$ext >cut.$ext
  expect_exit 1 "$CHUNK" --to jsonl cut.$ext
  expect_stderr_contains "chunk: error: cut.$ext"
done
[[ $tested -gt 0 ]] || echo "   (no compressor installed: compressed input not tested)"

echo "PASS: $TEST_NAME"
