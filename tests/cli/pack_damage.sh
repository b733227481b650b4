#!/usr/bin/env bash
# pack and damage: every cut of a small container and every flipped byte is refused by pack -d and pack --test
# (exit 1, a message naming the file and byte offset); --skip-damaged goes on past a damaged block, by name and
# through a pipe, and reports exactly the records lost (or that the count is unknown); a damaged index or trailer is
# an error before any output, or with --skip-damaged loses nothing; a failed or interrupted pack -o (a cut input, an
# upstream error, /dev/full, SIGINT) leaves nothing at the output name.
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
# -q: no warning, the same records, and the loss still in --stats.
expect_exit 0 "$PACK" -d -q --skip-damaged --stats quiet.json bad.rpk --to tsv
[[ ! -s $WORK/err ]] || fail "-q: pack -d --skip-damaged still warned: $(show "$WORK/err")"
grep -q "\"errors_skipped\": *$lost_records\b" quiet.json || fail "-q: --stats lacks the $lost_records records lost: $(show quiet.json)"
# Read in order (standard input is the file: no index read), the same.
rc=0; "$PACK" -d --skip-damaged --to tsv < bad.rpk > piped.tsv 2> err || rc=$?
[[ $rc == 0 ]] && cmp -s piped.tsv out || fail "--skip-damaged from standard input: exit $rc, $(show err)"
# A cut container: what is there, and a warning that the rest is lost.
cut_at=$("$PACK" --list -v small.rpk | awk -F'\t' '$1 == 3 {print $5 + 30}')
head -c "$cut_at" small.rpk > cut.rpk
expect_exit 0 "$PACK" -d --skip-damaged cut.rpk --to tsv
expect_stderr_contains "cut short"
expect_stderr_contains "at least"
n=$(($(wc -l < out) - 1))
head -n $((n + 1)) small.tsv | cmp -s - out || fail "--skip-damaged on a cut container: not a prefix"
[[ $n -gt 0 && $n -lt 60 ]] || fail "--skip-damaged on a cut container gave $n records"

