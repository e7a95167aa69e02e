/* SPDX-License-Identifier: Apache-2.0 */
/* jit.c - the x86-64 code generator: register allocation of IR locals
 * (linear scan over live intervals, widened over backward branches),
 * guest globals addressed in the hart through rbx, the soft-TLB hit path
 * inlined for QLD/QST with out-of-line slow paths, helper calls with the
 * SysV ABI, lazy publication of cur_pc/cur_insn, and block exits that
 * chain through patchable jumps (see jit_cache.c for the code cache).
 *
 * Host registers
 *   rbx        the vp_cpu * (callee-saved, set by the entry trampoline)
 *   rax rcx rdx r11  scratch, never allocated
 *   r12-r15 rbp      allocated to locals (survive calls)
 *   rsi rdi r8-r10   allocated to locals; saved around calls/slow paths
 * Frame (rsp, 16-byte aligned inside blocks): value/address scratch,
 * save slots per host register, then spill slots for locals.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "jit_int.h"
#include "jit_priv.h"
#include "x86.h"
#include "../ir/ir_eval.h"

enum { L_REG, L_MEM, L_IMM };
typedef struct loc {
    uint8_t kind;
    int8_t reg;   /* L_REG: register; L_MEM: base register */
    int32_t disp; /* L_MEM */
    uint64_t imm; /* L_IMM */
} loc;

static const int8_t alloc_regs[] = {X_R12, X_R13, X_R14, X_R15, X_RBP, X_RSI, X_RDI, X_R8, X_R9, X_R10};
#define N_ALLOC ((int)(sizeof(alloc_regs) / sizeof(alloc_regs[0])))
#define CALLER_SAVED ((1u << X_RSI) | (1u << X_RDI) | (1u << X_R8) | (1u << X_R9) | (1u << X_R10))

#define OFF(f) ((int32_t)offsetof(vp_cpu, f))
#define TLB_OFF OFF(ex.tlb)

_Static_assert(sizeof(vp_tlb_entry) == 64, "TLB index scaling assumes 64-byte entries");

enum { S_LD, S_ST, S_STOP };
typedef struct stub {
    uint8_t kind;
    bool pub;          /* publish cur_pc/cur_insn first */
    uint32_t from;     /* rel32 jumping to the stub */
    uint32_t join;     /* where to continue (S_LD/S_ST) */
    uint32_t memop;
    uint32_t live;     /* caller-saved registers holding live locals */
    int32_t idx;       /* insn index (publish, S_STOP) */
    uint64_t pc;       /* insn pc */
} stub;

typedef struct fixup {
    uint32_t at;    /* rel32 offset */
    uint32_t label; /* IR label */
} fixup;

typedef struct jctx {
    vp_cpu *cpu;
    vp_jit *jit;
    const vp_ir_block *b;
    vp_tb *tb;
    xbuf x;
    loc *locs;
    int32_t *start, *end; /* live interval per temp (op indices) */
    uint32_t *label_off;
    GArray *fixups, *stubs, *exits; /* exits: rel32 offsets jumping to the epilogue */
    GArray *trap_jumps, *mayexit_jumps;
    int32_t pidx; /* index of the current insn known statically; -1: only in memory */
    uint64_t ppc;
    bool pdirty;  /* pidx/ppc not yet stored in the hart */
    bool may_stop;/* something since the last insn start could have asked for a stop */
    uint32_t n_spill;
    /* Guest globals cached in host registers not used by any local, only
     * across runs of value ops (see cache_sync/cache_drop). */
    int8_t *gcache;     /* per global: host register or -1 */
    bool *gdirty;       /* per global: register newer than the hart */
    int32_t rowner[16]; /* per host register: cached global or -1 */
    uint32_t cfree;     /* registers usable for the cache */
    int32_t *lab_pidx;  /* per label: insn known on every edge, or -1 (label_prescan) */
    uint64_t *lab_ppc;
} jctx;

/* ---- operands ------------------------------------------------------------ */

static xrm rm_of(loc l)
{
    return l.kind == L_REG ? xr(l.reg) : xm(l.reg, l.disp);
}

static bool same_loc(loc a, loc c)
{
    if (a.kind != c.kind)
        return false;
    if (a.kind == L_REG)
        return a.reg == c.reg;
    if (a.kind == L_MEM)
        return a.reg == c.reg && a.disp == c.disp;
    return false;
}

static loc temp_loc(jctx *c, uint64_t t)
{
    if (t < c->b->n_globals && c->gcache[t] >= 0)
        return (loc){.kind = L_REG, .reg = c->gcache[t]};
    return c->locs[t];
}

static bool is64(jctx *c, uint64_t t)
{
    return c->b->temps[t].type == VP_IR_I64;
}

/* ---- global register cache ------------------------------------------------- */

