#!/usr/bin/env bash
# Benchmarks pack(1) and merge(1)'s block copy against zstd -T2 -3, xz -T2 -6 and gzip -6 on the same stream
# bytes and on the original text, on three inputs: stop_times of the MTA Brooklyn bus feed (typed CSV), event-like
# records (the four real recordings of ../shared/data/events, times advancing) and nostr-like JSON lines (typed fields).
# Prints one table per input and the goals of the issue. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/pack.sh [--bin DIR] [--events-copies N] [--nostr-bytes SIZE] [--runs N]

  --bin DIR            a build tree's cmd folder [build/release/cmd; built when missing]
  --events-copies N    copies of the four real recordings (1,285,329 events in all) [1]
  --nostr-bytes SIZE   bytes of generated nostr JSON lines, as gen_nostr.py --bytes takes it [200M]
  --runs N             runs of each timing; the fastest counts [1]

Inputs are made once in bench/.data/. The MTA feed is built with ../shared/scripts/make-mta-feeds.sh
(needs npm); without it, or without ../shared/data/events, that input is skipped with a message.
USAGE
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin="" copies=1 nostr_bytes=200M runs=1
while (($#)); do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --events-copies) copies=$2; shift 2 ;;
    --nostr-bytes) nostr_bytes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "pack.sh: error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
say() { echo "pack.sh: $*" >&2; }
die() { echo "pack.sh: error: $*" >&2; exit 1; }

if [[ -z $bin ]]; then
  bin=$root/build/release/cmd
  [[ -x $bin/pack/pack ]] || (cd "$root" && cmake --preset release && cmake --build --preset release -j2) >&2
fi
chunk=$bin/chunk/chunk pack=$bin/pack/pack merge=$bin/merge/merge
for x in "$chunk" "$pack" "$merge"; do [[ -x $x ]] || die "no $x"; done
for t in zstd xz gzip; do command -v $t > /dev/null || die "$t is not installed"; done

data=$here/.data
tmp=$data/pack-run
shared=$root/../shared
mkdir -p "$data"
rm -rf "$tmp"
mkdir -p "$tmp"

# secs CMD: the fastest of $runs runs of `bash -o pipefail -c CMD`, in seconds.
secs() {
  local best="" i s e t
  for ((i = 0; i < runs; i++)); do
    s=$(date +%s.%N)
    bash -o pipefail -c "$1" 2> "$tmp/err" || { say "failed: $1"; cat "$tmp/err" >&2; return 1; }
    e=$(date +%s.%N)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
    best=$(awk -v b="$best" -v t="$t" 'BEGIN { print (b == "" || t < b) ? t : b }')
  done
  echo "$best"
}
size() { stat -c %s "$1"; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
mbs() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0) ? b / s / 1e6 : 0 }'; }

# --- inputs: NAME TEXT REC -----------------------------------------------------------------------
inputs=()
stop_times=$data/mta/mta_bus_bk/stop_times.txt
if [[ ! -s $stop_times && -x $shared/scripts/make-mta-feeds.sh ]]; then
  say "building the MTA bus_bk feed (npm)"
  sh "$shared/scripts/make-mta-feeds.sh" "$data/mta" bus_bk >&2 || say "could not build the MTA feed"
fi
if [[ -s $stop_times ]]; then
  say "stop_times: $(wc -l < "$stop_times") lines"
  "$chunk" --format csv --types stop_sequence:u32,pickup_type:u8,drop_off_type:u8,timepoint:u8,shape_dist_traveled:f64 \
    --table stop_times "$stop_times" -o "$tmp/stop_times.rec" 2>/dev/null ||
    "$chunk" --format csv --types stop_sequence:u32,pickup_type:u8,drop_off_type:u8 --table stop_times \
      "$stop_times" -o "$tmp/stop_times.rec"
  inputs+=("stop_times $stop_times $tmp/stop_times.rec")
else
  say "skipping stop_times: no $stop_times (run ../shared/scripts/make-mta-feeds.sh bench/.data/mta bus_bk)"
