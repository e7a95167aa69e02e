/* SPDX-License-Identifier: Apache-2.0 */
/* rv_translate.c - RISC-V to IR translator: block building and one
 * trans_<insn>() per handler named in the .def tables. XLEN-parametric:
 * every register temp has the type c->ty (I32 on RV32, I64 on RV64). */
#include <stddef.h>

#include "rv_int.h"

#define RV_MAX_BLOCK_INSNS 64
#define RV_MAX_HOT_INSNS 128 /* hot translations: a loop body up to this size becomes one block */
#define RV_PAGE_MASK (~(uint64_t)0xfff)

typedef struct rv_ctx {
    vp_cpu *cpu;
    vp_ir_block *b;
    vp_ir_type ty;       /* XLEN type of registers */
    unsigned xlen;
    uint32_t flags;      /* vp__rv_tb_flags */
    uint32_t ext;        /* VP_EXT_* */
    uint64_t pc;         /* current instruction */
    uint64_t next_pc;    /* pc + len */
    bool end;            /* the instruction ended the block (exits emitted) */
    vp_ir_temp gx[32];   /* x1..x31 globals (gx[0] unused) */
    vp_ir_temp gpc;
    /* Superblocks (hot translations only): the block goes on past a branch
     * its profile says goes one way (vp__tb_hot_exit) and past forward `j`s
     * in the same page, leaving the other way through a side exit. */
    uint64_t page;       /* the block's virtual page */
    uint64_t seg_pc;     /* where the straight run being translated began */
    unsigned n_ext;      /* continuations so far */
    unsigned n_side;     /* side exits through chaining slots so far */
} rv_ctx;

#define RV_MAX_EXT 4

typedef bool (*rv_trans_fn)(rv_ctx *c, const rv_insn *a);

/* ---- small emitters ------------------------------------------------------ */

static uint64_t xm(const rv_ctx *c, uint64_t v) { return c->xlen == 32 ? (uint32_t)v : v; }
static vp_ir_temp cst(rv_ctx *c, uint64_t v) { return vp__ir_const(c->b, c->ty, xm(c, v)); }
static vp_ir_temp cst64(rv_ctx *c, uint64_t v) { return vp__ir_const(c->b, VP_IR_I64, v); }
static vp_ir_temp tmp(rv_ctx *c) { return vp__ir_local(c->b, c->ty); }
static vp_ir_temp gpr(rv_ctx *c, unsigned r) { return r ? c->gx[r] : cst(c, 0); }
static vp_ir_temp dst(rv_ctx *c, unsigned r) { return r ? c->gx[r] : tmp(c); }

static const char *const gname[32] = {
    "x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",  "x8",  "x9",  "x10",
    "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21",
    "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30", "x31",
};

/* Finds a registered global by offset, or registers it. */
static vp_ir_temp bind_global(rv_ctx *c, uint32_t off, const char *name)
{
    vp_ir_block *b = c->b;

    for (uint32_t t = 0; t < b->n_globals; t++) {
        if (b->temps[t].kind == VP_TEMP_GLOBAL && b->temps[t].offset == off && b->temps[t].type == c->ty)
            return t;
    }
    return vp__ir_global(b, c->ty, off, name);
}

static void bind_globals(rv_ctx *c)
{
    for (unsigned r = 1; r < 32; r++)
        c->gx[r] = bind_global(c, (uint32_t)(offsetof(vp_cpu, x) + 8 * r), gname[r]);
    c->gpc = bind_global(c, (uint32_t)offsetof(vp_cpu, pc), "pc");
}

/* Ends the block towards a known pc through chaining slot `slot`. */
static void exit_to(rv_ctx *c, uint64_t dest, unsigned slot)
{
    vp__ir_movi(c->b, c->ty, c->gpc, xm(c, dest));
    vp__ir_goto_tb(c->b, slot);
    vp__ir_exit_tb(c->b, slot);
}

/* Ends the block at pc = dest, back to the loop (interrupt check). */
static void exit_nochain(rv_ctx *c, uint64_t dest)
{
    vp__ir_movi(c->b, c->ty, c->gpc, xm(c, dest));
    vp__ir_exit_tb(c->b, VP_EXIT_NOCHAIN);
}

/* Calls a helper that always leaves the block (trap or retire). */
static void call_exit(rv_ctx *c, vp_ir_helper_fn fn, const char *name, vp_ir_temp a0, vp_ir_temp a1)
{
    vp__ir_emit_call(c->b, fn, name, VP_CALL_MAY_EXIT, VP_IR_NO_TEMP, a0, a1, VP_IR_NO_TEMP);
    vp__ir_exit_tb(c->b, VP_EXIT_NOCHAIN);
    c->end = true;
}

