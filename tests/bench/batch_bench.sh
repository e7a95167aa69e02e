#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# batch_bench.sh SOURCE_DIR BUILD_DIR - bench/batch/run.sh on the real build
# with a small suite (40 jobs, 3 start-up runs; it asserts no timing): every
# job passed on both simulators (run.sh exits 1 otherwise), and both tables
# are there with a number in each cell.
set -euo pipefail
src=${1:?usage: batch_bench.sh SOURCE_DIR BUILD_DIR} build=${2:?usage: batch_bench.sh SOURCE_DIR BUILD_DIR}
out=$(sh "$src/bench/batch/run.sh" "$build" 40 3 2>&1) || { echo "$out"; echo "batch_bench: run.sh failed"; exit 1; }
fail() { echo "$out"; echo "batch_bench: $*"; exit 1; }
grep -q "^batch: 40 short firmware jobs " <<<"$out" || fail "no summary line"
grep -Eq '^\| vpbridge batch \| [0-9.]+ \| [0-9]+ \| [0-9.]+x \|$' <<<"$out" || fail "no vpbridge batch row"
grep -Eq '^\| qemu-system-riscv32/64, xargs -P \| [0-9.]+ \| [0-9]+ \| 1\.00x \|$' <<<"$out" || fail "no QEMU row"
grep -Eq '^\| vpbridge run \| [0-9.]+ \| [0-9.]+x \|$' <<<"$out" || fail "no start-up row"
echo "batch_bench: ok"
