// SPDX-License-Identifier: Apache-2.0
// system_bus.h - the integrator tests' whole bus, one target socket: 1 MiB of
// RAM with DMI at k_ram_base, a console (a UART's THR, and its LSR always
// ready) and a SiFive test finisher that ends the run through `cpu`. A test
// that needs one more register derives and answers it in other().
#ifndef VP_TEST_SYSTEM_BUS_H
#define VP_TEST_SYSTEM_BUS_H

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <vpbridge/vp_cpu_cluster.h>

namespace {

constexpr uint64_t k_ram_base = 0x80000000, k_ram_size = 1u << 20;
constexpr uint64_t k_uart = 0x10000000, k_finisher = 0x00100000;

// RAM + console + finisher behind one target socket (the test's whole bus).
struct system_bus : sc_core::sc_module {
    tlm_utils::simple_target_socket<system_bus> in;
    std::vector<unsigned char> ram;
    std::string console;
    vp::sc::riscv_cluster *cpu = nullptr;
    unsigned b_transports = 0, dmi_grants = 0;

    explicit system_bus(sc_core::sc_module_name n) : sc_core::sc_module(n), in("in"), ram(k_ram_size)
    {
        in.register_b_transport(this, &system_bus::b_transport);
        in.register_transport_dbg(this, &system_bus::transport_dbg);
        in.register_get_direct_mem_ptr(this, &system_bus::get_dmi);
    }
    bool in_ram(const tlm::tlm_generic_payload &gp) const
    {
        return gp.get_address() >= k_ram_base && gp.get_address() - k_ram_base + gp.get_data_length() <= k_ram_size;
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &)
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
        } else if (!other(gp)) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        }
    }
    // An access no register above takes: true if the derived bus took it.
    virtual bool other(tlm::tlm_generic_payload &) { return false; }
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

} // namespace

#endif