/* Raises exception `cause` with tval (a temp) at the current instruction. */
static void gen_raise_t(rv_ctx *c, uint32_t cause, vp_ir_temp tval)
{
    call_exit(c, vp__rv_helper_raise, "rv_raise", cst64(c, cause), tval);
}

static void gen_raise(rv_ctx *c, uint32_t cause, uint64_t tval)
{
    gen_raise_t(c, cause, cst64(c, tval));
}

static void gen_illegal(rv_ctx *c, uint32_t bits)
{
    call_exit(c, vp__rv_helper_illegal, "rv_illegal", cst64(c, bits), VP_IR_NO_TEMP);
}

/* If (v & mask) != 0, raise `cause` with tval = tv; else continue. */
static void gen_check_align(rv_ctx *c, vp_ir_temp v, uint64_t mask, uint32_t cause, vp_ir_temp tv)
{
    vp_ir_temp t = tmp(c);
    vp_ir_label ok = vp__ir_label(c->b);

    vp__ir_op2(c->b, VP_OP_AND, c->ty, t, v, cst(c, mask));
    vp__ir_brcond(c->b, c->ty, VP_COND_EQ, t, cst(c, 0), ok);
    gen_raise_t(c, cause, tv);
    c->end = false;
    vp__ir_set_label(c->b, ok);
}

/* rs1 + imm in a fresh local. */
static vp_ir_temp gen_addr(rv_ctx *c, const rv_insn *a)
{
    vp_ir_temp t = tmp(c);
    vp__ir_op2(c->b, VP_OP_ADD, c->ty, t, gpr(c, a->rs1), cst(c, (uint64_t)a->imm));
    return t;
}

/* ---- integer computation ------------------------------------------------ */

static bool gen_rr(rv_ctx *c, const rv_insn *a, vp_ir_opc opc)
{
    if (a->rd)
        vp__ir_op2(c->b, opc, c->ty, c->gx[a->rd], gpr(c, a->rs1), gpr(c, a->rs2));
    return true;
}

static bool gen_ri(rv_ctx *c, const rv_insn *a, vp_ir_opc opc)
{
    if (a->rd)
        vp__ir_op2(c->b, opc, c->ty, c->gx[a->rd], gpr(c, a->rs1), cst(c, (uint64_t)a->imm));
    return true;
}

static bool gen_setcond(rv_ctx *c, const rv_insn *a, vp_ir_cond cond, bool imm)
{
    if (a->rd)
        vp__ir_setcond(c->b, c->ty, cond, c->gx[a->rd], gpr(c, a->rs1),
                       imm ? cst(c, (uint64_t)a->imm) : gpr(c, a->rs2));
    return true;
}

/* The *W forms whose low 32 bits a 64-bit op computes as well (add, sub,
 * mul, left shifts) or that one 64-bit shift of the extended source gives
 * (arithmetic right shifts, logical ones by a constant): 2 or 3 ops, no
 * 32-bit temps. */
static bool gen_w64(rv_ctx *c, const rv_insn *a, vp_ir_opc opc, bool imm)
{
    vp_ir_block *b = c->b;
    vp_ir_temp t = vp__ir_local(b, VP_IR_I64), d = c->gx[a->rd];
    vp_ir_temp s2 = imm ? cst64(c, (uint64_t)(int64_t)a->imm) : gpr(c, a->rs2);

    switch (opc) {
    case VP_OP_ADD: case VP_OP_SUB: case VP_OP_MUL: case VP_OP_SHL:
        if (opc == VP_OP_SHL && !imm) { /* sllw: the amount is rs2[4:0] */
            vp_ir_temp n = vp__ir_local(b, VP_IR_I64);
            vp__ir_op2(b, VP_OP_AND, VP_IR_I64, n, s2, cst64(c, 31));
            s2 = n;
        }
        vp__ir_op2(b, opc, VP_IR_I64, t, gpr(c, a->rs1), s2);
        vp__ir_op1(b, VP_OP_EXT32S, VP_IR_I64, d, t);
        return true;
    case VP_OP_SAR: /* sraw/sraiw: the sign-extended source shifted stays sign-extended */
        if (!imm) {
            vp_ir_temp n = vp__ir_local(b, VP_IR_I64);
            vp__ir_op2(b, VP_OP_AND, VP_IR_I64, n, s2, cst64(c, 31));
            s2 = n;
        }
        vp__ir_op1(b, VP_OP_EXT32S, VP_IR_I64, t, gpr(c, a->rs1));
        vp__ir_op2(b, VP_OP_SAR, VP_IR_I64, d, t, s2);
        return true;
    default: /* srliw by 1..31: the result's bit 31 is clear, so it is its own sign extension */
        vp__ir_op1(b, VP_OP_EXT32U, VP_IR_I64, t, gpr(c, a->rs1));
        vp__ir_op2(b, VP_OP_SHR, VP_IR_I64, d, t, s2);
        return true;
    }
}

