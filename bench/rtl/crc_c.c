/* SPDX-License-Identifier: Apache-2.0 */
/* crc_c.c - bench/rtl: examples/rtl's CRC-32 block as a C device (type
 * bench_crc_c): crc_model.h behind b_transport, 32-bit accesses, no delay. */
#include <stdlib.h>

#include <vpbridge/vp_device.h>

#include "crc_model.h"

typedef struct bench_crc {
    crc_model m;
    tlmc_signal irq;
} bench_crc;

static void update_irq(bench_crc *d)
{
    if (crcm_irq(&d->m) != d->irq.level)
        tlmc_signal_set(&d->irq, crcm_irq(&d->m));
}

static void b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    bench_crc *d = opaque;
    uint32_t v = 0;
    bool ok = p->length == 4 && !(p->address & 3) && p->address < 0x100 && !p->byte_enable;
    (void)delay;
    if (ok && p->command == TLMC_WRITE)
        ok = crcm_write(&d->m, (uint32_t)p->address, (uint32_t)vp_dev_get_le(p->data, 4));
    else if (ok && p->command == TLMC_READ && (ok = crcm_read(&d->m, (uint32_t)p->address, &v)))
        vp_dev_put_le(p->data, 4, v);
    p->response = ok ? TLMC_OK_RESPONSE : TLMC_GENERIC_ERROR_RESPONSE;
    update_irq(d);
}

static const tlmc_target_ops ops = {.size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = b_transport};

static int create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    bench_crc *d = calloc(1, sizeof(*d));
    if (!d)
        return VP_ENOMEM;
    crcm_reset(&d->m);
    return vp_dev_publish(ctx, mmio, &ops, d, opaque);
}

static void destroy(void *opaque) { free(opaque); }

static tlmc_signal *signal_out(void *opaque, uint32_t port, uint32_t index)
{
    return port == 0 && index == 0 ? &((bench_crc *)opaque)->irq : NULL;
}

static const vp_port_decl ports[] = {
    VP_DEV_PORT_OUT("irq", 1, "done and CTRL.0"),
};

VP_DEV_TYPE(bench_crc_type, "bench_crc_c", "examples/rtl's CRC-32 block as a C model (bench/rtl)",
            VP_DEV_PORTS(ports), .default_mmio_size = 0x1000, .create = create, .destroy = destroy,
            .signal_out = signal_out);
VP_DEV_MODULE("bench_crc_c", "1.0.0", &bench_crc_type);
