/* SPDX-License-Identifier: Apache-2.0 */
/* exec_int.h - runtime state of a hart: soft TLB, translation-block cache,
 * counters. Owned by exec/. (Placeholder layout; exec/ fills it in.) */
#ifndef VP_EXEC_INT_H
#define VP_EXEC_INT_H

#include <stdint.h>

typedef struct vp_exec {
    uint64_t insn_base; /* instructions retired before the current block */
} vp_exec;

#endif /* VP_EXEC_INT_H */
