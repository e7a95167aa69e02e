#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# linux.sh - the Linux test guest (tools/linux-guest.sh, docs/linux.md) on
# vpbridge (JIT; the interpreter on 1 hart) against qemu-system-riscv64
# -M virt, same kernel, same firmware (Debian's OpenSBI fw_jump), same run.
# Each run's console lines are stamped on the host as they arrive (bash's
# read and $EPOCHREALTIME, microseconds since the process was started):
#   boot runs (--append "console=ttyS0"), 1 and 4 harts: start to the init's
#     first line "init: started", and start to power-off (process exit);
#   phase runs (1 hart, --append "console=ttyS0 -- compute=C memory=M"): host
#     time from "init: compute: start" to the compute result line, and from
#     "init: memory: start" to the memory result line. The guest's own "in U us"
#     is simulated time on vpbridge and is not used. The results the init
#     prints (x = ..., sum = ...) must equal QEMU's; a mismatch is an error line.
# Median of REPS runs (min-max beside it); ratio = QEMU / vpbridge (> 1:
# vpbridge faster). A run that hits the time limit, exits non-zero or misses a
# line ("init: done, 0 failures" included) shows as timeout/fail, not a number.
# Then a few more vpbridge JIT runs with --stats (TLB misses, tb flushes, ...):
# the boots as timed and without the phases, and each phase alone. Writes
# linux.md to OUT_DIR (and prints it), the stamped console logs to
# OUT_DIR/linux-logs/.
#
#   bench/linux.sh [BUILD_DIR] [REPS] [OUT_DIR]     (defaults: build 5 BUILD_DIR/bench)
#
# Environment: VP_LINUX_IMAGE (the kernel; default: the Image tools/linux-guest.sh
# prints, building it first if it is not cached), VP_BENCH_TIMEOUT (seconds one
# run may take, default 120), VP_BENCH_COMPUTE / VP_BENCH_MEMORY (the phase
# runs' counts), VP_BENCH_QEMU (default qemu-system-riscv64).
#
# A benchmark, never a test: it asserts nothing about timings.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-5}
out=${3:-$build/bench}
vp="$build/bridge/vpbridge"
qemu=${VP_BENCH_QEMU:-qemu-system-riscv64}
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
limit=${VP_BENCH_TIMEOUT:-120}
compute=${VP_BENCH_COMPUTE:-400000000}
memory=${VP_BENCH_MEMORY:-1500000}
[[ $reps =~ ^[1-9][0-9]*$ ]] || { echo "bench: REPS must be a positive number, not '$reps'" >&2; exit 2; }
[ -x "$vp" ] || { echo "bench: $vp not found (build first)" >&2; exit 2; }
[ -r "$fw" ] || { echo "bench: $fw missing (tools/setup.sh installs opensbi)" >&2; exit 2; }
command -v "$qemu" >/dev/null || { echo "bench: $qemu missing (tools/setup.sh installs qemu-system-misc)" >&2; exit 2; }
kernel=${VP_LINUX_IMAGE:-}
if [ -z "$kernel" ]; then
  kernel=$(tools/linux-guest.sh | sed -n 's/^Image: //p')
