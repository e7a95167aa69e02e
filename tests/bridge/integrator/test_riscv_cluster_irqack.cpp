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
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <vpbridge/vp_cpu_cluster.h>

extern "C" {
#include <cmocka.h>
}

using namespace sc_core;

namespace {

constexpr uint64_t k_ram_base = 0x80000000, k_ram_size = 1u << 20;
constexpr uint64_t k_uart = 0x10000000, k_ack = 0x10001000, k_finisher = 0x00100000;
const sc_time k_raise_at(20, SC_US);

// RAM (DMI), console, finisher, and an irq source whose line a write to
// k_ack lowers (an sc_signal written during b_transport, as a SystemC
// model or a c_device's output does).
struct system_bus : sc_module {
    tlm_utils::simple_target_socket<system_bus> in;
    sc_out<bool> irq;
    std::vector<unsigned char> ram;
    std::string console;
    vp::sc::riscv_cluster *cpu = nullptr;
    unsigned acks = 0;

    SC_HAS_PROCESS(system_bus);
    explicit system_bus(sc_module_name n) : sc_module(n), in("in"), irq("irq"), ram(k_ram_size)
    {
        in.register_b_transport(this, &system_bus::b_transport);
        in.register_transport_dbg(this, &system_bus::transport_dbg);
        in.register_get_direct_mem_ptr(this, &system_bus::get_dmi);
        SC_THREAD(raise);
    }
    void raise()
    {
        wait(k_raise_at);
        irq.write(true);
    }
    bool in_ram(const tlm::tlm_generic_payload &gp) const
    {
        return gp.get_address() >= k_ram_base && gp.get_address() - k_ram_base + gp.get_data_length() <= k_ram_size;
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &)
    {
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
        } else if (a == k_ack && gp.is_write()) {
            acks++;
            irq.write(false);
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
    system_bus bus;
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
