#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# outoftree.sh - the integrator path end to end: install the build into a
# prefix, check that libvpbridge.so exports the C++ API (riscv_cluster,
# c_device, the TLM adapters), build examples/integrator against it once
# with find_package(vpbridge) and once with pkg-config only, and run both on
# the hello firmware (golden stdout, exit status 0) with the standard device
# modules of the prefix (ns16550a, sifive_test through vp::sc::c_device),
# found by the library itself (no module directory compiled in); then the
# same with the prefix copied out of the build tree.
# The C-only side the same way: libvpbridge-c.so with vpbridge::c and
# vpbridge-c.pc, examples/c-host (pure C, no sc_main) built with each and
# run on hello, needing neither SystemC nor libstdc++ (tests/libvpbridge-c/check_c_only.sh).
# Usage: outoftree.sh BUILD_DIR SOURCE_DIR WORK_DIR CXX CMAKE FIRMWARE_DIR "SANITIZER_FLAGS" CC
set -euo pipefail
build=$1 src=$2 work=$3 cxx=$4 cmake=$5 fw=$6 san=${7:-} cc=${8:-cc}
fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
for tool in ninja pkg-config nm ldd; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done

rm -rf "$work"
mkdir -p "$work"
P=$work/prefix
unset VPBRIDGE_MODULE_DIR LD_LIBRARY_PATH

step "install into $P"
"$cmake" --install "$build" --prefix "$P" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in lib/libvpbridge.so include/vpbridge/vp_cpu_cluster.h include/vpbridge/tlmc_sc.h \
         include/vpbridge/vp_cpu.h lib/pkgconfig/vpbridge.pc lib/cmake/vpbridge/vpbridgeConfig.cmake \
         lib/libvpbridge-c.so lib/pkgconfig/vpbridge-c.pc share/vpbridge/platforms/virt-rv32.yaml; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done

for f in lib/vpbridge/modules/libvp_ns16550a.so lib/vpbridge/modules/ns16550a.modinfo.yaml \
         lib/vpbridge/modules/libvp_sifive_test.so lib/vpbridge/modules/sifive_test.modinfo.yaml \
         include/vpbridge/vp_sc_device.h; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done

step "C++ API exported by $P/lib/libvpbridge.so"
syms=$(nm -DC --defined-only "$P/lib/libvpbridge.so") || fail "nm $P/lib/libvpbridge.so"
for s in "vp::sc::c_device::c_device(" "vp::sc::c_device::exit_requested() const" \
         "vp::sc::c_to_sc::c_to_sc(" "vp::sc::sc_to_c::sc_to_c(" "vp::sc::signal_to_c::signal_to_c(" \
         "vp::sc::c_to_signal::c_to_signal(" "vp::sc::to_sc(" "vp::sc::to_vp(" "vp::sc::sc_event_clock()" \
         "vp::sc::riscv_cluster::riscv_cluster(" "vp::sc::riscv_cluster::watch_exit("; do
    grep -qF "$s" <<<"$syms" || fail "libvpbridge.so does not export $s"
done
# The C API lives once, in libvpbridge-c.so, which libvpbridge.so links.
csyms=$(nm -D --defined-only "$P/lib/libvpbridge-c.so") || fail "nm $P/lib/libvpbridge-c.so"
for s in vp_elf_load vp_cpu_create vp_platform_load vp_registry_builtin_dir tlmc_router_create; do
    grep -qw "$s" <<<"$csyms" || fail "libvpbridge-c.so does not export $s"
    if grep -qw "$s" <<<"$syms"; then fail "libvpbridge.so defines $s too (two copies)"; fi
done
grep -q "libvpbridge-c.so" <<<"$(ldd "$P/lib/libvpbridge.so")" || fail "libvpbridge.so does not link libvpbridge-c.so"
echo "ok: exports"

