/* SPDX-License-Identifier: Apache-2.0 */
/* test_ir.c - IR builder, label resolution and dump. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "exec_rvstub.h"

static void collect(void *opaque, const char *line)
{
    GString *s = opaque;
    g_string_append(s, line);
    g_string_append_c(s, '\n');
}

static void test_ir_builder_temps(void **state)
{
    (void)state;
    vp_ir_block b;
    vp__ir_init(&b);
    vp_ir_temp g0 = vp__ir_global(&b, VP_IR_I64, 8, "x1");
    vp_ir_temp g1 = vp__ir_global(&b, VP_IR_I64, 16, "x2");
    assert_int_equal(b.n_globals, 2);
    vp_ir_temp l = vp__ir_local(&b, VP_IR_I32);
    vp_ir_temp c = vp__ir_const(&b, VP_IR_I32, 0x123456789ull);
    assert_int_equal(g0, 0);
    assert_int_equal(g1, 1);
    assert_int_equal(b.temps[l].kind, VP_TEMP_LOCAL);
    assert_int_equal(b.temps[c].kind, VP_TEMP_CONST);
    assert_int_equal(b.temps[c].val, 0x23456789u); /* I32 constants are truncated */
    for (int i = 0; i < 1000; i++) /* growth */
        vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, g0, g0, g1);
    assert_int_equal(b.n_ops, 1000);
    vp__ir_reset(&b, 0x1000);
    assert_int_equal(b.n_ops, 0);
    assert_int_equal(b.n_temps, 2); /* globals survive a reset */
    assert_int_equal(b.pc, 0x1000);
    vp__ir_fini(&b);
}

static void test_ir_finish_labels(void **state)
{
    (void)state;
    vp_ir_block b;
    vp__ir_init(&b);
    vp_ir_temp g = vp__ir_global(&b, VP_IR_I64, 8, "x1");
    vp__ir_reset(&b, 0x100);
    vp_ir_label l0 = vp__ir_label(&b), l1 = vp__ir_label(&b);
    vp__ir_insn_start(&b, 0x100, 0, 4);
    vp__ir_brcond(&b, VP_IR_I64, VP_COND_EQ, g, g, l1);
    vp__ir_set_label(&b, l0);
    vp__ir_insn_start(&b, 0x104, 1, 2);
    vp__ir_br(&b, l0);
    vp__ir_set_label(&b, l1);
    vp__ir_exit_tb(&b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&b));
    assert_int_equal(b.label_pos[l0], 2);
    assert_int_equal(b.label_pos[l1], 5);
    assert_int_equal(b.icount, 2);
    assert_int_equal(b.guest_size, 6);
    /* a label that is used but never set */
    vp__ir_reset(&b, 0);
    vp_ir_label l2 = vp__ir_label(&b);
    vp__ir_br(&b, l2);
    assert_false(vp__ir_finish(&b));
    vp__ir_fini(&b);
}

static void test_ir_dump_format(void **state)
{
    (void)state;
    vp_ir_block b;
    GString *s = g_string_new(NULL);
    vp__ir_init(&b);
    vp_ir_temp x5 = vp__ir_global(&b, VP_IR_I64, 40, "x5");
    vp_ir_temp x6 = vp__ir_global(&b, VP_IR_I64, 48, "x6");
    vp__ir_reset(&b, 0x80000000);
    vp_ir_temp t = vp__ir_local(&b, VP_IR_I32);
    vp__ir_insn_start(&b, 0x80000000, 0, 4);
    vp__ir_op2(&b, VP_OP_ADD, VP_IR_I64, x5, x6, vp__ir_const(&b, VP_IR_I64, 0x10));
    vp__ir_qld(&b, VP_IR_I32, t, x5, VP_MO_32 | VP_MO_SIGN);
    vp__ir_setcond(&b, VP_IR_I32, VP_COND_LTU, t, t, t);
    vp__ir_exit_tb(&b, 1);
    assert_true(vp__ir_finish(&b));
    vp__ir_dump(&b, collect, s);
    assert_non_null(strstr(s->str, "add_i64 x5, x6, $0x10\n"));
    assert_non_null(strstr(s->str, "qld_i32 tmp0, x5, $0x6\n"));
    assert_non_null(strstr(s->str, "setcond_i32 tmp0, tmp0, tmp0, ltu\n"));
    assert_non_null(strstr(s->str, "exit_tb_i64 $0x1\n"));
    assert_non_null(strstr(s->str, "pc 0x80000000"));
    assert_string_equal(vp__ir_opc_name(VP_OP_MULSUH), "mulsuh");
    g_string_free(s, TRUE);
    vp__ir_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ir_builder_temps),
        cmocka_unit_test(test_ir_finish_labels),
        cmocka_unit_test(test_ir_dump_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
