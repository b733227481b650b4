# shellcheck shell=bash
# Helpers for the parse-gtfs tests (sourced after lib.sh): where the program is, the Python checker, zips.
PARSE_GTFS=$RECPIPE_BIN/../parse_gtfs/parse-gtfs
[[ -x $PARSE_GTFS ]] || fail "no parse-gtfs executable at $PARSE_GTFS"
GTFS_CHECK=$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_check.py

# gtfs_check FEED STREAM [--encoding latin1]: values of STREAM against Python's csv reading of FEED; prints
# "TABLE ROWS" lines into STREAM.counts.
gtfs_check() {
  python3 "$GTFS_CHECK" "$@" >"$2.counts" || fail "parse-gtfs output $2 differs from Python's reading of $1"
}

# make_zip OUT.zip DIR [PREFIX]: zips the files of DIR (as PREFIX/NAME when PREFIX is given).
make_zip() {
  python3 - "$@" <<'PY'
import os, sys, zipfile
out, src = sys.argv[1], sys.argv[2]
prefix = sys.argv[3] + "/" if len(sys.argv) > 3 else ""
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    if prefix:
        z.writestr(prefix, b"")
    for n in sorted(os.listdir(src)):
        z.write(os.path.join(src, n), prefix + n)
PY
}

# tables STREAM: the table names and record counts of a stream, "NAME COUNT" per line.
tables() {
  python3 -c '
import sys; sys.path.insert(0, sys.argv[2]); import recpipe
r = recpipe.Reader(open(sys.argv[1], "rb")); c = {}
for t, rec in r: c[t] = c.get(t, 0) + 1
for s in r.tables.values(): print(s.name, c.get(s.name, 0))' "$1" "$RECPIPE_SOURCE_DIR/examples"
}
