/* SPDX-License-Identifier: Apache-2.0 */
/* tpdev.c - device module for platform tests: tp_src (outputs, typed
 * options, an MMIO register that drives its lines), tp_sink (inputs that
 * record levels; a count==0 port sized by an option) and tp_exit (a write
 * requests the end of the run with the written value).
 */
#include <stdlib.h>
#include <string.h>
#include <vpbridge/vp_module.h>

typedef struct tp {
    const vp_device_ctx *ctx;
    tlmc_signal out[5];  /* src: irq = out[0], lines[i] = out[1 + i] */
    uint8_t in[2][64];   /* sink: levels per port and line */
    uint32_t width;
} tp;


static void tp_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    tp *d = opaque;
    (void)delay;
    p->response = TLMC_OK_RESPONSE;
    if (p->length < 4 || p->address >= 0x200) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    uint32_t v;
    memcpy(&v, p->data, 4);
    uint32_t reg = (uint32_t)p->address / 4;
    if (p->command == TLMC_WRITE && d->ctx->mmio_size == 0x10) { /* tp_exit has a 16-byte window */
        d->ctx->api->request_exit(d->ctx, (int)v);
    } else if (p->command == TLMC_WRITE && reg < 5) {
        tlmc_signal_set(&d->out[reg], v != 0);
    } else if (p->command == TLMC_READ) {
        /* sink: register r reads port r / 64 line r % 64; src: option values */
        if (reg < 128)
            v = d->in[reg / 64][reg % 64];
        if (reg == 0x3f && d->ctx->api->opt_int)
            v = (uint32_t)d->ctx->api->opt_int(d->ctx, "level");
        memcpy(p->data, &v, 4);
    }
}

static const tlmc_target_ops tp_ops = {sizeof(tlmc_target_ops), TLMC_ABI, tp_b_transport, NULL, NULL};

static int tp_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    tp *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    d->ctx = ctx;
    d->width = (uint32_t)ctx->api->opt_uint(ctx, "width");
    if (ctx->api->opt_bool(ctx, "fail")) {
        ctx->api->log(ctx, VP_LOG_PLUGIN, VP_LVL_ERROR, "refusing to start: option 'fail' is set");
        free(d);
        return VP_EINVAL;
    }
    mmio->ops = &tp_ops;
    mmio->opaque = d;
    *opaque = d;
    return 0;
}

static void tp_destroy(void *opaque) { free(opaque); }

static uint32_t tp_lines(void *opaque, uint32_t port)
{
    tp *d = opaque;
    return port == 1 ? d->width : 0;
}

static tlmc_signal *tp_out(void *opaque, uint32_t port, uint32_t index)
{
    tp *d = opaque;
    if (port == 0 && index == 0)
        return &d->out[0];
    if (port == 1 && index < 4)
        return &d->out[1 + index];
    return NULL;
}

static void tp_in(void *opaque, uint32_t port, uint32_t index, bool level)
{
    tp *d = opaque;
    if (port < 2 && index < 64)
        d->in[port][index] = level;
}

#define OPT(n, t, def, c, lo, hi) {sizeof(vp_opt_decl), VP_ABI, (n), (t), (def), "test option", (c), (lo), (hi)}
static const vp_opt_decl src_opts[] = {
    OPT("level", VP_OPT_INT, "1", NULL, 0, 7),
    OPT("mode", VP_OPT_ENUM, "a", "a|b", 0, 0),
    OPT("fail", VP_OPT_BOOL, "false", NULL, 0, 0),
    OPT("fifo", VP_OPT_SIZE, "16", NULL, 0, 0),
};
static const vp_opt_decl sink_opts[] = {
    OPT("width", VP_OPT_UINT, "8", NULL, 1, 64),
};
static const vp_port_decl src_ports[] = {
    {sizeof(vp_port_decl), VP_ABI, "irq", VP_PORT_OUT, 1, "single output", 0},
    {sizeof(vp_port_decl), VP_ABI, "lines", VP_PORT_OUT, 4, "four outputs", 0},
    {sizeof(vp_port_decl), VP_ABI, "ack", VP_PORT_IN, 1, "an input", 0},
};
static const vp_port_decl sink_ports[] = {
    {sizeof(vp_port_decl), VP_ABI, "in", VP_PORT_IN, 8, "eight inputs", 0},
    {sizeof(vp_port_decl), VP_ABI, "wide", VP_PORT_IN, 0, "width inputs", 0},
};

static const vp_device_type types[] = {
    {.size = sizeof(vp_device_type), .abi = VP_ABI, .name = "tp_src", .description = "test source",
     .opts = src_opts, .opt_count = 4, .ports = src_ports, .port_count = 3, .default_mmio_size = 0x100,
     .create = tp_create, .destroy = tp_destroy, .signal_out = tp_out, .signal_in = tp_in},
    {.size = sizeof(vp_device_type), .abi = VP_ABI, .name = "tp_sink", .description = "test sink",
     .opts = sink_opts, .opt_count = 1, .ports = sink_ports, .port_count = 2, .default_mmio_size = 0x200,
     .create = tp_create, .destroy = tp_destroy, .port_lines = tp_lines, .signal_in = tp_in},
    {.size = sizeof(vp_device_type), .abi = VP_ABI, .name = "tp_exit", .description = "test finisher",
     .default_mmio_size = 0x10, .create = tp_create, .destroy = tp_destroy},
};

static int tp_init(const vp_host_api *api, vp_registrar *reg)
{
    (void)api;
    for (int i = 0; i < 3; i++) {
        int rc = reg->register_device(reg, &types[i]);
        if (rc)
            return rc;
    }
    return 0;
}

VP_MODULE_DEFINE("tpdev", "0.1", tp_init);
