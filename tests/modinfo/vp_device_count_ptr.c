/* SPDX-License-Identifier: Apache-2.0 */
/* vp_device_count_ptr.c - must NOT compile: VP_DEV_OPTS given a pointer
 * instead of an array (the count would silently be 0). tests/modinfo runs
 * the compiler on it and expects VP_DEV_COUNT's message. */
#include <vpbridge/vp_device.h>

static const vp_opt_decl opts[] = {VP_DEV_OPT("a", VP_OPT_UINT, "0", "an option")};
static const vp_opt_decl *const opts_ptr = opts;

static int create(const vp_device_ctx *ctx, void **opaque, tlmc_target *mmio)
{
    (void)ctx, (void)opaque, (void)mmio;
    return 0;
}

static void destroy(void *opaque) { (void)opaque; }

VP_DEV_TYPE(ptr_type, "ptr", "options through a pointer", VP_DEV_OPTS(opts_ptr), .create = create,
            .destroy = destroy);
VP_DEV_MODULE("ptr", "0.0.0", &ptr_type);
