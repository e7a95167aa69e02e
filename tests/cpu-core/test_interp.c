/* SPDX-License-Identifier: Apache-2.0 */
/* test_interp.c - semantics of every IR op in the interpreter, including
 * the edge cases ir.h defines (total division, 32-bit wrap, shift masking,
 * high multiplies), branches, env access and helper calls. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "exec_rvstub.h"
#include "../../cpu-core/interp/interp_int.h"
#include "../../cpu-core/jit/jit_int.h"

typedef struct fix {
    vp_cpu *cpu;
    vp_ir_block b;
    vp_ir_type t;
} fix;

/* Fresh block with x0..x31 registered as globals of type t. */
static void block_begin(fix *f, vp_ir_type t)
{
    vp__ir_fini(&f->b);
    vp__ir_init(&f->b);
    f->t = t;
    for (unsigned i = 0; i < 32; i++)
        vp__ir_global(&f->b, t, (uint32_t)offsetof(vp_cpu, x[i]), "x");
    vp__ir_reset(&f->b, 0x1000);
    vp__ir_insn_start(&f->b, 0x1000, 0, 4);
}

/* Ends the block and runs it once; returns the exit slot. */
static int block_run(fix *f)
{
    vp_tb tb;
    vp_tb *last = NULL;
    vp__ir_exit_tb(&f->b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&f->b));
    memset(&tb, 0, sizeof(tb));
    tb.valid = true;
    f->cpu->ex.icount_stop = UINT64_MAX;
    if (f->cpu->ex.jit) {
        bool full;
        vp__ir_optimize(&f->b); /* also run the optimized form: folding must agree */
        assert_true(vp__jit_compile(f->cpu, &f->b, &tb, &full));
        int slot = vp__jit_exec(f->cpu, &tb, &last);
        assert_true(slot < 0 || last == &tb);
        return slot;
    }
    assert_true(vp__interp_compile(f->cpu, &f->b, &tb));
    int slot = vp__interp_exec(f->cpu, &tb, &last);
    vp__interp_free(&tb);
    return slot;
}

static int setup(void **state)
{
    fix *f = g_new0(fix, 1);
    vp_cpu_config cfg = {.size = sizeof(cfg), .abi = VP_CPU_ABI, .isa = "rv64i", .reset_pc = 0x1000,
                           .accel = VP_TEST_ACCEL, .jit_threshold = 1};
    f->cpu = vp_cpu_create(&cfg, NULL);
    assert_non_null(f->cpu);
    vp__ir_init(&f->b);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fix *f = *state;
    vp__ir_fini(&f->b);
    vp_cpu_destroy(f->cpu);
    g_free(f);
    return 0;
}

typedef struct bcase {
    vp_ir_opc opc;
    uint64_t a, b, want;
} bcase;

#define M32 0x80000000ull
#define M64 0x8000000000000000ull

static const bcase cases32[] = {
    {VP_OP_ADD, 0xffffffff, 1, 0},          {VP_OP_SUB, 0, 1, 0xffffffff},
    {VP_OP_AND, 0xf0f0, 0xff00, 0xf000},    {VP_OP_OR, 0xf0f0, 0x0f0f, 0xffff},
    {VP_OP_XOR, 0xff, 0x0f, 0xf0},          {VP_OP_SHL, 1, 33, 2},
    {VP_OP_SHL, 0x80000001, 1, 2},          {VP_OP_SHR, M32, 31, 1},
    {VP_OP_SHR, M32, 32, M32},              {VP_OP_SAR, M32, 31, 0xffffffff},
    {VP_OP_SAR, 0x40000000, 62, 1},         {VP_OP_MUL, 0x10000, 0x10000, 0},
    {VP_OP_MUL, 0xffffffff, 3, 0xfffffffd}, {VP_OP_MULSH, 0xffffffff, 0xffffffff, 0},
    {VP_OP_MULSH, M32, M32, 0x40000000},    {VP_OP_MULSH, 0xffffffff, 2, 0xffffffff},
    {VP_OP_MULUH, 0xffffffff, 0xffffffff, 0xfffffffe},
    {VP_OP_MULSUH, 0xffffffff, 0xffffffff, 0xffffffff},
    {VP_OP_MULSUH, 2, M32, 1},              {VP_OP_MULSUH, 0xfffffffe, M32, 0xffffffff},
    {VP_OP_DIV, 7, 0xfffffffe, 0xfffffffd}, {VP_OP_DIV, 5, 0, 0xffffffff},
    {VP_OP_DIV, M32, 0xffffffff, M32},      {VP_OP_DIVU, 0xffffffff, 2, 0x7fffffff},
    {VP_OP_DIVU, 5, 0, 0xffffffff},         {VP_OP_REM, 0xfffffff9, 2, 0xffffffff},
    {VP_OP_REM, 5, 0, 5},                   {VP_OP_REM, M32, 0xffffffff, 0},
    {VP_OP_REMU, 0xffffffff, 10, 5},        {VP_OP_REMU, 5, 0, 5},
};

