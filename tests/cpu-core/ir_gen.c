/* SPDX-License-Identifier: Apache-2.0 */
/* ir_gen.c - random IR block pieces shared by the optimizer equivalence
 * test (test_ir_opt) and the JIT-vs-interpreter test (test_jit_random). */
#include "ir_gen.h"

uint64_t gen_h_glob(vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2)
{
    cpu->x[7] += a0 ^ a2;
    return cpu->x[3] * 3 + a1;
}

uint64_t gen_h_pure(vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2)
{
    (void)cpu;
    return a0 * 5 + (a1 ^ 7) - a2;
}

static const uint64_t gen_interesting[] = {0, 1, 2, 31, 32, 63, 64, 0xff, 0x7fffffff, 0x80000000, 0xffffffff,
                                       0x8000000000000000ull, UINT64_MAX, 0x123456789abcdefull};


uint32_t gen_rn(gen *g, uint32_t n)
{
    return (uint32_t)g_rand_int_range(g->rnd, 0, (gint32)n);
}

vp_ir_temp gen_operand(gen *g, vp_ir_type t)
{
    uint32_t k = gen_rn(g, 10);
    if (k < 3) {
        uint64_t v = gen_rn(g, 2) ? gen_interesting[gen_rn(g, G_N_ELEMENTS(gen_interesting))]
                              : ((uint64_t)g_rand_int(g->rnd) << 32 | g_rand_int(g->rnd));
        return vp__ir_const(g->b, t, v);
    }
    if (t == VP_IR_I32)
        return g->l32[gen_rn(g, 4)];
    if (k < 6)
        return gen_rn(g, NG);
    return g->l64[gen_rn(g, 6)];
}

vp_ir_temp gen_dest(gen *g, vp_ir_type t)
{
    if (t == VP_IR_I32)
        return g->l32[gen_rn(g, 4)];
    return gen_rn(g, 3) == 0 ? 1 + gen_rn(g, NG - 1) : g->l64[gen_rn(g, 6)];
}

/* Two shifts of one source combined by | ^ or +, as compilers write a
 * rotate: in the op's width, or in RV64's word form (srliw/slliw); the
 * amounts usually add up to the width, the source is sometimes rewritten in
 * between and the outputs may coincide, so both the optimizer's rotate and
 * its refusals are exercised. */
static void gen_rotate_shape(gen *g)
{
    static const vp_ir_opc joins[] = {VP_OP_OR, VP_OP_XOR, VP_OP_ADD};
    vp_ir_block *b = g->b;
    bool word = gen_rn(g, 3) == 0;
    vp_ir_type t = word || gen_rn(g, 2) ? VP_IR_I64 : VP_IR_I32;
    unsigned bits = word || t == VP_IR_I32 ? 32 : 64, c = 1 + gen_rn(g, bits - 1);
    unsigned c2 = gen_rn(g, 4) ? bits - c : gen_rn(g, bits);
    vp_ir_temp x = gen_operand(g, t), d1 = gen_dest(g, t), d2 = gen_dest(g, t);

    if (word) {
        vp_ir_temp z = g->l64[gen_rn(g, 6)], s = g->l64[gen_rn(g, 6)];
        vp__ir_op1(b, VP_OP_EXT32U, VP_IR_I64, z, x);
        vp__ir_op2(b, VP_OP_SHR, VP_IR_I64, d1, z, vp__ir_const(b, VP_IR_I64, c));
        if (gen_rn(g, 8) == 0)
            gen_value_op(g);
        vp__ir_op2(b, VP_OP_SHL, VP_IR_I64, s, x, vp__ir_const(b, VP_IR_I64, c2));
        vp__ir_op1(b, VP_OP_EXT32S, VP_IR_I64, d2, s);
    } else {
        vp__ir_op2(b, VP_OP_SHL, t, d1, x, vp__ir_const(b, t, c));
        if (gen_rn(g, 8) == 0)
            gen_value_op(g);
        vp__ir_op2(b, VP_OP_SHR, t, d2, x, vp__ir_const(b, t, c2));
    }
    vp_ir_temp a = gen_rn(g, 2) ? d1 : d2;
    vp__ir_op2(b, joins[gen_rn(g, G_N_ELEMENTS(joins))], t, gen_dest(g, t), a, a == d1 ? d2 : d1);
}

