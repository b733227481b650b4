#!/usr/bin/env bash
# Benchmarks chunk(1): against wc -l, jq and mlr, and against itself at one and two threads.
# See bench/README.md. Progress goes to stderr, the table to stdout.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bench/chunk.sh [--size SIZE] [--peer-size SIZE] [--runs N] [--bin DIR] [--no-hyperfine]

  --size SIZE       bytes of each generated input [1G]
  --peer-size SIZE  bytes of the slice that jq and mlr read [200M]
  --runs N          runs of each command; the best one counts [3]
  --bin DIR         folder holding the chunk executable [build/release/cmd/chunk of the repo;
                    built with the release preset when it is missing]
  --no-hyperfine    time with date +%s.%N even when hyperfine is installed
  -h, --help        this text

SIZE as 500M, 1G (powers of 1024). Inputs are made once into bench/.data/.
Throughput MB/s is 10^6 bytes per second.
EOF
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
size=1G
peer_size=200M
runs=3
bin=""
use_hyperfine=yes
while (($#)); do
  case $1 in
    --size) size=${2:?--size needs a value}; shift 2 ;;
    --peer-size) peer_size=${2:?--peer-size needs a value}; shift 2 ;;
    --runs) runs=${2:?--runs needs a value}; shift 2 ;;
    --bin) bin=${2:?--bin needs a value}; shift 2 ;;
    --no-hyperfine) use_hyperfine=no; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "chunk.sh: error: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "chunk.sh: error: --runs wants a positive integer" >&2; exit 2; }

say() { echo "chunk.sh: $*" >&2; }
die() { echo "chunk.sh: error: $*" >&2; exit 1; }

export PYTHONDONTWRITEBYTECODE=1
to_bytes() {
  python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import genutil
try: print(genutil.parse_size(sys.argv[2]))
except Exception as e: sys.exit("chunk.sh: error: %s" % e)' "$here" "$1"
}
size_bytes=$(to_bytes "$size") || exit 2
peer_bytes=$(to_bytes "$peer_size") || exit 2

# --- the binary ---------------------------------------------------------------------------------
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

