/* SPDX-License-Identifier: Apache-2.0 */
/* print.c - `vpbridge check` output: cpus line, memory map sorted by
 * address, irq wiring.
 */
#include <inttypes.h>
#include <string.h>

#include "model_int.h"

typedef struct row {
    uint64_t base, size;
    const char *kind, *name, *type;
    bool size_known;
    bool sc; /* a SystemC-side device */
} row;

static gint cmp_row(gconstpointer a, gconstpointer b)
{
    const row *x = a, *y = b;
    return x->base < y->base ? -1 : x->base > y->base;
}

/* "128 MiB", "4 KiB", "256 B", "1.5 KiB". */
static void human_size(uint64_t v, char *buf, size_t n)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    unsigned u = 0;
    uint64_t div = 1;
    while (u + 1 < G_N_ELEMENTS(units) && v >= div * 1024)
        div *= 1024, u++;
    if (v % div == 0)
        snprintf(buf, n, "%" PRIu64 " %s", v / div, units[u]);
    else
        snprintf(buf, n, "%.1f %s", (double)v / (double)div, units[u]);
}

static void human_freq(uint64_t hz, char *buf, size_t n)
{
    if (hz >= 1000000000 && hz % 1000000 == 0)
        snprintf(buf, n, "%g GHz", (double)hz / 1e9);
    else if (hz >= 1000000 && hz % 1000 == 0)
        snprintf(buf, n, "%g MHz", (double)hz / 1e6);
    else
        snprintf(buf, n, "%" PRIu64 " Hz", hz);
}

static GArray *collect(const vp_platform *p)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(row));
    for (guint i = 0; i < p->mems->len; i++) {
        const pf_mem *m = g_ptr_array_index(p->mems, i);
        row r = {m->base, m->size, m->rom ? "rom" : "ram", m->name, m->image ? m->image : "-", true, false};
        g_array_append_val(rows, r);
    }
    for (guint i = 0; i < p->devs->len; i++) {
        const pf_dev *d = g_ptr_array_index(p->devs, i);
        if (!d->has_base)
            continue;
        row r = {d->base, d->size, "device", d->name, d->type, d->has_size || d->created, d->sc};
        g_array_append_val(rows, r);
    }
    if (p->htif) {
        row r = {p->htif_tohost, 8, "htif", "tohost", "ELF symbol", true, false};
        g_array_append_val(rows, r);
    }
    g_array_sort(rows, cmp_row);
    return rows;
}

static void print_map(const vp_platform *p, FILE *out)
{
    GArray *rows = collect(p);
    int aw = vp__platform_xlen(p) == 64 ? 18 : 10;
    size_t nw = 4;
    for (guint i = 0; i < rows->len; i++)
        nw = MAX(nw, strlen(g_array_index(rows, row, i).name));
    fprintf(out, "memory map:\n  %-*s  %-*s  %10s  %-6s  %-*s  %s\n", aw, "START", aw, "END", "SIZE", "KIND", (int)nw,
            "NAME", "TYPE");
    for (guint i = 0; i < rows->len; i++) {
        const row *r = &g_array_index(rows, row, i);
        char size[32], end[32];
        if (r->size_known && r->size) {
            human_size(r->size, size, sizeof(size));
            snprintf(end, sizeof(end), "0x%0*" PRIx64, aw - 2, r->base + r->size - 1);
        } else {
            snprintf(size, sizeof(size), "default");
            snprintf(end, sizeof(end), "%s", "?");
        }
        fprintf(out, "  0x%0*" PRIx64 "  %-*s  %10s  %-6s  %-*s  %s%s\n", aw - 2, r->base, aw, end, size, r->kind,
                (int)nw, r->name, r->type, r->sc ? " [systemc]" : "");
    }
    g_array_unref(rows);
}

static void print_end(const pf_end *e, char *buf, size_t n)
{
    if (e->has_index)
        snprintf(buf, n, "%s.%s[%u]", e->dev, e->port, e->index);
    else
        snprintf(buf, n, "%s.%s", e->dev, e->port);
}

void vp_platform_print(const vp_platform *p, FILE *out)
{
    char freq[32], q[32];
    human_freq(p->freq_hz, freq, sizeof(freq));
    snprintf(q, sizeof(q), "%" PRIu64 " us", p->quantum / VP_US);
    if (p->quantum % VP_US)
        snprintf(q, sizeof(q), "%" PRIu64 " ns", p->quantum / VP_NS);
    fprintf(out, "platform %s%s%s\n", p->name, p->description[0] ? " - " : "", p->description);
    char harts[32] = "hart0";
    if (p->cpu_count > 1)
        snprintf(harts, sizeof(harts), "hart0..hart%u", p->cpu_count - 1);
    fprintf(out, "cpus: %u x %s @ %s (%s), reset 0x%" PRIx64, p->cpu_count, p->isa, freq, harts, p->reset_pc);
    if (p->has_mtime)
        fprintf(out, ", mtime at 0x%" PRIx64, p->mtime);
    fprintf(out, "\nsync: quantum %s\n\n", q);
    print_map(p, out);
    fprintf(out, "\nirqs:%s\n", p->irqs->len ? "" : " (none)");
    size_t w = 0;
    char a[160], b[160];
    for (guint i = 0; i < p->irqs->len; i++) {
        const pf_irq *r = g_ptr_array_index(p->irqs, i);
        print_end(&r->src, a, sizeof(a));
        w = MAX(w, strlen(a));
    }
    for (guint i = 0; i < p->irqs->len; i++) {
        const pf_irq *r = g_ptr_array_index(p->irqs, i);
        print_end(&r->src, a, sizeof(a));
        print_end(&r->dst, b, sizeof(b));
        fprintf(out, "  %-*s -> %s\n", (int)w, a, b);
    }
}
