// SPDX-License-Identifier: Apache-2.0
// tlmc_sc.h - the C++ half of the TLM adapters: C TLM (tlmc.h) <-> SystemC
// TLM-2.0 (tlm::tlm_generic_payload, sockets), both ways, plus signal lines.
//
//   C initiator (a hart, the router) --tlmc_target--> c_to_sc --socket--> any SystemC target
//   any SystemC initiator --socket--> sc_to_c --tlmc_target--> C target (RAM, C device, router)
//   sc_signal<bool> --> signal_to_c --tlmc_signal sink--> C input (hart irq, PLIC source)
//   C output (tlmc_signal) --> c_to_signal --> sc_signal<bool>
//
// Semantics (IEEE 1666 LT; AT base protocol on request, see
// c_to_sc::set_nb_transport and sc_to_c): the data pointer and byte-enable pointer pass
// through without copying; payloads on the C->SystemC path come from a pool
// (no allocation per access); `delay` maps to sc_time 1:1 (picoseconds);
// DMI grants and invalidations cross in both directions (addresses are the
// socket's / target's own, as TLM defines); debug transport never advances
// time. Error responses are passed through unchanged (a hart turns them
// into access faults).
//
// Export: the classes and functions here are VP_API (default visibility in
// a build with -fvisibility=hidden), so libvpbridge.so exports them and an
// integrator's sc_main linking only that library can use them.
#ifndef VPBRIDGE_TLMC_SC_H
#define VPBRIDGE_TLMC_SC_H

#include <vpbridge/tlmc.h>

#ifdef __cplusplus // C sources see only vpbridge/tlmc.h
#include <systemc>
#include <tlm>

namespace vp::sc {

// sc_time <-> vp_time (picoseconds).
VP_API sc_core::sc_time to_sc(vp_time t);
VP_API vp_time to_vp(const sc_core::sc_time &t);

// Decoupled rounds. A temporally decoupled initiator (the CPU cluster) runs
// its harts ahead of the kernel, a round at a time; the C side's times are
// offsets from the round's start. A SystemC target may wait() inside
// b_transport (a pin-level bridge waits for clock edges, vp_sc_pins.h), so
// the kernel's time moves on during the round. While a round is open on a
// thread process:
//  - c_to_sc hands the target the offset minus the kernel time passed since
//    the round began (never below zero), and hands back the target's delay
//    plus that time: after the access the offset covers the cycles the
//    target waited, and an initiator whose offset was behind the kernel
//    catches up;
//  - sc_event_clock() (the vp_clock of C devices) reads the round's start
//    as "now" on that process and counts notify delays from it, so a C
//    device sees now + offset as before.
// On other processes, or with no round open, both use the kernel's time.
// round_begin() starts (or restarts) the current process's round at
// sc_time_stamp(); round_end() closes it. Rounds of several processes
// (several clusters) are kept apart.
VP_API void round_begin();
VP_API void round_end();
// Kernel time passed since the current process's round began; zero when
// the process has no round open.
VP_API sc_core::sc_time round_skew();
// The current process's round start, or sc_time_stamp() without a round.
VP_API sc_core::sc_time round_now();

// C initiator -> SystemC target. target() is a tlmc_target a C initiator
// (or the router, via tlmc_router_map) calls; each call becomes a
// b_transport / transport_dbg / get_direct_mem_ptr on `socket` (or, in AT
// mode, see set_nb_transport, a base-protocol nb_transport transaction). A
// backward invalidate_direct_mem_ptr from the SystemC side reaches whoever
// bound target() (tlmc_target_invalidate_dmi). An unbound socket is an
// elaboration error from SystemC, reported by the host as one line.
class VP_API c_to_sc : public sc_core::sc_module, public tlm::tlm_bw_transport_if<> {
public:
    tlm::tlm_initiator_socket<> socket;
    explicit c_to_sc(sc_core::sc_module_name name);
    ~c_to_sc() override;
    c_to_sc(const c_to_sc &) = delete;
    c_to_sc &operator=(const c_to_sc &) = delete;

    tlmc_target *target(); // borrowed; valid while the adapter lives

    // Called after every b_transport through target(). An initiator that
    // runs ahead of SystemC time (a temporally decoupled hart) uses it to
    // sync: signal changes a SystemC target makes during the access (an irq
    // cleared by a register write) only propagate when the kernel runs.
    // nullptr (the default) = no hook.
    void set_after_transport(void (*fn)(void *opaque), void *opaque);

