// SPDX-License-Identifier: Apache-2.0
// tlmc_sc.cpp - C TLM <-> SystemC TLM-2.0 adapters (c_to_sc, sc_to_c) and
// the sc_time <-> vp_time conversions; LT (b_transport), plus the AT base
// protocol (nb_transport, four phases) as c_to_sc's option and sc_to_c's
// one-call completion.
#include <vpbridge/tlmc_sc.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace vp::sc {
namespace {

using tlm::tlm_generic_payload;

/* Kernel ticks <-> picoseconds: ticks * mul / div (exact for power-of-ten
 * resolutions). Computed on first use; the resolution is fixed by then.
 * A namespace-scope constant-initialised object (no guard on every use);
 * `identity` (1 ps resolution, the default) skips the division. */
struct tick_scale {
    uint64_t mul = 0, div = 1;
    bool identity = false;
    sc_core::sc_time tick; // one kernel tick
};

tick_scale g_scale;

__attribute__((noinline)) void init_scale()
{
    tick_scale s;
    double res_ps = sc_core::sc_get_time_resolution().to_seconds() * 1e12;
    if (res_ps >= 1.0) {
        s.div = 1;
        s.mul = (uint64_t)std::llround(res_ps);
    } else {
        s.div = (uint64_t)std::llround(1.0 / res_ps);
        s.mul = 1;
    }
    s.identity = s.mul == 1 && s.div == 1;
    s.tick = sc_core::sc_time::from_value(1);
    g_scale = s;
}

inline const tick_scale &scale()
{
    if (__builtin_expect(g_scale.mul == 0, 0))
        init_scale();
    return g_scale;
}

/* sc_time::from_value is a library call; below 2^52 ticks (75 minutes at
 * 1 ps) one tick times the count is exact ((double)v + 0.5 is representable)
 * and inline. */
inline sc_core::sc_time ticks_from_ps(vp_time t)
{
    const tick_scale &s = scale();
    uint64_t v = s.identity ? t : s.div == 1 ? t / s.mul : t * s.div;
    if (__builtin_expect(v < (uint64_t(1) << 52), 1))
        return s.tick * (double)v;
    return sc_core::sc_time::from_value(v);
}

inline vp_time ps_from_ticks(const sc_core::sc_time &t)
{
    const tick_scale &s = scale();
    return s.identity ? t.value() : s.div == 1 ? t.value() * s.mul : t.value() / s.div;
}

static_assert((int)TLMC_READ == (int)tlm::TLM_READ_COMMAND && (int)TLMC_WRITE == (int)tlm::TLM_WRITE_COMMAND &&
                  (int)TLMC_IGNORE == (int)tlm::TLM_IGNORE_COMMAND,
              "command values");

inline tlm::tlm_command to_tlm(tlmc_command c)
{
    return (unsigned)c <= (unsigned)TLMC_IGNORE ? static_cast<tlm::tlm_command>(c) : tlm::TLM_IGNORE_COMMAND;
}

tlmc_command to_c(tlm::tlm_command c)
{
    switch (c) {
    case tlm::TLM_READ_COMMAND:
        return TLMC_READ;
    case tlm::TLM_WRITE_COMMAND:
        return TLMC_WRITE;
    default:
        return TLMC_IGNORE;
    }
}

/* The two response enums share their values (IEEE 1666 table 56). */
static_assert((int)TLMC_OK_RESPONSE == (int)tlm::TLM_OK_RESPONSE, "response values");
static_assert((int)TLMC_INCOMPLETE_RESPONSE == (int)tlm::TLM_INCOMPLETE_RESPONSE, "response values");
static_assert((int)TLMC_GENERIC_ERROR_RESPONSE == (int)tlm::TLM_GENERIC_ERROR_RESPONSE, "response values");
static_assert((int)TLMC_ADDRESS_ERROR_RESPONSE == (int)tlm::TLM_ADDRESS_ERROR_RESPONSE, "response values");
static_assert((int)TLMC_COMMAND_ERROR_RESPONSE == (int)tlm::TLM_COMMAND_ERROR_RESPONSE, "response values");
static_assert((int)TLMC_BURST_ERROR_RESPONSE == (int)tlm::TLM_BURST_ERROR_RESPONSE, "response values");
static_assert((int)TLMC_BYTE_ENABLE_ERROR_RESPONSE == (int)tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE,
              "response values");
static_assert(TLMC_DMI_READ == tlm::tlm_dmi::DMI_ACCESS_READ && TLMC_DMI_WRITE == tlm::tlm_dmi::DMI_ACCESS_WRITE,
              "dmi access bits");

/* tlmc payload -> generic payload (every field the C side models). */
inline void fill_gp(tlm_generic_payload &gp, const tlmc_payload *p)
{
    gp.set_command(to_tlm(p->command));
    gp.set_address(p->address);
    gp.set_data_ptr(p->data);
    gp.set_data_length(p->length);
    uint32_t sw = p->streaming_width;
    gp.set_streaming_width(sw == 0 || sw > p->length ? p->length : sw);
    gp.set_byte_enable_ptr(p->byte_enable);
    gp.set_byte_enable_length(p->byte_enable ? p->byte_enable_length : 0);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
}

/* generic payload -> a tlmc payload on the stack. */
void fill_c(tlmc_payload *p, const tlm_generic_payload &gp)
{
    tlmc_payload_init(p, to_c(gp.get_command()), gp.get_address(), gp.get_data_ptr(), gp.get_data_length());
    p->streaming_width = gp.get_streaming_width();
    p->byte_enable = gp.get_byte_enable_ptr();
    p->byte_enable_length = p->byte_enable ? gp.get_byte_enable_length() : 0;
    p->response = static_cast<tlmc_response>(gp.get_response_status());
}

void dmi_to_c(tlmc_dmi *out, const tlm::tlm_dmi &d)
{
    out->ptr = d.get_dmi_ptr();
    out->start = d.get_start_address();
    out->end = d.get_end_address();
    out->access = static_cast<uint32_t>(d.get_granted_access()) & TLMC_DMI_READ_WRITE;
    out->read_latency = to_vp(d.get_read_latency());
    out->write_latency = to_vp(d.get_write_latency());
}

void dmi_to_sc(tlm::tlm_dmi &out, const tlmc_dmi &d)
{
    out.set_dmi_ptr(d.ptr);
    out.set_start_address(d.start);
    out.set_end_address(d.end);
    out.set_granted_access(static_cast<tlm::tlm_dmi::dmi_access_e>(d.access & TLMC_DMI_READ_WRITE));
    out.set_read_latency(to_sc(d.read_latency));
    out.set_write_latency(to_sc(d.write_latency));
}

} // namespace

