/* SPDX-License-Identifier: Apache-2.0 */
/* model.c - the platform description both sources fill (the YAML reader in
 * yaml.c, the machine builder in machine.c): item constructors with the
 * checks an item allows alone, per-hart irq lines ('*') expanded for the
 * hart count, error positions for either source, creation and freeing.
 * Calls no other unit of platforms/src.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model_int.h"

/* "file:line:col" or "machine 'm': call". Caller frees with g_free. */
static char *where(const vp_platform *p, pf_pos pos)
{
    if (pos.call)
        return g_strdup_printf("machine '%s': %s", p->machine ? p->machine : p->name, pos.call);
    if (p->doc)
        return g_strdup_printf("%s:%u:%u", p->doc->file, pos.line, pos.col);
    return g_strdup_printf("machine '%s'", p->machine ? p->machine : (p->name ? p->name : "?"));
}

int vp__pf_err(const vp_platform *p, pf_pos pos, vp_error **errp, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *at = where(p, pos);
    vp_error_set(errp, code, "%s: %s", at, msg);
    g_free(at);
    g_free(msg);
    return code;
}

void vp__pf_prefix(const vp_platform *p, pf_pos pos, vp_error **errp, const char *what)
{
    char *at = where(p, pos);
    if (what)
        vp_error_prefix(errp, "%s: %s", at, what);
    else
        vp_error_prefix(errp, "%s", at);
    g_free(at);
}

const char *vp__platform_arch(const vp_platform *p) { return p->isa_info.arch; }

unsigned vp__platform_xlen(const vp_platform *p) { return p->isa_info.xlen ? p->isa_info.xlen : 32; }

void vp__platform_hart_inputs(const vp_platform *p, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t i = 0; i < p->isa_info.irq_count && n < size; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", p->isa_info.irqs[i].name);
        if (w < 0)
            break;
        n += (size_t)w;
    }
}

static void mem_free(pf_mem *m)
{
    g_free(m->name);
    g_free(m->image);
    g_free(m);
}

static void opt_free(pf_opt *o)
{
    g_free(o->key);
    g_free(o->value);
    g_free(o);
}

static void dev_free(pf_dev *d)
{
    g_free(d->name);
    g_free(d->type);
    if (d->opts)
        g_ptr_array_unref(d->opts);
    g_free(d);
}

static void irq_free(pf_irq *q)
{
    g_free(q->src.dev);
    g_free(q->src.port);
    g_free(q->dst.dev);
    g_free(q->dst.port);
    g_free(q->text);
    g_free(q->label);
    g_free(q->src_name);
    g_free(q);
}

vp_platform *vp__platform_new(const vp_platform_options *opts, vp_registry *reg)
{
    vp_platform *p = g_new0(vp_platform, 1);
    p->mems = g_ptr_array_new_with_free_func((GDestroyNotify)mem_free);
    p->devs = g_ptr_array_new_with_free_func((GDestroyNotify)dev_free);
    p->irqs = g_ptr_array_new_with_free_func((GDestroyNotify)irq_free);
    p->strs = g_string_chunk_new(256);
    p->cpu_count = 1;
    p->freq_hz = 1000000000ull;
    p->quantum = 10 * VP_US;
    p->reg = reg;
    if (PF_OPT_HAS(opts, accel))
        p->accel = opts->accel;
    return p;
}

int vp__pf_check_name(vp_platform *p, pf_pos pos, const char *name, vp_error **errp)
{
    if (!name || !*name || strpbrk(name, ".[] \t") || g_str_has_prefix(name, "hart"))
        return vp__pf_err(p, pos, errp, VP_EINVAL,
                          "name '%s' is not valid (non-empty, no '.', '[', ']' or spaces, no 'hart' prefix)",
                          name ? name : "(null)");
    return 0;
}

int vp__pf_set_isa(vp_platform *p, pf_pos pos, const char *isa, vp_error **errp)
{
    g_free(p->isa);
    p->isa = g_strdup(isa ? isa : "");
    p->isa_pos = pos;
    p->isa_info = (vp_cpu_isa_info){.size = sizeof(p->isa_info)};
    vp_error *err = NULL;
    if (vp_cpu_get_isa_info(p->isa, &p->isa_info, &err) != 0) {
        /* cpu-core says "isa '<isa>': <reason>"; the position comes first here. */
        const char *why = err ? strstr(err->msg, "': ") : NULL;
        int rc = vp__pf_err(p, pos, errp, VP_EUNSUPP, "isa '%s' %s", p->isa, why ? why + 3 : "is not supported");
        vp_error_free(err);
        p->isa_info = (vp_cpu_isa_info){.size = sizeof(p->isa_info)};
        return rc;
    }
    return 0;
}

