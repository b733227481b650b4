#!/usr/bin/env bash
# Runs the Slurm scripts on this machine without Slurm, as sbatch would: slurm_piece.sbatch once per task with
# SLURM_ARRAY_TASK_ID (and SLURM_ARRAY_TASK_COUNT) set, one task after the other, then slurm_merge.sbatch if
# every task succeeded. For trying the scripts, and for `make check` where Slurm is absent.
#
#   slurm_here.sh COMMAND INPUT N OUT.rec [TASK]...
#
# With TASKs, only those tasks run (as sbatch --array=3,5 would), and the merge after them.
set -euo pipefail
here=$(dirname "$0")
command=$1 input=$2 n=$3 out=$4
shift 4
tasks=("$@")
if ((${#tasks[@]} == 0)); then mapfile -t tasks < <(seq "$n"); fi
mkdir -p "$(dirname "$out")"
failed=0
for k in "${tasks[@]}"; do
  SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=${#tasks[@]} bash "$here/slurm_piece.sbatch" "$command" "$input" "$n" "$out" ||
    { echo "slurm_here.sh: task $k failed" >&2; failed=1; }
done
((failed == 0)) || { echo "slurm_here.sh: not merged: a task failed (afterok)" >&2; exit 1; }
bash "$here/slurm_merge.sbatch" "$n" "$out"
