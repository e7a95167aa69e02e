/* SPDX-License-Identifier: Apache-2.0 */
/* jit_host.h - the seam between the generic JIT and a host emitter.
 *
 * Generic (no host instruction set named): jit.c (live intervals, linear
 * scan register allocation, spill slots, the cache of guest globals in free
 * host registers, lazy publication of cur_pc/cur_insn, label prescan, stubs,
 * exits, branch fixups) and jit_cache.c (W^X code cache, execution,
 * chaining bookkeeping, Capstone listings). A host emitter fills in
 * vp_jit_host_ops: its register file and frame, and functions that encode
 * one IR op, a guest-state load/store, a stub or an exit, the entry
 * trampoline and the patch of a chained jump. jit_x86_64.c is the x86-64
 * emitter (the only file including the encoder x86.h); an AArch64 emitter
 * is one more file plus one line in vp__jit_host(). The test
 * test_jit_seam fails if a generic file names anything of x86.h.
 *
 * Registers are host register numbers (< n_regs <= VP_JIT_MAX_REGS); masks
 * have bit r for register r. Offsets (uint32_t) are relative to the start
 * of the code cache's writable view. */
#ifndef VP_JIT_HOST_H
#define VP_JIT_HOST_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "jit_buf.h"
#include "jit_int.h"

#define VP_JIT_MAX_REGS 32

static inline uint32_t vp__jit_align(uint32_t off)
{
    return (off + 15u) & ~15u;
}

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

/* Where an IR temp lives. */
enum { JIT_L_REG, JIT_L_MEM, JIT_L_IMM };
typedef struct vp_jit_loc {
    uint8_t kind;
    int8_t reg;   /* JIT_L_REG: register; JIT_L_MEM: base register */
    int32_t disp; /* JIT_L_MEM */
    uint64_t imm; /* JIT_L_IMM */
} vp_jit_loc;

/* Out-of-line code emitted after the block: a soft-TLB miss (load/store)
 * or a stop request at an instruction start (from a stop check, or from a
 * store's slow path: emitters append those while emitting stubs). */
enum { JIT_S_LD, JIT_S_ST, JIT_S_STOP };
typedef struct vp_jit_stub {
    uint8_t kind;
    bool pub;          /* publish cur_pc/cur_insn first */
    uint32_t from;     /* branch jumping to the stub */
    uint32_t join;     /* where to continue (JIT_S_LD/JIT_S_ST) */
    uint32_t memop;
    uint32_t live;     /* caller-saved registers holding live locals */
    int32_t idx;       /* insn index (publish, JIT_S_STOP) */
    uint64_t pc;       /* insn pc */
    /* JIT_S_ST: the store ends its insn; after a slow path that asked for a
     * stop (ex.jit_stop), leave before the next one (next_idx, next_pc). */
    bool stop_next;
    int32_t next_idx;
    uint64_t next_pc;
    /* JIT_S_LD/JIT_S_ST: per host register, the dirty cached global it
     * holds (-1: none), written back to the hart before the slow path. */
    int32_t sync[VP_JIT_MAX_REGS];
    /* JIT_S_ST: where the value to store is (still valid in the stub). */
    vp_jit_loc val;
    bool val_w;
} vp_jit_stub;

typedef struct vp_jit_fixup {
    uint32_t at;    /* branch to an IR label */
    uint32_t label; /* IR label */
} vp_jit_fixup;

struct vp_jit_host_ops;