# damage FILE OFFSET...: a copy of small.rpk with one bit flipped at each OFFSET.
damage() {
  local name=$1
  shift
  python3 - "$name" "$@" <<'PY'
import sys
b = bytearray(open("small.rpk", "rb").read())
for at in sys.argv[2:]:
    b[int(at)] ^= 0x10
open(sys.argv[1], "wb").write(b)
PY
}
# unpack NAME ARGS...: pack -d ARGS by name (HOW=file) or through cat (HOW=pipe), stdout to out.tsv, stderr to err,
# the exit status in $rc.
unpack() {
  local f=$1
  shift
  rc=0
  if [[ $HOW == pipe ]]; then
    cat "$f" | "$PACK" -d "$@" --to tsv > out.tsv 2> err || rc=$?
  else
    "$PACK" -d "$@" --to tsv "$f" > out.tsv 2> err || rc=$?
  fi
}
# without FIRST COUNT: small.tsv without the records FIRST..FIRST+COUNT-1.
without() { awk -v a="$(($1 + 2))" -v b="$(($1 + 1 + $2))" 'NR < a || NR > b' small.tsv; }
mapfile -t block_lines < <("$PACK" --list -v small.rpk | awk -F'\t' '$1 ~ /^[0-9]+$/')
nblocks=${#block_lines[@]}
index_at=$(python3 -c "import struct; d = open('small.rpk', 'rb').read(); print(struct.unpack('<Q', d[-16:-8])[0])")
trailer_at=$((size - 40))
IFS=$'\t' read -r _ _ _ _ last_at last_size _ <<< "${block_lines[nblocks - 1]}"
end_at=$((last_at + last_size))

step "--skip-damaged, by name and through a pipe: each damaged block (payload or length field) loses exactly its records"
for HOW in file pipe; do
  for line in "${block_lines[@]}"; do
    IFS=$'\t' read -r number _ first count offset _ <<< "$line"
    for at in $((offset + 30)) $((offset + 1)); do
      damage bad.rpk $at
      unpack bad.rpk --skip-damaged
      [[ $rc == 0 ]] || fail "$HOW, block $number damaged at $at: exit $rc: $(show err)"
      without "$first" "$count" | cmp -s - out.tsv ||
        fail "$HOW, block $number damaged at $at: not every other record; $(show err)"
      grep -qF "byte $offset: block $number: " err || fail "$HOW, block $number: no warning naming it: $(show err)"
      grep -qF ": 1 damaged block skipped, $count records lost" err ||
        fail "$HOW, block $number damaged at $at: the count is not $count: $(show err)"
    done
  done
  # Two blocks in a row: both counted from the gap.
  IFS=$'\t' read -r _ _ first count1 offset1 _ <<< "${block_lines[1]}"
  IFS=$'\t' read -r _ _ _ count2 offset2 _ <<< "${block_lines[2]}"
  damage bad2.rpk $((offset1 + 40)) $((offset2 + 40))
  unpack bad2.rpk --skip-damaged
  [[ $rc == 0 ]] && without "$first" $((count1 + count2)) | cmp -s - out.tsv || fail "$HOW, blocks 1 and 2: $(show err)"
  grep -qF ": 2 damaged blocks skipped, $((count1 + count2)) records lost" err || fail "$HOW, blocks 1 and 2: $(show err)"
done
# From a pipe, -j1 and -j4 give the same output and the same messages.
damage bad.rpk $((offset1 + 40))
cat bad.rpk | "$PACK" -d --skip-damaged -j1 > j1.rec 2> j1.err || fail "-j1: $(show j1.err)"
cat bad.rpk | "$PACK" -d --skip-damaged -j4 > j4.rec 2> j4.err || fail "-j4: $(show j4.err)"
cmp -s j1.rec j4.rec && cmp -s j1.err j4.err || fail "--skip-damaged from a pipe differs between -j1 and -j4"

step "a damaged index or trailer: an error before any output, or with --skip-damaged every record, by name and piped"
for what in index trailer; do
  if [[ $what == index ]]; then at=$index_at; else at=$trailer_at; fi
  damage badi.rpk $((at + 30))
  # By name, without --skip-damaged: nothing written, the offset named, --skip-damaged suggested.
  for sel in "" "--records 10:20" "--blocks 1:3" "--where t=1100:1200"; do
    # shellcheck disable=SC2086  # the selection is several words
    HOW=file unpack badi.rpk $sel
    [[ $rc == 1 && ! -s out.tsv ]] || fail "damaged $what, without --skip-damaged [$sel]: exit $rc, output $(show out.tsv)"
    grep -qF "pack: error: badi.rpk: byte $at: " err && grep -qF -- "--skip-damaged" err ||
      fail "damaged $what [$sel]: $(show err)"
    # With it: the blocks in order, the same records as from the sound container, exit 0, a warning naming the offset.
    # shellcheck disable=SC2086
    "$PACK" -d $sel --to tsv small.rpk > want.tsv
    for HOW in file pipe; do
      # shellcheck disable=SC2086
      unpack badi.rpk --skip-damaged $sel
      [[ $rc == 0 ]] || fail "damaged $what, $HOW, --skip-damaged [$sel]: exit $rc: $(show err)"
      cmp -s want.tsv out.tsv || fail "damaged $what, $HOW, --skip-damaged [$sel]: output differs; $(show err)"
      grep -qF "byte $at: " err || fail "damaged $what, $HOW: no warning naming byte $at: $(show err)"
      ! grep -q "records lost" err || fail "damaged $what, $HOW: records said lost: $(show err)"
    done
  done
  HOW=pipe unpack badi.rpk
  [[ $rc == 1 ]] || fail "damaged $what through a pipe without --skip-damaged: exit $rc"
done

step "a damaged end marker loses nothing (the index counts the records); with the index too the loss is unknown"
damage bade.rpk $((end_at + 30))
for HOW in file pipe; do
  unpack bade.rpk --skip-damaged
  [[ $rc == 0 ]] && cmp -s small.tsv out.tsv || fail "damaged end marker, $HOW: exit $rc, $(show err)"
  grep -qF "byte $end_at: end frame: checksum mismatch" err || fail "damaged end marker, $HOW: $(show err)"
  ! grep -q "records lost" err || fail "damaged end marker, $HOW: records said lost: $(show err)"
done
HOW=file unpack bade.rpk
[[ $rc == 1 && ! -s out.tsv ]] || fail "damaged end marker without --skip-damaged: exit $rc"
# The last block, the end marker and the index: the records of the last block cannot be counted.
IFS=$'\t' read -r _ _ last_first _ <<< "${block_lines[nblocks - 1]}"
damage bade.rpk $((last_at + 30)) $((end_at + 30)) $((index_at + 30))
for HOW in file pipe; do
  unpack bade.rpk --skip-damaged
  [[ $rc == 0 ]] && head -n $((last_first + 1)) small.tsv | cmp -s - out.tsv || fail "end and index, $HOW: $(show err)"
  grep -qF "1 damaged block skipped, at least 0 records lost, and how many more is unknown: the end marker and the index are damaged" err ||
    fail "end and index damaged, $HOW: $(show err)"
done

step "a damaged schema: its table's records are all lost, and counted"
damage bads.rpk 40
for HOW in file pipe; do
  unpack bads.rpk --skip-damaged
  [[ $rc == 0 && ! -s out.tsv ]] || fail "damaged schema, $HOW: exit $rc: $(show err)"
  grep -qF "$nblocks blocks of a table whose schema is damaged skipped, 60 records lost" err ||
    fail "damaged schema, $HOW: $(show err)"
done

step "a container cut short in a pipe: what is before the cut, and the loss is unknown, never \"0 records lost\""
cut_at=$(awk -F'\t' '{print $5 + 30}' <<< "${block_lines[2]}")
head -c "$cut_at" small.rpk > cut.rpk
HOW=pipe unpack cut.rpk --skip-damaged
[[ $rc == 0 ]] || fail "cut in a pipe: exit $rc"
IFS=$'\t' read -r _ _ first2 _ <<< "${block_lines[2]}"
head -n $((first2 + 1)) small.tsv | cmp -s - out.tsv || fail "cut in a pipe: not the records before the cut"
grep -qF "at least 0 records lost, and how many more is unknown" err || fail "cut in a pipe: $(show err)"

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
