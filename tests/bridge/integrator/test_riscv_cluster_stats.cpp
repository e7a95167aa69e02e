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

// After the C++ headers: cmocka defines a fail() macro.
extern "C" {
#include <cmocka.h>
}

using namespace sc_core;

namespace {

constexpr uint64_t k_ram_base = 0x80000000, k_ram_size = 1u << 20;
constexpr uint64_t k_uart = 0x10000000, k_finisher = 0x00100000;
const sc_time k_quantum(1, SC_US);
constexpr double k_hz = 100e6; // 100 instructions per quantum

struct system_bus : sc_module {
    tlm_utils::simple_target_socket<system_bus> in;
    std::vector<unsigned char> ram;
    std::string console;
    vp::sc::riscv_cluster *cpu = nullptr;
    unsigned b_transports = 0;

    explicit system_bus(sc_module_name n) : sc_module(n), in("in"), ram(k_ram_size)
    {
        in.register_b_transport(this, &system_bus::b_transport);
        in.register_transport_dbg(this, &system_bus::transport_dbg);
        in.register_get_direct_mem_ptr(this, &system_bus::get_dmi);
    }
    bool in_ram(const tlm::tlm_generic_payload &gp) const
    {
        return gp.get_address() >= k_ram_base && gp.get_address() - k_ram_base + gp.get_data_length() <= k_ram_size;
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &)
    {
        b_transports++;
        uint64_t a = gp.get_address();
        unsigned char *d = gp.get_data_ptr();
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        if (in_ram(gp)) {
            transport_dbg(gp);
            gp.set_dmi_allowed(true);
        } else if (a == k_uart && gp.is_write()) {
            console += (char)d[0];
        } else if (a == k_uart + 5 && gp.is_read()) {
            std::memset(d, 0, gp.get_data_length());
            d[0] = 0x60;
        } else if (a == k_finisher && gp.is_write()) {
            uint32_t v;
            std::memcpy(&v, d, 4);
            cpu->request_exit((v & 0xffff) == 0x5555 ? 0 : (int)(v >> 16));
        } else {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        }
    }
    unsigned transport_dbg(tlm::tlm_generic_payload &gp)
    {
        if (!in_ram(gp))
            return 0;
        unsigned char *p = &ram[gp.get_address() - k_ram_base];
        if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), p, gp.get_data_length());
        else
            std::memcpy(p, gp.get_data_ptr(), gp.get_data_length());
        return gp.get_data_length();
    }
    bool get_dmi(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
    {
        if (!in_ram(gp))
            return false;
        dmi.set_dmi_ptr(ram.data());
        dmi.set_start_address(k_ram_base);
        dmi.set_end_address(k_ram_base + k_ram_size - 1);
        dmi.allow_read_write();
        return true;
    }
};

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
