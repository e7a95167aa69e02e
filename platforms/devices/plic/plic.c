/* SPDX-License-Identifier: Apache-2.0 */
/* plic.c - SiFive PLIC device module (QEMU virt layout): level-triggered
 * gateways, per-source priority, two contexts per hart (M and S mode) with
 * enable bits, threshold and claim/complete; meip/seip outputs. */
#include <stdlib.h>
#include <string.h>

#include <vpbridge/vp_device.h>

#define PRIORITY_BASE 0x0u
#define PENDING_BASE 0x1000u
#define ENABLE_BASE 0x2000u
#define ENABLE_STRIDE 0x80u
#define CONTEXT_BASE 0x200000u
#define CONTEXT_STRIDE 0x1000u
#define MAX_SOURCES 1023u
#define MAX_CONTEXTS ((CONTEXT_BASE - ENABLE_BASE) / ENABLE_STRIDE)

enum { PORT_SRC = 0, PORT_MEIP = 1, PORT_SEIP = 2 };

typedef struct plic {
    const vp_device_ctx *ctx;
    const vp_host_api *api;
    uint32_t nsrc;       /* sources 1..nsrc (0 is reserved) */
    uint32_t nprio;      /* highest priority value */
    uint32_t prio_mask;  /* implemented priority bits */
    uint32_t words;      /* 32-bit words of a source bitmap */
    uint32_t harts, nctx;
    uint32_t *prio;      /* [nsrc + 1] */
    uint32_t *pending;   /* bitmaps, [words] */
    uint32_t *claimed;
    uint32_t *level;
    uint32_t *enable;    /* [nctx * words] */
    uint32_t *threshold; /* [nctx] */
    tlmc_signal *meip, *seip; /* [harts] */
} plic;

#define GUEST_ERR(s, fmt, ...)                                                                     \
    (s)->api->log((s)->ctx, VP_LOG_GUEST_ERROR, VP_LVL_WARN, fmt, __VA_ARGS__)

static bool bit_get(const uint32_t *map, uint32_t i) { return (map[i / 32] >> (i % 32)) & 1; }

static void bit_put(uint32_t *map, uint32_t i, bool v)
{
    if (v)
        map[i / 32] |= 1u << (i % 32);
    else
        map[i / 32] &= ~(1u << (i % 32));
}

static const uint32_t *ctx_enable(const plic *s, uint32_t c) { return &s->enable[(size_t)c * s->words]; }

/* ---- core logic ---------------------------------------------------------------- */

/* Highest-priority pending, enabled source above the threshold of context
 * c (ties: lowest id), or 0. */
static uint32_t best_source(const plic *s, uint32_t c)
{
    const uint32_t *en = ctx_enable(s, c);
    uint32_t best = 0, best_prio = s->threshold[c];
    for (uint32_t w = 0; w < s->words; w++) {
        uint32_t cand = s->pending[w] & en[w];
        while (cand) {
            uint32_t id = w * 32 + (uint32_t)__builtin_ctz(cand);
            cand &= cand - 1;
            if (s->prio[id] > best_prio) {
                best = id;
                best_prio = s->prio[id];
            }
        }
    }
    return best;
}

static void update_outputs(plic *s, bool force)
{
    for (uint32_t c = 0; c < s->nctx; c++) {
        tlmc_signal *sig = (c & 1) ? &s->seip[c / 2] : &s->meip[c / 2];
        bool level = best_source(s, c) != 0;
        if (force || sig->level != level)
            tlmc_signal_set(sig, level);
    }
}

static uint32_t claim(plic *s, uint32_t c)
{
    uint32_t id = best_source(s, c);
    if (id) {
        bit_put(s->pending, id, false);
        bit_put(s->claimed, id, true);
        update_outputs(s, false);
    }
    return id;
}

