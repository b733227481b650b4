#!/usr/bin/env bash
# chunk --format csv and tsv: the header row names the fields; quoted fields hold commas, doubled quotes and
# newlines; a UTF-8 byte-order mark is dropped and CR LF accepted; --types makes typed, nullable fields (empty ->
# null) while strings stay non-nullable; errors name FILE:LINE (the line where the row starts, counting the lines
# inside quoted fields before it) and the column; --max-errors skips bad rows; --delimiter; text output round trip.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python

step "fixture tests/data/chunk/quoted.csv with typed columns, as jsonl"
cp "$TEST_DATA/chunk/quoted.csv" .
expect_exit 0 "$CHUNK" --types id:i64,price:f64,in_stock:bool,qty:u8 --to jsonl quoted.csv
same_bytes "$TEST_DATA/chunk/quoted.jsonl" out "chunk --types ... --to jsonl quoted.csv"
expect_stderr_empty
expect_exit 0 "$CHUNK" --format csv --types id:i64,price:f64,in_stock:bool,qty:u8 --to jsonl - <quoted.csv
same_bytes "$TEST_DATA/chunk/quoted.jsonl" out "the same from stdin with --format csv"
# Untyped, every field is a string, exactly as python's csv module reads it.
expect_exit 0 "$CHUNK" --to jsonl quoted.csv
python3 - <<'PY' || fail "untyped records of quoted.csv differ from python's csv module"
import csv, json
want = list(csv.DictReader(open("quoted.csv", newline="", encoding="utf-8")))
got = [json.loads(l) for l in open("out", encoding="utf-8")]
assert want == got, (want, got)
assert list(got[0]) == ["id", "name", "price", "in_stock", "qty", "comment"], list(got[0])
PY
rectool dump <("$CHUNK" --types price:f64,qty:u8 quoted.csv) >dump
grep -qF 'schema table=0 name=quoted fields=id:string,name:string,price:f64?,in_stock:string,qty:u8?,comment:string meta=[["source", "quoted.csv"], ["format", "csv"]]' dump ||
  fail "schema of quoted.csv: strings not nullable, typed fields nullable: $(head -2 dump)"

step "byte-order mark and CR LF"
printf '\xef\xbb\xbfid,name,score\r\n1,"a,b",2.5\r\n2,"say ""hi""",\r\n3,"two\r\nlines",-1e3\r\n4,,+7\r\n' >bom.csv
expect_exit 0 "$CHUNK" --types id:i64,score:f64 --to jsonl bom.csv
expect_stdout '{"id":1,"name":"a,b","score":2.5}
{"id":2,"name":"say \"hi\"","score":null}
{"id":3,"name":"two\r\nlines","score":-1000}
{"id":4,"name":"","score":7}
'
expect_exit 0 "$CHUNK" --to csv bom.csv
expect_stdout $'id,name,score\n1,"a,b",2.5\n2,"say ""hi""",""\n3,"two\r\nlines",-1e3\n4,"",+7\n'
printf '\xef\xbb\xbfonly\r\nx\r\n' >bom1.csv
expect_exit 0 "$CHUNK" --to tsv bom1.csv
expect_stdout $'only\nx\n'

