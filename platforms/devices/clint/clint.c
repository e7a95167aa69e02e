/* SPDX-License-Identifier: Apache-2.0 */
/* clint.c - SiFive CLINT device module (QEMU virt layout): per-hart msip
 * and mtimecmp, a shared mtime derived from simulated time, MTIP driven by
 * one clock event per hart scheduled for the exact crossing time. */
#include <stdlib.h>
#include <string.h>

#include <vpbridge/vp_device.h>

#define MSIP_BASE 0x0000u
#define MTIMECMP_BASE 0x4000u
#define MTIME_OFF 0xbff8u
#define MAX_HARTS 4095u /* mtimecmp[4095] would overlap mtime */

enum { PORT_MSIP = 0, PORT_MTIP = 1 };

typedef struct clint clint;

typedef struct hart_timer {
    clint *c;
    uint32_t hart;
    vp_event *ev;
} hart_timer;

struct clint {
    const vp_device_ctx *ctx;
    const vp_host_api *api;
    const vp_clock *clk;
    uint32_t harts;
    uint64_t freq;      /* timebase in Hz */
    uint64_t offset;    /* mtime = ticks(time) + offset (mod 2^64) */
    vp_time origin;     /* ticks count from here ... */
    uint64_t phase;     /* ... starting at this fraction of a tick (in 1/VP_SEC) */
    uint64_t cmp_reset; /* mtimecmp value after reset */
    uint64_t *mtimecmp;
    uint8_t *msip;
    tlmc_signal *msip_sig, *mtip_sig;
    hart_timer *timers;
};

#define GUEST_ERR(c, fmt, ...)                                                                     \
    (c)->api->log((c)->ctx, VP_LOG_GUEST_ERROR, VP_LVL_WARN, fmt, __VA_ARGS__)

/* ---- time arithmetic --------------------------------------------------------- */

/* Timebase ticks elapsed at time t (>= origin): origin is 0 and phase 0
 * until a restore moves them so that mtime continues exactly, sub-tick
 * fraction included, at whatever time the restore happens. */
static unsigned __int128 ticks_scaled(const clint *c, vp_time t)
{
    return (unsigned __int128)(t - c->origin) * c->freq + c->phase;
}

static uint64_t ticks_at(const clint *c, vp_time t) { return (uint64_t)(ticks_scaled(c, t) / VP_SEC); }

static uint64_t mtime_at(const clint *c, vp_time t) { return ticks_at(c, t) + c->offset; }

static void drive(tlmc_signal *s, bool level, bool force)
{
    if (force || s->level != level)
        tlmc_signal_set(s, level);
}

/* Re-evaluates MTIP of one hart at time `t` (>= kernel now) and schedules
 * its event for the exact time mtime reaches mtimecmp. */
static void eval_hart(clint *c, uint32_t h, vp_time t, bool force)
{
    hart_timer *ht = &c->timers[h];
    uint64_t m = mtime_at(c, t), cmp = c->mtimecmp[h];
    if (m >= cmp) {
        vp_clock_event_cancel(c->clk, ht->ev);
        drive(&c->mtip_sig[h], true, force);
        return;
    }
    drive(&c->mtip_sig[h], false, force);
    /* Smallest time T with ticks(T) >= ticks(t) + (cmp - m). */
    unsigned __int128 k = (unsigned __int128)ticks_at(c, t) + (cmp - m);
    unsigned __int128 when = c->origin + (k * VP_SEC - c->phase + c->freq - 1) / c->freq;
    vp_time now = vp_clock_now(c->clk);
    if (when > VP_TIME_MAX || when < now) {
        vp_clock_event_cancel(c->clk, ht->ev);
        return;
    }
    vp_clock_event_notify(c->clk, ht->ev, (vp_time)when - now);
}

static void eval_all(clint *c, vp_time t, bool force)
{
    for (uint32_t h = 0; h < c->harts; h++)
        eval_hart(c, h, t, force);
}

static void timer_fired(void *opaque)
{
    hart_timer *ht = opaque;
    eval_hart(ht->c, ht->hart, vp_clock_now(ht->c->clk), false);
}

