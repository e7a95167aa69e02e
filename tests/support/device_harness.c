/* SPDX-License-Identifier: Apache-2.0 */
/* device_harness.c - test-only device-module loader, fake host API and
 * stimulus bench (see device_harness.h). */
#include "device_harness.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef VP_MODULE_DIR
#define VP_MODULE_DIR "."
#endif

#define MAX_TYPES 16

typedef struct sig_rec {
    bool level;
    unsigned calls, edges;
} sig_rec;

typedef struct port_rec {
    const vp_port_decl *decl;
    uint32_t index;  /* port number in the type */
    uint32_t count;  /* lines */
    sig_rec *lines;  /* OUT ports only */
} port_rec;

typedef struct opt_val {
    const vp_opt_decl *decl;
    char *text;      /* owned copy of the value text */
    int64_t i;
    uint64_t u;
    bool b;
} opt_val;

typedef struct log_rec {
    unsigned cat;
    int lvl;
    char *msg;
} log_rec;

/* The fake host's state stream: a growable byte buffer with a read
 * position, and an optional write limit for fault injection. */
struct vp_state_stream {
    uint8_t *data;
    size_t size, cap, pos;
    size_t limit; /* writes beyond this many bytes fail with VP_ENOMEM */
};

struct harness {
    vp_device_ctx ctx;
    vp_host_api api;
    vp_registrar reg;
    void *dl;
    const vp_module_desc *desc;
    const vp_device_type *types[MAX_TYPES];
    uint32_t type_count;
    clock_stub *clock;
    /* instance */
    const vp_device_type *type;
    void *opaque;
    tlmc_target mmio;
    bool live;
    opt_val *opts;
    uint32_t opt_count;
    port_rec *ports;
    uint32_t port_count;
    vp_time delay, last_delay;
    /* records */
    log_rec *logs;
    uint32_t log_count, log_cap;
    bool echo;
    uint32_t exit_count;
    int exit_status;
    size_t state_limit; /* write limit for harness_save streams */
    uint32_t state_calls; /* state_write + state_read calls */
};

/* ---- fake host API ---------------------------------------------------- */

static harness *ctx_harness(const vp_device_ctx *ctx) { return (harness *)ctx->host; }

static void h_log(const vp_device_ctx *ctx, unsigned cat, int lvl, const char *fmt, ...)
{
    harness *h = ctx_harness(ctx);
    va_list ap;
    char *body = NULL, *msg = NULL;
    va_start(ap, fmt);
    if (vasprintf(&body, fmt, ap) < 0)
        body = NULL;
    va_end(ap);
    /* like the real host: "<instance>: <message>" */
    if (!body || asprintf(&msg, "%s: %s", ctx->name ? ctx->name : "?", body) < 0)
        msg = NULL;
    free(body);
    if (!msg)
        return;
    if (h->echo)
        fprintf(stderr, "[harness log cat=%#x lvl=%d] %s\n", cat, lvl, msg);
    if (h->log_count == h->log_cap) {
        uint32_t cap = h->log_cap ? h->log_cap * 2 : 16;
        log_rec *n = realloc(h->logs, cap * sizeof(*n));
        if (!n) {
            free(msg);
            return;
        }
        h->logs = n;
        h->log_cap = cap;
    }
    h->logs[h->log_count++] = (log_rec){cat, lvl, msg};
}

static bool h_log_enabled(unsigned cat)
{
    (void)cat;
    return true; /* record everything */
}

static const opt_val *find_opt(const vp_device_ctx *ctx, const char *name)
{
    harness *h = ctx_harness(ctx);
    for (uint32_t i = 0; i < h->opt_count; i++)
        if (strcmp(h->opts[i].decl->name, name) == 0)
            return &h->opts[i];
    return NULL;
}

static int64_t h_opt_int(const vp_device_ctx *ctx, const char *name)
{
    const opt_val *o = find_opt(ctx, name);
    return o ? o->i : 0;
}

static uint64_t h_opt_uint(const vp_device_ctx *ctx, const char *name)
{
    const opt_val *o = find_opt(ctx, name);
    return o ? o->u : 0;
}

static bool h_opt_bool(const vp_device_ctx *ctx, const char *name)
{
    const opt_val *o = find_opt(ctx, name);
    return o ? o->b : false;
}

