#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# outoftree.sh - the integrator path end to end: install the build into a
# prefix, build examples/integrator against it once with
# find_package(vpbridge) and once with pkg-config only, and run both on the
# hello firmware (golden stdout, exit status 0).
# Usage: outoftree.sh BUILD_DIR SOURCE_DIR WORK_DIR CXX CMAKE FIRMWARE_DIR "SANITIZER_FLAGS"
set -euo pipefail
build=$1 src=$2 work=$3 cxx=$4 cmake=$5 fw=$6 san=${7:-}
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
for tool in ninja pkg-config; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done

rm -rf "$work"
mkdir -p "$work"
P=$work/prefix
unset VPBRIDGE_MODULE_DIR LD_LIBRARY_PATH

step "install into $P"
"$cmake" --install "$build" --prefix "$P" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in lib/libvpbridge.so include/vpbridge/vp_cpu_cluster.h include/vpbridge/tlmc_sc.h \
         include/vpbridge/vp_cpu.h lib/pkgconfig/vpbridge.pc lib/cmake/vpbridge/vpbridgeConfig.cmake; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done

# run TAG EXE ISA XLEN: golden stdout and status 0 on hello.
run() {
    local tag=$1 exe=$2 isa=$3 x=$4 rc=0
    "$exe" "$isa" "$fw/rv$x/hello.elf" >"$work/$tag.out" 2>"$work/$tag.err" || rc=$?
    [ "$rc" = 0 ] || { cat "$work/$tag.out" "$work/$tag.err" >&2; fail "$tag: exit status $rc, want 0"; }
    diff -u "$src/examples/firmware/expected/hello.rv$x.out" "$work/$tag.out" || fail "$tag: stdout differs"
    echo "ok: $tag"
}

step "examples/integrator with find_package(vpbridge)"
"$cmake" -S "$src/examples/integrator" -B "$work/cmake" -G Ninja -DCMAKE_PREFIX_PATH="$P" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" \
    >"$work/cmake-configure.log" 2>&1 || { cat "$work/cmake-configure.log"; fail "configure"; }
ninja -C "$work/cmake" >"$work/cmake-build.log" 2>&1 || { cat "$work/cmake-build.log"; fail "build"; }
# It must use the installed library, not the build tree's.
# (ldd's output is captured first: `ldd | grep -q` fails under pipefail
# when grep exits before ldd has written everything.)
deps=$(ldd "$work/cmake/integrator_example")
grep -q "$P/lib/libvpbridge.so" <<<"$deps" ||
    { echo "$deps"; fail "find_package build does not use $P/lib/libvpbridge.so"; }
run cmake-rv32 "$work/cmake/integrator_example" rv32imac 32
run cmake-rv64 "$work/cmake/integrator_example" rv64imac 64

step "examples/integrator with pkg-config vpbridge"
export PKG_CONFIG_PATH=$P/lib/pkgconfig
cflags=$(pkg-config --cflags vpbridge) || fail "pkg-config --cflags vpbridge"
libs=$(pkg-config --libs vpbridge) || fail "pkg-config --libs vpbridge"
# shellcheck disable=SC2086
"$cxx" -std=c++17 -Wall -Wextra -Werror $san $cflags "$src/examples/integrator/sc_main.cpp" $libs \
    -o "$work/pc-example" || fail "compile with pkg-config flags"
run pc-rv32 "$work/pc-example" rv32imac 32
echo "all integrator out-of-tree checks passed"
