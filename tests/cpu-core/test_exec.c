/* SPDX-License-Identifier: Apache-2.0 */
/* test_exec.c - the exec loop, TB cache, chaining, soft TLB, I/O timing,
 * traps, self-modifying code and WFI, driven by the toy-ISA stub frontend
 * on a router with a DMI RAM, an MMIO device and an overlay on RAM. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>

#include "exec_rvstub.h"

#define RAM_SIZE 0x10000u
#define MMIO_BASE 0x10000000u
#define OVL_BASE 0x3000u /* 8-byte device on top of RAM */

typedef struct bus {
    uint8_t ram[RAM_SIZE];
    unsigned ram_bt, ram_dmi;   /* RAM b_transport / DMI requests */
    unsigned mmio_reads, mmio_writes;
    uint32_t mmio_last;
    vp_time mmio_delay;
    tlmc_target ram_t, mmio_t, ovl_t;
    tlmc_router *r;
    vp_cpu *cpu;
} bus;

static void ram_bt(void *opaque, tlmc_payload *p, vp_time *delay)
{
    bus *b = opaque;
    (void)delay;
    b->ram_bt++;
    if (p->address + p->length > RAM_SIZE) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, b->ram + p->address, p->length);
    else
        memcpy(b->ram + p->address, p->data, p->length);
    p->response = TLMC_OK_RESPONSE;
}

static bool ram_dmi(void *opaque, tlmc_payload *p, tlmc_dmi *d)
{
    bus *b = opaque;
    (void)p;
    b->ram_dmi++;
    d->ptr = b->ram;
    d->start = 0;
    d->end = RAM_SIZE - 1;
    d->access = TLMC_DMI_READ_WRITE;
    return true;
}

