/* SPDX-License-Identifier: Apache-2.0 */
/* test_rv_trap.c - exceptions, interrupts, mret, wfi and privilege, run
 * through vp_cpu_run: causes, mepc/mtval, MPP/MPIE/MIE stacking, vectored
 * interrupts and their priority, U-mode checks, fetch faults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rv_harness.h"

#define HANDLER (RVT_RAM_BASE + 0x400)
#define CSR_MSTATUS 0x300
#define CSR_MIE 0x304
#define CSR_MTVEC 0x305
#define CSR_MCOUNTEREN 0x306
#define CSR_MEPC 0x341
#define CSR_MCAUSE 0x342
#define CSR_MTVAL 0x343
#define CSR_MIP 0x344
#define MSTATUS_MIE 0x8u
#define MSTATUS_MPIE 0x80u
#define MSTATUS_MPP 0x1800u

/* rd = target (within +-2 KiB of the auipc) */
static void emit_la(rvt *t, unsigned rd, uint64_t target)
{
    int32_t off = (int32_t)(target - t->at);
    rvt_emit(t, AUIPC(rd, 0));
    rvt_emit(t, ADDI(rd, rd, off));
}

/* mtvec = HANDLER | mode; the handler records mcause, mepc, mtval and
 * mstatus into x20..x23 and sleeps. */
static rvt *trap_setup(const char *isa, unsigned mode)
{
    rvt *t = rvt_create(isa, false);
    rvt_org(t, HANDLER);
    rvt_emit(t, CSRRS(20, CSR_MCAUSE, 0));
    rvt_emit(t, CSRRS(21, CSR_MEPC, 0));
    rvt_emit(t, CSRRS(22, CSR_MTVAL, 0));
    rvt_emit(t, CSRRS(23, CSR_MSTATUS, 0));
    rvt_emit(t, CSRRW(0, CSR_MIE, 0));   /* else a pending irq keeps WFI awake */
    rvt_emit(t, WFI);
    rvt_org(t, RVT_RAM_BASE);
    emit_la(t, 31, HANDLER);
    if (mode)
        rvt_emit(t, ADDI(31, 31, (int32_t)mode));
    rvt_emit(t, CSRRW(0, CSR_MTVEC, 31));
    return t;
}

static void run_sleep(rvt *t)
{
    assert_int_equal(rvt_run(t, 10000), VP_CPU_EXIT_WFI);
}

static void expect_trap(rvt *t, uint64_t cause, uint64_t epc, uint64_t tval)
{
    assert_int_equal(rvt_reg(t, 20), cause);
    assert_int_equal(rvt_reg(t, 21), epc);
    assert_int_equal(rvt_reg(t, 22), tval);
}

static void illegal_case(const char *isa)
{
    rvt *t = trap_setup(isa, 0);
    uint64_t at;
    rvt_emit(t, LI(5, 1));
    at = t->at;
    rvt_emit(t, 0xffffffffu);
    rvt_emit(t, LI(5, 2));            /* not reached */
    run_sleep(t);
    expect_trap(t, 2, at, 0xffffffffu);
    assert_int_equal(rvt_reg(t, 5), 1);
    /* the all-zero halfword */
    rvt_destroy(t);
    t = trap_setup(isa, 0);
    at = t->at;
    rvt_emit16(t, 0x0000);
    run_sleep(t);
    expect_trap(t, 2, at, 0);
    rvt_destroy(t);
}

static void test_rv_trap_illegal_rv32(void **s) { (void)s; illegal_case("rv32imac"); }
static void test_rv_trap_illegal_rv64(void **s) { (void)s; illegal_case("rv64imac"); }

static void test_rv_trap_disabled_extension(void **s)
{
    rvt *t = trap_setup("rv32i", 0);
    uint64_t at = t->at;
    (void)s;
    rvt_emit(t, MUL(5, 6, 7));         /* no M: illegal */
    run_sleep(t);
    expect_trap(t, 2, at, MUL(5, 6, 7));
    rvt_destroy(t);
    t = trap_setup("rv64im", 0);
    at = t->at;
    rvt_emit(t, LR_W(5, 6));           /* no A */
    run_sleep(t);
    expect_trap(t, 2, at, LR_W(5, 6));
    rvt_destroy(t);
}

