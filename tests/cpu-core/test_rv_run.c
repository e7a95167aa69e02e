/* SPDX-License-Identifier: Apache-2.0 */
/* test_rv_run.c - small hand-encoded programs executed through vp_cpu_run
 * on a RAM bus, for RV32 and RV64: ALU, M, loads/stores, branches, jumps,
 * compressed code, atomics and LR/SC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rv_harness.h"

#define DATA (RVT_RAM_BASE + 0x8000)

/* rd = DATA; must be the first instruction (auipc from the RAM base). */
static void emit_data_ptr(rvt *t, unsigned rd)
{
    assert_int_equal(t->at, RVT_RAM_BASE);
    rvt_emit(t, AUIPC(rd, 0x8));
}

static void run_to_wfi(rvt *t)
{
    rvt_emit(t, WFI);
    assert_int_equal(rvt_run(t, 100000), VP_CPU_EXIT_WFI);
    assert_true(vp_cpu_is_halted(t->cpu));
}

static uint64_t sx32(uint64_t v, unsigned xlen) { return xlen == 32 ? (uint32_t)v : v; }

static void alu_program(unsigned xlen)
{
    rvt *t = rvt_create(xlen == 32 ? "rv32imac" : "rv64imac", false);
    rvt_emit(t, LI(1, -7));            /* x1 = -7 */
    rvt_emit(t, LI(2, 3));             /* x2 = 3 */
    rvt_emit(t, ADD(3, 1, 2));         /* -4 */
    rvt_emit(t, SUB(4, 2, 1));         /* 10 */
    rvt_emit(t, SLT(5, 1, 2));         /* 1 */
    rvt_emit(t, SLTU(6, 1, 2));        /* 0 */
    rvt_emit(t, SRAI(7, 1, 1));        /* -4 */
    rvt_emit(t, SRLI(8, 1, 28));       /* logical */
    rvt_emit(t, LUI(9, 0xfffff));      /* sign-extended on RV64 */
    rvt_emit(t, AUIPC(10, 1));         /* pc of this insn + 0x1000 */
    rvt_emit(t, ADDI(0, 1, 5));        /* x0 stays 0 */
    rvt_emit(t, SLLI(11, 2, xlen - 1));
    rvt_emit(t, SRA(12, 11, 2));
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 3), sx32((uint64_t)-4, xlen));
    assert_int_equal(rvt_reg(t, 4), 10);
    assert_int_equal(rvt_reg(t, 5), 1);
    assert_int_equal(rvt_reg(t, 6), 0);
    assert_int_equal(rvt_reg(t, 7), sx32((uint64_t)-4, xlen));
    assert_int_equal(rvt_reg(t, 8), xlen == 32 ? 0xfu : 0xfffffffffull);
    assert_int_equal(rvt_reg(t, 9), sx32(0xfffffffffffff000ull, xlen));
    assert_int_equal(rvt_reg(t, 10), RVT_RAM_BASE + 9 * 4 + 0x1000);
    assert_int_equal(rvt_reg(t, 0), 0);
    assert_int_equal(rvt_reg(t, 11), 1ull << (xlen - 1));
    assert_int_equal(rvt_reg(t, 12), sx32(0xfull << (xlen - 4), xlen));
    rvt_destroy(t);
}

static void test_rv_run_alu_rv32(void **s) { (void)s; alu_program(32); }
static void test_rv_run_alu_rv64(void **s) { (void)s; alu_program(64); }

