/* SPDX-License-Identifier: Apache-2.0 */
/* halfmod.c - a module whose init fails half-way, for test_platform_badmod:
 * it registers type half_dev (its manifest lists half_dev and half_dev2),
 * then returns $HALFMOD_RC (a number; default -4, VP_EIO) instead of
 * registering the second type. The host must roll the registration back.
 */
#include <stdlib.h>
#include <vpbridge/vp_device.h>

static int half_create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    (void)mmio;
    *opaque = (void *)ctx;
    return 0;
}

static void half_destroy(void *opaque) { (void)opaque; }

VP_DEV_TYPE(half_type, "half_dev", "registered by an init that then fails", .create = half_create,
            .destroy = half_destroy);

static int half_init(const vp_host_api *api, vp_registrar *reg)
{
    (void)api;
    int rc = reg->register_device(reg, &half_type);
    if (rc)
        return rc;
    const char *env = getenv("HALFMOD_RC");
    return env ? atoi(env) : VP_EIO;
}

VP_MODULE_DEFINE("halfmod", "0.1", half_init);
