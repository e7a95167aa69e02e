/* SPDX-License-Identifier: Apache-2.0 */
/* abi12dev.c - a device module built ONLY against the frozen ABI 1.2
 * headers (tests/abi/v1.2): input lines 1..3 whose port declares the 1.2
 * field `first` = 1 (line 0 does not exist), and an irq register driving
 * an output line.
 *
 *   0x0 LEVELS  ro, bit i = level of in[i] (i = 1..3)
 *   0x4 IRQ     rw, bit 0 drives irq[0]
 *   0x8 ID      ro, 0xab12ab12
 */
#include <stdlib.h>
#include <string.h>
#include <vpbridge/vp_module.h>

#if VP_ABI_MAJOR != 1 || VP_ABI_MINOR != 2
#error "abi12dev must see the frozen ABI 1.2 headers only"
#endif

typedef struct abi12 {
    uint32_t levels, irq;
    tlmc_signal out;
} abi12;

static void abi12_access(void *opaque, tlmc_payload *p, vp_time *delay)
{
    abi12 *d = opaque;
    (void)delay;
    if (p->length != 4 || p->address > 8 || p->address % 4) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    uint32_t v = 0;
    if (p->command == TLMC_WRITE) {
        memcpy(&v, p->data, 4);
        if (p->address == 4) {
            d->irq = v & 1;
            tlmc_signal_set(&d->out, d->irq != 0);
        }
    } else if (p->command == TLMC_READ) {
        v = p->address == 0 ? d->levels : p->address == 4 ? d->irq : 0xab12ab12u;
        memcpy(p->data, &v, 4);
    }
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops abi12_ops = {sizeof(tlmc_target_ops), TLMC_ABI, abi12_access, NULL, NULL};

static int abi12_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    abi12 *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    mmio->ops = &abi12_ops;
    mmio->opaque = d;
    mmio->name = ctx->name;
    *opaque = d;
    return 0;
}

static void abi12_destroy(void *opaque) { free(opaque); }

static tlmc_signal *abi12_signal_out(void *opaque, uint32_t port, uint32_t index)
{
    abi12 *d = opaque;
    return port == 0 && index == 0 ? &d->out : NULL;
}

static void abi12_signal_in(void *opaque, uint32_t port, uint32_t index, bool level)
{
    abi12 *d = opaque;
    if (port != 1 || index < 1 || index > 3)
        return;
    d->levels = level ? d->levels | 1u << index : d->levels & ~(1u << index);
}

static const vp_port_decl abi12_ports[] = {
    {sizeof(vp_port_decl), VP_ABI, "irq", VP_PORT_OUT, 1, "interrupt", 0},
    {sizeof(vp_port_decl), VP_ABI, "in", VP_PORT_IN, 4, "inputs 1..3", 1},
};

static const vp_device_type abi12_type = {
    .size = sizeof(vp_device_type),
    .abi = VP_ABI,
    .name = "abi12dev",
    .description = "device built against ABI 1.2",
    .ports = abi12_ports,
    .port_count = 2,
    .default_mmio_size = 0x10,
    .create = abi12_create,
    .destroy = abi12_destroy,
    .signal_out = abi12_signal_out,
    .signal_in = abi12_signal_in,
};

static int abi12_init(const vp_host_api *api, vp_registrar *reg)
{
    (void)api;
    return reg->register_device(reg, &abi12_type);
}

VP_MODULE_DEFINE("abi12", "1.2.0", abi12_init);
