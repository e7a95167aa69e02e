/* SPDX-License-Identifier: Apache-2.0 */
/* test_ir_opt.c - the optimizer: targeted folding/propagation/DCE checks
 * and equivalence on random blocks (optimized and unoptimized blocks run
 * through the interpreter from the same state must end in the same state). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "exec_rvstub.h"
#include "../../cpu-core/interp/interp_int.h"

#include "ir_gen.h"


static void run_block(vp_cpu *cpu, const vp_ir_block *b)
{
    vp_tb tb;
    vp_tb *last;
    memset(&tb, 0, sizeof(tb));
    assert_true(vp__interp_compile(cpu, b, &tb));
    cpu->ex.icount_stop = UINT64_MAX;
    vp__interp_exec(cpu, &tb, &last);
    vp__interp_free(&tb);
}

static vp_cpu *new_cpu(void)
{
    vp_cpu_config cfg = {.size = sizeof(cfg), .abi = VP_CPU_ABI, .isa = "rv64i", .reset_pc = 0x1000};
    vp_cpu *cpu = vp_cpu_create(&cfg, NULL);
    assert_non_null(cpu);
    return cpu;
}

static unsigned count_live(const vp_ir_block *b)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < b->n_ops; i++)
        n += !b->ops[i].dead;
    return n;
}

static void test_ir_opt_random_equivalence(void **state)
{
    (void)state;
    vp_cpu *c1 = new_cpu(), *c2 = new_cpu();
    unsigned removed = 0;
    for (uint32_t seed = 1; seed <= 400; seed++) {
        vp_ir_block plain, opt;
        assert_true(gen_block(&plain, seed, 20 + seed % 60, NULL));
        assert_true(gen_block(&opt, seed, 20 + seed % 60, NULL));
        vp__ir_optimize(&opt);
        removed += plain.n_ops - count_live(&opt);
        GRand *r = g_rand_new_with_seed(seed * 7919u);
        for (unsigned i = 0; i < 32; i++)
            c1->x[i] = c2->x[i] = i ? ((uint64_t)g_rand_int(r) << 32 | g_rand_int(r)) >> gen_rn(&(gen){r, 0, {0}, {0}}, 40)
                                    : 0;
        g_rand_free(r);
        run_block(c1, &plain);
        run_block(c2, &opt);
        for (unsigned i = 0; i < 32; i++)
            if (c1->x[i] != c2->x[i])
                fail_msg("seed %u: x%u differs: plain 0x%llx optimized 0x%llx", seed, i,
                         (unsigned long long)c1->x[i], (unsigned long long)c2->x[i]);
        vp__ir_fini(&plain);
        vp__ir_fini(&opt);
    }
    assert_true(removed > 400); /* the optimizer did real work */
    vp_cpu_destroy(c1);
    vp_cpu_destroy(c2);
}

