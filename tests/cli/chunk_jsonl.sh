#!/usr/bin/env bash
# chunk --format jsonl: --fields picks values, dotted names reach into nested objects, a missing value is null,
# a non-string value taken as a string is its JSON text; --types; --keep-line keeps the whole line; empty lines
# are skipped but counted; a malformed line, a line that is not an object and a value of the wrong type fail with
# FILE:LINE.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

cat >events.jsonl <<'EOF'
{"id":1,"user":{"name":"ann","tags":["a","b"],"age":31},"ts":1.5,"ok":true}

{"id":2,"user":{"name":null},"ts":2}
   
{"id":3,"user":"not an object","extra":{"deep":{"x":"y"}}}
{"ts":-0.125,"id":18446744073709551615,"user":{"name":"é \"q\" \\ \n\t\u0001 \ud83d\ude00","age":-4}, "ok":false}
{"user":{"name":{"first":"bo","last":"x"}},"id":0,"ok":null}
EOF

step "--fields with nested values, missing values, --types"
expect_exit 0 "$CHUNK" --fields id,user.name,user.tags,user.age,ts,ok --types id:u64,user.age:i8,ts:f64,ok:bool \
  --to jsonl events.jsonl
expect_stdout '{"id":1,"user.name":"ann","user.tags":"[\"a\",\"b\"]","user.age":31,"ts":1.5,"ok":true}
{"id":2,"user.name":null,"user.tags":null,"user.age":null,"ts":2,"ok":null}
{"id":3,"user.name":null,"user.tags":null,"user.age":null,"ts":null,"ok":null}
{"id":18446744073709551615,"user.name":"é \"q\" \\ \n\t\u0001 😀","user.tags":null,"user.age":-4,"ts":-0.125,"ok":false}
{"id":0,"user.name":"{\"first\":\"bo\",\"last\":\"x\"}","user.tags":null,"user.age":null,"ts":null,"ok":null}
'
expect_stderr_empty
rectool dump <("$CHUNK" --fields id,user.name --types id:u64 events.jsonl) >dump
grep -qF 'schema table=0 name=events fields=id:u64?,user.name:string? meta=[["source", "events.jsonl"], ["format", "jsonl"]]' dump ||
  fail "jsonl fields should all be nullable: $(head -2 dump)"

step "all as strings: JSON text of non-strings"
expect_exit 0 "$CHUNK" --fields id,ts,user,extra.deep --to tsv events.jsonl
expect_stdout 'id	ts	user	extra.deep
1	1.5	{"name":"ann","tags":["a","b"],"age":31}	\N
2	2	{"name":null}	\N
3	\N	not an object	{"x":"y"}
18446744073709551615	-0.125	{"name":"é \\"q\\" \\\\ \\n\\t\\u0001 😀","age":-4}	\N
0	\N	{"name":{"first":"bo","last":"x"}}	\N
'

step "--keep-line keeps each line as it is"
expect_exit 0 "$CHUNK" --fields id --keep-line --to jsonl events.jsonl
python3 - <<'PY' || fail "--keep-line: the line field is not the input line"
import json
want = [l for l in open("events.jsonl", encoding="utf-8").read().split("\n") if l.strip()]
got = [json.loads(l) for l in open("out", encoding="utf-8")]
assert [g["line"] for g in got] == want, ([g["line"] for g in got], want)
assert [g["id"] for g in got] == ["1", "2", "3", "18446744073709551615", "0"], got
assert all(list(g) == ["id", "line"] for g in got)
PY
expect_exit 0 "$CHUNK" --keep-line --format jsonl --to jsonl - <events.jsonl
[[ $(count_lines out) == 5 ]] || fail "--keep-line alone should give 5 records: $(cat out)"

step "file names that mean jsonl"
for name in e.ndjson e.json e.jsonl.gz; do
  if [[ $name == *.gz ]]; then
    command -v gzip >/dev/null 2>&1 || continue
    gzip -c events.jsonl >$name
  else
    cp events.jsonl $name
  fi
  expect_exit 0 "$CHUNK" --fields id --to csv $name
  expect_stdout $'id\n1\n2\n3\n18446744073709551615\n0\n'
done

step "CR LF line ends"
printf '{"a":1}\r\n\r\n{"a":"x"}\r\n' >crlf.jsonl
expect_exit 0 "$CHUNK" --fields a --to jsonl crlf.jsonl
expect_stdout $'{"a":"1"}\n{"a":"x"}\n'

step "a malformed line: exit 1 and FILE:LINE, counting empty lines"
printf '{"a":1}\n\n{"a":2}\n{"a":\n{"a":3}\n' >bad.jsonl
expect_exit 1 "$CHUNK" --fields a --to jsonl bad.jsonl
expect_stderr_contains "chunk: error: bad.jsonl:4: "
for broken in '{"a":1' '{"a":1}}' '{a:1}' "{'a':1}" '{"a":01}' '{"a":1} x' '{"a":tru}' '{"a":"\x"}'; do
  printf '{"a":0}\n%s\n' "$broken" >broken.jsonl
  expect_exit 1 "$CHUNK" --fields a --to jsonl broken.jsonl
  expect_stderr_contains "chunk: error: broken.jsonl:2: "
done

step "a line that is not an object"
for value in '[1,2]' '42' '"text"' 'null' 'true'; do
  printf '{"a":0}\n\n%s\n' "$value" >notobj.jsonl
  expect_exit 1 "$CHUNK" --fields a --to jsonl notobj.jsonl
  expect_stderr_contains "chunk: error: notobj.jsonl:3: "
  expect_stderr_contains "not a JSON object"
done

step "a value of the wrong type names the line and the field"
wrong_type() {  # TYPE VALUE
  printf '{"v":null}\n{"v":%s}\n' "$2" >wt.jsonl
  expect_exit 1 "$CHUNK" --fields v --types "v:$1" --to jsonl wt.jsonl
  expect_stderr_contains "chunk: error: wt.jsonl:2: "
  expect_stderr_contains "'v'"
}
wrong_type i64 '"12"'
wrong_type i64 1.5
wrong_type u8 256
wrong_type u8 -1
wrong_type i8 -129
wrong_type u64 -1
wrong_type bool 1
wrong_type f64 '"1.5"'
wrong_type f64 '[1]'

step "--max-errors skips bad lines"
printf '{"a":1}\n{"a":\n[]\n{"a":2}\n' >twobad.jsonl
expect_exit 0 "$CHUNK" --fields a --types a:i32 --max-errors 2 --to jsonl twobad.jsonl
expect_stdout $'{"a":1}\n{"a":2}\n'
expect_stderr_contains "chunk: warning: twobad.jsonl:2: "
expect_stderr_contains "chunk: warning: twobad.jsonl:3: "
expect_exit 1 "$CHUNK" --fields a --types a:i32 --max-errors 1 --to jsonl twobad.jsonl
expect_stderr_contains "chunk: error: twobad.jsonl:3: "

step "usage errors"
expect_exit 2 "$CHUNK" --format jsonl events.jsonl
expect_exit 2 "$CHUNK" --fields id --types ts:f64 events.jsonl
expect_exit 2 "$CHUNK" --fields id --delimiter , events.jsonl

echo "PASS: $TEST_NAME"
