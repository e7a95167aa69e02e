// SPDX-License-Identifier: Apache-2.0
// vp_sc_pins.h - TLM-2.0 targets that drive a bus completer's pins: the
// bridge between a platform's transactions and a pin-level model (an RTL
// block verilated with `--sc`, or any sc_module with bus ports).
// vp::sc::tlm_to_apb drives AMBA APB (APB4), vp::sc::tlm_to_axi_lite
// AMBA AXI4-Lite.
//
// Header-only on purpose: a SystemC-side module that wraps RTL compiles its
// own copy, so it depends on no symbol of the host beyond SystemC itself.
//
// Transactions: any length at any address; a bridge splits them into
// 32-bit transfers at aligned addresses (address bits [1:0] = 0). A write
// drives the byte strobes (PSTRB, WSTRB) with the bytes it writes (a TLM
// byte-enable array disables bytes too); an APB read drives PSTRB = 0, as
// APB4 requires, and a read returns the bytes asked for. An error response
// (PSLVERR; BRESP/RRESP SLVERR or DECERR) on any transfer makes the
// transaction TLM_GENERIC_ERROR_RESPONSE (the hart takes an access fault);
// a completer that does not answer within `max_wait` clock cycles ends it
// with TLM_GENERIC_ERROR_RESPONSE too (and the bus is released), so a stuck
// model cannot hang the platform. The completer sees the bus change right
// after a rising clock edge and samples it on the next one, as a flip-flop
// would; the bridge samples the completer's outputs the same way.
//
// Time: b_transport first waits out the initiator's annotated delay (the
// pins move at the initiator's local time), then hands the transaction to
// the bridge's own thread (the pins' one driver; callers queue), which
// waits for clock edges; it returns with the delay zero: the transfers'
// cycles are simulated time that passed. So b_transport must be called
// from a thread process (the CPU cluster's is one). transport_dbg returns
// 0 (no debug access: a bus read may have side effects);
// get_direct_mem_ptr refuses DMI.
//
// Multi-bit pins are uint32_t signals, the type Verilator's --sc output
// uses for 2..32-bit ports, so a verilated completer binds directly.
#ifndef VPBRIDGE_VP_SC_PINS_H
#define VPBRIDGE_VP_SC_PINS_H

#include <cstdint>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

/* Bumped when a bridge gains a pin or changes what it does on the pins. */
#define VP_SC_PINS_VERSION 1

namespace vp::sc {

/* What both bridges share: the target socket, the hand-over to the bus
 * thread, and the split into 32-bit transfers. A bridge provides the
 * clock edge, the idle bus and one transfer. */
class pin_bridge : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<pin_bridge> socket;

    /* Transfers done, wait cycles seen (the completer not ready), and
     * transfers that ended with an error response or a timeout. */
    uint64_t transfers = 0, wait_cycles = 0, errors = 0;

protected:
    SC_HAS_PROCESS(pin_bridge);
    pin_bridge(sc_core::sc_module_name name, unsigned max_wait) : sc_module(name), socket("socket"), m_max_wait(max_wait)
    {
        socket.register_b_transport(this, &pin_bridge::b_transport);
        socket.register_transport_dbg(this, &pin_bridge::transport_dbg);
        socket.register_get_direct_mem_ptr(this, &pin_bridge::get_direct_mem_ptr);
        SC_THREAD(bus);
    }

    unsigned m_max_wait;

    virtual const sc_core::sc_event &edge() const = 0;
    virtual void idle() = 0;
    /* One 32-bit transfer at an aligned address; false on an error or a timeout. */
    virtual bool transfer(uint32_t addr, bool write, uint32_t wdata, uint32_t strb, uint32_t *rdata) = 0;

private:
    sc_core::sc_event m_go, m_done, m_free;
    tlm::tlm_generic_payload *m_gp = nullptr;
    bool m_busy = false, m_finished = false;

