/* SPDX-License-Identifier: Apache-2.0 */
/* test_plic.c - PLIC module through the device harness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "device_harness.h"

#define PRIO(s) (0x0u + 4u * (s))
#define PENDING(w) (0x1000u + 4u * (w))
#define ENABLE(c, w) (0x2000u + 0x80u * (c) + 4u * (w))
#define THRESHOLD(c) (0x200000u + 0x1000u * (c))
#define CLAIM(c) (THRESHOLD(c) + 4u)

static harness *make(uint32_t harts, const char *const *opts)
{
    harness *h = harness_create("plic", harts);
    assert_non_null(h);
    assert_int_equal(harness_device_create(h, "plic", opts), 0);
    return h;
}

static uint32_t rd(harness *h, uint64_t addr)
{
    tlmc_response r;
    uint32_t v = (uint32_t)harness_rd(h, addr, 4, &r);
    assert_int_equal(r, TLMC_OK_RESPONSE);
    return v;
}

static void wr(harness *h, uint64_t addr, uint32_t v) { assert_int_equal(harness_wr(h, addr, 4, v), TLMC_OK_RESPONSE); }

static void test_plic_claim_order_priority_then_lowest_id(void **state)
{
    (void)state;
    harness *h = make(1, NULL);
    assert_int_equal(harness_port_count(h, "src"), 97);
    assert_int_equal(harness_port_count(h, "meip"), 1);
    wr(h, PRIO(3), 2);
    wr(h, PRIO(5), 5);
    wr(h, PRIO(7), 5);
    wr(h, ENABLE(0, 0), (1u << 3) | (1u << 5) | (1u << 7));
    harness_signal_in(h, "src", 7, true);
    harness_signal_in(h, "src", 5, true);
    harness_signal_in(h, "src", 3, true);
    assert_true(harness_signal(h, "meip", 0));
    assert_false(harness_signal(h, "seip", 0)); /* S context has nothing enabled */
    assert_int_equal(rd(h, PENDING(0)), (1u << 3) | (1u << 5) | (1u << 7));
    assert_int_equal(rd(h, CLAIM(0)), 5);
    assert_int_equal(rd(h, PENDING(0)), (1u << 3) | (1u << 7));
    assert_int_equal(rd(h, CLAIM(0)), 7);
    assert_true(harness_signal(h, "meip", 0));
    assert_int_equal(rd(h, CLAIM(0)), 3);
    assert_false(harness_signal(h, "meip", 0));
    assert_int_equal(rd(h, CLAIM(0)), 0);
    assert_true(harness_destroy(h));
}

static void test_plic_threshold_masks(void **state)
{
    (void)state;
    harness *h = make(1, NULL);
    wr(h, PRIO(10), 5);
    wr(h, ENABLE(0, 0), 1u << 10);
    harness_signal_in(h, "src", 10, true);
    assert_true(harness_signal(h, "meip", 0));
    wr(h, THRESHOLD(0), 5); /* priority must exceed the threshold */
    assert_int_equal(rd(h, THRESHOLD(0)), 5);
    assert_false(harness_signal(h, "meip", 0));
    assert_int_equal(rd(h, CLAIM(0)), 0);
    wr(h, THRESHOLD(0), 4);
    assert_true(harness_signal(h, "meip", 0));
    wr(h, PRIO(10), 0); /* priority 0 never interrupts */
    assert_false(harness_signal(h, "meip", 0));
    assert_true(harness_destroy(h));
}

static void test_plic_level_gateway_repends_on_complete(void **state)
{
    (void)state;
    harness *h = make(1, NULL);
    wr(h, PRIO(4), 1);
    wr(h, ENABLE(0, 0), 1u << 4);
    harness_signal_in(h, "src", 4, true);
    assert_int_equal(rd(h, CLAIM(0)), 4);
    assert_false(harness_signal(h, "meip", 0)); /* claimed: not pending while line stays high */
    assert_int_equal(rd(h, PENDING(0)), 0);
    wr(h, CLAIM(0), 4); /* complete with the line still high: pending again */
    assert_true(harness_signal(h, "meip", 0));
    assert_int_equal(rd(h, CLAIM(0)), 4);
    harness_signal_in(h, "src", 4, false);
    wr(h, CLAIM(0), 4); /* complete with the line low: stays idle */
    assert_false(harness_signal(h, "meip", 0));
    assert_int_equal(rd(h, PENDING(0)), 0);
    /* unclaimed: pending follows the line */
    harness_signal_in(h, "src", 4, true);
    assert_true(harness_signal(h, "meip", 0));
    harness_signal_in(h, "src", 4, false);
    assert_false(harness_signal(h, "meip", 0));
    assert_int_equal(rd(h, PENDING(0)), 0);
    assert_true(harness_destroy(h));
}

