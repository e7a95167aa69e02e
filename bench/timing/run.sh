#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh [BUILD_DIR] [REPS] - the quantum's trade-off (docs/timing.md): for
# quanta from 100 ns to 1 ms, the latency of a machine-timer interrupt in
# simulated time (firmware bench/timing/irqlat.c: mean and largest of 2000
# interrupts) and the speed of a compute kernel (bench kernel sha, rv32,
# JIT: MIPS from --stats, the best of REPS runs, default 3) with the number
# of hart turns (syncs with the SystemC kernel) it took. Each irqlat line is
# checked to have run its 2000 rounds; each sha run its checksum line.
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$src/build}" 2>/dev/null && pwd) || { echo "run.sh: no build directory ${1:-$src/build}" >&2; exit 1; }
reps=${2:-3}
ninja -C "$build" vpbridge vp_devices timing_firmware bench_kernels >/dev/null
vp=$build/bridge/vpbridge
board=$src/platforms/virt-rv32.yaml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "timing: timer interrupt latency and compute speed against the quantum (rv32, JIT, 1 ns per instruction)"
echo "| quantum | irq latency mean | irq latency max | sha MIPS (best of $reps) | sha turns |"
echo "|---:|---:|---:|---:|---:|"
for q in 100ns 1us 10us 100us 1ms; do
    "$vp" run "$board" --kernel "$build/bench/rv32/irqlat.elf" --quantum "$q" >"$tmp/lat" 2>&1 ||
        { cat "$tmp/lat" >&2; echo "run.sh: irqlat failed at --quantum $q" >&2; exit 1; }
    grep -q "^irqlat: rounds 2000, " "$tmp/lat" || { cat "$tmp/lat" >&2; exit 1; }
    mean=$(sed -n 's/^irqlat: .*, mean \([0-9]*\) ns, .*/\1/p' "$tmp/lat")
    max=$(sed -n 's/^irqlat: .*, max \([0-9]*\) ns .*/\1/p' "$tmp/lat")
    best=0 turns=0 i=0
    while [ "$i" -lt "$reps" ]; do
        "$vp" run "$board" --kernel "$build/bench/rv32/sha.elf" --quantum "$q" --stats >"$tmp/out" 2>"$tmp/err" ||
            { cat "$tmp/out" "$tmp/err" >&2; exit 1; }
        grep -q "^sha " "$tmp/out" || { cat "$tmp/out" >&2; exit 1; }
        m=$(sed -n 's/.* s, \([0-9.]*\) MIPS$/\1/p' "$tmp/err")
        turns=$(sed -n 's/^vpbridge: stats: turns: \([0-9]*\) ended by the budget.*/\1/p' "$tmp/err")
        best=$(echo "$m $best" | awk '{ print ($1 > $2) ? $1 : $2 }')
        i=$((i + 1))
    done
    awk -v q="$q" -v mean="$mean" -v max="$max" -v best="$best" -v t="$turns" \
        'BEGIN { printf "| %s | %d ns | %d ns | %.0f | %d |\n", q, mean, max, best, t }'
done
