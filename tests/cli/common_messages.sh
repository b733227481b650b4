#!/usr/bin/env bash
# Messages (recpipe(7), DIAGNOSTICS): whatever bytes the data put into a message (a file name, a bad value, the
# text of an upstream ERROR frame), each message is one printable line: control characters and invalid UTF-8 are
# quoted as \xHH, valid UTF-8 is kept, a backslash is quoted (\x5c) only before an x.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

MERGE=$RECPIPE_BIN/../merge/merge
[[ -x $MERGE ]] || fail "no merge executable at $MERGE"

# one_printable_line N: the stderr of the last expect_exit is N lines, none with a control character.
one_printable_line() {
  local want=${1:-1} lines
  lines=$(count_lines err)
  [[ $lines == "$want" ]] || fail "expected $want line(s) of message, got $lines: $(show err)"
  if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' err; then fail "a control character in the message: $(show err)"; fi
}

step "a file name with an escape sequence and a newline"
name=$'no\x1b[31m\nsuch'
expect_exit 1 "$CHUNK" "$name"
one_printable_line
expect_stdout ""
grep -qxF 'chunk: error: no\x1b[31m\x0asuch: No such file or directory' err || fail "unexpected message: $(show err)"

step "a bad value with control characters, Latin-1 and UTF-8"
printf 'a,b\n1,x\n2\x1b]0;title\x07,y\n' >bad.csv
expect_exit 1 "$CHUNK" --types a:i32 bad.csv
one_printable_line
expect_stderr_contains '2\x1b]0;title\x07'
printf 'a\n\xe9t\xc3\xa9\n' >latin.csv
expect_exit 1 "$CHUNK" --types a:i32 latin.csv
one_printable_line
expect_stderr_contains $'\\xe9t\xc3\xa9'
printf 'a\nC:\\x1b\n' >backslash.csv
expect_exit 1 "$CHUNK" --types a:i32 backslash.csv
one_printable_line
expect_stderr_contains 'C:\x5cx1b'

step "warnings too"
expect_exit 0 "$CHUNK" --types a:i32 --max-errors 5 bad.csv -o /dev/null
one_printable_line 2
expect_stderr_contains '2\x1b]0;title\x07'

step "usage errors"
expect_exit 2 "$CHUNK" --to $'x\x1b[2J' bad.csv
one_printable_line 2
expect_stderr_contains "x\\x1b[2J"

step "the text of an upstream ERROR frame"
if have_xxhash; then
  printf 'a\n1\n' >ok.csv
  "$CHUNK" ok.csv -o ok.rec
  rectool edit ok.rec failed.rec error-frame $'up: error: bad\x1b[2J\nrm -rf ~ \xc2\x9b'
  expect_exit 1 "$MERGE" failed.rec
  one_printable_line
  grep -qxF 'merge: error: upstream failed: up: error: bad\x1b[2J\x0arm -rf ~ \xc2\x9b' err ||
    fail "unexpected message: $(show err)"
else
  echo "(libxxhash not loadable by python: the ERROR frame case is left out)"
fi

finish
