// SPDX-License-Identifier: Apache-2.0
// vp_sc_rtl.h - what a SystemC-side module that wraps an RTL block needs
// around the pin-level bridge (vp_sc_pins.h): a gated clock with the reset,
// the bus signals between bridge and block, and the device that the
// platform's memory map reaches. The wrapper that `vpbridge_add_rtl_module`
// (CMake, docs/rtl.md) generates is written with these; a hand-written
// wrapper can use them the same way.
//
// Header-only, like vp_sc_pins.h: the module depends on no host symbol.
//
// Clock: vp::sc::rtl_clock drives `clk` at the given period while the block
// has work: from time zero through the reset cycles, during every bus
// transfer, for `idle_cycles` cycles after each one (an FSM the access
// started finishes), and while the block's optional busy output is high.
// Otherwise it stops low, so an idle block adds no kernel activity and an
// idle platform sleeps (WFI skips to the next event) instead of waking for
// every edge. With gating off it runs freely: every edge is a kernel
// activity and costs host time even while the platform idles.
// A stopped clock restarts low: the first rising edge comes half a period
// after the restart.
//
// Reset: `rst` is active (low with active_low) from time zero for
// `reset_cycles` cycles and released after a falling edge. An access that
// arrives earlier waits for the release.
#ifndef VPBRIDGE_VP_SC_RTL_H
#define VPBRIDGE_VP_SC_RTL_H

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vpbridge/vp_sc_pins.h>

/* Bumped when the clock, the reset or the device changes behaviour. */
#define VP_SC_RTL_VERSION 1

namespace vp::sc {

struct rtl_config {
    sc_core::sc_time period = sc_core::sc_time(10, sc_core::SC_NS); // clock period (100 MHz)
    bool reset_active_low = true;
    unsigned reset_cycles = 2;
    unsigned idle_cycles = 16;  // the clock keeps running this long after a transfer
    unsigned max_wait = 1024;   // cycles a completer may stall one transfer (vp_sc_pins.h)
    bool gating = true;         // false: the clock runs all the time
};

class rtl_clock : public sc_core::sc_module {
public:
    sc_core::sc_signal<bool> clk, rst;
    uint64_t cycles = 0; // rising edges so far
    uint64_t starts = 0; // times a stopped clock started again

    rtl_clock(sc_core::sc_module_name name, const rtl_config &c)
        : sc_module(name), clk("clk", false), rst("rst", c.reset_active_low ? false : true), m_cfg(c),
          m_reset_left(c.reset_cycles ? c.reset_cycles : 1), m_idle_left(c.reset_cycles + c.idle_cycles),
          m_high_time(c.period / 2), m_low_time(c.period - m_high_time)
    {
        SC_HAS_PROCESS(rtl_clock);
        SC_METHOD(tick); // a method, not a thread: an edge costs no context switch
    }

    bool in_reset() const { return m_reset_left != 0; }
    const sc_core::sc_event &reset_done() const { return m_reset_done; }

    // A transfer needs the clock: hold(true) when it starts, hold(false)
    // when it ends (counted: accesses of several initiators overlap while
    // they queue for the bridge). The last release keeps the clock running
    // for idle_cycles more.
    void hold(bool on)
    {
        if (on)
            m_holds++;
        else if (m_holds && --m_holds == 0)
            m_idle_left = m_cfg.idle_cycles;
        m_kick.notify(sc_core::SC_ZERO_TIME);
    }

    // The block's "work pending" output: the clock runs while it is high.
    void keep_running_while(const sc_core::sc_signal<bool> *busy) { m_busy = busy; }

private:
    enum class phase { start, low, high, stopped };
    rtl_config m_cfg;
    unsigned m_reset_left, m_idle_left;
    unsigned m_holds = 0; // transfers that need the clock
    const sc_core::sc_signal<bool> *m_busy = nullptr;
    sc_core::sc_event m_kick, m_reset_done;
    sc_core::sc_time m_high_time, m_low_time;
    phase m_phase = phase::start;

    bool wanted() const
    {
        return !m_cfg.gating || m_reset_left || m_holds || m_idle_left || (m_busy && m_busy->read());
    }