static void test_ir_opt_folds_and_removes(void **state)
{
    (void)state;
    vp_ir_block b;
    vp__ir_init(&b);
    vp_ir_temp x1 = vp__ir_global(&b, VP_IR_I64, (uint32_t)offsetof(vp_cpu, x[1]), "x1");
    vp_ir_temp x2 = vp__ir_global(&b, VP_IR_I64, (uint32_t)offsetof(vp_cpu, x[2]), "x2");
    vp__ir_reset(&b, 0);
    vp_ir_temp t0 = vp__ir_local(&b, VP_IR_I64), t1 = vp__ir_local(&b, VP_IR_I64), t2 = vp__ir_local(&b, VP_IR_I64);
    vp__ir_insn_start(&b, 0, 0, 4);
    vp__ir_movi(&b, VP_IR_I64, t0, 6);                            /* t0 = 6 */
    vp__ir_op2(&b, VP_OP_MUL, VP_IR_I64, t1, t0, vp__ir_const(&b, VP_IR_I64, 7)); /* t1 = 42 */
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x1, t1, vp__ir_const(&b, VP_IR_I64, 0)); /* x1 = 42 */
    vp__ir_op1(&b, VP_OP_MOV, VP_IR_I64, t2, x2);                 /* copy */
    vp__ir_op2(&b, VP_OP_AND, VP_IR_I64, x2, t2, vp__ir_const(&b, VP_IR_I64, UINT64_MAX)); /* x2 = x2 */
    vp__ir_op2(&b, VP_OP_SUB, VP_IR_I64, t2, x1, x1);             /* dead: t2 unused later */
    vp__ir_exit_tb(&b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&b));
    vp__ir_optimize(&b);
    /* only the global writes remain, as moves */
    assert_true(b.ops[1].dead && b.ops[2].dead && b.ops[4].dead && b.ops[6].dead);
    assert_int_equal(b.ops[3].opc, VP_OP_MOV);
    assert_int_equal(b.temps[b.ops[3].args[1]].kind, VP_TEMP_CONST);
    assert_int_equal(b.temps[b.ops[3].args[1]].val, 42);
    assert_int_equal(b.ops[5].opc, VP_OP_MOV);
    assert_int_equal(b.ops[5].args[1], x2);
    vp__ir_fini(&b);
}

static void test_ir_opt_respects_calls_and_labels(void **state)
{
    (void)state;
    vp_ir_block b;
    vp__ir_init(&b);
    vp_ir_temp x3 = vp__ir_global(&b, VP_IR_I64, (uint32_t)offsetof(vp_cpu, x[3]), "x3");
    vp__ir_reset(&b, 0);
    vp_ir_temp t = vp__ir_local(&b, VP_IR_I64);
    vp_ir_label l = vp__ir_label(&b);
    vp__ir_insn_start(&b, 0, 0, 4);
    vp__ir_movi(&b, VP_IR_I64, x3, 5);
    vp__ir_emit_call(&b, gen_h_glob, "glob", 0, VP_IR_NO_TEMP, x3, x3, x3); /* may change x3 */
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, t, x3, vp__ir_const(&b, VP_IR_I64, 1));
    vp__ir_movi(&b, VP_IR_I64, t, 9);
    vp__ir_set_label(&b, l);
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x3, t, vp__ir_const(&b, VP_IR_I64, 1));
    vp__ir_exit_tb(&b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&b));
    vp__ir_optimize(&b);
    /* the call's inputs are constants, but x3 after it is not known */
    assert_int_equal(b.temps[b.ops[2].args[1]].kind, VP_TEMP_CONST);
    assert_int_equal(b.ops[3].opc, VP_OP_ADD);
    assert_int_equal(b.ops[3].args[1], x3);
    /* after the label, t is not known to be 9 */
    assert_int_equal(b.ops[6].opc, VP_OP_ADD);
    assert_int_equal(b.ops[6].args[1], t);
    vp__ir_fini(&b);
}

/* A new block with globals x0..x7 (the hart's x[]). */
static void start_block(vp_ir_block *b, vp_ir_temp x[8])
{
    vp__ir_init(b);
    for (unsigned i = 0; i < 8; i++)
        x[i] = vp__ir_global(b, VP_IR_I64, (uint32_t)offsetof(vp_cpu, x[i]), "x");
    vp__ir_reset(b, 0);
}

static unsigned count_opc(const vp_ir_block *b, vp_ir_opc opc, vp_ir_type t)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < b->n_ops; i++)
        n += !b->ops[i].dead && b->ops[i].opc == opc && b->ops[i].type == t;
    return n;
}

static uint64_t k64(vp_ir_block *b, uint64_t v)
{
    return vp__ir_const(b, VP_IR_I64, v);
}

/* (x << c) | (x >> (64 - c)) and the RV64 word form become rotates (the
 * shifts' outputs, overwritten before anything sees them, go away); a
 * source rewritten between the shifts, or amounts that do not add up to
 * the width, are left alone. Values checked by running the block. */
