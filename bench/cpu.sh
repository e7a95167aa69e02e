#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cpu.sh - CPU-bound kernels (bench/kernels) x {rv32, rv64} x {JIT,
# interpreter, QEMU}: `vpbridge run PLATFORM --accel jit|interp --stats`
# against qemu-system-riscv32/64 -M virt -bios none on the same ELF.
# Per cell the fastest of REPS process wall times, the three executors run
# in turn (interleaved, so a burst of load on this shared machine falls on
# all of them alike; the fastest run is the one least disturbed: medians of
# 3 moved by up to 45% between runs here); guest instructions and
# MIPS (run loop only) from --stats; QEMU MIPS = vpbridge's instruction
# count / QEMU process time. Ratios vs QEMU (> 1: vpbridge faster) are on
# whole-process wall time (start-up included on both sides: subtracting
# the `startup` kernel's time was tried and is too noisy on a shared
# 2-core machine); the startup row (exits at once) shows start-up alone. timerirq runs with --quantum 1us on vpbridge so that
# each round's timer interrupt arrives inside the round, as on QEMU (see
# bench/kernels/timerirq.c; its "late" count is printed for both sides).
# Writes cpu.csv, cpu.md (markdown table) and cpu.svg to OUT_DIR.
# Each kernel prints a checksum line and exits 0: the console output and exit
# status of one JIT, one interpreter and one QEMU run must agree (timerirq's
# "late" count aside); a kernel where they differ gets "mismatch" in its note,
# an "error: KERNEL rvXX: output differs: ..." line under the table and on
# stderr, and the script exits 1 after writing its files.
#
#   bench/cpu.sh [BUILD_DIR] [REPS] [OUT_DIR]      (defaults: build 5 BUILD_DIR/bench)
#
# Every run has stdin on /dev/null and a time limit (VP_BENCH_TIMEOUT seconds,
# default 120): a cell whose run hits it says "timeout" and gets no ratio.
#
# A benchmark, never a test: it asserts nothing about timings.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-5}
out=${3:-$build/bench}
vp="$build/bridge/vpbridge"
[ -x "$vp" ] || { echo "bench: $vp not found (build first)" >&2; exit 2; }
mkdir -p "$out"
kernels="loops memsort crc matmul branchy timerirq smcpage startup llist strsm calls softfp huff aes sha sieve recsort"

