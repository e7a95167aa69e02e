/* SPDX-License-Identifier: Apache-2.0 */
/* router.c - the address router: maps address ranges onto C TLM targets.
 *
 * Regions may overlap only with different priorities; the router keeps a
 * flattened, sorted list of segments, each owned by the highest-priority
 * region covering it. Lookup is a binary search with a last-hit cache
 * (one unsigned compare on the hot path).
 * DMI grants are translated back into router space and clipped to the
 * segment, so a region mapped on top of RAM (an HTIF word) is never
 * bypassed through a host pointer.
 * Each region counts what it served (tlmc_router_stats): a few adds on the
 * routed path, next to the target call they count. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vpbridge/tlmc.h>

/* What one region served (tlmc_router_stats). calls/bytes are indexed by
 * the command's low two bits (one AND keeps any value in range):
 * [TLMC_READ], [TLMC_WRITE], [TLMC_IGNORE] and [3] are kept, the last two
 * not reported. */
typedef struct counts {
    uint64_t calls[4];
    uint64_t bytes[4];
    uint64_t errors;
    uint64_t debug;
    uint64_t dmi_grants;
    vp_time delay;
} counts;

typedef struct region {
    uint64_t base, last; /* inclusive */
    int priority;
    tlmc_target *target;
    struct tlmc_router *router;
    counts n;
    bool warned; /* the target broke the protocol (bad_response, bad_dbg) and was reported */
} region;

typedef struct segment {
    uint64_t start, last; /* inclusive */
    uint64_t span;        /* last - start: one unsigned compare tests membership */
    uint64_t base;        /* reg->base, the rebase for the target */
    tlmc_target *target;  /* reg->target */
    region *reg;
} segment;

typedef struct listener {
    tlmc_invalidate_fn fn;
    void *opaque;
} listener;

struct tlmc_router {
    char *name;
    region **regions;
    size_t n_regions;
    segment *segs;
    size_t n_segs;
    const segment *hit; /* last segment found (NULL after a rebuild) */
    listener *listeners;
    size_t n_listeners;
    tlmc_target face;
    /* The target whose b_transport runs now (innermost), for a watchdog
     * on another thread: relaxed stores, a plain move on common hosts. */
    _Atomic(const tlmc_target *) busy;
};

#if defined(__GNUC__)
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define LIKELY(x) (x)
#define UNLIKELY(x) (x)
#endif

/* Binary search; remembers the segment found for the next access. */
static const segment *lookup_slow(tlmc_router *r, uint64_t addr)
{
    size_t lo = 0, hi = r->n_segs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const segment *s = &r->segs[mid];
        if (addr < s->start)
            hi = mid;
        else if (addr > s->last)
            lo = mid + 1;
        else
            return r->hit = s;
    }
    return NULL;
}

static inline const segment *lookup(tlmc_router *r, uint64_t addr)
{
    const segment *s = r->hit;
    if (LIKELY(s && addr - s->start <= s->span))
        return s;
    return lookup_slow(r, addr);
}

static const char *response_name(tlmc_response r)
{
    switch (r) {
    case TLMC_OK_RESPONSE: return "OK";
    case TLMC_INCOMPLETE_RESPONSE: return "INCOMPLETE";
    case TLMC_GENERIC_ERROR_RESPONSE: return "GENERIC_ERROR";
    case TLMC_ADDRESS_ERROR_RESPONSE: return "ADDRESS_ERROR";
    case TLMC_COMMAND_ERROR_RESPONSE: return "COMMAND_ERROR";
    case TLMC_BURST_ERROR_RESPONSE: return "BURST_ERROR";
    case TLMC_BYTE_ENABLE_ERROR_RESPONSE: return "BYTE_ENABLE_ERROR";
    }
    return "?";
}

/* --trace tlm: one line per routed transaction, after the target answered:
 * "tlm: ROUTER: initiator I -> TARGET: write 0xADDR [SIZE] = DATA: RESPONSE,
 * delay D ps" (data: the value, little-endian, up to 8 bytes; longer
 * transfers show their first 8 bytes then "..."). `kind` is "" or "dbg ". */
