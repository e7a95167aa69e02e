#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# run.sh [BUILD_DIR] [REPS] - the cost of a register access to examples/rtl's
# CRC-32 block as Verilog RTL behind the APB and the AXI4-Lite bridges
# (vpbridge_add_rtl_module: crc_apb, crc_axil), against the same register
# file as a C device (bench_crc_c) and as a SystemC device (bench_crc_sc), in
# one run of this script. Firmware bench/rtl/crcbench.c feeds N words to DATA
# and checks the CRC; its loop on a RAM word (crcbench0) is the baseline
# that is subtracted. Each cell: the median of REPS (default 5) wall times
# from --stats. Also the simulated time (the RTL's cycles are simulated
# time; the models answer at once).
set -e
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:-$src/build}
reps=${2:-5}
if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$build" bench_rtl >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mods="--add-modinfo $build/tests/examples/rtl/mods/crc_apb.modinfo.yaml"
mods="$mods --add-modinfo $build/tests/examples/rtl/mods/crc_axil.modinfo.yaml"
mods="$mods --add-modinfo $build/bench/rtlmods/bench_crc_c.modinfo.yaml"
mods="$mods --add-modinfo $build/bench/rtlmods/bench_crc_sc.modinfo.yaml"

# run TYPE MODE -> "median_wall sim_time_text" of REPS runs; checks the output
run() {
    sed "s/@TYPE@/$1/g" "$here/board.yaml.in" >"$tmp/$1.yaml"
    : >"$tmp/w"
    i=0
    while [ "$i" -lt "$reps" ]; do
        # shellcheck disable=SC2086
        "$build/bridge/vpbridge" run "$tmp/$1.yaml" $mods --kernel "$build/bench/rv32/crcbench$2.elf" --stats \
            >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/out" "$tmp/err" >&2; exit 1; }
        grep -q "^crcbench: .*, ok$" "$tmp/out" || { echo "run.sh: $1: unexpected output" >&2; cat "$tmp/out" >&2; exit 1; }
        sed -n 's/.*wall time \([0-9.]*\) s.*/\1/p' "$tmp/err" >>"$tmp/w"
        i=$((i + 1))
    done
    sim=$(sed -n 's/.*simulated time \([0-9.]* [a-z]*\), wall.*/\1/p' "$tmp/err")
    crc=$(sed -n 's/^crcbench: .*crc \(0x[0-9a-f]*\), ok$/\1/p' "$tmp/out")
    echo "$(sort -n "$tmp/w" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') $crc $sim"
}

n=$(sed -n 's/^#define CRCB_WORDS \([0-9]*\)u$/\1/p' "$here/crcbench.c")
set -- $(run bench_crc_c 0); w0=$1
set -- $(run bench_crc_c 1); wc=$1; crc_c=$2; sc_c="$3 $4"
set -- $(run bench_crc_sc 1); ws=$1; crc_s=$2; sc_s="$3 $4"
set -- $(run crc_apb 1); wa=$1; crc_a=$2; sc_a="$3 $4"
set -- $(run crc_axil 1); wx=$1; crc_x=$2; sc_x="$3 $4"
for c in "$crc_s" "$crc_a" "$crc_x"; do
    [ "$c" = "$crc_c" ] || { echo "run.sh: error: CRC $c differs from the C model's $crc_c" >&2; exit 1; }
done
echo "rtl: $n DATA writes per run (+2 accesses), median of $reps runs, rv32 hart, JIT; crc $crc_c from all four"
awk -v n="$n" -v w0="$w0" -v wc="$wc" -v ws="$ws" -v wa="$wa" -v wx="$wx" \
    -v sc="$sc_c" -v ss="$sc_s" -v sa="$sc_a" -v sx="$sc_x" 'BEGIN {
    printf "| device | wall s | ns/access (host) | vs C device | simulated time |\n|---|---:|---:|---:|---:|\n"
    printf "| loop only (RAM word) | %.3f | | | |\n", w0
    split("C device (crc_model.h)|SystemC LT device (crc_model.h)|RTL on APB4 (crc_apb.v, 100 MHz)|RTL on AXI4-Lite (crc_axil.v, 100 MHz)", name, "|")
    w[1] = wc; w[2] = ws; w[3] = wa; w[4] = wx
    s[1] = sc; s[2] = ss; s[3] = sa; s[4] = sx
    for (k = 1; k <= 4; k++) {
        d = w[k] - w0
        if (d <= 0) d = 1e-9
        ns[k] = d * 1e9 / n
        printf "| %s | %.3f | %.0f | %.1fx | %s |\n", name[k], w[k], ns[k], ns[k] / ns[1], s[k]
    }
}'