static void mmio_bt(void *opaque, tlmc_payload *p, vp_time *delay)
{
    bus *b = opaque;
    uint32_t v = 0;
    if (p->command == TLMC_READ) {
        b->mmio_reads++;
        v = 0xa5a50000u + b->mmio_reads;
        memcpy(p->data, &v, p->length < 4 ? p->length : 4);
    } else {
        b->mmio_writes++;
        memcpy(&v, p->data, p->length < 4 ? p->length : 4);
        b->mmio_last = v;
    }
    *delay += b->mmio_delay;
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops ram_ops = {sizeof(tlmc_target_ops), TLMC_ABI, ram_bt, NULL, ram_dmi};
static const tlmc_target_ops mmio_ops = {sizeof(tlmc_target_ops), TLMC_ABI, mmio_bt, NULL, NULL};

static bus *bus_new_tier(const char *isa, uint32_t jit_threshold)
{
    bus *b = g_new0(bus, 1);
    b->ram_t = (tlmc_target){.ops = &ram_ops, .opaque = b, .name = "ram"};
    b->mmio_t = (tlmc_target){.ops = &mmio_ops, .opaque = b, .name = "mmio"};
    b->ovl_t = (tlmc_target){.ops = &mmio_ops, .opaque = b, .name = "overlay"};
    b->r = tlmc_router_create("bus");
    assert_int_equal(tlmc_router_map(b->r, 0, RAM_SIZE, &b->ram_t, 0, NULL), 0);
    assert_int_equal(tlmc_router_map(b->r, MMIO_BASE, 0x1000, &b->mmio_t, 0, NULL), 0);
    assert_int_equal(tlmc_router_map(b->r, OVL_BASE, 8, &b->ovl_t, 1, NULL), 0);
    vp_cpu_config cfg = {.size = sizeof(cfg), .abi = VP_CPU_ABI, .isa = isa, .reset_pc = 0x1000,
                         .bus = tlmc_router_target(b->r), .insn_period = 10 * VP_NS,
                         .accel = VP_TEST_ACCEL, .jit_threshold = jit_threshold};
    b->cpu = vp_cpu_create(&cfg, NULL);
    assert_non_null(b->cpu);
    tlmc_router_add_invalidate_listener(b->r, vp_cpu_invalidate_dmi_cb, b->cpu);
    return b;
}

/* The JIT (under VP_TEST_ACCEL JIT) compiles every block before it runs. */
static bus *bus_new(const char *isa)
{
    return bus_new_tier(isa, 1);
}

static void bus_free(bus *b)
{
    vp_cpu_destroy(b->cpu);
    tlmc_router_destroy(b->r);
    g_free(b);
}

static void put(bus *b, uint32_t addr, const uint32_t *w, size_t n)
{
    memcpy(b->ram + addr, w, n * 4);
}

static int setup32(void **state)
{
    *state = bus_new("rv32i");
    return 0;
}

static int setup64(void **state)
{
    *state = bus_new("rv64i");
    return 0;
}

static int teardown(void **state)
{
    bus_free(*state);
    return 0;
}

#define WFI toy(8, 0, 0, 0)

static const uint32_t trap_handler[] = {0x08};

static vp_cpu_exit run(bus *b, uint64_t budget, uint64_t *n)
{
    return vp_cpu_run(b->cpu, budget, VP_TIME_MAX, n, NULL);
}

/* x2 counts a 10-round loop of 3 instructions up to 10, then WFI (32
 * instructions); put at 0x1000. */
static void put_count_loop(bus *b)
{
    const uint32_t prog[] = {
        toy16(1, 1, 10),     /* li x1, 10 */
        toy(2, 1, 1, 0xff),  /* addi x1, x1, -1 */
        toy(2, 2, 2, 1),     /* addi x2, x2, 1 */
        toy16(5, 1, -8),     /* bnez x1, -8 */
        WFI,
    };
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
}

static void test_exec_loop_chains_and_counts(void **state)
{
    bus *b = *state;
    uint64_t n = 0;
    vp_time t = 0;
    put_count_loop(b);
    assert_int_equal(vp_cpu_run(b->cpu, 1000, VP_TIME_MAX, &n, &t), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 2), 10);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 1), 0);
    assert_int_equal(n, 1 + 10 * 3 + 1);
    assert_int_equal(vp_cpu_insn_count(b->cpu), n);
    assert_int_equal(t, n * 10 * VP_NS);
    assert_true(vp_cpu_is_halted(b->cpu));
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(b->cpu, &st);
    assert_true(st.chained >= 1);
    assert_true(st.tbs_translated <= 4);
    /* tbs_executed counts the run loop's dispatches: the chained loop body
     * (10 iterations) runs without coming back to it. */
    assert_true(st.tbs_executed >= 2 && st.tbs_executed < 10);
    assert_int_equal(st.insns, n);
    assert_int_equal(st.io_accesses, 0);
    /* still asleep */
    assert_int_equal(run(b, 1000, &n), VP_CPU_EXIT_WFI);
    assert_int_equal(n, 0);
}

static void test_exec_budget_overshoot_bounded(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(2, 2, 2, 1), toy(2, 2, 2, 1), toy(2, 2, 2, 1), toy16(6, 0, -12)};
    uint64_t n = 0;
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    assert_int_equal(run(b, 101, &n), VP_CPU_EXIT_BUDGET);
    assert_true(n >= 101 && n < 101 + 4);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 2), (n / 4) * 3 + (n % 4 < 3 ? n % 4 : 3));
    assert_int_equal(run(b, 0, &n), VP_CPU_EXIT_BUDGET);
    assert_int_equal(n, 0);
    vp_cpu_request_exit(b->cpu);
    assert_int_equal(run(b, 100, &n), VP_CPU_EXIT_REQUEST);
    assert_int_equal(n, 0);
    assert_int_equal(run(b, 8, &n), VP_CPU_EXIT_BUDGET); /* the request was consumed */
    assert_int_equal(n, 8);
}

/* A loop block stopped by its budget again and again (the JIT's loop
 * keeps guest registers in host registers between iterations and must
 * write them back whenever it leaves): after every stop, the registers
 * are those of the instruction count. */
