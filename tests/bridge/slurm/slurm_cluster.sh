#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# slurm_cluster.sh - a throw-away one-node Slurm cluster on loopback, for
# tests of the Slurm path of `vpbridge batch` (docs/batch-slurm.md).
#
#   slurm_cluster.sh DIR COMMAND [ARGS...]
#
# Creates DIR (which must not exist), starts munged, slurmctld and slurmd
# with everything under DIR (keys, sockets, state, spool, logs, pid files;
# ports chosen free at run time), waits until the node is idle, runs
# COMMAND with SLURM_CONF pointing at the cluster, then cancels what is
# left, stops the daemons and removes DIR - on every way out (trap EXIT),
# failure and signals included. KEEP_CLUSTER_DIR=1 keeps DIR for a look.
# It never touches /etc/munge, /etc/slurm, /run/munge or the system's
# daemons. Needs Debian's munge, slurmctld, slurmd and slurm-client
# (slurm-wlm pulls them all).
#
# Exit status: COMMAND's; 3 a tool is missing; 4 the cluster did not come up
# (with the tails of the daemons' logs on stderr); 2 bad usage.
set -uo pipefail

me=slurm_cluster.sh
[ $# -ge 2 ] || { echo "usage: $me DIR COMMAND [ARGS...]" >&2; exit 2; }
dir=$1
shift
START_LIMIT=${START_LIMIT:-40} # seconds for the node to become idle

say() { echo "$me: $*" >&2; }

# The daemons live in /usr/sbin, which a non-login PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
missing=0
for t in munged:munge mungekey:munge slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client squeue:slurm-client \
         sinfo:slurm-client scancel:slurm-client; do
    if ! command -v "${t%%:*}" > /dev/null; then
        say "${t%%:*} not found: install the Debian package ${t#*:}" \
            "(apt-get install slurm-wlm munge; tools/setup.sh lists them)"
        missing=1
    fi
done
[ $missing = 0 ] || exit 3

if [ -e "$dir" ]; then
    say "$dir exists: give a new directory (it is removed afterwards)"
    exit 2
fi
mkdir -p "$dir" || exit 4
dir=$(cd "$dir" && pwd)
chmod 755 "$dir" # munged wants its socket's directories searchable by all

pids=() # the daemons, in start order
cmd=     # COMMAND, running
# What is left of the cluster after its daemons: processes whose environment
# names its slurm.conf (job steps whose slurmd died first, COMMAND's children).
sweep() {
    local f p
    grep -lzxF "SLURM_CONF=$dir/slurm.conf" /proc/[0-9]*/environ 2> /dev/null | while read -r f; do
        p=${f#/proc/}
        p=${p%/environ}
        [ "$p" != $$ ] && kill -KILL "$p" 2> /dev/null
    done
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$cmd" ] && kill -0 "$cmd" 2> /dev/null; then
        kill -TERM "$cmd" 2> /dev/null
        sleep 0.5
    fi
    if [ -n "${SLURM_CONF:-}" ] && [ ${#pids[@]} -ge 2 ] && kill -0 "${pids[1]}" 2> /dev/null; then
        timeout 5 scancel --user="$(id -un)" 2> /dev/null # this cluster's jobs only (SLURM_CONF)
        for _ in $(seq 40); do
            [ -z "$(timeout 2 squeue -h -o %i 2> /dev/null)" ] && break
            sleep 0.2
        done
    fi
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do # slurmd, slurmctld, munged
        kill -TERM "${pids[i]}" 2> /dev/null
    done
    for i in "${pids[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$i" 2> /dev/null || break
            sleep 0.1
        done
        kill -KILL "$i" 2> /dev/null
        wait "$i" 2> /dev/null
    done
    if [ -n "${SLURM_CONF:-}" ]; then
        unset SLURM_CONF # the sweep's own grep must not match
        sweep
    fi
    if [ "${KEEP_CLUSTER_DIR:-0}" = 1 ]; then
        say "kept $dir"
    else
        rm -rf "$dir"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# Ports nobody listens on or uses now (/proc/net/tcp*), at random in 20000-59999.
used_ports() {
    local sl addr rest
    cat /proc/net/tcp /proc/net/tcp6 2> /dev/null | while read -r sl addr rest; do
        [ "$sl" = sl ] || echo $((16#${addr##*:}))
    done
}
free_port() {
    local used p
    used=" $(used_ports | tr '\n' ' ') $* "
    for _ in $(seq 200); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        case "$used" in *" $p "*) continue ;; esac
        echo $p
        return 0
    done
    return 1
}

logs_tail() {
    local f
    for f in "$dir"/{munged.log,munged.out,slurmctld.log,slurmd.log,slurmctld.out,slurmd.out}; do
        [ -s "$f" ] && { echo "--- $f (tail)"; tail -n 15 "$f"; }
    done >&2
}

die_start() {
    say "$*"
    logs_tail
    exit 4
}

# The daemons run in sessions of their own (setsid), so that a signal to this
# script's process group (timeout's, a terminal's ^C) leaves them for the
# trap to stop in order, after cancelling the jobs.

# ---- munge ----------------------------------------------------------------------
mungekey --create --keyfile="$dir/munge.key" --bits=1024 > /dev/null 2>&1 ||
    dd if=/dev/urandom of="$dir/munge.key" bs=128 count=1 status=none || die_start "cannot create a munge key"
chmod 600 "$dir/munge.key"
setsid munged --foreground --force --socket="$dir/munge.sock" --key-file="$dir/munge.key" --pid-file="$dir/munged.pid" \
    --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" > "$dir/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
    [ -S "$dir/munge.sock" ] && break
    kill -0 "${pids[0]}" 2> /dev/null || die_start "munged exited"
    sleep 0.1
done
[ -S "$dir/munge.sock" ] || die_start "munged did not create $dir/munge.sock"

# ---- slurm.conf --------------------------------------------------------------------
ctld_port=$(free_port) || die_start "no free TCP port"
slurmd_port=$(free_port "$ctld_port") || die_start "no free TCP port"
cpus=$(nproc)
host=$(hostname -s)
mkdir -p "$dir/state" "$dir/spool" "$dir/tmp"
: > "$dir/plugstack.conf"
cat > "$dir/slurm.conf" << EOF
# generated by $me: a one-node cluster on loopback, all state under $dir
ClusterName=vpb$$
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
SlurmUser=$(id -un)
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
TmpFS=$dir/tmp
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig=$dir/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
MinJobAge=300
InactiveLimit=0
KillWait=5
NodeName=vpbnode NodeHostname=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=vpb Nodes=vpbnode Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$dir/slurm.conf

# ---- the daemons ------------------------------------------------------------------
setsid slurmctld -D -i -f "$SLURM_CONF" > "$dir/slurmctld.out" 2>&1 &
pids+=($!)
setsid slurmd -D -N vpbnode -f "$SLURM_CONF" > "$dir/slurmd.out" 2>&1 &
pids+=($!)
state=
for ((t = 0; t < START_LIMIT * 5; t++)); do
    kill -0 "${pids[1]}" 2> /dev/null || die_start "slurmctld exited"
    kill -0 "${pids[2]}" 2> /dev/null || die_start "slurmd exited"
    state=$(sinfo -h -N -n vpbnode -o %T 2> /dev/null)
    [ "$state" = idle ] && break
    sleep 0.2
done
[ "$state" = idle ] || die_start "the node is not idle after ${START_LIMIT} s (sinfo: '${state:-no answer}')"
say "cluster up in $dir: slurmctld :$ctld_port, slurmd :$slurmd_port, $cpus CPUs, ${SECONDS} s"

# In the background, so that a TERM or INT runs the trap at once.
"$@" &
cmd=$!
wait "$cmd"
