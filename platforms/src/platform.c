/* SPDX-License-Identifier: Apache-2.0 */
/* platform.c - reads and validates a platform YAML description (schema in
 * docs/platform-yaml.md); accessors and destruction.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "platform_int.h"

static const char *const top_keys[] = {"name", "description", "cpus", "memory", "devices", "irqs", "sync", NULL};
static const char *const cpu_keys[] = {"isa", "count", "frequency", "mtime", "reset-vector", NULL};
static const char *const mem_keys[] = {"name", "base", "size", "type", "image", "offset", NULL};
static const char *const dev_keys[] = {"name", "type", "base", "size", "options", NULL};
static const char *const sync_keys[] = {"quantum", NULL};

#define PF_MAX_HARTS 1024u

int vp__pf_err(const vp_platform *p, pf_pos pos, vp_error **errp, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    vp_error_set(errp, code, "%s:%u:%u: %s", p->doc->file, pos.line, pos.col, msg);
    g_free(msg);
    return code;
}

static pf_pos pos_of(const vp__ynode *n) { return (pf_pos){n->line, n->col}; }

const char *vp_platform_builtin_module_dir(void) { return vp_registry_builtin_dir(); }

const char *vp__platform_arch(const vp_platform *p)
{
    if (p->isa && g_ascii_strncasecmp(p->isa, "rv32", 4) == 0)
        return "riscv32";
    if (p->isa && g_ascii_strncasecmp(p->isa, "rv64", 4) == 0)
        return "riscv64";
    return NULL;
}

unsigned vp__platform_xlen(const vp_platform *p)
{
    const char *a = vp__platform_arch(p);
    return a && strcmp(a, "riscv64") == 0 ? 64 : 32;
}

static void mem_free(pf_mem *m)
{
    vp__mem_destroy(m);
    g_free(m->name);
    g_free(m->image);
    g_free(m);
}

static void dev_free(pf_dev *d)
{
    g_free(d->name);
    g_free(d->type);
    g_free(d);
}

static void irq_free(pf_irq *q)
{
    g_free(q->src.dev);
    g_free(q->src.port);
    g_free(q->dst.dev);
    g_free(q->dst.port);
    g_free(q->text);
    g_free(q);
}

static int parse_cpus(vp_platform *p, const vp__ydoc *doc, const vp__ynode *c, vp_error **errp)
{
    const vp__ynode *n;
    const char *s;
    uint64_t v;
    int rc = vp__ymap_check(doc, c, "cpus", cpu_keys, errp);
    if (!rc)
        rc = vp__ymap_need(doc, c, "cpus", "isa", &n, errp);
    if (!rc)
        rc = vp__ystr(doc, n, "isa", &s, errp);
    if (rc)
        return rc;
    p->isa = g_strdup(s);
    p->isa_pos = pos_of(n);
    if (!vp__platform_arch(p))
        return vp__yerr(doc, n, errp, VP_EUNSUPP, "isa '%s' must start with rv32 or rv64", s);
    if ((n = vp__ymap_get(c, "count"))) {
        if ((rc = vp__yu64(doc, n, "count", &v, errp)))
            return rc;
        if (v < 1 || v > PF_MAX_HARTS)
            return vp__yerr(doc, n, errp, VP_ERANGE, "count %" PRIu64 " is out of range [1, %u]", v, PF_MAX_HARTS);
        p->cpu_count = (uint32_t)v;
    }
    if ((n = vp__ymap_get(c, "frequency")) && (rc = vp__yfreq(doc, n, "frequency", &p->freq_hz, errp)))
        return rc;
    if (p->freq_hz > VP_SEC)
        return vp__yerr(doc, n, errp, VP_ERANGE, "frequency above 1THz is not supported");
    if ((n = vp__ymap_get(c, "mtime"))) {
        if ((rc = vp__yu64(doc, n, "mtime", &p->mtime, errp)))
            return rc;
        p->has_mtime = true;
    }
    if ((n = vp__ymap_get(c, "reset-vector")) && (rc = vp__yu64(doc, n, "reset-vector", &p->reset_pc, errp)))
        return rc;
    return 0;
}

static int need_name(const vp__ydoc *doc, const vp__ynode *m, const char *what, char **out, vp_error **errp)
{
    const vp__ynode *n;
    const char *s;
    int rc = vp__ymap_need(doc, m, what, "name", &n, errp);
    if (!rc)
        rc = vp__ystr(doc, n, "name", &s, errp);
    if (rc)
        return rc;
    if (!*s || strpbrk(s, ".[] \t") || g_str_has_prefix(s, "hart"))
        return vp__yerr(doc, n, errp, VP_EINVAL,
                        "name '%s' is not valid (non-empty, no '.', '[', ']' or spaces, no 'hart' prefix)", s);
    *out = g_strdup(s);
    return 0;
}

static int parse_mem(vp_platform *p, const vp__ydoc *doc, const vp__ynode *m, vp_error **errp)
{
    const vp__ynode *n;
    const char *s;
    int rc = vp__ymap_check(doc, m, "memory region", mem_keys, errp);
    if (rc)
        return rc;
    pf_mem *r = g_new0(pf_mem, 1);
    g_ptr_array_add(p->mems, r);
    r->pos = pos_of(m);
    if ((rc = need_name(doc, m, "memory region", &r->name, errp)))
        return rc;
    if ((rc = vp__ymap_need(doc, m, "memory region", "base", &n, errp)) ||
        (rc = vp__yu64(doc, n, "base", &r->base, errp)))
        return rc;
    if ((rc = vp__ymap_need(doc, m, "memory region", "size", &n, errp)) ||
        (rc = vp__ysize(doc, n, "size", &r->size, errp)))
        return rc;
    if (r->size == 0 || r->size > ((uint64_t)1 << 40))
        return vp__yerr(doc, n, errp, VP_ERANGE, "size of memory region '%s' must be in (0, 1TiB]", r->name);
    if ((n = vp__ymap_get(m, "type"))) {
        if ((rc = vp__ystr(doc, n, "type", &s, errp)))
            return rc;
        if (strcmp(s, "ram") != 0 && strcmp(s, "rom") != 0)
            return vp__yerr(doc, n, errp, VP_EINVAL, "memory type '%s' is not ram or rom", s);
        r->rom = strcmp(s, "rom") == 0;
    }
    if ((n = vp__ymap_get(m, "image"))) {
        if ((rc = vp__ystr(doc, n, "image", &s, errp)))
            return rc;
        char *dir = g_path_get_dirname(doc->file);
        r->image = g_canonicalize_filename(s, dir);
        g_free(dir);
        r->image_pos = pos_of(n);
    }
    if ((n = vp__ymap_get(m, "offset"))) {
        if ((rc = vp__ysize(doc, n, "offset", &r->offset, errp)))
            return rc;
        if (r->offset >= r->size)
            return vp__yerr(doc, n, errp, VP_ERANGE, "offset is past the end of region '%s'", r->name);
    }
    return 0;
}

static int parse_dev(vp_platform *p, const vp__ydoc *doc, const vp__ynode *m, vp_error **errp)
{
    const vp__ynode *n;
    const char *s;
    int rc = vp__ymap_check(doc, m, "device", dev_keys, errp);
    if (rc)
        return rc;
    pf_dev *d = g_new0(pf_dev, 1);
    g_ptr_array_add(p->devs, d);
    d->pos = pos_of(m);
    d->pf = p;
    if ((rc = need_name(doc, m, "device", &d->name, errp)))
        return rc;
    if ((rc = vp__ymap_need(doc, m, "device", "type", &n, errp)) || (rc = vp__ystr(doc, n, "type", &s, errp)))
        return rc;
    d->type = g_strdup(s);
    d->type_pos = pos_of(n);
    if (!vp_registry_type_module(p->reg, s))
        return vp__yerr(doc, n, errp, VP_ENOENT, "unknown device type '%s' (see `vpbridge devices`)", s);
    if ((n = vp__ymap_get(m, "base"))) {
        if ((rc = vp__yu64(doc, n, "base", &d->base, errp)))
            return rc;
        d->has_base = true;
    }
    if ((n = vp__ymap_get(m, "size"))) {
        if ((rc = vp__ysize(doc, n, "size", &d->size, errp)))
            return rc;
        if (!d->size)
            return vp__yerr(doc, n, errp, VP_ERANGE, "size of device '%s' must not be 0", d->name);
        if (!d->has_base)
            return vp__yerr(doc, n, errp, VP_EINVAL, "device '%s' has a size but no base", d->name);
        d->has_size = true;
    }
    if ((n = vp__ymap_get(m, "options"))) {
        if (n->kind == VP_Y_SCALAR && !n->str[0] && !n->quoted)
            return 0; /* `options:` with nothing = none */
        if (n->kind != VP_Y_MAP)
            return vp__yerr(doc, n, errp, VP_EPARSE, "options of device '%s' must be a mapping", d->name);
        for (size_t i = 0; i < n->count; i++) {
            const vp__ynode *k = n->items[2 * i], *v = n->items[2 * i + 1];
            if (k->kind != VP_Y_SCALAR)
                return vp__yerr(doc, k, errp, VP_EPARSE, "options: keys must be scalars");
            if (v->kind != VP_Y_SCALAR)
                return vp__yerr(doc, v, errp, VP_EPARSE, "option '%s' must be a scalar value", k->str);
            for (size_t j = 0; j < i; j++)
                if (strcmp(n->items[2 * j]->str, k->str) == 0)
                    return vp__yerr(doc, k, errp, VP_EPARSE, "duplicate option '%s'", k->str);
        }
        d->opts = n;
    }
    return 0;
}