static void test_exec_loop_stops_exactly(void **state)
{
    bus *b = *state;
    uint64_t n = 0, total = 0;
    put_count_loop(b);
    for (unsigned runs = 0; runs < 100; runs++) {
        vp_cpu_exit why = run(b, 1 + runs % 5, &n);
        total += n;
        uint64_t l = total - 1, f = l / 3, rem = l % 3; /* li, then (addi, addi, bnez) x 10 */
        if (why == VP_CPU_EXIT_WFI)
            break;
        assert_int_equal(why, VP_CPU_EXIT_BUDGET);
        assert_int_equal(vp_cpu_get_reg(b->cpu, 1), 10 - f - (rem >= 1));
        assert_int_equal(vp_cpu_get_reg(b->cpu, 2), f + (rem >= 2));
    }
    assert_int_equal(total, 1 + 10 * 3 + 1);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 1), 0);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 2), 10);
}

static void test_exec_ram_via_dmi(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {
        toy(3, 3, 4, 0),  /* lw x3, 0(x4) */
        toy(2, 3, 3, 1),  /* addi x3, x3, 1 */
        toy(4, 3, 4, 4),  /* sw x3, 4(x4) */
        toy(3, 5, 4, 0x7e), /* lw x5, 126(x4): misaligned, within a page */
        toy(3, 6, 6, 0),  /* lw x6, 0(x6): misaligned across a page */
        WFI,
    };
    uint32_t v = 41, w = 0x11223344u;
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    memcpy(b->ram + 0x2000, &v, 4);
    memcpy(b->ram + 0x207e, &w, 4);
    memcpy(b->ram + 0x4ffe, &w, 4);
    vp_cpu_set_reg(b->cpu, 4, 0x2000);
    vp_cpu_set_reg(b->cpu, 6, 0x4ffe);
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    memcpy(&v, b->ram + 0x2004, 4);
    assert_int_equal(v, 42);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 0x11223344u);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 6), 0x11223344u);
    assert_int_equal(b->ram_bt, 0); /* RAM never went through b_transport */
    assert_true(b->ram_dmi >= 1);
    assert_int_equal(vp_stub_raise_count, 0);
}

static void test_exec_mmio_timing_and_sync(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(4, 3, 4, 0), toy(3, 5, 4, 4), toy16(6, 0, 4), toy(2, 6, 6, 1), toy(2, 6, 6, 1), WFI};
    uint64_t n = 0;
    vp_time t = 0;
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    vp_cpu_set_reg(b->cpu, 3, 0x5a5a);
    vp_cpu_set_reg(b->cpu, 4, MMIO_BASE);
    b->mmio_delay = 100 * VP_NS;
    /* after the first access local time = 100ns > 50ns: leave at the block boundary */
    assert_int_equal(vp_cpu_run(b->cpu, 1000, 50 * VP_NS, &n, &t), VP_CPU_EXIT_SYNC);
    assert_int_equal(b->mmio_writes, 1);
    assert_int_equal(b->mmio_last, 0x5a5a);
    assert_int_equal(b->mmio_reads, 1);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 0xa5a50001u);
    assert_int_equal(n, 3);
    assert_int_equal(t, 3 * 10 * VP_NS + 200 * VP_NS);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(b->cpu, &st);
    assert_int_equal(st.io_accesses, 2);
    assert_int_equal(vp_cpu_run(b->cpu, 1000, VP_TIME_MAX, &n, &t), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 6), 2);
}