static void ecall_ebreak_case(unsigned xlen)
{
    rvt *t = trap_setup(xlen == 32 ? "rv32imac" : "rv64imac", 0);
    uint64_t at = t->at;
    rvt_emit(t, ECALL);
    run_sleep(t);
    expect_trap(t, 11, at, 0);
    /* MPP = M, MPIE = old MIE (0), MIE = 0 */
    assert_int_equal(rvt_reg(t, 23) & (MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPP);
    rvt_destroy(t);
    t = trap_setup(xlen == 32 ? "rv32imac" : "rv64imac", 0);
    rvt_emit(t, CSRRSI(0, CSR_MSTATUS, MSTATUS_MIE));
    at = t->at;
    rvt_emit(t, EBREAK);
    run_sleep(t);
    expect_trap(t, 3, at, at);
    assert_int_equal(rvt_reg(t, 23) & (MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
    rvt_destroy(t);
    t = trap_setup(xlen == 32 ? "rv32imac" : "rv64imac", 0);
    at = t->at;
    rvt_emit16(t, 0x9002);             /* c.ebreak */
    run_sleep(t);
    expect_trap(t, 3, at, at);
    rvt_destroy(t);
}

static void test_rv_trap_ecall_ebreak_rv32(void **s) { (void)s; ecall_ebreak_case(32); }
static void test_rv_trap_ecall_ebreak_rv64(void **s) { (void)s; ecall_ebreak_case(64); }

/* mret to U (MPP = 0, MPIE = 1); U code runs `insn`. */
/* PMP entry 0: NAPOT over all memory, RWX (U-mode has no access without
 * a matching entry). Uses x6. */
static void emit_pmp_open(rvt *t)
{
    rvt_emit(t, LI(6, -1));
    rvt_emit(t, CSRRW(0, 0x3b0, 6));
    rvt_emit(t, LI(6, 0x1f));
    rvt_emit(t, CSRRW(0, 0x3a0, 6));
}

static uint64_t enter_user(rvt *t, uint32_t insn)
{
    uint64_t ucode = RVT_RAM_BASE + 0x200, here = t->at;
    emit_pmp_open(t);
    emit_la(t, 6, ucode);
    rvt_emit(t, CSRRW(0, CSR_MEPC, 6));
    rvt_emit(t, LI(7, MSTATUS_MPIE));
    rvt_emit(t, CSRRS(0, CSR_MSTATUS, 7));
    rvt_emit(t, MRET);
    (void)here;
    rvt_org(t, ucode);
    rvt_emit(t, insn);
    rvt_emit(t, LI(9, 1));
    rvt_emit(t, ECALL);
    return ucode;
}

static void test_rv_trap_user_ecall_and_stacking(void **s)
{
    rvt *t = trap_setup("rv64imac", 0);
    uint64_t u;
    (void)s;
    u = enter_user(t, LI(8, 5));
    run_sleep(t);
    expect_trap(t, 8, u + 8, 0);
    assert_int_equal(rvt_reg(t, 8), 5);
    assert_int_equal(rvt_reg(t, 9), 1);
    /* from U: MPP = U, MPIE = MIE in U (1, restored by mret), MIE = 0 */
    assert_int_equal(rvt_reg(t, 23) & (MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE), MSTATUS_MPIE);
    /* UXL stays 64-bit */
    assert_int_equal(rvt_reg(t, 23) >> 32 & 3, 2);
    rvt_destroy(t);
}

static void user_illegal(uint32_t insn, const char *isa)
{
    rvt *t = trap_setup(isa, 0);
    uint64_t u = enter_user(t, insn);
    run_sleep(t);
    expect_trap(t, 2, u, insn);
    assert_int_equal(rvt_reg(t, 9), 0);
    rvt_destroy(t);
}

static void test_rv_trap_user_privilege(void **s)
{
    (void)s;
    user_illegal(CSRRS(5, CSR_MSTATUS, 0), "rv32imac");   /* M CSR from U */
    user_illegal(CSRRS(5, 0xf14, 0), "rv64imac");         /* mhartid */
    user_illegal(MRET, "rv32imac");
    user_illegal(CSRRS(5, 0xc00, 0), "rv32imac");         /* cycle, mcounteren = 0 */
    user_illegal(CSRRS(5, 0xc02, 0), "rv64imac");         /* instret */
}

static void test_rv_trap_user_counter_enabled(void **s)
{
    rvt *t = trap_setup("rv32imac", 0);
    uint64_t u;
    (void)s;
    rvt_emit(t, CSRRSI(0, CSR_MCOUNTEREN, 5));            /* CY, IR */
    rvt_emit(t, CSRRSI(0, 0x106, 4));                     /* scounteren.IR: U needs it too */
    u = enter_user(t, CSRRS(5, 0xc02, 0));
    run_sleep(t);
    expect_trap(t, 8, u + 8, 0);
    assert_true(rvt_reg(t, 5) > 5);
    rvt_destroy(t);
}

static void test_rv_trap_user_wfi(void **s)
{
    rvt *t = trap_setup("rv32imac", 0);
    uint64_t u;
    (void)s;
    rvt_emit(t, LUI(7, 0x200));                           /* TW = bit 21 */
    rvt_emit(t, CSRRS(0, CSR_MSTATUS, 7));
    u = enter_user(t, WFI);
    run_sleep(t);
    expect_trap(t, 2, u, WFI);
    rvt_destroy(t);
    /* TW = 0: with S-mode present WFI in U is illegal all the same (the
     * spec's bounded time limit is zero here, as in QEMU) */
    t = trap_setup("rv32imac", 0);
    u = enter_user(t, WFI);
    run_sleep(t);
    expect_trap(t, 2, u, WFI);
    rvt_destroy(t);
}

static void misaligned_case(unsigned xlen)
{
    rvt *t = trap_setup(xlen == 32 ? "rv32imac" : "rv64imac", 0);
    uint64_t at;
    emit_la(t, 5, RVT_RAM_BASE + 0x802);
    at = t->at;
    rvt_emit(t, LR_W(6, 5));
    run_sleep(t);
    expect_trap(t, 4, at, RVT_RAM_BASE + 0x802);
    rvt_destroy(t);
    t = trap_setup(xlen == 32 ? "rv32imac" : "rv64imac", 0);
    emit_la(t, 5, RVT_RAM_BASE + 0x802);
    at = t->at;
    rvt_emit(t, AMO(0x00, 2, 6, 5, 0));                   /* amoadd.w */
    run_sleep(t);
    expect_trap(t, 6, at, RVT_RAM_BASE + 0x802);
    assert_int_equal(rvt_reg(t, 6), 0);
    rvt_destroy(t);
    t = trap_setup(xlen == 32 ? "rv32imac" : "rv64imac", 0);
    emit_la(t, 5, RVT_RAM_BASE + 0x802);
    at = t->at;
    rvt_emit(t, SC_W(6, 5, 0));                           /* no reservation: still traps */
    run_sleep(t);
    expect_trap(t, 6, at, RVT_RAM_BASE + 0x802);
    rvt_destroy(t);
}

static void test_rv_trap_misaligned_atomics_rv32(void **s) { (void)s; misaligned_case(32); }
static void test_rv_trap_misaligned_atomics_rv64(void **s) { (void)s; misaligned_case(64); }

static void test_rv_trap_access_faults(void **s)
{
    rvt *t = trap_setup("rv32imac", 0);
    uint64_t at;
    (void)s;
    rvt_emit(t, LUI(5, 0x1));                             /* 0x1000: unmapped */
    at = t->at;
    rvt_emit(t, LW(6, 5, 4));
    run_sleep(t);
    expect_trap(t, 5, at, 0x1004);
    rvt_destroy(t);
    t = trap_setup("rv64imac", 0);
    rvt_emit(t, LUI(5, 0x1));
    at = t->at;
    rvt_emit(t, SW(6, 5, 8));
    run_sleep(t);
    expect_trap(t, 7, at, 0x1008);
    rvt_destroy(t);
    t = trap_setup("rv64imac", 0);
    rvt_emit(t, LUI(5, 0x1));
    at = t->at;
    rvt_emit(t, AMO(0x01, 3, 6, 5, 0));                   /* amoswap.d: store/AMO fault */
    run_sleep(t);
    expect_trap(t, 7, at, 0x1000);
    rvt_destroy(t);
}

/* Without C, jump and taken-branch targets must be 4-byte aligned. */
static void test_rv_trap_misaligned_jump_without_c(void **s)
{
    rvt *t = trap_setup("rv32i", 0);
    uint64_t at;
    (void)s;
    at = t->at;
    rvt_emit(t, JAL(1, 6));
    run_sleep(t);
    expect_trap(t, 0, at, at + 6);
    assert_int_equal(rvt_reg(t, 1), 0);                   /* rd not written */
    rvt_destroy(t);
    t = trap_setup("rv64i", 0);
    emit_la(t, 5, RVT_RAM_BASE + 0x102);
    at = t->at;
    rvt_emit(t, JALR(1, 5, 1));                           /* (0x103) & ~1 = 0x102 */
    run_sleep(t);
    expect_trap(t, 0, at, RVT_RAM_BASE + 0x102);
    assert_int_equal(rvt_reg(t, 1), 0);
    rvt_destroy(t);
    t = trap_setup("rv32i", 0);
    rvt_emit(t, BNE(0, 0, 6));                            /* not taken: no trap */
    at = t->at;
    rvt_emit(t, BEQ(0, 0, 6));
    run_sleep(t);
    expect_trap(t, 0, at, at + 6);
    rvt_destroy(t);
    /* with C the same jump is fine */
    t = trap_setup("rv32ic", 0);
    rvt_emit(t, JAL(1, 6));
    rvt_emit16(t, 0x0001);
    rvt_emit16(t, 0x0001);                                /* target: c.nop */
    rvt_emit(t, WFI);
    run_sleep(t);
    assert_int_equal(rvt_reg(t, 20), 0);
    assert_int_equal(rvt_reg(t, 1), RVT_RAM_BASE + 0x10);
    rvt_destroy(t);
}

/* A 32-bit instruction whose upper half is past the end of RAM. */
static void test_rv_trap_fetch_second_half(void **s)
{
    rvt *t = trap_setup("rv32imac", 0);
    uint64_t end = RVT_RAM_BASE + RVT_RAM_SIZE;
    (void)s;
    emit_la(t, 5, HANDLER + 0x100);
    rvt_emit(t, LUI(6, 0x10));                            /* 0x10000 */
    rvt_emit(t, ADD(5, 5, 6));
    rvt_emit(t, ADDI(5, 5, -0x100 - 0x400 - 8));          /* end - 8 */
    rvt_emit(t, JALR(0, 5, 0));
    rvt_org(t, end - 8);
    rvt_emit(t, LI(7, 9));
    rvt_emit16(t, 0x4715);                                /* c.li a4,5 */
    rvt_emit16(t, 0x0513);                                /* low half of a 32-bit insn */
    run_sleep(t);
    expect_trap(t, 1, end - 2, end);
    assert_int_equal(rvt_reg(t, 7), 9);
    assert_int_equal(rvt_reg(t, 14), 5);
    rvt_destroy(t);
}

/* ---- interrupts ---- */

static void irq_case(unsigned xlen, unsigned mode)
{
    rvt *t = trap_setup(xlen == 32 ? "rv32imac" : "rv64imac", mode);
    uint64_t loop, icause = 1ull << (xlen - 1);
    if (mode == 1) { /* vector table: slot k sets x24 = k, then sleeps */
        uint64_t save = t->at;
        for (unsigned k = 3; k <= 11; k += 4) {
            rvt_org(t, HANDLER + 4 * k);
            rvt_emit(t, LI(24, (int32_t)k));
            rvt_emit(t, CSRRS(21, CSR_MEPC, 0));
            rvt_emit(t, CSRRW(0, CSR_MIE, 0));
            rvt_emit(t, WFI);
        }
        rvt_org(t, save);
    }
    rvt_emit(t, LI(5, 0x80));
    rvt_emit(t, CSRRS(0, CSR_MIE, 5));                    /* MTIE */
    rvt_emit(t, CSRRSI(0, CSR_MSTATUS, MSTATUS_MIE));
    loop = t->at;
    rvt_emit(t, JAL(0, 0));
    assert_int_equal(rvt_run(t, 200), VP_CPU_EXIT_BUDGET);
    assert_int_equal(vp_cpu_get_pc(t->cpu), loop);
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MTIP, true);
    run_sleep(t);
    assert_int_equal(rvt_csr(t, CSR_MCAUSE), icause | 7);
    assert_int_equal(rvt_reg(t, 21), loop);
    if (mode == 1)
        assert_int_equal(rvt_reg(t, 24), 7);
    assert_int_equal(rvt_csr(t, CSR_MIP), 0x80);
    rvt_destroy(t);
}

static void test_rv_trap_timer_irq_direct_rv32(void **s) { (void)s; irq_case(32, 0); }
static void test_rv_trap_timer_irq_vectored_rv64(void **s) { (void)s; irq_case(64, 1); }

/* Pending MSI/MTI/MEI together: MEI first; MSI and MTI: MSI first. */
static void priority_case(bool with_mei, unsigned want)
{
    rvt *t = trap_setup("rv32imac", 1);
    uint64_t save = t->at, after;
    for (unsigned k = 3; k <= 11; k += 4) {
        rvt_org(t, HANDLER + 4 * k);
        rvt_emit(t, LI(24, (int32_t)k));
        rvt_emit(t, CSRRS(21, CSR_MEPC, 0));
        rvt_emit(t, CSRRW(0, CSR_MIE, 0));
        rvt_emit(t, WFI);
    }
    rvt_org(t, save);
    rvt_emit(t, LI(5, 0x7ff));
    rvt_emit(t, ADDI(5, 5, 0x89));                        /* 0x888 */
    rvt_emit(t, CSRRS(0, CSR_MIE, 5));
    rvt_emit(t, CSRRSI(0, CSR_MSTATUS, MSTATUS_MIE));
    after = t->at;
    rvt_emit(t, LI(25, 1));
    rvt_emit(t, WFI);
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MTIP, true);
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MSIP, true);
    if (with_mei)
        vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MEIP, true);
    run_sleep(t);
    assert_int_equal(rvt_reg(t, 24), want);
    assert_int_equal(rvt_reg(t, 21), after);              /* taken right after the csrsi */
    assert_int_equal(rvt_reg(t, 25), 0);
    rvt_destroy(t);
}

