// SPDX-License-Identifier: Apache-2.0
// test_cpu_cluster.cpp - the CPU cluster with fake harts: quantum rounds and
// temporal decoupling, WFI sleep that skips to the next event, dead-lock,
// limits and exit requests. One kernel per forked child.
#ifndef SC_INCLUDE_DYNAMIC_PROCESSES
#define SC_INCLUDE_DYNAMIC_PROCESSES
#endif
#include <chrono>
#include <csignal>
#include <systemc>
#include <tlm>
#include <vector>
#include <vpbridge/vp_sc_device.h> // sc_event_clock; to_sc, to_vp (tlmc_sc.h)

#include "cpu_cluster.h"
#include "fork_test.h"

using namespace sc_core;
using vp::sc::cluster_config;
using vp::sc::cpu_cluster;
using vp::sc::stop_reason;

/* The fake hart (vp_cpu is opaque to the cluster; this test defines it). */
struct vp_cpu {
    vp_time period = VP_NS;
    uint64_t insns = 0;
    uint64_t wfi_at = 0;   /* enter WFI after this many instructions (0 = never) */
    bool halted = false;
    bool exit_req = false;
    uint64_t runs = 0;     /* run calls */
    uint64_t exit_calls = 0;
    uint64_t last_budget = 0;
    uint64_t first_budget = 0;
    vp_time last_sync = 0;
    std::vector<vp_time> run_starts; /* kernel time of each run call */
};

namespace {

vp_cpu_exit fake_run(vp_cpu *c, uint64_t budget, vp_time sync, uint64_t *executed, vp_time *local)
{
    c->runs++;
    if (c->runs == 1)
        c->first_budget = budget;
    c->last_budget = budget;
    c->last_sync = sync;
    c->run_starts.push_back(vp::sc::to_vp(sc_time_stamp()));
    uint64_t n = 0;
    vp_time t = 0;
    vp_cpu_exit why = VP_CPU_EXIT_BUDGET;
    while (n < budget) {
        if (c->exit_req) {
            why = VP_CPU_EXIT_REQUEST;
            break;
        }
        if (c->halted) {
            why = VP_CPU_EXIT_WFI;
            break;
        }
        if (t >= sync) {
            why = VP_CPU_EXIT_SYNC;
            break;
        }
        n++;
        c->insns++;
        t += c->period;
        if (c->wfi_at && c->insns == c->wfi_at)
            c->halted = true;
    }
    c->exit_req = false;
    *executed = n;
    *local = t;
    return why;
}

bool fake_is_halted(const vp_cpu *c) { return c->halted; }
void fake_request_exit(vp_cpu *c)
{
    c->exit_req = true;
    c->exit_calls++;
}

vp_time fake_period(const vp_cpu *c) { return c->period; }

/* Without a period op: the cluster must learn periods. */
const vp::sc::hart_ops k_fake = {fake_run, fake_is_halted, fake_request_exit, nullptr};
/* With one: the cluster asks each hart for its period up front. */
const vp::sc::hart_ops k_fake_period = {fake_run, fake_is_halted, fake_request_exit, fake_period};

cluster_config config(vp_time quantum, vp_time period)
{
    cluster_config cfg;
    cfg.quantum = quantum;
    cfg.insn_period = period;
    return cfg;
}

/* 1 hart, 1 ns per instruction, 1 us quantum: rounds of 1000 instructions;
 * the hart runs ahead of the kernel by at most one quantum. */
void body_quantum_rounds()
{
    static vp_cpu h;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, config(VP_US, VP_NS), k_fake);
    static uint64_t seen_at_5500ns = 0;
    sc_spawn([] {
        wait(5500, SC_NS);
        seen_at_5500ns = h.insns;
    });
    sc_start(10, SC_US);
    CHECK_EQ(h.last_sync, VP_US);
    CHECK_EQ(h.last_budget, 1000);
    CHECK_EQ(seen_at_5500ns, 6000); /* rounds started at 0..5 us */
    CHECK(h.insns >= 10000 && h.insns <= 11000);
    for (size_t i = 0; i < h.run_starts.size(); i++)
        CHECK_EQ(h.run_starts[i], i * VP_US);
    CHECK(cl.reason() == stop_reason::none);
    CHECK_EQ(cl.quantum(), VP_US);
}

/* cfg.quantum = 0 takes tlm_global_quantum (as set by an embedding sc_main). */
void body_global_quantum()
{
    tlm::tlm_global_quantum::instance().set(sc_time(2, SC_US));
    static vp_cpu h;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, config(0, VP_NS), k_fake);
    sc_start(9, SC_US);
    CHECK_EQ(cl.quantum(), 2 * VP_US);
    CHECK_EQ(h.last_sync, 2 * VP_US);
    CHECK_EQ(h.last_budget, 2000);
    CHECK_EQ(h.run_starts.size(), 5); /* 0, 2, 4, 6, 8 us */
}

