#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# demo.sh - install what is missing, build, and run the hello firmware on
# the default board (QEMU virt-compatible RV32), then on RV64.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
echo "== vpbridge check platforms/virt-rv32.yaml"
./build/bridge/vpbridge check platforms/virt-rv32.yaml
echo "== vpbridge run platforms/virt-rv32.yaml --kernel build/firmware/rv32/hello.elf"
./build/bridge/vpbridge run platforms/virt-rv32.yaml --kernel build/firmware/rv32/hello.elf
echo "== vpbridge run platforms/virt-rv64.yaml --kernel build/firmware/rv64/hello.elf"
./build/bridge/vpbridge run platforms/virt-rv64.yaml --kernel build/firmware/rv64/hello.elf
