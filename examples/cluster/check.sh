#!/usr/bin/env bash
# The checks of `make check`, after `make all` ran the two jobs under GNU parallel:
#   1. each merged result holds the tables of one run over the whole input (same fields, metadata, records);
#   2. the Slurm scripts, run here task by task as sbatch would run them (slurm_here.sh), give the same merged
#      stream, byte for byte, as GNU parallel;
#   3. a failed piece is run again alone: piece 3's output name is blocked, so task 3 fails and nothing is merged;
#      then task 3 alone and the merge give the same stream again;
#   4. the same with GNU parallel: RESUME=1 (parallel --resume-failed) runs piece 3 alone, then merges.
#   bash check.sh TEXT BAM N
set -euo pipefail
text=$1 bam=$2 n=$3
fail() { echo "check: FAIL: $*" >&2; exit 1; }
mkdir -p out/single out/slurm out/rerun

for job in "chunk $text stop_times" "bam2cols $bam reads"; do
  read -r command input name <<<"$job"
  echo "$command --part K/$n $input:"
  "$command" "$input" -o "out/single/$name.rec"
  python3 same_tables.py "out/single/$name.rec" "out/parallel/$name.rec" ||
    fail "$name: GNU parallel's merged pieces differ from the single run"

  bash slurm_here.sh "$command" "$input" "$n" "out/slurm/$name.rec" >/dev/null
  cmp "out/parallel/$name.rec" "out/slurm/$name.rec" || fail "$name: the Slurm scripts' result differs from parallel's"
  echo "  the Slurm array scripts, task by task: the same $(wc -c <"out/slurm/$name.rec") bytes as GNU parallel"

  rm -rf out/rerun/*
  mkdir "out/rerun/$name.part3-of-$n.rec"  # a directory where piece 3 goes: its rename fails
  if bash slurm_here.sh "$command" "$input" "$n" "out/rerun/$name.rec" 2>out/rerun/first.err; then
    fail "$name: the run with piece 3 blocked succeeded"
  fi
  [[ ! -e out/rerun/$name.rec ]] || fail "$name: merged although piece 3 failed"
  rmdir "out/rerun/$name.part3-of-$n.rec"
  bash slurm_here.sh "$command" "$input" "$n" "out/rerun/$name.rec" 3 >/dev/null
  cmp "out/parallel/$name.rec" "out/rerun/$name.rec" || fail "$name: after re-running piece 3 the result differs"
  echo "  Slurm scripts: piece 3 failed, nothing merged; task 3 run again alone, merged: the same bytes"

  rm -rf out/rerun/*
  mkdir "out/rerun/$name.part3-of-$n.rec"
  if bash pieces_parallel.sh "$command" "$input" "$n" "out/rerun/$name.rec" 2>out/rerun/first.err; then
    fail "$name: GNU parallel with piece 3 blocked succeeded"
  fi
  [[ ! -e out/rerun/$name.rec ]] || fail "$name: GNU parallel merged although piece 3 failed"
  rmdir "out/rerun/$name.part3-of-$n.rec"
  RESUME=1 bash pieces_parallel.sh "$command" "$input" "$n" "out/rerun/$name.rec"
  [[ $(awk -F'\t' 'NR > 1 && $7 == 0' "out/rerun/$name.joblog" | wc -l) == "$n" ]] ||
    fail "$name: after RESUME=1, the job log does not show each piece succeeded once: $(cat "out/rerun/$name.joblog")"
  [[ $(awk -F'\t' 'NR > 1' "out/rerun/$name.joblog" | wc -l) == $((n + 1)) ]] ||
    fail "$name: RESUME=1 ran more than the failed piece: $(cat "out/rerun/$name.joblog")"
  cmp "out/parallel/$name.rec" "out/rerun/$name.rec" || fail "$name: after RESUME=1 the result differs"
  echo "  GNU parallel: piece 3 failed, nothing merged; RESUME=1 ran piece 3 alone, merged: the same bytes"
done
