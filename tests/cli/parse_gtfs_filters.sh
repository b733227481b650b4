#!/usr/bin/env bash
# parse-gtfs --date, --dates, --routes, --agency: the trips kept and every row the feed keeps with them (stop
# times, frequencies, routes, agencies, services, shapes, the stops called at and their parent stations), checked
# by parse_gtfs_filter_check.py against its own reading of the feed; -j1 and -j3 give the same bytes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python
find_shared_data
G=$SHARED/gtfs
FILTER_CHECK=$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_filter_check.py

filter_case() {  # filter_case FEED CHECK-ARGS -- PARSE-GTFS-ARGS
  local feed=$G/$1 check=() args=()
  shift
  while [[ $1 != -- ]]; do check+=("$1"); shift; done
  shift
  args=("$@")
  [[ -e $feed ]] || skip "$feed not found"
  step "$(basename "$feed") ${args[*]}"
  "$PARSE_GTFS" -q -j1 --block-size 4k "${args[@]}" "$feed" -o f1.rec
  "$PARSE_GTFS" -q -j3 --block-size 4k "${args[@]}" "$feed" -o f3.rec
  same_bytes f1.rec f3.rec "filtered output with -j1 and -j3"
  python3 "$FILTER_CHECK" "$feed" f3.rec "${check[@]}" || fail "filter ${args[*]} on $feed"
}
filter_case google_sample/sample-feed-1.zip --dates 20070605:20070605 -- --date 20070605
filter_case google_sample/sample-feed-1.zip --dates 20070604:20070604 -- --date 2007-06-04
filter_case google_sample/sample-feed-1.zip --dates 20070601:20070610 -- --dates 20070601:20070610
filter_case google_sample/sample-feed-1.zip --routes AB,CITY -- --routes AB,CITY
filter_case tl_bart/bart.zip --dates 20180602:20180602 -- --date 20180602
filter_case gk_nyc_subway/nyc_subway_gtfs.zip --dates 20241222:20241222 -- --date 20241222
filter_case sample_gtfs_feed_npm --dates 20190330:20190330 -- --date 20190330
filter_case tl_bart/bart.zip --routes 01 -- --routes 01
filter_case tl_cdmx/cdmx.zip --agency METRO -- --agency METRO
filter_case pt_seattle-area-2017-11-16 --agency ST --dates 20171120:20171121 -- --agency ST --dates 20171120:20171121

step "the usage errors"
expect_exit 2 "$PARSE_GTFS" --date 2018-13-01 "$G/tl_bart/bart.zip"
expect_stderr_contains "--date takes dates as YYYYMMDD or YYYY-MM-DD, not '2018-13-01'"
expect_exit 2 "$PARSE_GTFS" --dates 20180102:20180101 "$G/tl_bart/bart.zip"
expect_stderr_contains "--dates A:B needs A <= B"
finish