step "every type, and empty typed values are null"
cat >types.csv <<'EOF'
b,i8,i16,i32,i64,u8,u16,u32,u64,f32,f64,s
true,-128,-32768,-2147483648,-9223372036854775808,0,0,0,0,1.5,0.1,text
false,127,32767,2147483647,9223372036854775807,255,65535,4294967295,18446744073709551615,-0.25,-2.5e-300,
1,0,0,0,0,1,1,1,1,0,1e300,""
0,,,,,,,,,,,
EOF
all=b:bool,i8:i8,i16:i16,i32:i32,i64:i64,u8:u8,u16:u16,u32:u32,u64:u64,f32:f32,f64:f64
expect_exit 0 "$CHUNK" --types $all --to jsonl types.csv
expect_stdout '{"b":true,"i8":-128,"i16":-32768,"i32":-2147483648,"i64":-9223372036854775808,"u8":0,"u16":0,"u32":0,"u64":0,"f32":1.5,"f64":0.1,"s":"text"}
{"b":false,"i8":127,"i16":32767,"i32":2147483647,"i64":9223372036854775807,"u8":255,"u16":65535,"u32":4294967295,"u64":18446744073709551615,"f32":-0.25,"f64":-2.5e-300,"s":""}
{"b":true,"i8":0,"i16":0,"i32":0,"i64":0,"u8":1,"u16":1,"u32":1,"u64":1,"f32":0,"f64":1e+300,"s":""}
{"b":false,"i8":null,"i16":null,"i32":null,"i64":null,"u8":null,"u16":null,"u32":null,"u64":null,"f32":null,"f64":null,"s":""}
'
expect_exit 0 "$CHUNK" --types $all --to tsv types.csv
expect_stdout 'b	i8	i16	i32	i64	u8	u16	u32	u64	f32	f64	s
true	-128	-32768	-2147483648	-9223372036854775808	0	0	0	0	1.5	0.1	text
false	127	32767	2147483647	9223372036854775807	255	65535	4294967295	18446744073709551615	-0.25	-2.5e-300	
true	0	0	0	0	1	1	1	1	0	1e+300	
false	\N	\N	\N	\N	\N	\N	\N	\N	\N	\N	
'
# Type names of the man page: int, float, double, str.
expect_exit 0 "$CHUNK" --types i64:int,f64:double,f32:float,s:str --to jsonl types.csv
[[ $(head -1 out) == '{"b":"true","i8":"-128","i16":"-32768","i32":"-2147483648","i64":-9223372036854775808,"u8":"0","u16":"0","u32":"0","u64":"0","f32":1.5,"f64":0.1,"s":"text"}' ]] ||
  fail "type aliases: $(head -1 out)"

step "a value that is not of its type: exit 1, FILE:LINE and the column"
bad_value() {  # TYPE VALUE
  printf 'id,v\n1,1\n"2\nx",%s\n' "$2" >badval.csv
  expect_exit 1 "$CHUNK" --types "v:$1" --to jsonl badval.csv
  expect_stderr_contains "chunk: error: badval.csv:3: "
  expect_stderr_contains "'v'"
}
bad_value u8 256
bad_value u8 -1
bad_value i8 128
bad_value i64 1.5
bad_value i64 9223372036854775808
bad_value i32 12abc
bad_value u64 18446744073709551616
bad_value f64 1.5x
bad_value bool maybe

step "a row with the wrong number of fields: exit 1 and the line where the row starts"
printf 'a,b\n1,2\n"multi\nline\nfield",x\n3,"4\r\n5"\n6,7,8\n9,10\n' >wrong.csv
expect_exit 1 "$CHUNK" --to jsonl wrong.csv
expect_stderr_contains "chunk: error: wrong.csv:8: expected 2 fields, found 3"
printf 'a,b,c\n1,2\n' >short.csv
expect_exit 1 "$CHUNK" short.csv
expect_stderr_contains "chunk: error: short.csv:2: expected 3 fields, found 2"
printf 'a,b\n1,2\n3,"never closed\n4,5\n' >unclosed.csv
expect_exit 1 "$CHUNK" unclosed.csv
expect_stderr_contains "chunk: error: unclosed.csv:3: "
# A record stream on stdout ends with the error, for the next program in a pipeline.
expect_exit 1 "$CHUNK" wrong.csv
mv out wrong.rec
rectool dump wrong.rec >dump
grep -q "^error 'chunk: error: wrong.csv:8: expected 2 fields, found 3'" dump || fail "no ERROR frame: $(cat dump)"

step "--max-errors: bad rows skipped with a warning, one more is fatal"
printf 'id,n\n1,1\n2,x\n3,3\n4,4,4\n5,5\n6,y\n7,7\n' >some_bad.csv
head -6 some_bad.csv >two_bad.csv
expect_exit 0 "$CHUNK" --types n:i64 --max-errors 2 --to jsonl --format csv - <two_bad.csv
expect_stdout '{"id":"1","n":1}
{"id":"3","n":3}
{"id":"5","n":5}
'
expect_stderr_contains "chunk: warning: stdin:3: column 'n': "
expect_stderr_contains "chunk: warning: stdin:5: expected 2 fields, found 3"
expect_stderr_contains "2 bad rows skipped"
expect_exit 1 "$CHUNK" --types n:i64 --max-errors 2 --to jsonl some_bad.csv
expect_stderr_contains "chunk: error: some_bad.csv:7: column 'n': "
expect_exit 0 "$CHUNK" --types n:i64 --max-errors 3 --to jsonl some_bad.csv
[[ $(count_lines out) == 4 ]] || fail "--max-errors 3 should leave 4 records: $(cat out)"
expect_exit 0 "$CHUNK" -q --types n:i64 --max-errors 3 --to jsonl some_bad.csv
expect_stderr_empty
expect_exit 1 "$CHUNK" --types n:i64 --max-errors 0 --to jsonl some_bad.csv
expect_stderr_contains "chunk: error: some_bad.csv:3: column 'n': "