    void run(tlm::tlm_generic_payload &gp)
    {
        bool write = gp.is_write();
        uint64_t addr = gp.get_address();
        unsigned char *data = gp.get_data_ptr();
        unsigned len = gp.get_data_length(), be_len = gp.get_byte_enable_length();
        const unsigned char *be = gp.get_byte_enable_ptr();
        for (unsigned i = 0; i < len;) {
            uint64_t a = addr + i;
            uint32_t word = (uint32_t)(a & ~(uint64_t)3), wdata = 0, strb = 0, rdata = 0;
            unsigned lane = (unsigned)(a & 3), n = 4 - lane < len - i ? 4 - lane : len - i;
            for (unsigned k = 0; k < n; k++) {
                if (!be || !be_len || be[(i + k) % be_len] == TLM_BYTE_ENABLED) {
                    strb |= 1u << (lane + k);
                    wdata |= (uint32_t)data[i + k] << (8 * (lane + k));
                }
            }
            if (!strb) { // nothing enabled in this word
                i += n;
                continue;
            }
            bool ok = transfer(word, write, wdata, strb, &rdata);
            transfers++;
            errors += !ok;
            if (!ok) {
                gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
                return;
            }
            if (!write)
                for (unsigned k = 0; k < n; k++)
                    if ((strb >> (lane + k)) & 1u)
                        data[i + k] = (unsigned char)(rdata >> (8 * (lane + k)));
            i += n;
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }

    void bus()
    {
        idle();
        for (;;) {
            wait(m_go);
            run(*m_gp);
            m_finished = true;
            m_done.notify(sc_core::SC_ZERO_TIME);
        }
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        if (delay != sc_core::SC_ZERO_TIME) {
            wait(delay);
            delay = sc_core::SC_ZERO_TIME;
        }
        gp.set_dmi_allowed(false);
        if (!gp.is_write() && !gp.is_read()) {
            gp.set_response_status(tlm::TLM_OK_RESPONSE); // TLM_IGNORE_COMMAND
            return;
        }
        if (gp.get_streaming_width() < gp.get_data_length()) {
            gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
            return;
        }
        while (m_busy)
            wait(m_free);
        m_busy = true;
        m_gp = &gp;
        m_finished = false;
        m_go.notify(sc_core::SC_ZERO_TIME);
        while (!m_finished)
            wait(m_done);
        m_gp = nullptr;
        m_busy = false;
        m_free.notify(sc_core::SC_ZERO_TIME);
    }

    unsigned transport_dbg(tlm::tlm_generic_payload &) { return 0; }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &) { return false; }
};

/* AMBA APB (IHI 0024, APB4 signals without PPROT): a SETUP cycle (PSEL=1,
 * PENABLE=0, PADDR, PWRITE, PWDATA, PSTRB), then ACCESS cycles (PENABLE=1)
 * until PREADY is sampled high; PRDATA and PSLVERR are sampled on that
 * edge. Back-to-back transfers go from ACCESS straight to the next SETUP. */
class tlm_to_apb : public pin_bridge {
public:
    sc_core::sc_in<bool> pclk;
    sc_core::sc_out<bool> psel, penable, pwrite;
    sc_core::sc_out<uint32_t> paddr, pwdata, pstrb;
    sc_core::sc_in<uint32_t> prdata;
    sc_core::sc_in<bool> pready, pslverr;

    explicit tlm_to_apb(sc_core::sc_module_name name, unsigned max_wait = 1024)
        : pin_bridge(name, max_wait), pclk("pclk"), psel("psel"), penable("penable"), pwrite("pwrite"),
          paddr("paddr"), pwdata("pwdata"), pstrb("pstrb"), prdata("prdata"), pready("pready"), pslverr("pslverr")
    {
    }

protected:
    const sc_core::sc_event &edge() const override { return pclk.posedge_event(); }

    void idle() override
    {
        psel.write(false);
        penable.write(false);
        pwrite.write(false);
        paddr.write(0);
        pwdata.write(0);
        pstrb.write(0);
    }

