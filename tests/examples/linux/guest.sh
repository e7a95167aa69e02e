#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# guest.sh - the linux_guest ctest fixture: gets the Linux test guest through
# tools/linux-guest.sh -j 2 (cached: instant; otherwise it builds the kernel)
# and writes the Image's path to OUT_FILE for the boot tests. A package the
# guest needs (the list tools/linux-guest.sh checks, plus opensbi for the
# boots) that is not installed fails the fixture with its name: a test never
# installs anything (tools/setup.sh does). Fixture runs take turns through a
# lock file in the cache directory. Usage: guest.sh SOURCE_DIR OUT_FILE
set -euo pipefail
src=$1 out=$2
rm -f "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v dpkg-query >/dev/null || fail "dpkg-query not found: the guest is built from Debian 12 packages"
need=$(sed -n 's/^need=(\(.*\))$/\1/p' "$src/tools/linux-guest.sh")
[ -n "$need" ] || fail "$src/tools/linux-guest.sh: no need=(...) package list found"
for p in $need opensbi; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    fail "package $p is not installed (tools/setup.sh installs it)"
done
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
[ -r "$fw" ] || fail "$fw (package opensbi) is missing"

# One build at a time: test runs of other build trees or checkouts that need
# the same new guest wait here instead of building into the same directory.
command -v flock >/dev/null || fail "flock not found (package util-linux)"
root=${VPBRIDGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vpbridge}
mkdir -p "$root"
exec 9>"$root/.linux-guest.lock"
flock -n 9 || { echo "guest.sh: waiting for another tools/linux-guest.sh run of the tests (lock $root/.linux-guest.lock)"; flock 9; }

start=$(date +%s)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$src/tools/linux-guest.sh" -j 2 >"$log" 2>&1; then
  cat "$log" >&2
  fail "tools/linux-guest.sh -j 2 failed (output above)"
fi
cat "$log"
image=$(sed -n 's/^Image: //p' "$log")
[ -n "$image" ] || fail "tools/linux-guest.sh printed no 'Image: PATH' line"
[ -s "$image" ] || fail "$image: the guest's Image is missing or empty"
printf '%s\n' "$image" >"$out"
echo "guest.sh: $image in $(( $(date +%s) - start )) s, written to $out"
