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

# best FUNCTION: runs it $runs times; prints the wall and CPU (user + system) seconds of the fastest run. The CPU
# figure is what a quiet machine would show as wall time for a single-threaded command: the machine may be shared.
best() {
  local b="" cpu="" t u s c TIMEFORMAT='%R %U %S'
  for ((i = 0; i < runs; i++)); do
    { time "$1" 2>&3 || die "$1 failed"; } 3>&2 2>"$work/time"
    read -r t u s < "$work/time"
    c=$(echo "$u + $s" | bc -l)
    if [[ -z $b ]] || (($(echo "$t < $b" | bc -l))); then b=$t cpu=$c; fi
  done
  echo "$b $cpu"
}

# The sink alone: a record stream of the same rows into a database, on one thread.
ours_stream() { "$chunk" -j1 -o "$work/stream.sqlite" "$work/in.rec"; }
"$chunk" --table stop_times --types "$types" -o "$work/in.rec" "$csv"

say "chunk CSV -o x.sqlite, $runs runs"
read -r ours_s ours_cpu < <(best ours)
say "chunk -j1 stream -o x.sqlite, $runs runs"
read -r stream_s stream_cpu < <(best ours_stream)
say "sqlite3 .import --csv, $runs runs"
read -r peer_s peer_cpu < <(best peer)

n_ours=$(sqlite3 "$work/ours.sqlite" 'SELECT count(*) FROM stop_times')
n_peer=$(sqlite3 "$work/peer.sqlite" 'SELECT count(*) FROM stop_times')
[[ $n_ours == "$rows" ]] || die "chunk wrote $n_ours rows, not $rows"
[[ $n_peer == "$rows" ]] || die "sqlite3 imported $n_peer rows, not $rows"
# The same rows, times aside (ours are integers, the peer's text).
sum_ours=$(sqlite3 "$work/ours.sqlite" 'SELECT sum(stop_sequence), total(shape_dist_traveled), count(stop_headsign) FROM stop_times')
sum_peer=$(sqlite3 "$work/peer.sqlite" 'SELECT sum(stop_sequence), total(shape_dist_traveled), count(stop_headsign) FROM stop_times')
[[ $sum_ours == "$sum_peer" ]] || say "warning: the databases differ: $sum_ours vs $sum_peer"

rate() { echo "$rows / $1" | bc -l; }
printf '%-34s %8s %14s %8s %14s\n' case wall_s rows/s cpu_s rows/cpu_s
printf '%-34s %8.2f %14.0f %8.2f %14.0f\n' "chunk CSV -o x.sqlite" "$ours_s" "$(rate "$ours_s")" "$ours_cpu" \
  "$(rate "$ours_cpu")"
printf '%-34s %8.2f %14.0f %8.2f %14.0f\n' "chunk -j1 stream -o x.sqlite (sink)" "$stream_s" "$(rate "$stream_s")" \
  "$stream_cpu" "$(rate "$stream_cpu")"
printf '%-34s %8.2f %14.0f %8.2f %14.0f\n' "sqlite3 .import --csv" "$peer_s" "$(rate "$peer_s")" "$peer_cpu" \
  "$(rate "$peer_cpu")"
printf 'ratio (sqlite3 s / chunk CSV s): %.2f    goal: chunk >= 1000000 rows/s\n' "$(echo "$peer_s / $ours_s" | bc -l)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall times on a busy machine are slower)"
