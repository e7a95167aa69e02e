/* SPDX-License-Identifier: Apache-2.0 */
/* opt.c - IR optimizer: constant folding and propagation, copy
 * propagation and algebraic simplification within basic blocks, then
 * removal of pure ops whose local results are never read.
 *
 * Knowledge about temps is reset at labels and after block ends; calls
 * that may touch globals and ST_ENV drop everything known about globals.
 *
 * Rotates: the forward pass also remembers which temps hold a constant
 * shift of another temp that has not changed since, so that
 * (x << c) | (x >> (W - c)) (or ^, +: the two halves share no bit) becomes
 * one ROTL, and the RV64 word form sext32(low32(x) << c | low32(x) >> (32 -
 * c)) becomes TRUNC, ROTL.i32, EXTS. The shifts stay (their outputs are
 * guest registers) unless the next step removes them.
 *
 * Sign extensions: it also knows which I64 temps hold the sign extension
 * of their low 32 bits (RV64 *W results, lw, narrower loads), so that a
 * second EXT32S of one (sext.w after addw) is a MOV.
 *
 * A write to a global is removed only when the same basic block writes the
 * global again with no read of it and no op in between that could let
 * anything see guest state (a memory access or a helper call can trap or
 * end the block early; a label, branch or exit leaves the straight line).
 * Every other write stays: globals are live at block end, visible to
 * helpers, traps and exits, so guest state is unchanged. */
#include <string.h>

#include <glib.h>

#include "ir.h"
#include "ir_eval.h"

enum { K_NONE = 0, K_CONST = 1, K_COPY = 2, K_SHIFT = 3 };

/* K_SHIFT: the temp holds copy[t] shifted by a constant, described in val[t]:
 * the amount, SF_RIGHT, and a form. SF_PLAIN: a shift in the temp's own
 * width. SF_ZX32: zext32(source), no shift (an I64 temp). SF_W: the
 * sign-extension of low32(source) shifted (an I64 temp; RV64 slliw/srliw). */
#define SF_AMOUNT 0x7fu
#define SF_RIGHT 0x100u
#define SF_PLAIN 0u
#define SF_ZX32 0x200u
#define SF_W 0x400u
#define SF_FORM (SF_ZX32 | SF_W)

typedef struct ostate {
    vp_ir_block *b;
    uint32_t n;          /* temps covered by the arrays (original count) */
    uint8_t *known;      /* K_* per temp */
    uint64_t *val;       /* K_CONST: value */
    uint32_t *copy;      /* K_COPY: the temp holding the same value; K_SHIFT: the source */
    uint32_t *tracked;   /* temps with known != K_NONE (may hold stale entries) */
    uint32_t n_tracked;
    bool inserted;       /* ops were inserted: labels move */
    uint8_t *sx;         /* I64 temps known to hold a sign-extended 32-bit value (RV64 *W results) */
    uint32_t *sx_list;   /* temps with sx set (may hold stale entries) */
    uint32_t n_sx;
} ostate;

static const uint8_t op_flags[VP_OP__COUNT] = {
#define X_FL(name, o, i, c, f) f,
    VP_IR_OPS(X_FL)
#undef X_FL
};

static bool is_kind(const vp_ir_block *b, uint64_t t, vp_ir_temp_kind k)
{
    return t < b->n_temps && b->temps[t].kind == k;
}

static void track(ostate *s, uint32_t t, uint8_t k)
{
    if (s->known[t] == K_NONE)
        s->tracked[s->n_tracked++] = t;
    s->known[t] = k;
}

static void reset_all(ostate *s)
{
    for (uint32_t i = 0; i < s->n_tracked; i++)
        s->known[s->tracked[i]] = K_NONE;
    s->n_tracked = 0;
    for (uint32_t i = 0; i < s->n_sx; i++)
        s->sx[s->sx_list[i]] = 0;
    s->n_sx = 0;
}

static void sx_set(ostate *s, uint64_t t)
{
    if (t < s->n && !s->sx[t]) {
        s->sx[t] = 1;
        s->sx_list[s->n_sx++] = (uint32_t)t;
    }
}

