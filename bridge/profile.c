/* SPDX-License-Identifier: Apache-2.0 */
/* profile.c - the guest profiler's reports (profile.h). Each hart calls
 * sample() every `period` instructions with the pc and its shadow call
 * stack (vp_cpu_set_profile); the frames are named here after the
 * function symbols of the images, and counted per hart: samples whose pc
 * is in a function (self), samples with the function anywhere on the
 * stack (total), and whole stacks (folded: "main;walk;leaf 42"). */
#include "profile.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_int.h"
#include "file_int.h"

#define TOP_N 30

typedef struct sym {
    uint64_t start, end; /* [start, end); end = start when the symbol has no size */
    char *name;
} sym;

/* A stack as frame ids (see frame_id), outermost first, the last one the
 * pc's; counted per distinct stack. Names are made only for the report. */
typedef struct stack_key {
    uint32_t n;
    uint32_t id[];
} stack_key;

typedef struct hart_prof {
    struct vp_profile *p;
    unsigned index;
    uint64_t samples;
    GHashTable *stacks; /* stack_key * -> uint64_t * count */
} hart_prof;

struct vp_profile {
    uint64_t period;
    GArray *syms; /* sym, sorted by start once sorted is true */
    bool sorted;
    GPtrArray *images;  /* char *: "path: N functions" or "path: not an ELF, no symbols" */
    hart_prof *harts;
    unsigned n_harts;
    GHashTable *unknown; /* address (outside every symbol) -> its frame id */
    GPtrArray *unknown_at; /* frame id - n_syms - 1 -> its address text */
};

static guint key_hash(gconstpointer k)
{
    const stack_key *s = k;
    guint h = 2166136261u;
    for (uint32_t i = 0; i < s->n; i++)
        h = (h ^ s->id[i]) * 16777619u;
    return h;
}

static gboolean key_equal(gconstpointer a, gconstpointer b)
{
    const stack_key *x = a, *y = b;
    return x->n == y->n && !memcmp(x->id, y->id, x->n * sizeof(uint32_t));
}

vp_profile *vp_profile_new(unsigned harts, uint64_t period)
{
    vp_profile *p = g_new0(vp_profile, 1);
    p->period = period;
    p->syms = g_array_new(FALSE, FALSE, sizeof(sym));
    p->images = g_ptr_array_new_with_free_func(g_free);
    p->n_harts = harts;
    p->harts = g_new0(hart_prof, harts);
    for (unsigned i = 0; i < harts; i++) {
        hart_prof *h = &p->harts[i];
        h->p = p;
        h->index = i;
        h->stacks = g_hash_table_new_full(key_hash, key_equal, g_free, g_free);
    }
    p->unknown = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    p->unknown_at = g_ptr_array_new_with_free_func(g_free);
    return p;
}

void vp_profile_free(vp_profile *p)
{
    if (!p)
        return;
    for (guint i = 0; i < p->syms->len; i++)
        g_free(g_array_index(p->syms, sym, i).name);
    g_array_free(p->syms, TRUE);
    g_ptr_array_unref(p->images);
    for (unsigned i = 0; i < p->n_harts; i++) {
        g_hash_table_destroy(p->harts[i].stacks);
    }
    g_free(p->harts);
    g_hash_table_destroy(p->unknown);
    g_ptr_array_unref(p->unknown_at);
    g_free(p);
}

typedef struct add_ctx {
    vp_profile *p;
    unsigned n;
} add_ctx;

static void add_function(void *opaque, const char *name, uint64_t value, uint64_t size)
{
    add_ctx *a = opaque;
    if (!*name)
        return;
    sym s = {value, value + size, g_strdup(name)};
    g_array_append_val(a->p->syms, s);
    a->n++;
}