sc_core::sc_time to_sc(vp_time t) { return ticks_from_ps(t); }

vp_time to_vp(const sc_core::sc_time &t) { return ps_from_ticks(t); }

/* ---- decoupled rounds ---------------------------------------------------- */

namespace {

struct open_round {
    sc_core::sc_process_b *proc; // the initiator's thread process
    sc_core::sc_time start;
};

// Usually one entry (one CPU cluster) or none.
std::vector<open_round> g_rounds;

open_round *find_round(sc_core::sc_process_b *proc)
{
    for (open_round &r : g_rounds)
        if (r.proc == proc)
            return &r;
    return nullptr;
}

// The kernel time passed since the current process's round began, in ps.
// Cheap when nothing waited: one round open and the kernel still at its start.
inline vp_time skew_ps()
{
    if (__builtin_expect(g_rounds.empty(), 0))
        return 0;
    const sc_core::sc_time &now = sc_core::sc_time_stamp();
    if (g_rounds.size() == 1 && g_rounds[0].start == now)
        return 0;
    open_round *r = find_round(sc_core::sc_get_current_process_b());
    return r ? ps_from_ticks(now) - ps_from_ticks(r->start) : 0;
}

} // namespace

void round_begin()
{
    sc_core::sc_process_b *proc = sc_core::sc_get_current_process_b();
    const sc_core::sc_time &now = sc_core::sc_time_stamp();
    if (open_round *r = find_round(proc))
        r->start = now;
    else
        g_rounds.push_back({proc, now});
}

void round_end()
{
    sc_core::sc_process_b *proc = sc_core::sc_get_current_process_b();
    for (std::size_t i = 0; i < g_rounds.size(); i++)
        if (g_rounds[i].proc == proc) {
            g_rounds.erase(g_rounds.begin() + (std::ptrdiff_t)i);
            return;
        }
}

sc_core::sc_time round_skew() { return ticks_from_ps(skew_ps()); }