static void test_rv_run_word_ops_rv64(void **s)
{
    rvt *t = rvt_create("rv64imac", false);
    (void)s;
    rvt_emit(t, LUI(1, 0x80000));      /* 0xffffffff80000000 */
    rvt_emit(t, ADDIW(2, 1, -1));      /* 0x7fffffff */
    rvt_emit(t, ADDIW(3, 2, 1));       /* wraps: 0xffffffff80000000 */
    rvt_emit(t, ADDW(4, 2, 2));        /* 0xfffffffffffffffe */
    rvt_emit(t, LI(5, 33));
    rvt_emit(t, SLLW(6, 2, 5));        /* shift by 33 & 31 = 1 */
    rvt_emit(t, SRAW(7, 1, 5));        /* 0x80000000 >> 1 arith = 0xc0000000 sext */
    rvt_emit(t, LI(8, 0));
    rvt_emit(t, DIVW(9, 2, 8));        /* div by zero: -1 */
    rvt_emit(t, DIVUW(10, 1, 5));      /* 0x80000000 / 33, sext of 32-bit result */
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 2), 0x7fffffffull);
    assert_int_equal(rvt_reg(t, 3), 0xffffffff80000000ull);
    assert_int_equal(rvt_reg(t, 4), 0xfffffffffffffffeull);
    assert_int_equal(rvt_reg(t, 6), 0xfffffffffffffffeull);
    assert_int_equal(rvt_reg(t, 7), 0xffffffffc0000000ull);
    assert_int_equal(rvt_reg(t, 9), UINT64_MAX);
    assert_int_equal(rvt_reg(t, 10), 0x80000000u / 33);
    rvt_destroy(t);
}

static void muldiv_program(unsigned xlen)
{
    rvt *t = rvt_create(xlen == 32 ? "rv32im" : "rv64im", false);
    uint64_t min = 1ull << (xlen - 1);
    rvt_emit(t, LI(1, -6));
    rvt_emit(t, LI(2, 4));
    rvt_emit(t, MUL(3, 1, 2));         /* -24 */
    rvt_emit(t, MULH(4, 1, 2));        /* -1 */
    rvt_emit(t, MULHU(5, 1, 2));       /* 3 */
    rvt_emit(t, MULHSU(6, 1, 2));      /* -1 */
    rvt_emit(t, DIV(7, 1, 2));         /* -1 (toward zero) */
    rvt_emit(t, REM(8, 1, 2));         /* -2 */
    rvt_emit(t, DIVU(9, 1, 0));        /* /0: all ones */
    rvt_emit(t, REMU(10, 1, 0));       /* %0: dividend */
    rvt_emit(t, LI(11, 1));
    rvt_emit(t, SLLI(11, 11, xlen - 1)); /* MIN */
    rvt_emit(t, LI(12, -1));
    rvt_emit(t, DIV(13, 11, 12));      /* MIN / -1 = MIN */
    rvt_emit(t, REM(14, 11, 12));      /* 0 */
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 3), sx32((uint64_t)-24, xlen));
    assert_int_equal(rvt_reg(t, 4), sx32(UINT64_MAX, xlen));
    assert_int_equal(rvt_reg(t, 5), 3);
    assert_int_equal(rvt_reg(t, 6), sx32(UINT64_MAX, xlen));
    assert_int_equal(rvt_reg(t, 7), sx32(UINT64_MAX, xlen));
    assert_int_equal(rvt_reg(t, 8), sx32((uint64_t)-2, xlen));
    assert_int_equal(rvt_reg(t, 9), sx32(UINT64_MAX, xlen));
    assert_int_equal(rvt_reg(t, 10), sx32((uint64_t)-6, xlen));
    assert_int_equal(rvt_reg(t, 13), min);
    assert_int_equal(rvt_reg(t, 14), 0);
    rvt_destroy(t);
}

static void test_rv_run_muldiv_rv32(void **s) { (void)s; muldiv_program(32); }
static void test_rv_run_muldiv_rv64(void **s) { (void)s; muldiv_program(64); }

