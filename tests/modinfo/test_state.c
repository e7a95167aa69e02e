/* SPDX-License-Identifier: Apache-2.0 */
/* test_state.c - device state streams through the host API (ABI 1.1) and
 * vp_device_save/vp_device_restore framing: type, version and length checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h>

/* A device whose state is two counters; `extra` controls how much restore reads. */
typedef struct cnt {
    uint32_t a;
    uint64_t b;
    int extra; /* restore reads this many bytes more (negative: fewer) */
} cnt;

static int cnt_save(void *opaque, vp_state_stream *s)
{
    const cnt *c = opaque;
    const vp_host_api *api = vp_registry_host_api();
    int rc = api->state_write(s, &c->a, sizeof(c->a));
    return rc ? rc : api->state_write(s, &c->b, sizeof(c->b));
}

static int cnt_restore(void *opaque, vp_state_stream *s)
{
    cnt *c = opaque;
    const vp_host_api *api = vp_registry_host_api();
    int rc = api->state_read(s, &c->a, sizeof(c->a));
    if (!rc && c->extra >= 0)
        rc = api->state_read(s, &c->b, sizeof(c->b));
    uint8_t more[8];
    if (!rc && c->extra > 0)
        rc = api->state_read(s, more, (size_t)c->extra);
    return rc;
}

static int cnt_fail_save(void *opaque, vp_state_stream *s)
{
    (void)opaque;
    vp_registry_host_api()->state_write(s, "xx", 2);
    return VP_EIO;
}

static int cnt_garbage_save(void *opaque, vp_state_stream *s)
{
    (void)opaque;
    vp_registry_host_api()->state_write(s, "xx", 2);
    return 77;
}

static int cnt_garbage_restore(void *opaque, vp_state_stream *s)
{
    (void)opaque;
    (void)s;
    return -999;
}

static vp_device_type cnt_type(const char *name, uint32_t version)
{
    return (vp_device_type){.size = sizeof(vp_device_type), .abi = VP_ABI, .name = name, .state_version = version,
                            .save = cnt_save, .restore = cnt_restore};
}

static void expect_err(vp_error *err, int code, const char *piece)
{
    assert_non_null(err);
    assert_int_equal(err->code, code);
    if (!strstr(err->msg, piece))
        fail_msg("message '%s' lacks '%s'", err->msg, piece);
    vp_error_free(err);
}

static void test_state_stream_host_api_roundtrip(void **state)
{
    (void)state;
    const vp_host_api *api = vp_registry_host_api();
    assert_true(api->size >= offsetof(vp_host_api, state_read) + sizeof(api->state_read));
    vp_state_stream *s = vp_state_stream_create();
    assert_int_equal(api->state_write(s, "abc", 3), 0);
    assert_int_equal(api->state_write(s, "de", 2), 0);
    const void *data;
    size_t size;
    vp_state_stream_data(s, &data, &size);
    assert_int_equal(size, 5);
    assert_memory_equal(data, "abcde", 5);
    vp_state_stream *r = vp_state_stream_create_from(data, size);
    char buf[8] = {0};
    assert_int_equal(api->state_read(r, buf, 4), 0);
    assert_string_equal(buf, "abcd");
    assert_int_equal(vp_state_stream_remaining(r), 1);
    assert_int_equal(api->state_read(r, buf, 2), VP_EIO); /* only one byte left */
    vp_state_stream_rewind(r);
    assert_int_equal(api->state_read(r, buf, 5), 0);
    assert_int_equal(vp_state_stream_remaining(r), 0);
    vp_state_stream_destroy(r);
    vp_state_stream_destroy(s);
    vp_state_stream_destroy(NULL);
}

static void test_state_save_restore_roundtrip(void **state)
{
    (void)state;
    vp_device_type t = cnt_type("cnt", 3);
    cnt a = {7, 0x1122334455667788ull, 0}, b = {0, 0, 0}, c = {0, 0, 0};
    vp_state_stream *s = vp_state_stream_create();
    vp_error *err = NULL;
    assert_int_equal(vp_device_save(&t, &a, s, &err), 0);
    a.a = 9;
    assert_int_equal(vp_device_save(&t, &a, s, &err), 0); /* two records back to back */
    assert_int_equal(vp_device_restore(&t, &b, s, &err), 0);
    assert_int_equal(vp_device_restore(&t, &c, s, &err), 0);
    assert_null(err);
    assert_int_equal(b.a, 7);
    assert_true(b.b == 0x1122334455667788ull);
    assert_int_equal(c.a, 9);
    assert_int_equal(vp_state_stream_remaining(s), 0);
    vp_state_stream_destroy(s);
}

static void test_state_refuses_other_type_and_version(void **state)
{
    (void)state;
    vp_device_type t = cnt_type("cnt", 3), other = cnt_type("uart", 3), newer = cnt_type("cnt", 4);
    cnt a = {1, 2, 0}, b = {0, 0, 0};
    vp_state_stream *s = vp_state_stream_create();
    vp_error *err = NULL;
    assert_int_equal(vp_device_save(&t, &a, s, &err), 0);
    assert_int_equal(vp_device_restore(&other, &b, s, &err), VP_EINVAL);
    expect_err(err, VP_EINVAL, "device type 'uart': restore: the state was saved by type 'cnt'");
    err = NULL;
    assert_int_equal(vp_device_restore(&newer, &b, s, &err), VP_EINVAL);
    expect_err(err, VP_EINVAL, "state version 3, the type reads version 4");
    err = NULL;
    assert_int_equal(b.a, 0); /* nothing was applied */
    /* a failed restore leaves the read position alone: the right type still works */
    assert_int_equal(vp_device_restore(&t, &b, s, &err), 0);
    assert_int_equal(b.a, 1);
    vp_state_stream_destroy(s);
}