static void test_exec_mmio_does_not_evict_ram(void **state)
{
    bus *b = *state;
    /* RAM page 0 and the MMIO page share TLB index 0 */
    const uint32_t prog[] = {toy(3, 5, 4, 0), toy(3, 6, 9, 0), toy(2, 7, 7, 0xff), toy16(5, 7, -12), WFI};
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    vp_cpu_set_reg(b->cpu, 4, 0x800);
    vp_cpu_set_reg(b->cpu, 9, MMIO_BASE);
    vp_cpu_set_reg(b->cpu, 7, 20);
    assert_int_equal(run(b, 1000, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(b->mmio_reads, 20);
    assert_true(b->ram_dmi <= 3); /* code page, data page: no refill per iteration */
    assert_int_equal(b->ram_bt, 0);
}

static void test_exec_bus_error_traps(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(2, 7, 7, 1), toy(3, 5, 4, 0), toy(2, 7, 7, 1), WFI};
    uint64_t n = 0;
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    put(b, 0x100, trap_handler, 1);
    vp_cpu_set_reg(b->cpu, 4, 0x20000000);
    vp_cpu_set_reg(b->cpu, 5, 0x77);
    assert_int_equal(run(b, 100, &n), VP_CPU_EXIT_WFI);
    assert_int_equal(stub_rv(b->cpu)->mcause, STUB_EXC_LOAD_ACCESS);
    assert_int_equal(stub_rv(b->cpu)->mtval, 0x20000000);
    assert_int_equal(stub_rv(b->cpu)->mepc, 0x1004);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 0x77); /* not written */
    assert_int_equal(vp_cpu_get_reg(b->cpu, 7), 1);
    assert_int_equal(n, 3); /* addi + wfi, and a step for the faulting load (not retired) */
    assert_int_equal(vp_cpu_get_pc(b->cpu), 0x104);
}

static void test_exec_misaligned_amo_traps(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(0x0c, 5, 4, 2), WFI};
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    put(b, 0x100, trap_handler, 1);
    vp_cpu_set_reg(b->cpu, 4, 0x2000);
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(stub_rv(b->cpu)->mcause, STUB_EXC_LOAD_MISALIGNED);
    assert_int_equal(stub_rv(b->cpu)->mtval, 0x2002);
    assert_int_equal(stub_rv(b->cpu)->mepc, 0x1000);
}

static void test_exec_fetch_fault(void **state)
{
    bus *b = *state;
    put(b, 0x100, trap_handler, 1);
    vp_cpu_set_pc(b->cpu, 0x30000000);
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(stub_rv(b->cpu)->mcause, STUB_EXC_INSN_ACCESS);
    assert_int_equal(stub_rv(b->cpu)->mtval, 0x30000000);
    assert_int_equal(stub_rv(b->cpu)->mepc, 0x30000000);
}

static void test_exec_trap_loop_bounded(void **state)
{
    bus *b = *state;
    uint64_t n = 1;
    stub_rv(b->cpu)->mtvec = 0x30000000; /* the trap vector itself faults */
    vp_cpu_set_pc(b->cpu, 0x30000000);
    assert_int_equal(run(b, 50, &n), VP_CPU_EXIT_BUDGET);
    assert_int_equal(n, 50); /* each exception is one step of the budget */
    assert_int_equal(vp_stub_raise_count, 50);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(b->cpu, &st);
    assert_int_equal(st.traps, 50);
    assert_int_equal(st.insns, 0);
}

/* A trap vector that faults forever retires nothing: after
 * VP_CPU_TRAP_STORM exceptions in a row the run stops and says where. */
static void test_exec_trap_storm_detected(void **state)
{
    bus *b = *state;
    uint64_t n = 0;
    stub_rv(b->cpu)->mtvec = 0x30000000;
    vp_cpu_set_pc(b->cpu, 0x30000000);
    assert_int_equal(run(b, VP_CPU_TRAP_STORM * 2ull, &n), VP_CPU_EXIT_TRAP_STORM);
    assert_int_equal(n, VP_CPU_TRAP_STORM);
    vp_cpu_trap_info t = {.size = sizeof t};
    assert_true(vp_cpu_get_last_trap(b->cpu, &t));
    assert_false(t.interrupt);
    assert_int_equal(t.cause, 1);
    assert_int_equal(t.pc, 0x30000000);
    assert_int_equal(t.vector, 0x30000000);
    assert_int_equal(t.repeats, VP_CPU_TRAP_STORM);
    /* Exceptions that retire something in between are no storm. */
    vp_cpu_reset(b->cpu);
    const uint32_t prog[] = {toy(2, 9, 9, 1), toy(0x0a, 0, 0, 0)}; /* addi x9, x9, 1; ecall */
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    stub_rv(b->cpu)->mtvec = 0x1000;
    vp_cpu_set_pc(b->cpu, 0x1000);
    assert_int_equal(run(b, VP_CPU_TRAP_STORM * 3ull, &n), VP_CPU_EXIT_BUDGET);
}

