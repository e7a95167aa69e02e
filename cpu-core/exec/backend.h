/* SPDX-License-Identifier: Apache-2.0 */
/* backend.h - the seam between the runtime (exec/) and the executors of
 * translated code: the IR interpreter (interp/) and the JIT (jit/).
 * A block records which backend compiled it (vp_tb.kind indexes
 * vp__backends); the runtime calls it only through this table, and
 * vp__backend_select and vp__backend_fallback are the one place that
 * decides which backend a hart uses and which one takes a refused block. The JIT's host instruction set is a second seam inside jit/
 * (jit/jit_host.h): an AArch64 JIT is one more host emitter there, not one
 * more entry here; a different kind of executor is one more entry. */
#ifndef VP_BACKEND_H
#define VP_BACKEND_H

#include <stdbool.h>

#include "tb_int.h"

struct vp_cpu;

typedef struct vp_backend_ops {
    const char *name;
    /* Per-hart state (a code cache); NULL: none. False: not on this host. */
    bool (*init)(struct vp_cpu *cpu);
    void (*fini)(struct vp_cpu *cpu);
    /* Every block was dropped: code memory may be reused. NULL: nothing to do. */
    void (*reset)(struct vp_cpu *cpu);
    /* Compiles b into tb (sets tb->kind, code, code_bytes). False: refused;
     * *full: because the code memory is full (a reset makes room). */
    bool (*compile)(struct vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb, bool *full);
    /* Frees what compile allocated for tb (NULL: nothing). */
    void (*free_tb)(vp_tb *tb);
    /* Runs tb (and the blocks chained to it); returns the slot it left
     * through (-1: none) and sets *last to the block that ran last. */
    int (*exec)(struct vp_cpu *cpu, vp_tb *tb, vp_tb **last);
    /* Points slot `slot` of `from` at `to` (NULL: back to the runtime).
     * NULL op: the backend follows vp_tb.jmp itself. */
    void (*patch)(struct vp_cpu *cpu, vp_tb *from, unsigned slot, vp_tb *to);
    /* Makes the running block `tb` leave after its current instruction. */
    void (*stop_after_current)(struct vp_cpu *cpu, vp_tb *tb);
    /* --trace out_asm listing of tb's host code; NULL: none. */
    void (*disas)(struct vp_cpu *cpu, vp_tb *tb);
} vp_backend_ops;

/* Indexed by vp_tb.kind (VP_TB_*). */
extern const vp_backend_ops *const vp__backends[VP_TB_KINDS];

/* The backend for `accel`: VP_TB_JIT or VP_TB_INTERP. */
uint32_t vp__backend_select(vp_cpu_accel accel);
/* Who compiles a block that backend `kind` refused: the interpreter (it
 * refuses nothing but an oversized block); VP_TB_KINDS for the interpreter
 * itself (no one). */
uint32_t vp__backend_fallback(uint32_t kind);

#endif /* VP_BACKEND_H */
