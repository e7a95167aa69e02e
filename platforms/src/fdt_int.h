/* SPDX-License-Identifier: Apache-2.0 */
/* fdt_int.h - the device tree of a built platform in QEMU virt's shape
 * (libfdt), and the /chosen properties a boot adds to it (fdt.c). */
#ifndef VPBRIDGE_FDT_INT_H
#define VPBRIDGE_FDT_INT_H

#include "model_int.h"

/* What a boot puts into /chosen (NULL / false: left out). */
typedef struct pf_chosen {
    const char *bootargs;
    bool has_initrd;
    uint64_t initrd_start, initrd_end;
} pf_chosen;

/* The platform's device tree (a packed blob, g_free'd by the caller). */
int vp__pf_fdt_create(const vp_platform *p, void **blob, size_t *size, vp_error **errp);
/* A copy of `fdt` (a blob from a file: `what` names it in errors) with
 * `c`'s properties set in /chosen, packed; g_free'd by the caller. */
int vp__pf_fdt_chosen(const void *fdt, size_t len, const char *what, const pf_chosen *c, void **blob,
                      size_t *size, vp_error **errp);

#endif /* VPBRIDGE_FDT_INT_H */
