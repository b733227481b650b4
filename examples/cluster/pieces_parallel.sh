#!/usr/bin/env bash
# Runs COMMAND --part K/N over INPUT as N jobs of GNU parallel, on this machine or on others, then joins the
# pieces in order with merge:
#
#   pieces_parallel.sh COMMAND INPUT N OUT.rec
#
# COMMAND is chunk or bam2cols (any recpipe command with --part K/N). Piece K is written to OUT.partK-of-N.rec
# (OUT.rec without its .rec), each under a temporary name renamed only on success, and the joined pieces to
# OUT.rec. parallel's job log is OUT.joblog.
#
# Environment:
#   JOBS=J           pieces run at once on each machine [one per core]
#   THREADS=T        threads of each piece (-j T) [1]
#   SSHLOGIN=HOSTS   run the pieces on these machines over ssh, as parallel --sshlogin takes them
#                    (node1,node2 or 8/node1,8/node2; ':' is this machine). Every machine must have the commands
#                    on its PATH and see INPUT and OUT's folder at the same path (a shared file system): the jobs
#                    run in this folder (--workdir).
#   RESUME=1         run again only the pieces that failed (or never ran) in the last run, as the job log lists
#                    them (parallel --resume-failed), then merge
#
# When a piece fails, the others still run, nothing is merged, and the exit status is non-zero; the job log
# says which pieces failed. Re-run them with RESUME=1, or run one by hand, e.g. piece 3 of 8, and merge:
#   chunk --part 3/8 -j 1 big.csv -o out/big.part3-of-8.rec
#   merge $(seq -f out/big.part%g-of-8.rec 8) -o out/big.rec
set -euo pipefail
if (($# != 4)); then
  sed -n '2,/^set -e/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
command=$1 input=$2 n=$3 out=$4
base=${out%.rec}

options=(--joblog "$base.joblog" --jobs "${JOBS:-100%}" --quote)
if [[ -n ${SSHLOGIN:-} ]]; then options+=(--sshlogin "$SSHLOGIN" --workdir "$PWD"); fi
if [[ -n ${RESUME:-} ]]; then options+=(--resume-failed); fi

mkdir -p "$(dirname "$out")"
seq "$n" | parallel "${options[@]}" "$command" --part "{}/$n" -j "${THREADS:-1}" "$input" -o "$base.part{}-of-$n.rec"

# The pieces in order 1..N: not a glob, whose order puts part10 before part2.
pieces=()
for ((k = 1; k <= n; k++)); do pieces+=("$base.part$k-of-$n.rec"); done
merge "${pieces[@]}" -o "$out"