static const bcase cases64[] = {
    {VP_OP_ADD, UINT64_MAX, 1, 0},          {VP_OP_ADD, 0xffffffff, 1, 0x100000000ull},
    {VP_OP_SUB, 0, 1, UINT64_MAX},          {VP_OP_SHL, 1, 65, 2},
    {VP_OP_SHL, 1, 63, M64},                {VP_OP_SHR, M64, 64, M64},
    {VP_OP_SAR, M64, 63, UINT64_MAX},       {VP_OP_SHR, M64, 63, 1},
    {VP_OP_MUL, 0x100000000ull, 0x100000000ull, 0},
    {VP_OP_MULSH, UINT64_MAX, UINT64_MAX, 0}, {VP_OP_MULSH, M64, M64, 0x4000000000000000ull},
    {VP_OP_MULSH, UINT64_MAX, 2, UINT64_MAX}, {VP_OP_MULUH, UINT64_MAX, UINT64_MAX, UINT64_MAX - 1},
    {VP_OP_MULUH, 0x100000000ull, 0x100000000ull, 1},
    {VP_OP_MULSUH, UINT64_MAX, UINT64_MAX, UINT64_MAX}, {VP_OP_MULSUH, 2, M64, 1},
    {VP_OP_MULSUH, (uint64_t)-2, M64, UINT64_MAX},
    {VP_OP_DIV, 7, (uint64_t)-2, (uint64_t)-3}, {VP_OP_DIV, 5, 0, UINT64_MAX},
    {VP_OP_DIV, M64, UINT64_MAX, M64},      {VP_OP_DIVU, UINT64_MAX, 2, UINT64_MAX >> 1},
    {VP_OP_DIVU, 5, 0, UINT64_MAX},         {VP_OP_REM, (uint64_t)-7, 2, UINT64_MAX},
    {VP_OP_REM, 5, 0, 5},                   {VP_OP_REM, M64, UINT64_MAX, 0},
    {VP_OP_REMU, UINT64_MAX, 10, 5},        {VP_OP_REMU, 5, 0, 5},
    {VP_OP_AND, UINT64_MAX, 0xff00, 0xff00},{VP_OP_XOR, UINT64_MAX, 1, UINT64_MAX - 1},
};