void gen_value_op(gen *g)
{
    static const vp_ir_opc bins[] = {VP_OP_ADD, VP_OP_SUB, VP_OP_AND, VP_OP_OR, VP_OP_XOR, VP_OP_SHL,
                                     VP_OP_SHR, VP_OP_SAR, VP_OP_ROTL, VP_OP_ROTR, VP_OP_MUL, VP_OP_MULSH,
                                     VP_OP_MULUH, VP_OP_MULSUH, VP_OP_DIV, VP_OP_DIVU, VP_OP_REM, VP_OP_REMU};
    static const vp_ir_opc uns[] = {VP_OP_MOV, VP_OP_EXT8S, VP_OP_EXT8U, VP_OP_EXT16S, VP_OP_EXT16U,
                                    VP_OP_NEG, VP_OP_NOT};
    vp_ir_type t = gen_rn(g, 3) ? VP_IR_I64 : VP_IR_I32;
    vp_ir_block *b = g->b;
    switch (gen_rn(g, 9)) {
    case 8: gen_rotate_shape(g); break;
    case 0: case 1: case 2: {
        vp_ir_temp a = gen_operand(g, t);
        vp__ir_op2(b, bins[gen_rn(g, G_N_ELEMENTS(bins))], t, gen_dest(g, t), a, gen_rn(g, 4) ? gen_operand(g, t) : a);
        break;
    }
    case 3: vp__ir_op1(b, uns[gen_rn(g, G_N_ELEMENTS(uns))], t, gen_dest(g, t), gen_operand(g, t)); break;
    case 4: vp__ir_setcond(b, t, (vp_ir_cond)gen_rn(g, 8), gen_dest(g, t), gen_operand(g, t), gen_operand(g, t)); break;
    case 5:
        vp__ir_movcond(b, t, (vp_ir_cond)gen_rn(g, 8), gen_dest(g, t), gen_operand(g, t), gen_operand(g, t), gen_operand(g, t),
                       gen_operand(g, t));
        break;
    case 6:
        vp__ir_op1(b, VP_OP_TRUNC_I64_I32, VP_IR_I32, g->l32[gen_rn(g, 4)], gen_operand(g, VP_IR_I64));
        break;
    default:
        vp__ir_op1(b, gen_rn(g, 2) ? VP_OP_EXTS_I32_I64 : VP_OP_EXTU_I32_I64, VP_IR_I64, gen_dest(g, VP_IR_I64),
                   gen_operand(g, VP_IR_I32));
        break;
    }
}

void gen_other_op(gen *g)
{
    vp_ir_block *b = g->b;
    uint32_t gofs = (uint32_t)offsetof(vp_cpu, x[1 + gen_rn(g, NG - 1)]);
    switch (gen_rn(g, 4)) {
    case 0:
        vp__ir_emit_call(b, gen_h_glob, "glob", 0, gen_dest(g, VP_IR_I64), gen_operand(g, VP_IR_I64), gen_operand(g, VP_IR_I64),
                         gen_operand(g, VP_IR_I64));
        break;
    case 1:
        vp__ir_emit_call(b, gen_h_pure, "pure", VP_CALL_PURE | VP_CALL_NO_GLOBALS, gen_dest(g, VP_IR_I64),
                         gen_operand(g, VP_IR_I64), gen_operand(g, VP_IR_I32), VP_IR_NO_TEMP);
        break;
    case 2: vp__ir_st_env(b, VP_IR_I64, gen_operand(g, VP_IR_I64), gofs); break;
    default: vp__ir_ld_env(b, VP_IR_I64, gen_dest(g, VP_IR_I64), gofs); break;
    }
}

bool gen_block(vp_ir_block *b, uint32_t seed, unsigned n_ops, void (*mem_op)(gen *g))
{
    gen g = {.rnd = g_rand_new_with_seed(seed), .b = b};
    vp__ir_init(b);
    for (unsigned i = 0; i < NG; i++)
        vp__ir_global(b, VP_IR_I64, (uint32_t)offsetof(vp_cpu, x[i]), "x");
    vp__ir_reset(b, 0x1000);
    vp__ir_insn_start(b, 0x1000, 0, 4);
    for (unsigned i = 0; i < 6; i++) {
        g.l64[i] = vp__ir_local(b, VP_IR_I64);
        vp__ir_op1(b, VP_OP_MOV, VP_IR_I64, g.l64[i], 1 + i);
    }
    for (unsigned i = 0; i < 4; i++) {
        g.l32[i] = vp__ir_local(b, VP_IR_I32);
        vp__ir_op1(b, VP_OP_TRUNC_I64_I32, VP_IR_I32, g.l32[i], 8 + i);
    }
    bool open = false;
    vp_ir_label l = 0;
    for (unsigned i = 0; i < n_ops; i++) {
        uint32_t k = gen_rn(&g, 20);
        if (k == 0 && !open) {
            l = vp__ir_label(b);
            vp_ir_type t = gen_rn(&g, 2) ? VP_IR_I64 : VP_IR_I32;
            vp__ir_brcond(b, t, (vp_ir_cond)gen_rn(&g, 8), gen_operand(&g, t), gen_operand(&g, t), l);
            open = true;
        } else if (k == 1 && open) {
            vp__ir_set_label(b, l);
            open = false;
        } else if (k == 2) {
            vp__ir_insn_start(b, 0x1000 + 4 * i, i + 1, 4);
        } else if (mem_op && k < 7) {
            mem_op(&g);
        } else if (k < (mem_op ? 9u : 5u)) {
            gen_other_op(&g);
        } else {
            gen_value_op(&g);
        }
    }
    if (open)
        vp__ir_set_label(b, l);
    for (unsigned i = 0; i < 6; i++) /* make locals observable */
        vp__ir_op2(b, VP_OP_XOR, VP_IR_I64, 12 + (i % 4), 12 + (i % 4), g.l64[i]);
    vp__ir_op1(b, VP_OP_EXTU_I32_I64, VP_IR_I64, 15, g.l32[gen_rn(&g, 4)]);
    vp__ir_exit_tb(b, VP_EXIT_NOCHAIN);
    g_rand_free(g.rnd);
    return vp__ir_finish(b);
}