/* ---- registers ------------------------------------------------------------------ */

/* Replaces the bytes [off%8, off%8+len) of a 64-bit register. */
static uint64_t merge64(uint64_t old, uint64_t off, uint32_t len, uint64_t v)
{
    if (len == 8)
        return v;
    unsigned sh = (unsigned)(off & 4) * 8;
    uint64_t mask = 0xffffffffull << sh;
    return (old & ~mask) | ((v << sh) & mask);
}

static uint64_t part64(uint64_t reg, uint64_t off, uint32_t len)
{
    return len == 8 ? reg : (uint32_t)(reg >> ((off & 4) * 8));
}

/* Performs a register access at local time t. Returns false for an access
 * that hits no register (read as zero, write ignored). */
static bool reg_access(clint *c, bool wr, uint64_t off, uint32_t len, uint64_t *v, vp_time t)
{
    if (off < MTIMECMP_BASE) {
        uint64_t h = (off - MSIP_BASE) / 4;
        if (len != 4 || h >= c->harts)
            return false;
        if (!wr) {
            *v = c->msip[h];
            return true;
        }
        c->msip[h] = *v & 1;
        drive(&c->msip_sig[h], c->msip[h], false);
        return true;
    }
    if (off < MTIME_OFF) {
        uint64_t h = (off - MTIMECMP_BASE) / 8;
        if (h >= c->harts)
            return false;
        if (!wr) {
            *v = part64(c->mtimecmp[h], off, len);
            return true;
        }
        c->mtimecmp[h] = merge64(c->mtimecmp[h], off, len, *v);
        eval_hart(c, (uint32_t)h, t, false);
        return true;
    }
    if (off < MTIME_OFF + 8) {
        uint64_t m = mtime_at(c, t);
        if (!wr) {
            *v = part64(m, off, len);
            return true;
        }
        c->offset = merge64(m, off, len, *v) - ticks_at(c, t);
        eval_all(c, t, false);
        return true;
    }
    return false;
}

static void clint_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    clint *c = opaque;
    tlmc_response r = vp_dev_check(p, 4, 8);
    if (r != TLMC_OK_RESPONSE || (p->address < MTIMECMP_BASE && p->length != 4)) {
        GUEST_ERR(c, "invalid %u-byte %s at offset 0x%llx", p->length, vp_dev_cmd_str(p),
                  (unsigned long long)p->address);
        p->response = r != TLMC_OK_RESPONSE ? r : TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    bool wr = p->command == TLMC_WRITE;
    uint64_t v = wr ? vp_dev_get_le(p->data, p->length) : 0;
    vp_time local = vp_clock_now(c->clk) + (delay ? *delay : 0);
    if (!reg_access(c, wr, p->address, p->length, &v, local)) {
        GUEST_ERR(c, "%s of unimplemented register at offset 0x%llx (%u harts)", vp_dev_cmd_str(p),
                  (unsigned long long)p->address, c->harts);
        v = 0;
    }
    if (!wr)
        vp_dev_put_le(p->data, p->length, v);
    p->response = TLMC_OK_RESPONSE;
}

static uint32_t clint_transport_dbg(void *opaque, tlmc_payload *p)
{
    clint *c = opaque;
    uint64_t v = 0;
    if (p->command != TLMC_READ || vp_dev_check(p, 4, 8) != TLMC_OK_RESPONSE)
        return 0;
    if (!reg_access(c, false, p->address, p->length, &v, vp_clock_now(c->clk)))
        v = 0;
    vp_dev_put_le(p->data, p->length, v);
    return p->length;
}

static const tlmc_target_ops clint_ops = {
    .size = sizeof(tlmc_target_ops),
    .abi = TLMC_ABI,
    .b_transport = clint_b_transport,
    .transport_dbg = clint_transport_dbg,
};

/* ---- lifecycle ---------------------------------------------------------------------- */