static void run_cases(fix *f, vp_ir_type t, const bcase *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        /* register operands */
        block_begin(f, t);
        vp__ir_op2(&f->b, c[i].opc, t, 3, 1, 2);
        f->cpu->x[1] = c[i].a | (t == VP_IR_I32 ? 0xabcd000000000000ull : 0);
        f->cpu->x[2] = c[i].b | (t == VP_IR_I32 ? 0x1234000000000000ull : 0);
        f->cpu->x[3] = 0x5555555555555555ull;
        block_run(f);
        uint64_t got = t == VP_IR_I32 ? (uint32_t)f->cpu->x[3] : f->cpu->x[3];
        if (got != c[i].want)
            fail_msg("%s_%s(0x%llx, 0x%llx) = 0x%llx, want 0x%llx", vp__ir_opc_name(c[i].opc),
                     t == VP_IR_I32 ? "i32" : "i64", (unsigned long long)c[i].a, (unsigned long long)c[i].b,
                     (unsigned long long)got, (unsigned long long)c[i].want);
        if (t == VP_IR_I32) /* 32-bit ops write 32 bits */
            assert_int_equal(f->cpu->x[3] >> 32, 0x55555555u);
        /* constant operands through a local */
        block_begin(f, t);
        vp_ir_temp l = vp__ir_local(&f->b, t);
        vp__ir_op2(&f->b, c[i].opc, t, l, vp__ir_const(&f->b, t, c[i].a), vp__ir_const(&f->b, t, c[i].b));
        vp__ir_op1(&f->b, VP_OP_MOV, t, 4, l);
        block_run(f);
        got = t == VP_IR_I32 ? (uint32_t)f->cpu->x[4] : f->cpu->x[4];
        assert_int_equal(got, c[i].want);
    }
}

static void test_interp_binary_i32(void **state)
{
    run_cases(*state, VP_IR_I32, cases32, G_N_ELEMENTS(cases32));
}

static void test_interp_binary_i64(void **state)
{
    run_cases(*state, VP_IR_I64, cases64, G_N_ELEMENTS(cases64));
}

static uint64_t run_un(fix *f, vp_ir_opc opc, vp_ir_type t, vp_ir_type tin, uint64_t a)
{
    block_begin(f, tin);
    vp_ir_temp in = vp__ir_local(&f->b, tin), out = vp__ir_local(&f->b, t);
    vp_ir_temp g64 = vp__ir_global(&f->b, VP_IR_I64, (uint32_t)offsetof(vp_cpu, x[5]), "x5");
    vp__ir_op1(&f->b, VP_OP_MOV, tin, in, vp__ir_const(&f->b, tin, a));
    vp__ir_op1(&f->b, opc, t, out, in);
    if (t == VP_IR_I32)
        vp__ir_op1(&f->b, VP_OP_EXTU_I32_I64, VP_IR_I64, g64, out);
    else
        vp__ir_op1(&f->b, VP_OP_MOV, VP_IR_I64, g64, out);
    block_run(f);
    return f->cpu->x[5];
}

static void test_interp_unary_ext(void **state)
{
    fix *f = *state;
    const vp_ir_type I32 = VP_IR_I32, I64 = VP_IR_I64;
    assert_int_equal(run_un(f, VP_OP_EXT8S, I32, I32, 0x1280), 0xffffff80u);
    assert_int_equal(run_un(f, VP_OP_EXT8S, I64, I64, 0x1280), 0xffffffffffffff80ull);
    assert_int_equal(run_un(f, VP_OP_EXT8U, I64, I64, 0x1280), 0x80);
    assert_int_equal(run_un(f, VP_OP_EXT16S, I32, I32, 0x18000), 0xffff8000u);
    assert_int_equal(run_un(f, VP_OP_EXT16U, I64, I64, 0xffff8000ull), 0x8000);
    assert_int_equal(run_un(f, VP_OP_EXT32S, I64, I64, 0x180000000ull), 0xffffffff80000000ull);
    assert_int_equal(run_un(f, VP_OP_EXT32U, I64, I64, 0xffffffff80000000ull), 0x80000000ull);
    assert_int_equal(run_un(f, VP_OP_EXTS_I32_I64, I64, I32, 0x80000000u), 0xffffffff80000000ull);
    assert_int_equal(run_un(f, VP_OP_EXTU_I32_I64, I64, I32, 0x80000000u), 0x80000000ull);
    assert_int_equal(run_un(f, VP_OP_TRUNC_I64_I32, I32, I64, 0x123456789ull), 0x23456789u);
    assert_int_equal(run_un(f, VP_OP_NEG, I32, I32, 1), 0xffffffffu);
    assert_int_equal(run_un(f, VP_OP_NEG, I64, I64, 1), UINT64_MAX);
    assert_int_equal(run_un(f, VP_OP_NOT, I32, I32, 0xf0), 0xffffff0fu);
    assert_int_equal(run_un(f, VP_OP_NOT, I64, I64, 0), UINT64_MAX);
}

