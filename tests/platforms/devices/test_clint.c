/* SPDX-License-Identifier: Apache-2.0 */
/* test_clint.c - CLINT module through the device harness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "device_harness.h"

#define MSIP(h) (0x0000u + 4u * (h))
#define MTIMECMP(h) (0x4000u + 8u * (h))
#define MTIME 0xbff8u

static harness *make(uint32_t harts, const char *const *opts)
{
    harness *h = harness_create("clint", harts);
    assert_non_null(h);
    assert_int_equal(harness_device_create(h, "clint", opts), 0);
    return h;
}

static uint64_t rd(harness *h, uint64_t addr, uint32_t len)
{
    tlmc_response r;
    uint64_t v = harness_rd(h, addr, len, &r);
    assert_int_equal(r, TLMC_OK_RESPONSE);
    return v;
}

static vp_time next_event(harness *h)
{
    vp_time t = 0;
    assert_true(clock_stub_next(harness_clock(h), &t));
    return t;
}

static void test_clint_mtime_follows_clock_and_delay(void **state)
{
    (void)state;
    harness *h = make(1, NULL); /* 10 MHz: one tick per 100 ns */
    assert_int_equal(rd(h, MTIME, 8), 0);
    harness_advance(h, 1 * VP_US);
    assert_int_equal(rd(h, MTIME, 8), 10);
    harness_set_delay(h, 550 * VP_NS); /* the initiator's local time is ahead */
    assert_int_equal(rd(h, MTIME, 8), 15);
    assert_int_equal(harness_last_delay(h), 550 * VP_NS); /* no latency added */
    harness_set_delay(h, 0);
    harness_advance(h, 1 * VP_SEC);
    assert_int_equal(rd(h, MTIME, 8), 10000010);
    assert_int_equal(rd(h, MTIME, 4), 10000010);
    assert_int_equal(rd(h, MTIME + 4, 4), 0);
    assert_true(harness_destroy(h));
}

static void test_clint_timebase_option(void **state)
{
    (void)state;
    const char *const opts[] = {"timebase=1GHz", NULL};
    harness *h = make(1, opts);
    harness_advance(h, 1234 * VP_NS);
    assert_int_equal(rd(h, MTIME, 8), 1234);
    assert_true(harness_destroy(h));
    harness *bad = harness_create("clint", 1);
    const char *const zero[] = {"timebase=0", NULL};
    assert_int_not_equal(harness_device_create(bad, "clint", zero), 0);
    assert_true(harness_destroy(bad));
}

static void test_clint_mtimecmp_fires_at_exact_time(void **state)
{
    (void)state;
    harness *h = make(1, NULL);
    /* QEMU virt reset state: mtimecmp = 0, so MTIP is pending */
    assert_true(harness_signal(h, "mtip", 0));
    assert_int_equal(harness_wr(h, MTIMECMP(0), 8, 100), TLMC_OK_RESPONSE);
    assert_false(harness_signal(h, "mtip", 0));
    assert_int_equal(next_event(h), 10 * VP_US);
    harness_advance(h, 10 * VP_US - 1);
    assert_false(harness_signal(h, "mtip", 0));
    harness_advance(h, 1);
    assert_true(harness_signal(h, "mtip", 0));
    assert_int_equal(rd(h, MTIME, 8), 100);
    assert_int_equal(clock_stub_pending(harness_clock(h)), 0); /* no polling */
    /* re-arm */
    harness_wr(h, MTIMECMP(0), 8, 250);
    assert_false(harness_signal(h, "mtip", 0));
    assert_int_equal(next_event(h), 25 * VP_US);
    harness_advance(h, 20 * VP_US);
    assert_true(harness_signal(h, "mtip", 0));
    assert_int_equal(harness_signal_edges(h, "mtip", 0), 5);
    assert_true(harness_destroy(h));
}

static void test_clint_mtimecmp_write_uses_local_time(void **state)
{
    (void)state;
    harness *h = make(1, NULL);
    harness_set_delay(h, 2 * VP_US); /* local mtime is 20 */
    harness_wr(h, MTIMECMP(0), 8, 25);
    assert_false(harness_signal(h, "mtip", 0));
    assert_int_equal(next_event(h), 2500 * VP_NS);
    harness_wr(h, MTIMECMP(0), 8, 20); /* already reached at local time */
    assert_true(harness_signal(h, "mtip", 0));
    assert_int_equal(clock_stub_pending(harness_clock(h)), 0);
    assert_true(harness_destroy(h));
}