fi
# Events: the four real recordings of ../shared/data/events one after another, each later than the one before,
# the whole repeated --events-copies times. Repeats are exact copies of megabytes of x, y and p, which a compressor
# with a window larger than a recording (xz -6: 8 MiB) finds and a block-wise one cannot: keep the default of 1
# for a fair ratio.
truths=("$shared"/data/events/truth/*.csv.gz)
if [[ -s ${truths[0]} ]]; then
  events_csv=$data/events-real-x$copies.csv
  if [[ ! -s $events_csv ]]; then
    say "making $events_csv from ${#truths[@]} recordings"
    { echo x,y,p,t
      offset=0
      for ((i = 0; i < copies; i++)); do
        for f in "${truths[@]}"; do
          # EVT3 references start with a %geometry line.
          zcat "$f" | grep -v '^%' | awk -F, -v o="$offset" '{ print $1 "," $2 "," $3 "," $4 + o }'
          offset=$((offset + $(zcat "$f" | grep -v '^%' | tail -n 1 | cut -d, -f4) + 1))
        done
      done; } > "$events_csv.tmp"
    mv "$events_csv.tmp" "$events_csv"
  fi
  "$chunk" --format csv --types x:u16,y:u16,p:i8,t:i64 --table events "$events_csv" -o "$tmp/events.rec"
  inputs+=("events $events_csv $tmp/events.rec")
else
  say "skipping events: no ../shared/data/events/truth"
fi
nostr=$(ls "$data"/gen_nostr-*"$nostr_bytes"*.jsonl 2>/dev/null | head -1 || true)
if [[ -z $nostr ]]; then
  nostr=$data/nostr-$nostr_bytes.jsonl
  say "generating $nostr"
  python3 "$here/gen_nostr.py" --bytes "$nostr_bytes" > "$nostr"
fi
"$chunk" --format jsonl --fields id,pubkey,created_at,kind,content --types created_at:i64,kind:i32 --table nostr \
  "$nostr" -o "$tmp/nostr.rec"
inputs+=("nostr $nostr $tmp/nostr.rec")

# --- per input -----------------------------------------------------------------------------------
goals=()
goal() { goals+=("$1	$2	$3	$4"); }  # NAME MEASURED GOAL VERDICT
verdict() { awk -v m="$1" -v op="$2" -v g="$3" 'BEGIN { ok = (op == ">=") ? m >= g : m <= g; print ok ? "pass" : "MISS" }'; }

for entry in "${inputs[@]}"; do
  read -r name text rec <<< "$entry"
  raw=$(size "$rec")
  say "== $name: stream $raw bytes, text $(size "$text") bytes"
  cat "$rec" "$text" > /dev/null
  printf '\n%s (record stream %s bytes, %s records)\n' "$name" "$raw" "$("$chunk" "$rec" --to jsonl | wc -l)"
  printf '%-34s %9s %9s %12s %7s\n' "command" "seconds" "MB/s" "bytes" "ratio"
  line() { printf '%-34s %9s %9s %12s %7s\n' "$1" "$2" "$(mbs "$3" "$2")" "$4" "$(div "$3" "$4")"; }
  t_pack=$(secs "$pack -j2 $rec -o $tmp/$name.rpk"); s_pack=$(size "$tmp/$name.rpk")
  line "pack -j2 (zstd -3)" "$t_pack" "$raw" "$s_pack"
  t_px=$(secs "$pack -j2 -c xz $rec -o $tmp/$name.xz.rpk"); s_px=$(size "$tmp/$name.xz.rpk")
  line "pack -j2 -c xz (-6)" "$t_px" "$raw" "$s_px"
  t_z=$(secs "zstd -q -T2 -3 -c $rec > $tmp/$name.rec.zst"); s_z=$(size "$tmp/$name.rec.zst")
  line "zstd -T2 -3 (stream)" "$t_z" "$raw" "$s_z"
  t_x=$(secs "xz -T2 -6 -c $rec > $tmp/$name.rec.xz"); s_x=$(size "$tmp/$name.rec.xz")
  line "xz -T2 -6 (stream)" "$t_x" "$raw" "$s_x"
  t_g=$(secs "gzip -6 -c $rec > $tmp/$name.rec.gz"); s_g=$(size "$tmp/$name.rec.gz")
  line "gzip -6 (stream)" "$t_g" "$raw" "$s_g"
  t_zt=$(secs "zstd -q -T2 -3 -c $text > $tmp/$name.txt.zst"); s_zt=$(size "$tmp/$name.txt.zst")
  line "zstd -T2 -3 (text; ratio vs stream)" "$t_zt" "$raw" "$s_zt"
  t_xt=$(secs "xz -T2 -6 -c $text > $tmp/$name.txt.xz"); s_xt=$(size "$tmp/$name.txt.xz")
  line "xz -T2 -6 (text; ratio vs stream)" "$t_xt" "$raw" "$s_xt"
  t_d=$(secs "$pack -j2 -d $tmp/$name.rpk -o /dev/null")
  line "pack -j2 -d (MB/s of stream out)" "$t_d" "$raw" "$s_pack"
  t_zd=$(secs "zstd -q -T2 -d -c $tmp/$name.rec.zst > /dev/null")
  line "zstd -d (MB/s of stream out)" "$t_zd" "$raw" "$s_z"
  "$pack" -d "$tmp/$name.rpk" --to tsv | tail -n +2 | md5sum > "$tmp/a.md5"
  "$chunk" "$rec" --to tsv | tail -n +2 | md5sum > "$tmp/b.md5"
  cmp -s "$tmp/a.md5" "$tmp/b.md5" || die "$name: pack -d does not give back the records"
  records=$("$pack" --list "$tmp/$name.rpk" | sed -n 's/^table [^:]*: \([0-9]*\) records.*/\1/p' | head -1)
  lo=$((records / 2)) hi=$((records / 2 + records / 100))
  "$pack" -d "$tmp/$name.rpk" --records "$lo:$hi" --stats "$tmp/partial.json" -o /dev/null
  read_bytes=$(sed -n 's/.*"bytes_in":\([0-9]*\).*/\1/p' "$tmp/partial.json")
  partial=$(awk -v r="$read_bytes" -v s="$s_pack" 'BEGIN { printf "%.2f", 100 * r / s }')
  printf '%-34s read %s of %s bytes (%s%%)\n' "pack -d --records (1%)" "$read_bytes" "$s_pack" "$partial"

  speed=$(awk -v a="$t_z" -v b="$t_pack" 'BEGIN { printf "%.2f", a / b }')
  vs_zstd=$(div "$s_z" "$s_pack")
  vs_xz=$(div "$s_x" "$s_pack")
  unpack_gbs=$(awk -v b="$raw" -v s="$t_d" 'BEGIN { printf "%.2f", b / s / 1e9 }')
  goal "$name: pack speed / zstd -T2 -3 speed" "$speed" ">= 0.9" "$(verdict "$speed" ">=" 0.9)"
  if [[ $name != nostr ]]; then
    goal "$name: zstd size / pack size" "$vs_zstd" ">= 1.5" "$(verdict "$vs_zstd" ">=" 1.5)"
    goal "$name: xz -6 size / pack size" "$vs_xz" ">= 1.0" "$(verdict "$vs_xz" ">=" 1.0)"
  else
    goal "$name: zstd size / pack size (text-heavy, no goal)" "$vs_zstd" "-" "-"
  fi
  goal "$name: pack -d GB/s of stream" "$unpack_gbs" ">= 1.0" "$(verdict "$unpack_gbs" ">=" 1.0)"
  goal "$name: % of file read for 1% of records" "$partial" "< 5" "$(verdict "$partial" "<=" 5)"
done

# --- merge: block copy against unpack and repack --------------------------------------------------
first=${inputs[0]%% *}
say "== merge: two copies of $first.rpk, joined"
cp "$tmp/$first.rpk" "$tmp/copy.rpk"
t_copy=$(secs "$merge $tmp/$first.rpk $tmp/copy.rpk -o $tmp/joined.rpk")
t_repack=$(secs "$merge $tmp/$first.rpk $tmp/copy.rpk | $pack -j2 -o $tmp/repacked.rpk")
printf '\nmerge two %s containers: block copy %s s, unpack and repack %s s\n' "$first" "$t_copy" "$t_repack"
x=$(div "$t_repack" "$t_copy")
goal "merge block copy speed-up over unpack+repack" "$x" ">= 10" "$(verdict "$x" ">=" 10)"

printf '\n%-52s %10s %8s %s\n' "goal" "measured" "target" "verdict"
for g in "${goals[@]}"; do IFS=$'\t' read -r a b c d <<< "$g"; printf '%-52s %10s %8s %s\n' "$a" "$b" "$c" "$d"; done
