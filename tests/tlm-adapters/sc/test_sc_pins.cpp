// SPDX-License-Identifier: Apache-2.0
// test_sc_pins.cpp - vp::sc::tlm_to_apb and vp::sc::tlm_to_axi_lite
// (vp_sc_pins.h) against completers written like RTL (registered outputs,
// updated on the clock's rising edge): data and byte strobes, transactions
// split into 32-bit transfers, wait states, AXI handshakes in either order,
// error responses, a completer that never answers, the annotated delay,
// and two initiators at once. One forked child per test.
#include <cmath>
#include <functional>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include <vpbridge/vp_sc_pins.h>

#include "fork_test.h"

using namespace sc_core;

namespace {

const sc_time period(10, SC_NS);

/* One transaction through `out`; returns its response and checks the delay came back zero. */
template <class S>
tlm::tlm_response_status transact(S &out, tlm::tlm_command cmd, uint64_t addr, void *data, unsigned len,
                                  const unsigned char *be, unsigned be_len, sc_time delay)
{
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(static_cast<unsigned char *>(data));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_byte_enable_ptr(const_cast<unsigned char *>(be));
    gp.set_byte_enable_length(be_len);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    out->b_transport(gp, delay);
    CHECK(delay == SC_ZERO_TIME);
    return gp.get_response_status();
}

/* Cycles (PCLK periods) between two times. */
double cycles(sc_time from, sc_time to)
{
    return (to - from) / period;
}

bool near(double a, double b)
{
    return std::fabs(a - b) < 1e-9;
}

/* 16 registers at 0x00-0x3c; `waits` wait states per transfer; an access
 * to 0x40 answers PSLVERR; `never` keeps PREADY low. */
struct apb_regs : sc_module {
    sc_in<bool> pclk{"pclk"}, psel{"psel"}, penable{"penable"}, pwrite{"pwrite"};
    sc_in<uint32_t> paddr{"paddr"}, pwdata{"pwdata"}, pstrb{"pstrb"};
    sc_out<uint32_t> prdata{"prdata"};
    sc_out<bool> pready{"pready"}, pslverr{"pslverr"};
    uint32_t regs[16] = {};
    unsigned waits = 0, left = 0, setups = 0, strb_on_read = 0;
    bool never = false;

    SC_HAS_PROCESS(apb_regs);
    explicit apb_regs(sc_module_name n) : sc_module(n)
    {
        SC_METHOD(edge);
        sensitive << pclk.pos();
        dont_initialize();
    }
    void answer()
    {
        uint32_t a = paddr.read();
        pready.write(true);
        pslverr.write(a == 0x40);
        prdata.write(a < 0x40 ? regs[a / 4] : 0xdeadbeef);
    }
    void edge()
    {
        if (psel.read() && !penable.read()) { // SETUP sampled
            setups++;
            if (!pwrite.read() && pstrb.read())
                strb_on_read++;
            left = waits;
            if (!left && !never)
                answer();
            else
                pready.write(false);
        } else if (psel.read() && penable.read()) {
            if (pready.read()) { // the transfer completes on this edge
                uint32_t a = paddr.read();
                if (pwrite.read() && a < 0x40)
                    for (unsigned k = 0; k < 4; k++)
                        if ((pstrb.read() >> k) & 1u)
                            regs[a / 4] = (regs[a / 4] & ~(0xffu << (8 * k))) | (pwdata.read() & (0xffu << (8 * k)));
                pready.write(false);
            } else if (!never && left && --left == 0) {
                answer();
            }
        } else {
            pready.write(false);
        }
    }
};

/* A bridge, a completer, a clock, and the test's bodies as threads (the
 * kernel stops when the last one is done). */
template <class R>
struct rig_base : sc_module {
    sc_clock clk{"clk", period};
    tlm_utils::simple_initiator_socket<rig_base> out{"out"};
    std::vector<std::function<void(R &)>> bodies;
    unsigned finished = 0;

