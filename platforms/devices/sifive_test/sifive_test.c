/* SPDX-License-Identifier: Apache-2.0 */
/* sifive_test.c - SiFive test finisher device module: a 32-bit write of
 * 0x5555 ends the run with status 0, 0x3333 | code << 16 with `code`,
 * 0x7777 (reset) with status 0 and a log message. */
#include <stdlib.h>

#include <vpbridge/vp_device.h>

#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555
#define FINISHER_RESET 0x7777

typedef struct finisher {
    const vp_device_ctx *ctx;
    const vp_host_api *api;
} finisher;

static void fin_write(finisher *f, uint32_t v)
{
    switch (v & 0xffff) {
    case FINISHER_PASS:
        f->api->log(f->ctx, VP_LOG_INT, VP_LVL_INFO, "pass, exit status 0");
        f->api->request_exit(f->ctx, 0);
        break;
    case FINISHER_FAIL:
        f->api->log(f->ctx, VP_LOG_INT, VP_LVL_INFO, "fail, exit status %u", v >> 16);
        f->api->request_exit(f->ctx, (int)(v >> 16));
        break;
    case FINISHER_RESET:
        /* No system reset support: end the run cleanly and say so. */
        f->api->log(f->ctx, VP_LOG_UNIMP, VP_LVL_WARN,
                    "guest requested a system reset; ending the run with status 0");
        f->api->request_exit(f->ctx, 0);
        break;
    default:
        f->api->log(f->ctx, VP_LOG_GUEST_ERROR, VP_LVL_WARN, "unknown finisher command 0x%08x ignored", v);
        break;
    }
}

static void fin_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    finisher *f = opaque;
    (void)delay;
    tlmc_response r = vp_dev_check(p, 2, 4);
    if (r == TLMC_OK_RESPONSE && p->address != 0)
        r = TLMC_ADDRESS_ERROR_RESPONSE;
    if (r != TLMC_OK_RESPONSE) {
        f->api->log(f->ctx, VP_LOG_GUEST_ERROR, VP_LVL_WARN, "invalid %u-byte %s at offset 0x%llx",
                    p->length, vp_dev_cmd_str(p), (unsigned long long)p->address);
        p->response = r;
        return;
    }
    if (p->command == TLMC_READ)
        vp_dev_put_le(p->data, p->length, 0);
    else
        fin_write(f, (uint32_t)vp_dev_get_le(p->data, p->length));
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops fin_ops = {
    .size = sizeof(tlmc_target_ops),
    .abi = TLMC_ABI,
    .b_transport = fin_b_transport,
};

static int fin_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    finisher *f = calloc(1, sizeof(*f));
    if (!f)
        return VP_ENOMEM;
    f->ctx = ctx;
    f->api = ctx->api;
    return vp_dev_publish(ctx, mmio, &fin_ops, f, opaque);
}

static void fin_destroy(void *opaque) { free(opaque); }

/* State: none (the finisher has no registers); the record is empty but
 * save/restore still need a 1.1 host. */
static int fin_save(void *opaque, vp_state_stream *s)
{
    finisher *f = opaque;
    vp_dev_state st;
    return vp_dev_state_init(&st, f->api, s);
}

static int fin_restore(void *opaque, vp_state_stream *s)
{
    finisher *f = opaque;
    vp_dev_state st;
    return vp_dev_state_init(&st, f->api, s);
}

VP_DEV_TYPE(fin_type, "sifive_test", "SiFive test finisher: pass/fail/reset end the run with an exit status",
            .default_mmio_size = 0x1000, .create = fin_create, .destroy = fin_destroy,
            .state_version = 1, .save = fin_save, .restore = fin_restore);

VP_DEV_MODULE("sifive_test", "0.1.0", &fin_type);