sc_core::sc_time round_now()
{
    const sc_core::sc_time &now = sc_core::sc_time_stamp();
    if (g_rounds.empty() || (g_rounds.size() == 1 && g_rounds[0].start == now))
        return now; // nothing waited: the round's start is now
    open_round *r = find_round(sc_core::sc_get_current_process_b());
    return r ? r->start : now;
}

/* ---- c_to_sc ------------------------------------------------------------ */

namespace {
const char *const k_msg = "vp::sc::c_to_sc";

/* One AT transaction in flight, on its calling thread's stack. */
struct at_txn {
    tlm_generic_payload *gp = nullptr;
    bool end_req = false;   // END_REQ received (or implied by BEGIN_RESP / TLM_COMPLETED)
    bool resp = false;      // BEGIN_RESP received (or TLM_COMPLETED)
    sc_core::sc_time resp_at; // when the response takes effect (kernel time)
};

/* What a transaction needs after BEGIN_REQ's return path. */
enum class at_next { wait_bw, end_resp_fw, done };
} // namespace

/* The C face and the payload pool. A payload goes back to the free list
 * when its reference count drops to zero (tlm_mm_interface::free), so a
 * target that acquires one keeps it for as long as it likes. b_transport
 * reuses one payload the adapter holds (`current`) as long as no target
 * keeps it; it is not reset between accesses (reset() runs when a payload
 * returns to the pool). In AT mode `current` is nullptr, so the fast path's
 * existing test sends every access to b_transport_slow, which branches to
 * at_transport: LT accesses pay nothing for AT. */
struct c_to_sc::impl : public tlm::tlm_mm_interface {
    c_to_sc *owner;
    tlmc_target face{};
    std::vector<tlm_generic_payload *> free_list;
    std::vector<tlm_generic_payload *> all; // owned; deleted with the adapter
    tlm_generic_payload *current = nullptr;  // b_transport's reusable payload (one reference held)
    void (*after_fn)(void *) = nullptr;      // set_after_transport hook
    void *after_opaque = nullptr;
    bool current_busy = false;               // a b_transport is using `current`
    tlm::tlm_fw_transport_if<> *fw = nullptr; // the bound target, cached on first use (after binding)
    // -- AT mode (set_nb_transport) --
    bool at = false;
    std::vector<at_txn *> at_live;   // transactions in flight (one per waiting process)
    at_txn *req_open = nullptr;      // BEGIN_REQ sent, END_REQ not yet received
    sc_core::sc_time req_free_at;    // when the last END_REQ took effect
    sc_core::sc_event at_ev;         // a backward call changed something (delta notifications only)

    explicit impl(c_to_sc *o) : owner(o) {}
    ~impl() override
    {
        for (tlm_generic_payload *gp : all) {
            gp->set_mm(nullptr); // reset() without extensions cleanup by mm
            delete gp;
        }
    }

    tlm_generic_payload *get()
    {
        tlm_generic_payload *gp;
        if (free_list.empty()) {
            gp = new tlm_generic_payload(this);
            all.push_back(gp);
            free_list.reserve(all.capacity());
        } else {
            gp = free_list.back();
            free_list.pop_back();
        }
        gp->acquire();
        return gp;
    }

    void free(tlm_generic_payload *gp) override
    {
        gp->reset(); // drops auto extensions a target may have set
        free_list.push_back(gp);
    }

    static void b_transport(void *opaque, tlmc_payload *p, vp_time *delay);
    void b_transport_slow(tlmc_payload *p, vp_time *delay);
    void at_transport(tlmc_payload *p, vp_time *delay);
    void at_wait_request_channel();
    at_next at_begin_req(at_txn &tx, sc_core::sc_time t);
    void at_end_req(at_txn &tx, const sc_core::sc_time &at);
    void at_begin_resp(at_txn &tx, const sc_core::sc_time &at);
    void at_error(at_txn *tx, const std::string &what);
    at_txn *at_find(const tlm_generic_payload &gp);
    tlm::tlm_sync_enum nb_transport_bw(tlm_generic_payload &gp, tlm::tlm_phase &phase, sc_core::sc_time &t);
    void replace_current();
    static uint32_t transport_dbg(void *opaque, tlmc_payload *p);
    static bool get_dmi(void *opaque, tlmc_payload *p, tlmc_dmi *dmi);
};

