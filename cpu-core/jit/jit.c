/* SPDX-License-Identifier: Apache-2.0 */
/* jit.c - the generic part of the JIT code generator (no host instruction
 * set here; the host emitter is a vp_jit_host_ops, see jit_host.h):
 * live intervals of IR locals (widened over backward branches), linear-scan
 * allocation to the emitter's registers and to spill slots in its frame,
 * a cache of guest globals in host registers no live local holds (across
 * value and memory ops; evicting the global needed furthest ahead), chaining
 * exits that store a constant pc only when they leave, constant folding,
 * lazy publication of cur_pc/cur_insn (the insn at each label from
 * vp__ir_label_insns), out-of-line stubs and exit tails, branch fixups and
 * the chaining slots of the block (see jit_cache.c for the code cache).
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "jit_int.h"
#include "jit_host.h"
#include "../ir/ir_eval.h"

typedef vp_jit_ctx jctx;
typedef vp_jit_loc loc;
typedef vp_jit_stub stub;
typedef vp_jit_fixup fixup;

#define temp_loc vp__jit_temp_loc
#define is64 vp__jit_is64

/* ---- global register cache ------------------------------------------------- */

/* Writes dirty cached globals back to the hart; the cache stays valid. */
static void cache_sync(jctx *c)
{
    for (int r = 0; r < c->h->n_regs; r++) {
        int32_t t = c->rowner[r];
        if (t >= 0 && c->gdirty[t]) {
            c->h->store(c, c->locs[t], r, is64(c, (uint64_t)t));
            c->gdirty[t] = false;
        }
    }
}

static void cache_forget(jctx *c, uint64_t t)
{
    if (t < c->b->n_globals && c->gcache[t] >= 0) {
        c->rowner[c->gcache[t]] = -1;
        c->gcache[t] = -1;
        c->gdirty[t] = false;
    }
}

/* Writes back and forgets everything (before anything but value ops). */
static void cache_drop(jctx *c)
{
    cache_sync(c);
    for (int r = 0; r < c->h->n_regs; r++)
        if (c->rowner[r] >= 0)
            cache_forget(c, (uint64_t)c->rowner[r]);
}

/* Writes t back if dirty and forgets it (its register is wanted). */
static void cache_evict(jctx *c, int r)
{
    int32_t t = c->rowner[r];
    if (t < 0)
        return;
    if (c->gdirty[t])
        c->h->store(c, c->locs[t], r, is64(c, (uint64_t)t));
    cache_forget(c, (uint64_t)t);
}

/* Before op i: globals leave the registers of locals live at i. */
static void cache_yield(jctx *c, uint32_t i)
{
    c->cur_op = i;
    for (int r = 0; r < c->h->n_regs; r++)
        if (c->rowner[r] >= 0 && (c->busy[i] & (1u << r)))
            cache_evict(c, r);
}

/* Ops from j on until global t is next read, or also written when
 * `writes` (0: op j); UINT32_MAX when the cache is dropped first, when
 * (not `writes`) t is overwritten before it is read, or after `limit` ops. */
static uint32_t next_access(jctx *c, uint64_t t, uint32_t j, uint32_t limit, bool writes)
{
    for (uint32_t k = j; k < c->b->n_ops && k - j < limit; k++) {
        const vp_ir_op *op = &c->b->ops[k];
        if (op->dead)
            continue;
        switch (op->opc) {
        case VP_OP_LD_ENV: case VP_OP_ST_ENV: case VP_OP_SET_LABEL: case VP_OP_CALL: case VP_OP_EXIT_TB:
        case VP_OP_LOOKUP_TB:
            return UINT32_MAX; /* the cache is dropped there */
        default: break;
        }
        unsigned idx[4], n = vp__ir_op_inputs(op, idx);
        for (unsigned a = 0; a < n; a++)
            if (op->args[idx[a]] == t)
                return k - j;
        if (vp__ir_op_output(op) == t)
            return writes ? k - j : UINT32_MAX;
    }
    return UINT32_MAX;
}

/* A register for a global at the current op: a free one no local needs
 * now (preferring those no local ever uses), else the one whose global is
 * needed furthest ahead (never one the current op uses); -1: none. */
static int cache_reg(jctx *c, uint64_t t)
{
    uint32_t i = c->cur_op, busy = c->busy[i];
    int any = -1, victim = -1;
    uint32_t far = 0;
    if (c->home[t] >= 0) /* only t ever goes there */
        return c->home[t];
    for (int r = 0; r < c->h->n_regs; r++) {
        if (!(c->cfree & (1u << r)) || (busy & (1u << r)) || (c->homes & (1u << r)))
            continue;
        if (c->rowner[r] < 0) {
            if (c->lfree & (1u << r))
                return r;
            if (any < 0)
                any = r;
            continue;
        }
        uint32_t d = next_access(c, (uint64_t)c->rowner[r], i, 256, true);
        if (d > far) {
            far = d;
            victim = r;
        }
    }
    if (any >= 0)
        return any;
    if (victim >= 0)
        cache_evict(c, victim);
    return victim;
}

