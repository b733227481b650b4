#!/usr/bin/env bash
# Submits COMMAND --part K/N over INPUT as a Slurm job array of N tasks (slurm_piece.sbatch), and the merge of
# the pieces into OUT.rec as a job that starts only when every task succeeded (slurm_merge.sbatch, with
# --dependency=afterok). Prints the two job ids. Other sbatch options (partition, account, time) go after OUT.rec
# and are given to both jobs.
#
#   slurm_submit.sh COMMAND INPUT N OUT.rec [SBATCH OPTION]...
#
# When a task fails, the merge job never starts (squeue shows it pending with the reason
# DependencyNeverSatisfied). Cancel it, and submit the failed piece alone and a new merge after it:
#   scancel MERGE_JOB_ID
#   piece=$(sbatch --parsable --array=3 slurm_piece.sbatch COMMAND INPUT N OUT.rec)
#   sbatch --dependency=afterok:$piece slurm_merge.sbatch N OUT.rec
set -euo pipefail
if (($# < 4)); then
  sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
here=$(dirname "$0")
command=$1 input=$2 n=$3 out=$4
shift 4
mkdir -p "$(dirname "$out")"
array=$(sbatch --parsable --array="1-$n" "$@" "$here/slurm_piece.sbatch" "$command" "$input" "$n" "$out")
array=${array%%;*}  # --parsable prints JOBID or JOBID;CLUSTER
merge=$(sbatch --parsable --dependency="afterok:$array" "$@" "$here/slurm_merge.sbatch" "$n" "$out")
echo "$array ${merge%%;*}"
