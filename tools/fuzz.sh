#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# fuzz.sh - runs the libFuzzer targets of tests/fuzz (docs/reliability.md).
#
#   tools/fuzz.sh --list             the targets, one per line
#   tools/fuzz.sh TARGET SECONDS     fuzz TARGET for SECONDS of wall time
#   tools/fuzz.sh all SECONDS        every target in turn, SECONDS each
#   tools/fuzz.sh --cpu TARGET|all SECONDS
#                                    SECONDS of CPU time per target instead of
#                                    wall time (a long run on a busy machine)
#
# Each target's summary gives the inputs run and the CPU and wall time they
# took. Ctrl-C (or kill, SIGTERM: a script started in the background by
# another script ignores SIGINT) stops the run early: the target in
# progress prints its stats, the summary says it was interrupted, and the
# script exits 130.
#
# The first run configures and builds build-fuzz/ (VP_FUZZ_BUILD to move
# it): clang, every library instrumented for coverage under ASan and UBSan,
# the targets linked with libFuzzer. The seeds in tests/fuzz/corpus/TARGET
# are only read; inputs libFuzzer finds interesting go to
# build-fuzz/fuzz-corpus/TARGET (kept between runs). A crash, a sanitizer
# report, a leak, a 10 s hang or 2 GiB of memory stops the run and leaves the
# input in build-fuzz/fuzz-findings/TARGET/; the script then exits 1 and
# says where it is. (A timeout that runs in under 10 s of CPU time alone was
# a busy machine: it goes to build-fuzz/fuzz-busy-timeouts/TARGET/ and the
# run goes on.) Fix the bug, and copy the input into
# tests/fuzz/corpus/TARGET/: test_fuzz_TARGET replays every input there in
# the normal and the sanitizer build.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${VP_FUZZ_BUILD:-$root/build-fuzz}
targets=$(sed -n 's/^set(VP_FUZZ_TARGETS \(.*\))$/\1/p' "$root/tests/fuzz/CMakeLists.txt")
[ -n "$targets" ] || { echo "fuzz.sh: no VP_FUZZ_TARGETS in tests/fuzz/CMakeLists.txt" >&2; exit 2; }

usage() {
  echo "usage: tools/fuzz.sh --list | [--cpu] TARGET SECONDS | [--cpu] all SECONDS (targets: $targets)" >&2
  exit 2
}

