// SPDX-License-Identifier: Apache-2.0
// sc_dma.cpp - example SystemC-side device: a memory-to-memory DMA engine.
// A TLM initiator socket reaches the platform's whole address space (the
// host binds it to the router); it copies through DMI when the target
// grants it, else with b_transport in chunks, and raises its irq when done.
// Module "scdma", type "sc_dma".
//
// Registers (32-bit):
//   0x00 SRC      source address (low 32 bits)    0x04 SRC_HI
//   0x08 DST      destination address (low)       0x0c DST_HI
//   0x10 LEN      bytes to copy
//   0x14 CTRL     bit0 start (self-clearing), bit1 irq enable
//   0x18 STATUS   bit0 done, bit1 error, bit2 busy; write 1 to clear done/error
//   0x1c COPIED   bytes copied by the last transfer
//   0x20 DMI      transfers that used DMI (read)
#include <cstring>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>
#include <vpbridge/vp_device.h>
#include <vpbridge/vp_sc_module.h>

namespace {

using namespace sc_core;

struct sc_dma : sc_module {
    tlm_utils::simple_target_socket<sc_dma> in;
    tlm_utils::simple_initiator_socket<sc_dma> out;
    sc_out<bool> irq;

    sc_dma(const sc_module_name &name, sc_time per_byte, uint32_t chunk, bool use_dmi)
        : sc_module(name), in("in"), out("out"), irq("irq"), m_per_byte(per_byte), m_chunk(chunk),
          m_use_dmi(use_dmi)
    {
        in.register_b_transport(this, &sc_dma::b_transport);
        out.register_invalidate_direct_mem_ptr(this, &sc_dma::invalidate);
        SC_HAS_PROCESS(sc_dma);
        SC_THREAD(engine);
        SC_METHOD(drive_irq);
        sensitive << m_irq_changed;
    }

private:
    enum { st_done = 1, st_error = 2, st_busy = 4 };
    sc_time m_per_byte;
    uint32_t m_chunk;
    bool m_use_dmi;
    sc_event m_start, m_irq_changed;
    uint64_t m_src = 0, m_dst = 0;
    uint32_t m_len = 0, m_ctrl = 0, m_status = 0, m_copied = 0, m_dmi_transfers = 0;
    sc_time m_start_delay = SC_ZERO_TIME;
    std::vector<tlm::tlm_dmi> m_dmi; // granted regions (dropped on invalidation)

    void drive_irq() { irq.write((m_ctrl & 2) && (m_status & st_done)); }

    void invalidate(sc_dt::uint64 start, sc_dt::uint64 end)
    {
        std::vector<tlm::tlm_dmi> keep;
        for (const tlm::tlm_dmi &d : m_dmi)
            if (d.get_end_address() < start || d.get_start_address() > end)
                keep.push_back(d);
        m_dmi.swap(keep);
    }

    // A DMI region covering [a, a+len) with `acc` access, asking once if needed.
    unsigned char *dmi_ptr(uint64_t a, uint32_t len, bool write)
    {
        for (int pass = 0; pass < 2 && m_use_dmi; pass++) {
            for (const tlm::tlm_dmi &d : m_dmi)
                if (a >= d.get_start_address() && a + len - 1 <= d.get_end_address() &&
                    (write ? d.is_write_allowed() : d.is_read_allowed()))
                    return d.get_dmi_ptr() + (a - d.get_start_address());
            if (pass)
                break;
            tlm::tlm_generic_payload gp;
            tlm::tlm_dmi dmi;
            gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
            gp.set_address(a);
            if (!out->get_direct_mem_ptr(gp, dmi))
                return nullptr;
            m_dmi.push_back(dmi);
        }
        return nullptr;
    }

    bool transport(tlm::tlm_command cmd, uint64_t a, unsigned char *buf, uint32_t len, sc_time &delay)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(a);
        gp.set_data_ptr(buf);
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        out->b_transport(gp, delay);
        return gp.is_response_ok();
    }

    // Copies the whole transfer; returns false on a bus error.
    bool copy(sc_time &delay)
    {
        std::vector<unsigned char> buf(m_chunk);
        bool all_dmi = true;
        for (uint32_t off = 0; off < m_len;) {
            uint32_t n = std::min(m_chunk, m_len - off);
            unsigned char *s = dmi_ptr(m_src + off, n, false), *d = dmi_ptr(m_dst + off, n, true);
            if (s && d) {
                std::memmove(d, s, n);
            } else {
                all_dmi = false;
                if (!transport(tlm::TLM_READ_COMMAND, m_src + off, buf.data(), n, delay) ||
                    !transport(tlm::TLM_WRITE_COMMAND, m_dst + off, buf.data(), n, delay))
                    return false;
            }
            delay += m_per_byte * n;
            off += n;
            m_copied = off;
        }
        if (all_dmi)
            m_dmi_transfers++;
        return true;
    }

