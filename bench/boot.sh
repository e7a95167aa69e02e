#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# boot.sh - time from start to U-Boot's prompt, vpbridge (JIT and
# interpreter) against QEMU 7.2 in the same run, for Debian's firmware:
#   mmode:   virt-rv64.yaml   --bios none --kernel qemu-riscv64/u-boot.bin
#   opensbi: virt-rv64gc.yaml --bios opensbi fw_jump.bin --kernel qemu-riscv64_smode/u-boot.bin
# Two times per run (process wall time, median of REPS): until U-Boot's
# "Hit any key to stop autoboot" (the boot itself) and until the `=>`
# prompt, after U-Boot's 2 s autoboot countdown. The countdown busy-polls
# the timer: QEMU waits it out in host time, vpbridge executes it as guest
# instructions at the harts' clock (simulated time is instruction-driven),
# so the prompt column measures how fast vpbridge runs 2 s of a
# busy-waiting guest.
# Writes boot.md (a markdown table) to OUT_DIR.
#
#   bench/boot.sh [BUILD_DIR] [REPS] [OUT_DIR]      (defaults: build 3 BUILD_DIR/bench)
#
# A benchmark, never a test: it asserts nothing about timings.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-3}
out=${3:-$build/bench}
vp="$build/bridge/vpbridge"
[ -x "$vp" ] || { echo "bench: $vp not found (build first)" >&2; exit 2; }
uboot=/usr/lib/u-boot/qemu-riscv64/u-boot.bin
uboot_s=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
fw_jump=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
for f in "$uboot" "$uboot_s" "$fw_jump"; do
  [ -r "$f" ] || { echo "bench: $f missing (tools/setup.sh installs opensbi and u-boot-qemu)" >&2; exit 2; }
done
command -v qemu-system-riscv64 >/dev/null || { echo "bench: qemu-system-riscv64 missing" >&2; exit 2; }
mkdir -p "$out"
limit=60 # seconds one boot may take

# one_boot CMD... -> "MS_TO_AUTOBOOT MS_TO_PROMPT" (or "timeout timeout")
one_boot() {
  local t0 now buf="" ch ta="" tp=""
  t0=$(date +%s%N)
  coproc BOOT { exec timeout "$limit" "$@" </dev/null 2>&1; }
  while IFS= read -r -N 1 -t "$limit" ch <&"${BOOT[0]}"; do
    buf+=$ch
    [ ${#buf} -le 64 ] || buf=${buf: -64}
    if [ -z "$ta" ] && [[ $buf == *"stop autoboot"* ]]; then
      now=$(date +%s%N); ta=$(((now - t0) / 1000000))
    fi
    if [[ $buf == *$'\n=> ' ]]; then
      now=$(date +%s%N); tp=$(((now - t0) / 1000000))
      break
    fi
  done
  local pid=${BOOT_PID:-}
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  echo "${ta:-timeout} ${tp:-timeout}"
}

# median_boot CMD... -> "AUTOBOOT_MS PROMPT_MS" medians of REPS boots
median_boot() {
  local a=() p=() r
  for _ in $(seq "$reps"); do
    r=$(one_boot "$@")
    a+=("${r% *}"); p+=("${r#* }")
  done
  printf '%s %s\n' "$(printf '%s\n' "${a[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')" \
    "$(printf '%s\n' "${p[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
}

qemu="qemu-system-riscv64 -M virt -m 128M -smp 1 -nographic -monitor none -serial stdio"
qcpu="h=false,zba=false,zbb=false,zbc=false,zbs=false,sstc=false,Zihintpause=false,s=true,mmu=true"
md="$out/boot.md"
{
  echo "| firmware | executor | to \"stop autoboot\" (ms) | to \`=>\` (ms) | vs QEMU (autoboot line) |"
  echo "|---|---|---:|---:|---:|"
} > "$md"
for fw in mmode opensbi; do
  if [ "$fw" = mmode ]; then
    vpargs=(run platforms/virt-rv64.yaml --bios none --kernel "$uboot")
    # shellcheck disable=SC2206
    qargs=($qemu -cpu "rv64,f=false,d=false,$qcpu" -bios none -kernel "$uboot")
  else
    vpargs=(run platforms/virt-rv64gc.yaml --bios "$fw_jump" --kernel "$uboot_s")
    # shellcheck disable=SC2206
    qargs=($qemu -cpu "rv64,f=true,d=true,$qcpu" -bios "$fw_jump" -kernel "$uboot_s")
  fi
  read -r qa qp < <(median_boot "${qargs[@]}")
  for accel in jit interp qemu; do
    if [ "$accel" = qemu ]; then a=$qa; p=$qp
    else read -r a p < <(median_boot "$vp" "${vpargs[@]}" --accel "$accel"); fi
    ratio=-
    [[ $a =~ ^[0-9]+$ && $qa =~ ^[0-9]+$ && $a -gt 0 ]] && ratio=$(awk -v q="$qa" -v v="$a" 'BEGIN { printf "%.2fx", q / v }')
    echo "| $fw | $accel | $a | $p | $ratio |" >> "$md"
    echo "$fw $accel: autoboot line $a ms, prompt $p ms" >&2
  done
done
echo "" >> "$md"
echo "Median of $reps boots; process wall time; ratio > 1: vpbridge reaches the line sooner than QEMU." >> "$md"
cat "$md"
echo "wrote $md" >&2
