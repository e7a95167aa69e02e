#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# setup.sh - installs the Debian packages vpbridge needs (idempotent; quiet
# when everything is there). Run as root (or with sudo) on Debian 12.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config   # build
  libsystemc-dev                                  # SystemC 2.3.4 kernel + TLM headers
  libyaml-dev                                     # platform and modinfo YAML
  libglib2.0-dev                                  # control plane: options, GModule, hashes
  libcmocka-dev                                   # unit tests
  libcapstone-dev                                 # host disassembly for --trace out_asm
  gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf  # firmware and ISA tests
  libfdt-dev device-tree-compiler                 # device trees for guests
  verilator                                       # RTL devices beside the platform (its fstapi: --fst)
  zlib1g-dev                                      # fstapi's compression (--fst)
  qemu-system-misc                                # reference emulator for differential tests
  opensbi u-boot-qemu                             # real guest firmware (OpenSBI, U-Boot) for boot tests
  linux-source-6.1 bc bison flex xz-utils         # Linux guest kernel (tools/linux-guest.sh, docs/linux.md)
  gcc-riscv64-linux-gnu libc6-dev-riscv64-cross   # its static init (glibc, pthreads) and the kernel's cross compiler
  libjson-glib-dev                                # batch-merge reads the batch JSON reports (GLib's JSON parser)
  slurm-wlm munge                                 # the Slurm path of `vpbridge batch` (a one-node cluster in tests)
  gdb-multiarch                                   # the debugger tests drive `vpbridge run --gdb` with (docs/debugging.md)
  clang                                           # libFuzzer and its sanitizers for tools/fuzz.sh (docs/reliability.md)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup.sh: missing packages (${missing[*]}) and not root; run as root" >&2; exit 1; }
  SUDO=sudo
fi
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
