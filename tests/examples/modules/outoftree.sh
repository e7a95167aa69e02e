#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# outoftree.sh - the external-module path end to end: install the build into
# a prefix, check the layout and that every installed header compiles alone,
# build examples/modules/{crc32,sc-counter,board} with find_package(vpbridge)
# and a one-file module with pkg-config only, and run them on the installed
# command (sc-counter: a SystemC-side module, side: systemc).
# Usage: outoftree.sh BUILD_DIR SOURCE_DIR WORK_DIR CC CXX CMAKE
set -euo pipefail
build=$1 src=$2 work=$3 cc=$4 cxx=$5 cmake=$6
for tool in ninja pkg-config riscv64-unknown-elf-gcc; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not found" >&2; exit 1; }
done

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

rm -rf "$work"
mkdir -p "$work"
P=$work/prefix
vp=$P/bin/vpbridge
# The installed tree must find its own modules: no override from the caller.
unset VPBRIDGE_MODULE_DIR

step "install into $P"
"$cmake" --install "$build" --prefix "$P" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in bin/vpbridge include/vpbridge/vp_module.h include/vpbridge/vp_device.h include/vpbridge/tlmc.h \
         include/vpbridge/vp_clock.h include/vpbridge/vp_base.h include/vpbridge/vp_cpu.h \
         include/vpbridge/vp_cpu_riscv.h lib/cmake/vpbridge/vpbridgeConfig.cmake \
         lib/cmake/vpbridge/vpbridgeConfigVersion.cmake lib/pkgconfig/vpbridge-module.pc \
         share/vpbridge/platforms/virt-rv32.yaml share/vpbridge/platforms/virt-rv64.yaml \
         share/vpbridge/platforms/virt-rv32gc.yaml share/vpbridge/platforms/virt-rv64gc.yaml; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done
for m in ns16550a clint plic sifive_test; do
    [ -e "$P/lib/vpbridge/modules/libvp_$m.so" ] || fail "module not installed: libvp_$m.so"
    [ -e "$P/lib/vpbridge/modules/$m.modinfo.yaml" ] || fail "manifest not installed: $m.modinfo.yaml"
done

