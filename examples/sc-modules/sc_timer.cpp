// SPDX-License-Identifier: Apache-2.0
// sc_timer.cpp - example SystemC-side device: a down-counting timer that
// counts in SystemC time (sc_event), one-shot or periodic, with an irq
// output (sc_out<bool>). Module "sctimer", type "sc_timer".
//
// Registers (32-bit, little-endian):
//   0x00 LOAD     ticks per period (read/write)
//   0x04 COUNT    ticks left in the current period, at the accessor's time (read)
//   0x08 CTRL     bit0 enable, bit1 periodic, bit2 irq enable; writing enable
//                 (re)starts the period at the writer's local time
//   0x0c STATUS   bit0 expired (drives irq when enabled); write 1 to clear
//   0x10 EXPIRIES expiries since reset (read)
#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vpbridge/vp_device.h>
#include <vpbridge/vp_sc_module.h>

namespace {

using namespace sc_core;

struct sc_timer : sc_module {
    tlm_utils::simple_target_socket<sc_timer> in;
    sc_out<bool> irq;

    sc_timer(const sc_module_name &name, sc_time period, sc_time latency)
        : sc_module(name), in("in"), irq("irq"), m_period(period), m_latency(latency)
    {
        in.register_b_transport(this, &sc_timer::b_transport);
        SC_HAS_PROCESS(sc_timer);
        SC_METHOD(expire);
        sensitive << m_expiry;
        dont_initialize();
        SC_METHOD(drive_irq);
        sensitive << m_irq_changed;
    }

private:
    enum { ctrl_en = 1, ctrl_periodic = 2, ctrl_ie = 4 };
    sc_time m_period, m_latency;
    sc_event m_expiry, m_irq_changed;
    uint32_t m_load = 0, m_ctrl = 0, m_status = 0, m_expiries = 0;
    sc_time m_deadline = SC_ZERO_TIME; // absolute time of the next expiry

    // irq is written by this process only (one driver per signal).
    void drive_irq() { irq.write((m_ctrl & ctrl_ie) && (m_status & 1)); }

    void arm(sc_time now)
    {
        m_expiry.cancel();
        if (!(m_ctrl & ctrl_en) || m_load == 0)
            return;
        m_deadline = now + m_period * m_load;
        m_expiry.notify(m_deadline - sc_time_stamp());
    }

    void expire()
    {
        m_status |= 1;
        m_expiries++;
        if ((m_ctrl & ctrl_periodic) && m_load)
            arm(m_deadline);
        else
            m_ctrl &= ~ctrl_en;
        m_irq_changed.notify(SC_ZERO_TIME);
    }

    uint32_t count_at(sc_time now) const
    {
        if (!(m_ctrl & ctrl_en) || now >= m_deadline)
            return 0;
        return (uint32_t)((m_deadline - now) / m_period);
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        uint64_t a = gp.get_address();
        if (gp.get_data_length() != 4 || a % 4 || a > 0x10 || gp.get_byte_enable_ptr()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        const sc_time now = sc_time_stamp() + delay; // the initiator's local time
        uint32_t v = 0;
        if (gp.is_write()) {
            std::memcpy(&v, gp.get_data_ptr(), 4);
            switch (a) {
            case 0x00: m_load = v; break;
            case 0x08: m_ctrl = v & 7; arm(now); break;
            case 0x0c: m_status &= ~v; break;
            default: gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE); return;
            }
            m_irq_changed.notify(SC_ZERO_TIME);
        } else {
            switch (a) {
            case 0x00: v = m_load; break;
            case 0x04: v = count_at(now); break;
            case 0x08: v = m_ctrl; break;
            case 0x0c: v = m_status; break;
            case 0x10: v = m_expiries; break;
            }
            std::memcpy(gp.get_data_ptr(), &v, 4);
        }
        delay += m_latency;
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

sc_module *create(const char *instance, const vp_device_ctx *ctx)
{
    uint64_t hz = ctx->api->opt_uint(ctx, "frequency");
    sc_time period = sc_time(1e12 / (double)hz, SC_PS);
    sc_time latency = sc_time((double)ctx->api->opt_uint(ctx, "latency"), SC_PS);
    return new sc_timer(instance, period, latency);
}

tlm::tlm_target_socket<> *target(sc_module *m) { return &static_cast<sc_timer *>(m)->in; }
sc_out<bool> *out(sc_module *m, uint32_t port, uint32_t index)
{
    return port == 0 && index == 0 ? &static_cast<sc_timer *>(m)->irq : nullptr;
}

const vp_opt_decl opts[] = {
    VP_DEV_OPT_RANGE("frequency", VP_OPT_FREQ, "10MHz", "tick rate", 1, 1000000000000),
    VP_DEV_OPT("latency", VP_OPT_TIME, "0", "time a register access takes"),
};
const vp_port_decl ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "expiry interrupt (level, STATUS.expired & CTRL.ie)"),
};

const vp::sc::sc_device_type type = {
    sizeof(vp::sc::sc_device_type), VP_ABI, "sc_timer", "SystemC timer (one-shot/periodic, irq on expiry)",
    VP_DEV_LIST(opts), create, VP_DEV_LIST(ports), 0x1000, target, nullptr, out, nullptr,
};

} // namespace

VP_SC_DEV_MODULE("sctimer", "1.0", &type);
