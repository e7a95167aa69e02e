// SPDX-License-Identifier: Apache-2.0
// test_riscv_cluster_irqack.cpp - riscv_cluster's default sync after an
// access: a SystemC irq source raises meip; the guest's handler lowers it
// with one MMIO write through the hart's socket and must then not see it
// high again (the handler runs exactly once; before the default sync the
// hart ran on to the end of its quantum with the stale line and took the
// interrupt twice). Also: the JIT is the default executor on x86-64, as
// for `vpbridge run`. One sc_start per process.
#include <cstring>
#include <setjmp.h>
#include <cstdarg>
#include <cstddef>

#include "system_bus.h"

extern "C" {
#include <cmocka.h>
}

using namespace sc_core;

namespace {

constexpr uint64_t k_ack = 0x10001000;
const sc_time k_raise_at(20, SC_US);

// The integrator tests' bus and an irq source whose line a write to k_ack
// lowers (an sc_signal written during b_transport, as a SystemC model or a
// c_device's output does).
struct ack_bus : system_bus {
    sc_out<bool> irq;
    unsigned acks = 0;

    SC_HAS_PROCESS(ack_bus);
    explicit ack_bus(sc_module_name n) : system_bus(n), irq("irq") { SC_THREAD(raise); }
    void raise()
    {
        wait(k_raise_at);
        irq.write(true);
    }
    bool other(tlm::tlm_generic_payload &gp) override
    {
        if (gp.get_address() != k_ack || !gp.is_write())
            return false;
        acks++;
        irq.write(false);
        return true;
    }
};

// Default parameters except the ISA and a quantum long enough (100 us at
// 100 MHz: 10000 instructions) for the guest's loop after the handler to
// run inside the quantum the ack happened in.
vp::sc::riscv_cluster_params params_under_test()
{
    vp::sc::riscv_cluster_params p;
    p.isa = VP_IRQACK_ISA;
    p.quantum = sc_time(100, SC_US);
    return p;
}

struct fixture {
    vp::sc::riscv_cluster cpu;
    ack_bus bus;
    sc_signal<bool, SC_MANY_WRITERS> meip; // the source thread raises, b_transport (in the cluster thread) lowers
    fixture() : cpu("cpu", params_under_test()), bus("bus"), meip("meip_sig")
    {
        cpu.out[0].bind(bus.in);
        cpu.meip[0].bind(meip);
        bus.irq.bind(meip);
        bus.cpu = &cpu;
    }
};

fixture *g_fx;

void test_riscv_cluster_irqack_defaults(void **)
{
    const vp::sc::riscv_cluster_params &p = g_fx->cpu.params();
    assert_true(p.sync_after_access);
#if defined(__x86_64__)
    assert_int_equal(p.accel, VP_CPU_ACCEL_JIT);
#else
    assert_int_equal(p.accel, VP_CPU_ACCEL_INTERP);
#endif
}

void test_riscv_cluster_irqack_handler_runs_once(void **)
{
    fixture &fx = *g_fx;
    assert_true(fx.cpu.load_elf(VP_IRQACK_ELF));
    sc_start();
    assert_int_equal((int)fx.cpu.reason(), (int)vp::sc::riscv_cluster::stop_reason::guest_exit);
    assert_string_equal(fx.bus.console.c_str(), "once\n");
    assert_int_equal(fx.bus.acks, 1);
    assert_int_equal(fx.cpu.exit_status(), 11); // 10 + handler runs
    assert_int_equal(fx.cpu.stats().interrupts, 1);
}

} // namespace

int sc_main(int, char *[])
{
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
    fixture fx;
    g_fx = &fx;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_riscv_cluster_irqack_defaults),
        cmocka_unit_test(test_riscv_cluster_irqack_handler_runs_once),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
