// SPDX-License-Identifier: Apache-2.0
// test_tlm_sc_at.cpp - the AT base protocol (nb_transport, four phases) in
// the C <-> SystemC adapters (tlmc_sc.h): c_to_sc in AT mode against a
// target that implements nb_transport_fw only (every legal answer, the
// backward path, annotated delays, request exclusion, decoupled rounds,
// error responses, protocol violations, simple_target_socket's own
// conversion), and a SystemC AT initiator reaching a C target through
// sc_to_c. One forked child per test.
#include <string>

#include <tlm_utils/peq_with_get.h>

#include <vpbridge/tlmc_sc.h>

#include "fork_test.h"
#include "tlmsc_models.h"

using namespace sc_core;
using namespace tlmsc_test;

namespace {

const sc_time ns(1, SC_NS);

/* An AT target written against tlm_fw_transport_if itself (no b/nb
 * conversion: b_transport fails the test). 256 bytes of memory; out of
 * range = TLM_ADDRESS_ERROR_RESPONSE. How it answers BEGIN_REQ (`m`):
 *  accept       TLM_ACCEPTED; at the request's time + 10 ns END_REQ on the
 *               backward path annotated +20 ns (takes effect at +30), at +50
 *               BEGIN_RESP annotated +30 ns (takes effect at +80);
 *  resp_first   TLM_ACCEPTED; at +30 BEGIN_RESP annotated +20 ns, no END_REQ;
 *  updated_end_req  TLM_UPDATED/END_REQ annotated +10 ns; at +40 BEGIN_RESP
 *               annotated +20 ns on the backward path;
 *  updated_begin_resp  TLM_UPDATED/BEGIN_RESP annotated +25 ns; expects
 *               END_RESP on the forward path no earlier than that;
 *  completed    TLM_COMPLETED, delay +15 ns;
 *  bad_answer   TLM_UPDATED with phase BEGIN_REQ (a protocol violation).
 * It checks the initiator's rules: no BEGIN_REQ while a request is open or
 * before the last END_REQ took effect, BEGIN_RESP answered TLM_COMPLETED. */
struct at_target : sc_module, tlm::tlm_fw_transport_if<> {
    enum class mode { accept, resp_first, updated_end_req, updated_begin_resp, completed, bad_answer };
    tlm::tlm_target_socket<> socket;
    mode m;
    std::vector<uint8_t> mem = std::vector<uint8_t>(256);
    tlm_utils::peq_with_get<tlm::tlm_generic_payload> peq;
    tlm::tlm_generic_payload *req_open = nullptr;  // BEGIN_REQ taken, END_REQ not sent
    sc_time end_req_at;                             // when the last END_REQ took effect
    tlm::tlm_generic_payload *resp_open = nullptr; // BEGIN_RESP on the return path, no END_RESP yet
    sc_time resp_at;
    std::vector<sc_time> begin_req, end_resp; // when each took effect
    int held = 0;                              // payloads acquired, not yet released
    bool sloppy = false; // completed: answers t = 15 ns, dropping the request's delay

    SC_HAS_PROCESS(at_target);
    at_target(sc_module_name n, mode md) : sc_module(n), socket("socket"), m(md), peq("peq")
    {
        socket.bind(*this);
        SC_THREAD(run);
    }

    void b_transport(tlm::tlm_generic_payload &, sc_time &) override
    {
        CHECK(!"b_transport called on a target that answers nb_transport_fw only");
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &) override { return false; }
    unsigned transport_dbg(tlm::tlm_generic_payload &gp) override
    {
        execute(gp);
        return gp.is_response_ok() ? gp.get_data_length() : 0;
    }

