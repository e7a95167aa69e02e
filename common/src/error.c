/* SPDX-License-Identifier: Apache-2.0 */
/* error.c - status strings and vp_error objects for the control plane. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vpbridge/vp_base.h>

const char *vp_strerror(int code)
{
    switch (code) {
#define VP_X_CASE(name, val, msg) \
    case (val):                   \
        return msg;
        VP_ERRNO_MAP(VP_X_CASE)
#undef VP_X_CASE
    default:
        return "unknown error";
    }
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void vp_error_setv(vp_error **errp, int code, const char *fmt, va_list ap)
{
    if (!errp || *errp)
        return;
    vp_error *e = malloc(sizeof(*e));
    if (!e)
        return;
    e->code = code;
    e->msg = vformat(fmt, ap);
    if (!e->msg) {
        free(e);
        return;
    }
    *errp = e;
}

void vp_error_set(vp_error **errp, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vp_error_setv(errp, code, fmt, ap);
    va_end(ap);
}

void vp_error_prefix(vp_error **errp, const char *fmt, ...)
{
    if (!errp || !*errp)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *prefix = vformat(fmt, ap);
    va_end(ap);
    if (!prefix)
        return;
    size_t len = strlen(prefix) + 2 + strlen((*errp)->msg) + 1;
    char *s = malloc(len);
    if (s) {
        snprintf(s, len, "%s: %s", prefix, (*errp)->msg);
        free((*errp)->msg);
        (*errp)->msg = s;
    }
    free(prefix);
}

void vp_error_free(vp_error *err)
{
    if (!err)
        return;
    free(err->msg);
    free(err);
}
