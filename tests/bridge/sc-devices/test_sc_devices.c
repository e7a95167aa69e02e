/* SPDX-License-Identifier: Apache-2.0 */
/* test_sc_devices.c - SystemC-side devices end to end through the built
 * vpbridge: sctimer/dma firmware on virt-sc-rv32/64 (golden output, exit 0),
 * SystemC-timer interrupt latency within one quantum (1us and 100us),
 * `vpbridge check` of a platform with SystemC devices, and bad input: a
 * module whose create fails (nullptr, throw) -> one line, exit 125; a socket
 * left unbound -> one line, exit 125; error responses and undecoded
 * addresses -> guest access faults. DMI across the boundary (sc_mem grants
 * it, the hart's soft TLB uses it, SWAP revokes it and the hart sees the
 * other bank; a model that forgets to revoke is caught) and a b_transport
 * delay of a SystemC device advancing the hart's local time (mtime). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vp_cmd.h"

#define VPBRIDGE VP_BUILD_DIR "/bridge/vpbridge"

typedef vp_cmd_result run_result;

/* Runs vpbridge with `args` (shell words); captures stdout and stderr. */
static run_result run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static run_result run(const char *fmt, ...)
{
    char args[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    return vp_cmd_run("%s %s", VPBRIDGE, args);
}

static void run_free(run_result *r)
{
    vp_cmd_free(r);
}

/* stdout without the line starting with `drop` (NULL = none). */
static void strip_line(char *s, const char *drop)
{
    char *p = drop ? strstr(s, drop) : NULL;
    if (!p)
        return;
    char *nl = strchr(p, '\n');
    memmove(p, nl ? nl + 1 : p + strlen(p), strlen(nl ? nl + 1 : p + strlen(p)) + 1);
}

static void expect_golden(run_result *r, const char *name, const char *drop)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s.out", SCDEV_EXPECTED, name);
    char *want = vp_cmd_slurp(path);
    strip_line(r->out, drop);
    if (r->status != 0 || strcmp(r->out, want) != 0)
        fail_msg("%s: status %d\n--- stdout\n%s--- expected\n%s--- stderr\n%s", name, r->status, r->out, want, r->err);
    free(want);
}

static void test_sc_devices_sctimer_golden(void **state)
{
    (void)state;
    for (int x = 32; x <= 64; x += 32) {
        run_result r = run("run %s/virt-sc-rv%d.yaml --kernel %s/rv%d/sctimer.elf --timeout 60s", SC_BOARDS, x,
                           VP_FIRMWARE_DIR, x);
        expect_golden(&r, "sctimer", "sctimer: latency max ");
        assert_string_equal(r.err, "");
        run_free(&r);
    }
}

static void test_sc_devices_dma_golden(void **state)
{
    (void)state;
    for (int x = 32; x <= 64; x += 32) {
        run_result r = run("run %s/virt-sc-rv%d.yaml --kernel %s/rv%d/dma.elf --timeout 60s", SC_BOARDS, x,
                           VP_FIRMWARE_DIR, x);
        expect_golden(&r, "dma", NULL);
        assert_string_equal(r.err, "");
        run_free(&r);
    }
}

/* Max latency (mtime ticks, 100 ns) of the busy-looping phase. */
static unsigned long latency_with(const char *quantum)
{
    run_result r = run("run %s/virt-sc-rv32.yaml --kernel %s/rv32/sctimer.elf --quantum %s --timeout 60s", SC_BOARDS,
                       VP_FIRMWARE_DIR, quantum);
    const char *p = strstr(r.out, "sctimer: latency max ");
    if (r.status != 0 || !p)
        fail_msg("quantum %s: status %d\n%s\n%s", quantum, r.status, r.out, r.err);
    unsigned long v = strtoul(p + strlen("sctimer: latency max "), NULL, 10);
    run_free(&r);
    return v;
}

