// SPDX-License-Identifier: Apache-2.0
// sc_counter.cpp - out-of-tree SystemC-side device example: an up-counter
// that ticks in SystemC time with a compare register. When COUNT reaches
// COMPARE an sc_event fires: STATUS.match is set and, with CTRL.ie, the irq
// output (sc_out<bool>) goes high until software clears STATUS.
// Module "sc_counter", type "sc_counter".
//
// Registers (32-bit accesses only, little-endian):
//   0x00 COUNT    the count at the accessor's local time; a write loads it
//   0x04 COMPARE  match value (a write re-arms the match)
//   0x08 CTRL     bit0 enable, bit1 irq enable, bit2 auto-reload (COUNT
//                 restarts at 0 on each match); enabling starts counting at
//                 the writer's local time
//   0x0c STATUS   bit0 match (drives irq when CTRL.ie); write 1 to clear
//   0x10 MATCHES  compare matches since reset (read-only)
//   0x14 ID       0x534e4354 ("SCNT")
// Options: frequency (tick rate), prescaler (ticks per count), latency
// (time a register access adds to the initiator's delay).
#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <vpbridge/vp_device.h>
#include <vpbridge/vp_sc_module.h>

namespace {

using namespace sc_core;

struct sc_counter : sc_module {
    tlm_utils::simple_target_socket<sc_counter> in;
    sc_out<bool> irq;

    sc_counter(const sc_module_name &name, sc_time period, sc_time latency)
        : sc_module(name), in("in"), irq("irq"), m_period(period), m_latency(latency)
    {
        in.register_b_transport(this, &sc_counter::b_transport);
        SC_HAS_PROCESS(sc_counter);
        SC_METHOD(match);
        sensitive << m_match;
        dont_initialize();
        SC_METHOD(drive_irq);
        sensitive << m_irq_changed;
    }

private:
    enum : uint32_t { ctrl_en = 1, ctrl_ie = 2, ctrl_reload = 4, status_match = 1, id = 0x534e4354 };
    const sc_time m_period, m_latency;
    sc_event m_match, m_irq_changed;
    uint32_t m_compare = 0, m_ctrl = 0, m_status = 0, m_matches = 0;
    // While enabled, COUNT = m_base + whole periods since m_start; while
    // disabled COUNT = m_base.
    uint32_t m_base = 0;
    sc_time m_start = SC_ZERO_TIME;
    sc_time m_deadline = SC_ZERO_TIME; // absolute time of the armed match

    // The only writer of irq (one driver per signal).
    void drive_irq() { irq.write((m_ctrl & ctrl_ie) && (m_status & status_match)); }

    uint32_t count_at(const sc_time &now) const
    {
        if (!(m_ctrl & ctrl_en) || now < m_start)
            return m_base;
        return m_base + (uint32_t)(uint64_t)((now - m_start) / m_period);
    }

    // Freezes the count at `now` (the new reference point for later changes).
    void rebase(const sc_time &now)
    {
        m_base = count_at(now);
        m_start = now;
    }

    // Schedules the match event for the next time COUNT becomes COMPARE.
    void arm()
    {
        m_match.cancel();
        if (!(m_ctrl & ctrl_en))
            return;
        uint64_t ticks = (uint32_t)(m_compare - m_base);
        if (ticks == 0)
            ticks = 1ull << 32; // already there: the next match is one wrap away
        m_deadline = m_start + m_period * (double)ticks;
        m_match.notify(m_deadline - sc_time_stamp());
    }

    void match()
    {
        m_status |= status_match;
        m_matches++;
        m_base = (m_ctrl & ctrl_reload) ? 0 : m_compare;
        m_start = m_deadline;
        if (m_ctrl & ctrl_reload)
            arm();
        m_irq_changed.notify(SC_ZERO_TIME);
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        const uint64_t a = gp.get_address();
        if (gp.get_data_length() != 4 || a % 4 || a > 0x14 || gp.get_byte_enable_ptr()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        // Time-dependent values at the initiator's local time; never wait() here.
        const sc_time now = sc_time_stamp() + delay;
        uint32_t v = 0;
        if (gp.is_write()) {
            std::memcpy(&v, gp.get_data_ptr(), 4);
            switch (a) {
            case 0x00: m_base = v; m_start = now; arm(); break;
            case 0x04: rebase(now); m_compare = v; arm(); break;
            case 0x08: rebase(now); m_ctrl = v & 7; arm(); break;
            case 0x0c: m_status &= ~v; break;
            default: gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE); return;
            }
            m_irq_changed.notify(SC_ZERO_TIME);
        } else {
            switch (a) {
            case 0x00: v = count_at(now); break;
            case 0x04: v = m_compare; break;
            case 0x08: v = m_ctrl; break;
            case 0x0c: v = m_status; break;
            case 0x10: v = m_matches; break;
            case 0x14: v = id; break;
            }
            std::memcpy(gp.get_data_ptr(), &v, 4);
        }
        delay += m_latency;
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

sc_module *create(const char *instance, const vp_device_ctx *ctx)
{
    const uint64_t hz = ctx->api->opt_uint(ctx, "frequency");
    const uint64_t prescaler = ctx->api->opt_uint(ctx, "prescaler");
    const sc_time period = sc_time(1e12 * (double)prescaler / (double)hz, SC_PS);
    if (period == SC_ZERO_TIME) {
        ctx->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "frequency/prescaler give a count period below 1ps");
        return nullptr;
    }
    const sc_time latency = sc_time((double)ctx->api->opt_uint(ctx, "latency"), SC_PS);
    return new sc_counter(instance, period, latency);
}

tlm::tlm_target_socket<> *target(sc_module *m) { return &static_cast<sc_counter *>(m)->in; }

sc_out<bool> *out(sc_module *m, uint32_t port, uint32_t index)
{
    return port == 0 && index == 0 ? &static_cast<sc_counter *>(m)->irq : nullptr;
}

const vp_opt_decl opts[] = {
    VP_DEV_OPT_RANGE("frequency", VP_OPT_FREQ, "10MHz", "tick rate", 1, 1000000000000),
    VP_DEV_OPT_RANGE("prescaler", VP_OPT_UINT, "1", "ticks per count", 1, 65536),
    VP_DEV_OPT("latency", VP_OPT_TIME, "0", "time a register access takes"),
};
const vp_port_decl ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "compare match (level, STATUS.match & CTRL.ie)"),
};

const vp::sc::sc_device_type type = {
    sizeof(vp::sc::sc_device_type),
    VP_ABI,
    "sc_counter",
    "SystemC up-counter with compare match irq (out-of-tree example)",
    VP_DEV_LIST(opts),
    create,
    VP_DEV_LIST(ports),
    0x1000,
    target,
    nullptr,
    out,
    nullptr,
};

} // namespace

VP_SC_DEV_MODULE("sc_counter", "1.0.0", &type);
