/* SPDX-License-Identifier: Apache-2.0 */
/* test_parse.c - time, size and frequency parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_base.h>

static void test_parse_time_units(void **state)
{
    (void)state;
    vp_time t;
    assert_int_equal(vp_time_parse("10us", &t), 0);
    assert_true(t == 10 * VP_US);
    assert_int_equal(vp_time_parse("2s", &t), 0);
    assert_true(t == 2 * VP_SEC);
    assert_int_equal(vp_time_parse("1.5ms", &t), 0);
    assert_true(t == 1500 * VP_US);
    assert_int_equal(vp_time_parse("100 ns", &t), 0);
    assert_true(t == 100 * VP_NS);
    assert_int_equal(vp_time_parse("0", &t), 0);
    assert_true(t == 0);
}

static void test_parse_time_rejects(void **state)
{
    (void)state;
    vp_time t;
    assert_int_not_equal(vp_time_parse("10xs", &t), 0);
    assert_int_not_equal(vp_time_parse("10", &t), 0); /* unit required */
    assert_int_not_equal(vp_time_parse("-1us", &t), 0);
    assert_int_not_equal(vp_time_parse("", &t), 0);
    assert_int_not_equal(vp_time_parse("us", &t), 0);
    assert_int_not_equal(vp_time_parse("99999999999s", &t), 0); /* > 2^64 ps */
}

static void test_parse_size(void **state)
{
    (void)state;
    uint64_t s;
    assert_int_equal(vp_size_parse("128MiB", &s), 0);
    assert_true(s == 128ull << 20);
    assert_int_equal(vp_size_parse("0x1000", &s), 0);
    assert_true(s == 0x1000);
    assert_int_equal(vp_size_parse("4K", &s), 0);
    assert_true(s == 4096);
    assert_int_equal(vp_size_parse("77", &s), 0);
    assert_true(s == 77);
    assert_int_not_equal(vp_size_parse("12 parsecs", &s), 0);
    assert_int_not_equal(vp_size_parse("0x", &s), 0);
    assert_int_not_equal(vp_size_parse("1.5", &s), 0);
}

static void test_parse_freq(void **state)
{
    (void)state;
    uint64_t hz;
    assert_int_equal(vp_freq_parse("1GHz", &hz), 0);
    assert_true(hz == 1000000000ull);
    assert_int_equal(vp_freq_parse("10MHz", &hz), 0);
    assert_true(hz == 10000000ull);
    assert_int_equal(vp_freq_parse("32768", &hz), 0);
    assert_true(hz == 32768);
    assert_int_not_equal(vp_freq_parse("0Hz", &hz), 0);
    assert_int_not_equal(vp_freq_parse("fast", &hz), 0);
}

/* Blanks only between number and unit: " 4KiB" or "1GHz " is an error
 * (a YAML value written in quotes with a stray blank must not pass). */
static void test_parse_blanks_rejected(void **state)
{
    (void)state;
    uint64_t v;
    vp_time t;
    assert_int_equal(vp_size_parse(" 4KiB", &v), VP_EINVAL);
    assert_int_equal(vp_size_parse("\t4096", &v), VP_EINVAL);
    assert_int_equal(vp_size_parse("4096 ", &v), VP_EINVAL);
    assert_int_equal(vp_size_parse(" 0x1000", &v), VP_EINVAL);
    assert_int_equal(vp_freq_parse(" 1GHz", &v), VP_EINVAL);
    assert_int_equal(vp_freq_parse("1GHz ", &v), VP_EINVAL);
    assert_int_equal(vp_time_parse(" 10us", &t), VP_EINVAL);
    assert_int_equal(vp_time_parse("10us\n", &t), VP_EINVAL);
    assert_int_equal(vp_size_parse(" ", &v), VP_EINVAL);
    assert_int_equal(vp_size_parse("4 KiB", &v), 0); /* between number and unit: allowed */
    assert_true(v == 4096);
}

static void test_parse_log_mask(void **state)
{
    (void)state;
    unsigned m = 0;
    vp_error *err = NULL;
    assert_int_equal(vp_log_parse_mask("in_asm,int", &m, &err), 0);
    assert_int_equal(m, VP_LOG_IN_ASM | VP_LOG_INT);
    assert_int_equal(vp_log_parse_mask("in_asm,bogus", &m, &err), VP_EINVAL);
    assert_non_null(err);
    assert_non_null(strstr(err->msg, "'bogus'"));
    vp_error_free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_time_units), cmocka_unit_test(test_parse_time_rejects),
        cmocka_unit_test(test_parse_size),       cmocka_unit_test(test_parse_freq),
        cmocka_unit_test(test_parse_log_mask),   cmocka_unit_test(test_parse_blanks_rejected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