static void test_rv_trap_irq_priority(void **s)
{
    (void)s;
    priority_case(true, 11);
    priority_case(false, 3);
}

/* M-mode with MIE = 0: no trap, but WFI wakes on a pending+enabled irq. */
static void test_rv_trap_wfi_wakeup_without_mie(void **s)
{
    rvt *t = trap_setup("rv64imac", 0);
    (void)s;
    rvt_emit(t, LI(5, 0x80));
    rvt_emit(t, CSRRS(0, CSR_MIE, 5));
    rvt_emit(t, WFI);
    rvt_emit(t, LI(25, 1));
    rvt_emit(t, JAL(0, 0));
    run_sleep(t);
    assert_true(vp_cpu_is_halted(t->cpu));
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MEIP, true);        /* not enabled: still asleep */
    assert_true(vp_cpu_is_halted(t->cpu));
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MTIP, true);
    assert_false(vp_cpu_is_halted(t->cpu));
    assert_int_equal(rvt_run(t, 100), VP_CPU_EXIT_BUDGET);
    assert_int_equal(rvt_reg(t, 25), 1);
    assert_int_equal(rvt_reg(t, 20), 0);                  /* no trap taken */
    rvt_destroy(t);
}

/* In U-mode an interrupt enabled in mie is taken even with MIE = 0. */
static void test_rv_trap_user_irq_ignores_mie(void **s)
{
    rvt *t = trap_setup("rv32imac", 0);
    uint64_t ucode = RVT_RAM_BASE + 0x200;
    (void)s;
    rvt_emit(t, LI(5, 0x80));
    rvt_emit(t, CSRRS(0, CSR_MIE, 5));
    emit_pmp_open(t);
    emit_la(t, 6, ucode);
    rvt_emit(t, CSRRW(0, CSR_MEPC, 6));                   /* MPP = U, MPIE = 0 */
    rvt_emit(t, MRET);
    rvt_org(t, ucode);
    rvt_emit(t, JAL(0, 0));
    assert_int_equal(rvt_run(t, 100), VP_CPU_EXIT_BUDGET);
    vp_cpu_set_irq(t->cpu, VP_CPU_IRQ_MTIP, true);
    run_sleep(t);
    assert_int_equal(rvt_reg(t, 20), 0x80000007u);
    assert_int_equal(rvt_reg(t, 21), ucode);
    assert_int_equal(rvt_reg(t, 23) & MSTATUS_MPP, 0);
    rvt_destroy(t);
}