static void test_exec_smc_same_block(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {
        toy(3, 3, 4, 0),  /* lw x3, 0(x4)   new instruction word */
        toy(4, 3, 8, 0),  /* sw x3, 0(x8)   patch the insn at 0x100c */
        toy(2, 9, 9, 1),  /* addi x9, x9, 1 */
        toy16(1, 5, 1),   /* li x5, 1       (becomes li x5, 2) */
        WFI,
    };
    uint32_t patched = toy16(1, 5, 2);
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    memcpy(b->ram + 0x2000, &patched, 4);
    vp_cpu_set_reg(b->cpu, 4, 0x2000);
    vp_cpu_set_reg(b->cpu, 8, 0x100c);
    uint64_t n = 0;
    assert_int_equal(run(b, 100, &n), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 2);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 9), 1); /* executed once */
    assert_int_equal(n, 5);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(b->cpu, &st);
    assert_true(st.tbs_invalidated >= 1);
}

static void test_exec_smc_other_block_and_flush(void **state)
{
    bus *b = *state;
    /* 0x1000: jr x10 (x10 = 0x1100 or 0x1200), both of which come back */
    const uint32_t main_prog[] = {toy(9, 10, 0, 0)};
    const uint32_t sub[] = {toy16(1, 5, 7), WFI};
    put(b, 0x1000, main_prog, 1);
    put(b, 0x1100, sub, 2);
    vp_cpu_set_reg(b->cpu, 10, 0x1100);
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 7);
    /* backdoor write: stale translation still runs until flush_code */
    uint32_t li9 = toy16(1, 5, 9);
    memcpy(b->ram + 0x1100, &li9, 4);
    vp_cpu_set_pc(b->cpu, 0x1000);
    b->cpu->ex.halted = false;
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 7);
    vp_cpu_flush_code(b->cpu);
    vp_cpu_set_pc(b->cpu, 0x1000);
    b->cpu->ex.halted = false;
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 9);
    /* guest store into the other block invalidates it */
    const uint32_t patcher[] = {toy(4, 3, 8, 0), toy(9, 10, 0, 0)};
    uint32_t li11 = toy16(1, 5, 11);
    put(b, 0x1200, patcher, 2);
    vp_cpu_set_reg(b->cpu, 3, li11);
    vp_cpu_set_reg(b->cpu, 8, 0x1100);
    vp_cpu_set_pc(b->cpu, 0x1200);
    b->cpu->ex.halted = false;
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 11);
}

/* Code is tracked per 16-byte line: stores next to code (same page, other
 * lines) keep every translation; a store onto a line with code drops it. */
