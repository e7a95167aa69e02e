/* SPDX-License-Identifier: Apache-2.0 */
/* c_host.c - a vpbridge platform run by a pure C program: no SystemC, no
 * C++, only libvpbridge-c (pkg-config vpbridge-c, CMake vpbridge::c). The
 * program brings its own time base, a small event-list clock (vp_clock.h),
 * loads a platform YAML (board, device modules), an ELF, and runs the harts
 * quantum by quantum, jumping ahead to the next event while they sleep.
 *
 * Usage: c_host [--max-insns N] PLATFORM.yaml FIRMWARE.elf
 * The guest's console (a stdio ns16550a) goes to stdout. Exit status: the
 * guest's (test finisher), 124 if the instruction limit was reached or every
 * hart sleeps with nothing pending, 2 on errors (one line on stderr). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vpbridge/vp_clock.h>
#include <vpbridge/vp_cpu.h>
#include <vpbridge/vp_platform.h>

/* ---- the clock: now + a list of events, fired in time order ---------------- */
struct vp_event {
    struct vp_event *next;
    vp_event_fn fn;
    void *opaque;
    bool pending;
    vp_time when; /* absolute, while pending */
    uint64_t seq; /* notification order: ties fire first-come first-served */
};

typedef struct host_clock {
    vp_clock face;
    vp_time now;
    struct vp_event *events;
    uint64_t seq;
} host_clock;

static vp_time hc_now(void *ctx) { return ((host_clock *)ctx)->now; }

static vp_event *hc_create(void *ctx, const char *name, vp_event_fn fn, void *opaque)
{
    (void)name;
    host_clock *c = ctx;
    vp_event *ev = calloc(1, sizeof(*ev));
    if (!ev)
        return NULL;
    ev->fn = fn;
    ev->opaque = opaque;
    ev->next = c->events;
    c->events = ev;
    return ev;
}

static void hc_notify(void *ctx, vp_event *ev, vp_time delay)
{
    host_clock *c = ctx;
    ev->pending = true;
    ev->when = delay > VP_TIME_MAX - c->now ? VP_TIME_MAX : c->now + delay;
    ev->seq = c->seq++;
}

static void hc_cancel(void *ctx, vp_event *ev)
{
    (void)ctx;
    ev->pending = false;
}

static void hc_destroy(void *ctx, vp_event *ev)
{
    host_clock *c = ctx;
    for (vp_event **pp = &c->events; *pp; pp = &(*pp)->next) {
        if (*pp == ev) {
            *pp = ev->next;
            break;
        }
    }
    free(ev);
}

static const vp_clock_ops hc_ops = {
    .size = sizeof(vp_clock_ops),
    .abi = VP_CLOCK_ABI,
    .now = hc_now,
    .event_create = hc_create,
    .event_notify = hc_notify,
    .event_cancel = hc_cancel,
    .event_destroy = hc_destroy,
};

static vp_event *earliest(const host_clock *c)
{
    vp_event *best = NULL;
    for (vp_event *ev = c->events; ev; ev = ev->next)
        if (ev->pending && (!best || ev->when < best->when || (ev->when == best->when && ev->seq < best->seq)))
            best = ev;
    return best;
}

/* Moves time to `t`, firing every event due up to then (each at its time). */
static void advance_to(host_clock *c, vp_time t)
{
    vp_event *ev;
    while ((ev = earliest(c)) && ev->when <= t) {
        c->now = ev->when;
        ev->pending = false;
        ev->fn(ev->opaque);
    }
    if (t > c->now)
        c->now = t;
}

/* ---- the run ------------------------------------------------------------------ */
typedef struct run_state {
    vp_platform *p;
    bool exited;
    int status;
    uint64_t insns, max_insns;
} run_state;

