/* SPDX-License-Identifier: Apache-2.0 */
/* test_rv_debug.c - the debugger API of vp_cpu.h on a RISC-V hart, under
 * the interpreter and (test_jit_rv_debug) the JIT with every block
 * compiled: breakpoints stop before their instruction, watchpoints after
 * the accessing instruction (and not on unwatched pages), vp_cpu_step runs
 * one instruction and goes into a trap handler, vp_cpu_debug_access reads
 * and writes memory and drops stale code, FP registers and CSR writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rv_harness.h"

#define CODE RVT_RAM_BASE
#define DATA (RVT_RAM_BASE + 0x1000)
#define HANDLER (RVT_RAM_BASE + 0x100)
#define PC_SW (CODE + 0x0c)
#define PC_LW (CODE + 0x10)
#define PC_LIMIT (CODE + 0x14)

/* x5 = DATA; x6 counts to x8 (100): each round stores x6 at DATA and loads
 * DATA + 4; then ecall into a handler that sleeps. */
static rvt *program(const char *isa)
{
    rvt *t = rvt_create(isa, false);
    rvt_emit(t, LUI(5, (uint32_t)(DATA >> 12)));
    rvt_emit(t, ADDI(6, 0, 0));
    rvt_emit(t, ADDI(6, 6, 0)); /* pad: the loop starts at +0x08 */
    rvt_emit(t, SW(6, 5, 0));   /* +0x0c (first round: stores 0) */
    rvt_emit(t, LW(7, 5, 4));   /* +0x10 */
    rvt_emit(t, ADDI(8, 0, 100));
    rvt_emit(t, ADDI(6, 6, 1)); /* +0x18 */
    rvt_emit(t, ECALL);         /* +0x1c: reached only when the loop ends (patched below) */
    /* the loop: +0x08..+0x18, back-edge inserted over the ecall slot */
    rvt_org(t, CODE + 0x1c);
    rvt_emit(t, BNE(6, 8, -0x10)); /* +0x1c: back to the sw at +0x0c */
    rvt_emit(t, ECALL);             /* +0x20 */
    rvt_org(t, HANDLER);
    rvt_emit(t, WFI);
    rvt_emit(t, JAL(0, -4));
    assert_true(vp_cpu_set_csr(t->cpu, 0x305, HANDLER)); /* mtvec */
    return t;
}

/* RV32: LUI of the RAM address does not sign-extend. */
static const char *isa(void)
{
    return "rv32imac";
}

static vp_cpu_debug_stop stop_of(rvt *t)
{
    vp_cpu_debug_stop s;
    memset(&s, 0, sizeof s);
    s.size = sizeof s;
    assert_true(vp_cpu_get_debug_stop(t->cpu, &s));
    return s;
}

static void breakpoints(void **state)
{
    (void)state;
    rvt *t = program(isa());
    assert_int_equal(vp_cpu_breakpoint_insert(t->cpu, PC_LW), 0);
    for (uint64_t round = 0; round < 80; round++) { /* the JIT has long compiled the loop */
        assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_DEBUG);
        vp_cpu_debug_stop s = stop_of(t);
        assert_int_equal(s.kind, VP_CPU_DEBUG_BREAK);
        assert_int_equal(s.addr, PC_LW);
        assert_int_equal(vp_cpu_get_pc(t->cpu), PC_LW); /* before it: the sw ran, the lw did not */
        assert_int_equal(rvt_ram32(t, DATA), round);
        /* at the breakpoint again: a run stops at once, a step goes past it */
        assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_DEBUG);
        assert_int_equal(vp_cpu_get_pc(t->cpu), PC_LW);
        uint64_t n = 0;
        assert_int_equal(vp_cpu_step(t->cpu, &n, NULL), VP_CPU_EXIT_DEBUG);
        assert_int_equal(n, 1);
        assert_int_equal(stop_of(t).kind, VP_CPU_DEBUG_STEP);
        assert_int_equal(vp_cpu_get_pc(t->cpu), PC_LIMIT);
    }
    assert_int_equal(vp_cpu_breakpoint_remove(t->cpu, PC_LW), 0);
    assert_int_equal(vp_cpu_breakpoint_remove(t->cpu, PC_LW), VP_ENOENT);
    assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(rvt_reg(t, 6), 100);
    rvt_destroy(t);
}