static void test_plic_enable_contexts_per_hart(void **state)
{
    (void)state;
    harness *h = make(2, NULL);
    assert_int_equal(harness_port_count(h, "seip"), 2);
    wr(h, PRIO(33), 3);
    harness_signal_in(h, "src", 33, true);
    assert_false(harness_signal(h, "meip", 0));
    wr(h, ENABLE(3, 1), 1u << 1); /* context 3 = hart 1 S-mode, source 33 */
    assert_true(harness_signal(h, "seip", 1));
    assert_false(harness_signal(h, "meip", 1));
    assert_false(harness_signal(h, "seip", 0));
    wr(h, ENABLE(2, 1), 1u << 1); /* hart 1 M-mode too */
    assert_true(harness_signal(h, "meip", 1));
    assert_int_equal(rd(h, CLAIM(2)), 33); /* claim by one context clears it for all */
    assert_false(harness_signal(h, "meip", 1));
    assert_false(harness_signal(h, "seip", 1));
    /* completion from a context where the source is not enabled is ignored */
    wr(h, CLAIM(0), 33);
    assert_true(harness_log_contains(h, VP_LOG_GUEST_ERROR, "source 33"));
    assert_false(harness_signal(h, "seip", 1));
    wr(h, CLAIM(3), 33);
    assert_true(harness_signal(h, "seip", 1));
    wr(h, ENABLE(3, 1), 0);
    assert_false(harness_signal(h, "seip", 1));
    assert_true(harness_destroy(h));
}

static void test_plic_warl_fields(void **state)
{
    (void)state;
    const char *const opts[] = {"num-sources=40", "num-priorities=5", NULL};
    harness *h = make(1, opts);
    assert_int_equal(harness_port_count(h, "src"), 41);
    wr(h, ENABLE(0, 0), 0xffffffff);
    assert_int_equal(rd(h, ENABLE(0, 0)), 0xfffffffe); /* source 0 does not exist */
    wr(h, ENABLE(0, 1), 0xffffffff);
    assert_int_equal(rd(h, ENABLE(0, 1)), 0x1ff); /* sources 32..40 */
    wr(h, PRIO(1), 4);
    wr(h, PRIO(1), 6); /* above num-priorities: ignored */
    assert_int_equal(rd(h, PRIO(1)), 4);
    wr(h, PRIO(1), 0x15); /* masked to 3 bits: 5 */
    assert_int_equal(rd(h, PRIO(1)), 5);
    wr(h, PRIO(0), 3);
    assert_int_equal(rd(h, PRIO(0)), 0);
    /* beyond the configured sources: holes */
    assert_int_equal(rd(h, PRIO(41)), 0);
    assert_int_equal(rd(h, PENDING(2)), 0);
    wr(h, PENDING(0), 0xff); /* read-only */
    assert_int_equal(rd(h, PENDING(0)), 0);
    assert_int_equal(harness_log_count(h, VP_LOG_GUEST_ERROR), 3);
    assert_false(harness_signal_in(h, "meip", 0, true)); /* an output is not an input */
    assert_true(harness_destroy(h));
}

static void test_plic_invalid_access_and_reset(void **state)
{
    (void)state;
    harness *h = make(1, NULL);
    assert_int_equal(harness_wr(h, PRIO(1), 1, 1), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(harness_wr(h, PRIO(1), 8, 1), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(harness_wr(h, PRIO(1) + 2, 4, 1), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(rd(h, THRESHOLD(2)), 0); /* context 2 needs a second hart */
    assert_int_equal(rd(h, THRESHOLD(0) + 8), 0);
    assert_int_equal(harness_log_count(h, VP_LOG_GUEST_ERROR), 5);
    wr(h, PRIO(2), 7);
    wr(h, ENABLE(0, 0), 1u << 2);
    wr(h, THRESHOLD(0), 1);
    harness_signal_in(h, "src", 2, true);
    assert_true(harness_signal(h, "meip", 0));
    harness_device_reset(h);
    assert_false(harness_signal(h, "meip", 0));
    assert_int_equal(rd(h, PRIO(2)), 0);
    assert_int_equal(rd(h, ENABLE(0, 0)), 0);
    assert_int_equal(rd(h, THRESHOLD(0)), 0);
    assert_int_equal(rd(h, PENDING(0)), 1u << 2); /* the line is still high */
    assert_true(harness_destroy(h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plic_claim_order_priority_then_lowest_id),
        cmocka_unit_test(test_plic_threshold_masks),
        cmocka_unit_test(test_plic_level_gateway_repends_on_complete),
        cmocka_unit_test(test_plic_enable_contexts_per_hart),
        cmocka_unit_test(test_plic_warl_fields),
        cmocka_unit_test(test_plic_invalid_access_and_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
