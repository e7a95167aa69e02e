/* SPDX-License-Identifier: Apache-2.0 */
/* clock_stub.h - a manual vp_clock for unit tests: time moves only when
 * the test calls clock_stub_advance().
 *
 * Usage:
 *     clock_stub *tc = clock_stub_create();
 *     const vp_clock *clk = clock_stub_get(tc);   // hand this to the code under test
 *     clock_stub_advance(tc, 10 * VP_US);         // fires due events in time order
 *     clock_stub_destroy(tc);
 *
 * Events fire in order of their due time; events due at the same time fire
 * in the order they were notified. While an event callback runs, now() is
 * the event's due time. Callbacks may notify, cancel, create and destroy
 * events (including their own); events scheduled by a callback that fall
 * inside the advance window fire in the same advance. An event notified
 * with delay 0 from a callback fires in the same advance, after the events
 * already due at that time. Single-threaded, like the simulation thread.
 */
#ifndef VP_TESTS_CLOCK_STUB_H
#define VP_TESTS_CLOCK_STUB_H

#include <vpbridge/vp_clock.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct clock_stub clock_stub;

/* Creates a clock at time 0. Returns NULL on out-of-memory. */
clock_stub *clock_stub_create(void);
/* Destroys the clock and any events still alive. Accepts NULL. */
void clock_stub_destroy(clock_stub *tc);
/* The vp_clock face (borrowed, valid while tc lives). */
const vp_clock *clock_stub_get(clock_stub *tc);
/* Current simulated time. */
vp_time clock_stub_now(const clock_stub *tc);
/* Advances time by `delta`, firing every event due at or before the new
 * time in time order. Returns the number of events fired. */
unsigned clock_stub_advance(clock_stub *tc, vp_time delta);
/* Advances to absolute time `t` (no-op if t <= now). Returns events fired. */
unsigned clock_stub_advance_to(clock_stub *tc, vp_time t);
/* Due time of the earliest pending event; false if none is pending. */
bool clock_stub_next(const clock_stub *tc, vp_time *when);
/* Number of pending (notified, not yet fired or cancelled) events. */
unsigned clock_stub_pending(const clock_stub *tc);
/* Number of events created and not yet destroyed (leak check for devices). */
unsigned clock_stub_live(const clock_stub *tc);
/* Total number of events fired since creation. */
uint64_t clock_stub_fired(const clock_stub *tc);

#ifdef __cplusplus
}
#endif
#endif /* VP_TESTS_CLOCK_STUB_H */