// Fast path: the adapter's own payload (held with one reference) and the
// cached target interface. Everything else (first call, a nested call while
// `current` is in use) takes b_transport_slow.
void c_to_sc::impl::b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    impl *m = static_cast<impl *>(opaque);
    tlm_generic_payload *gp = m->current;
    if (__builtin_expect(!gp || m->current_busy || !m->fw, 0)) {
        m->b_transport_slow(p, delay);
        return;
    }
    m->current_busy = true;
    fill_gp(*gp, p);
    vp_time skew = skew_ps(); // the offset counts from the round's start
    sc_core::sc_time d = ticks_from_ps(*delay > skew ? *delay - skew : 0);
    m->fw->b_transport(*gp, d);
    *delay = ps_from_ticks(d) + skew_ps();
    p->response = static_cast<tlmc_response>(gp->get_response_status());
    p->dmi_allowed = gp->is_dmi_allowed();
    if (m->after_fn)
        m->after_fn(m->after_opaque);
    m->current_busy = false;
    if (__builtin_expect(gp->get_ref_count() != 1, 0))
        m->replace_current();
}

// The target kept `current`: it comes back via free(); take a fresh one.
__attribute__((noinline)) void c_to_sc::impl::replace_current()
{
    current->release();
    current = get();
}

__attribute__((noinline)) void c_to_sc::impl::b_transport_slow(tlmc_payload *p, vp_time *delay)
{
    if (!fw)
        fw = owner->socket.operator->(); // bound by now: b_transport runs in simulation
    if (at) {
        at_transport(p, delay);
        return;
    }
    bool own = current && !current_busy;
    tlm_generic_payload *gp = own ? current : get();
    current_busy |= own;
    fill_gp(*gp, p);
    vp_time skew = skew_ps();
    sc_core::sc_time d = to_sc(*delay > skew ? *delay - skew : 0);
    owner->socket->b_transport(*gp, d);
    *delay = to_vp(d) + skew_ps();
    p->response = static_cast<tlmc_response>(gp->get_response_status());
    p->dmi_allowed = gp->is_dmi_allowed();
    if (after_fn)
        after_fn(after_opaque);
    if (!own) {
        gp->release();
        return;
    }
    current_busy = false;
    if (gp->get_ref_count() != 1)
        replace_current();
}

/* ---- c_to_sc: AT (set_nb_transport) --------------------------------------
 *
 * One C access = one base-protocol transaction on a pooled payload:
 * BEGIN_REQ on the forward path with the converted delay, then what the
 * target answers:
 *   TLM_COMPLETED            done on the return path: the delay is handed back
 *                            as b_transport's (no wait);
 *   TLM_UPDATED + END_REQ    the request ends at now + t; wait for BEGIN_RESP;
 *   TLM_UPDATED + BEGIN_RESP END_REQ implied; wait t, then END_RESP on the
 *                            forward path (zero delay);
 *   TLM_ACCEPTED             wait for the backward path.
 * Backward path: END_REQ -> TLM_ACCEPTED; BEGIN_RESP (implying END_REQ when
 * it has not come) -> TLM_COMPLETED, so END_RESP happens on the return path
 * at the response's time; the calling thread waits until then.
 * Request exclusion: a process sends BEGIN_REQ only once the previous
 * request's END_REQ has been received, annotated to take effect no earlier
 * than that END_REQ; several processes may have transactions in flight
 * (responses in any order).
 * Time: the request's kernel time R is the C offset converted as in
 * b_transport; the delay handed back is (completion time, never before R)
 * minus the kernel's now, plus skew_ps() as in b_transport. */

at_txn *c_to_sc::impl::at_find(const tlm_generic_payload &gp)
{
    for (at_txn *tx : at_live)
        if (tx->gp == &gp)
            return tx;
    return nullptr;
}

// Reports a protocol violation (SystemC's report actions apply: by default
// it throws). If the handler returns, the transaction ends with a generic
// error (when the target set no status) so that no process waits for ever.
void c_to_sc::impl::at_error(at_txn *tx, const std::string &what)
{
    std::string msg = std::string(owner->name()) + ": base protocol violation: " + what;
    SC_REPORT_ERROR(k_msg, msg.c_str());
    if (!tx)
        return;
    if (tx->gp->get_response_status() == tlm::TLM_INCOMPLETE_RESPONSE)
        tx->gp->set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    if (!tx->resp)
        at_begin_resp(*tx, sc_core::sc_time_stamp());
}

