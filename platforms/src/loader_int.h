/* SPDX-License-Identifier: Apache-2.0 */
/* loader_int.h - what elf.c offers the boot loader (boot.c): an ELF load
 * onto a built platform that reports where it went, and raw writes. */
#ifndef VPBRIDGE_LOADER_INT_H
#define VPBRIDGE_LOADER_INT_H

#include "model_int.h"

/* Loads the ELF at `path` onto the platform's bus (HTIF mapped at
 * `tohost`), touching no hart: *entry, and [*start, *end) the addresses
 * its segments cover. `data` (len bytes) is the file's content when the
 * caller has read it already (read once: nothing can change between a
 * look at it and the load), NULL to read it here. Errors start with the
 * path. */
int vp__pf_elf_load(vp_platform *p, const char *path, const char *data, size_t len, uint64_t *entry,
                    uint64_t *start, uint64_t *end, vp_error **errp);
/* Writes `len` bytes (zeros when data is NULL) at `addr` through debug
 * transport: 0, or VP_EFAULT when some byte has no target. */
int vp__pf_write(vp_platform *p, uint64_t addr, const void *data, uint64_t len);

#endif /* VPBRIDGE_LOADER_INT_H */