/* RV64 *W forms: compute on the low 32 bits, sign-extend the result. */
static bool gen_w(rv_ctx *c, const rv_insn *a, vp_ir_opc opc, bool imm)
{
    vp_ir_block *b = c->b;
    vp_ir_temp s1, s2, r;

    if (!a->rd)
        return true;
    if (opc == VP_OP_ADD || opc == VP_OP_SUB || opc == VP_OP_MUL || opc == VP_OP_SHL || opc == VP_OP_SAR ||
        (imm && opc == VP_OP_SHR && (a->imm & 31) != 0))
        return gen_w64(c, a, opc, imm);
    s1 = vp__ir_local(b, VP_IR_I32);
    r = vp__ir_local(b, VP_IR_I32);
    vp__ir_op1(b, VP_OP_TRUNC_I64_I32, VP_IR_I32, s1, gpr(c, a->rs1));
    if (imm) {
        s2 = vp__ir_const(b, VP_IR_I32, (uint32_t)a->imm);
    } else {
        s2 = vp__ir_local(b, VP_IR_I32);
        vp__ir_op1(b, VP_OP_TRUNC_I64_I32, VP_IR_I32, s2, gpr(c, a->rs2));
    }
    vp__ir_op2(b, opc, VP_IR_I32, r, s1, s2);
    vp__ir_op1(b, VP_OP_EXTS_I32_I64, VP_IR_I64, c->gx[a->rd], r);
    return true;
}

#define TRANS(name) static bool trans_##name(rv_ctx *c, const rv_insn *a)
#define TRANS_RR(name, opc) TRANS(name) { return gen_rr(c, a, VP_OP_##opc); }
#define TRANS_RI(name, opc) TRANS(name) { return gen_ri(c, a, VP_OP_##opc); }
#define TRANS_W(name, opc, imm) TRANS(name) { return gen_w(c, a, VP_OP_##opc, imm); }

TRANS_RR(add, ADD)
TRANS_RR(sub, SUB)
TRANS_RR(sll, SHL)
TRANS_RR(srl, SHR)
TRANS_RR(sra, SAR)
TRANS_RR(xor, XOR)
TRANS_RR(or, OR)
TRANS_RR(and, AND)
TRANS_RI(addi, ADD)
TRANS_RI(xori, XOR)
TRANS_RI(ori, OR)
TRANS_RI(andi, AND)
TRANS_RI(slli, SHL)
TRANS_RI(srli, SHR)
TRANS_RI(srai, SAR)
TRANS(slt) { return gen_setcond(c, a, VP_COND_LT, false); }
TRANS(sltu) { return gen_setcond(c, a, VP_COND_LTU, false); }
TRANS(slti) { return gen_setcond(c, a, VP_COND_LT, true); }
TRANS(sltiu) { return gen_setcond(c, a, VP_COND_LTU, true); }
TRANS_W(addw, ADD, false)
TRANS_W(subw, SUB, false)
TRANS_W(sllw, SHL, false)
TRANS_W(srlw, SHR, false)
TRANS_W(sraw, SAR, false)
TRANS_W(addiw, ADD, true)
TRANS_W(slliw, SHL, true)
TRANS_W(srliw, SHR, true)
TRANS_W(sraiw, SAR, true)
TRANS_RR(mul, MUL)
TRANS_RR(mulh, MULSH)
TRANS_RR(mulhsu, MULSUH)
TRANS_RR(mulhu, MULUH)
TRANS_RR(div, DIV)
TRANS_RR(divu, DIVU)
TRANS_RR(rem, REM)
TRANS_RR(remu, REMU)
TRANS_W(mulw, MUL, false)
TRANS_W(divw, DIV, false)
TRANS_W(divuw, DIVU, false)
TRANS_W(remw, REM, false)
TRANS_W(remuw, REMU, false)

TRANS(lui)
{
    if (a->rd)
        vp__ir_movi(c->b, c->ty, c->gx[a->rd], xm(c, (uint64_t)a->imm));
    return true;
}

TRANS(auipc)
{
    if (a->rd)
        vp__ir_movi(c->b, c->ty, c->gx[a->rd], xm(c, c->pc + (uint64_t)a->imm));
    return true;
}