void c_to_sc::impl::at_end_req(at_txn &tx, const sc_core::sc_time &when)
{
    tx.end_req = true;
    if (req_open != &tx)
        return;
    req_open = nullptr;
    if (when > req_free_at)
        req_free_at = when;
    at_ev.notify(sc_core::SC_ZERO_TIME);
}

void c_to_sc::impl::at_begin_resp(at_txn &tx, const sc_core::sc_time &when)
{
    if (!tx.end_req)
        at_end_req(tx, when); // BEGIN_RESP implies END_REQ
    tx.resp = true;
    tx.resp_at = when;
    at_ev.notify(sc_core::SC_ZERO_TIME);
}

// Waits until no request is open (the previous END_REQ was received).
void c_to_sc::impl::at_wait_request_channel()
{
    while (req_open)
        sc_core::wait(at_ev);
}

// Sends BEGIN_REQ with delay t and takes the return path's answer.
at_next c_to_sc::impl::at_begin_req(at_txn &tx, sc_core::sc_time t)
{
    tlm::tlm_phase ph = tlm::BEGIN_REQ;
    tlm::tlm_sync_enum s = fw->nb_transport_fw(*tx.gp, ph, t);
    sc_core::sc_time when = sc_core::sc_time_stamp() + t;
    if (s == tlm::TLM_COMPLETED) {
        if (!tx.resp)
            at_begin_resp(tx, when);
        return at_next::done;
    }
    if (s == tlm::TLM_ACCEPTED)
        return at_next::wait_bw;
    if (ph == tlm::END_REQ && !tx.end_req) {
        at_end_req(tx, when);
        return at_next::wait_bw;
    }
    if (ph == tlm::BEGIN_RESP && !tx.resp) {
        at_begin_resp(tx, when);
        return at_next::end_resp_fw;
    }
    at_error(&tx, std::string("BEGIN_REQ answered with TLM_UPDATED and ") + ph.get_name());
    return at_next::done;
}

namespace {
// A transaction's registration in its adapter for the scope of the call:
// also when a report or a process kill (sc_unwind_exception) leaves it.
struct at_scope {
    c_to_sc::impl &m;
    at_txn &tx;
    at_scope(c_to_sc::impl &a, at_txn &t) : m(a), tx(t)
    {
        m.at_live.push_back(&tx);
        m.req_open = &tx;
    }
    ~at_scope()
    {
        for (std::size_t i = 0; i < m.at_live.size(); i++)
            if (m.at_live[i] == &tx) {
                m.at_live[i] = m.at_live.back();
                m.at_live.pop_back();
                break;
            }
        if (m.req_open == &tx) { // left before END_REQ: free the request channel
            m.req_open = nullptr;
            m.at_ev.notify(sc_core::SC_ZERO_TIME);
        }
        tx.gp->release();
    }
    at_scope(const at_scope &) = delete;
    at_scope &operator=(const at_scope &) = delete;
};
} // namespace

void c_to_sc::impl::at_transport(tlmc_payload *p, vp_time *delay)
{
    vp_time skew = skew_ps(); // the offset counts from the round's start, as in b_transport
    sc_core::sc_time req_at = sc_core::sc_time_stamp() + to_sc(*delay > skew ? *delay - skew : 0);
    at_wait_request_channel();
    if (req_free_at > req_at)
        req_at = req_free_at; // not before the previous END_REQ takes effect (annotated, no wait)
    at_txn tx;
    tx.gp = get();
    fill_gp(*tx.gp, p);
    at_scope scope(*this, tx);
    sc_core::sc_time now = sc_core::sc_time_stamp();
    at_next next = at_begin_req(tx, req_at > now ? req_at - now : sc_core::SC_ZERO_TIME);
    if (next != at_next::done) {
        while (!tx.resp)
            sc_core::wait(at_ev);
        now = sc_core::sc_time_stamp();
        if (tx.resp_at > now)
            sc_core::wait(tx.resp_at - now); // the response's annotated delay
    }
    if (next == at_next::end_resp_fw) {
        tlm::tlm_phase ph = tlm::END_RESP;
        sc_core::sc_time t = sc_core::SC_ZERO_TIME;
        if (fw->nb_transport_fw(*tx.gp, ph, t) == tlm::TLM_UPDATED)
            at_error(nullptr, std::string("END_RESP answered with TLM_UPDATED and ") + ph.get_name());
    }
    sc_core::sc_time done = tx.resp_at > req_at ? tx.resp_at : req_at; // never before the request
    now = sc_core::sc_time_stamp();
    *delay = to_vp(done > now ? done - now : sc_core::SC_ZERO_TIME) + skew_ps();
    p->response = static_cast<tlmc_response>(tx.gp->get_response_status());
    p->dmi_allowed = tx.gp->is_dmi_allowed();
    if (after_fn)
        after_fn(after_opaque);
}

