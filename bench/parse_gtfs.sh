#!/usr/bin/env bash
# Times parse-gtfs on the MTA Brooklyn bus feed (2,400,187 stop_times; built by ../shared/scripts/make-mta-feeds.sh,
# which needs npm) to /dev/null at -j1 and -j2, against its peers in the same run: `unzip -p FEED > /dev/null`
# (inflating only) and pandas reading every file, untyped and typed as partridge types them (bench/gtfs_pandas.py,
# under Debian's python3-pandas in /usr/bin/python3). Then into SQLite (`-j2 -o FEED.sqlite`, with its indexes):
# stop_times rows per second of wall time, against node-gtfs's `gtfs-import` (npm package gtfs) when it is
# installed in bench/.data/node:
#   npm install --prefix bench/.data/node gtfs
# (its better-sqlite3 builds from source with node-gyp when no prebuilt binary can be fetched: g++, make, python3
# and Node's headers, which Debian's nodejs ships in /usr/include/node; about 15 minutes on 2 cores).
# Prints wall and CPU seconds (best of N runs; node-gtfs: --node-runs, 1 by default, it takes minutes), the ratios
# and parse-gtfs' peak RSS. Goals of the issue: >= 10x typed pandas, faster than unzip -p, j2/j1 >= 1.7,
# < 100 MB; into SQLite >= 1M stop_times rows/s and >= 10x gtfs-import.
#
#   bench/parse_gtfs.sh [--bin DIR] [--runs N] [--node-runs N] [--feed FEED.zip]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/cmd/parse_gtfs runs=3 node_runs=1 feed=
while (($#)); do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --node-runs) node_runs=$2; shift 2 ;;
    --feed) feed=$2; shift 2 ;;
    *) echo "usage: $0 [--bin DIR] [--runs N] [--node-runs N] [--feed FEED.zip]" >&2; exit 2 ;;
  esac
done
PG=$bin/parse-gtfs
[[ -x $PG ]] || { echo "parse_gtfs.sh: no parse-gtfs at $PG (build first, or --bin)" >&2; exit 1; }
if [[ -z $feed ]]; then
  feed=bench/.data/gtfs/mta_bus_bk.zip
  [[ -s $feed ]] || bash ../shared/scripts/make-mta-feeds.sh bench/.data/gtfs bus_bk >&2
fi
py=/usr/bin/python3
have_pandas=1
$py -c 'import pandas' 2>/dev/null || { have_pandas=0; echo "parse_gtfs.sh: no pandas under $py (apt-get install python3-pandas); its rows are skipped" >&2; }

gtfs_import=bench/.data/node/node_modules/.bin/gtfs-import
timing=$(mktemp) out=$(mktemp -d)
trap 'rm -rf "$timing" "$out"' EXIT
# best CMD...: "WALL CPU" of the run with the shortest wall time out of $runs, in seconds.
best() {
  local b="" line
  for _ in $(seq "$runs"); do
    rm -f "$out/node.sqlite"  # gtfs-import adds to a database that is there
    /usr/bin/time -o "$timing" -f '%e %U %S' "$@" >/dev/null 2>&1
    read -r w u s <"$timing"
    if [[ -z $b ]] || (($(echo "$w < ${b%% *}" | bc))); then b="$w $(echo "$u + $s" | bc)"; fi
  done
  echo "$b"
}

cat "$feed" >/dev/null
rss=$("$PG" -j2 --stats - -o /dev/null "$feed" 2>&1 >/dev/null | sed -n 's/.*"peak_rss_bytes":\([0-9]*\).*/\1/p')
read -r j1 j1c <<<"$(best "$PG" -j1 -o /dev/null "$feed")"
read -r j2 j2c <<<"$(best "$PG" -j2 -o /dev/null "$feed")"
read -r uz uzc <<<"$(best unzip -p "$feed")"
echo "feed: $feed ($(($(stat -L -c %s "$feed") / 1000000)) MB zipped); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| run | wall s | CPU s | parse-gtfs -j2 faster by (wall) |\n| --- | --- | --- | --- |\n'
row() { printf '| %s | %.2f | %.2f | %s |\n' "$1" "$2" "$3" "$4"; }
row "parse-gtfs -j1" "$j1" "$j1c" "j2/j1 $(printf '%.2f' "$(echo "$j1 / $j2" | bc -l)")x (goal >= 1.7)"
row "parse-gtfs -j2" "$j2" "$j2c" "peak RSS $((rss / 1000000)) MB (goal < 100)"
row "unzip -p > /dev/null" "$uz" "$uzc" "$(printf '%.2f' "$(echo "$uz / $j2" | bc -l)")x (goal > 1)"
if ((have_pandas)); then
  read -r pu puc <<<"$(best $py bench/gtfs_pandas.py "$feed" untyped)"
  read -r pt ptc <<<"$(best $py bench/gtfs_pandas.py "$feed" typed)"
  row "pandas, strings" "$pu" "$puc" "$(printf '%.1f' "$(echo "$pu / $j2" | bc -l)")x"
  row "pandas, typed as partridge" "$pt" "$ptc" "$(printf '%.1f' "$(echo "$pt / $j2" | bc -l)")x (goal >= 10)"
fi

# Into SQLite: the whole run, its indexes included (parse-gtfs makes them on the GTFS keys, as gtfs-import does).
read -r sq sqc <<<"$(best "$PG" -j2 -o "$out/pg.sqlite" "$feed")"
count() { $py -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM stop_times").fetchone()[0])' "$1"; }
rows=$(count "$out/pg.sqlite")
echo
printf '| into SQLite | wall s | CPU s | stop_times rows/s (wall) | parse-gtfs faster by (wall) |\n| --- | --- | --- | --- | --- |\n'
sqrow() { printf '| %s | %.2f | %.2f | %s | %s |\n' "$1" "$2" "$3" "$(printf '%.0f' "$(echo "$4 / $2" | bc -l)")" "$5"; }
sqrow "parse-gtfs -j2 -o x.sqlite" "$sq" "$sqc" "$rows" "$(printf '%d' "$rows") rows (goal >= 1,000,000 rows/s)"
if [[ -x $gtfs_import ]]; then
  read -r ng ngc <<<"$(runs=$node_runs best "$gtfs_import" --gtfsPath "$feed" --sqlitePath "$out/node.sqlite")"
  nrows=$(count "$out/node.sqlite")
  sqrow "node-gtfs gtfs-import $(node -p 'require("./bench/.data/node/node_modules/gtfs/package.json").version')" \
    "$ng" "$ngc" "$nrows" "$(printf '%.1f' "$(echo "$ng / $sq" | bc -l)")x (goal >= 10)"
else
  echo "parse_gtfs.sh: no node-gtfs at $gtfs_import (npm install --prefix bench/.data/node gtfs); its row is skipped" >&2
fi