/* Without a configured period the cluster probes each hart with a
 * one-instruction budget, then learns each hart's own period. */
void body_learns_period()
{
    static vp_cpu fast, slow;
    fast.period = 2 * VP_NS;
    slow.period = 5 * VP_NS;
    new cpu_cluster("cpus", {&fast, &slow}, config(VP_US, 0), k_fake);
    sc_start(5, SC_US);
    CHECK_EQ(fast.first_budget, 1);
    CHECK_EQ(slow.first_budget, 1);
    CHECK(fast.runs >= 3);
    CHECK_EQ(fast.last_budget, 500);
    CHECK_EQ(slow.last_budget, 200);
}

/* With a period op the first budget is already a full quantum per hart. */
void body_asks_period()
{
    static vp_cpu fast, slow;
    fast.period = 2 * VP_NS;
    slow.period = 5 * VP_NS;
    new cpu_cluster("cpus", {&fast, &slow}, config(VP_US, 0), k_fake_period);
    sc_start(3, SC_US);
    CHECK_EQ(fast.first_budget, 500);
    CHECK_EQ(slow.first_budget, 200);
    CHECK_EQ(fast.last_budget, 500);
}

void wake_hart(void *opaque) { static_cast<vp_cpu *>(opaque)->halted = false; }

/* The hart sleeps at 1 us; a device event at 1 ms wakes it. Time skips
 * ahead: a handful of run calls and sleeps, not thousands. */
void body_wfi_skips_to_event()
{
    static vp_cpu h;
    h.wfi_at = 1000;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, config(VP_US, VP_NS), k_fake);
    vp_event *ev = vp_clock_event_create(vp::sc::sc_event_clock(), "wake", wake_hart, &h);
    vp_clock_event_notify(vp::sc::sc_event_clock(), ev, VP_MS);
    auto t0 = std::chrono::steady_clock::now();
    sc_start(vp::sc::to_sc(VP_MS + 5 * VP_US));
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(cl.sleeps() >= 1 && cl.sleeps() <= 3);
    CHECK(h.runs <= 10);
    CHECK(wall < 1.0);
    /* The first run after the wake-up starts exactly at the event. */
    bool resumed_at_event = false;
    for (vp_time t : h.run_starts)
        resumed_at_event |= t == VP_MS;
    CHECK(resumed_at_event);
    CHECK(h.insns >= 1000 + 4000);
    vp_clock_event_destroy(vp::sc::sc_event_clock(), ev);
}

/* Everything asleep and nothing pending: the run is dead-locked. */
void body_deadlock()
{
    static vp_cpu a, b;
    a.wfi_at = 1500;
    b.wfi_at = 300;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&a, &b}, config(VP_US, VP_NS), k_fake);
    sc_start(); /* returns: the cluster calls sc_stop */
    CHECK(cl.reason() == stop_reason::deadlock);
    CHECK_EQ(vp::sc::to_vp(sc_time_stamp()), 1500 * VP_NS);
    CHECK_EQ(a.insns, 1500);
    CHECK_EQ(b.insns, 300);
    CHECK(std::string(cl.reason_message()) == "all harts in WFI with no pending event");
}

/* A halted hart is skipped while the others keep running. */
void body_halted_hart_skipped()
{
    static vp_cpu a, b;
    b.halted = true;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&a, &b}, config(VP_US, VP_NS), k_fake);
    sc_start(10, SC_US);
    CHECK_EQ(b.runs, 0);
    CHECK(a.runs >= 10);
    CHECK(cl.reason() == stop_reason::none);
}

void body_max_insns()
{
    static vp_cpu a, b;
    cluster_config cfg = config(VP_US, VP_NS);
    cfg.max_insns = 5500;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&a, &b}, cfg, k_fake);
    sc_start();
    CHECK(cl.reason() == stop_reason::max_insns);
    CHECK_EQ(cl.insns(), 5500);
    CHECK_EQ(a.insns + b.insns, 5500);
    CHECK(a.exit_calls >= 1 && b.exit_calls >= 1);
    /* two full rounds (2 us), then a cut-short third: a ran 1 us, b 0.5 us */
    CHECK_EQ(vp::sc::to_vp(sc_time_stamp()), 2 * VP_US);
    CHECK_EQ(cl.end_time(), 3 * VP_US);
}