/* The platform's test finisher asked to end the run. */
static void on_request_exit(void *opaque, int status)
{
    run_state *rs = opaque;
    rs->exited = true;
    rs->status = status;
    for (uint32_t i = 0; i < vp_platform_cpu_count(rs->p); i++)
        vp_cpu_request_exit(vp_platform_cpu(rs->p, i));
}

/* One quantum of every awake hart; *used = the longest local time. */
static bool run_quantum(run_state *rs, vp_time q, vp_time *used)
{
    bool any = false;
    *used = 0;
    for (uint32_t i = 0; i < vp_platform_cpu_count(rs->p) && !rs->exited; i++) {
        vp_cpu *cpu = vp_platform_cpu(rs->p, i);
        if (vp_cpu_is_halted(cpu))
            continue;
        any = true;
        vp_time period = vp_cpu_insn_period(cpu);
        uint64_t budget = period ? q / period : q, executed = 0;
        vp_time local = 0;
        vp_cpu_run(cpu, budget ? budget : 1, q, &executed, &local);
        rs->insns += executed;
        if (local > *used)
            *used = local;
    }
    return any;
}

static int run(run_state *rs, host_clock *clk)
{
    vp_time q = vp_platform_quantum(rs->p);
    if (!q)
        q = 10 * VP_US;
    while (!rs->exited) {
        vp_time used;
        bool awake = run_quantum(rs, q, &used);
        if (rs->exited)
            break;
        if (rs->max_insns && rs->insns >= rs->max_insns) {
            fprintf(stderr, "c_host: instruction limit %llu reached\n", (unsigned long long)rs->max_insns);
            return 124;
        }
        if (awake) {
            advance_to(clk, clk->now + (used ? used : 1));
            continue;
        }
        vp_event *next = earliest(clk); /* every hart sleeps: skip to the next event */
        if (!next) {
            fprintf(stderr, "c_host: every hart waits for an interrupt and nothing is pending\n");
            return 124;
        }
        advance_to(clk, next->when);
    }
    return rs->status;
}

static int fail(vp_error *err, const char *what)
{
    fprintf(stderr, "c_host: %s\n", err && err->msg ? err->msg : what);
    vp_error_free(err);
    return 2;
}

static int setup_and_run(const char *board, const char *elf, uint64_t max_insns)
{
    host_clock clk = {.face = {&hc_ops, NULL}};
    clk.face.ctx = &clk;
    run_state rs = {.max_insns = max_insns};
    vp_platform_options opts = {.size = sizeof(opts), .abi = VP_PLATFORM_ABI};
#if defined(__x86_64__)
    opts.accel = VP_CPU_ACCEL_JIT;
#endif
    vp_platform_host host = {.size = sizeof(host), .abi = VP_PLATFORM_ABI, .request_exit = on_request_exit, .opaque = &rs};
    vp_error *err = NULL;
    int rc = 2;
    rs.p = vp_platform_load(board, &opts, &err);
    if (!rs.p)
        return fail(err, "cannot load the platform");
    if (vp_platform_build(rs.p, &clk.face, &host, &err) != 0 || vp_platform_load_elf(rs.p, elf, &err) != 0 ||
        vp_platform_realize(rs.p, &err) != 0)
        rc = fail(err, "cannot set up the platform");
    else
        rc = run(&rs, &clk);
    fflush(stdout);
    vp_platform_destroy(rs.p); /* destroys the devices, which destroy their events */
    while (clk.events)
        hc_destroy(&clk, clk.events);
    return rc;
}

int main(int argc, char **argv)
{
    uint64_t max_insns = 0;
    int i = 1;
    if (argc > 2 && strcmp(argv[1], "--max-insns") == 0) {
        max_insns = strtoull(argv[2], NULL, 0);
        i = 3;
    }
    if (argc - i != 2) {
        fprintf(stderr, "usage: c_host [--max-insns N] PLATFORM.yaml FIRMWARE.elf\n");
        return 2;
    }
    return setup_and_run(argv[i], argv[i + 1], max_insns);
}