static void complete(plic *s, uint32_t c, uint32_t id)
{
    if (id == 0 || id > s->nsrc || !bit_get(ctx_enable(s, c), id)) {
        GUEST_ERR(s, "context %u: completion of source %u ignored (invalid or not enabled)", c, id);
        return;
    }
    if (!bit_get(s->claimed, id))
        GUEST_ERR(s, "context %u: completion of source %u that was not claimed", c, id);
    bit_put(s->claimed, id, false);
    bit_put(s->pending, id, bit_get(s->level, id)); /* gateway re-armed */
    update_outputs(s, false);
}

/* WARL priority / threshold: keep the old value for out-of-range writes. */
static void write_prio(const plic *s, uint32_t *reg, uint32_t v)
{
    v &= s->prio_mask;
    if (v <= s->nprio)
        *reg = v;
}

/* Implemented bits of bitmap word w: no source 0, none above nsrc. */
static uint32_t word_valid(const plic *s, uint32_t w)
{
    uint32_t valid = ~0u;
    if (w == 0)
        valid &= ~1u; /* source 0 does not exist */
    if (w == s->words - 1 && (s->nsrc + 1) % 32)
        valid &= (1u << ((s->nsrc + 1) % 32)) - 1;
    return valid;
}

/* ---- register map ---------------------------------------------------------------- */

static bool ctx_regs(plic *s, bool wr, uint32_t off, uint32_t *v, bool side_effects)
{
    uint32_t c = (off - CONTEXT_BASE) / CONTEXT_STRIDE, reg = (off - CONTEXT_BASE) % CONTEXT_STRIDE;
    if (c >= s->nctx || reg > 4)
        return false;
    if (reg == 0) {
        if (wr) {
            write_prio(s, &s->threshold[c], *v);
            update_outputs(s, false);
        } else {
            *v = s->threshold[c];
        }
    } else if (wr) {
        complete(s, c, *v);
    } else {
        *v = side_effects ? claim(s, c) : best_source(s, c);
    }
    return true;
}

/* Performs a 32-bit register access; false if `off` hits no register. */
static bool reg_access(plic *s, bool wr, uint64_t off64, uint32_t *v, bool side_effects)
{
    if (off64 >= CONTEXT_BASE + (uint64_t)CONTEXT_STRIDE * s->nctx)
        return false;
    uint32_t off = (uint32_t)off64;
    if (off < PENDING_BASE) {
        uint32_t id = (off - PRIORITY_BASE) / 4;
        if (id > s->nsrc)
            return false;
        if (!wr)
            *v = s->prio[id];
        else if (id != 0) {
            write_prio(s, &s->prio[id], *v);
            update_outputs(s, false);
        }
        return true;
    }
    if (off < ENABLE_BASE) {
        uint32_t w = (off - PENDING_BASE) / 4;
        if (w >= s->words)
            return false;
        if (wr)
            GUEST_ERR(s, "write 0x%x to read-only pending word %u ignored", *v, w);
        else
            *v = s->pending[w];
        return true;
    }
    if (off < CONTEXT_BASE) {
        uint32_t c = (off - ENABLE_BASE) / ENABLE_STRIDE, w = ((off - ENABLE_BASE) % ENABLE_STRIDE) / 4;
        if (c >= s->nctx || w >= s->words)
            return false;
        uint32_t *en = &s->enable[(size_t)c * s->words + w];
        if (!wr) {
            *v = *en;
            return true;
        }
        *en = *v & word_valid(s, w);
        update_outputs(s, false);
        return true;
    }
    return ctx_regs(s, wr, off, v, side_effects);
}

static void plic_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    plic *s = opaque;
    (void)delay;
    tlmc_response r = vp_dev_check(p, 4, 4);
    if (r != TLMC_OK_RESPONSE) {
        GUEST_ERR(s, "invalid %u-byte %s at offset 0x%llx", p->length, vp_dev_cmd_str(p),
                  (unsigned long long)p->address);
        p->response = r;
        return;
    }
    bool wr = p->command == TLMC_WRITE;
    uint32_t v = wr ? (uint32_t)vp_dev_get_le(p->data, 4) : 0;
    if (!reg_access(s, wr, p->address, &v, true)) {
        GUEST_ERR(s, "%s of unimplemented register at offset 0x%llx", vp_dev_cmd_str(p),
                  (unsigned long long)p->address);
        v = 0;
    }
    if (!wr)
        vp_dev_put_le(p->data, 4, v);
    p->response = TLMC_OK_RESPONSE;
}