static void log_tlm(const tlmc_router *r, const tlmc_target *t, const char *kind, const tlmc_payload *p,
                    const vp_time *delay)
{
    char data[40] = "";
    if (p->command != TLMC_IGNORE && p->data && p->length) {
        uint32_t n = p->length < 8 ? p->length : 8;
        size_t at = (size_t)snprintf(data, sizeof data, " = 0x");
        for (uint32_t i = n; i-- > 0 && at + 3 < sizeof data;)
            at += (size_t)snprintf(data + at, sizeof data - at, "%02x", p->data[i]);
        if (p->length > 8)
            snprintf(data + at, sizeof data - at, "...");
    }
    static const char *const cmd[] = {"read", "write", "ignore"};
    char dl[32] = "";
    if (delay)
        snprintf(dl, sizeof dl, ", delay %llu ps", (unsigned long long)*delay);
    vp_log_msg(VP_LOG_TLM, VP_LVL_INFO, "tlm: %s: initiator %u -> %s: %s%s 0x%llx [%u]%s: %s%s", r->name,
               (unsigned)p->initiator_id, t && t->name ? t->name : "(nothing)", kind,
               cmd[p->command <= TLMC_IGNORE ? p->command : TLMC_IGNORE], (unsigned long long)p->address,
               (unsigned)p->length, data, response_name(p->response), dl);
}

/* Counts a b_transport the router answers itself with an error. */
static void count_refused(region *g, const tlmc_payload *p)
{
    unsigned c = (unsigned)p->command & 3;
    g->n.calls[c]++;
    g->n.bytes[c] += p->length;
    g->n.errors++;
}

/* A response that is neither OK nor an error the enum names: the target
 * never set it (still INCOMPLETE) or wrote garbage. The access becomes a
 * bus error (GENERIC_ERROR: a guest access fault); the first time, one
 * warning names the target. Off the hot path: only after a non-OK answer. */
static void bad_response(tlmc_router *r, region *g, tlmc_payload *p)
{
    int got = (int)p->response;
    p->response = TLMC_GENERIC_ERROR_RESPONSE;
    if (g->warned)
        return;
    g->warned = true;
    char how[64];
    if (got == TLMC_INCOMPLETE_RESPONSE)
        snprintf(how, sizeof how, "without setting a response (still INCOMPLETE)");
    else
        snprintf(how, sizeof how, "with response %d, which is not a tlmc_response", got);
    static const char *const cmd[] = {"read", "write", "ignore", "command 3"};
    vp_log_msg(VP_LOG_TLM, VP_LVL_WARN,
               "%s: warning: target '%s' answered a %s at 0x%llx [%u] %s: the access ends as a bus error; later bad "
               "answers of '%s' are not reported",
               r->name, g->target->name ? g->target->name : "?", cmd[(unsigned)p->command & 3],
               (unsigned long long)p->address, (unsigned)p->length, how, g->target->name ? g->target->name : "?");
}

/* The hot path of every routed access (a hart's MMIO): last-hit compare,
 * bounds, rebase, and the target's op called directly (the same NULL-op
 * rule as tlmc_b_transport, without the extra call). The region's counts
 * cost a few adds around the call. A NULL `delay` reaches the target as a
 * pointer to 0. */
static void router_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    if (UNLIKELY(!delay)) {
        vp_time none = 0;
        router_b_transport(opaque, p, &none);
        return;
    }
    tlmc_router *r = opaque;
    uint64_t addr = p->address;
    const segment *s = lookup(r, addr);
    uint32_t len = p->length;
    if (!s || len == 0 || len - 1 > s->last - addr) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        if (s) /* decoded, but runs past the mapping's end (or is empty) */
            count_refused(s->reg, p);
        if (vp_log_enabled(VP_LOG_TLM))
            log_tlm(r, NULL, "", p, delay);
        return;
    }
    tlmc_target *t = s->target;
    const tlmc_target_ops *ops = t->ops;
    if (!ops || !ops->b_transport) {
        p->response = TLMC_COMMAND_ERROR_RESPONSE;
        count_refused(s->reg, p);
        if (vp_log_enabled(VP_LOG_TLM))
            log_tlm(r, t, "", p, delay);
        return;
    }
    region *g = s->reg; /* regions stay put; segments move if the target maps a region meanwhile */
    unsigned c = (unsigned)p->command & 3;
    g->n.calls[c]++;
    g->n.bytes[c] += len;
    vp_time before = *delay;
    const tlmc_target *outer = atomic_load_explicit(&r->busy, memory_order_relaxed);
    atomic_store_explicit(&r->busy, t, memory_order_relaxed);
    p->address = addr - s->base;
    ops->b_transport(t->opaque, p, delay);
    p->address = addr;
    atomic_store_explicit(&r->busy, outer, memory_order_relaxed);
    g->n.delay += *delay - before;
    if (UNLIKELY(p->response != TLMC_OK_RESPONSE)) {
        g->n.errors++;
        if ((int)p->response >= TLMC_INCOMPLETE_RESPONSE || (int)p->response < TLMC_BYTE_ENABLE_ERROR_RESPONSE)
            bad_response(r, g, p);
    }
    if (vp_log_enabled(VP_LOG_TLM))
        log_tlm(r, t, "", p, delay);
}

