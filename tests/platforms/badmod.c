/* SPDX-License-Identifier: Apache-2.0 */
/* badmod.c - a device module that breaks the module ABI on purpose, for
 * test_platform_badmod and test_cli_badmod: type bad_dev misbehaves as its
 * `mode` option says (create/realize returning codes that are no status,
 * transports answered without or with a garbage response, a transport that
 * never returns, lines driven with an input number of its own, one signal
 * handed out for every line, a debug transport claiming more bytes than
 * asked). mode=ok is a well-behaved device.
 *
 * Registers (4 bytes each): 0x0 reads 0x600d0000 (the misbehaving modes
 * answer as their mode says); 0x4 drives irq[0] with the written level;
 * 0x8 ends the run with the written value as exit status.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vpbridge/vp_device.h>

typedef enum mode {
    M_OK,
    M_CREATE_GARBAGE,  /* create frees what it made and returns -12345 */
    M_CREATE_POSITIVE, /* ... returns 12345 */
    M_REALIZE_GARBAGE, /* realize returns 77 */
    M_NO_RESPONSE,     /* register 0: returns leaving TLMC_INCOMPLETE_RESPONSE */
    M_GARBAGE_RESPONSE,/* register 0: sets response 77 */
    M_HANG,            /* register 0: never returns */
    M_IRQ_BAD_LINE,    /* register 4: calls the sink with sink_line + 1000 */
    M_IRQ_SAME_SIGNAL, /* signal_out: the same tlmc_signal for every line */
    M_DBG_GARBAGE,     /* transport_dbg returns 0xffffffff */
} mode;

static const char *const mode_names[] = {"ok",           "create_garbage",  "create_positive", "realize_garbage",
                                         "no_response",  "garbage_response", "hang",           "irq_bad_line",
                                         "irq_same_signal", "dbg_garbage"};

typedef struct bad {
    const vp_device_ctx *ctx;
    mode mode;
    tlmc_signal irq[2];
} bad;

static void drive(bad *d, bool level)
{
    tlmc_signal *s = &d->irq[0];
    if (d->mode != M_IRQ_BAD_LINE) {
        tlmc_signal_set(s, level);
        return;
    }
    s->level = level; /* the bug: a line number of its own instead of sink_line */
    if (s->sink)
        s->sink(s->sink_opaque, s->sink_line + 1000, level);
}

static void hang(void)
{
    for (;;) { /* a device that never answers (asleep, to spare the CPU) */
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

static void bad_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    bad *d = opaque;
    (void)delay;
    if (p->length != 4 || p->address > 8) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    uint32_t v = 0;
    if (p->address == 0) {
        if (d->mode == M_NO_RESPONSE)
            return;
        if (d->mode == M_GARBAGE_RESPONSE) {
            p->response = (tlmc_response)77;
            return;
        }
        if (d->mode == M_HANG)
            hang();
        v = 0x600d0000;
    }
    if (p->command == TLMC_READ) {
        memcpy(p->data, &v, 4);
    } else if (p->command == TLMC_WRITE) {
        memcpy(&v, p->data, 4);
        if (p->address == 4)
            drive(d, v != 0);
        else if (p->address == 8)
            d->ctx->api->request_exit(d->ctx, (int)v);
    }
    p->response = TLMC_OK_RESPONSE;
}

static uint32_t bad_dbg(void *opaque, tlmc_payload *p)
{
    bad *d = opaque;
    if (d->mode == M_DBG_GARBAGE)
        return 0xffffffffu;
    if (p->command == TLMC_READ)
        memset(p->data, 0, p->length);
    return p->length;
}

static const tlmc_target_ops bad_ops = {sizeof(tlmc_target_ops), TLMC_ABI, bad_b_transport, bad_dbg, NULL};

static mode mode_of(const vp_device_ctx *ctx)
{
    const char *m = ctx->api->opt_str(ctx, "mode");
    for (size_t i = 0; m && i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
        if (strcmp(m, mode_names[i]) == 0)
            return (mode)i;
    return M_OK;
}

static int bad_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    bad *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    d->ctx = ctx;
    d->mode = mode_of(ctx);
    if (d->mode == M_CREATE_GARBAGE || d->mode == M_CREATE_POSITIVE) {
        int rc = d->mode == M_CREATE_GARBAGE ? -12345 : 12345;
        free(d); /* it breaks the status rule, not the "leave nothing allocated" one */
        return rc;
    }
    mmio->ops = &bad_ops;
    mmio->opaque = d;
    mmio->name = ctx->name;
    *opaque = d;
    return 0;
}

static int bad_realize(void *opaque)
{
    bad *d = opaque;
    return d->mode == M_REALIZE_GARBAGE ? 77 : 0;
}

static void bad_destroy(void *opaque) { free(opaque); }

static tlmc_signal *bad_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    bad *d = opaque;
    if (port != 0 || index >= 2)
        return NULL;
    return d->mode == M_IRQ_SAME_SIGNAL ? &d->irq[0] : &d->irq[index];
}

static const vp_opt_decl bad_opts[] = {
    VP_DEV_OPT_ENUM("mode", "ok", "how to misbehave",
                    "ok|create_garbage|create_positive|realize_garbage|no_response|garbage_response|hang|"
                    "irq_bad_line|irq_same_signal|dbg_garbage"),
};
static const vp_port_decl bad_ports[] = {
    VP_DEV_PORT_OUT("irq", 2, "two level outputs"),
};

VP_DEV_TYPE(bad_type, "bad_dev", "a device that breaks the module ABI as its mode says", VP_DEV_OPTS(bad_opts),
            VP_DEV_PORTS(bad_ports), .default_mmio_size = 0x10, .create = bad_create, .realize = bad_realize,
            .destroy = bad_destroy, .signal_out = bad_signal_out);
VP_DEV_MODULE("badmod", "0.1", &bad_type);
