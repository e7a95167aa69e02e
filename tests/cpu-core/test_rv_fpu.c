/* SPDX-License-Identifier: Apache-2.0 */
/* test_rv_fpu.c - F/D beyond what QEMU can check: the host's rounding mode,
 * x87 precision and exception flags survive FP helpers; mstatus.FS/SD
 * tracking (Dirty on raised flags only, SD following FS on mstatus writes);
 * FS = Off trapping without touching state; no FS or fcsr without F. */
#include <fenv.h>
#include <fpu_control.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rv_int.h"
#include "rv_harness.h"

#define FDIV_S_F5_F1_F2_DYN 0x1820f2d3u /* fdiv.s f5, f1, f2 (rm = dyn) */
#define FEQ_S_A0_F1_F2 0xa020a553u      /* feq.s a0, f1, f2 */

static uint64_t csr_r(rvt *t, unsigned csr)
{
    uint64_t v = 0;
    assert_int_equal(vp__rv_csr_op(t->cpu, csr, 2, true, false, 0, &v), 0);
    return v;
}

static void csr_w(rvt *t, unsigned csr, uint64_t v)
{
    uint64_t old;
    assert_int_equal(vp__rv_csr_op(t->cpu, csr, 1, true, true, v, &old), 0);
}

static rvt *fp_hart(const char *isa)
{
    rvt *t = rvt_create(isa, false);
    csr_w(t, RV_CSR_MSTATUS, csr_r(t, RV_CSR_MSTATUS) | (1ull << 13)); /* FS = Initial */
    return t;
}

/* 1.0f / 3.0f under rm = dyn (frm = RNE) in f5 */
static void div_third(rvt *t)
{
    vp_rv(t->cpu)->f[1] = 0xffffffff3f800000ull;
    vp_rv(t->cpu)->f[2] = 0xffffffff40400000ull;
    vp__rv_helper_fp(t->cpu, FDIV_S_F5_F1_F2_DYN, 0, 0);
}

static void test_rv_fpu_host_state_kept(void **s)
{
    rvt *t = fp_hart("rv64gc");
    fpu_control_t cw, cw_double;
    (void)s;
    /* a host that rounds upward, has overflow raised and runs the x87 at double precision */
    _FPU_GETCW(cw);
    cw_double = (cw & ~(fpu_control_t)_FPU_EXTENDED) | _FPU_DOUBLE;
    _FPU_SETCW(cw_double);
    fesetround(FE_UPWARD);
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_OVERFLOW);
    div_third(t);
    assert_int_equal(fegetround(), FE_UPWARD);
    assert_int_equal(fetestexcept(FE_ALL_EXCEPT), FE_OVERFLOW);
    fpu_control_t now;
    _FPU_GETCW(now);
    assert_int_equal(now & _FPU_EXTENDED, _FPU_DOUBLE);
    feclearexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    _FPU_SETCW(cw);
    /* and the guest saw round-to-nearest, correctly rounded, inexact only */
    assert_int_equal(vp_rv(t->cpu)->f[5], 0xffffffff3eaaaaabull);
    assert_int_equal(vp_rv(t->cpu)->fflags, 1);
    rvt_destroy(t);
}

static void test_rv_fpu_fs_dirty_and_sd(void **s)
{
    (void)s;
    for (unsigned xlen = 32; xlen <= 64; xlen += 32) {
        rvt *t = fp_hart(xlen == 32 ? "rv32gc" : "rv64gc");
        uint64_t sd = xlen == 32 ? 1ull << 31 : 1ull << 63;
        assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & (RV_MSTATUS_FS | sd), 1ull << 13);
        /* feq writes only x[rd], but raising NV (sNaN) changes fcsr: Dirty */
        vp_rv(t->cpu)->f[1] = 0xffffffff7f800001ull;
        vp_rv(t->cpu)->f[2] = 0xffffffff3f800000ull;
        assert_int_equal(vp__rv_helper_fp(t->cpu, FEQ_S_A0_F1_F2, 0, 0), 0);
        assert_int_equal(vp_rv(t->cpu)->fflags, 16);
        assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & (RV_MSTATUS_FS | sd), RV_MSTATUS_FS | sd);
        /* a quiet compare that raises nothing leaves Clean alone */
        csr_w(t, RV_CSR_MSTATUS, (csr_r(t, RV_CSR_MSTATUS) & ~RV_MSTATUS_FS) | (2ull << 13));
        assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & (RV_MSTATUS_FS | sd), 2ull << 13);
        vp_rv(t->cpu)->f[1] = 0xffffffff3f800000ull;
        assert_int_equal(vp__rv_helper_fp(t->cpu, FEQ_S_A0_F1_F2, 0, 0), 1);
        assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & (RV_MSTATUS_FS | sd), 2ull << 13);
        /* a write of FS = Dirty through mstatus sets SD too, and clearing FS clears it */
        csr_w(t, RV_CSR_MSTATUS, csr_r(t, RV_CSR_MSTATUS) | RV_MSTATUS_FS);
        assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & sd, sd);
        csr_w(t, RV_CSR_MSTATUS, csr_r(t, RV_CSR_MSTATUS) & ~RV_MSTATUS_FS);
        assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & (RV_MSTATUS_FS | sd), 0);
        rvt_destroy(t);
    }
}

static void test_rv_fpu_fs_off_traps(void **s)
{
    rvt *t = rvt_create("rv64gc", false);
    uint64_t v;
    (void)s;
    /* reset: FS = Off, fcsr absent until enabled */
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & RV_MSTATUS_FS, 0);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_FCSR, 2, true, false, 0, &v), -1);
    vp_rv(t->cpu)->f[1] = 0xffffffff3f800000ull;
    vp_rv(t->cpu)->f[2] = 0xffffffff40400000ull;
    vp__rv_helper_fp(t->cpu, FDIV_S_F5_F1_F2_DYN, 0, 0);
    assert_int_equal(vp_rv(t->cpu)->mcause, VP_EXC_ILLEGAL_INSN);
    assert_int_equal(vp_rv(t->cpu)->mtval, FDIV_S_F5_F1_F2_DYN);
    assert_int_equal(vp_rv(t->cpu)->f[5], 0);
    assert_int_equal(vp_rv(t->cpu)->fflags, 0);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & RV_MSTATUS_FS, 0);
    rvt_destroy(t);
}

static void test_rv_fpu_absent_without_f(void **s)
{
    rvt *t = rvt_create("rv64imac", false);
    uint64_t v;
    (void)s;
    csr_w(t, RV_CSR_MSTATUS, csr_r(t, RV_CSR_MSTATUS) | RV_MSTATUS_FS);
    assert_int_equal(csr_r(t, RV_CSR_MSTATUS) & RV_MSTATUS_FS, 0); /* FS is read-only 0 */
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_FFLAGS, 2, true, false, 0, &v), -1);
    assert_int_equal(vp__rv_csr_op(t->cpu, RV_CSR_FRM, 2, true, false, 0, &v), -1);
    rvt_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rv_fpu_host_state_kept),
        cmocka_unit_test(test_rv_fpu_fs_dirty_and_sd),
        cmocka_unit_test(test_rv_fpu_fs_off_traps),
        cmocka_unit_test(test_rv_fpu_absent_without_f),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