/* Debug reads: no side effects (a claim register shows the candidate). */
static uint32_t plic_transport_dbg(void *opaque, tlmc_payload *p)
{
    plic *s = opaque;
    uint32_t v = 0;
    if (p->command != TLMC_READ || vp_dev_check(p, 4, 4) != TLMC_OK_RESPONSE)
        return 0;
    if (!reg_access(s, false, p->address, &v, false))
        v = 0;
    vp_dev_put_le(p->data, 4, v);
    return 4;
}

static const tlmc_target_ops plic_ops = {
    .size = sizeof(tlmc_target_ops),
    .abi = TLMC_ABI,
    .b_transport = plic_b_transport,
    .transport_dbg = plic_transport_dbg,
};

/* ---- ports and lifecycle ----------------------------------------------------------- */

static void plic_signal_in(void *opaque, uint32_t port, uint32_t index, bool level)
{
    plic *s = opaque;
    if (port != PORT_SRC || index == 0 || index > s->nsrc) {
        s->api->log(s->ctx, VP_LOG_INT, VP_LVL_WARN, "input %u/%u does not exist", port,
                    index);
        return;
    }
    bit_put(s->level, index, level);
    if (!bit_get(s->claimed, index))
        bit_put(s->pending, index, level);
    update_outputs(s, false);
}

static void plic_reset(void *opaque)
{
    plic *s = opaque;
    memset(s->prio, 0, sizeof(*s->prio) * (s->nsrc + 1));
    memset(s->claimed, 0, sizeof(uint32_t) * s->words);
    memset(s->enable, 0, sizeof(uint32_t) * s->words * s->nctx);
    memset(s->threshold, 0, sizeof(uint32_t) * s->nctx);
    /* Input lines keep their level: the gateways see them again. */
    memcpy(s->pending, s->level, sizeof(uint32_t) * s->words);
    update_outputs(s, true);
}

static int plic_realize(void *opaque)
{
    update_outputs(opaque, true);
    return 0;
}

static void plic_destroy(void *opaque)
{
    plic *s = opaque;
    if (!s)
        return;
    free(s->prio);
    free(s->pending);
    free(s->claimed);
    free(s->level);
    free(s->enable);
    free(s->threshold);
    free(s->meip);
    free(s->seip);
    free(s);
}

static int plic_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    uint64_t nsrc = ctx->api->opt_uint(ctx, "num-sources"), nprio = ctx->api->opt_uint(ctx, "num-priorities");
    if (nsrc < 1 || nsrc > MAX_SOURCES || nprio < 1 || nprio > 0x7fffffff || ctx->num_harts == 0 ||
        2ull * ctx->num_harts > MAX_CONTEXTS) {
        ctx->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR,
                      "bad configuration: num-sources %llu (1..%u), num-priorities %llu, %u harts",
                      (unsigned long long)nsrc, MAX_SOURCES, (unsigned long long)nprio, ctx->num_harts);
        return VP_EINVAL;
    }
    /* Every context's threshold and claim registers inside the window. */
    uint64_t need = CONTEXT_BASE + 2ull * ctx->num_harts * CONTEXT_STRIDE, size = ctx->mmio_size;
    if (size && size < need) {
        uint64_t fit = size > CONTEXT_BASE ? (size - CONTEXT_BASE) / CONTEXT_STRIDE / 2 : 0;
        ctx->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR,
                      "%u harts need %u contexts, whose registers end at 0x%llx: the MMIO window of size 0x%llx "
                      "holds the contexts of %llu harts",
                      ctx->num_harts, 2 * ctx->num_harts, (unsigned long long)need, (unsigned long long)size,
                      (unsigned long long)fit);
        return VP_EINVAL;
    }
    plic *s = calloc(1, sizeof(*s));
    if (!s)
        return VP_ENOMEM;
    s->ctx = ctx;
    s->api = ctx->api;
    s->nsrc = (uint32_t)nsrc;
    s->nprio = (uint32_t)nprio;
    s->prio_mask = 1;
    while (s->prio_mask < s->nprio)
        s->prio_mask = (s->prio_mask << 1) | 1;
    s->words = (s->nsrc + 1 + 31) / 32;
    s->harts = ctx->num_harts;
    s->nctx = 2 * s->harts;
    s->prio = calloc(s->nsrc + 1, sizeof(uint32_t));
    s->pending = calloc(s->words, sizeof(uint32_t));
    s->claimed = calloc(s->words, sizeof(uint32_t));
    s->level = calloc(s->words, sizeof(uint32_t));
    s->enable = calloc((size_t)s->words * s->nctx, sizeof(uint32_t));
    s->threshold = calloc(s->nctx, sizeof(uint32_t));
    s->meip = calloc(s->harts, sizeof(tlmc_signal));
    s->seip = calloc(s->harts, sizeof(tlmc_signal));
    if (!s->prio || !s->pending || !s->claimed || !s->level || !s->enable || !s->threshold || !s->meip ||
        !s->seip) {
        plic_destroy(s);
        return VP_ENOMEM;
    }
    return vp_dev_publish(ctx, mmio, &plic_ops, s, opaque);
}

