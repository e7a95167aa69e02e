#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# test.sh - install what is missing, build, and run the whole test suite
# twice: a normal build (build/) and an ASan+UBSan build (build-asan/);
# then every libFuzzer target for a bounded time (tools/fuzz.sh, clang's
# build-fuzz/; VP_FUZZ_SECONDS per target, default 10; 0 skips the step).
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
jobs=$(nproc)
start=$(date +%s)

echo "== normal build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest -j "$jobs" --output-on-failure)

echo "== sanitizer build (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DVP_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
   ctest -j "$jobs" --output-on-failure)

fuzz_secs=${VP_FUZZ_SECONDS:-10}
if [ "$fuzz_secs" != 0 ]; then
  echo "== fuzzing (tools/fuzz.sh all $fuzz_secs)"
  ./tools/fuzz.sh all "$fuzz_secs"
fi

echo "== all tests passed in both builds ($(( $(date +%s) - start )) s)"
