/* SPDX-License-Identifier: Apache-2.0 */
/* check.c - load-time cross checks of a platform description: unique
 * names, overlapping address ranges, irq endpoints that name nothing, a
 * hart count override only on a board whose irqs are written per hart.
 * (Ports, indices and directions need the device types: see build.c.)
 */
#include <inttypes.h>
#include <string.h>

#include "check_int.h"

typedef struct span {
    uint64_t base, last;
    const char *name, *kind;
    pf_pos pos;
} span;

static gint cmp_span(gconstpointer a, gconstpointer b)
{
    const span *x = a, *y = b;
    if (x->base != y->base)
        return x->base < y->base ? -1 : 1;
    return x->pos.line < y->pos.line ? -1 : x->pos.line > y->pos.line;
}

int vp__pf_check_range(const vp_platform *p, pf_pos pos, const char *kind, const char *name, uint64_t base,
                       uint64_t size, vp_error **errp)
{
    const char *arch = vp__platform_arch(p);
    uint64_t top = arch && vp__platform_xlen(p) == 32 ? UINT32_MAX : UINT64_MAX;
    if (size && base + size - 1 < base)
        return vp__pf_err(p, pos, errp, VP_ERANGE, "%s '%s' [0x%" PRIx64 " + 0x%" PRIx64 "] wraps around the address space",
                          kind, name, base, size);
    if (base > top || (size && base + size - 1 > top))
        return vp__pf_err(p, pos, errp, VP_ERANGE,
                          "%s '%s' [0x%" PRIx64 " + 0x%" PRIx64 "] does not fit in the 32-bit address space of %s harts "
                          "(last address 0xffffffff)",
                          kind, name, base, size, p->isa);
    return 0;
}

static int add_span(vp_platform *p, GArray *spans, uint64_t base, uint64_t size, const char *name,
                    const char *kind, pf_pos pos, vp_error **errp)
{
    int rc = vp__pf_check_range(p, pos, kind, name, base, size, errp);
    if (rc)
        return rc;
    span s = {base, base + size - 1, name, kind, pos};
    g_array_append_val(spans, s);
    return 0;
}

static int check_overlaps(vp_platform *p, vp_error **errp)
{
    GArray *spans = g_array_new(FALSE, FALSE, sizeof(span));
    int rc = 0;
    for (guint i = 0; !rc && i < p->mems->len; i++) {
        pf_mem *m = g_ptr_array_index(p->mems, i);
        rc = add_span(p, spans, m->base, m->size, m->name, m->rom ? "rom" : "ram", m->pos, errp);
    }
    for (guint i = 0; !rc && i < p->devs->len; i++) {
        pf_dev *d = g_ptr_array_index(p->devs, i);
        if (d->has_size)
            rc = add_span(p, spans, d->base, d->size, d->name, "device", d->pos, errp);
        else if (d->has_base) /* the type's default size is checked at build */
            rc = vp__pf_check_range(p, d->pos, "device", d->name, d->base, 0, errp);
    }
    g_array_sort(spans, cmp_span);
    for (guint i = 1; !rc && i < spans->len; i++) {
        const span *a = &g_array_index(spans, span, i - 1), *b = &g_array_index(spans, span, i);
        if (b->base > a->last)
            continue;
        const span *late = a->pos.line > b->pos.line ? a : b, *early = late == a ? b : a;
        char at[32] = "";
        if (!early->pos.call)
            snprintf(at, sizeof at, " (line %u)", early->pos.line);
        rc = vp__pf_err(p, late->pos, errp, VP_EEXIST,
                        "%s '%s' [0x%" PRIx64 "..0x%" PRIx64 "] overlaps %s '%s' [0x%" PRIx64 "..0x%" PRIx64 "]%s",
                        late->kind, late->name, late->base, late->last, early->kind, early->name, early->base,
                        early->last, at);
    }
    g_array_unref(spans);
    return rc;
}

static int check_names(vp_platform *p, vp_error **errp)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    int rc = 0;
    for (guint i = 0; !rc && i < p->mems->len + p->devs->len; i++) {
        bool mem = i < p->mems->len;
        pf_mem *m = mem ? g_ptr_array_index(p->mems, i) : NULL;
        pf_dev *d = mem ? NULL : g_ptr_array_index(p->devs, i - p->mems->len);
        const char *name = mem ? m->name : d->name;
        pf_pos pos = mem ? m->pos : d->pos;
        pf_pos *prev = g_hash_table_lookup(seen, name);
        if (prev && prev->call)
            rc = vp__pf_err(p, pos, errp, VP_EEXIST, "name '%s' is already used by %s", name, prev->call);
        else if (prev)
            rc = vp__pf_err(p, pos, errp, VP_EEXIST, "name '%s' is already used at line %u", name, prev->line);
        else
            g_hash_table_insert(seen, (gpointer)name, mem ? &m->pos : &d->pos);
    }
    g_hash_table_destroy(seen);
    return rc;
}

pf_dev *vp__platform_find_dev(const vp_platform *p, const char *name)
{
    for (guint i = 0; i < p->devs->len; i++) {
        pf_dev *d = g_ptr_array_index(p->devs, i);
        if (strcmp(d->name, name) == 0)
            return d;
    }
    return NULL;
}