static void test_sc_devices_irq_within_quantum(void **state)
{
    (void)state;
    /* 1 tick (100 ns) of slack: mtime is read a few instructions after the trap */
    /* 100us is longer than the firmware's 50us periodic phase: this works
     * because a hart syncs after every access to a SystemC model (an irq the
     * model clears reaches the PLIC before the hart goes on). */
    unsigned long small = latency_with("1us"), large = latency_with("100us");
    if (small > 10 + 1)
        fail_msg("latency %lu ticks exceeds the 1us quantum (10 ticks)", small);
    if (large > 1000 + 1)
        fail_msg("latency %lu ticks exceeds the 100us quantum (1000 ticks)", large);
    /* the larger quantum is visibly coarser: the bound is not vacuous */
    assert_true(large > small);
}

static void test_sc_devices_check(void **state)
{
    (void)state;
    run_result r = run("check %s/virt-sc-rv64.yaml", SC_BOARDS);
    assert_int_equal(r.status, 0);
    if (!strstr(r.out, "timer0  sc_timer [systemc]") || !strstr(r.out, "dma0    sc_dma [systemc]") ||
        !strstr(r.out, "timer0.irq     -> plic0.src[11]"))
        fail_msg("check output:\n%s", r.out);
    run_free(&r);
}

/* `vpbridge device TYPE` shows a SystemC type's options and ports too. */
static void test_sc_devices_device_help(void **state)
{
    (void)state;
    run_result r = run("device sc_timer --help");
    assert_int_equal(r.status, 0);
    if (!strstr(r.out, "sc_timer - ") || !strstr(r.out, "[systemc]") || !strstr(r.out, "options:") ||
        !strstr(r.out, "  frequency        freq ") || !strstr(r.out, "ports:") || !strstr(r.out, "  irq "))
        fail_msg("device output:\n%s", r.out);
    run_free(&r);
}

/* One line on stderr containing every piece; exit 125. */
static void expect_config_error(run_result *r, const char *a, const char *b)
{
    const char *nl = strchr(r->err, '\n');
    if (r->status != 125 || !nl || nl[1] != 0 || !strstr(r->err, a) || !strstr(r->err, b))
        fail_msg("status %d, stderr:\n%s", r->status, r->err);
}

static void test_sc_devices_create_fails(void **state)
{
    (void)state;
    run_result r = run("check --module-path %s %s/fail_null.yaml", SCBAD_DIR, SCDEV_DATA);
    expect_config_error(&r, "fail_null.yaml:9:", "device 'bad0' (sc_fail_null): create failed: licence server not reachable");
    run_free(&r);
    r = run("run --module-path %s %s/fail_throw.yaml --kernel %s/rv32/fault.elf", SCBAD_DIR, SCDEV_DATA, SCDEV_FW);
    expect_config_error(&r, "fail_throw.yaml:9:", "device 'bad0' (sc_fail_throw): create threw: bad calibration table");
    run_free(&r);
}

static void test_sc_devices_unbound_socket(void **state)
{
    (void)state;
    run_result r = run("run --module-path %s %s/unbound.yaml --kernel %s/rv32/fault.elf --timeout 30s", SCBAD_DIR,
                       SCDEV_DATA, SCDEV_FW);
    expect_config_error(&r, "systemc:", "bad0.stray");
    run_free(&r);
}

static void test_sc_devices_error_response_faults(void **state)
{
    (void)state;
    run_result r = run("run --module-path %s %s/errresp.yaml --kernel %s/rv32/fault.elf --timeout 30s", SCBAD_DIR,
                       SCDEV_DATA, SCDEV_FW);
    expect_golden(&r, "fault", NULL);
    run_free(&r);
}


/* The number after `key` in s (fails when missing). */
static run_result run_scmem(const char *board)
{
    return run("run %s/%s.yaml --kernel %s/rv32/scmem.elf --timeout 60s --stats", SCDEV_DATA, board, SCDEV_FW);
}

/* fw/scmem.c: 1024 words, written once, 20 read-modify-write rounds, once more. */
#define SCMEM_WINDOW_ACCESSES (1024ul * (1 + 2 * 20 + 2))