/* "dev.port[index]" or "hartN.port"; returns false on a syntax error. */
static bool parse_end(const char *s, pf_end *e)
{
    char *t = g_strstrip(g_strdup(s));
    char *dot = strchr(t, '.');
    bool ok = dot && dot != t;
    if (ok) {
        *dot = 0;
        char *port = dot + 1, *br = strchr(port, '[');
        if (br) {
            char *close = strchr(br, ']');
            uint64_t v = 0;
            *br = 0;
            ok = close && close[1] == 0 && close > br + 1;
            if (ok) {
                *close = 0;
                ok = vp__parse_u64(br + 1, &v) == 0 && v <= UINT32_MAX;
            }
            e->has_index = true;
            e->index = (uint32_t)v;
        }
        ok = ok && *port && !strpbrk(port, ". \t]");
        e->dev = g_strdup(t);
        e->port = g_strdup(port);
    }
    g_free(t);
    return ok;
}

static int parse_irq(vp_platform *p, const vp__ydoc *doc, const vp__ynode *n, vp_error **errp)
{
    const char *s;
    int rc = vp__ystr(doc, n, "irq", &s, errp);
    if (rc)
        return rc;
    pf_irq *q = g_new0(pf_irq, 1);
    g_ptr_array_add(p->irqs, q);
    q->pos = pos_of(n);
    q->text = g_strdup(s);
    const char *arrow = strstr(s, "->");
    char *lhs = arrow ? g_strndup(s, (size_t)(arrow - s)) : NULL;
    bool ok = arrow && parse_end(lhs, &q->src) && parse_end(arrow + 2, &q->dst);
    g_free(lhs);
    if (!ok)
        return vp__yerr(doc, n, errp, VP_EPARSE, "irq '%s' is not \"device.port[index] -> device.port[index]\"",
                        s);
    return 0;
}

