// SPDX-License-Identifier: Apache-2.0
// test_riscv_cluster.cpp - vp::sc::riscv_cluster in a minimal sc_main: a
// hart sleeping in WFI wakes when the test drives its mtip input (no busy
// waiting, latency within a quantum), the exit status comes back through
// request_exit, DMI fills the soft TLB and invalidation is honoured, and
// load_elf reports bad files. One SystemC elaboration per process: the
// cmocka tests run in sequence inside sc_main, one sc_start.
#include <cstdarg>
#include <cstddef>
#include <cstring>
#include <setjmp.h>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <vpbridge/vp_cpu_cluster.h>

#include "system_bus.h"

// After the C++ headers: cmocka defines a fail() macro.
extern "C" {
#include <cmocka.h>
}

using namespace sc_core;

namespace {

const sc_time k_irq_at(50, SC_US);
const sc_time k_quantum(1, SC_US);

// Raises mtip at k_irq_at; revokes all DMI grants at 10 us.
struct stimulus : sc_module {
    sc_out<bool> mtip;
    system_bus *bus = nullptr;
    unsigned grants_before_invalidate = 0;

    explicit stimulus(sc_module_name n) : sc_module(n), mtip("mtip")
    {
        SC_HAS_PROCESS(stimulus);
        SC_THREAD(run);
    }
    void run()
    {
        wait(10, SC_US);
        grants_before_invalidate = bus->dmi_grants;
        bus->in->invalidate_direct_mem_ptr(0, ~(sc_dt::uint64)0);
        wait(k_irq_at - sc_time_stamp());
        mtip.write(true);
    }
};

struct fixture {
    vp::sc::riscv_cluster cpu;
    system_bus bus;
    stimulus stim;
    sc_signal<bool> mtip;
    fixture(const std::string &isa)
        : cpu("cpu", vp::sc::riscv_cluster_params(isa, 1, 100e6, k_ram_base, k_quantum)), bus("bus"), stim("stim"),
          mtip("mtip_sig")
    {
        cpu.out[0].bind(bus.in);
        cpu.mtip[0].bind(mtip); // msip and meip stay unbound: tied low
        stim.mtip.bind(mtip);
        bus.cpu = &cpu;
        stim.bus = &bus;
    }
};

fixture *g_fx;

void test_riscv_cluster_load_elf_errors(void **)
{
    assert_false(g_fx->cpu.load_elf(VP_SOURCE_DIR "/tests/bridge/integrator/no-such.elf"));
    assert_non_null(std::strstr(g_fx->cpu.last_error().c_str(), "no-such.elf"));
    // Before sc_start the load is deferred: a readable file is accepted now.
    assert_true(g_fx->cpu.load_elf(VP_IRQWAIT_ELF));
    assert_int_equal(g_fx->cpu.hart_count(), 1);
    assert_true(g_fx->cpu.quantum() == k_quantum);
    assert_false(g_fx->cpu.stopped());
}

void test_riscv_cluster_wfi_wakes_on_irq_port(void **)
{
    sc_start();
    fixture &fx = *g_fx;
    assert_int_equal((int)fx.cpu.reason(), (int)vp::sc::riscv_cluster::stop_reason::guest_exit);
    assert_int_equal(fx.cpu.exit_status(), 3);
    assert_string_equal(fx.bus.console.c_str(), "waiting\nirq taken\n");
    assert_true(fx.cpu.elf_entry() >= k_ram_base);
    // The hart slept until the irq: time reached it, at most a quantum (+ the exit path) later ...
    assert_true(sc_time_stamp() >= k_irq_at);
    assert_true(sc_time_stamp() < k_irq_at + 5 * k_quantum);
    vp::sc::riscv_cluster_stats s = fx.cpu.stats();
    assert_true(s.sleeps >= 1);
    assert_int_equal(s.interrupts, 1);
    // ... without spinning: 50 us at 100 MHz would be 5000 instructions.
    assert_true(s.insns < 2000);
    vp_cpu_stats hs;
    fx.cpu.hart_stats(0, &hs);
    assert_int_equal(hs.insns, s.insns);
}

void test_riscv_cluster_dmi(void **)
{
    fixture &fx = *g_fx;
    // RAM went through DMI (few b_transports besides the console and the
    // finisher), and the revocation at 10 us made the hart ask again.
    assert_true(fx.stim.grants_before_invalidate >= 1);
    assert_true(fx.bus.dmi_grants > fx.stim.grants_before_invalidate);
    assert_true(fx.bus.b_transports < 200);
}

} // namespace

int sc_main(int, char *[])
{
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
    fixture fx(VP_IRQWAIT_ISA);
    g_fx = &fx;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_riscv_cluster_load_elf_errors),
        cmocka_unit_test(test_riscv_cluster_wfi_wakes_on_irq_port),
        cmocka_unit_test(test_riscv_cluster_dmi),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