    // start -> low half -> rise -> high half -> fall -> (low half ... | stopped until kicked)
    void tick()
    {
        switch (m_phase) {
        case phase::start:
        case phase::stopped:
            if (!wanted()) {
                m_phase = phase::stopped;
                next_trigger(m_kick);
                return;
            }
            starts += m_phase == phase::stopped;
            m_phase = phase::low;
            next_trigger(m_low_time);
            return;
        case phase::low: // the low half is over: rising edge
            clk.write(true);
            cycles++;
            m_phase = phase::high;
            next_trigger(m_high_time);
            return;
        case phase::high: // falling edge
            clk.write(false);
            if (m_idle_left)
                m_idle_left--;
            if (m_reset_left && --m_reset_left == 0) {
                rst.write(!m_cfg.reset_active_low ? false : true);
                m_reset_done.notify(sc_core::SC_ZERO_TIME);
            }
            if (wanted()) {
                m_phase = phase::low;
                next_trigger(m_low_time);
            } else {
                m_phase = phase::stopped;
                next_trigger(m_kick);
            }
            return;
        }
    }
};

// The bus signals between a bridge and the block: one sc_signal per pin.
struct apb_signals {
    sc_core::sc_signal<bool> psel{"psel"}, penable{"penable"}, pwrite{"pwrite"};
    sc_core::sc_signal<uint32_t> paddr{"paddr"}, pwdata{"pwdata"}, pstrb{"pstrb"}, prdata{"prdata"};
    sc_core::sc_signal<bool> pready{"pready", true}, pslverr{"pslverr", false}; // a block without them: always ready, never an error

    void bind(tlm_to_apb &b, sc_core::sc_signal<bool> &clk)
    {
        b.pclk(clk);
        b.psel(psel), b.penable(penable), b.pwrite(pwrite);
        b.paddr(paddr), b.pwdata(pwdata), b.pstrb(pstrb), b.prdata(prdata);
        b.pready(pready), b.pslverr(pslverr);
    }
    void trace(sc_core::sc_trace_file *tf, const std::string &p) const
    {
        sc_core::sc_trace(tf, psel, p + "psel"), sc_core::sc_trace(tf, penable, p + "penable");
        sc_core::sc_trace(tf, pwrite, p + "pwrite"), sc_core::sc_trace(tf, paddr, p + "paddr");
        sc_core::sc_trace(tf, pwdata, p + "pwdata"), sc_core::sc_trace(tf, pstrb, p + "pstrb");
        sc_core::sc_trace(tf, prdata, p + "prdata"), sc_core::sc_trace(tf, pready, p + "pready");
        sc_core::sc_trace(tf, pslverr, p + "pslverr");
    }
};

struct axi_lite_signals {
    sc_core::sc_signal<bool> awvalid{"awvalid"}, wvalid{"wvalid"}, bready{"bready"}, arvalid{"arvalid"},
        rready{"rready"};
    sc_core::sc_signal<bool> awready{"awready"}, wready{"wready"}, bvalid{"bvalid"}, arready{"arready"},
        rvalid{"rvalid"};
    sc_core::sc_signal<uint32_t> awaddr{"awaddr"}, awprot{"awprot"}, wdata{"wdata"}, wstrb{"wstrb"},
        araddr{"araddr"}, arprot{"arprot"};
    sc_core::sc_signal<uint32_t> bresp{"bresp", 0}, rdata{"rdata"}, rresp{"rresp", 0}; // absent: OKAY

    void bind(tlm_to_axi_lite &b, sc_core::sc_signal<bool> &clk)
    {
        b.aclk(clk);
        b.awvalid(awvalid), b.wvalid(wvalid), b.bready(bready), b.arvalid(arvalid), b.rready(rready);
        b.awready(awready), b.wready(wready), b.bvalid(bvalid), b.arready(arready), b.rvalid(rvalid);
        b.awaddr(awaddr), b.awprot(awprot), b.wdata(wdata), b.wstrb(wstrb), b.araddr(araddr), b.arprot(arprot);
        b.bresp(bresp), b.rdata(rdata), b.rresp(rresp);
    }
    void trace(sc_core::sc_trace_file *tf, const std::string &p) const
    {
        const sc_core::sc_signal<bool> *bits[] = {&awvalid, &awready, &wvalid, &wready, &bvalid,
                                                  &bready,  &arvalid, &arready, &rvalid, &rready};
        const char *bit_names[] = {"awvalid", "awready", "wvalid", "wready", "bvalid",
                                   "bready",  "arvalid", "arready", "rvalid", "rready"};
        for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
            sc_core::sc_trace(tf, *bits[i], p + bit_names[i]);
        const sc_core::sc_signal<uint32_t> *words[] = {&awaddr, &awprot, &wdata, &wstrb, &bresp,
                                                       &araddr, &arprot, &rdata, &rresp};
        const char *word_names[] = {"awaddr", "awprot", "wdata", "wstrb", "bresp", "araddr", "arprot", "rdata", "rresp"};
        for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            sc_core::sc_trace(tf, *words[i], p + word_names[i]);
    }
};

template <class Bridge> struct bus_signals_of;
template <> struct bus_signals_of<tlm_to_apb> { using type = apb_signals; };
template <> struct bus_signals_of<tlm_to_axi_lite> { using type = axi_lite_signals; };

// The device: `socket` is what the platform's memory map reaches (addresses
// relative to the device's base). Each access waits out the initiator's
// annotated delay, waits for the reset to end, runs the clock for the
// transfers (vp_sc_pins.h) and returns with the delay zero: the hart's local
// time covers the cycles (docs/rtl.md, "Timing"). A derived class (the
// generated wrapper) adds the verilated block and binds its ports to
// `clock.clk`, `clock.rst` and `bus`.
template <class Bridge> class rtl_device : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<rtl_device> socket;
    rtl_clock clock;
    Bridge bridge;
    typename bus_signals_of<Bridge>::type bus;

