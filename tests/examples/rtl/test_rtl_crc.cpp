// SPDX-License-Identifier: Apache-2.0
// test_rtl_crc.cpp - examples/rtl/crc_apb.v, verilated with --sc, behind
// vp::sc::tlm_to_apb on the SystemC kernel: CRC-32 of a buffer against the
// C reference (zlib's), the busy/done FSM (a DATA write while busy waits in
// PREADY low: the bridge counts the wait cycles), the done interrupt, byte
// strobes on CTRL, PSLVERR on an unknown offset, and reset. One forked child
// per test.
#include <functional>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include <vpbridge/vp_sc_pins.h>
#include <vpbridge/vp_sc_rtl.h>

#include "Vcrc_apb.h"
#include "fork_test.h"

using namespace sc_core;

namespace {

/* zlib's crc32 without the final xor, from `crc`. */
uint32_t crc_ref(uint32_t crc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return crc;
}

struct rig : sc_module {
    sc_clock clk{"clk", sc_time(10, SC_NS)};
    sc_signal<bool> presetn{"presetn"}, psel{"psel"}, penable{"penable"}, pwrite{"pwrite"}, pready{"pready"},
        pslverr{"pslverr"}, irq{"irq"}, busy{"busy"};
    sc_signal<uint32_t> paddr{"paddr"}, pwdata{"pwdata"}, pstrb{"pstrb"}, prdata{"prdata"};
    vp::sc::tlm_to_apb bridge{"bridge"};
    Vcrc_apb dut{"dut"};
    tlm_utils::simple_initiator_socket<rig> out{"out"};
    std::function<void(rig &)> body;

