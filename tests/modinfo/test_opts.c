/* SPDX-License-Identifier: Apache-2.0 */
/* test_opts.c - typed option sets: parsing per type, ranges, enums,
 * defaults, required options, and the host API getters over them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>
#include <vpbridge/vp_registry.h>

#define D(n, t, def, c, lo, hi) {sizeof(vp_opt_decl), VP_ABI, (n), (t), (def), "help", (c), (lo), (hi)}
static const vp_opt_decl decls[] = {
    D("count", VP_OPT_INT, "-2", NULL, -5, 10),
    D("sources", VP_OPT_UINT, "96", NULL, 1, 1023),
    D("verbose", VP_OPT_BOOL, "false", NULL, 0, 0),
    D("path", VP_OPT_STRING, "", NULL, 0, 0),
    D("fifo", VP_OPT_SIZE, "16", NULL, 0, 0),
    D("period", VP_OPT_TIME, "1ms", NULL, 0, 0),
    D("backend", VP_OPT_ENUM, "stdio", "stdio|file|none", 0, 0),
    D("clock", VP_OPT_FREQ, "10MHz", NULL, 0, 0),
};
static const vp_opt_decl required_decl[] = {D("key", VP_OPT_STRING, NULL, NULL, 0, 0)};

static const vp_device_type type = {
    .size = sizeof(vp_device_type), .abi = VP_ABI, .name = "widget", .opts = decls, .opt_count = 8};

static void expect_fail(vp_opt_set *s, const char *name, const char *text, int code, const char *piece)
{
    vp_error *err = NULL;
    assert_int_equal(vp_opt_set_parse(s, name, text, &err), code);
    assert_non_null(err);
    if (!strstr(err->msg, piece))
        fail_msg("message '%s' lacks '%s'", err->msg, piece);
    vp_error_free(err);
}

static void test_opts_defaults_applied(void **state)
{
    (void)state;
    vp_opt_set *s = vp_opt_set_create(&type);
    vp_error *err = NULL;
    assert_int_equal(vp_opt_set_finish(s, &err), 0);
    assert_int_equal(vp_opt_set_int(s, "count"), -2);
    assert_int_equal(vp_opt_set_uint(s, "sources"), 96);
    assert_false(vp_opt_set_bool(s, "verbose"));
    assert_string_equal(vp_opt_set_str(s, "path"), "");
    assert_int_equal(vp_opt_set_uint(s, "period"), VP_MS);
    assert_string_equal(vp_opt_set_str(s, "backend"), "stdio");
    assert_int_equal(vp_opt_set_uint(s, "clock"), 10000000);
    assert_string_equal(vp_opt_set_text(s, "clock"), "10MHz");
    vp_opt_set_destroy(s);
}

static void test_opts_values_parsed_by_type(void **state)
{
    (void)state;
    vp_opt_set *s = vp_opt_set_create(&type);
    vp_error *err = NULL;
    assert_int_equal(vp_opt_set_parse(s, "count", "-5", &err), 0);
    assert_int_equal(vp_opt_set_parse(s, "sources", "0x3ff", &err), 0);
    assert_int_equal(vp_opt_set_parse(s, "verbose", "yes", &err), 0);
    assert_int_equal(vp_opt_set_parse(s, "fifo", "4KiB", &err), 0);
    assert_int_equal(vp_opt_set_parse(s, "period", "10us", &err), 0);
    assert_int_equal(vp_opt_set_parse(s, "backend", "none", &err), 0);
    assert_int_equal(vp_opt_set_finish(s, &err), 0);
    assert_null(err);
    assert_int_equal(vp_opt_set_int(s, "count"), -5);
    assert_int_equal(vp_opt_set_uint(s, "sources"), 1023);
    assert_true(vp_opt_set_bool(s, "verbose"));
    assert_int_equal(vp_opt_set_uint(s, "fifo"), 4096);
    assert_int_equal(vp_opt_set_uint(s, "period"), 10 * VP_US);
    assert_string_equal(vp_opt_set_str(s, "backend"), "none");
    /* wrong-kind getters and unknown names answer 0/NULL */
    assert_int_equal(vp_opt_set_uint(s, "count"), 0);
    assert_null(vp_opt_set_str(s, "sources"));
    assert_int_equal(vp_opt_set_int(s, "nope"), 0);
    vp_opt_set_destroy(s);
}