/* One block being compiled. */
typedef struct vp_jit_ctx {
    const struct vp_jit_host_ops *h;
    vp_cpu *cpu;
    vp_jit *jit;
    const vp_ir_block *b;
    vp_tb *tb;
    vp_jit_buf buf;
    vp_jit_loc *locs;
    int32_t *start, *end; /* live interval per temp (op indices) */
    uint32_t *label_off;
    GArray *fixups, *stubs, *exits; /* exits: branches to the epilogue */
    GArray *trap_jumps, *mayexit_jumps;
    int32_t pidx; /* index of the current insn known statically; -1: only in memory */
    uint64_t ppc;
    bool pdirty;  /* pidx/ppc not yet stored in the hart */
    bool may_stop;/* something since the last insn start could have asked for a stop */
    uint32_t n_spill;   /* spill slots in use: 0 .. n_spill - 1 */
    /* Guest globals cached in host registers no live local holds, across
     * value ops and memory ops (jit.c: cache_*). */
    int8_t *gcache;     /* per global: host register or -1 */
    bool *gdirty;       /* per global: register newer than the hart */
    int32_t rowner[VP_JIT_MAX_REGS]; /* per host register: cached global or -1 */
    uint32_t cfree;     /* registers usable for the cache: the allocatable ones */
    uint32_t lfree;     /* ... of which no local uses any */
    uint32_t *busy;     /* per op: registers of the locals live there */
    uint32_t cur_op;    /* op being emitted */
    int32_t *lab_pidx;  /* per label: insn known on every edge, or -1 (vp__ir_label_insns) */
    uint64_t *lab_ppc;
    /* The constant pc a chaining exit sets, stored only on its unchained
     * tail (a chained jump does not need it: jit.c defer_pc). */
    bool pend_pc;
    uint64_t pend_pc_t, pend_pc_val;
    bool pc_w;          /* the hart's pc global is 64 bits wide */
    /* The QST being emitted ends its insn, the next one is (st_next_idx,
     * st_next_pc): its stub checks ex.jit_stop (vp_jit_stub.stop_next). */
    bool st_stop;
    int32_t st_next_idx;
    uint64_t st_next_pc;
    /* The memory op being emitted: its stub's vp_jit_stub.sync. */
    bool stub_sync_on;
    int32_t stub_sync[VP_JIT_MAX_REGS];
    /* Per label: reached by one forward branch and no fall-through (a side
     * exit, the taken half of a block-ending branch), so the register cache
     * there is the branch's: kept, not written back (jit.c lab_keep). */
    bool *lab_keep;
    struct vp_jit_cache_snap *lab_snap;
    /* A block that loops on itself (an exit to its own pc): the guest
     * registers it uses most have a home register each (home[t], -1: none;
     * homes: their mask), loaded at entry; the loop jumps back to
     * loop_head with them there, not through the hart (jit.c, loops). */
    int8_t *home;
    uint32_t homes;
    uint32_t loop_head;
    /* The chain jump being emitted is a superblock's side exit: it counts
     * into tb->side_hits and leaves unchained at VP_SIDE_LIMIT. */
    bool side_exit;
} vp_jit_ctx;

/* The register cache at a branch, for its label (lab_keep). */
typedef struct vp_jit_cache_snap {
    int32_t rowner[VP_JIT_MAX_REGS];
    uint32_t dirty;     /* registers whose global is dirty */
    bool may_stop;
} vp_jit_cache_snap;

/* What a host emitter provides. Emitting functions append to c->buf. */
typedef struct vp_jit_host_ops {
    const char *name;
    int cs_arch, cs_mode;       /* Capstone arch/mode for --trace out_asm */
    /* Register file and frame. */
    int n_regs;                 /* register numbers are < n_regs */
    const int8_t *alloc_regs;   /* registers for IR locals, in order of preference */
    int n_alloc;
    uint32_t caller_saved;      /* alloc_regs a helper call clobbers */
    int8_t env_reg;             /* holds the vp_cpu *: globals are [env_reg + offset] */
    int8_t frame_reg;           /* addresses the block frame */
    int32_t frame_scratch;      /* a frame slot for locals that are never used */
    int32_t frame_spill;        /* spill slot s is [frame_reg + frame_spill + 8 * s] */
    uint32_t n_spill;           /* spill slots in the frame */

    /* Code cache: the entry trampoline at the start of b, called as
     * uint64_t enter(vp_cpu *cpu, const void *code); returns the offset of
     * the shared epilogue that block exits jump to (with the exit's value). */
    uint32_t (*trampoline)(vp_jit_buf *b);
    /* Points the chained jump whose patchable field is at `rw` (writable
     * view; `rx` in the executable view) at `target` (executable view). */
    void (*patch_jump)(uint8_t *rw, const uint8_t *rx, const uint8_t *target);
    /* Points the branch at offset `at` (one returned below) at `target`. */
    void (*patch_branch)(vp_jit_buf *b, uint32_t at, uint32_t target);

    /* Block entry: code every entry runs (nothing on x86-64). */
    void (*block_entry)(vp_jit_ctx *c);
    /* Register <-> location (guest state, spill slot or constant). */
    void (*load)(vp_jit_ctx *c, int reg, vp_jit_loc l, bool w);
    void (*store)(vp_jit_ctx *c, vp_jit_loc l, int reg, bool w);
    /* d = a (any locations). */
    void (*mov)(vp_jit_ctx *c, vp_jit_loc d, vp_jit_loc a, bool w);
    /* A value op with d = op(a, b); false: not supported. */
    bool (*value)(vp_jit_ctx *c, const vp_ir_op *op, vp_jit_loc d, vp_jit_loc a, vp_jit_loc b, bool w);
    /* LD_ENV / ST_ENV: a temp from/to a hart field. */
    void (*ld_env)(vp_jit_ctx *c, const vp_ir_op *op);
    void (*st_env)(vp_jit_ctx *c, const vp_ir_op *op);
    /* QLD/QST: inline TLB hit path, a JIT_S_LD/JIT_S_ST stub for the miss. */
    void (*qld)(vp_jit_ctx *c, const vp_ir_op *op, uint32_t live);
    void (*qst)(vp_jit_ctx *c, const vp_ir_op *op, uint32_t live);
    /* CALL of a helper; `live`: caller-saved registers to preserve. */
    void (*call)(vp_jit_ctx *c, const vp_ir_op *op, uint32_t live);
    /* cur_insn = idx, cur_pc = pc in the hart. */
    void (*publish)(vp_jit_ctx *c, int32_t idx, uint64_t pc);
    /* BR/BRCOND: returns the branch to patch to the label. */
    uint32_t (*branch)(vp_jit_ctx *c, const vp_ir_op *op);
    /* Instruction start: a JIT_S_STOP stub taken if ex.jit_stop is set. */
    void (*stop_check)(vp_jit_ctx *c);
    /* Count the insn and leave without chaining. */
    void (*exit_nochain)(vp_jit_ctx *c);
    /* Count the insn; unless icount_stop says leave (an exit request
     * zeroes it), a patchable jump (returned; it points just after itself,
     * where the caller emits the unchained exit). With side_exit, also
     * count tb->side_hits and leave (unchained) once it reaches
     * VP_SIDE_LIMIT. */
    uint32_t (*chain_jump)(vp_jit_ctx *c);
    /* Leave with `tag` as the trampoline's result. */
    void (*ret_tag)(vp_jit_ctx *c, uint64_t tag);
    /* LOOKUP_TB: jump to the jump cache's block for the hart's pc (the
     * block's flags, kind JIT) or leave. */
    void (*lookup)(vp_jit_ctx *c);
    /* Stub bodies (the branch into them is already patched). */
    void (*stop_stub)(vp_jit_ctx *c, const vp_jit_stub *s);
    void (*mem_stub)(vp_jit_ctx *c, const vp_jit_stub *s);
    /* Shared tails: a memory op trapped / a helper asked to leave. */
    void (*trap_exit)(vp_jit_ctx *c);
    void (*mayexit_exit)(vp_jit_ctx *c);
} vp_jit_host_ops;