/* Parses a list section with a per-item parser. */
static int parse_list(vp_platform *p, const vp__ydoc *doc, const char *key, vp_error **errp,
                      int (*fn)(vp_platform *, const vp__ydoc *, const vp__ynode *, vp_error **))
{
    const vp__ynode *l = vp__ymap_get(doc->root, key);
    if (!l || (l->kind == VP_Y_SCALAR && !l->str[0] && !l->quoted))
        return 0;
    if (l->kind != VP_Y_SEQ)
        return vp__yerr(doc, l, errp, VP_EPARSE, "'%s' must be a list", key);
    for (size_t i = 0; i < l->count; i++) {
        int rc = fn(p, doc, l->items[i], errp);
        if (rc)
            return rc;
    }
    return 0;
}

static int parse_root(vp_platform *p, vp_error **errp)
{
    const vp__ydoc *doc = p->doc;
    const vp__ynode *n;
    const char *s;
    if (!doc->root)
        return vp__yerr(doc, NULL, errp, VP_EPARSE, "empty platform description");
    int rc = vp__ymap_check(doc, doc->root, "platform", top_keys, errp);
    if (!rc)
        rc = vp__ymap_need(doc, doc->root, "platform", "name", &n, errp);
    if (!rc)
        rc = vp__ystr(doc, n, "name", &s, errp);
    if (rc)
        return rc;
    p->name = g_strdup(s);
    if ((n = vp__ymap_get(doc->root, "description")) && (rc = vp__ystr(doc, n, "description", &s, errp)))
        return rc;
    p->description = g_strdup(n ? s : "");
    if ((rc = vp__ymap_need(doc, doc->root, "platform", "cpus", &n, errp)) || (rc = parse_cpus(p, doc, n, errp)))
        return rc;
    if ((rc = parse_list(p, doc, "memory", errp, parse_mem)) || (rc = parse_list(p, doc, "devices", errp, parse_dev)) ||
        (rc = parse_list(p, doc, "irqs", errp, parse_irq)))
        return rc;
    if ((n = vp__ymap_get(doc->root, "sync"))) {
        if ((rc = vp__ymap_check(doc, n, "sync", sync_keys, errp)))
            return rc;
        const vp__ynode *q = vp__ymap_get(n, "quantum");
        if (q && (rc = vp__ytime(doc, q, "quantum", &p->quantum, errp)))
            return rc;
        if (q && !p->quantum)
            return vp__yerr(doc, q, errp, VP_ERANGE, "quantum must be greater than 0");
    }
    if (!p->reset_pc && !vp__ymap_get(vp__ymap_get(doc->root, "cpus"), "reset-vector") && p->mems->len)
        p->reset_pc = ((pf_mem *)g_ptr_array_index(p->mems, 0))->base;
    return vp__platform_check(p, errp);
}

