#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh [BUILD_DIR] [REPS] - MMIO throughput of a hart: 32-bit register
# reads/writes to a C device (CLINT) vs a SystemC-side device (sc_timer),
# through the real vpbridge on examples/sc-modules/virt-sc-rv32.yaml
# (firmware bench/mmio/mmio.c, one ELF per access kind). Each kind runs
# REPS times (default 5); the median of vpbridge --stats' wall time is used.
# accesses/s = N / (wall(kind) - wall(loop only)): the loop's own cost and
# the run's fixed cost are taken out by the loop-only firmware (mmio0).
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
reps=${2:-5}
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$build" vpbridge vp_sc_examples mmio_firmware >/dev/null
board=$src/examples/sc-modules/virt-sc-rv32.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median wall time (s) of REPS runs of mmio<mode>; also checks the run's output
median_wall() {
    : >"$tmp/w"
    i=0
    while [ "$i" -lt "$reps" ]; do
        "$build/bridge/vpbridge" run "$board" --kernel "$build/bench/rv32/mmio$1.elf" --stats \
            >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/out" "$tmp/err" >&2; exit 1; }
        grep -q "^mmio: mode $1, " "$tmp/out" || { echo "run.sh: mmio$1: unexpected output" >&2; cat "$tmp/out" >&2; exit 1; }
        sed -n 's/.*wall time \([0-9.]*\) s.*/\1/p' "$tmp/err" >>"$tmp/w"
        i=$((i + 1))
    done
    sort -n "$tmp/w" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

"$build/bridge/vpbridge" run "$board" --kernel "$build/bench/rv32/mmio0.elf" >"$tmp/n"
n=$(sed -n 's/^mmio: mode 0, \([0-9]*\) accesses$/\1/p' "$tmp/n")
w0=$(median_wall 0)
w1=$(median_wall 1)
w2=$(median_wall 2)
w3=$(median_wall 3)
w4=$(median_wall 4)
echo "mmio: $n accesses per kind, median of $reps runs, rv32 hart on $(basename "$board")"
awk -v n="$n" -v w0="$w0" -v w1="$w1" -v w2="$w2" -v w3="$w3" -v w4="$w4" 'BEGIN {
    printf "| access | wall s | Maccesses/s | ns/access |\n|---|---:|---:|---:|\n"
    printf "| loop only (RAM word, DMI) | %.3f | | |\n", w0
    split("C read (CLINT mtime)|SystemC read (sc_timer COUNT)|C write (CLINT mtimecmp)|SystemC write (sc_timer LOAD)", name, "|")
    w[1] = w1; w[2] = w2; w[3] = w3; w[4] = w4
    for (k = 1; k <= 4; k++) {
        d = w[k] - w0
        if (d <= 0) d = 1e-9
        r[k] = n / d
        printf "| %s | %.3f | %.2f | %.0f |\n", name[k], w[k], r[k] / 1e6, d * 1e9 / n
    }
    printf "ratio C / SystemC: reads %.1fx, writes %.1fx\n", r[1] / r[2], r[3] / r[4]
}'