    SC_HAS_PROCESS(rig);
    rig(sc_module_name n, std::function<void(rig &)> b) : sc_module(n), body(std::move(b))
    {
        bridge.pclk(clk), dut.pclk(clk);
        bridge.psel(psel), dut.psel(psel);
        bridge.penable(penable), dut.penable(penable);
        bridge.pwrite(pwrite), dut.pwrite(pwrite);
        bridge.paddr(paddr), dut.paddr(paddr);
        bridge.pwdata(pwdata), dut.pwdata(pwdata);
        bridge.pstrb(pstrb), dut.pstrb(pstrb);
        bridge.prdata(prdata), dut.prdata(prdata);
        bridge.pready(pready), dut.pready(pready);
        bridge.pslverr(pslverr), dut.pslverr(pslverr);
        dut.presetn(presetn);
        dut.irq(irq);
        dut.busy(busy);
        out.bind(bridge.socket);
        SC_THREAD(run);
    }
    void run()
    {
        presetn.write(false);
        wait(25, SC_NS);
        presetn.write(true);
        body(*this);
        sc_stop();
    }
    tlm::tlm_response_status io(tlm::tlm_command cmd, uint64_t addr, void *data, unsigned len)
    {
        tlm::tlm_generic_payload gp;
        sc_time d = SC_ZERO_TIME;
        gp.set_command(cmd);
        gp.set_address(addr);
        gp.set_data_ptr(static_cast<unsigned char *>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        out->b_transport(gp, d);
        return gp.get_response_status();
    }
    void wr(uint32_t off, uint32_t v) { CHECK_EQ(io(tlm::TLM_WRITE_COMMAND, off, &v, 4), tlm::TLM_OK_RESPONSE); }
    uint32_t rd(uint32_t off)
    {
        uint32_t v = 0;
        CHECK_EQ(io(tlm::TLM_READ_COMMAND, off, &v, 4), tlm::TLM_OK_RESPONSE);
        return v;
    }
};

void run(std::function<void(rig &)> body)
{
    rig r("rig", std::move(body));
    sc_start();
}

void body_crc_of_buffer()
{
    run([](rig &r) {
        std::vector<uint8_t> buf(256);
        for (size_t i = 0; i < buf.size(); i++)
            buf[i] = (uint8_t)(i * 37 + 11);
        CHECK_EQ(r.rd(0x04), 0); // idle, not done
        r.wr(0x10, 0xFFFFFFFFu); // INIT
        for (size_t i = 0; i < buf.size(); i += 4) {
            uint32_t w = buf[i] | buf[i + 1] << 8 | buf[i + 2] << 16 | (uint32_t)buf[i + 3] << 24;
            r.wr(0x08, w); // the second and later wait for the previous word (8 cycles)
        }
        uint32_t got = r.rd(0x0C); // waits until the last word is done
        CHECK_EQ(got, crc_ref(0xFFFFFFFFu, buf.data(), buf.size()));
        CHECK_EQ(r.rd(0x14), buf.size() / 4); // COUNT
        CHECK_EQ(r.rd(0x04) & 2u, 2u);        // done
        CHECK(r.bridge.wait_cycles >= 63 * 5); // each DATA write waited for the previous word
    });
}

void body_irq_and_status()
{
    run([](rig &r) {
        CHECK(!r.irq.read());
        r.wr(0x00, 1); // interrupts on
        r.wr(0x10, 0xFFFFFFFFu);
        r.wr(0x08, 0x64636261); // "abcd"
        CHECK_EQ(r.rd(0x04) & 1u, 1u); // busy right after the write
        wait(r.irq.posedge_event());
        CHECK_EQ(r.rd(0x04), 2u); // done, not busy
        const uint8_t abcd[4] = {'a', 'b', 'c', 'd'};
        CHECK_EQ(~r.rd(0x0C), 0xED82CD11u); // zlib crc32("abcd")
        CHECK_EQ(r.rd(0x0C), crc_ref(0xFFFFFFFFu, abcd, 4));
        r.wr(0x04, 2); // clear done
        wait(SC_ZERO_TIME);
        CHECK(!r.irq.read());
        uint8_t b = 0; // a byte write to CTRL's byte 1 leaves the enable alone (PSTRB)
        CHECK_EQ(r.io(tlm::TLM_WRITE_COMMAND, 0x01, &b, 1), tlm::TLM_OK_RESPONSE);
        CHECK_EQ(r.rd(0x00), 1u);
        uint32_t v = 0;
        CHECK_EQ(r.io(tlm::TLM_READ_COMMAND, 0x40, &v, 4), tlm::TLM_GENERIC_ERROR_RESPONSE); // PSLVERR
        CHECK_EQ(r.bridge.errors, 1);
    });
}

/* The same block inside vp::sc::rtl_device (vp_sc_rtl.h, what
 * vpbridge_add_rtl_module generates around a block): gated clock, reset,
 * and two initiators whose accesses overlap. idle-cycles 1 and no BUSY, so
 * only the transfers keep the clock running. */
struct gated_dev : vp::sc::rtl_device<vp::sc::tlm_to_apb> {
    Vcrc_apb dut{"dut"};
    sc_signal<bool> irq{"irq"}, busy{"busy"};
    explicit gated_dev(sc_module_name n, const vp::sc::rtl_config &c) : rtl_device(n, c)
    {
        dut.pclk(clock.clk), dut.presetn(clock.rst);
        dut.psel(bus.psel), dut.penable(bus.penable), dut.pwrite(bus.pwrite), dut.paddr(bus.paddr);
        dut.pwdata(bus.pwdata), dut.pstrb(bus.pstrb), dut.prdata(bus.prdata), dut.pready(bus.pready);
        dut.pslverr(bus.pslverr), dut.irq(irq), dut.busy(busy);
    }
};

struct two_initiators : sc_module {
    tlm_utils::simple_initiator_socket<two_initiators> out{"out"}; // both threads call through it
    bool a_done = false, b_done = false;
    uint32_t result = 0;
    SC_HAS_PROCESS(two_initiators);
    explicit two_initiators(sc_module_name n) : sc_module(n)
    {
        SC_THREAD(run_a);
        SC_THREAD(run_b);
    }
    static void io(tlm_utils::simple_initiator_socket<two_initiators> &s, tlm::tlm_command cmd, uint32_t off,
                   uint32_t &v)
    {
        tlm::tlm_generic_payload gp;
        sc_time d = SC_ZERO_TIME;
        gp.set_command(cmd);
        gp.set_address(off);
        gp.set_data_ptr(reinterpret_cast<unsigned char *>(&v));
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        s->b_transport(gp, d);
        CHECK_EQ(gp.get_response_status(), tlm::TLM_OK_RESPONSE);
    }
    static void wr(tlm_utils::simple_initiator_socket<two_initiators> &s, uint32_t off, uint32_t v)
    {
        io(s, tlm::TLM_WRITE_COMMAND, off, v);
    }
    void run_a()
    {
        wr(out, 0x10, 0xFFFFFFFFu); // INIT
        wr(out, 0x08, 0x64636261);  // "abcd": 8 cycles of work start
        a_done = true;
    }
    void run_b()
    {
        wait(1, SC_NS); // queues behind a's INIT, then stalls behind its DATA word (8 cycles > idle 1)
        wr(out, 0x08, 0x68676665);  // "efgh"
        io(out, tlm::TLM_READ_COMMAND, 0x0C, result); // RESULT: waits for the last word
        b_done = true;
    }
};

void body_gated_clock_overlapping_access()
{
    vp::sc::rtl_config c;
    c.idle_cycles = 1;
    gated_dev dev("dev", c);
    two_initiators init("init");
    init.out.bind(dev.socket);
    sc_start(10, SC_US);
    CHECK(init.a_done);
    CHECK(init.b_done); // the clock kept running for b's stalled transfer
    const uint8_t msg[8] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
    CHECK_EQ(init.result, crc_ref(0xFFFFFFFFu, msg, 8));
    CHECK(dev.bridge.wait_cycles >= 7); // b's DATA write stalled behind a's word
}

} // namespace

#define FORKED(name) \
    static void test_rtl_crc_##name(void **) { run_forked(body_##name); }
FORKED(crc_of_buffer)
FORKED(irq_and_status)
FORKED(gated_clock_overlapping_access)

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rtl_crc_crc_of_buffer),
        cmocka_unit_test(test_rtl_crc_irq_and_status),
        cmocka_unit_test(test_rtl_crc_gated_clock_overlapping_access),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