/* Writes dirty cached globals back to the hart; the cache stays valid. */
static void cache_sync(jctx *c)
{
    for (int r = 0; r < 16; r++) {
        int32_t t = c->rowner[r];
        if (t >= 0 && c->gdirty[t]) {
            x_mov_store(&c->x, is64(c, (uint64_t)t) ? 8 : 4, rm_of(c->locs[t]), r);
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
    for (int r = 0; r < 16; r++)
        if (c->rowner[r] >= 0)
            cache_forget(c, (uint64_t)c->rowner[r]);
}

static int cache_reg(jctx *c)
{
    for (int r = 0; r < 16; r++)
        if ((c->cfree & (1u << r)) && c->rowner[r] < 0)
            return r;
    return -1;
}

/* Global t is about to be read: bring it into a register if one is free. */
static void cache_src(jctx *c, uint64_t t)
{
    if (t >= c->b->n_globals || c->b->temps[t].kind != VP_TEMP_GLOBAL || c->gcache[t] >= 0)
        return;
    int r = cache_reg(c);
    if (r < 0)
        return;
    x_mov_load(&c->x, is64(c, t), r, rm_of(c->locs[t]));
    c->gcache[t] = (int8_t)r;
    c->rowner[r] = (int32_t)t;
}

/* Global t is about to be overwritten (entirely) by a value op. */
static void cache_dst(jctx *c, uint64_t t)
{
    if (t >= c->b->n_globals || c->b->temps[t].kind != VP_TEMP_GLOBAL)
        return;
    if (c->gcache[t] < 0) {
        int r = cache_reg(c);
        if (r < 0)
            return;
        c->gcache[t] = (int8_t)r;
        c->rowner[r] = (int32_t)t;
    }
    c->gdirty[t] = true;
}

static void ld(jctx *c, int r, loc l, bool w)
{
    switch (l.kind) {
    case L_REG: /* a cached 32-bit global is kept zero-extended */
        if (r != l.reg || (!w && (c->rowner[l.reg] < 0 || is64(c, (uint64_t)c->rowner[l.reg]))))
            x_mov_rr(&c->x, w, r, l.reg);
        break;
    case L_MEM: x_mov_load(&c->x, w, r, rm_of(l)); break;
    default: x_mov_imm(&c->x, r, w ? l.imm : (uint32_t)l.imm); break;
    }
}

static void st(jctx *c, loc l, int r, bool w)
{
    if (l.kind == L_REG) {
        if (l.reg != r)
            x_mov_rr(&c->x, w, l.reg, r);
    } else if (l.kind == L_MEM) {
        x_mov_store(&c->x, w ? 8 : 4, rm_of(l), r);
    }
}

/* r = r op l */
static void alu(jctx *c, int op, int r, loc l, bool w)
{
    if (l.kind == L_IMM) {
        uint64_t v = w ? l.imm : (uint32_t)l.imm;
        if (!w || x_fits32((int64_t)v)) {
            x_alu_mi(&c->x, op, w, xr(r), (int32_t)(uint32_t)v);
            return;
        }
        x_mov_imm(&c->x, X_R11, v);
        x_alu_rm(&c->x, op, w, r, xr(X_R11));
        return;
    }
    x_alu_rm(&c->x, op, w, r, rm_of(l));
}

/* A register or memory operand for l (constants go through r11). */
static xrm rm_or_r11(jctx *c, loc l, bool w)
{
    if (l.kind != L_IMM)
        return rm_of(l);
    ld(c, X_R11, l, w);
    return xr(X_R11);
}

/* ---- instruction bookkeeping ------------------------------------------------ */

static void emit_publish(jctx *c, int32_t idx, uint64_t pc)
{
    x_mov_mi(&c->x, false, xm(X_RBX, OFF(cur_insn)), idx);
    if (x_fits32((int64_t)pc)) {
        x_mov_mi(&c->x, true, xm(X_RBX, OFF(cur_pc)), (int32_t)pc);
    } else {
        x_mov_imm(&c->x, X_R11, pc);
        x_mov_store(&c->x, 8, xm(X_RBX, OFF(cur_pc)), X_R11);
    }
}

static void publish(jctx *c)
{
    if (c->pdirty)
        emit_publish(c, c->pidx, c->ppc);
    c->pdirty = false;
}

/* insn_base += current insn index + 1 */
static void add_icount(jctx *c)
{
    if (c->pidx >= 0) {
        x_alu_mi(&c->x, ALU_ADD, true, xm(X_RBX, OFF(ex.insn_base)), c->pidx + 1);
        return;
    }
    x_mov_load(&c->x, false, X_RAX, xm(X_RBX, OFF(cur_insn)));
    x_alu_mi(&c->x, ALU_ADD, false, xr(X_RAX), 1);
    x_alu_mr(&c->x, ALU_ADD, true, xm(X_RBX, OFF(ex.insn_base)), X_RAX);
}

static void jmp_epilogue(jctx *c)
{
    uint32_t at = x_jmp32(&c->x);
    g_array_append_val(c->exits, at);
}

static void emit_ret_tag(jctx *c, uint64_t tag)
{
    x_mov_imm(&c->x, X_RAX, tag);
    jmp_epilogue(c);
}

/* Caller-saved registers holding locals live at op i. */
static uint32_t live_at(jctx *c, uint32_t i)
{
    uint32_t m = 0;
    for (uint32_t t = c->b->n_globals; t < c->b->n_temps; t++)
        if (c->locs[t].kind == L_REG && c->start[t] <= (int32_t)i && c->end[t] >= (int32_t)i)
            m |= 1u << c->locs[t].reg;
    return m & CALLER_SAVED;
}

static void save_regs(jctx *c, uint32_t m)
{
    for (int r = 0; r < 16; r++)
        if (m & (1u << r))
            x_mov_store(&c->x, 8, xm(X_RSP, JIT_FR_SAVE + 8 * r), r);
}

static void restore_regs(jctx *c, uint32_t m)
{
    for (int r = 0; r < 16; r++)
        if (m & (1u << r))
            x_mov_load(&c->x, true, r, xm(X_RSP, JIT_FR_SAVE + 8 * r));
}

static void call_abs(jctx *c, const void *fn)
{
    x_mov_imm(&c->x, X_RAX, (uint64_t)(uintptr_t)fn);
    x_call_r(&c->x, X_RAX);
}

/* ---- value ops ------------------------------------------------------------- */

static int cc_of(uint64_t cond)
{
    static const int map[] = {CC_E, CC_NE, CC_L, CC_GE, CC_B, CC_AE};
    return map[cond];
}

/* Sets the flags for a - b. */
static void cmp_ab(jctx *c, loc a, loc b, bool w)
{
    if (a.kind == L_REG) {
        alu(c, ALU_CMP, a.reg, b, w);
    } else if (a.kind == L_MEM && b.kind == L_REG) {
        x_alu_mr(&c->x, ALU_CMP, w, rm_of(a), b.reg);
    } else {
        ld(c, X_RAX, a, w);
        alu(c, ALU_CMP, X_RAX, b, w);
    }
}

static void gen_binop(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    static const int alus[VP_OP__COUNT] = {[VP_OP_ADD] = ALU_ADD, [VP_OP_SUB] = ALU_SUB, [VP_OP_AND] = ALU_AND,
                                           [VP_OP_OR] = ALU_OR, [VP_OP_XOR] = ALU_XOR};
    bool clash = d.kind == L_REG && b.kind == L_REG && b.reg == d.reg && !(a.kind == L_REG && a.reg == d.reg);
    int dr = d.kind == L_REG && !clash ? d.reg : X_RAX;
    ld(c, dr, a, w);
    if (op->opc == VP_OP_MUL)
        x_imul_rm(&c->x, w, dr, rm_or_r11(c, b, w));
    else
        alu(c, alus[op->opc], dr, b, w);
    st(c, d, dr, w);
}

static void gen_shift(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    int sh = op->opc == VP_OP_SHL ? SH_SHL : op->opc == VP_OP_SHR ? SH_SHR : SH_SAR;
    int dr = d.kind == L_REG ? d.reg : X_RAX;
    if (b.kind == L_IMM) {
        ld(c, dr, a, w);
        uint8_t n = (uint8_t)(b.imm & (w ? 63 : 31));
        if (n)
            x_shift_imm(&c->x, sh, w, dr, n);
    } else {
        ld(c, X_RCX, b, false);
        ld(c, dr, a, w);
        x_shift_cl(&c->x, sh, w, dr);
    }
    st(c, d, dr, w);
}

/* Sign-extends the low 32 bits of l into r (64-bit). */
static void ld_sx32(jctx *c, int r, loc l)
{
    if (l.kind == L_IMM)
        x_mov_imm(&c->x, r, (uint64_t)(int64_t)(int32_t)l.imm);
    else
        x_movsxd(&c->x, r, rm_of(l));
}

static void gen_mulh(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    if (!w) { /* 32x32 -> 64 in a 64-bit multiply, take the high half */
        if (op->opc == VP_OP_MULUH)
            ld(c, X_RAX, a, false);
        else
            ld_sx32(c, X_RAX, a);
        if (op->opc == VP_OP_MULSH)
            ld_sx32(c, X_RCX, b);
        else
            ld(c, X_RCX, b, false);
        x_imul_rm(&c->x, true, X_RAX, xr(X_RCX));
        x_shift_imm(&c->x, SH_SHR, true, X_RAX, 32);
        st(c, d, X_RAX, false);
        return;
    }
    ld(c, X_RAX, a, true);
    if (op->opc == VP_OP_MULSUH)
        x_mov_rr(&c->x, true, X_RCX, X_RAX);
    xrm rb = rm_or_r11(c, b, true);
    x_f7(&c->x, op->opc == VP_OP_MULSH ? 5 : 4, true, rb);
    if (op->opc == VP_OP_MULSUH) { /* hi(signed a * unsigned b) = hi_u - (a < 0 ? b : 0) */
        x_shift_imm(&c->x, SH_SAR, true, X_RCX, 63);
        x_alu_rm(&c->x, ALU_AND, true, X_RCX, rb);
        x_alu_rm(&c->x, ALU_SUB, true, X_RDX, xr(X_RCX));
    }
    st(c, d, X_RDX, true);
}

/* Total division: x/0 = ~0, x%0 = x, MIN/-1 = MIN, MIN%-1 = 0. */
static void gen_div(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    bool sgn = op->opc == VP_OP_DIV || op->opc == VP_OP_REM;
    bool rem = op->opc == VP_OP_REM || op->opc == VP_OP_REMU;
    xbuf *x = &c->x;
    uint32_t j_m1 = 0, j_done2 = 0;
    ld(c, X_RCX, b, w);
    ld(c, X_RAX, a, w);
    x_test_rr(x, w, X_RCX, X_RCX);
    uint32_t j_zero = x_jcc8(x, CC_E);
    if (sgn) {
        x_alu_mi(x, ALU_CMP, w, xr(X_RCX), -1);
        j_m1 = x_jcc8(x, CC_E);
        x_cqo(x, w);
        x_f7(x, 7, w, xr(X_RCX));
    } else {
        x_alu_rm(x, ALU_XOR, false, X_RDX, xr(X_RDX));
        x_f7(x, 6, w, xr(X_RCX));
    }
    if (rem)
        x_mov_rr(x, w, X_RAX, X_RDX);
    uint32_t j_done = x_jmp8(x);
    if (sgn) {
        x_patch8_here(x, j_m1); /* b == -1: a / -1 = -a (wraps at MIN), a % -1 = 0 */
        if (rem)
            x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
        else
            x_f7(x, 3, w, xr(X_RAX));
        j_done2 = x_jmp8(x);
    }
    x_patch8_here(x, j_zero);
    if (!rem)
        x_mov_imm(x, X_RAX, w ? UINT64_MAX : UINT32_MAX);
    x_patch8_here(x, j_done);
    if (sgn)
        x_patch8_here(x, j_done2);
    st(c, d, X_RAX, w);
}

static void gen_ext(jctx *c, const vp_ir_op *op, loc d, loc a)
{
    bool w = op->type == VP_IR_I64;
    int dr = d.kind == L_REG ? d.reg : X_RAX;
    xrm s = rm_or_r11(c, a, true);
    switch (op->opc) {
    case VP_OP_EXT8S: x_movsx8(&c->x, w, dr, s); break;
    case VP_OP_EXT8U: x_movzx8(&c->x, false, dr, s); break;
    case VP_OP_EXT16S: x_movsx16(&c->x, w, dr, s); break;
    case VP_OP_EXT16U: x_movzx16(&c->x, false, dr, s); break;
    case VP_OP_EXT32S: case VP_OP_EXTS_I32_I64: x_movsxd(&c->x, dr, s); break;
    default: x_mov_load(&c->x, false, dr, s); break; /* EXT32U, EXTU, TRUNC */
    }
    st(c, d, dr, w);
}

static void gen_mov(jctx *c, loc d, loc a, bool w)
{
    if (same_loc(d, a))
        return;
    if (d.kind == L_MEM && a.kind == L_IMM && (!w || x_fits32((int64_t)a.imm))) {
        x_mov_mi(&c->x, w, rm_of(d), (int32_t)(uint32_t)a.imm);
        return;
    }
    int dr = d.kind == L_REG ? d.reg : X_RAX;
    ld(c, dr, a, w);
    st(c, d, dr, w);
}

/* Folds an op whose inputs are all constants. Returns true if done. */
static bool try_fold(jctx *c, const vp_ir_op *op, unsigned n_in, loc d)
{
    uint64_t in[4] = {0};
    for (unsigned i = 0; i < n_in; i++) {
        loc l = temp_loc(c, op->args[1 + i]);
        if (l.kind != L_IMM)
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
    gen_mov(c, d, (loc){.kind = L_IMM, .imm = r}, op->type == VP_IR_I64);
    return true;
}

static void gen_setcond(jctx *c, const vp_ir_op *op, loc d, loc a, loc b, bool w)
{
    uint64_t cond = op->args[3];
    if (cond >= VP_COND_ALWAYS) {
        gen_mov(c, d, (loc){.kind = L_IMM, .imm = cond == VP_COND_ALWAYS}, w);
        return;
    }
    cmp_ab(c, a, b, w);
    x_setcc(&c->x, cc_of(cond), X_RAX);
    x_movzx8(&c->x, false, X_RAX, xr(X_RAX));
    st(c, d, X_RAX, w);
}

static void gen_movcond(jctx *c, const vp_ir_op *op, loc d, bool w)
{
    uint64_t cond = op->args[5];
    loc a = temp_loc(c, op->args[1]), b = temp_loc(c, op->args[2]);
    loc vt = temp_loc(c, op->args[3]), vf = temp_loc(c, op->args[4]);
    if (cond >= VP_COND_ALWAYS) {
        gen_mov(c, d, cond == VP_COND_ALWAYS ? vt : vf, w);
        return;
    }
    ld(c, X_RCX, vt, w);
    ld(c, X_RDX, vf, w);
    cmp_ab(c, a, b, w);
    x_cmov(&c->x, cc_of(cond), w, X_RDX, xr(X_RCX));
    st(c, d, X_RDX, w);
}

static bool gen_value(jctx *c, const vp_ir_op *op)
{
    static const uint8_t n_in[VP_OP__COUNT] = {
#define X_NIN(name, o, i, k, f) [VP_OP_##name] = i,
        VP_IR_OPS(X_NIN)
#undef X_NIN
    };
    bool w = op->type == VP_IR_I64;
    bool imm_src = true; /* a constant result goes straight to the hart */
    for (unsigned k = 1; k <= n_in[op->opc] && k < 6; k++) {
        cache_src(c, op->args[k]);
        if (temp_loc(c, op->args[k]).kind != L_IMM)
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
    switch (op->opc) {
    case VP_OP_MOV: gen_mov(c, d, a, w); break;
    case VP_OP_EXT8S: case VP_OP_EXT8U: case VP_OP_EXT16S: case VP_OP_EXT16U: case VP_OP_EXT32S:
    case VP_OP_EXT32U: case VP_OP_EXTS_I32_I64: case VP_OP_EXTU_I32_I64: case VP_OP_TRUNC_I64_I32:
        gen_ext(c, op, d, a);
        break;
    case VP_OP_NEG: case VP_OP_NOT: {
        int dr = d.kind == L_REG ? d.reg : X_RAX;
        ld(c, dr, a, w);
        x_f7(&c->x, op->opc == VP_OP_NEG ? 3 : 2, w, xr(dr));
        st(c, d, dr, w);
        break;
    }
    case VP_OP_ADD: case VP_OP_SUB: case VP_OP_AND: case VP_OP_OR: case VP_OP_XOR: case VP_OP_MUL:
        gen_binop(c, op, d, a, b, w);
        break;
    case VP_OP_SHL: case VP_OP_SHR: case VP_OP_SAR: gen_shift(c, op, d, a, b, w); break;
    case VP_OP_MULSH: case VP_OP_MULUH: case VP_OP_MULSUH: gen_mulh(c, op, d, a, b, w); break;
    case VP_OP_DIV: case VP_OP_DIVU: case VP_OP_REM: case VP_OP_REMU: gen_div(c, op, d, a, b, w); break;
    case VP_OP_SETCOND: gen_setcond(c, op, d, a, b, w); break;
    case VP_OP_MOVCOND: gen_movcond(c, op, d, w); break;
    default: return false;
    }
    return true;
}

/* ---- memory ------------------------------------------------------------------ */

static void add_stub(jctx *c, uint8_t kind, uint32_t from, uint32_t memop, uint32_t live)
{
    stub s = {.kind = kind, .pub = c->pdirty, .from = from, .memop = memop, .live = live,
              .idx = c->pidx, .pc = c->ppc};
    g_array_append_val(c->stubs, s);
}

/* rax = masked guest address; jumps to a new stub on a TLB miss for the
 * tag at `tag_off`; on a hit leaves the host address in rax. */
static void tlb_lookup(jctx *c, loc addr, bool aw, uint32_t memop, int32_t tag_off, uint8_t kind, uint32_t live)
{
    xbuf *x = &c->x;
    uint32_t size = 1u << (memop & VP_MO_SIZE);
    ld(c, X_RAX, addr, aw);
    x_alu_rm(x, ALU_AND, true, X_RAX, xm(X_RBX, OFF(ex.addr_mask)));
    x_mov_rr(x, true, X_RCX, X_RAX);
    x_shift_imm(x, SH_SHR, true, X_RCX, VP_PAGE_BITS);
    x_movzx8(x, false, X_RCX, xr(X_RCX)); /* VP_TLB_SIZE == 256 */
    x_shift_imm(x, SH_SHL, true, X_RCX, 6);
    x_mov_rr(x, true, X_R11, X_RAX);
    x_alu_mi(x, ALU_AND, true, xr(X_R11), (int32_t)(VP_PAGE_MASK | (size - 1)));
    x_alu_rm(x, ALU_CMP, true, X_R11, xmi(X_RBX, X_RCX, 1, TLB_OFF + tag_off));
    add_stub(c, kind, x_jcc32(x, CC_NE), memop, live);
    x_alu_rm(x, ALU_ADD, true, X_RAX, xmi(X_RBX, X_RCX, 1, TLB_OFF + (int32_t)offsetof(vp_tlb_entry, addend)));
}

_Static_assert(VP_TLB_SIZE == 256, "the inlined TLB index uses movzx of one byte");
_Static_assert(VP_CODE_LINES == 256, "the code-line index uses movzx of one byte");

static void gen_qld(jctx *c, const vp_ir_op *op, uint32_t i)
{
    uint32_t memop = (uint32_t)op->args[2], size = memop & VP_MO_SIZE;
    bool sgn = (memop & VP_MO_SIGN) != 0, w = op->type == VP_IR_I64;
    tlb_lookup(c, temp_loc(c, op->args[1]), is64(c, op->args[1]), memop, (int32_t)offsetof(vp_tlb_entry, tag_r),
               S_LD, live_at(c, i));
    xrm m = xm(X_RAX, 0);
    switch (size) {
    case 0: sgn ? x_movsx8(&c->x, w, X_RAX, m) : x_movzx8(&c->x, false, X_RAX, m); break;
    case 1: sgn ? x_movsx16(&c->x, w, X_RAX, m) : x_movzx16(&c->x, false, X_RAX, m); break;
    case 2: (sgn && w) ? x_movsxd(&c->x, X_RAX, m) : x_mov_load(&c->x, false, X_RAX, m); break;
    default: x_mov_load(&c->x, true, X_RAX, m); break;
    }
    g_array_index(c->stubs, stub, c->stubs->len - 1).join = x_pos(&c->x);
    st(c, temp_loc(c, op->args[0]), X_RAX, w);
}

static void gen_qst(jctx *c, const vp_ir_op *op, uint32_t i)
{
    uint32_t memop = (uint32_t)op->args[2];
    ld(c, X_RDX, temp_loc(c, op->args[0]), is64(c, op->args[0]));
    tlb_lookup(c, temp_loc(c, op->args[1]), is64(c, op->args[1]), memop, (int32_t)offsetof(vp_tlb_entry, tag_w),
               S_ST, live_at(c, i));
    x_mov_store(&c->x, 1u << (memop & VP_MO_SIZE), xm(X_RAX, 0), X_RDX);
    g_array_index(c->stubs, stub, c->stubs->len - 1).join = x_pos(&c->x);
}

static void emit_mem_stub(jctx *c, const stub *s)
{
    xbuf *x = &c->x;
    bool store = s->kind == S_ST;
    if (store) {
        /* A writable page holding code: store directly unless the line
         * holds code. In: rax = address, rcx = TLB entry offset, r11 = masked
         * address (alignment bits kept), rdx = value; rcx and r11 are free.
         * An aligned access of <= 8 bytes stays inside one 16-byte line. */
        x_alu_rm(x, ALU_CMP, true, X_R11, xmi(X_RBX, X_RCX, 1, TLB_OFF + (int32_t)offsetof(vp_tlb_entry, tag_wc)));
        uint32_t no1 = x_jcc8(x, CC_NE);
        x_mov_rr(x, true, X_R11, X_RAX);
        x_shift_imm(x, SH_SHR, true, X_R11, VP_CODE_LINE_BITS);
        x_movzx8(x, false, X_R11, xr(X_R11)); /* line index: VP_CODE_LINES == 256 */
        x_alu_rm(x, ALU_ADD, true, X_R11, xmi(X_RBX, X_RCX, 1, TLB_OFF + (int32_t)offsetof(vp_tlb_entry, code_lines)));
        x_cmp_mi8(x, xm(X_R11, 0), 0);
        uint32_t no2 = x_jcc8(x, CC_NE);
        x_mov_load(x, true, X_RCX, xmi(X_RBX, X_RCX, 1, TLB_OFF + (int32_t)offsetof(vp_tlb_entry, addend)));
        x_mov_store(x, 1u << (s->memop & VP_MO_SIZE), xmi(X_RCX, X_RAX, 1, 0), X_RDX);
        x_patch32(x, x_jmp32(x), s->join);
        x_patch8_here(x, no1);
        x_patch8_here(x, no2);
    }
    x_mov_store(x, 8, xm(X_RSP, JIT_FR_ADDR), X_RAX);
    save_regs(c, s->live);
    if (s->pub)
        emit_publish(c, s->idx, s->pc);
    if (store)
        x_mov_rr(x, true, X_RCX, X_RDX);
    else
        x_lea(x, true, X_RCX, xm(X_RSP, JIT_FR_VAL));
    x_mov_rr(x, true, X_RSI, X_RAX);
    x_mov_imm(x, X_RDX, s->memop);
    x_mov_rr(x, true, X_RDI, X_RBX);
    call_abs(c, store ? (const void *)vp__tlb_store_slow : (const void *)vp__tlb_load_slow);
    x_test_rr(x, false, X_RAX, X_RAX);
    uint32_t ok = x_jcc8(x, CC_E);
    x_mov_rr(x, false, X_R8, X_RAX);
    x_mov_rr(x, true, X_RDI, X_RBX);
    x_mov_load(x, true, X_RSI, xm(X_RSP, JIT_FR_ADDR));
    x_mov_imm(x, X_RDX, s->memop);
    x_mov_imm(x, X_RCX, store);
    call_abs(c, (const void *)vp__cpu_mem_fault);
    uint32_t tj = x_jmp32(x);
    g_array_append_val(c->trap_jumps, tj);
    x_patch8_here(x, ok);
    restore_regs(c, s->live);
    if (!store)
        x_mov_load(x, true, X_RAX, xm(X_RSP, JIT_FR_VAL));
    x_patch32(x, x_jmp32(x), s->join);
}

/* ---- calls, structure ----------------------------------------------------------- */

static void gen_call(jctx *c, const vp_ir_op *op, uint32_t i)
{
    static const int8_t argr[3] = {X_RSI, X_RDX, X_RCX};
    uint32_t live = live_at(c, i);
    publish(c);
    save_regs(c, live);
    for (unsigned k = 0; k < 3; k++) {
        uint64_t t = op->args[1 + k];
        if (t == VP_IR_NO_TEMP) {
            x_mov_imm(&c->x, argr[k], 0);
            continue;
        }
        loc l = temp_loc(c, t);
        if (l.kind == L_REG && (live & (1u << l.reg)))
            l = (loc){.kind = L_MEM, .reg = X_RSP, .disp = JIT_FR_SAVE + 8 * l.reg};
        ld(c, argr[k], l, is64(c, t));
    }
    x_mov_rr(&c->x, true, X_RDI, X_RBX);
    call_abs(c, (const void *)op->fn);
    if (op->args[4] & VP_CALL_MAY_EXIT) {
        x_alu_mi(&c->x, ALU_CMP, false, xm(X_RBX, OFF(exit_tb_now)), 0);
        uint32_t j = x_jcc32(&c->x, CC_NE);
        g_array_append_val(c->mayexit_jumps, j);
    }
    restore_regs(c, live);
    if (op->args[0] != VP_IR_NO_TEMP)
        st(c, temp_loc(c, op->args[0]), X_RAX, is64(c, op->args[0]));
    c->may_stop = true;
}

static void gen_insn_start(jctx *c, const vp_ir_op *op)
{
    c->pidx = (int32_t)op->args[1];
    c->ppc = op->args[0];
    c->pdirty = true;
    if (c->may_stop) {
        cache_sync(c);
        x_alu_mi(&c->x, ALU_CMP, false, xm(X_RBX, OFF(ex.jit_stop)), 0);
        add_stub(c, S_STOP, x_jcc32(&c->x, CC_NE), 0, 0);
        c->may_stop = false;
    }
}

/* insn_base += current insn index + 1, leaving the new value in rax. */
static void add_icount_rax(jctx *c)
{
    if (c->pidx < 0) {
        add_icount(c);
        x_mov_load(&c->x, true, X_RAX, xm(X_RBX, OFF(ex.insn_base)));
        return;
    }
    x_mov_load(&c->x, true, X_RAX, xm(X_RBX, OFF(ex.insn_base)));
    x_alu_mi(&c->x, ALU_ADD, true, xr(X_RAX), c->pidx + 1);
    x_mov_store(&c->x, 8, xm(X_RBX, OFF(ex.insn_base)), X_RAX);
}

/* Counts the insn, then jumps to `fail` (rel8 list) unless the block may
 * chain on. */
static void chain_checks(jctx *c, uint32_t fail[2])
{
    add_icount_rax(c);
    x_alu_rm(&c->x, ALU_CMP, true, X_RAX, xm(X_RBX, OFF(ex.icount_stop)));
    fail[0] = x_jcc8(&c->x, CC_AE);
    x_alu_mi(&c->x, ALU_CMP, false, xm(X_RBX, OFF(exit_request)), 0);
    fail[1] = x_jcc8(&c->x, CC_NE);
}

static void gen_exit(jctx *c, uint64_t slot)
{
    uint32_t fail[2];
    if (slot >= 2) {
        add_icount(c);
        x_alu_rm(&c->x, ALU_XOR, false, X_RAX, xr(X_RAX));
        jmp_epilogue(c);
        return;
    }
    chain_checks(c, fail);
    uint32_t at = x_jmp32(&c->x);
    x_patch8_here(&c->x, fail[0]);
    x_patch8_here(&c->x, fail[1]);
    x_patch32(&c->x, at, x_pos(&c->x));
    c->tb->jmp_at[slot] = c->jit->rx + at;
    c->tb->jmp_reset[slot] = c->jit->rx + x_pos(&c->x);
    emit_ret_tag(c, (uint64_t)(uintptr_t)c->tb | (slot + 1));
}

static void gen_lookup(jctx *c)
{
    uint32_t fail[2];
    chain_checks(c, fail);
    x_mov_rr(&c->x, true, X_RDI, X_RBX);
    call_abs(c, (const void *)vp__jit_lookup);
    x_test_rr(&c->x, true, X_RAX, X_RAX);
    uint32_t miss = x_jcc8(&c->x, CC_E);
    x_jmp_r(&c->x, X_RAX);
    x_patch8_here(&c->x, fail[0]);
    x_patch8_here(&c->x, fail[1]);
    x_patch8_here(&c->x, miss);
    x_alu_rm(&c->x, ALU_XOR, false, X_RAX, xr(X_RAX));
    jmp_epilogue(c);
}

static void gen_branch(jctx *c, const vp_ir_op *op)
{
    fixup f;
    cache_sync(c);
    f.label = (uint32_t)(op->opc == VP_OP_BR ? op->args[0] : op->args[3]);
    /* The target knows the insn statically (label_prescan) or reads it from the hart. */
    if (f.label >= c->b->n_labels || c->lab_pidx[f.label] < 0)
        publish(c);
    if (op->opc == VP_OP_BR || op->args[2] == VP_COND_ALWAYS) {
        f.at = x_jmp32(&c->x);
    } else {
        bool w = op->type == VP_IR_I64;
        cmp_ab(c, temp_loc(c, op->args[0]), temp_loc(c, op->args[1]), w);
        f.at = x_jcc32(&c->x, cc_of(op->args[2]));
    }
    g_array_append_val(c->fixups, f);
}

static bool gen_op(jctx *c, const vp_ir_op *op, uint32_t i)
{
    switch (op->opc) {
    case VP_OP_INSN_START: case VP_OP_GOTO_TB: case VP_OP_BR: case VP_OP_BRCOND: break;
    case VP_OP_LD_ENV: case VP_OP_ST_ENV: case VP_OP_QLD: case VP_OP_QST: case VP_OP_SET_LABEL:
    case VP_OP_CALL: case VP_OP_EXIT_TB: case VP_OP_LOOKUP_TB:
        cache_drop(c);
        break;
    default: break; /* value ops */
    }
    switch (op->opc) {
    case VP_OP_LD_ENV: {
        bool w = op->type == VP_IR_I64;
        loc d = temp_loc(c, op->args[0]);
        int dr = d.kind == L_REG ? d.reg : X_RAX;
        x_mov_load(&c->x, w, dr, xm(X_RBX, (int32_t)op->args[1]));
        st(c, d, dr, w);
        return true;
    }
    case VP_OP_ST_ENV: {
        bool w = op->type == VP_IR_I64;
        ld(c, X_RAX, temp_loc(c, op->args[0]), w);
        x_mov_store(&c->x, w ? 8 : 4, xm(X_RBX, (int32_t)op->args[1]), X_RAX);
        return true;
    }
    case VP_OP_QLD: gen_qld(c, op, i); c->may_stop = true; return true;
    case VP_OP_QST: gen_qst(c, op, i); c->may_stop = true; return true;
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
            c->label_off[l] = x_pos(&c->x);
        c->may_stop = true;
        return true;
    }
    case VP_OP_BR: gen_branch(c, op); return true;
    case VP_OP_BRCOND:
        if (op->args[2] != VP_COND_NEVER)
            gen_branch(c, op);
        return true;
    case VP_OP_CALL: gen_call(c, op, i); return true;
    case VP_OP_INSN_START: gen_insn_start(c, op); return true;
    case VP_OP_GOTO_TB: return true;
    case VP_OP_EXIT_TB: gen_exit(c, op->args[0]); return true;
    case VP_OP_LOOKUP_TB: gen_lookup(c); return true;
    default: return gen_value(c, op);
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
    int32_t reg_busy[N_ALLOC], *slot_busy = g_new(int32_t, JIT_N_SPILL);
    uint32_t *order = g_new(uint32_t, b->n_temps + 1), n = 0;
    bool ok = true;
    for (int r = 0; r < N_ALLOC; r++)
        reg_busy[r] = -1;
    for (uint32_t s = 0; s < JIT_N_SPILL; s++)
        slot_busy[s] = -1;
    for (uint32_t t = 0; t < b->n_temps; t++) {
        const vp_ir_temp_info *ti = &b->temps[t];
        if (ti->kind == VP_TEMP_GLOBAL)
            c->locs[t] = (loc){.kind = L_MEM, .reg = X_RBX, .disp = (int32_t)ti->offset};
        else if (ti->kind == VP_TEMP_CONST)
            c->locs[t] = (loc){.kind = L_IMM, .imm = ti->type == VP_IR_I32 ? (uint32_t)ti->val : ti->val};
        else if (c->end[t] >= 0)
            order[n++] = t;
        else
            c->locs[t] = (loc){.kind = L_MEM, .reg = X_RSP, .disp = JIT_FR_VAL}; /* unused */
    }
    g_qsort_with_data(order, (gint)n, sizeof(*order), by_start, c);
    for (uint32_t k = 0; k < n && ok; k++) {
        uint32_t t = order[k];
        int r = 0;
        while (r < N_ALLOC && reg_busy[r] >= c->start[t])
            r++;
        if (r < N_ALLOC) {
            reg_busy[r] = c->end[t];
            c->locs[t] = (loc){.kind = L_REG, .reg = alloc_regs[r]};
            continue;
        }
        uint32_t s = 0;
        while (s < JIT_N_SPILL && slot_busy[s] >= c->start[t])
            s++;
        if (s == JIT_N_SPILL) {
            ok = false;
            break;
        }
        slot_busy[s] = c->end[t];
        c->n_spill = MAX(c->n_spill, s + 1);
        c->locs[t] = (loc){.kind = L_MEM, .reg = X_RSP, .disp = JIT_FR_SPILL + 8 * (int32_t)s};
    }
    g_free(order);
    g_free(slot_busy);
    return ok;
}

/* ---- block ---------------------------------------------------------------------------- */

static void emit_stubs(jctx *c)
{
    xbuf *x = &c->x;
    for (guint k = 0; k < c->stubs->len; k++) {
        stub *s = &g_array_index(c->stubs, stub, k);
        x_patch32(x, s->from, x_pos(x));
        if (s->kind == S_STOP) { /* leave before this instruction */
            x_mov_imm(x, X_R11, s->pc);
            x_mov_store(x, 8, xm(X_RBX, OFF(pc)), X_R11);
            if (s->idx)
                x_alu_mi(x, ALU_ADD, true, xm(X_RBX, OFF(ex.insn_base)), s->idx);
            x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
            jmp_epilogue(c);
        } else {
            emit_mem_stub(c, s);
        }
    }
    /* Trap in a memory op: the instruction did not retire. */
    for (guint k = 0; k < c->trap_jumps->len; k++)
        x_patch32(x, g_array_index(c->trap_jumps, uint32_t, k), x_pos(x));
    if (c->trap_jumps->len) {
        x_mov_load(x, false, X_RAX, xm(X_RBX, OFF(cur_insn)));
        x_alu_mr(x, ALU_ADD, true, xm(X_RBX, OFF(ex.insn_base)), X_RAX);
        x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
        jmp_epilogue(c);
    }
    /* A helper asked to leave: count the insn if it retired. */
    for (guint k = 0; k < c->mayexit_jumps->len; k++)
        x_patch32(x, g_array_index(c->mayexit_jumps, uint32_t, k), x_pos(x));
    if (c->mayexit_jumps->len) {
        x_mov_load(x, false, X_RAX, xm(X_RBX, OFF(exit_tb_now)));
        x_mov_mi(x, false, xm(X_RBX, OFF(exit_tb_now)), VP_EXIT_TB_NONE);
        x_alu_rm(x, ALU_XOR, false, X_RCX, xr(X_RCX));
        x_alu_mi(x, ALU_CMP, false, xr(X_RAX), VP_EXIT_TB_RETIRED);
        x_setcc(x, CC_E, X_RCX);
        x_alu_rm(x, ALU_ADD, false, X_RCX, xm(X_RBX, OFF(cur_insn)));
        x_alu_mr(x, ALU_ADD, true, xm(X_RBX, OFF(ex.insn_base)), X_RCX);
        x_alu_rm(x, ALU_XOR, false, X_RAX, xr(X_RAX));
        jmp_epilogue(c);
    }
}

static void lab_merge(jctx *c, uint64_t l, int32_t p, uint64_t pc)
{
    if (c->lab_pidx[l] == INT32_MIN) {
        c->lab_pidx[l] = p;
        c->lab_ppc[l] = pc;
    } else if (c->lab_pidx[l] != p || c->lab_ppc[l] != pc) {
        c->lab_pidx[l] = -1;
    }
}

/* Per label, the insn (index, pc) current on every edge into it if they
 * all agree and none is a backward branch; else -1 (read from the hart). */
static void label_prescan(jctx *c)
{
    const vp_ir_block *b = c->b;
    int32_t p = -1;
    uint64_t pc = 0;
    bool ft = true;
    for (uint32_t l = 0; l <= b->n_labels; l++)
        c->lab_pidx[l] = INT32_MIN;
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->dead || (op->opc != VP_OP_BR && op->opc != VP_OP_BRCOND))
            continue;
        uint64_t l = op->opc == VP_OP_BR ? op->args[0] : op->args[3];
        if (l < b->n_labels && b->label_pos[l] <= i)
            c->lab_pidx[l] = -1;
    }
    for (uint32_t i = 0; i < b->n_ops; i++) {
        const vp_ir_op *op = &b->ops[i];
        if (op->dead)
            continue;
        switch (op->opc) {
        case VP_OP_INSN_START: p = (int32_t)op->args[1]; pc = op->args[0]; ft = true; break;
        case VP_OP_BR: case VP_OP_BRCOND: {
            if (op->opc == VP_OP_BRCOND && op->args[2] == VP_COND_NEVER)
                break;
            uint64_t l = op->opc == VP_OP_BR ? op->args[0] : op->args[3];
            if (l < b->n_labels)
                lab_merge(c, l, p, pc);
            if (op->opc == VP_OP_BR || op->args[2] == VP_COND_ALWAYS)
                ft = false;
            break;
        }
        case VP_OP_SET_LABEL: {
            uint64_t l = op->args[0];
            if (l >= b->n_labels) {
                p = -1;
            } else {
                if (ft)
                    lab_merge(c, l, p, pc);
                if (c->lab_pidx[l] == INT32_MIN)
                    c->lab_pidx[l] = -1;
                p = c->lab_pidx[l];
                pc = c->lab_ppc[l];
            }
            ft = true;
            break;
        }
        case VP_OP_EXIT_TB: case VP_OP_LOOKUP_TB: ft = false; break;
        case VP_OP_GOTO_TB: break;
        default: ft = true; break;
        }
    }
}

static bool gen_block(jctx *c)
{
    xbuf *x = &c->x;
    /* entry: the block is the current one */
    x_mov_imm(x, X_R11, (uint64_t)(uintptr_t)c->tb);
    x_mov_store(x, 8, xm(X_RBX, OFF(ex.cur_tb)), X_R11);
    x_alu_mi(x, ALU_ADD, true, xm(X_RBX, OFF(ex.stats.tbs_executed)), 1);
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
        x_patch32(x, f->at, c->label_off[f->label]);
    }
    for (guint k = 0; k < c->exits->len; k++)
        x_patch32(x, g_array_index(c->exits, uint32_t, k), c->jit->epilogue);
    return !x->overflow;
}

bool vp__jit_compile(vp_cpu *cpu, const vp_ir_block *b, vp_tb *tb, bool *full)
{
    vp_jit *j = cpu->ex.jit;
    jctx c = {.cpu = cpu, .jit = j, .b = b, .tb = tb, .pidx = -1};
    uint32_t begin = vp__jit_align(j->used);
    bool ok = false;

    *full = false;
    c.x = (xbuf){.start = j->rw, .p = j->rw + begin, .end = j->rw + j->size};
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
    tb->jmp_at[0] = tb->jmp_at[1] = NULL;
    c.gcache = g_new(int8_t, b->n_globals + 1);
    memset(c.gcache, -1, b->n_globals + 1);
    c.gdirty = g_new0(bool, b->n_globals + 1);
    for (int r = 0; r < 16; r++)
        c.rowner[r] = -1;
    for (int k = 0; k < N_ALLOC; k++)
        c.cfree |= 1u << alloc_regs[k];
    c.lab_pidx = g_new(int32_t, b->n_labels + 1);
    c.lab_ppc = g_new0(uint64_t, b->n_labels + 1);
    label_prescan(&c);
    intervals(&c);
    if (regalloc(&c)) {
        for (uint32_t t = b->n_globals; t < b->n_temps; t++)
            if (c.locs[t].kind == L_REG)
                c.cfree &= ~(1u << c.locs[t].reg);
        ok = gen_block(&c);
        *full = c.x.overflow;
    }
    if (ok) {
        tb->kind = VP_TB_JIT;
        tb->host = j->rx + begin;
        tb->code = NULL;
        tb->code_bytes = x_pos(&c.x) - begin;
        j->used = x_pos(&c.x);
    } else {
        tb->jmp_at[0] = tb->jmp_at[1] = NULL;
    }
    g_free(c.locs);
    g_free(c.start);
    g_free(c.end);
    g_free(c.label_off);
    g_free(c.gcache);
    g_free(c.gdirty);
    g_free(c.lab_pidx);
    g_free(c.lab_ppc);
    g_array_free(c.fixups, TRUE);
    g_array_free(c.stubs, TRUE);
    g_array_free(c.exits, TRUE);
    g_array_free(c.trap_jumps, TRUE);
    g_array_free(c.mayexit_jumps, TRUE);
    return ok;
}