fi
[ -r "$kernel" ] || { echo "bench: kernel '$kernel' not readable (tools/linux-guest.sh builds it)" >&2; exit 2; }
logs="$out/linux-logs"
mkdir -p "$logs"
rm -f "$logs"/*

boot_args="console=ttyS0"
phase_args="console=ttyS0 -- compute=$compute memory=$memory"
plat4=(platforms/virt-rv64gc.yaml --smp 4)
# cmd_for CONFIG [APPEND] -> sets the array `cmd` to the command line of CONFIG:
# q1 j1 i1 q4 j4 (boot runs: QEMU, JIT, interpreter; 1 or 4 harts), pq pj pi (phase
# runs, 1 hart); APPEND replaces the kernel command line.
cmd_for() {
  local append=$boot_args
  case $1 in p*) append=$phase_args ;; esac
  append=${2:-$append}
  case $1 in
    q1 | pq) cmd=("$qemu" -M virt -m 256M -smp 1 -nographic -bios "$fw" -kernel "$kernel" -append "$append") ;;
    q4) cmd=("$qemu" -M virt -m 256M -smp 4 -nographic -bios "$fw" -kernel "$kernel" -append "$append") ;;
    j1 | pj) cmd=("$vp" run platforms/virt-rv64gc.yaml --bios "$fw" --kernel "$kernel" --append "$append" --accel jit) ;;
    i1 | pi) cmd=("$vp" run platforms/virt-rv64gc.yaml --bios "$fw" --kernel "$kernel" --append "$append" --accel interp) ;;
    j4) cmd=("$vp" run "${plat4[@]}" --bios "$fw" --kernel "$kernel" --append "$append" --accel jit) ;;
  esac
}
show_cmd() { # show_cmd ARGS... -> the command line, arguments with spaces in double quotes
  local a s=""
  for a in "$@"; do [[ $a == *" "* ]] && a="\"$a\""; s+="${s:+ }$a"; done
  printf '%s\n' "$s"
}

# stamp_run LOG CMD...: runs CMD (stdin /dev/null, stderr to LOG.err, at most
# $limit seconds) and writes each stdout line to LOG as "MICROSECONDS<TAB>LINE"
# (since just before the start, \r dropped), then "exit<TAB>MICROSECONDS<TAB>STATUS"
# at end of output (the process has exited; STATUS 124 = time limit).
stamp_run() {
  local log=$1 t0 now line fd rc=""
  shift
  rm -f "$log.rc"
  t0=${EPOCHREALTIME/[.,]/}
  exec {fd}< <(
    r=0
    timeout "$limit" "$@" </dev/null 2>"$log.err" || r=$?
    echo "$r" >"$log.rc"
  )
  {
    while IFS= read -r line <&"$fd" || [ -n "$line" ]; do
      now=${EPOCHREALTIME/[.,]/}
      printf '%s\t%s\n' "$((now - t0))" "${line%$'\r'}"
    done
    now=${EPOCHREALTIME/[.,]/}
    [ -r "$log.rc" ] && rc=$(<"$log.rc")
    printf 'exit\t%s\t%s\n' "$((now - t0))" "${rc:-unknown}"
  } >"$log"
  exec {fd}<&-
  wait "$!" 2>/dev/null || true
}

# measure LOG -> "STATUS INIT_MS OFF_MS COMPUTE_MS MEMORY_MS X SUM" ("-" where absent).
# STATUS: ok, timeout, fail-rcN (non-zero exit) or fail-lines (a line missing).
measure() {
  awk -F'\t' -v phases="$2" '
    function ms(us) { return sprintf("%.0f", us / 1000) }
    $1 == "exit" { e = $2; rc = $3; next }
    index($2, "init: started") && i == "" { i = $1 }
    index($2, "init: compute: start") { cs = $1 }
    index($2, "init: compute: ") && index($2, " iterations in ") {
      ce = $1; x = $2; sub(/.*x = /, "", x); sub(/\).*/, "", x) }
    index($2, "init: memory: start") { ms0 = $1 }
    index($2, "init: memory: ") && index($2, " accesses over ") {
      me = $1; s = $2; sub(/.*sum = /, "", s); sub(/\).*/, "", s) }
    index($2, "init: done, 0 failures") { done = 1 }
    END {
      st = "ok"
      if (rc == "124") st = "timeout"
      else if (rc != "0") st = "fail-rc" rc
      else if (i == "" || !done || (phases && (cs == "" || ce == "" || ms0 == "" || me == ""))) st = "fail-lines"
      printf "%s %s %s %s %s %s %s\n", st, (i == "" ? "-" : ms(i)), (e == "" ? "-" : ms(e)),
        (cs == "" || ce == "" ? "-" : ms(ce - cs)), (ms0 == "" || me == "" ? "-" : ms(me - ms0)),
        (x == "" ? "-" : x), (s == "" ? "-" : s)
    }' "$1"
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
if awk -v l="${load0%% *}" 'BEGIN { exit !(l > 1.5) }'; then
  echo "bench: load average is $load0 (> 1.5 on 1 minute): other work will skew the times" >&2
