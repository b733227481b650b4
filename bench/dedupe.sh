#!/usr/bin/env bash
# Benchmarks dedupe(1) end to end (chunk | dedupe on nostr JSON lines with duplicate ids) against
# mawk '!a[$1]++' and sort -u on the same ids as TSV. See bench/README.md. Progress goes to stderr,
# the tables to stdout.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/dedupe.sh [--count N] [--dup-rate R] [--runs N] [--bin DIR]

  --count N     JSON lines in the generated input [10000000]
  --dup-rate R  fraction of lines that repeat an earlier line, and so its id [0.2]
  --runs N      runs of each command; the fastest one counts, peak RSS is the largest [1]
  --bin DIR     a build tree's cmd folder (DIR/chunk/chunk, DIR/dedupe/dedupe) or a folder holding
                chunk and dedupe [build/release/cmd of the repo; built with the release preset
                when missing]
  -h, --help    this text

The input is made once into bench/.data/; the .rec and .tsv made from it are remade on every run
(they depend on the chunk under test). Times are wall-clock seconds (date +%s.%N), peak RSS is
/usr/bin/time's %M; a pipeline's RSS is the sum over its processes.
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
count=10000000
dup_rate=0.2
runs=1
bin=""
while (($#)); do
  case $1 in
    --count) count=${2:?--count needs a value}; shift 2 ;;
    --dup-rate) dup_rate=${2:?--dup-rate needs a value}; shift 2 ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --bin) bin=${2:?--bin needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "dedupe.sh: error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $count =~ ^[1-9][0-9]*$ ]] || { echo "dedupe.sh: error: --count wants a positive integer" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "dedupe.sh: error: --runs wants a positive integer" >&2; exit 2; }
[[ $dup_rate =~ ^0?\.[0-9]+$|^0$ ]] || { echo "dedupe.sh: error: --dup-rate wants a number in [0, 1)" >&2; exit 2; }

say() { echo "dedupe.sh: $*" >&2; }
die() { echo "dedupe.sh: error: $*" >&2; exit 1; }
have() { command -v "$1" > /dev/null; }
q() { printf '%q' "$1"; }
export PYTHONDONTWRITEBYTECODE=1

# --- the binaries ---------------------------------------------------------------------------------
if [[ -z $bin ]]; then
  bin=$root/build/release/cmd
  if [[ ! -x $bin/chunk/chunk || ! -x $bin/dedupe/dedupe ]]; then
    say "no $bin/chunk/chunk or $bin/dedupe/dedupe: building the release preset"
    (cd "$root" && cmake --preset release && cmake --build --preset release -j2) >&2 || die "build failed"
  fi
fi
[[ $bin = /* ]] || bin=$PWD/$bin
find_exe() { # find_exe NAME: DIR/NAME/NAME or DIR/NAME
  if [[ -x $bin/$1/$1 && ! -d $bin/$1/$1 ]]; then echo "$bin/$1/$1"
  elif [[ -x $bin/$1 && ! -d $bin/$1 ]]; then echo "$bin/$1"
  else die "no $1 executable in $bin (nor in $bin/$1/)"; fi
}
chunk=$(find_exe chunk)
dedupe=$(find_exe dedupe)

# --- peers and tools ------------------------------------------------------------------------------
[[ -x /usr/bin/time ]] || { ((EUID == 0)) && { say "installing time"; apt-get install -y time >&2 || true; }; }
[[ -x /usr/bin/time ]] || die "/usr/bin/time (Debian package time) is needed for peak RSS"
if ! have mawk && ((EUID == 0)); then
  say "installing mawk"
  { apt-get install -y mawk || { apt-get update && apt-get install -y mawk; }; } >&2 || say "could not install mawk"
fi
have mawk || die "mawk not found (the goals are relative to it): install the Debian package mawk"

# --- inputs ---------------------------------------------------------------------------------------
data=$here/.data
mkdir -p "$data"
tmp=$data/dedupe-run
rm -rf "$tmp"
mkdir -p "$tmp"

# The input, made once. As in chunk.sh, the name carries a checksum of the generator, so an
# edited generator makes a new file.
key=$(cat "$here/genutil.py" "$here/gen_nostr.py" | cksum | cut -d' ' -f1)
jsonl=$data/gen_nostr-n$count-dup$dup_rate-$key.jsonl
if [[ ! -s $jsonl ]]; then
  say "generating $jsonl (about 700 bytes a line, 40-50 MB/s)"
  if ! python3 "$here/gen_nostr.py" --count "$count" --dup-rate "$dup_rate" > "$jsonl.tmp"; then
    rm -f "$jsonl.tmp"; die "gen_nostr.py failed"
  fi
  mv "$jsonl.tmp" "$jsonl"
fi
jsonl_bytes=$(stat -c %s "$jsonl")

# A pre-made record stream for dedupe alone, and the ids as TSV (one a line, no header) for the
# peers. Both from the chunk under test, so they are remade every run.
rec=$tmp/input.rec
tsv=$tmp/ids.tsv
chunk_args=(--format jsonl --fields id --keep-line)
say "making $rec"
"$chunk" "${chunk_args[@]}" -o "$rec" "$jsonl" || die "chunk failed on $jsonl"
say "making $tsv"
"$chunk" --format jsonl --fields id --to tsv "$jsonl" > "$tsv.all" || die "chunk --to tsv failed on $jsonl"
# --to tsv starts with a header line of field names: drop it, so that every line is an id.
if [[ $(head -n 1 "$tsv.all") = id ]]; then tail -n +2 "$tsv.all" > "$tsv"; rm -f "$tsv.all"; else mv "$tsv.all" "$tsv"; fi
tsv_lines=$(wc -l < "$tsv")
[[ $tsv_lines = "$count" ]] || die "$tsv has $tsv_lines ids, $count expected"
grep -qvE '^[0-9a-f]{64}$' "$tsv" && die "$tsv has lines that are not a 64-hex id"

# --- timing ---------------------------------------------------------------------------------------
# measure CMD: runs `bash -o pipefail -c CMD` $runs times. CMD writes each process's peak RSS (KiB)
# with `/usr/bin/time -f %M -o $tmp/rss.N`. Sets secs (the fastest run), rss_kib (the largest
# sum over the processes) and rss_parts ("a+b" of that run, MiB).
T="/usr/bin/time -f %M -o"
measure() {
  local cmd=$1 i start end t f sum parts
  secs='' rss_kib=0 rss_parts=''
  for ((i = 0; i < runs; i++)); do
    rm -f "$tmp"/rss.*
    start=$(date +%s.%N)
    bash -o pipefail -c "$cmd" 2> "$tmp/err" || {
      say "failed: $cmd"; tail -n 5 "$tmp/err" | sed 's/^/  /' >&2; return 1; }
    end=$(date +%s.%N)
    t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
    secs=$(awk -v x="$secs" -v y="$t" 'BEGIN { print (x == "" || y < x) ? y : x }')
    sum=0 parts=
    for f in "$tmp"/rss.*; do
      local k
      k=$(tail -n 1 "$f")
      sum=$((sum + k))
      parts+=${parts:++}$(awk -v k="$k" 'BEGIN { printf "%.0f", k / 1024 }')
    done
    if ((sum > rss_kib)); then rss_kib=$sum rss_parts=$parts; fi
    say "  run $((i + 1)): ${t}s, peak RSS $(awk -v k="$sum" 'BEGIN { printf "%.0f", k / 1024 }') MiB ($parts)"
  done
}
warm() { cat "$@" > /dev/null; }
# stat_field FILE NAME: a number from a --stats file, or ?.
stat_field() { [[ -s $1 ]] && sed -n "s/.*\"$2\":\([0-9]*\).*/\1/p" "$1" || echo "?"; }

rows=()
# row CASE INPUT SECS RSS_KIB RSS_PARTS
row() { rows+=("$1	$2	$3	$4	$5"); }
failed=no

say "case ours: chunk | dedupe from the JSON lines"
warm "$jsonl"
ours_cmd="$T $tmp/rss.1 $(q "$chunk") ${chunk_args[*]} $(q "$jsonl") | $T $tmp/rss.2 $(q "$dedupe") -k id --stats $tmp/ours.stats -o /dev/null"
if measure "$ours_cmd"; then row "chunk | dedupe" "jsonl" "$secs" "$rss_kib" "$rss_parts"; ours_s=$secs ours_rss=$rss_kib ours_parts=$rss_parts
else row "chunk | dedupe" "jsonl" ERROR 0 -; failed=yes; fi

say "case dedupe alone: dedupe on the pre-made record stream"
warm "$rec"
alone_cmd="$T $tmp/rss.1 $(q "$dedupe") -k id --stats $tmp/alone.stats -o /dev/null $(q "$rec")"
if measure "$alone_cmd"; then row "dedupe" "rec" "$secs" "$rss_kib" "$rss_parts"; alone_s=$secs alone_rss=$rss_kib
else row "dedupe" "rec" ERROR 0 -; failed=yes; fi

say "case mawk: mawk -F'\\t' '!a[\$1]++' on the ids"
warm "$tsv"
if measure "$T $tmp/rss.1 mawk -F '\\t' '!a[\$1]++' $(q "$tsv") > /dev/null"; then
  row "mawk '!a[\$1]++'" "tsv" "$secs" "$rss_kib" "$rss_parts"; mawk_s=$secs mawk_rss=$rss_kib
else row "mawk '!a[\$1]++'" "tsv" ERROR 0 -; failed=yes; fi

say "case sort: LC_ALL=C sort -u -k1,1 on the ids (default buffer, --parallel and TMPDIR)"
if measure "LC_ALL=C $T $tmp/rss.1 sort -u -t \$'\\t' -k1,1 $(q "$tsv") > /dev/null"; then
  row "sort -u -k1,1" "tsv" "$secs" "$rss_kib" "$rss_parts"
else row "sort -u -k1,1" "tsv" ERROR 0 -; failed=yes; fi

# The pipeline again with dedupe held under --memory, so that the two processes together need a tenth of
# mawk's peak at most: the memory goal met by the option made for it, at the speed that costs.
bounded_note=""
if [[ -n ${mawk_rss:-} && -n ${ours_parts:-} ]]; then
  chunk_mib=${ours_parts%%+*}
  bounded_mib=$((mawk_rss / 1024 / 10 - chunk_mib))
  ((bounded_mib >= 48)) || { bounded_note="(--memory raised to its least, 48M: a tenth of mawk less chunk's $chunk_mib MiB is ${bounded_mib}M)"; bounded_mib=48; }
  say "case bounded: chunk | dedupe --memory ${bounded_mib}M"
  warm "$jsonl"
  bounded_cmd="$T $tmp/rss.1 $(q "$chunk") ${chunk_args[*]} $(q "$jsonl") | $T $tmp/rss.2 $(q "$dedupe") -k id --memory ${bounded_mib}M --stats $tmp/bounded.stats -o /dev/null"
  if measure "$bounded_cmd"; then
    row "chunk | dedupe --memory ${bounded_mib}M" "jsonl" "$secs" "$rss_kib" "$rss_parts"; bounded_s=$secs bounded_rss=$rss_kib
    bounded_out=$(stat_field "$tmp/bounded.stats" records_out)
  else row "chunk | dedupe --memory ${bounded_mib}M" "jsonl" ERROR 0 -; failed=yes; fi
fi

# --index: only when this dedupe has it.
index_note=""
if "$dedupe" --help 2>&1 | grep -q -- '--index'; then
  say "case index: dedupe --index into SQLite"
  if measure "rm -f $tmp/index.sqlite*; $T $tmp/rss.1 $(q "$dedupe") -k id --index $tmp/index.sqlite --run bench --stats $tmp/index.stats -o /dev/null $(q "$rec")"; then
    row "dedupe --index (new db)" "rec" "$secs" "$rss_kib" "$rss_parts"; index_s=$secs
    index_out=$(stat_field "$tmp/index.stats" records_out)
  else row "dedupe --index (new db)" "rec" ERROR 0 -; failed=yes; fi
else
  index_note="dedupe --help lists no --index: the SQLite case is skipped"
  say "$index_note"
fi

# --- do the outputs agree? ------------------------------------------------------------------------
say "counting unique ids: mawk | wc -l, sort -u | wc -l"
ours_in=$(stat_field "$tmp/ours.stats" records_in)
ours_out=$(stat_field "$tmp/ours.stats" records_out)
alone_out=$(stat_field "$tmp/alone.stats" records_out)
mawk_out=$(mawk -F '\t' '!a[$1]++' "$tsv" | wc -l)
sort_out=$(LC_ALL=C sort -u -t $'\t' -k1,1 "$tsv" | wc -l)
agree=PASS
[[ $ours_in = "$count" && $ours_out = "$mawk_out" && $alone_out = "$mawk_out" && $sort_out = "$mawk_out" ]] || agree=MISS
[[ -z ${index_out:-} || $index_out = "$mawk_out" ]] || agree=MISS
[[ -z ${bounded_out:-} || $bounded_out = "$mawk_out" ]] || agree=MISS

# --- report ---------------------------------------------------------------------------------------
table() {
  awk -F '\t' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } if (NF > n) n = NF }
    END { for (r = 1; r <= NR; r++) { line = ""; for (i = 1; i <= n; i++) line = line sprintf(i < n ? "%-" w[i] + 2 "s" : "%s", cell[r, i]); print line } }'
}
# goal NAME MEASURED OP LIMIT: a goals row; OP is >= or <=.
goals=()
goal() {
  goals+=("$(awk -v n="$1" -v m="$2" -v op="$3" -v l="$4" 'BEGIN {
    if (m == "") { printf "%s\t-\t%s %s\tERROR\n", n, op, l; exit }
    ok = (op == ">=") ? m >= l : m <= l
    printf (m >= 100 ? "%s\t%.0f\t%s %s\t%s\n" : "%s\t%.3f\t%s %s\t%s\n"), n, m, op, l, ok ? "PASS" : "MISS" }')")
}
ratio() { [[ -n ${1:-} && -n ${2:-} && ${2:-0} != 0 ]] && awk -v a="$1" -v b="$2" 'BEGIN { print a / b }' || echo ""; }
goal "time: mawk s / chunk|dedupe s" "$(ratio "${mawk_s:-}" "${ours_s:-}")" ">=" 3
goal "peak RSS: chunk+dedupe / mawk" "$(ratio "${ours_rss:-}" "${mawk_rss:-}")" "<=" 0.1
goal "(dedupe alone) time: mawk s / dedupe s" "$(ratio "${mawk_s:-}" "${alone_s:-}")" ">=" 3
goal "(dedupe alone) peak RSS: dedupe / mawk" "$(ratio "${alone_rss:-}" "${mawk_rss:-}")" "<=" 0.1
if [[ -n ${bounded_s:-} ]]; then
  goal "(--memory) time: mawk s / chunk|dedupe s" "$(ratio "${mawk_s:-}" "${bounded_s:-}")" ">=" 3
  goal "(--memory) peak RSS: chunk+dedupe / mawk" "$(ratio "${bounded_rss:-}" "${mawk_rss:-}")" "<=" 0.1
fi
if [[ -n ${index_s:-} ]]; then
  goal "index: new keys/s into SQLite" "$(ratio "$index_out" "$index_s")" ">=" 500000
else
  goals+=("index: new keys/s into SQLite	-	>= 500000	skipped: no --index")
fi
goals+=("outputs agree: unique ids	dedupe $ours_out/$alone_out${bounded_out:+/$bounded_out}${index_out:+/$index_out} mawk $mawk_out sort $sort_out	equal, in = $count	$agree")

{
  echo "dedupe benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores  $(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -1)  load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "$("$dedupe" --version 2> /dev/null || echo "$dedupe"), $("$chunk" --version 2> /dev/null || echo "$chunk"), $(mawk -W version 2>&1 | head -1), $(sort --version | head -1)"
  echo "input: $count nostr JSON lines, dup-rate $dup_rate, $jsonl_bytes B; $mawk_out unique ids.  runs: $runs (fastest time, largest RSS)"
  echo "ours: chunk --format jsonl --fields id --keep-line FILE | dedupe -k id -o /dev/null  (chunk -j default = all cores)"
  echo "peers read the ids as TSV (made once by chunk --to tsv, header dropped, not timed); sort: LC_ALL=C,"
  echo "default -S, --parallel and temp dir.  rec/s = input records per second.  RSS of a pipeline = sum (parts in MiB)."
  [[ -n $index_note ]] && echo "$index_note"
  [[ -n $bounded_note ]] && echo "$bounded_note"
  echo
  {
    printf 'case\tinput\tseconds\trecords/s\tpeak RSS MiB\tparts\n'
    for r in "${rows[@]}"; do
      IFS=$'\t' read -r c i s k p <<< "$r"
      if [[ $s = ERROR ]]; then printf '%s\t%s\tERROR\t-\t-\t-\n' "$c" "$i"
      else awk -v c="$c" -v i="$i" -v s="$s" -v k="$k" -v p="$p" -v n="$count" \
        'BEGIN { printf "%s\t%s\t%.3f\t%.0f\t%.0f\t%s\n", c, i, s, n / s, k / 1024, p }'; fi
    done
  } | table
  echo
  { printf 'goal\tmeasured\ttarget\tresult\n'; printf '%s\n' "${goals[@]}"; } | table
}
rm -f "$rec" "$tsv"
# Exit 1 when a command failed or the outputs disagree; a MISS on a speed or memory goal is a
# measurement, not a failure.
[[ $failed = no && $agree = PASS ]]
