#!/usr/bin/env bash
# parse-gtfs --check: the notices of a whole feed (TSV by default, --to jsonl), exit 1 exactly when one is an
# ERROR. A small feed of our own (a trip whose stop times are apart, checked again; the options --check refuses),
# then ../shared/data/gtfs: every case of validator_layers/EXPECTED.tsv found at its file, line and field
# (parse_gtfs_check_expected.py; the best practices not implemented are printed), the broken feeds tl_bart_errors
# and tl_example_errors, and every other feed checked without a crash.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python

# has_notice FILE.tsv SEVERITY CODE FILE LINE FIELD: the notice is in the TSV output.
has_notice() {
  awk -F'\t' -v s="$2" -v c="$3" -v f="$4" -v l="$5" -v d="$6" \
    '$1 == s && $2 == c && $3 == f && $4 == l && $5 == d { found = 1 } END { exit !found }' "$1" ||
    soft_fail "$1: no $2 $3 at $4:$5 ($6); got: $(grep -v INFO "$1" | head -20)"
}

step "a small feed: trips whose stop times are apart are checked as a whole"
mkdir feed
printf 'agency_id,agency_name,agency_url,agency_timezone\nA1,Transit,http://a.example,Europe/Oslo\n' >feed/agency.txt
printf 'stop_id,stop_name,stop_lat,stop_lon\nS1,Main,59.91,10.75\nS2,Quay,59.92,10.76\n' >feed/stops.txt
printf 'route_id,agency_id,route_short_name,route_type\nR1,A1,1,3\n' >feed/routes.txt
printf 'route_id,service_id,trip_id\nR1,WK,T1\nR1,WK,T2\n' >feed/trips.txt
# T1's rows are apart and in order (no notice); T2's are apart and its second run goes back in time (line 6).
printf '%s\n' trip_id,arrival_time,departure_time,stop_id,stop_sequence \
  T1,6:00:00,6:00:00,S1,1 T2,7:10:00,7:10:00,S2,2 T1,6:05:00,6:05:00,S2,2 T2,7:00:00,7:00:00,S1,1 \
  T2,7:05:00,7:05:00,S2,3 >feed/stop_times.txt
printf 'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n' >feed/calendar.txt
printf 'WK,1,1,1,1,1,0,0,20240101,20241231\n' >>feed/calendar.txt
expect_exit 1 "$PARSE_GTFS" --check feed -o out.tsv
has_notice out.tsv ERROR stop_time_with_arrival_before_previous_departure_time stop_times.txt 6 arrival_time
[[ $(grep -c ERROR out.tsv) == 1 ]] || soft_fail "one ERROR expected: $(cat out.tsv)"
head -1 out.tsv | grep -q $'^severity\tcode\tfile\tline\tfield\tvalue\tmessage$' || soft_fail "TSV header: $(head -1 out.tsv)"

step "--to jsonl; exit 0 without an ERROR"
sed -i 's/^T2,7:05:00,7:05:00,S2,3$/T2,7:15:00,7:15:00,S2,3/' feed/stop_times.txt
expect_exit 0 "$PARSE_GTFS" --check --to jsonl feed -o out.jsonl
python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["severity"] != "ERROR" for r in rows), rows' out.jsonl || soft_fail "out.jsonl: $(cat out.jsonl)"

step "--check refuses the options that read part of a feed or change it"
for opt in "--tables stops" "--join" "--lang de" "--date 20240102"; do
  # shellcheck disable=SC2086  # opt is two words on purpose
  expect_exit 2 "$PARSE_GTFS" --check $opt feed -o x.tsv
  expect_stderr_contains "--check reads the whole feed"
done

find_shared_data
GTFS=$SHARED/gtfs
[[ -f $GTFS/validator_layers/EXPECTED.tsv ]] || skip "$GTFS/validator_layers/EXPECTED.tsv not found"

step "validator_layers: every case of EXPECTED.tsv at its file, line and field; base/ without an ERROR"
python3 "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_check_expected.py" "$PARSE_GTFS" "$GTFS/validator_layers" ||
  soft_fail "validator_layers (see above)"

step "tl_bart_errors: the stop at -200,-200"
expect_exit 1 "$PARSE_GTFS" --check "$GTFS/tl_bart_errors/bart-errors.zip" -o bart.tsv
has_notice bart.tsv ERROR number_out_of_range stops.txt 49 stop_lat
has_notice bart.tsv ERROR number_out_of_range stops.txt 49 stop_lon

step "tl_example_errors: an unknown agency, a stop at -100,-200, files outside the reference"
expect_exit 1 "$PARSE_GTFS" --check "$GTFS/tl_example_errors/example-errors.zip" -o example.tsv
has_notice example.tsv ERROR foreign_key_violation routes.txt 6 agency_id
has_notice example.tsv ERROR number_out_of_range stops.txt 6 stop_lat
has_notice example.tsv ERROR number_out_of_range stops.txt 6 stop_lon
has_notice example.tsv INFO unknown_file malformed.txt 0 ""
has_notice example.tsv INFO unknown_column feed_info.txt 1 feed_id

step "every other feed: no crash, a notices table, exit 0 or 1 as its notices say"
while IFS=$'\t' read -r path _rest; do
  feed=$GTFS/$path
  [[ -e $feed ]] || continue
  set +e
  "$PARSE_GTFS" --check "$feed" -o feed.tsv 2>feed.err
  rc=$?
  set -e
  errors=$(awk -F'\t' 'NR > 1 && $1 == "ERROR"' feed.tsv | wc -l)
  if [[ $rc -gt 1 ]]; then
    soft_fail "$path: exit $rc: $(cat feed.err)"
  elif [[ $rc == 1 && $errors == 0 ]] || [[ $rc == 0 && $errors -gt 0 ]]; then
    soft_fail "$path: exit $rc with $errors ERROR notices"
  fi
  echo "$path: exit $rc, $(($(wc -l <feed.tsv) - 1)) notices ($errors ERROR)"
done <"$GTFS/inventory.tsv"
finish