static void mem_program(unsigned xlen)
{
    rvt *t = rvt_create(xlen == 32 ? "rv32imac" : "rv64imac", false);
    emit_data_ptr(t, 5);
    rvt_emit(t, LI(1, -128));
    rvt_emit(t, SB(1, 5, 0));
    rvt_emit(t, LB(2, 5, 0));          /* -128 */
    rvt_emit(t, LBU(3, 5, 0));         /* 0x80 */
    rvt_emit(t, LUI(4, 0x12345));
    rvt_emit(t, ADDI(4, 4, 0x678));
    rvt_emit(t, SW(4, 5, 8));
    rvt_emit(t, LH(6, 5, 8));          /* 0x5678 */
    rvt_emit(t, LHU(7, 5, 10));        /* 0x1234 */
    rvt_emit(t, LW(8, 5, 8));
    rvt_emit(t, SH(1, 5, 12));
    rvt_emit(t, LH(9, 5, 12));         /* -128 */
    rvt_emit(t, LW(10, 5, 6));         /* misaligned load, allowed (no ALIGN) */
    if (xlen == 64) {
        rvt_emit(t, SD(1, 5, 16));
        rvt_emit(t, LD(11, 5, 16));    /* -128 */
        rvt_emit(t, LWU(12, 5, 16));   /* 0xffffff80 */
    }
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 2), sx32((uint64_t)-128, xlen));
    assert_int_equal(rvt_reg(t, 3), 0x80);
    assert_int_equal(rvt_ram32(t, DATA + 8), 0x12345678);
    assert_int_equal(rvt_reg(t, 6), 0x5678);
    assert_int_equal(rvt_reg(t, 7), 0x1234);
    assert_int_equal(rvt_reg(t, 8), 0x12345678);
    assert_int_equal(rvt_reg(t, 9), sx32((uint64_t)-128, xlen));
    assert_int_equal(rvt_reg(t, 10), 0x56780000);
    if (xlen == 64) {
        assert_int_equal(rvt_reg(t, 11), (uint64_t)-128);
        assert_int_equal(rvt_reg(t, 12), 0xffffff80u);
    }
    rvt_destroy(t);
}

static void test_rv_run_mem_rv32(void **s) { (void)s; mem_program(32); }
static void test_rv_run_mem_rv64(void **s) { (void)s; mem_program(64); }

/* sum 1..10 with a backward branch, a call through jal/jalr */
static void control_program(unsigned xlen)
{
    rvt *t = rvt_create(xlen == 32 ? "rv32i" : "rv64i", false);
    rvt_emit(t, LI(1, 0));             /* 0x00 sum */
    rvt_emit(t, LI(2, 10));            /* 0x04 i */
    rvt_emit(t, ADD(1, 1, 2));         /* 0x08 loop: */
    rvt_emit(t, ADDI(2, 2, -1));       /* 0x0c */
    rvt_emit(t, BNE(2, 0, -8));        /* 0x10 */
    rvt_emit(t, JAL(6, 12));           /* 0x14 -> 0x20, x6 = 0x18 */
    rvt_emit(t, LI(7, 99));            /* 0x18 return point */
    rvt_emit(t, JAL(0, 16));           /* 0x1c -> 0x2c */
    rvt_emit(t, LI(8, 42));            /* 0x20 function */
    rvt_emit(t, JALR(9, 6, 0));        /* 0x24 return; x9 = 0x28 */
    rvt_emit(t, LI(7, 1));             /* 0x28 never */
    rvt_emit(t, LI(3, -1));            /* 0x2c */
    rvt_emit(t, BGEU(3, 2, 8));        /* 0x30 taken (unsigned -1 >= 0) */
    rvt_emit(t, LI(4, 1));             /* 0x34 skipped */
    rvt_emit(t, BLT(3, 2, 8));         /* 0x38 taken (-1 < 0) */
    rvt_emit(t, LI(4, 2));             /* 0x3c skipped */
    rvt_emit(t, BEQ(3, 2, 8));         /* 0x40 not taken */
    rvt_emit(t, LI(10, 5));            /* 0x44 */
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 1), 55);
    assert_int_equal(rvt_reg(t, 6), RVT_RAM_BASE + 0x18);
    assert_int_equal(rvt_reg(t, 7), 99);
    assert_int_equal(rvt_reg(t, 8), 42);
    assert_int_equal(rvt_reg(t, 9), RVT_RAM_BASE + 0x28);
    assert_int_equal(rvt_reg(t, 4), 0);
    assert_int_equal(rvt_reg(t, 10), 5);
    rvt_destroy(t);
}

static void test_rv_run_control_rv32(void **s) { (void)s; control_program(32); }
static void test_rv_run_control_rv64(void **s) { (void)s; control_program(64); }

