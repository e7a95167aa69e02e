/* SPDX-License-Identifier: Apache-2.0 */
/* clock_stub.c - manual vp_clock implementation for unit tests. */
#include "clock_stub.h"

#include <stdlib.h>
#include <string.h>

struct vp_event {
    struct vp_event *next; /* all live events of the clock */
    clock_stub *tc;
    char *name;
    vp_event_fn fn;
    void *opaque;
    bool pending;  /* notified and not yet fired/cancelled */
    vp_time when;  /* absolute due time while pending */
    uint64_t seq;  /* notification order, breaks ties */
};

struct clock_stub {
    vp_clock face;
    vp_time now;
    vp_event *events;
    uint64_t seq;
    uint64_t fired;
};

static vp_time tc_now(void *ctx) { return ((clock_stub *)ctx)->now; }

static vp_event *tc_event_create(void *ctx, const char *name, vp_event_fn fn, void *opaque)
{
    clock_stub *tc = ctx;
    vp_event *ev = calloc(1, sizeof(*ev));
    if (!ev)
        return NULL;
    ev->name = strdup(name ? name : "event");
    if (!ev->name) {
        free(ev);
        return NULL;
    }
    ev->tc = tc;
    ev->fn = fn;
    ev->opaque = opaque;
    ev->next = tc->events;
    tc->events = ev;
    return ev;
}

static void tc_event_notify(void *ctx, vp_event *ev, vp_time delay)
{
    clock_stub *tc = ctx;
    ev->pending = true;
    ev->when = delay > VP_TIME_MAX - tc->now ? VP_TIME_MAX : tc->now + delay;
    ev->seq = tc->seq++;
}

static void tc_event_cancel(void *ctx, vp_event *ev)
{
    (void)ctx;
    ev->pending = false;
}

static void tc_event_destroy(void *ctx, vp_event *ev)
{
    clock_stub *tc = ctx;
    if (!ev)
        return;
    for (vp_event **pp = &tc->events; *pp; pp = &(*pp)->next) {
        if (*pp == ev) {
            *pp = ev->next;
            break;
        }
    }
    free(ev->name);
    free(ev);
}

static const vp_clock_ops tc_ops = {
    .size = sizeof(vp_clock_ops),
    .abi = VP_CLOCK_ABI,
    .now = tc_now,
    .event_create = tc_event_create,
    .event_notify = tc_event_notify,
    .event_cancel = tc_event_cancel,
    .event_destroy = tc_event_destroy,
};

clock_stub *clock_stub_create(void)
{
    clock_stub *tc = calloc(1, sizeof(*tc));
    if (!tc)
        return NULL;
    tc->face.ops = &tc_ops;
    tc->face.ctx = tc;
    return tc;
}

void clock_stub_destroy(clock_stub *tc)
{
    if (!tc)
        return;
    while (tc->events)
        tc_event_destroy(tc, tc->events);
    free(tc);
}

const vp_clock *clock_stub_get(clock_stub *tc) { return &tc->face; }

vp_time clock_stub_now(const clock_stub *tc) { return tc->now; }

static vp_event *earliest(const clock_stub *tc)
{
    vp_event *best = NULL;
    for (vp_event *ev = tc->events; ev; ev = ev->next) {
        if (!ev->pending)
            continue;
        if (!best || ev->when < best->when || (ev->when == best->when && ev->seq < best->seq))
            best = ev;
    }
    return best;
}

unsigned clock_stub_advance_to(clock_stub *tc, vp_time t)
{
    unsigned count = 0;
    vp_event *ev;
    while ((ev = earliest(tc)) != NULL && ev->when <= t) {
        if (ev->when > tc->now)
            tc->now = ev->when;
        ev->pending = false;
        count++;
        tc->fired++;
        ev->fn(ev->opaque); /* may destroy ev: do not touch it afterwards */
    }
    if (t > tc->now)
        tc->now = t;
    return count;
}

unsigned clock_stub_advance(clock_stub *tc, vp_time delta)
{
    vp_time t = delta > VP_TIME_MAX - tc->now ? VP_TIME_MAX : tc->now + delta;
    return clock_stub_advance_to(tc, t);
}

bool clock_stub_next(const clock_stub *tc, vp_time *when)
{
    vp_event *ev = earliest(tc);
    if (!ev)
        return false;
    if (when)
        *when = ev->when;
    return true;
}

unsigned clock_stub_pending(const clock_stub *tc)
{
    unsigned n = 0;
    for (vp_event *ev = tc->events; ev; ev = ev->next)
        n += ev->pending;
    return n;
}

unsigned clock_stub_live(const clock_stub *tc)
{
    unsigned n = 0;
    for (vp_event *ev = tc->events; ev; ev = ev->next)
        n++;
    return n;
}

uint64_t clock_stub_fired(const clock_stub *tc) { return tc->fired; }