static void test_sc_devices_dmi_invalidate(void **state)
{
    (void)state;
    run_result r = run_scmem("scmem");
    if (r.status != 0 || !strstr(r.out, "scmem: pass\n"))
        fail_msg("status %d\n%s%s", r.status, r.out, r.err);
    /* one grant per bank activation (bank 0, bank 1, bank 0 again): the hart
     * asked again after each revocation */
    unsigned long grants = vp_cmd_number_after(r.out, "dmi grants "), xfers = vp_cmd_number_after(r.out, "window b_transports ");
    unsigned long io = vp_cmd_number_after(r.err, "io accesses ");
    if (grants < 3 || xfers > 64 || io > SCMEM_WINDOW_ACCESSES / 10)
        fail_msg("grants %lu, window b_transports %lu, hart io accesses %lu: DMI not used\n%s%s", grants, xfers, io,
                 r.out, r.err);
    run_free(&r);
}

static void test_sc_devices_dmi_stale_without_invalidate(void **state)
{
    (void)state;
    /* the same firmware against a model that swaps without revoking DMI:
     * the hart keeps its host pointer into the old bank and the firmware
     * must notice (exit 3); this is what the test above guards against */
    run_result r = run_scmem("scmem-noinv");
    if (r.status != 3 || !strstr(r.out, "after swap: bank 1 initial: STALE"))
        fail_msg("status %d\n%s%s", r.status, r.out, r.err);
    run_free(&r);
}

static void test_sc_devices_dmi_off_goes_through_b_transport(void **state)
{
    (void)state;
    run_result r = run_scmem("scmem-nodmi");
    if (r.status != 0 || !strstr(r.out, "scmem: pass\n"))
        fail_msg("status %d\n%s%s", r.status, r.out, r.err);
    unsigned long grants = vp_cmd_number_after(r.out, "dmi grants "), xfers = vp_cmd_number_after(r.out, "window b_transports ");
    if (grants != 0 || xfers < SCMEM_WINDOW_ACCESSES)
        fail_msg("grants %lu, window b_transports %lu (want 0 and >= %lu)", grants, xfers, SCMEM_WINDOW_ACCESSES);
    assert_true(vp_cmd_number_after(r.err, "io accesses ") >= SCMEM_WINDOW_ACCESSES);
    run_free(&r);
}

/* fw/scexec.c: code in sc_mem's window, the banks swapped under it with no
 * fence.i: the revocation (DMI) or the uncached fetch (no DMI) must make
 * the hart run the new bank's code. */
static void test_sc_devices_code_changes_with_the_bank(void **state)
{
    (void)state;
    static const char *const boards[] = {"scmem", "scmem-nodmi"};
    static const char *const accels[] = {"jit", "interp"};
    for (unsigned b = 0; b < 2; b++) {
        for (unsigned a = 0; a < 2; a++) {
            run_result r = run("run %s/%s.yaml --kernel %s/rv32/scexec.elf --accel %s --timeout 60s", SCDEV_DATA,
                               boards[b], SCDEV_FW, accels[a]);
            if (r.status != 0 || !strstr(r.out, "scexec: pass\n"))
                fail_msg("%s --accel %s: status %d\n%s%s", boards[b], accels[a], r.status, r.out, r.err);
            run_free(&r);
        }
    }
}

/* mtime ticks (100 ns) that fw/sclat.c's 1000 sc_timer reads take. */
static unsigned long sclat_delta(const char *latency)
{
    run_result r = run("run %s/sclat-%s.yaml --kernel %s/rv32/sclat.elf --timeout 60s", SCDEV_DATA, latency, SCDEV_FW);
    if (r.status != 0)
        fail_msg("latency %s: status %d\n%s%s", latency, r.status, r.out, r.err);
    unsigned long d = vp_cmd_number_after(r.out, "reads, mtime delta ");
    run_free(&r);
    return d;
}

static void test_sc_devices_delay_advances_local_time(void **state)
{
    (void)state;
    /* 1000 reads; 1us each = 10 ticks each: the delta grows by 10000 ticks
     * (simulated time, not wall clock). Allow 2% for the loop's own time. */
    unsigned long d0 = sclat_delta("0"), d1 = sclat_delta("1us");
    if (d0 > 500 || d1 < d0 + 9800 || d1 > d0 + 10200)
        fail_msg("mtime delta %lu ticks with latency 0, %lu with 1us: want a growth of about 10000", d0, d1);
}

/* A target that waits inside b_transport (sc_waiter: 1 us, as RTL waits
 * for clock edges) moves the hart's time as much as one that annotates the
 * same delay: the hart's offset after the access covers the wait, and the
 * round does not add it a second time. */