/* Forgets t and every copy of t (t is about to be written). */
static void forget(ostate *s, uint64_t t)
{
    if (t >= s->n)
        return;
    s->known[t] = K_NONE;
    uint32_t w = 0;
    for (uint32_t i = 0; i < s->n_tracked; i++) {
        uint32_t u = s->tracked[i];
        if (s->known[u] >= K_COPY && s->copy[u] == t)
            s->known[u] = K_NONE;
        if (s->known[u] != K_NONE)
            s->tracked[w++] = u;
    }
    s->n_tracked = w;
}

static void forget_globals(ostate *s)
{
    for (uint32_t i = 0; i < s->n_sx; i++)
        if (is_kind(s->b, s->sx_list[i], VP_TEMP_GLOBAL))
            s->sx[s->sx_list[i]] = 0;
    uint32_t w = 0;
    for (uint32_t i = 0; i < s->n_tracked; i++) {
        uint32_t u = s->tracked[i];
        if (is_kind(s->b, u, VP_TEMP_GLOBAL) || (s->known[u] >= K_COPY && is_kind(s->b, s->copy[u], VP_TEMP_GLOBAL)))
            s->known[u] = K_NONE;
        if (s->known[u] != K_NONE)
            s->tracked[w++] = u;
    }
    s->n_tracked = w;
}

static bool value_of(const ostate *s, uint64_t t, uint64_t *v)
{
    if (t >= s->b->n_temps)
        return false;
    if (s->b->temps[t].kind == VP_TEMP_CONST) {
        *v = s->b->temps[t].val;
        return true;
    }
    if (t < s->n && s->known[t] == K_CONST) {
        *v = s->val[t];
        return true;
    }
    return false;
}

/* Replaces an input by a constant or by the temp it copies. */
static void subst_input(ostate *s, vp_ir_op *op, unsigned i)
{
    uint64_t t = op->args[i], v;
    if (t >= s->n || is_kind(s->b, t, VP_TEMP_CONST))
        return;
    if (value_of(s, t, &v)) {
        op->args[i] = vp__ir_const(s->b, (vp_ir_type)s->b->temps[t].type, v);
        return;
    }
    if (s->known[t] == K_COPY)
        op->args[i] = s->copy[t];
}

static void make_mov(ostate *s, vp_ir_op *op, uint64_t src)
{
    uint64_t out = op->args[0];
    memset(op->args, 0, sizeof(op->args));
    op->opc = VP_OP_MOV;
    op->args[0] = out;
    op->args[1] = src;
    (void)s;
}

static void make_movi(ostate *s, vp_ir_op *op, uint64_t v)
{
    make_mov(s, op, vp__ir_const(s->b, (vp_ir_type)op->type, v));
}

/* Algebraic identities on a two-input op with inputs a, b. */
static void simplify_bin(ostate *s, vp_ir_op *op)
{
    uint64_t a = op->args[1], b = op->args[2], va = 0, vb = 0;
    bool ka = value_of(s, a, &va), kb = value_of(s, b, &vb);
    uint64_t ones = op->type == VP_IR_I32 ? UINT32_MAX : UINT64_MAX;
    uint64_t shmask = op->type == VP_IR_I32 ? 31 : 63;

    switch (op->opc) {
    case VP_OP_ADD: case VP_OP_OR: case VP_OP_XOR:
        if (kb && vb == 0)
            make_mov(s, op, a);
        else if (ka && va == 0)
            make_mov(s, op, b);
        else if (a == b && op->opc == VP_OP_XOR)
            make_movi(s, op, 0);
        else if (a == b && op->opc == VP_OP_OR)
            make_mov(s, op, a);
        break;
    case VP_OP_SUB:
        if (kb && vb == 0)
            make_mov(s, op, a);
        else if (a == b)
            make_movi(s, op, 0);
        break;
    case VP_OP_SHL: case VP_OP_SHR: case VP_OP_SAR:
        if (kb && (vb & shmask) == 0)
            make_mov(s, op, a);
        else if (ka && va == 0)
            make_movi(s, op, 0);
        break;
    case VP_OP_AND:
        if ((kb && vb == 0) || (ka && va == 0))
            make_movi(s, op, 0);
        else if (kb && vb == ones)
            make_mov(s, op, a);
        else if ((ka && va == ones) || a == b)
            make_mov(s, op, ka && va == ones ? b : a);
        break;
    case VP_OP_MUL:
        if ((kb && vb == 0) || (ka && va == 0))
            make_movi(s, op, 0);
        else if (kb && vb == 1)
            make_mov(s, op, a);
        else if (ka && va == 1)
            make_mov(s, op, b);
        break;
    default:
        break;
    }
}