/* A debug transport that claims more bytes than asked for: nothing it
 * says can be trusted, so it counts as 0 bytes; reported once. */
static uint32_t bad_dbg(tlmc_router *r, region *g, const tlmc_payload *p, uint32_t n)
{
    if (!g->warned) {
        g->warned = true;
        vp_log_msg(VP_LOG_TLM, VP_LVL_WARN,
                   "%s: warning: target '%s' answered a debug access of %u bytes with %u bytes transferred: "
                   "counted as 0; later bad answers of '%s' are not reported",
                   r->name, g->target->name ? g->target->name : "?", (unsigned)p->length, (unsigned)n,
                   g->target->name ? g->target->name : "?");
    }
    return 0;
}

/* Debug transport may span several segments (an ELF segment over an HTIF word). */
static uint32_t router_transport_dbg(void *opaque, tlmc_payload *p)
{
    tlmc_router *r = opaque;
    uint64_t addr = p->address;
    uint8_t *data = p->data;
    uint32_t len = p->length, done = 0;
    while (done < len) {
        uint64_t a = addr + done;
        const segment *s = lookup(r, a);
        if (!s)
            break;
        uint64_t room = s->last - a;
        uint32_t chunk = (room >= (uint64_t)(len - done - 1)) ? len - done : (uint32_t)(room + 1);
        p->address = a - s->reg->base;
        p->data = data + done;
        p->length = chunk;
        s->reg->n.debug++;
        uint32_t n = tlmc_transport_dbg(s->reg->target, p);
        if (UNLIKELY(n > chunk))
            n = bad_dbg(r, s->reg, p, n);
        if (vp_log_enabled(VP_LOG_TLM)) {
            p->address = a;
            log_tlm(r, s->reg->target, "dbg ", p, NULL);
        }
        done += n;
        if (n < chunk)
            break;
    }
    p->address = addr;
    p->data = data;
    p->length = len;
    p->response = done == len ? TLMC_OK_RESPONSE : TLMC_ADDRESS_ERROR_RESPONSE;
    return done;
}

static bool router_get_dmi(void *opaque, tlmc_payload *p, tlmc_dmi *dmi)
{
    tlmc_router *r = opaque;
    uint64_t addr = p->address;
    const segment *s = lookup(r, addr);
    if (!s) {
        dmi->ptr = NULL;
        dmi->start = addr;
        dmi->end = addr;
        dmi->access = 0;
        return false;
    }
    uint64_t base = s->reg->base;
    p->address = addr - base;
    memset(dmi, 0, sizeof(*dmi));
    dmi->end = UINT64_MAX;
    bool ok = tlmc_get_direct_mem_ptr(s->reg->target, p, dmi);
    p->address = addr;
    /* Translate to router space (saturating), then clip to the segment. */
    uint64_t start = dmi->start + base < dmi->start ? UINT64_MAX : dmi->start + base;
    uint64_t end = dmi->end + base < dmi->end ? UINT64_MAX : dmi->end + base;
    if (start < s->start) {
        if (ok && dmi->ptr)
            dmi->ptr += s->start - start;
        start = s->start;
    }
    if (end > s->last)
        end = s->last;
    if (start > addr || end < addr) {
        /* The target answered for a range not containing addr: deny it. */
        start = end = addr;
        ok = false;
    }
    dmi->start = start;
    dmi->end = end;
    if (!ok)
        dmi->ptr = NULL;
    else
        s->reg->n.dmi_grants++;
    return ok;
}