tlm::tlm_sync_enum c_to_sc::impl::nb_transport_bw(tlm_generic_payload &gp, tlm::tlm_phase &phase,
                                                  sc_core::sc_time &t)
{
    at_txn *tx = at_find(gp);
    if (!tx) {
        at_error(nullptr, std::string("nb_transport_bw(") + phase.get_name() +
                              ") for a transaction that is not in flight");
        return tlm::TLM_COMPLETED;
    }
    sc_core::sc_time when = sc_core::sc_time_stamp() + t;
    if (phase == tlm::END_REQ && !tx->end_req) {
        at_end_req(*tx, when);
        return tlm::TLM_ACCEPTED;
    }
    if (phase == tlm::BEGIN_RESP && !tx->resp) {
        at_begin_resp(*tx, when);
        return tlm::TLM_COMPLETED; // END_RESP on the return path, at the response's time
    }
    at_error(tx, std::string("unexpected ") + phase.get_name() + " on the backward path");
    return tlm::TLM_COMPLETED;
}

uint32_t c_to_sc::impl::transport_dbg(void *opaque, tlmc_payload *p)
{
    impl *m = static_cast<impl *>(opaque);
    tlm_generic_payload *gp = m->get();
    fill_gp(*gp, p);
    unsigned int n = m->owner->socket->transport_dbg(*gp);
    if (gp->get_response_status() != tlm::TLM_INCOMPLETE_RESPONSE)
        p->response = static_cast<tlmc_response>(gp->get_response_status());
    gp->release();
    return n;
}

bool c_to_sc::impl::get_dmi(void *opaque, tlmc_payload *p, tlmc_dmi *dmi)
{
    impl *m = static_cast<impl *>(opaque);
    tlm_generic_payload *gp = m->get();
    fill_gp(*gp, p);
    tlm::tlm_dmi d; // default: no access, whole address range
    bool ok = m->owner->socket->get_direct_mem_ptr(*gp, d);
    dmi_to_c(dmi, d);
    if (!ok)
        dmi->access = 0;
    gp->release();
    return ok;
}

namespace {
const tlmc_target_ops k_c_to_sc_ops = {
    sizeof(tlmc_target_ops), TLMC_ABI, c_to_sc::impl::b_transport, c_to_sc::impl::transport_dbg,
    c_to_sc::impl::get_dmi,
};
} // namespace

c_to_sc::c_to_sc(sc_core::sc_module_name name) : sc_module(name), socket("socket"), m_impl(new impl(this))
{
    socket.bind(static_cast<tlm::tlm_bw_transport_if<> &>(*this));
    m_impl->face.ops = &k_c_to_sc_ops;
    m_impl->face.opaque = m_impl;
    m_impl->face.name = basename();
    m_impl->current = m_impl->get();
}

c_to_sc::~c_to_sc() { delete m_impl; }

tlmc_target *c_to_sc::target() { return &m_impl->face; }

void c_to_sc::set_after_transport(void (*fn)(void *opaque), void *opaque)
{
    m_impl->after_fn = fn;
    m_impl->after_opaque = opaque;
}

void c_to_sc::set_nb_transport(bool on)
{
    impl *m = m_impl;
    if (m->current_busy || !m->at_live.empty()) {
        SC_REPORT_ERROR(k_msg, (std::string(name()) + ": set_nb_transport during an access").c_str());
        return;
    }
    m->at = on;
    if (on && m->current) { // AT takes a payload from the pool per transaction
        m->current->release();
        m->current = nullptr;
    } else if (!on && !m->current) {
        m->current = m->get();
    }
}

bool c_to_sc::nb_transport() const { return m_impl->at; }