/* Global t is about to be read: bring it into a register if one is free. */
static void cache_src(jctx *c, uint64_t t)
{
    if (t >= c->b->n_globals || c->b->temps[t].kind != VP_TEMP_GLOBAL || c->gcache[t] >= 0)
        return;
    int r = cache_reg(c, t);
    if (r < 0)
        return;
    c->h->load(c, r, c->locs[t], is64(c, t));
    c->gcache[t] = (int8_t)r;
    c->rowner[r] = (int32_t)t;
}

/* Global t is about to be overwritten (entirely) by a value op. */
static void cache_dst(jctx *c, uint64_t t)
{
    if (t >= c->b->n_globals || c->b->temps[t].kind != VP_TEMP_GLOBAL)
        return;
    if (c->gcache[t] < 0) {
        int r = cache_reg(c, t);
        if (r < 0)
            return;
        c->gcache[t] = (int8_t)r;
        c->rowner[r] = (int32_t)t;
    }
    c->gdirty[t] = true;
}

/* ---- instruction bookkeeping ------------------------------------------------ */

static void publish(jctx *c)
{
    if (c->pdirty)
        c->h->publish(c, c->pidx, c->ppc);
    c->pdirty = false;
}

/* Caller-saved registers holding locals live at op i. */
static uint32_t live_at(jctx *c, uint32_t i)
{
    uint32_t m = 0;
    for (uint32_t t = c->b->n_globals; t < c->b->n_temps; t++)
        if (c->locs[t].kind == JIT_L_REG && c->start[t] <= (int32_t)i && c->end[t] >= (int32_t)i)
            m |= 1u << c->locs[t].reg;
    return m & c->h->caller_saved;
}

/* ... and the caller-saved registers caching globals, for a memory op's
 * slow path (the cache outlives it). */
static uint32_t mem_live(jctx *c, uint32_t i)
{
    uint32_t m = live_at(c, i);
    for (int r = 0; r < c->h->n_regs; r++)
        if (c->rowner[r] >= 0)
            m |= 1u << r;
    return m & c->h->caller_saved;
}

/* ---- ops ------------------------------------------------------------------------ */

/* The next op from i on that is not dead, or NULL. */
static const vp_ir_op *next_live(jctx *c, uint32_t i)
{
    for (; i < c->b->n_ops; i++)
        if (!c->b->ops[i].dead)
            return &c->b->ops[i];
    return NULL;
}

/* Folds an op whose inputs are all constants. Returns true if done. */
static bool try_fold(jctx *c, const vp_ir_op *op, unsigned n_in, loc d)
{
    uint64_t in[4] = {0};
    for (unsigned i = 0; i < n_in; i++) {
        loc l = temp_loc(c, op->args[1 + i]);
        if (l.kind != JIT_L_IMM)
            return false;
        in[i] = l.imm;
    }
    uint64_t r;
    uint64_t cond = op->opc == VP_OP_SETCOND ? op->args[3] : op->opc == VP_OP_MOVCOND ? op->args[5] : 0;
    vp_ir_type t = op->opc == VP_OP_EXTS_I32_I64 || op->opc == VP_OP_EXTU_I32_I64 ? VP_IR_I32 : (vp_ir_type)op->type;
    if (!vp_ir_eval((vp_ir_opc)op->opc, t, in, cond, &r))
        return false;
    if (op->opc == VP_OP_EXTS_I32_I64)
        r = (uint64_t)(int64_t)(int32_t)r;
    c->h->mov(c, d, (loc){.kind = JIT_L_IMM, .imm = r}, op->type == VP_IR_I64);
    return true;
}

/* MOV between globals whose source is cached and not read again before
 * its next write: the destination takes over the source's register (the
 * source written back first if dirty). No copy and one register fewer:
 * rotations like sha's `mv t5, t2; mv t2, a0` are common. */