static void broadcast_invalidate(tlmc_router *r, uint64_t start, uint64_t end)
{
    for (size_t i = 0; i < r->n_listeners; i++)
        r->listeners[i].fn(r->listeners[i].opaque, start, end);
    tlmc_target_invalidate_dmi(&r->face, start, end);
}

static void region_invalidate(void *bw_opaque, uint64_t start, uint64_t end)
{
    region *reg = bw_opaque;
    uint64_t size_last = reg->last - reg->base;
    if (start > size_last)
        return;
    if (end > size_last)
        end = size_last;
    broadcast_invalidate(reg->router, reg->base + start, reg->base + end);
}

static const tlmc_target_ops router_ops = {
    .size = sizeof(tlmc_target_ops),
    .abi = TLMC_ABI,
    .b_transport = router_b_transport,
    .transport_dbg = router_transport_dbg,
    .get_direct_mem_ptr = router_get_dmi,
};

tlmc_router *tlmc_router_create(const char *name)
{
    tlmc_router *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->name = strdup(name ? name : "router");
    if (!r->name) {
        free(r);
        return NULL;
    }
    r->face.ops = &router_ops;
    r->face.opaque = r;
    r->face.name = r->name;
    return r;
}

void tlmc_router_destroy(tlmc_router *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_regions; i++)
        free(r->regions[i]);
    free(r->regions);
    free(r->segs);
    free(r->listeners);
    free(r->name);
    free(r);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Recomputes the flattened segment list from the regions. */
static int rebuild_segments(tlmc_router *r)
{
    size_t nb = 0;
    uint64_t *bounds = malloc(sizeof(uint64_t) * (2 * r->n_regions + 1));
    if (!bounds)
        return VP_ENOMEM;
    for (size_t i = 0; i < r->n_regions; i++) {
        bounds[nb++] = r->regions[i]->base;
        if (r->regions[i]->last != UINT64_MAX)
            bounds[nb++] = r->regions[i]->last + 1;
    }
    qsort(bounds, nb, sizeof(uint64_t), cmp_u64);
    segment *segs = malloc(sizeof(segment) * (nb ? nb : 1));
    if (!segs) {
        free(bounds);
        return VP_ENOMEM;
    }
    size_t ns = 0;
    for (size_t i = 0; i < nb; i++) {
        if (i > 0 && bounds[i] == bounds[i - 1])
            continue;
        uint64_t start = bounds[i];
        size_t j = i + 1;
        while (j < nb && bounds[j] == start)
            j++;
        uint64_t last = j < nb ? bounds[j] - 1 : UINT64_MAX;
        region *best = NULL;
        for (size_t k = 0; k < r->n_regions; k++) {
            region *g = r->regions[k];
            if (g->base <= start && g->last >= start && (!best || g->priority > best->priority))
                best = g;
        }
        if (!best)
            continue;
        if (ns && segs[ns - 1].reg == best && segs[ns - 1].last + 1 == start)
            segs[ns - 1].last = last;
        else
            segs[ns++] = (segment){start, last, 0, best->base, best->target, best};
    }
    free(bounds);
    for (size_t i = 0; i < ns; i++)
        segs[i].span = segs[i].last - segs[i].start;
    free(r->segs);
    r->segs = segs;
    r->n_segs = ns;
    r->hit = NULL;
    return 0;
}