int vp__pf_set_count(vp_platform *p, pf_pos pos, uint64_t v, vp_error **errp)
{
    if (v < 1 || v > VP_PLATFORM_MAX_HARTS)
        return vp__pf_err(p, pos, errp, VP_ERANGE, "count %" PRIu64 " is out of range [1, %u]", v,
                          VP_PLATFORM_MAX_HARTS);
    p->cpu_count = (uint32_t)v;
    return 0;
}

int vp__pf_set_freq(vp_platform *p, pf_pos pos, uint64_t hz, vp_error **errp)
{
    if (hz > VP_SEC)
        return vp__pf_err(p, pos, errp, VP_ERANGE, "frequency above 1THz is not supported");
    p->freq_hz = hz;
    return 0;
}

pf_mem *vp__pf_add_mem(vp_platform *p, pf_pos pos)
{
    pf_mem *r = g_new0(pf_mem, 1);
    g_ptr_array_add(p->mems, r);
    r->pos = pos;
    return r;
}

int vp__pf_mem_size(vp_platform *p, pf_mem *m, pf_pos pos, uint64_t size, vp_error **errp)
{
    m->size = size;
    if (size == 0 || size > ((uint64_t)1 << 40))
        return vp__pf_err(p, pos, errp, VP_ERANGE, "size of memory region '%s' must be in (0, 1TiB]", m->name);
    return 0;
}

pf_dev *vp__pf_add_dev(vp_platform *p, pf_pos pos)
{
    pf_dev *d = g_new0(pf_dev, 1);
    g_ptr_array_add(p->devs, d);
    d->pos = pos;
    d->pf = p;
    d->opts = g_ptr_array_new_with_free_func((GDestroyNotify)opt_free);
    return d;
}

int vp__pf_dev_type(vp_platform *p, pf_dev *d, pf_pos pos, const char *type, vp_error **errp)
{
    d->type = g_strdup(type);
    d->type_pos = pos;
    const vp_module_info *m = vp_registry_type_module(p->reg, type);
    if (!m)
        return vp__pf_err(p, pos, errp, VP_ENOENT, "unknown device type '%s' (see `vpbridge devices`)", type);
    if (m->side == VP_SIDE_MACHINE)
        return vp__pf_err(p, pos, errp, VP_EINVAL, "'%s' is a machine, not a device type", type);
    return 0;
}

int vp__pf_dev_opt(vp_platform *p, pf_dev *d, const char *key, pf_pos kpos, const char *value, pf_pos vpos,
                   vp_error **errp)
{
    for (guint i = 0; i < d->opts->len; i++)
        if (strcmp(((pf_opt *)g_ptr_array_index(d->opts, i))->key, key) == 0)
            return vp__pf_err(p, kpos, errp, VP_EPARSE, "duplicate option '%s'", key);
    pf_opt *o = g_new0(pf_opt, 1);
    o->key = g_strdup(key);
    o->value = g_strdup(value);
    o->kpos = kpos;
    o->vpos = vpos;
    g_ptr_array_add(d->opts, o);
    return 0;
}

#define STAR_WHERE "'*' stands only for a whole index ('[*]') or for a hart's number ('hart*')"

/* The index between '[' and ']': a number, or '*' (each hart). */
static const char *parse_index(const char *idx, pf_end *e)
{
    uint64_t v = 0;
    e->has_index = true;
    if (strcmp(idx, "*") == 0) {
        e->each = true;
        return NULL;
    }
    if (strchr(idx, '*'))
        return STAR_WHERE;
    if (vp__parse_u64(idx, &v) != 0 || v > UINT32_MAX)
        return "";
    e->index = (uint32_t)v;
    return NULL;
}

/* "dev.port[index]" or "hartN.port", or with a '*' "dev.port[*]" or
 * "hart*.port". Returns NULL, "" on a syntax error, or a reason. */