static void test_ir_opt_fuses_rotates(void **state)
{
    (void)state;
    vp_ir_block b;
    vp_ir_temp x[8];
    start_block(&b, x);
    vp_ir_temp z = vp__ir_local(&b, VP_IR_I64), s = vp__ir_local(&b, VP_IR_I64);
    vp__ir_insn_start(&b, 0, 0, 4);
    vp__ir_op2(&b, VP_OP_SHL, VP_IR_I64, x[1], x[3], k64(&b, 13));   /* x1 = x3 << 13 */
    vp__ir_op2(&b, VP_OP_SHR, VP_IR_I64, x[2], x[3], k64(&b, 51));   /* x2 = x3 >> 51 */
    vp__ir_op2(&b, VP_OP_XOR, VP_IR_I64, x[4], x[2], x[1]);          /* x4 = rotl(x3, 13) */
    vp__ir_op1(&b, VP_OP_EXT32U, VP_IR_I64, z, x[3]);                /* srliw x1, x3, 7 */
    vp__ir_op2(&b, VP_OP_SHR, VP_IR_I64, x[1], z, k64(&b, 7));
    vp__ir_op2(&b, VP_OP_SHL, VP_IR_I64, s, x[3], k64(&b, 25));      /* slliw x2, x3, 25 */
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[2], s);
    vp__ir_op2(&b, VP_OP_OR, VP_IR_I64, x[5], x[1], x[2]);           /* x5 = sext32(rotr32(x3, 7)) */
    vp__ir_op2(&b, VP_OP_SHL, VP_IR_I64, x[1], x[3], k64(&b, 8));
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[3], x[3], k64(&b, 1));    /* the source changes */
    vp__ir_op2(&b, VP_OP_SHR, VP_IR_I64, x[2], x[3], k64(&b, 56));
    vp__ir_op2(&b, VP_OP_OR, VP_IR_I64, x[6], x[1], x[2]);           /* not a rotate */
    vp__ir_op2(&b, VP_OP_SHL, VP_IR_I64, x[1], x[3], k64(&b, 8));
    vp__ir_op2(&b, VP_OP_SHR, VP_IR_I64, x[2], x[3], k64(&b, 55));
    vp__ir_op2(&b, VP_OP_OR, VP_IR_I64, x[7], x[1], x[2]);           /* 8 + 55 != 64: not a rotate */
    vp__ir_exit_tb(&b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&b));
    vp__ir_optimize(&b);
    assert_int_equal(count_opc(&b, VP_OP_ROTL, VP_IR_I64), 1);
    assert_int_equal(count_opc(&b, VP_OP_ROTL, VP_IR_I32), 1);
    assert_int_equal(count_opc(&b, VP_OP_OR, VP_IR_I64), 2);
    assert_int_equal(count_opc(&b, VP_OP_SHL, VP_IR_I64), 2); /* the first three shifts are dead */

    vp_cpu *cpu = new_cpu();
    uint64_t v = 0x89abcdef12345678ull;
    cpu->x[3] = v;
    run_block(cpu, &b);
    uint32_t lo = (uint32_t)v, r32 = lo >> 7 | lo << 25;
    assert_int_equal(cpu->x[4], v << 13 | v >> 51);
    assert_int_equal(cpu->x[5], (uint64_t)(int64_t)(int32_t)r32);
    assert_int_equal(cpu->x[6], (v << 8) | ((v + 1) >> 56));
    assert_int_equal(cpu->x[7], ((v + 1) << 8) | ((v + 1) >> 55));
    assert_int_equal(cpu->x[1], (v + 1) << 8);
    assert_int_equal(cpu->x[2], (v + 1) >> 55);
    vp_cpu_destroy(cpu);
    vp__ir_fini(&b);
}

/* A global written twice in a row loses its first write only when nothing
 * between can read it or see guest state: a read, a memory access (it may
 * trap), a helper call or a label keeps it. */
