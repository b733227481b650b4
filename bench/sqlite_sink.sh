#!/usr/bin/env bash
# Benchmarks the SQLite output (-o NAME.sqlite) on a GTFS stop_times-shaped CSV: chunk with typed columns, times and
# all, into a database, against the sqlite3 shell's .import --csv of the same file into a table of the same column
# types, with the same bulk-load pragmas. Prints rows/s of each and the ratio. Goal: >= 1M rows/s.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/sqlite_sink.sh [--rows N] [--runs N] [--bin DIR]

  --rows N   rows of the generated stop_times.csv [2400000]
  --runs N   runs of each command; the best one counts [3]
  --bin DIR  folder holding the chunk executable [build/release/cmd/chunk of the repo; built when missing]
  -h, --help this text

The input is made once into bench/.data/. Needs python3 and the sqlite3 shell (Debian package sqlite3).
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
rows=2400000
runs=3
bin=""
while (($#)); do
  case $1 in
    --rows) rows=${2:?--rows needs a value}; shift 2 ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --bin) bin=${2:?--bin needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "sqlite_sink.sh: error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $rows =~ ^[1-9][0-9]*$ ]] || { echo "sqlite_sink.sh: error: --rows wants a positive integer" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "sqlite_sink.sh: error: --runs wants a positive integer" >&2; exit 2; }

say() { echo "sqlite_sink.sh: $*" >&2; }
die() { echo "sqlite_sink.sh: error: $*" >&2; exit 1; }

if [[ -z $bin ]]; then
  bin=$root/build/release/cmd/chunk
  if [[ ! -x $bin/chunk ]]; then
    say "no $bin/chunk: building the release preset"
    (cd "$root" && cmake --preset release && cmake --build --preset release -j2) >&2 || die "build failed"
  fi
fi
[[ $bin = /* ]] || bin=$PWD/$bin
chunk=$bin/chunk
[[ -x $chunk ]] || die "$chunk: no such executable"
command -v sqlite3 > /dev/null || die "no sqlite3 shell (apt-get install sqlite3)"

data=$here/.data
mkdir -p "$data"
csv=$data/stop_times_${rows}.csv
if [[ ! -s $csv ]]; then
  say "generating $csv"
  python3 "$here/gen_csv.py" --count "$rows" --seed 1 > "$csv.tmp" && mv "$csv.tmp" "$csv"
fi
cat "$csv" > /dev/null

work=$(mktemp -d "$data/sqlite.XXXXXX")
trap 'rm -rf "$work"' EXIT

types=arrival_time:time,departure_time:time,stop_sequence:u32,pickup_type:u8,drop_off_type:u8
types+=,shape_dist_traveled:f64
ours() { "$chunk" --table stop_times --types "$types" -o "$work/ours.sqlite" "$csv"; }
# The peer: a table of the same column types, then the CSV imported into it, with the same pragmas.
peer() {
  rm -f "$work/peer.sqlite"
  sqlite3 "$work/peer.sqlite" > /dev/null <<EOF
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE TABLE stop_times (trip_id TEXT NOT NULL, arrival_time TEXT, departure_time TEXT, stop_id TEXT NOT NULL,
  stop_sequence INTEGER, stop_headsign TEXT NOT NULL, pickup_type INTEGER, drop_off_type INTEGER,
  shape_dist_traveled REAL);
.import --csv --skip 1 $csv stop_times
EOF
}

best() {  # best wall seconds of $runs runs of the function $1
  local b="" s e t
  for ((i = 0; i < runs; i++)); do
    s=$(date +%s.%N)
    "$1" || die "$1 failed"
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [[ -z $b ]] || (($(echo "$t < $b" | bc -l))); then b=$t; fi
  done
  echo "$b"
}

say "chunk -o x.sqlite, $runs runs"
ours_s=$(best ours)
say "sqlite3 .import --csv, $runs runs"
peer_s=$(best peer)

n_ours=$(sqlite3 "$work/ours.sqlite" 'SELECT count(*) FROM stop_times')
n_peer=$(sqlite3 "$work/peer.sqlite" 'SELECT count(*) FROM stop_times')
[[ $n_ours == "$rows" ]] || die "chunk wrote $n_ours rows, not $rows"
[[ $n_peer == "$rows" ]] || die "sqlite3 imported $n_peer rows, not $rows"
# The same rows, times aside (ours are integers, the peer's text).
sum_ours=$(sqlite3 "$work/ours.sqlite" 'SELECT sum(stop_sequence), total(shape_dist_traveled), count(stop_headsign) FROM stop_times')
sum_peer=$(sqlite3 "$work/peer.sqlite" 'SELECT sum(stop_sequence), total(shape_dist_traveled), count(stop_headsign) FROM stop_times')
[[ $sum_ours == "$sum_peer" ]] || say "warning: the databases differ: $sum_ours vs $sum_peer"

printf '%-28s %10s %14s\n' case seconds rows/s
printf '%-28s %10.2f %14.0f\n' "chunk -o x.sqlite" "$ours_s" "$(echo "$rows / $ours_s" | bc -l)"
printf '%-28s %10.2f %14.0f\n' "sqlite3 .import --csv" "$peer_s" "$(echo "$rows / $peer_s" | bc -l)"
printf 'ratio (sqlite3 s / chunk s): %.2f    goal: chunk >= 1000000 rows/s\n' "$(echo "$peer_s / $ours_s" | bc -l)"
