#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# compare.sh - the same CPU kernels (bench/kernels) under several vpbridge
# binaries, for measuring what one change to the executors buys: the binaries
# run in turn, kernel by kernel and repetition by repetition (interleaved, so
# the load of a shared machine falls on all of them alike), and each cell is
# the fastest of REPS process wall times. The first binary is the baseline:
# every other column also gives its speed-up over it (> 1: faster).
#
#   bench/compare.sh BUILD_DIR REPS VPBRIDGE... [-- KERNEL...]
#
# BUILD_DIR gives the kernels' ELFs (BUILD_DIR/bench/rvXX/KERNEL.elf) and the
# device modules (BUILD_DIR/modules), so each VPBRIDGE may be a copy from any
# commit (e.g. `cp build/bridge/vpbridge /tmp/vp-before`). Default kernels:
# the representative ones (llist strsm calls softfp huff aes sha sieve
# recsort). VP_ACCEL=interp compares the interpreter instead of the JIT.
# Every run has stdin on /dev/null and a time limit (VP_BENCH_TIMEOUT seconds,
# default 120); a kernel whose output differs between the binaries is an
# error (exit 1, after the table).
#
# A benchmark, never a test: it asserts nothing about timings.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() { echo "usage: bench/compare.sh BUILD_DIR REPS VPBRIDGE... [-- KERNEL...]" >&2; exit 2; }
[ $# -ge 3 ] || usage
build=$1 reps=$2
shift 2
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "bench: REPS must be a positive number, not '$reps'" >&2; exit 2; }
bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  [ -x "$1" ] || { echo "bench: $1 is not an executable vpbridge" >&2; exit 2; }
  bins+=("$1"); shift
done
[ $# -gt 0 ] && shift # the --
kernels=${*:-llist strsm calls softfp huff aes sha sieve recsort}
[ ${#bins[@]} -ge 1 ] || usage
[ -d "$build/modules" ] || { echo "bench: $build/modules not found (build first)" >&2; exit 2; }
accel=${VP_ACCEL:-jit}
run_limit=${VP_BENCH_TIMEOUT:-120}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run_one() { # run_one BIN ELF XLEN -> $tmp/us: wall microseconds or "timeout"; $tmp/out: output, exit status
  local t0 t1 rc=0
  t0=$(date +%s%N)
  timeout "$run_limit" "$1" run "platforms/virt-rv$3.yaml" --module-path "$build/modules" --accel "$accel" \
    --kernel "$2" </dev/null >"$tmp/out" 2>/dev/null || rc=$?
  t1=$(date +%s%N)
  echo "exit $rc" >>"$tmp/out"
  if [ "$rc" -eq 124 ]; then echo timeout >"$tmp/us"; else echo $(((t1 - t0) / 1000)) >"$tmp/us"; fi
}

errors=""
printf '| kernel | xlen |'
for b in "${bins[@]}"; do printf ' %s ms |' "$(basename "$b")"; done
echo
printf '|---|---|'
for _ in "${bins[@]}"; do printf -- '---:|'; done
echo
for xlen in 32 64; do
  for k in $kernels; do
    elf="$build/bench/rv$xlen/$k.elf"
    [ -f "$elf" ] || { echo "bench: $elf missing" >&2; continue; }
    best=() outs=()
    for i in "${!bins[@]}"; do best[i]=""; done
    for _ in $(seq "$reps"); do
      for i in "${!bins[@]}"; do
        run_one "${bins[i]}" "$elf" "$xlen"
        us=$(cat "$tmp/us")
        outs[i]=$(tr -s '\r\n' '  ' <"$tmp/out")
        [ "$us" = timeout ] && { best[i]=timeout; continue; }
        [ "${best[i]}" = timeout ] && continue
        if [ -z "${best[i]}" ] || [ "$us" -lt "${best[i]}" ]; then best[i]=$us; fi
      done
    done
    printf '| %s | rv%s |' "$k" "$xlen"
    for i in "${!bins[@]}"; do
      if [ "${best[i]}" = timeout ]; then printf ' timeout |'; continue; fi
      printf ' %s' "$(awk -v u="${best[i]}" 'BEGIN { printf "%.1f", u / 1000 }')"
      if [ "$i" -gt 0 ] && [ "${best[0]}" != timeout ]; then
        printf ' (%s)' "$(awk -v a="${best[0]}" -v b="${best[i]}" 'BEGIN { printf "%.2fx", a / b }')"
      fi
      printf ' |'
      if [ "${outs[i]}" != "${outs[0]}" ]; then
        errors="$errors${errors:+$'\n'}error: $k rv$xlen: $(basename "${bins[i]}") printed '${outs[i]}', $(basename "${bins[0]}") '${outs[0]}'"
      fi
    done
    echo
  done
done
echo
echo "Fastest of $reps interleaved runs per cell (process wall time, --accel $accel); (N.NNx): speed-up over $(basename "${bins[0]}")."
if [ -n "$errors" ]; then
  printf '\n%s\n' "$errors"
  exit 1
fi