    rig_base(sc_module_name n, std::vector<std::function<void(R &)>> b) : sc_module(n), bodies(std::move(b)) {}
    void start_bodies()
    {
        for (size_t i = 0; i < bodies.size(); i++)
            sc_spawn([this, i] {
                bodies[i](static_cast<R &>(*this));
                if (++finished == bodies.size())
                    sc_stop();
            });
    }
    tlm::tlm_response_status io(tlm::tlm_command cmd, uint64_t addr, void *data, unsigned len,
                                const unsigned char *be = nullptr, unsigned be_len = 0,
                                sc_time delay = SC_ZERO_TIME)
    {
        return transact(out, cmd, addr, data, len, be, be_len, delay);
    }
    /* Runs the kernel; every body must have finished. */
    void go()
    {
        sc_start();
        CHECK_EQ(finished, bodies.size());
    }
};

struct rig : rig_base<rig> {
    sc_signal<bool> psel{"s_psel"}, penable{"s_penable"}, pwrite{"s_pwrite"}, pready{"s_pready"},
        pslverr{"s_pslverr"};
    sc_signal<uint32_t> paddr{"s_paddr"}, pwdata{"s_pwdata"}, pstrb{"s_pstrb"}, prdata{"s_prdata"};
    vp::sc::tlm_to_apb bridge;
    apb_regs dev{"dev"};

    rig(sc_module_name n, unsigned max_wait, std::vector<std::function<void(rig &)>> b)
        : rig_base(n, std::move(b)), bridge("bridge", max_wait)
    {
        bridge.pclk(clk);
        dev.pclk(clk);
        bridge.psel(psel), dev.psel(psel);
        bridge.penable(penable), dev.penable(penable);
        bridge.pwrite(pwrite), dev.pwrite(pwrite);
        bridge.paddr(paddr), dev.paddr(paddr);
        bridge.pwdata(pwdata), dev.pwdata(pwdata);
        bridge.pstrb(pstrb), dev.pstrb(pstrb);
        bridge.prdata(prdata), dev.prdata(prdata);
        bridge.pready(pready), dev.pready(pready);
        bridge.pslverr(pslverr), dev.pslverr(pslverr);
        out.bind(bridge.socket);
        start_bodies();
    }
};

void run(unsigned max_wait, std::vector<std::function<void(rig &)>> bodies, unsigned waits = 0,
         bool never = false)
{
    rig r("rig", max_wait, std::move(bodies));
    r.dev.waits = waits;
    r.dev.never = never;
    r.go();
}


void body_read_write()
{
    run(16, {[](rig &r) {
            wait(1, SC_NS); // just after an edge
            uint32_t v = 0x11223344, got = 0;
            sc_time t0 = sc_time_stamp();
            CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x8, &v, 4), tlm::TLM_OK_RESPONSE);
            CHECK(near(cycles(t0, sc_time_stamp()), 1.9)); // SETUP and ACCESS: the 2nd edge after 1 ns
            CHECK_EQ(r.dev.regs[2], 0x11223344);
            CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x8, &got, 4), tlm::TLM_OK_RESPONSE);
            CHECK_EQ(got, 0x11223344);
            CHECK_EQ(r.bridge.transfers, 2);
            CHECK_EQ(r.bridge.wait_cycles, 0);
            CHECK_EQ(r.dev.strb_on_read, 0); // APB4: PSTRB is 0 on reads
        }});
}

void body_bytes_and_split()
{
    run(16, {[](rig &r) {
            uint8_t b = 0xab;
            CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x5, &b, 1), tlm::TLM_OK_RESPONSE); // PSTRB 0010
            CHECK_EQ(r.dev.regs[1], 0x0000ab00);
            uint16_t h = 0xcdef;
            CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x6, &h, 2), tlm::TLM_OK_RESPONSE); // PSTRB 1100
            CHECK_EQ(r.dev.regs[1], 0xcdefab00);
            uint64_t d = 0x0102030405060708ull, got = 0;
            CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x10, &d, 8), tlm::TLM_OK_RESPONSE); // two transfers
            CHECK_EQ(r.dev.regs[4], 0x05060708);
            CHECK_EQ(r.dev.regs[5], 0x01020304);
            CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x12, &got, 4), tlm::TLM_OK_RESPONSE); // straddles two words
            CHECK_EQ(got & 0xffffffffu, 0x03040506);
            unsigned char be[4] = {TLM_BYTE_ENABLED, TLM_BYTE_DISABLED, TLM_BYTE_DISABLED, TLM_BYTE_ENABLED};
            uint32_t v = 0xa1b2c3d4;
            CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x20, &v, 4, be, 4), tlm::TLM_OK_RESPONSE);
            CHECK_EQ(r.dev.regs[8], 0xa10000d4);
            CHECK_EQ(r.bridge.transfers, 2 + 2 + 2 + 1);
        }});
}