static const char *h_opt_str(const vp_device_ctx *ctx, const char *name)
{
    const opt_val *o = find_opt(ctx, name);
    return o ? o->text : NULL;
}

static void h_request_exit(const vp_device_ctx *ctx, int status)
{
    harness *h = ctx_harness(ctx);
    h->exit_count++;
    h->exit_status = status;
}

static int h_state_write(vp_state_stream *s, const void *data, size_t size)
{
    if (!s || (size && !data))
        return VP_EINVAL;
    if (size > s->limit - s->size)
        return VP_ENOMEM;
    if (s->size + size > s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        while (cap < s->size + size)
            cap *= 2;
        uint8_t *n = realloc(s->data, cap);
        if (!n)
            return VP_ENOMEM;
        s->data = n;
        s->cap = cap;
    }
    if (size)
        memcpy(s->data + s->size, data, size);
    s->size += size;
    return 0;
}

static int h_state_read(vp_state_stream *s, void *data, size_t size)
{
    if (!s || (size && !data))
        return VP_EINVAL;
    if (size > s->size - s->pos)
        return VP_EIO;
    if (size)
        memcpy(data, s->data + s->pos, size);
    s->pos += size;
    return 0;
}

/* Counting wrappers installed in the API table (the stream is per call). */
static harness *state_owner; /* harness running save/restore (single-threaded) */

static int h_state_write_counted(vp_state_stream *s, const void *data, size_t size)
{
    if (state_owner)
        state_owner->state_calls++;
    return h_state_write(s, data, size);
}

static int h_state_read_counted(vp_state_stream *s, void *data, size_t size)
{
    if (state_owner)
        state_owner->state_calls++;
    return h_state_read(s, data, size);
}

static int h_register(vp_registrar *reg, const vp_device_type *type)
{
    harness *h = reg->host;
    if (!type || !type->name || h->type_count == MAX_TYPES)
        return VP_EINVAL;
    for (uint32_t i = 0; i < h->type_count; i++)
        if (strcmp(h->types[i]->name, type->name) == 0)
            return VP_EEXIST;
    h->types[h->type_count++] = type;
    return 0;
}

/* ---- loading ------------------------------------------------------------ */

harness *harness_create_path(const char *so_path, uint32_t num_harts)
{
    harness *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    const char *env = getenv("VP_HARNESS_LOG");
    h->echo = env && *env && strcmp(env, "0") != 0;
    h->api = (vp_host_api){sizeof(vp_host_api), VP_ABI,   h_log,     h_log_enabled, h_opt_int,
                           h_opt_uint,          h_opt_bool, h_opt_str, h_request_exit,
                           h_state_write_counted, h_state_read_counted};
    h->state_limit = SIZE_MAX;
    h->reg = (vp_registrar){sizeof(vp_registrar), VP_ABI, h, h_register, NULL, NULL};
    h->ctx.num_harts = num_harts;
    h->dl = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!h->dl) {
        fprintf(stderr, "harness: cannot load %s: %s\n", so_path, dlerror());
        goto fail;
    }
    h->desc = dlsym(h->dl, VP_MODULE_SYMBOL);
    if (!h->desc) {
        fprintf(stderr, "harness: %s: no symbol %s\n", so_path, VP_MODULE_SYMBOL);
        goto fail;
    }
    if (h->desc->magic != VP_MODULE_MAGIC || h->desc->abi_major != VP_ABI_MAJOR ||
        h->desc->abi_minor > VP_ABI_MINOR || !h->desc->init) {
        fprintf(stderr, "harness: %s: bad descriptor (magic/ABI)\n", so_path);
        goto fail;
    }
    int rc = h->desc->init(&h->api, &h->reg);
    if (rc != 0) {
        fprintf(stderr, "harness: %s: init failed (%d)\n", so_path, rc);
        goto fail;
    }
    return h;
fail:
    harness_destroy(h);
    return NULL;
}

harness *harness_create(const char *module, uint32_t num_harts)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/libvp_%s.so", VP_MODULE_DIR, module);
    return harness_create_path(path, num_harts);
}

