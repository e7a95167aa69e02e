#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cpu.sh - CPU-bound firmware on vpbridge and on qemu-system-riscv32/64 in
# the same run: best-of-N wall time, guest MIPS (instructions from
# vpbridge --stats) and the speed ratio vpbridge/QEMU (> 1: vpbridge faster).
#
#   bench/cpu.sh [BUILD_DIR] [REPETITIONS]
#
# Wall times include process start-up on both sides. This is a benchmark,
# never a test: it asserts nothing about timings.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-5}
vp="$build/bridge/vpbridge"
[ -x "$vp" ] || { echo "bench: $vp not found (build first)" >&2; exit 2; }

now_ns() { date +%s%N; }
best_of() { # best_of CMD... -> prints best wall time in ns
  local best=0 t0 t1 dt
  for _ in $(seq "$reps"); do
    t0=$(now_ns); "$@" >/dev/null 2>&1 || true; t1=$(now_ns)
    dt=$((t1 - t0))
    if [ "$best" -eq 0 ] || [ "$dt" -lt "$best" ]; then best=$dt; fi
  done
  echo "$best"
}

printf '%-10s %-5s %14s %12s %12s %10s %10s %8s\n' kernel xlen insns "vpbridge ms" "qemu ms" "vp MIPS" "qemu MIPS" ratio
for xlen in 32 64; do
  for k in compute; do
    elf="$build/firmware/rv$xlen/$k.elf"
    [ -f "$elf" ] || continue
    insns=$("$vp" run "platforms/virt-rv$xlen.yaml" --kernel "$elf" --stats 2>&1 >/dev/null |
            sed -n 's/.*insns \([0-9]*\).*/\1/p' | head -1)
    t_vp=$(best_of "$vp" run "platforms/virt-rv$xlen.yaml" --kernel "$elf")
    t_q=$(best_of "qemu-system-riscv$xlen" -M virt -bios none -nographic -monitor none -serial stdio -kernel "$elf")
    awk -v k="$k" -v x="rv$xlen" -v n="$insns" -v a="$t_vp" -v b="$t_q" 'BEGIN {
      printf "%-10s %-5s %14d %12.1f %12.1f %10.1f %10.1f %7.2fx\n", k, x, n, a/1e6, b/1e6,
             n/(a/1e3), n/(b/1e3), b/a }'
  done
done
