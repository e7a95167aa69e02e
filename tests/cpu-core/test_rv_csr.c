/* SPDX-License-Identifier: Apache-2.0 */
/* test_rv_csr.c - CSR file semantics: misa per ISA, WARL masks and
 * legalisation, read-only and absent CSRs, privilege and counter-enable
 * checks, PMP storage and locks, time, counters seen by guest code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rv_int.h"
#include "rv_harness.h"

#define W 1 /* csrrw */
#define S 2 /* csrrs */
#define C 3 /* csrrc */

static int csr_w(rvt *t, unsigned csr, uint64_t v)
{
    uint64_t old;
    return vp__rv_csr_op(t->cpu, csr, W, true, true, v, &old);
}

static uint64_t csr_r(rvt *t, unsigned csr)
{
    uint64_t v = 0;
    assert_int_equal(vp__rv_csr_op(t->cpu, csr, S, true, false, 0, &v), 0);
    return v;
}

static bool csr_exists(rvt *t, unsigned csr)
{
    uint64_t v;
    return vp__rv_csr_op(t->cpu, csr, S, true, false, 0, &v) == 0;
}

static void test_rv_csr_misa(void **s)
{
    struct { const char *isa; uint64_t misa; } c[] = {
        {"rv32imac", 0x40141105ull}, /* S-mode: misa.S (bit 18) */
        {"rv64imac", 0x8000000000141105ull},
        {"rv32i", 0x40140100ull},
        {"rv64ima_zicsr_zifencei", 0x8000000000141101ull},
    };
    (void)s;
    for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
        rvt *t = rvt_create(c[k].isa, false);
        assert_int_equal(csr_r(t, RV_CSR_MISA), c[k].misa);
        assert_int_equal(csr_w(t, RV_CSR_MISA, 0), 0);            /* WARL: ignored, legal */
        assert_int_equal(csr_r(t, RV_CSR_MISA), c[k].misa);
        assert_int_equal(vp_cpu_xlen(t->cpu), c[k].isa[2] == '3' ? 32 : 64);
        rvt_destroy(t);
    }
}

static void test_rv_csr_mstatus_warl(void **s)
{
    rvt *t = rvt_create("rv64imac", false);
    (void)s;
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS), 0xaull << 32);      /* SXL = UXL = 64 */
    assert_int_equal(csr_w(t, RV_CSR_MSTATUS, UINT64_MAX), 0);
    /* SIE MIE SPIE MPIE SPP MPP MPRV SUM MXR TVM TW TSR */
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS), 0x7e19aaull | (0xaull << 32));
    /* MPP: S (1) is held now; 2 is not, the previous value stays */
    csr_w(t, RV_CSR_MSTATUS, 1ull << 11);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & RV_MSTATUS_MPP, 1ull << 11);
    csr_w(t, RV_CSR_MSTATUS, 2ull << 11);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & RV_MSTATUS_MPP, 1ull << 11);
    csr_w(t, RV_CSR_MSTATUS, 0);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS), 0xaull << 32);
    rvt_destroy(t);
    t = rvt_create("rv32imac", false);
    csr_w(t, RV_CSR_MSTATUS, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS), 0x7e19aaull);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUSH), 0);
    assert_int_equal(csr_w(t, RV_CSR_MSTATUSH, UINT32_MAX), 0);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUSH), 0);
    rvt_destroy(t);
}

static void test_rv_csr_trap_setup_warl(void **s)
{
    rvt *t = rvt_create("rv32imac", false);
    (void)s;
    csr_w(t, RV_CSR_MIE, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MIE), 0xaaa);                 /* M and S interrupt enables */
    csr_w(t, RV_CSR_MIP, UINT64_MAX);                              /* only SSIP, STIP, SEIP are writable */
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0x222);
    csr_w(t, RV_CSR_MIP, 0);
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0);
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MEIP, true);
    vp_cpu_set_irq(t->cpu, 5, true);                               /* no such input */
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0x800);
    vp_cpu_irq_sink(t->cpu, VP_CPU_IRQ_MEIP, false);
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0);
    csr_w(t, RV_CSR_MTVEC, 0x80000101);
    assert_int_equal(csr_r(t, RV_CSR_MTVEC), 0x80000101);
    csr_w(t, RV_CSR_MTVEC, 0x80000202);                            /* mode 2 reserved */
    assert_int_equal(csr_r(t, RV_CSR_MTVEC), 0x80000201);
    csr_w(t, RV_CSR_MEPC, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MEPC), 0xfffffffe);
    csr_w(t, RV_CSR_MCAUSE, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MCAUSE), 0xffffffff);
    csr_w(t, RV_CSR_MCOUNTEREN, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MCOUNTEREN), 0xffffffff);
    csr_w(t, RV_CSR_MCOUNTINHIBIT, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MCOUNTINHIBIT), 5);
    rvt_destroy(t);
    t = rvt_create("rv64ima", false);                              /* no C: mepc[1] reads 0 */
    csr_w(t, RV_CSR_MEPC, 0x80000006);
    assert_int_equal(csr_r(t, RV_CSR_MEPC), 0x80000004);
    assert_int_equal(vp_rv(t->cpu)->mepc, 0x80000006);
    rvt_destroy(t);
}

