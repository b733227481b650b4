#!/usr/bin/env bash
# Stats do not depend on line order: a listing's lines shuffled (several seeds, header lines kept in front) make
# the same database byte for byte; and they do not depend on the cut into blocks: a listing many blocks long,
# made by ../shared/scripts/synth-gpfs-list.py, agrees with the independent computation with -j1 and -j3.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_python
python3 -c 'import sqlite3' 2>/dev/null || skip "python3 has no sqlite3 module"
find_shared_data
SCAN2DB=$RECPIPE_BIN/../scan2db/scan2db
CHECK=$RECPIPE_SOURCE_DIR/tests/cli/scan2db_check.py
SYNTH=$SHARED/../scripts/synth-gpfs-list.py

shuffle() {  # shuffle SEED IN OUT: header lines ('#', '[') first, the others in a random order
  python3 - "$@" <<'PY'
import random, sys
seed, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lines = open(src, "rb").read().split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()
head = [l for l in lines if l[:1] in (b"#", b"[")]
body = [l for l in lines if l[:1] not in (b"#", b"[")]
random.Random(seed).shuffle(body)
open(dst, "wb").write(b"\n".join(head + body) + b"\n")
PY
}

for name in synthetic_escaped_hardcases synthetic_ncar_hardcases storage_scale_escaped mmdu_default; do
  mkdir -p ordered
  cp "$SHARED/gpfs/$name.list" ordered/listing
  (cd ordered && "$SCAN2DB" -o ../$name.sqlite listing) || fail "$name: scan2db failed"
  for seed in 1 2 3; do
    step "$name: lines shuffled with seed $seed"
    mkdir -p "s$seed"
    shuffle "$seed" "$SHARED/gpfs/$name.list" "s$seed/listing"
    cmp -s "s$seed/listing" ordered/listing && fail "$name: the shuffle left the order as it was"
    (cd "s$seed" && "$SCAN2DB" -o ../$name.s$seed.sqlite listing) || fail "$name: scan2db failed on seed $seed"
    same_bytes "$name.sqlite" "$name.s$seed.sqlite" "$name database from shuffled lines (seed $seed)"
  done
done

if [[ -x $SYNTH ]]; then
  for d in ncar escaped; do
    step "a $d listing of some 20 blocks: -j1 and -j3 agree with the independent computation"
    python3 "$SYNTH" --dirs 800 --seed 7 --dialect "$d" --hard-case-rate 0.05 >big.list
    (( $(stat -c %s big.list) > 4 * 1048576 )) || fail "the synthetic listing is too small to span several blocks"
    want=$([[ $d == ncar ]] && echo keyvalue || echo escaped)
    expect_exit 0 "$SCAN2DB" -j1 -o big1.sqlite big.list
    expect_exit 0 "$SCAN2DB" -j3 -o big3.sqlite big.list
    same_bytes big1.sqlite big3.sqlite "$d database with -j1 and -j3"
    python3 "$CHECK" big.list big1.sqlite "$want" || fail "$d: figures differ from the independent computation"
  done
fi
finish