static void compressed_program(unsigned xlen)
{
    rvt *t = rvt_create(xlen == 32 ? "rv32imac" : "rv64imac", false);
    emit_data_ptr(t, 2);               /* sp = DATA (4 bytes) */
    rvt_emit16(t, 0x4529);             /* c.li a0,10 */
    rvt_emit16(t, 0x0505);             /* c.addi a0,1 -> 11 */
    rvt_emit16(t, 0x85aa);             /* c.mv a1,a0 */
    rvt_emit16(t, 0x95aa);             /* c.add a1,a0 -> 22 */
    rvt_emit16(t, 0xc22e);             /* c.swsp a1,4(sp) */
    rvt_emit16(t, 0x4612);             /* c.lwsp a2,4(sp) -> 22 */
    rvt_emit16(t, 0xc109);             /* c.beqz a0,+2: not taken */
    rvt_emit16(t, 0xa011);             /* c.j +4 */
    rvt_emit16(t, 0x4681);             /* c.li a3,0: skipped */
    rvt_emit16(t, 0x4685);             /* c.li a3,1 */
    rvt_emit16(t, 0x0586);             /* c.slli a1,1 -> 44 */
    rvt_emit16(t, 0x8105);             /* c.srli a0,1 -> 5 */
    rvt_emit16(t, 0x0001);             /* c.nop */
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 10), 5);
    assert_int_equal(rvt_reg(t, 11), 44);
    assert_int_equal(rvt_reg(t, 12), 22);
    assert_int_equal(rvt_reg(t, 13), 1);
    assert_int_equal(rvt_ram32(t, DATA + 4), 22);
    rvt_destroy(t);
}

static void test_rv_run_compressed_rv32(void **s) { (void)s; compressed_program(32); }
static void test_rv_run_compressed_rv64(void **s) { (void)s; compressed_program(64); }

static void amo_program(unsigned xlen, bool dword)
{
    rvt *t = rvt_create(xlen == 32 ? "rv32ima" : "rv64ima", false);
    unsigned f3 = dword ? 3 : 2;
    rvt_set_ram32(t, DATA, 5);
    rvt_set_ram32(t, DATA + 4, dword ? 0 : 0x12345678);
    emit_data_ptr(t, 5);
    rvt_emit(t, LI(1, -3));
    rvt_emit(t, AMO(0x00, f3, 10, 5, 1));  /* amoadd: a0 = 5, mem = 2 */
    rvt_emit(t, AMO(0x10, f3, 11, 5, 1));  /* amomin: a1 = 2, mem = -3 */
    rvt_emit(t, AMO(0x18, f3, 12, 5, 0));  /* amominu with 0: a2 = -3, mem = 0 */
    rvt_emit(t, AMO(0x14, f3, 13, 5, 1));  /* amomax: a3 = 0, mem = 0 */
    rvt_emit(t, AMO(0x1c, f3, 14, 5, 1));  /* amomaxu: a4 = 0, mem = -3 */
    rvt_emit(t, AMO(0x01, f3, 15, 5, 0));  /* amoswap: a5 = -3, mem = 0 */
    rvt_emit(t, AMO(0x04, f3, 0, 5, 1));   /* amoxor rd=x0: mem = -3 */
    rvt_emit(t, AMO(0x0c, f3, 16, 5, 0));  /* amoand with 0: a6 = -3, mem = 0 */
    rvt_emit(t, AMO(0x08, f3, 17, 5, 1));  /* amoor: a7 = 0, mem = -3 */
    /* LR/SC: success, then failure without a reservation, then a mismatch */
    rvt_emit(t, AMO(0x02, f3, 18, 5, 0));  /* lr: s2 = -3 */
    rvt_emit(t, LI(6, 77));
    rvt_emit(t, AMO(0x03, f3, 19, 5, 6));  /* sc: s3 = 0, mem = 77 */
    rvt_emit(t, AMO(0x03, f3, 20, 5, 1));  /* sc again: s4 = 1 */
    rvt_emit(t, AMO(0x02, f3, 21, 5, 0));  /* lr: s5 = 77 */
    rvt_emit(t, ADDI(7, 5, 8));
    rvt_emit(t, AMO(0x03, f3, 22, 7, 6));  /* sc at another address: s6 = 1 */
    run_to_wfi(t);
    uint64_t m3 = sx32((uint64_t)-3, xlen);
    assert_int_equal(rvt_reg(t, 10), 5);
    assert_int_equal(rvt_reg(t, 11), 2);
    assert_int_equal(rvt_reg(t, 12), m3);
    assert_int_equal(rvt_reg(t, 13), 0);
    assert_int_equal(rvt_reg(t, 14), 0);
    assert_int_equal(rvt_reg(t, 15), m3);
    assert_int_equal(rvt_reg(t, 16), m3);
    assert_int_equal(rvt_reg(t, 17), 0);
    assert_int_equal(rvt_reg(t, 18), m3);
    assert_int_equal(rvt_reg(t, 19), 0);
    assert_int_equal(rvt_reg(t, 20), 1);
    assert_int_equal(rvt_reg(t, 21), 77);
    assert_int_equal(rvt_reg(t, 22), 1);
    assert_int_equal(rvt_ram32(t, DATA), 77);
    assert_int_equal(rvt_ram32(t, DATA + 8), 0);
    if (!dword)  /* .W must not touch the next word */
        assert_int_equal(rvt_ram32(t, DATA + 4), 0x12345678);
    rvt_destroy(t);
}

