#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# linux_bench.sh - bench/linux.sh measures what it says, on stand-in
# emulators (no Linux needed): a script that prints the guest's lines with
# known pauses stands in for qemu-system-riscv64 and for BUILD/bridge/vpbridge.
# Checks: the phase times come from the lines' arrival (a 0.3 s pause between
# "init: compute: start" and the result reads about 300 ms), ratios are
# QEMU / vpbridge, a run over the time limit reads "timeout", a non-zero exit
# "fail-rcN", a result that differs from QEMU's "mismatch" with an error line,
# the --stats totals are summed over harts, and the 4-hart run is
# `platforms/virt-rv64gc.yaml --smp 4`.
#
#   linux_bench.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: linux_bench.sh SOURCE_DIR}
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
[ -r "$fw" ] || { echo "linux_bench: $fw missing (tools/setup.sh installs opensbi); skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/build/bridge"
# The stand-in: QEMU with -smp 4 exits 3; vpbridge on 4 harts never ends; the
# interpreter prints a wrong compute result; --stats prints two harts' lines.
cat >"$tmp/emu" <<'EOF'
#!/usr/bin/env bash
args=" $* "
if [[ $args == *" --help "* ]]; then
  echo "usage: vpbridge run PLATFORM [options]"
  exit 0
fi
printf '[    0.000000] Linux version 6.1.0\r\n'
sleep 0.2
[[ $args == *" --smp 4 "* ]] && exec sleep 1000
printf 'init: started, pid 1\r\n'
if [[ $args == *compute=* ]]; then
  x=df0e6f317efd01d3
  [[ $args == *" interp "* ]] && x=0000000000000001
  echo "init: compute: start"; sleep 0.3
  echo "init: compute: 5 iterations in 12 us (x = $x)"
  echo "init: memory: start"; sleep 0.1
  echo "init: memory: 5 accesses over 16 MiB in 1 us (sum = 0007a14e891129e7)"
fi
echo "init: done, 0 failures"
if [[ $args == *" --stats "* ]]; then
  tlb=75000 # per hart; the memory phase alone adds 1000
  [[ $args == *memory=* && $args != *"memory=1 "* ]] && tlb=76000
  for h in 0 1; do
    echo "vpbridge: stats: hart $h: insns 30700000, tbs translated 10, tbs executed 20, chained 3, tb flushes 131, tbs invalidated 2, tlb misses $tlb, io accesses 5, traps 6, interrupts 7" >&2
  done
  echo "vpbridge: stats: simulated time 76.124831 ms, wall time 1.399 s, 78.43 MIPS" >&2
fi
printf '[    0.100000] reboot: Power down'
[[ $args == *" -smp 4 "* ]] && exit 3
exit 0
EOF
chmod +x "$tmp/emu"
cp "$tmp/emu" "$tmp/build/bridge/vpbridge"
touch "$tmp/Image"
fail=0
expect() { # expect REGEX FILE: a line of FILE matches the extended REGEX
  grep -Eq -- "$1" "$2" || { echo "linux_bench: no line matching: $1" >&2; fail=1; }
}
run_bench() { # run_bench OUT [ENV...]
  local o=$1
  shift
  env "$@" VP_LINUX_IMAGE="$tmp/Image" VP_BENCH_QEMU="$tmp/emu" VP_BENCH_TIMEOUT=2 \
    "$src/bench/linux.sh" "$tmp/build" 1 "$o" >"$o.stdout" 2>"$o.stderr" ||
    { echo "linux_bench: bench/linux.sh failed:" >&2; cat "$o.stderr" >&2; fail=1; }
}

run_bench "$tmp/a"
md=$tmp/a/linux.md
[ -f "$md" ] || { echo "linux_bench: $md not written" >&2; exit 1; }
cmp -s "$md" "$tmp/a.stdout" || { echo "linux_bench: stdout is not linux.md" >&2; fail=1; }
n='[0-9]+ \([0-9]+-[0-9]+\)'
r='[0-9]+\.[0-9]{2}x'
expect "^\| boot to \"init: started\", 1 hart \| $n \| $n \| $r \| $n \| $r \|$" "$md"
expect "^\| boot to power-off, 1 hart \| $n \| $n \| $r \| $n \| $r \|$" "$md"
expect '^\| boot to "init: started", 4 harts \| fail-rc3 \| timeout \| - \| - \| - \|$' "$md"
expect '^\| boot to power-off, 4 harts \| fail-rc3 \| timeout \| - \| - \| - \|$' "$md"
expect "^\| compute phase, 1 hart \| 3[0-9]{2} \(3[0-9]{2}-3[0-9]{2}\) \| 3[0-9]{2} \(3[0-9]{2}-3[0-9]{2}\) \| $r \| mismatch \| - \|$" "$md"
expect "^\| memory phase, 1 hart \| 1[0-9]{2} \(1[0-9]{2}-1[0-9]{2}\) \| 1[0-9]{2} \(1[0-9]{2}-1[0-9]{2}\) \| $r \| $n \| $r \|$" "$md"
expect '^error: pi run 1: compute result x = 0000000000000001, QEMU printed df0e6f317efd01d3$' "$md"
expect '^\| boot \(as timed\), 1 hart \| 2 \| 61\.4M \| 150000 \| 262 \| 20 \| 4 \| 12 \| 14 \| 76\.124831 ms / 1\.399 s \|$' "$md"
expect '^\| memory=[0-9]+ only, 1 hart \| 2 \| 61\.4M \| 152000 \| 262 \| 20 \| 4 \| 12 \| 14 \| 76\.124831 ms / 1\.399 s \|$' "$md"
expect '^\| compute phase alone \(row 5 - row 2\) \| 1 \| 0\.0M \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \| \|$' "$md"
expect '^\| memory phase alone \(row 6 - row 2\) \| 1 \| 0\.0M \| 2000 \| 0 \| 0 \| 0 \| 0 \| 0 \| \|$' "$md"
expect "^j4: .*/bridge/vpbridge run platforms/virt-rv64gc[.]yaml --smp 4 --bios [$]FW --kernel [$]K --append console=ttyS0 --accel jit\$" "$md"
expect "^pq: .*/emu -M virt -m 256M -smp 1 -nographic -bios [$]FW -kernel [$]K -append \"console=ttyS0 -- compute=[0-9]+ memory=[0-9]+\"\$" "$md"
# the first line of each log is stamped about 0 ms, "init: started" about 200 ms after the start
awk -F'\t' 'NR == 1 && $1 > 150000 { exit 1 } /init: started/ && ($1 < 190000 || $1 > 1500000) { exit 1 }' \
  "$tmp/a/linux-logs/j1-1.log" || { echo "linux_bench: stamps in j1-1.log are off:" >&2; cat "$tmp/a/linux-logs/j1-1.log" >&2; fail=1; }
expect $'^exit\t[0-9]+\t124$' "$tmp/a/linux-logs/j4-1.log"

[ "$fail" -eq 0 ] && echo "linux_bench: ok"
exit "$fail"
