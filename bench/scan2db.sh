#!/usr/bin/env bash
# Benchmarks scan2db on a synthetic key=value listing (../shared/scripts/synth-gpfs-list.py): lines/s with -j1 and
# -j2 from a cached plain file, against a mawk script that sums sizes per parent directory over the same file (run
# in this script), and from .xz against `xz -T2 -dc` alone. Then the memory of the directory aggregate on a listing
# of --mem-dirs directories (one file each), from scan2db's own accounting (SCAN2DB_MEMORY_REPORT) and from the peak
# resident set of --stats. Goals (issue 13): >= 2M lines/s on 2 cores, >= 3x mawk, -j2 >= 1.7x -j1, xz at the speed
# of multithreaded xz, <= 64 bytes per directory.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/scan2db.sh [--dirs N] [--mem-dirs N] [--runs N] [--bin DIR]

  --dirs N      directories of the synthetic listing (about 27 lines each) [100000; the issue's size is 750000]
  --mem-dirs N  directories of the memory listing [1000000]
  --runs N      runs of each command; the fastest one counts [2]
  --bin DIR     folder holding the scan2db executable [build/release/cmd/scan2db of the repo]
  -h, --help    this text

Inputs are made once into bench/.data/. Needs python3, mawk, xz and /usr/bin/time. Times are wall and CPU
(user + sys) seconds, with the load average before and after: on a shared machine, read the CPU seconds.
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
dirs=100000
mem_dirs=1000000
runs=2
bin=$root/build/release/cmd/scan2db
while (($#)); do
  case $1 in
    --dirs) dirs=${2:?}; shift 2 ;;
    --mem-dirs) mem_dirs=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --bin) bin=${2:?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "scan2db.sh: error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
say() { echo "scan2db.sh: $*" >&2; }
die() { echo "scan2db.sh: error: $*" >&2; exit 1; }
scan2db=$bin/scan2db
[[ -x $scan2db ]] || die "$scan2db: no such executable (scripts/build release)"
synth=$root/../shared/scripts/synth-gpfs-list.py
[[ -f $synth ]] || die "$synth not found"
for tool in python3 mawk xz; do command -v $tool >/dev/null || die "$tool not found"; done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package time)"

data=$here/.data
mkdir -p "$data"
listing=$data/scan_${dirs}.list
if [[ ! -s $listing ]]; then
  say "making $listing"
  python3 "$synth" --dirs "$dirs" --seed 1 >"$listing.tmp" && mv "$listing.tmp" "$listing"
fi
if [[ ! -s $listing.xz ]]; then
  say "compressing it with xz -T2 -0"
  xz -T2 -0 -k -c "$listing" >"$listing.xz.tmp" && mv "$listing.xz.tmp" "$listing.xz"
fi
lines=$(wc -l <"$listing")
cat "$listing" >/dev/null  # cached

best() {  # best CMD...: "WALL CPU" in seconds of the fastest (by wall time) of --runs runs; CPU = user + sys
  local b="" w c
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null 2>&1 || die "failed: $*"
    read -r w c <<<"$(awk 'END { printf "%.2f %.2f", $1, $2 + $3 }' "$tmp/time")"
    if [[ -z $b ]] || awk -v a="$w" -v b="${b%% *}" 'BEGIN { exit !(a < b) }'; then b="$w $c"; fi
  done
  echo "$b"
}