const vp_device_type *harness_type(harness *h, const char *type_name)
{
    for (uint32_t i = 0; i < h->type_count; i++)
        if (strcmp(h->types[i]->name, type_name) == 0)
            return h->types[i];
    return NULL;
}

const vp_device_type *harness_type_at(harness *h, uint32_t index)
{
    return index < h->type_count ? h->types[index] : NULL;
}

uint32_t harness_type_count(harness *h) { return h->type_count; }
const vp_module_desc *harness_module(harness *h) { return h->desc; }

/* ---- option parsing ----------------------------------------------------- */

static bool parse_scaled(const char *s, const char *const *units, const double *scales, bool need_int,
                         uint64_t *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-')
        return false;
    bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    double v;
    uint64_t iv = 0;
    if (hex || need_int) {
        iv = strtoull(s, &end, 0);
        v = (double)iv;
    } else {
        v = strtod(s, &end);
    }
    if (errno || end == s)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    for (int i = 0; units[i]; i++) {
        if (strcasecmp(end, units[i]) == 0) {
            if (scales[i] == 1.0 && (hex || need_int)) {
                *out = iv;
                return true;
            }
            double r = v * scales[i];
            if (r < 0 || r >= 18446744073709551616.0)
                return false;
            *out = (uint64_t)llround(r);
            return true;
        }
    }
    return false;
}

static bool parse_value(const vp_opt_decl *d, const char *text, opt_val *o)
{
    static const char *const size_u[] = {"", "B", "K", "KB", "KiB", "M", "MB", "MiB", "G", "GB", "GiB", NULL};
    static const double size_s[] = {1, 1, 1024.0, 1024.0, 1024.0, 1048576.0, 1048576.0, 1048576.0,
                                    1073741824.0, 1073741824.0, 1073741824.0};
    static const char *const time_u[] = {"", "ps", "ns", "us", "ms", "s", NULL};
    static const double time_s[] = {1, 1, 1e3, 1e6, 1e9, 1e12};
    static const char *const freq_u[] = {"", "Hz", "kHz", "MHz", "GHz", NULL};
    static const double freq_s[] = {1, 1, 1e3, 1e6, 1e9};
    char *end;
    errno = 0;
    switch (d->type) {
    case VP_OPT_INT:
        o->i = strtoll(text, &end, 0);
        if (errno || end == text || *end)
            return false;
        o->u = (uint64_t)o->i;
        return d->min >= d->max || (o->i >= d->min && o->i <= d->max);
    case VP_OPT_UINT:
    case VP_OPT_SIZE:
        if (d->type == VP_OPT_UINT ? !parse_scaled(text, (const char *const[]){"", NULL},
                                                   (const double[]){1}, true, &o->u)
                                   : !parse_scaled(text, size_u, size_s, false, &o->u))
            return false;
        o->i = (int64_t)o->u;
        return d->min >= d->max || (o->u >= (uint64_t)d->min && o->u <= (uint64_t)d->max);
    case VP_OPT_BOOL:
        if (!strcmp(text, "true") || !strcmp(text, "1") || !strcmp(text, "yes") || !strcmp(text, "on"))
            o->b = true;
        else if (!strcmp(text, "false") || !strcmp(text, "0") || !strcmp(text, "no") || !strcmp(text, "off"))
            o->b = false;
        else
            return false;
        o->i = o->b;
        o->u = o->b;
        return true;
    case VP_OPT_STRING:
        return true;
    case VP_OPT_TIME:
        return parse_scaled(text, time_u, time_s, false, &o->u);
    case VP_OPT_FREQ:
        return parse_scaled(text, freq_u, freq_s, false, &o->u);
    case VP_OPT_ENUM: {
        const char *c = d->choices ? d->choices : "";
        size_t n = strlen(text);
        while (*c) {
            size_t len = strcspn(c, "|");
            if (len == n && strncmp(c, text, n) == 0)
                return true;
            c += len + (c[len] == '|');
        }
        return false;
    }
    }
    return false;
}

static const char *user_value(const char *const *opts, const char *name)
{
    size_t n = strlen(name);
    for (; opts && *opts; opts++)
        if (strncmp(*opts, name, n) == 0 && (*opts)[n] == '=')
            return *opts + n + 1;
    return NULL;
}