    void execute(tlm::tlm_generic_payload &gp)
    {
        uint64_t a = gp.get_address();
        unsigned len = gp.get_data_length();
        if (a >= mem.size() || a + len > mem.size()) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (gp.is_write())
            std::memcpy(&mem[a], gp.get_data_ptr(), len);
        else if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), &mem[a], len);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    void hold(tlm::tlm_generic_payload &gp)
    {
        CHECK(gp.has_mm()); // pooled and memory-managed: a target may keep it
        gp.acquire();
        held++;
    }
    void drop(tlm::tlm_generic_payload &gp)
    {
        gp.release();
        held--;
    }

    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload &gp, tlm::tlm_phase &ph, sc_time &t) override
    {
        sc_time when = sc_time_stamp() + t;
        if (ph == tlm::END_RESP) {
            CHECK(resp_open == &gp);
            CHECK(when >= resp_at);
            end_resp.push_back(when);
            resp_open = nullptr;
            drop(gp);
            return tlm::TLM_COMPLETED;
        }
        CHECK(ph == tlm::BEGIN_REQ);
        CHECK(req_open == nullptr); // request exclusion: the previous END_REQ came
        CHECK(when >= end_req_at);  // ... and took effect
        CHECK(resp_open == nullptr);
        begin_req.push_back(when);
        switch (m) {
        case mode::completed:
            execute(gp);
            t = sloppy ? 15 * ns : t + 15 * ns;
            return tlm::TLM_COMPLETED;
        case mode::updated_begin_resp:
            execute(gp);
            hold(gp);
            t += 25 * ns;
            resp_open = &gp;
            resp_at = end_req_at = sc_time_stamp() + t;
            ph = tlm::BEGIN_RESP;
            return tlm::TLM_UPDATED;
        case mode::updated_end_req:
            hold(gp);
            peq.notify(gp, t);
            t += 10 * ns;
            end_req_at = sc_time_stamp() + t;
            ph = tlm::END_REQ;
            return tlm::TLM_UPDATED;
        case mode::bad_answer:
            return tlm::TLM_UPDATED; // phase still BEGIN_REQ
        default:
            hold(gp);
            req_open = &gp;
            peq.notify(gp, t);
            return tlm::TLM_ACCEPTED;
        }
    }

    void run()
    {
        for (;;) {
            wait(peq.get_event());
            while (tlm::tlm_generic_payload *gp = peq.get_next_transaction())
                serve(*gp);
        }
    }
    // Sends `ph` on the backward path with annotation t; returns the answer.
    tlm::tlm_sync_enum bw(tlm::tlm_generic_payload &gp, tlm::tlm_phase ph, sc_time t)
    {
        if (req_open == &gp) { // END_REQ, or BEGIN_RESP implying it
            req_open = nullptr;
            end_req_at = sc_time_stamp() + t;
        }
        return socket->nb_transport_bw(gp, ph, t);
    }
    void serve(tlm::tlm_generic_payload &gp)
    {
        sc_time resp_delay = 20 * ns;
        if (m == mode::accept) {
            wait(10 * ns);
            CHECK_EQ(bw(gp, tlm::END_REQ, 20 * ns), tlm::TLM_ACCEPTED);
            wait(40 * ns);
            resp_delay = 30 * ns;
        } else {
            wait((m == mode::resp_first ? 30 : 40) * ns);
        }
        execute(gp);
        CHECK_EQ(bw(gp, tlm::BEGIN_RESP, resp_delay), tlm::TLM_COMPLETED);
        drop(gp);
    }
};

/* A target and its adapter in AT mode. */
struct at_bench {
    at_target tgt;
    vp::sc::c_to_sc to;
    explicit at_bench(at_target::mode m) : tgt("tgt", m), to("to")
    {
        to.socket.bind(tgt.socket);
        CHECK(!to.nb_transport());
        to.set_nb_transport(true);
        CHECK(to.nb_transport());
    }
    tlmc_target *t() { return to.target(); }
};

/* Runs body in a thread; a body left waiting for ever (the kernel runs out
 * of events) fails the test. */
void run(std::function<void()> body)
{
    bool finished = false;
    runner r("runner", [&] {
        body();
        finished = true;
    });
    sc_start();
    CHECK(finished);
}

