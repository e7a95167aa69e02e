/* SPDX-License-Identifier: Apache-2.0 */
/* scratch.c - one-file device module compiled by tests/examples/modules with
 * nothing but `pkg-config --cflags vpbridge-module`: a 4-byte scratch
 * register whose reset value is the `value` option. */
#include <stdlib.h>
#include <string.h>

#include <vpbridge/vp_module.h>

typedef struct scratch {
    uint32_t reg, reset_value;
} scratch;

static void scratch_b_transport(void *opaque, tlmc_payload *p, vp_time *delay)
{
    scratch *s = opaque;
    (void)delay;
    if (p->address != 0 || p->length != 4 || (p->command != TLMC_READ && p->command != TLMC_WRITE)) {
        p->response = TLMC_ADDRESS_ERROR_RESPONSE;
        return;
    }
    if (p->command == TLMC_READ)
        memcpy(p->data, &s->reg, 4); /* little-endian host */
    else
        memcpy(&s->reg, p->data, 4);
    p->response = TLMC_OK_RESPONSE;
}

static const tlmc_target_ops scratch_ops = {
    .size = sizeof(tlmc_target_ops), .abi = TLMC_ABI, .b_transport = scratch_b_transport};

static int scratch_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    scratch *s = calloc(1, sizeof(*s));
    if (!s)
        return VP_ENOMEM;
    s->reset_value = s->reg = (uint32_t)ctx->api->opt_uint(ctx, "value");
    mmio->ops = &scratch_ops;
    mmio->opaque = s;
    mmio->name = ctx->name;
    *opaque = s;
    return 0;
}

static void scratch_reset(void *opaque)
{
    scratch *s = opaque;
    s->reg = s->reset_value;
}

static void scratch_destroy(void *opaque) { free(opaque); }

static const vp_opt_decl scratch_opts[] = {
    {.size = sizeof(vp_opt_decl), .abi = VP_ABI, .name = "value", .type = VP_OPT_UINT, .def = "0x5a5a",
     .help = "reset value of the register"},
};

static const vp_device_type scratch_type = {
    .size = sizeof(vp_device_type), .abi = VP_ABI, .name = "scratch",
    .description = "one 32-bit scratch register (pkg-config built test module)",
    .opts = scratch_opts, .opt_count = 1, .default_mmio_size = 4,
    .create = scratch_create, .reset = scratch_reset, .destroy = scratch_destroy};

static int scratch_init(const vp_host_api *api, vp_registrar *reg)
{
    if (!api || (api->abi >> 16) != VP_ABI_MAJOR)
        return VP_EABI;
    return reg->register_device(reg, &scratch_type);
}

VP_MODULE_DEFINE("scratch", "0.1.0", scratch_init);