static int resolve_opts(harness *h, const vp_device_type *t, const char *const *opts)
{
    for (const char *const *o = opts; o && *o; o++) {
        const char *eq = strchr(*o, '=');
        bool known = false;
        for (uint32_t i = 0; eq && i < t->opt_count; i++)
            known |= strlen(t->opts[i].name) == (size_t)(eq - *o) && !strncmp(t->opts[i].name, *o, eq - *o);
        if (!known) {
            fprintf(stderr, "harness: %s: unknown or malformed option '%s'\n", t->name, *o);
            return VP_EINVAL;
        }
    }
    h->opts = calloc(t->opt_count ? t->opt_count : 1, sizeof(*h->opts));
    if (!h->opts)
        return VP_ENOMEM;
    for (uint32_t i = 0; i < t->opt_count; i++) {
        const vp_opt_decl *d = &t->opts[i];
        const char *v = user_value(opts, d->name);
        opt_val *o = &h->opts[h->opt_count];
        if (!v)
            v = d->def;
        if (!v) {
            fprintf(stderr, "harness: %s: option '%s' is required\n", t->name, d->name);
            return VP_EINVAL;
        }
        o->decl = d;
        o->text = strdup(v);
        if (!o->text)
            return VP_ENOMEM;
        h->opt_count++;
        if (!parse_value(d, v, o)) {
            fprintf(stderr, "harness: %s: bad value '%s' for option '%s'\n", t->name, v, d->name);
            return VP_EINVAL;
        }
    }
    return 0;
}

static void free_opts(harness *h)
{
    for (uint32_t i = 0; i < h->opt_count; i++)
        free(h->opts[i].text);
    free(h->opts);
    h->opts = NULL;
    h->opt_count = 0;
}

/* ---- ports --------------------------------------------------------------- */

static void rec_sink(void *opaque, uint32_t line, bool level)
{
    port_rec *p = opaque;
    if (line >= p->count)
        return;
    sig_rec *r = &p->lines[line];
    r->calls++;
    if (r->level != level)
        r->edges++;
    r->level = level;
}

static int bind_ports(harness *h)
{
    const vp_device_type *t = h->type;
    h->ports = calloc(t->port_count ? t->port_count : 1, sizeof(*h->ports));
    if (!h->ports)
        return VP_ENOMEM;
    for (uint32_t i = 0; i < t->port_count; i++) {
        port_rec *p = &h->ports[h->port_count++];
        p->decl = &t->ports[i];
        p->index = i;
        p->count = p->decl->count;
        if (p->count == 0 && t->port_lines)
            p->count = t->port_lines(h->opaque, i);
        if (p->decl->dir != VP_PORT_OUT || p->count == 0)
            continue;
        p->lines = calloc(p->count, sizeof(*p->lines));
        if (!p->lines)
            return VP_ENOMEM;
        for (uint32_t l = 0; l < p->count; l++) {
            tlmc_signal *s = t->signal_out ? t->signal_out(h->opaque, i, l) : NULL;
            if (!s) {
                fprintf(stderr, "harness: %s: no signal for %s[%u]\n", t->name, p->decl->name, l);
                return VP_EINVAL;
            }
            p->lines[l].level = s->level;
            tlmc_signal_bind(s, rec_sink, p, l);
        }
    }
    return 0;
}

static void free_ports(harness *h)
{
    for (uint32_t i = 0; i < h->port_count; i++)
        free(h->ports[i].lines);
    free(h->ports);
    h->ports = NULL;
    h->port_count = 0;
}

static port_rec *find_port(harness *h, const char *name)
{
    for (uint32_t i = 0; i < h->port_count; i++)
        if (strcmp(h->ports[i].decl->name, name) == 0)
            return &h->ports[i];
    return NULL;
}

static sig_rec *find_line(harness *h, const char *port, uint32_t index)
{
    port_rec *p = find_port(h, port);
    return p && p->lines && index < p->count ? &p->lines[index] : NULL;
}

/* ---- instance ------------------------------------------------------------ */