static void test_ir_opt_dead_global_writes(void **state)
{
    (void)state;
    vp_ir_block b;
    vp_ir_temp x[8];
    start_block(&b, x);
    vp_ir_label l = vp__ir_label(&b);
    vp__ir_insn_start(&b, 0, 0, 4);
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[1], x[2], k64(&b, 1));    /* 1: dead (3 overwrites) */
    vp__ir_insn_start(&b, 4, 1, 4);
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[1], x[2], k64(&b, 2));    /* 3: read by 4 */
    vp__ir_op2(&b, VP_OP_SUB, VP_IR_I64, x[3], x[1], x[2]);          /* 4 */
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[1], x[2], k64(&b, 3));    /* 5: a load follows */
    vp__ir_qld(&b, VP_IR_I64, x[4], x[5], VP_MO_64);                 /* 6 */
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[1], x[2], k64(&b, 4));    /* 7: a call follows */
    vp__ir_emit_call(&b, gen_h_pure, "pure", VP_CALL_PURE | VP_CALL_NO_GLOBALS, x[6], x[2], x[2], VP_IR_NO_TEMP);
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[1], x[2], k64(&b, 5));    /* 9: a label follows */
    vp__ir_set_label(&b, l);
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[1], x[2], k64(&b, 6));    /* 11: live at the end */
    vp__ir_exit_tb(&b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&b));
    vp__ir_optimize(&b);
    assert_true(b.ops[1].dead);
    assert_false(b.ops[3].dead || b.ops[4].dead || b.ops[5].dead || b.ops[7].dead || b.ops[9].dead ||
                 b.ops[11].dead);
    vp__ir_fini(&b);
}

/* RV64: a sign extension of a value already sign-extended from 32 bits
 * (a *W result, lw, a byte load) becomes a move; after lwu, after the
 * source changes or after a label it stays. */
static void test_ir_opt_known_sign_extension(void **state)
{
    (void)state;
    vp_ir_block b;
    vp_ir_temp x[8];
    start_block(&b, x);
    vp_ir_temp t = vp__ir_local(&b, VP_IR_I64);
    vp_ir_label l = vp__ir_label(&b);
    vp__ir_insn_start(&b, 0, 0, 4);
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, t, x[1], x[2]);            /* 1: addw x3, x1, x2 */
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[3], t);               /* 2 */
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[4], x[3]);            /* 3: sext.w x4, x3: a move */
    vp__ir_qld(&b, VP_IR_I64, x[5], x[7], VP_MO_32 | VP_MO_SIGN);   /* 4: lw */
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[6], x[5]);            /* 5: a move */
    vp__ir_qld(&b, VP_IR_I64, x[5], x[7], VP_MO_32);                /* 6: lwu */
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[6], x[5]);            /* 7: stays */
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x[3], x[3], x[3]);         /* 8: x3 changes */
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[4], x[3]);            /* 9: stays */
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[3], x[4]);            /* 10: a move */
    vp__ir_set_label(&b, l);
    vp__ir_op1(&b, VP_OP_EXT32S, VP_IR_I64, x[1], x[3]);            /* 12: stays */
    vp__ir_exit_tb(&b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&b));
    vp__ir_optimize(&b);
    assert_int_equal(b.ops[3].opc, VP_OP_MOV);
    assert_int_equal(b.ops[5].opc, VP_OP_MOV);
    assert_int_equal(b.ops[7].opc, VP_OP_EXT32S);
    assert_int_equal(b.ops[9].opc, VP_OP_EXT32S);
    assert_int_equal(b.ops[10].opc, VP_OP_MOV);
    assert_int_equal(b.ops[12].opc, VP_OP_EXT32S);
    vp__ir_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ir_opt_folds_and_removes),
        cmocka_unit_test(test_ir_opt_respects_calls_and_labels),
        cmocka_unit_test(test_ir_opt_random_equivalence),
        cmocka_unit_test(test_ir_opt_fuses_rotates),
        cmocka_unit_test(test_ir_opt_dead_global_writes),
        cmocka_unit_test(test_ir_opt_known_sign_extension),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