int tlmc_router_map(tlmc_router *r, uint64_t base, uint64_t size, tlmc_target *t, int priority, vp_error **errp)
{
    const char *tname = t && t->name ? t->name : "?";
    if (!t || size == 0 || base + (size - 1) < base) {
        vp_error_set(errp, VP_EINVAL, "region '%s' at 0x%llx: size 0x%llx is empty or wraps around", tname,
                     (unsigned long long)base, (unsigned long long)size);
        return VP_EINVAL;
    }
    uint64_t last = base + (size - 1);
    for (size_t i = 0; i < r->n_regions; i++) {
        region *g = r->regions[i];
        if (g->priority == priority && base <= g->last && g->base <= last) {
            vp_error_set(errp, VP_EEXIST, "region '%s' [0x%llx..0x%llx] overlaps '%s' [0x%llx..0x%llx]", tname,
                         (unsigned long long)base, (unsigned long long)last,
                         g->target->name ? g->target->name : "?", (unsigned long long)g->base,
                         (unsigned long long)g->last);
            return VP_EEXIST;
        }
    }
    region **regs = realloc(r->regions, sizeof(region *) * (r->n_regions + 1));
    if (!regs)
        return VP_ENOMEM;
    r->regions = regs;
    region *g = calloc(1, sizeof(*g));
    if (!g)
        return VP_ENOMEM;
    *g = (region){base, last, priority, t, r, {{0}, {0}, 0, 0, 0, 0}, false};
    r->regions[r->n_regions++] = g;
    int rc = rebuild_segments(r);
    if (rc) {
        free(r->regions[--r->n_regions]);
        return rc;
    }
    t->invalidate = region_invalidate;
    t->bw_opaque = g;
    /* Anything previously granted under the new region is now shadowed. */
    broadcast_invalidate(r, base, last);
    return 0;
}

tlmc_target *tlmc_router_target(tlmc_router *r) { return &r->face; }

const char *tlmc_router_busy_target(tlmc_router *r)
{
    const tlmc_target *t = atomic_load_explicit(&r->busy, memory_order_relaxed);
    return t ? (t->name ? t->name : "?") : NULL;
}

int tlmc_router_add_invalidate_listener(tlmc_router *r, tlmc_invalidate_fn fn, void *opaque)
{
    listener *l = realloc(r->listeners, sizeof(listener) * (r->n_listeners + 1));
    if (!l)
        return VP_ENOMEM;
    r->listeners = l;
    r->listeners[r->n_listeners++] = (listener){fn, opaque};
    return 0;
}

/* Region `index` in address order (then by priority), as `vpbridge check`
 * lists them; NULL past the end or without memory. Regions are few: a
 * selection pass over a copy is fine. */
static const region *region_in_order(const tlmc_router *r, size_t index)
{
    if (index >= r->n_regions)
        return NULL;
    const region **sorted = malloc(sizeof(region *) * r->n_regions);
    if (!sorted)
        return NULL;
    for (size_t i = 0; i < r->n_regions; i++)
        sorted[i] = r->regions[i];
    for (size_t i = 1; i < r->n_regions; i++) {
        const region *k = sorted[i];
        size_t j = i;
        while (j > 0 && (sorted[j - 1]->base > k->base ||
                         (sorted[j - 1]->base == k->base && sorted[j - 1]->priority > k->priority))) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = k;
    }
    const region *g = sorted[index];
    free(sorted);
    return g;
}

bool tlmc_router_region_at(const tlmc_router *r, size_t index, tlmc_router_region *out)
{
    const region *g = region_in_order(r, index);
    if (!g)
        return false;
    out->base = g->base;
    out->size = g->last - g->base + 1;
    out->priority = g->priority;
    out->target = g->target;
    return true;
}

bool tlmc_router_stats_at(const tlmc_router *r, size_t index, tlmc_router_stats *out)
{
    const region *g = region_in_order(r, index);
    if (!g)
        return false;
    tlmc_router_stats st = {
        .size = 0,
        .abi = TLMC_ABI,
        .base = g->base,
        .end = g->last,
        .priority = g->priority,
        .target = g->target,
        .name = g->target->name ? g->target->name : "?",
        .reads = g->n.calls[TLMC_READ],
        .writes = g->n.calls[TLMC_WRITE],
        .bytes_read = g->n.bytes[TLMC_READ],
        .bytes_written = g->n.bytes[TLMC_WRITE],
        .errors = g->n.errors,
        .debug = g->n.debug,
        .dmi_grants = g->n.dmi_grants,
        .delay = g->n.delay,
    };
    size_t n = out->size < sizeof(st) ? out->size : sizeof(st);
    st.size = (uint32_t)n;
    memcpy(out, &st, n);
    return true;
}