static void test_rv_csr_set_clear(void **s)
{
    rvt *t = rvt_create("rv64imac", false);
    uint64_t old;
    (void)s;
    csr_w(t, RV_CSR_MSCRATCH, 0xf0f0);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_MSCRATCH, S, true, true, 0x0f00, &old), 0);
    assert_int_equal(old, 0xf0f0);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_MSCRATCH, C, true, true, 0x00f0, &old), 0);
    assert_int_equal(old, 0xfff0);
    assert_int_equal(csr_r(t, RV_CSR_MSCRATCH), 0xff00);
    rvt_destroy(t);
}

static void test_rv_csr_read_only_and_absent(void **s)
{
    rvt *t = rvt_create("rv64imac", false);
    uint64_t v;
    (void)s;
    assert_int_equal(csr_w(t, RV_CSR_MVENDORID, 0), -1);
    assert_int_equal(csr_w(t, RV_CSR_MHARTID, 0), -1);
    assert_int_equal(csr_w(t, RV_CSR_CYCLE, 0), -1);
    /* csrrs/csrrc with x0 do not write: legal on read-only CSRs */
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_MHARTID, S, true, false, 0, &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_MIMPID, C, true, false, 0, &v), 0);
    assert_false(csr_exists(t, 0x7c0));
    assert_true(csr_exists(t, 0x180));             /* satp: S-mode */
    assert_true(csr_exists(t, 0x302));             /* medeleg */
    assert_true(csr_exists(t, 0x100));             /* sstatus */
    assert_false(csr_exists(t, 0x5a8));            /* scontext: not implemented */
    assert_false(csr_exists(t, 0x001));            /* fflags: no F */
    assert_false(csr_exists(t, RV_CSR_MSTATUSH));  /* RV32 only */
    assert_false(csr_exists(t, RV_CSR_CYCLEH));
    assert_false(csr_exists(t, RV_CSR_MINSTRETH));
    assert_false(csr_exists(t, 0x3a1));            /* odd pmpcfg on RV64 */
    assert_false(csr_exists(t, RV_CSR_TIME));      /* no read_time */
    assert_true(csr_exists(t, RV_CSR_MCONFIGPTR));
    assert_true(csr_exists(t, RV_CSR_HPMCOUNTER3 + 28));
    assert_true(csr_exists(t, RV_CSR_MHPMEVENT3));
    assert_false(vp_cpu_get_csr(t->cpu, 0x7c0, &v));
    assert_true(vp_cpu_get_csr(t->cpu, RV_CSR_MISA, &v));
    rvt_destroy(t);
    t = rvt_create("rv32imac", false);
    assert_true(csr_exists(t, 0x3a1));
    assert_true(csr_exists(t, RV_CSR_MCYCLEH));
    assert_true(csr_exists(t, RV_CSR_HPMCOUNTER3H));
    rvt_destroy(t);
}

static void test_rv_csr_hpm_read_zero(void **s)
{
    rvt *t = rvt_create("rv32imac", false);
    (void)s;
    assert_int_equal(csr_w(t, RV_CSR_MHPMCOUNTER3, 1234), 0);
    assert_int_equal(csr_r(t, RV_CSR_MHPMCOUNTER3), 0);
    assert_int_equal(csr_w(t, RV_CSR_MHPMEVENT31, 7), 0);
    assert_int_equal(csr_r(t, RV_CSR_MHPMEVENT31), 0);
    assert_int_equal(csr_r(t, RV_CSR_HPMCOUNTER3 + 1), 0);
    rvt_destroy(t);
}