/* ---- loads and stores --------------------------------------------------- */

static bool gen_load(rv_ctx *c, const rv_insn *a, uint32_t memop)
{
    vp_ir_temp addr = gen_addr(c, a);
    vp__ir_qld(c->b, c->ty, dst(c, a->rd), addr, memop);
    return true;
}

static bool gen_store(rv_ctx *c, const rv_insn *a, uint32_t memop)
{
    vp_ir_temp addr = gen_addr(c, a);
    vp__ir_qst(c->b, c->ty, gpr(c, a->rs2), addr, memop);
    return true;
}

TRANS(lb) { return gen_load(c, a, VP_MO_8 | VP_MO_SIGN); }
TRANS(lh) { return gen_load(c, a, VP_MO_16 | VP_MO_SIGN); }
TRANS(lw) { return gen_load(c, a, VP_MO_32 | VP_MO_SIGN); }
TRANS(ld) { return gen_load(c, a, VP_MO_64); }
TRANS(lbu) { return gen_load(c, a, VP_MO_8); }
TRANS(lhu) { return gen_load(c, a, VP_MO_16); }
TRANS(lwu) { return gen_load(c, a, VP_MO_32); }
TRANS(sb) { return gen_store(c, a, VP_MO_8); }
TRANS(sh) { return gen_store(c, a, VP_MO_16); }
TRANS(sw) { return gen_store(c, a, VP_MO_32); }
TRANS(sd) { return gen_store(c, a, VP_MO_64); }

/* ---- control transfer --------------------------------------------------- */

static bool misaligned_target(const rv_ctx *c, uint64_t tgt)
{
    return !(c->flags & RV_TBF_C) && (tgt & 3);
}

/* Leaves a superblock for dest: through chaining slots 2 and 3 (0 and 1
 * are the block end's), then the inline jump-cache probe. A profile from
 * the first runs can be wrong later, so a side exit must stay cheap. */
static void side_exit(rv_ctx *c, uint64_t dest)
{
    if (c->n_side < VP_TB_SLOTS - 2) {
        exit_to(c, dest, 2 + c->n_side++);
        return;
    }
    vp__ir_movi(c->b, c->ty, c->gpc, xm(c, dest));
    vp__ir_lookup_tb(c->b);
}

/* May the block go on at dest (a forward target in its page)? */
static bool can_extend(const rv_ctx *c, uint64_t dest)
{
    return c->cpu->ex.sb_page != UINT64_MAX && c->n_ext < RV_MAX_EXT && dest > c->pc &&
           (dest & RV_PAGE_MASK) == c->page;
}

static void extend_at(rv_ctx *c, uint64_t dest)
{
    c->next_pc = dest;
    c->seg_pc = dest;
    c->n_ext++;
}

static vp_ir_cond invert(vp_ir_cond cond)
{
    static const vp_ir_cond inv[] = {[VP_COND_EQ] = VP_COND_NE, [VP_COND_NE] = VP_COND_EQ,
                                     [VP_COND_LT] = VP_COND_GE, [VP_COND_GE] = VP_COND_LT,
                                     [VP_COND_LTU] = VP_COND_GEU, [VP_COND_GEU] = VP_COND_LTU};
    return inv[cond];
}

/* A branch that (profiled in the interpreter) nearly always goes one way,
 * in a hot translation: the block goes on that way and leaves the other
 * way through a side exit. False: end the block as usual. */
static bool gen_branch_extend(rv_ctx *c, const rv_insn *a, vp_ir_cond cond, uint64_t tgt)
{
    int way = c->cpu->ex.sb_page != UINT64_MAX && c->n_ext < RV_MAX_EXT
                  ? vp__tb_hot_exit(c->cpu, c->seg_pc, c->next_pc, c->flags) : -1;
    vp_ir_label on;

    if (way == 0 && (c->next_pc & RV_PAGE_MASK) == c->page) { /* falls through: taken is the side exit */
        on = vp__ir_label(c->b);
        vp__ir_brcond(c->b, c->ty, invert(cond), gpr(c, a->rs1), gpr(c, a->rs2), on);
        if (misaligned_target(c, tgt)) {
            gen_raise(c, VP_EXC_INSN_MISALIGNED, tgt);
            c->end = false;
        } else {
            side_exit(c, tgt);
        }
        vp__ir_set_label(c->b, on);
        extend_at(c, c->next_pc);
        return true;
    }
    if (way == 1 && can_extend(c, tgt) && !misaligned_target(c, tgt)) { /* taken: falling through is */
        on = vp__ir_label(c->b);
        vp__ir_brcond(c->b, c->ty, cond, gpr(c, a->rs1), gpr(c, a->rs2), on);
        side_exit(c, c->next_pc);
        vp__ir_set_label(c->b, on);
        extend_at(c, tgt);
        return true;
    }
    return false;
}