static bool mov_transfer(jctx *c, const vp_ir_op *op)
{
    uint64_t d = op->args[0], a = op->args[1];
    const vp_ir_block *b = c->b;
    if (d == a || d >= b->n_globals || a >= b->n_globals || b->temps[d].kind != VP_TEMP_GLOBAL ||
        b->temps[a].kind != VP_TEMP_GLOBAL || b->temps[d].type != b->temps[a].type ||
        next_access(c, a, c->cur_op + 1, UINT32_MAX, false) != UINT32_MAX || c->home[a] >= 0 || c->home[d] >= 0)
        return false;
    cache_src(c, a);
    int r = c->gcache[a];
    if (r < 0)
        return false;
    if (c->gdirty[a])
        c->h->store(c, c->locs[a], r, is64(c, a));
    cache_forget(c, a);
    cache_forget(c, d); /* its old value is overwritten: never written back */
    c->gcache[d] = (int8_t)r;
    c->rowner[r] = (int32_t)d;
    c->gdirty[d] = true;
    return true;
}

static bool gen_value(jctx *c, const vp_ir_op *op)
{
    if (op->opc == VP_OP_MOV && mov_transfer(c, op))
        return true;
    static const uint8_t n_in[VP_OP__COUNT] = {
#define X_NIN(name, o, i, k, f) [VP_OP_##name] = i,
        VP_IR_OPS(X_NIN)
#undef X_NIN
    };
    bool w = op->type == VP_IR_I64;
    bool imm_src = true; /* a constant result goes straight to the hart */
    for (unsigned k = 1; k <= n_in[op->opc] && k < 6; k++) {
        cache_src(c, op->args[k]);
        if (temp_loc(c, op->args[k]).kind != JIT_L_IMM)
            imm_src = false;
    }
    if (op->opc == VP_OP_SETCOND || op->opc == VP_OP_MOVCOND)
        imm_src = false;
    if (imm_src)
        cache_forget(c, op->args[0]);
    else
        cache_dst(c, op->args[0]);
    loc d = temp_loc(c, op->args[0]);
    loc a = n_in[op->opc] > 0 ? temp_loc(c, op->args[1]) : (loc){0};
    loc b = n_in[op->opc] > 1 ? temp_loc(c, op->args[2]) : (loc){0};
    if (try_fold(c, op, n_in[op->opc], d))
        return true;
    return c->h->value(c, op, d, a, b, w);
}

static void gen_insn_start(jctx *c, const vp_ir_op *op)
{
    c->pidx = (int32_t)op->args[1];
    c->ppc = op->args[0];
    c->pdirty = true;
    if (c->may_stop) {
        cache_sync(c);
        c->h->stop_check(c);
        c->may_stop = false;
    }
}


/* `pc = constant; goto_tb; exit_tb slot` (a chaining slot): the hart's pc is only
 * read when the block leaves to the run loop (cpu_int.h), so a chained
 * jump does not store it; the unchained tail does (gen_exit). */
/* Is op i the start of `pc = constant; goto_tb; exit_tb slot` (a chaining
 * exit)? *dest: the constant. */
static bool chain_exit_at(jctx *c, uint32_t i, uint64_t *dest)
{
    const vp_ir_op *op = &c->b->ops[i];
    uint64_t d = op->args[0], s = op->args[1];
    if (op->dead || op->opc != VP_OP_MOV || d >= c->b->n_globals || c->b->temps[d].kind != VP_TEMP_GLOBAL ||
        c->b->temps[d].offset != offsetof(vp_cpu, pc) || c->locs[s].kind != JIT_L_IMM)
        return false;
    const vp_ir_op *g = next_live(c, i + 1);
    const vp_ir_op *e = g ? next_live(c, (uint32_t)(g - c->b->ops) + 1) : NULL;
    if (!g || g->opc != VP_OP_GOTO_TB || !e || e->opc != VP_OP_EXIT_TB || e->args[0] >= VP_TB_SLOTS)
        return false;
    *dest = c->locs[s].imm;
    return true;
}

static bool defer_pc(jctx *c, const vp_ir_op *op, uint32_t i)
{
    uint64_t dest;
    if (!chain_exit_at(c, i, &dest))
        return false;
    cache_forget(c, op->args[0]);
    c->pend_pc = true;
    c->pend_pc_t = op->args[0];
    c->pend_pc_val = dest;
    return true;
}

/* Chaining slots: a jump (vp_tb.jmp_at, patched by vp__jit_patch),
 * reset to the exit after it; else leave without chaining. */
/* The exit through `slot` leaves to the run loop: the deferred pc is
 * stored, and the tag says which block and slot (for chaining). */
static void unchained_tail(jctx *c, uint64_t slot)
{
    if (c->pend_pc) {
        uint64_t t = c->pend_pc_t;
        c->h->mov(c, c->locs[t], (loc){.kind = JIT_L_IMM, .imm = c->pend_pc_val}, is64(c, t));
        c->pend_pc = false;
    }
    c->h->ret_tag(c, (uint64_t)(uintptr_t)c->tb | (slot + 1));
}

