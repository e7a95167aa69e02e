#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# check_c_only.sh - a pure C program on libvpbridge-c.so needs no SystemC
# and no C++ runtime: neither the program nor the library loads libsystemc
# (ldd, all dependencies) or needs libstdc++ itself (readelf NEEDED: a
# sanitizer runtime may bring libstdc++ in), the library imports no SystemC
# symbol (nm -u), and the program defines no sc_main.
# Usage: check_c_only.sh PROGRAM LIBVPBRIDGE_C
set -euo pipefail
exe=$1 lib=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in ldd nm readelf; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done
for f in "$exe" "$lib"; do
    deps=$(ldd "$f") || fail "ldd $f"
    if grep -q "libsystemc" <<<"$deps"; then
        echo "$deps" >&2
        fail "$f loads SystemC"
    fi
    needed=$(readelf -d "$f") || fail "readelf -d $f"
    if grep -E "NEEDED" <<<"$needed" | grep -Eq "libsystemc|libstdc\+\+"; then
        echo "$needed" >&2
        fail "$f needs SystemC or the C++ runtime"
    fi
done
grep -q "libvpbridge-c\.so" <<<"$(ldd "$exe")" || fail "$exe does not use libvpbridge-c.so"
undef=$(nm -uD "$lib") || fail "nm -uD $lib"
if grep -Eq "sc_core|sc_main|sc_api_version" <<<"$undef"; then
    grep -E "sc_core|sc_main|sc_api_version" <<<"$undef" >&2
    fail "$lib imports SystemC symbols"
fi
syms=$(nm "$exe") || fail "nm $exe"
if grep -q " sc_main$" <<<"$syms"; then fail "$exe defines sc_main"; fi
echo "ok: $(basename "$exe") and $(basename "$lib") need neither SystemC nor libstdc++"