fi
configs="q1 j1 i1 q4 j4 pq pj pi"
tsv="$out/linux.tsv"
: >"$tsv"
for rep in $(seq "$reps"); do
  for c in $configs; do
    cmd_for "$c"
    log="$logs/$c-$rep.log"
    phases=0
    [[ $c == p* ]] && phases=1
    stamp_run "$log" "${cmd[@]}"
    r=$(measure "$log" "$phases")
    echo "$c $rep $r" >>"$tsv"
    echo "bench: linux $c run $rep: $r" >&2
  done
done
# stats_run LABEL CONFIG APPEND: one more run of a vpbridge configuration with
# --stats; appends "LABEL<TAB>harts insns tlb-misses tb-flushes translated invalidated
# traps interrupts<TAB>simulated<TAB>wall" (sums over the harts) to $stats.
stats_run() {
  local err="$logs/stats-$2-${3//[^A-Za-z0-9]/_}.err"
  cmd_for "$2" "$3"
  timeout "$limit" "${cmd[@]}" --stats </dev/null >/dev/null 2>"$err" || true
  awk -v name="$1" '
    function field(k,   r) { r = $0; if (!sub(".*" k " ", "", r)) return 0; sub(/[^0-9].*/, "", r); return r + 0 }
    /vpbridge: stats: hart / { h++; n += field("insns"); m += field("tlb misses"); f += field("tb flushes")
      t += field("tbs translated"); v += field("tbs invalidated"); tr += field("traps"); irq += field("interrupts") }
    /vpbridge: stats: simulated time / { sim = $0; sub(/.*simulated time /, "", sim); sub(/,.*/, "", sim)
      w = $0; sub(/.*wall time /, "", w); sub(/,.*/, "", w) }
    END { printf "%s\t%d %d %d %d %d %d %d %d\t%s\t%s\n", name, h, n, m, f, t, v, tr, irq, (h ? sim : "no --stats output"), w }' \
    "$err" >>"$stats"
}
load1=$(cut -d' ' -f1-3 /proc/loadavg)

