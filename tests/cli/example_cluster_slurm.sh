#!/usr/bin/env bash
# examples/cluster under a real Slurm: a one-node Slurm (slurmctld and slurmd of Debian's slurm-wlm, munged of
# munge) started in this test's temporary folder, on free ports, as root. slurm_submit.sh submits the job array of
# chunk --part and of bam2cols --part pieces and the merge after it; each merged result must hold the tables of a
# run over the whole input and be, byte for byte, what the same scripts give run task by task (slurm_here.sh).
# Then a task that fails: its merge is left pending (DependencyNeverSatisfied); that task alone and a new merge
# after it give the same bytes. Skipped where Slurm or munge is not installed, or without root.
#   bash tests/cli/example_cluster_slurm.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need python3
PATH=$PATH:/usr/sbin:/sbin
for p in slurmctld slurmd munged sbatch squeue sinfo scancel; do
  command -v $p >/dev/null || skip "$p is not installed (Debian: slurm-wlm, munge)"
done
[[ $(id -u) == 0 ]] || skip "starting slurmd takes root"

bin_dirs=""
for d in chunk merge pack bam2cols; do bin_dirs+="$(cd "$RECPIPE_BIN/../$d" && pwd):"; done
export PATH="$bin_dirs$PATH"

# --- a one-node Slurm in $WORK/slurm -----------------------------------------------------------------------------
s=$WORK/slurm
mkdir -p "$s/munge" "$s/state" "$s/spool" "$s/log"
chmod 700 "$s/munge"
# stop_slurm: each daemon by the pid it wrote, then wait (up to 10 s) for them to be gone before $WORK is removed.
stop_slurm() {
  local f pids=() i
  for f in slurmd.pid slurmctld.pid munge/munged.pid; do
    [[ -s $s/$f ]] && pids+=("$(cat "$s/$f")")
  done
  ((${#pids[@]})) || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "${pids[@]}" 2>/dev/null || return 0
    sleep 0.1
  done
}
trap 'stop_slurm; rm -rf "$WORK"' EXIT
show_logs() { tail -n 15 "$s"/log/* >&2 || true; }

head -c 1024 /dev/urandom >"$s/munge/munge.key"
chmod 400 "$s/munge/munge.key"
munged --force --key-file="$s/munge/munge.key" --socket="$s/munge/socket" --pid-file="$s/munge/munged.pid" \
  --seed-file="$s/munge/seed" --log-file="$s/log/munged.log" </dev/null >/dev/null 2>&1 || {
  show_logs
  fail "munged did not start"
}
read -r port1 port2 < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
node=$(hostname -s)
cat >"$s/slurm.conf" <<CONF
ClusterName=recpipetest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port1
SlurmdPort=$port2
AuthType=auth/munge
AuthInfo=socket=$s/munge/socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$s/slurm.conf
step "start slurmctld and slurmd (one node, $(nproc) CPUs)"
started=$SECONDS
slurmctld -c -i </dev/null >"$s/log/slurmctld.out" 2>&1 || { show_logs; fail "slurmctld did not start"; }
slurmd </dev/null >"$s/log/slurmd.out" 2>&1 || { show_logs; fail "slurmd did not start"; }
until [[ $(sinfo -h -o %T 2>/dev/null) == idle ]]; do
  ((SECONDS - started < 60)) || { show_logs; fail "the node is not idle after 60 s: $(sinfo 2>&1)"; }
  sleep 0.2
done
echo "   up after $((SECONDS - started)) s"

# wait_jobs ID...: until none of the jobs is running or pending but for a dependency that can never be met.
wait_jobs() {
  local ids=$1 t0=$SECONDS
  shift
  for id in "$@"; do ids+=",$id"; done
  while squeue -h -j "$ids" -o '%i %T %r' 2>/dev/null | grep -v DependencyNeverSatisfied | grep -q .; do
    ((SECONDS - t0 < 120)) || { squeue; show_logs; fail "jobs $ids not done after 120 s"; }
    sleep 0.3
  done
}

# --- the example's scripts, submitted ------------------------------------------------------------------------
cp -r "$RECPIPE_SOURCE_DIR/examples" ex
cd ex/cluster
make clean >/dev/null
for job in "chunk ../stop_times.csv stop_times" "bam2cols ../genomics/chr19_sample.bam reads"; do
  read -r command input name <<<"$job"
  step "$command --part K/4 as a Slurm job array, the merge after it"
  read -r array merge < <(bash slurm_submit.sh "$command" "$input" 4 "out/slurm/$name.rec")
  wait_jobs "$array" "$merge"
  [[ -s out/slurm/$name.rec ]] || { cat recpipe-*.log >&2 || true; fail "$name: no merged result"; }
  "$command" "$input" -o "out/$name.whole.rec"
  python3 same_tables.py "out/$name.whole.rec" "out/slurm/$name.rec" || fail "$name: differs from the whole run"
  bash slurm_here.sh "$command" "$input" 4 "out/here/$name.rec" >/dev/null
  cmp "out/slurm/$name.rec" "out/here/$name.rec" || fail "$name: Slurm's result differs from slurm_here.sh's"

  step "$command: task 3 fails; it alone again, and a new merge"
  mkdir -p out/rerun && mkdir "out/rerun/$name.part3-of-4.rec"  # piece 3's rename fails
  read -r array merge < <(bash slurm_submit.sh "$command" "$input" 4 "out/rerun/$name.rec")
  wait_jobs "$array" "$merge"
  reason=$(squeue -h -j "$merge" -o %r)
  [[ $reason == DependencyNeverSatisfied ]] || fail "$name: the merge after a failed task: '$reason'"
  [[ ! -e out/rerun/$name.rec ]] || fail "$name: merged although task 3 failed"
  scancel "$merge"
  rmdir "out/rerun/$name.part3-of-4.rec"
  piece=$(sbatch --parsable --array=3 slurm_piece.sbatch "$command" "$input" 4 "out/rerun/$name.rec")
  merge=$(sbatch --parsable --dependency="afterok:$piece" slurm_merge.sbatch 4 "out/rerun/$name.rec")
  wait_jobs "$piece" "$merge"
  cmp "out/slurm/$name.rec" "out/rerun/$name.rec" || fail "$name: after task 3 alone, the result differs"
done
echo "   all done $((SECONDS - started)) s after the start of Slurm"
finish
