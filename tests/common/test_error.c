/* SPDX-License-Identifier: Apache-2.0 */
/* test_error.c - vp_error objects and status strings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_base.h>

static void test_error_set_and_prefix(void **state)
{
    (void)state;
    vp_error *err = NULL;
    vp_error_set(&err, VP_EPARSE, "line %d: bad", 3);
    assert_non_null(err);
    assert_int_equal(err->code, VP_EPARSE);
    assert_string_equal(err->msg, "line 3: bad");
    vp_error_set(&err, VP_EIO, "second"); /* first error wins */
    assert_string_equal(err->msg, "line 3: bad");
    vp_error_prefix(&err, "%s", "a.yaml");
    assert_string_equal(err->msg, "a.yaml: line 3: bad");
    vp_error_free(err);
    vp_error_set(NULL, VP_EIO, "dropped"); /* no crash */
    vp_error_free(NULL);
}

static void test_error_strerror(void **state)
{
    (void)state;
    assert_string_equal(vp_strerror(VP_OK), "success");
    assert_string_equal(vp_strerror(VP_EABI), "ABI mismatch");
    assert_string_equal(vp_strerror(-999), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_set_and_prefix),
        cmocka_unit_test(test_error_strerror),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