int harness_device_create(harness *h, const char *type_name, const char *const *opts)
{
    if (h->live)
        return VP_EBUSY;
    const vp_device_type *t = harness_type(h, type_name);
    if (!t)
        return VP_ENOENT;
    if (!h->clock)
        h->clock = clock_stub_create();
    if (!h->clock)
        return VP_ENOMEM;
    h->type = t;
    h->ctx = (vp_device_ctx){sizeof(vp_device_ctx), VP_ABI, &h->api, h, "dut", clock_stub_get(h->clock),
                             0, t->default_mmio_size, h->ctx.num_harts};
    int rc = resolve_opts(h, t, opts);
    if (rc != 0)
        goto fail;
    memset(&h->mmio, 0, sizeof(h->mmio));
    rc = t->create(&h->ctx, &h->opaque, &h->mmio);
    if (rc != 0)
        goto fail;
    h->live = true;
    rc = bind_ports(h);
    if (rc == 0 && t->realize)
        rc = t->realize(h->opaque);
    if (rc != 0)
        harness_device_destroy(h);
    return rc;
fail:
    free_opts(h);
    h->type = NULL;
    return rc;
}

void harness_device_destroy(harness *h)
{
    if (h->live && h->type->destroy)
        h->type->destroy(h->opaque);
    h->live = false;
    h->opaque = NULL;
    free_ports(h);
    free_opts(h);
}

void harness_device_reset(harness *h)
{
    if (h->live && h->type->reset)
        h->type->reset(h->opaque);
}

bool harness_destroy(harness *h)
{
    if (!h)
        return true;
    harness_device_destroy(h);
    bool clean = !h->clock || clock_stub_live(h->clock) == 0;
    clock_stub_destroy(h->clock);
    for (uint32_t i = 0; i < h->log_count; i++)
        free(h->logs[i].msg);
    free(h->logs);
    if (h->dl)
        dlclose(h->dl);
    free(h);
    return clean;
}

void *harness_opaque(harness *h) { return h->opaque; }
tlmc_target *harness_target(harness *h) { return &h->mmio; }
const vp_device_ctx *harness_ctx(harness *h) { return &h->ctx; }
clock_stub *harness_clock(harness *h) { return h->clock; }
unsigned harness_advance(harness *h, vp_time delta) { return clock_stub_advance(h->clock, delta); }
void harness_set_delay(harness *h, vp_time delay) { h->delay = delay; }
vp_time harness_last_delay(harness *h) { return h->last_delay; }

/* ---- accesses ------------------------------------------------------------ */

static tlmc_response do_access(harness *h, tlmc_command cmd, uint64_t addr, void *data, uint32_t len)
{
    tlmc_payload p;
    tlmc_payload_init(&p, cmd, addr, data, len);
    vp_time d = h->delay;
    if (!h->live || !h->mmio.ops || !h->mmio.ops->b_transport)
        return TLMC_COMMAND_ERROR_RESPONSE;
    h->mmio.ops->b_transport(h->mmio.opaque, &p, &d);
    h->last_delay = d;
    return p.response;
}

tlmc_response harness_read(harness *h, uint64_t addr, void *data, uint32_t len)
{
    return do_access(h, TLMC_READ, addr, data, len);
}

tlmc_response harness_write(harness *h, uint64_t addr, const void *data, uint32_t len)
{
    return do_access(h, TLMC_WRITE, addr, (void *)data, len);
}

uint64_t harness_rd(harness *h, uint64_t addr, uint32_t len, tlmc_response *resp)
{
    uint8_t buf[8] = {0};
    uint64_t v = 0;
    tlmc_response r = harness_read(h, addr, buf, len > 8 ? 8 : len);
    for (uint32_t i = 0; i < 8; i++)
        v |= (uint64_t)buf[i] << (8 * i);
    if (resp)
        *resp = r;
    return v;
}

tlmc_response harness_wr(harness *h, uint64_t addr, uint32_t len, uint64_t value)
{
    uint8_t buf[8];
    for (uint32_t i = 0; i < 8; i++)
        buf[i] = (uint8_t)(value >> (8 * i));
    return harness_write(h, addr, buf, len > 8 ? 8 : len);
}

uint32_t harness_dbg(harness *h, tlmc_command cmd, uint64_t addr, void *data, uint32_t len)
{
    tlmc_payload p;
    tlmc_payload_init(&p, cmd, addr, data, len);
    if (!h->live || !h->mmio.ops || !h->mmio.ops->transport_dbg)
        return 0;
    return h->mmio.ops->transport_dbg(h->mmio.opaque, &p);
}

