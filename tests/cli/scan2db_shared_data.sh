#!/usr/bin/env bash
# scan2db on every listing in ../shared/data/gpfs: each database is checked figure by figure against an independent
# Python computation over the same listing (scan2db_check.py); -j1 and -j4 make byte-identical databases; gzip,
# xz and zstd inputs and standard input make the same database as the plain file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
python3 -c 'import sqlite3' 2>/dev/null || skip "python3 has no sqlite3 module"
find_shared_data
SCAN2DB=$RECPIPE_BIN/../scan2db/scan2db
CHECK=$RECPIPE_SOURCE_DIR/tests/cli/scan2db_check.py

# dump DB: every row of every table, bytes as they are, but scan_metadata's source_file (the input's name).
dump() {
  python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.text_factory = bytes
for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
    for row in db.execute('SELECT * FROM "%s" ORDER BY 1, 2' % table.decode()):
        if table == b"scan_metadata":
            row = row[:1] + row[2:]
        print(table.decode(), repr(row))
PY
}

declare -A dialect=([mmdu_default]=default [ncar_minimal]=keyvalue [storage_scale_escaped]=escaped
                    [synthetic_escaped_hardcases]=escaped [synthetic_ncar_hardcases]=keyvalue)
listings=("$SHARED"/gpfs/*.list)
(( ${#listings[@]} >= 5 )) || fail "expected the five listings of ../shared/data/gpfs, found ${#listings[@]}"
for listing in "${listings[@]}"; do
  name=$(basename "$listing" .list)
  want=${dialect[$name]:-}
  [[ -n $want ]] || fail "$name: a listing this test does not know; add its dialect above"
  cp "$listing" "$name.list"

  step "$name: detected as $want, figures match the independent computation"
  expect_exit 0 "$SCAN2DB" -j1 -o "$name.j1.sqlite" "$name.list"
  expect_stderr_empty
  [[ $(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select dialect from scan_metadata").fetchone()[0])' "$name.j1.sqlite") == "$want" ]] ||
    fail "$name: not detected as $want"
  python3 "$CHECK" "$name.list" "$name.j1.sqlite" "$want" || fail "$name: figures differ from the independent computation"

  step "$name: -j4 makes the same bytes"
  expect_exit 0 "$SCAN2DB" -j4 -o "$name.j4.sqlite" "$name.list"
  same_bytes "$name.j1.sqlite" "$name.j4.sqlite" "$name database with -j1 and -j4"

  step "$name: compressed and piped inputs make the same database"
  dump "$name.j1.sqlite" >"$name.want.sql"
  for codec in gzip xz zstd; do
    command -v "$codec" >/dev/null || continue
    "$codec" -c "$name.list" >"$name.list.$codec"
    expect_exit 0 "$SCAN2DB" -o "$name.$codec.sqlite" "$name.list.$codec"
    dump "$name.$codec.sqlite" >"$name.got.sql"
    same_bytes "$name.want.sql" "$name.got.sql" "$name database from $codec input"
  done
  expect_exit 0 "$SCAN2DB" -o "$name.stdin.sqlite" - <"$name.list"
  dump "$name.stdin.sqlite" >"$name.got.sql"
  same_bytes "$name.want.sql" "$name.got.sql" "$name database from standard input"
done

step "the example queries of scan2db(1) run on the schema and answer"
python3 - "$RECPIPE_SOURCE_DIR/man/scan2db.1" synthetic_ncar_hardcases.j1.sqlite <<'PY' || fail "an example query of scan2db(1) fails"
import re, sqlite3, sys
page, database = sys.argv[1:]
text = open(page).read().replace("\\-", "-")
queries = re.findall(r'sqlite3 fs1\.sqlite "(.*?)"\n', text, re.S)
assert len(queries) == 3, queries
db = sqlite3.connect(database)
db.text_factory = bytes
for q in queries:
    rows = db.execute(q).fetchall()
    assert rows, "no rows: " + q
print("%d example queries answer" % len(queries))
PY
finish