# The peer: sizes summed per parent directory (what the database's total_size_nr holds), no more.
cat >"$tmp/sum.awk" <<'EOF'
/^\[/ { next }
{
  i = index($0, " -- "); path = substr($0, i + 4)
  j = match(path, /\/[^\/]*$/); parent = substr(path, 1, j - 1)
  s = $5; sub(/^s=/, "", s); sum[parent] += s
}
END { n = 0; for (p in sum) n++; print n }
EOF

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r t_mawk c_mawk <<<"$(best mawk -f "$tmp/sum.awk" "$listing")"
read -r t_j1 c_j1 <<<"$(best "$scan2db" -j1 -o "$tmp/j1.sqlite" "$listing")"
read -r t_j2 c_j2 <<<"$(best "$scan2db" -j2 -o "$tmp/j2.sqlite" "$listing")"
read -r t_xz c_xz <<<"$(best "$scan2db" -j2 -o "$tmp/xz.sqlite" "$listing.xz")"
read -r t_unxz c_unxz <<<"$(best xz -T2 -dc "$listing.xz")"
cmp -s "$tmp/j1.sqlite" "$tmp/j2.sqlite" || die "-j1 and -j2 made different databases"

rate() { awk -v n="$lines" -v t="$1" 'BEGIN { printf "%.2fM lines/s", n / t / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# A shared machine's wall times depend on its load: CPU seconds (user + sys) beside them, and the load average.
echo "listing: $lines lines, $dirs directories, $(du -h "$listing" | cut -f1) ($(du -h "$listing.xz" | cut -f1) as .xz)"
echo "load average (1, 5, 15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "                      wall      cpu"
echo "mawk sum per parent : ${t_mawk}s  ${c_mawk}s  $(rate "$t_mawk")"
echo "scan2db -j1         : ${t_j1}s  ${c_j1}s  $(rate "$t_j1")  $(ratio "$t_mawk" "$t_j1") mawk"
echo "scan2db -j2         : ${t_j2}s  ${c_j2}s  $(rate "$t_j2")  $(ratio "$t_mawk" "$t_j2") mawk, $(ratio "$t_j1" "$t_j2") -j1"
echo "scan2db -j2 .xz     : ${t_xz}s  ${c_xz}s  $(rate "$t_xz")"
echo "xz -T2 -dc alone    : ${t_unxz}s  ${c_unxz}s  scan2db on .xz at $(ratio "$t_unxz" "$t_xz") of its speed"
echo "cpu per line        : scan2db $(awk -v c="$c_j1" -v n="$lines" 'BEGIN { printf "%.2f", c / n * 1e6 }') us (-j1), mawk $(awk -v c="$c_mawk" -v n="$lines" 'BEGIN { printf "%.2f", c / n * 1e6 }') us; 2M lines/s on 2 cores needs at most 1.00 us"
# Where the wall time of -j1 and -j2 goes (one more run each): parsing on every thread (with the CPU of the one
# ordered stage that merges blocks into the aggregate), then the end of the run on one thread whatever -j says.
for j in 1 2; do
  SCAN2DB_TIME_REPORT=1 "$scan2db" -j$j -o "$tmp/split.sqlite" "$listing" 2>"$tmp/split.err" || die "failed: -j$j"
  echo "where -j$j goes      : $(sed -n 's/^scan2db: seconds: //p' "$tmp/split.err")"
done

# Memory per directory: a tree of mem_dirs directories (fan-out 10), one file in each.
mem=$data/dirs_${mem_dirs}.list
if [[ ! -s $mem ]]; then
  say "making $mem"
  python3 - "$mem_dirs" >"$mem.tmp" <<'EOF'
import sys
n = int(sys.argv[1])
out = sys.stdout
t = "ac=2026-01-01 00:00:00 mt=2026-01-01 00:00:00 cr=2026-01-01 00:00:00"
paths = ["/gpfs/fs1/bench"]
for i in range(1, n):
    paths.append(paths[(i - 1) // 10] + "/dir_%07d" % i)
for i, p in enumerate(paths):
    out.write("<0> %d 1 0  s=4096 a=4 u=%d g=100 m=FAu p=drwxr-xr-x %s nl=2 -- %s\n" % (2 * i + 3, 1000 + i % 7, t, p))
    out.write("<0> %d 1 0  s=100 a=1 u=%d g=100 m=FAu p=-rw-r--r-- %s nl=1 -- %s/file.txt\n" % (2 * i + 4, 1000 + i % 7, t, p))
EOF
  mv "$mem.tmp" "$mem"
fi
SCAN2DB_MEMORY_REPORT=1 SCAN2DB_TIME_REPORT=1 "$scan2db" -j2 --stats "$tmp/stats.json" -o "$tmp/mem.sqlite" "$mem" 2>"$tmp/mem.err"
rss=$(sed -n 's/.*"peak_rss_bytes": *\([0-9]*\).*/\1/p' "$tmp/stats.json")
echo "memory: $mem_dirs directories: $(sed -n 's/^scan2db: aggregate: //p' "$tmp/mem.err")"
echo "end of run: $mem_dirs directories, -j2, seconds: $(sed -n 's/^scan2db: seconds: //p' "$tmp/mem.err")"
awk -v r="$rss" -v n="$mem_dirs" 'BEGIN { printf "memory: peak RSS %.0f MiB = %.1f bytes per directory, SQLite cache (64 MiB) and all included\n", r / 1048576, r / n }'