static void test_exec_smc_line_granular(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {
        toy(4, 3, 8, 0), /* sw x3, 0(x8) */
        toy(2, 9, 9, 1), /* addi x9, x9, 1 */
        WFI,             /* 0x1008; line 0x1000-0x100f */
    };
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    vp_cpu_set_reg(b->cpu, 3, 0x12345678);
    vp_cpu_stats st = {.size = sizeof st};
    for (uint32_t i = 0; i < 4; i++) { /* 0x1010, 0x1020, ...: same page, no code */
        vp_cpu_set_reg(b->cpu, 8, 0x1010 + 16 * i);
        vp_cpu_set_pc(b->cpu, 0x1000);
        b->cpu->ex.halted = false;
        assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
        uint32_t v;
        memcpy(&v, b->ram + 0x1010 + 16 * i, 4);
        assert_int_equal(v, 0x12345678);
    }
    vp_cpu_get_stats(b->cpu, &st);
    assert_int_equal(st.tbs_invalidated, 0);
    assert_int_equal(st.tbs_translated, 1);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 9), 4);
    /* white box: the write permission sits in tag_wc with the line map */
    const vp_tlb_entry *e = &b->cpu->ex.tlb[b->cpu->ex.dset][1];
    assert_int_equal(e->tag_w, VP_TLB_INVALID);
    assert_int_equal(e->tag_wc, 0x1000);
    assert_non_null(e->code_lines);
    assert_int_equal(e->code_lines[0], 1);
    assert_int_equal(e->code_lines[1], 0);
    /* onto the line with code (the WFI word, rewritten with itself) */
    uint32_t wfi = WFI;
    vp_cpu_set_reg(b->cpu, 3, wfi);
    vp_cpu_set_reg(b->cpu, 8, 0x1008);
    vp_cpu_set_pc(b->cpu, 0x1000);
    b->cpu->ex.halted = false;
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    vp_cpu_get_stats(b->cpu, &st);
    assert_true(st.tbs_invalidated >= 1);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 9), 5);
    /* retranslated: a store elsewhere in the page drops nothing */
    uint64_t inv = st.tbs_invalidated;
    vp_cpu_set_reg(b->cpu, 3, 7);
    vp_cpu_set_reg(b->cpu, 8, 0x1f00);
    vp_cpu_set_pc(b->cpu, 0x1000);
    b->cpu->ex.halted = false;
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    vp_cpu_get_stats(b->cpu, &st);
    assert_int_equal(st.tbs_invalidated, inv);
    assert_int_equal(b->ram[0x1f00], 7);
    assert_true(e->tag_wc == VP_TLB_INVALID || e->code_lines != NULL);
}

static void test_exec_fencei_in_block(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy16(1, 5, 1), toy(7, 0, 0, 0), toy(2, 6, 6, 1), toy16(6, 0, -12)};
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    uint64_t n = 0;
    /* loop: li x5,1; fence.i; addi x6; j back. Each fence.i flushes. */
    assert_int_equal(run(b, 40, &n), VP_CPU_EXIT_BUDGET);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 6), n / 4);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(b->cpu, &st);
    assert_true(st.tb_flushes >= 10);
    /* backdoor change + the guest's own fence.i: new code runs next round */
    uint32_t li2 = toy16(1, 5, 2);
    memcpy(b->ram + 0x1000, &li2, 4);
    assert_int_equal(run(b, 8, &n), VP_CPU_EXIT_BUDGET);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 2);
}

static void test_exec_interrupt_wakes_wfi(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {WFI, toy(2, 6, 6, 1), toy16(6, 0, -4)};
    const uint32_t handler[] = {toy(2, 7, 7, 1), toy16(6, 0, 0)};
    uint64_t n = 0;
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    put(b, 0x100, handler, 2);
    assert_int_equal(run(b, 100, &n), VP_CPU_EXIT_WFI);
    assert_int_equal(n, 1);
    assert_true(vp_cpu_is_halted(b->cpu));
    assert_int_equal(vp_cpu_get_pc(b->cpu), 0x1004);
    /* pending but globally disabled: wakes and continues after the wfi */
    stub_rv(b->cpu)->mie = 1u << STUB_IRQ_TIMER;
    stub_rv(b->cpu)->mip = 1u << STUB_IRQ_TIMER;
    assert_int_equal(run(b, 6, &n), VP_CPU_EXIT_BUDGET);
    assert_false(vp_cpu_is_halted(b->cpu));
    assert_int_equal(vp_cpu_get_reg(b->cpu, 6), 3);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 7), 0);
    /* enabled: taken at the next block entry */
    stub_rv(b->cpu)->mstatus = 8;
    assert_int_equal(run(b, 4, &n), VP_CPU_EXIT_BUDGET);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 7), 1);
    assert_int_equal(stub_rv(b->cpu)->mepc, 0x1004);
    assert_int_equal(stub_rv(b->cpu)->mcause, (1ull << 63) | STUB_IRQ_TIMER);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(b->cpu, &st);
    assert_int_equal(st.interrupts, 1);
}

