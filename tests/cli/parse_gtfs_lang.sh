#!/usr/bin/env bash
# parse-gtfs --lang on the shared feeds with translations, in the current form (sample_gtfs_feed_npm,
# xrl_hsr_translations, mk_rail_translations) and the legacy form (madison_legacy_translations): every text value
# as translations.txt says, checked by parse_gtfs_lang_check.py from Python's csv reading of the feed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lib.sh"
need_python
find_shared_data
G=$SHARED/gtfs
LANG_CHECK=$RECPIPE_SOURCE_DIR/tests/cli/parse_gtfs_lang_check.py

lang_case() {  # lang_case FEED LANG [parse-gtfs options...]
  local feed=$1 lang=$2 enc=()
  shift 2
  [[ -e $G/$feed ]] || skip "$G/$feed not found"
  [[ " $* " == *" latin1 "* ]] && enc=(--encoding latin1)
  step "$feed --lang $lang"
  "$PARSE_GTFS" -q --lang "$lang" "$@" "$G/$feed" -o "$lang.rec"
  python3 "$LANG_CHECK" "$G/$feed" "$lang.rec" "$lang" "${enc[@]}" || fail "--lang $lang on $feed"
}
lang_case sample_gtfs_feed_npm de-DE
lang_case sample_gtfs_feed_npm es-ES
lang_case xrl_hsr_translations zh-CN
lang_case mk_rail_translations en
lang_case madison_legacy_translations es --encoding latin1 --max-errors 100

step "a language without translations changes nothing"
"$PARSE_GTFS" -q --lang xx "$G/sample_gtfs_feed_npm" --to tsv >xx.tsv
"$PARSE_GTFS" -q "$G/sample_gtfs_feed_npm" --to tsv >plain.tsv
same_bytes plain.tsv xx.tsv "--lang xx"
finish
