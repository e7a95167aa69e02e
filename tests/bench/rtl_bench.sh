#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# rtl_bench.sh SOURCE_DIR BUILD_DIR - bench/rtl/run.sh on the real build, one
# run per cell (it asserts no timing): the four device rows are there with a
# number each, and the four forms of the block computed the same CRC.
set -euo pipefail
src=${1:?usage: rtl_bench.sh SOURCE_DIR BUILD_DIR} build=${2:?usage: rtl_bench.sh SOURCE_DIR BUILD_DIR}
out=$(sh "$src/bench/rtl/run.sh" "$build" 1 2>&1) || { echo "$out"; echo "rtl_bench: run.sh failed"; exit 1; }
fail() { echo "$out"; echo "rtl_bench: $*"; exit 1; }
grep -q "^rtl: 200000 DATA writes per run .*; crc 0x[0-9a-f]* from all four$" <<<"$out" || fail "no summary line"
for row in "C device (crc_model.h)" "SystemC LT device (crc_model.h)" "RTL on APB4 (crc_apb.v, 100 MHz)" \
           "RTL on AXI4-Lite (crc_axil.v, 100 MHz)"; do
    grep -qF "| $row | " <<<"$out" || fail "no row '$row'"
done
# The RTL rows take the block's cycles in simulated time: 9 cycles of 10 ns a DATA write.
grep -q "^| RTL on APB4 .* | 18\.[0-9]* ms |$" <<<"$out" || fail "RTL APB simulated time is not about 18 ms"
echo "rtl_bench: ok"