step "tsv: --format tsv, by file name, and quoted fields"
printf 'a\tb c\td\n1\t"x\ty"\t\n2\t"two\nlines"\t-4\n' >t.txt
expect_exit 0 "$CHUNK" --format tsv --types d:i16 --to jsonl t.txt
expect_stdout '{"a":"1","b c":"x\ty","d":null}
{"a":"2","b c":"two\nlines","d":-4}
'
cp t.txt t.tsv
expect_exit 0 "$CHUNK" --types d:i16 --to jsonl t.tsv
expect_stdout '{"a":"1","b c":"x\ty","d":null}
{"a":"2","b c":"two\nlines","d":-4}
'
cp t.txt t.tab
expect_exit 0 "$CHUNK" --to csv t.tab
expect_stdout 'a,b c,d
1,x	y,""
2,"two
lines",-4
'
rectool dump <("$CHUNK" t.tsv) >dump
grep -qF '["format", "tsv"]' dump || fail "format metadata of t.tsv: $(head -2 dump)"

step "--delimiter"
printf 'a;b;c\n1,5;"x;y";\n' >semi.csv
expect_exit 0 "$CHUNK" --delimiter ';' --to jsonl semi.csv
expect_stdout '{"a":"1,5","b":"x;y","c":""}
'
printf 'a|b\n1|2\n' >pipe.txt
expect_exit 0 "$CHUNK" --format csv --delimiter '|' --types b:u8 --to jsonl pipe.txt
expect_stdout '{"a":"1","b":2}
'
expect_exit 2 "$CHUNK" --delimiter ';;' semi.csv
expect_exit 2 "$CHUNK" --delimiter ';' --format lines semi.csv

step "a file with only the header row"
printf 'x,y\n' >header.csv
expect_exit 0 "$CHUNK" --to csv header.csv
expect_stdout $'x,y\n'
expect_exit 0 "$CHUNK" --to jsonl header.csv
expect_stdout ''
printf 'x,y' >header_nolf.csv
expect_exit 0 "$CHUNK" --to tsv header_nolf.csv
expect_stdout $'x\ty\n'

step "compressed csv is found by its name"
if command -v gzip >/dev/null 2>&1; then
  gzip -c quoted.csv >quoted.csv.gz
  expect_exit 0 "$CHUNK" --types id:i64,price:f64,in_stock:bool,qty:u8 --to jsonl quoted.csv.gz
  same_bytes "$TEST_DATA/chunk/quoted.jsonl" out "chunk --to jsonl quoted.csv.gz"
fi

step "usage errors"
expect_exit 2 "$CHUNK" --types nosuch:i64 quoted.csv
expect_stderr_contains "nosuch"
expect_exit 2 "$CHUNK" --types qty:i65 quoted.csv
expect_exit 2 "$CHUNK" --types qty quoted.csv
expect_exit 2 "$CHUNK" --fields id quoted.csv
expect_exit 2 "$CHUNK" --keep-line quoted.csv

step "csv output read back gives the same records"
expect_exit 0 "$CHUNK" --to csv quoted.csv
mv out back.csv
expect_exit 0 "$CHUNK" --types id:i64,price:f64,in_stock:bool,qty:u8 --to jsonl back.csv
same_bytes "$TEST_DATA/chunk/quoted.jsonl" out "quoted.csv written as csv and read back"
expect_exit 0 "$CHUNK" --to csv bom.csv
mv out back.csv
expect_exit 0 "$CHUNK" --to jsonl back.csv
mv out back.jsonl
expect_exit 0 "$CHUNK" --to jsonl bom.csv
same_bytes out back.jsonl "bom.csv written as csv and read back"

echo "PASS: $TEST_NAME"