run_limit=${VP_BENCH_TIMEOUT:-120} # seconds one run may take (a hung reference must not hang the bench)
wall_ns() { # wall_ns CMD... -> the run's wall time in ns, or "timeout"
  local t0 t1 rc=0
  t0=$(date +%s%N); timeout "$run_limit" "$@" </dev/null >/dev/null 2>&1 || rc=$?; t1=$(date +%s%N)
  if [ "$rc" -eq 124 ]; then echo timeout; else echo $((t1 - t0)); fi
}
fastest_ms() { # fastest_ms NS... -> the smallest in ms, or "timeout" if a run timed out
  printf '%s\n' "$@" | awk '$1 == "timeout" { t = 1 } $1 != "timeout" && (m == "" || $1 + 0 < m + 0) { m = $1 }
    END { if (t) print "timeout"; else printf "%.3f\n", m / 1e6 }'
}
stats_mips() { # stats_mips CMD... -> median of the MIPS --stats reports
  for _ in $(seq "$reps"); do timeout "$run_limit" "$@" --stats </dev/null 2>&1 >/dev/null | sed -n 's/.* \([0-9.]*\) MIPS$/\1/p'; done |
    sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

console() { # console CMD... -> the guest's console output on one line, then "exit N"
  local o rc=0
  o=$(timeout "$run_limit" "$@" </dev/null 2>/dev/null) || rc=$?
  printf '%s exit %s' "$(printf '%s' "$o" | tr -s '\r\n' '  ')" "$rc"
}
late_of() { sed -n 's/.* late \([0-9]*\) .*/\1/p' <<< "$1"; }
# shellcheck disable=SC2001
no_late() { sed 's/ late [0-9]*//' <<< "$1"; }
errors="" # one "error: ..." line per kernel whose output or exit status differs between the executors

csv="$out/cpu.csv"
echo "kernel,xlen,insns,jit_ms,interp_ms,qemu_ms,jit_mips,interp_mips,note" > "$csv"
for xlen in 32 64; do
  plat="platforms/virt-rv$xlen.yaml"
  qemu="qemu-system-riscv$xlen -M virt -bios none -nographic -monitor none"
  for k in $kernels; do
    elf="$build/bench/rv$xlen/$k.elf"
    [ -f "$elf" ] || { echo "bench: $elf missing" >&2; continue; }
    extra=""
    [ "$k" = timerirq ] && extra="--quantum 1us"
    # shellcheck disable=SC2086
    vpj="$vp run $plat --kernel $elf $extra"
    insns=$(timeout "$run_limit" $vpj --stats </dev/null 2>&1 >/dev/null | sed -n 's/.*: insns \([0-9]*\),.*/\1/p')
    # Same result on all three? Each kernel prints its checksum; it must exit 0 everywhere too.
    # shellcheck disable=SC2086
    oj=$(console $vpj --accel jit); oi=$(console $vpj --accel interp); oq=$(console $qemu -serial stdio -kernel "$elf")
    note=""
    if [ "$k" = timerirq ]; then # same guest work on both sides? (late rounds wait in WFI)
      note="late rounds: vpbridge $(late_of "$oj") qemu $(late_of "$oq")"
      oj=$(no_late "$oj"); oi=$(no_late "$oi"); oq=$(no_late "$oq")
    fi
    if [[ $oq == *" exit 124" && $oj != *" exit 124" && $oj == "$oi" ]]; then
      # The reference hung (QEMU 7.2 sometimes does on timerirq rv64): nothing to compare with.
      note="${note:+$note; }QEMU run timed out (output not compared)"
    elif [ "$oj" != "$oq" ] || [ "$oi" != "$oq" ]; then
      err="$k rv$xlen: output differs: JIT '$oj', interp '$oi', QEMU '$oq'"
      errors="$errors${errors:+$'\n'}error: $err"; echo "error: $err" >&2
      note="${note:+$note; }mismatch"
    fi
    aj=() ai=() aq=()
    for _ in $(seq "$reps"); do # interleaved; a reference that hung is not run again
      # shellcheck disable=SC2086
      aj+=("$(wall_ns $vpj --accel jit)"); ai+=("$(wall_ns $vpj --accel interp)")
      # shellcheck disable=SC2086
      [ "${aq[*]:-}" = timeout ] || aq+=("$(wall_ns $qemu -serial null -kernel "$elf")")
      [ "${aq[-1]}" = timeout ] && aq=(timeout)
    done
    tj=$(fastest_ms "${aj[@]}"); ti=$(fastest_ms "${ai[@]}"); tq=$(fastest_ms "${aq[@]}")
    # shellcheck disable=SC2086
    mj=$(stats_mips $vpj --accel jit); mi=$(stats_mips $vpj --accel interp)
    echo "$k,rv$xlen,$insns,$tj,$ti,$tq,$mj,$mi,$note" >> "$csv"
    echo "$k rv$xlen: insns $insns, ms jit $tj interp $ti qemu $tq; MIPS jit $mj interp $mi $note" >&2
  done
done

# Table: ratios on process wall time (startup row: start-up alone).
awk -F, -v reps="$reps" -v limit="$run_limit" '
NR == 1 { next }
{ r[NR] = $0; if ($1 == "startup") { sj[$2] = $4; si[$2] = $5; sq[$2] = $6 } }
END {
  print "| kernel | xlen | guest insns | JIT ms | interp ms | QEMU ms | JIT MIPS | interp MIPS | QEMU MIPS | JIT/QEMU | interp/QEMU |"
  print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (i = 2; i <= NR; i++) {
    split(r[i], f, ",")
    if (f[4] == "timeout" || f[5] == "timeout" || f[6] == "timeout") { # no ratio for a run that never ended
      printf "| %s | %s | %.1fM | %s | %s | %s | - | - | - | - | - |\n", f[1], f[2], f[3] / 1e6, f[4], f[5], f[6]
      notes = notes "\n" f[1] " " f[2] ": a run took longer than " limit " s (timeout); left out of the mean"
      if (f[9] != "") notes = notes "\n" f[1] " " f[2] ": " f[9]
      continue
    }
    if (f[1] == "startup") {
      printf "| startup | %s | %d | %.1f | %.1f | %.1f | - | - | - | %.2fx | %.2fx |\n", f[2], f[3], f[4], f[5], f[6], f[6] / f[4], f[6] / f[5]
      continue
    }
    nj = f[4]; ni = f[5]; nq = f[6]
    if (nj < 0.1) nj = 0.1; if (ni < 0.1) ni = 0.1; if (nq < 0.1) nq = 0.1
    printf "| %s | %s | %.1fM | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.2fx | %.2fx |\n", f[1], f[2], f[3] / 1e6, f[4], f[5], f[6], f[7], f[8], f[3] / (nq * 1e3), nq / nj, nq / ni
    lj += log(nq / nj); li += log(nq / ni); n++
    if (f[9] != "") notes = notes "\n" f[1] " " f[2] ": " f[9]
  }
  if (n > 0) printf "\nGeometric mean over the %d compute kernels (startup row excluded): **JIT %.2fx QEMU, interpreter %.2fx QEMU**. Fastest of %d interleaved runs per cell.\n", n, exp(lj / n), exp(li / n), reps
  else print "\nNo compute kernel finished on all three executors: no mean."
  if (notes != "") print notes
}' "$csv" > "$out/cpu.md"
[ -z "$errors" ] || printf '\n%s\n' "$errors" >> "$out/cpu.md"
bench/cpu_svg.sh "$csv" > "$out/cpu.svg"
cat "$out/cpu.md"
echo "wrote $csv, $out/cpu.md and $out/cpu.svg" >&2
[ -z "$errors" ] || { echo "bench: a kernel's output or exit status differs between vpbridge and QEMU (error: lines above)" >&2; exit 1; }
