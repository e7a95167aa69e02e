#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cpu.sh - CPU-bound kernels (bench/kernels) on vpbridge's JIT and
# interpreter and on qemu-system-riscv32/64 -M virt -bios none in the same
# run: best-of-N wall time, guest MIPS (instruction count from the vpbridge
# side) and the speed ratio vs QEMU (> 1: vpbridge faster); startup time
# from the `startup` kernel. Writes a markdown table and an SVG bar chart
# to OUT_DIR (default BUILD_DIR/bench).
#
#   bench/cpu.sh [BUILD_DIR] [REPETITIONS] [OUT_DIR]
#
# The JIT runs through `vpbridge run --accel jit` when the CLI accepts it,
# else through the cpu-core runner vp-cpu-run (same core, minimal machine).
# A benchmark, never a test: it asserts nothing about timings.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-5}
out=${3:-$build/bench}
vp="$build/bridge/vpbridge"
runner="$build/tests/cpu-core/vp-cpu-run"
[ -x "$runner" ] || { echo "bench: $runner not found (build first)" >&2; exit 2; }
mkdir -p "$out"

now_ns() { date +%s%N; }
best_of() { # best_of CMD... -> best wall time in ns
  local best=0 t0 t1 dt
  for _ in $(seq "$reps"); do
    t0=$(now_ns); "$@" >/dev/null 2>&1 || true; t1=$(now_ns)
    dt=$((t1 - t0))
    if [ "$best" -eq 0 ] || [ "$dt" -lt "$best" ]; then best=$dt; fi
  done
  echo "$best"
}
vp_cmd() { # vp_cmd ACCEL XLEN ELF
  if [ -x "$vp" ] && "$vp" run "platforms/virt-rv$2.yaml" --kernel "$4" --accel "$1" --max-insns 1 >/dev/null 2>&1; then
    echo "$vp run platforms/virt-rv$2.yaml --kernel $4 --accel $1"
  else
    echo "$runner --accel $1 $3"
  fi
}

csv="$out/cpu.csv"
echo "kernel,xlen,insns,jit_ms,interp_ms,qemu_ms" > "$csv"
printf '%-9s %-5s %11s %9s %9s %9s %9s %9s %8s %8s\n' kernel xlen insns "jit ms" "interp ms" "qemu ms" \
  "jit MIPS" "qemu MIPS" "jit/q" "interp/q"
for xlen in 32 64; do
  for k in loops memsort crc matmul branchy timerirq smcpage startup; do
    elf="$build/bench/rv$xlen/$k.elf"
    [ -f "$elf" ] || continue
    insns=$("$runner" --accel jit "$elf" 2>&1 >/dev/null | sed -n 's/^insns \([0-9]*\).*/\1/p')
    # shellcheck disable=SC2046
    t_j=$(best_of $(vp_cmd jit "$xlen" "$elf" "$elf"))
    # shellcheck disable=SC2046
    t_i=$(best_of $(vp_cmd interp "$xlen" "$elf" "$elf"))
    t_q=$(best_of "qemu-system-riscv$xlen" -M virt -bios none -nographic -monitor none -serial null -kernel "$elf")
    echo "$k,rv$xlen,$insns,$((t_j / 1000)),$((t_i / 1000)),$((t_q / 1000))" | awk -F, '{printf "%s,%s,%s,%.3f,%.3f,%.3f\n",$1,$2,$3,$4/1e3,$5/1e3,$6/1e3}' >> "$csv"
    awk -v k="$k" -v x="rv$xlen" -v n="$insns" -v j="$t_j" -v i="$t_i" -v q="$t_q" 'BEGIN {
      printf "%-9s %-5s %11d %9.1f %9.1f %9.1f %9.1f %9.1f %7.2fx %7.2fx\n", k, x, n, j/1e6, i/1e6, q/1e6,
             n/(j/1e3), n/(q/1e3), q/j, q/i }'
  done
done
awk -F, 'NR > 1 && $1 != "startup" { lj += log($6/$4); li += log($6/$5); n++ }
  END { if (n) printf "geometric mean speed vs QEMU (excluding startup): jit %.2fx, interp %.2fx\n", exp(lj/n), exp(li/n) }' "$csv"
bench/cpu_svg.sh "$csv" > "$out/cpu.svg"
echo "wrote $csv and $out/cpu.svg"
