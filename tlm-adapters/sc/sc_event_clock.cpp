// SPDX-License-Identifier: Apache-2.0
// sc_event_clock.cpp - vp_clock_ops on the SystemC kernel for C devices in
// a user's sc_main (vp::sc::c_device): the kernel's time (the round's start
// on a decoupled round's process) and one sc_event
// plus one spawned SC_METHOD per vp_event.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include <vpbridge/vp_sc_device.h>

#include <cstdio>
#include <string>

namespace vp::sc {
namespace {

using namespace sc_core;

struct sc_vp_event {
    sc_event ev;            // notified by event_notify
    sc_process_handle proc; // the SC_METHOD that calls fn
    vp_event_fn fn;         // NULL once destroyed
    void *opaque;
};

// Events destroyed while the kernel may still reference them (elaboration,
// stopped kernel, own callback) stay here, reachable, until exit.
std::vector<sc_vp_event *> *g_retired;

std::string process_name(const char *name)
{
    std::string s = (name && *name) ? name : "event";
    for (char &c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            c = '_';
    return sc_gen_unique_name(s.c_str(), true);
}

// On a decoupled round's process (the CPU cluster's), now is the round's
// start: the hart's offsets count from it (round_begin, tlmc_sc.h).
vp_time clk_now(void *) { return to_vp(round_now()); }

vp_event *clk_create(void *, const char *name, vp_event_fn fn, void *opaque)
{
    sc_vp_event *e = new sc_vp_event;
    e->fn = fn;
    e->opaque = opaque;
    try {
        sc_spawn_options o;
        o.spawn_method();
        o.dont_initialize();
        o.set_sensitivity(&e->ev);
        std::string pname = process_name(name);
        e->proc = sc_spawn(
            [e]() {
                if (e->fn)
                    e->fn(e->opaque);
            },
            pname.c_str(), &o);
    } catch (const std::exception &x) {
        std::fprintf(stderr, "vpbridge: cannot create event '%s': %s\n", name ? name : "", x.what());
        delete e;
        return nullptr;
    }
    return reinterpret_cast<vp_event *>(e);
}

void clk_notify(void *, vp_event *ev, vp_time delay)
{
    sc_vp_event *e = reinterpret_cast<sc_vp_event *>(ev);
    e->ev.cancel();
    // `delay` counts from clk_now(): from the round's start on a round's
    // process, where the kernel may already be later (never in the past).
    sc_time d = to_sc(delay), skew = round_skew();
    e->ev.notify(d > skew ? d - skew : SC_ZERO_TIME);
}

void clk_cancel(void *, vp_event *ev) { reinterpret_cast<sc_vp_event *>(ev)->ev.cancel(); }

void clk_destroy(void *, vp_event *ev)
{
    sc_vp_event *e = reinterpret_cast<sc_vp_event *>(ev);
    if (!e)
        return;
    e->fn = nullptr;
    e->ev.cancel();
    if (sc_get_status() == SC_RUNNING && sc_get_current_process_handle() != e->proc) {
        e->proc.kill(); // unlinks the static sensitivity: the event can go
        delete e;
        return;
    }
    if (!g_retired)
        g_retired = new std::vector<sc_vp_event *>;
    g_retired->push_back(e);
}

const vp_clock_ops k_ops = {sizeof(vp_clock_ops), VP_CLOCK_ABI, clk_now, clk_create, clk_notify, clk_cancel,
                            clk_destroy};
const vp_clock k_clock = {&k_ops, nullptr};

} // namespace

const vp_clock *sc_event_clock() { return &k_clock; }

} // namespace vp::sc