static void test_rv_csr_user_privilege(void **s)
{
    rvt *t = rvt_create("rv64imac", true);
    uint64_t v;
    (void)s;
    vp_rv(t->cpu)->priv = VP_PRV_U;
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_MSTATUS, S, true, false, 0, &v), -1);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_MSCRATCH, W, false, true, 1, &v), -1);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_CYCLE, S, true, false, 0, &v), -1);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_TIME, S, true, false, 0, &v), -1);
    vp_rv(t->cpu)->mcounteren = RV_COUNT_TM | (1u << 5);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_TIME, S, true, false, 0, &v), -1); /* scounteren too */
    vp_rv(t->cpu)->scounteren = RV_COUNT_TM | (1u << 5);
    t->mtime = 4242;
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_TIME, S, true, false, 0, &v), 0);
    assert_int_equal(v, 4242);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_HPMCOUNTER3 + 2, S, true, false, 0, &v), 0);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_CYCLE, S, true, false, 0, &v), -1);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_INSTRET, S, true, false, 0, &v), -1);
    rvt_destroy(t);
}

static void test_rv_csr_time_rv32(void **s)
{
    rvt *t = rvt_create("rv32imac", true);
    (void)s;
    t->mtime = 0x123456789abcull;
    assert_int_equal(csr_r(t, RV_CSR_TIME), 0x56789abc);
    assert_int_equal(csr_r(t, RV_CSR_TIMEH), 0x1234);
    assert_int_equal(csr_w(t, RV_CSR_TIME, 0), -1);
    rvt_destroy(t);
}

/* S-mode CSRs: delegation masks, satp WARL (unsupported modes ignored), views. */
static void test_rv_csr_supervisor(void **s)
{
    rvt *t = rvt_create("rv64imac", false);
    (void)s;
    csr_w(t, RV_CSR_MEDELEG, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MEDELEG), 0xb3ff);            /* not 10, 11, 14, >= 16 */
    csr_w(t, RV_CSR_MIDELEG, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_MIDELEG), 0x222);             /* SSI, STI, SEI */
    csr_w(t, RV_CSR_SATP, (9ull << 60) | 0x1234);                  /* Sv48: not supported, ignored */
    assert_int_equal(csr_r(t, RV_CSR_SATP), 0);
    csr_w(t, RV_CSR_SATP, (8ull << 60) | (5ull << 44) | 0x1234);   /* Sv39, ASID 5 */
    assert_int_equal(csr_r(t, RV_CSR_SATP), (8ull << 60) | (5ull << 44) | 0x1234);
    csr_w(t, RV_CSR_SSTATUS, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_SSTATUS), 0xc0122ull | (2ull << 32)); /* SIE SPIE SPP SUM MXR, UXL */
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & 0x1888, 0);       /* M fields untouched */
    rvt_destroy(t);
    /* mip.SEIP = the seip input OR the bit software wrote */
    t = rvt_create("rv64imac", false);
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_SEIP, true);
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0x200);
    csr_w(t, RV_CSR_MIP, 0);
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0x200);                 /* the line holds it */
    uint64_t old;
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_MIP, S, true, true, 0x2, &old), 0); /* csrs mip, SSIP */
    assert_int_equal(old, 0x200);                                  /* reads the line... */
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_SEIP, false);
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0x2);                   /* ...but did not write it as SEIP */
    csr_w(t, RV_CSR_MIP, 0);
    csr_w(t, RV_CSR_MIP, 0x200);
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_SEIP, false);
    assert_int_equal(csr_r(t, RV_CSR_MIP), 0x200);                 /* software's bit holds it */
    rvt_destroy(t);
    t = rvt_create("rv32imac", false);
    csr_w(t, RV_CSR_SATP, 0x80012345);                             /* Sv32 */
    assert_int_equal(csr_r(t, RV_CSR_SATP), 0x80012345);
    rvt_destroy(t);
}

static void test_rv_csr_pmp(void **s)
{
    rvt *t = rvt_create("rv32imac", false);
    (void)s;
    /* byte0: R=0,W=1 reserved -> W dropped; byte1: bits 6:5 read 0 */
    csr_w(t, RV_CSR_PMPCFG0, 0x00007f02);
    assert_int_equal(csr_r(t, RV_CSR_PMPCFG0), 0x00001f00);
    csr_w(t, RV_CSR_PMPADDR0 + 1, 0x12345678);
    assert_int_equal(csr_r(t, RV_CSR_PMPADDR0 + 1), 0x12345678);
    /* entry 2 locked as TOR: cfg2 and pmpaddr1/pmpaddr2 are frozen */
    csr_w(t, RV_CSR_PMPCFG0, 0x00890000);
    assert_int_equal(csr_r(t, RV_CSR_PMPCFG0), 0x00890000);
    csr_w(t, RV_CSR_PMPCFG0, 0x00000000);
    assert_int_equal(csr_r(t, RV_CSR_PMPCFG0), 0x00890000);
    csr_w(t, RV_CSR_PMPADDR0 + 1, 0x1);
    csr_w(t, RV_CSR_PMPADDR0 + 2, 0x1);
    csr_w(t, RV_CSR_PMPADDR0 + 3, 0x1);
    assert_int_equal(csr_r(t, RV_CSR_PMPADDR0 + 1), 0x12345678);
    assert_int_equal(csr_r(t, RV_CSR_PMPADDR0 + 2), 0);
    assert_int_equal(csr_r(t, RV_CSR_PMPADDR0 + 3), 1);
    rvt_destroy(t);
    t = rvt_create("rv64imac", false);
    csr_w(t, RV_CSR_PMPADDR0, UINT64_MAX);
    assert_int_equal(csr_r(t, RV_CSR_PMPADDR0), (1ull << 54) - 1);
    csr_w(t, RV_CSR_PMPCFG0 + 2, 0x0f00000000000000ull);
    assert_int_equal(csr_r(t, RV_CSR_PMPCFG0 + 2), 0x0f00000000000000ull);
    rvt_destroy(t);
}