static void clint_set_reset_state(clint *c)
{
    vp_time now = vp_clock_now(c->clk);
    c->offset = 0 - ticks_at(c, now); /* mtime reads 0 at reset */
    for (uint32_t h = 0; h < c->harts; h++) {
        c->msip[h] = 0;
        c->mtimecmp[h] = c->cmp_reset;
    }
}

static void clint_reset(void *opaque)
{
    clint *c = opaque;
    clint_set_reset_state(c);
    for (uint32_t h = 0; h < c->harts; h++)
        drive(&c->msip_sig[h], false, true);
    eval_all(c, vp_clock_now(c->clk), true);
}

static int clint_realize(void *opaque)
{
    clint *c = opaque;
    for (uint32_t h = 0; h < c->harts; h++)
        drive(&c->msip_sig[h], c->msip[h], true);
    eval_all(c, vp_clock_now(c->clk), true);
    return 0;
}

static void clint_destroy(void *opaque)
{
    clint *c = opaque;
    if (!c)
        return;
    for (uint32_t h = 0; c->timers && h < c->harts; h++)
        vp_clock_event_destroy(c->clk, c->timers[h].ev);
    free(c->timers);
    free(c->mtimecmp);
    free(c->msip);
    free(c->msip_sig);
    free(c->mtip_sig);
    free(c);
}

static int clint_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    if (ctx->num_harts == 0 || ctx->num_harts > MAX_HARTS) {
        ctx->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "unsupported hart count %u (1..%u)",
                      ctx->num_harts, MAX_HARTS);
        return VP_EINVAL;
    }
    clint *c = calloc(1, sizeof(*c));
    if (!c)
        return VP_ENOMEM;
    c->ctx = ctx;
    c->api = ctx->api;
    c->clk = ctx->clock;
    c->harts = ctx->num_harts;
    c->freq = c->api->opt_uint(ctx, "timebase");
    c->cmp_reset = c->api->opt_uint(ctx, "mtimecmp-reset");
    if (c->freq == 0 || c->freq > VP_SEC) {
        c->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "timebase must be 1 Hz..1 THz");
        clint_destroy(c);
        return VP_EINVAL;
    }
    c->mtimecmp = calloc(c->harts, sizeof(*c->mtimecmp));
    c->msip = calloc(c->harts, sizeof(*c->msip));
    c->msip_sig = calloc(c->harts, sizeof(*c->msip_sig));
    c->mtip_sig = calloc(c->harts, sizeof(*c->mtip_sig));
    c->timers = calloc(c->harts, sizeof(*c->timers));
    bool ok = c->mtimecmp && c->msip && c->msip_sig && c->mtip_sig && c->timers;
    for (uint32_t h = 0; ok && h < c->harts; h++) {
        c->timers[h] = (hart_timer){c, h, vp_clock_event_create(c->clk, "clint.mtimecmp", timer_fired, &c->timers[h])};
        ok = c->timers[h].ev != NULL;
    }
    if (!ok) {
        clint_destroy(c);
        return VP_ENOMEM;
    }
    clint_set_reset_state(c);
    return vp_dev_publish(ctx, mmio, &clint_ops, c, opaque);
}

/* ---- state (checkpointing) ------------------------------------------------------------
 * Layout (state_version 1, little-endian): u32 harts, u64 mtime and u64
 * tick phase (fraction of the current tick in 1/VP_SEC) at the time of the
 * save, then per hart u8 msip (0/1) and u64 mtimecmp. Restore makes mtime
 * continue from the saved value and phase at the restore time, so timer
 * crossings happen after the same simulated delay as in the saved run. */

static int clint_save(void *opaque, vp_state_stream *s)
{
    clint *c = opaque;
    vp_dev_state st;
    if (vp_dev_state_init(&st, c->api, s))
        return st.rc;
    unsigned __int128 scaled = ticks_scaled(c, vp_clock_now(c->clk));
    vp_dev_state_put_u32(&st, c->harts);
    vp_dev_state_put_u64(&st, (uint64_t)(scaled / VP_SEC) + c->offset);
    vp_dev_state_put_u64(&st, (uint64_t)(scaled % VP_SEC));
    for (uint32_t h = 0; h < c->harts; h++) {
        vp_dev_state_put_u8(&st, c->msip[h]);
        vp_dev_state_put_u64(&st, c->mtimecmp[h]);
    }
    return st.rc;
}