int vp_profile_add_symbols(vp_profile *p, const char *path, vp_error **errp)
{
    gchar *data = NULL;
    gsize size = 0;
    GError *ge = NULL;
    if (!g_file_get_contents(path, &data, &size, &ge)) {
        vp_error_set(errp, VP_ENOENT, "--profile: %s: %s", path, ge->message);
        g_error_free(ge);
        return VP_ENOENT;
    }
    vp__elf e;
    add_ctx a = {p, 0};
    if (size >= 4 && !memcmp(data, "\177ELF", 4) && vp__elf_parse(&e, path, data, size, NULL) == 0 &&
        vp__elf_check_shdrs(&e, NULL) == 0) {
        vp__elf_functions(&e, add_function, &a);
        g_ptr_array_add(p->images, g_strdup_printf("%s: %u functions", path, a.n));
    } else {
        g_ptr_array_add(p->images, g_strdup_printf("%s: not an ELF, no symbols", path));
    }
    p->sorted = false;
    g_free(data);
    return 0;
}

static int by_start(gconstpointer a, gconstpointer b)
{
    const sym *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start ? 1 : strcmp(x->name, y->name);
}

/* The symbol holding `pc`: one whose [start, start + size) covers it
 * (among the few nearest below it: aliases, a function inside another),
 * else the nearest symbol below it that has no size (an assembly label
 * such as _start). Returns its index, or -1. */
static int64_t symbol_at(vp_profile *p, uint64_t pc)
{
    if (!p->sorted) {
        g_array_sort(p->syms, by_start);
        p->sorted = true;
    }
    guint lo = 0, hi = p->syms->len; /* lo: the first symbol starting above pc */
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(p->syms, sym, mid).start <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    for (guint i = lo, k = 0; i-- > 0 && k < 8; k++)
        if (g_array_index(p->syms, sym, i).end > pc)
            return i;
    const sym *near = &g_array_index(p->syms, sym, lo - 1);
    return near->end == near->start ? (int64_t)lo - 1 : -1;
}

/* A frame's id: its symbol's index; past the symbols, an address outside
 * every symbol (kept as its own frame, named by its hex address). */
static uint32_t frame_id(vp_profile *p, uint64_t pc)
{
    int64_t s = symbol_at(p, pc);
    if (s >= 0)
        return (uint32_t)s;
    gpointer id;
    if (g_hash_table_lookup_extended(p->unknown, &pc, NULL, &id))
        return GPOINTER_TO_UINT(id);
    uint32_t n = p->syms->len + p->unknown_at->len;
    g_ptr_array_add(p->unknown_at, g_strdup_printf("0x%llx", (unsigned long long)pc));
    g_hash_table_insert(p->unknown, g_memdup2(&pc, sizeof pc), GUINT_TO_POINTER(n));
    return n;
}

#define DEEPER_ID UINT32_MAX

static const char *frame_name(const vp_profile *p, uint32_t id)
{
    if (id == DEEPER_ID)
        return "[deeper]";
    if (id < p->syms->len)
        return g_array_index(p->syms, sym, id).name;
    return g_ptr_array_index(p->unknown_at, id - p->syms->len);
}

static void sample(void *opaque, vp_cpu *cpu, uint64_t pc, const uint64_t *stack, unsigned depth)
{
    hart_prof *h = opaque;
    vp_profile *p = h->p;
    (void)cpu;
    h->samples++;
    unsigned kept = depth < VP_CPU_PROFILE_DEPTH ? depth : VP_CPU_PROFILE_DEPTH;
    /* the key in place: n, then up to DEPTH frames, [deeper] and the leaf */
    uint32_t buf[1 + VP_CPU_PROFILE_DEPTH + 2];
    stack_key *key = (stack_key *)buf;
    key->n = 0;
    for (unsigned i = 0; i < kept; i++)
        key->id[key->n++] = frame_id(p, stack[i]);
    if (depth > kept)
        key->id[key->n++] = DEEPER_ID;
    uint32_t leaf = frame_id(p, pc);
    if (!key->n || key->id[key->n - 1] != leaf) /* the pc is normally in the innermost callee */
        key->id[key->n++] = leaf;
    uint64_t *count = g_hash_table_lookup(h->stacks, key);
    if (!count) {
        count = g_new0(uint64_t, 1);
        g_hash_table_insert(h->stacks, g_memdup2(key, sizeof(stack_key) + key->n * sizeof(uint32_t)), count);
    }
    (*count)++;
}