vp_platform *vp_platform_load(const char *path, const vp_platform_options *opts, vp_error **errp)
{
    vp_platform *p = g_new0(vp_platform, 1);
    p->mems = g_ptr_array_new_with_free_func((GDestroyNotify)mem_free);
    p->devs = g_ptr_array_new_with_free_func((GDestroyNotify)dev_free);
    p->irqs = g_ptr_array_new_with_free_func((GDestroyNotify)irq_free);
    p->cpu_count = 1;
    p->freq_hz = 1000000000ull;
    p->quantum = 10 * VP_US;
    p->reg = vp_registry_create();
    int rc = 0;
    if (opts && opts->size >= offsetof(vp_platform_options, accel) + sizeof(opts->accel))
        p->accel = opts->accel;
    if (opts)
        rc = vp_registry_add_defaults(p->reg, opts->module_dirs, opts->modinfo_files, errp);
    else
        rc = vp_registry_add_defaults(p->reg, NULL, NULL, errp);
    if (!rc)
        rc = vp__ydoc_load(path, &p->doc, errp);
    if (!rc)
        rc = parse_root(p, errp);
    if (!rc && opts && opts->size >= offsetof(vp_platform_options, quantum) + sizeof(opts->quantum) &&
        opts->quantum)
        p->quantum = opts->quantum;
    if (rc) {
        vp_platform_destroy(p);
        return NULL;
    }
    return p;
}

void vp_platform_destroy(vp_platform *p)
{
    if (!p)
        return;
    vp__platform_unbuild(p);
    g_ptr_array_unref(p->irqs);
    g_ptr_array_unref(p->devs);
    g_ptr_array_unref(p->mems);
    vp_registry_destroy(p->reg);
    vp__ydoc_free(p->doc);
    g_free(p->name);
    g_free(p->description);
    g_free(p->isa);
    g_free(p);
}

uint32_t vp_platform_cpu_count(const vp_platform *p) { return p->cpu_count; }

vp_cpu *vp_platform_cpu(const vp_platform *p, uint32_t index)
{
    return p->cpus && index < p->cpu_count ? p->cpus[index] : NULL;
}

tlmc_router *vp_platform_router(const vp_platform *p) { return p->router; }
vp_time vp_platform_quantum(const vp_platform *p) { return p->quantum; }
const char *vp_platform_name(const vp_platform *p) { return p->name; }
