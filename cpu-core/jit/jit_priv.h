/* SPDX-License-Identifier: Apache-2.0 */
/* jit_priv.h - shared between the JIT code generator (jit.c) and its code
 * cache/runtime (jit_cache.c): the cache layout and the block frame. */
#ifndef VP_JIT_PRIV_H
#define VP_JIT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "jit_int.h"

/* Frame of generated code, addressed from rsp. */
#define JIT_FR_VAL 0                     /* slow-path load result */
#define JIT_FR_ADDR 8                    /* guest address of a slow-path access */
#define JIT_FR_SAVE 16                   /* + 8 * reg: caller-saved registers around calls */
#define JIT_FR_SPILL (JIT_FR_SAVE + 16 * 8) /* spill slots for locals */
#define JIT_N_SPILL 1024u
#define JIT_FRAME (JIT_FR_SPILL + 8 * JIT_N_SPILL + 8) /* + 6 pushes + return: rsp stays 16-aligned */

struct vp_jit {
    uint8_t *rw;        /* writable view of the code cache */
    uint8_t *rx;        /* executable view (same pages) */
    size_t size;        /* bytes in the cache */
    uint32_t used;      /* bytes handed out */
    uint32_t code_start;/* first byte after the trampoline */
    uint32_t epilogue;  /* offset of the shared block epilogue */
    uint64_t (*enter)(vp_cpu *cpu, const void *code); /* the entry trampoline */
    int fd;             /* memfd behind both views */
};

/* Jump-cache lookup for LOOKUP_TB: host code of the block at cpu->pc, or NULL. */
const void *vp__jit_lookup(vp_cpu *cpu);

static inline uint32_t vp__jit_align(uint32_t off)
{
    return (off + 15u) & ~15u;
}

#endif /* VP_JIT_PRIV_H */