/* Folds or simplifies a pure value op in place. */
static void fold(ostate *s, vp_ir_op *op)
{
    unsigned idx[4], n = vp__ir_op_inputs(op, idx);
    uint64_t in[4] = {0, 0, 0, 0}, r, cond = 0;
    bool all = true;

    for (unsigned i = 0; i < n; i++)
        all = all && value_of(s, op->args[idx[i]], &in[i]);
    if (op->opc == VP_OP_SETCOND)
        cond = op->args[3];
    else if (op->opc == VP_OP_MOVCOND)
        cond = op->args[5];
    if (op->opc == VP_OP_SETCOND && cond >= VP_COND_ALWAYS) {
        make_movi(s, op, cond == VP_COND_ALWAYS);
        return;
    }
    if (op->opc == VP_OP_MOVCOND) {
        bool kc = value_of(s, op->args[1], &in[0]) && value_of(s, op->args[2], &in[1]);
        if (cond >= VP_COND_ALWAYS || kc)
            make_mov(s, op, vp_ir_cond_eval((unsigned)cond, (vp_ir_type)op->type, in[0], in[1]) ? op->args[3]
                                                                                             : op->args[4]);
        else if (op->args[3] == op->args[4])
            make_mov(s, op, op->args[3]);
        return;
    }
    if (all && n && vp_ir_eval((vp_ir_opc)op->opc, (vp_ir_type)op->type, in, cond, &r)) {
        make_movi(s, op, r);
        return;
    }
    if (n == 2)
        simplify_bin(s, op);
}

static bool is_value_op(unsigned opc)
{
    return opc <= VP_OP_MOVCOND;
}

/* Conditional branch with known operands becomes BR or disappears. */
static void fold_brcond(ostate *s, vp_ir_op *op)
{
    uint64_t a, b, cond = op->args[2], label = op->args[3];
    bool known = cond >= VP_COND_ALWAYS ||
                 (value_of(s, op->args[0], &a) && value_of(s, op->args[1], &b));
    if (!known)
        return;
    if (cond < VP_COND_ALWAYS)
        cond = vp_ir_cond_eval((unsigned)cond, (vp_ir_type)op->type, a, b) ? VP_COND_ALWAYS : VP_COND_NEVER;
    if (cond == VP_COND_NEVER) {
        op->dead = 1;
        return;
    }
    memset(op->args, 0, sizeof(op->args));
    op->opc = VP_OP_BR;
    op->args[0] = label;
}

/* Remembers that out holds src shifted as `how` describes (SF_*). */
static void note_shift(ostate *s, uint64_t out, uint64_t src, uint64_t how)
{
    if (src == out || src >= s->n)
        return;
    s->copy[out] = (uint32_t)src;
    s->val[out] = how;
    track(s, (uint32_t)out, K_SHIFT);
}

static bool shift_of(const ostate *s, uint64_t t, uint32_t *src, uint64_t *how)
{
    if (t >= s->n || s->known[t] != K_SHIFT)
        return false;
    *src = s->copy[t];
    *how = s->val[t];
    return true;
}

/* After `op` wrote `out`: what out now holds as a shift (see K_SHIFT).
 * orig1 is the op's first input before copy propagation: the fact is kept
 * on it when it is not out (the guest's own register usually outlives the
 * copy that propagation substituted). */