static void test_opts_bad_values_rejected(void **state)
{
    (void)state;
    vp_opt_set *s = vp_opt_set_create(&type);
    expect_fail(s, "count", "11", VP_ERANGE, "out of range [-5, 10]");
    expect_fail(s, "count", "abc", VP_EINVAL, "'abc' is not a valid int");
    expect_fail(s, "sources", "0", VP_ERANGE, "out of range");
    expect_fail(s, "sources", "-1", VP_EINVAL, "not a valid uint");
    expect_fail(s, "verbose", "maybe", VP_EINVAL, "not a valid bool");
    expect_fail(s, "fifo", "lots", VP_EINVAL, "not a valid size");
    expect_fail(s, "period", "soon", VP_EINVAL, "not a valid time");
    expect_fail(s, "backend", "socket", VP_EINVAL, "'socket' is not one of stdio|file|none");
    expect_fail(s, "colour", "red", VP_ENOENT, "device type 'widget' has no option 'colour' (options: count, sources");
    /* a failed parse leaves the previous value */
    vp_error *err = NULL;
    assert_int_equal(vp_opt_set_finish(s, &err), 0);
    assert_int_equal(vp_opt_set_int(s, "count"), -2);
    vp_opt_set_destroy(s);
}

static void test_opts_required_missing(void **state)
{
    (void)state;
    vp_device_type t = type;
    t.opts = required_decl;
    t.opt_count = 1;
    vp_opt_set *s = vp_opt_set_create(&t);
    vp_error *err = NULL;
    assert_int_equal(vp_opt_set_finish(s, &err), VP_ENOENT);
    assert_non_null(strstr(err->msg, "requires option 'key'"));
    vp_error_free(err);
    vp_opt_set_destroy(s);
}

static int exit_status = -1;
static void on_exit_req(void *opaque, int status)
{
    *(int *)opaque = status;
}

static void test_opts_host_api_reads_instance(void **state)
{
    (void)state;
    vp_opt_set *s = vp_opt_set_create(&type);
    vp_error *err = NULL;
    assert_int_equal(vp_opt_set_parse(s, "sources", "7", &err), 0);
    assert_int_equal(vp_opt_set_finish(s, &err), 0);
    vp_device_host h = {.opts = s, .request_exit = on_exit_req, .opaque = &exit_status};
    vp_device_ctx ctx = {sizeof(ctx), VP_ABI, vp_registry_host_api(), &h, "w0", NULL, 0, 0, 1};
    const vp_host_api *api = ctx.api;
    assert_true(api->size >= sizeof(vp_host_api));
    assert_int_equal(api->abi >> 16, VP_ABI_MAJOR);
    assert_int_equal(api->opt_uint(&ctx, "sources"), 7);
    assert_int_equal(api->opt_int(&ctx, "count"), -2);
    assert_string_equal(api->opt_str(&ctx, "backend"), "stdio");
    assert_false(api->opt_bool(&ctx, "verbose"));
    api->request_exit(&ctx, 42);
    assert_int_equal(exit_status, 42);
    api->log(&ctx, VP_LOG_UNIMP, VP_LVL_WARN, "a %s message", "log");
    vp_opt_set_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opts_defaults_applied),
        cmocka_unit_test(test_opts_values_parsed_by_type),
        cmocka_unit_test(test_opts_bad_values_rejected),
        cmocka_unit_test(test_opts_required_missing),
        cmocka_unit_test(test_opts_host_api_reads_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