md="$out/linux.md"
{
  echo "Kernel: \`$(basename "$(dirname "$kernel")")\` ($kernel), firmware $fw."
  echo "Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(date -u '+%Y-%m-%d %H:%M UTC'), load average $load0 at start, $load1 after the timed runs; $("$qemu" --version | head -1)."
  echo ""
  echo "| phase (host wall time, ms) | QEMU | vpbridge JIT | JIT vs QEMU | vpbridge interp | interp vs QEMU |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk -v reps="$reps" '
    function med(k,   n, i, j, t, a) {
      n = split(vals[k], a, " "); if (n == 0) return ""
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      lo[k] = a[1]; hi[k] = a[n]
      return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function cell(c, f,   k) {
      k = c SUBSEP f
      if (bad[k] != "") return bad[k]
      if (!(k in vals)) return "-"
      m[k] = med(k); return sprintf("%.0f (%s-%s)", m[k], lo[k], hi[k])
    }
    function ratio(q, v, f) {
      if (bad[q SUBSEP f] != "" || bad[v SUBSEP f] != "" || !((q SUBSEP f) in m) || !((v SUBSEP f) in m) || m[v SUBSEP f] <= 0) return "-"
      return sprintf("%.2fx", m[q SUBSEP f] / m[v SUBSEP f])
    }
    function row(label, q, j, i, f,   cq, cj, ci) {
      cq = cell(q, f); cj = cell(j, f); ci = (i == "" ? "-" : cell(i, f))
      printf "| %s | %s | %s | %s | %s | %s |\n", label, cq, cj, ratio(q, j, f), ci, (i == "" ? "-" : ratio(q, i, f))
    }
    # fields: config rep status init off compute memory x sum
    { for (f = 4; f <= 7; f++) {
        k = $1 SUBSEP f
        if ($3 != "ok") { if (bad[k] == "") bad[k] = $3 } else if ($f == "-") { if (bad[k] == "") bad[k] = "fail-lines" }
        else vals[k] = vals[k] " " $f
      }
      if ($1 ~ /^p/) { res[$1, $2] = $8 " " $9 }
      if ($1 == "pq" && ref == "" && $3 == "ok") ref = $8 " " $9
    }
    END {
      # the phase results must equal QEMU'"'"'s (its first complete run)
      for (k in res) {
        split(k, kk, SUBSEP); split(res[k], r, " "); split(ref, q, " ")
        if (ref == "" || r[1] == "-") continue
        if (r[1] != q[1]) { bad[kk[1] SUBSEP 6] = "mismatch"; err = err sprintf("error: %s run %s: compute result x = %s, QEMU printed %s\n", kk[1], kk[2], r[1], q[1]) }
        if (r[2] != q[2]) { bad[kk[1] SUBSEP 7] = "mismatch"; err = err sprintf("error: %s run %s: memory result sum = %s, QEMU printed %s\n", kk[1], kk[2], r[2], q[2]) }
      }
      row("boot to \"init: started\", 1 hart", "q1", "j1", "i1", 4)
      row("boot to power-off, 1 hart", "q1", "j1", "i1", 5)
      row("boot to \"init: started\", 4 harts", "q4", "j4", "", 4)
      row("boot to power-off, 4 harts", "q4", "j4", "", 5)
      row("compute phase, 1 hart", "pq", "pj", "pi", 6)
      row("memory phase, 1 hart", "pq", "pj", "pi", 7)
      printf "\nMedian (min-max) of %d runs; ratio: QEMU time / vpbridge time (> 1: vpbridge faster).\n", reps
      if (ref == "") printf "error: no complete QEMU phase run: the phase results are not compared\n"
      else printf "Phase results (equal on every run that completed, unless an error line says otherwise): %s.\n", ref
      printf "%s", err
    }' "$tsv"
  echo ""
  echo "Commands (K: the kernel above, FW: the firmware above):"
  echo ""
  echo '```text'
  for c in q1 q4 j1 j4 i1 pq pj pi; do
    cmd_for "$c"
    line=$(show_cmd "${cmd[@]}")
    line=${line//"$kernel"/\$K}
    echo "$c: ${line//"$fw"/\$FW}"
  done
  echo '```'
  echo ""
  echo "vpbridge JIT \`--stats\`, one more run each, summed over the harts (the interpreter's counts are the same)."
  echo "\"without the phases\": compute=1 memory=1; the phase rows are a phase's run minus that run."
  echo ""
  echo "| run | harts | insns | TLB misses | tb flushes | tbs translated | tbs invalidated | traps | interrupts | simulated / wall |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  stats=$out/linux-stats.tsv
  : >"$stats"
  off="console=ttyS0 -- compute=1 memory=1"
  stats_run "boot (as timed), 1 hart" j1 "$boot_args"
  stats_run "boot without the phases, 1 hart" j1 "$off"
  stats_run "boot (as timed), 4 harts" j4 "$boot_args"
  stats_run "boot without the phases, 4 harts" j4 "$off"
  stats_run "compute=$compute only, 1 hart" j1 "console=ttyS0 -- compute=$compute memory=1"
  stats_run "memory=$memory only, 1 hart" j1 "console=ttyS0 -- compute=1 memory=$memory"
  awk -F'\t' '
    { split($2, v, " "); for (i = 1; i <= 8; i++) c[NR, i] = v[i]
      printf "| %s | %d | %.1fM | %d | %d | %d | %d | %d | %d | %s / %s |\n", $1, v[1], v[2] / 1e6, v[3], v[4], v[5], v[6], v[7], v[8], $3, $4 }
    END {
      # rows 5 and 6 minus row 2 (the same boot without the phases)
      for (r = 5; r <= 6; r++) {
        if (c[r, 1] == 0 || c[2, 1] == 0) continue
        printf "| %s phase alone (row %d - row 2) | 1 | %.1fM | %d | %d | %d | %d | %d | %d | |\n", (r == 5 ? "compute" : "memory"), r,
          (c[r, 2] - c[2, 2]) / 1e6, c[r, 3] - c[2, 3], c[r, 4] - c[2, 4], c[r, 5] - c[2, 5], c[r, 6] - c[2, 6], c[r, 7] - c[2, 7], c[r, 8] - c[2, 8]
      }
    }' "$stats"
} >"$md"
cat "$md"
echo "wrote $md (console logs: $logs)" >&2
