#!/usr/bin/env bash
# scan2db --to: every line of each listing in ../shared/data/gpfs becomes one record of table "entries", read back
# with the pure-Python reader (examples/recpipe.py) and compared field by field with the independent parser of
# scan2db_check.py (paths byte for byte, sizes, owners, times in microseconds); -j1 and -j4 write the same bytes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
find_shared_data
SCAN2DB=$RECPIPE_BIN/../scan2db/scan2db
export PYTHONPATH=$RECPIPE_SOURCE_DIR/examples:$RECPIPE_SOURCE_DIR/tests/cli
export PYTHONDONTWRITEBYTECODE=1

declare -A dialect=([mmdu_default]=default [ncar_minimal]=keyvalue [storage_scale_escaped]=escaped
                    [synthetic_escaped_hardcases]=escaped [synthetic_ncar_hardcases]=keyvalue)
for listing in "$SHARED"/gpfs/*.list; do
  name=$(basename "$listing" .list)
  want=${dialect[$name]:-}
  [[ -n $want ]] || fail "$name: a listing this test does not know; add its dialect above"
  step "$name: --to rec, read back, equals the independent parse"
  expect_exit 0 "$SCAN2DB" -j1 --to rec -o "$name.j1.rec" "$listing"
  expect_exit 0 "$SCAN2DB" -j4 --to rec -o "$name.j4.rec" "$listing"
  same_bytes "$name.j1.rec" "$name.j4.rec" "$name entries with -j1 and -j4"
  python3 - "$listing" "$name.j1.rec" "$want" <<'PY' || fail "$name: entries differ"
import sys, datetime as dt
import recpipe, scan2db_check
listing, stream, dialect = sys.argv[1:]
want, _ = scan2db_check.read(listing, dialect)
with open(stream, "rb") as f:
    got = [r for t, r in recpipe.read_stream(f)]
assert len(got) == len(want), (len(got), len(want))
us = lambda t: None if t is None else (t - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)
for w, g in zip(want, got):
    path = g["path"].encode("utf-8", "surrogateescape")
    assert path == w["path"], (path, w["path"])
    assert (g["size"], g["inode"], g["gen"], g["nlink"]) == (w["size"], w["ino"], w["gen"], w["nl"]), (g, w)
    assert (g["uid"], g["gid"]) == (w["uid"], w["gid"]), (g, w)
    assert g["atime"] == us(w["atime"]), (g, w)
    if dialect == "keyvalue":
        assert g["allocated"] == w["bytes"], (g, w)
    if w["dir"] is not None:
        assert (g["kind"] == "dir") == w["dir"], (g, w)
print("%s: %d entries match" % (listing, len(got)))
PY
done
finish
