#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# submit.sh - a sharded `vpbridge batch` on Slurm (docs/batch-slurm.md):
# submits array.sbatch as an array of SHARDS tasks, then merge.sbatch with
# --dependency=afterany:ARRAY, and prints where the merged report will be.
#
# Environment (defaults in brackets):
#   VPBRIDGE  the vpbridge command [vpbridge on PATH, else build/bridge/vpbridge of this checkout]
#   JOBS      the job file [examples/batch/smoke.yaml of this checkout]
#   OUT       reports and logs, on a file system the nodes share [./vpbridge-slurm]
#   SHARDS    array tasks, one shard each [4]
#   CPUS      CPUs per task, the shard's -j [4]
#   WAIT      0: return after submitting; S > 0: wait up to S seconds for the
#             merge and exit with batch-merge's status (124: not done in time) [0]
#   MERGE_ARGS  more batch-merge options, e.g. --allow-missing []
# sbatch's own variables apply to both submissions (SBATCH_PARTITION,
# SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...). Reports of an earlier run in OUT
# (shard-*.json/xml, merged.*, merge.status) are removed first.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
die() {
    echo "submit.sh: $*" >&2
    exit 2
}

VPBRIDGE=${VPBRIDGE:-$(command -v vpbridge || echo "$repo/build/bridge/vpbridge")}
JOBS=${JOBS:-$repo/examples/batch/smoke.yaml}
OUT=${OUT:-$PWD/vpbridge-slurm}
SHARDS=${SHARDS:-4}
CPUS=${CPUS:-4}
WAIT=${WAIT:-0}
MERGE_ARGS=${MERGE_ARGS:-}

[[ $SHARDS =~ ^[1-9][0-9]*$ ]] || die "SHARDS='$SHARDS': want a count >= 1"
[[ $CPUS =~ ^[1-9][0-9]*$ ]] || die "CPUS='$CPUS': want a count >= 1"
[[ $WAIT =~ ^[0-9]+$ ]] || die "WAIT='$WAIT': want seconds"
command -v sbatch > /dev/null || die "sbatch not found (Debian: slurm-client)"
[ -x "$VPBRIDGE" ] || VPBRIDGE=$(command -v "$VPBRIDGE") || die "VPBRIDGE: '$VPBRIDGE' is not a command"
[ -f "$JOBS" ] || die "JOBS: no job file '$JOBS'"
# Absolute paths: the tasks run in OUT, maybe on other machines.
VPBRIDGE=$(realpath "$VPBRIDGE")
JOBS=$(realpath "$JOBS")
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
rm -f "$OUT"/shard-*.json "$OUT"/shard-*.xml "$OUT"/merged.json "$OUT"/merged.xml "$OUT"/merge.status
export VPBRIDGE JOBS OUT SHARDS MERGE_ARGS

array=$(sbatch --parsable --export=ALL --chdir="$OUT" --array="0-$((SHARDS - 1))" --cpus-per-task="$CPUS" \
    --output="$OUT/slurm-%A_%a.out" "$here/array.sbatch")
array=${array%%;*} # --parsable: JOBID[;CLUSTER]
merge=$(sbatch --parsable --export=ALL --chdir="$OUT" --dependency="afterany:$array" \
    --output="$OUT/slurm-%j-merge.out" "$here/merge.sbatch")
merge=${merge%%;*}
echo "submit.sh: array job $array ($SHARDS shards of $JOBS, $CPUS CPUs each), merge job $merge"
echo "submit.sh: merged report: $OUT/merged.json (JUnit: $OUT/merged.xml; logs: $OUT/logs)"
[ "$WAIT" = 0 ] && exit 0

# Wait for the merge's status file; a merge job that left the queue without one failed to run.
deadline=$((SECONDS + WAIT))
while [ ! -f "$OUT/merge.status" ]; do
    if [ $SECONDS -ge $deadline ]; then
        echo "submit.sh: the merge is not done after $WAIT s; the queue:" >&2
        squeue -j "$array,$merge" >&2 || true
        exit 124
    fi
    if ! squeue -h -j "$merge" -o %i 2> /dev/null | grep -q . && [ ! -f "$OUT/merge.status" ]; then
        sleep 1 # the status file may trail the job's end on a shared file system
        [ -f "$OUT/merge.status" ] ||
            die "merge job $merge ended without $OUT/merge.status: see $OUT/slurm-$merge-merge.out"
    fi
    sleep 0.5
done
cat "$OUT/slurm-$merge-merge.out" 2> /dev/null || true
exit "$(cat "$OUT/merge.status")"