/* Guest code: a minstret write is what the next instruction reads. */
static void counters_case(unsigned xlen)
{
    rvt *t = rvt_create(xlen == 32 ? "rv32imac" : "rv64imac", false);
    rvt_emit(t, LI(5, 1000));
    rvt_emit(t, CSRRW(0, RV_CSR_MINSTRET, 5));
    rvt_emit(t, CSRRS(6, RV_CSR_MINSTRET, 0));     /* 1000 */
    rvt_emit(t, CSRRS(7, RV_CSR_INSTRET, 0));      /* 1001 */
    rvt_emit(t, CSRRW(0, RV_CSR_MCYCLE, 5));
    rvt_emit(t, CSRRS(8, RV_CSR_CYCLE, 0));        /* 1000 */
    rvt_emit(t, CSRRSI(0, RV_CSR_MCOUNTINHIBIT, RV_COUNT_IR));
    rvt_emit(t, CSRRS(9, RV_CSR_MINSTRET, 0));     /* frozen */
    rvt_emit(t, ADDI(0, 0, 0));
    rvt_emit(t, CSRRS(10, RV_CSR_MINSTRET, 0));    /* same */
    rvt_emit(t, CSRRCI(0, RV_CSR_MCOUNTINHIBIT, RV_COUNT_IR));
    rvt_emit(t, CSRRS(11, RV_CSR_MINSTRET, 0));    /* counts again */
    rvt_emit(t, CSRRS(12, RV_CSR_MINSTRET, 0));
    if (xlen == 32) {
        rvt_emit(t, LI(13, 7));
        rvt_emit(t, CSRRW(0, RV_CSR_MINSTRETH, 13));
        rvt_emit(t, CSRRS(14, RV_CSR_MINSTRETH, 0));
        rvt_emit(t, CSRRS(15, RV_CSR_MINSTRET, 0));
    }
    rvt_emit(t, WFI);
    assert_int_equal(rvt_run(t, 1000), VP_CPU_EXIT_WFI);
    assert_int_equal(rvt_reg(t, 6), 1000);
    assert_int_equal(rvt_reg(t, 7), 1001);
    assert_int_equal(rvt_reg(t, 8), 1000);
    assert_int_equal(rvt_reg(t, 9), rvt_reg(t, 10));
    assert_int_equal(rvt_reg(t, 12), rvt_reg(t, 11) + 1);
    assert_int_equal(rvt_reg(t, 11), rvt_reg(t, 10)); /* the csrrci itself is not counted */
    if (xlen == 32) {
        assert_int_equal(rvt_reg(t, 14), 7);
        assert_int_equal(rvt_reg(t, 15), rvt_reg(t, 12) + 4);
    }
    rvt_destroy(t);
}

static void test_rv_csr_counters_rv32(void **s) { (void)s; counters_case(32); }
static void test_rv_csr_counters_rv64(void **s) { (void)s; counters_case(64); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rv_csr_misa),
        cmocka_unit_test(test_rv_csr_mstatus_warl),
        cmocka_unit_test(test_rv_csr_trap_setup_warl),
        cmocka_unit_test(test_rv_csr_set_clear),
        cmocka_unit_test(test_rv_csr_read_only_and_absent),
        cmocka_unit_test(test_rv_csr_hpm_read_zero),
        cmocka_unit_test(test_rv_csr_user_privilege),
        cmocka_unit_test(test_rv_csr_time_rv32),
        cmocka_unit_test(test_rv_csr_supervisor),
        cmocka_unit_test(test_rv_csr_pmp),
        cmocka_unit_test(test_rv_csr_counters_rv32),
        cmocka_unit_test(test_rv_csr_counters_rv64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
