/* SPDX-License-Identifier: Apache-2.0 */
/* memory_int.h - memory.c: RAM/ROM regions as C TLM targets. */
#ifndef VPBRIDGE_MEMORY_INT_H
#define VPBRIDGE_MEMORY_INT_H

#include "model_int.h"

int vp__mem_create(pf_mem *m, vp_error **errp);
void vp__mem_destroy(pf_mem *m); /* idempotent */

#endif /* VPBRIDGE_MEMORY_INT_H */