/* No hart runs past the simulated-time limit, even inside a quantum. */
void body_max_time()
{
    static vp_cpu a;
    static vp_cpu b;
    b.wfi_at = 100; /* asleep: the limit also ends a WFI sleep */
    cluster_config cfg = config(VP_US, VP_NS);
    cfg.max_time = 2500 * VP_NS;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&a, &b}, cfg, k_fake);
    sc_start();
    CHECK(cl.reason() == stop_reason::max_time);
    CHECK_EQ(a.insns, 2500);
    CHECK_EQ(a.last_sync, 500 * VP_NS);
    CHECK_EQ(vp::sc::to_vp(sc_time_stamp()), 2500 * VP_NS);
}

void body_max_time_while_asleep()
{
    static vp_cpu h;
    h.wfi_at = 100;
    cluster_config cfg = config(VP_US, VP_NS);
    cfg.max_time = 7 * VP_MS;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, cfg, k_fake);
    vp_event *ev = vp_clock_event_create(vp::sc::sc_event_clock(), "late", wake_hart, &h);
    vp_clock_event_notify(vp::sc::sc_event_clock(), ev, VP_SEC); /* beyond the limit */
    sc_start();
    CHECK(cl.reason() == stop_reason::max_time);
    CHECK_EQ(vp::sc::to_vp(sc_time_stamp()), 7 * VP_MS);
    CHECK_EQ(h.insns, 100);
    vp_clock_event_destroy(vp::sc::sc_event_clock(), ev);
}

void body_timeout()
{
    static vp_cpu h;
    cluster_config cfg = config(VP_US, VP_NS);
    cfg.timeout_sec = 0.2;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, cfg, k_fake);
    auto t0 = std::chrono::steady_clock::now();
    sc_start();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(cl.reason() == stop_reason::timeout);
    CHECK(wall >= 0.2 && wall < 5.0);
}

cpu_cluster *g_cl;
void exit_now(void *) { g_cl->request_exit(3); }

/* A device event asks for exit: the harts are stopped, sc_start returns. */
void body_request_exit_from_event()
{
    static vp_cpu a, b;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&a, &b}, config(VP_US, VP_NS), k_fake);
    g_cl = &cl;
    vp_event *ev = vp_clock_event_create(vp::sc::sc_event_clock(), "finisher", exit_now, nullptr);
    vp_clock_event_notify(vp::sc::sc_event_clock(), ev, 5500 * VP_NS);
    sc_start();
    CHECK(cl.reason() == stop_reason::guest_exit);
    CHECK_EQ(cl.exit_status(), 3);
    CHECK_EQ(vp::sc::to_vp(sc_time_stamp()), 5500 * VP_NS);
    CHECK(a.exit_calls == 1 && b.exit_calls == 1);
    cl.request_exit(9); /* a second request does not change the status */
    CHECK_EQ(cl.exit_status(), 3);
    vp_clock_event_destroy(vp::sc::sc_event_clock(), ev);
}

/* An exit requested before sc_start (e.g. by a device's realize) is kept. */
void body_request_exit_before_start()
{
    static vp_cpu h;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, config(VP_US, VP_NS), k_fake);
    cl.request_exit(5);
    CHECK(cl.reason() == stop_reason::guest_exit);
    CHECK_EQ(cl.exit_status(), 5);
    CHECK_EQ(h.exit_calls, 1);
}

void signal_now(void *) { g_cl->stop_on_signal(SIGINT); }

/* stop_on_signal (what a SIGINT handler calls) during a run: every hart is
 * asked to leave, the cluster stops with stop_reason::signal. */
void body_stop_on_signal()
{
    static vp_cpu a, b;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&a, &b}, config(VP_US, VP_NS), k_fake);
    g_cl = &cl;
    vp_event *ev = vp_clock_event_create(vp::sc::sc_event_clock(), "sig", signal_now, nullptr);
    vp_clock_event_notify(vp::sc::sc_event_clock(), ev, 5500 * VP_NS);
    sc_start();
    CHECK(cl.reason() == stop_reason::signal);
    CHECK_EQ(cl.stop_signal(), SIGINT);
    CHECK(a.exit_calls >= 1 && b.exit_calls >= 1);
    CHECK(vp::sc::to_vp(sc_time_stamp()) <= 7 * VP_US);
    CHECK(std::string(cl.reason_message()) == "stopped by a signal");
    vp_clock_event_destroy(vp::sc::sc_event_clock(), ev);
}

/* A signal while every hart sleeps and a device ticks forever (no
 * dead-lock): the cluster stops when its sleep ends. */
