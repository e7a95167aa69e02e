#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# timing_bench.sh SOURCE_DIR BUILD_DIR - bench/timing/run.sh on the real
# build, one run per speed cell: a row per quantum, and the interrupt
# latency (simulated time, the same on every run) never more than one
# quantum: an interrupt is seen at the next end of a hart's turn at the latest.
set -euo pipefail
src=${1:?usage: timing_bench.sh SOURCE_DIR BUILD_DIR} build=${2:?usage: timing_bench.sh SOURCE_DIR BUILD_DIR}
out=$(sh "$src/bench/timing/run.sh" "$build" 1 2>&1) || { echo "$out"; echo "timing_bench: run.sh failed"; exit 1; }
fail() { echo "$out"; echo "timing_bench: $*"; exit 1; }
for row in "100ns 100" "1us 1000" "10us 10000" "100us 100000" "1ms 1000000"; do
    set -- $row
    line=$(grep "^| $1 | " <<<"$out") || fail "no row for --quantum $1"
    max=$(sed -n 's/^| [^|]* | [0-9]* ns | \([0-9]*\) ns | .*/\1/p' <<<"$line")
    [ -n "$max" ] || fail "no latency in '$line'"
    # the quantum, plus the few instructions of the firmware's tick-edge wait
    [ "$max" -le $(($2 + 50)) ] || fail "--quantum $1: an interrupt waited $max ns, more than a quantum"
done
echo "timing_bench: ok"