void body_wait_states()
{
    run(16,
        {[](rig &r) {
            wait(1, SC_NS);
            uint32_t v = 7, got = 0;
            sc_time t0 = sc_time_stamp();
            CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x0, &v, 4), tlm::TLM_OK_RESPONSE);
            CHECK(near(cycles(t0, sc_time_stamp()), 4.9)); // SETUP, 3 wait cycles, ACCESS
            CHECK_EQ(r.bridge.wait_cycles, 3);
            CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x0, &got, 4), tlm::TLM_OK_RESPONSE);
            CHECK_EQ(got, 7);
        }},
        3);
}

void body_slave_error()
{
    run(16, {[](rig &r) {
            uint32_t v = 1, got = 0;
            CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x40, &v, 4), tlm::TLM_GENERIC_ERROR_RESPONSE);
            CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x40, &got, 4), tlm::TLM_GENERIC_ERROR_RESPONSE);
            CHECK_EQ(r.bridge.errors, 2);
            CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x0, &got, 4), tlm::TLM_OK_RESPONSE); // the bus still works
        }});
}

void body_never_ready()
{
    run(8,
        {[](rig &r) {
            uint32_t got = 0;
            sc_time t0 = sc_time_stamp();
            CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x0, &got, 4), tlm::TLM_GENERIC_ERROR_RESPONSE);
            CHECK(cycles(t0, sc_time_stamp()) <= 11); // SETUP, 9 ACCESS edges: then it gives up
            CHECK_EQ(r.bridge.errors, 1);
            CHECK(!r.psel.read() && !r.penable.read()); // the bus is released
        }},
        0, true);
}

void body_delay_then_two_initiators()
{
    run(16, {[](rig &r) {
                 uint32_t v = 0x55, got = 0;
                 CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x0, &v, 4, nullptr, 0, sc_time(95, SC_NS)),
                          tlm::TLM_OK_RESPONSE);
                 CHECK(sc_time_stamp() >= sc_time(110, SC_NS)); // the delay, then two edges
                 for (unsigned i = 0; i < 20; i++) {
                     uint32_t x = 0x1000 + i;
                     CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x30, &x, 4), tlm::TLM_OK_RESPONSE);
                     CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x0, &got, 4), tlm::TLM_OK_RESPONSE);
                     CHECK_EQ(got, 0x55);
                 }
             },
             [](rig &r) {
                 for (unsigned i = 0; i < 20; i++) {
                     uint32_t x = 0x2000 + i, got = 0;
                     CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x34, &x, 4), tlm::TLM_OK_RESPONSE);
                     CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x34, &got, 4), tlm::TLM_OK_RESPONSE);
                     CHECK_EQ(got, 0x2000 + i);
                 }
             }});
}

/* AXI4-Lite completer written like RTL: AWREADY after `a_wait` cycles of
 * AWVALID, WREADY after `w_wait` cycles of WVALID (so the two handshakes can
 * come in either order), BVALID/RVALID `resp_wait` cycles after; SLVERR at
 * 0x40; `never` keeps every ready low. Same 16 registers. */
struct axil_regs : sc_module {
    sc_in<bool> aclk{"aclk"}, awvalid{"awvalid"}, wvalid{"wvalid"}, bready{"bready"}, arvalid{"arvalid"},
        rready{"rready"};
    sc_in<uint32_t> awaddr{"awaddr"}, awprot{"awprot"}, wdata{"wdata"}, wstrb{"wstrb"}, araddr{"araddr"},
        arprot{"arprot"};
    sc_out<bool> awready{"awready"}, wready{"wready"}, bvalid{"bvalid"}, arready{"arready"}, rvalid{"rvalid"};
    sc_out<uint32_t> bresp{"bresp"}, rdata{"rdata"}, rresp{"rresp"};
    uint32_t regs[16] = {};
    unsigned a_wait = 0, w_wait = 0, resp_wait = 0;
    bool never = false;
    unsigned aw_n = 0, w_n = 0, b_n = 0, ar_n = 0, r_n = 0, aw_first = 0, w_first = 0;
    bool have_aw = false, have_w = false, have_ar = false;
    uint32_t aw_addr = 0, w_data = 0, w_strb = 0, ar_addr = 0;

