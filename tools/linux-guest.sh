#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# linux-guest.sh - builds the Linux test guest (Debian's linux-source-6.1 with
# tinyconfig + examples/linux/virt.config, an embedded initramfs whose /init is
# examples/linux/init.c) into a cache directory outside the source tree, keyed
# by the fragment, the init source, this script and the source package version; a second
# run with the same inputs reuses it. Prints "Image: PATH" and "initramfs: PATH".
# Cache: $VPBRIDGE_CACHE_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/vpbridge)
# /linux-<key>. Usage: tools/linux-guest.sh [-j N]   (docs/linux.md)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
frag=$here/examples/linux/virt.config
init_src=$here/examples/linux/init.c
jobs=2
if [ "${1:-}" = "-j" ] && [ -n "${2:-}" ]; then jobs=$2; elif [ $# -gt 0 ]; then
  echo "usage: $0 [-j N]" >&2; exit 2
fi

need=(linux-source-6.1 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross bc bison flex xz-utils make)
for p in "${need[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    echo "linux-guest.sh: package $p is missing; running tools/setup.sh" >&2
    "$here/tools/setup.sh"
    break
  fi
done

version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { cat "$frag" "$init_src" "$0"; echo "linux-source-6.1 $version"; } | sha256sum | cut -c1-16)
cache=${VPBRIDGE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vpbridge}/linux-$key
out_image=$cache/Image
out_cpio=$cache/initramfs.cpio

if [ -f "$cache/done" ]; then
  echo "Image: $out_image"
  echo "initramfs: $out_cpio"
  exit 0
fi
mkdir -p "$cache"
log=$cache/build.log
echo "linux-guest.sh: building into $cache (log: $log); takes several minutes" >&2
start=$(date +%s)
src=$cache/linux-source-6.1
kmake=(make -C "$src" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"$jobs")
# step DESCRIPTION COMMAND...: runs COMMAND with its output in the log; on failure
# prints the last lines of the log and stops.
step() {
  local what=$1; shift
  if ! "$@" >>"$log" 2>&1; then
    echo "linux-guest.sh: $what failed; last lines of $log:" >&2
    tail -20 "$log" >&2
    exit 1
  fi
}

# 1. the init and the initramfs (an uncompressed newc cpio, also embedded)
riscv64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -pthread -o "$cache/init" "$init_src"
cat > "$cache/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $cache/init 0755 0 0
LIST

# 2. the source (once per cache directory), tinyconfig + the fragment
# (extracted beside it and renamed, so an interrupted extraction is redone)
if [ ! -d "$src" ]; then
  rm -rf "$cache/extract"
  mkdir "$cache/extract"
  step "extracting /usr/src/linux-source-6.1.tar.xz" tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$cache/extract"
  mv "$cache/extract/linux-source-6.1" "$src"
  rmdir "$cache/extract"
fi
{
  cat "$frag"
  echo "CONFIG_INITRAMFS_SOURCE=\"$cache/initramfs.list\""
} > "$cache/virt.config"
step tinyconfig "${kmake[@]}" tinyconfig
step merge_config.sh env -C "$src" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- \
  scripts/kconfig/merge_config.sh -m .config "$cache/virt.config"
step olddefconfig "${kmake[@]}" olddefconfig
# every fragment line must have survived (a dependency missing drops it)
while IFS= read -r line; do
  case $line in CONFIG_*) grep -qxF "$line" "$src/.config" || {
    echo "linux-guest.sh: $frag: '$line' is not in the final .config (a dependency is missing)" >&2; exit 1; } ;;
  esac
done < "$cache/virt.config"

# 3. the kernel and the standalone cpio (for --initrd)
kstart=$(date +%s)
step "the kernel build (make Image)" "${kmake[@]}" Image
echo "linux-guest.sh: make Image took $(( $(date +%s) - kstart )) s" >&2
"$src/usr/gen_init_cpio" "$cache/initramfs.list" > "$out_cpio"
cp "$src/arch/riscv/boot/Image" "$out_image"
cp "$src/.config" "$cache/config"
echo "linux-guest.sh: built in $(( $(date +%s) - start )) s" >&2
touch "$cache/done"
echo "Image: $out_image"
echo "initramfs: $out_cpio"
