/* SPDX-License-Identifier: Apache-2.0 */
/* crc32.c - example out-of-tree device module: a register-fed CRC-32
 * accelerator. The guest writes bytes to DATA, reads the CRC from RESULT;
 * after LEN bytes the device sets STATUS.DONE (after `latency`) and raises
 * its irq while CTRL.IRQ_EN is set. See docs/device-guide.md.
 *
 * Registers (32-bit, offsets from the MMIO base):
 *   0x00 CTRL    rw  bit0 START (write 1: restart: CRC = init, COUNT = 0,
 *                    DONE cleared; reads 0), bit1 IRQ_EN
 *   0x04 STATUS  rw  bit0 DONE (LEN bytes processed), bit1 IRQ (DONE and
 *                    IRQ_EN, = the irq line); write 1 to bit0 clears DONE
 *   0x08 LEN     rw  byte count that completes a job (0 = never)
 *   0x0c COUNT   ro  bytes fed since START
 *   0x10 DATA    wo  1, 2 or 4 bytes, fed low byte first
 *   0x14 RESULT  ro  CRC of the bytes fed so far (final XOR applied)
 *   0x18 POLY    ro  the polynomial (option `poly`, normal form)
 *   0x1c ID      ro  0x43524333 ("CRC3")
 */
#include <stdlib.h>

#include <vpbridge/vp_device.h>

#define CRC_ID 0x43524333u

enum { REG_CTRL = 0x00, REG_STATUS = 0x04, REG_LEN = 0x08, REG_COUNT = 0x0c,
       REG_DATA = 0x10, REG_RESULT = 0x14, REG_POLY = 0x18, REG_ID = 0x1c };
enum { CTRL_START = 1u << 0, CTRL_IRQ_EN = 1u << 1 };
enum { STATUS_DONE = 1u << 0, STATUS_IRQ = 1u << 1 };
enum { PORT_IRQ = 0 };

typedef struct crc_dev {
    const vp_device_ctx *ctx;
    const vp_host_api *api;
    /* configuration (options) */
    uint32_t poly;    /* normal (MSB-first) form */
    uint32_t rpoly;   /* bit-reversed, for reflect */
    bool reflect;
    uint32_t init, xorout;
    vp_time latency;
    /* registers */
    uint32_t ctrl, status, len, count;
    uint32_t crc;     /* running value, before the final XOR */
    /* time */
    vp_event *done_ev;
    vp_time done_at;  /* absolute time DONE is due; 0 = none pending */
    tlmc_signal irq;
} crc_dev;

static uint32_t bitrev32(uint32_t v)
{
    uint32_t r = 0;
    for (int i = 0; i < 32; i++, v >>= 1)
        r = (r << 1) | (v & 1u);
    return r;
}

static void crc_feed(crc_dev *d, uint8_t byte)
{
    uint32_t c = d->crc;
    if (d->reflect) {
        c ^= byte;
        for (int i = 0; i < 8; i++)
            c = (c >> 1) ^ ((c & 1u) ? d->rpoly : 0);
    } else {
        c ^= (uint32_t)byte << 24;
        for (int i = 0; i < 8; i++)
            c = (c << 1) ^ ((c & 0x80000000u) ? d->poly : 0);
    }
    d->crc = c;
}

/* The irq line follows STATUS.DONE && CTRL.IRQ_EN (level-triggered). */
static void crc_update_irq(crc_dev *d)
{
    bool level = (d->status & STATUS_DONE) && (d->ctrl & CTRL_IRQ_EN);
    if (level != d->irq.level)
        tlmc_signal_set(&d->irq, level);
}

static void crc_done_fire(void *opaque)
{
    crc_dev *d = opaque;
    d->done_at = 0;
    d->status |= STATUS_DONE;
    d->api->log(d->ctx, VP_LOG_INT, VP_LVL_DEBUG, "done: %u bytes, crc 0x%08x", d->count,
                d->crc ^ d->xorout);
    crc_update_irq(d);
}

static void crc_restart(crc_dev *d)
{
    d->crc = d->init;
    d->count = 0;
    d->status &= ~STATUS_DONE;
    d->done_at = 0;
    vp_clock_event_cancel(d->ctx->clock, d->done_ev);
    crc_update_irq(d);
}

static void crc_write_data(crc_dev *d, const uint8_t *data, uint32_t length)
{
    for (uint32_t i = 0; i < length; i++) {
        crc_feed(d, data[i]);
        d->count++;
        if (d->len && d->count == d->len) {
            /* The job completes `latency` after its last byte. */
            d->done_at = vp_clock_now(d->ctx->clock) + d->latency;
            vp_clock_event_notify(d->ctx->clock, d->done_ev, d->latency);
        }
    }
}