static bool gen_branch(rv_ctx *c, const rv_insn *a, vp_ir_cond cond)
{
    uint64_t tgt = xm(c, c->pc + (uint64_t)a->imm);
    if (gen_branch_extend(c, a, cond, tgt))
        return true;
    vp_ir_label taken = vp__ir_label(c->b);

    vp__ir_brcond(c->b, c->ty, cond, gpr(c, a->rs1), gpr(c, a->rs2), taken);
    exit_to(c, c->next_pc, 0);
    vp__ir_set_label(c->b, taken);
    if (misaligned_target(c, tgt))
        gen_raise(c, VP_EXC_INSN_MISALIGNED, tgt);
    else
        exit_to(c, tgt, 1);
    c->end = true;
    return true;
}

TRANS(beq) { return gen_branch(c, a, VP_COND_EQ); }
TRANS(bne) { return gen_branch(c, a, VP_COND_NE); }
TRANS(blt) { return gen_branch(c, a, VP_COND_LT); }
TRANS(bge) { return gen_branch(c, a, VP_COND_GE); }
TRANS(bltu) { return gen_branch(c, a, VP_COND_LTU); }
TRANS(bgeu) { return gen_branch(c, a, VP_COND_GEU); }

TRANS(jal)
{
    uint64_t tgt = xm(c, c->pc + (uint64_t)a->imm);

    if (misaligned_target(c, tgt)) {
        gen_raise(c, VP_EXC_INSN_MISALIGNED, tgt);
        return true;
    }
    if (vp__cpu_profiling(c->cpu) && (a->rd == 1 || a->rd == 5)) /* a call: the profiler's shadow stack */
        vp__ir_emit_call(c->b, vp__prof_call, "prof_call", 0, VP_IR_NO_TEMP, cst64(c, tgt), cst64(c, 0),
                         cst64(c, 0));
    if (a->rd)
        vp__ir_movi(c->b, c->ty, c->gx[a->rd], xm(c, c->next_pc));
    if (!a->rd && can_extend(c, tgt)) { /* a forward `j` in a hot translation: go on there */
        extend_at(c, tgt);
        return true;
    }
    exit_to(c, tgt, 0);
    c->end = true;
    return true;
}

TRANS(jalr)
{
    vp_ir_temp t = gen_addr(c, a);

    vp__ir_op2(c->b, VP_OP_AND, c->ty, t, t, cst(c, ~1ull));
    if (!(c->flags & RV_TBF_C))
        gen_check_align(c, t, 2, VP_EXC_INSN_MISALIGNED, t);
    if (vp__cpu_profiling(c->cpu) && (a->rd == 1 || a->rd == 5)) /* a call (the profiler's shadow stack) */
        vp__ir_emit_call(c->b, vp__prof_call, "prof_call", 0, VP_IR_NO_TEMP, t, cst64(c, 0), cst64(c, 0));
    else if (vp__cpu_profiling(c->cpu) && (a->rs1 == 1 || a->rs1 == 5)) /* a return */
        vp__ir_emit_call(c->b, vp__prof_ret, "prof_ret", 0, VP_IR_NO_TEMP, cst64(c, 0), cst64(c, 0), cst64(c, 0));
    if (a->rd)
        vp__ir_movi(c->b, c->ty, c->gx[a->rd], xm(c, c->next_pc));
    vp__ir_op1(c->b, VP_OP_MOV, c->ty, c->gpc, t);
    vp__ir_lookup_tb(c->b);
    c->end = true;
    return true;
}

/* ---- system -------------------------------------------------------------- */

TRANS(fence)
{
    (void)c, (void)a; /* one hart, in-order memory: nothing to order */
    return true;
}

TRANS(fence_i)
{
    (void)a;
    call_exit(c, vp__rv_helper_fence_i, "rv_fence_i", cst64(c, xm(c, c->next_pc)), VP_IR_NO_TEMP);
    return true;
}

TRANS(ecall)
{
    (void)a;
    gen_raise(c, VP_EXC_ECALL_U + (c->flags & RV_TBF_PRIV_MASK), 0); /* 8, 9 or 11 */
    return true;
}

