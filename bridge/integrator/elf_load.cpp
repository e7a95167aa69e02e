// SPDX-License-Identifier: Apache-2.0
// elf_load.cpp - ELF loading for riscv_cluster: the platform library's one
// loader (vp_elf_load, platforms/src/elf.c) run directly on the hart's bus,
// no platform involved. HTIF is not modelled by the cluster, so `tohost`
// is not asked for.
#include "elf_load.h"

#include <vpbridge/vp_platform.h>

namespace vp::sc {

int elf_load_into(tlmc_target *bus, unsigned xlen, const char *path, uint64_t *entry, vp_error **errp)
{
    return vp_elf_load(bus, path, xlen, entry, nullptr, errp);
}

} // namespace vp::sc
