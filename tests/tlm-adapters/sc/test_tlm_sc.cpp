// SPDX-License-Identifier: Apache-2.0
// test_tlm_sc.cpp - the C <-> SystemC TLM adapters (tlmc_sc.h): C initiator
// to SystemC targets through the router and c_to_sc, SystemC initiator to C
// targets through sc_to_c, DMI and invalidation both ways, signals both
// ways, the payload pool, an unbound socket. One forked child per test.
#include <string>

#include <tlm_utils/simple_initiator_socket.h>

#include <vpbridge/tlmc_sc.h>

#include "fork_test.h"
#include "tlmsc_models.h"

using namespace sc_core;
using namespace tlmsc_test;

/* alloc_count.cpp: operator new calls so far in this process. */
unsigned long tlmsc_alloc_count();

namespace {

/* Router: sc_mem at 0x1000 (256 bytes, 10 ns), sc_err at 0x2000. */
struct c_side {
    sc_mem mem{"mem", 256, sc_time(10, SC_NS)};
    sc_err err{"err"};
    vp::sc::c_to_sc to_mem{"to_mem"}, to_err{"to_err"};
    tlmc_router *router = tlmc_router_create("bus");
    uint64_t inv_start = 0, inv_end = 0;
    int inv_count = 0;

    c_side()
    {
        to_mem.socket.bind(mem.socket);
        to_err.socket.bind(err.socket);
        CHECK_EQ(tlmc_router_map(router, 0x1000, 256, to_mem.target(), 0, nullptr), 0);
        CHECK_EQ(tlmc_router_map(router, 0x2000, 256, to_err.target(), 0, nullptr), 0);
        CHECK_EQ(tlmc_router_add_invalidate_listener(router, on_invalidate, this), 0);
    }
    ~c_side() { tlmc_router_destroy(router); }
    tlmc_target *bus() { return tlmc_router_target(router); }
    static void on_invalidate(void *o, uint64_t s, uint64_t e)
    {
        c_side *c = static_cast<c_side *>(o);
        c->inv_start = s;
        c->inv_end = e;
        c->inv_count++;
    }
};

void run(std::function<void()> body)
{
    runner r("runner", std::move(body));
    sc_start();
}

void body_c_to_sc_read_write()
{
    c_side c;
    run([&] {
        uint32_t v = 0xdeadbeef, r = 0;
        vp_time d = 100;
        CHECK_EQ(tlmc_write(c.bus(), 0x1010, &v, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(d, 10100); // the target's 10 ns added to the initiator's offset
        CHECK_EQ(c.mem.mem[0x10], 0xef);
        CHECK_EQ(c.mem.mem[0x13], 0xde);
        d = 0;
        CHECK_EQ(tlmc_read(c.bus(), 0x1010, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(r, 0xdeadbeef);
        CHECK_EQ(d, 10000);
        CHECK(sc_time_stamp() == SC_ZERO_TIME); // annotated, never waited
        tlmc_payload p;
        tlmc_payload_init(&p, TLMC_READ, 0x1000, &r, 4);
        d = 0;
        tlmc_b_transport(c.bus(), &p, &d);
        CHECK(p.dmi_allowed); // the target's hint comes back
    });
}

void body_c_to_sc_errors()
{
    c_side c;
    run([&] {
        uint32_t v = 1;
        vp_time d = 0;
        CHECK_EQ(tlmc_write(c.bus(), 0x2000, &v, 4, &d), (uint64_t)TLMC_GENERIC_ERROR_RESPONSE);
        tlmc_payload p;
        tlmc_payload_init(&p, TLMC_READ, 0xfe, &v, 4); // router-relative: past the memory's end
        tlmc_b_transport(c.to_mem.target(), &p, &d);
        CHECK_EQ(p.response, (uint64_t)TLMC_ADDRESS_ERROR_RESPONSE);
    });
}

void body_c_to_sc_byte_enable_streaming()
{
    c_side c;
    run([&] {
        uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        uint8_t be[2] = {TLMC_BYTE_ENABLED, TLMC_BYTE_DISABLED};
        std::memset(c.mem.mem.data(), 0xaa, 16);
        tlmc_payload p;
        tlmc_payload_init(&p, TLMC_WRITE, 0x1000, data, 4);
        p.byte_enable = be;
        p.byte_enable_length = 2;
        vp_time d = 0;
        tlmc_b_transport(c.bus(), &p, &d);
        CHECK_EQ(p.response, TLMC_OK_RESPONSE);
        CHECK_EQ(c.mem.last_be_length, 2);
        CHECK_EQ(c.mem.mem[0], 1);
        CHECK_EQ(c.mem.mem[1], 0xaa);
        CHECK_EQ(c.mem.mem[2], 3);
        CHECK_EQ(c.mem.mem[3], 0xaa);
        tlmc_payload_init(&p, TLMC_WRITE, 0x1008, data, 8);
        p.streaming_width = 4; // a FIFO-like window of 4 bytes: the last beat stays
        tlmc_b_transport(c.bus(), &p, &d);
        CHECK_EQ(p.response, TLMC_OK_RESPONSE);
        CHECK_EQ(c.mem.last_streaming_width, 4);
        CHECK_EQ(c.mem.mem[8], 5);
        CHECK_EQ(c.mem.mem[11], 8);
        CHECK_EQ(c.mem.mem[12], 0xaa); // nothing past the window
        tlmc_payload_init(&p, TLMC_READ, 0x1008, data, 4);
        p.streaming_width = 0; // tlmc: 0 = no streaming
        tlmc_b_transport(c.bus(), &p, &d);
        CHECK_EQ(c.mem.last_streaming_width, 4);
    });
}

void body_c_to_sc_debug_and_dmi()
{
    c_side c;
    run([&] {
        wait(5, SC_NS);
        c.mem.mem[0x20] = 0x5a;
        uint8_t b = 0;
        tlmc_payload p;
        tlmc_payload_init(&p, TLMC_READ, 0x1020, &b, 1);
        CHECK_EQ(tlmc_transport_dbg(c.bus(), &p), 1);
        CHECK_EQ(b, 0x5a);
        CHECK(sc_time_stamp() == sc_time(5, SC_NS)); // debug never advances time

        tlmc_dmi dmi;
        tlmc_payload_init(&p, TLMC_READ, 0x1040, &b, 1);
        CHECK(tlmc_get_direct_mem_ptr(c.bus(), &p, &dmi));
        CHECK(dmi.ptr == c.mem.mem.data()); // router translates back to its space
        CHECK_EQ(dmi.start, 0x1000);
        CHECK_EQ(dmi.end, 0x10ff);
        CHECK_EQ(dmi.access, TLMC_DMI_READ_WRITE);
        CHECK_EQ(dmi.read_latency, 1000);
        CHECK_EQ(dmi.write_latency, 2000);

        int inv0 = c.inv_count;
        c.mem.socket->invalidate_direct_mem_ptr(0x10, 0x1f); // the SystemC target revokes
        CHECK_EQ(c.inv_count, inv0 + 1);
        CHECK_EQ(c.inv_start, 0x1010);
        CHECK_EQ(c.inv_end, 0x101f);
    });
}

/* A target that keeps the payload (acquire) until the next call. */
struct keeper : sc_module {
    tlm_utils::simple_target_socket<keeper> socket;
    tlm::tlm_generic_payload *kept = nullptr;
    std::vector<tlm::tlm_generic_payload *> seen;
    explicit keeper(sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_b_transport(this, &keeper::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_time &)
    {
        seen.push_back(&gp);
        if (kept)
            kept->release();
        kept = &gp;
        gp.acquire();
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

void body_c_to_sc_pool_no_alloc()
{
    c_side c;
    keeper k("keeper");
    vp::sc::c_to_sc to_k("to_k");
    to_k.socket.bind(k.socket);
    k.seen.reserve(16);
    run([&] {
        uint32_t v = 0;
        vp_time d = 0;
        for (int i = 0; i < 4; i++) // warm up: the pool gets its first payload
            tlmc_read(c.bus(), 0x1000, &v, 4, &d);
        unsigned long before = tlmsc_alloc_count();
        for (int i = 0; i < 10000; i++) {
            tlmc_write(c.bus(), 0x1000 + (i & 0x3c), &v, 4, &d);
            tlmc_read(c.bus(), 0x1000, &v, 4, &d);
        }
        CHECK_EQ(tlmsc_alloc_count() - before, 0); // no allocation per access
        // A kept payload is not reused while held: two distinct objects.
        tlmc_read(to_k.target(), 0, &v, 4, &d);
        tlmc_read(to_k.target(), 0, &v, 4, &d);
        tlmc_read(to_k.target(), 0, &v, 4, &d);
        CHECK(k.seen[0] != k.seen[1]);
        CHECK(k.seen[2] == k.seen[0]); // released -> back in the pool
        k.kept->release();
        k.kept = nullptr;
    });
}

/* ---- SystemC initiator -> C target ------------------------------------- */
struct sc_init : sc_module {
    tlm_utils::simple_initiator_socket<sc_init> socket;
    sc_dt::uint64 inv_start = 0, inv_end = 0;
    int inv_count = 0;
    explicit sc_init(sc_module_name n) : sc_module(n), socket("socket")
    {
        socket.register_invalidate_direct_mem_ptr(this, &sc_init::invalidate);
    }
    void invalidate(sc_dt::uint64 s, sc_dt::uint64 e)
    {
        inv_start = s;
        inv_end = e;
        inv_count++;
    }
    tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t a, void *data, unsigned len, sc_time &d,
                                    unsigned char *be = nullptr, unsigned be_len = 0)
    {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(a);
        gp.set_data_ptr(static_cast<unsigned char *>(data));
        gp.set_data_length(len);
        gp.set_streaming_width(len);
        gp.set_byte_enable_ptr(be);
        gp.set_byte_enable_length(be_len);
        socket->b_transport(gp, d);
        return gp.get_response_status();
    }
};

void body_sc_to_c_read_write_dmi_debug()
{
    c_ram ram(0x100);
    tlmc_router *r = tlmc_router_create("bus");
    CHECK_EQ(tlmc_router_map(r, 0x8000, 0x100, &ram.t, 0, nullptr), 0);
    sc_init init("init");
    vp::sc::sc_to_c to_c("to_c", tlmc_router_target(r));
    init.socket.bind(to_c.socket);
    run([&] {
        uint32_t v = 0x11223344, rv = 0;
        sc_time d(1, SC_NS);
        CHECK_EQ(init.access(tlm::TLM_WRITE_COMMAND, 0x8004, &v, 4, d), tlm::TLM_OK_RESPONSE);
        CHECK(d == sc_time(6, SC_NS)); // the C target's 5 ns
        CHECK_EQ(ram.mem[4], 0x44);
        CHECK_EQ(init.access(tlm::TLM_READ_COMMAND, 0x8004, &rv, 4, d), tlm::TLM_OK_RESPONSE);
        CHECK_EQ(rv, 0x11223344);
        CHECK_EQ(init.access(tlm::TLM_READ_COMMAND, 0x9000, &rv, 4, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
        uint8_t be[4] = {0, 0xff, 0, 0xff};
        v = 0xa1b2c3d4;
        CHECK_EQ(init.access(tlm::TLM_WRITE_COMMAND, 0x8004, &v, 4, d, be, 4), tlm::TLM_OK_RESPONSE);
        CHECK_EQ(ram.mem[4], 0x44);
        CHECK_EQ(ram.mem[5], 0xc3);
        CHECK_EQ(ram.mem[7], 0xa1);

        tlm::tlm_generic_payload gp;
        uint8_t b = 0;
        gp.set_command(tlm::TLM_READ_COMMAND);
        gp.set_address(0x8005);
        gp.set_data_ptr(&b);
        gp.set_data_length(1);
        gp.set_streaming_width(1);
        sc_time before = sc_time_stamp();
        CHECK_EQ(init.socket->transport_dbg(gp), 1);
        CHECK_EQ(b, 0xc3);
        CHECK_EQ(ram.dbg_calls, 1);
        CHECK(sc_time_stamp() == before);

        tlm::tlm_dmi dmi;
        gp.set_address(0x8010);
        CHECK(init.socket->get_direct_mem_ptr(gp, dmi));
        CHECK(dmi.get_dmi_ptr() == ram.mem.data());
        CHECK_EQ(dmi.get_start_address(), 0x8000);
        CHECK_EQ(dmi.get_end_address(), 0x80ff);
        CHECK(dmi.is_read_write_allowed());
        CHECK(dmi.get_read_latency() == sc_time(3, SC_NS));
        CHECK(dmi.get_write_latency() == sc_time(4, SC_NS));

        int inv0 = init.inv_count;
        tlmc_target_invalidate_dmi(&ram.t, 0x10, 0x1f); // the C target revokes
        CHECK_EQ(init.inv_count, inv0 + 1);
        CHECK_EQ(init.inv_start, 0x8010); // in the socket's (router's) addresses
        CHECK_EQ(init.inv_end, 0x801f);

        tlm::tlm_phase ph = tlm::BEGIN_REQ;
        sc_time t = SC_ZERO_TIME;
        gp.set_address(0x8000);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        CHECK_EQ(init.socket->nb_transport_fw(gp, ph, t), tlm::TLM_COMPLETED); // LT only
        CHECK(gp.is_response_ok());
        CHECK(t == sc_time(5, SC_NS));
    });
    tlmc_router_destroy(r);
}

/* ---- signals -------------------------------------------------------------- */
struct sink_log {
    std::vector<std::pair<uint32_t, bool>> events;
    std::vector<sc_time> times;
    static void fn(void *o, uint32_t line, bool level)
    {
        sink_log *l = static_cast<sink_log *>(o);
        l->events.emplace_back(line, level);
        l->times.push_back(sc_time_stamp());
    }
};

void body_signals_both_ways()
{
    sc_signal<bool> a("a"), b("b", true), out_sig("out_sig");
    sink_log la, lb;
    vp::sc::signal_to_c sa("sa", sink_log::fn, &la, 3), sb("sb", sink_log::fn, &lb, 7);
    sa.in(a);
    sb.in(b);
    vp::sc::c_to_signal cs("cs");
    cs.out(out_sig);
    tlmc_signal line = {};
    cs.bind(&line);
    tlmc_signal_set(&line, true); // before start: the initial value
    run([&] {
        wait(SC_ZERO_TIME);
        CHECK(out_sig.read());
        CHECK(la.events.empty()); // false at start: no call
        CHECK_EQ(lb.events.size(), 1); // true at start: one call
        CHECK_EQ(lb.events[0].first, 7);
        wait(10, SC_NS);
        a.write(true);
        wait(SC_ZERO_TIME);
        CHECK_EQ(la.events.size(), 1);
        CHECK_EQ(la.events[0].first, 3);
        CHECK(la.events[0].second);
        CHECK(la.times[0] == sc_time(10, SC_NS));
        a.write(false);
        wait(SC_ZERO_TIME);
        CHECK_EQ(la.events.size(), 2);
        CHECK(!la.events[1].second);

        tlmc_signal_set(&line, false);
        wait(SC_ZERO_TIME); // one delta: the adapter's own process writes
        wait(SC_ZERO_TIME);
        CHECK(!out_sig.read());
        wait(3, SC_NS);
        tlmc_signal_set(&line, true);
        wait(out_sig.value_changed_event());
        CHECK(out_sig.read());
        CHECK(sc_time_stamp() == sc_time(13, SC_NS));
    });
}

/* Writes the same sc_signal from two processes through one c_to_signal:
 * the adapter's single writer keeps SystemC's one-writer rule. */
struct two_writers : sc_module {
    tlmc_signal *line;
    SC_HAS_PROCESS(two_writers);
    two_writers(sc_module_name n, tlmc_signal *l) : sc_module(n), line(l)
    {
        SC_THREAD(p1);
        SC_THREAD(p2);
    }
    void p1()
    {
        wait(1, SC_NS);
        tlmc_signal_set(line, true);
    }
    void p2()
    {
        wait(2, SC_NS);
        tlmc_signal_set(line, false);
    }
};

void body_c_to_signal_many_processes()
{
    sc_signal<bool> s("s");
    vp::sc::c_to_signal cs("cs");
    cs.out(s);
    tlmc_signal line = {};
    cs.bind(&line);
    two_writers w("w", &line);
    run([&] {
        wait(1500, SC_PS);
        CHECK(s.read());
        wait(1, SC_NS);
        CHECK(!s.read());
    });
}

void body_unbound_socket()
{
    vp::sc::c_to_sc lonely("lonely");
    try {
        sc_start();
    } catch (const sc_report &r) {
        CHECK(std::string(r.get_msg_type()) == SC_ID_COMPLETE_BINDING_);
        CHECK(std::string(r.get_msg()).find("lonely.socket") != std::string::npos);
        return;
    }
    CHECK(!"sc_start() accepted an unbound adapter socket");
}

} // namespace

#define FORKED(name) \
    static void test_tlm_sc_##name(void **) { run_forked(body_##name); }
FORKED(c_to_sc_read_write)
FORKED(c_to_sc_errors)
FORKED(c_to_sc_byte_enable_streaming)
FORKED(c_to_sc_debug_and_dmi)
FORKED(c_to_sc_pool_no_alloc)
FORKED(sc_to_c_read_write_dmi_debug)
FORKED(signals_both_ways)
FORKED(c_to_signal_many_processes)
FORKED(unbound_socket)

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tlm_sc_c_to_sc_read_write),
        cmocka_unit_test(test_tlm_sc_c_to_sc_errors),
        cmocka_unit_test(test_tlm_sc_c_to_sc_byte_enable_streaming),
        cmocka_unit_test(test_tlm_sc_c_to_sc_debug_and_dmi),
        cmocka_unit_test(test_tlm_sc_c_to_sc_pool_no_alloc),
        cmocka_unit_test(test_tlm_sc_sc_to_c_read_write_dmi_debug),
        cmocka_unit_test(test_tlm_sc_signals_both_ways),
        cmocka_unit_test(test_tlm_sc_c_to_signal_many_processes),
        cmocka_unit_test(test_tlm_sc_unbound_socket),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