static void note_shift_op(ostate *s, const vp_ir_op *op, uint64_t out, uint64_t orig1)
{
    unsigned bits = op->type == VP_IR_I32 ? 32 : 64;
    uint64_t v, how, src = orig1 != out && orig1 < s->n ? orig1 : op->args[1];
    uint32_t x;

    switch (op->opc) {
    case VP_OP_SHL: case VP_OP_SHR:
        if (!value_of(s, op->args[2], &v) || (v & (bits - 1)) == 0)
            return;
        v &= bits - 1;
        if (op->opc == VP_OP_SHR && shift_of(s, src, &x, &how) && how == SF_ZX32) {
            if (v < 32) /* zext32(x) >> v: bit 31 clear, so its own sign extension */
                note_shift(s, out, x, v | SF_RIGHT | SF_W);
            return;
        }
        note_shift(s, out, src, v | (op->opc == VP_OP_SHR ? SF_RIGHT : 0) | SF_PLAIN);
        return;
    case VP_OP_EXT32U:
        note_shift(s, out, src, SF_ZX32);
        return;
    case VP_OP_EXT32S:
        if (shift_of(s, src, &x, &how) && (how & (SF_FORM | SF_RIGHT)) == SF_PLAIN &&
            (how & SF_AMOUNT) < 32 && s->b->temps[src].type == VP_IR_I64)
            note_shift(s, out, x, how | SF_W);
        return;
    default:
        return;
    }
}

/* The temp t copies (or t). */
static uint32_t root(const ostate *s, uint32_t t)
{
    return t < s->n && s->known[t] == K_COPY ? s->copy[t] : t;
}

/* (x << c) op (x >> (W - c)) with op one of | ^ + (the halves share no bit):
 * a rotate. The word form needs two more ops, inserted before this one;
 * returns how many. */
static unsigned fuse_rotate(ostate *s, uint32_t i)
{
    vp_ir_block *b = s->b;
    vp_ir_op *op = &b->ops[i];
    uint64_t ha, hb, out = op->args[0];
    uint32_t xa, xb;
    unsigned bits = op->type == VP_IR_I32 ? 32 : 64;

    if (op->opc != VP_OP_OR && op->opc != VP_OP_XOR && op->opc != VP_OP_ADD)
        return 0;
    if (!shift_of(s, op->args[1], &xa, &ha) || !shift_of(s, op->args[2], &xb, &hb) || root(s, xa) != root(s, xb) ||
        (ha & SF_FORM) != (hb & SF_FORM) || (ha & SF_RIGHT) == (hb & SF_RIGHT))
        return 0;
    uint64_t left = (ha & SF_RIGHT) ? hb : ha, right = (ha & SF_RIGHT) ? ha : hb;
    unsigned c = (unsigned)(left & SF_AMOUNT);
    if ((left & SF_FORM) == SF_PLAIN) {
        if (c + (right & SF_AMOUNT) != bits || b->temps[xa].type != op->type)
            return 0;
        memset(op->args, 0, sizeof(op->args));
        op->opc = VP_OP_ROTL;
        op->args[0] = out;
        op->args[1] = xa;
        op->args[2] = vp__ir_const(b, (vp_ir_type)op->type, c);
        return 0;
    }
    if ((left & SF_FORM) != SF_W || c + (right & SF_AMOUNT) != 32 || op->type != VP_IR_I64)
        return 0;
    vp_ir_temp lo = vp__ir_local(b, VP_IR_I32), rot = vp__ir_local(b, VP_IR_I32);
    vp_ir_temp amount = vp__ir_const(b, VP_IR_I32, c);
    vp__ir_insert_ops(b, i, 2);
    vp_ir_op *o = &b->ops[i];
    memset(o, 0, 3 * sizeof(*o));
    o[0].opc = VP_OP_TRUNC_I64_I32, o[0].type = VP_IR_I32, o[0].args[0] = lo, o[0].args[1] = xa;
    o[1].opc = VP_OP_ROTL, o[1].type = VP_IR_I32, o[1].args[0] = rot, o[1].args[1] = lo, o[1].args[2] = amount;
    o[2].opc = VP_OP_EXTS_I32_I64, o[2].type = VP_IR_I64, o[2].args[0] = out, o[2].args[1] = rot;
    s->inserted = true;
    return 2;
}

