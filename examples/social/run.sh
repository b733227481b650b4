#!/usr/bin/env bash
# run.sh DAY INDEX PIECE...: one run of the social job (the Makefile's out/DAY/run.done). The pieces of DAY's file
# are joined, deduplicated by id against INDEX with dedupe(1)'s pipe-safe protocol and partitioned by UTC day into
# out/DAY/new/. The run's ids become seen (--commit) only after merge has written every partition, and
# out/DAY/new.ok marks that point: if the run is stopped after it, running this again does not redo the pipeline
# (the committed ids would now be dropped as seen, leaving no events) but commits what is still pending.
set -euo pipefail
day=$1 index=$2
shift 2
done_ok=yes
for piece in "$@"; do [[ out/$day/new.ok -nt $piece ]] || done_ok=""; done
if [[ -z $done_ok ]]; then
  rm -rf "out/$day/new" "out/$day/new.ok"
  mkdir "out/$day/new"
  merge "$@" |
    dedupe -k id --index "$index" --run "$day" |
    merge --partition-by created_at:day -o "out/$day/new/{created_at}.rec" -
  touch "out/$day/new.ok"
fi
if dedupe --index "$index" --list-runs | cut -f1 | grep -qxF "$day"; then
  dedupe --index "$index" --commit "$day"
fi