static void test_exec_icount_exact_midblock(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(2, 6, 6, 1), toy(2, 6, 6, 1), toy(0x0d, 5, 0, 0), toy(0x0d, 7, 0, 0), WFI};
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 2);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 7), 3);
}

static void test_exec_overlay_page_uses_slow_path(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(3, 5, 4, 0), toy(3, 6, 4, 0x40), toy(3, 7, 9, 0), WFI};
    uint32_t v = 0x1234, u = 0x5678;
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    memcpy(b->ram + OVL_BASE + 0x40, &v, 4);
    memcpy(b->ram + 0x2000, &u, 4);
    vp_cpu_set_reg(b->cpu, 4, OVL_BASE);
    vp_cpu_set_reg(b->cpu, 9, 0x2000);
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 0xa5a50001u); /* the overlay device */
    assert_int_equal(vp_cpu_get_reg(b->cpu, 6), 0x1234);      /* RAM behind it, same page */
    assert_int_equal(vp_cpu_get_reg(b->cpu, 7), 0x5678);
    assert_int_equal(b->ram_bt, 1); /* only the RAM word on the overlay page */
}

static void test_exec_invalidate_dmi_refills(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(3, 5, 4, 0), WFI};
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    vp_cpu_set_reg(b->cpu, 4, 0x2000);
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    unsigned before = b->ram_dmi;
    tlmc_target_invalidate_dmi(&b->ram_t, 0, RAM_SIZE - 1);
    vp_cpu_set_pc(b->cpu, 0x1000);
    b->cpu->ex.halted = false;
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_true(b->ram_dmi > before);
    assert_int_equal(b->ram_bt, 0);
}

static void test_exec_rv64_wide_values(void **state)
{
    bus *b = *state;
    const uint32_t prog[] = {toy(2, 5, 4, 1), toy(3, 6, 9, 0), WFI};
    uint32_t neg = 0x80000000u;
    put(b, 0x1000, prog, G_N_ELEMENTS(prog));
    memcpy(b->ram + 0x2000, &neg, 4);
    vp_cpu_set_reg(b->cpu, 4, 0xffffffffffffffffull);
    vp_cpu_set_reg(b->cpu, 9, 0x2000);
    assert_int_equal(run(b, 100, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 5), 0);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 6), 0xffffffff80000000ull);
    assert_int_equal(stub_rv(b->cpu)->xlen, 64);
}

/* The public accessors whose meaning is the target's go through its ops. */
static void test_exec_accessors_ask_the_target(void **state)
{
    bus *b = *state;
    uint64_t v = 0;
    vp_cpu_set_irq(b->cpu, STUB_IRQ_TIMER, true);
    assert_int_equal(stub_rv(b->cpu)->mip, 1u << STUB_IRQ_TIMER);
    vp_cpu_irq_sink(b->cpu, STUB_IRQ_TIMER, false);
    assert_int_equal(stub_rv(b->cpu)->mip, 0);
    vp_cpu_set_irq(b->cpu, 64, true); /* no such input: logged, ignored */
    assert_int_equal(stub_rv(b->cpu)->mip, 0);
    assert_int_equal(vp_cpu_xlen(b->cpu), 32);
    assert_false(vp_cpu_get_csr(b->cpu, 0x300, &v)); /* the toy target has no CSRs */
    assert_int_equal(vp_cpu_hartid(b->cpu), 0);
}

/* The runtime picks a target by the ISA string's prefix and refuses an
 * ISA no target takes, naming every known prefix. */
