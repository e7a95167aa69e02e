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

} // namespace

#define FORKED(name) \
    static void test_rtl_crc_##name(void **) { run_forked(body_##name); }
FORKED(crc_of_buffer)
FORKED(irq_and_status)

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rtl_crc_crc_of_buffer),
        cmocka_unit_test(test_rtl_crc_irq_and_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