    SC_HAS_PROCESS(axil_regs);
    explicit axil_regs(sc_module_name n) : sc_module(n)
    {
        SC_METHOD(edge);
        sensitive << aclk.pos();
        dont_initialize();
    }
    void edge()
    {
        if (awready.read() && awvalid.read()) {
            have_aw = true, aw_addr = awaddr.read(), awready.write(false);
            aw_first += !have_w;
        } else if (awvalid.read() && !have_aw && !awready.read() && !never && aw_n++ >= a_wait) {
            awready.write(true);
        }
        if (wready.read() && wvalid.read()) {
            have_w = true, w_data = wdata.read(), w_strb = wstrb.read(), wready.write(false);
            w_first += !have_aw;
        } else if (wvalid.read() && !have_w && !wready.read() && !never && w_n++ >= w_wait) {
            wready.write(true);
        }
        if (bvalid.read() && bready.read()) {
            bvalid.write(false);
            have_aw = have_w = false, aw_n = w_n = 0;
        } else if (have_aw && have_w && !bvalid.read() && b_n++ >= resp_wait) {
            if (aw_addr < 0x40)
                for (unsigned k = 0; k < 4; k++)
                    if ((w_strb >> k) & 1u)
                        regs[aw_addr / 4] = (regs[aw_addr / 4] & ~(0xffu << (8 * k))) | (w_data & (0xffu << (8 * k)));
            bresp.write(aw_addr == 0x40 ? 2 : 0);
            bvalid.write(true);
            b_n = 0;
        }
        if (arready.read() && arvalid.read()) {
            have_ar = true, ar_addr = araddr.read(), arready.write(false);
        } else if (arvalid.read() && !have_ar && !arready.read() && !never && ar_n++ >= a_wait) {
            arready.write(true);
        }
        if (rvalid.read() && rready.read()) {
            rvalid.write(false);
            have_ar = false, ar_n = 0;
        } else if (have_ar && !rvalid.read() && r_n++ >= resp_wait) {
            rdata.write(ar_addr < 0x40 ? regs[ar_addr / 4] : 0xdeadbeef);
            rresp.write(ar_addr == 0x40 ? 2 : 0);
            rvalid.write(true);
            r_n = 0;
        }
    }
};

struct axi_rig : rig_base<axi_rig> {
    sc_signal<bool> awvalid{"s_awvalid"}, wvalid{"s_wvalid"}, bready{"s_bready"}, arvalid{"s_arvalid"},
        rready{"s_rready"}, awready{"s_awready"}, wready{"s_wready"}, bvalid{"s_bvalid"}, arready{"s_arready"},
        rvalid{"s_rvalid"};
    sc_signal<uint32_t> awaddr{"s_awaddr"}, awprot{"s_awprot"}, wdata{"s_wdata"}, wstrb{"s_wstrb"},
        araddr{"s_araddr"}, arprot{"s_arprot"}, bresp{"s_bresp"}, rdata{"s_rdata"}, rresp{"s_rresp"};
    vp::sc::tlm_to_axi_lite bridge;
    axil_regs dev{"dev"};

    axi_rig(sc_module_name n, unsigned max_wait, std::vector<std::function<void(axi_rig &)>> b)
        : rig_base(n, std::move(b)), bridge("bridge", max_wait)
    {
        bridge.aclk(clk), dev.aclk(clk);
        bridge.awvalid(awvalid), dev.awvalid(awvalid);
        bridge.wvalid(wvalid), dev.wvalid(wvalid);
        bridge.bready(bready), dev.bready(bready);
        bridge.arvalid(arvalid), dev.arvalid(arvalid);
        bridge.rready(rready), dev.rready(rready);
        bridge.awready(awready), dev.awready(awready);
        bridge.wready(wready), dev.wready(wready);
        bridge.bvalid(bvalid), dev.bvalid(bvalid);
        bridge.arready(arready), dev.arready(arready);
        bridge.rvalid(rvalid), dev.rvalid(rvalid);
        bridge.awaddr(awaddr), dev.awaddr(awaddr);
        bridge.awprot(awprot), dev.awprot(awprot);
        bridge.wdata(wdata), dev.wdata(wdata);
        bridge.wstrb(wstrb), dev.wstrb(wstrb);
        bridge.araddr(araddr), dev.araddr(araddr);
        bridge.arprot(arprot), dev.arprot(arprot);
        bridge.bresp(bresp), dev.bresp(bresp);
        bridge.rdata(rdata), dev.rdata(rdata);
        bridge.rresp(rresp), dev.rresp(rresp);
        out.bind(bridge.socket);
        start_bodies();
    }
};

