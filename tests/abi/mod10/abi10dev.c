/* SPDX-License-Identifier: Apache-2.0 */
/* abi10dev.c - a device module built ONLY against the frozen ABI 1.0
 * headers (tests/abi/v1.0): a scratch register, an irq register driving an
 * output line, and an option read through the 1.0 host API.
 *
 *   0x0 SCRATCH  rw, reset value = option `reset_value`
 *   0x4 IRQ      rw, bit 0 drives irq[0]
 *   0x8 ID       ro, 0xab10ab10
 */
#include <stdlib.h>
#include <string.h>
#include <vpbridge/vp_module.h>

#if VP_ABI_MAJOR != 1 || VP_ABI_MINOR != 0
#error "abi10dev must see the frozen ABI 1.0 headers only"
#endif

typedef struct abi10 {
    const vp_device_ctx *ctx;
    uint32_t scratch, irq;
    tlmc_signal out;
} abi10;

static void abi10_access(void *opaque, tlmc_payload *p, vp_time *delay)
{
    abi10 *d = opaque;
    (void)delay;
    if (p->length != 4 || p->address > 8 || p->address % 4) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    uint32_t v = 0;
    if (p->command == TLMC_WRITE) {
        memcpy(&v, p->data, 4);
        if (p->address == 0)
            d->scratch = v;
        else if (p->address == 4) {
            d->irq = v & 1;
            tlmc_signal_set(&d->out, d->irq != 0);
        }
    } else if (p->command == TLMC_READ) {
        v = p->address == 0 ? d->scratch : p->address == 4 ? d->irq : 0xab10ab10u;
        memcpy(p->data, &v, 4);
    }
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops abi10_ops = {sizeof(tlmc_target_ops), TLMC_ABI, abi10_access, NULL, NULL};

static int abi10_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    abi10 *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    d->ctx = ctx;
    d->scratch = (uint32_t)ctx->api->opt_uint(ctx, "reset_value");
    mmio->ops = &abi10_ops;
    mmio->opaque = d;
    mmio->name = ctx->name;
    *opaque = d;
    return 0;
}

static void abi10_destroy(void *opaque) { free(opaque); }

static tlmc_signal *abi10_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    abi10 *d = opaque;
    return port == 0 && index == 0 ? &d->out : NULL;
}

static const vp_opt_decl abi10_opts[] = {
    {sizeof(vp_opt_decl), VP_ABI, "reset_value", VP_OPT_UINT, "0x1234", "scratch reset value", NULL, 0, 0},
};
static const vp_port_decl abi10_ports[] = {
    {sizeof(vp_port_decl), VP_ABI, "irq", VP_PORT_OUT, 1, "interrupt"},
};

static const vp_device_type abi10_type = {
    .size = sizeof(vp_device_type),
    .abi = VP_ABI,
    .name = "abi10dev",
    .description = "device built against ABI 1.0",
    .opts = abi10_opts,
    .opt_count = 1,
    .ports = abi10_ports,
    .port_count = 1,
    .default_mmio_size = 0x10,
    .create = abi10_create,
    .destroy = abi10_destroy,
    .signal_out = abi10_signal_out,
};

static int abi10_init(const vp_host_api *api, vp_registrar *reg)
{
    (void)api;
    return reg->register_device(reg, &abi10_type);
}

VP_MODULE_DEFINE("abi10", "1.0.0", abi10_init);