static void test_sc_devices_wait_in_b_transport(void **state)
{
    (void)state;
    unsigned long d0 = sclat_delta("0");
    run_result r = run("run --module-path %s %s/sclat-wait.yaml --kernel %s/rv32/sclat.elf --timeout 60s", SCBAD_DIR,
                       SCDEV_DATA, SCDEV_FW);
    if (r.status != 0)
        fail_msg("status %d\n%s%s", r.status, r.out, r.err);
    unsigned long d = vp_cmd_number_after(r.out, "reads, mtime delta ");
    run_free(&r);
    if (d < d0 + 9800 || d > d0 + 10200)
        fail_msg("mtime delta %lu ticks (%lu without latency): want a growth of about 10000", d, d0);
}

/* A SystemC target that answers nb_transport_fw only (sc_nb_only, flagged
 * VP_SC_TARGET_NB_ONLY): the host drives it through the 4-phase base
 * protocol; each read completes 1 us after its request, as the waiter's. */
static void test_sc_devices_nb_only_target(void **state)
{
    (void)state;
    unsigned long d0 = sclat_delta("0");
    run_result r = run("run --module-path %s %s/sclat-nb.yaml --kernel %s/rv32/sclat.elf --timeout 60s", SCBAD_DIR,
                       SCDEV_DATA, SCDEV_FW);
    if (r.status != 0)
        fail_msg("status %d\n%s%s", r.status, r.out, r.err);
    unsigned long d = vp_cmd_number_after(r.out, "reads, mtime delta ");
    run_free(&r);
    if (d < d0 + 9800 || d > d0 + 10200)
        fail_msg("mtime delta %lu ticks (%lu without latency): want a growth of about 10000", d, d0);
}

/* Two harts: hart 0's access waits 1 us of kernel time, then hart 1 takes
 * its turn of the same round from the round's start. A round lasts one
 * quantum (10 us = 100 ticks), not the wait plus the quantum, and hart 1
 * runs at 1 instruction per ns of simulated time (3 a spin). */
static void test_sc_devices_wait_two_harts(void **state)
{
    (void)state;
    run_result r = run("run --module-path %s %s/sclat-wait-2harts.yaml --kernel %s/rv32/sclat2.elf --timeout 60s",
                       SCBAD_DIR, SCDEV_DATA, SCDEV_FW);
    if (r.status != 0)
        fail_msg("status %d\n%s%s", r.status, r.out, r.err);
    unsigned long d = vp_cmd_number_after(r.out, "reads, mtime delta ");
    unsigned long spins = vp_cmd_number_after(r.out, "ticks, spins ");
    run_free(&r);
    /* 200 reads, one a round: 200 quanta = 20000 ticks. */
    if (d < 19800 || d > 20400)
        fail_msg("mtime delta %lu ticks for 200 rounds of 100 ticks: want about 20000", d);
    /* 100 ns a tick / 3 ns a spin. */
    double want = d * 100.0 / 3.0;
    if (spins < want * 0.97 || spins > want * 1.03)
        fail_msg("hart 1 spun %lu times in %lu ticks: want about %.0f (1 instruction a ns)", spins, d, want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sc_devices_sctimer_golden),
        cmocka_unit_test(test_sc_devices_dma_golden),
        cmocka_unit_test(test_sc_devices_irq_within_quantum),
        cmocka_unit_test(test_sc_devices_check),
        cmocka_unit_test(test_sc_devices_device_help),
        cmocka_unit_test(test_sc_devices_create_fails),
        cmocka_unit_test(test_sc_devices_unbound_socket),
        cmocka_unit_test(test_sc_devices_error_response_faults),
        cmocka_unit_test(test_sc_devices_dmi_invalidate),
        cmocka_unit_test(test_sc_devices_dmi_stale_without_invalidate),
        cmocka_unit_test(test_sc_devices_dmi_off_goes_through_b_transport),
        cmocka_unit_test(test_sc_devices_code_changes_with_the_bank),
        cmocka_unit_test(test_sc_devices_delay_advances_local_time),
        cmocka_unit_test(test_sc_devices_wait_in_b_transport),
        cmocka_unit_test(test_sc_devices_wait_two_harts),
        cmocka_unit_test(test_sc_devices_nb_only_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
