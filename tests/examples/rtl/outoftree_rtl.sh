#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# outoftree_rtl.sh - the RTL user's path end to end: install this build into
# a prefix, build examples/rtl (two vpbridge_add_rtl_module() calls and the
# firmware) with find_package(vpbridge) the way a user would, and run its
# ctest on the installed command: both buses, and the VCD check.
# Usage: outoftree_rtl.sh BUILD_DIR SOURCE_DIR WORK_DIR CXX CMAKE
set -euo pipefail
build=$1 src=$2 work=$3 cxx=$4 cmake=$5
for tool in ninja verilator riscv64-unknown-elf-gcc; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not found" >&2; exit 1; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
P=$work/prefix
unset VPBRIDGE_MODULE_DIR
"$cmake" --install "$build" --prefix "$P" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in lib/cmake/vpbridge/vpbridgeRtl.cmake lib/cmake/vpbridge/vpbridgeRtlWrapper.cpp.in \
         include/vpbridge/vp_sc_rtl.h include/vpbridge/vp_sc_pins.h; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done
"$cmake" -S "$src/examples/rtl" -B "$work/rtl" -G Ninja -DCMAKE_PREFIX_PATH="$P" -DCMAKE_CXX_COMPILER="$cxx" \
    >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; fail "configure examples/rtl"; }
ninja -C "$work/rtl" >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "build examples/rtl"; }
for m in crc_apb crc_axil; do
    [ -e "$work/rtl/lib$m.so" ] && [ -e "$work/rtl/$m.modinfo.yaml" ] || fail "$m: no module or manifest"
    nm -D --defined-only "$work/rtl/lib$m.so" | grep -q ' vp_module_descriptor$' ||
        fail "$m: vp_module_descriptor not exported"
done
(cd "$work/rtl" && "$(dirname "$cmake")/ctest" --output-on-failure >"$work/ctest.log" 2>&1) ||
    { cat "$work/ctest.log"; fail "examples/rtl ctest"; }
grep -q "crc_apb_vcd_check .*Passed" "$work/ctest.log" || { cat "$work/ctest.log"; fail "no VCD check ran"; }
echo "ok: examples/rtl built out of tree and passed (APB, AXI4-Lite, VCD)"