static void test_exec_target_by_isa_prefix(void **state)
{
    vp_error *err = NULL;
    (void)state;
    assert_ptr_equal(vp__target_for("rv64imac", NULL), &vp__riscv_target);
    assert_ptr_equal(vp__target_for("RV32I", NULL), &vp__riscv_target);
    assert_null(vp__target_for("arm7", &err));
    assert_non_null(err);
    assert_string_equal(err->msg, "isa 'arm7': must start with rv32 or rv64");
    assert_int_equal(err->code, VP_EINVAL);
    vp_error_free(err);
    err = NULL;
    assert_null(vp__target_for("", &err));
    assert_string_equal(err->msg, "isa string is empty");
    vp_error_free(err);
    err = NULL;
    /* vp_cpu_create asks the registry before any target sees the string. */
    vp_cpu_config cfg = {.size = sizeof(cfg), .abi = VP_CPU_ABI, .isa = "x86_64", .accel = VP_TEST_ACCEL};
    assert_null(vp_cpu_create(&cfg, &err));
    assert_non_null(err);
    assert_string_equal(err->msg, "isa 'x86_64': must start with rv32 or rv64");
    vp_error_free(err);
}

/* With a JIT threshold of 4, a JIT hart's loop body runs in the
 * interpreter 3 times, then the JIT compiles it (the interpreter's block is
 * dropped: one invalidation, one more translation) and it loops on itself;
 * results and counts are the same as with no tiers. The interpreter
 * ignores it. */
static void test_exec_tier_up_when_hot(void **state)
{
    (void)state;
    bus *b = bus_new_tier("rv32i", 4);
    uint64_t n = 0;
    put_count_loop(b);
    assert_int_equal(vp_cpu_run(b->cpu, 1000, VP_TIME_MAX, &n, NULL), VP_CPU_EXIT_WFI);
    assert_int_equal(vp_cpu_get_reg(b->cpu, 2), 10);
    assert_int_equal(n, 1 + 10 * 3 + 1);
    vp_cpu_stats st = {.size = sizeof st};
    vp_cpu_get_stats(b->cpu, &st);
    assert_int_equal(st.insns, n);
    if (VP_TEST_ACCEL == VP_CPU_ACCEL_JIT) {
        assert_int_equal(st.tbs_invalidated, 1); /* the loop body's interpreter block */
        assert_int_equal(st.tbs_translated, 4);  /* entry, body twice, wfi */
        /* entry, the body 3 times in the interpreter, once in the JIT (it
         * loops on itself inside its code), wfi: the run loop ran 6 blocks */
        assert_int_equal(st.tbs_executed, 6);
    } else {
        assert_int_equal(st.tbs_invalidated, 0);
        assert_int_equal(st.tbs_translated, 3);
    }
    bus_free(b);
}

int main(void)
{
#define T32(f) cmocka_unit_test_setup_teardown(f, setup32, teardown)
    const struct CMUnitTest tests[] = {
        T32(test_exec_loop_chains_and_counts),
        T32(test_exec_budget_overshoot_bounded),
        T32(test_exec_loop_stops_exactly),
        T32(test_exec_ram_via_dmi),
        T32(test_exec_mmio_timing_and_sync),
        T32(test_exec_mmio_does_not_evict_ram),
        T32(test_exec_bus_error_traps),
        T32(test_exec_misaligned_amo_traps),
        T32(test_exec_fetch_fault),
        T32(test_exec_trap_loop_bounded),
        T32(test_exec_trap_storm_detected),
        T32(test_exec_smc_same_block),
        T32(test_exec_smc_other_block_and_flush),
        T32(test_exec_smc_line_granular),
        T32(test_exec_fencei_in_block),
        T32(test_exec_interrupt_wakes_wfi),
        T32(test_exec_icount_exact_midblock),
        T32(test_exec_overlay_page_uses_slow_path),
        T32(test_exec_invalidate_dmi_refills),
        T32(test_exec_accessors_ask_the_target),
        cmocka_unit_test(test_exec_tier_up_when_hot),
        cmocka_unit_test_setup_teardown(test_exec_rv64_wide_values, setup64, teardown),
        cmocka_unit_test(test_exec_target_by_isa_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