    bool transfer(uint32_t addr, bool write, uint32_t wdata, uint32_t strb, uint32_t *rdata) override
    {
        psel.write(true);
        penable.write(false);
        pwrite.write(write);
        paddr.write(addr);
        pwdata.write(write ? wdata : 0);
        pstrb.write(write ? strb : 0);
        wait(edge()); // SETUP sampled
        penable.write(true);
        bool ok = false;
        for (unsigned n = 0;; n++) {
            wait(edge()); // ACCESS sampled
            if (pready.read()) {
                ok = !pslverr.read();
                if (!write)
                    *rdata = prdata.read();
                break;
            }
            wait_cycles++;
            if (n >= m_max_wait)
                break;
        }
        psel.write(false);
        penable.write(false);
        return ok;
    }
};

/* AMBA AXI4-Lite (IHI 0022): a write drives AWVALID (AWADDR, AWPROT = 0)
 * and WVALID (WDATA, WSTRB) together, drops each valid after its
 * handshake (valid and ready sampled high on an edge), and takes the
 * response when BVALID is sampled high (BREADY is high from the start); a
 * read drives ARVALID (ARADDR, ARPROT = 0) and takes RDATA/RRESP when
 * RVALID is sampled high (RREADY high from the start). xRESP OKAY (0) is
 * success; SLVERR (2) and DECERR (3) are errors. */
class tlm_to_axi_lite : public pin_bridge {
public:
    sc_core::sc_in<bool> aclk;
    sc_core::sc_out<bool> awvalid, wvalid, bready, arvalid, rready;
    sc_core::sc_in<bool> awready, wready, bvalid, arready, rvalid;
    sc_core::sc_out<uint32_t> awaddr, awprot, wdata, wstrb, araddr, arprot;
    sc_core::sc_in<uint32_t> bresp, rdata, rresp;

    explicit tlm_to_axi_lite(sc_core::sc_module_name name, unsigned max_wait = 1024)
        : pin_bridge(name, max_wait), aclk("aclk"), awvalid("awvalid"), wvalid("wvalid"), bready("bready"),
          arvalid("arvalid"), rready("rready"), awready("awready"), wready("wready"), bvalid("bvalid"),
          arready("arready"), rvalid("rvalid"), awaddr("awaddr"), awprot("awprot"), wdata("wdata"),
          wstrb("wstrb"), araddr("araddr"), arprot("arprot"), bresp("bresp"), rdata("rdata"), rresp("rresp")
    {
    }

protected:
    const sc_core::sc_event &edge() const override { return aclk.posedge_event(); }

    void idle() override
    {
        awvalid.write(false);
        wvalid.write(false);
        bready.write(false);
        arvalid.write(false);
        rready.write(false);
        awaddr.write(0);
        awprot.write(0);
        wdata.write(0);
        wstrb.write(0);
        araddr.write(0);
        arprot.write(0);
    }

    bool transfer(uint32_t addr, bool write, uint32_t wd, uint32_t strb, uint32_t *rd) override
    {
        bool a_done = false, w_done = !write, ok = false;
        if (write) {
            awaddr.write(addr);
            awvalid.write(true);
            wdata.write(wd);
            wstrb.write(strb);
            wvalid.write(true);
            bready.write(true);
        } else {
            araddr.write(addr);
            arvalid.write(true);
            rready.write(true);
        }
        for (unsigned n = 0;; n++) {
            wait(edge());
            bool progress = false;
            if (!a_done && (write ? awready.read() : arready.read())) {
                a_done = progress = true;
                (write ? awvalid : arvalid).write(false);
            }
            if (!w_done && wready.read()) {
                w_done = progress = true;
                wvalid.write(false);
            }
            if (write ? bvalid.read() : rvalid.read()) { // the response (after both handshakes)
                uint32_t resp = write ? bresp.read() : rresp.read();
                ok = a_done && w_done && (resp & 2u) == 0;
                if (!write)
                    *rd = rdata.read();
                break;
            }
            if (!progress)
                wait_cycles++;
            if (n >= m_max_wait)
                break;
        }
        awvalid.write(false);
        wvalid.write(false);
        arvalid.write(false);
        bready.write(false);
        rready.write(false);
        return ok;
    }
};

} // namespace vp::sc

#endif // VPBRIDGE_VP_SC_PINS_H
