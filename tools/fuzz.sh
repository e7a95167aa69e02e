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
# The first run configures and builds build-fuzz/ (VP_FUZZ_BUILD to move
# it): clang, every library instrumented for coverage under ASan and UBSan,
# the targets linked with libFuzzer. The seeds in tests/fuzz/corpus/TARGET
# are only read; inputs libFuzzer finds interesting go to
# build-fuzz/fuzz-corpus/TARGET (kept between runs). A crash, a sanitizer
# report, a leak, a 10 s hang or 2 GiB of memory stops the run and leaves the
# input in build-fuzz/fuzz-findings/TARGET/; the script then exits 1 and
# says where it is. Fix the bug, and copy the input into
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

status=0
for t in $run; do
  work=$build/fuzz-corpus/$t findings=$build/fuzz-findings/$t
  mkdir -p "$work" "$findings"
  echo "fuzz.sh: $t for ${secs}s of $clock time (seeds tests/fuzz/corpus/$t, corpus $work)"
  log=$build/fuzz-$t.log
  limit=(-max_total_time="$secs")
  [ $clock = cpu ] && limit=()
  rc=0
  "$build/tests/fuzz/fuzz_$t" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$findings/" -print_final_stats=1 "$work" "$root/tests/fuzz/corpus/$t" >"$log" 2>&1 &
  pid=$!
  if [ $clock = cpu ]; then
    # libFuzzer counts wall time only: watch the process's user + system
    # time and interrupt it (SIGINT: it prints its final stats and exits
    # with 72) once it has had its CPU seconds.
    hz=$(getconf CLK_TCK)
    while kill -0 $pid 2>/dev/null; do
      ticks=$(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 0)
      if [ "${ticks:-0}" -ge $((secs * hz)) ]; then
        kill -INT $pid 2>/dev/null || true
        break
      fi
      sleep 2
    done
  fi
  wait $pid || rc=$?
  [ $clock = cpu ] && [ $rc = 72 ] && rc=0
  if [ $rc != 0 ]; then
    found=$(ls -t "$findings" | head -1)
    if [ -z "$found" ]; then
      echo "fuzz.sh: $t did not run:" >&2
      tail -5 "$log" >&2
    else
      echo "fuzz.sh: $t FOUND A BUG: $findings/$found (log: $log)" >&2
      grep -m3 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log" >&2 || true
    fi
    status=1
    continue
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "fuzz.sh: $t: ${runs:-?} inputs in ${secs}s of $clock time, no finding; corpus $(ls "$work" | wc -l) inputs"
done
exit $status
