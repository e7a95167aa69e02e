/* SPDX-License-Identifier: Apache-2.0 */
/* test_exec_riscv.c - the runtime with the real RISC-V frontend: a
 * load/store/jal loop, self-modifying code, fence.i, a bus-error trap,
 * MMIO through the router, and an interrupt waking WFI. Uses the
 * target tests' instruction encoder (rv_harness.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rv_harness.h"

#define RAM 0x80000000u
#define RAM_SIZE 0x10000u
#define MMIO 0x10000000u
#define CSR_MTVEC 0x305
#define CSR_MEPC 0x341
#define CSR_MCAUSE 0x342
#define CSR_MTVAL 0x343
#define CSR_MSTATUS 0x300
#define CSR_MIE 0x304

typedef struct env {
    uint8_t ram[RAM_SIZE];
    unsigned mmio_writes, ram_bt;
    uint32_t mmio_last;
    tlmc_target ram_t, mmio_t;
    tlmc_router *r;
    vp_cpu *cpu;
    uint32_t at;
} env;

static void ram_bt(void *opaque, tlmc_payload *p, vp_time *delay)
{
    env *e = opaque;
    (void)delay;
    e->ram_bt++;
    if (p->address + p->length > RAM_SIZE) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, e->ram + p->address, p->length);
    else
        memcpy(e->ram + p->address, p->data, p->length);
    p->response = TLMC_OK_RESPONSE;
}

static bool ram_dmi(void *opaque, tlmc_payload *p, tlmc_dmi *d)
{
    env *e = opaque;
    (void)p;
    *d = (tlmc_dmi){.ptr = e->ram, .start = 0, .end = RAM_SIZE - 1, .access = TLMC_DMI_READ_WRITE};
    return true;
}

static void mmio_bt(void *opaque, tlmc_payload *p, vp_time *delay)
{
    env *e = opaque;
    (void)delay;
    if (p->command == TLMC_WRITE) {
        e->mmio_writes++;
        memcpy(&e->mmio_last, p->data, 4);
    } else {
        memset(p->data, 0, p->length);
    }
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops ram_ops = {sizeof(tlmc_target_ops), TLMC_ABI, ram_bt, NULL, ram_dmi};
static const tlmc_target_ops mmio_ops = {sizeof(tlmc_target_ops), TLMC_ABI, mmio_bt, NULL, NULL};

static int setup_with(void **state, uint32_t jit_threshold)
{
    env *e = calloc(1, sizeof(env));
    e->ram_t = (tlmc_target){.ops = &ram_ops, .opaque = e, .name = "ram"};
    e->mmio_t = (tlmc_target){.ops = &mmio_ops, .opaque = e, .name = "mmio"};
    e->r = tlmc_router_create("bus");
    assert_int_equal(tlmc_router_map(e->r, RAM, RAM_SIZE, &e->ram_t, 0, NULL), 0);
    assert_int_equal(tlmc_router_map(e->r, MMIO, 0x1000, &e->mmio_t, 0, NULL), 0);
    vp_cpu_config cfg = {.size = sizeof(cfg), .abi = VP_CPU_ABI, .isa = "rv32imac", .reset_pc = RAM,
                         .bus = tlmc_router_target(e->r), .insn_period = VP_NS,
                         .accel = VP_TEST_ACCEL, .jit_threshold = jit_threshold};
    e->cpu = vp_cpu_create(&cfg, NULL);
    assert_non_null(e->cpu);
    e->at = RAM;
    *state = e;
    return 0;
}

static int setup(void **state)
{
    return setup_with(state, 1);
}

/* New blocks run in the interpreter first (the default threshold). */
static int setup_tiered(void **state)
{
    return setup_with(state, 0);
}

static int teardown(void **state)
{
    env *e = *state;
    vp_cpu_destroy(e->cpu);
    tlmc_router_destroy(e->r);
    free(e);
    return 0;
}

static void emit(env *e, uint32_t insn)
{
    memcpy(e->ram + (e->at - RAM), &insn, 4);
    e->at += 4;
}

static uint32_t ram32(env *e, uint32_t addr)
{
    uint32_t v;
    memcpy(&v, e->ram + (addr - RAM), 4);
    return v;
}

/* x5 = RAM + 0x8000 (data), mtvec = RAM + 0x400 (handler: wfi) */
static void prologue(env *e)
{
    emit(e, LUI(5, 0x80008));
    emit(e, LUI(6, 0x80000));
    emit(e, ADDI(6, 6, 0x400));
    emit(e, CSRRW(0, CSR_MTVEC, 6));
    uint32_t wfi = WFI;
    memcpy(e->ram + 0x400, &wfi, 4);
}

