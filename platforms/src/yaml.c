/* SPDX-License-Identifier: Apache-2.0 */
/* yaml.c - the platform YAML reader: reads a description (schema in
 * docs/platform-yaml.md) through the YAML tree of common/ into the model of
 * model.c, which validates each item.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "model_int.h"
#include "yaml_int.h"

static const char *const top_keys[] = {"name", "description", "cpus", "memory", "devices", "irqs", "sync", NULL};
static const char *const cpu_keys[] = {"isa", "count", "frequency", "mtime", "reset-vector", NULL};
static const char *const mem_keys[] = {"name", "base", "size", "type", "image", "offset", NULL};
static const char *const dev_keys[] = {"name", "type", "base", "size", "options", NULL};
static const char *const sync_keys[] = {"quantum", NULL};

static pf_pos pos_of(const vp__ynode *n) { return (pf_pos){n->line, n->col, NULL}; }

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
    if (!rc)
        rc = vp__pf_set_isa(p, pos_of(n), s, errp);
    if (rc)
        return rc;
    if ((n = vp__ymap_get(c, "count")) &&
        ((rc = vp__yu64(doc, n, "count", &v, errp)) || (rc = vp__pf_set_count(p, pos_of(n), v, errp))))
        return rc;
    if ((n = vp__ymap_get(c, "frequency")) &&
        ((rc = vp__yfreq(doc, n, "frequency", &v, errp)) || (rc = vp__pf_set_freq(p, pos_of(n), v, errp))))
        return rc;
    if ((n = vp__ymap_get(c, "mtime"))) {
        if ((rc = vp__yu64(doc, n, "mtime", &p->mtime, errp)))
            return rc;
        p->has_mtime = true;
        p->mtime_pos = pos_of(n);
    }
    if ((n = vp__ymap_get(c, "reset-vector"))) {
        if ((rc = vp__yu64(doc, n, "reset-vector", &p->reset_pc, errp)))
            return rc;
        p->has_reset_pc = true;
    }
    return 0;
}

static int need_name(vp_platform *p, const vp__ydoc *doc, const vp__ynode *m, const char *what, char **out,
                     vp_error **errp)
{
    const vp__ynode *n;
    const char *s;
    int rc = vp__ymap_need(doc, m, what, "name", &n, errp);
    if (!rc)
        rc = vp__yname(doc, n, "name", &s, errp);
    if (!rc)
        rc = vp__pf_check_name(p, pos_of(n), s, errp);
    if (rc)
        return rc;
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
    pf_mem *r = vp__pf_add_mem(p, pos_of(m));
    if ((rc = need_name(p, doc, m, "memory region", &r->name, errp)))
        return rc;
    if ((rc = vp__ymap_need(doc, m, "memory region", "base", &n, errp)) ||
        (rc = vp__yu64(doc, n, "base", &r->base, errp)))
        return rc;
    uint64_t size;
    if ((rc = vp__ymap_need(doc, m, "memory region", "size", &n, errp)) ||
        (rc = vp__ysize(doc, n, "size", &size, errp)) || (rc = vp__pf_mem_size(p, r, pos_of(n), size, errp)))
        return rc;
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
        char *file = g_canonicalize_filename(doc->file, NULL); /* a relative YAML path: against the cwd */
        char *dir = g_path_get_dirname(file);
        r->image = g_canonicalize_filename(s, dir);
        g_free(dir);
        g_free(file);
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
    pf_dev *d = vp__pf_add_dev(p, pos_of(m));
    if ((rc = need_name(p, doc, m, "device", &d->name, errp)))
        return rc;
    if ((rc = vp__ymap_need(doc, m, "device", "type", &n, errp)) || (rc = vp__ystr(doc, n, "type", &s, errp)) ||
        (rc = vp__pf_dev_type(p, d, pos_of(n), s, errp)))
        return rc;
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
            if ((rc = vp__pf_dev_opt(p, d, k->str, pos_of(k), v->str, pos_of(v), errp)))
                return rc;
        }
    }
    return 0;
}

static int parse_irq(vp_platform *p, const vp__ydoc *doc, const vp__ynode *n, vp_error **errp)
{
    const char *s;
    int rc = vp__ystr(doc, n, "irq", &s, errp);
    return rc ? rc : vp__pf_add_irq(p, pos_of(n), s, errp);
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
        rc = vp__yname(doc, n, "name", &s, errp);
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
        vp_time t = 0;
        if (q && ((rc = vp__ytime(doc, q, "quantum", &t, errp)) || (rc = vp__pf_set_quantum(p, pos_of(q), t, errp))))
            return rc;
    }
    return 0;
}

int vp__platform_read_yaml(vp_platform *p, const char *path, vp_error **errp)
{
    int rc = vp__ydoc_load(path, &p->doc, errp);
    return rc ? rc : parse_root(p, errp);
}