static uint32_t crc_read_reg(crc_dev *d, uint64_t off)
{
    switch (off) {
    case REG_CTRL: return d->ctrl & CTRL_IRQ_EN;
    case REG_STATUS: return d->status | (d->irq.level ? STATUS_IRQ : 0);
    case REG_LEN: return d->len;
    case REG_COUNT: return d->count;
    case REG_RESULT: return d->crc ^ d->xorout;
    case REG_POLY: return d->poly;
    case REG_ID: return CRC_ID;
    default: return 0; /* DATA is write-only */
    }
}

static void crc_write_reg(crc_dev *d, uint64_t off, uint32_t v)
{
    switch (off) {
    case REG_CTRL:
        d->ctrl = v & CTRL_IRQ_EN;
        if (v & CTRL_START)
            crc_restart(d);
        crc_update_irq(d);
        break;
    case REG_STATUS:
        if (v & STATUS_DONE)
            d->status &= ~STATUS_DONE;
        crc_update_irq(d);
        break;
    case REG_LEN: d->len = v; break;
    default:
        d->api->log(d->ctx, VP_LOG_GUEST_ERROR, VP_LVL_WARN, "write to read-only register 0x%02x ignored",
                    (unsigned)off);
        break;
    }
}

static void crc_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    crc_dev *d = opaque;
    (void)delay;
    uint32_t len = p->length;
    bool ok = (p->command == TLMC_READ || p->command == TLMC_WRITE) &&
              !(p->byte_enable && p->byte_enable_length) && p->address < 0x20 &&
              (len == 1 || len == 2 || len == 4) && (p->address & (len - 1)) == 0;
    /* Registers take 32-bit accesses; DATA also takes bytes and halfwords. */
    if (ok && len != 4 && !(p->command == TLMC_WRITE && (p->address & ~3ull) == REG_DATA))
        ok = false;
    if (!ok) {
        d->api->log(d->ctx, VP_LOG_GUEST_ERROR, VP_LVL_WARN, "invalid %u-byte access at offset 0x%llx", len,
                    (unsigned long long)p->address);
        p->response = p->command == TLMC_IGNORE ? TLMC_COMMAND_ERROR_RESPONSE : TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_WRITE && (p->address & ~3ull) == REG_DATA) {
        crc_write_data(d, p->data, len);
    } else if (p->command == TLMC_WRITE) {
        crc_write_reg(d, p->address, (uint32_t)vp_dev_get_le(p->data, 4));
    } else {
        vp_dev_put_le(p->data, 4, crc_read_reg(d, p->address));
    }
    p->response = TLMC_OK_RESPONSE;
}

/* Debug reads (debugger, `check`) see the registers without side effects. */
static uint32_t crc_transport_dbg(void *opaque, tlmc_payload *p)
{
    crc_dev *d = opaque;
    if (p->command != TLMC_READ)
        return 0;
    uint32_t n = 0;
    for (; n < p->length && p->address + n < 0x20; n++) {
        uint64_t a = p->address + n;
        p->data[n] = (uint8_t)(crc_read_reg(d, a & ~3ull) >> (8 * (a & 3)));
    }
    return n;
}

static const tlmc_target_ops crc_ops = {
    .size = sizeof(tlmc_target_ops),
    .abi = TLMC_ABI,
    .b_transport = crc_b_transport,
    .transport_dbg = crc_transport_dbg,
    /* get_direct_mem_ptr NULL: no DMI, every access reaches b_transport. */
};

static int crc_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    const vp_host_api *api = ctx->api;
    uint64_t poly = api->opt_uint(ctx, "poly");
    uint64_t init = api->opt_uint(ctx, "init");
    uint64_t xorout = api->opt_uint(ctx, "xorout");
    if (poly > 0xffffffffu || init > 0xffffffffu || xorout > 0xffffffffu) {
        api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "poly, init and xorout must fit in 32 bits");
        return VP_EINVAL;
    }
    if (!(poly & 1u)) {
        api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "poly 0x%llx: a CRC polynomial has bit 0 set",
                 (unsigned long long)poly);
        return VP_EINVAL;
    }
    crc_dev *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    d->ctx = ctx;
    d->api = api;
    d->poly = (uint32_t)poly;
    d->rpoly = bitrev32(d->poly);
    d->reflect = api->opt_bool(ctx, "reflect");
    d->init = (uint32_t)init;
    d->xorout = (uint32_t)xorout;
    d->latency = api->opt_uint(ctx, "latency");
    d->crc = d->init;
    d->done_ev = vp_clock_event_create(ctx->clock, "crc32.done", crc_done_fire, d);
    if (!d->done_ev) {
        free(d);
        return VP_ENOMEM;
    }
    return vp_dev_publish(ctx, mmio, &crc_ops, d, opaque);
}

