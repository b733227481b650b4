#!/usr/bin/env bash
# Benchmarks dedupe(1) under --memory on many distinct keys: peak RSS must stay under a goal (issue 4: --memory
# 64M on 50M distinct keys, under 100 MB) and the output must equal that of an unbounded run. See
# bench/README.md. Progress goes to stderr, the table to stdout.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: bench/dedupe_memory.sh [--distinct N] [--dup-rate R] [--memory SIZE] [--goal-mib M] [--bin DIR]

  --distinct N   distinct 64-hex keys in the generated input [50000000]
  --dup-rate R   fraction of lines that repeat an earlier key [0.1]
  --memory SIZE  dedupe's --memory [64M]
  --goal-mib M   the peak RSS goal for the bounded run, MiB [100]
  --bin DIR      a build tree's cmd folder or a folder holding chunk and dedupe [build/release/cmd]
  -h, --help     this text

The keys are made once into bench/.data/ by gen_keys.py (65 bytes a line: 50M keys take about 3.6 GB
and 3 minutes). Both runs read them through `chunk --format lines | dedupe -k line`; dedupe's output
goes through cksum, so nothing big is written. Peak RSS is dedupe's own (/usr/bin/time %M).
EOF2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
distinct=50000000
dup_rate=0.1
memory=64M
goal_mib=100
bin=$root/build/release/cmd
while (($#)); do
  case $1 in
    --distinct) distinct=${2:?}; shift 2 ;;
    --dup-rate) dup_rate=${2:?}; shift 2 ;;
    --memory) memory=${2:?}; shift 2 ;;
    --goal-mib) goal_mib=${2:?}; shift 2 ;;
    --bin) bin=${2:?}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "dedupe_memory.sh: error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $distinct =~ ^[1-9][0-9]*$ ]] || { echo "dedupe_memory.sh: error: --distinct wants a positive integer" >&2; exit 2; }
say() { echo "dedupe_memory.sh: $*" >&2; }
die() { echo "dedupe_memory.sh: error: $*" >&2; exit 1; }
[[ $bin = /* ]] || bin=$PWD/$bin
exe() { if [[ -x $bin/$1/$1 && ! -d $bin/$1/$1 ]]; then echo "$bin/$1/$1"; elif [[ -x $bin/$1 ]]; then echo "$bin/$1"; else die "no $1 in $bin"; fi; }
chunk=$(exe chunk)
dedupe=$(exe dedupe)
[[ -x /usr/bin/time ]] || die "/usr/bin/time (Debian package time) is needed for peak RSS"

data=$here/.data
mkdir -p "$data"
key=$(cat "$here/genutil.py" "$here/gen_keys.py" | cksum | cut -d' ' -f1)
keys=$data/gen_keys-d$distinct-dup$dup_rate-$key.txt
if [[ ! -s $keys ]]; then
  say "generating $keys"
  PYTHONDONTWRITEBYTECODE=1 python3 "$here/gen_keys.py" --distinct "$distinct" --dup-rate "$dup_rate" > "$keys.tmp" \
    || { rm -f "$keys.tmp"; die "gen_keys.py failed"; }
  mv "$keys.tmp" "$keys"
fi
lines=$(wc -l < "$keys")
tmp=$data/dedupe-memory-run
rm -rf "$tmp"
mkdir -p "$tmp"

# run NAME DEDUPE-ARGS...: sets secs, rss_kib, sum (cksum of the output), out (records_out).
run() {
  local name=$1 start end
  shift
  say "run $name: chunk --format lines | dedupe -k line $*"
  start=$(date +%s.%N)
  sum=$(set -o pipefail; "$chunk" --format lines "$keys" \
    | /usr/bin/time -f %M -o "$tmp/$name.rss" "$dedupe" -k line "$@" --stats "$tmp/$name.stats" | cksum) \
    || die "$name failed"
  end=$(date +%s.%N)
  secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
  rss_kib=$(tail -n 1 "$tmp/$name.rss")
  out=$(sed -n 's/.*"records_out":\([0-9]*\).*/\1/p' "$tmp/$name.stats")
  say "  ${secs}s, peak RSS $((rss_kib / 1024)) MiB, $out records out"
}
run bounded --memory "$memory"
b_secs=$secs b_rss=$rss_kib b_sum=$sum b_out=$out
run unbounded
u_secs=$secs u_rss=$rss_kib u_sum=$sum u_out=$out

exact=PASS
[[ $b_sum = "$u_sum" && $b_out = "$distinct" && $u_out = "$distinct" ]] || exact=MISS
memory_ok=PASS
((b_rss <= goal_mib * 1024)) || memory_ok=MISS
{
  echo "dedupe --memory benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores  load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "input: $lines lines of 64-hex keys, $distinct distinct (dup-rate $dup_rate), $(stat -c %s "$keys") B"
  echo
  printf '%-24s %10s %14s %14s\n' case seconds "peak RSS MiB" "records out"
  printf '%-24s %10s %14s %14s\n' "dedupe --memory $memory" "$b_secs" "$((b_rss / 1024))" "$b_out"
  printf '%-24s %10s %14s %14s\n' "dedupe (no limit)" "$u_secs" "$((u_rss / 1024))" "$u_out"
  echo
  printf '%-44s %s\n' "peak RSS under --memory $memory <= $goal_mib MiB" "$memory_ok ($((b_rss / 1024)) MiB)"
  printf '%-44s %s\n' "exact: same output as no limit, $distinct out" "$exact"
}
rm -rf "$tmp"
[[ $exact = PASS ]]
