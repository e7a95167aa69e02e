/* SPDX-License-Identifier: Apache-2.0 */
/* opts.c - typed option values of a device instance (validated against the
 * type's vp_opt_decl list, defaults applied) and the host API table whose
 * getters read them.
 */
#include <vpbridge/vp_registry.h>

#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "registry_int.h"
#include "ytree_int.h"

typedef struct optval {
    const vp_opt_decl *decl;
    bool set;
    char *text;
    int64_t i;
    uint64_t u;
    bool b;
} optval;

struct vp_opt_set {
    const vp_device_type *type;
    size_t count;
    optval *v;
};

static const char *type_name(vp_opt_type t)
{
    static const char *const names[] = {"int", "uint", "bool", "string", "size", "time", "enum", "freq"};
    return (unsigned)t < G_N_ELEMENTS(names) ? names[t] : "?";
}

vp_opt_set *vp_opt_set_create(const vp_device_type *type)
{
    vp_opt_set *s = g_new0(vp_opt_set, 1);
    s->type = type;
    s->count = type->opts ? type->opt_count : 0;
    s->v = g_new0(optval, s->count ? s->count : 1);
    for (size_t i = 0; i < s->count; i++)
        s->v[i].decl = &type->opts[i];
    return s;
}

void vp_opt_set_destroy(vp_opt_set *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->count; i++)
        g_free(s->v[i].text);
    g_free(s->v);
    g_free(s);
}

static optval *find(const vp_opt_set *s, const char *name)
{
    for (size_t i = 0; s && i < s->count; i++)
        if (s->v[i].decl->name && strcmp(s->v[i].decl->name, name) == 0)
            return &s->v[i];
    return NULL;
}

static bool enum_has(const char *choices, const char *text)
{
    size_t n = strlen(text);
    const char *p = choices ? choices : "";
    while (*p) {
        const char *e = strchr(p, '|');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, text, n) == 0)
            return true;
        p += len + (e ? 1 : 0);
    }
    return false;
}

static int parse_bool(const char *t, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(t, yes[i]) == 0)
            return *out = true, 0;
        if (g_ascii_strcasecmp(t, no[i]) == 0)
            return *out = false, 0;
    }
    return VP_EINVAL;
}

/* Parses text by type into v; returns 0 or VP_EINVAL/VP_ERANGE. */
static int parse_value(const vp_opt_decl *d, const char *t, optval *v)
{
    switch (d->type) {
    case VP_OPT_INT:
        return vp__parse_i64(t, &v->i);
    case VP_OPT_UINT:
        return vp__parse_u64(t, &v->u);
    case VP_OPT_BOOL:
        return parse_bool(t, &v->b);
    case VP_OPT_STRING:
        return 0;
    case VP_OPT_SIZE:
        return vp__parse_u64(t, &v->u) == 0 || vp_size_parse(t, &v->u) == 0 ? 0 : VP_EINVAL;
    case VP_OPT_TIME:
        return vp_time_parse(t, &v->u) == 0 ? 0 : VP_EINVAL;
    case VP_OPT_FREQ:
        return vp_freq_parse(t, &v->u) == 0 ? 0 : VP_EINVAL;
    case VP_OPT_ENUM:
        return enum_has(d->choices, t) ? 0 : VP_EINVAL;
    }
    return VP_EINVAL;
}

static bool in_range(const vp_opt_decl *d, const optval *v)
{
    if (d->min >= d->max)
        return true;
    if (d->type == VP_OPT_INT)
        return v->i >= d->min && v->i <= d->max;
    if (d->type == VP_OPT_UINT || d->type == VP_OPT_SIZE) {
        if (d->max >= 0 && v->u > (uint64_t)d->max)
            return false;
        return !(d->min > 0 && v->u < (uint64_t)d->min);
    }
    return true;
}

int vp__opt_check(const vp_opt_decl *d, const char *text)
{
    optval tmp = {.decl = d};
    if (parse_value(d, text, &tmp))
        return VP_EINVAL;
    return in_range(d, &tmp) ? 0 : VP_ERANGE;
}

const char *vp__opt_type_name(vp_opt_type t) { return type_name(t); }

static void list_names(const vp_opt_set *s, GString *out)
{
    for (size_t i = 0; i < s->count; i++)
        g_string_append_printf(out, "%s%s", i ? ", " : "", s->v[i].decl->name);
    if (!s->count)
        g_string_append(out, "none");
}

int vp_opt_set_parse(vp_opt_set *s, const char *name, const char *text, vp_error **errp)
{
    optval *v = find(s, name);
    if (!v) {
        GString *names = g_string_new(NULL);
        list_names(s, names);
        vp_error_set(errp, VP_ENOENT, "device type '%s' has no option '%s' (options: %s)", s->type->name, name,
                     names->str);
        g_string_free(names, TRUE);
        return VP_ENOENT;
    }
    const vp_opt_decl *d = v->decl;
    optval tmp = *v;
    if (parse_value(d, text, &tmp)) {
        if (d->type == VP_OPT_ENUM)
            vp_error_set(errp, VP_EINVAL, "option '%s': '%s' is not one of %s", name, text,
                         d->choices ? d->choices : "(no choices)");
        else
            vp_error_set(errp, VP_EINVAL, "option '%s': '%s' is not a valid %s", name, text, type_name(d->type));
        return VP_EINVAL;
    }
    if (!in_range(d, &tmp)) {
        vp_error_set(errp, VP_ERANGE, "option '%s': %s is out of range [%" PRId64 ", %" PRId64 "]", name, text,
                     d->min, d->max);
        return VP_ERANGE;
    }
    g_free(v->text);
    *v = tmp;
    v->text = g_strdup(text);
    v->set = true;
    return 0;
}