static void gen_exit(jctx *c, uint64_t slot)
{
    if (slot >= VP_TB_SLOTS) {
        c->h->exit_nochain(c);
        return;
    }
    c->side_exit = slot >= 2; /* slots 2 and 3: superblock side exits (rv_translate.c) */
    uint32_t at = c->h->chain_jump(c);
    c->side_exit = false;
    c->tb->jmp_at[slot] = c->jit->rx + at;
    c->tb->jmp_reset[slot] = c->jit->rx + vp__jit_pos(&c->buf);
    unchained_tail(c, slot);
}

/* ---- loops ------------------------------------------------------------------------ */

/* An exit to the block's own pc (a loop of one block, after superblock
 * formation often a loop of several guest blocks). */
static bool loop_exit(jctx *c, const vp_ir_op *op)
{
    return c->homes && op->args[0] < VP_TB_SLOTS && c->pend_pc && c->pend_pc_val == c->b->pc;
}

static bool is_pc_global(const vp_ir_block *b, uint64_t t)
{
    return t < b->n_globals && b->temps[t].kind == VP_TEMP_GLOBAL && b->temps[t].offset == offsetof(vp_cpu, pc);
}

/* A block that ends in an exit to itself gives the guest registers it
 * uses most a home each, from the registers no local ever takes: all of
 * them when they fit with one register to spare, else as many as leave
 * three for the others. Code fetched outside DMI never loops (it runs
 * once). */
static void plan_homes(jctx *c)
{
    const vp_ir_block *b = c->b;
    bool self = false;
    uint64_t dest;
    if (c->cpu->ex.fetch_io || c->cpu->ex.fetch_failed)
        return;
    for (uint32_t i = 0; i < b->n_ops && !self; i++)
        self = chain_exit_at(c, i, &dest) && dest == b->pc;
    if (!self)
        return;
    uint32_t *uses = g_new0(uint32_t, b->n_globals + 1), order[VP_JIT_MAX_REGS], n_order = 0;
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        unsigned idx[4], n;
        if (op->dead)
            continue;
        n = vp__ir_op_inputs(op, idx);
        for (unsigned k = 0; k < n; k++)
            if (op->args[idx[k]] < b->n_globals)
                uses[op->args[idx[k]]]++;
        uint64_t out = vp__ir_op_output(op);
        if (out < b->n_globals)
            uses[out]++;
    }
    uint32_t n_used = 0, avail = 0;
    for (uint32_t t = 0; t < b->n_globals; t++)
        if (b->temps[t].kind != VP_TEMP_GLOBAL || is_pc_global(b, t))
            uses[t] = 0;
        else
            n_used += uses[t] > 0;
    for (int r = 0; r < c->h->n_regs; r++)
        avail += (c->lfree >> r) & 1u;
    uint32_t want = n_used + 1 <= avail ? n_used : (avail > 3 ? avail - 3 : 0);
    while (n_order < want) { /* the most used first */
        uint32_t best = UINT32_MAX;
        for (uint32_t t = 0; t < b->n_globals; t++)
            if (uses[t] && (best == UINT32_MAX || uses[t] > uses[best]))
                best = t;
        if (best == UINT32_MAX)
            break;
        order[n_order++] = best;
        uses[best] = 0;
    }
    g_free(uses);
    for (uint32_t k = 0, r = 0; k < n_order; k++, r++) {
        while (!((c->lfree >> r) & 1u))
            r++;
        c->home[order[k]] = (int8_t)r;
        c->homes |= 1u << r;
    }
}

/* Puts every homed global in its home (loaded, or written back from a
 * register that is not its home), every other one in the hart: the state
 * at loop_head, where all homed globals count as dirty. */
static void homes_settle(jctx *c)
{
    for (int r = 0; r < c->h->n_regs; r++)
        if (c->rowner[r] >= 0 && c->home[c->rowner[r]] != r)
            cache_evict(c, r);
    for (uint32_t t = 0; t < c->b->n_globals; t++) {
        int r = c->home[t];
        if (r < 0)
            continue;
        if (c->gcache[t] < 0) {
            c->h->load(c, r, c->locs[t], is64(c, t));
            c->gcache[t] = (int8_t)r;
            c->rowner[r] = (int32_t)t;
        }
        c->gdirty[t] = true;
    }
}

/* The exit to the block's own pc: back to loop_head with the homes kept
 * (one compare covers the budget and exit requests); when it must leave,
 * the homes are written back and the exit goes on unchained (its slot has
 * no patchable jump: vp__tb_link finds nothing to patch). */
static void loop_back(jctx *c, uint64_t slot)
{
    homes_settle(c);
    uint32_t at = c->h->chain_jump(c);
    c->h->patch_branch(&c->buf, at, c->loop_head);
    cache_drop(c);
    unchained_tail(c, slot);
}

