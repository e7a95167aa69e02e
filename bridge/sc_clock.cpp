// SPDX-License-Identifier: Apache-2.0
// sc_clock.cpp - vp_clock_ops on the SystemC kernel: sc_time_stamp() and
// one sc_event plus one spawned SC_METHOD per vp_event.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include "sc_clock.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace vp::sc {
namespace {

using namespace sc_core;

/* One vp_event: the sc_event and the method process sensitive to it. */
struct kernel_event {
    sc_event ev;            /* notified by event_notify */
    sc_process_handle proc; /* the SC_METHOD that calls fn */
    vp_event_fn fn;         /* NULL once destroyed */
    void *opaque;
};

/* Events destroyed when their process could not be killed (elaboration,
 * paused or stopped kernel, or from their own callback). The kernel still
 * references their sc_event; they stay here, reachable, until exit. */
std::vector<kernel_event *> *g_graveyard;

/* Scale between kernel ticks and picoseconds: ticks * mul / div. */
struct tick_scale {
    uint64_t mul = 0, div = 1;
};

const tick_scale &scale()
{
    static tick_scale s;
    if (s.mul == 0) {
        double res_ps = sc_get_time_resolution().to_seconds() * 1e12;
        if (res_ps >= 1.0) {
            s.mul = (uint64_t)std::llround(res_ps);
        } else {
            s.mul = 1;
            s.div = (uint64_t)std::llround(1.0 / res_ps);
        }
    }
    return s;
}

std::string process_name(const char *name)
{
    std::string base = (name && *name) ? name : "event";
    for (char &c : base) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok)
            c = '_';
    }
    return sc_gen_unique_name(base.c_str(), true);
}

vp_time clock_now(void *)
{
    return to_vp_time(sc_time_stamp());
}

vp_event *clock_event_create(void *, const char *name, vp_event_fn fn, void *opaque)
{
    kernel_event *ke = new kernel_event;
    ke->fn = fn;
    ke->opaque = opaque;
    try {
        sc_spawn_options opts;
        opts.spawn_method();
        opts.dont_initialize();
        opts.set_sensitivity(&ke->ev);
        std::string pname = process_name(name);
        ke->proc = sc_spawn(
            [ke]() {
                if (ke->fn)
                    ke->fn(ke->opaque);
            },
            pname.c_str(), &opts);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "vpbridge: cannot create event '%s': %s\n", name ? name : "", e.what());
        delete ke;
        return nullptr;
    }
    return reinterpret_cast<vp_event *>(ke);
}

void clock_event_notify(void *, vp_event *ev, vp_time delay)
{
    kernel_event *ke = reinterpret_cast<kernel_event *>(ev);
    ke->ev.cancel();
    ke->ev.notify(to_sc_time(delay));
}

void clock_event_cancel(void *, vp_event *ev)
{
    reinterpret_cast<kernel_event *>(ev)->ev.cancel();
}

void clock_event_destroy(void *, vp_event *ev)
{
    kernel_event *ke = reinterpret_cast<kernel_event *>(ev);
    if (!ke)
        return;
    ke->fn = nullptr;
    ke->ev.cancel();
    bool running = sc_get_status() == SC_RUNNING;
    if (running && sc_get_current_process_handle() != ke->proc) {
        /* Killing unlinks the method's static sensitivity, so the event
         * can go. */
        ke->proc.kill();
        delete ke;
        return;
    }
    if (!g_graveyard)
        g_graveyard = new std::vector<kernel_event *>;
    g_graveyard->push_back(ke);
}

const vp_clock_ops k_ops = {
    sizeof(vp_clock_ops), VP_CLOCK_ABI, clock_now, clock_event_create, clock_event_notify, clock_event_cancel,
    clock_event_destroy,
};
const vp_clock k_clock = {&k_ops, nullptr};

} // namespace

sc_core::sc_time to_sc_time(vp_time ps)
{
    const tick_scale &s = scale();
    uint64_t ticks = s.div == 1 ? ps / s.mul : ps * s.div;
    return sc_core::sc_time::from_value(ticks);
}

vp_time to_vp_time(const sc_core::sc_time &t)
{
    const tick_scale &s = scale();
    return s.div == 1 ? t.value() * s.mul : t.value() / s.div;
}

const vp_clock *kernel_clock()
{
    return &k_clock;
}

} // namespace vp::sc

extern "C" const vp_clock *vp_sc_kernel_clock(void)
{
    return vp::sc::kernel_clock();
}
