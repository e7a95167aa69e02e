// SPDX-License-Identifier: Apache-2.0
// test_sc_clock.cpp - the C clock/event API on the SystemC kernel: event
// times, replacement of a pending notification, cancel, destroy, creation
// during elaboration and during simulation. One kernel per forked child.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include <systemc>
#include <vector>
#include <vpbridge/vp_sc_device.h> // sc_event_clock; to_sc, to_vp (tlmc_sc.h)

#include "fork_test.h"

using namespace sc_core;

namespace {

const vp_clock *clk() { return vp::sc::sc_event_clock(); }

/* Records the kernel time of every firing. */
struct recorder {
    std::vector<vp_time> times;
    vp_event *self = nullptr;
    int destroy_after = 0;  /* destroy own event after this many firings (0 = never) */
    vp_time period = 0;     /* re-notify from the callback (0 = never) */
    int repeats = 0;        /* how many re-notifications remain */
};

void record(void *opaque)
{
    recorder *r = static_cast<recorder *>(opaque);
    r->times.push_back(vp_clock_now(clk()));
    if (r->period && r->repeats-- > 0)
        vp_clock_event_notify(clk(), r->self, r->period);
    if (r->destroy_after && (int)r->times.size() == r->destroy_after) {
        vp_clock_event_destroy(clk(), r->self);
        r->self = nullptr;
    }
}

void body_now_follows_kernel()
{
    CHECK_EQ(vp_clock_now(clk()), 0);
    static vp_time seen = 0;
    sc_spawn([] {
        wait(123, SC_NS);
        seen = vp_clock_now(clk());
    });
    sc_start(1, SC_US);
    CHECK_EQ(seen, 123 * VP_NS);
    CHECK_EQ(vp_clock_now(clk()), 1 * VP_US);
    CHECK_EQ(vp_clock_now(vp::sc::sc_event_clock()), 1 * VP_US);
}

void body_fires_at_delay()
{
    recorder r;
    r.self = vp_clock_event_create(clk(), "timer", record, &r);
    CHECK(r.self != nullptr);
    vp_clock_event_notify(clk(), r.self, 10 * VP_US);
    sc_start(1, SC_MS);
    CHECK_EQ(r.times.size(), 1);
    CHECK_EQ(r.times[0], 10 * VP_US);
    vp_clock_event_destroy(clk(), r.self);
}

void body_notify_replaces_pending()
{
    recorder earlier, later;
    earlier.self = vp_clock_event_create(clk(), "earlier", record, &earlier);
    later.self = vp_clock_event_create(clk(), "later", record, &later);
    vp_clock_event_notify(clk(), earlier.self, 50 * VP_NS);
    vp_clock_event_notify(clk(), earlier.self, 20 * VP_NS); /* earlier wins */
    vp_clock_event_notify(clk(), later.self, 10 * VP_NS);
    vp_clock_event_notify(clk(), later.self, 40 * VP_NS); /* later wins too */
    sc_start(1, SC_US);
    CHECK_EQ(earlier.times.size(), 1);
    CHECK_EQ(earlier.times[0], 20 * VP_NS);
    CHECK_EQ(later.times.size(), 1);
    CHECK_EQ(later.times[0], 40 * VP_NS);
    vp_clock_event_destroy(clk(), earlier.self);
    vp_clock_event_destroy(clk(), later.self);
}

void body_cancel()
{
    recorder r;
    r.self = vp_clock_event_create(clk(), "cancelled", record, &r);
    vp_clock_event_cancel(clk(), r.self); /* nothing pending: no-op */
    vp_clock_event_notify(clk(), r.self, 10 * VP_NS);
    vp_clock_event_cancel(clk(), r.self);
    sc_start(100, SC_NS);
    CHECK_EQ(r.times.size(), 0);
    /* Still usable after a cancel. */
    vp_clock_event_notify(clk(), r.self, 5 * VP_NS);
    sc_start(100, SC_NS);
    CHECK_EQ(r.times.size(), 1);
    CHECK_EQ(r.times[0], 105 * VP_NS);
    vp_clock_event_destroy(clk(), r.self);
}

void body_periodic_from_callback()
{
    recorder r;
    r.self = vp_clock_event_create(clk(), "tick", record, &r);
    r.period = 100 * VP_NS;
    r.repeats = 4;
    vp_clock_event_notify(clk(), r.self, 100 * VP_NS);
    sc_start(10, SC_US);
    CHECK_EQ(r.times.size(), 5);
    for (size_t i = 0; i < r.times.size(); i++)
        CHECK_EQ(r.times[i], (i + 1) * 100 * VP_NS);
    vp_clock_event_destroy(clk(), r.self);
}

void body_zero_delay_fires_now()
{
    recorder r;
    r.self = vp_clock_event_create(clk(), "delta", record, &r);
    static recorder *rp;
    rp = &r;
    sc_spawn([] {
        wait(7, SC_NS);
        vp_clock_event_notify(clk(), rp->self, 0);
        CHECK_EQ(rp->times.size(), 0); /* not immediate: a later delta */
    });
    sc_start(1, SC_US);
    CHECK_EQ(r.times.size(), 1);
    CHECK_EQ(r.times[0], 7 * VP_NS);
    vp_clock_event_destroy(clk(), r.self);
}

/* Events created, notified and destroyed from inside a process. */
void body_during_simulation()
{
    static recorder made, doomed;
    doomed.self = vp_clock_event_create(clk(), "doomed", record, &doomed);
    vp_clock_event_notify(clk(), doomed.self, 5 * VP_US);
    sc_spawn([] {
        wait(1, SC_US);
        made.self = vp_clock_event_create(clk(), "made in sim", record, &made);
        CHECK(made.self != nullptr);
        vp_clock_event_notify(clk(), made.self, 2 * VP_US);
        vp_clock_event_destroy(clk(), doomed.self); /* pending: must never fire */
        doomed.self = nullptr;
        wait(10, SC_US);
        vp_clock_event_destroy(clk(), made.self);
        made.self = nullptr;
    });
    sc_start(1, SC_MS);
    CHECK_EQ(made.times.size(), 1);
    CHECK_EQ(made.times[0], 3 * VP_US);
    CHECK_EQ(doomed.times.size(), 0);
}

void body_destroy_in_own_callback()
{
    recorder r;
    r.self = vp_clock_event_create(clk(), "selfdestruct", record, &r);
    r.destroy_after = 1;
    r.period = 10 * VP_NS; /* re-notified before destruction: must not fire again */
    r.repeats = 10;
    vp_clock_event_notify(clk(), r.self, 10 * VP_NS);
    sc_start(1, SC_US);
    CHECK_EQ(r.times.size(), 1);
    CHECK(r.self == nullptr);
    vp_clock_event_destroy(clk(), nullptr); /* NULL is accepted */
    clk()->ops->event_destroy(clk()->ctx, nullptr);
}

/* Odd names (dots, spaces, duplicates) must not make SystemC complain. */
void body_names_are_sanitised()
{
    recorder a, b, c;
    a.self = vp_clock_event_create(clk(), "uart0.tx timer", record, &a);
    b.self = vp_clock_event_create(clk(), "uart0.tx timer", record, &b);
    c.self = vp_clock_event_create(clk(), nullptr, record, &c);
    CHECK(a.self && b.self && c.self);
    vp_clock_event_notify(clk(), a.self, 1 * VP_NS);
    vp_clock_event_notify(clk(), b.self, 2 * VP_NS);
    vp_clock_event_notify(clk(), c.self, 3 * VP_NS);
    sc_start(1, SC_US);
    CHECK_EQ(a.times.size() + b.times.size() + c.times.size(), 3);
    CHECK_EQ(sc_report_handler::get_count(SC_WARNING), 0);
    vp_clock_event_destroy(clk(), a.self);
    vp_clock_event_destroy(clk(), b.self);
    vp_clock_event_destroy(clk(), c.self);
}

void body_time_conversions()
{
    CHECK_EQ(vp::sc::to_vp(sc_time(3, SC_US)), 3 * VP_US);
    CHECK(vp::sc::to_sc(42 * VP_NS) == sc_time(42, SC_NS));
    CHECK(vp::sc::to_sc(1) == sc_time(1, SC_PS));
    CHECK(clk()->ops->size == sizeof(vp_clock_ops));
    CHECK(clk()->ops->abi == VP_CLOCK_ABI);
}

void test_sc_clock_now_follows_kernel(void **) { run_forked(body_now_follows_kernel); }
void test_sc_clock_fires_at_delay(void **) { run_forked(body_fires_at_delay); }
void test_sc_clock_notify_replaces_pending(void **) { run_forked(body_notify_replaces_pending); }
void test_sc_clock_cancel(void **) { run_forked(body_cancel); }
void test_sc_clock_periodic_from_callback(void **) { run_forked(body_periodic_from_callback); }
void test_sc_clock_zero_delay_fires_now(void **) { run_forked(body_zero_delay_fires_now); }
void test_sc_clock_during_simulation(void **) { run_forked(body_during_simulation); }
void test_sc_clock_destroy_in_own_callback(void **) { run_forked(body_destroy_in_own_callback); }
void test_sc_clock_names_are_sanitised(void **) { run_forked(body_names_are_sanitised); }
void test_sc_clock_time_conversions(void **) { run_forked(body_time_conversions); }

} // namespace

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_clock_now_follows_kernel),
        cmocka_unit_test(test_sc_clock_fires_at_delay),
        cmocka_unit_test(test_sc_clock_notify_replaces_pending),
        cmocka_unit_test(test_sc_clock_cancel),
        cmocka_unit_test(test_sc_clock_periodic_from_callback),
        cmocka_unit_test(test_sc_clock_zero_delay_fires_now),
        cmocka_unit_test(test_sc_clock_during_simulation),
        cmocka_unit_test(test_sc_clock_destroy_in_own_callback),
        cmocka_unit_test(test_sc_clock_names_are_sanitised),
        cmocka_unit_test(test_sc_clock_time_conversions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
