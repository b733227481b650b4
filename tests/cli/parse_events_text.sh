#!/usr/bin/env bash
# parse-events on text: the reference CSVs of ../shared/data (x,y,p,t, gzip-compressed, no header) read back with
# --columns give the records of their raw files; headers name columns in any order; spaces or commas; times with a
# decimal point or an exponent are seconds, converted exactly; bad lines and values that do not fit are fatal with
# the file, line and value, or skipped and counted under --max-errors.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_events_lib.sh"

step "header in any order, extra columns ignored, comments, CRLF"
printf '# a comment\nx,y,extra,p,t\r\n1,2,zz,1,10\r\n3,4,q,0,11\r\n' >a.csv
expect_exit 0 "$PARSE_EVENTS" --to csv a.csv
expect_stdout $'t,x,y,p\n10,1,2,1\n11,3,4,0\n'
step "t x y p without a header; seconds with a decimal point; negative polarity is 0"
printf '1.5 3 4 1\n2000000\t5 6 -1\n' >b.txt
expect_exit 0 "$PARSE_EVENTS" --to csv b.txt
expect_stdout $'t,x,y,p\n1500000,3,4,1\n2000000,5,6,0\n'
step "a bad line: fatal with its line number, or skipped under --max-errors"
printf 't x y p\n1 2 3 1\nnonsense here\n4 5 6 0\n' >c.txt
expect_exit 1 "$PARSE_EVENTS" c.txt
expect_stderr_contains "c.txt:3: not an event line"
expect_exit 0 "$PARSE_EVENTS" --max-errors 1 --to csv c.txt
expect_stdout $'t,x,y,p\n1,2,3,1\n4,5,6,0\n'
expect_exit 2 "$PARSE_EVENTS" --to csv --columns x,y,t ./b.txt
expect_stderr_contains "must name each of t, x, y and p once"

step "a bad header names the file and its line (after comments)"
printf '# made by hand\nt x y q\n1 2 3 1\n' >h.txt
expect_exit 1 "$PARSE_EVENTS" h.txt
expect_stderr_contains "parse-events: error: h.txt:2: the header must name each of t, x, y and p once"
step "times beyond i64 microseconds are errors naming the line and the value (they became INT64_MIN)"
for t in 1e13 1e300 9223372036854775808 -9223372036854.775809; do
  printf '1 2 3 1\n%s 2 3 1\n' "$t" >big.txt
  expect_exit 1 "$PARSE_EVENTS" --to csv big.txt
  expect_stderr_contains "big.txt:2: t '$t' is beyond the i64 range of microseconds"
done
step "x and y outside u16 name the value"
printf '1 70000 3 1\n' >x.txt
expect_exit 1 "$PARSE_EVENTS" x.txt
expect_stderr_contains "x.txt:1: x '70000' is outside 0..65535"
step "an exponent means seconds, as a decimal point does; seconds convert exactly from the decimal digits"
printf '1e3 1 1 1\n15e-7 1 1 1\n0.000001 1 1 1\n9007199254.740993 1 1 1\n0.0079195 1 1 1\n-0.0000015 1 1 0\n' >e.txt
expect_exit 0 "$PARSE_EVENTS" --to csv e.txt
expect_stdout $'t,x,y,p\n1000000000,1,1,1\n2,1,1,1\n1,1,1,1\n9007199254740993,1,1,1\n7920,1,1,1\n-2,1,1,0\n'

find_shared_data
EV=$SHARED/events
[[ -d $EV/truth ]] || skip "$EV/truth not found (the checks without it passed)"
for name in evt2_faery evt3_vectorized_cut; do
  step "$name: the truth CSV read back equals the raw decode, -j1 = -j4"
  "$PARSE_EVENTS" --to csv "$EV/raw/$name.raw" >want.csv
  "$PARSE_EVENTS" --columns x,y,p,t --to csv "$EV/truth/$name.csv.gz" >got.csv
  same_bytes want.csv got.csv "$name truth read back"
  gzip -dc "$EV/truth/$name.csv.gz" >"$name.csv"
  events_same_for_threads "$name" --columns x,y,p,t "$name.csv"
done
finish