vp_event *g_tick;
unsigned g_ticks;
void tick(void *)
{
    if (++g_ticks == 5)
        g_cl->stop_on_signal(SIGTERM);
    vp_clock_event_notify(vp::sc::sc_event_clock(), g_tick, VP_MS);
}

void body_stop_on_signal_while_asleep()
{
    static vp_cpu h;
    h.wfi_at = 10;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, config(VP_US, VP_NS), k_fake);
    g_cl = &cl;
    g_tick = vp_clock_event_create(vp::sc::sc_event_clock(), "tick", tick, nullptr);
    vp_clock_event_notify(vp::sc::sc_event_clock(), g_tick, VP_MS);
    sc_start();
    CHECK(cl.reason() == stop_reason::signal);
    CHECK_EQ(cl.stop_signal(), SIGTERM);
    CHECK_EQ(vp::sc::to_vp(sc_time_stamp()), 5 * VP_MS);
    vp_clock_event_destroy(vp::sc::sc_event_clock(), g_tick);
}

/* A SystemC process that raises the interrupt: the cluster re-checks the
 * harts after its wait and resumes at that very time. */
void body_wake_from_systemc_process()
{
    static vp_cpu h;
    h.wfi_at = 100;
    static cpu_cluster &cl = *new cpu_cluster("cpus", {&h}, config(VP_US, VP_NS), k_fake);
    sc_spawn([] {
        wait(3, SC_US);
        h.halted = false;
        cl.wake();
    });
    sc_start(4, SC_US);
    bool resumed = false;
    for (vp_time t : h.run_starts)
        resumed |= t == 3 * VP_US;
    CHECK(resumed);
    CHECK(h.insns > 100);
}

void test_cpu_cluster_quantum_rounds(void **) { run_forked(body_quantum_rounds); }
void test_cpu_cluster_global_quantum(void **) { run_forked(body_global_quantum); }
void test_cpu_cluster_learns_period(void **) { run_forked(body_learns_period); }
void test_cpu_cluster_asks_period(void **) { run_forked(body_asks_period); }
void test_cpu_cluster_wfi_skips_to_event(void **) { run_forked(body_wfi_skips_to_event); }
void test_cpu_cluster_deadlock(void **) { run_forked(body_deadlock); }
void test_cpu_cluster_halted_hart_skipped(void **) { run_forked(body_halted_hart_skipped); }
void test_cpu_cluster_max_insns(void **) { run_forked(body_max_insns); }
void test_cpu_cluster_timeout(void **) { run_forked(body_timeout); }
void test_cpu_cluster_max_time(void **) { run_forked(body_max_time); }
void test_cpu_cluster_max_time_while_asleep(void **) { run_forked(body_max_time_while_asleep); }
void test_cpu_cluster_request_exit_from_event(void **) { run_forked(body_request_exit_from_event); }
void test_cpu_cluster_request_exit_before_start(void **) { run_forked(body_request_exit_before_start); }
void test_cpu_cluster_wake_from_systemc_process(void **) { run_forked(body_wake_from_systemc_process); }
void test_cpu_cluster_stop_on_signal(void **) { run_forked(body_stop_on_signal); }
void test_cpu_cluster_stop_on_signal_while_asleep(void **) { run_forked(body_stop_on_signal_while_asleep); }

} // namespace

/* libsystemc refers to sc_main; these tests drive the kernel from main. */
__attribute__((visibility("default"))) int sc_main(int, char *[]) { return 1; }

int main(void)
{
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu_cluster_quantum_rounds),
        cmocka_unit_test(test_cpu_cluster_global_quantum),
        cmocka_unit_test(test_cpu_cluster_asks_period),
        cmocka_unit_test(test_cpu_cluster_learns_period),
        cmocka_unit_test(test_cpu_cluster_wfi_skips_to_event),
        cmocka_unit_test(test_cpu_cluster_deadlock),
        cmocka_unit_test(test_cpu_cluster_halted_hart_skipped),
        cmocka_unit_test(test_cpu_cluster_max_insns),
        cmocka_unit_test(test_cpu_cluster_timeout),
        cmocka_unit_test(test_cpu_cluster_max_time),
        cmocka_unit_test(test_cpu_cluster_max_time_while_asleep),
        cmocka_unit_test(test_cpu_cluster_request_exit_from_event),
        cmocka_unit_test(test_cpu_cluster_request_exit_before_start),
        cmocka_unit_test(test_cpu_cluster_wake_from_systemc_process),
        cmocka_unit_test(test_cpu_cluster_stop_on_signal),
        cmocka_unit_test(test_cpu_cluster_stop_on_signal_while_asleep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