void vp_profile_attach(vp_profile *p, unsigned index, vp_cpu *cpu)
{
    if (index < p->n_harts)
        vp_cpu_set_profile(cpu, p->period, sample, &p->harts[index]);
}

typedef struct row {
    const char *name;
    uint64_t self, total;
} row;

static int by_self(gconstpointer a, gconstpointer b)
{
    const row *x = a, *y = b;
    if (x->self != y->self)
        return x->self > y->self ? -1 : 1;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int by_text(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One hart: its table into t, its folded stacks into fo. */
static void write_hart(const vp_profile *p, const hart_prof *h, GString *t, GString *fo)
{
    GHashTable *rows = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free); /* name -> row */
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, h->stacks);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const stack_key *key = k;
        uint64_t n = *(const uint64_t *)v;
        GString *line = g_string_new("");
        GHashTable *once = g_hash_table_new(g_str_hash, g_str_equal); /* total: once per stack */
        for (uint32_t i = 0; i < key->n; i++) {
            const char *name = frame_name(p, key->id[i]);
            g_string_append_printf(line, "%s%s", i ? ";" : "", name);
            row *r = g_hash_table_lookup(rows, name);
            if (!r) {
                r = g_new0(row, 1);
                r->name = name;
                g_hash_table_insert(rows, (gpointer)name, r);
            }
            if (g_hash_table_add(once, (gpointer)name))
                r->total += n;
            if (i + 1 == key->n)
                r->self += n;
        }
        g_hash_table_destroy(once);
        g_string_append_printf(line, " %llu", (unsigned long long)n);
        g_ptr_array_add(lines, g_string_free(line, FALSE));
    }
    GArray *sorted = g_array_new(FALSE, FALSE, sizeof(row));
    g_hash_table_iter_init(&it, rows);
    while (g_hash_table_iter_next(&it, NULL, &v))
        g_array_append_val(sorted, *(row *)v);
    g_array_sort(sorted, by_self);
    g_string_append_printf(t, "\nhart %u: %llu samples\n", h->index, (unsigned long long)h->samples);
    g_string_append(t, "| self % | total % | self samples | function |\n|---:|---:|---:|---|\n");
    double all = h->samples ? (double)h->samples : 1;
    for (guint i = 0; i < sorted->len && i < TOP_N; i++) {
        const row *r = &g_array_index(sorted, row, i);
        g_string_append_printf(t, "| %.2f | %.2f | %llu | %s |\n", 100.0 * (double)r->self / all,
                               100.0 * (double)r->total / all, (unsigned long long)r->self, r->name);
    }
    if (sorted->len > TOP_N)
        g_string_append_printf(t, "(%u more functions)\n", sorted->len - TOP_N);
    g_ptr_array_sort(lines, by_text);
    for (guint i = 0; i < lines->len; i++)
        g_string_append_printf(fo, "hart%u;%s\n", h->index, (const char *)g_ptr_array_index(lines, i));
    g_array_free(sorted, TRUE);
    g_ptr_array_unref(lines);
    g_hash_table_destroy(rows);
}

bool vp_profile_write(vp_profile *p, const char *path, vp_error **errp)
{
    GString *t = g_string_new(""), *fo = g_string_new("");
    g_string_append_printf(t, "# vpbridge guest profile: a sample every %llu instructions per hart (deterministic)\n",
                           (unsigned long long)p->period);
    for (guint i = 0; i < p->images->len; i++)
        g_string_append_printf(t, "# symbols: %s\n", (const char *)g_ptr_array_index(p->images, i));
    for (unsigned i = 0; i < p->n_harts; i++)
        write_hart(p, &p->harts[i], t, fo);
    char *folded = g_strdup_printf("%s.folded", path);
    vp_error *we = NULL;
    bool ok = vp_file_write(path, t->str, t->len, &we) == 0 && vp_file_write(folded, fo->str, fo->len, &we) == 0;
    if (!ok) {
        vp_error_set(errp, we->code, "--profile %s", we->msg);
        vp_error_free(we);
    }
    g_free(folded);
    g_string_free(t, TRUE);
    g_string_free(fo, TRUE);
    return ok;
}
