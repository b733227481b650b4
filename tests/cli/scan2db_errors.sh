#!/usr/bin/env bash
# scan2db's rules for bad input and its output: a bad line is an error naming FILE:LINE and leaves no database;
# --max-errors skips and counts; a cut xz or gzip file is an error, never a short database; an entry below no
# listed directory is outside the tree; missing directories between a root and an entry are created; several
# roots; standard output is refused; --help and --version.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
python3 -c 'import sqlite3' 2>/dev/null || skip "python3 has no sqlite3 module"
SCAN2DB=$RECPIPE_BIN/../scan2db/scan2db
CHECK=$RECPIPE_SOURCE_DIR/tests/cli/scan2db_check.py
q() { python3 -c 'import sqlite3,sys; [print(*r, sep="|") for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]' "$@"; }

expect_help_and_version scan2db "$SCAN2DB" --dialect --scan-date --max-errors

kv() {  # kv INODE UID SIZE_KIB MODE PATH: one key=value line
  printf '<1> %s 7 0  s=%s a=%s u=%s g=100 m=FAu p=%s ac=2026-01-01 00:00:00 mt=2026-01-01 00:00:00 cr=2026-01-01 00:00:00 nl=1 -- %s\n' \
    "$1" "$(($3 * 1000))" "$3" "$2" "$4" "$5"
}
{
  echo '[I] GPFS listing'
  kv 10 1000 4 -rw-r--r-- '/r1/a/b/deep file'   # /r1/a and /r1/a/b are never listed
  kv 11 1000 0 drwxr-xr-x /r1
  kv 12 2000 8 -rw-r--r-- /r1/top
  kv 13 1000 0 drwxr-xr-x /r2/x                  # a second root (its parent /r2 is not listed)
  kv 14 1000 16 -rw-r--r-- /r2/x/f
} >good.list

step "missing directories are created, several roots, parents after children"
expect_exit 0 "$SCAN2DB" -o good.sqlite good.list
python3 "$CHECK" good.list good.sqlite keyvalue || fail "figures differ from the independent computation"
[[ $(q good.sqlite "select path from paths order by path" | tr '\n' ' ') == "/r1 /r1/a /r1/a/b /r2/x " ]] ||
  fail "unexpected directories: $(q good.sqlite 'select path from paths')"
[[ $(q good.sqlite "select file_count_r, total_size_r, dir_count_r from directory_stats join paths using (dir_id) where path = '/r1'") == "2|12288|2" ]] ||
  fail "/r1 recursive figures: $(q good.sqlite "select * from directory_stats")"

step "a bad line: FILE:LINE, exit 1, no database"
{ cat good.list; echo '<1> 15 7 0  s=1 a=oops u=1 g=1 m=FAu p=-rw-r--r-- ac=2026-01-01 00:00:00 mt=2026-01-01 00:00:00 cr=2026-01-01 00:00:00 nl=1 -- /r1/bad'; } >bad.list
expect_exit 1 "$SCAN2DB" -o bad.sqlite bad.list
expect_stderr_contains "scan2db: error: bad.list:7: a= is not a size in KiB"
[[ ! -e bad.sqlite ]] || fail "a failed run left bad.sqlite"
ls -A | grep -q '^\.bad' && fail "a failed run left a temporary file: $(ls -A)"

step "--max-errors skips and counts"
{ cat bad.list; echo 'not a listing line'; } >bad2.list
expect_exit 1 "$SCAN2DB" --max-errors 1 -o bad2.sqlite bad2.list
expect_stderr_contains "bad2.list:8: "
expect_exit 0 "$SCAN2DB" --max-errors 2 --stats stats.json -o bad2.sqlite bad2.list
expect_stderr_contains "2 bad lines skipped"
[[ $(q bad2.sqlite "select errors_skipped, total_files from scan_metadata") == "2|3" ]] || fail "errors not counted"
grep -q '"errors_skipped": *2' stats.json || fail "--stats lacks the skipped errors: $(cat stats.json)"

step "an entry below no listed directory is outside the tree"
{ cat good.list; kv 16 1000 4 -rw-r--r-- /elsewhere/file; } >outside.list
expect_exit 1 "$SCAN2DB" -o outside.sqlite outside.list
expect_stderr_contains "outside.list: /elsewhere: 1 entries below no listed directory"
[[ ! -e outside.sqlite ]] || fail "a failed run left outside.sqlite"

step "a cut compressed file is an error, never a short database"
python3 "$RECPIPE_SOURCE_DIR/../shared/scripts/synth-gpfs-list.py" --dirs 300 --seed 3 >big.list 2>/dev/null ||
  for i in $(seq 1 20000); do kv $((100 + i)) 1 1 -rw-r--r-- "/r1/f$i"; done >>big.list
for codec in xz gzip; do
  command -v $codec >/dev/null || continue
  $codec -c big.list >full.$codec
  head -c $(($(stat -c %s full.$codec) * 2 / 3)) full.$codec >cut.$codec
  expect_exit 1 "$SCAN2DB" -o cut.sqlite cut.$codec
  expect_stderr_contains "cut.$codec"
  [[ ! -e cut.sqlite ]] || fail "a cut $codec input left a database"
done

step "no dialect fits; --dialect overrides detection"
printf 'hello world\n' >text.list
expect_exit 1 "$SCAN2DB" -o text.sqlite text.list
expect_stderr_contains "text.list: not a scan listing"
expect_exit 1 "$SCAN2DB" --dialect escaped -o good2.sqlite good.list
expect_stderr_contains "good.list:1: no inode number"

step "usage: no -o, a bad --dialect, a bad --scan-date"
expect_exit 2 "$SCAN2DB" good.list
expect_stderr_contains "-o NAME.sqlite"
expect_exit 2 "$SCAN2DB" --dialect csv -o x.sqlite good.list
expect_exit 2 "$SCAN2DB" --scan-date 2026-13-01 -o x.sqlite good.list
finish
