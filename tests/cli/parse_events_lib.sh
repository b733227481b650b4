# shellcheck shell=bash
# Helpers for the parse-events tests (sourced after lib.sh): where the program is, and -j1/-j4 comparison.
PARSE_EVENTS=$RECPIPE_BIN/../parse_events/parse-events
[[ -x $PARSE_EVENTS ]] || fail "no parse-events executable at $PARSE_EVENTS"

# events_same_for_threads NAME ARGS...: parse-events -j1 ARGS and -j4 ARGS give identical stdout, stderr and exit
# status; the -j1 output stays in NAME.j1 (and its stderr in NAME.j1.err, status in NAME.j1.rc).
events_same_for_threads() {
  local name=$1 rc1=0 rc4=0
  shift
  "$PARSE_EVENTS" -j1 "$@" >"$name.j1" 2>"$name.j1.err" </dev/null || rc1=$?
  "$PARSE_EVENTS" -j4 "$@" >"$name.j4" 2>"$name.j4.err" </dev/null || rc4=$?
  echo "$rc1" >"$name.j1.rc"
  [[ $rc1 == "$rc4" ]] || fail "exit status $rc1 with -j1 but $rc4 with -j4 for: parse-events $*"
  same_bytes "$name.j1" "$name.j4" "output of parse-events $* with -j1 and -j4"
  grep -v -e '^TBB Warning: ' -e '^$' "$name.j4.err" >"$name.j4.err2" || true
  same_bytes "$name.j1.err" "$name.j4.err2" "stderr of parse-events $* with -j1 and -j4"
}

# to_xypt CSV: parse-events' --to csv output (t,x,y,p with a header) as the truth files' x,y,p,t lines.
to_xypt() { awk -F, 'NR > 1 { print $2 "," $3 "," $4 "," $1 }' "$1"; }