static void test_clint_halves_and_far_compare(void **state)
{
    (void)state;
    harness *h = make(1, NULL);
    /* RV32 style: high word first to all-ones, then low, then high */
    harness_wr(h, MTIMECMP(0) + 4, 4, 0xffffffff);
    assert_false(harness_signal(h, "mtip", 0));
    assert_int_equal(clock_stub_pending(harness_clock(h)), 0); /* unreachable: no event */
    harness_wr(h, MTIMECMP(0), 4, 50);
    harness_wr(h, MTIMECMP(0) + 4, 4, 0);
    assert_int_equal(rd(h, MTIMECMP(0), 8), 50);
    assert_int_equal(rd(h, MTIMECMP(0) + 4, 4), 0);
    assert_int_equal(next_event(h), 5 * VP_US);
    /* writing mtime moves the crossing */
    harness_advance(h, 1 * VP_US);
    harness_wr(h, MTIME, 8, 40);
    assert_int_equal(rd(h, MTIME, 8), 40);
    assert_int_equal(next_event(h), 2 * VP_US);
    harness_wr(h, MTIME + 4, 4, 1); /* mtime = 2^32 + 40: past the compare */
    assert_true(harness_signal(h, "mtip", 0));
    assert_int_equal(rd(h, MTIME, 8), (1ull << 32) + 40);
    harness_advance(h, 1 * VP_US);
    assert_int_equal(rd(h, MTIME, 8), (1ull << 32) + 50);
    assert_true(harness_destroy(h));
}

static void test_clint_msip_per_hart(void **state)
{
    (void)state;
    harness *h = make(2, NULL);
    assert_int_equal(harness_port_count(h, "msip"), 2);
    assert_int_equal(harness_port_count(h, "mtip"), 2);
    harness_wr(h, MSIP(1), 4, 1);
    assert_true(harness_signal(h, "msip", 1));
    assert_false(harness_signal(h, "msip", 0));
    assert_int_equal(rd(h, MSIP(1), 4), 1);
    assert_int_equal(rd(h, MSIP(0), 4), 0);
    harness_wr(h, MSIP(1), 4, 0xfffffffe);
    assert_false(harness_signal(h, "msip", 1));
    assert_int_equal(rd(h, MSIP(1), 4), 0);
    /* hart 1 timer is independent of hart 0 */
    harness_wr(h, MTIMECMP(0), 8, 10);
    harness_wr(h, MTIMECMP(1), 8, 30);
    harness_advance(h, 1 * VP_US);
    assert_true(harness_signal(h, "mtip", 0));
    assert_false(harness_signal(h, "mtip", 1));
    harness_advance(h, 2 * VP_US);
    assert_true(harness_signal(h, "mtip", 1));
    assert_true(harness_destroy(h));
}

static void test_clint_invalid_accesses(void **state)
{
    (void)state;
    harness *h = make(2, NULL);
    assert_int_equal(harness_wr(h, MSIP(0), 8, 1), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(harness_wr(h, MSIP(0), 2, 1), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(harness_wr(h, MSIP(0) + 2, 4, 1), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_false(harness_signal(h, "msip", 0));
    assert_int_equal(harness_log_count(h, VP_LOG_GUEST_ERROR), 3);
    harness_log_clear(h);
    /* holes: read as zero, writes ignored, logged */
    assert_int_equal(harness_wr(h, MSIP(2), 4, 1), TLMC_OK_RESPONSE);
    assert_int_equal(rd(h, MTIMECMP(2), 8), 0);
    assert_int_equal(rd(h, 0xc000, 4), 0);
    assert_int_equal(harness_log_count(h, VP_LOG_GUEST_ERROR), 3);
    assert_true(harness_destroy(h));
}

static void test_clint_reset_op(void **state)
{
    (void)state;
    const char *const opts[] = {"mtimecmp-reset=0xffffffffffffffff", NULL};
    harness *h = make(1, opts);
    assert_false(harness_signal(h, "mtip", 0));
    assert_int_equal(clock_stub_pending(harness_clock(h)), 0);
    harness_wr(h, MSIP(0), 4, 1);
    harness_wr(h, MTIMECMP(0), 8, 5);
    harness_advance(h, 3 * VP_US);
    assert_true(harness_signal(h, "mtip", 0));
    harness_device_reset(h);
    assert_false(harness_signal(h, "msip", 0));
    assert_false(harness_signal(h, "mtip", 0));
    assert_int_equal(rd(h, MTIME, 8), 0);
    assert_int_equal(rd(h, MTIMECMP(0), 8), UINT64_MAX);
    harness_advance(h, 1 * VP_US);
    assert_int_equal(rd(h, MTIME, 8), 10);
    assert_true(harness_destroy(h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clint_mtime_follows_clock_and_delay),
        cmocka_unit_test(test_clint_timebase_option),
        cmocka_unit_test(test_clint_mtimecmp_fires_at_exact_time),
        cmocka_unit_test(test_clint_mtimecmp_write_uses_local_time),
        cmocka_unit_test(test_clint_halves_and_far_compare),
        cmocka_unit_test(test_clint_msip_per_hart),
        cmocka_unit_test(test_clint_invalid_accesses),
        cmocka_unit_test(test_clint_reset_op),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
