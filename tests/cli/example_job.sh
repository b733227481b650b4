#!/usr/bin/env bash
# A worked example, examples/JOB/Makefile, run as its users run it: `make -j4 check` in a copy of examples/ with
# the built commands first on PATH, then `make -q all` must say that nothing is left to redo.
# Every example Makefile has `all` (its first target), `check` (after all: results against figures computed
# independently) and `clean`; it calls the commands by name and writes only inside its own folder.
#   bash tests/cli/example_job.sh transit
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
job=${1:?usage: example_job.sh JOB}
TEST_NAME=example_$job
need make python3

bin_dirs=""
for d in chunk dedupe merge pack parse_events bam2cols parse_gtfs scan2db; do
  [[ -d $RECPIPE_BIN/../$d ]] || fail "no build folder $RECPIPE_BIN/../$d"
  bin_dirs+="$(cd "$RECPIPE_BIN/../$d" && pwd):"
done
export PATH="$bin_dirs$PATH"

cp -r "$RECPIPE_SOURCE_DIR/examples" ex
make -C "ex/$job" clean >/dev/null

step "make -j4 check in examples/$job"
make -C "ex/$job" -j4 check >make.log 2>&1 || { cat make.log; fail "make -j4 check failed"; }
tail -n 20 make.log

step "a second make has nothing to redo"
make -C "ex/$job" -q all || fail "make -q all: targets are out of date right after a full run"
finish