    // AT mode, for a target that implements nb_transport_fw only: with `on`,
    // every b_transport through target() becomes one transaction of the
    // IEEE 1666 base protocol (four phases) on `socket`; transport_dbg and
    // DMI are unchanged. Off (LT, b_transport) by default; call it before
    // simulation or between accesses (during one: SC_REPORT_ERROR).
    //  - BEGIN_REQ goes out on the forward path with the access's delay,
    //    converted as b_transport's (decoupled rounds above).
    //  - Answers: TLM_COMPLETED = done, its delay handed back as b_transport's
    //    (no wait); TLM_UPDATED with END_REQ; TLM_UPDATED with BEGIN_RESP
    //    (END_REQ implied): the caller waits the delay, then sends END_RESP
    //    on the forward path with zero delay; TLM_ACCEPTED.
    //  - Backward path (nb_transport_bw): END_REQ -> TLM_ACCEPTED; BEGIN_RESP
    //    (before END_REQ too: it implies END_REQ) -> TLM_COMPLETED, i.e.
    //    END_RESP on the return path at the response's time.
    //  - The calling process waits (sc_core::wait) until the response takes
    //    effect, annotated delay included, so it must be a thread process
    //    (the CPU cluster's SC_THREAD is one); only a target that completes on
    //    the return path works from a method. The delay handed back is the
    //    completion time (never before the request's) as an offset, like
    //    b_transport's; the response status and DMI hint reach the C payload
    //    and the after-transport hook runs, as in b_transport.
    //  - Request exclusion: a BEGIN_REQ waits until the previous request's
    //    END_REQ has been received, and its delay makes it take effect no
    //    earlier than that END_REQ. Processes sharing the adapter may have
    //    several transactions in flight (responses in any order); one
    //    process has at most one (it waits for its response).
    //  - Payloads come from the adapter's pool (memory-managed: a target may
    //    acquire one and keep it past the transaction).
    //  - A target's protocol violation (an unexpected phase or answer, a
    //    backward call for no transaction in flight, any backward call in LT
    //    mode) is reported with SC_REPORT_ERROR; if the report handler
    //    returns, the transaction ends with TLM_GENERIC_ERROR_RESPONSE.
    void set_nb_transport(bool on);
    bool nb_transport() const; // AT mode on

    // tlm_bw_transport_if
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload &, tlm::tlm_phase &, sc_core::sc_time &) override;
    void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) override;

    struct impl;
private:
    impl *m_impl;
};

// SystemC initiator -> C target. Binds `socket` to a C target (not owned,
// must outlive the adapter); the C target's DMI invalidations become
// socket->invalidate_direct_mem_ptr calls. Payload fields the C side does
// not model (extensions) are ignored; byte enables and streaming width are
// passed through.
// AT initiators: nb_transport_fw completes every transaction in its
// BEGIN_REQ call (the C target's b_transport, same time conversion) and
// answers TLM_COMPLETED with the completion's delay in `t` (IEEE 1666: the
// caller then ignores the phase); no backward call ever follows. An END_RESP
// (an initiator answering a BEGIN_RESP it never got) is answered
// TLM_COMPLETED and ignored, with one SC_REPORT_WARNING per process;
// END_REQ, BEGIN_RESP or an unknown phase on the forward path is reported
// with SC_REPORT_ERROR (answered TLM_COMPLETED, payload untouched, if the
// report handler returns).
class VP_API sc_to_c : public sc_core::sc_module, public tlm::tlm_fw_transport_if<> {
public:
    tlm::tlm_target_socket<> socket;
    sc_to_c(sc_core::sc_module_name name, tlmc_target *target);
    sc_to_c(const sc_to_c &) = delete;
    sc_to_c &operator=(const sc_to_c &) = delete;

    // tlm_fw_transport_if
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay) override;
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload &gp, tlm::tlm_phase &phase,
                                       sc_core::sc_time &t) override; // see above
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi) override;
    unsigned int transport_dbg(tlm::tlm_generic_payload &gp) override;

private:
    tlmc_target *m_target;
};

// sc_signal<bool> (bind `in`) -> a C input: calls sink(opaque, line, level)
// on every change (and once at start with the initial level if it is true).
class VP_API signal_to_c : public sc_core::sc_module {
public:
    sc_core::sc_in<bool> in;
    signal_to_c(sc_core::sc_module_name name, tlmc_signal_fn sink, void *opaque, uint32_t line);

private:
    void on_change();
    tlmc_signal_fn m_sink;
    void *m_opaque;
    uint32_t m_line;
};

// A C output -> sc_signal<bool> (bind `out`). bind() points a C device's
// tlmc_signal at this adapter; level changes are written to `out`.
// They are written by the adapter's own process one delta cycle later
// (so the bound sc_signal has one writer whichever process the C side
// runs in); before sc_start they become the initial value.
class VP_API c_to_signal : public sc_core::sc_module {
public:
    sc_core::sc_out<bool> out;
    explicit c_to_signal(sc_core::sc_module_name name);
    void bind(tlmc_signal *s); // tlmc_signal_bind(s, sink, this, 0)
    static void sink(void *opaque, uint32_t line, bool level);

private:
    bool m_level = false;
    // -- appended: the adapter's own writer process (one driver per signal) --
    void drive();
    sc_core::sc_event m_changed;
};

} // namespace vp::sc

#endif // __cplusplus
#endif // VPBRIDGE_TLMC_SC_H
