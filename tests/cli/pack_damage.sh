#!/usr/bin/env bash
# pack and damage: every cut of a small container and every flipped byte is refused by pack -d and pack --test
# (exit 1, a message naming the file and byte offset); --skip-damaged goes on past a damaged block and reports
# exactly the records lost; a failed or interrupted pack -o (a cut input, an upstream error, /dev/full, SIGINT)
# leaves nothing at the output name.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
PACK=$RECPIPE_BIN/../pack/pack
[[ -x $PACK ]] || fail "no pack executable at $PACK"

python3 - <<'PY'
with open("small.csv", "w") as f:
    f.write("t,name\n")
    for i in range(60):
        f.write("%d,n%d\n" % (1000 + 7 * i, i % 13))
PY
"$CHUNK" --format csv --types t:i64 small.csv -o small.rec
"$PACK" --block-size 200 -c zstd -l 1 small.rec -o small.rpk
"$CHUNK" small.rec --to tsv > small.tsv
size=$(stat -c %s small.rpk)
echo "   small.rpk: $size bytes, $("$PACK" --list small.rpk | head -1 | grep -o '[0-9]* blocks')"

step "every cut of the container is refused by pack -d (and every third by pack --test and from a pipe)"
for ((cut = 0; cut < size; cut++)); do
  head -c $cut small.rpk > cut.rpk
  rc=0; "$PACK" -d cut.rpk > /dev/null 2> err || rc=$?
  [[ $rc == 1 ]] || fail "pack -d accepts the container cut at $cut bytes (exit $rc)"
  ((cut % 3 == 0)) || continue
  rc=0; "$PACK" --test cut.rpk 2> err || rc=$?
  [[ $rc == 1 ]] || fail "pack --test accepts the container cut at $cut bytes (exit $rc)"
  rc=0; "$PACK" -d < cut.rpk > /dev/null 2> err || rc=$?
  [[ $rc == 1 ]] || fail "pack -d from a pipe accepts the container cut at $cut bytes (exit $rc)"
done
grep -qF "cut.rpk: byte" err || grep -qF "stdin: byte" err || fail "no byte offset in: $(show err)"

step "every flipped byte is caught by pack --test (and every third by pack -d; bytes 10-11, the minor version, may change)"
python3 - "$size" <<'PY'
import sys
data = open("small.rpk", "rb").read()
for i in range(len(data)):
    if i in (10, 11):
        continue
    b = bytearray(data); b[i] ^= 0x10
    open("flip%d.rpk" % i, "wb").write(b)
PY
for f in flip*.rpk; do
  rc=0; "$PACK" --test "$f" 2> err || rc=$?
  [[ $rc == 1 ]] || fail "pack --test accepts $f (exit $rc)"
  n=${f//[^0-9]/}
  ((n % 3 == 0)) || continue
  rc=0; "$PACK" -d "$f" > /dev/null 2> err || rc=$?
  [[ $rc == 1 ]] || fail "pack -d accepts $f (exit $rc)"
done
rm -f flip*.rpk

step "the message names the block and its byte offset"
read -r off <<< "$("$PACK" --list -v small.rpk | awk -F'\t' '$1 == 2 {print $5}')"
python3 -c "
import sys
b = bytearray(open('small.rpk', 'rb').read()); b[$off + 40] ^= 1
open('bad.rpk', 'wb').write(b)"
expect_exit 1 "$PACK" -d bad.rpk -o out.rec
expect_stderr_contains "pack: error: bad.rpk: byte $off: block 2: checksum mismatch"
[[ ! -e out.rec ]] || fail "a failed pack -d left out.rec"
expect_exit 1 "$PACK" --test bad.rpk
expect_stderr_contains "bad.rpk: byte $off: block: checksum mismatch"

step "--skip-damaged passes the damaged block and counts its records"
lost_records=$("$PACK" --list -v small.rpk | awk -F'\t' '$1 == 2 {print $4}')
first=$("$PACK" --list -v small.rpk | awk -F'\t' '$1 == 2 {print $3}')
expect_exit 0 "$PACK" -d --skip-damaged bad.rpk --to tsv
expect_stderr_contains "1 damaged block skipped, $lost_records records lost"
awk -v a="$((first + 2))" -v b="$((first + 1 + lost_records))" 'NR < a || NR > b' small.tsv | cmp -s - out ||
  fail "--skip-damaged output is not the records of the sound blocks"
# Read in order (from a pipe, no index), the same.
rc=0; "$PACK" -d --skip-damaged --to tsv < bad.rpk > piped.tsv 2> err || rc=$?
[[ $rc == 0 ]] && cmp -s piped.tsv out || fail "--skip-damaged from a pipe: exit $rc, $(show err)"
# A cut container: what is there, and a warning that the rest is lost.
cut_at=$("$PACK" --list -v small.rpk | awk -F'\t' '$1 == 3 {print $5 + 30}')
head -c "$cut_at" small.rpk > cut.rpk
expect_exit 0 "$PACK" -d --skip-damaged cut.rpk --to tsv
expect_stderr_contains "cut short"
n=$(($(wc -l < out) - 1))
head -n $((n + 1)) small.tsv | cmp -s - out || fail "--skip-damaged on a cut container: not a prefix"
[[ $n -gt 0 && $n -lt 60 ]] || fail "--skip-damaged on a cut container gave $n records"

step "a failed pack -o leaves no file: cut input, upstream error, /dev/full"
head -c 500 small.rec > cut.rec
expect_exit 1 "$PACK" cut.rec -o out.rpk
expect_stderr_contains "cut.rec: byte"
[[ ! -e out.rpk ]] || fail "pack of a cut stream left out.rpk"
printf 'a,b\n1,2\n3,4,5\n' > bad.csv
rc=0; "$CHUNK" bad.csv 2>/dev/null | "$PACK" -o out.rpk 2> err || rc=$?
[[ $rc == 1 ]] || fail "chunk bad.csv | pack: exit $rc"
grep -qF "upstream failed: chunk: error: bad.csv:3" err || fail "upstream message not passed on: $(show err)"
[[ ! -e out.rpk ]] || fail "pack after an upstream error left out.rpk"
if [[ -w /dev/full ]]; then
  expect_exit 1 "$PACK" small.rec -o /dev/full
  expect_stderr_contains "No space left on device"
  expect_exit 1 "$PACK" -d small.rpk -o /dev/full
fi
# A container cut short on its way down a pipe is an error for the reader.
rc=0; "$PACK" --block-size 200 small.rec | head -c 600 | "$PACK" -d > /dev/null 2> err || rc=$?
[[ $rc == 1 ]] || fail "a container cut in a pipe: exit $rc"

step "SIGINT during pack -o leaves no file"
{ echo t,v; seq 1 1000000 | awk 'BEGIN {srand(1)} {print $1 "," int(rand() * 1e9)}'; } > big.csv
"$CHUNK" --format csv --types t:i64,v:i64 big.csv -o big.rec
"$PACK" -c xz -l 9 -j1 big.rec -o big.rpk & pid=$!
sleep 0.5
kill -INT $pid
rc=0; wait $pid || rc=$?
[[ $rc != 0 ]] || fail "pack finished before SIGINT; make the input bigger"
[[ -z $(ls -A | grep -F big.rpk) ]] || fail "SIGINT left $(ls -A | grep -F big.rpk)"
finish
