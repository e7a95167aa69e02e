// SPDX-License-Identifier: Apache-2.0
// sc_mem.cpp - example SystemC-side memory that grants DMI across the
// C/SystemC boundary and revokes it: two 4 KiB banks behind one window,
// a control page whose SWAP register exchanges the banks and calls
// invalidate_direct_mem_ptr over the window. Module "scmem", type "sc_mem".
//
// Layout (offsets in the mapped region, 32-bit registers, little-endian):
//   0x0000..0x0fff  window: the active bank (read/write, DMI when `dmi`)
//   0x1000 SWAP     write: make the other bank active, then invalidate DMI
//                   over the window (unless `invalidate` is false)
//   0x1004 BANK     read: index of the active bank (0 or 1)
//   0x1008 GRANTS   read: DMI grants given (get_direct_mem_ptr answered true)
//   0x100c XFERS    read: b_transport accesses to the window (no DMI)
// Options: dmi (bool, default true), invalidate (bool, default true: false
// is a deliberately broken model, for tests that must see it fail), latency
// (time per b_transport access, default 0).
#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vpbridge/vp_device.h>
#include <vpbridge/vp_sc_module.h>

namespace {

using namespace sc_core;

constexpr uint64_t k_bank = 0x1000;

struct sc_mem : sc_module {
    tlm_utils::simple_target_socket<sc_mem> in;

    sc_mem(const sc_module_name &name, bool dmi, bool invalidate, sc_time latency)
        : sc_module(name), in("in"), m_dmi(dmi), m_invalidate(invalidate), m_latency(latency)
    {
        in.register_b_transport(this, &sc_mem::b_transport);
        in.register_get_direct_mem_ptr(this, &sc_mem::get_direct_mem_ptr);
        in.register_transport_dbg(this, &sc_mem::transport_dbg);
        for (uint64_t i = 0; i < k_bank; i++) { // bank b byte i: distinct, recognisable
            m_banks[0][i] = (uint8_t)(i ^ 0x00);
            m_banks[1][i] = (uint8_t)(i ^ 0xa5);
        }
    }

private:
    bool m_dmi, m_invalidate;
    sc_time m_latency;
    unsigned m_active = 0;
    uint32_t m_grants = 0, m_xfers = 0;
    uint8_t m_banks[2][k_bank];

    bool in_window(const tlm::tlm_generic_payload &gp) const
    {
        return gp.get_address() < k_bank && gp.get_data_length() <= k_bank - gp.get_address();
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        uint64_t a = gp.get_address();
        unsigned len = gp.get_data_length();
        if (gp.get_byte_enable_ptr() || gp.get_streaming_width() < len) {
            gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
            return;
        }
        if (in_window(gp)) {
            uint8_t *m = &m_banks[m_active][a];
            if (gp.is_write())
                std::memcpy(m, gp.get_data_ptr(), len);
            else
                std::memcpy(gp.get_data_ptr(), m, len);
            m_xfers++;
            gp.set_dmi_allowed(m_dmi);
        } else if (len == 4 && a % 4 == 0 && a >= 0x1000 && a <= 0x100c) {
            uint32_t v = 0;
            if (gp.is_write()) {
                if (a != 0x1000) {
                    gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
                    return;
                }
                m_active ^= 1;
                if (m_invalidate)
                    in->invalidate_direct_mem_ptr(0, k_bank - 1);
            } else {
                v = a == 0x1004 ? m_active : a == 0x1008 ? m_grants : a == 0x100c ? m_xfers : 0;
                std::memcpy(gp.get_data_ptr(), &v, 4);
            }
        } else {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        delay += m_latency;
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    // DMI over the window only; the control page always goes through b_transport.
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
    {
        if (!m_dmi || gp.get_address() >= k_bank) {
            if (gp.get_address() >= k_bank) { // deny the control page, and say so for the whole page
                dmi.set_start_address(k_bank);
                dmi.set_end_address(2 * k_bank - 1);
            }
            return false;
        }
        dmi.set_dmi_ptr(m_banks[m_active]);
        dmi.set_start_address(0);
        dmi.set_end_address(k_bank - 1);
        dmi.allow_read_write();
        dmi.set_read_latency(m_latency);
        dmi.set_write_latency(m_latency);
        m_grants++;
        return true;
    }

    unsigned int transport_dbg(tlm::tlm_generic_payload &gp)
    {
        if (!in_window(gp))
            return 0;
        uint8_t *m = &m_banks[m_active][gp.get_address()];
        if (gp.is_write())
            std::memcpy(m, gp.get_data_ptr(), gp.get_data_length());
        else if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), m, gp.get_data_length());
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return gp.get_data_length();
    }
};

sc_module *create(const char *instance, const vp_device_ctx *ctx)
{
    const vp_host_api *api = ctx->api;
    sc_time latency = sc_time((double)api->opt_uint(ctx, "latency"), SC_PS);
    return new sc_mem(instance, api->opt_bool(ctx, "dmi"), api->opt_bool(ctx, "invalidate"), latency);
}

tlm::tlm_target_socket<> *target(sc_module *m) { return &static_cast<sc_mem *>(m)->in; }

const vp_opt_decl opts[] = {
    VP_DEV_OPT("dmi", VP_OPT_BOOL, "true", "grant DMI over the window"),
    VP_DEV_OPT("invalidate", VP_OPT_BOOL, "true", "revoke DMI on SWAP (false: a broken model, for tests)"),
    VP_DEV_OPT("latency", VP_OPT_TIME, "0", "time a b_transport access takes"),
};

const vp::sc::sc_device_type type = {
    sizeof(vp::sc::sc_device_type), VP_ABI, "sc_mem", "SystemC memory: two banks, DMI, SWAP revokes DMI",
    VP_DEV_LIST(opts), create, nullptr, 0, 0x2000, target, nullptr, nullptr, nullptr,
};

} // namespace

VP_SC_DEV_MODULE("scmem", "1.0", &type);
