#!/usr/bin/env bash
# Times bam2cols against samtools view in the same run, on the 1.5M-read benchmark BAM of issue 12
# (../shared/scripts/make-bench-bam.sh, built once into bench/.data/bam/), from the page cache, and prints the
# ratios against the issue's goals:
#   all columns to /dev/null            >= samtools view -@2 > /dev/null (SAM text)
#   without seq and qual                >= 1.5 x samtools view -@2
#   --region over 1/120 of the genome   reads < 5% of the file (bytes_in of --stats, index included)
#   peak RSS                            < 100 MB
#   -j2                                 >= 1.7 x -j1
#
#   bench/bam2cols.sh [--bin DIR] [--runs N] [--bam FILE]
#
# DIR holds bam2cols (default: build/release/cmd/bam2cols). Needs samtools and GNU time (/usr/bin/time, for the CPU
# seconds). Best of N runs (default 3) counts.
# The machine should be otherwise idle: the goals are about wall time on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/cmd/bam2cols runs=3 bam=bench/.data/bam/bench.bam
while (($#)); do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --bam) bam=$2; shift 2 ;;
    *) echo "usage: $0 [--bin DIR] [--runs N] [--bam FILE]" >&2; exit 2 ;;
  esac
done
B2C=$bin/bam2cols
[[ -x $B2C ]] || { echo "bam2cols.sh: no bam2cols at $B2C (build first, or --bin)" >&2; exit 1; }
command -v samtools >/dev/null || { echo "bam2cols.sh: samtools is needed (apt-get install samtools)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bam2cols.sh: GNU time is needed (apt-get install time)" >&2; exit 1; }
if [[ ! -s $bam ]]; then
  [[ -x ../shared/scripts/make-bench-bam.sh ]] || { echo "bam2cols.sh: ../shared/scripts/make-bench-bam.sh not found" >&2; exit 1; }
  mkdir -p "$(dirname "$bam")"
  echo "building $bam" >&2
  ../shared/scripts/make-bench-bam.sh "$bam" >&2
fi
[[ -s $bam.bai ]] || samtools index "$bam"
cat "$bam" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best() {  # best CMD...: the shortest wall time of $runs runs, in seconds (output to /dev/null)
  local b="" s e t
  for _ in $(seq "$runs"); do
    s=$(date +%s.%N)
    "$@" >/dev/null
    e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc)
    if [[ -z $b ]] || (($(echo "$t < $b" | bc))); then b=$t; fi
  done
  echo "$b"
}
ratio() { echo "scale=2; $1 / $2" | bc; }
cpu() {  # cpu CMD...: user + system seconds of one run (less sensitive than wall time to a busy machine)
  /usr/bin/time -f '%U %S' -o "$tmp/cpu" "$@" >/dev/null
  awk '{ print $1 + $2 }' "$tmp/cpu"
}
verdict() { if (($(echo "$1" | bc))); then echo ok; else echo MISS; fi; }

reads=$(samtools view -c -@2 "$bam")
noseq=qname,flag,rname,pos,mapq,cigar,rnext,pnext,tlen
# Regions: every reference of the first of the file's 120 copies (names ending in _c1): 1/120 of the genome.
samtools view -H "$bam" | awk -F'\t' '$1 == "@SQ" { n = substr($2, 4); l = substr($3, 4); if (n ~ /_c1$/) print n "\t0\t" l }' >"$tmp/c1.bed"

load_before=$(cut -d' ' -f1 /proc/loadavg)
sam_s=$(best samtools view -@2 "$bam")
all2=$(best "$B2C" -j2 "$bam" -o /dev/null)
all1=$(best "$B2C" -j1 "$bam" -o /dev/null)
nos2=$(best "$B2C" -j2 -c "$noseq" "$bam" -o /dev/null)
reg_s=$(best "$B2C" -j2 --regions-file "$tmp/c1.bed" "$bam" -o /dev/null)
sam_reg=$(best samtools view -@2 -M -L "$tmp/c1.bed" "$bam")
"$B2C" -j2 --stats "$tmp/all.json" "$bam" -o /dev/null
"$B2C" -j2 --stats "$tmp/reg.json" --regions-file "$tmp/c1.bed" "$bam" -o /dev/null
size=$(stat -c %s "$bam")
reg_bytes=$(sed 's/.*"bytes_in":\([0-9]*\).*/\1/' "$tmp/reg.json")
reg_reads=$(sed 's/.*"records_in":\([0-9]*\).*/\1/' "$tmp/reg.json")
rss=$(sed 's/.*"peak_rss_bytes":\([0-9]*\).*/\1/' "$tmp/all.json")

sam_cpu=$(cpu samtools view -@2 "$bam")
all2_cpu=$(cpu "$B2C" -j2 "$bam" -o /dev/null)
all1_cpu=$(cpu "$B2C" -j1 "$bam" -o /dev/null)
nos2_cpu=$(cpu "$B2C" -j2 -c "$noseq" "$bam" -o /dev/null)

echo "benchmark BAM: $bam, $reads reads, $size bytes; best of $runs runs; $(nproc) cores; load $load_before before, $(cut -d' ' -f1 /proc/loadavg) after"
printf '| case | bam2cols s | peer | peer s | ratio | goal | |\n|---|---|---|---|---|---|---|\n'
r=$(ratio "$sam_s" "$all2")
printf '| all columns, -j2 | %s | samtools view -@2 (SAM) | %s | %sx | >= 1x | %s |\n' "$all2" "$sam_s" "$r" "$(verdict "$r >= 1")"
r=$(ratio "$sam_s" "$nos2")
printf '| no seq/qual, -j2 | %s | samtools view -@2 (SAM) | %s | %sx | >= 1.5x | %s |\n' "$nos2" "$sam_s" "$r" "$(verdict "$r >= 1.5")"
r=$(ratio "$all1" "$all2")
printf '| all columns, -j2 vs -j1 | %s | bam2cols -j1 | %s | %sx | >= 1.7x | %s |\n' "$all2" "$all1" "$r" "$(verdict "$r >= 1.7")"
r=$(ratio "$sam_reg" "$reg_s")
pct=$(echo "scale=2; 100 * $reg_bytes / $size" | bc)
printf '| --regions-file 1/120 of genome (%s reads) | %s | samtools view -M -L | %s | %sx; read %s%% of the file | < 5%% read | %s |\n' \
  "$reg_reads" "$reg_s" "$sam_reg" "$r" "$pct" "$(verdict "$pct < 5")"
mb=$(echo "scale=1; $rss / 1000000" | bc)
printf '| peak RSS, all columns -j2 | %s MB | | | | < 100 MB | %s |\n' "$mb" "$(verdict "$mb < 100")"
printf 'reads/s, all columns -j2: %s; samtools view -@2: %s\n' "$(echo "$reads / $all2" | bc)" "$(echo "$reads / $sam_s" | bc)"
printf 'CPU seconds (user+sys): samtools view -@2 %s; bam2cols -j2 all columns %s (%sx less), without seq/qual %s (%sx less)\n' \
  "$sam_cpu" "$all2_cpu" "$(ratio "$sam_cpu" "$all2_cpu")" "$nos2_cpu" "$(ratio "$sam_cpu" "$nos2_cpu")"
printf 'CPU seconds of bam2cols all columns: -j1 %s, -j2 %s (-j2 spends %sx the CPU time of -j1: the most -j2 can gain is 2 / that)\n' \
  "$all1_cpu" "$all2_cpu" "$(ratio "$all2_cpu" "$all1_cpu")"
