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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ir_opt_folds_and_removes),
        cmocka_unit_test(test_ir_opt_respects_calls_and_labels),
        cmocka_unit_test(test_ir_opt_random_equivalence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