/* cond results for (a, b) = (0xffffffff.., 1) and (1, 1) */
static void test_interp_setcond_movcond(void **state)
{
    fix *f = *state;
    static const struct { vp_ir_cond c; int lt; int eq; } cs[] = {
        {VP_COND_EQ, 0, 1}, {VP_COND_NE, 1, 0}, {VP_COND_LT, 1, 0}, {VP_COND_GE, 0, 1},
        {VP_COND_LTU, 0, 0}, {VP_COND_GEU, 1, 1}, {VP_COND_ALWAYS, 1, 1}, {VP_COND_NEVER, 0, 0},
    };
    for (int w = 0; w < 2; w++) {
        vp_ir_type t = w ? VP_IR_I64 : VP_IR_I32;
        for (size_t i = 0; i < G_N_ELEMENTS(cs); i++) {
            for (int pass = 0; pass < 2; pass++) {
                block_begin(f, t);
                vp__ir_setcond(&f->b, t, cs[i].c, 3, 1, 2);
                vp__ir_movcond(&f->b, t, cs[i].c, 4, 1, 2, 5, 6);
                f->cpu->x[1] = pass ? 1 : UINT64_MAX;
                f->cpu->x[2] = 1;
                f->cpu->x[5] = 0x77;
                f->cpu->x[6] = 0x99;
                block_run(f);
                int want = pass ? cs[i].eq : cs[i].lt;
                assert_int_equal((uint32_t)f->cpu->x[3], want);
                assert_int_equal((uint32_t)f->cpu->x[4], want ? 0x77 : 0x99);
            }
        }
    }
}

static void test_interp_brcond_paths(void **state)
{
    fix *f = *state;
    for (int taken = 0; taken < 2; taken++) {
        for (int w = 0; w < 2; w++) {
            vp_ir_type t = w ? VP_IR_I64 : VP_IR_I32;
            block_begin(f, t);
            vp_ir_label l = vp__ir_label(&f->b);
            vp__ir_brcond(&f->b, t, VP_COND_LTU, 1, 2, l);
            vp__ir_movi(&f->b, t, 3, 111);
            vp__ir_goto_tb(&f->b, 0);
            vp__ir_exit_tb(&f->b, 0);
            vp__ir_set_label(&f->b, l);
            vp__ir_movi(&f->b, t, 3, 222);
            vp__ir_goto_tb(&f->b, 1);
            vp__ir_exit_tb(&f->b, 1);
            f->cpu->x[1] = taken ? 1 : 5;
            f->cpu->x[2] = 3;
            int slot = block_run(f);
            assert_int_equal(slot, taken ? 1 : 0);
            assert_int_equal((uint32_t)f->cpu->x[3], taken ? 222 : 111);
        }
    }
}

/* n locals live at once (x1 + 3i + r), then summed into x2, `rounds`
 * times: more than the JIT has registers spill, and the second round
 * reuses the slots the first one freed. */
static void many_live(fix *f, unsigned n, unsigned rounds)
{
    vp_ir_temp *l = g_new(vp_ir_temp, n);
    block_begin(f, VP_IR_I64);
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned i = 0; i < n; i++) {
            l[i] = vp__ir_local(&f->b, VP_IR_I64);
            vp__ir_op2(&f->b, VP_OP_ADD, VP_IR_I64, l[i], 1, vp__ir_const(&f->b, VP_IR_I64, 3 * i + r));
        }
        for (unsigned i = 0; i < n; i++)
            vp__ir_op2(&f->b, VP_OP_ADD, VP_IR_I64, 2, 2, l[i]);
    }
    g_free(l);
}