/* mret: MIE := MPIE, MPIE := 1, MPP := U, MPRV cleared when leaving M. */
static void test_rv_trap_mret_stacking(void **s)
{
    rvt *t = trap_setup("rv64imac", 0);
    uint64_t target = RVT_RAM_BASE + 0x200;
    (void)s;
    emit_la(t, 6, target);
    rvt_emit(t, CSRRW(0, CSR_MEPC, 6));
    rvt_emit(t, LUI(7, 0x22));
    rvt_emit(t, ADDI(7, 7, -0x780));                      /* MPRV | MPP = M | MPIE */
    rvt_emit(t, CSRRS(0, CSR_MSTATUS, 7));
    rvt_emit(t, MRET);
    rvt_org(t, target);
    rvt_emit(t, CSRRS(10, CSR_MSTATUS, 0));               /* still M (MPP was M) */
    rvt_emit(t, WFI);
    run_sleep(t);
    /* MIE = 1 (from MPIE), MPIE = 1, MPP = U (0), MPRV kept (returned to M) */
    assert_int_equal(rvt_reg(t, 10) & (MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP), MSTATUS_MIE | MSTATUS_MPIE);
    assert_true(rvt_reg(t, 10) & (1u << 17));
    rvt_destroy(t);
    /* returning to U clears MPRV */
    t = trap_setup("rv32imac", 0);
    rvt_emit(t, LUI(7, 0x20));
    rvt_emit(t, CSRRS(0, CSR_MSTATUS, 7));
    enter_user(t, LI(8, 1));
    run_sleep(t);
    assert_int_equal(rvt_reg(t, 20), 8);
    assert_int_equal(rvt_reg(t, 23) & (1u << 17), 0);
    rvt_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rv_trap_illegal_rv32),
        cmocka_unit_test(test_rv_trap_illegal_rv64),
        cmocka_unit_test(test_rv_trap_disabled_extension),
        cmocka_unit_test(test_rv_trap_ecall_ebreak_rv32),
        cmocka_unit_test(test_rv_trap_ecall_ebreak_rv64),
        cmocka_unit_test(test_rv_trap_user_ecall_and_stacking),
        cmocka_unit_test(test_rv_trap_user_privilege),
        cmocka_unit_test(test_rv_trap_user_counter_enabled),
        cmocka_unit_test(test_rv_trap_user_wfi),
        cmocka_unit_test(test_rv_trap_misaligned_atomics_rv32),
        cmocka_unit_test(test_rv_trap_misaligned_atomics_rv64),
        cmocka_unit_test(test_rv_trap_access_faults),
        cmocka_unit_test(test_rv_trap_misaligned_jump_without_c),
        cmocka_unit_test(test_rv_trap_fetch_second_half),
        cmocka_unit_test(test_rv_trap_timer_irq_direct_rv32),
        cmocka_unit_test(test_rv_trap_timer_irq_vectored_rv64),
        cmocka_unit_test(test_rv_trap_irq_priority),
        cmocka_unit_test(test_rv_trap_wfi_wakeup_without_mie),
        cmocka_unit_test(test_rv_trap_user_irq_ignores_mie),
        cmocka_unit_test(test_rv_trap_mret_stacking),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
