/* SPDX-License-Identifier: Apache-2.0 */
/* test_clock_stub.c - tests of the manual test clock (tests/support/clock_stub.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "clock_stub.h"

typedef struct rec {
    const vp_clock *clk;
    vp_time seen[16];
    int ids[16];
    int n;
} rec;

typedef struct ev_ctx {
    rec *r;
    int id;
    vp_event *ev;
    vp_event *chain;      /* event to notify from the callback */
    vp_time chain_delay;
    bool destroy_self;
} ev_ctx;

static void on_fire(void *opaque)
{
    ev_ctx *e = opaque;
    e->r->seen[e->r->n] = vp_clock_now(e->r->clk);
    e->r->ids[e->r->n++] = e->id;
    if (e->chain)
        vp_clock_event_notify(e->r->clk, e->chain, e->chain_delay);
    if (e->destroy_self) {
        vp_clock_event_destroy(e->r->clk, e->ev);
        e->ev = NULL;
    }
}

static void test_clock_stub_fires_in_time_order(void **state)
{
    (void)state;
    clock_stub *tc = clock_stub_create();
    rec r = {.clk = clock_stub_get(tc)};
    ev_ctx a = {&r, 1, NULL, NULL, 0, false}, b = {&r, 2, NULL, NULL, 0, false};
    a.ev = vp_clock_event_create(r.clk, "a", on_fire, &a);
    b.ev = vp_clock_event_create(r.clk, "b", on_fire, &b);
    vp_clock_event_notify(r.clk, a.ev, 30);
    vp_clock_event_notify(r.clk, b.ev, 10);
    assert_int_equal(clock_stub_pending(tc), 2);
    assert_int_equal(clock_stub_advance(tc, 5), 0);
    assert_int_equal(clock_stub_now(tc), 5);
    assert_int_equal(clock_stub_advance(tc, 100), 2);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.ids[0], 2);
    assert_int_equal(r.seen[0], 10);
    assert_int_equal(r.ids[1], 1);
    assert_int_equal(r.seen[1], 30);
    assert_int_equal(clock_stub_now(tc), 105);
    assert_int_equal(clock_stub_live(tc), 2);
    vp_clock_event_destroy(r.clk, a.ev);
    vp_clock_event_destroy(r.clk, b.ev);
    assert_int_equal(clock_stub_live(tc), 0);
    clock_stub_destroy(tc);
}

static void test_clock_stub_chained_event_fires_in_same_advance(void **state)
{
    (void)state;
    clock_stub *tc = clock_stub_create();
    rec r = {.clk = clock_stub_get(tc)};
    ev_ctx a = {&r, 1, NULL, NULL, 0, false}, b = {&r, 2, NULL, NULL, 0, false};
    a.ev = vp_clock_event_create(r.clk, "a", on_fire, &a);
    b.ev = vp_clock_event_create(r.clk, "b", on_fire, &b);
    a.chain = b.ev;
    a.chain_delay = 7;
    vp_clock_event_notify(r.clk, a.ev, 10);
    assert_int_equal(clock_stub_advance(tc, 20), 2);
    assert_int_equal(r.seen[1], 17);
    /* chained beyond the window: stays pending */
    a.chain_delay = 50;
    vp_clock_event_notify(r.clk, a.ev, 0);
    assert_int_equal(clock_stub_advance(tc, 10), 1);
    vp_time next = 0;
    assert_true(clock_stub_next(tc, &next));
    assert_int_equal(next, 70);
    clock_stub_destroy(tc); /* frees the remaining events */
}

static void test_clock_stub_cancel_renotify_and_self_destroy(void **state)
{
    (void)state;
    clock_stub *tc = clock_stub_create();
    rec r = {.clk = clock_stub_get(tc)};
    ev_ctx a = {&r, 1, NULL, NULL, 0, true}, b = {&r, 2, NULL, NULL, 0, false}, c = {&r, 3, NULL, NULL, 0, false};
    a.ev = vp_clock_event_create(r.clk, "a", on_fire, &a);
    b.ev = vp_clock_event_create(r.clk, "b", on_fire, &b);
    c.ev = vp_clock_event_create(r.clk, "c", on_fire, &c);
    vp_clock_event_notify(r.clk, b.ev, 5);
    vp_clock_event_cancel(r.clk, b.ev);
    vp_clock_event_notify(r.clk, c.ev, 100);
    vp_clock_event_notify(r.clk, c.ev, 8); /* replaces: earlier wins */
    vp_clock_event_notify(r.clk, a.ev, 8); /* same time: notified later, fires later */
    assert_int_equal(clock_stub_advance(tc, 50), 2);
    assert_int_equal(r.ids[0], 3);
    assert_int_equal(r.ids[1], 1);
    assert_null(a.ev);
    assert_int_equal(clock_stub_live(tc), 2);
    assert_int_equal(clock_stub_pending(tc), 0);
    assert_int_equal(clock_stub_fired(tc), 2);
    vp_clock_event_destroy(r.clk, b.ev);
    vp_clock_event_destroy(r.clk, c.ev);
    clock_stub_destroy(tc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_stub_fires_in_time_order),
        cmocka_unit_test(test_clock_stub_chained_event_fires_in_same_advance),
        cmocka_unit_test(test_clock_stub_cancel_renotify_and_self_destroy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
