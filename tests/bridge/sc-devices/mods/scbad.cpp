// SPDX-License-Identifier: Apache-2.0
// scbad.cpp - SystemC-side test types for bad input: sc_fail_null (create
// logs and returns nullptr), sc_fail_throw (create throws), sc_unbound (an
// initiator socket the type does not expose: left unbound), sc_errresp (a
// target answering TLM_GENERIC_ERROR_RESPONSE to everything), and one that
// is not bad but slow the way RTL is: sc_waiter, whose b_transport waits
// out the annotated delay and then 1 us of kernel time (reads return 0),
// and sc_nb_only, as slow but answering nb_transport_fw only (the AT base
// protocol; its b_transport is an error): it accepts BEGIN_REQ, sends
// END_REQ 30 ns later and BEGIN_RESP 1 us after the request.
#include <cstring>
#include <stdexcept>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vpbridge/vp_sc_module.h>

namespace {

struct errdev : sc_core::sc_module {
    tlm_utils::simple_target_socket<errdev> in;
    tlm_utils::simple_initiator_socket<errdev> stray; // only sc_unbound leaves it unbound
    bool m_has_stray;
    errdev(const sc_core::sc_module_name &n, bool stray_socket)
        : sc_core::sc_module(n), in("in"), stray("stray"), m_has_stray(stray_socket)
    {
        in.register_b_transport(this, &errdev::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &) { gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE); }
};

struct waiter : sc_core::sc_module {
    tlm_utils::simple_target_socket<waiter> in;
    explicit waiter(const sc_core::sc_module_name &n) : sc_core::sc_module(n), in("in")
    {
        in.register_b_transport(this, &waiter::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
    {
        wait(delay);
        delay = sc_core::SC_ZERO_TIME;
        wait(1, sc_core::SC_US);
        if (gp.is_read())
            memset(gp.get_data_ptr(), 0, gp.get_data_length());
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct nb_only : sc_core::sc_module, tlm::tlm_fw_transport_if<> {
    tlm::tlm_target_socket<> in{"in"};
    explicit nb_only(const sc_core::sc_module_name &n) : sc_core::sc_module(n)
    {
        in.bind(*this);
        SC_HAS_PROCESS(nb_only);
        SC_THREAD(respond);
    }
    void b_transport(tlm::tlm_generic_payload &, sc_core::sc_time &) override
    {
        SC_REPORT_ERROR("sc_nb_only", "b_transport called: this target answers nb_transport_fw only");
    }
    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload &gp, tlm::tlm_phase &ph, sc_core::sc_time &t) override
    {
        if (ph == tlm::END_RESP)
            return tlm::TLM_COMPLETED;
        if (ph != tlm::BEGIN_REQ || m_gp)
            SC_REPORT_ERROR("sc_nb_only", "unexpected phase or a second request before END_REQ");
        m_gp = &gp;
        m_start.notify(t);
        return tlm::TLM_ACCEPTED;
    }
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &, tlm::tlm_dmi &) override { return false; }
    unsigned int transport_dbg(tlm::tlm_generic_payload &) override { return 0; }

private:
    tlm::tlm_generic_payload *m_gp = nullptr;
    sc_core::sc_event m_start;
    void respond()
    {
        for (;;) {
            wait(m_start);
            wait(30, sc_core::SC_NS);
            tlm::tlm_phase ph = tlm::END_REQ;
            sc_core::sc_time t = sc_core::SC_ZERO_TIME;
            tlm::tlm_generic_payload *gp = m_gp;
            in->nb_transport_bw(*gp, ph, t);
            wait(970, sc_core::SC_NS);
            if (gp->is_read())
                memset(gp->get_data_ptr(), 0, gp->get_data_length());
            gp->set_response_status(tlm::TLM_OK_RESPONSE);
            m_gp = nullptr;
            ph = tlm::BEGIN_RESP;
            t = sc_core::SC_ZERO_TIME;
            if (in->nb_transport_bw(*gp, ph, t) == tlm::TLM_ACCEPTED)
                SC_REPORT_ERROR("sc_nb_only", "END_RESP on the forward path is not awaited by this target");
        }
    }
};

// errdev's stray socket is bound to this sink unless the type is sc_unbound.
struct sink : sc_core::sc_module {
    tlm_utils::simple_target_socket<sink> in;
    explicit sink(const sc_core::sc_module_name &n) : sc_core::sc_module(n), in("in") {}
};

sc_core::sc_module *create_null(const char *, const vp_device_ctx *ctx)
{
    ctx->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "licence server not reachable");
    return nullptr;
}
sc_core::sc_module *create_throw(const char *, const vp_device_ctx *) { throw std::runtime_error("bad calibration table"); }
sc_core::sc_module *create_err(const char *name, const vp_device_ctx *)
{
    auto *d = new errdev(name, true);
    auto *s = new sink((std::string(name) + "_sink").c_str()); // lives as long as the process
    d->stray.bind(s->in);
    return d;
}
sc_core::sc_module *create_unbound(const char *name, const vp_device_ctx *) { return new errdev(name, false); }
tlm::tlm_target_socket<> *target(sc_core::sc_module *m) { return &static_cast<errdev *>(m)->in; }
sc_core::sc_module *create_waiter(const char *name, const vp_device_ctx *) { return new waiter(name); }
tlm::tlm_target_socket<> *waiter_target(sc_core::sc_module *m) { return &static_cast<waiter *>(m)->in; }
sc_core::sc_module *create_nb_only(const char *name, const vp_device_ctx *) { return new nb_only(name); }
tlm::tlm_target_socket<> *nb_only_target(sc_core::sc_module *m) { return &static_cast<nb_only *>(m)->in; }

vp::sc::sc_device_type nb_only_type()
{
    vp::sc::sc_device_type t = {sizeof(vp::sc::sc_device_type), VP_ABI, "sc_nb_only",
                                "answers nb_transport_fw only, 1 us a request", nullptr, 0, create_nb_only,
                                nullptr, 0, 0x1000, nb_only_target, nullptr, nullptr, nullptr};
    t.flags = VP_SC_TARGET_NB_ONLY;
    return t;
}

#define TYPE(n, d, c)                                                                                     \
    {sizeof(vp::sc::sc_device_type), VP_ABI, n, d, nullptr, 0, c, nullptr, 0, 0x1000, target, nullptr, nullptr, nullptr}
const vp::sc::sc_device_type types[] = {
    TYPE("sc_fail_null", "create returns nullptr", create_null),
    TYPE("sc_fail_throw", "create throws", create_throw),
    TYPE("sc_errresp", "answers TLM_GENERIC_ERROR_RESPONSE", create_err),
    TYPE("sc_unbound", "has an initiator socket it does not expose", create_unbound),
    {sizeof(vp::sc::sc_device_type), VP_ABI, "sc_waiter", "waits 1 us in b_transport", nullptr, 0, create_waiter, nullptr,
     0, 0x1000, waiter_target, nullptr, nullptr, nullptr},
    nb_only_type(),
};

int init(const vp_host_api *, vp_registrar *reg)
{
    for (const auto &t : types)
        if (int rc = vp::sc::register_sc_device(reg, &t))
            return rc;
    return 0;
}

} // namespace

VP_SC_MODULE_DEFINE("scbad", "1.0", init);
