/* SPDX-License-Identifier: Apache-2.0 */
/* test_clock.h - a manual vp_clock for unit tests: time moves only when
 * the test calls test_clock_advance().
 *
 * Usage:
 *     test_clock *tc = test_clock_create();
 *     const vp_clock *clk = test_clock_get(tc);   // hand this to the code under test
 *     test_clock_advance(tc, 10 * VP_US);         // fires due events in time order
 *     test_clock_destroy(tc);
 *
 * Events fire in order of their due time; events due at the same time fire
 * in the order they were notified. While an event callback runs, now() is
 * the event's due time. Callbacks may notify, cancel, create and destroy
 * events (including their own); events scheduled by a callback that fall
 * inside the advance window fire in the same advance. An event notified
 * with delay 0 from a callback fires in the same advance, after the events
 * already due at that time. Single-threaded, like the simulation thread.
 */
#ifndef VP_TEST_CLOCK_H
#define VP_TEST_CLOCK_H

#include <vpbridge/vp_clock.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct test_clock test_clock;

/* Creates a clock at time 0. Returns NULL on out-of-memory. */
test_clock *test_clock_create(void);
/* Destroys the clock and any events still alive. Accepts NULL. */
void test_clock_destroy(test_clock *tc);
/* The vp_clock face (borrowed, valid while tc lives). */
const vp_clock *test_clock_get(test_clock *tc);
/* Current simulated time. */
vp_time test_clock_now(const test_clock *tc);
/* Advances time by `delta`, firing every event due at or before the new
 * time in time order. Returns the number of events fired. */
unsigned test_clock_advance(test_clock *tc, vp_time delta);
/* Advances to absolute time `t` (no-op if t <= now). Returns events fired. */
unsigned test_clock_advance_to(test_clock *tc, vp_time t);
/* Due time of the earliest pending event; false if none is pending. */
bool test_clock_next(const test_clock *tc, vp_time *when);
/* Number of pending (notified, not yet fired or cancelled) events. */
unsigned test_clock_pending(const test_clock *tc);
/* Number of events created and not yet destroyed (leak check for devices). */
unsigned test_clock_live(const test_clock *tc);
/* Total number of events fired since creation. */
uint64_t test_clock_fired(const test_clock *tc);

#ifdef __cplusplus
}
#endif
#endif /* VP_TEST_CLOCK_H */