static void test_exec_riscv_loop_sum(void **state)
{
    env *e = *state;
    for (uint32_t i = 0; i < 8; i++) {
        uint32_t v = i * 3 + 1;
        memcpy(e->ram + 0x8000 + 4 * i, &v, 4);
    }
    prologue(e);                 /* 4 insns */
    emit(e, LI(7, 8));           /* count */
    emit(e, LI(8, 0));           /* sum */
    emit(e, ADDI(9, 5, 0));      /* ptr */
    /* loop: */
    emit(e, JAL(1, 28));         /* call add_one (at +28) */
    emit(e, ADDI(9, 9, 4));
    emit(e, ADDI(7, 7, -1));
    emit(e, BNE(7, 0, -12));
    emit(e, SW(8, 5, 64));
    emit(e, WFI);
    emit(e, 0);                  /* padding */
    /* add_one: sum += *ptr; ret */
    emit(e, LW(10, 9, 0));
    emit(e, ADD(8, 8, 10));
    emit(e, JALR(0, 1, 0));
    uint64_t n = 0;
    vp_time t = 0;
    assert_int_equal(vp_cpu_run(e->cpu, 10000, VP_TIME_MAX, &n, &t), VP_CPU_EXIT_WFI);
    assert_int_equal(ram32(e, RAM + 0x8040), 8 * 1 + 3 * 28);
    assert_int_equal(n, 4 + 3 + 8 * (4 + 3) + 2);
    assert_int_equal(t, n * VP_NS);
    assert_int_equal(e->ram_bt, 0);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(e->cpu, &st);
    assert_true(st.chained >= 2);
    assert_int_equal(st.insns, n);
}

/* A loop whose branch goes one way for its first 100 iterations (all the
 * interpreter profiles before the JIT compiles it: the superblock follows
 * that way) and the other way for the next 19,900 (the side exit turns
 * hot, the superblock is profiled again and rebuilt the other way): same
 * results and instruction count as any executor. */