/* The cache as it is, for a lab_keep label. */
static void cache_snap(jctx *c, vp_jit_cache_snap *s)
{
    s->dirty = 0;
    for (int r = 0; r < c->h->n_regs; r++) {
        s->rowner[r] = c->rowner[r];
        if (c->rowner[r] >= 0 && c->gdirty[c->rowner[r]])
            s->dirty |= 1u << r;
    }
    s->may_stop = c->may_stop;
}

/* At a lab_keep label: the code before it never falls through, so the
 * cache becomes the branch's again (nothing to write back or load). */
static void cache_restore(jctx *c, const vp_jit_cache_snap *s)
{
    for (int r = 0; r < c->h->n_regs; r++)
        if (c->rowner[r] >= 0)
            cache_forget(c, (uint64_t)c->rowner[r]);
    for (int r = 0; r < c->h->n_regs; r++) {
        int32_t t = s->rowner[r];
        if (t < 0)
            continue;
        c->rowner[r] = t;
        c->gcache[t] = (int8_t)r;
        c->gdirty[t] = (s->dirty >> r) & 1u;
    }
    c->may_stop = s->may_stop;
    cache_yield(c, c->cur_op); /* (a local defined on the way cannot be live here; be safe) */
}

/* Labels that one forward branch reaches and nothing falls into: their
 * branch keeps the register cache (no write-back before it); the code
 * between them leaves the block and writes back on its own. */
static void find_keep_labels(jctx *c)
{
    const vp_ir_block *b = c->b;
    uint32_t *n_in = g_new0(uint32_t, b->n_labels + 1);
    bool ft = true;
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->dead)
            continue;
        if (op->opc == VP_OP_BR || (op->opc == VP_OP_BRCOND && op->args[2] != VP_COND_NEVER)) {
            uint64_t l = op->opc == VP_OP_BR ? op->args[0] : op->args[3];
            if (l < b->n_labels)
                n_in[l] += b->label_pos[l] > i ? 1 : 2; /* a backward branch disqualifies */
        } else if (op->opc == VP_OP_SET_LABEL && op->args[0] < b->n_labels) {
            c->lab_keep[op->args[0]] = !ft && n_in[op->args[0]] == 1;
        }
        ft = vp__ir_falls_through(op, ft);
    }
    g_free(n_in);
}

static void gen_branch(jctx *c, const vp_ir_op *op)
{
    fixup f;
    f.label = (uint32_t)(op->opc == VP_OP_BR ? op->args[0] : op->args[3]);
    if (f.label < c->b->n_labels && c->lab_keep[f.label])
        cache_snap(c, &c->lab_snap[f.label]);
    else
        cache_sync(c);
    /* The target knows the insn statically (vp__ir_label_insns) or reads it from the hart. */
    if (f.label >= c->b->n_labels || c->lab_pidx[f.label] < 0)
        publish(c);
    f.at = c->h->branch(c, op);
    g_array_append_val(c->fixups, f);
}

/* Memory ops and stops. Only a slow path can ask the block to stop
 * (ex.jit_stop: code it runs was invalidated, a flush); the fast paths
 * have no check. After a load the block runs to its end, which then
 * leaves (vp__exec_stop_current also zeroes icount_stop): a load changes
 * no code the block would run, and invalidated blocks stay mapped until
 * the run loop reaps them. A store may have changed the code ahead of it,
 * so its slow path leaves before the next insn (stop_next), or, when
 * the store does not end its insn, the next insn start checks. */
static void gen_qst(jctx *c, const vp_ir_op *op, uint32_t i)
{
    const vp_ir_op *n = next_live(c, i + 1);
    c->st_stop = n && n->opc == VP_OP_INSN_START;
    if (c->st_stop) {
        c->st_next_pc = n->args[0];
        c->st_next_idx = (int32_t)n->args[1];
    } else {
        c->may_stop = true;
    }
    c->h->qst(c, op, mem_live(c, i));
    c->st_stop = false;
}