/* Reads the per-hart registers into fresh arrays (*msip, *cmp). */
static int read_harts(vp_dev_state *st, uint32_t harts, uint8_t **msip, uint64_t **cmp)
{
    *msip = calloc(harts, sizeof(**msip));
    *cmp = calloc(harts, sizeof(**cmp));
    if (!*msip || !*cmp)
        return st->rc = VP_ENOMEM;
    for (uint32_t h = 0; !st->rc && h < harts; h++) {
        (*msip)[h] = vp_dev_state_get_bool(st);
        (*cmp)[h] = vp_dev_state_get_u64(st);
    }
    return st->rc;
}

static int clint_restore(void *opaque, vp_state_stream *s)
{
    clint *c = opaque;
    vp_dev_state st;
    uint8_t *msip = NULL;
    uint64_t *cmp = NULL;
    if (vp_dev_state_init(&st, c->api, s))
        return st.rc;
    uint32_t harts = vp_dev_state_get_u32(&st);
    uint64_t mtime = vp_dev_state_get_u64(&st), phase = vp_dev_state_get_u64(&st);
    if (vp_dev_state_check(&st, harts == c->harts && phase < VP_SEC) == 0 &&
        read_harts(&st, harts, &msip, &cmp) == 0) {
        /* all read and valid: commit */
        memcpy(c->msip, msip, harts * sizeof(*msip));
        memcpy(c->mtimecmp, cmp, harts * sizeof(*cmp));
        c->origin = vp_clock_now(c->clk);
        c->phase = phase;
        c->offset = mtime;
    }
    free(msip);
    free(cmp);
    if (st.rc == VP_EINVAL)
        c->api->log(c->ctx, VP_LOG_PLUGIN, VP_LVL_ERROR,
                    "restore: invalid state (saved with %u harts, this CLINT has %u)", harts, c->harts);
    if (st.rc)
        return st.rc;
    for (uint32_t h = 0; h < c->harts; h++)
        drive(&c->msip_sig[h], c->msip[h], true);
    eval_all(c, vp_clock_now(c->clk), true);
    return 0;
}

static uint32_t clint_port_lines(void *opaque, uint32_t port)
{
    clint *c = opaque;
    return port <= PORT_MTIP ? c->harts : 0;
}

static tlmc_signal *clint_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    clint *c = opaque;
    if (index >= c->harts)
        return NULL;
    return port == PORT_MSIP ? &c->msip_sig[index] : port == PORT_MTIP ? &c->mtip_sig[index] : NULL;
}

/* ---- type and module ------------------------------------------------------------------ */

static const vp_opt_decl clint_opts[] = {
    VP_DEV_OPT("timebase", VP_OPT_FREQ, "10MHz", "mtime tick frequency"),
    VP_DEV_OPT("mtimecmp-reset", VP_OPT_UINT, "0", "mtimecmp after reset (0 as QEMU virt: MTIP pending until written)"),
};

static const vp_port_decl clint_ports[] = {
    VP_DEV_PORT_OUT("msip", 0, "machine software interrupt, one per hart"),
    VP_DEV_PORT_OUT("mtip", 0, "machine timer interrupt, one per hart"),
};

VP_DEV_TYPE(clint_type, "clint", "SiFive CLINT: msip, mtimecmp and mtime", VP_DEV_OPTS(clint_opts),
            VP_DEV_PORTS(clint_ports), .default_mmio_size = 0x10000, .create = clint_create,
            .realize = clint_realize, .reset = clint_reset, .destroy = clint_destroy,
            .port_lines = clint_port_lines, .signal_out = clint_signal_out, .state_version = 1,
            .save = clint_save, .restore = clint_restore);

VP_DEV_MODULE("clint", "0.1.0", &clint_type);
