#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# fpdiff.sh - runs fprand.elf (rv32, rv64) on QEMU and on vpbridge (interp, jit) and compares the
# outputs byte for byte. Usage: fpdiff.sh QEMU32 QEMU64 VPBRIDGE ELFDIR PLATFORMDIR OUTDIR
set -u
q32=$1 q64=$2 vp=$3 elfdir=$4 pfdir=$5 out=$6
fail=0
mkdir -p "$out" || exit 1
for x in 32 64; do
    if [ "$x" = 32 ]; then q=$q32; else q=$q64; fi
    if [ -z "$q" ] || [ ! -x "$q" ]; then
        echo "FAIL: qemu-system-riscv$x not found (install the Debian package qemu-system-misc)"
        exit 1
    fi
    elf=$elfdir/rv$x/fprand.elf
    [ -f "$elf" ] || { echo "FAIL: $elf missing"; exit 1; }
    timeout 120 "$q" -M virt -cpu "rv$x,s=off,h=off" -bios none -nographic -monitor none \
        -serial stdio -kernel "$elf" >"$out/qemu$x.out" 2>"$out/qemu$x.err"
    rc=$?
    lines=$(wc -l <"$out/qemu$x.out")
    if [ $rc != 0 ] || ! grep -q "^fprand rv$x operations [1-9]" "$out/qemu$x.out" || [ "$lines" -lt 100 ]; then
        echo "FAIL: QEMU rv$x: exit $rc, $lines lines (see $out/qemu$x.out)"
        fail=1
        continue
    fi
    for a in interp jit; do
        timeout 120 "$vp" run "$pfdir/virt-rv$x-fd.yaml" --kernel "$elf" --accel $a \
            >"$out/vp$x-$a.out" 2>"$out/vp$x-$a.err"
        rc=$?
        if [ $rc != 0 ]; then
            echo "FAIL: vpbridge rv$x $a: exit $rc"
            fail=1
        elif ! cmp -s "$out/qemu$x.out" "$out/vp$x-$a.out"; then
            echo "FAIL: vpbridge rv$x $a differs from QEMU:"
            diff "$out/qemu$x.out" "$out/vp$x-$a.out" | head -40
            fail=1
        else
            echo "ok rv$x $a: $(tail -n 1 "$out/vp$x-$a.out"), $lines lines identical to QEMU"
        fi
    done
done
exit $fail