void run_axi(unsigned max_wait, std::vector<std::function<void(axi_rig &)>> bodies, unsigned a_wait = 0,
             unsigned w_wait = 0, unsigned resp_wait = 0, bool never = false)
{
    axi_rig r("rig", max_wait, std::move(bodies));
    r.dev.a_wait = a_wait, r.dev.w_wait = w_wait, r.dev.resp_wait = resp_wait, r.dev.never = never;
    r.go();
}

void body_axi_read_write()
{
    run_axi(16, {[](axi_rig &r) {
                wait(1, SC_NS);
                uint32_t v = 0x11223344, got = 0;
                sc_time t0 = sc_time_stamp();
                CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x8, &v, 4), tlm::TLM_OK_RESPONSE);
                // edge 1: AWREADY/WREADY rise; 2: both handshakes, BVALID rises; 3: B taken
                CHECK(near(cycles(t0, sc_time_stamp()), 2.9));
                CHECK_EQ(r.dev.regs[2], 0x11223344);
                CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x8, &got, 4), tlm::TLM_OK_RESPONSE);
                CHECK_EQ(got, 0x11223344);
                uint8_t b = 0xab;
                CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x9, &b, 1), tlm::TLM_OK_RESPONSE); // WSTRB 0010
                CHECK_EQ(r.dev.regs[2], 0x1122ab44);
                uint64_t d = 0;
                CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x8, &d, 8), tlm::TLM_OK_RESPONSE); // two transfers
                CHECK_EQ(d, 0x1122ab44ull);
                CHECK_EQ(r.bridge.transfers, 5);
            }});
}

void body_axi_handshake_orders()
{
    run_axi(16,
            {[](axi_rig &r) {
                uint32_t v = 0xcafe, got = 0;
                CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x4, &v, 4), tlm::TLM_OK_RESPONSE); // W before AW
                CHECK_EQ(r.dev.w_first, 1);
                CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x4, &got, 4), tlm::TLM_OK_RESPONSE);
                CHECK_EQ(got, 0xcafe);
                CHECK(r.bridge.wait_cycles >= 5);
            }},
            6, 1, 2);
}

void body_axi_errors_and_timeout()
{
    run_axi(16, {[](axi_rig &r) {
                uint32_t v = 1, got = 0;
                CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x40, &v, 4), tlm::TLM_GENERIC_ERROR_RESPONSE); // BRESP SLVERR
                CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x40, &got, 4), tlm::TLM_GENERIC_ERROR_RESPONSE); // RRESP SLVERR
                CHECK_EQ(r.bridge.errors, 2);
                CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x0, &got, 4), tlm::TLM_OK_RESPONSE);
            }});
}

void body_axi_never_ready()
{
    run_axi(8,
            {[](axi_rig &r) {
                uint32_t got = 0;
                CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x0, &got, 4), tlm::TLM_GENERIC_ERROR_RESPONSE);
                CHECK(!r.arvalid.read() && !r.rready.read()); // the bus is released
            }},
            0, 0, 0, true);
}

} // namespace

#define FORKED(name) \
    static void test_sc_pins_##name(void **) { run_forked(body_##name); }
FORKED(read_write)
FORKED(bytes_and_split)
FORKED(wait_states)
FORKED(slave_error)
FORKED(never_ready)
FORKED(delay_then_two_initiators)
FORKED(axi_read_write)
FORKED(axi_handshake_orders)
FORKED(axi_errors_and_timeout)
FORKED(axi_never_ready)

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_pins_read_write),      cmocka_unit_test(test_sc_pins_bytes_and_split),
        cmocka_unit_test(test_sc_pins_wait_states),     cmocka_unit_test(test_sc_pins_slave_error),
        cmocka_unit_test(test_sc_pins_never_ready),     cmocka_unit_test(test_sc_pins_delay_then_two_initiators),
        cmocka_unit_test(test_sc_pins_axi_read_write),  cmocka_unit_test(test_sc_pins_axi_handshake_orders),
        cmocka_unit_test(test_sc_pins_axi_errors_and_timeout), cmocka_unit_test(test_sc_pins_axi_never_ready),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
