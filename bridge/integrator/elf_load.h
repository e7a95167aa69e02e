// SPDX-License-Identifier: Apache-2.0
// elf_load.h - loading an ELF executable into any C TLM target (a
// riscv_cluster's socket) with the platform's own ELF loader.
#ifndef VPBRIDGE_INTEGRATOR_ELF_LOAD_H
#define VPBRIDGE_INTEGRATOR_ELF_LOAD_H

#include <vpbridge/tlmc.h>

namespace vp::sc {

// Writes the PT_LOAD segments of `path` (bss zeroed) through debug
// transport on `bus` and returns the entry point in *entry. `isa` decides
// the XLEN the file must match. Returns 0 or a VP_E* code with *errp set.
int elf_load_into(tlmc_target *bus, const char *isa, const char *path, uint64_t *entry, vp_error **errp);

} // namespace vp::sc

#endif // VPBRIDGE_INTEGRATOR_ELF_LOAD_H