/* The emitter for this build's host; NULL: none (jit_cache.c). */
const vp_jit_host_ops *vp__jit_host(void);
extern const vp_jit_host_ops vp__jit_host_x86_64;


/* ---- for emitters: the generic part's bookkeeping ---- */

static inline vp_jit_loc vp__jit_temp_loc(vp_jit_ctx *c, uint64_t t)
{
    if (t < c->b->n_globals && c->gcache[t] >= 0)
        return (vp_jit_loc){.kind = JIT_L_REG, .reg = c->gcache[t]};
    return c->locs[t];
}

static inline bool vp__jit_is64(vp_jit_ctx *c, uint64_t t)
{
    return c->b->temps[t].type == VP_IR_I64;
}

static inline bool vp__jit_same_loc(vp_jit_loc a, vp_jit_loc b)
{
    if (a.kind != b.kind)
        return false;
    if (a.kind == JIT_L_REG)
        return a.reg == b.reg;
    if (a.kind == JIT_L_MEM)
        return a.reg == b.reg && a.disp == b.disp;
    return false;
}

/* A branch to the shared epilogue. */
static inline void vp__jit_add_exit(vp_jit_ctx *c, uint32_t at)
{
    g_array_append_val(c->exits, at);
}

/* A branch to the trap tail / the may-exit tail. */
static inline void vp__jit_add_trap_jump(vp_jit_ctx *c, uint32_t at)
{
    g_array_append_val(c->trap_jumps, at);
}

static inline void vp__jit_add_mayexit_jump(vp_jit_ctx *c, uint32_t at)
{
    g_array_append_val(c->mayexit_jumps, at);
}

/* A stub entered by the branch at `from`, for the current insn. */
static inline void vp__jit_add_stub(vp_jit_ctx *c, uint8_t kind, uint32_t from, uint32_t memop, uint32_t live)
{
    vp_jit_stub s = {.kind = kind, .pub = c->pdirty, .from = from, .memop = memop, .live = live,
                     .idx = c->pidx, .pc = c->ppc};
    if (kind == JIT_S_ST && c->st_stop) {
        s.stop_next = true;
        s.next_idx = c->st_next_idx;
        s.next_pc = c->st_next_pc;
    }
    for (int r = 0; r < VP_JIT_MAX_REGS; r++)
        s.sync[r] = kind != JIT_S_STOP && c->stub_sync_on ? c->stub_sync[r] : -1;
    g_array_append_val(c->stubs, s);
}

/* The last stub continues at the current position. */
static inline void vp__jit_stub_join_here(vp_jit_ctx *c)
{
    g_array_index(c->stubs, vp_jit_stub, c->stubs->len - 1).join = vp__jit_pos(&c->buf);
}

#endif /* VP_JIT_HOST_H */