/* Two processes write through one adapter at time 0; records when each returns. */
struct two_writers : sc_module {
    tlmc_target *t;
    sc_time done[2];
    vp_time delay[2] = {1, 1};
    tlmc_response resp[2] = {TLMC_INCOMPLETE_RESPONSE, TLMC_INCOMPLETE_RESPONSE};
    SC_HAS_PROCESS(two_writers);
    two_writers(sc_module_name n, tlmc_target *tt) : sc_module(n), t(tt)
    {
        SC_THREAD(w0);
        SC_THREAD(w1);
    }
    void write(int i)
    {
        uint32_t v = 0x11111111u * (uint32_t)(i + 1);
        vp_time d = 0;
        resp[i] = tlmc_write(t, 0x10 + 4 * (uint64_t)i, &v, 4, &d);
        delay[i] = d;
        done[i] = sc_time_stamp();
    }
    void w0() { write(0); }
    void w1() { write(1); }
};

/* Checks the two writers' data, responses and handed-back delays (0: no round). */
void check_two(at_bench &b, two_writers &w)
{
    CHECK_EQ(w.resp[0], TLMC_OK_RESPONSE);
    CHECK_EQ(w.resp[1], TLMC_OK_RESPONSE);
    CHECK_EQ(w.delay[0], 0);
    CHECK_EQ(w.delay[1], 0);
    uint32_t r = 0;
    std::memcpy(&r, &b.tgt.mem[0x10], 4);
    CHECK_EQ(r, 0x11111111u);
    std::memcpy(&r, &b.tgt.mem[0x14], 4);
    CHECK_EQ(r, 0x22222222u);
    CHECK_EQ(b.tgt.begin_req.size(), 2);
    CHECK_EQ(b.tgt.held, 0);
}

