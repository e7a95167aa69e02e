#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run_example.sh - runs the integrator example on a firmware ELF and checks
# its stdout against a golden file and its exit status.
# Usage: run_example.sh EXAMPLE GOLDEN WANT_STATUS [example args...]
set -uo pipefail
exe=$1 golden=$2 want=$3; shift 3
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
rc=0
"$exe" "$@" >"$out" 2>"$err" || rc=$?
if [ "$rc" != "$want" ]; then
    cat "$out" "$err" >&2
    echo "FAIL: exit status $rc, want $want" >&2
    exit 1
fi
if ! diff -u "$golden" "$out"; then
    cat "$err" >&2
    echo "FAIL: stdout differs from $golden" >&2
    exit 1
fi
echo "ok: $* -> status $rc, output matches $(basename "$golden")"