    void engine()
    {
        for (;;) {
            wait(m_start);
            wait(m_start_delay); // start at the programming initiator's local time
            sc_time delay = SC_ZERO_TIME;
            m_copied = 0;
            bool ok = copy(delay);
            wait(delay); // the transfer takes its time before it completes
            m_status = (m_status & ~st_busy) | (ok ? st_done : st_done | st_error);
            m_irq_changed.notify(SC_ZERO_TIME);
        }
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_time &delay)
    {
        uint64_t a = gp.get_address();
        if (gp.get_data_length() != 4 || a % 4 || a > 0x20 || gp.get_byte_enable_ptr()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        uint32_t v = 0;
        if (gp.is_write()) {
            std::memcpy(&v, gp.get_data_ptr(), 4);
            switch (a) {
            case 0x00: m_src = (m_src & ~0xffffffffull) | v; break;
            case 0x04: m_src = (m_src & 0xffffffffull) | (uint64_t)v << 32; break;
            case 0x08: m_dst = (m_dst & ~0xffffffffull) | v; break;
            case 0x0c: m_dst = (m_dst & 0xffffffffull) | (uint64_t)v << 32; break;
            case 0x10: m_len = v; break;
            case 0x14:
                m_ctrl = v & 2;
                if ((v & 1) && !(m_status & st_busy)) {
                    m_status = st_busy;
                    m_start_delay = delay;
                    m_start.notify(SC_ZERO_TIME);
                }
                break;
            case 0x18: m_status &= ~(v & (st_done | st_error)); break;
            default: gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE); return;
            }
            m_irq_changed.notify(SC_ZERO_TIME);
        } else {
            switch (a) {
            case 0x00: v = (uint32_t)m_src; break;
            case 0x04: v = (uint32_t)(m_src >> 32); break;
            case 0x08: v = (uint32_t)m_dst; break;
            case 0x0c: v = (uint32_t)(m_dst >> 32); break;
            case 0x10: v = m_len; break;
            case 0x14: v = m_ctrl; break;
            case 0x18: v = m_status; break;
            case 0x1c: v = m_copied; break;
            case 0x20: v = m_dmi_transfers; break;
            }
            std::memcpy(gp.get_data_ptr(), &v, 4);
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

sc_module *create(const char *instance, const vp_device_ctx *ctx)
{
    sc_time per_byte((double)ctx->api->opt_uint(ctx, "byte-time"), SC_PS);
    return new sc_dma(instance, per_byte, (uint32_t)ctx->api->opt_uint(ctx, "chunk"),
                      ctx->api->opt_bool(ctx, "dmi"));
}

tlm::tlm_target_socket<> *target(sc_module *m) { return &static_cast<sc_dma *>(m)->in; }
tlm::tlm_initiator_socket<> *initiator(sc_module *m) { return &static_cast<sc_dma *>(m)->out; }
sc_out<bool> *sig_out(sc_module *m, uint32_t port, uint32_t index)
{
    return port == 0 && index == 0 ? &static_cast<sc_dma *>(m)->irq : nullptr;
}

const vp_opt_decl opts[] = {
    VP_DEV_OPT("byte-time", VP_OPT_TIME, "1ns", "time per byte copied"),
    VP_DEV_OPT_RANGE("chunk", VP_OPT_SIZE, "64", "bytes per bus transaction", 1, 4096),
    VP_DEV_OPT("dmi", VP_OPT_BOOL, "true", "copy through DMI when granted"),
};
const vp_port_decl ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "transfer done (level, STATUS.done & CTRL.ie)"),
};

const vp::sc::sc_device_type type = {
    sizeof(vp::sc::sc_device_type), VP_ABI, "sc_dma", "SystemC DMA engine (memory to memory, irq when done)",
    VP_DEV_LIST(opts), create, VP_DEV_LIST(ports), 0x1000, target, initiator, sig_out, nullptr,
};

} // namespace

VP_SC_DEV_MODULE("scdma", "1.0", &type);
