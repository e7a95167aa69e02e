#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cpu_bench.sh - bench/cpu.sh checks the kernels' results, on stand-in
# emulators (no guest, no QEMU): one script stands in for BUILD/bridge/vpbridge
# and for qemu-system-riscv32/64 (first on PATH) and prints a kernel's checksum
# line. Checks: a kernel whose interpreter run prints another checksum (crc
# rv64) or whose QEMU run exits non-zero (matmul rv32) gets "mismatch" and an
# "error:" line and the script exits 1; kernels that agree (crc rv32) and
# timerirq, whose "late" count differs, get none; a QEMU run that hangs
# (matmul rv64) is a timeout with a note, not a mismatch.
#
#   cpu_bench.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: cpu_bench.sh SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/build/bridge" "$tmp/bin"
cat >"$tmp/emu" <<'EOS'
#!/usr/bin/env bash
args=" $* "
elf=$(sed -n 's/.* --\{0,1\}kernel \([^ ]*\) .*/\1/p' <<< "$args")
k=$(basename "$elf" .elf); x=$(basename "$(dirname "$elf")")
[[ $args == *" --stats "* ]] && echo "vpbridge: hart 0: insns 1000000, blocks 10, 50.0 MIPS" >&2
case "$k $x" in
  "crc rv64") [[ $args == *" interp "* ]] && { echo "crc 0x00000002"; exit 0; } ;;
  "matmul rv32") [[ $args == *" -bios none "* ]] && { echo "matmul 0x00000009"; exit 3; } ;;
  "matmul rv64") [[ $args == *" -bios none "* ]] && exec sleep 30 ;;
esac
case $k in
  timerirq) late=0; [[ $args == *" -bios none "* ]] && late=17; echo "timerirq 20000 late $late acc 0x12345678" ;;
  *) echo "$k 0x00000009" ;;
esac
EOS
chmod +x "$tmp/emu"
cp "$tmp/emu" "$tmp/build/bridge/vpbridge"
cp "$tmp/emu" "$tmp/bin/qemu-system-riscv32"
cp "$tmp/emu" "$tmp/bin/qemu-system-riscv64"
for x in 32 64; do
  mkdir -p "$tmp/build/bench/rv$x"
  for k in crc matmul timerirq; do : >"$tmp/build/bench/rv$x/$k.elf"; done
done
# cpu.sh runs from the source tree; BUILD_DIR may be anywhere.
rc=0
(cd "$src" && PATH="$tmp/bin:$PATH" VP_BENCH_TIMEOUT=2 bench/cpu.sh "$tmp/build" 1 "$tmp/out") >"$tmp/log" 2>&1 || rc=$?
md="$tmp/out/cpu.md"
fail() { echo "cpu_bench: $*"; echo "--- output:"; cat "$tmp/log"; exit 1; }
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1 (a mismatch is an error)"
[ -f "$md" ] || fail "no cpu.md written"
grep -q "^error: crc rv64: output differs: JIT 'crc 0x00000009 exit 0', interp 'crc 0x00000002 exit 0', QEMU 'crc 0x00000009 exit 0'" "$md" ||
  fail "no error line for crc rv64's interpreter checksum"
grep -q "^error: matmul rv32: output differs: .* QEMU 'matmul 0x00000009 exit 3'" "$md" || fail "no error line for matmul rv32's exit status"
[ "$(grep -c '^error:' "$md")" -eq 2 ] || fail "expected exactly 2 error lines"
grep -q '^crc rv64: mismatch$' "$md" || fail "crc rv64 note lacks mismatch"
grep -q '^timerirq rv64: late rounds: vpbridge 0 qemu 17$' "$md" || fail "timerirq note wrong"
grep -q '^matmul rv64: QEMU run timed out (output not compared)$' "$md" || fail "matmul rv64: no note for QEMU's hang"
grep -q '^| matmul | rv64 | .* | timeout | ' "$md" || fail "matmul rv64: QEMU's cell is not 'timeout'"
grep -q '^error:' "$tmp/log" || fail "no error on stderr"
echo "cpu_bench: ok"