static void watchpoints(void **state)
{
    (void)state;
    rvt *t = program(isa());
    assert_int_equal(vp_cpu_watchpoint_insert(t->cpu, DATA, 4, VP_CPU_WATCH_WRITE), 0);
    assert_int_equal(vp_cpu_watchpoint_insert(t->cpu, DATA, 0, VP_CPU_WATCH_WRITE), VP_EINVAL);
    for (uint64_t round = 0; round < 80; round++) {
        assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_DEBUG);
        vp_cpu_debug_stop s = stop_of(t);
        assert_int_equal(s.kind, VP_CPU_DEBUG_WATCH);
        assert_int_equal(s.watch, VP_CPU_WATCH_WRITE);
        assert_int_equal(s.addr, DATA);
        assert_int_equal(s.pc, PC_SW);
        assert_int_equal(vp_cpu_get_pc(t->cpu), PC_LW); /* after the store: it was done */
        assert_int_equal(rvt_ram32(t, DATA), round);
    }
    assert_int_equal(vp_cpu_watchpoint_remove(t->cpu, DATA, 4, VP_CPU_WATCH_WRITE), 0);
    /* a read watchpoint on the loaded word */
    assert_int_equal(vp_cpu_watchpoint_insert(t->cpu, DATA + 4, 4, VP_CPU_WATCH_READ), 0);
    assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_DEBUG);
    vp_cpu_debug_stop s = stop_of(t);
    assert_int_equal(s.watch, VP_CPU_WATCH_READ);
    assert_int_equal(s.pc, PC_LW);
    assert_int_equal(vp_cpu_get_pc(t->cpu), PC_LIMIT);
    assert_int_equal(vp_cpu_watchpoint_remove(t->cpu, DATA + 4, 4, VP_CPU_WATCH_READ), 0);
    /* watchpoints elsewhere (another page, bytes next to the store) never fire */
    assert_int_equal(vp_cpu_watchpoint_insert(t->cpu, DATA + 0x2000, 8, VP_CPU_WATCH_ACCESS), 0);
    assert_int_equal(vp_cpu_watchpoint_insert(t->cpu, DATA + 8, 8, VP_CPU_WATCH_ACCESS), 0);
    assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(rvt_reg(t, 6), 100);
    vp_cpu_debug_clear(t->cpu);
    rvt_destroy(t);
}

static void step_into_handler(void **state)
{
    (void)state;
    rvt *t = program(isa());
    assert_int_equal(vp_cpu_breakpoint_insert(t->cpu, CODE + 0x20), 0); /* the ecall */
    assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_DEBUG);
    assert_int_equal(vp_cpu_get_pc(t->cpu), CODE + 0x20);
    assert_int_equal(vp_cpu_step(t->cpu, NULL, NULL), VP_CPU_EXIT_DEBUG);
    assert_int_equal(vp_cpu_get_pc(t->cpu), HANDLER);
    assert_int_equal(rvt_csr(t, 0x342), 11); /* mcause: ecall from M */
    assert_int_equal(vp_cpu_step(t->cpu, NULL, NULL), VP_CPU_EXIT_DEBUG); /* the wfi */
    assert_true(vp_cpu_is_halted(t->cpu));
    assert_int_equal(vp_cpu_step(t->cpu, NULL, NULL), VP_CPU_EXIT_WFI); /* asleep: nothing runs */
    rvt_destroy(t);
}

static void memory_and_registers(void **state)
{
    (void)state;
    rvt *t = program(isa());
    assert_int_equal(vp_cpu_run(t->cpu, 200, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_BUDGET); /* code translated */
    /* the loop's limit 100 -> a few rounds from here, written through the
     * debugger into translated code: the stale translation must go */
    uint64_t limit = rvt_reg(t, 6) + 5;
    assert_true(limit < 90);
    uint32_t insn = ADDI(8, 0, (int32_t)limit), back = 0;
    assert_int_equal(vp_cpu_debug_access(t->cpu, PC_LIMIT, &insn, 4, true), 4);
    assert_int_equal(vp_cpu_debug_access(t->cpu, PC_LIMIT, &back, 4, false), 4);
    assert_int_equal(back, insn);
    assert_int_equal(vp_cpu_run(t->cpu, 100000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(rvt_reg(t, 6), limit);
    /* nothing answers outside RAM: a short count */
    uint8_t buf[16];
    assert_int_equal(vp_cpu_debug_access(t->cpu, RVT_RAM_BASE + RVT_RAM_SIZE - 8, buf, 16, false), 8);
    /* CSRs and FP registers */
    assert_true(vp_cpu_set_csr(t->cpu, 0x340, 0x1234)); /* mscratch */
    assert_int_equal(rvt_csr(t, 0x340), 0x1234);
    assert_false(vp_cpu_set_csr(t->cpu, 0xf14, 1)); /* mhartid: read-only */
    uint64_t f = 0;
    assert_int_equal(vp_cpu_flen(t->cpu), 0);
    assert_false(vp_cpu_get_freg(t->cpu, 1, &f));
    rvt_destroy(t);
    t = rvt_create("rv64imafdc", false);
    assert_int_equal(vp_cpu_flen(t->cpu), 64);
    assert_true(vp_cpu_set_freg(t->cpu, 3, 0x400921fb54442d18ull));
    assert_true(vp_cpu_get_freg(t->cpu, 3, &f));
    assert_int_equal(f, 0x400921fb54442d18ull);
    assert_false(vp_cpu_get_freg(t->cpu, 32, &f));
    rvt_destroy(t);
    t = rvt_create("rv32imafc", false);
    assert_int_equal(vp_cpu_flen(t->cpu), 32);
    assert_true(vp_cpu_set_freg(t->cpu, 3, 0x3f800000u));
    assert_true(vp_cpu_get_freg(t->cpu, 3, &f));
    assert_int_equal(f, 0x3f800000u);
    rvt_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(breakpoints),
        cmocka_unit_test(watchpoints),
        cmocka_unit_test(step_into_handler),
        cmocka_unit_test(memory_and_registers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