int vp_opt_set_finish(vp_opt_set *s, vp_error **errp)
{
    for (size_t i = 0; i < s->count; i++) {
        optval *v = &s->v[i];
        if (v->set)
            continue;
        if (!v->decl->def) {
            vp_error_set(errp, VP_ENOENT, "device type '%s' requires option '%s' (%s)", s->type->name,
                         v->decl->name, v->decl->help ? v->decl->help : type_name(v->decl->type));
            return VP_ENOENT;
        }
        int rc = vp_opt_set_parse(s, v->decl->name, v->decl->def, errp);
        if (rc) {
            vp_error_prefix(errp, "device type '%s': bad default", s->type->name);
            return rc;
        }
    }
    return 0;
}

int64_t vp_opt_set_int(const vp_opt_set *s, const char *name)
{
    const optval *v = find(s, name);
    return v && v->set && v->decl->type == VP_OPT_INT ? v->i : 0;
}

uint64_t vp_opt_set_uint(const vp_opt_set *s, const char *name)
{
    const optval *v = find(s, name);
    if (!v || !v->set)
        return 0;
    vp_opt_type t = v->decl->type;
    return t == VP_OPT_UINT || t == VP_OPT_SIZE || t == VP_OPT_TIME || t == VP_OPT_FREQ ? v->u : 0;
}

bool vp_opt_set_bool(const vp_opt_set *s, const char *name)
{
    const optval *v = find(s, name);
    return v && v->set && v->decl->type == VP_OPT_BOOL ? v->b : false;
}

const char *vp_opt_set_str(const vp_opt_set *s, const char *name)
{
    const optval *v = find(s, name);
    return v && v->set && (v->decl->type == VP_OPT_STRING || v->decl->type == VP_OPT_ENUM) ? v->text : NULL;
}

const char *vp_opt_set_text(const vp_opt_set *s, const char *name)
{
    const optval *v = find(s, name);
    return v && v->set ? v->text : NULL;
}

/* ---- Host API ------------------------------------------------------------ */

static const vp_device_host *dhost(const vp_device_ctx *ctx) { return ctx ? ctx->host : NULL; }

static void api_log(const vp_device_ctx *ctx, unsigned cat, int lvl, const char *fmt, ...)
{
    if (lvl > VP_LVL_ERROR && !vp_log_enabled(cat)) /* errors are always shown */
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    vp_device_host *h = ctx ? (vp_device_host *)ctx->host : NULL;
    if (h && h->capture_errors && lvl == VP_LVL_ERROR) {
        g_free(h->last_error);
        h->last_error = msg;
        return;
    }
    vp_log_msg(cat, lvl, "%s: %s", ctx && ctx->name ? ctx->name : "?", msg);
    g_free(msg);
}

void vp_device_host_clear_error(vp_device_host *h)
{
    if (!h)
        return;
    g_free(h->last_error); /* api_log's g_strdup_vprintf: the host's allocator, never the caller's */
    h->last_error = NULL;
}

static bool api_log_enabled(unsigned cat) { return vp_log_enabled(cat); }

static int64_t api_opt_int(const vp_device_ctx *ctx, const char *name)
{
    const vp_device_host *h = dhost(ctx);
    return h ? vp_opt_set_int(h->opts, name) : 0;
}

static uint64_t api_opt_uint(const vp_device_ctx *ctx, const char *name)
{
    const vp_device_host *h = dhost(ctx);
    return h ? vp_opt_set_uint(h->opts, name) : 0;
}

static bool api_opt_bool(const vp_device_ctx *ctx, const char *name)
{
    const vp_device_host *h = dhost(ctx);
    return h ? vp_opt_set_bool(h->opts, name) : false;
}

static const char *api_opt_str(const vp_device_ctx *ctx, const char *name)
{
    const vp_device_host *h = dhost(ctx);
    return h ? vp_opt_set_str(h->opts, name) : NULL;
}

static void api_request_exit(const vp_device_ctx *ctx, int status)
{
    const vp_device_host *h = dhost(ctx);
    if (h && h->request_exit)
        h->request_exit(h->opaque, status);
    else
        vp_log(VP_LOG_UNIMP, VP_LVL_WARN, "%s: exit request (%d) ignored: no host", ctx ? ctx->name : "?",
               status);
}

static const vp_host_api host_api = {
    .size = sizeof(vp_host_api),
    .abi = VP_ABI,
    .log = api_log,
    .log_enabled = api_log_enabled,
    .opt_int = api_opt_int,
    .opt_uint = api_opt_uint,
    .opt_bool = api_opt_bool,
    .opt_str = api_opt_str,
    .request_exit = api_request_exit,
    .state_write = vp__state_write,
    .state_read = vp__state_read,
};

const vp_host_api *vp_registry_host_api(void) { return &host_api; }
