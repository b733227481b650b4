#!/usr/bin/env bash
# chunk --format jsonl with numbers that simdjson cannot hold (integers beyond 64 bits, magnitudes beyond a
# double): valid JSON, so never an error where they are not extracted; extracted into a string field they are
# their exact text, into f64 the nearest double (as csv does), into an integer type an error naming the line and
# the field. A line that is not valid JSON is still an error, also when it holds a big number.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cat >big.jsonl <<'EOF'
{"id":1,"big":123456789012345678901234567890,"s":"a"}
{"id":2,"big":-9223372036854775809,"s":"b","deep":{"v":[1, 99999999999999999999999 ,{"k" : 1e400}]}}
{"id":3,"big":18446744073709551615,"s":"c\u0041"}
{"id":4,"big":1e400,"s":"d"}
EOF

step "big numbers in fields that are not extracted: every line, exit 0"
expect_exit 0 "$CHUNK" --fields id,s --types id:u8 --to jsonl big.jsonl
expect_stderr_empty
expect_stdout '{"id":1,"s":"a"}
{"id":2,"s":"b"}
{"id":3,"s":"cA"}
{"id":4,"s":"d"}
'
expect_exit 0 "$CHUNK" --keep-line --to csv big.jsonl
expect_stderr_empty
[[ $(count_lines out) == 5 ]] || fail "--keep-line: expected a header and 4 lines: $(show out)"

step "extracted into a string field: the exact text (arrays and objects without their whitespace)"
expect_exit 0 "$CHUNK" --fields id,big,deep.v --types id:u8 --to jsonl big.jsonl
expect_stdout '{"id":1,"big":"123456789012345678901234567890","deep.v":null}
{"id":2,"big":"-9223372036854775809","deep.v":"[1,99999999999999999999999,{\"k\":1e400}]"}
{"id":3,"big":"18446744073709551615","deep.v":null}
{"id":4,"big":"1e400","deep.v":null}
'

step "into f64: the nearest double, as for csv; beyond the range of f64 an error naming line and field"
printf 'id,big\n1,123456789012345678901234567890\n2,-9223372036854775809\n3,18446744073709551615\n' >big.csv
expect_exit 0 "$CHUNK" --types id:u8,big:f64 --to csv big.csv
mv out from_csv
expect_exit 0 "$CHUNK" --format jsonl --fields id,big --types id:u8,big:f64 --to csv < <(head -3 big.jsonl)
same_bytes from_csv out "f64 from JSON and from csv"
expect_exit 1 "$CHUNK" --fields id,big --types big:f64 --to csv big.jsonl
expect_stderr_contains "chunk: error: big.jsonl:4: field 'big': '1e400' is not a valid f64"

step "into u64 or i64: an error naming the line and the field"
expect_exit 1 "$CHUNK" --fields id,big --types big:u64 -o out.rec big.jsonl
expect_stderr_contains "chunk: error: big.jsonl:1: field 'big': '123456789012345678901234567890' is not a valid u64"
[[ ! -e out.rec ]] || fail "a failed run left its -o file"
expect_exit 1 "$CHUNK" --format jsonl --fields big --types big:i64 --to csv < <(sed -n 2p big.jsonl)
expect_stderr_contains "chunk: error: stdin:1: field 'big': '-9223372036854775809' is not a valid i64"
# 2^64 - 1 still fits u64.
expect_exit 0 "$CHUNK" --format jsonl --fields big --types big:u64 --to csv < <(sed -n 3p big.jsonl)
expect_stdout $'big\n18446744073709551615\n'
# Under --max-errors, the bad lines are counted and the rest kept.
expect_exit 0 "$CHUNK" --fields id,big --types big:u64 --max-errors 3 --to csv big.jsonl
expect_stdout $'id,big\n3,18446744073709551615\n'

step "a line with a big number that is not valid JSON is still an error"
for bad in '{"id":5,"big":12345678901234567890123,}' '{"id":5,"big":12345678901234567890123} x' \
  '{"id":5,"big":012345678901234567890123}' '{"id":5,"big":12345678901234567890123,"s":tru}' \
  '{"id":5,"big":[12345678901234567890123}'; do
  expect_exit 1 "$CHUNK" --format jsonl --fields id --to csv < <(printf '%s\n' "$bad")
  expect_stderr_contains "chunk: error: stdin:1: malformed JSON"
done
expect_exit 1 "$CHUNK" --format jsonl --fields id --to csv < <(printf '[12345678901234567890123]\n')
expect_stderr_contains "chunk: error: stdin:1: not a JSON object"

finish