static void test_exec_riscv_superblock_changes_way(void **state)
{
    env *e = *state;
    prologue(e);                 /* 4 insns */
    emit(e, LUI(7, 0x5));
    emit(e, ADDI(7, 7, -480));   /* x7 = 20000 iterations */
    emit(e, LI(8, 0));
    emit(e, LI(9, 0));
    emit(e, LI(10, 0));          /* i */
    emit(e, LI(11, 100));
    /* loop: */
    emit(e, BGE(10, 11, 12));    /* i >= 100: else */
    emit(e, ADDI(8, 8, 1));
    emit(e, JAL(0, 8));          /* join */
    /* else: */
    emit(e, ADDI(9, 9, 2));
    /* join: */
    emit(e, ADDI(10, 10, 1));
    emit(e, BNE(10, 7, -20));    /* loop */
    emit(e, SW(8, 5, 64));
    emit(e, SW(9, 5, 68));
    emit(e, WFI);
    uint64_t n = 0;
    assert_int_equal(vp_cpu_run(e->cpu, 1000000, VP_TIME_MAX, &n, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(ram32(e, RAM + 0x8040), 100);
    assert_int_equal(ram32(e, RAM + 0x8044), 2 * 19900);
    assert_int_equal(n, 4 + 6 + 100 * 5 + 19900 * 4 + 3);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(e->cpu, &st);
    if (VP_TEST_ACCEL == VP_CPU_ACCEL_JIT) {
        assert_true(st.superblocks >= 2);      /* the loop one way, then the other */
        assert_int_equal(st.sb_reprofiled, 1); /* the first one's side exit turned hot */
        assert_true(st.loop_blocks >= 2);      /* both loop on themselves */
    } else {
        assert_int_equal(st.superblocks + st.sb_reprofiled + st.loop_blocks, 0);
    }
}

static void test_exec_riscv_smc_and_fence_i(void **state)
{
    env *e = *state;
    prologue(e);
    /* patch the addi at "target" into addi x12, x0, 99, in the same block */
    uint32_t patched = LI(12, 99);
    memcpy(e->ram + 0x8000, &patched, 4);
    emit(e, LW(10, 5, 0));
    emit(e, AUIPC(11, 0));       /* x11 = this pc */
    emit(e, SW(10, 11, 8));      /* store to this pc + 8 */
    emit(e, LI(12, 1));          /* replaced before it runs */
    /* then patch a block that already ran, with fence.i for good measure */
    emit(e, JAL(1, 12));         /* call sub */
    emit(e, ADDI(13, 12, 0));    /* x13 = result of first call */
    emit(e, JAL(0, 12));
    /* sub: */
    emit(e, LI(12, 5));
    emit(e, JALR(0, 1, 0));
    /* after: */
    emit(e, ADDI(14, 1, 8));     /* x14 = address of sub's li */
    uint32_t li7 = LI(12, 7);
    memcpy(e->ram + 0x8004, &li7, 4);
    emit(e, LW(10, 5, 4));
    emit(e, SW(10, 14, 0));
    emit(e, FENCE_I);
    emit(e, JAL(1, -24));        /* call sub again */
    emit(e, WFI);
    assert_int_equal(vp_cpu_run(e->cpu, 10000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(e->cpu, 13), 5);
    assert_int_equal(vp_cpu_get_reg(e->cpu, 12), 7);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(e->cpu, &st);
    assert_true(st.tbs_invalidated >= 1);
    assert_true(st.tb_flushes >= 1);
}

static void test_exec_riscv_smc_same_block(void **state)
{
    env *e = *state;
    prologue(e);
    uint32_t patched = LI(12, 99);
    memcpy(e->ram + 0x8000, &patched, 4);
    emit(e, LW(10, 5, 0));
    emit(e, AUIPC(11, 0));
    emit(e, SW(10, 11, 8));
    emit(e, LI(12, 1));
    emit(e, WFI);
    uint64_t n = 0;
    assert_int_equal(vp_cpu_run(e->cpu, 1000, VP_TIME_MAX, &n, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(e->cpu, 12), 99);
    assert_int_equal(n, 4 + 5);
}

static void test_exec_riscv_bus_error_trap(void **state)
{
    env *e = *state;
    prologue(e);
    emit(e, LUI(7, 0x20000));
    emit(e, LI(8, 3));
    emit(e, LW(8, 7, 4));        /* no device at 0x20000004 */
    emit(e, LI(9, 1));
    emit(e, WFI);
    uint64_t n = 0;
    assert_int_equal(vp_cpu_run(e->cpu, 1000, VP_TIME_MAX, &n, NULL), VP_CPU_EXIT_WFI);
    uint64_t v;
    assert_true(vp_cpu_get_csr(e->cpu, CSR_MCAUSE, &v));
    assert_int_equal(v, 5);
    assert_true(vp_cpu_get_csr(e->cpu, CSR_MTVAL, &v));
    assert_int_equal(v, 0x20000004);
    assert_true(vp_cpu_get_csr(e->cpu, CSR_MEPC, &v));
    assert_int_equal(v, RAM + 24);
    assert_int_equal(vp_cpu_get_reg(e->cpu, 8), 3);
    assert_int_equal(vp_cpu_get_reg(e->cpu, 9), 0);
    assert_int_equal(n, 4 + 2 + 1 + 1); /* faulting load not retired but a step; handler wfi */
    assert_int_equal(vp_cpu_get_pc(e->cpu), RAM + 0x404);
}

static void test_exec_riscv_mmio_and_irq(void **state)
{
    env *e = *state;
    prologue(e);
    emit(e, LUI(7, 0x10000));
    emit(e, LI(8, 0x5a));
    emit(e, SW(8, 7, 0));
    emit(e, LI(9, 0x80));
    emit(e, CSRRS(0, CSR_MIE, 9));     /* MTIE */
    emit(e, CSRRSI(0, CSR_MSTATUS, 8)); /* MIE */
    emit(e, WFI);
    emit(e, LI(10, 1));
    emit(e, WFI);
    const uint32_t handler[] = {CSRRW(0, CSR_MIE, 0), WFI}; /* mask, then sleep */
    memcpy(e->ram + 0x400, handler, sizeof(handler));
    assert_int_equal(vp_cpu_run(e->cpu, 1000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(e->mmio_writes, 1);
    assert_int_equal(e->mmio_last, 0x5a);
    assert_true(vp_cpu_is_halted(e->cpu));
    vp_cpu_set_irq(e->cpu, VP_CPU_IRQ_MTIP, true);
    assert_false(vp_cpu_is_halted(e->cpu));
    assert_int_equal(vp_cpu_run(e->cpu, 1000, VP_TIME_MAX, NULL, NULL), VP_CPU_EXIT_WFI);
    uint64_t v;
    assert_true(vp_cpu_get_csr(e->cpu, CSR_MCAUSE, &v));
    assert_int_equal(v, 0x80000007u);
    assert_true(vp_cpu_get_csr(e->cpu, CSR_MEPC, &v));
    assert_int_equal(v, RAM + 4 * 4 + 7 * 4); /* the insn after the first wfi */
    assert_int_equal(vp_cpu_get_reg(e->cpu, 10), 0);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(e->cpu, &st);
    assert_int_equal(st.interrupts, 1);
    assert_int_equal(st.io_accesses, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exec_riscv_loop_sum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_riscv_superblock_changes_way, setup_tiered, teardown),
        cmocka_unit_test_setup_teardown(test_exec_riscv_smc_same_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_riscv_smc_and_fence_i, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_riscv_bus_error_trap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exec_riscv_mmio_and_irq, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