/* Resolves the device or hart an endpoint names. */
static int check_end(vp_platform *p, const pf_irq *q, pf_end *e, vp_error **errp)
{
    e->hart = -1;
    if (g_str_has_prefix(e->dev, "hart")) {
        uint64_t n;
        if (vp__parse_u64(e->dev + 4, &n) != 0 || e->dev[4] < '0' || e->dev[4] > '9')
            return vp__pf_err(p, q->pos, errp, VP_ENOENT, "irq %s: unknown hart '%s' (harts are hart0..hart%u)",
                              q->label, e->dev, p->cpu_count - 1);
        if (n >= p->cpu_count)
            return vp__pf_err(p, q->pos, errp, VP_ERANGE, "irq %s: hart%" PRIu64 " does not exist (cpus.count is %u)",
                              q->label, n, p->cpu_count);
        e->hart = (int)n;
        return 0;
    }
    if (vp__platform_find_dev(p, e->dev))
        return 0;
    for (guint i = 0; i < p->mems->len; i++)
        if (strcmp(((pf_mem *)g_ptr_array_index(p->mems, i))->name, e->dev) == 0)
            return vp__pf_err(p, q->pos, errp, VP_EINVAL, "irq %s: '%s' is a memory region, not a device",
                              q->label, e->dev);
    return vp__pf_err(p, q->pos, errp, VP_ENOENT, "irq %s: unknown device '%s'", q->label, e->dev);
}

int vp__platform_check(vp_platform *p, vp_error **errp)
{
    int rc = check_names(p, errp);
    if (!rc)
        rc = check_overlaps(p, errp);
    for (guint i = 0; !rc && i < p->irqs->len; i++) {
        pf_irq *q = g_ptr_array_index(p->irqs, i);
        rc = check_end(p, q, &q->src, errp);
        if (!rc)
            rc = check_end(p, q, &q->dst, errp);
        if (!rc && q->src.hart >= 0) {
            char inputs[256];
            vp__platform_hart_inputs(p, inputs, sizeof(inputs));
            rc = vp__pf_err(p, q->pos, errp, VP_EINVAL, "irq %s: harts have inputs only (%s)", q->label, inputs);
        }
    }
    if (!rc && p->has_mtime) {
        bool hit = false;
        for (guint i = 0; i < p->devs->len; i++) {
            pf_dev *d = g_ptr_array_index(p->devs, i);
            hit |= d->has_base && p->mtime >= d->base && (!d->has_size || p->mtime + 7 <= d->base + d->size - 1);
        }
        if (!hit)
            rc = vp__pf_err(p, p->mtime_pos, errp, VP_EINVAL, "mtime 0x%" PRIx64 " is not inside any device", p->mtime);
    }
    return rc;
}

/* The options' hart count instead of cpus.count: only on a board whose
 * irqs name no hart by number (they are per hart, or there are none). */
static int override_count(vp_platform *p, uint32_t count, vp_error **errp)
{
    if (count > VP_PLATFORM_MAX_HARTS) {
        char *at = p->doc ? g_strdup(p->doc->file) : g_strdup_printf("machine '%s'", p->name);
        vp_error_set(errp, VP_ERANGE, "%s: %u harts asked for; the most is %u", at, count, VP_PLATFORM_MAX_HARTS);
        g_free(at);
        return VP_ERANGE;
    }
    for (guint i = 0; count != p->cpu_count && i < p->irqs->len; i++) {
        const pf_irq *q = g_ptr_array_index(p->irqs, i);
        const pf_end *e = &q->dst; /* a hart as the source is an error of its own (vp__platform_check) */
        if (q->per_hart || !g_str_has_prefix(e->dev, "hart") || !g_ascii_isdigit(e->dev[4]))
            continue;
        return vp__pf_err(p, q->pos, errp, VP_EINVAL,
                          "irq %s wires %s alone: board '%s' has %u hart%s (cpus.count) and cannot be given %u "
                          "unless its hart irqs are written per hart ('clint0.msip[*] -> hart*.msip', "
                          "docs/platform-yaml.md)",
                          q->label, e->dev, p->name, p->cpu_count, p->cpu_count == 1 ? "" : "s", count);
    }
    p->cpu_count = count;
    return 0;
}

int vp__pf_finish(vp_platform *p, const vp_platform_options *opts, vp_error **errp)
{
    if (!p->isa)
        return vp__pf_err(p, (pf_pos){0, 0, NULL}, errp, VP_EINVAL, "no cpus (set_cpus was not called)");
    if (!p->has_reset_pc && p->mems->len)
        p->reset_pc = ((pf_mem *)g_ptr_array_index(p->mems, 0))->base;
    int rc = 0;
    if (PF_OPT_HAS(opts, cpu_count) && opts->cpu_count)
        rc = override_count(p, opts->cpu_count, errp);
    if (rc)
        return rc;
    vp__pf_expand_irqs(p);
    rc = vp__platform_check(p, errp);
    if (!rc && PF_OPT_HAS(opts, quantum) && opts->quantum)
        p->quantum = opts->quantum;
    return rc;
}