TRANS(ebreak)
{
    /* With a semihosting hook a 32-bit ebreak may be a call: the helper
     * looks at its neighbours when it runs (code around it can change
     * without this block being retranslated). Without one, nothing changes. */
    if (c->cpu->cfg.semihost && a->len == 4) {
        call_exit(c, vp__rv_helper_ebreak, "rv_ebreak", cst64(c, c->next_pc), VP_IR_NO_TEMP);
        return true;
    }
    gen_raise(c, VP_EXC_BREAKPOINT, c->pc);
    return true;
}

TRANS(mret)
{
    call_exit(c, vp__rv_helper_mret, "rv_mret", cst64(c, a->bits), VP_IR_NO_TEMP);
    return true;
}

TRANS(sret)
{
    call_exit(c, vp__rv_helper_sret, "rv_sret", cst64(c, a->bits), VP_IR_NO_TEMP);
    return true;
}

/* The translation changes after it: the block ends (no chaining). */
TRANS(sfence_vma)
{
    vp__ir_emit_call(c->b, vp__rv_helper_sfence_vma, "rv_sfence_vma", VP_CALL_MAY_EXIT, VP_IR_NO_TEMP,
                     cst64(c, a->bits), gpr(c, a->rs1), gpr(c, a->rs2));
    exit_nochain(c, c->next_pc);
    c->end = true;
    return true;
}

TRANS(wfi)
{
    call_exit(c, vp__rv_helper_wfi, "rv_wfi", cst64(c, a->bits), cst64(c, xm(c, c->next_pc)));
    return true;
}

static bool gen_csr(rv_ctx *c, const rv_insn *a, bool uimm)
{
    vp_ir_temp src = uimm ? cst(c, a->rs1) : gpr(c, a->rs1);
    vp_ir_temp ret = tmp(c);
    bool writes = (RV_FUNCT3(a->bits) & 3) == 1 || a->rs1 != 0;

    vp__ir_emit_call(c->b, vp__rv_helper_csr, "rv_csr", VP_CALL_MAY_EXIT, ret, cst64(c, a->bits), src,
                     VP_IR_NO_TEMP);
    if (a->rd)
        vp__ir_op1(c->b, VP_OP_MOV, c->ty, c->gx[a->rd], ret);
    if (writes) { /* interrupt enables and counters take effect at once */
        exit_nochain(c, c->next_pc);
        c->end = true;
    }
    return true;
}

TRANS(csrrw) { return gen_csr(c, a, false); }
TRANS(csrrs) { return gen_csr(c, a, false); }
TRANS(csrrc) { return gen_csr(c, a, false); }
TRANS(csrrwi) { return gen_csr(c, a, true); }
TRANS(csrrsi) { return gen_csr(c, a, true); }
TRANS(csrrci) { return gen_csr(c, a, true); }

/* ---- A extension --------------------------------------------------------- */

typedef enum amo_kind { AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU } amo_kind;

/* Memop of a .W/.D access; .W on RV64 sign-extends the loaded word. */
static uint32_t amo_memop(const rv_ctx *c, unsigned size)
{
    return size | VP_MO_ALIGN | ((size == VP_MO_32 && c->xlen == 64) ? VP_MO_SIGN : 0);
}

static bool gen_amo(rv_ctx *c, const rv_insn *a, amo_kind k, unsigned size)
{
    static const vp_ir_opc alu[] = {VP_OP_MOV, VP_OP_ADD, VP_OP_XOR, VP_OP_AND, VP_OP_OR};
    static const vp_ir_cond cmp[] = {VP_COND_LT, VP_COND_GE, VP_COND_LTU, VP_COND_GEU};
    uint32_t mo = amo_memop(c, size) | VP_MO_AMO;
    vp_ir_temp addr = gpr(c, a->rs1), src = gpr(c, a->rs2);
    vp_ir_temp old = tmp(c), nv = tmp(c);

    vp__ir_qld(c->b, c->ty, old, addr, mo);
    if (k == AMO_SWAP) {
        nv = src;
    } else if (k < AMO_MIN) {
        vp__ir_op2(c->b, alu[k], c->ty, nv, old, src);
    } else {
        if (size == VP_MO_32 && c->xlen == 64) { /* compare the sign-extended words */
            vp_ir_temp s = tmp(c);
            vp__ir_op1(c->b, VP_OP_EXT32S, VP_IR_I64, s, src);
            src = s;
        }
        vp__ir_movcond(c->b, c->ty, cmp[k - AMO_MIN], nv, old, src, old, src);
    }
    vp__ir_qst(c->b, c->ty, nv, addr, mo & ~VP_MO_SIGN);
    if (a->rd)
        vp__ir_op1(c->b, VP_OP_MOV, c->ty, c->gx[a->rd], old);
    return true;
}