static bool gen_op(jctx *c, const vp_ir_op *op, uint32_t i)
{
    cache_yield(c, i);
    switch (op->opc) {
    case VP_OP_INSN_START: case VP_OP_GOTO_TB: case VP_OP_BR: case VP_OP_BRCOND: break;
    case VP_OP_QLD: case VP_OP_QST:
        /* A memory op's slow path may trap, and then the guest registers
         * must be in the hart; it changes none and returns to the block
         * only when it did not trap. So the dirty cached globals are
         * written back by the slow path (its stub, from this snapshot),
         * not on the fast path, and stay cached across its call
         * (mem_live). */
        if (op->opc == VP_OP_QLD)
            cache_src(c, op->args[1]);
        /* After cache_src (a global it evicts is written back here and its
         * register reloaded), before cache_dst (a register it takes for
         * the result still holds its old global when the stub runs). */
        for (int r = 0; r < c->h->n_regs; r++)
            c->stub_sync[r] = c->rowner[r] >= 0 && c->gdirty[c->rowner[r]] ? c->rowner[r] : -1;
        c->stub_sync_on = true;
        if (op->opc == VP_OP_QLD) /* the loaded value stays in a register (dirty) */
            cache_dst(c, op->args[0]);
        break;
    case VP_OP_SET_LABEL:
        if (op->args[0] < c->b->n_labels && c->lab_keep[op->args[0]])
            cache_restore(c, &c->lab_snap[op->args[0]]);
        else
            cache_drop(c);
        break;
    case VP_OP_EXIT_TB:
        if (!loop_exit(c, op))
            cache_drop(c);
        break;
    case VP_OP_LD_ENV: case VP_OP_ST_ENV:
    case VP_OP_CALL: case VP_OP_LOOKUP_TB:
        cache_drop(c);
        break;
    default: break; /* value ops */
    }
    switch (op->opc) {
    case VP_OP_LD_ENV: c->h->ld_env(c, op); return true;
    case VP_OP_ST_ENV: c->h->st_env(c, op); return true;
    case VP_OP_QLD: c->h->qld(c, op, mem_live(c, i)); c->stub_sync_on = false; return true;
    case VP_OP_QST: gen_qst(c, op, i); c->stub_sync_on = false; return true;
    case VP_OP_SET_LABEL: {
        uint64_t l = op->args[0];
        if (l < c->b->n_labels && c->lab_pidx[l] >= 0) { /* all edges agree on the insn */
            c->pidx = c->lab_pidx[l];
            c->ppc = c->lab_ppc[l];
            c->pdirty = true;
        } else {
            publish(c);
            c->pidx = -1;
        }
        if (l < c->b->n_labels)
            c->label_off[l] = vp__jit_pos(&c->buf);
        if (l >= c->b->n_labels || !c->lab_keep[l])
            c->may_stop = true;
        return true;
    }
    case VP_OP_BR: gen_branch(c, op); return true;
    case VP_OP_BRCOND:
        if (op->args[2] != VP_COND_NEVER)
            gen_branch(c, op);
        return true;
    case VP_OP_CALL: {
        uint32_t live = live_at(c, i);
        publish(c);
        c->h->call(c, op, live);
        c->may_stop = true;
        return true;
    }
    case VP_OP_INSN_START: gen_insn_start(c, op); return true;
    case VP_OP_GOTO_TB: return true;
    case VP_OP_EXIT_TB:
        if (loop_exit(c, op))
            loop_back(c, op->args[0]);
        else
            gen_exit(c, op->args[0]);
        return true;
    case VP_OP_LOOKUP_TB: c->h->lookup(c); return true;
    default: return defer_pc(c, op, i) || gen_value(c, op);
    }
}

/* ---- register allocation ----------------------------------------------------------- */

static void touch(jctx *c, uint64_t t, int32_t i)
{
    if (t == VP_IR_NO_TEMP || t >= c->b->n_temps || c->b->temps[t].kind != VP_TEMP_LOCAL)
        return;
    if (i < c->start[t])
        c->start[t] = i;
    if (i > c->end[t])
        c->end[t] = i;
}

static void intervals(jctx *c)
{
    static const uint8_t n_tmp[VP_OP__COUNT] = {
#define X_NT(name, o, i, k, f) [VP_OP_##name] = o + i,
        VP_IR_OPS(X_NT)
#undef X_NT
    };
    const vp_ir_block *b = c->b;
    for (uint32_t t = 0; t < b->n_temps; t++)
        c->start[t] = INT32_MAX, c->end[t] = -1;
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->dead)
            continue;
        unsigned n = op->opc == VP_OP_CALL ? 4 : n_tmp[op->opc];
        for (unsigned k = 0; k < n; k++)
            touch(c, op->args[k], (int32_t)i);
    }
    /* A value live anywhere in a loop (backward branch) lives across all of it. */
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < b->n_ops; i++) {
            const vp_ir_op *op = &b->ops[i];
            if (op->dead || (op->opc != VP_OP_BR && op->opc != VP_OP_BRCOND))
                continue;
            uint64_t l = op->opc == VP_OP_BR ? op->args[0] : op->args[3];
            if (l >= b->n_labels || b->label_pos[l] > i)
                continue;
            int32_t p = (int32_t)b->label_pos[l], q = (int32_t)i;
            for (uint32_t t = b->n_globals; t < b->n_temps; t++) {
                if (c->end[t] < p || c->start[t] > q)
                    continue;
                if (c->start[t] > p || c->end[t] < q) {
                    c->start[t] = MIN(c->start[t], p);
                    c->end[t] = MAX(c->end[t], q);
                    changed = true;
                }
            }
        }
    }
}

