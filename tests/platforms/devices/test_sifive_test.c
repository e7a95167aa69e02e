/* SPDX-License-Identifier: Apache-2.0 */
/* test_sifive_test.c - test finisher module through the device harness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "device_harness.h"

static harness *make(void)
{
    harness *h = harness_create("sifive_test", 1);
    assert_non_null(h);
    assert_int_equal(harness_device_create(h, "sifive_test", NULL), 0);
    return h;
}

static void test_sifive_test_module_descriptor(void **state)
{
    (void)state;
    harness *h = harness_create("sifive_test", 1);
    assert_non_null(h);
    assert_string_equal(harness_module(h)->name, "sifive_test");
    assert_int_equal(harness_type_count(h), 1);
    assert_non_null(harness_type(h, "sifive_test"));
    assert_true(harness_destroy(h));
}

static void test_sifive_test_pass(void **state)
{
    (void)state;
    harness *h = make();
    assert_int_equal(harness_wr(h, 0, 4, 0x5555), TLMC_OK_RESPONSE);
    assert_int_equal(harness_exit_count(h), 1);
    assert_int_equal(harness_exit_status(h), 0);
    assert_true(harness_destroy(h));
}

static void test_sifive_test_fail_code(void **state)
{
    (void)state;
    harness *h = make();
    assert_int_equal(harness_wr(h, 0, 4, (42u << 16) | 0x3333), TLMC_OK_RESPONSE);
    assert_int_equal(harness_exit_count(h), 1);
    assert_int_equal(harness_exit_status(h), 42);
    assert_int_equal(harness_wr(h, 0, 4, (1u << 16) | 0x3333), TLMC_OK_RESPONSE);
    assert_int_equal(harness_exit_status(h), 1);
    assert_true(harness_destroy(h));
}

static void test_sifive_test_reset_ends_with_zero_and_logs(void **state)
{
    (void)state;
    harness *h = make();
    harness_wr(h, 0, 4, 0x7777);
    assert_int_equal(harness_exit_count(h), 1);
    assert_int_equal(harness_exit_status(h), 0);
    assert_true(harness_log_contains(h, VP_LOG_UNIMP, "reset"));
    assert_true(harness_destroy(h));
}

static void test_sifive_test_invalid_accesses(void **state)
{
    (void)state;
    harness *h = make();
    /* unknown command: ignored, logged */
    assert_int_equal(harness_wr(h, 0, 4, 0x1234), TLMC_OK_RESPONSE);
    assert_int_equal(harness_exit_count(h), 0);
    assert_true(harness_log_contains(h, VP_LOG_GUEST_ERROR, "0x00001234"));
    /* byte access and other offsets: address error */
    assert_int_equal(harness_wr(h, 0, 1, 0x55), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(harness_wr(h, 4, 4, 0x5555), TLMC_ADDRESS_ERROR_RESPONSE);
    assert_int_equal(harness_exit_count(h), 0);
    /* reads are zero */
    tlmc_response r;
    assert_int_equal(harness_rd(h, 0, 4, &r), 0);
    assert_int_equal(r, TLMC_OK_RESPONSE);
    assert_int_equal(harness_log_count(h, VP_LOG_GUEST_ERROR), 3);
    assert_true(harness_destroy(h));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sifive_test_module_descriptor),
        cmocka_unit_test(test_sifive_test_pass),
        cmocka_unit_test(test_sifive_test_fail_code),
        cmocka_unit_test(test_sifive_test_reset_ends_with_zero_and_logs),
        cmocka_unit_test(test_sifive_test_invalid_accesses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