static uint64_t many_live_sum(unsigned n, unsigned rounds, uint64_t x1, uint64_t x2)
{
    for (unsigned r = 0; r < rounds; r++)
        for (unsigned i = 0; i < n; i++)
            x2 += x1 + 3 * i + r;
    return x2;
}

static void test_interp_spills(void **state)
{
    fix *f = *state;
    many_live(f, 40, 2);
    f->cpu->x[1] = 1000;
    f->cpu->x[2] = 7;
    block_run(f);
    assert_int_equal(f->cpu->x[2], many_live_sum(40, 2, 1000, 7));
}

/* More live locals than registers plus spill slots: the JIT refuses the
 * block (not because its code memory is full); the interpreter runs it. */
static void test_interp_spill_limit(void **state)
{
    fix *f = *state;
    many_live(f, 1100, 1);
    f->cpu->x[1] = 5;
    f->cpu->x[2] = 1;
    if (!f->cpu->ex.jit) {
        block_run(f);
        assert_int_equal(f->cpu->x[2], many_live_sum(1100, 1, 5, 1));
        return;
    }
    vp_tb tb;
    bool full = true;
    vp__ir_exit_tb(&f->b, VP_EXIT_NOCHAIN);
    assert_true(vp__ir_finish(&f->b));
    vp__ir_optimize(&f->b);
    memset(&tb, 0, sizeof(tb));
    assert_false(vp__jit_compile(f->cpu, &f->b, &tb, &full));
    assert_false(full);
    many_live(f, 1020, 1); /* fits: 10 registers + 1010 spill slots */
    block_run(f);
    assert_int_equal(f->cpu->x[2], many_live_sum(1020, 1, 5, 1));
}

static uint64_t seen[4];

static uint64_t helper_sum(vp_cpu *cpu, uint64_t a0, uint64_t a1, uint64_t a2)
{
    seen[0] = a0, seen[1] = a1, seen[2] = a2;
    seen[3] = cpu->cur_pc;
    return a0 + a1 + a2 + 0x100000000ull;
}

static void test_interp_call_env(void **state)
{
    fix *f = *state;
    block_begin(f, VP_IR_I32);
    vp_ir_temp r = vp__ir_local(&f->b, VP_IR_I32);
    vp__ir_emit_call(&f->b, helper_sum, "sum", 0, r, 1, 2, vp__ir_const(&f->b, VP_IR_I32, 3));
    vp__ir_op1(&f->b, VP_OP_MOV, VP_IR_I32, 4, r);
    vp__ir_ld_env(&f->b, VP_IR_I32, 5, (uint32_t)(VP_CPU_TARGET_OFFSET + offsetof(stub_state, mscratch)));
    vp__ir_st_env(&f->b, VP_IR_I32, 1, (uint32_t)(VP_CPU_TARGET_OFFSET + offsetof(stub_state, mtval)));
    f->cpu->x[1] = 0xffffffff00000010ull; /* I32 args are zero-extended: upper bits ignored */
    f->cpu->x[2] = 0x20;
    f->cpu->x[4] = 0;
    stub_rv(f->cpu)->mscratch = 0xcafe;
    stub_rv(f->cpu)->mtval = 0xffffffffffffffffull;
    block_run(f);
    assert_int_equal(seen[0], 0x10);
    assert_int_equal(seen[1], 0x20);
    assert_int_equal(seen[2], 3);
    assert_int_equal(seen[3], 0x1000); /* cur_pc published at INSN_START */
    assert_int_equal(f->cpu->x[4], 0x33); /* I32 result truncated */
    assert_int_equal((uint32_t)f->cpu->x[5], 0xcafe);
    assert_int_equal(stub_rv(f->cpu)->mtval, 0xffffffff00000010ull); /* 32-bit store to env */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_interp_binary_i32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interp_binary_i64, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interp_unary_ext, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interp_setcond_movcond, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interp_brcond_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interp_call_env, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interp_spills, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interp_spill_limit, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
