// SPDX-License-Identifier: Apache-2.0
// elf_load.h - loading an ELF executable into any C TLM target (a
// riscv_cluster's socket) with the platform library's loader (vp_elf_load).
#ifndef VPBRIDGE_INTEGRATOR_ELF_LOAD_H
#define VPBRIDGE_INTEGRATOR_ELF_LOAD_H

#include <vpbridge/tlmc.h>

namespace vp::sc {

// Writes the PT_LOAD segments of `path` (bss zeroed) through debug
// transport on `bus` and returns the entry point in *entry. The file's
// class must match `xlen` (32 or 64, the harts'). Returns 0 or a VP_E*
// code with *errp set.
int elf_load_into(tlmc_target *bus, unsigned xlen, const char *path, uint64_t *entry, vp_error **errp);

} // namespace vp::sc

#endif // VPBRIDGE_INTEGRATOR_ELF_LOAD_H