static void test_state_restore_must_consume_exact_length(void **state)
{
    (void)state;
    vp_device_type t = cnt_type("cnt", 1);
    cnt a = {1, 2, 0}, shortr = {0, 0, -1}, longr = {0, 0, 4};
    vp_state_stream *s = vp_state_stream_create();
    vp_error *err = NULL;
    assert_int_equal(vp_device_save(&t, &a, s, &err), 0);
    assert_int_equal(vp_device_save(&t, &a, s, &err), 0); /* bytes a greedy reader could steal */
    assert_int_equal(vp_device_restore(&t, &shortr, s, &err), VP_EIO);
    expect_err(err, VP_EIO, "restore read 4 of the 12 saved bytes");
    err = NULL;
    assert_int_equal(vp_device_restore(&t, &longr, s, &err), VP_EIO);
    expect_err(err, VP_EIO, "restore failed");
    vp_state_stream_destroy(s);
}

static void test_state_truncated_and_garbage_streams(void **state)
{
    (void)state;
    vp_device_type t = cnt_type("cnt", 1);
    cnt a = {1, 2, 0}, b = {0, 0, 0};
    vp_state_stream *s = vp_state_stream_create();
    vp_error *err = NULL;
    assert_int_equal(vp_device_save(&t, &a, s, &err), 0);
    const void *data;
    size_t size;
    vp_state_stream_data(s, &data, &size);
    vp_state_stream *cut = vp_state_stream_create_from(data, size - 3);
    assert_int_equal(vp_device_restore(&t, &b, cut, &err), VP_EIO);
    expect_err(err, VP_EIO, "state truncated");
    err = NULL;
    vp_state_stream *junk = vp_state_stream_create_from("not a state", 11);
    assert_int_equal(vp_device_restore(&t, &b, junk, &err), VP_EINVAL);
    expect_err(err, VP_EINVAL, "no device state record at offset 0");
    vp_state_stream_destroy(junk);
    vp_state_stream_destroy(cut);
    vp_state_stream_destroy(s);
}

static void test_state_unsupported_and_failed_save(void **state)
{
    (void)state;
    vp_device_type none = {.size = sizeof(vp_device_type), .abi = VP_ABI, .name = "plain"};
    /* a 1.0-sized type: save/restore lie beyond its size even if the memory holds pointers */
    vp_device_type old = cnt_type("old", 1);
    old.size = offsetof(vp_device_type, state_version);
    vp_state_stream *s = vp_state_stream_create();
    vp_error *err = NULL;
    cnt a = {1, 2, 0};
    assert_int_equal(vp_device_save(&none, &a, s, &err), VP_EUNSUPP);
    expect_err(err, VP_EUNSUPP, "device type 'plain' does not support save/restore");
    err = NULL;
    assert_int_equal(vp_device_restore(&old, &a, s, &err), VP_EUNSUPP);
    expect_err(err, VP_EUNSUPP, "'old'");
    err = NULL;
    vp_device_type bad = cnt_type("bad", 1);
    bad.save = cnt_fail_save;
    assert_int_equal(vp_device_save(&bad, &a, s, &err), VP_EIO);
    expect_err(err, VP_EIO, "device type 'bad': save failed");
    size_t size;
    vp_state_stream_data(s, NULL, &size);
    assert_int_equal(size, 0); /* the partial record was dropped */
    vp_state_stream_destroy(s);
}

/* A save or restore that returns no status code: VP_EINVAL, the value named. */
static void test_state_garbage_status(void **state)
{
    (void)state;
    vp_state_stream *s = vp_state_stream_create();
    vp_error *err = NULL;
    cnt a = {1, 2, 0};
    vp_device_type bad = cnt_type("bad", 1);
    bad.save = cnt_garbage_save;
    assert_int_equal(vp_device_save(&bad, &a, s, &err), VP_EINVAL);
    expect_err(err, VP_EINVAL, "device type 'bad': save returned 77, which is not a status code (0 or a VP_E*)");
    err = NULL;
    size_t size;
    vp_state_stream_data(s, NULL, &size);
    assert_int_equal(size, 0);
    bad.save = cnt_save;
    bad.restore = cnt_garbage_restore;
    assert_int_equal(vp_device_save(&bad, &a, s, &err), 0);
    assert_int_equal(vp_device_restore(&bad, &a, s, &err), VP_EINVAL);
    expect_err(err, VP_EINVAL, "device type 'bad': restore returned -999, which is not a status code");
    vp_state_stream_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_stream_host_api_roundtrip),
        cmocka_unit_test(test_state_save_restore_roundtrip),
        cmocka_unit_test(test_state_refuses_other_type_and_version),
        cmocka_unit_test(test_state_restore_must_consume_exact_length),
        cmocka_unit_test(test_state_truncated_and_garbage_streams),
        cmocka_unit_test(test_state_unsupported_and_failed_save),
        cmocka_unit_test(test_state_garbage_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