/* Is op's I64 result the sign extension of its low 32 bits? */
static bool makes_sx32(const ostate *s, const vp_ir_op *op)
{
    uint64_t v, in = op->args[1];
    if (op->type != VP_IR_I64)
        return false;
    switch (op->opc) {
    case VP_OP_EXT32S: case VP_OP_EXTS_I32_I64: case VP_OP_EXT8S: case VP_OP_EXT8U: case VP_OP_EXT16S:
    case VP_OP_EXT16U: case VP_OP_SETCOND:
        return true;
    case VP_OP_MOV:
        if (value_of(s, in, &v))
            return (uint64_t)(int64_t)(int32_t)v == v;
        return in < s->n && s->sx[in];
    case VP_OP_QLD: /* lb, lbu, lh, lhu, lw: not lwu or ld */
        return (op->args[2] & VP_MO_SIZE) < VP_MO_32 || (op->args[2] & (VP_MO_SIZE | VP_MO_SIGN)) == (VP_MO_32 | VP_MO_SIGN);
    default:
        return false;
    }
}

static void record_output(ostate *s, vp_ir_op *op, uint64_t orig1)
{
    uint64_t out = vp__ir_op_output(op), v;
    if (out == VP_IR_NO_TEMP || out >= s->n)
        return;
    forget(s, out);
    s->sx[out] = 0;
    if (makes_sx32(s, op))
        sx_set(s, out);
    if (op->opc != VP_OP_MOV) {
        note_shift_op(s, op, out, orig1);
        return;
    }
    uint64_t src = op->args[1];
    if (value_of(s, src, &v)) {
        s->val[out] = v;
        track(s, (uint32_t)out, K_CONST);
    } else if (src != out && src < s->n && s->b->temps[src].type == s->b->temps[out].type) {
        s->copy[out] = (uint32_t)src;
        track(s, (uint32_t)out, K_COPY);
    }
}

static void forward_pass(ostate *s)
{
    vp_ir_block *b = s->b;
    for (uint32_t i = 0; i < b->n_ops; i++) {
        vp_ir_op *op = &b->ops[i];
        unsigned idx[4], n;
        if (op->dead)
            continue;
        if (op->opc == VP_OP_SET_LABEL) {
            reset_all(s);
            continue;
        }
        n = vp__ir_op_inputs(op, idx);
        uint64_t orig1 = op->args[1];
        for (unsigned k = 0; k < n; k++)
            subst_input(s, op, idx[k]);
        if (is_value_op(op->opc)) {
            fold(s, op);
            if (op->opc == VP_OP_EXT32S && op->type == VP_IR_I64 && op->args[1] < s->n && s->sx[op->args[1]])
                make_mov(s, op, op->args[1]); /* already sign-extended */
            if (!op->dead && fuse_rotate(s, i)) {
                i += 2; /* the TRUNC and ROTL write new locals; the EXTS writes the OR's output */
                op = &b->ops[i];
            }
        } else if (op->opc == VP_OP_BRCOND)
            fold_brcond(s, op);
        record_output(s, op, orig1);
        if ((op->opc == VP_OP_CALL && !(op->args[4] & VP_CALL_NO_GLOBALS)) || op->opc == VP_OP_ST_ENV)
            forget_globals(s);
        if (op_flags[op->opc] & VP_IR_F_BB_END)
            reset_all(s);
    }
}