static const char *parse_end(const char *s, pf_end *e)
{
    char *t = g_strstrip(g_strdup(s));
    char *dot = strchr(t, '.');
    const char *why = dot && dot != t ? NULL : "";
    if (!why) {
        *dot = 0;
        char *port = dot + 1, *br = strchr(port, '[');
        if (br) {
            char *close = strchr(br, ']');
            *br = 0;
            if (close && close[1] == 0 && close > br + 1) {
                *close = 0;
                why = parse_index(br + 1, e);
            } else {
                why = "";
            }
        }
        if (!why && (!*port || strpbrk(port, ". \t]")))
            why = "";
        if (!why && (strchr(port, '*') || (strchr(t, '*') && strcmp(t, "hart*") != 0)))
            why = STAR_WHERE;
        if (!why && strcmp(t, "hart*") == 0 && e->each)
            why = "a hart's input has one line: 'hart*.INPUT' takes no '[*]'";
        e->each |= strcmp(t, "hart*") == 0;
        e->dev = g_strdup(t);
        e->port = g_strdup(port);
    }
    g_free(t);
    return why;
}

int vp__pf_add_irq(vp_platform *p, pf_pos pos, const char *s, vp_error **errp)
{
    pf_irq *q = g_new0(pf_irq, 1);
    g_ptr_array_add(p->irqs, q);
    q->pos = pos;
    q->text = g_strdup(s);
    q->label = g_strdup_printf("'%s'", s);
    q->of_hart = -1;
    const char *arrow = strstr(s, "->");
    char *lhs = arrow ? g_strndup(s, (size_t)(arrow - s)) : NULL;
    const char *why = arrow ? parse_end(lhs, &q->src) : "";
    if (!why)
        why = parse_end(arrow + 2, &q->dst);
    g_free(lhs);
    if (why && *why)
        return vp__pf_err(p, pos, errp, VP_EPARSE, "irq '%s': %s", s, why);
    if (why)
        return vp__pf_err(p, pos, errp, VP_EPARSE, "irq '%s' is not \"device.port[index] -> device.port[index]\"",
                          s);
    if (q->src.each != q->dst.each)
        return vp__pf_err(p, pos, errp, VP_EPARSE,
                          "irq '%s': '*' in one end only (a line per hart has '*' in both ends, e.g. "
                          "'clint0.msip[*] -> hart*.msip')",
                          s);
    q->per_hart = q->src.each;
    return 0;
}

/* End `e` of a per-hart line for hart `h`; its text to `out`. */
static void expand_end(const pf_end *e, uint32_t h, pf_end *to, GString *out)
{
    *to = *e;
    to->each = false;
    if (e->each && strcmp(e->dev, "hart*") == 0)
        to->dev = g_strdup_printf("hart%u", h);
    else
        to->dev = g_strdup(e->dev);
    if (e->each && to->has_index && strcmp(e->dev, "hart*") != 0)
        to->index = h;
    to->port = g_strdup(e->port);
    g_string_append_printf(out, "%s.%s", to->dev, to->port);
    if (to->has_index)
        g_string_append_printf(out, "[%u]", to->index);
}

static pf_irq *expand_one(const pf_irq *q, uint32_t h)
{
    pf_irq *x = g_new0(pf_irq, 1);
    GString *text = g_string_new(NULL);
    expand_end(&q->src, h, &x->src, text);
    g_string_append(text, " -> ");
    expand_end(&q->dst, h, &x->dst, text);
    x->pos = q->pos;
    x->of_hart = (int)h;
    x->label = g_strdup_printf("'%s' (hart %u of '%s')", text->str, h, q->text);
    x->text = g_string_free(text, FALSE);
    return x;
}

void vp__pf_expand_irqs(vp_platform *p)
{
    for (guint i = 0; i < p->irqs->len;) {
        const pf_irq *q = g_ptr_array_index(p->irqs, i);
        if (!q->per_hart) {
            i++;
            continue;
        }
        for (uint32_t h = 0; h < p->cpu_count; h++)
            g_ptr_array_insert(p->irqs, (gint)(i + h), expand_one(q, h));
        g_ptr_array_remove_index(p->irqs, i + p->cpu_count); /* frees the '*' line */
        i += p->cpu_count;
    }
}

int vp__pf_set_quantum(vp_platform *p, pf_pos pos, vp_time q, vp_error **errp)
{
    if (!q)
        return vp__pf_err(p, pos, errp, VP_ERANGE, "quantum must be greater than 0");
    p->quantum = q;
    return 0;
}

void vp__platform_free(vp_platform *p)
{
    if (!p)
        return;
    g_ptr_array_unref(p->irqs);
    g_ptr_array_unref(p->devs);
    g_ptr_array_unref(p->mems);
    vp_registry_destroy(p->reg);
    vp__ydoc_free(p->doc);
    g_string_chunk_free(p->strs);
    g_free(p->machine);
    g_free(p->name);
    g_free(p->description);
    g_free(p->isa);
    g_free(p);
}
