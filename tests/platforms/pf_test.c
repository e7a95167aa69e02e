/* SPDX-License-Identifier: Apache-2.0 */
/* pf_test.c - helpers shared by the platform tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pf_test.h"

static const char *const dirs[] = {TP_DIR, NULL};
static const vp_platform_options opts = {sizeof(vp_platform_options), 1, dirs, NULL, VP_CPU_ACCEL_INTERP, 0};
static test_clock *clock_;

const vp_platform_options *pf_opts(void) { return &opts; }

void pf_cleanup(void)
{
    test_clock_destroy(clock_);
    clock_ = NULL;
}

test_clock *pf_clock(void)
{
    if (!clock_)
        clock_ = test_clock_create();
    return clock_;
}

static void vcheck(const char *msg, va_list ap)
{
    const char *s;
    while ((s = va_arg(ap, const char *)))
        if (!strstr(msg, s))
            fail_msg("message '%s' lacks '%s'", msg, s);
}

void pf_expect_pieces(const char *msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    vcheck(msg, ap);
    va_end(ap);
}

vp_platform *pf_load_ok(const char *file)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", TP_DATA, file);
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load(path, pf_opts(), &err);
    if (!p)
        fail_msg("load %s: %s", file, err ? err->msg : "(no error)");
    return p;
}

static void fake_exit(void *opaque, int status)
{
    pf_fake_host *h = opaque;
    h->exits++;
    h->status = status;
}

vp_platform *pf_build_ok(const char *file, pf_fake_host *host)
{
    vp_platform *p = pf_load_ok(file);
    vp_platform_host h = {sizeof(h), 1, fake_exit, host};
    vp_error *err = NULL;
    if (vp_platform_build(p, test_clock_get(pf_clock()), &h, &err))
        fail_msg("build %s: %s", file, err->msg);
    return p;
}

static void check_err(vp_error *err, const char *file, const char *pos, va_list ap)
{
    assert_non_null(err);
    assert_true(err->code < 0);
    char want[600];
    snprintf(want, sizeof(want), "%s/%s:%s", TP_DATA, file, pos);
    if (strncmp(err->msg, want, strlen(want)) != 0)
        fail_msg("message '%s' does not start with '%s'", err->msg, want);
    vcheck(err->msg, ap);
    vp_error_free(err);
}

void pf_expect_load_fail(const char *file, const char *pos, ...)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", TP_DATA, file);
    vp_error *err = NULL;
    vp_platform *p = vp_platform_load(path, pf_opts(), &err);
    if (p)
        fail_msg("%s loaded, expected an error", file);
    va_list ap;
    va_start(ap, pos);
    check_err(err, file, pos, ap);
    va_end(ap);
}

void pf_expect_build_fail(const char *file, const char *pos, ...)
{
    vp_platform *p = pf_load_ok(file);
    vp_error *err = NULL;
    pf_fake_host fh = {0, 0};
    vp_platform_host h = {sizeof(h), 1, fake_exit, &fh};
    int rc = vp_platform_build(p, test_clock_get(pf_clock()), &h, &err);
    if (!rc)
        fail_msg("%s built, expected an error", file);
    assert_int_equal(rc, err->code);
    va_list ap;
    va_start(ap, pos);
    check_err(err, file, pos, ap);
    va_end(ap);
    vp_platform_destroy(p);
}