[ $# -ge 1 ] || usage
if [ "$1" = "--list" ]; then
  [ $# -eq 1 ] || usage
  printf '%s\n' $targets
  exit 0
fi
clock=wall
if [ "$1" = "--cpu" ]; then
  clock=cpu
  shift
fi
[ $# -eq 2 ] || usage
target=$1 secs=$2
[[ "$secs" =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: '$secs' is not a number of seconds greater than zero" >&2; exit 2; }
if [ "$target" = all ]; then
  run=$targets
elif printf '%s\n' $targets | grep -qx -- "$target"; then
  run=$target
else
  echo "fuzz.sh: no target '$target' (targets: $targets)" >&2
  exit 2
fi

command -v clang >/dev/null || { echo "fuzz.sh: clang is missing (Debian package clang; tools/setup.sh installs it)" >&2; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  if ! CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVP_FUZZ=ON \
      >"$build/configure.log" 2>&1; then
    tail -20 "$build/configure.log" >&2
    echo "fuzz.sh: configuring the fuzz build failed (whole log: $build/configure.log)" >&2
    exit 1
  fi
fi
if ! ninja -C "$build" fuzz_targets vp_devices >"$build/build.log" 2>&1; then
  tail -30 "$build/build.log" >&2
  echo "fuzz.sh: the fuzz build failed (whole log: $build/build.log)" >&2
  exit 1
fi

# An interrupt from outside (Ctrl-C, kill -INT) ends the current target's
# run and the script: libFuzzer prints its stats, and the summary says how
# much it ran, and that it was cut short.
stop=0
trap 'stop=1' INT TERM
hz=$(getconf CLK_TCK)
# cpu_s: user + system seconds of this script's finished children (bash's
# times, run here: in a $(...) subshell it would count the subshell's)
cpu_now() {
  local t
  times >"$build/.fuzz-times.$$"
  t=$(tail -1 "$build/.fuzz-times.$$")
  cpu_s=0
  [[ "$t" =~ ^([0-9]+)m([0-9.]+)s\ ([0-9]+)m([0-9.]+)s$ ]] || return 0
  cpu_s=$(awk -v a="${BASH_REMATCH[1]}" -v b="${BASH_REMATCH[2]}" -v c="${BASH_REMATCH[3]}" -v d="${BASH_REMATCH[4]}" \
    'BEGIN { printf "%.0f", a * 60 + b + c * 60 + d }')
}
# Runs the input $2 of target $1 once, alone: 0 if it ends cleanly within
# the 10 s limit of CPU time (printed as the seconds it took), 1 if not.
replay_ok() {
  local before=$cpu_s after rc=0
  cpu_now
  before=$cpu_s
  timeout -s KILL 120 "$build/tests/fuzz/fuzz_$1" -runs=1 "$2" >"$build/.fuzz-replay.$$" 2>&1 || rc=$?
  cpu_now
  after=$cpu_s
  echo $((after - before))
  [ $rc = 0 ] && [ $((after - before)) -lt 10 ]
}

# The targets write each input to a scratch file (the loaders take paths):
# on a disk that is a write and often a wait per input, so tmpfs when the
# machine has one and TMPDIR does not say otherwise.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi

status=0
for t in $run; do
  work=$build/fuzz-corpus/$t findings=$build/fuzz-findings/$t busy=$build/fuzz-busy-timeouts/$t
  mkdir -p "$work" "$findings"
  echo "fuzz.sh: $t for ${secs}s of $clock time (seeds tests/fuzz/corpus/$t, corpus $work)"
  log=$build/fuzz-$t.log
  : >"$log"
  known=$(ls "$findings")
  cpu_now
  start=$(date +%s) cpu0=$cpu_s runs=0 found= rc=0 parts=0 busy_n=0
  # One libFuzzer process per part: a part ends at the budget, at an
  # interrupt, or at a finding. A timeout (or a slow unit, which libFuzzer
  # reports without stopping) is wall time to libFuzzer: on a busy machine
  # an input that takes milliseconds can wait 10 s for a CPU. So it is run
  # again alone; if it then ends within 10 s of CPU time it was the
  # machine, not the input: it goes to fuzz-busy-timeouts/ and a new part
  # takes the rest of the budget.
  while :; do
    parts=$((parts + 1))
    cpu_now
    spent=$((cpu_s - cpu0)) elapsed=$(($(date +%s) - start))
    limit=(-max_total_time="$((secs - elapsed > 1 ? secs - elapsed : 1))")
    [ $clock = cpu ] && limit=()
    "$build/tests/fuzz/fuzz_$t" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$findings/" -print_final_stats=1 "$work" "$root/tests/fuzz/corpus/$t" \
        >"$log.part" 2>&1 &
    pid=$!
    # Watch the process's user + system time: with --cpu the part ends
    # (SIGINT: libFuzzer prints its final stats and exits with 72) once the
    # target has had its CPU seconds, as libFuzzer counts wall time only.
    while kill -0 $pid 2>/dev/null; do
      stat=() ticks=0
      read -r -a stat </proc/$pid/stat 2>/dev/null || true
      [ ${#stat[@]} -ge 15 ] && ticks=$((stat[13] + stat[14]))
      if [ $stop = 1 ] || { [ $clock = cpu ] && [ $((spent * hz + ticks)) -ge $((secs * hz)) ]; }; then
        kill -INT $pid 2>/dev/null || true
        break
      fi
      sleep 1
    done
    while :; do
      wait $pid && rc=0 || rc=$?
      # a signal to this script interrupts wait (status > 128) while the
      # fuzzer still runs: pass the interrupt on and wait again
      kill -0 $pid 2>/dev/null || break
      stop=1
      kill -INT $pid 2>/dev/null || true
    done
    cat "$log.part" >>"$log"
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log.part")
    # a part that ended in a finding has no final stats: its last status line
    [ -n "$n" ] || n=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log.part" | tail -1)
    runs=$((runs + ${n:-0}))
    found=$(comm -13 <(printf '%s\n' "$known") <(ls "$findings") | grep -v '^$' | head -1 || true)
    if [[ "$found" == timeout-* || "$found" == slow-unit-* ]] && took=$(replay_ok "$t" "$findings/$found"); then
      mkdir -p "$busy"
      mv "$findings/$found" "$busy/"
      busy_n=$((busy_n + 1))
      echo "fuzz.sh: $t: $found ran over 10 s of wall time, but takes ${took}s of CPU time alone:" \
           "the machine was busy, not a finding (kept in $busy); fuzzing on" >&2
      found=
      cpu_now
      left=$((secs - $(date +%s) + start))
      [ $clock = cpu ] && left=$((secs - cpu_s + cpu0))
      if [ $stop = 0 ] && [ $left -gt 0 ]; then
        continue
      fi
      rc=0
    fi
    break
  done
  rm -f "$log.part"
  cpu_now
  used="$((cpu_s - cpu0))s of cpu time, $(($(date +%s) - start))s of wall time"
  [ $busy_n = 0 ] || used="$used ($busy_n busy-machine timeout(s) set aside)"
  if [ -n "$found" ]; then
    echo "fuzz.sh: $t FOUND A BUG: $findings/$found (log: $log)" >&2
    grep -m3 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log" >&2 || true
    status=1
  elif [ $rc = 72 ] && [ $stop = 1 ]; then
    echo "fuzz.sh: $t: interrupted after $runs inputs in $used, no finding; corpus $(ls "$work" | wc -l) inputs" >&2
    status=130
  elif [ $rc = 0 ] || { [ $rc = 72 ] && [ $clock = cpu ]; }; then
    echo "fuzz.sh: $t: $runs inputs in $used, no finding; corpus $(ls "$work" | wc -l) inputs"
  else
    echo "fuzz.sh: $t ended with exit status $rc and left no input in $findings; its log ends:" >&2
    tail -5 "$log" >&2
    status=1
  fi
  [ $stop = 1 ] && break
done
rm -f "$build/.fuzz-replay.$$"
rm -f "$build/.fuzz-times.$$"
exit $status