static void test_rv_run_amo_w_rv32(void **s) { (void)s; amo_program(32, false); }
static void test_rv_run_amo_w_rv64(void **s) { (void)s; amo_program(64, false); }
static void test_rv_run_amo_d_rv64(void **s) { (void)s; amo_program(64, true); }

/* amomaxu.w on RV64 compares the words unsigned and sign-extends rd */
static void test_rv_run_amo_w_signext_rv64(void **s)
{
    rvt *t = rvt_create("rv64imac", false);
    (void)s;
    rvt_set_ram32(t, DATA, 0x80000000u);
    emit_data_ptr(t, 5);
    rvt_emit(t, LI(1, 1));
    rvt_emit(t, AMO(0x1c, 2, 10, 5, 1));   /* amomaxu.w: a0 = sext(0x80000000) */
    rvt_emit(t, AMO(0x10, 2, 11, 5, 1));   /* amomin.w: 0x80000000 < 1 signed */
    rvt_emit(t, AMO(0x00, 2, 12, 5, 1));   /* amoadd.w */
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 10), 0xffffffff80000000ull);
    assert_int_equal(rvt_reg(t, 11), 0xffffffff80000000ull);
    assert_int_equal(rvt_reg(t, 12), 0xffffffff80000000ull);
    assert_int_equal(rvt_ram32(t, DATA), 0x80000001u);
    rvt_destroy(t);
}

/* A long straight-line run crosses the 64-instruction block limit. */
static void test_rv_run_long_block(void **s)
{
    rvt *t = rvt_create("rv32i", false);
    (void)s;
    for (int k = 0; k < 200; k++)
        rvt_emit(t, ADDI(1, 1, 1));
    run_to_wfi(t);
    assert_int_equal(rvt_reg(t, 1), 200);
    assert_int_equal(vp_cpu_insn_count(t->cpu), 201);
    rvt_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rv_run_alu_rv32),
        cmocka_unit_test(test_rv_run_alu_rv64),
        cmocka_unit_test(test_rv_run_word_ops_rv64),
        cmocka_unit_test(test_rv_run_muldiv_rv32),
        cmocka_unit_test(test_rv_run_muldiv_rv64),
        cmocka_unit_test(test_rv_run_mem_rv32),
        cmocka_unit_test(test_rv_run_mem_rv64),
        cmocka_unit_test(test_rv_run_control_rv32),
        cmocka_unit_test(test_rv_run_control_rv64),
        cmocka_unit_test(test_rv_run_compressed_rv32),
        cmocka_unit_test(test_rv_run_compressed_rv64),
        cmocka_unit_test(test_rv_run_amo_w_rv32),
        cmocka_unit_test(test_rv_run_amo_w_rv64),
        cmocka_unit_test(test_rv_run_amo_d_rv64),
        cmocka_unit_test(test_rv_run_amo_w_signext_rv64),
        cmocka_unit_test(test_rv_run_long_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