static bool removable(const vp_ir_block *b, const vp_ir_op *op, const uint32_t *uses)
{
    uint64_t out = vp__ir_op_output(op);
    if (op->opc == VP_OP_CALL) {
        if (!(op->args[4] & VP_CALL_PURE))
            return false;
        return out == VP_IR_NO_TEMP || (is_kind(b, out, VP_TEMP_LOCAL) && !uses[out]);
    }
    if (!is_value_op(op->opc) && op->opc != VP_OP_LD_ENV)
        return false;
    if (op->opc == VP_OP_MOV && op->args[0] == op->args[1])
        return true;
    return is_kind(b, out, VP_TEMP_LOCAL) && !uses[out];
}

/* Removes writes to globals that the same basic block overwrites before
 * anything can see them (see the top of the file). later[t] == epoch: t is
 * written further down with no read and no barrier in between. */
static void dead_global_writes(vp_ir_block *b, uint32_t *later)
{
    uint32_t epoch = 1;
    unsigned idx[4], n;

    for (uint32_t i = b->n_ops; i-- > 0;) {
        vp_ir_op *op = &b->ops[i];
        if (op->dead || op->opc == VP_OP_INSN_START)
            continue;
        if (!is_value_op(op->opc)) {
            epoch++;
            continue;
        }
        uint64_t out = vp__ir_op_output(op);
        if (is_kind(b, out, VP_TEMP_GLOBAL) && later[out] == epoch) {
            op->dead = 1;
            continue;
        }
        if (out < b->n_temps)
            later[out] = epoch;
        n = vp__ir_op_inputs(op, idx);
        for (unsigned k = 0; k < n; k++)
            if (op->args[idx[k]] < b->n_temps)
                later[op->args[idx[k]]] = 0;
    }
}

/* dce's use counts, in the block's scratch after the forward pass's tables. */
static void dce(vp_ir_block *b, uint32_t *uses)
{
    unsigned idx[4], n;
    bool changed = true;

    for (uint32_t i = 0; i < b->n_ops; i++) {
        if (b->ops[i].dead)
            continue;
        n = vp__ir_op_inputs(&b->ops[i], idx);
        for (unsigned k = 0; k < n; k++)
            if (b->ops[i].args[idx[k]] < b->n_temps)
                uses[b->ops[i].args[idx[k]]]++;
    }
    while (changed) {
        changed = false;
        for (uint32_t i = b->n_ops; i-- > 0;) {
            vp_ir_op *op = &b->ops[i];
            if (op->dead || !removable(b, op, uses))
                continue;
            op->dead = 1;
            changed = true;
            n = vp__ir_op_inputs(op, idx);
            for (unsigned k = 0; k < n; k++)
                if (op->args[idx[k]] < b->n_temps)
                    uses[op->args[idx[k]]]--;
        }
    }
}

/* The optimizer's zeroed tables: `bytes` of the block's scratch memory,
 * kept between blocks (a boot optimizes some 30,000 of them). */
static void *scratch(vp_ir_block *b, size_t bytes)
{
    if (b->scratch_bytes < bytes) {
        g_free(b->scratch);
        b->scratch_bytes = bytes * 2;
        b->scratch = g_malloc(b->scratch_bytes);
    }
    memset(b->scratch, 0, bytes);
    return b->scratch;
}

void vp__ir_optimize(vp_ir_block *b)
{
    ostate s = {.b = b, .n = b->n_temps};
    size_t n = (size_t)s.n + 1;
    size_t n_list = n + b->n_ops; /* sx_list: one entry per 0 -> 1 change, at most one per op */
    s.val = scratch(b, n * (sizeof(uint64_t) + 2 * sizeof(uint32_t) + 2 * sizeof(uint8_t)) + n_list * sizeof(uint32_t));
    s.copy = (uint32_t *)(s.val + n);
    s.tracked = s.copy + n;
    s.sx_list = s.tracked + n;
    s.known = (uint8_t *)(s.sx_list + n_list);
    s.sx = s.known + n;
    forward_pass(&s);
    dead_global_writes(b, scratch(b, ((size_t)b->n_temps + 1) * sizeof(uint32_t)));
    dce(b, scratch(b, ((size_t)b->n_temps + 1) * sizeof(uint32_t)));
    if (s.inserted)
        vp__ir_place_labels(b);
}
