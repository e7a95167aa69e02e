/* SPDX-License-Identifier: Apache-2.0 */
/* vp_clock.h - the C clock/event API: how C devices and the CPU core see
 * simulated time without including SystemC.
 *
 * The bridge implements it with sc_time_stamp() and sc_events; unit tests
 * use the test clock (tests/support/clock_stub.c), which advances only when
 * the test says so. All calls happen on the simulation thread.
 */
#ifndef VPBRIDGE_VP_CLOCK_H
#define VPBRIDGE_VP_CLOCK_H

#include <vpbridge/vp_base.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VP_CLOCK_ABI VP_ABI_VERSION(0, 1) /* == 1, its value before the scheme (vp_base.h) */

typedef struct vp_event vp_event; /* opaque, owned by the clock */
typedef void (*vp_event_fn)(void *opaque);

/* Operations of a clock implementation (versioned table, append-only). */
typedef struct vp_clock_ops {
    uint32_t size; /* sizeof(vp_clock_ops) */
    uint32_t abi;  /* VP_CLOCK_ABI */
    /* Current global simulated time (the kernel's time, not an initiator's
     * local time: add the b_transport delay for that). */
    vp_time (*now)(void *ctx);
    /* Creates an event that calls fn(opaque) when it fires. */
    vp_event *(*event_create)(void *ctx, const char *name, vp_event_fn fn, void *opaque);
    /* Schedules the event `delay` after now(). A pending notification is
     * replaced (the new time wins, earlier or later). */
    void (*event_notify)(void *ctx, vp_event *ev, vp_time delay);
    /* Cancels a pending notification; no-op if none. */
    void (*event_cancel)(void *ctx, vp_event *ev);
    /* Destroys an event (cancels it first). Accepts NULL. */
    void (*event_destroy)(void *ctx, vp_event *ev);
    /* -- VP_CLOCK_ABI 1 ends here -- */
} vp_clock_ops;

typedef struct vp_clock {
    const vp_clock_ops *ops;
    void *ctx;
} vp_clock;

static inline vp_time vp_clock_now(const vp_clock *c) { return c->ops->now(c->ctx); }
static inline vp_event *vp_clock_event_create(const vp_clock *c, const char *name, vp_event_fn fn, void *opaque)
{
    return c->ops->event_create(c->ctx, name, fn, opaque);
}
static inline void vp_clock_event_notify(const vp_clock *c, vp_event *ev, vp_time delay)
{
    c->ops->event_notify(c->ctx, ev, delay);
}
static inline void vp_clock_event_cancel(const vp_clock *c, vp_event *ev) { c->ops->event_cancel(c->ctx, ev); }
static inline void vp_clock_event_destroy(const vp_clock *c, vp_event *ev)
{
    if (ev)
        c->ops->event_destroy(c->ctx, ev);
}

#ifdef __cplusplus
}
#endif
#endif /* VPBRIDGE_VP_CLOCK_H */