# run TAG EXE ISA XLEN: golden stdout and status 0 on hello, the devices
# from the prefix's module directory (not the build tree's).
run() {
    local tag=$1 exe=$2 isa=$3 x=$4 rc=0
    "$exe" --show-modules "$isa" "$fw/rv$x/hello.elf" >"$work/$tag.out" 2>"$work/$tag.err" || rc=$?
    [ "$rc" = 0 ] || { cat "$work/$tag.out" "$work/$tag.err" >&2; fail "$tag: exit status $rc, want 0"; }
    diff -u "$src/examples/firmware/expected/hello.rv$x.out" "$work/$tag.out" || fail "$tag: stdout differs"
    for m in ns16550a sifive_test; do
        grep -qxF "$m: $P/lib/vpbridge/modules/libvp_$m.so" "$work/$tag.err" ||
            { cat "$work/$tag.err" >&2; fail "$tag: $m not loaded from $P/lib/vpbridge/modules"; }
    done
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
# No module directory compiled in: the library finds <libdir>/vpbridge/modules.
# shellcheck disable=SC2086
"$cxx" -std=c++17 -Wall -Wextra -Werror $san $cflags \
    "$src/examples/integrator/sc_main.cpp" $libs -o "$work/pc-example" || fail "compile with pkg-config flags"
run pc-rv32 "$work/pc-example" rv32imac 32

# crun TAG EXE XLEN [PREFIX]: examples/c-host on hello with the prefix's
# board, golden stdout, status 0, no SystemC or C++ runtime needed.
crun() {
    local tag=$1 exe=$2 x=$3 pre=${4:-$P} rc=0
    "$exe" "$pre/share/vpbridge/platforms/virt-rv$x.yaml" "$fw/rv$x/hello.elf" >"$work/$tag.out" 2>"$work/$tag.err" || rc=$?
    [ "$rc" = 0 ] || { cat "$work/$tag.out" "$work/$tag.err" >&2; fail "$tag: exit status $rc, want 0"; }
    diff -u "$src/examples/firmware/expected/hello.rv$x.out" "$work/$tag.out" || fail "$tag: stdout differs"
    bash "$src/tests/libvpbridge-c/check_c_only.sh" "$exe" "$pre/lib/libvpbridge-c.so" || fail "$tag: not C-only"
    echo "ok: $tag"
}

step "examples/c-host (pure C) with find_package(vpbridge) -> vpbridge::c"
"$cmake" -S "$src/examples/c-host" -B "$work/c-cmake" -G Ninja -DCMAKE_PREFIX_PATH="$P" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" \
    >"$work/c-cmake-configure.log" 2>&1 || { cat "$work/c-cmake-configure.log"; fail "configure c-host"; }
ninja -C "$work/c-cmake" >"$work/c-cmake-build.log" 2>&1 || { cat "$work/c-cmake-build.log"; fail "build c-host"; }
crun c-cmake-rv32 "$work/c-cmake/c_host" 32

step "examples/c-host with pkg-config vpbridge-c"
ccflags=$(pkg-config --cflags vpbridge-c) || fail "pkg-config --cflags vpbridge-c"
clibs=$(pkg-config --libs vpbridge-c) || fail "pkg-config --libs vpbridge-c"
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Werror $san $ccflags "$src/examples/c-host/c_host.c" $clibs -o "$work/c-pc" ||
    fail "compile c-host with pkg-config vpbridge-c"
crun c-pc-rv64 "$work/c-pc" 64

# The prefix copied away from the build tree (issue 8 item 8): a program
# built against the copy with pkg-config, and the copy's own command, find
# the copy's modules (never the build tree's), with no environment help.
M=$(mktemp -d /tmp/vp-moved-prefix.XXXXXX)
trap 'rm -rf "$M"' EXIT
step "the prefix copied to $M"
cp -a "$P/." "$M/"
export PKG_CONFIG_PATH=$M/lib/pkgconfig
cflags=$(pkg-config --cflags vpbridge) || fail "pkg-config --cflags vpbridge (moved)"
libs=$(pkg-config --libs vpbridge) || fail "pkg-config --libs vpbridge (moved)"
# shellcheck disable=SC2086
"$cxx" -std=c++17 -Wall -Wextra -Werror $san $cflags \
    "$src/examples/integrator/sc_main.cpp" $libs -o "$M/moved-example" || fail "compile against the moved prefix"
deps=$(ldd "$M/moved-example")
used=$(awk '/libvpbridge\.so/ {print $3}' <<<"$deps")
[ -n "$used" ] && [ "$(realpath "$used")" = "$(realpath "$M/lib/libvpbridge.so")" ] ||
    { echo "$deps"; fail "moved build does not use $M/lib/libvpbridge.so"; }
P=$M run moved-rv64 "$M/moved-example" rv64imac 64
out=$("$M/bin/vpbridge" device ns16550a --help 2>&1) || { echo "$out"; fail "moved vpbridge device ns16550a"; }
grep -qF "($M/lib/vpbridge/modules/libvp_ns16550a.so)" <<<"$out" ||
    { echo "$out"; fail "the moved vpbridge command does not use $M/lib/vpbridge/modules"; }
# shellcheck disable=SC2086
"$cc" -std=c11 $san $(pkg-config --cflags vpbridge-c) "$src/examples/c-host/c_host.c" \
    $(pkg-config --libs vpbridge-c) -o "$M/c-host" || fail "compile c-host against the moved prefix"
crun moved-c-rv32 "$M/c-host" 32 "$M"
echo "ok: moved prefix"
echo "all integrator out-of-tree checks passed"
