// SPDX-License-Identifier: Apache-2.0
// test_riscv_cluster_stats.cpp - the counters vp::sc::riscv_cluster::stats()
// has beside `vpbridge run --stats`: turn ends by cause (they add up to the
// turns run; the syncs after an access are requests, at most one per
// access), host time inside the harts, and host time in translation and
// device accesses only with params.host_timing. Two clusters in one
// kernel run the hello firmware, one with host timing on and one without;
// each has its own bus (RAM with DMI, a UART's THR/LSR, a finisher).
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

const sc_time k_quantum(1, SC_US);
constexpr double k_hz = 100e6; // 100 instructions per quantum

vp::sc::riscv_cluster_params params(bool host_timing)
{
    vp::sc::riscv_cluster_params p(VP_STATS_ISA, 1, k_hz, k_ram_base, k_quantum);
    p.host_timing = host_timing;
    p.stop_simulation = false; // two clusters: the kernel runs until both are done
    return p;
}

// One cluster with its own bus.
struct node {
    vp::sc::riscv_cluster cpu;
    system_bus bus;
    node(const char *name, bool host_timing)
        : cpu((std::string(name) + "_cpu").c_str(), params(host_timing)), bus((std::string(name) + "_bus").c_str())
    {
        cpu.out[0].bind(bus.in);
        bus.cpu = &cpu;
    }
};

node *g_timed, *g_untimed;
const char *const k_hello = "Hello from vpbridge on RV" VP_STATS_XLEN "!\nhart 0 says goodbye.\n";

void test_riscv_cluster_stats_runs(void **)
{
    assert_true(g_timed->cpu.load_elf(VP_STATS_ELF));
    assert_true(g_untimed->cpu.load_elf(VP_STATS_ELF));
    sc_start();
    for (node *n : {g_timed, g_untimed}) {
        assert_int_equal((int)n->cpu.reason(), (int)vp::sc::riscv_cluster::stop_reason::guest_exit);
        assert_int_equal(n->cpu.exit_status(), 0);
        assert_string_equal(n->bus.console.c_str(), k_hello);
    }
}

// What ended the turns, on each cluster.
void test_riscv_cluster_stats_turn_ends(void **)
{
    for (node *n : {g_timed, g_untimed}) {
        vp::sc::riscv_cluster_stats s = n->cpu.stats();
        uint64_t ends = s.turns_budget + s.turns_wfi + s.turns_delay + s.turns_request + s.turns_trap_storm;
        // One hart: one turn per completed round, and the turn the finisher's write cut short.
        assert_int_equal(ends, s.rounds + 1);
        // Every UART access ended the turn it was made in (sync_after_access),
        // and so did the finisher's: syncs after an access are requests, at
        // most one per access that went out as b_transport.
        assert_true(s.turns_after_access >= std::strlen(k_hello));
        assert_true(s.turns_after_access <= s.turns_request);
        assert_true(s.turns_after_access <= n->bus.b_transports);
        assert_true(s.turns_after_access <= s.io_accesses);
        // A turn ended by the budget retired the quantum's 100 instructions.
        assert_true(100 * s.turns_budget <= s.insns);
        assert_int_equal(s.turns_trap_storm, 0);
        assert_int_equal(s.turns_delay, 0); // the bus annotates no delay
        assert_true(s.delta_cycles > 0);
        assert_true(s.delta_cycles <= sc_delta_count());
    }
}

// Host time: inside the harts always; translation and device accesses only
// with params.host_timing, and then within the harts' time.
void test_riscv_cluster_stats_host_timing(void **)
{
    vp::sc::riscv_cluster_stats on = g_timed->cpu.stats(), off = g_untimed->cpu.stats();
    assert_true(on.host_ns_harts > 0);
    assert_true(off.host_ns_harts > 0);
    assert_true(on.host_ns_translate > 0); // the firmware's blocks were translated
    assert_true(on.host_ns_io > 0);        // and the UART was called
    assert_true(on.host_ns_translate + on.host_ns_io <= on.host_ns_harts + 1000); // nested, 1 us of clock skew
    assert_int_equal(off.host_ns_translate, 0);
    assert_int_equal(off.host_ns_io, 0);
    // The cluster's sums are the hart's counters (one hart).
    vp_cpu_stats h;
    g_timed->cpu.hart_stats(0, &h);
    assert_int_equal(h.host_ns_translate, on.host_ns_translate);
    assert_int_equal(h.host_ns_io, on.host_ns_io);
    assert_true(on.tb_translated > 0 && off.tb_translated > 0);
}

} // namespace

int sc_main(int, char *[])
{
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
    node timed("timed", true), untimed("untimed", false);
    g_timed = &timed;
    g_untimed = &untimed;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_riscv_cluster_stats_runs),
        cmocka_unit_test(test_riscv_cluster_stats_turn_ends),
        cmocka_unit_test(test_riscv_cluster_stats_host_timing),
    };
    return cmocka_run_group_tests(tests, nullptr, nullptr);
}