static gint by_start(gconstpointer pa, gconstpointer pb, gpointer ctx)
{
    const jctx *c = ctx;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    int32_t sa = c->start[a], sb = c->start[b];
    return sa < sb ? -1 : sa > sb ? 1 : (a < b ? -1 : a > b);
}

static bool regalloc(jctx *c)
{
    const vp_ir_block *b = c->b;
    const vp_jit_host_ops *h = c->h;
    int32_t reg_busy[VP_JIT_MAX_REGS], *slot_busy = g_new(int32_t, h->n_spill);
    uint32_t *order = g_new(uint32_t, b->n_temps + 1), n = 0;
    bool ok = true;
    for (int r = 0; r < h->n_alloc; r++)
        reg_busy[r] = -1;
    for (uint32_t t = 0; t < b->n_temps; t++) {
        const vp_ir_temp_info *ti = &b->temps[t];
        if (ti->kind == VP_TEMP_GLOBAL)
            c->locs[t] = (loc){.kind = JIT_L_MEM, .reg = h->env_reg, .disp = (int32_t)ti->offset};
        else if (ti->kind == VP_TEMP_CONST)
            c->locs[t] = (loc){.kind = JIT_L_IMM, .imm = ti->type == VP_IR_I32 ? (uint32_t)ti->val : ti->val};
        else if (c->end[t] >= 0)
            order[n++] = t;
        else
            c->locs[t] = (loc){.kind = JIT_L_MEM, .reg = h->frame_reg, .disp = h->frame_scratch}; /* unused */
    }
    g_qsort_with_data(order, (gint)n, sizeof(*order), by_start, c);
    for (uint32_t k = 0; k < n && ok; k++) {
        uint32_t t = order[k];
        /* A local may take the register of one whose interval ends at the
         * op that defines it (emitters read every input before writing
         * the output), so `t2 = op t1` needs no copy when t1 dies there. */
        int r = 0;
        while (r < h->n_alloc && reg_busy[r] > c->start[t])
            r++;
        if (r < h->n_alloc) {
            reg_busy[r] = c->end[t];
            c->locs[t] = (loc){.kind = JIT_L_REG, .reg = h->alloc_regs[r]};
            continue;
        }
        uint32_t s = 0; /* slots from c->n_spill on are still free */
        while (s < c->n_spill && slot_busy[s] >= c->start[t])
            s++;
        if (s == h->n_spill) {
            ok = false;
            break;
        }
        slot_busy[s] = c->end[t];
        c->n_spill = MAX(c->n_spill, s + 1);
        c->locs[t] = (loc){.kind = JIT_L_MEM, .reg = h->frame_reg, .disp = h->frame_spill + 8 * (int32_t)s};
    }
    g_free(order);
    g_free(slot_busy);
    return ok;
}

/* ---- block ---------------------------------------------------------------------------- */

/* Out-of-line code after the block: stubs, then the shared tails. */
static void emit_stubs(jctx *c)
{
    const vp_jit_host_ops *h = c->h;
    vp_jit_buf *x = &c->buf;
    for (guint k = 0; k < c->stubs->len; k++) { /* a stub may append stubs */
        stub s = g_array_index(c->stubs, stub, k);
        h->patch_branch(x, s.from, vp__jit_pos(x));
        if (s.kind == JIT_S_STOP)
            h->stop_stub(c, &s);
        else
            h->mem_stub(c, &s);
    }
    for (guint k = 0; k < c->trap_jumps->len; k++)
        h->patch_branch(x, g_array_index(c->trap_jumps, uint32_t, k), vp__jit_pos(x));
    if (c->trap_jumps->len)
        h->trap_exit(c);
    for (guint k = 0; k < c->mayexit_jumps->len; k++)
        h->patch_branch(x, g_array_index(c->mayexit_jumps, uint32_t, k), vp__jit_pos(x));
    if (c->mayexit_jumps->len)
        h->mayexit_exit(c);
}

static bool gen_block(jctx *c)
{
    vp_jit_buf *x = &c->buf;
    c->h->block_entry(c);
    plan_homes(c);
    if (c->homes) {
        c->cur_op = 0;
        homes_settle(c);
        c->loop_head = vp__jit_pos(x);
    }
    for (uint32_t i = 0; i < c->b->n_ops; i++) {
        const vp_ir_op *op = &c->b->ops[i];
        if (!op->dead && !gen_op(c, op, i))
            return false;
    }
    cache_drop(c);
    publish(c); /* falling off the end: leave without chaining */
    gen_exit(c, VP_EXIT_NOCHAIN);
    emit_stubs(c);
    for (guint k = 0; k < c->fixups->len; k++) {
        fixup *f = &g_array_index(c->fixups, fixup, k);
        if (f->label >= c->b->n_labels || c->label_off[f->label] == UINT32_MAX)
            return false;
        c->h->patch_branch(x, f->at, c->label_off[f->label]);
    }
    for (guint k = 0; k < c->exits->len; k++)
        c->h->patch_branch(x, g_array_index(c->exits, uint32_t, k), c->jit->epilogue);
    return !x->overflow;
}