/* ---- state (checkpointing) ----------------------------------------------------------
 * Layout (state_version 1, little-endian u32s): num-sources, contexts;
 * priority[1..num-sources]; the source bitmaps (words of 32 sources, bit
 * i = source i) input level, pending, claimed; then per context its
 * threshold and enable words. Restore checks every value against the
 * configuration, then re-derives meip/seip. */

static void put_words(vp_dev_state *st, const uint32_t *w, size_t count)
{
    for (size_t i = 0; i < count; i++)
        vp_dev_state_put_u32(st, w[i]);
}

static int plic_save(void *opaque, vp_state_stream *st_s)
{
    plic *s = opaque;
    vp_dev_state st;
    if (vp_dev_state_init(&st, s->api, st_s))
        return st.rc;
    vp_dev_state_put_u32(&st, s->nsrc);
    vp_dev_state_put_u32(&st, s->nctx);
    put_words(&st, &s->prio[1], s->nsrc);
    put_words(&st, s->level, s->words);
    put_words(&st, s->pending, s->words);
    put_words(&st, s->claimed, s->words);
    for (uint32_t c = 0; c < s->nctx; c++) {
        vp_dev_state_put_u32(&st, s->threshold[c]);
        put_words(&st, ctx_enable(s, c), s->words);
    }
    return st.rc;
}

/* A restore reads into one scratch block laid out like the device arrays. */
typedef struct plic_image {
    uint32_t *block;
    uint32_t *prio, *level, *pending, *claimed, *threshold, *enable;
} plic_image;

static bool prio_ok(const plic *s, uint32_t v) { return (v & ~s->prio_mask) == 0 && v <= s->nprio; }

/* Reads one source bitmap (s->words words), each word checked against the implemented bits. */
static void get_bitmap(vp_dev_state *st, const plic *s, uint32_t *w)
{
    for (uint32_t i = 0; i < s->words; i++) {
        w[i] = vp_dev_state_get_u32(st);
        vp_dev_state_check(st, (w[i] & ~word_valid(s, i)) == 0);
    }
}

static int read_image(vp_dev_state *st, const plic *s, plic_image *im)
{
    size_t words = s->words;
    size_t total = (size_t)s->nsrc + 1 + 3 * words + s->nctx + words * s->nctx;
    im->block = calloc(total, sizeof(uint32_t));
    if (!im->block)
        return st->rc = VP_ENOMEM;
    im->prio = im->block;
    im->level = im->prio + s->nsrc + 1;
    im->pending = im->level + words;
    im->claimed = im->pending + words;
    im->threshold = im->claimed + words;
    im->enable = im->threshold + s->nctx;
    for (uint32_t id = 1; id <= s->nsrc; id++)
        vp_dev_state_check(st, prio_ok(s, im->prio[id] = vp_dev_state_get_u32(st)));
    get_bitmap(st, s, im->level);
    get_bitmap(st, s, im->pending);
    get_bitmap(st, s, im->claimed);
    for (uint32_t w = 0; w < words; w++)
        vp_dev_state_check(st, (im->pending[w] & im->claimed[w]) == 0);
    for (uint32_t c = 0; c < s->nctx && !st->rc; c++) {
        vp_dev_state_check(st, prio_ok(s, im->threshold[c] = vp_dev_state_get_u32(st)));
        get_bitmap(st, s, &im->enable[c * words]);
    }
    return st->rc;
}