// AT mode: END_REQ and BEGIN_RESP of a transaction in flight. Anything else
// (any backward call in LT mode) is a protocol violation of the target.
tlm::tlm_sync_enum c_to_sc::nb_transport_bw(tlm::tlm_generic_payload &gp, tlm::tlm_phase &phase,
                                            sc_core::sc_time &t)
{
    return m_impl->nb_transport_bw(gp, phase, t);
}

void c_to_sc::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end)
{
    tlmc_target_invalidate_dmi(&m_impl->face, start, end);
}

/* ---- sc_to_c ------------------------------------------------------------ */

namespace {
void sc_to_c_invalidate(void *bw_opaque, uint64_t start, uint64_t end)
{
    static_cast<sc_to_c *>(bw_opaque)->socket->invalidate_direct_mem_ptr(start, end);
}
} // namespace

sc_to_c::sc_to_c(sc_core::sc_module_name name, tlmc_target *target)
    : sc_module(name), socket("socket"), m_target(target)
{
    socket.bind(static_cast<tlm::tlm_fw_transport_if<> &>(*this));
    m_target->invalidate = sc_to_c_invalidate;
    m_target->bw_opaque = this;
}

void sc_to_c::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
{
    tlmc_payload p;
    fill_c(&p, gp);
    p.response = TLMC_INCOMPLETE_RESPONSE;
    // On a decoupled round's process the C side counts from the round's
    // start (round_now): add the kernel time passed since, take it back off.
    vp_time skew = skew_ps();
    vp_time d = to_vp(delay) + skew;
    tlmc_b_transport(m_target, &p, &d);
    delay = to_sc(d > skew ? d - skew : 0);
    gp.set_response_status(static_cast<tlm::tlm_response_status>(p.response));
    gp.set_dmi_allowed(p.dmi_allowed);
}

// Every transaction completes in its BEGIN_REQ call (the C target's
// b_transport, with the same time conversion): TLM_COMPLETED, the
// completion's delay in `t` (the phase is then ignored by the caller; it is
// set to END_RESP). An END_RESP can only be an initiator's mistake (this
// target never sends BEGIN_RESP): harmless, answered TLM_COMPLETED with a
// warning (once per process). END_REQ, BEGIN_RESP and unknown phases are
// reported as errors (SC_REPORT_ERROR) and answered TLM_COMPLETED with the
// payload untouched.
tlm::tlm_sync_enum sc_to_c::nb_transport_fw(tlm::tlm_generic_payload &gp, tlm::tlm_phase &phase,
                                            sc_core::sc_time &t)
{
    static const char *const msg_type = "vp::sc::sc_to_c";
    if (phase == tlm::BEGIN_REQ) {
        b_transport(gp, t);
        phase = tlm::END_RESP;
        return tlm::TLM_COMPLETED;
    }
    std::string what = std::string(name()) + ": nb_transport_fw(" + phase.get_name() + ")";
    if (phase == tlm::END_RESP) {
        static bool warned = false;
        if (!warned) {
            warned = true;
            what += " after the transaction completed on the return path (TLM_COMPLETED): ignored";
            SC_REPORT_WARNING(msg_type, what.c_str());
        }
        return tlm::TLM_COMPLETED;
    }
    what += ": base protocol violation (an initiator sends only BEGIN_REQ and END_RESP)";
    SC_REPORT_ERROR(msg_type, what.c_str());
    return tlm::TLM_COMPLETED;
}

bool sc_to_c::get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi)
{
    tlmc_payload p;
    fill_c(&p, gp);
    tlmc_dmi d = {nullptr, 0, std::numeric_limits<uint64_t>::max(), 0, 0, 0};
    bool ok = tlmc_get_direct_mem_ptr(m_target, &p, &d);
    dmi_to_sc(dmi, d);
    if (!ok)
        dmi.set_granted_access(tlm::tlm_dmi::DMI_ACCESS_NONE);
    return ok;
}

unsigned int sc_to_c::transport_dbg(tlm::tlm_generic_payload &gp)
{
    tlmc_payload p;
    fill_c(&p, gp);
    p.response = TLMC_INCOMPLETE_RESPONSE;
    uint32_t n = tlmc_transport_dbg(m_target, &p);
    if (p.response != TLMC_INCOMPLETE_RESPONSE)
        gp.set_response_status(static_cast<tlm::tlm_response_status>(p.response));
    return n;
}

} // namespace vp::sc
