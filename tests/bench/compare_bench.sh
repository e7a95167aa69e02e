#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# compare_bench.sh - bench/compare.sh on stand-in vpbridge binaries (no guest):
# "slow" sleeps 0.3 s per run, "fast" 0.1 s, "odd" prints another checksum
# for sieve rv64. Checks: one row per kernel and xlen, fast's speed-up over
# slow between 1.5x and 4.5x, nominal 3x (the runs are interleaved, the cell is the
# fastest), the module path and --accel passed through, a differing output
# is an error line and exit 1, bad arguments exit 2 with a message.
#
#   compare_bench.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: compare_bench.sh SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/build/modules"
for x in 32 64; do mkdir -p "$tmp/build/bench/rv$x"; for k in crc sieve; do : >"$tmp/build/bench/rv$x/$k.elf"; done; done
mk() { # mk NAME SECONDS
  cat >"$tmp/$1" <<EOS
#!/usr/bin/env bash
args=" \$* "
[[ \$args == *" --module-path $tmp/build/modules "* ]] || { echo "no module path: \$args" >&2; exit 9; }
[[ \$args == *" --accel \${EXPECT_ACCEL:-jit} "* ]] || { echo "wrong accel: \$args" >&2; exit 9; }
elf=\$(sed -n 's/.* --kernel \([^ ]*\) .*/\1/p' <<< "\$args")
k=\$(basename "\$elf" .elf); x=\$(basename "\$(dirname "\$elf")")
sleep $2
if [ "$1" = odd ] && [ "\$k \$x" = "sieve rv64" ]; then echo "\$k 0x2"; else echo "\$k 0x1"; fi
EOS
  chmod +x "$tmp/$1"
}
mk slow 0.3; mk fast 0.1; mk odd 0.1 # 3x apart: process start-up under a loaded CI machine (0.1 s and more) still leaves 1.5x
fail() { echo "compare_bench: $*"; echo "--- output:"; cat "$tmp/log"; exit 1; }
rc=0
(cd "$src" && bench/compare.sh "$tmp/build" 2 "$tmp/slow" "$tmp/fast" -- crc sieve) >"$tmp/log" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "exit status $rc, expected 0"
[ "$(grep -c '^| \(crc\|sieve\) | rv\(32\|64\) | ' "$tmp/log")" -eq 4 ] || fail "expected 4 kernel rows"
grep -q '^| kernel | xlen | slow ms | fast ms |$' "$tmp/log" || fail "header wrong"
while read -r r; do
  awk -v r="$r" 'BEGIN { exit !(r >= 1.5 && r <= 4.5) }' || fail "speed-up $r of fast over slow out of 1.5x..4.5x"
done < <(sed -n 's/^| [a-z]* | rv[0-9]* | [0-9.]* | [0-9.]* (\([0-9.]*\)x) |$/\1/p' "$tmp/log")
[ "$(sed -n 's/^| [a-z]* | rv[0-9]* | [0-9.]* | [0-9.]* (\([0-9.]*\)x) |$/\1/p' "$tmp/log" | wc -l)" -eq 4 ] ||
  fail "expected 4 speed-up cells"
rc=0
(cd "$src" && EXPECT_ACCEL=interp VP_ACCEL=interp bench/compare.sh "$tmp/build" 1 "$tmp/fast" "$tmp/odd" -- sieve) \
  >"$tmp/log" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || fail "exit status $rc with a differing output, expected 1"
grep -q "^error: sieve rv64: odd printed 'sieve 0x2 exit 0 *', fast 'sieve 0x1 exit 0 *'" "$tmp/log" ||
  fail "no error line for sieve rv64"
[ "$(grep -c '^error:' "$tmp/log")" -eq 1 ] || fail "expected exactly 1 error line"
for bad in "x $tmp/fast" "1 $tmp/missing" "1"; do
  rc=0
  # shellcheck disable=SC2086
  (cd "$src" && bench/compare.sh "$tmp/build" $bad) >"$tmp/log" 2>&1 || rc=$?
  if [ "$rc" -ne 2 ] || ! grep -q '^\(bench: \|usage: \)' "$tmp/log"; then
    fail "arguments '$bad': exit $rc, expected 2 and a message"
  fi
done
echo "compare_bench: ok"
