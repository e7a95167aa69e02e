#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh [BUILD_DIR] [N] [REPS] - builds tlm_bench if needed and runs it
# (N transactions per path, default 2000000; median of REPS runs, default 5).
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$build" tlm_bench >/dev/null
SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 "$build/bench/tlm/tlm_bench" ${2:-2000000} ${3:-5}
