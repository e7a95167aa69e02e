// SPDX-License-Identifier: Apache-2.0
// crc_sc.cpp - bench/rtl: examples/rtl's CRC-32 block as a SystemC LT model
// (type bench_crc_sc): crc_model.h behind a simple_target_socket, no delay;
// the irq is written by the model's own SC_METHOD.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vpbridge/vp_device.h>
#include <vpbridge/vp_sc_module.h>

extern "C" {
#include "crc_model.h"
}

namespace {

struct bench_crc : sc_core::sc_module {
    tlm_utils::simple_target_socket<bench_crc> in{"in"};
    sc_core::sc_out<bool> irq{"irq"};

    explicit bench_crc(const sc_core::sc_module_name &n) : sc_core::sc_module(n)
    {
        crcm_reset(&m_model);
        in.register_b_transport(this, &bench_crc::b_transport);
        SC_HAS_PROCESS(bench_crc);
        SC_METHOD(drive_irq);
        sensitive << m_changed;
    }

private:
    crc_model m_model;
    sc_core::sc_event m_changed;

    void drive_irq() { irq.write(crcm_irq(&m_model)); }

    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &)
    {
        uint32_t off = (uint32_t)gp.get_address(), v = 0;
        unsigned char *d = gp.get_data_ptr();
        bool ok = gp.get_data_length() == 4 && !(off & 3) && gp.get_address() < 0x100 && !gp.get_byte_enable_ptr();
        if (ok && gp.is_write())
            ok = crcm_write(&m_model, off, (uint32_t)d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24);
        else if (ok && gp.is_read() && (ok = crcm_read(&m_model, off, &v)))
            for (int i = 0; i < 4; i++)
                d[i] = (unsigned char)(v >> (8 * i));
        gp.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
        if (crcm_irq(&m_model) != irq.read())
            m_changed.notify(sc_core::SC_ZERO_TIME);
    }
};

sc_core::sc_module *create(const char *instance, const vp_device_ctx *) { return new bench_crc(instance); }
tlm::tlm_target_socket<> *target(sc_core::sc_module *m) { return &static_cast<bench_crc *>(m)->in; }
sc_core::sc_out<bool> *out(sc_core::sc_module *m, uint32_t port, uint32_t index)
{
    return port == 0 && index == 0 ? &static_cast<bench_crc *>(m)->irq : nullptr;
}

const vp_port_decl ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "done and CTRL.0"),
};

const vp::sc::sc_device_type type = {
    sizeof(vp::sc::sc_device_type), VP_ABI, "bench_crc_sc", "examples/rtl's CRC-32 block as a SystemC model (bench/rtl)",
    nullptr, 0, create, ports, 1, 0x1000, target, nullptr, out, nullptr,
};

} // namespace

VP_SC_DEV_MODULE("bench_crc_sc", "1.0.0", &type);
