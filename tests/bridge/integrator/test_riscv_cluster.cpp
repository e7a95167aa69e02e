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

// After the C++ headers: cmocka defines a fail() macro.
extern "C" {
#include <cmocka.h>
}

using namespace sc_core;

namespace {

constexpr uint64_t k_ram_base = 0x80000000, k_ram_size = 1u << 20;
constexpr uint64_t k_uart = 0x10000000, k_finisher = 0x00100000;
const sc_time k_irq_at(50, SC_US);
const sc_time k_quantum(1, SC_US);

// RAM + console + finisher behind one target socket (the test's whole bus).
struct system_bus : sc_module {
    tlm_utils::simple_target_socket<system_bus> in;
    std::vector<unsigned char> ram;
    std::string console;
    vp::sc::riscv_cluster *cpu = nullptr;
    unsigned b_transports = 0, dmi_grants = 0;

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
        dmi_grants++;
        dmi.set_dmi_ptr(ram.data());
        dmi.set_start_address(k_ram_base);
        dmi.set_end_address(k_ram_base + k_ram_size - 1);
        dmi.allow_read_write();
        return true;
    }
};

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