step "installed headers are self-contained (C11 and C++17)"
mkdir -p "$work/hdr"
for h in "$P"/include/vpbridge/*.h; do
    name=$(basename "$h")
    printf '#include <vpbridge/%s>\n#include <vpbridge/%s>\nint vp_hdr_test;\n' "$name" "$name" >"$work/hdr/$name.c"
    # SystemC-side headers (they include <systemc>/<tlm>) are C++ only.
    if ! grep -qE '^#include <(systemc|tlm)' "$h"; then
        "$cc" -std=c11 -Wall -Wextra -Werror -I"$P/include" -c "$work/hdr/$name.c" -o "$work/hdr/$name.o" ||
            fail "$name does not compile alone as C11"
    fi
    "$cxx" -std=c++17 -Wall -Wextra -Werror -I"$P/include" -x c++ -c "$work/hdr/$name.c" -o "$work/hdr/$name.cxx.o" ||
        fail "$name does not compile alone as C++17"
done

# Runs the installed vpbridge, keeps stdout in $work/$1.out; checks the
# exit status ($2) and that stdout matches each further pattern.
run_check() {
    local tag=$1 want=$2; shift 2
    local args=() pats=() sep=0
    for a in "$@"; do
        if [ "$a" = "--" ]; then sep=1; elif [ $sep = 0 ]; then args+=("$a"); else pats+=("$a"); fi
    done
    local rc=0
    "$vp" "${args[@]}" >"$work/$tag.out" 2>"$work/$tag.err" || rc=$?
    if [ "$rc" != "$want" ]; then
        cat "$work/$tag.out" "$work/$tag.err" >&2
        fail "$tag: exit status $rc, want $want"
    fi
    for p in "${pats[@]}"; do
        grep -q -- "$p" "$work/$tag.out" || { cat "$work/$tag.out" "$work/$tag.err" >&2; fail "$tag: no '$p' in stdout"; }
    done
    echo "ok: $tag"
}

step "installed board + installed modules"
# The installed command finds its modules at <exe dir>/../lib/vpbridge/modules.
run_check modules 0 modules -- "$P/lib/vpbridge/modules/libvp_ns16550a.so" "$P/lib/vpbridge/modules/libvp_plic.so"
run_check virt-hello 0 run "$P/share/vpbridge/platforms/virt-rv32.yaml" \
    --kernel "$build/firmware/rv32/hello.elf" --max-time 1s -- "Hello from vpbridge on RV32!"

step "crc32 example (find_package)"
"$cmake" -S "$src/examples/modules/crc32" -B "$work/crc" -G Ninja -DCMAKE_PREFIX_PATH="$P" \
    -DCMAKE_C_COMPILER="$cc" >"$work/crc-configure.log" || { cat "$work/crc-configure.log"; fail "configure crc32"; }
ninja -C "$work/crc" >"$work/crc-build.log" || { cat "$work/crc-build.log"; fail "build crc32"; }
crc=$work/crc
for x in 32 64; do
    run_check "crc-rv$x" 0 run "$crc/crc-virt-rv$x.yaml" --add-modinfo "$crc/crc32.modinfo.yaml" \
        --kernel "$crc/fw/rv$x/crc_test.elf" --max-time 1s -- \
        "crc32 device test on RV$x" 'device crc32("123456789") = 0xcbf43926 ok' "crc32 interrupt taken" \
        "crc32 test passed"
done
# The example's own tests: the host-less unit test and both firmware runs.
(cd "$crc" && "$(dirname "$cmake")/ctest" --output-on-failure >"$work/crc-ctest.log" 2>&1) ||
    { cat "$work/crc-ctest.log"; fail "crc32 example ctest"; }
echo "ok: crc32 example ctest"
run_check crc-device 0 device crc32 --add-modinfo "$crc/crc32.modinfo.yaml" -- "poly" "reflect" "ports:" "irq"

step "sc-counter example (SystemC-side module, find_package)"
for f in include/vpbridge/vp_sc_module.h lib/cmake/vpbridge/vpbridgeModule.cmake; do
    [ -e "$P/$f" ] || fail "not installed: $f"
done
"$cmake" -S "$src/examples/modules/sc-counter" -B "$work/sccnt" -G Ninja -DCMAKE_PREFIX_PATH="$P" \
    -DCMAKE_CXX_COMPILER="$cxx" >"$work/sccnt-configure.log" || { cat "$work/sccnt-configure.log"; fail "configure sc-counter"; }
ninja -C "$work/sccnt" >"$work/sccnt-build.log" || { cat "$work/sccnt-build.log"; fail "build sc-counter"; }
sccnt=$work/sccnt
# One exported symbol (plus whatever weak C++ template instances the
# standard headers leave default-visible): the descriptor.
nm -D --defined-only "$sccnt/libsc_counter.so" | grep -q ' vp_module_descriptor$' ||
    fail "sc-counter: vp_module_descriptor not exported"
run_check sccnt-modules 0 modules --add-modinfo "$sccnt/sc_counter.modinfo.yaml" -- "sc_counter"
run_check sccnt-rv32 0 run "$sccnt/counter-virt-rv32.yaml" --add-modinfo "$sccnt/sc_counter.modinfo.yaml" \
    --kernel "$sccnt/fw/counter_test.elf" --max-time 1s -- \
    "sc_counter device test on RV32" "device id 0x534e4354 ok" "count advances while enabled ok" \
    "sc_counter interrupt taken" "auto-reload irqs = 4 ok" "spurious claims = 0 ok" "sc_counter test passed"
(cd "$sccnt" && "$(dirname "$cmake")/ctest" --output-on-failure >"$work/sccnt-ctest.log" 2>&1) ||
    { cat "$work/sccnt-ctest.log"; fail "sc-counter example ctest"; }
echo "ok: sc-counter example ctest"

step "one-file module with pkg-config only"
export PKG_CONFIG_PATH=$P/lib/pkgconfig
cflags=$(pkg-config --cflags vpbridge-module) || fail "pkg-config --cflags vpbridge-module"
mkdir -p "$work/pc"
# shellcheck disable=SC2086
"$cc" $cflags -Wall -Wextra -Werror -shared -Wl,-z,defs "$src/tests/examples/modules/scratch.c" \
    -o "$work/pc/libscratch.so" || fail "compile scratch.c with pkg-config flags"
cp "$src/tests/examples/modules/scratch.modinfo.yaml" "$work/pc/"
run_check scratch-device 0 device scratch --add-modinfo "$work/pc/scratch.modinfo.yaml" -- \
    "scratch" "value"

step "board example (machine module)"
"$cmake" -S "$src/examples/modules/board" -B "$work/board" -G Ninja -DCMAKE_PREFIX_PATH="$P" \
    -DCMAKE_C_COMPILER="$cc" >"$work/board-configure.log" || { cat "$work/board-configure.log"; fail "configure board"; }
ninja -C "$work/board" >"$work/board-build.log" || { cat "$work/board-build.log"; fail "build board"; }
board=$work/board/board.modinfo.yaml
(cd "$work/board" && "$(dirname "$cmake")/ctest" --output-on-failure >"$work/board-ctest.log" 2>&1) ||
    { cat "$work/board-ctest.log"; fail "board example ctest"; }
echo "ok: board example ctest"
run_check board-modules 0 modules --add-modinfo "$board" -- "board *machine"
run_check minivirt 0 run minivirt-rv32 --add-machines "$board" \
    --kernel "$build/firmware/rv32/hello.elf" --max-time 1s -- "Hello from vpbridge on RV32!"
run_check yamlboard 0 run yamlboard --add-machines "$board" \
    --kernel "$build/firmware/rv64/hello.elf" --max-time 1s -- "Hello from vpbridge on RV64!"
echo "all out-of-tree checks passed"