# --- peers and timer ----------------------------------------------------------------------------
missing=()
for tool in jq mlr hyperfine; do command -v "$tool" > /dev/null || missing+=("$tool"); done
if ((${#missing[@]})) && ((EUID == 0)); then
  packages=("${missing[@]/mlr/miller}")
  say "installing ${packages[*]}"
  { apt-get install -y "${packages[@]}" || { apt-get update && apt-get install -y "${packages[@]}"; }; } >&2 ||
    say "could not install ${packages[*]}"
fi
have() { command -v "$1" > /dev/null; }

# --- inputs ---------------------------------------------------------------------------------------
data=$here/.data
results=$data/results
mkdir -p "$data" "$results"

# make_input GENERATOR SIZE EXT: prints the path of that generator's output of SIZE bytes, made
# once. The name carries a checksum of the generator, so an edited generator makes new files.
make_input() {
  local gen=$1 bytes=$2 ext=$3 key file
  key=$(cat "$here/genutil.py" "$here/$gen" | cksum | cut -d' ' -f1)
  file=$data/${gen%.py}-$bytes-$key.$ext
  if [[ ! -s $file ]]; then
    say "generating $file"
    python3 "$here/$gen" --bytes "$bytes" > "$file.tmp" && mv "$file.tmp" "$file" ||
      { rm -f "$file.tmp"; die "$gen failed"; }
  fi
  echo "$file"
}

# Peers read a slice: the generators write the same bytes for the same seed, so a smaller --bytes
# gives a prefix of the big input.
((peer_bytes < size_bytes)) || peer_bytes=$size_bytes
lines_file=$(make_input gen_lines.py "$size_bytes" txt)
jsonl_file=$(make_input gen_nostr.py "$size_bytes" jsonl)
csv_file=$(make_input gen_csv.py "$size_bytes" csv)
jsonl_slice=$(make_input gen_nostr.py "$peer_bytes" jsonl)
csv_slice=$(make_input gen_csv.py "$peer_bytes" csv)

tiny_lines=$data/tiny.txt tiny_jsonl=$data/tiny.jsonl tiny_csv=$data/tiny.csv
python3 "$here/gen_lines.py" --count 1000 > "$tiny_lines"
python3 "$here/gen_nostr.py" --count 1000 > "$tiny_jsonl"
python3 "$here/gen_csv.py" --count 1000 > "$tiny_csv"

file_bytes() { stat -c %s "$1"; }

# --- does chunk work, and may it write to /dev/null by name? -----------------------------------
magic=$(printf '\x89RPS' | od -An -tx1 | tr -d ' \n')
probe_out=$data/probe.out
"$chunk" --format lines "$tiny_lines" > "$probe_out" 2> "$data/probe.err" ||
  die "chunk fails on a small input: $(head -c 500 "$data/probe.err")"
[[ $(head -c 4 "$probe_out" | od -An -tx1 | tr -d ' \n') = "$magic" ]] ||
  die "chunk's output does not start with the stream magic"

# -o on a non-regular file must write to it directly, not rename a temporary over it. Try a FIFO
# of ours first: if /dev/null got renamed over, the machine would lose its /dev/null.
fifo=$data/probe.fifo
rm -f "$fifo" "$probe_out"
mkfifo "$fifo"
cat "$fifo" > "$probe_out" &
reader=$!
direct=no
if "$chunk" --format lines -o "$fifo" "$tiny_lines" 2> "$data/probe.err" && [[ -p $fifo ]]; then
  direct=yes
fi
if [[ -p $fifo ]]; then
  exec 3<> "$fifo" # opening read-write never blocks; it lets a reader still in open() see EOF
  exec 3>&-
else
  kill "$reader" 2> /dev/null || true
fi
wait "$reader" 2> /dev/null || true
[[ $direct = yes && $(head -c 4 "$probe_out" | od -An -tx1 | tr -d ' \n') = "$magic" ]] || direct=no
rm -f "$fifo" "$probe_out"
if [[ $direct = yes ]]; then
  out_opt="-o /dev/null " out_redir=""
else
  out_opt="" out_redir=" > /dev/null"
  say "chunk -o does not write a FIFO directly yet; timing chunk with '> /dev/null' instead"
fi

# Record counts through --to jsonl, as a check that the timed commands do the work (a warning only:
# --to may come later than chunk itself).
check_count() {
  local name=$1 want=$2 got
  shift 2
  got=$("$chunk" "$@" --to jsonl 2> /dev/null | wc -l) || got="error"
  [[ $got = "$want" ]] || say "warning: $name: $want records expected, chunk --to jsonl gave $got"
}
check_count lines 1000 --format lines "$tiny_lines"
check_count jsonl 1000 --format jsonl --fields id,created_at --types created_at:i64 "$tiny_jsonl"
check_count csv 1000 --format csv "$tiny_csv"

# --- timing -----------------------------------------------------------------------------------
# time_pair NAME CMD_A CMD_B: the best of $runs runs of each shell command, in seconds, into ta
# and tb. hyperfine when there is one (its JSON goes to bench/.data/results/NAME.json), else the
# runs alternate and date +%s.%N times them.
time_pair() {
  local name=$1 a=$2 b=$3
  if [[ $use_hyperfine = yes ]] && have hyperfine; then
    local json=$results/$name.json
    hyperfine --style basic --runs "$runs" --export-json "$json" \
      -n "$name: ours" "$a" -n "$name: peer" "$b" >&2 || { explain_failure "$a" "$b"; return 1; }
    read -r ta tb < <(python3 -c 'import json, sys
print(*("%.6f" % r["min"] for r in json.load(open(sys.argv[1]))["results"]))' "$json")
  else
    local i t
    ta=; tb=
    for ((i = 0; i < runs; i++)); do
      t=$(elapsed "$a") || return 1
      ta=$(awk -v x="$ta" -v y="$t" 'BEGIN { print (x == "" || y < x) ? y : x }')
      t=$(elapsed "$b") || return 1
      tb=$(awk -v x="$tb" -v y="$t" 'BEGIN { print (x == "" || y < x) ? y : x }')
    done
    say "$name: ours ${ta}s, peer ${tb}s (best of $runs)"
  fi
}
# explain_failure CMD...: runs the commands once more until one fails, and shows its stderr.
explain_failure() {
  local cmd
  for cmd; do
    bash -c "$cmd" > /dev/null 2> "$data/failed.err" && continue
    say "failed: $cmd"
    tail -n 5 "$data/failed.err" | sed 's/^/  /' >&2
    return
  done
}
elapsed() {
  local start end
  start=$(date +%s.%N)
  bash -c "$1" 2> "$data/failed.err" || { say "failed: $1"; tail -n 5 "$data/failed.err" | sed 's/^/  /' >&2; return 1; }
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f\n", e - s }'
}
warm() { cat "$@" > /dev/null; }
q() { printf '%q' "$1"; }

rows=()
# row CASE OURS_S OURS_BYTES PEER PEER_S PEER_BYTES RATIO_KIND GOAL_MBS GOAL_RATIO RATIO_STRICT
#   RATIO_KIND time: peer_s / ours_s; rate: ours MB/s / peer MB/s.
row() {
  rows+=("$(awk -v c="$1" -v ot="$2" -v ob="$3" -v p="$4" -v pt="$5" -v pb="$6" -v kind="$7" \
    -v gm="$8" -v gr="$9" -v strict="${10}" 'BEGIN {
      omb = ob / 1e6 / ot; pmb = pb / 1e6 / pt
      ratio = (kind == "time") ? pt / ot : omb / pmb
      goal = ""; ok = 1; why = ""
      if (gm != "") { goal = "MB/s>=" gm; if (omb < gm) { ok = 0; why = "MB/s" } }
      if (gr != "") {
        goal = goal (goal == "" ? "" : " ") "ratio" (strict ? ">" : ">=") gr
        if (strict ? ratio <= gr : ratio < gr) { ok = 0; why = why (why == "" ? "" : ",") "ratio" }
      }
      printf "%s\t%.3f\t%.0f\t%s\t%.3f\t%.0f\t%.2f\t%s\t%s\n", c, ot, omb, p, pt, pmb, ratio, goal,
        ok ? "PASS" : "MISS(" why ")"
    }')")
}
skip() { rows+=("$1	-	-	$2	-	-	-	-	$3"); }

lines_bytes=$(file_bytes "$lines_file")
jsonl_bytes=$(file_bytes "$jsonl_file")
csv_bytes=$(file_bytes "$csv_file")
jsonl_slice_bytes=$(file_bytes "$jsonl_slice")
csv_slice_bytes=$(file_bytes "$csv_slice")

lines_cmd="$(q "$chunk") --format lines $out_opt$(q "$lines_file")$out_redir"
jsonl_cmd="$(q "$chunk") --format jsonl --fields id,created_at --types created_at:i64 $out_opt$(q "$jsonl_file")$out_redir"
csv_cmd="$(q "$chunk") --format csv $out_opt$(q "$csv_file")$out_redir"

say "case lines: chunk vs wc -l, same file"
warm "$lines_file"
if time_pair lines "$lines_cmd" "wc -l $(q "$lines_file") > /dev/null"; then
  row lines "$ta" "$lines_bytes" "wc -l" "$tb" "$lines_bytes" time "" 1.0 0
else skip lines "wc -l" ERROR; fi

say "case jsonl: chunk on the whole file vs jq on the first $jsonl_slice_bytes bytes"
if have jq; then
  warm "$jsonl_file" "$jsonl_slice"
  if time_pair jsonl "$jsonl_cmd" "jq -c '{id,created_at}' $(q "$jsonl_slice") > /dev/null"; then
    row jsonl "$ta" "$jsonl_bytes" "jq" "$tb" "$jsonl_slice_bytes" rate 400 5 0
  else skip jsonl jq ERROR; fi
else
  say "jq not found: skipping the jsonl case"; skip jsonl jq "skipped: no jq"
fi

say "case csv: chunk on the whole file vs mlr on the first $csv_slice_bytes bytes"
if have mlr; then
  warm "$csv_file" "$csv_slice"
  if time_pair csv "$csv_cmd" "mlr --icsv --ojson cat $(q "$csv_slice") > /dev/null"; then
    row csv "$ta" "$csv_bytes" "mlr" "$tb" "$csv_slice_bytes" rate 300 1 1
  else skip csv mlr ERROR; fi
else
  say "mlr not found: skipping the csv case"; skip csv mlr "skipped: no mlr"
fi

for format in lines jsonl csv; do
  say "case threads-$format: chunk -j 2 vs chunk -j 1"
  cmd=${format}_cmd file=${format}_file bytes=${format}_bytes
  warm "${!file}"
  one=${!cmd/"$(q "$chunk") "/"$(q "$chunk") -j 1 "}
  two=${!cmd/"$(q "$chunk") "/"$(q "$chunk") -j 2 "}
  if time_pair "threads-$format" "$two" "$one"; then
    row "threads-$format" "$ta" "${!bytes}" "-j 1" "$tb" "${!bytes}" time "" 1.7 0
  else skip "threads-$format" "-j 1" ERROR; fi
done

# --- report ---------------------------------------------------------------------------------------
{
  echo "chunk benchmark  $(date -u +%Y-%m-%dT%H:%M:%SZ)  $(nproc) cores  $(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -1)"
  echo "chunk: $("$chunk" --version 2> /dev/null || echo "$chunk")   output: ${out_opt:-"> /dev/null "}  runs: best of $runs$([[ $use_hyperfine = yes ]] && have hyperfine && echo " (hyperfine)")"
  echo "inputs: lines $lines_bytes B, jsonl $jsonl_bytes B, csv $csv_bytes B"
  echo "jq and mlr read only the first $jsonl_slice_bytes / $csv_slice_bytes bytes: their rows compare throughput"
  echo "(ratio = our MB/s / peer MB/s); wc -l and -j 1 read the same file (ratio = peer s / our s)."
  echo "MB/s = 10^6 bytes/s of input.  threads-*: ours = -j 2, peer = -j 1."
  echo
  {
    printf 'case\tours s\tMB/s\tpeer\tpeer s\tpeer MB/s\tratio\tgoal\tresult\n'
    printf '%s\n' "${rows[@]}"
  } | awk -F '\t' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NF }
      END { for (r = 1; r <= NR; r++) { line = ""; for (i = 1; i <= n; i++) line = line sprintf(i < n ? "%-" w[i] + 2 "s" : "%s", cell[r, i]); print line } }'
}
# Exit 1 when a command failed; a MISS is a measurement, not a failure.
[[ ! " ${rows[*]} " =~ ERROR ]]