    rtl_device(sc_core::sc_module_name name, const rtl_config &c)
        : sc_module(name), socket("socket"), clock("clock", c), bridge("bridge", c.max_wait), m_to_bridge("to_bridge")
    {
        socket.register_b_transport(this, &rtl_device::b_transport);
        socket.register_transport_dbg(this, &rtl_device::transport_dbg);
        m_to_bridge.bind(bridge.socket);
        bus.bind(bridge, clock.clk);
    }

    // Records the clock, the reset and the bus pins (prefix: "<name>.").
    void trace_pins(sc_core::sc_trace_file *tf) const
    {
        std::string p = std::string(name()) + ".";
        sc_core::sc_trace(tf, clock.clk, p + "clk");
        sc_core::sc_trace(tf, clock.rst, p + "rst");
        bus.trace(tf, p);
    }

protected:
    // The block whose ports the wrapper binds: before the end of
    // elaboration its ports left unbound are tied off, inputs to a signal
    // that stays 0, outputs to a signal nobody reads (1-, 32- and 64-bit
    // ports; a wider one stays unbound and SystemC reports it).
    void block(sc_core::sc_module &m) { m_block = &m; }

    void before_end_of_elaboration() override
    {
        if (!m_block)
            return;
        for (sc_core::sc_object *o : m_block->get_child_objects()) {
            auto *port = dynamic_cast<sc_core::sc_port_base *>(o);
            if (port && port->bind_count() == 0)
                tie_off<bool>(o) || tie_off<uint32_t>(o) || tie_off<uint64_t>(o);
        }
    }

private:
    tlm_utils::simple_initiator_socket<rtl_device> m_to_bridge;
    sc_core::sc_module *m_block = nullptr;
    template <class T> using ties = std::vector<std::unique_ptr<sc_core::sc_signal<T>>>;
    ties<bool> m_ties1;
    ties<uint32_t> m_ties32;
    ties<uint64_t> m_ties64;

    template <class T> sc_core::sc_signal<T> &new_tie(const std::string &n)
    {
        auto *sig = new sc_core::sc_signal<T>(n.c_str(), T());
        if constexpr (std::is_same_v<T, bool>)
            m_ties1.emplace_back(sig);
        else if constexpr (std::is_same_v<T, uint32_t>)
            m_ties32.emplace_back(sig);
        else
            m_ties64.emplace_back(sig);
        return *sig;
    }

    template <class T> bool tie_off(sc_core::sc_object *o)
    {
        std::string n = std::string("tie_") + o->basename();
        if (auto *in = dynamic_cast<sc_core::sc_in<T> *>(o)) {
            in->bind(new_tie<T>(n));
            return true;
        }
        if (auto *out = dynamic_cast<sc_core::sc_inout<T> *>(o)) { // sc_out too
            out->bind(new_tie<T>(n));
            return true;
        }
        return false;
    }

    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        if (delay != sc_core::SC_ZERO_TIME) {
            wait(delay); // the pins move at the initiator's local time
            delay = sc_core::SC_ZERO_TIME;
        }
        while (clock.in_reset())
            wait(clock.reset_done());
        clock.hold(true);
        m_to_bridge->b_transport(gp, delay);
        clock.hold(false);
    }

    unsigned transport_dbg(tlm::tlm_generic_payload &) { return 0; } // a bus read may have side effects
};

} // namespace vp::sc

// VP_RTL_PORT(member): vp_rtl_has_<member><Model>::value tells whether a
// (verilated) model has a port `member`; vp_rtl_bind_<member>(model,
// signal) binds it and returns true, or returns false when the model has
// no such port (an optional pin the block leaves out).
#define VP_RTL_PORT(member)                                                                              \
    template <class M, class = void> struct vp_rtl_has_##member : std::false_type {};                   \
    template <class M>                                                                                   \
    struct vp_rtl_has_##member<M, std::void_t<decltype(std::declval<M &>().member)>> : std::true_type {}; \
    template <class M, class S> bool vp_rtl_bind_##member(M &m, S &s)                                   \
    {                                                                                                    \
        if constexpr (vp_rtl_has_##member<M>::value) {                                                   \
            m.member(s);                                                                                 \
            return true;                                                                                 \
        } else {                                                                                         \
            (void)m, (void)s;                                                                            \
            return false;                                                                                \
        }                                                                                                \
    }                                                                                                    \
    static_assert(true, "")

#endif // VPBRIDGE_VP_SC_RTL_H
