/* SPDX-License-Identifier: Apache-2.0 */
/* abi11dev.c - a device module built ONLY against the frozen ABI 1.1
 * headers (tests/abi/v1.1): a scratch register, an irq register driving an
 * output line, and the 1.1 state save/restore through the host's streams.
 *
 *   0x0 SCRATCH  rw, reset value = option `reset_value`
 *   0x4 IRQ      rw, bit 0 drives irq[0]
 *   0x8 ID       ro, 0xab11ab11
 */
#include <stdlib.h>
#include <string.h>
#include <vpbridge/vp_module.h>

#if VP_ABI_MAJOR != 1 || VP_ABI_MINOR != 1
#error "abi11dev must see the frozen ABI 1.1 headers only"
#endif

typedef struct abi11 {
    const vp_device_ctx *ctx;
    uint32_t scratch, irq;
    tlmc_signal out;
} abi11;

static void abi11_access(void *opaque, tlmc_payload *p, vp_time *delay)
{
    abi11 *d = opaque;
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
        v = p->address == 0 ? d->scratch : p->address == 4 ? d->irq : 0xab11ab11u;
        memcpy(p->data, &v, 4);
    }
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops abi11_ops = {sizeof(tlmc_target_ops), TLMC_ABI, abi11_access, NULL, NULL};

static int abi11_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    abi11 *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    d->ctx = ctx;
    d->scratch = (uint32_t)ctx->api->opt_uint(ctx, "reset_value");
    mmio->ops = &abi11_ops;
    mmio->opaque = d;
    mmio->name = ctx->name;
    *opaque = d;
    return 0;
}

static void abi11_destroy(void *opaque) { free(opaque); }

static tlmc_signal *abi11_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    abi11 *d = opaque;
    return port == 0 && index == 0 ? &d->out : NULL;
}

/* State (state_version 1): scratch, irq as host-order u32s. */
static int abi11_save(void *opaque, vp_state_stream *s)
{
    abi11 *d = opaque;
    const vp_host_api *api = d->ctx->api;
    int rc = api->state_write(s, &d->scratch, 4);
    return rc ? rc : api->state_write(s, &d->irq, 4);
}

static int abi11_restore(void *opaque, vp_state_stream *s)
{
    abi11 *d = opaque;
    const vp_host_api *api = d->ctx->api;
    uint32_t scratch, irq;
    int rc = api->state_read(s, &scratch, 4);
    if (!rc)
        rc = api->state_read(s, &irq, 4);
    if (rc)
        return rc;
    d->scratch = scratch;
    d->irq = irq & 1;
    tlmc_signal_set(&d->out, d->irq != 0); /* re-derive the output */
    return 0;
}

static const vp_opt_decl abi11_opts[] = {
    {sizeof(vp_opt_decl), VP_ABI, "reset_value", VP_OPT_UINT, "0x1111", "scratch reset value", NULL, 0, 0},
};
static const vp_port_decl abi11_ports[] = {
    {sizeof(vp_port_decl), VP_ABI, "irq", VP_PORT_OUT, 1, "interrupt"},
};

static const vp_device_type abi11_type = {
    .size = sizeof(vp_device_type),
    .abi = VP_ABI,
    .name = "abi11dev",
    .description = "device built against ABI 1.1",
    .opts = abi11_opts,
    .opt_count = 1,
    .ports = abi11_ports,
    .port_count = 1,
    .default_mmio_size = 0x10,
    .create = abi11_create,
    .destroy = abi11_destroy,
    .signal_out = abi11_signal_out,
    .state_version = 1,
    .save = abi11_save,
    .restore = abi11_restore,
};

static int abi11_init(const vp_host_api *api, vp_registrar *reg)
{
    /* state_write/state_read are 1.1 host ops: refuse an older host. */
    if (api->size < offsetof(vp_host_api, state_read) + sizeof(api->state_read))
        return VP_EABI;
    return reg->register_device(reg, &abi11_type);
}

VP_MODULE_DEFINE("abi11", "1.1.0", abi11_init);