bool vp__jit_compile(vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb, bool *full)
{
    vp_jit *j = cpu->ex.jit;
    jctx c = {.h = vp__jit_host(), .cpu = cpu, .jit = j, .b = b, .tb = tb, .pidx = -1};
    uint32_t begin = vp__jit_align(j->used);
    bool ok = false;

    *full = false;
    c.buf = (vp_jit_buf){.start = j->rw, .p = j->rw + begin, .end = j->rw + j->size};
    c.locs = g_new0(loc, b->n_temps + 1);
    c.start = g_new(int32_t, b->n_temps + 1);
    c.end = g_new(int32_t, b->n_temps + 1);
    c.label_off = g_new(uint32_t, b->n_labels + 1);
    memset(c.label_off, 0xff, sizeof(uint32_t) * (b->n_labels + 1));
    c.fixups = g_array_new(FALSE, FALSE, sizeof(fixup));
    c.stubs = g_array_new(FALSE, FALSE, sizeof(stub));
    c.exits = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c.trap_jumps = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    c.mayexit_jumps = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    memset(tb->jmp_at, 0, sizeof(tb->jmp_at));
    c.gcache = g_new(int8_t, b->n_globals + 1);
    memset(c.gcache, -1, b->n_globals + 1);
    c.gdirty = g_new0(bool, b->n_globals + 1);
    c.home = g_new(int8_t, b->n_globals + 1);
    memset(c.home, -1, b->n_globals + 1);
    for (int r = 0; r < VP_JIT_MAX_REGS; r++)
        c.rowner[r] = -1;
    for (int k = 0; k < c.h->n_alloc; k++)
        c.cfree |= 1u << c.h->alloc_regs[k];
    c.lab_pidx = g_new(int32_t, b->n_labels + 1);
    c.lab_ppc = g_new0(uint64_t, b->n_labels + 1);
    c.pc_w = true;
    for (uint32_t t = 0; t < b->n_globals; t++)
        if (b->temps[t].kind == VP_TEMP_GLOBAL && b->temps[t].offset == offsetof(vp_cpu, pc))
            c.pc_w = b->temps[t].type == VP_IR_I64;
    vp__ir_label_insns(b, c.lab_pidx, c.lab_ppc);
    c.lab_keep = g_new0(bool, b->n_labels + 1);
    c.lab_snap = g_new(vp_jit_cache_snap, b->n_labels + 1);
    find_keep_labels(&c);
    intervals(&c);
    if (regalloc(&c)) {
        /* The cache takes registers where no local is live (busy). */
        c.busy = g_new0(uint32_t, b->n_ops + 1);
        c.lfree = c.cfree;
        for (uint32_t t = b->n_globals; t < b->n_temps; t++) {
            if (c.locs[t].kind != JIT_L_REG)
                continue;
            c.lfree &= ~(1u << c.locs[t].reg);
            for (int32_t i = c.start[t]; i <= c.end[t]; i++)
                c.busy[i] |= 1u << c.locs[t].reg;
        }
        ok = gen_block(&c);
        if (ok && c.homes)
            cpu->ex.stats.loop_blocks++;
        g_free(c.busy);
        *full = c.buf.overflow;
    }
    if (ok) {
        tb->kind = VP_TB_JIT;
        tb->host = j->rx + begin;
        tb->code = NULL;
        tb->code_bytes = vp__jit_pos(&c.buf) - begin;
        j->used = vp__jit_pos(&c.buf);
    } else {
        memset(tb->jmp_at, 0, sizeof(tb->jmp_at));
    }
    g_free(c.locs);
    g_free(c.start);
    g_free(c.end);
    g_free(c.label_off);
    g_free(c.gcache);
    g_free(c.gdirty);
    g_free(c.home);
    g_free(c.lab_pidx);
    g_free(c.lab_ppc);
    g_free(c.lab_keep);
    g_free(c.lab_snap);
    g_array_free(c.fixups, TRUE);
    g_array_free(c.stubs, TRUE);
    g_array_free(c.exits, TRUE);
    g_array_free(c.trap_jumps, TRUE);
    g_array_free(c.mayexit_jumps, TRUE);
    return ok;
}
