/* SPDX-License-Identifier: Apache-2.0 */
/* tb_int.h - a translation block: guest range, cache key, chaining slots
 * and the executor's form of its code. Shared by exec/ and interp/. */
#ifndef VP_TB_INT_H
#define VP_TB_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec_int.h"

typedef struct vp_tb vp_tb;

/* An incoming direct link: from->jmp[slot] == this block. */
typedef struct vp_tb_in {
    vp_tb *from;
    uint32_t slot;
} vp_tb_in;

struct vp_tb {
    uint64_t pc;          /* guest (virtual) pc of the first instruction */
    uint64_t phys_pc;     /* its physical address (with no MMU, pc) */
    uint32_t flags;       /* the target's tb_flags() at translation */
    uint32_t size;        /* guest bytes covered */
    uint32_t icount;      /* guest instructions */
    bool valid;           /* false once invalidated (zombie) */
    bool transient;       /* code fetched outside DMI: runs once, never cached or chained */
    bool paged;           /* fetched through page tables: chains only within its page */
    bool tier_up;         /* run by the interpreter for a JIT hart until hot: never chained,
                           * counted in `runs`, compiled again by the JIT (vp__tb_promote) */
    uint32_t runs;        /* tier_up: times entered */
    uint32_t exits[2];    /* tier_up: times it left through chaining slot 0/1 (kept by the block
                           * that replaces it): which way its branch goes, for superblocks */
    uint32_t side_hits;   /* JIT superblock: times its side exits were taken (its code counts;
                           * at VP_SIDE_LIMIT it leaves to the run loop: vp__tb_reprofile) */
    vp_tb *jmp[VP_TB_SLOTS]; /* chained successors per GOTO_TB slot (NULL: unlinked) */
    vp_tb *hash_next;     /* TB hash bucket chain */
    vp_tb *zombie_next;   /* list of invalidated blocks awaiting free */
    vp_tb_in *in;         /* blocks linking to this one */
    uint32_t n_in, cap_in;
    uint64_t page_first;  /* physical page of pc */
    uint64_t page_last;   /* physical page of its last byte (== page_first, or the page an
                           * instruction straddles into: a block never covers more than two) */
    void *code;           /* executor form (interp: vp_iop array + frame) */
    size_t code_bytes;    /* memory held by `code` (JIT: host code bytes) */
    uint32_t kind;        /* VP_TB_*: the backend that compiled and runs it (vp__backends) */
    uint8_t *host;        /* JIT: entry of the host code (executable view) */
    uint8_t *jmp_at[VP_TB_SLOTS];   /* JIT: rel32 of the patchable jump per slot (NULL: none) */
    uint8_t *jmp_reset[VP_TB_SLOTS];/* JIT: unchained target of that jump */
};

/* A transient block ran: it goes with the next reap. */
void vp__tb_retire_transient(struct vp_cpu *cpu, vp_tb *tb);

/* Backends (exec/backend.h), the values of vp_tb.kind. */
#define VP_TB_INTERP 0u
#define VP_TB_JIT 1u
#define VP_TB_KINDS 2u

/* Direct-mapped jump cache index for pc. */
static inline uint32_t vp__jc_hash(uint64_t pc)
{
    return (uint32_t)((pc >> 1) ^ (pc >> 13)) & (VP_JC_SIZE - 1);
}

#endif /* VP_TB_INT_H */