/* LR and SC are helpers: the runtime's exclusive monitor (exec/group.c)
 * keeps the reservation, and any other hart's store to it breaks it. */
static bool gen_lr(rv_ctx *c, const rv_insn *a, unsigned size)
{
    vp_ir_temp v = tmp(c);

    vp__ir_emit_call(c->b, vp__rv_helper_lr, "rv_lr", VP_CALL_MAY_EXIT, v, gpr(c, a->rs1),
                     cst64(c, amo_memop(c, size)), VP_IR_NO_TEMP);
    if (a->rd)
        vp__ir_op1(c->b, VP_OP_MOV, c->ty, c->gx[a->rd], v);
    return true;
}

static bool gen_sc(rv_ctx *c, const rv_insn *a, unsigned size)
{
    vp_ir_temp r = tmp(c);

    vp__ir_emit_call(c->b, vp__rv_helper_sc, "rv_sc", VP_CALL_MAY_EXIT, r, gpr(c, a->rs1), gpr(c, a->rs2),
                     cst64(c, size | VP_MO_ALIGN | VP_MO_AMO));
    if (a->rd)
        vp__ir_op1(c->b, VP_OP_MOV, c->ty, c->gx[a->rd], r);
    return true;
}

TRANS(lr_w) { return gen_lr(c, a, VP_MO_32); }
TRANS(lr_d) { return gen_lr(c, a, VP_MO_64); }
TRANS(sc_w) { return gen_sc(c, a, VP_MO_32); }
TRANS(sc_d) { return gen_sc(c, a, VP_MO_64); }
#define TRANS_AMO(op, kind)                                                                        \
    TRANS(amo##op##_w) { return gen_amo(c, a, kind, VP_MO_32); }                                   \
    TRANS(amo##op##_d) { return gen_amo(c, a, kind, VP_MO_64); }
TRANS_AMO(swap, AMO_SWAP)
TRANS_AMO(add, AMO_ADD)
TRANS_AMO(xor, AMO_XOR)
TRANS_AMO(and, AMO_AND)
TRANS_AMO(or, AMO_OR)
TRANS_AMO(min, AMO_MIN)
TRANS_AMO(max, AMO_MAX)
TRANS_AMO(minu, AMO_MINU)
TRANS_AMO(maxu, AMO_MAXU)

/* ---- F and D extensions (arithmetic in rv_fpu.c) ---------------------------- */

/* Any OP-FP/fused instruction: one helper call; fp_x rows write x[rd]. The
 * helper traps (FS Off, bad rounding mode) itself. */
static bool gen_fp(rv_ctx *c, const rv_insn *a, bool to_x)
{
    vp_ir_temp ret = tmp(c);

    vp__ir_emit_call(c->b, vp__rv_helper_fp, "rv_fp", VP_CALL_MAY_EXIT, ret, cst64(c, a->bits), gpr(c, a->rs1),
                     VP_IR_NO_TEMP);
    if (to_x && a->rd)
        vp__ir_op1(c->b, VP_OP_MOV, c->ty, c->gx[a->rd], ret);
    return true;
}

TRANS(fp) { return gen_fp(c, a, false); }
TRANS(fp_x) { return gen_fp(c, a, true); }

/* flw/fld (and their compressed forms): FS check, the load, f[rd] = value. */
static bool gen_fload(rv_ctx *c, const rv_insn *a, bool dbl)
{
    vp_ir_temp addr, v = vp__ir_local(c->b, VP_IR_I64);

    if (!(c->ext & (dbl ? VP_EXT_D : VP_EXT_F)))
        return false;
    vp__ir_emit_call(c->b, vp__rv_helper_fp_check, "rv_fp_check", VP_CALL_MAY_EXIT, VP_IR_NO_TEMP,
                     cst64(c, a->bits), VP_IR_NO_TEMP, VP_IR_NO_TEMP);
    addr = gen_addr(c, a);
    vp__ir_qld(c->b, VP_IR_I64, v, addr, dbl ? VP_MO_64 : VP_MO_32);
    vp__ir_emit_call(c->b, vp__rv_helper_fp_set, "rv_fp_set", 0, VP_IR_NO_TEMP,
                     cst64(c, a->rd | (dbl ? 32u : 0u)), v, VP_IR_NO_TEMP);
    return true;
}

/* fsw/fsd: FS check and f[rs2] in one helper, then the store. */
static bool gen_fstore(rv_ctx *c, const rv_insn *a, bool dbl)
{
    vp_ir_temp addr, v = vp__ir_local(c->b, VP_IR_I64);

    if (!(c->ext & (dbl ? VP_EXT_D : VP_EXT_F)))
        return false;
    vp__ir_emit_call(c->b, vp__rv_helper_fp_get, "rv_fp_get", VP_CALL_MAY_EXIT, v, cst64(c, a->bits),
                     cst64(c, a->rs2), VP_IR_NO_TEMP);
    addr = gen_addr(c, a);
    vp__ir_qst(c->b, VP_IR_I64, v, addr, dbl ? VP_MO_64 : VP_MO_32);
    return true;
}

TRANS(flw) { return gen_fload(c, a, false); }
TRANS(fld) { return gen_fload(c, a, true); }
TRANS(fsw) { return gen_fstore(c, a, false); }
TRANS(fsd) { return gen_fstore(c, a, true); }

/* ---- block building ------------------------------------------------------- */

static const rv_trans_fn trans_table[] = {
#define RV_INSN(h, name, mask, match, fmt, xl, ext) trans_##h,
#include "insn_all.def"
#undef RV_INSN
};

_Static_assert(sizeof(trans_table) / sizeof(trans_table[0]) > 100, "decode and handler tables");

/* Translates one decoded (or undecodable) instruction. */
static void translate_one(rv_ctx *c, bool ok, const rv_insn *d)
{
    const rv_opdesc *o = ok ? &vp__rv_ops[d->op] : NULL;

    if (!o || (o->ext && !(c->ext & o->ext)) || !trans_table[d->op](c, d)) {
        gen_illegal(c, d->bits);
        c->end = true;
    }
}

/* Fetches the instruction at pc. Returns 0 if fetched, -1 if nothing could
 * be fetched, 1 if only its first half could (access fault on pc + 2). */
static int fetch_insn(vp_cpu *cpu, uint64_t pc, uint32_t *bits)
{
    uint32_t lo = 0, hi = 0;

    if (!vp__cpu_fetch(cpu, pc, 2, &lo))
        return -1;
    *bits = lo & 0xffff;
    if ((lo & 3) != 3)
        return 0;
    if (!vp__cpu_fetch(cpu, pc + 2, 2, &hi))
        return 1;
    *bits |= (hi & 0xffff) << 16;
    return 0;
}

bool vp__rv_translate(vp_cpu *cpu, vp_ir_block *b, uint64_t pc, uint32_t flags)
{
    rv_ctx c = {.cpu = cpu, .b = b, .flags = flags, .ext = vp_rv(cpu)->ext, .page = pc & RV_PAGE_MASK, .seg_pc = pc};
    uint64_t start = pc, page = pc & RV_PAGE_MASK;
    uint32_t n = 0;

    c.xlen = (flags & RV_TBF_RV64) ? 64 : 32;
    c.ty = c.xlen == 64 ? VP_IR_I64 : VP_IR_I32;
    if (!(flags & RV_TBF_C))
        c.ext &= ~VP_EXT_C;
    bind_globals(&c);
    for (;;) {
        uint32_t bits = 0;
        int f = fetch_insn(cpu, pc, &bits);
        rv_insn d;
        bool ok;

        if (f < 0) {
            if (n == 0)
                return false;
            exit_to(&c, pc, 0);
            break;
        }
        ok = vp__rv_decode(c.xlen, bits, &d);
        c.pc = pc;
        c.next_pc = xm(&c, pc + d.len);
        vp__ir_insn_start(b, pc, n, d.len);
        n++;
        if (vp__dbg_break_at(cpu, pc)) /* a debugger's breakpoint: stop before it runs */
            call_exit(&c, vp__dbg_helper_break, "debug_break", cst64(&c, pc), VP_IR_NO_TEMP);
        else if (f > 0) /* the second half could not be fetched: the fault it got */
            gen_raise(&c, cpu->ex.fetch_fault == VP_FAULT_FETCH_PAGE ? VP_EXC_INSN_PAGE : VP_EXC_INSN_ACCESS,
                      xm(&c, pc + 2));
        else
            translate_one(&c, ok, &d);
        pc = c.next_pc;
        if (c.end)
            break;
        if (n >= vp__cpu_block_limit(cpu, cpu->ex.sb_page != UINT64_MAX ? RV_MAX_HOT_INSNS : RV_MAX_BLOCK_INSNS) ||
            (pc & RV_PAGE_MASK) != page) {
            exit_to(&c, pc, 0);
            break;
        }
    }
    b->icount = n;
    b->guest_size = (uint32_t)(pc - start);
    if (c.n_ext)
        cpu->ex.stats.superblocks++;
    return true;
}