/* ---- signals ------------------------------------------------------------- */

bool harness_signal(harness *h, const char *port, uint32_t index)
{
    sig_rec *r = find_line(h, port, index);
    return r && r->level;
}

unsigned harness_signal_calls(harness *h, const char *port, uint32_t index)
{
    sig_rec *r = find_line(h, port, index);
    return r ? r->calls : 0;
}

unsigned harness_signal_edges(harness *h, const char *port, uint32_t index)
{
    sig_rec *r = find_line(h, port, index);
    return r ? r->edges : 0;
}

void harness_signals_clear(harness *h)
{
    for (uint32_t i = 0; i < h->port_count; i++)
        for (uint32_t l = 0; h->ports[i].lines && l < h->ports[i].count; l++)
            h->ports[i].lines[l].calls = h->ports[i].lines[l].edges = 0;
}

uint32_t harness_port_count(harness *h, const char *port)
{
    port_rec *p = find_port(h, port);
    return p ? p->count : 0;
}

bool harness_signal_in(harness *h, const char *port, uint32_t index, bool level)
{
    port_rec *p = find_port(h, port);
    if (!p || p->decl->dir != VP_PORT_IN || !h->type->signal_in)
        return false;
    h->type->signal_in(h->opaque, p->index, index, level);
    return true;
}

/* ---- logs and exit --------------------------------------------------------- */

uint32_t harness_log_count(harness *h, unsigned cat_mask)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < h->log_count; i++)
        n += (h->logs[i].cat & cat_mask) != 0;
    return n;
}

bool harness_log_contains(harness *h, unsigned cat_mask, const char *substr)
{
    for (uint32_t i = 0; i < h->log_count; i++)
        if ((h->logs[i].cat & cat_mask) && strstr(h->logs[i].msg, substr))
            return true;
    return false;
}

const char *harness_log_last(harness *h) { return h->log_count ? h->logs[h->log_count - 1].msg : NULL; }

void harness_log_clear(harness *h)
{
    for (uint32_t i = 0; i < h->log_count; i++)
        free(h->logs[i].msg);
    h->log_count = 0;
}

void harness_log_echo(harness *h, bool on) { h->echo = on; }
uint32_t harness_exit_count(harness *h) { return h->exit_count; }
int harness_exit_status(harness *h) { return h->exit_status; }

/* ---- state (checkpointing) ---------------------------------------------------- */

void harness_set_api_size(harness *h, uint32_t size) { h->api.size = size; }
void harness_set_state_limit(harness *h, size_t limit) { h->state_limit = limit; }
uint32_t harness_state_calls(harness *h) { return h->state_calls; }

int harness_save(harness *h, uint8_t **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    if (!h->live)
        return VP_EINVAL;
    if (!h->type->save)
        return VP_EUNSUPP;
    vp_state_stream s = {.limit = h->state_limit};
    state_owner = h;
    int rc = h->type->save(h->opaque, &s);
    state_owner = NULL;
    if (rc != 0) {
        free(s.data);
        return rc;
    }
    *data = s.data;
    *size = s.size;
    return 0;
}

int harness_restore(harness *h, const void *data, size_t size)
{
    if (!h->live)
        return VP_EINVAL;
    if (!h->type->restore)
        return VP_EUNSUPP;
    /* a private copy of exactly `size` bytes: ASan catches over-reads */
    vp_state_stream s = {.data = size ? malloc(size) : NULL, .size = size, .cap = size, .limit = size};
    if (size && !s.data)
        return VP_ENOMEM;
    if (size)
        memcpy(s.data, data, size);
    state_owner = h;
    int rc = h->type->restore(h->opaque, &s);
    state_owner = NULL;
    if (rc == 0 && s.pos != s.size)
        rc = VP_EIO; /* as the real host: the record must be consumed exactly */
    free(s.data);
    return rc;
}

int harness_transfer(harness *from, harness *to)
{
    uint8_t *data;
    size_t size;
    int rc = harness_save(from, &data, &size);
    if (rc == 0)
        rc = harness_restore(to, data, size);
    free(data);
    return rc;
}