/* Outputs are driven once the host has bound them (then only on changes). */
static int crc_realize(void *opaque)
{
    crc_dev *d = opaque;
    tlmc_signal_set(&d->irq, (d->status & STATUS_DONE) && (d->ctrl & CTRL_IRQ_EN));
    return 0;
}

static void crc_reset(void *opaque)
{
    crc_dev *d = opaque;
    d->ctrl = d->status = d->len = 0;
    crc_restart(d);
}

static void crc_destroy(void *opaque)
{
    crc_dev *d = opaque;
    vp_clock_event_destroy(d->ctx->clock, d->done_ev);
    free(d);
}

static tlmc_signal *crc_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    crc_dev *d = opaque;
    return port == PORT_IRQ && index == 0 ? &d->irq : NULL;
}

/* ---- checkpointing (ABI 1.1): fixed-width little-endian fields ----------
 * Seven u32: CTRL, STATUS, LEN, COUNT, the running CRC, and the time left
 * until a pending completion (+1; 0 = none) as low and high word. */
#define CRC_STATE_VERSION 1

static int crc_save(void *opaque, vp_state_stream *s)
{
    crc_dev *d = opaque;
    vp_dev_state st;
    if (vp_dev_state_init(&st, d->api, s))
        return st.rc;
    /* A pending completion is saved as the time left, so the restored run
     * does not depend on the saved run's absolute time. */
    vp_time now = vp_clock_now(d->ctx->clock);
    uint64_t left = d->done_at ? (d->done_at > now ? d->done_at - now : 0) + 1 : 0; /* 0 = none */
    uint32_t words[] = {d->ctrl, d->status, d->len, d->count, d->crc, (uint32_t)left, (uint32_t)(left >> 32)};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        vp_dev_state_put_u32(&st, words[i]);
    return st.rc;
}

static int crc_restore(void *opaque, vp_state_stream *s)
{
    crc_dev *d = opaque;
    vp_dev_state st;
    uint32_t w[7];
    if (vp_dev_state_init(&st, d->api, s))
        return st.rc;
    for (size_t i = 0; i < 7; i++)
        w[i] = vp_dev_state_get_u32(&st);
    if (st.rc) /* a truncated stream: the device is left as it was */
        return st.rc;
    d->ctrl = w[0] & CTRL_IRQ_EN;
    d->status = w[1] & STATUS_DONE;
    d->len = w[2];
    d->count = w[3];
    d->crc = w[4];
    uint64_t left = (uint64_t)w[5] | (uint64_t)w[6] << 32;
    vp_clock_event_cancel(d->ctx->clock, d->done_ev);
    d->done_at = 0;
    if (left) {
        d->done_at = vp_clock_now(d->ctx->clock) + (left - 1);
        vp_clock_event_notify(d->ctx->clock, d->done_ev, left - 1);
    }
    crc_update_irq(d); /* re-derive the output from the restored state */
    return 0;
}

/* ---- type and module ------------------------------------------------------ */

static const vp_opt_decl crc_opts[] = {
    VP_DEV_OPT("poly", VP_OPT_UINT, "0x04C11DB7", "CRC polynomial, normal (MSB-first) form, bit 0 set"),
    VP_DEV_OPT("reflect", VP_OPT_BOOL, "true", "reflected (LSB-first) CRC as in zlib; false = MSB-first"),
    VP_DEV_OPT("init", VP_OPT_UINT, "0xFFFFFFFF", "initial CRC value after START"),
    VP_DEV_OPT("xorout", VP_OPT_UINT, "0xFFFFFFFF", "value XORed into RESULT"),
    VP_DEV_OPT("latency", VP_OPT_TIME, "100ns", "time from the last byte of a job to STATUS.DONE and the irq"),
};

static const vp_port_decl crc_ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "job done (level, while STATUS.DONE and CTRL.IRQ_EN)"),
};

/* The counts come from the arrays; ops left out (port_lines, signal_in)
 * are NULL: unsupported. */
VP_DEV_TYPE(crc_type, "crc32", "CRC-32 accelerator: DATA in, RESULT out, irq after LEN bytes",
            VP_DEV_OPTS(crc_opts), VP_DEV_PORTS(crc_ports), .default_mmio_size = 0x1000,
            .create = crc_create, .realize = crc_realize, .reset = crc_reset, .destroy = crc_destroy,
            .signal_out = crc_signal_out, .state_version = CRC_STATE_VERSION, .save = crc_save,
            .restore = crc_restore);

/* The entry point: checks the host table (ABI major, every ABI 1.0 entry;
 * save/restore check for the 1.1 state calls themselves), then registers
 * crc_type; also the descriptor and the .vp_modinfo section. */
VP_DEV_MODULE("crc32", "1.0.0", &crc_type);