static int plic_restore(void *opaque, vp_state_stream *st_s)
{
    plic *s = opaque;
    vp_dev_state st;
    plic_image im = {0};
    if (vp_dev_state_init(&st, s->api, st_s))
        return st.rc;
    uint32_t nsrc = vp_dev_state_get_u32(&st), nctx = vp_dev_state_get_u32(&st);
    if (vp_dev_state_check(&st, nsrc == s->nsrc && nctx == s->nctx) == 0 && read_image(&st, s, &im) == 0) {
        size_t w = s->words;
        memcpy(s->prio, im.prio, sizeof(uint32_t) * (s->nsrc + 1));
        memcpy(s->level, im.level, sizeof(uint32_t) * w);
        memcpy(s->pending, im.pending, sizeof(uint32_t) * w);
        memcpy(s->claimed, im.claimed, sizeof(uint32_t) * w);
        memcpy(s->threshold, im.threshold, sizeof(uint32_t) * s->nctx);
        memcpy(s->enable, im.enable, sizeof(uint32_t) * w * s->nctx);
    }
    free(im.block);
    if (st.rc == VP_EINVAL)
        s->api->log(s->ctx, VP_LOG_PLUGIN, VP_LVL_ERROR,
                    "restore: invalid state (saved with %u sources and %u contexts, this PLIC has %u and %u, "
                    "or a value out of range)", nsrc, nctx, s->nsrc, s->nctx);
    if (st.rc)
        return st.rc;
    update_outputs(s, true);
    return 0;
}

static uint32_t plic_port_lines(void *opaque, uint32_t port)
{
    plic *s = opaque;
    return port == PORT_SRC ? s->nsrc + 1 : port <= PORT_SEIP ? s->harts : 0;
}

static tlmc_signal *plic_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    plic *s = opaque;
    if (index >= s->harts)
        return NULL;
    return port == PORT_MEIP ? &s->meip[index] : port == PORT_SEIP ? &s->seip[index] : NULL;
}

/* ---- type and module ------------------------------------------------------------------ */

static const vp_opt_decl plic_opts[] = {
    VP_DEV_OPT_RANGE("num-sources", VP_OPT_UINT, "96", "interrupt sources 1..N (0 is reserved)", 1, MAX_SOURCES),
    VP_DEV_OPT_RANGE("num-priorities", VP_OPT_UINT, "7", "highest priority level", 1, 0x7fffffff),
};

static const vp_port_decl plic_ports[] = {
    /* line index = source id; line 0 (reserved source 0) does not exist: first = 1 */
    VP_DEV_PORT("src", VP_PORT_IN, 0, "interrupt sources, index = source id 1..num-sources", 1),
    VP_DEV_PORT_OUT("meip", 0, "machine external interrupt, one per hart"),
    VP_DEV_PORT_OUT("seip", 0, "supervisor external interrupt, one per hart"),
};

VP_DEV_TYPE(plic_type, "plic", "SiFive PLIC: level-triggered, 2 contexts (M, S) per hart", VP_DEV_OPTS(plic_opts),
            VP_DEV_PORTS(plic_ports), .default_mmio_size = 0x4000000, .create = plic_create,
            .realize = plic_realize, .reset = plic_reset, .destroy = plic_destroy, .port_lines = plic_port_lines,
            .signal_out = plic_signal_out, .signal_in = plic_signal_in, .state_version = 1, .save = plic_save,
            .restore = plic_restore);

VP_DEV_MODULE("plic", "0.1.0", &plic_type);