/* (a) ACCEPTED, END_REQ after a delay on the backward path, BEGIN_RESP later. */
void body_accept()
{
    at_bench b(at_target::mode::accept);
    two_writers w("w", b.t());
    run([&] {
        wait(1, SC_US);
        // Both wrote: the second BEGIN_REQ waited for the first END_REQ (30 ns).
        check_two(b, w);
        CHECK(b.tgt.begin_req[0] == SC_ZERO_TIME);
        CHECK(b.tgt.begin_req[1] == 30 * ns);
        CHECK(w.done[0] == 80 * ns);  // the response took effect at 50 + 30
        CHECK(w.done[1] == 130 * ns); // served from 50: END_REQ at 80, response at 130

        // One access with an offset and no round: the request starts at now +
        // 100 ns, the caller waits until the response, 0 comes back.
        uint32_t v = 0xdeadbeef, r = 0;
        vp_time d = 100000;
        sc_time t0 = sc_time_stamp();
        CHECK_EQ(tlmc_write(b.t(), 0x40, &v, 4, &d), TLMC_OK_RESPONSE);
        CHECK(b.tgt.begin_req.back() == t0 + 100 * ns);
        CHECK(sc_time_stamp() == t0 + 180 * ns);
        CHECK_EQ(d, 0);
        CHECK_EQ(b.tgt.mem[0x40], 0xef);

        // In a decoupled round the offsets count from the round's start.
        wait(1, SC_US);
        sc_time s = sc_time_stamp();
        vp::sc::round_begin();
        d = 100000;
        CHECK_EQ(tlmc_read(b.t(), 0x40, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(r, 0xdeadbeef);
        CHECK(sc_time_stamp() == s + 180 * ns);
        CHECK_EQ(d, 180000);       // completion as an offset from the round's start
        d += 20000;                // the hart runs on: 20 ns ahead of the kernel
        CHECK_EQ(tlmc_read(b.t(), 0x40, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK(b.tgt.begin_req.back() == s + 200 * ns);
        CHECK_EQ(d, 280000);
        d = 50000;                 // behind the kernel: the request starts now
        CHECK_EQ(tlmc_read(b.t(), 0x40, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK(b.tgt.begin_req.back() == s + 280 * ns);
        CHECK_EQ(d, 360000);
        vp::sc::round_end();

        // Debug transport is untouched by AT mode.
        tlmc_payload p;
        tlmc_payload_init(&p, TLMC_READ, 0x40, &r, 4);
        r = 0;
        CHECK_EQ(tlmc_transport_dbg(b.t(), &p), 4);
        CHECK_EQ(r, 0xdeadbeef);
        CHECK_EQ(b.tgt.held, 0);
    });
}

/* (b) BEGIN_RESP before any END_REQ: END_REQ implied (the second request
 * starts when the response takes effect). */
void body_resp_before_end_req()
{
    at_bench b(at_target::mode::resp_first);
    two_writers w("w", b.t());
    run([&] {
        wait(1, SC_US);
        check_two(b, w);
        CHECK(b.tgt.begin_req[1] == 50 * ns); // BEGIN_RESP at 30 + 20 ended the request
        CHECK(w.done[0] == 50 * ns);
        CHECK(w.done[1] == 100 * ns); // served from 50: response at 50 + 30 + 20
    });
}

/* (c) TLM_UPDATED with END_REQ, then BEGIN_RESP on the backward path. */
void body_updated_end_req()
{
    at_bench b(at_target::mode::updated_end_req);
    two_writers w("w", b.t());
    run([&] {
        wait(1, SC_US);
        check_two(b, w);
        CHECK(b.tgt.begin_req[1] == 10 * ns); // END_REQ's annotation: 10 ns
        CHECK(w.done[0] == 60 * ns);          // 40 + 20
        CHECK(w.done[1] == 100 * ns);         // served from 40: 40 + 40 + 20
    });
}

/* (c) TLM_UPDATED with BEGIN_RESP: the caller waits the delay, then sends
 * END_RESP on the forward path. */
void body_updated_begin_resp()
{
    at_bench b(at_target::mode::updated_begin_resp);
    run([&] {
        uint32_t v = 0xcafef00d, r = 0;
        vp_time d = 5000;
        CHECK_EQ(tlmc_write(b.t(), 0x20, &v, 4, &d), TLMC_OK_RESPONSE);
        CHECK(sc_time_stamp() == 30 * ns); // request at 5 ns, response annotated +25 ns
        CHECK_EQ(d, 0);
        CHECK_EQ(b.tgt.end_resp.size(), 1);
        CHECK(b.tgt.end_resp[0] == 30 * ns);
        CHECK_EQ(tlmc_read(b.t(), 0x20, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(r, 0xcafef00d);
        CHECK(sc_time_stamp() == 55 * ns);
        CHECK_EQ(b.tgt.end_resp.size(), 2);
        CHECK(b.tgt.end_resp[1] == 55 * ns);
        CHECK_EQ(b.tgt.held, 0);
    });
}

/* (d) TLM_COMPLETED on the return path: the delay comes back, no wait. */
void body_completed()
{
    at_bench b(at_target::mode::completed);
    run([&] {
        uint32_t v = 0x600dbeef, r = 0;
        vp_time d = 100000;
        CHECK_EQ(tlmc_write(b.t(), 0x30, &v, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(d, 115000);
        CHECK(sc_time_stamp() == SC_ZERO_TIME);
        CHECK(b.tgt.begin_req[0] == 100 * ns);
        CHECK_EQ(tlmc_read(b.t(), 0x30, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(r, 0x600dbeef);
        CHECK_EQ(d, 130000);
        wait(1, SC_US); // in a round: the same conversion as b_transport
        vp::sc::round_begin();
        wait(40, SC_NS); // the kernel moves on inside the round
        d = 100000;
        CHECK_EQ(tlmc_read(b.t(), 0x30, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK(b.tgt.begin_req.back() == sc_time(1100, SC_NS));
        CHECK_EQ(d, 115000);
        vp::sc::round_end();
        // A target that drops the request's delay cannot move the C side's time back.
        b.tgt.sloppy = true;
        d = 100000;
        CHECK_EQ(tlmc_read(b.t(), 0x30, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(d, 100000);
    });
}

/* (e) An error response reaches the C payload on every completion path. */
void body_error_response()
{
    at_bench acc(at_target::mode::accept);
    at_target upd("upd", at_target::mode::updated_begin_resp), cmp("cmp", at_target::mode::completed);
    vp::sc::c_to_sc to_upd("to_upd"), to_cmp("to_cmp");
    to_upd.socket.bind(upd.socket);
    to_cmp.socket.bind(cmp.socket);
    to_upd.set_nb_transport(true);
    to_cmp.set_nb_transport(true);
    run([&] {
        for (tlmc_target *t : {acc.t(), to_upd.target(), to_cmp.target()}) {
            uint32_t v = 0;
            vp_time d = 0;
            CHECK_EQ(tlmc_read(t, 0x1000, &v, 4, &d), TLMC_ADDRESS_ERROR_RESPONSE);
            CHECK_EQ(tlmc_read(t, 0x10, &v, 4, &d), TLMC_OK_RESPONSE); // and the next one works
        }
        CHECK_EQ(acc.tgt.held + upd.held, 0);
    });
}

/* simple_target_socket's own nb -> b conversion (a b_transport-only model)
 * behind an AT-mode adapter, then the same adapter back in LT mode. */
void body_simple_target_socket()
{
    sc_mem mem("mem", 256, 10 * ns);
    vp::sc::c_to_sc to("to");
    to.socket.bind(mem.socket);
    to.set_nb_transport(true);
    run([&] {
        uint32_t v = 0x01020304, r = 0;
        vp_time d = 0;
        CHECK_EQ(tlmc_write(to.target(), 0x8, &v, 4, &d), TLMC_OK_RESPONSE);
        CHECK(sc_time_stamp() == 10 * ns); // the model's latency, waited by its socket's thread
        CHECK_EQ(d, 0);
        CHECK_EQ(mem.mem[0x8], 0x04);
        to.set_nb_transport(false);
        CHECK_EQ(tlmc_read(to.target(), 0x8, &r, 4, &d), TLMC_OK_RESPONSE);
        CHECK_EQ(r, 0x01020304);
        CHECK_EQ(d, 10000); // b_transport: annotated, not waited
        CHECK(sc_time_stamp() == 10 * ns);
    });
}

/* A target's protocol violations are SC_REPORT_ERRORs; the adapter stays usable. */
void body_protocol_errors()
{
    at_target bad("bad", at_target::mode::bad_answer);
    vp::sc::c_to_sc to("to");
    to.socket.bind(bad.socket);
    to.set_nb_transport(true);
    sc_mem mem("mem", 256, 10 * ns);
    vp::sc::c_to_sc lt("lt");
    lt.socket.bind(mem.socket);
    run([&] {
        uint32_t v = 0;
        vp_time d = 0;
        bool thrown = false;
        try {
            tlmc_read(to.target(), 0x10, &v, 4, &d);
        } catch (const sc_report &r) {
            thrown = std::string(r.get_msg()).find("TLM_UPDATED and BEGIN_REQ") != std::string::npos;
        }
        CHECK(thrown);
        bad.m = at_target::mode::completed; // no stale state left in the adapter
        CHECK_EQ(tlmc_read(to.target(), 0x10, &v, 4, &d), TLMC_OK_RESPONSE);

        tlm::tlm_generic_payload gp;
        tlm::tlm_phase ph = tlm::BEGIN_RESP;
        sc_time t = SC_ZERO_TIME;
        thrown = false;
        try {
            lt.nb_transport_bw(gp, ph, t); // LT mode: no transaction is ever in flight
        } catch (const sc_report &r) {
            thrown = std::string(r.get_msg()).find("not in flight") != std::string::npos;
        }
        CHECK(thrown);
    });
}

/* (f) A SystemC AT initiator reaching a C target through sc_to_c. Its
 * backward path must never be called. */
struct at_init : sc_module, tlm::tlm_bw_transport_if<> {
    tlm::tlm_initiator_socket<> socket;
    explicit at_init(sc_module_name n) : sc_module(n), socket("socket") { socket.bind(*this); }
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload &, tlm::tlm_phase &, sc_time &) override
    {
        CHECK(!"sc_to_c called the backward path");
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
    tlm::tlm_sync_enum send(tlm::tlm_generic_payload &gp, tlm::tlm_phase ph, sc_time &t)
    {
        return socket->nb_transport_fw(gp, ph, t);
    }
};

void make_gp(tlm::tlm_generic_payload &gp, tlm::tlm_command cmd, uint64_t a, void *data)
{
    gp.set_command(cmd);
    gp.set_address(a);
    gp.set_data_ptr(static_cast<unsigned char *>(data));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

void body_sc_to_c_at_initiator()
{
    c_ram ram(0x100);
    at_init init("init");
    vp::sc::sc_to_c to_c("to_c", &ram.t);
    init.socket.bind(to_c.socket);
    run([&] {
        uint32_t v = 0xa5a5f00d, r = 0;
        tlm::tlm_generic_payload gp;
        make_gp(gp, tlm::TLM_WRITE_COMMAND, 0x10, &v);
        sc_time t(2, SC_NS);
        CHECK_EQ(init.send(gp, tlm::BEGIN_REQ, t), tlm::TLM_COMPLETED);
        CHECK(gp.is_response_ok());
        CHECK(t == 7 * ns); // the C target's 5 ns on the request's 2 ns
        CHECK_EQ(ram.mem[0x10], 0x0d);
        make_gp(gp, tlm::TLM_READ_COMMAND, 0x10, &r);
        t = SC_ZERO_TIME;
        CHECK_EQ(init.send(gp, tlm::BEGIN_REQ, t), tlm::TLM_COMPLETED);
        CHECK_EQ(r, 0xa5a5f00d);
        make_gp(gp, tlm::TLM_READ_COMMAND, 0x200, &r);
        CHECK_EQ(init.send(gp, tlm::BEGIN_REQ, t), tlm::TLM_COMPLETED);
        CHECK_EQ(gp.get_response_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);

        // END_RESP after TLM_COMPLETED: harmless, answered TLM_COMPLETED (a warning).
        sc_report_handler::set_actions(SC_WARNING, SC_LOG); // keep the test's output quiet
        unsigned warnings = sc_report_handler::get_count(SC_WARNING);
        make_gp(gp, tlm::TLM_READ_COMMAND, 0x10, &r);
        r = 0;
        CHECK_EQ(init.send(gp, tlm::END_RESP, t), tlm::TLM_COMPLETED);
        CHECK_EQ(r, 0); // nothing ran
        CHECK_EQ(sc_report_handler::get_count(SC_WARNING), warnings + 1);
        CHECK_EQ(init.send(gp, tlm::END_RESP, t), tlm::TLM_COMPLETED);
        CHECK_EQ(sc_report_handler::get_count(SC_WARNING), warnings + 1); // once per process

        // Phases only a target sends, and unknown ones, are errors.
        for (tlm::tlm_phase ph : {tlm::tlm_phase(tlm::END_REQ), tlm::tlm_phase(tlm::BEGIN_RESP),
                                  tlm::tlm_phase(tlm::UNINITIALIZED_PHASE)}) {
            bool thrown = false;
            try {
                init.send(gp, ph, t);
            } catch (const sc_report &rep) {
                thrown = std::string(rep.get_msg()).find("base protocol violation") != std::string::npos;
            }
            CHECK(thrown);
            CHECK_EQ(r, 0);
        }
        CHECK_EQ(ram.dbg_calls, 0);
    });
}

} // namespace

#define FORKED(name) \
    static void test_tlm_sc_at_##name(void **) { run_forked(body_##name); }
FORKED(accept)
FORKED(resp_before_end_req)
FORKED(updated_end_req)
FORKED(updated_begin_resp)
FORKED(completed)
FORKED(error_response)
FORKED(simple_target_socket)
FORKED(protocol_errors)
FORKED(sc_to_c_at_initiator)

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tlm_sc_at_accept),
        cmocka_unit_test(test_tlm_sc_at_resp_before_end_req),
        cmocka_unit_test(test_tlm_sc_at_updated_end_req),
        cmocka_unit_test(test_tlm_sc_at_updated_begin_resp),
        cmocka_unit_test(test_tlm_sc_at_completed),
        cmocka_unit_test(test_tlm_sc_at_error_response),
        cmocka_unit_test(test_tlm_sc_at_simple_target_socket),
        cmocka_unit_test(test_tlm_sc_at_protocol_errors),
        cmocka_unit_test(test_tlm_sc_at_sc_to_c_at_initiator),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
